"""National police views: the people a force intercepts, and its register of smugglers.

Serbia, North Macedonia, Kosovo, Albania and Turkey keep the same two kinds of record
(persons found crossing or moving irregularly, and suspected smugglers), each in its
own language, script, file format and date format. A ``Dialect`` says how; one view
class writes all five. The mappings are built from the same dialect, so the columns a
file has and the columns its mapping reads cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from corridor.scenario._geography import PLACES
from corridor.scenario._identifiers import write_phone
from corridor.scenario._lexicon import ROLE_NAMES, STATUS_NAMES
from corridor.scenario._model import Batch, Leg, Organisation, Person
from corridor.scenario._noise import Style, format_date, render_person
from corridor.scenario._scripts import sr_cyr_to_lat
from corridor.scenario._views import Context, FileSpec, View, chance
from corridor.scenario._writers import CsvWriter, JsonDocumentWriter, Writer, XlsxWriter

KNOWN_RESIDENT: dict[str, float] = {
    "leader": 0.5, "coordinator": 0.6, "driver": 0.45, "guide": 0.45, "safe_house_keeper": 0.35,
    "money_collector": 0.3, "recruiter": 0.3, "document_forger": 0.4, "broker": 0.5,
    "hawala_banker": 0.4, "boat_pilot": 0.1,
}  # fmt: skip
"""Chance that a force has a smuggler living in its country on its register (assumption)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """One file of a dialect: its path, record id prefix, marking and columns by meaning."""

    path: str
    prefix: str
    marking: str
    description: str
    columns: dict[str, str]


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one national force writes its records."""

    agency: str
    country: str
    style: Style
    format: str
    lang: str
    script: str
    place_lang: str
    date_formats: tuple[str, ...]
    interceptions: Layout
    register: Layout
    case_prefix: str
    group_prefix: str
    group_name: Callable[[Organisation, Person], str]
    notes: dict[str, str]
    streets: tuple[str, ...]
    event_summary: str
    registration_note: str = ""
    p_registration: float = 0.0
    encoding: str = "utf-8"
    delimiter: str = ","
    crlf: bool = False
    gender_mapped: bool = False
    json_header: dict[str, Any] = field(default_factory=dict)
    json_key: str = ""
    sheet_name: str = ""


def _writer(d: Dialect, out: Path, layout: Layout, *, creator: str) -> Writer:
    path = out / layout.path
    columns = list(layout.columns.values())
    if d.format == "csv":
        return CsvWriter(path, columns, delimiter=d.delimiter, encoding=d.encoding, crlf=d.crlf)
    if d.format == "xlsx":
        dates = tuple(layout.columns[k] for k in ("date",) if k in layout.columns)
        return XlsxWriter(path, columns, creator=creator, date_columns=dates)
    return JsonDocumentWriter(path, d.json_header, d.json_key)


def corridor_block(d: Dialect, columns: dict[str, str], *, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``corridor:`` block of a mapping for one of the dialect's files."""
    block: dict[str, Any] = {"format": d.format}
    if d.format == "csv":
        block["encoding"] = d.encoding
        block["delimiter"] = d.delimiter
    if d.format == "json":
        block["records"] = d.json_key
    block["lang"] = d.lang
    block["script"] = d.script
    block["phone_region"] = d.country.upper()
    block["date_formats"] = {columns[k]: list(d.date_formats) for k in ("date", "dob") if k in columns}
    if extra:
        block.update(extra)
    return block


def interception_mapping(d: Dialect) -> dict[str, Any]:
    """The mapping of a force's interceptions file."""
    c = d.interceptions.columns
    props: dict[str, Any] = {
        "name": {"columns": [c["given"], c["family"]], "join": " "},
        "firstName": {"column": c["given"]},
        "lastName": {"column": c["family"]},
        "fatherName": {"column": c["father"]},
        "birthDate": {"column": c["dob"]},
        "nationality": {"column": c["nationality"]},
        "phone": {"column": c["phone"], "format": d.country},
        "position": {"column": c["role"]},
        "notes": {"column": c["notes"]},
    }
    if d.gender_mapped:
        props["gender"] = {"column": c["sex"]}
    return {
        "entities": {
            "person": {"schema": "Person", "id_column": c["id"], "properties": props},
            "event": {
                "schema": "Event",
                "id_column": c["case"],
                "properties": {
                    "name": {"column": c["case"]},
                    "summary": {"literal": d.event_summary},
                    "date": {"column": c["date"]},
                    "location": {"column": c["place"]},
                    "country": {"literal": d.country},
                    "involved": {"entity": "person"},
                },
            },
        },
        "corridor": corridor_block(d, c),
    }


