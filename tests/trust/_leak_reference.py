"""The leak hunt's own release rule, written from the sharing rules, not from corridor's code.

Who may see a statement (DESIGN.md, "Access control"): the originator; a partner the
originator has an agreement in force with, for the statement's handling code, if the
marking names it (``to=``) or names nobody and the code is P; and a partner of such a
recipient, under an agreement in force for the code, if the marking needs no consent
for onward sharing or the originator consented to that partner. A compartment admits
only its member agencies (and, when it lists users, only those users). Nothing more:
agreements never chain on their own.

On the hub, records that arrive by bundle exist only if the hub's own agency was allowed
to receive them from the origin's node.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from corridor.model import Agreement, Operation

from ._leak_world import AGENCIES, HOME, TODAY, MarkingSpec, Planted, World


@dataclass(frozen=True)
class Reader:
    """A principal as the reference knows it: an agency and maybe a user."""

    agency: str
    user: str | None = None

    @property
    def key(self) -> str:
        """``AGENCY/user`` or ``AGENCY``."""
        return f"{self.agency}/{self.user}" if self.user else self.agency


def _in_force(agreements: Iterable[Agreement]) -> list[Agreement]:
    return [
        a
        for a in agreements
        if (a.valid_from is None or a.valid_from <= TODAY) and (a.valid_until is None or a.valid_until >= TODAY)
    ]


def _covers(agreements: list[Agreement], provider: str, recipient: str, code: str) -> bool:
    return any(a.provider == provider and a.recipient == recipient and code in a.handling for a in agreements)


def _inside(reader: Reader, operation: Operation) -> bool:
    if reader.agency not in operation.agencies:
        return False
    return not operation.users or reader.key in operation.users


def _direct(agency: str, origin: str, marking: MarkingSpec, live: list[Agreement]) -> bool:
    """The originator releases to ``agency`` itself: an agreement for the code, and named (or P)."""
    if agency == origin or not _covers(live, origin, agency, marking.handling):
        return False
    return agency in marking.to if marking.to else marking.handling == "P"


def may_see(reader: Reader, origin: str, marking: MarkingSpec, world: World) -> bool:
    """The reference rule for one statement."""
    if marking.compartment is not None and (
        marking.compartment != world.operation.code or not _inside(reader, world.operation)
    ):
        return False
    if reader.agency == origin:
        return True
    live = _in_force(world.agreements)

    def direct(agency: str) -> bool:
        return _direct(agency, origin, marking, live)

    if direct(reader.agency):
        return True
    if marking.consent and reader.agency not in marking.consented:
        return False
    return any(
        direct(via) and _covers(live, via, reader.agency, marking.handling)
        for via in AGENCIES
        if via not in (origin, reader.agency)
    )


def on_hub(stmt: Planted, world: World) -> bool:
    """Whether the statement reached the hub: loaded there, or sent by its originator's node.

    An originator sends only to its direct recipients (and into a compartment only with
    the hub's agency as a whole inside it); an onward recipient gets the data from a
    direct recipient, never from the originator.
    """
    if stmt.entry == "ingest":
        return True
    if stmt.marking.compartment is not None and not _inside(Reader(HOME), world.operation):
        return False
    return _direct(HOME, stmt.origin, stmt.marking, _in_force(world.agreements))


@dataclass
class Expected:
    """What one reader may see of the world on the hub, as tokens, ids and counts."""

    reader: Reader
    statements: list[Planted]
    allowed: set[str]
    forbidden: dict[str, str]
    """Canary token -> what it is, for every token only invisible statements carry."""

    @property
    def entity_ids(self) -> set[str]:
        """Store ids of the records with at least one visible statement."""
        return {s.entity_id for s in self.statements}


def _tokens_of(text: str, world: World) -> set[str]:
    low = text.lower()
    found = {t for t in world.tokens if t in low}
    return found


def expected(reader: Reader, world: World) -> Expected:
    """The reader's visible statements and the canaries that must never reach them."""
    visible = [s for s in world.statements if on_hub(s, world) and may_see(reader, s.origin, s.marking, world)]
    allowed: set[str] = set()
    for stmt in visible:
        allowed |= _tokens_of(stmt.entity_id, world) | _tokens_of(stmt.stored_value, world)
    forbidden = {t: what for t, what in world.tokens.items() if t not in allowed}
    return Expected(reader, visible, allowed, forbidden)
