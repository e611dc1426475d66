"""Helpers of the API tests: users who have passwords, a little data, logging in.

The data: a Latin-script GB record and a Cyrillic RS record of the same man, an associate,
an event, and an RS record released to MK-MVR only (``SECRET``) that links to the GB man,
so that every endpoint can be checked for what GB-NCA and XK-KP must never see.
"""

from __future__ import annotations

import warnings
from functools import cache

from followthemoney import model
from starlette.exceptions import StarletteDeprecationWarning

from conftest import PARTNER_AGENCIES
from corridor.access import Node, hash_password
from corridor.model import Agreement, Operation, Statement, User, entity_statements, parse_marking
from corridor.store import add_judgement, rebuild_canonical

with warnings.catch_warnings():
    # starlette 1.x deprecates its httpx-based TestClient in favour of httpx2, which is not
    # a dependency yet; the warning fires once, at import.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

__all__ = ["PASSWORD", "SECRET_ID", "SECRET_NAME", "TestClient", "bearer", "load_api_data", "login"]

PASSWORD = "correct horse battery"  # noqa: S105 - the test users' password
SECRET_NAME = "Secretovic"  # noqa: S105 - a name, not a password
SECRET_ID = "rs-mup.SECRET"  # noqa: S105 - an entity id


@cache
def password_hash() -> str:
    """One Argon2 hash for every test user (hashing is deliberately slow)."""
    return hash_password(PASSWORD)


def _entity(entity_id: str, schema: str, agency: str, marking: str, **props: str | list[str]) -> list[Statement]:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, value in props.items():
        proxy.add(prop, value)
    return entity_statements(proxy, source=f"{agency.lower()}-test", origin=agency, marking=parse_marking(marking))


def load_api_data(node: Node) -> None:
    """Users with passwords, agreements each ↔ GB, and the test records."""
    hashed = password_hash()
    users = [
        User("GB-NCA", "analyst", frozenset({"analyst"}), hashed),
        User("GB-NCA", "auditor", frozenset({"auditor"}), hashed),
        User("GB-NCA", "boss", frozenset({"admin"}), hashed),
        User("RS-MUP", "analyst", frozenset({"analyst"}), hashed),
        User("XK-KP", "analyst", frozenset({"analyst"}), hashed),
        User("MK-MVR", "analyst", frozenset({"analyst"}), hashed),
    ]
    agreements = [Agreement(f"{a.code}-GB", a.code, "GB-NCA") for a in PARTNER_AGENCIES if a.code != "GB-NCA"] + [
        Agreement(f"GB-{a.code}", "GB-NCA", a.code) for a in PARTNER_AGENCIES if a.code != "GB-NCA"
    ]
    agreements.append(Agreement("RS-MK", "RS-MUP", "MK-MVR"))
    statements: list[Statement] = []
    statements += _entity(
        "gb-nca.P1", "Person", "GB-NCA", "B2 P", name="Marko Petrovic", nationality="rs", phone="+381641234567"
    )
    statements += _entity("gb-nca.P2", "Person", "GB-NCA", "C3 P", name="Ali Hassan Kaya", nationality="tr")
    statements += _entity(
        "gb-nca.A1", "Associate", "GB-NCA", "B2 P", person="gb-nca.P1", associate="gb-nca.P2", relationship="driver"
    )
    statements += _entity(
        "gb-nca.E1",
        "Event",
        "GB-NCA",
        "B2 P",
        name="Interception at Subotica",
        summary="interception of a group",
        date="2025-03-14",
        location="Subotica",
        country="rs",
        involved="gb-nca.P1",
    )
    statements += _entity(
        "gb-nca.E2",
        "Event",
        "GB-NCA",
        "B2 P",
        name="Interception at Skopje",
        summary="interception of a car",
        date="2025-09-02",
        location="Skopje",
        country="mk",
        involved="gb-nca.P2",
    )
    statements += _entity("rs-mup.P1", "Person", "RS-MUP", "B2 P", name="Марко Петровић", birthDate="1985-04-02")
    secret = "A1 C conditions='MK only' to=MK-MVR"  # noqa: S105 - a marking
    statements += _entity(SECRET_ID, "Person", "RS-MUP", secret, name=f"Dragan {SECRET_NAME}", phone="+381600000001")
    statements += _entity(
        "rs-mup.L1", "UnknownLink", "RS-MUP", secret, subject=SECRET_ID, object="gb-nca.P1", role="handler"
    )
    # GB data released to RS only, so Kosovo's analyst must not see it.
    statements += _entity("gb-nca.P3", "Person", "GB-NCA", "B2 C conditions='RS only' to=RS-MUP", name="Uk Onlyperson")
    with node.store.transaction() as conn:
        node.store.replace_partners(
            conn,
            agencies=PARTNER_AGENCIES,
            users=users,
            operations=[Operation("OP-TEST", "GB-NCA", frozenset({"GB-NCA", "RS-MUP"}))],
            agreements=agreements,
        )
        node.store.write_statements(conn, statements)
        add_judgement(
            conn, "gb-nca.P1", "rs-mup.P1", "unsure", actor="resolver", kind="model", origin="GB-NCA", score=0.71
        )
        add_judgement(conn, "gb-nca.P1", SECRET_ID, "unsure", actor="resolver", kind="model", origin="GB-NCA")
        rebuild_canonical(conn)


def login(client: TestClient, user: str) -> str:
    """Log ``client`` in as ``user``; returns the CSRF token."""
    response = client.post("/api/login", json={"user": user, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token = response.json()["csrf_token"]
    assert isinstance(token, str)
    return token


def bearer(client: TestClient, user: str) -> dict[str, str]:
    """An Authorization header with a fresh token of ``user`` (leaves the client logged out)."""
    csrf = login(client, user)
    response = client.post("/api/tokens", json={"label": "test"}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201, response.text
    client.post("/api/logout", headers={"X-CSRF-Token": csrf})
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}