def register_mapping(d: Dialect) -> dict[str, Any]:
    """The mapping of a force's register of suspected smugglers."""
    c = d.register.columns
    phone: dict[str, Any] = (
        {"column": c["phones"], "format": d.country}
        if "phones" in c
        else {"columns": [c["phone"], c["phone2"]], "format": d.country}
    )
    props: dict[str, Any] = {
        "name": {"columns": [c["given"], c["family"]], "join": " "},
        "firstName": {"column": c["given"]},
        "lastName": {"column": c["family"]},
        "alias": {"column": c["alias"]},
        "fatherName": {"column": c["father"]},
        "birthDate": {"column": c["dob"]},
        "idNumber": {"column": c["id_number"]},
        "nationality": {"column": c["nationality"]},
        "address": {"columns": [c["address"], c["city"]], "join": ", "},
        "phone": phone,
        "position": {"column": c["role"]},
        "status": {"column": c["status"]},
    }
    if d.gender_mapped and "sex" in c:
        props["gender"] = {"column": c["sex"]}
    return {
        "entities": {
            "person": {"schema": "Person", "id_column": c["id"], "properties": props},
            "group": {
                "schema": "Organization",
                "id_column": c["group_id"],
                "properties": {"name": {"column": c["group"]}},
            },
            "membership": {
                "schema": "Membership",
                "keys": [c["id"], c["group_id"]],
                "key_literal": f"{d.agency.lower()}-membership",
                "properties": {
                    "member": {"entity": "person"},
                    "organization": {"entity": "group"},
                    "role": {"column": c["role"]},
                    "date": {"column": c["date"]},
                },
            },
        },
        "corridor": corridor_block(d, c),
    }


