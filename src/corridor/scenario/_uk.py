"""The UK's views: Border Force landings and lorry searches, NCA phones and money, BSC intelligence.

GB-BF records everyone who lands from a small boat or is found in a lorry, at Dover or
at the juxtaposed controls in Calais. GB-NCA downloads the phones of smugglers arrested
in the UK (boat pilots, lorry drivers, organisers), and holds financial intelligence on
bank and crypto payments. GB-BSC keeps intelligence reports: debriefs of people who
arrived, and sanitised reporting from sources, each row graded on its own.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from corridor.scenario._geography import PLACES
from corridor.scenario._identifiers import format_iban, imei, tx_hash
from corridor.scenario._lexicon import COUNTRY_NAMES, ISO3, ROLE_NAMES
from corridor.scenario._model import Batch, Event, Organisation, Payment, Person
from corridor.scenario._noise import Style, format_date, render_person
from corridor.scenario._scripts import write_name
from corridor.scenario._views import Context, FileSpec, View, chance
from corridor.scenario._writers import CsvWriter

EN = Style(target="en", lang="en", home="gb", date_format="%d/%m/%Y", p_variant=0.45, iso3=True, p_father_missing=1.0)
"""How UK agencies write people: English Latin spellings, ISO alpha-3 nationalities."""

UK_DATES = ["%d/%m/%Y", "%Y-%m-%d"]


def _uk_block(columns: list[str], *, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {
        "format": "csv", "encoding": "utf-8", "delimiter": ",", "lang": "eng", "script": "Latn",
        "phone_region": "GB", "date_formats": {c: UK_DATES for c in columns},
    }  # fmt: skip
    if extra:
        block.update(extra)
    return block


def _person(columns: dict[str, str], *, gender: bool = True) -> dict[str, Any]:
    props: dict[str, Any] = {
        "name": {"columns": [columns["given"], columns["family"]], "join": " "},
        "firstName": {"column": columns["given"]},
        "lastName": {"column": columns["family"]},
        "birthDate": {"column": columns["dob"]},
        "nationality": {"column": columns["nationality"]},
        "phone": {"column": columns["phone"], "format": "gb"} if "phone" in columns else None,
        "position": {"column": columns["role"]},
        "notes": {"column": columns["notes"]},
    }
    if gender:
        props["gender"] = {"column": columns["sex"]}
    return {"schema": "Person", "id_column": columns["id"], "properties": {k: v for k, v in props.items() if v}}


def _en_name(rng: random.Random, person: Person) -> str:
    return f"{write_name(person.given, person.lang, 'en')} {write_name(person.family, person.lang, 'en')}"


# --- Border Force ---------------------------------------------------------------------------


class BorderForceView(View):
    """GB-BF: small-boat arrivals and clandestine entrants found in lorries."""

    agency = "GB-BF"
    ARRIVALS = {"id": "record_id", "boat": "boat_ref", "date": "arrival_date", "place": "landing_point",
                "family": "surname", "given": "forenames", "dob": "date_of_birth",
                "nationality": "nationality", "sex": "sex", "phone": "phone", "role": "role",
                "notes": "notes"}  # fmt: skip
    LORRIES = {"id": "record_id", "detection": "detection_ref", "date": "detection_date",
               "place": "location", "country": "detection_country", "plate": "vehicle_reg",
               "plate_country": "vehicle_country", "family": "surname", "given": "forenames",
               "dob": "date_of_birth", "nationality": "nationality", "sex": "sex", "role": "role",
               "notes": "notes"}  # fmt: skip
    LANDINGS = {"dover": "Dover (Western Jet Foil)", "dungeness": "Dungeness beach"}

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        a, lo = self.ARRIVALS, self.LORRIES
        self.add(
            FileSpec("arrivals", "gb-bf/small_boat_arrivals.csv", self.agency, "csv", a["id"], "GB-BF-SBA-", "A1 P",
                     "People landed from small boats after crossing the Channel, with the boat they came on",
                     {"entities": {
                         "person": _person(a),
                         "boat": {"schema": "Event", "id_column": a["boat"], "properties": {
                             "name": {"column": a["boat"]}, "summary": {"literal": "Small boat arrival"},
                             "date": {"column": a["date"]}, "location": {"column": a["place"]},
                             "country": {"literal": "gb"}, "involved": {"entity": "person"}}}},
                      "corridor": _uk_block([a["date"], a["dob"]])}),
            CsvWriter(ctx.out / "gb-bf/small_boat_arrivals.csv", list(a.values())),
        )
        self.add(
            FileSpec("lorries", "gb-bf/clandestine_detections.csv", self.agency, "csv", lo["id"], "GB-BF-CLA-", "A1 P",
                     "People found concealed in lorries at Dover and at the juxtaposed controls in Calais",
                     {"entities": {
                         "person": _person(lo),
                         "vehicle": {"schema": "Vehicle", "keys": [lo["plate"]], "key_literal": "gb-bf-vehicle",
                                     "properties": {"name": {"column": lo["plate"]},
                                                    "registrationNumber": {"column": lo["plate"]},
                                                    "country": {"column": lo["plate_country"]}}},
                         "found_in": {"schema": "UnknownLink", "keys": [lo["id"]], "key_literal": "gb-bf-found-in",
                                      "properties": {"subject": {"entity": "person"}, "object": {"entity": "vehicle"},
                                                     "role": {"column": lo["role"]}, "date": {"column": lo["date"]}}},
                         "detection": {"schema": "Event", "id_column": lo["detection"], "properties": {
                             "name": {"column": lo["detection"]}, "summary": {"literal": "Clandestine entrants detected"},
                             "date": {"column": lo["date"]}, "location": {"column": lo["place"]},
                             "country": {"column": lo["country"]}, "involved": {"entity": "person"}}}},
                      "corridor": _uk_block([lo["date"], lo["dob"]])}),
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
            people.append((self.ctx.world.smugglers[pid], role, "arrested on landing" if arrested else "identified by passengers"))
        for person, role, note in people:
            r = render_person(self.rng, person, EN, day)
            if role == "migrant" and person.dob.year > 2006 and chance(self.rng, 0.3):
                note = "age disputed"
            row = {a["boat"]: boat, a["date"]: format_date(day, EN.date_format), a["place"]: place,
                   a["family"]: r.family.upper(), a["given"]: r.given, a["dob"]: r.dob,
                   a["nationality"]: r.nationality, a["sex"]: r.sex, a["phone"]: r.phone,
                   a["role"]: ROLE_NAMES["en"][role], a["notes"]: note}  # fmt: skip
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
            row = {lo["detection"]: ref, lo["date"]: format_date(day, EN.date_format),
                   lo["place"]: "Coquelles/Calais juxtaposed controls" if at_calais else "Dover Eastern Docks",
                   lo["country"]: "FRA" if at_calais else "GBR", lo["plate"]: vehicle.plate,
                   lo["plate_country"]: ISO3.get(vehicle.country, ""), lo["family"]: r.family.upper(),
                   lo["given"]: r.given, lo["dob"]: r.dob, lo["nationality"]: r.nationality,
                   lo["sex"]: r.sex, lo["role"]: "clandestine entrant" if role == "migrant" else "driver",
                   lo["notes"]: note}  # fmt: skip
            self.emit("lorries", event.day, row, [(lo["id"], "", person.id, r.noise)])


# --- National Crime Agency ------------------------------------------------------------------


class CrimeAgencyView(View):
    """GB-NCA: phone downloads and call logs of arrested smugglers, bank and crypto payments."""

    agency = "GB-NCA"
    PHONES = {"id": "record_id", "exhibit": "exhibit_ref", "date": "extraction_date",
              "owner": "device_owner_ref", "owner_name": "device_owner_name",
              "owner_number": "device_number", "imei": "device_imei", "name": "contact_name",
              "number": "contact_number", "first": "first_contact", "last": "last_contact",
              "calls": "call_count", "app": "app"}  # fmt: skip
    CALLS = {"id": "record_id", "exhibit": "exhibit_ref", "when": "start_time", "a": "caller_number",
             "b": "receiver_number", "seconds": "duration_s"}  # fmt: skip
    BANK = {"id": "record_id", "date": "value_date", "amount": "amount", "currency": "currency",
            "payer": "payer_ref", "payer_name": "payer_name", "payer_iban": "payer_iban",
            "payee": "beneficiary_ref", "payee_name": "beneficiary_name", "payee_iban": "beneficiary_iban",
            "reference": "reference", "source": "source"}  # fmt: skip
    CRYPTO = {"id": "record_id", "hash": "tx_hash", "when": "timestamp", "asset": "asset",
              "amount": "amount", "eur": "amount_eur", "from": "from_wallet", "from_ref": "from_owner_ref",
              "from_name": "from_owner_name", "to": "to_wallet", "to_ref": "to_owner_ref",
              "to_name": "to_owner_name", "basis": "attribution"}  # fmt: skip
    FININT = "B2 C conditions='financial intelligence: not for court' to=GB-BSC,EU-EUROPOL"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        p, c, b, x = self.PHONES, self.CALLS, self.BANK, self.CRYPTO
        self.add(
            FileSpec("phones", "gb-nca/phone_extractions.csv", self.agency, "csv", p["id"], "GB-NCA-CON-", "A1 P",
                     "Contacts downloaded from phones seized from arrested smugglers, one row per contact",
                     {"entities": {
                         "contact": {"schema": "Person", "id_column": p["id"], "properties": {
                             "name": {"column": p["name"]}, "phone": {"column": p["number"], "format": "gb"}}},
                         "owner": {"schema": "Person", "id_column": p["owner"], "properties": {
                             "name": {"column": p["owner_name"]}, "phone": {"column": p["owner_number"], "format": "gb"}}},
                         "contact_link": {"schema": "UnknownLink", "keys": [p["id"]], "key_literal": "gb-nca-contact",
                                          "properties": {"subject": {"entity": "owner"}, "object": {"entity": "contact"},
                                                         "role": {"column": p["app"]},
                                                         "startDate": {"column": p["first"]},
                                                         "endDate": {"column": p["last"]},
                                                         "description": {"column": p["exhibit"]}}}},
                      "corridor": _uk_block([p["date"], p["first"], p["last"]])}),
            CsvWriter(ctx.out / "gb-nca/phone_extractions.csv", list(p.values())),
        )
        self.add(
            FileSpec("calls", "gb-nca/call_records.csv", self.agency, "csv", c["id"], "GB-NCA-CDR-", "A1 P",
                     "Call logs downloaded from the same seized phones",
                     {"entities": {"call": {"schema": "Call", "id_column": c["id"], "properties": {
                         "callerNumber": {"column": c["a"], "format": "gb"},
                         "receiverNumber": {"column": c["b"], "format": "gb"},
                         "date": {"column": c["when"]}, "duration": {"column": c["seconds"]},
                         "description": {"column": c["exhibit"]}}}},
                      "corridor": _uk_block([])}),
            CsvWriter(ctx.out / "gb-nca/call_records.csv", list(c.values())),
        )
        self.add(
            FileSpec("bank", "gb-nca/bank_transfers.csv", self.agency, "csv", b["id"], "GB-NCA-BT-", self.FININT,
                     "Bank transfers to and from smugglers' money people (suspicious activity reports, production orders)",
                     {"entities": {
                         "payment": {"schema": "Payment", "id_column": b["id"], "properties": {
                             "payer": {"entity": "payer"}, "beneficiary": {"entity": "beneficiary"},
                             "payerAccount": {"entity": "payer_account"},
                             "beneficiaryAccount": {"entity": "beneficiary_account"},
                             "amount": {"column": b["amount"]}, "currency": {"column": b["currency"]},
                             "date": {"column": b["date"]}, "purpose": {"column": b["reference"]},
                             "description": {"column": b["source"]}}},
                         "payer": {"schema": "Person", "id_column": b["payer"], "properties": {"name": {"column": b["payer_name"]}}},
                         "beneficiary": {"schema": "Person", "id_column": b["payee"], "properties": {"name": {"column": b["payee_name"]}}},
                         "payer_account": {"schema": "BankAccount", "keys": [b["payer_iban"]], "key_literal": "iban",
                                           "properties": {"iban": {"column": b["payer_iban"]}}},
                         "beneficiary_account": {"schema": "BankAccount", "keys": [b["payee_iban"]], "key_literal": "iban",
                                                 "properties": {"iban": {"column": b["payee_iban"]}}}},
                      "corridor": _uk_block([b["date"]])}),
            CsvWriter(ctx.out / "gb-nca/bank_transfers.csv", list(b.values())),
        )
        self.add(
            FileSpec("crypto", "gb-nca/crypto_transfers.csv", self.agency, "csv", x["id"], "GB-NCA-CT-", self.FININT,
                     "Crypto-asset transfers traced on chain, with the owners attributed to each wallet",
                     {"entities": {
                         "payment": {"schema": "Payment", "id_column": x["id"], "properties": {
                             "payer": {"entity": "sender"}, "beneficiary": {"entity": "receiver"},
                             "amount": {"column": x["amount"]}, "currency": {"column": x["asset"]},
                             "amountEur": {"column": x["eur"]}, "date": {"column": x["when"]},
                             "transactionNumber": {"column": x["hash"]}, "description": {"column": x["basis"]}}},
                         "sender": {"schema": "Person", "id_column": x["from_ref"], "properties": {"name": {"column": x["from_name"]}}},
                         "receiver": {"schema": "Person", "id_column": x["to_ref"], "properties": {"name": {"column": x["to_name"]}}},
                         "sender_wallet": {"schema": "CryptoWallet", "keys": [x["from"]], "key_literal": "wallet",
                                           "properties": {"publicKey": {"column": x["from"]}, "holder": {"entity": "sender"},
                                                          "currencySymbol": {"column": x["asset"]}}},
                         "receiver_wallet": {"schema": "CryptoWallet", "keys": [x["to"]], "key_literal": "wallet",
                                             "properties": {"publicKey": {"column": x["to"]}, "holder": {"entity": "receiver"},
                                                            "currencySymbol": {"column": x["asset"]}}}},
                      "corridor": _uk_block([])}),
            CsvWriter(ctx.out / "gb-nca/crypto_transfers.csv", list(x.values())),
        )
        world = ctx.world
        self.candidates: list[str] = [
            pid for pid, p in world.smugglers.items()
            if PLACES[p.residence].country == "gb" or any(world.org(o).stage in ("west", "channel") for o in p.orgs)
        ]
        self.numbers: set[str] = {u.number for pid in self.candidates for u in world.smugglers[pid].phones}
        self._spool_dir = tempfile.TemporaryDirectory(prefix="corridor-nca-")
        self.spool_path = Path(self._spool_dir.name) / "calls.tsv"
        self._spool = self.spool_path.open("w", encoding="utf-8")

    def on_batch(self, batch: Batch) -> None:
        """Spool the calls of candidate phones; record bank and crypto payments."""
        for call in batch.calls:
            if call.caller_number in self.numbers or call.callee_number in self.numbers:
                self._spool.write(f"{call.when.isoformat()}\t{call.caller_number}\t{call.callee_number}\t"
                                  f"{call.seconds}\t{call.caller}\t{call.callee}\n")
        migrants = {m.id: m for g in batch.groups for m in g.migrants}
        for payment in batch.payments:
            if payment.method == "bank" and payment.payer_account and payment.payee_account:
                uk_link = payment.payee_account[:2] in ("GB", "DE", "AT") or payment.payer_account[:2] == "GB"
                org = self.ctx.world.org(payment.org)
                if chance(self.rng, 0.8 if uk_link or org.stage in ("west", "channel") else 0.2):
                    self._bank(payment, migrants)
            elif payment.method == "crypto" and payment.payer_account and payment.payee_account and chance(self.rng, 0.5):
                self._crypto(payment, migrants)
        self.flush()

    def _who(self, pid: str, migrants: dict[str, Person]) -> Person:
        return migrants.get(pid) or self.ctx.world.smugglers[pid]

    def _kyc_name(self, person: Person, day: date) -> tuple[str, list[str]]:
        r = render_person(self.rng, person, EN, day)
        return f"{r.family.upper()} {r.given}", r.noise

    def _bank(self, payment: Payment, migrants: dict[str, Person]) -> None:
        b = self.BANK
        payer, payee = self._who(payment.payer, migrants), self._who(payment.payee, migrants)
        payer_name, payer_noise = self._kyc_name(payer, payment.day)
        payee_name, payee_noise = self._kyc_name(payee, payment.day)

        def show(value: str) -> str:
            return format_iban(value) if chance(self.rng, 0.5) else value

        row = {b["date"]: format_date(payment.day, EN.date_format), b["amount"]: payment.amount_eur,
               b["currency"]: "EUR", b["payer_name"]: payer_name, b["payer_iban"]: show(payment.payer_account),
               b["payee_name"]: payee_name, b["payee_iban"]: show(payment.payee_account),
               b["reference"]: self.rng.choice(("family support", "loan", "gift", "rent", "car repair", "invoice 2231", "")),
               b["source"]: self.rng.choice(("SAR", "SAR", "production order", "MLA return"))}  # fmt: skip
        self.emit("bank", payment.day, row, [(b["payer"], "-P", payer.id, payer_noise),
                                             (b["payee"], "-B", payee.id, payee_noise)])

    def _crypto(self, payment: Payment, migrants: dict[str, Person]) -> None:
        x = self.CRYPTO
        payer, payee = self._who(payment.payer, migrants), self._who(payment.payee, migrants)
        btc = payment.payer_account.startswith("bc1") or payment.payee_account.startswith("bc1")
        when = datetime.combine(payment.day, time(self.rng.randrange(24), self.rng.randrange(60), self.rng.randrange(60)))
        amount = f"{payment.amount_eur / 38_000:.6f}" if btc else f"{payment.amount_eur * 1.08:.2f}"
        names: list[str] = []
        noises: list[list[str]] = []
        for person in (payer, payee):
            if chance(self.rng, 0.7):
                name, noise = self._kyc_name(person, payment.day)
            else:
                name, noise = "", ["name_missing"]
            names.append(name)
            noises.append(noise)
        row = {x["hash"]: tx_hash(self.rng), x["when"]: when.isoformat(), x["asset"]: "BTC" if btc else "USDT",
               x["amount"]: amount, x["eur"]: payment.amount_eur, x["from"]: payment.payer_account,
               x["from_name"]: names[0], x["to"]: payment.payee_account, x["to_name"]: names[1],
               x["basis"]: self.rng.choice(("exchange KYC", "cluster heuristic", "seized device"))}  # fmt: skip
        self.emit("crypto", when, row, [(x["from_ref"], "-F", payer.id, noises[0]), (x["to_ref"], "-T", payee.id, noises[1])])

    def finish(self) -> None:
        """Download the phones of the smugglers arrested in the UK (and some handed over by France)."""
        self._spool.close()
        world = self.ctx.world
        devices: dict[str, tuple[str, str, date]] = {}
        for pid in self.candidates:
            person = world.smugglers[pid]
            uk_resident = PLACES[person.residence].country == "gb"
            if person.arrested_by == "gb" or (person.arrested_by == "fr" and chance(self.rng, 0.3)):
                seized = person.arrested or date(2025, 3, 1)
            elif uk_resident and chance(self.rng, 0.5):
                seized = date(2025, 3, 1) + timedelta(days=self.rng.randrange(60))
            else:
                continue
            number = person.phone_on(seized - timedelta(days=1)) or (person.phones[-1].number if person.phones else None)
            if number and number not in devices:
                devices[number] = (pid, f"GB-NCA-EXH-{len(devices) + 1:04d}", seized)
        contacts: dict[tuple[str, str], list[Any]] = {}
        with self.spool_path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if n % 50_000 == 0:
                    self.flush()
                when_text, a, b, seconds, caller, callee = line.rstrip("\n").split("\t")
                when = datetime.fromisoformat(when_text)
                for mine, other, other_pid in ((a, b, callee), (b, a, caller)):
                    device = devices.get(mine)
                    if device is None or when.date() > device[2]:
                        continue
                    self._call_row(device[1], when, a, b, int(seconds))
                    if other_pid not in world.smugglers:
                        continue
                    entry = contacts.setdefault((mine, other), [other_pid, when, when, 0])
                    entry[2] = when
                    entry[3] += 1
        self._spool_dir.cleanup()
        for (mine, other), (other_pid, first, last, count) in contacts.items():
            owner_pid, exhibit, seized = devices[mine]
            self._contact_row(exhibit, seized, owner_pid, mine, other_pid, other, first, last, count)

    def _call_row(self, exhibit: str, when: datetime, a: str, b: str, seconds: int) -> None:
        c = self.CALLS
        row = {c["exhibit"]: exhibit, c["when"]: when.isoformat(), c["a"]: a, c["b"]: b, c["seconds"]: seconds}
        self.emit("calls", when, row, [])

    def _contact_row(
        self, exhibit: str, seized: date, owner_pid: str, number: str, other_pid: str, other: str,
        first: datetime, last: datetime, count: int,
    ) -> None:
        p = self.PHONES
        world = self.ctx.world
        owner = world.smugglers[owner_pid]
        contact = world.smugglers[other_pid]
        label, noise = contact_label(self.rng, contact)
        row = {p["exhibit"]: exhibit, p["date"]: format_date(seized + timedelta(days=14), EN.date_format),
               p["owner_name"]: _en_name(self.rng, owner), p["owner_number"]: number,
               p["imei"]: imei(random.Random(f"{self.ctx.seed}:{exhibit}")), p["name"]: label,
               p["number"]: other, p["first"]: first.date().isoformat(), p["last"]: last.date().isoformat(),
               p["calls"]: count, p["app"]: self.rng.choice(("WhatsApp", "WhatsApp", "Signal", "Telegram", "Phone"))}  # fmt: skip
        self.emit("phones", first, row, [(p["id"], "", contact.id, noise), (p["owner"], f"{exhibit}-OWNER", owner.id, [])])


def contact_label(rng: random.Random, person: Person) -> tuple[str, list[str]]:
    """How a smuggler is saved in a peer's phone: a nickname, a first name and a town, a role."""
    given = write_name(person.given, person.lang, "en")
    town = PLACES[person.residence].name.split(" ")[0]
    nick = write_name(person.nicknames[0], person.lang, "en") if person.nicknames else ""
    options = [
        f"{given} {town}",
        f"{given} {write_name(person.family, person.lang, 'en')[:1]}",
        f"{given} {ROLE_NAMES['en'][person.role].split(' ')[-1]}",
    ]
    if nick:
        options += [nick, f"{nick} {given}"]
    if person.lang in ("kur", "fas"):
        options.append(f"Kaka {given}")
    return rng.choice(options), ["contact_label"]


