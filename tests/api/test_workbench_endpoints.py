"""The workbench's analysis endpoints: routes, money, published statistics, sharing, alerts.

Each is checked for what it shows and for what it must not: a record released to MK-MVR
only never reaches GB-NCA's totals, and sharing metadata is for those who may share.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.access import Node
from corridor.model import entity_statements, parse_marking
from corridor.share import build_bundle, receive_consent_request
from corridor.share._watch import raise_alert

from ._helpers import SECRET_NAME, login

MK_ONLY = "A1 C conditions='MK only' to=MK-MVR"


def _write(node: Node, schema: str, entity_id: str, agency: str, marking: str, **props: str) -> list[str]:
    from followthemoney import model

    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, value in props.items():
        proxy.add(prop, value)
    statements = entity_statements(proxy, source="t", origin=agency, marking=parse_marking(marking))
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)
    return [s.id for s in statements]


@pytest.fixture
def money_node(app_node: Node) -> Node:
    """Two payments between the test people: one GB may see (1,000 EUR), one for MK only (5,000 EUR)."""
    _write(app_node, "Payment", "gb-nca.PAY1", "GB-NCA", "B2 P", payer="gb-nca.P2", beneficiary="gb-nca.P1",
           amount="1000", currency="EUR", date="2025-03-10", purpose="crossing fee")  # fmt: skip
    _write(app_node, "Payment", "rs-mup.PAY2", "RS-MUP", MK_ONLY, payer="gb-nca.P2", beneficiary="gb-nca.P1",
           amount="5000", currency="EUR", date="2025-03-11", purpose="crossing fee")  # fmt: skip
    _write(app_node, "Event", "rs-mup.E9", "RS-MUP", MK_ONLY, name="Interception at Gevgelija",
           summary="interception of a group", date="2025-04-01", location="Gevgelija", country="mk")  # fmt: skip
    return app_node


def test_money_counts_only_visible_payments(client: TestClient, money_node: Node) -> None:
    login(client, "GB-NCA/analyst")
    gb = client.get("/api/analyse/money").json()
    assert gb["payments"] == 1
    assert gb["amount_eur"] == 1000.0
    client.cookies.clear()
    login(client, "MK-MVR/analyst")
    mk = client.get("/api/analyse/money").json()
    assert mk["amount_eur"] == 6000.0


def test_routes_and_shift_show_only_visible_events(client: TestClient, money_node: Node) -> None:
    login(client, "GB-NCA/analyst")
    response = client.get("/api/analyse/routes", params={"shift": "2025-06-01", "shift_days": 180})
    assert response.status_code == 200, response.text
    data = response.json()
    assert "Gevgelija" not in response.text
    assert data["observations"] == 2
    assert {r["country"] for r in data["by_country_month"]} == {"rs", "mk"}
    assert data["shift"]["date"] == "2025-06-01"
    assert client.get("/api/analyse/routes", params={"shift": "June"}).status_code == 400


def test_published_statistics_with_provenance(client: TestClient, money_node: Node) -> None:
    login(client, "GB-NCA/analyst")
    response = client.get("/api/statistics/published", params={"since": "2025-01"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert "Western Balkan Route" in data["frontex"]
    assert all(month >= "2025-01" for month in data["uk_small_boats"])
    assert "Frontex" in data["attribution"]["frontex"]
    assert "Home Office" in data["attribution"]["uk_small_boats"]
    own = {(r["series"], r["month"]): r["own_persons"] for r in data["own_vs_published"]}
    # GB sees its Subotica and Skopje interceptions, never RS's MK-only one in April.
    assert ("western_balkans", "2025-04") not in own
    assert client.get("/api/statistics/published", params={"since": "2025-13"}).status_code == 400


def test_sharing_overview_for_those_who_may_share(client: TestClient, money_node: Node, tmp_path: Path) -> None:
    node = money_node
    boss = node.principal("GB-NCA/boss")
    build_bundle(node, boss, "RS-MUP", tmp_path / "b.jsonl", keep_content=True)
    stmt_ids = _write(node, "Person", "gb-nca.P7", "GB-NCA", "B2 P", name="Consent Person")
    request = receive_consent_request(node, "RS-MUP", {"id": "req1", "recipient": "XK-KP", "statement_ids": stmt_ids})
    with node.store.transaction() as conn:
        raise_alert(
            conn, agency="GB-NCA", kind="hit", ref="phone:+381641234567", partner="RS-MUP", detail="asked by RS-MUP"
        )
        raise_alert(
            conn, agency="XK-KP", kind="hit", ref="phone:+38349000000", partner="RS-MUP", detail="asked by RS-MUP"
        )

    login(client, "GB-NCA/analyst")
    denied = client.get("/api/sharing")
    assert denied.status_code == 403
    assert denied.json()["error"] == "access_denied"
    client.cookies.clear()

    csrf = login(client, "GB-NCA/boss")
    data = client.get("/api/sharing").json()
    assert [(b["partner"], b["sequence"]) for b in data["sent"]] == [("RS-MUP", 1)]
    assert data["sent"][0]["statements"] > 0
    assert [r["id"] for r in data["consent_in"]] == [request.id]
    assert [a["ref"] for a in data["hits"]] == ["phone:+381641234567"]  # not Kosovo's alert

    answered = client.post("/api/sharing/consent/req1", json={"grant": False, "answer": "not yet"},
                           headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "refused"
    again = client.post("/api/sharing/consent/req1", json={"grant": True}, headers={"X-CSRF-Token": csrf})
    assert again.status_code == 409
    assert client.get("/api/sharing").json()["consent_in"][0]["status"] == "refused"
    audit = [e for e in node.audit.events() if e.principal == "GB-NCA/boss"]
    assert any(e.action == "consultation" and e.objects.get("purpose") == "sharing" for e in audit)


def test_watch_raises_alert_for_own_agency_only(client: TestClient, money_node: Node) -> None:
    node = money_node
    csrf = login(client, "GB-NCA/analyst")
    added = client.post("/api/watches", json={"target": "phone:+381641234567"}, headers={"X-CSRF-Token": csrf})
    assert added.status_code == 201, added.text
    assert client.get("/api/alerts").json()["alerts"] == []  # what matched already is not news
    _write(node, "Person", "gb-nca.P8", "GB-NCA", "B2 P", name="New Man", phone="+381641234567")
    _write(node, "Person", "rs-mup.P9", "RS-MUP", MK_ONLY, name="Hidden Man", phone="+381641234567")
    assert client.post("/api/alerts/refresh", headers={"X-CSRF-Token": csrf}).json()["raised"] >= 1
    data = client.get("/api/alerts").json()
    assert [w["target"] for w in data["watches"]] == ["phone:+381641234567"]
    assert {a["entity_id"] for a in data["alerts"]} == {"gb-nca.P8"}
    client.cookies.clear()
    login(client, "XK-KP/analyst")
    assert client.get("/api/alerts").json() == {"watches": [], "alerts": []}


@pytest.fixture
def phone_node(app_node: Node) -> Node:
    """P1's phone shared with a second man, a call from it to a third man's phone, and a hidden call."""
    _write(app_node, "Person", "gb-nca.P4", "GB-NCA", "B2 P", name="Nikola Jovanovic", phone="+381641234567")
    _write(app_node, "Person", "gb-nca.P5", "GB-NCA", "B2 P", name="Stefan Ilic", phone="+381652222222")
    for n in (1, 2):
        _write(app_node, "Call", f"gb-nca.C{n}", "GB-NCA", "B2 P", callerNumber="+381641234567",
               receiverNumber="+381652222222", date=f"2025-05-0{n}")  # fmt: skip
    _write(app_node, "Call", "rs-mup.C9", "RS-MUP", MK_ONLY, callerNumber="+381641234567",
           receiverNumber="+381600000001", date="2025-05-03")  # fmt: skip
    return app_node


def test_chart_links_people_through_phones_and_calls(client: TestClient, phone_node: Node) -> None:
    login(client, "GB-NCA/analyst")
    graph = client.get("/api/entities/gb-nca.P1/neighbours").json()
    ids = {n["id"] for n in graph["nodes"]}
    assert {"phone:+381641234567", "phone:+381652222222", "gb-nca.P4", "gb-nca.P5"} <= ids
    edges = {(e["source"], e["target"], e["type"]) for e in graph["edges"]}
    assert ("gb-nca.P4", "phone:+381641234567", "phone") in edges
    assert ("gb-nca.P5", "phone:+381652222222", "phone") in edges
    calls = [e for e in graph["edges"] if e["type"] == "call"]
    assert [(c["source"], c["target"], c["count"], c["date"]) for c in calls] == [
        ("phone:+381641234567", "phone:+381652222222", 2, "2025-05-02")
    ]
    assert "+381600000001" not in str(graph)  # the MK-only call and its number
    whole = client.get("/api/graph", params={"limit": 100}).json()
    assert any(e["type"] == "call" for e in whole["edges"])
    assert "+381600000001" not in str(whole)
    from_phone = client.get("/api/entities/phone:+381652222222/neighbours").json()
    assert "gb-nca.P5" in {n["id"] for n in from_phone["nodes"]}
    assert any(e["type"] == "call" for e in from_phone["edges"])
    client.cookies.clear()
    login(client, "MK-MVR/analyst")
    mk = client.get("/api/entities/phone:+381641234567/neighbours").json()
    assert "phone:+381600000001" in {n["id"] for n in mk["nodes"]}


def test_cached_chart_follows_new_data_and_merges(client: TestClient, app_node: Node) -> None:
    from corridor.store import add_judgement, rebuild_canonical

    login(client, "GB-NCA/analyst")
    first = client.get("/api/graph", params={"limit": 100}).json()
    assert client.get("/api/graph", params={"limit": 100}).json() == first
    _write(app_node, "Person", "gb-nca.P6", "GB-NCA", "B2 P", name="Late Arrival")
    _write(app_node, "Associate", "gb-nca.A6", "GB-NCA", "B2 P", person="gb-nca.P6", associate="gb-nca.P2")
    client.app.state.indexes.check_now()  # type: ignore[attr-defined]  # not the 5 s staleness check
    grown = client.get("/api/graph", params={"limit": 100}).json()
    assert "gb-nca.P6" in {n["id"] for n in grown["nodes"]}
    with app_node.store.transaction() as conn:
        add_judgement(conn, "gb-nca.P6", "gb-nca.P1", "same", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        rebuild_canonical(conn)
    merged = client.get("/api/graph", params={"limit": 100}).json()
    assert {n["id"] for n in merged["nodes"]} != {n["id"] for n in grown["nodes"]}
    client.cookies.clear()
    login(client, "XK-KP/analyst")  # another principal never gets GB's cached chart
    assert SECRET_NAME not in client.get("/api/graph", params={"limit": 100}).text
