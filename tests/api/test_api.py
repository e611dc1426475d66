"""The HTTP API: authentication, CSRF, lockout, the error shape, and the door on every endpoint."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from corridor.access import Node
from corridor.api._security import CONTENT_SECURITY_POLICY, SESSION_COOKIE

from ._helpers import SECRET_ID, SECRET_NAME, bearer, login

OPEN_PATHS = {"/api/health", "/api/login"}
PARTNER_PREFIX = "/api/share/"
"""Node-to-node endpoints (``_routes_share``) authenticate partners by signed requests."""


def _example_path(path: str) -> str:
    return path.replace("{entity_id}", "gb-nca.P1").replace("{token_id}", "x")


def test_every_endpoint_but_health_and_login_needs_authentication(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    checked = 0
    for path, methods in spec["paths"].items():
        for method in methods:
            if path in OPEN_PATHS or path.startswith(PARTNER_PREFIX):
                continue
            response = client.request(method.upper(), _example_path(path), json={})
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"] == "unauthenticated"
            checked += 1
    assert checked >= 12
    assert client.get("/api/health").status_code == 200


def test_error_shape(client: TestClient) -> None:
    login(client, "GB-NCA/analyst")
    for response, status, code in [
        (client.get("/api/entities/nobody"), 404, "not_found"),
        (client.get("/api/search", params={"q": "  "}), 400, "invalid_input"),
        (client.get("/api/search", params={"limit": 0, "q": "x"}), 400, "invalid_input"),
        (client.get("/api/nowhere"), 404, "not_found"),
        (client.get("/api/audit"), 403, "access_denied"),
    ]:
        assert response.status_code == status, response.text
        body = response.json()
        assert body["error"] == code
        assert isinstance(body["message"], str)
        assert set(body) <= {"error", "message", "errors"}


def test_login_sets_a_strict_cookie_and_security_headers(client: TestClient) -> None:
    response = client.post("/api/login", json={"user": "GB-NCA/analyst", "password": "correct horse battery"})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert SESSION_COOKIE in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    me = client.get("/api/session").json()
    assert me["user"] == "GB-NCA/analyst"
    assert me["roles"] == ["analyst"]


def test_wrong_password_and_unknown_user(client: TestClient) -> None:
    for user in ("GB-NCA/analyst", "GB-NCA/nobody"):
        response = client.post("/api/login", json={"user": user, "password": "wrong password!"})
        assert response.status_code == 401
        assert response.json()["error"] == "unauthenticated"


def test_login_lockout(client: TestClient) -> None:
    for _ in range(5):
        assert (
            client.post("/api/login", json={"user": "GB-NCA/analyst", "password": "nope nope nope"}).status_code == 401
        )
    response = client.post("/api/login", json={"user": "GB-NCA/analyst", "password": "correct horse battery"})
    assert response.status_code == 429
    assert response.json()["error"] == "rate_limited"
    assert int(response.headers["retry-after"]) > 0
    # Another user from the same address is not locked out by someone else's failures.
    login(client, "GB-NCA/auditor")


def test_csrf_token_required_for_state_changes(client: TestClient) -> None:
    csrf = login(client, "GB-NCA/analyst")
    decision = {"left": "gb-nca.P1", "right": "rs-mup.P1", "verdict": "different", "reason": "dob differs"}
    refused = client.post("/api/review", json=decision)
    assert refused.status_code == 403
    assert refused.json()["error"] == "access_denied"
    wrong = client.post("/api/review", json=decision, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    accepted = client.post("/api/review", json=decision, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 201, accepted.text


def test_logout_ends_the_session(client: TestClient) -> None:
    csrf = login(client, "GB-NCA/analyst")
    cookie = client.cookies.get(SESSION_COOKIE)
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    client.cookies.set(SESSION_COOKIE, cookie or "")
    assert client.get("/api/session").status_code == 401


def test_bearer_tokens(client: TestClient) -> None:
    headers = bearer(client, "GB-NCA/analyst")
    assert client.get("/api/session", headers=headers).json()["user"] == "GB-NCA/analyst"
    # Bearer requests need no CSRF token: a browser never sends the header on its own.
    decision = {"left": "gb-nca.P1", "right": "rs-mup.P1", "verdict": "unsure", "reason": "maybe"}
    assert client.post("/api/review", json=decision, headers=headers).status_code == 201
    tokens = client.get("/api/tokens", headers=headers).json()
    assert len(tokens) == 1
    assert "token" not in tokens[0]
    assert client.delete(f"/api/tokens/{tokens[0]['id']}", headers=headers).status_code == 204
    assert client.get("/api/session", headers=headers).status_code == 401
    assert client.get("/api/session", headers={"Authorization": "Bearer cor_made_up"}).status_code == 401


def test_search_finds_latin_record_from_cyrillic_and_back(client: TestClient) -> None:
    login(client, "GB-NCA/analyst")
    hits = client.get("/api/search", params={"q": "Петровић"}).json()["results"]
    ids = {r for hit in hits for r in hit["records"]}
    assert {"gb-nca.P1", "rs-mup.P1"} <= ids
    hits = client.get("/api/search", params={"q": "marko petro"}).json()["results"]
    assert {"gb-nca.P1", "rs-mup.P1"} <= {r for hit in hits for r in hit["records"]}
    assert hits[0]["schema"] == "Person"
    # Several whole words: records holding every one of them (one index range per word, intersected).
    hits = client.get("/api/search", params={"q": "Марко Петровић"}).json()["results"]
    assert {"gb-nca.P1", "rs-mup.P1"} <= {r for hit in hits for r in hit["records"]}
    assert client.get("/api/search", params={"q": "Марко Krasniqi"}).json()["results"] == []


def test_profile_has_markings_links_and_timeline(client: TestClient) -> None:
    login(client, "GB-NCA/analyst")
    profile = client.get("/api/entities/gb-nca.P1").json()
    assert profile["caption"] == "Marko Petrovic"
    names = next(p for p in profile["properties"] if p["prop"] == "name")
    said = names["values"][0]["statements"][0]
    assert (said["agency"], said["grade"], said["handling"]) == ("GB-NCA", "B2", "P")
    assert {s["kind"] for s in profile["selectors"]} == {"phone"}
    linked = {item["id"] for item in profile["linked"]}
    assert {"gb-nca.A1", "gb-nca.E1"} <= linked
    associate = next(item for item in profile["linked"] if item["id"] == "gb-nca.A1")
    assert [v["id"] for v in associate["via"]] == ["gb-nca.P2"]
    assert any(item["date"] == "2025-03-14" for item in profile["timeline"])
    page = client.get("/api/entities/gb-nca.P1/statements", params={"limit": 2}).json()
    assert page["total"] > 2
    assert len(page["statements"]) == 2


def test_neighbours_graph(client: TestClient) -> None:
    login(client, "GB-NCA/analyst")
    graph = client.get("/api/entities/gb-nca.P1/neighbours").json()
    ids = {n["id"] for n in graph["nodes"]}
    assert {"gb-nca.P1", "gb-nca.P2", "gb-nca.E1"} <= ids
    assert any(e["type"] == "Associate" for e in graph["edges"])
    whole = client.get("/api/graph", params={"limit": 100}).json()
    assert {"gb-nca.P1", "gb-nca.P2"} <= {n["id"] for n in whole["nodes"]}


def test_map_stats_partners(client: TestClient) -> None:
    login(client, "GB-NCA/analyst")
    points = client.get("/api/map").json()["points"]
    subotica = next(p for p in points if p["id"] == "gb-nca.E1")
    assert 45 < subotica["lat"] < 47
    assert 19 < subotica["lon"] < 20.5
    assert subotica["kind"] == "interception"
    stats = client.get("/api/stats").json()
    assert stats["records_by_schema"]["Person"] >= 3
    assert [m["month"] for m in stats["events_by_month"]] == ["2025-03", "2025-09"]
    partners = client.get("/api/partners").json()
    assert all("GB-NCA" in (a["provider"], a["recipient"]) for a in partners["agreements"])


def test_review_decision_persists_and_merges(client: TestClient, app_node: Node) -> None:
    csrf = login(client, "GB-NCA/analyst")
    queue = client.get("/api/review").json()
    pairs = [(c["left"]["id"], c["right"]["id"]) for c in queue["pending"]]
    assert pairs == [("gb-nca.P1", "rs-mup.P1")]  # the pair with the invisible record is not shown
    decision = {"left": "gb-nca.P1", "right": "rs-mup.P1", "verdict": "same", "reason": "same phone and name"}
    made = client.post("/api/review", json=decision, headers={"X-CSRF-Token": csrf}).json()
    assert made["actor"] == "GB-NCA/analyst"
    assert made["kind"] == "analyst"
    queue = client.get("/api/review").json()
    assert queue["pending"] == []
    assert queue["decided"][0]["reason"] == "same phone and name"
    profile = client.get("/api/entities/rs-mup.P1").json()
    assert profile["records"] == ["gb-nca.P1", "rs-mup.P1"]
    assert profile["why_linked"][-1]["verdict"] == "same"
    actions = [e.action for e in app_node.audit.events()]
    assert "alteration" in actions


def test_auditor_reads_the_log_and_analyst_cannot(client: TestClient) -> None:
    login(client, "GB-NCA/analyst")
    client.get("/api/search", params={"q": "kaya"})
    assert client.get("/api/audit").status_code == 403
    client.cookies.clear()
    login(client, "GB-NCA/auditor")
    events = client.get("/api/audit", params={"action": "consultation", "limit": 1000}).json()["events"]
    purposes = {(e["principal"], e["objects"].get("purpose")) for e in events}
    assert ("GB-NCA/analyst", "search") in purposes


def test_every_read_is_an_audited_consultation(client: TestClient, app_node: Node) -> None:
    login(client, "GB-NCA/analyst")
    before = len(list(app_node.audit.events()))
    for path in ["/api/entities/gb-nca.P1", "/api/search?q=kaya", "/api/graph", "/api/map", "/api/stats"]:
        assert client.get(path).status_code == 200
    events = list(app_node.audit.events())[before:]
    assert [e.action for e in events] == ["consultation"] * 5
    assert {e.principal for e in events} == {"GB-NCA/analyst"}


GET_PATHS = [
    "/api/search?q=dragan",
    "/api/search?q=secretovic",
    "/api/search?q=petrovic",
    "/api/search?q=uk",
    "/api/entities/gb-nca.P1",
    "/api/entities/gb-nca.P1/statements",
    "/api/entities/gb-nca.P1/neighbours?depth=3",
    "/api/entities/rs-mup.P1/neighbours?depth=3",
    "/api/graph?limit=1000",
    "/api/map",
    "/api/stats",
    "/api/review",
    "/api/statements",
    "/api/analyse/key-players",
    "/api/analyse/communities",
    "/api/analyse/brokers",
    "/api/analyse/routes",
    "/api/analyse/money",
]


@pytest.mark.parametrize("user", ["GB-NCA/analyst", "XK-KP/analyst"])
def test_unreleased_data_never_appears(client: TestClient, user: str) -> None:
    """RS-MUP's SECRET went to MK-MVR only; GB-NCA's P3 went to RS-MUP only."""
    headers = bearer(client, user)
    hidden = [SECRET_NAME, SECRET_ID, "rs-mup.L1", "+381600000001"]
    if user.startswith("XK"):
        hidden += ["Onlyperson", "gb-nca.P3"]
    for path in GET_PATHS:
        response = client.get(path, headers=headers)
        assert response.status_code in (200, 404), (path, response.text)
        for text in hidden:
            assert text not in response.text, (user, path, text)
    for entity_id in (SECRET_ID, "rs-mup.L1") + (("gb-nca.P3",) if user.startswith("XK") else ()):
        for suffix in ("", "/statements", "/neighbours"):
            response = client.get(f"/api/entities/{entity_id}{suffix}", headers=headers)
            assert response.status_code == 404
            assert response.json()["message"] == f"no entity {entity_id!r}"


def test_the_recipient_does_see_it(client: TestClient) -> None:
    headers = bearer(client, "MK-MVR/analyst")
    hits = client.get("/api/search", params={"q": "secretovic"}, headers=headers).json()["results"]
    assert [h["id"] for h in hits] == [SECRET_ID]
    assert client.get(f"/api/entities/{SECRET_ID}", headers=headers).status_code == 200


def test_judging_an_invisible_record_is_not_found(client: TestClient) -> None:
    headers = bearer(client, "GB-NCA/analyst")
    decision = {"left": "gb-nca.P1", "right": SECRET_ID, "verdict": "same", "reason": "x"}
    response = client.post("/api/review", json=decision, headers=headers)
    assert response.status_code == 404


def test_streamed_export(client: TestClient) -> None:
    headers = bearer(client, "GB-NCA/analyst")
    response = client.get("/api/statements", params={"schema": "Person"}, headers=headers)
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = response.text.strip().splitlines()
    assert lines
    assert all('"schema": "Person"' in line for line in lines)


def test_web_root_and_static_are_served_with_csp(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code in (200, 503)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_analysis_endpoints(client: TestClient) -> None:
    headers = bearer(client, "GB-NCA/analyst")
    players = client.get("/api/analyse/key-players", params={"top": 5}, headers=headers)
    assert players.status_code == 200, players.text
    assert isinstance(players.json(), list)
    path = client.get("/api/analyse/path", params={"from": "gb-nca.P1", "to": "gb-nca.P2"}, headers=headers)
    assert path.status_code in (200, 404), path.text
    hidden = client.get("/api/analyse/path", params={"from": "gb-nca.P1", "to": SECRET_ID}, headers=headers)
    assert hidden.status_code == 404
    assert SECRET_NAME not in hidden.text
    refused = client.post("/api/analyse/disrupt", json={}, headers=headers)
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_input"
