"""GB-BSC, Border Security Command: intelligence reports naming smugglers.

Debriefs of people who arrived describe who moved them; sanitised source reporting
covers the organisers who live in the UK and the Channel networks' leaders. Each row is
graded on its own (``marking_column``), because a debrief and a source are not equally
reliable.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import ClassVar

from corridor.scenario._gb import EN, contact_label, network_name, uk_block
from corridor.scenario._geography import PLACES
from corridor.scenario._lexicon import COUNTRY_NAMES, ROLE_NAMES
from corridor.scenario._model import Batch, Organisation, Person
from corridor.scenario._noise import format_date
from corridor.scenario._scripts import write_name
from corridor.scenario._views import Context, FileSpec, View, chance
from corridor.scenario._writers import CsvWriter


class BorderSecurityView(View):
    """GB-BSC: intelligence reports from debriefs of arrivals and from sources."""

    agency = "GB-BSC"
    REPORTS: ClassVar[dict[str, str]] = {
        "id": "record_id",
        "report": "report_ref",
        "date": "report_date",
        "source": "source_type",
        "grading": "grading",
        "name": "subject_name",
        "alias": "subject_alias",
        "nationality": "subject_nationality",
        "phone": "subject_phone",
        "place": "subject_location",
        "role": "assessed_role",
        "network_ref": "network_ref",
        "network": "network_name",
        "summary": "summary",
    }
    DEBRIEF = "C3 C conditions='source protection: not for court' to=GB-NCA,GB-BF,EU-EUROPOL"
    CHIS = "B2 C conditions='sanitised source reporting: not for court, no onward disclosure' to=GB-NCA"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        r = self.REPORTS
        self.add(
            FileSpec(
                "reports",
                "gb-bsc/intelligence_reports.csv",
                self.agency,
                "csv",
                r["id"],
                "GB-BSC-SUB-",
                self.DEBRIEF,
                "Intelligence reports naming smugglers: debriefs of arrivals and source reporting, graded per row",
                {
                    "entities": {
                        "subject": {
                            "schema": "Person",
                            "id_column": r["id"],
                            "properties": {
                                "name": {"column": r["name"]},
                                "alias": {"column": r["alias"]},
                                "nationality": {"column": r["nationality"]},
                                "phone": {"column": r["phone"], "format": "gb"},
                                "address": {"column": r["place"]},
                                "position": {"column": r["role"]},
                                "notes": {"column": r["summary"]},
                            },
                        },
                        "network": {
                            "schema": "Organization",
                            "id_column": r["network_ref"],
                            "properties": {"name": {"column": r["network"]}},
                        },
                        "membership": {
                            "schema": "Membership",
                            "keys": [r["id"], r["network_ref"]],
                            "key_literal": "gb-bsc-membership",
                            "properties": {
                                "member": {"entity": "subject"},
                                "organization": {"entity": "network"},
                                "role": {"column": r["role"]},
                            },
                        },
                    },
                    "corridor": uk_block([r["date"]], extra={"marking_column": r["grading"]}),
                },
            ),
            CsvWriter(ctx.out / "gb-bsc/intelligence_reports.csv", list(r.values())),
        )
        self.reports = 0

    def on_batch(self, batch: Batch) -> None:
        """Debriefs: a few people who landed describe who moved them."""
        legs_by_group: dict[str, list[str]] = {}
        for leg in batch.legs:
            if leg.stage in ("west", "channel") and leg.smuggler:
                legs_by_group.setdefault(leg.group, []).append(leg.smuggler)
        for event in batch.events:
            if event.kind != "arrival" or not chance(self.rng, 0.12):
                continue
            names = list(dict.fromkeys(legs_by_group.get(event.group or "", [])))
            if not names:
                continue
            self.reports += 1
            ref = f"IR/{event.day.year}/{self.reports:05d}"
            for pid in self.rng.sample(names, k=min(len(names), self.rng.randint(1, 2))):
                self._row(ref, event.day.date() + timedelta(days=self.rng.randint(1, 10)), "debrief", self.DEBRIEF, pid)
        self.flush()

    def finish(self) -> None:
        """Source reporting on the organisers who live in the UK and the Channel networks' leaders."""
        world = self.ctx.world
        for pid, person in world.smugglers.items():
            uk = PLACES[person.residence].country == "gb"
            channel_leader = person.role == "leader" and any(world.org(o).stage == "channel" for o in person.orgs)
            if not (uk or channel_leader) or not chance(self.rng, 0.6):
                continue
            for _ in range(self.rng.randint(1, 2)):
                self.reports += 1
                day = date(2023, 3, 1) + timedelta(days=self.rng.randrange(700))
                self._row(f"IR/{day.year}/{self.reports:05d}", day, "CHIS", self.CHIS, pid)

    def _row(self, ref: str, day: date, source: str, grading: str, pid: str) -> None:
        r = self.REPORTS
        person = self.ctx.world.smugglers[pid]
        org = self.ctx.world.org(person.orgs[0])
        label, noise = contact_label(self.rng, person)
        number = person.phone_on(day)
        row = {
            r["report"]: ref,
            r["date"]: format_date(day, EN.date_format),
            r["source"]: source,
            r["grading"]: grading,
            r["name"]: label,
            r["alias"]: write_name(person.nicknames[0], person.lang, "en") if person.nicknames else "",
            r["nationality"]: COUNTRY_NAMES["en"][person.nationality] if chance(self.rng, 0.7) else "",
            r["phone"]: number if number and chance(self.rng, 0.7) else "",
            r["place"]: PLACES[person.residence].name,
            r["role"]: ROLE_NAMES["en"][person.role],
            r["network_ref"]: self.org_ref(org, "GB-BSC-NET-"),
            r["network"]: network_name(self.rng, org, self.ctx),
            r["summary"]: _summary(self.rng, person, org, source),
        }
        self.emit("reports", day, row, [(r["id"], "", pid, noise)])


def _summary(rng: random.Random, person: Person, org: Organisation, source: str) -> str:
    place = PLACES[person.residence].name
    role = ROLE_NAMES["en"][person.role]
    if source == "debrief":
        return rng.choice(
            (
                f"Subject arranged the crossing; met near {place}. Paid through an intermediary.",
                f"Subject described as the {role} who took phones and money before the boat left.",
                f"Passengers were told to contact subject by WhatsApp once in the UK; subject based in {place}.",
            )
        )
    return rng.choice(
        (
            f"Subject is assessed to act as {role} for a network moving migrants through {place}.",
            f"Subject is reported to receive proceeds of smuggling and to travel between {place} and the continent.",
            "Subject coordinates with Balkan partners of the network; uses several phones.",
        )
    )
