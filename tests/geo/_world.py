"""A small route-and-money world written inline, with its truth known by construction.

Two organisations: ``org-a`` (driver ``d1``, collector ``c1``; known only from Serbia's
records, released to the UK alone) and ``org-b`` (driver ``d2``, leader ``l2``; the UK's
own intelligence). Migrants ``m1``…``m6`` are intercepted at Tabanovce (North Macedonia),
at Preševo (Serbia), in Kosovo, and land at Dover; a trip runs Calais → Dover. A hawala
banker ``h1`` on no register takes money from the travellers of both organisations.

Origins and markings decide who sees what: RS-MUP's records are ``to=GB-NCA`` only, and
MK-MVR has no agreement with XK-KP, so XK-KP sees a smaller world than GB-NCA.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model

from corridor.access import Node
from corridor.model import Statement, entity_statements, parse_marking

RS_ONLY_GB = "B2 P to=GB-NCA"


def make(entity_id: str, schema: str, **props: Any) -> Any:
    """An FtM entity with the given properties (lists or single values)."""
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, value in props.items():
        for item in value if isinstance(value, list) else [value]:
            proxy.add(prop, item)
    return proxy


def put(node: Node, origin: str, marking: str, *entities: Any) -> None:
    """Write entities as statements of ``origin`` under ``marking``."""
    statements: list[Statement] = []
    for entity in entities:
        statements += entity_statements(
            entity, source=f"{origin.lower()}-test", origin=origin, marking=parse_marking(marking)
        )
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)


def build_world(node: Node) -> None:
    """Write the whole world into ``node``."""
    persons = [
        make(p, "Person", name=f"Person {p.upper()}") for p in ("m1", "m2", "m3", "m4", "m5", "m6", "d2", "l2", "h1")
    ]
    put(node, "GB-NCA", "B2 P", *persons)
    # Serbia: org-a and an interception at Preševo, released to the UK only.
    put(
        node, "RS-MUP", RS_ONLY_GB,
        make("d1", "Person", name="Драган Драгић"),
        make("c1", "Person", name="Цеца Цецић"),
        make("org-a", "Organization", name="ОКГ „Драгић“"),
        make("mem-d1", "Membership", member="d1", organization="org-a"),
        make("mem-c1", "Membership", member="c1", organization="org-a"),
        make("e1", "Event", name="RS-KU-1", summary="Недозвољен прелазак државне границе и кријумчарење људи",
             date="2023-09-03", location="Прешево", country="rs", involved=["m1", "m2", "m3", "d1"]),
        make("p3", "Payment", payer="m3", beneficiary="c1", amount="1600", currency="EUR", date="2023-09-10"),
    )  # fmt: skip
    # North Macedonia: an apprehension at Tabanovce (no agreement with Kosovo).
    put(
        node, "MK-MVR", "B2 P",
        make("e2", "Event", name="MK-SL-1", summary="Криумчарење мигранти", date="2023-09-01",
             location="Табановце", country="mk", involved=["m1", "m2"]),
    )  # fmt: skip
    # Kosovo: an apprehension at Hani i Elezit with org-b's driver.
    put(
        node, "XK-KP", "B2 P",
        make("e4", "Event", name="XK-RAST-1", summary="Kalim i paligjshëm i kufirit", date="2023-08-20",
             location="Hani i Elezit", country="xk", involved=["m5", "m6", "d2"]),
        make("e5", "Event", name="XK-RAST-2", summary="Kalim i paligjshëm i kufirit", date="2023-08-25",
             location="Xyzzy Fields", country="xk", involved=["m6"]),
    )  # fmt: skip
    # The UK: a landing, a trip, org-b, and the money.
    put(
        node, "GB-NCA", "B2 P",
        make("e3", "Event", name="GB-BF-SB-1", summary="Small boat arrival", date="2023-10-20",
             location="Dover (Western Jet Foil)", country="gb", involved=["m1", "m2", "m4", "d2"]),
        make("a-calais", "Address", full="Gravelines beach", latitude="50.9867", longitude="2.1281", country="fr"),
        make("a-dover", "Address", full="Dover", country="gb"),
        make("t1", "Trip", name="Channel crossing", startDate="2023-10-19", startLocation="a-calais",
             endLocation="a-dover", involved=["m4"], organizer="org-b"),
        make("org-b", "Organization", name="Zoka OCG"),
        make("mem-d2", "Membership", member="d2", organization="org-b"),
        make("mem-l2", "Membership", member="l2", organization="org-b"),
        make("acc-m1", "BankAccount", iban="TR330006100519786457841326"),
        make("acc-c1", "BankAccount", iban="RS35260005601001611379"),
        make("p1", "Payment", payer="m1", beneficiary="c1", payerAccount="acc-m1", beneficiaryAccount="acc-c1",
             amount="1500", currency="EUR", date="2023-09-09"),
        make("p2", "Payment", payer="m2", beneficiary="c1", amount="1700", currency="EUR", date="2023-09-09"),
        make("p4", "Payment", payer="m1", beneficiary="h1", amount="2500", currency="EUR", date="2023-10-22", programme="hawala"),
        make("p5", "Payment", payer="m5", beneficiary="h1", amount="900", currency="EUR", date="2023-08-22", programme="hawala"),
        make("p8", "Payment", payer="m3", beneficiary="h1", amount="800", currency="EUR", date="2023-09-05", programme="hawala"),
        make("p9", "Payment", payer="m2", beneficiary="h1", amount="800", currency="EUR", date="2023-09-04", programme="hawala"),
        make("p10", "Payment", payer="m5", beneficiary="h1", amount="700", currency="EUR", date="2023-08-27", programme="hawala"),
        make("p11", "Payment", payer="m1", beneficiary="h1", amount="600", currency="EUR", date="2023-09-06", programme="hawala"),
        make("p7", "Payment", payer="d2", beneficiary="l2", amount="540", currency="USDT", date="2023-10-25",
             transactionNumber="a" * 64),
        make("w1", "CryptoWallet", publicKey="TXYZ1234567890abcdefghijklmnopqrs", holder="l2", currencySymbol="USDT"),
    )  # fmt: skip