# --- Border Security Command ------------------------------------------------------------------


class BorderSecurityView(View):
    """GB-BSC: intelligence reports from debriefs of arrivals and from sources."""

    agency = "GB-BSC"
    REPORTS = {"id": "record_id", "report": "report_ref", "date": "report_date", "source": "source_type",
               "grading": "grading", "name": "subject_name", "alias": "subject_alias",
               "nationality": "subject_nationality", "phone": "subject_phone", "place": "subject_location",
               "role": "assessed_role", "network_ref": "network_ref", "network": "network_name",
               "summary": "summary"}  # fmt: skip
    DEBRIEF = "C3 C conditions='source protection: not for court' to=GB-NCA,GB-BF,EU-EUROPOL"
    CHIS = "B2 C conditions='sanitised source reporting: not for court, no onward disclosure' to=GB-NCA"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        r = self.REPORTS
        self.add(
            FileSpec("reports", "gb-bsc/intelligence_reports.csv", self.agency, "csv", r["id"], "GB-BSC-SUB-", self.DEBRIEF,
                     "Intelligence reports naming smugglers: debriefs of arrivals and source reporting, graded per row",
                     {"entities": {
                         "subject": {"schema": "Person", "id_column": r["id"], "properties": {
                             "name": {"column": r["name"]}, "alias": {"column": r["alias"]},
                             "nationality": {"column": r["nationality"]},
                             "phone": {"column": r["phone"], "format": "gb"},
                             "address": {"column": r["place"]}, "position": {"column": r["role"]},
                             "notes": {"column": r["summary"]}}},
                         "network": {"schema": "Organization", "id_column": r["network_ref"], "properties": {
                             "name": {"column": r["network"]}}},
                         "membership": {"schema": "Membership", "keys": [r["id"], r["network_ref"]],
                                        "key_literal": "gb-bsc-membership", "properties": {
                                            "member": {"entity": "subject"}, "organization": {"entity": "network"},
                                            "role": {"column": r["role"]}}}},
                      "corridor": _uk_block([r["date"]], extra={"marking_column": r["grading"]})}),
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
        row = {r["report"]: ref, r["date"]: format_date(day, EN.date_format), r["source"]: source, r["grading"]: grading,
               r["name"]: label, r["alias"]: write_name(person.nicknames[0], person.lang, "en") if person.nicknames else "",
               r["nationality"]: COUNTRY_NAMES["en"][person.nationality] if chance(self.rng, 0.7) else "",
               r["phone"]: number if number and chance(self.rng, 0.7) else "",
               r["place"]: PLACES[person.residence].name, r["role"]: ROLE_NAMES["en"][person.role],
               r["network_ref"]: self.org_ref(org, "GB-BSC-NET-"), r["network"]: network_name(self.rng, org, self.ctx),
               r["summary"]: _summary(self.rng, person, org, source)}  # fmt: skip
        self.emit("reports", day, row, [(r["id"], "", pid, noise)])


def network_name(rng: random.Random, org: Organisation, ctx: Context) -> str:
    """How UK and Europol analysts name a network: after its leader, as an OCG."""
    leader = ctx.world.smugglers[org.leader]
    family = write_name(leader.family, leader.lang, "en")
    return f"{family} OCG" if not org.nickname else f"'{write_name(leader.nicknames[0], leader.lang, 'en')}' network"


def _summary(rng: random.Random, person: Person, org: Organisation, source: str) -> str:
    place = PLACES[person.residence].name
    role = ROLE_NAMES["en"][person.role]
    if source == "debrief":
        return rng.choice((
            f"Subject arranged the crossing; met near {place}. Paid through an intermediary.",
            f"Subject described as the {role} who took phones and money before the boat left.",
            f"Passengers were told to contact subject by WhatsApp once in the UK; subject based in {place}.",
        ))
    return rng.choice((
        f"Subject is assessed to act as {role} for a network moving migrants through {place}.",
        f"Subject is reported to receive proceeds of smuggling and to travel between {place} and the continent.",
        f"Subject coordinates with Balkan partners of the network; uses several phones.",
    ))
