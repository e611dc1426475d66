"""Playing out a joint operation inside a scenario, so its measured effect can be scored.

``generate(..., operation={"day": "2024-06-01", "arrest": 6})`` arrests, on the first day
of that month, the ``arrest`` smugglers with the most true call partners so far (the
people a key-player analysis should find), or exactly the true person ids given as
``"arrest": ["P000123", …]``. From then on the simulator's own arrest rule applies: an
arrested smuggler stops working and his phones go quiet, a reserve of the same role takes
over a few days later (and often the phone). A leader without a reserve is replaced by a
free coordinator when one is left. An organisation that loses its leader for good, or
all its coordinators, is broken: its share of the traffic drops to a tenth, the other
organisations of its stretch take the groups, and their prices rise.

The truth gains an ``operation`` entry: who was arrested, which roles were refilled by
whom and from when, which organisations broke and how weights and prices moved. Without
the option nothing here runs and the scenario stays byte-identical per seed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from corridor.core import FieldError, InvalidInput
from corridor.scenario._geography import PLACES
from corridor.scenario._model import Batch, Organisation
from corridor.scenario._simulate import Simulator
from corridor.scenario._world import World

BROKEN_WEIGHT = 0.1
PRICE_RISE = 1.15


def _bad(reason: str, value: object) -> InvalidInput:
    return InvalidInput("invalid operation option", errors=[FieldError(reason, field="operation", value=str(value))])


def check_spec(spec: dict[str, Any]) -> tuple[date, int | list[str]]:
    """The operation day (first of its month) and the arrest count or ids, or ``InvalidInput``."""
    if not isinstance(spec, dict):
        raise _bad("operation must be a mapping with day and arrest", spec)
    try:
        day = date.fromisoformat(str(spec.get("day", "")))
    except ValueError:
        raise _bad("day must be a date YYYY-MM-DD inside 2023-02-01 .. 2024-12-31", spec.get("day")) from None
    if not date(2023, 2, 1) <= day <= date(2024, 12, 31):
        raise _bad("day must be a date YYYY-MM-DD inside 2023-02-01 .. 2024-12-31", day)
    arrest = spec.get("arrest", 6)
    if isinstance(arrest, list):
        if not arrest or not all(isinstance(a, str) for a in arrest):
            raise _bad("arrest must be a count or a list of true person ids", arrest)
        return day.replace(day=1), list(arrest)
    if isinstance(arrest, bool) or not isinstance(arrest, int) or not 1 <= arrest <= 100:
        raise _bad("arrest must be a count from 1 to 100 or a list of true person ids", arrest)
    return day.replace(day=1), arrest


class OperationPlay:
    """Arrests a scenario's key smugglers when the simulation reaches the operation month."""

    def __init__(self, spec: dict[str, Any], world: World) -> None:
        self.day, self.arrest = check_spec(spec)
        if isinstance(self.arrest, list):
            unknown = [p for p in self.arrest if p not in world.smugglers]
            if unknown:
                raise _bad(f"not a smuggler of this scenario: {unknown[0]}", unknown[0])
        self.month = f"{self.day.year}-{self.day.month:02d}"
        self.world = world
        self.links: dict[tuple[str, str], list[Any]] = {}
        self.done = False
        self.record: dict[str, Any] = {"day": self.day.isoformat()}
        self.promoted_from: dict[str, str] = {}

    def install(self, simulator: Simulator, links: dict[tuple[str, str], list[Any]]) -> None:
        """Hook the simulator so that the arrests happen before the operation month is run.

        ``links`` are the true call links the generator accumulates month by month: the
        best-connected smugglers at the operation day are the ones arrested.
        """
        self.links = links
        original: Callable[..., Iterator[Batch]] = simulator._month

        def month(name: str, budget: int, forced: list[tuple[bool, tuple[str, ...]]]) -> Iterator[Batch]:
            if not self.done and name >= self.month:
                self.done = True
                self._strike(simulator)
            return original(name, budget, forced)

        simulator._month = month  # type: ignore[method-assign,assignment]

    def _chosen(self) -> list[str]:
        people = self.world.smugglers
        if isinstance(self.arrest, list):
            return list(self.arrest)
        degree: Counter[str] = Counter()
        for a, b in self.links:
            degree[a] += 1
            degree[b] += 1
        active = [p for p in degree if people[p].active_on(self.day)]
        active.sort(key=lambda p: (-degree[p], p))
        return active[: self.arrest]

    def _strike(self, simulator: Simulator) -> None:
        people = self.world.smugglers
        chosen = self._chosen()
        before = {o.id: {role: list(ids) for role, ids in o.roles.items()} for o in self.world.orgs}
        arrested = []
        for pid in chosen:
            person = people[pid]
            country = person.residence and _country(person.residence)
            orgs = [self.world.org(o) for o in person.orgs]
            arrested.append({"person": pid, "role": person.role, "organisations": list(person.orgs)})
            if orgs:
                simulator._arrest(orgs[0], pid, self.day, country)
        refilled = []
        for org in self.world.orgs:
            for role, ids in org.roles.items():
                for new in ids:
                    if new not in before[org.id].get(role, []):
                        gone = [p for p in before[org.id].get(role, []) if p in chosen]
                        refilled.append(self._refill(org, role, gone[0] if gone else None, new))
        covered = {(r["organisation"], r["arrested"]) for r in refilled}
        for org in self.world.orgs:
            if self._decapitated(org, chosen):
                continue
            for pid in chosen:
                if pid in org.members and (org.id, pid) not in covered:
                    role = "leader" if org.leader == pid else people[pid].role
                    successor = self._promote(org, role, chosen)
                    if successor:
                        refilled.append(self._refill(org, role, pid, successor))
        broken = [org for org in self.world.orgs if self._broken(org)]
        shifts = self._shift(broken)
        self.record.update(
            {
                "arrested": arrested,
                "refilled": refilled,
                "broken": [org.id for org in broken],
                "shifts": shifts,
            }
        )

    def _refill(self, org: Organisation, role: str, arrested: str | None, by: str) -> dict[str, Any]:
        start = self.promoted_from.get(by) or (self.world.smugglers[by].active_from or self.day).isoformat()
        return {"organisation": org.id, "role": role, "arrested": arrested, "by": by, "from": start}

    def _decapitated(self, org: Organisation, chosen: list[str]) -> bool:
        """The leader and at least half the coordinators taken: nobody left to take over."""
        if org.leader not in chosen:
            return False
        coordinators = org.roles.get("coordinator", [])
        taken = sum(1 for p in coordinators if p in chosen)
        return not coordinators or 2 * taken >= len(coordinators)

    def _promote(self, org: Organisation, role: str, chosen: list[str]) -> str | None:
        """A free member steps up two weeks later: a coordinator for a leader, else the busiest hand."""
        people = self.world.smugglers
        preference = ["coordinator", "money_collector", "driver", "guide", "safe_house_keeper", "recruiter"]
        for source in preference:
            free = [
                p
                for p in org.roles.get(source, [])
                if p not in chosen and people[p].active_on(self.day) and p != org.leader
            ]
            if source == role or not free:
                continue
            successor = free[0]
            people[successor].active_from = None
            org.roles[source] = [p for p in org.roles[source] if p != successor]
            org.roles.setdefault(role, []).append(successor)
            if role == "leader":
                org.leader = successor
            self.promoted_from[successor] = (self.day + timedelta(days=14)).isoformat()
            return successor
        return None

    def _broken(self, org: Organisation) -> bool:
        people = self.world.smugglers
        later = self.day + timedelta(days=30)
        leaders = [p for p in org.roles.get("leader", []) if people[p].active_on(later)]
        coordinators = [p for p in org.roles.get("coordinator", []) if people[p].active_on(later)]
        hit = any(people[p].arrested == self.day for p in org.members)
        return hit and (not leaders or not coordinators)

    def _shift(self, broken: list[Organisation]) -> list[dict[str, Any]]:
        """Broken organisations carry a tenth of their traffic; their rivals raise prices."""
        shifts = []
        stages = {org.stage for org in broken}
        for org in self.world.orgs:
            was = (org.weight, org.price_factor)
            if org in broken:
                org.weight *= BROKEN_WEIGHT
            elif org.stage in stages:
                org.price_factor *= PRICE_RISE
            else:
                continue
            shifts.append(
                {
                    "organisation": org.id,
                    "stage": org.stage,
                    "weight": [round(was[0], 4), round(org.weight, 4)],
                    "price_factor": [round(was[1], 4), round(org.price_factor, 4)],
                }
            )
        return shifts


def _country(place: str) -> str:
    found = PLACES.get(place)
    return found.country if found else ""
