"""A random world for the leak hunt: agencies, agreements, compartments, markings, records.

Every record is built from unique *canary* tokens (lowercase letters, ten of them): its id,
its name, its phone digits. A token can then be grepped in any output's bytes, and a
token that only invisible statements carry must never appear anywhere the principal looks.

The world is planted as ``Planted`` statements (what was sent in), independent of what
corridor makes of them, so that the reference (``_leak_reference``) can judge every output
without asking corridor's own release rule.
"""

from __future__ import annotations

import itertools
import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from conftest import PARTNER_AGENCIES
from corridor.model import Agreement, Operation, User

AGENCIES = tuple(a.code for a in PARTNER_AGENCIES)
HOME = "GB-NCA"
OPERATION = "OP-LEAK"
TODAY = date.today()


def token(rng: random.Random) -> str:
    """Ten random lowercase letters: unique enough to grep, untouched by name cleaning."""
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(10))


def phone(rng: random.Random) -> str:
    """A valid Serbian mobile number with eight random digits."""
    return "+38164" + "".join(rng.choice(string.digits) for _ in range(7))


@dataclass(frozen=True)
class MarkingSpec:
    """A marking as the reference reads it (plain values, not corridor's ``Marking``)."""

    grade: str
    handling: str
    to: frozenset[str] = frozenset()
    consent: bool = True
    consented: frozenset[str] = frozenset()
    compartment: str | None = None

    def text(self) -> str:
        """The compact form the CLI's ``--marking`` takes."""
        parts = [f"{self.grade} {self.handling}"]
        if self.handling == "C":
            parts.append("conditions='leak hunt'")
        if self.to:
            parts.append("to=" + ",".join(sorted(self.to)))
        if not self.consent:
            parts.append("consent=no")
        if self.consented:
            parts.append("consented=" + ",".join(sorted(self.consented)))
        if self.compartment:
            parts.append(f"compartment={self.compartment}")
        return " ".join(parts)


@dataclass
class Planted:
    """One statement as sent: entity (source id), schema, property, value, origin, marking."""

    source_id: str
    schema: str
    prop: str
    value: str
    origin: str
    marking: MarkingSpec
    entry: str
    """``ingest`` (a file loaded on the hub) or ``bundle`` (arrives from the origin's node)."""
    ref: bool = False
    """The value is another record's source id (namespaced by the store like the id)."""

    @property
    def entity_id(self) -> str:
        """The store id: agency-namespaced as ``corridor.ingest.namespaced_id`` makes it."""
        return f"{self.origin.lower()}.{self.source_id}"

    @property
    def stored_value(self) -> str:
        """The value as stored: references are namespaced like ids."""
        return f"{self.origin.lower()}.{self.value}" if self.ref else self.value


@dataclass
class World:
    """Everything the leak hunt planted, and who may look."""

    seed: int
    agreements: list[Agreement]
    operation: Operation
    users: list[User]
    statements: list[Planted] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    """Canary token -> what it is (for messages)."""
    judgements: list[tuple[str, str, str]] = field(default_factory=list)
    """(left id, right id, verdict) written as the resolver would."""

    def persons(self) -> list[str]:
        """Store ids of every planted person."""
        return sorted({s.entity_id for s in self.statements if s.schema == "Person"})


def _marking(rng: random.Random, origin: str) -> MarkingSpec:
    others = [a for a in AGENCIES if a != origin]
    handling = rng.choice("PPC")
    to = (
        frozenset(rng.sample(others, rng.randint(1, 3)))
        if rng.random() < (0.9 if handling == "C" else 0.4)
        else frozenset()
    )
    consent = rng.random() < 0.7
    consented = frozenset(rng.sample(others, rng.randint(1, 2))) if rng.random() < 0.3 else frozenset()
    compartment = OPERATION if rng.random() < 0.15 else None
    grade = rng.choice("ABCDE") + rng.choice("123")
    return MarkingSpec(grade, handling, to, consent, consented, compartment)


def _agreements(rng: random.Random) -> list[Agreement]:
    out = []
    for provider in AGENCIES:
        for recipient in AGENCIES:
            if provider == recipient or rng.random() < 0.35:
                continue
            handling = frozenset(rng.choice([{"P"}, {"C"}, {"P", "C"}, {"P", "C"}]))
            valid_until = TODAY - timedelta(days=1) if rng.random() < 0.1 else None  # lapsed
            out.append(Agreement(f"{provider}>{recipient}", provider, recipient, handling, valid_until=valid_until))
    return out


