"""Which FtM properties make links, and what each kind of link means to an analyst.

The rules are data, not code: a schema's entity-typed properties say how a record
attaches to another entity, and the table below names the kind of link so that a
hop in a path, a projected person-to-person link and a "why" can all say it in words.
"""

from __future__ import annotations

LINK_SCHEMATA: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "Call": (("caller", "callerNumber"), ("receiver", "receiverNumber"), "call"),
    "Payment": (("payer", "payerAccount"), ("beneficiary", "beneficiaryAccount"), "payment"),
    "Associate": (("person",), ("associate",), "associate"),
    "Family": (("person",), ("relative",), "family"),
    "UnknownLink": (("subject",), ("object",), "link"),
    "Membership": (("member",), ("organization",), "membership"),
    "Employment": (("employee",), ("employer",), "employment"),
    "Directorship": (("director",), ("organization",), "directorship"),
    "Ownership": (("owner",), ("asset",), "ownership"),
    "Representation": (("agent",), ("client",), "representation"),
    "Succession": (("predecessor",), ("successor",), "succession"),
    "Occupancy": (("holder",), ("post",), "occupancy"),
}
"""Schemata whose records are links, not nodes: (source props, target props, kind).

The first property of a side that has a value wins, so a call between two known people
links the people, and a call between two numbers links the numbers (whose holders the
person projection then connects).
"""

ATTACH_PROPS: dict[str, str] = {
    "owner": "owner",
    "operator": "operator",
    "holder": "holder",
    "addressEntity": "address",
    "involved": "involved",
    "organizer": "organizer",
    "vehicle": "vehicle",
    "startLocation": "location",
    "endLocation": "location",
    "bank": "bank",
    "parent": "parent",
    "entity": "mentions",
}
"""Entity-typed properties of node records that attach them to another entity."""

PHONE_PROPS = ("phone",)
"""Phone-typed properties that attach an entity to a phone number node."""

NAME_PROPS = ("name",)
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry")
DATE_PROPS = ("date", "startDate", "endDate")
AMOUNT_PROPS = ("amountEur", "amount")

PERSON_SCHEMATA = frozenset({"Person"})
"""The schemata whose nodes are people in the person projection."""

HUB_KINDS: dict[str, str] = {
    "Phone": "shared phone",
    "Vehicle": "shared vehicle",
    "Vessel": "shared vessel",
    "Airplane": "shared vehicle",
    "Address": "shared address",
    "Trip": "co-travel",
    "Event": "same event",
    "Organization": "membership",
    "Company": "membership",
    "LegalEntity": "membership",
    "BankAccount": "shared account",
    "CryptoWallet": "shared wallet",
    "Passport": "shared document",
    "Identification": "shared document",
    "UserAccount": "shared account",
}
"""What two people attached to the same node of a schema have in common."""

COPRESENCE_SCHEMATA = frozenset({"Event", "Trip"})
"""Things whose sharing says "were there together", not "work together".

An interception of eleven migrants and their driver would otherwise make eleven people
who never met again a dense cell around the driver, and drown the organisers' ties (calls,
money, shared phones) in crowds; the person projection leaves these out unless asked.
"""

DIRECT_KINDS = frozenset({"call", "payment", "associate", "family", "link", "representation", "succession"})
"""Link kinds that connect their two ends directly in the person projection."""

MONEY_KINDS = frozenset({"payment", "shared account", "shared wallet"})
"""Person-projection link kinds that carry money."""

MAX_HUB_PEOPLE = 60
"""A node shared by more people than this (a public address, a bus) links no one.

Connecting every pair of a big crowd would add tens of thousands of links that mean
"were at the same place" and would swamp every centrality; such hubs stay in the entity
graph (and its paths) but not in the person projection.
"""


def link_props() -> tuple[str, ...]:
    """Every property the graph build reads, so the door can skip the rest."""
    props: set[str] = {"id", *ATTACH_PROPS, *PHONE_PROPS, *NAME_PROPS, *COUNTRY_PROPS, *DATE_PROPS, *AMOUNT_PROPS}
    for sources, targets, _ in LINK_SCHEMATA.values():
        props.update(sources)
        props.update(targets)
    return tuple(sorted(props))
