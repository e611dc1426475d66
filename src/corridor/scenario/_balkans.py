"""The five national forces on the route, in their own dialects, and their extra files.

Serbia (RS-MUP) writes semicolon-separated UTF-8 CSV with a byte-order mark, as Excel
saves it, in Cyrillic with some rows in Latin, dates ``dd.mm.yyyy.``; it also holds
vehicle checks and call records from lawful interception. North Macedonia (MK-MVR)
keeps Excel workbooks in Macedonian Cyrillic, one sheet per year. Kosovo (XK-KP)
exports JSON in Albanian with nested objects. Albania (AL-ASP) writes comma-separated
CSV with upper-case surnames and ``dd/mm/yyyy`` dates. Turkey (TR-EGM) writes Windows-1254
CSV with Turkish headings and a seized hawala ledger.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from corridor.scenario._geography import PLACES
from corridor.scenario._model import Batch, Organisation, Person, Vehicle
from corridor.scenario._noise import Style, format_date, render_person
from corridor.scenario._police import Dialect, Layout, PoliceView, corridor_block
from corridor.scenario._scripts import sr_lat_to_cyr, tr_title, write_name
from corridor.scenario._views import Context, FileSpec, chance
from corridor.scenario._writers import CsvWriter


def _rs_group(org: Organisation, leader: Person) -> str:
    if org.nickname and leader.lang == "srp":
        return f"група „{write_name(leader.nicknames[0], leader.lang, 'sr-Cyrl')}“"
    return f"ОКГ „{write_name(leader.family, leader.lang, 'sr-Cyrl')}“"


RS = Dialect(
    agency="RS-MUP",
    country="rs",
    style=Style(target="sr-Cyrl", lang="sr", home="rs", date_format="%d.%m.%Y.", latin_share=0.15),
    format="csv",
    lang="srp",
    script="Cyrl",
    place_lang="sr",
    date_formats=("%d.%m.%Y.", "%d.%m.%Y"),
    interceptions=Layout(
        "rs-mup/interceptions.csv", "RS-INT-", "B2 P",
        "Persons found crossing the border irregularly or being smuggled, and smugglers arrested with them",
        {"id": "ид", "case": "број_предмета", "date": "датум", "place": "место", "family": "презиме",
         "given": "име", "father": "име_оца", "dob": "датум_рођења", "nationality": "држављанство",
         "sex": "пол", "role": "својство", "phone": "телефон", "notes": "напомена"},
    ),
    register=Layout(
        "rs-mup/suspects.csv", "RS-OSU-",
        "B2 C conditions='not for court without RS-MUP consent' to=GB-NCA,GB-BSC,GB-BF,EU-EUROPOL,MK-MVR",
        "Register of persons suspected of migrant smuggling (criminal intelligence)",
        {"id": "ид", "family": "презиме", "given": "име", "alias": "надимак", "father": "име_оца",
         "dob": "датум_рођења", "id_number": "јмбг", "nationality": "држављанство", "sex": "пол",
         "address": "адреса", "city": "место_пребивалишта", "phone": "телефон", "phone2": "телефон_2",
         "role": "улога", "group_id": "ид_групе", "group": "група", "status": "статус",
         "date": "датум_уноса"},
    ),
    case_prefix="RS-KU-",
    group_prefix="RS-GRP-",
    group_name=_rs_group,
    notes={"foot": "Пешице преко зелене границе", "van": "Затечени у комбију",
           "car": "Затечени у путничком возилу", "lorry": "Скривени у теретном возилу",
           "bus": "У аутобусу", "dinghy": "Чамцем преко реке"},
    streets=("Булевар ослобођења", "Карађорђева", "Кнеза Милоша", "Николе Пашића", "Цара Душана",
             "Немањина", "Војводе Степе"),
    event_summary="Недозвољен прелазак државне границе и кријумчарење људи",
    registration_note="Регистрован у прихватном центру",
    p_registration=0.2,
    encoding="utf-8-sig",
    delimiter=";",
    crlf=True,
)  # fmt: skip

MK = Dialect(
    agency="MK-MVR",
    country="mk",
    style=Style(target="mk-Cyrl", lang="mk", home="mk", date_format="%d.%m.%Y"),
    format="xlsx",
    lang="mkd",
    script="Cyrl",
    place_lang="mk",
    date_formats=("%d.%m.%Y", "%d.%m.%Y."),
    interceptions=Layout(
        "mk-mvr/apprehensions.xlsx", "MK-LIC-", "B2 P",
        "Persons apprehended for irregular entry or transit, one sheet per year",
        {"id": "Реф. бр.", "case": "Број на случај", "date": "Датум", "place": "Место",
         "family": "Презиме", "given": "Име", "father": "Татково име", "dob": "Датум на раѓање",
         "nationality": "Државјанство", "sex": "Пол", "role": "Својство", "phone": "Телефон",
         "notes": "Забелешка"},
    ),
    register=Layout(
        "mk-mvr/smugglers.xlsx", "MK-OSM-", "C2 P",
        "Persons reported for migrant smuggling (criminal complaints)",
        {"id": "Реф. бр.", "family": "Презиме", "given": "Име", "alias": "Прекар",
         "father": "Татково име", "dob": "Датум на раѓање", "id_number": "ЕМБГ",
         "nationality": "Државјанство", "sex": "Пол", "address": "Адреса", "city": "Град",
         "phone": "Телефон", "phone2": "Телефон 2", "role": "Улога", "group_id": "Шифра на група",
         "group": "Група", "status": "Статус", "date": "Датум"},
    ),
    case_prefix="MK-SL-",
    group_prefix="MK-GRP-",
    group_name=lambda org, leader: f"групата на {write_name(leader.family, leader.lang, 'mk-Cyrl')}",
    notes={"foot": "Пешки преку зелена граница", "van": "Во комбе", "car": "Во патничко возило",
           "lorry": "Во товарно возило", "bus": "Во автобус"},
    streets=("ул. Илинденска", "бул. Партизански одреди", "ул. Гоце Делчев", "ул. Македонија",
             "ул. Маршал Тито", "ул. Беласица"),
    event_summary="Криумчарење мигранти",
    registration_note="Регистриран во транзитен центар",
    p_registration=0.25,
    sheet_name="Осомничени",
)  # fmt: skip

XK = Dialect(
    agency="XK-KP",
    country="xk",
    style=Style(target="sq", lang="sq", home="xk", date_format="%d.%m.%Y", p_ascii=0.15),
    format="json",
    lang="sqi",
    script="Latn",
    place_lang="sq",
    date_formats=("%d.%m.%Y", "%d/%m/%Y"),
    interceptions=Layout(
        "xk-kp/apprehensions.json", "XK-KAP-", "B2 P",
        "Persons apprehended crossing the boundary irregularly, and smugglers arrested with them",
        {"id": "id", "case": "rasti", "date": "data", "place": "vendi",
         "given": "personi.emri", "family": "personi.mbiemri", "father": "personi.emri_i_babait",
         "dob": "personi.datelindja", "nationality": "personi.shtetesia", "sex": "personi.gjinia",
         "role": "roli", "phone": "telefonat", "notes": "shenime"},
    ),
    register=Layout(
        "xk-kp/suspects.json", "XK-DYS-",
        "C3 C conditions='source protection: not for court' to=GB-NCA,GB-BSC,AL-ASP,MK-MVR",
        "Persons suspected of organising migrant smuggling",
        {"id": "id", "given": "emri", "family": "mbiemri", "alias": "pseudonimi",
         "father": "emri_i_babait", "dob": "datelindja", "id_number": "numri_personal",
         "nationality": "shtetesia", "sex": "gjinia", "address": "adresa.rruga",
         "city": "adresa.qyteti", "phones": "telefonat", "role": "roli", "group_id": "grupi.id",
         "group": "grupi.emri", "status": "statusi", "date": "data_regjistrimit"},
    ),
    case_prefix="XK-RAST-",
    group_prefix="XK-GRP-",
    group_name=lambda org, leader: f"grupi kriminal '{write_name(leader.family, leader.lang, 'sq')}'",
    notes={"foot": "Në këmbë përmes kufirit të gjelbër", "car": "Në automjet", "van": "Në furgon",
           "lorry": "Në kamion", "bus": "Në autobus"},
    streets=("Rruga Nëna Terezë", "Bulevardi Bill Clinton", "Rruga Agim Ramadani", "Rruga Adem Jashari",
             "Rruga Luan Haradinaj"),
    event_summary="Kalim i paligjshëm i kufirit dhe kontrabandim me migrantë",
    registration_note="Regjistruar gjatë kontrollit policor",
    p_registration=0.5,
    gender_mapped=True,
    json_header={"burimi": "Policia e Kosovës – Drejtoria për Hetimin e Trafikimit me Njerëz",
                 "formati": "eksport-2", "gjuha": "sq"},
    json_key="regjistrimet",
)  # fmt: skip

AL = Dialect(
    agency="AL-ASP",
    country="al",
    style=Style(target="sq", lang="sq", home="al", date_format="%d/%m/%Y", upper_family=True, p_ascii=0.2),
    format="csv",
    lang="sqi",
    script="Latn",
    place_lang="sq",
    date_formats=("%d/%m/%Y", "%d.%m.%Y"),
    interceptions=Layout(
        "al-asp/interceptions.csv", "AL-INT-", "B2 P",
        "Foreign nationals apprehended for irregular entry or exit, and smugglers arrested with them",
        {"id": "nr_ref", "case": "nr_procedimi", "date": "data", "place": "vendi", "family": "mbiemri",
         "given": "emri", "father": "atesia", "dob": "datelindja", "nationality": "shtetesia",
         "sex": "gjinia", "role": "cilesia", "phone": "telefoni", "notes": "shenime"},
    ),
    register=Layout(
        "al-asp/smugglers.csv", "AL-SUS-",
        "B3 C conditions='not for court without AL-ASP consent' to=GB-NCA,GB-BSC,XK-KP,MK-MVR,EU-EUROPOL",
        "Persons suspected of migrant smuggling",
        {"id": "nr_ref", "family": "mbiemri", "given": "emri", "alias": "nofka", "father": "atesia",
         "dob": "datelindja", "id_number": "nr_personal", "nationality": "shtetesia", "sex": "gjinia",
         "address": "adresa", "city": "qyteti", "phone": "telefoni", "phone2": "telefoni_2",
         "role": "roli", "group_id": "kodi_grupit", "group": "grupi", "status": "statusi",
         "date": "data_regjistrimit"},
    ),
    case_prefix="AL-PROC-",
    group_prefix="AL-GRP-",
    group_name=lambda org, leader: f"grupi i {write_name(leader.family, leader.lang, 'sq')}",
    notes={"foot": "Në këmbë përmes kufirit", "car": "Në automjet", "van": "Në furgon",
           "lorry": "Në kamion", "bus": "Në autobus"},
    streets=("Rruga e Durrësit", "Rruga e Kavajës", "Bulevardi Zogu I", "Rruga Myslym Shyri",
             "Lagjja 1 Maj", "Rruga Don Bosko"),
    event_summary="Kalim i paligjshëm i kufirit shtetëror",
    registration_note="Regjistruar në qendrën e pritjes",
    p_registration=0.25,
    gender_mapped=True,
)  # fmt: skip

TR = Dialect(
    agency="TR-EGM",
    country="tr",
    style=Style(target="tr", lang="tr", home="tr", date_format="%d.%m.%Y", upper_family=True),
    format="csv",
    lang="tur",
    script="Latn",
    place_lang="tr",
    date_formats=("%d.%m.%Y", "%d/%m/%Y"),
    interceptions=Layout(
        "tr-egm/apprehensions.csv", "TR-YKL-", "B2 P",
        "Irregular migrants apprehended, and organisers caught with them",
        {"id": "kayıt_no", "case": "dosya_no", "date": "yakalama_tarihi", "place": "yakalama_yeri",
         "family": "soyadı", "given": "adı", "father": "baba_adı", "dob": "doğum_tarihi",
         "nationality": "uyruğu", "sex": "cinsiyeti", "role": "statüsü", "phone": "telefon",
         "notes": "açıklama"},
    ),
    register=Layout(
        "tr-egm/organisers.csv", "TR-ORG-",
        "B2 C conditions='not for court without TR-EGM consent' to=GB-NCA,GB-BSC,EU-EUROPOL,MK-MVR",
        "Suspected organisers of migrant smuggling",
        {"id": "kayıt_no", "family": "soyadı", "given": "adı", "alias": "lakabı", "father": "baba_adı",
         "dob": "doğum_tarihi", "id_number": "tc_kimlik_no", "nationality": "uyruğu", "sex": "cinsiyeti",
         "address": "adres", "city": "il", "phone": "telefon", "phone2": "telefon_2", "role": "görevi",
         "group_id": "örgüt_kodu", "group": "örgüt", "status": "durumu", "date": "kayıt_tarihi"},
    ),
    case_prefix="TR-DSY-",
    group_prefix="TR-GRP-",
    group_name=lambda org, leader: f"{write_name(leader.family, leader.lang, 'tr')} organizasyonu",
    notes={"foot": "Yaya olarak sınırı geçerken", "dinghy": "Meriç nehrini botla geçerken",
           "car": "Otomobilde", "van": "Minibüste", "bus": "Otobüste", "lorry": "Tır dorsesinde"},
    streets=("Atatürk Cad.", "Cumhuriyet Mah.", "İnönü Cad.", "Fevzi Çakmak Sok.", "Kazım Karabekir Cad.",
             "Talatpaşa Bulvarı"),
    event_summary="Göçmen kaçakçılığı",
    encoding="windows-1254",
    delimiter=";",
    crlf=True,
)  # fmt: skip


# --- Serbia: vehicles and call records ------------------------------------------------------


class SerbiaView(PoliceView):
    """RS-MUP: interceptions, register, vehicle checks and call records of targeted phones."""

    VEHICLES: ClassVar[dict[str, str]] = {
        "id": "ид",
        "plate": "регистарска_ознака",
        "model": "марка_и_модел",
        "colour": "боја",
        "country": "држава_регистрације",
        "date": "датум_провере",
        "place": "место_провере",
        "driver": "ид_возача",
        "notes": "напомена",
    }
    CALLS: ClassVar[dict[str, str]] = {
        "id": "ид",
        "a": "број_а",
        "b": "број_б",
        "when": "датум_и_време",
        "seconds": "трајање_сек",
        "cell": "базна_станица",
    }
    COLOURS: ClassVar[dict[str, str]] = {
        "white": "бела",
        "black": "црна",
        "silver": "сива металик",
        "grey": "сива",
        "blue": "плава",
        "red": "црвена",
        "dark green": "тамно зелена",
    }

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, RS)
        v, c = self.VEHICLES, self.CALLS
        self.add(
            FileSpec(
                "vehicles",
                "rs-mup/vehicles.csv",
                "RS-MUP",
                "csv",
                v["id"],
                "RS-VOZ-",
                "B2 P",
                "Vehicles checked or seized in smuggling cases, with the suspect who used them",
                {
                    "entities": {
                        "vehicle": {
                            "schema": "Vehicle",
                            "id_column": v["id"],
                            "properties": {
                                "name": {"column": v["plate"]},
                                "registrationNumber": {"column": v["plate"]},
                                "model": {"column": v["model"]},
                                "country": {"column": v["country"]},
                                "notes": {"columns": [v["colour"], v["place"], v["notes"]], "join": "; "},
                                "operator": {"entity": "driver"},
                            },
                        },
                        "driver": {"schema": "Person", "id_column": v["driver"]},
                    },
                    "corridor": corridor_block(RS, {"date": v["date"]}),
                },
            ),
            CsvWriter(
                ctx.out / "rs-mup/vehicles.csv", list(v.values()), delimiter=";", encoding="utf-8-sig", crlf=True
            ),
        )
        self.add(
            FileSpec(
                "calls",
                "rs-mup/calls.csv",
                "RS-MUP",
                "csv",
                c["id"],
                "RS-LST-",
                "A1 C conditions='lawful interception product: intelligence use only' "
                "to=GB-NCA,EU-EUROPOL review=2026-12-31",
                "Call data records of phones under lawful interception (retained data)",
                {
                    "entities": {
                        "call": {
                            "schema": "Call",
                            "id_column": c["id"],
                            "properties": {
                                "callerNumber": {"column": c["a"], "format": "rs"},
                                "receiverNumber": {"column": c["b"], "format": "rs"},
                                "date": {"column": c["when"]},
                                "duration": {"column": c["seconds"]},
                                "description": {"column": c["cell"]},
                            },
                        }
                    },
                    "corridor": {**corridor_block(RS, {}), "date_formats": {c["when"]: ["%d.%m.%Y %H:%M:%S"]}},
                },
            ),
            CsvWriter(ctx.out / "rs-mup/calls.csv", list(c.values()), delimiter=";", encoding="utf-8-sig", crlf=True),
        )
        self.targets: dict[str, str] = {}
        for pid, person in ctx.world.smugglers.items():
            if PLACES[person.residence].country == "rs" and chance(self.rng, 0.35):
                for use in person.phones:
                    if use.number.startswith("+381"):
                        self.targets.setdefault(use.number, pid)

    def on_batch(self, batch: Batch) -> None:
        """Interceptions, then the vehicles seen in them, then intercepted calls."""
        super().on_batch(batch)
        world = self.ctx.world
        for event in batch.events:
            if event.kind != "interception" or event.country != "rs" or not event.vehicle:
                continue
            vehicle = world.vehicles[event.vehicle]
            self._vehicle_row(
                vehicle, event.day.date(), PLACES[event.place].label("sr"), "Коришћено за превоз миграната"
            )
        for call in batch.calls:
            if call.caller_number in self.targets or call.callee_number in self.targets:
                self._call_row(call.when, call.caller_number, call.callee_number, call.seconds, call.caller)
        self.flush()

    def finish(self) -> None:
        """Vehicles of registered suspects, checked at some point, then the register itself."""
        world = self.ctx.world
        for vehicle in world.vehicles.values():
            if vehicle.country != "rs" or vehicle.owner not in world.smugglers:
                continue
            if vehicle.owner in self.register_ids and chance(self.rng, 0.5):
                day = date(2023, 1, 1) + timedelta(days=self.rng.randrange(730))
                self._vehicle_row(
                    vehicle, day, PLACES[world.smugglers[vehicle.owner].residence].label("sr"), "Редовна контрола"
                )
        super().finish()

    def _vehicle_row(self, vehicle: Vehicle, day: date, place: str, note: str) -> None:
        v = self.VEHICLES
        plate = vehicle.plate
        roll = self.rng.random()
        if vehicle.country == "rs" and roll < 0.2:
            plate = sr_lat_to_cyr(plate)
        elif roll < 0.35:
            plate = plate.replace(" ", "").replace("-", "")
        driver_ref = self.known(vehicle.owner, "investigated", day)
        row: dict[str, Any] = {
            v["plate"]: plate,
            v["model"]: vehicle.model,
            v["colour"]: self.COLOURS.get(vehicle.colour, vehicle.colour),
            v["country"]: _COUNTRY_SR.get(vehicle.country, ""),
            v["date"]: format_date(day, RS.style.date_format),
            v["place"]: place,
            v["driver"]: driver_ref,
            v["notes"]: note,
        }
        self.emit("vehicles", day, row, [])

    def _call_row(self, when: datetime, a: str, b: str, seconds: int, caller: str) -> None:
        c = self.CALLS
        target = a if a in self.targets else b
        person = self.ctx.world.smugglers.get(self.targets[target])
        town = PLACES[person.residence].name if person else "Beograd"
        row = {
            c["a"]: _cdr_number(a),
            c["b"]: _cdr_number(b),
            c["when"]: when.strftime("%d.%m.%Y %H:%M:%S"),
            c["seconds"]: seconds,
            c["cell"]: f"{town.upper()[:3]}-{(sum(map(ord, target)) % 900) + 100}",
        }
        self.emit("calls", when, row, [])


_COUNTRY_SR = {"rs": "Србија", "mk": "Македонија", "bg": "Бугарска", "tr": "Турска", "hu": "Мађарска",
               "de": "Немачка", "at": "Аустрија", "al": "Албанија", "xk": "Косово", "gr": "Грчка",
               "ba": "Босна и Херцеговина", "gb": "Велика Британија", "fr": "Француска"}  # fmt: skip


def _cdr_number(e164: str) -> str:
    """A number as Serbian operators' call records give it: ``0…`` at home, ``00…`` abroad."""
    if e164.startswith("+381"):
        return "0" + e164[4:]
    return "00" + e164[1:]