class PoliceView(View):
    """Interceptions and a smugglers' register, written in one force's dialect."""

    dialect: Dialect

    def __init__(self, ctx: Context, dialect: Dialect) -> None:
        self.dialect = dialect
        self.agency = dialect.agency
        super().__init__(ctx)
        d = dialect
        creator = d.agency
        self.add(
            FileSpec(
                "interceptions",
                d.interceptions.path,
                d.agency,
                d.format,
                d.interceptions.columns["id"],
                d.interceptions.prefix,
                d.interceptions.marking,
                d.interceptions.description,
                interception_mapping(d),
            ),
            _writer(d, ctx.out, d.interceptions, creator=creator),
        )
        self.add(
            FileSpec(
                "register",
                d.register.path,
                d.agency,
                d.format,
                d.register.columns["id"],
                d.register.prefix,
                d.register.marking,
                d.register.description,
                register_mapping(d),
            ),
            _writer(d, ctx.out, d.register, creator=creator),
        )
        self.cases = 0
        self.registrations = 0
        self.register_ids: dict[str, str] = {}
        self.register_info: dict[str, tuple[str, date]] = {}

    # --- interceptions ---------------------------------------------------------------------

    def on_batch(self, batch: Batch) -> None:
        """Persons this force intercepted in the batch, and smugglers it arrested."""
        d = self.dialect
        legs: dict[str, Leg] = {}
        for event in batch.events:
            if event.kind != "interception" or event.country != d.country:
                continue
            if not legs:
                legs = {leg.id: leg for leg in batch.legs}
            self.cases += 1
            day = event.day
            case = f"{d.case_prefix}{day.year}-{self.cases:05d}"
            leg = legs.get(event.leg or "")
            note = d.notes.get(leg.mode if leg else "", "")
            place = PLACES[event.place].label(d.place_lang)
            for migrant in event.migrants:
                self._interception_row(case, day, place, migrant, "migrant", note)
            for pid, role, arrested in event.smugglers:
                if not arrested:
                    continue
                person = self.ctx.world.smugglers[pid]
                self._interception_row(case, day, place, person, role, note, alias=True)
                self.known(pid, "arrested", day.date())
        self._registrations(batch)
        self.flush()

    def _registrations(self, batch: Batch) -> None:
        """Groups registered while passing through: checks, transit and reception centres.

        The first group to transit the country is always registered, so that even a tiny
        scenario gives every force some records; later ones by the dialect's chance.
        """
        d = self.dialect
        if not d.p_registration:
            return
        groups = {g.id: g for g in batch.groups}
        done: set[str] = set()
        for leg in batch.legs:
            if leg.outcome != "completed" or leg.group in done or PLACES[leg.destination].country != d.country:
                continue
            done.add(leg.group)
            if self.registrations and not chance(self.rng, d.p_registration):
                continue
            self.registrations += 1
            self.cases += 1
            day = leg.arrive + timedelta(hours=self.rng.randint(1, 20))
            case = f"{d.case_prefix}{day.year}-{self.cases:05d}"
            place = PLACES[leg.destination].label(d.place_lang)
            for migrant in groups[leg.group].migrants:
                self._interception_row(case, day, place, migrant, "migrant", d.registration_note)

    def _interception_row(
        self, case: str, day: datetime, place: str, person: Person, role: str, note: str, *, alias: bool = False
    ) -> None:
        d = self.dialect
        c = d.interceptions.columns
        r = render_person(self.rng, person, d.style, day.date(), alias=alias)
        if r.lex == "sr-Latn":
            place, note = sr_cyr_to_lat(place), sr_cyr_to_lat(note)
        sem: dict[str, Any] = {
            "case": case,
            "date": day.date() if d.format == "xlsx" else format_date(day.date(), d.style.date_format),
            "place": place,
            "family": r.family,
            "given": r.given,
            "father": r.father,
            "dob": r.dob,
            "nationality": r.nationality,
            "sex": r.sex,
            "role": ROLE_NAMES[r.lex][role],
            "phone": [r.phone] if d.format == "json" and r.phone else ([] if d.format == "json" else r.phone),
            "notes": note + (f" ({r.alias})" if r.alias else ""),
        }
        row = {c[k]: v for k, v in sem.items() if k in c}
        sheet = str(day.year) if d.format == "xlsx" else None
        self.emit("interceptions", day, row, [(c["id"], "", person.id, r.noise)], sheet=sheet)

    # --- register ------------------------------------------------------------------------------

    def known(self, pid: str, status: str, day: date) -> str:
        """This force's register id for smuggler ``pid``, registering them if new."""
        rid = self.register_ids.get(pid)
        if rid is None:
            rid = self.next_id("register")
            self.register_ids[pid] = rid
            self.register_info[pid] = (status, day)
        elif status == "arrested":
            self.register_info[pid] = (status, day)
        return rid

    def finish(self) -> None:
        """Write the register: arrested smugglers, residents the force knows, a few foreigners."""
        d = self.dialect
        world = self.ctx.world
        for pid, person in world.smugglers.items():
            if pid in self.register_ids:
                continue
            resident = PLACES[person.residence].country == d.country
            works_here = any(d.country in world.org(o).countries for o in person.orgs)
            if resident and chance(self.rng, KNOWN_RESIDENT.get(person.role, 0.3)):
                status = "wanted" if chance(self.rng, 0.25) else "investigated"
            elif works_here and person.role in ("leader", "coordinator", "broker") and chance(self.rng, 0.15):
                status = "wanted"
            else:
                continue
            day = date(2023, 1, 1) + timedelta(days=self.rng.randrange(730))
            self.known(pid, status, day)
        if not self.register_ids:
            self._register_someone()
        for pid, rid in sorted(self.register_ids.items(), key=lambda kv: kv[1]):
            status, day = self.register_info[pid]
            person = world.smugglers[pid]
            self._register_row(person, status, day, rid)
            if chance(self.rng, 0.04):
                extra = self.next_id("register")
                self._register_row(person, status, day + timedelta(days=self.rng.randint(30, 300)), extra)

    def _register_someone(self) -> None:
        """A force always knows somebody: the most senior smuggler working in its country."""
        world = self.ctx.world
        rank = {role: i for i, role in enumerate(("coordinator", "leader", "broker", "driver", "guide"))}
        working = [
            p for p in world.smugglers.values() if any(self.dialect.country in world.org(o).countries for o in p.orgs)
        ]
        if working:
            chosen = min(working, key=lambda p: (rank.get(p.role, 9), p.id))
            self.known(chosen.id, "wanted", date(2024, 1, 15))

    def _register_row(self, person: Person, status: str, day: date, rid: str) -> None:
        d = self.dialect
        c = d.register.columns
        r = render_person(self.rng, person, d.style, day, alias=True)
        org = self.ctx.world.org(person.orgs[0])
        leader = self.ctx.world.smugglers[org.leader]
        second = ""
        numbers = [u.number for u in person.phones]
        if len(numbers) > 1 and chance(self.rng, 0.6):
            second = write_phone(self.rng, numbers[1], d.country)
        street = f"{self.rng.choice(d.streets)} {self.rng.randint(1, 140)}"
        sem: dict[str, Any] = {
            "family": r.family,
            "given": r.given,
            "alias": r.alias,
            "father": r.father,
            "dob": r.dob,
            "id_number": person.id_number if person.nationality == d.country and chance(self.rng, 0.8) else "",
            "nationality": r.nationality,
            "sex": r.sex,
            "address": street,
            "city": PLACES[person.residence].label(d.place_lang),
            "role": ROLE_NAMES[r.lex][person.role],
            "group_id": self.org_ref(org, d.group_prefix),
            "group": d.group_name(org, leader),
            "status": STATUS_NAMES[r.lex][status],
            "date": day if d.format == "xlsx" else format_date(day, d.style.date_format),
        }
        if "phones" in c:
            sem["phones"] = [p for p in (r.phone, second) if p]
        else:
            sem["phone"] = r.phone
            sem["phone2"] = second
        if d.format == "json":
            sem["address"] = street
        row = {c[k]: v for k, v in sem.items() if k in c}
        sheet = d.sheet_name or None
        self.emit("register", day, row, [(c["id"], "", person.id, r.noise)], sheet=sheet, fixed_id=rid)
