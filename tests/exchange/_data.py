"""A small world with two markings: what GB-NCA holds, and what RS-MUP shared with GB only.

XK-KP may see GB-NCA's records (the test agreements release GB data to every partner)
but never RS-MUP's, whose marking needs the originator's consent for onward sharing.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model

from corridor.access import Node
from corridor.model import Statement, entity_statements, parse_marking
from corridor.store import add_judgement, rebuild_canonical

GB_MARKING = "B2 P"
RS_MARKING = "A1 C conditions='not for court' to=GB-NCA"
SEEN = "2026-01-02T03:04:05Z"
HIDDEN_FROM_XK = ["Петровић", "Petrović", "+381641234567", "rs-mup.", "RS12", "not for court", "BG1234XY"]
"""Values and ids only RS-MUP's records hold: no export made as XK-KP may contain them."""
INJECTION = '=HYPERLINK("http://evil.example","x")'


def _entity(schema: str, entity_id: str, **props: Any) -> Any:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, values in props.items():
        for value in values if isinstance(values, list) else [values]:
            proxy.add(prop, value)
    return proxy


def _statements(origin: str, marking: str, *entities: Any) -> list[Statement]:
    parsed = parse_marking(marking)
    out: list[Statement] = []
    for entity in entities:
        out += entity_statements(entity, source=f"{origin.lower()}-test", origin=origin, marking=parsed, seen=SEEN)
    return out


def build_world(node: Node) -> None:
    """Write both agencies' records and merge GB's John Smith with RS-MUP's sighting of him."""
    gb = _statements(
        "GB-NCA",
        GB_MARKING,
        _entity("Person", "gb-nca.p1", name="John Smith", phone="+447700900123", email="js@example.com",
                description=INJECTION, nationality="gb", birthDate="1980-04-03"),
        _entity("Organization", "gb-nca.o1", name="Channel Crossing Ltd", country="gb"),
        _entity("Membership", "gb-nca.m1", member="gb-nca.p1", organization="gb-nca.o1", role="leader"),
        _entity("BankAccount", "gb-nca.a1", iban="GB33BUKB20201555555555", bankName="Bank"),
        _entity("Address", "gb-nca.ad1", full="1 Dover Road, Dover", country="gb", latitude="51.12", longitude="1.31"),
    )  # fmt: skip
    rs = _statements(
        "RS-MUP",
        RS_MARKING,
        _entity("Person", "rs-mup.p7", name=["Марко Петровић", "Marko Petrović"], phone="+381641234567",
                nationality="rs"),
        _entity("Person", "rs-mup.p8", name="Džon Smit", passportNumber="RS12"),
        _entity("Family", "rs-mup.f1", person="rs-mup.p7", relative="gb-nca.p1", relationship="cousin"),
        _entity("Event", "rs-mup.e1", name="Interception at Preševo", date="2023-05-02", country="rs",
                involved=["rs-mup.p7", "gb-nca.p1"]),
        _entity("Vehicle", "rs-mup.v1", name="Van", registrationNumber="BG1234XY"),
    )  # fmt: skip
    with node.store.transaction() as conn:
        node.store.write_statements(conn, gb + rs)
        add_judgement(conn, "gb-nca.p1", "rs-mup.p8", "same", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        rebuild_canonical(conn)
