"""A small target for report tests, written inline into the ``node`` fixture's store.

Marko Petrovic is held by GB-NCA (Latin, an Arabic alias, a hostile weak alias) and by
RS-MUP (Cyrillic), merged by a judgement. He has a driver (an Associate link), belongs to
an organisation, takes part in two events (Subotica, Gevgelija) and pays his driver.
Two things are hidden from somebody:

* ``HIDDEN_HANDLER``: GB-NCA data released to RS-MUP only (handling C), which GB-NCA's
  own analysts see but Kosovo's analyst must not;
* ``SECRET_ALIAS``: an RS-MUP alias released to MK-MVR only, which nobody on this GB node
  may see.
"""

from __future__ import annotations

from followthemoney import model

from corridor.access import Node
from corridor.model import Statement, entity_statements, parse_marking
from corridor.store import add_judgement, rebuild_canonical

TARGET = "gb-nca.T1"
RS_RECORD = "rs-mup.T1"
ORGANISATION = "gb-nca.O1"
CYRILLIC = "Марко Петровић"
ARABIC = "ماركو بتروفيتش"
HOSTILE = '<script>alert("owned")</script>'
HIDDEN_HANDLER = "Hidden Handler"
HIDDEN_CONDITIONS = "RS only <b>not for court</b>"
SECRET_ALIAS = "Secretovic"  # noqa: S105 - a name, not a password
DRIVER = "Ali Hassan Kaya"


def _entity(entity_id: str, schema: str, agency: str, marking: str, **props: str | list[str]) -> list[Statement]:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, value in props.items():
        proxy.add(prop, value)
    source = f"{agency.lower()}-{schema.lower()}s.csv"
    return entity_statements(proxy, source=source, origin=agency, marking=parse_marking(marking))


def load_target(node: Node) -> None:
    """Write the target and everything around it; the ``node`` fixture has the partners."""
    hidden = f"A1 C conditions={HIDDEN_CONDITIONS!r} to=RS-MUP"
    s: list[Statement] = []
    s += _entity(
        TARGET, "Person", "GB-NCA", "B2 P",
        name="Marko Petrovic", alias=ARABIC, weakAlias=HOSTILE, phone="+381641234567",
        passportNumber="RS1234567", nationality="rs", birthDate="1985-04-02",
    )  # fmt: skip
    s += _entity(RS_RECORD, "Person", "RS-MUP", "B2 P", name=CYRILLIC, birthDate="1985-04-02")
    s += _entity(RS_RECORD, "Person", "RS-MUP", "A1 C conditions='MK only' to=MK-MVR", alias=SECRET_ALIAS)
    s += _entity("gb-nca.P2", "Person", "GB-NCA", "C3 P", name=DRIVER, nationality="tr")
    s += _entity(
        "gb-nca.A1", "Associate", "GB-NCA", "B2 P", person=TARGET, associate="gb-nca.P2", relationship="driver"
    )
    s += _entity(ORGANISATION, "Organization", "GB-NCA", "B2 P", name="Grupa Petrović")
    s += _entity("gb-nca.M1", "Membership", "GB-NCA", "B2 P", organization=ORGANISATION, member=TARGET)
    s += _entity("gb-nca.M2", "Membership", "GB-NCA", "B2 P", organization=ORGANISATION, member="gb-nca.P2")
    s += _entity(
        "gb-nca.E1", "Event", "GB-NCA", "B2 P",
        name="Interception at Subotica", summary="interception of a group", date="2025-03-14",
        location="Subotica", country="rs", involved=TARGET,
    )  # fmt: skip
    s += _entity(
        "rs-mup.E2", "Event", "RS-MUP", "B2 P",
        name="Interception at Gevgelija", summary="apprehension at the border", date="2025-06-02",
        location="Gevgelija", country="mk", involved=RS_RECORD,
    )  # fmt: skip
    s += _entity(
        "gb-nca.PAY1", "Payment", "GB-NCA", "B2 P",
        payer=TARGET, beneficiary="gb-nca.P2", amount="1500", currency="EUR", date="2025-03-10",
        purpose="driver fee", programme="hawala",
    )  # fmt: skip
    s += _entity("gb-nca.H1", "Person", "GB-NCA", hidden, name=HIDDEN_HANDLER)
    s += _entity("gb-nca.L1", "UnknownLink", "GB-NCA", hidden, subject="gb-nca.H1", object=TARGET, role="handler")
    with node.store.transaction() as conn:
        node.store.write_statements(conn, s)
        add_judgement(conn, TARGET, RS_RECORD, "same", actor="test", kind="rule", origin="GB-NCA", reason="test")
        rebuild_canonical(conn)
