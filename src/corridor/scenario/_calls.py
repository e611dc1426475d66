"""Phone calls: coordinators brief drivers and guides, organisations arrange hand-overs.

Only smuggler-to-smuggler calls become truth links; a migrant's call to a recruiter is
kept as a call (agencies may hold it) but not as a link.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from corridor.scenario._geography import PLACES
from corridor.scenario._model import Batch, Call, Group, Leg, Organisation
from corridor.scenario._simbase import SimBase


class CallsMixin(SimBase):
    """Calls made while moving groups, and each month's routine calls."""

    def _call(self, batch: Batch, a: str | None, b: str | None, when: datetime, n: int = 1) -> None:
        if not a or not b or a == b:
            return
        people = self.world.smugglers
        pa = people.get(a)
        pb = people.get(b)
        if pa is None or pb is None:
            return
        for _ in range(n):
            at = when + timedelta(minutes=self.rng.randint(-600, 600))
            na, nb = pa.phone_on(at.date()), pb.phone_on(at.date())
            if not na or not nb or na == nb:
                continue
            seconds = max(5, int(self.rng.lognormvariate(4.2, 0.9)))
            if self.rng.random() < 0.5:
                batch.calls.append(Call(at.replace(microsecond=0), a, b, na, nb, seconds))
            else:
                batch.calls.append(Call(at.replace(microsecond=0), b, a, nb, na, seconds))

    def _coordinator(self, org: Organisation, country: str, day: date) -> str | None:
        people = self.world.smugglers
        pool = [p for p in org.roles.get("coordinator", []) if people[p].active_on(day)]
        local = [p for p in pool if PLACES[people[p].residence].country == country]
        chosen = local or pool
        return chosen[0] if chosen else org.leader

    def _leg_calls(self, batch: Batch, org: Organisation, leg: Leg) -> None:
        coordinator = self._coordinator(org, PLACES[leg.origin].country, leg.depart.date())
        self._call(batch, coordinator, leg.smuggler, leg.depart - timedelta(hours=3), self.rng.randint(1, 2))
        if leg.safe_house:
            self._call(batch, coordinator, leg.safe_house, leg.depart - timedelta(hours=20))

    def _handover_calls(self, batch: Batch, before: Organisation, after: Organisation, now: datetime) -> None:
        brokers = [b for b in after.roles.get("broker", []) if b in before.roles.get("broker", [])]
        a = self._coordinator(before, after.countries[0] if after.countries else "rs", now.date())
        b = self._coordinator(after, after.countries[0] if after.countries else "rs", now.date())
        if brokers:
            broker = brokers[0]
            self._call(batch, broker, a, now, 2)
            self._call(batch, broker, b, now, 2)
        else:
            self._call(batch, a, b, now, 2)

    def _recruit_call(self, batch: Batch, group: Group, org: Organisation, now: datetime) -> None:
        """The first migrant with a phone calls the recruiter (migrant calls are not kept as links)."""
        people = self.world.smugglers
        recruiters = org.roles.get("recruiter") or org.roles.get("coordinator") or [org.leader]
        recruiter = people[recruiters[0]]
        for migrant in group.migrants:
            number = migrant.phone_on(now.date())
            other = recruiter.phone_on(now.date())
            if number and other:
                batch.calls.append(Call(now - timedelta(days=2), migrant.id, recruiter.id, number, other, 95))
                return

    def _background_calls(self, batch: Batch, year: int, mon: int) -> None:
        """The month's routine: leaders and coordinators, money people and hawala bankers."""
        rng = self.rng
        base = datetime(year, mon, 1, 10)
        for org in self.world.orgs:
            leader = org.leader
            for role, n in (
                ("coordinator", (1, 4)),
                ("money_collector", (1, 2)),
                ("hawala_banker", (0, 2)),
                ("broker", (0, 2)),
            ):
                for member in org.roles.get(role, []):
                    self._call(
                        batch,
                        leader,
                        member,
                        base + timedelta(days=rng.randrange(27), hours=rng.randrange(12)),
                        rng.randint(*n),
                    )
