"""Moving groups along the route, month by month: legs, interceptions, boats, money, calls.

Groups set off from Istanbul in the months and numbers the Frontex series gives. Each
stage is run by one organisation: the group waits in a safe house, attempts each hop,
is sometimes intercepted and pushed back (and then tries again from where it was), and
pays the organisation for the hops it completed when the stage ends (the "guarantee"
system: money held by a hawala banker is released on arrival). Channel boats gather
groups from several trips on the organisation's launch days and carry about fifty
people, as the Home Office series shows.

Invariants the tests check: each attempt starts where the previous one left the group
(its destination if completed, its origin if intercepted), never before it ended; and
the payments of a group add up to the prices of the hops it completed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from corridor.scenario._calibration import (
    ARREST_RATES,
    BOAT_PERSONS_PER_BOAT,
    CALIBRATION,
    INTERCEPTION_RATES,
    NATIONALITY_SHARES,
    PRICE_EUR,
    UK_MONTHLY_ARRIVALS,
    WB_MONTHLY_DETECTIONS,
)
from corridor.scenario._calls import CallsMixin
from corridor.scenario._geography import PLACES, STAGES, Hop, Variant, exit_side_share, variants_from
from corridor.scenario._model import Batch, Event, Group, Leg, Organisation, Person, PhoneUse
from corridor.scenario._money import MoneyMixin
from corridor.scenario._people import PERIOD_END, give_phone, make_person, weighted
from corridor.scenario._world import World

FORCED_PLANS: tuple[tuple[bool, tuple[str, ...]], ...] = (
    (True, ("evros", "vardar", "hungary", "to_dunkirk", "gravelines_boat")),
    (True, ("evros", "albania", "bosnia", "to_calais", "calais_lorry")),
    (True, ("bulgaria", "sofia_nis", "croatia", "to_calais", "wimereux_boat")),
    (True, ("evros", "kosovo", "drina", "to_dunkirk", "gravelines_boat")),
    (False, ("evros", "albania_kosovo", "hungary")),
)
"""The first groups take these routes, so that even a tiny scenario touches every agency."""

MODE_ROLE: dict[str, str] = {
    "foot": "guide", "dinghy": "guide", "small boat": "boat_pilot",
    "car": "driver", "van": "driver", "lorry": "driver", "bus": "recruiter",
}  # fmt: skip

HOURS: dict[str, tuple[float, float]] = {
    "foot": (3, 14), "dinghy": (1, 3), "car": (2, 8), "van": (3, 10), "lorry": (10, 30),
    "bus": (3, 5), "small boat": (8, 14),
}  # fmt: skip

DAY_ONE = date(2023, 1, 1)

GROUPS_PER_BATCH = 400
"""Groups simulated, handed to the views and dropped at a time (about 6,000 migrants)."""


@dataclass(slots=True)
class _Boat:
    id: str
    count: int
    capacity: int
    intercepted: bool
    pilot: str | None
    landing: str
    pilot_seen: bool = False


class Simulator(MoneyMixin, CallsMixin):
    """Runs the trips of a scenario as a stream of monthly batches."""

    def __init__(self, world: World, rng: random.Random, migrants: int, seed: int) -> None:
        super().__init__(world, rng)
        self.migrants = migrants
        self.seed = seed
        self.boats: dict[tuple[str, str, date, int], _Boat] = {}
        self.weather: dict[date, bool] = {}
        uk_daily = migrants * CALIBRATION["uk_bound_share"].value / 730
        channel_orgs = [o for o in world.orgs if o.stage == "channel"]
        self.launch_every: dict[str, int] = {}
        self.launch_offset: dict[str, int] = {}
        for org in channel_orgs:
            share = org.weight / sum(o.weight for o in channel_orgs)
            daily = max(uk_daily * share, 1e-6)
            self.launch_every[org.id] = max(1, min(21, round(BOAT_PERSONS_PER_BOAT / daily)))
            self.launch_offset[org.id] = rng.randrange(self.launch_every[org.id])
        self.nationalities = list(NATIONALITY_SHARES.items())

    # --- small draws ----------------------------------------------------------------------

    def _good_weather(self, day: date) -> bool:
        """Whether boats can launch on ``day``: the same answer for every group.

        Drawn from a generator seeded by the day, so the answer does not depend on which
        group asks first; the chance follows the monthly Home Office arrivals.
        """
        cached = self.weather.get(day)
        if cached is None:
            month = f"{day.year}-{day.month:02d}"
            weight = UK_MONTHLY_ARRIVALS.get(month, 2500) / max(UK_MONTHLY_ARRIVALS.values())
            cached = random.Random(f"{self.seed}:weather:{day.isoformat()}").random() < 0.15 + 0.8 * weight
            self.weather[day] = cached
        return cached

    # --- batches ----------------------------------------------------------------------------

    def batches(self) -> Iterator[Batch]:
        """The departures of each month in calendar order, in batches of ``GROUPS_PER_BATCH``.

        A month's groups are cut into batches so that memory stays bounded however large
        the scenario: the busiest month (October 2023) alone holds a seventh of all trips.
        """
        months = list(WB_MONTHLY_DETECTIONS)
        total = sum(WB_MONTHLY_DETECTIONS.values())
        budgets = [self.migrants * WB_MONTHLY_DETECTIONS[m] // total for m in months]
        remainders = sorted(
            range(len(months)),
            key=lambda i: (-(self.migrants * WB_MONTHLY_DETECTIONS[months[i]] % total), i),
        )
        for i in remainders[: self.migrants - sum(budgets)]:
            budgets[i] += 1
        forced = list(FORCED_PLANS)
        for month, budget in zip(months, budgets, strict=True):
            yield from self._month(month, budget, forced)
            self._prune(month)

    def _prune(self, month: str) -> None:
        year, mon = int(month[:4]), int(month[5:])
        horizon = date(year, mon, 1) - timedelta(days=150)
        for key in [k for k in self.boats if k[2] < horizon]:
            del self.boats[key]
        for day in [d for d in self.weather if d < horizon]:
            del self.weather[day]

    def _month(self, month: str, budget: int, forced: list[tuple[bool, tuple[str, ...]]]) -> Iterator[Batch]:
        year, mon = int(month[:4]), int(month[5:])
        days = (date(year + (mon == 12), mon % 12 + 1, 1) - date(year, mon, 1)).days
        lo, mode, hi = (int(CALIBRATION[k].value) for k in ("land_group_min", "land_group_mode", "land_group_max"))
        sizes: list[int] = []
        left = budget
        while left > 0:
            size = min(left, max(1, round(self.rng.triangular(lo, hi, mode))))
            sizes.append(size)
            left -= size
        starts = sorted(
            datetime.combine(
                date(year, mon, 1) + timedelta(days=self.rng.randrange(days)), time(self.rng.randrange(6, 22))
            )
            for _ in sizes
        )
        batch = Batch(month=month)
        for size, start in zip(sizes, starts, strict=True):
            plan = forced.pop(0) if forced else None
            self._group(batch, size, start, plan)
            if len(batch.groups) >= GROUPS_PER_BATCH:
                yield batch
                batch = Batch(month=month)
        self._background_calls(batch, year, mon)
        self._transfers(batch, year, mon)
        yield batch

    # --- one group ------------------------------------------------------------------------

    def _migrants(self, size: int) -> list[Person]:
        rng = self.rng
        main = weighted(rng, self.nationalities)
        family = ""
        family_left = rng.choice((0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 4)) if size >= 4 else 0
        out: list[Person] = []
        for i in range(size):
            nat = main if rng.random() < 0.7 else weighted(rng, self.nationalities)
            if i < family_left:
                nat = main
            age = (1, 15) if (i > 0 and i < family_left and rng.random() < 0.5) else (16, 45)
            person = make_person(
                rng,
                self.next_id("M", 7),
                nationality=nat,
                role="migrant",
                residence="",
                age=age,
                male_share=0.88 if i >= family_left else 0.6,
                family=family or None,
            )
            if i == 0 and family_left:
                family = person.family
            if age[0] >= 16 and rng.random() < 0.65:
                country = "tr" if rng.random() < 0.6 else nat
                give_phone(rng, person, country, DAY_ONE, PERIOD_END)
            out.append(person)
        if family_left:
            lang = out[0].lang
            for person in out[1:family_left]:
                person.lang = lang
        return out

    def _group(self, batch: Batch, size: int, start: datetime, plan: tuple[bool, tuple[str, ...]] | None) -> None:
        rng = self.rng
        uk_bound = plan[0] if plan else rng.random() < CALIBRATION["uk_bound_share"].value
        group = Group(id=self.next_id("G", 6), migrants=self._migrants(size), start=start, uk_bound=uk_bound)
        for person in group.migrants:
            person.group = group.id
        batch.groups.append(group)
        stages = STAGES if uk_bound else STAGES[:3]
        hub, now = "istanbul", start
        previous: Organisation | None = None
        abandoned = False
        recruiter_called = False
        for index, stage in enumerate(stages):
            options = variants_from(stage, hub)
            if plan and index < len(plan[1]):
                variant = next(v for v in options if v.id == plan[1][index])
            else:
                variant = _pick_variant(rng, options)
            org = _pick_org(rng, self.world.serving[variant.id])
            group.orgs.append(org.id)
            group.route.append(variant.id)
            if not recruiter_called:
                self._recruit_call(batch, group, org, now)
                recruiter_called = True
            if previous is not None:
                self._handover_calls(batch, previous, org, now)
            now, hub, abandoned = self._stage(batch, group, org, variant, now)
            previous = org
            if abandoned:
                break
        group.end = now
        group.end_place = hub
        if abandoned:
            group.outcome = "stranded"
        elif uk_bound:
            group.outcome = "arrived_uk"
        else:
            group.outcome = "arrived_eu"

    def _stage(
        self, batch: Batch, group: Group, org: Organisation, variant: Variant, now: datetime
    ) -> tuple[datetime, str, bool]:
        """Run one stage; return when and where the group ended it, and whether it gave up."""
        rng = self.rng
        max_attempts = int(CALIBRATION["max_attempts"].value)
        place = variant.start
        completed: list[Leg] = []
        now = now + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 12))
        for seq, hop in enumerate(variant.hops, start=1):
            attempt = 0
            while True:
                attempt += 1
                leg, now = self._attempt(batch, group, org, variant, hop, seq, attempt, place, now)
                if leg.outcome == "completed":
                    completed.append(leg)
                    place = hop.to
                    break
                if attempt >= max_attempts:
                    self._pay(batch, group, org, completed, now)
                    return now, place, True
        self._pay(batch, group, org, completed, now)
        return now, place, False

    def _attempt(
        self,
        batch: Batch,
        group: Group,
        org: Organisation,
        variant: Variant,
        hop: Hop,
        seq: int,
        attempt: int,
        origin: str,
        now: datetime,
    ) -> tuple[Leg, datetime]:
        rng = self.rng
        night = hop.mode in ("foot", "dinghy", "small boat")
        wait = timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)) if not night else rng.randint(1, 4))
        depart = now + wait
        if night:
            depart = datetime.combine(depart.date(), time(rng.choice((20, 21, 22, 23, 0, 1))))
            if depart < now:
                depart += timedelta(days=1)
        boat: _Boat | None = None
        if hop.mode == "small boat":
            depart, boat = self._board(group, org, origin, depart)
        hours = rng.uniform(*HOURS[hop.mode])
        arrive = depart + timedelta(hours=round(hours, 1))
        arrive = arrive.replace(second=0, microsecond=0, minute=(arrive.minute // 5) * 5)
        role = MODE_ROLE[hop.mode]
        day = depart.date()
        smuggler = boat.pilot if boat else self._staff_for(org, role, PLACES[origin].country, day)
        vehicle = self._vehicle_for(org, smuggler, hop.mode)
        keeper = self._keeper(org, origin, day) if wait.days >= 1 else None
        intercepted = boat.intercepted if boat is not None else rng.random() < INTERCEPTION_RATES[hop.leg_type]
        low, high, _ = PRICE_EUR[hop.leg_type]
        price = round(rng.uniform(low, high) * org.price_factor / 10) * 10
        leg = Leg(
            id=self.next_id("L", 8),
            group=group.id,
            org=org.id,
            stage=variant.stage,
            variant=variant.id,
            seq=seq,
            attempt=attempt,
            origin=origin,
            destination=hop.to,
            depart=depart,
            arrive=arrive,
            mode=hop.mode,
            leg_type=hop.leg_type,
            price_eur=price,
            smuggler=smuggler,
            smuggler_role=role if smuggler else None,
            vehicle=vehicle,
            safe_house=keeper,
            outcome="intercepted" if intercepted else "completed",
            boat=boat.id if boat else None,
        )
        batch.legs.append(leg)
        self._leg_calls(batch, org, leg)
        if not intercepted:
            self._landing(batch, group, leg, boat, hop)
            return leg, arrive
        from_side = boat is not None or rng.random() < exit_side_share(origin, hop.to)
        where = origin if from_side else hop.to
        if hop.mode == "lorry" and hop.to == "dover":
            where = "calais_port"
        caught_at = depart + timedelta(hours=rng.uniform(0.5, 2.0)) if from_side else arrive
        caught_at = caught_at.replace(second=0, microsecond=0)
        smugglers: list[tuple[str, str, bool]] = []
        if smuggler and (boat is None or not boat.pilot_seen):
            if boat is not None:
                boat.pilot_seen = True
            arrested = rng.random() < ARREST_RATES.get(role, 0.5)
            present = role != "recruiter"
            if present:
                smugglers.append((smuggler, role, arrested))
                if arrested:
                    self._arrest(org, smuggler, caught_at.date(), PLACES[where].country)
        kind = "clandestine" if where == "calais_port" else "interception"
        event = Event(
            id=self.next_id("E", 7),
            kind=kind,
            day=caught_at,
            place=where,
            country=PLACES[where].country,
            migrants=group.migrants,
            smugglers=smugglers,
            group=group.id,
            leg=leg.id,
            vehicle=vehicle,
            boat=boat.id if boat else None,
        )
        batch.events.append(event)
        leg.event = event.id
        released = caught_at + timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 12))
        leg.arrive = max(arrive, released).replace(second=0, microsecond=0)
        return leg, leg.arrive

    def _landing(self, batch: Batch, group: Group, leg: Leg, boat: _Boat | None, hop: Hop) -> None:
        """Record a small-boat landing, or a lorry searched at Dover on arrival."""
        if boat is not None:
            smugglers: list[tuple[str, str, bool]] = []
            if boat.pilot and not boat.pilot_seen:
                boat.pilot_seen = True
                arrested = self.rng.random() < ARREST_RATES["boat_pilot"]
                smugglers.append((boat.pilot, "boat_pilot", arrested))
                if arrested:
                    self._arrest(self.world.org(leg.org), boat.pilot, leg.arrive.date(), "gb")
            batch.events.append(
                Event(
                    id=self.next_id("E", 7),
                    kind="arrival",
                    day=leg.arrive,
                    place=boat.landing,
                    country="gb",
                    migrants=group.migrants,
                    smugglers=smugglers,
                    group=group.id,
                    leg=leg.id,
                    boat=boat.id,
                )
            )
        elif hop.mode == "lorry" and hop.to == "dover" and self.rng.random() < 0.6:
            smugglers = [(leg.smuggler, "driver", True)] if leg.smuggler else []
            if leg.smuggler:
                self._arrest(self.world.org(leg.org), leg.smuggler, leg.arrive.date(), "gb")
            batch.events.append(
                Event(
                    id=self.next_id("E", 7),
                    kind="clandestine",
                    day=leg.arrive,
                    place="dover",
                    country="gb",
                    migrants=group.migrants,
                    smugglers=smugglers,
                    group=group.id,
                    leg=leg.id,
                    vehicle=leg.vehicle,
                )
            )

    def _board(self, group: Group, org: Organisation, beach: str, ready: datetime) -> tuple[datetime, _Boat]:
        """Put the group on the next boat its organisation launches from ``beach``."""
        every = self.launch_every[org.id]
        offset = self.launch_offset[org.id]
        day = ready.date() + timedelta(days=1)
        while (day - DAY_ONE).days % every != offset % every or not self._good_weather(day):
            day += timedelta(days=1)
        size = len(group.migrants)
        index = 0
        while True:
            key = (org.id, beach, day, index)
            boat = self.boats.get(key)
            if boat is None:
                capacity = max(15, round(self.rng.gauss(BOAT_PERSONS_PER_BOAT, 9)))
                prevented = self.rng.random() < INTERCEPTION_RATES["channel_boat"]
                pilot = self._staff_for(org, "boat_pilot", "fr", day)
                landing = "dover" if self.rng.random() < 0.85 else "dungeness"
                boat = _Boat(self.next_id("B", 6), 0, capacity, prevented, pilot, landing)
                self.boats[key] = boat
            if boat.count == 0 or boat.count + size <= boat.capacity:
                boat.count += size
                launch = datetime.combine(day, time(self.rng.choice((2, 3, 4, 5))))
                return launch, boat
            index += 1

    # --- people on the job --------------------------------------------------------------------

    def _staff_for(self, org: Organisation, role: str, country: str, day: date) -> str | None:
        people = self.world.smugglers
        pool = [p for p in org.roles.get(role, []) if people[p].active_on(day)]
        if not pool:
            pool = [p for p in org.roles.get("coordinator", []) if people[p].active_on(day)]
        if not pool:
            return None
        local = [p for p in pool if PLACES[people[p].residence].country == country]
        return self.rng.choice(local or pool)

    def _vehicle_for(self, org: Organisation, driver: str | None, mode: str) -> str | None:
        if mode not in ("car", "van", "lorry") or not org.vehicles:
            return None
        wanted = "lorry" if mode == "lorry" else None
        own = [v for v in org.vehicles if v.owner == driver and (wanted is None or v.kind == wanted)]
        if own and self.rng.random() < 0.75:
            return self.rng.choice(own).id
        fitting = [v for v in org.vehicles if wanted is None or v.kind == wanted] or org.vehicles
        return self.rng.choice(fitting).id

    def _keeper(self, org: Organisation, place: str, day: date) -> str | None:
        people = self.world.smugglers
        keepers = [p for p in org.roles.get("safe_house_keeper", []) if people[p].active_on(day)]
        here = [p for p in keepers if people[p].residence == place]
        country = [p for p in keepers if PLACES[people[p].residence].country == PLACES[place].country]
        chosen = here or country
        return self.rng.choice(chosen) if chosen else None

    def _arrest(self, org: Organisation, pid: str, day: date, country: str) -> None:
        """Take an arrested smuggler off the job and promote a reserve, who may take the phone."""
        person = self.world.smugglers[pid]
        if person.arrested:
            return
        person.arrested = day
        person.arrested_by = country
        for use in person.phones:
            if use.start <= day <= use.end:
                use.end = day
        role = person.role
        for oid in person.orgs:
            other = self.world.org(oid)
            reserves = other.reserves.get(role, [])
            if not reserves:
                continue
            replacement = self.world.smugglers[reserves.pop(0)]
            start = day + timedelta(days=self.rng.randint(3, 10))
            replacement.active_from = start
            other.roles.setdefault(role, []).append(replacement.id)
            if person.phones and self.rng.random() < 0.5:
                replacement.phones.append(PhoneUse(person.phones[0].number, start, PERIOD_END))
            for use in replacement.phones:
                if use.start < start and use.end > start:
                    use.start = start

    # --- money -----------------------------------------------------------------------------


def _pick_variant(rng: random.Random, options: list[Variant]) -> Variant:
    if len(options) == 1:
        return options[0]
    chosen = weighted(rng, [(o.id, o.share) for o in options])
    return next(v for v in options if v.id == chosen)


def _pick_org(rng: random.Random, orgs: list[Organisation]) -> Organisation:
    if len(orgs) == 1:
        return orgs[0]
    chosen = weighted(rng, [(o.id, o.weight) for o in orgs])
    return next(o for o in orgs if o.id == chosen)