# --- Turkey: a seized hawala ledger ---------------------------------------------------------


class TurkeyView(PoliceView):
    """TR-EGM: apprehensions, organisers, and the ledgers of hawala bankers raided in Istanbul."""

    LEDGER: ClassVar[dict[str, str]] = {
        "id": "kayıt_no",
        "date": "tarih",
        "sender_id": "gönderen_no",
        "sender": "gönderen",
        "sender_phone": "gönderen_tel",
        "receiver_id": "alıcı_no",
        "receiver": "alıcı",
        "amount": "tutar",
        "currency": "para_birimi",
        "code": "şifre",
        "note": "açıklama",
    }

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, TR)
        h = self.LEDGER
        self.add(
            FileSpec(
                "hawala",
                "tr-egm/hawala_ledger.csv",
                "TR-EGM",
                "csv",
                h["id"],
                "TR-HWL-",
                "A2 C conditions='seized ledger: evidential use needs TR-EGM consent' to=GB-NCA,EU-EUROPOL",
                "Entries of ledgers seized from hawala bankers in Istanbul",
                {
                    "entities": {
                        "payment": {
                            "schema": "Payment",
                            "id_column": h["id"],
                            "properties": {
                                "payer": {"entity": "sender"},
                                "beneficiary": {"entity": "receiver"},
                                "amount": {"column": h["amount"]},
                                "currency": {"column": h["currency"]},
                                "date": {"column": h["date"]},
                                "transactionNumber": {"column": h["code"]},
                                "purpose": {"column": h["note"]},
                                "programme": {"literal": "hawala"},
                            },
                        },
                        "sender": {
                            "schema": "Person",
                            "id_column": h["sender_id"],
                            "properties": {
                                "name": {"column": h["sender"]},
                                "phone": {"column": h["sender_phone"], "format": "tr"},
                            },
                        },
                        "receiver": {
                            "schema": "Person",
                            "id_column": h["receiver_id"],
                            "properties": {"name": {"column": h["receiver"]}},
                        },
                    },
                    "corridor": corridor_block(TR, {"date": h["date"]}),
                },
            ),
            CsvWriter(
                ctx.out / "tr-egm/hawala_ledger.csv",
                list(h.values()),
                delimiter=";",
                encoding="windows-1254",
                crlf=True,
            ),
        )
        self.ledgers: dict[str, str] = {}
        for pid, person in ctx.world.smugglers.items():
            if (
                person.role == "hawala_banker"
                and person.residence == "istanbul"
                and (not self.ledgers or chance(self.rng, 0.6))
            ):
                self.ledgers[pid] = f"TR-HWL-H{len(self.ledgers) + 1:03d}"

    def on_batch(self, batch: Batch) -> None:
        """Apprehensions, then the ledger lines of the raided hawala bankers."""
        super().on_batch(batch)
        migrants = {m.id: m for g in batch.groups for m in g.migrants}
        for payment in batch.payments:
            if payment.method != "hawala" or payment.payee not in self.ledgers or not chance(self.rng, 0.7):
                continue
            payer = migrants.get(payment.payer)
            if payer is None:
                continue
            self._ledger_row(payment.day, payer, payment.payee, payment.amount_eur, payment.reference)
        self.flush()

    def _ledger_row(self, day: date, payer: Person, payee: str, amount: int, code: str) -> None:
        h = self.LEDGER
        r = render_person(self.rng, payer, TR.style, day)
        noise = list(r.noise)
        if chance(self.rng, 0.5):
            name = f"{r.given} {tr_title(r.family)}"
        else:
            name = f"{r.given} ({_HOMETOWN.get(payer.nationality, 'Suriye')})"
            noise.append("partial_name")
        banker = self.ctx.world.smugglers[payee]
        rb = render_person(self.rng, banker, TR.style, day, alias=True)
        receiver = f"{rb.alias} {rb.given}".strip() if rb.alias else f"{rb.given} {tr_title(rb.family)}"
        usd = chance(self.rng, 0.3)
        row = {
            h["date"]: format_date(day, TR.style.date_format),
            h["sender"]: name,
            h["sender_phone"]: r.phone,
            h["receiver"]: receiver,
            h["amount"]: int(round(amount * 1.08, -1)) if usd else amount,
            h["currency"]: "USD" if usd else "EUR",
            h["code"]: code,
            h["note"]: self.rng.choice(("Yunanistan geçişi", "Bulgaristan yolu", "teminat", "emanet", "yol parası")),
        }
        self.emit(
            "hawala",
            day,
            row,
            [(h["sender_id"], "-G", payer.id, noise), (h["receiver_id"], self.ledgers[payee], payee, rb.noise)],
        )


_HOMETOWN = {"af": "Kabil", "sy": "Halep", "iq": "Süleymaniye", "ir": "Tahran", "pk": "Lahor",
             "ma": "Kazablanka", "eg": "Kahire", "bd": "Dakka", "in": "Pencap", "tr": "Van"}  # fmt: skip


def national_views(ctx: Context) -> list[PoliceView]:
    """The five national forces' views, in the manifest's order."""
    return [SerbiaView(ctx), PoliceView(ctx, MK), PoliceView(ctx, XK), PoliceView(ctx, AL), TurkeyView(ctx)]
