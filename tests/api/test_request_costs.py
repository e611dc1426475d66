"""What the request-cost cuts (issue 9) must keep: mentions still found, callers still checked.

Search reads a record's own names first and the names it only mentions (``namesMentioned``)
when those leave the page short; callers are remembered a few seconds, but a revocation
through the API ends a token at once; ``corridor serve --workers 2`` answers from two
processes over one store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import psutil
import pytest

from _serve import free_port, wait_healthy
from corridor.access import Node
from corridor.api import create_token
from corridor.api._principals import ShortCache

from ._helpers import TestClient, _entity, bearer, login


def _add_report(node: Node) -> None:
    """A report that mentions Marko Petrovic by name (and names no one itself by that name)."""
    stmts = _entity("gb-nca.N1", "Note", "GB-NCA", "B2 P", namesMentioned=["Marko Petrovic", "Ivan Horvat"])
    stmts += _entity("gb-nca.N1", "Note", "GB-NCA", "B2 P", description="debrief of a driver")
    with node.store.transaction() as conn:
        node.store.write_statements(conn, stmts)


def test_search_reads_mentions_only_when_own_names_leave_the_page_short(app_node: Node, client: TestClient) -> None:
    _add_report(app_node)
    login(client, "GB-NCA/analyst")
    wide = client.get("/api/search", params={"q": "petrovic", "limit": 20}).json()
    records = [r for hit in wide["results"] for r in hit["records"]]
    assert "gb-nca.N1" in records  # only mentioned: found, as before
    assert wide["results"][0]["schema"] == "Person"  # the man himself ranks first
    narrow = client.get("/api/search", params={"q": "petrovic", "limit": 1}).json()
    assert [h["schema"] for h in narrow["results"]] == ["Person"]
    assert narrow["more"] is True
    # A name that only a report holds is still found.
    horvat = client.get("/api/search", params={"q": "horvat"}).json()["results"]
    assert [r for hit in horvat for r in hit["records"]] == ["gb-nca.N1"]


def test_a_token_revoked_through_the_api_fails_at_once_though_callers_are_remembered(client: TestClient) -> None:
    headers = bearer(client, "GB-NCA/analyst")
    for _ in range(3):  # remembered after the first
        assert client.get("/api/session", headers=headers).status_code == 200
    token_id = client.get("/api/tokens", headers=headers).json()[0]["id"]
    assert client.delete(f"/api/tokens/{token_id}", headers=headers).status_code == 204
    assert client.get("/api/session", headers=headers).status_code == 401


def test_short_cache_keeps_successes_only_and_expires() -> None:
    cache: ShortCache[str] = ShortCache(ttl=0.0)
    calls: list[str] = []
    assert cache.get("k", lambda: calls.append("a") or "a") == "a"
    assert cache.get("k", lambda: calls.append("b") or "b") == "b"  # ttl 0: made again
    kept: ShortCache[str] = ShortCache(ttl=3600)
    assert kept.get("k", lambda: None) is None
    assert kept.get("k", lambda: "x") == "x"  # a miss is not remembered
    assert kept.get("k", lambda: "y") == "x"
    kept.clear()
    assert kept.get("k", lambda: "z") == "z"
    small: ShortCache[int] = ShortCache(ttl=3600, max_entries=2)
    for i in range(5):
        small.get(str(i), lambda i=i: i)
    assert len(small._entries) <= 2


def test_serve_with_two_workers_keeps_one_audit_chain(app_node: Node, store_url: str, tmp_path: Path) -> None:
    token, _ = create_token(app_node.store, "GB-NCA/analyst", label="workers")
    before = sum(1 for e in app_node.audit.events() if e.action == "consultation")
    port = free_port()
    corridor = str(Path(sys.executable).with_name("corridor"))
    env = {**os.environ, "CORRIDOR_KEY_DIR": str(app_node.settings.keys_path)}
    command = [corridor, "--db", store_url, "serve", "--port", str(port), "--workers", "2"]
    with (tmp_path / "serve.log").open("wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, timeout=600)
        workers = [c for c in psutil.Process(proc.pid).children() if "resource_tracker" not in " ".join(c.cmdline())]
        assert len(workers) >= 2, [c.cmdline() for c in workers]
        statuses: list[int] = []

        def client() -> None:
            # A new connection per request, so the kernel spreads them over both workers.
            for _ in range(10):
                response = httpx.get(base + "/api/search", params={"q": "petrovic"}, headers=headers, timeout=300)
                statuses.append(response.status_code)

        headers = {"Authorization": f"Bearer {token}"}
        threads = [threading.Thread(target=client) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200] * 60
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    after = sum(1 for e in app_node.audit.events() if e.action == "consultation")
    assert after - before == 60  # every read audited once, by whichever process answered
    assert app_node.audit.verify().intact  # two processes appended to one chain without a break


def test_audit_appends_without_reading_the_tail_stay_one_chain(node: Node) -> None:
    from corridor.audit import AuditLog

    other = AuditLog(node.store, node.audit._key)  # another process's log over the same store
    for i in range(3):
        node.audit.append("GB-NCA/analyst", "consultation", {"i": i})
        other.append("RS-MUP/analyst", "consultation", {"i": i})

    def failed_work() -> None:
        with node.store.transaction() as conn:
            node.audit.record(conn, "GB-NCA/analyst", "consultation", {"rolled": "back"})
            raise RuntimeError("the work the entry logged failed")

    with pytest.raises(RuntimeError):
        failed_work()
    node.audit.append("GB-NCA/analyst", "consultation", {"after": "rollback"})
    events = list(node.audit.events())
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert {"rolled": "back"} not in [e.objects for e in events]
    assert events[-1].objects == {"after": "rollback"}
    assert node.audit.verify().intact


def test_a_login_keeps_the_cached_chart_and_a_load_does_not(client: TestClient, app_node: Node) -> None:
    indexes = client.app.state.indexes  # type: ignore[attr-defined]
    login(client, "GB-NCA/analyst")
    client.get("/api/graph", params={"limit": 100})
    head = indexes.data_head()
    client.cookies.clear()
    login(client, "GB-NCA/analyst")  # an "administration" entry: no data changed
    assert indexes.data_head() == head
    with app_node.store.transaction() as conn:
        app_node.audit.record(conn, "GB-NCA", "collection", {"source": "x", "statements": 0})
    assert indexes.data_head() > head