def build_world(seed: int, *, cells: int = 12) -> World:
    """A random world: agreements, one compartment, users, and ``cells`` small networks."""
    rng = random.Random(seed)
    members = frozenset({HOME, *rng.sample([a for a in AGENCIES if a != HOME], 2)})
    operation = Operation(OPERATION, HOME, members, users=frozenset({f"{HOME}/analyst"}))
    users = [User(a, "analyst", frozenset({"analyst"})) for a in AGENCIES]
    users += [User(HOME, "outsider", frozenset({"analyst"})), User(HOME, "auditor", frozenset({"auditor"}))]
    world = World(seed, _agreements(rng), operation, users)
    for _ in range(cells):
        _cell(rng, world)
    persons = world.persons()
    for _ in range(max(2, cells // 2)):
        left, right = rng.sample(persons, 2)
        world.judgements.append((left, right, "same"))
    return world


def _canary(rng: random.Random, world: World, what: str) -> str:
    found = token(rng)
    while found in world.tokens:
        found = token(rng)
    world.tokens[found] = what
    return found


def _cell(rng: random.Random, world: World) -> None:
    """Two or three people of one origin, linked, with an event, a payment and extra facts."""
    origin = rng.choice(AGENCIES)
    entry = "ingest" if origin == HOME or rng.random() < 0.6 else "bundle"
    people = []
    for _ in range(rng.randint(2, 3)):
        pid = "lk" + _canary(rng, world, f"id of a person of {origin}")
        name = _canary(rng, world, f"name of {pid}").capitalize()
        mark = _marking(rng, origin)
        tel = phone(rng)
        world.tokens[tel[1:]] = f"phone of {pid}"
        add = world.statements.append
        add(Planted(pid, "Person", "name", f"Marko {name}", origin, mark, entry))
        add(Planted(pid, "Person", "nationality", "rs", origin, mark, entry))
        add(Planted(pid, "Person", "phone", tel, origin, mark, entry))
        if rng.random() < 0.5:  # a fact about the same person under another marking
            extra = _canary(rng, world, f"alias of {pid}").capitalize()
            add(Planted(pid, "Person", "alias", f"Petar {extra}", origin, _marking(rng, origin), entry))
        people.append(pid)
    for left, right in itertools.pairwise(people):
        lid = "lk" + _canary(rng, world, f"id of a link of {origin}")
        mark = _marking(rng, origin)
        for prop, value, ref in (("subject", left, True), ("object", right, True), ("role", "driver", False)):
            world.statements.append(Planted(lid, "UnknownLink", prop, value, origin, mark, entry, ref=ref))
    eid = "lk" + _canary(rng, world, f"id of an event of {origin}")
    mark = _marking(rng, origin)
    place = rng.choice([("Subotica", "rs"), ("Skopje", "mk"), ("Tirana", "al"), ("Pristina", "xk"), ("Calais", "fr")])
    event_name = _canary(rng, world, f"name of {eid}")
    for prop, value, ref in (
        ("name", f"Interception {event_name}", False),
        ("date", (TODAY - timedelta(days=rng.randint(30, 900))).isoformat(), False),
        ("location", place[0], False),
        ("country", place[1], False),
        ("involved", people[0], True),
    ):
        world.statements.append(Planted(eid, "Event", prop, value, origin, mark, entry, ref=ref))
    if rng.random() < 0.7:
        pay = "lk" + _canary(rng, world, f"id of a payment of {origin}")
        mark = _marking(rng, origin)
        purpose = _canary(rng, world, f"purpose of {pay}")
        for prop, value, ref in (
            ("payer", people[-1], True),
            ("beneficiary", people[0], True),
            ("amount", str(rng.randint(100, 9000)), False),
            ("currency", "EUR", False),
            ("date", (TODAY - timedelta(days=rng.randint(30, 900))).isoformat(), False),
            ("purpose", f"transport {purpose}", False),
        ):
            world.statements.append(Planted(pay, "Payment", prop, value, origin, mark, entry, ref=ref))
