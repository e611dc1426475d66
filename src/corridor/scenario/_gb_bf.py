"""GB-BF, Border Force: everyone landed from a small boat or found in a lorry.

Border Force records each person who lands from a small boat (with the boat they came
on and, when identified, its pilot) and each person found concealed in a lorry at Dover
or at the juxtaposed controls in Calais, with the lorry and its driver.
"""

from __future__ import annotations

from typing import ClassVar

from corridor.scenario._gb import EN, person_entity, uk_block
from corridor.scenario._lexicon import ISO3, ROLE_NAMES
from corridor.scenario._model import Batch, Event, Person
from corridor.scenario._noise import format_date, render_person
from corridor.scenario._views import Context, FileSpec, View, chance
from corridor.scenario._writers import CsvWriter


class BorderForceView(View):
    """GB-BF: small-boat arrivals and clandestine entrants found in lorries."""

    agency = "GB-BF"
    ARRIVALS: ClassVar[dict[str, str]] = {
        "id": "record_id",
        "boat": "boat_ref",
        "date": "arrival_date",
        "place": "landing_point",
        "family": "surname",
        "given": "forenames",
        "dob": "date_of_birth",
        "nationality": "nationality",
        "sex": "sex",
        "phone": "phone",
        "role": "role",
        "notes": "notes",
    }
    LORRIES: ClassVar[dict[str, str]] = {
        "id": "record_id",
        "detection": "detection_ref",
        "date": "detection_date",
        "place": "location",
        "country": "detection_country",
        "plate": "vehicle_reg",
        "plate_country": "vehicle_country",
        "family": "surname",
        "given": "forenames",
        "dob": "date_of_birth",
        "nationality": "nationality",
        "sex": "sex",
        "role": "role",
        "notes": "notes",
    }
    LANDINGS: ClassVar[dict[str, str]] = {"dover": "Dover (Western Jet Foil)", "dungeness": "Dungeness beach"}

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        a, lo = self.ARRIVALS, self.LORRIES
        self.add(
            FileSpec(
                "arrivals",
                "gb-bf/small_boat_arrivals.csv",
                self.agency,
                "csv",
                a["id"],
                "GB-BF-SBA-",
                "A1 P",
                "People landed from small boats after crossing the Channel, with the boat they came on",
                {
                    "entities": {
                        "person": person_entity(a),
                        "boat": {
                            "schema": "Event",
                            "id_column": a["boat"],
                            "properties": {
                                "name": {"column": a["boat"]},
                                "summary": {"literal": "Small boat arrival"},
                                "date": {"column": a["date"]},
                                "location": {"column": a["place"]},
                                "country": {"literal": "gb"},
                                "involved": {"entity": "person"},
                            },
                        },
                    },
                    "corridor": uk_block([a["date"], a["dob"]]),
                },
            ),
            CsvWriter(ctx.out / "gb-bf/small_boat_arrivals.csv", list(a.values())),
        )
        self.add(
            FileSpec(
                "lorries",
                "gb-bf/clandestine_detections.csv",
                self.agency,
                "csv",
                lo["id"],
                "GB-BF-CLA-",
                "A1 P",
                "People found concealed in lorries at Dover and at the juxtaposed controls in Calais",
                {
                    "entities": {
                        "person": person_entity(lo),
                        "vehicle": {
                            "schema": "Vehicle",
                            "keys": [lo["plate"]],
                            "key_literal": "gb-bf-vehicle",
                            "properties": {
                                "name": {"column": lo["plate"]},
                                "registrationNumber": {"column": lo["plate"]},
                                "country": {"column": lo["plate_country"]},
                            },
                        },
                        "found_in": {
                            "schema": "UnknownLink",
                            "keys": [lo["id"]],
                            "key_literal": "gb-bf-found-in",
                            "properties": {
                                "subject": {"entity": "person"},
                                "object": {"entity": "vehicle"},
                                "role": {"column": lo["role"]},
                                "date": {"column": lo["date"]},
                            },
                        },
                        "detection": {
                            "schema": "Event",
                            "id_column": lo["detection"],
                            "properties": {
                                "name": {"column": lo["detection"]},
                                "summary": {"literal": "Clandestine entrants detected"},
                                "date": {"column": lo["date"]},
                                "location": {"column": lo["place"]},
                                "country": {"column": lo["country"]},
                                "involved": {"entity": "person"},
                            },
                        },
                    },
                    "corridor": uk_block([lo["date"], lo["dob"]]),
                },
            ),
            CsvWriter(ctx.out / "gb-bf/clandestine_detections.csv", list(lo.values())),
        )
        self.detections = 0

    def on_batch(self, batch: Batch) -> None:
        """Landings and lorry detections of the batch."""
        for event in batch.events:
            if event.kind == "arrival":
                self._arrival(event)
            elif event.kind == "clandestine" and event.vehicle:
                self._lorry(event)
        self.flush()

    def _arrival(self, event: Event) -> None:
        a = self.ARRIVALS
        day = event.day.date()
        boat = f"GB-BF-SB-{day:%Y%m%d}-{int((event.boat or 'B0')[1:]):05d}"
        place = self.LANDINGS.get(event.place, "Dover")
        people: list[tuple[Person, str, str]] = [(m, "migrant", "") for m in event.migrants]
        for pid, role, arrested in event.smugglers:
            people.append(
                (self.ctx.world.smugglers[pid], role, "arrested on landing" if arrested else "identified by passengers")
            )
        for person, role, note in people:
            r = render_person(self.rng, person, EN, day)
            if role == "migrant" and person.dob.year > 2006 and chance(self.rng, 0.3):
                note = "age disputed"
            row = {
                a["boat"]: boat,
                a["date"]: format_date(day, EN.date_format),
                a["place"]: place,
                a["family"]: r.family.upper(),
                a["given"]: r.given,
                a["dob"]: r.dob,
                a["nationality"]: r.nationality,
                a["sex"]: r.sex,
                a["phone"]: r.phone,
                a["role"]: ROLE_NAMES["en"][role],
                a["notes"]: note,
            }
            self.emit("arrivals", event.day, row, [(a["id"], "", person.id, r.noise)])

    def _lorry(self, event: Event) -> None:
        lo = self.LORRIES
        self.detections += 1
        day = event.day.date()
        vehicle = self.ctx.world.vehicles[event.vehicle or ""]
        at_calais = event.place == "calais_port"
        ref = f"GB-BF-DET-{day.year}-{self.detections:05d}"
        people: list[tuple[Person, str, str]] = [(m, "migrant", "") for m in event.migrants]
        for pid, role, arrested in event.smugglers:
            people.append((self.ctx.world.smugglers[pid], role, "arrested" if arrested else "released"))
        for person, role, note in people:
            r = render_person(self.rng, person, EN, day)
            row = {
                lo["detection"]: ref,
                lo["date"]: format_date(day, EN.date_format),
                lo["place"]: "Coquelles/Calais juxtaposed controls" if at_calais else "Dover Eastern Docks",
                lo["country"]: "FRA" if at_calais else "GBR",
                lo["plate"]: vehicle.plate,
                lo["plate_country"]: ISO3.get(vehicle.country, ""),
                lo["family"]: r.family.upper(),
                lo["given"]: r.given,
                lo["dob"]: r.dob,
                lo["nationality"]: r.nationality,
                lo["sex"]: r.sex,
                lo["role"]: "clandestine entrant" if role == "migrant" else "driver",
                lo["notes"]: note,
            }
            self.emit("lorries", event.day, row, [(lo["id"], "", person.id, r.noise)])
