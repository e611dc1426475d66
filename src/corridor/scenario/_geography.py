"""Real places on the route, and the legs between them that smuggling groups travel.

A route is built from **stages**, each run by one organisation: Turkey to northern
Greece or Sofia, through the Western Balkans, north to Vienna, west to the Channel
coast, and across the Channel. A stage has variants that start at the hub where the
previous stage ended, so that a group handed over at a hub always carries on from that
hub: that is what keeps every trip contiguous in space.

Coordinates are WGS84, rounded to four decimals (about ten metres), taken from public
gazetteers; local names are the ones each country's police would write.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """A town, border point, camp, beach or port on the route."""

    id: str
    country: str
    lat: float
    lon: float
    kind: str
    name: str
    local: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The place's name as an agency writing in ``lang`` would write it."""
        return self.local.get(lang, self.name)


def _p(id: str, country: str, lat: float, lon: float, kind: str, name: str, **local: str) -> Place:
    return Place(id, country, lat, lon, kind, name, dict(local))


PLACES: dict[str, Place] = {
    p.id: p
    for p in (
        # Turkey
        _p(
            "istanbul",
            "tr",
            41.0082,
            28.9784,
            "hub",
            "Istanbul",
            tr="İstanbul",
            sr="Истанбул",
            mk="Истанбул",
            sq="Stamboll",
        ),
        _p("edirne", "tr", 41.6771, 26.5557, "hub", "Edirne", sr="Једрене", mk="Одрин"),
        _p("meric", "tr", 40.9650, 26.3100, "green", "Meriç (Evros riverbank)", tr="Meriç"),
        _p("kapikule", "tr", 41.7200, 26.3540, "crossing", "Kapıkule", tr="Kapıkule"),
        # Greece
        _p("feres", "gr", 40.8950, 26.1700, "green", "Feres (Evros)", sr="Ферес"),
        _p("alexandroupoli", "gr", 40.8457, 25.8733, "town", "Alexandroupoli", sr="Александруполис"),
        _p(
            "thessaloniki",
            "gr",
            40.6401,
            22.9444,
            "hub",
            "Thessaloniki",
            sr="Солун",
            mk="Солун",
            sq="Selanik",
            tr="Selanik",
        ),
        _p("polykastro", "gr", 40.9983, 22.5708, "town", "Polykastro"),
        _p("idomeni", "gr", 41.1247, 22.5117, "green", "Idomeni", mk="Идомени", sr="Идомени"),
        _p("ioannina", "gr", 39.6650, 20.8537, "town", "Ioannina", sq="Janinë"),
        # Bulgaria
        _p("svilengrad", "bg", 41.7667, 26.2000, "green", "Svilengrad", sr="Свиленград"),
        _p("sofia", "bg", 42.6977, 23.3219, "hub", "Sofia", sr="Софија", mk="Софија", tr="Sofya", sq="Sofje"),
        _p("kalotina", "bg", 42.9906, 22.8656, "crossing", "Kalotina"),
        # North Macedonia
        _p(
            "gevgelija", "mk", 41.1392, 22.5025, "crossing", "Gevgelija", mk="Гевгелија", sr="Ђевђелија", sq="Gjevgjeli"
        ),
        _p("skopje", "mk", 41.9981, 21.4254, "hub", "Skopje", mk="Скопје", sr="Скопље", sq="Shkup", tr="Üsküp"),
        _p("kumanovo", "mk", 42.1322, 21.7144, "town", "Kumanovo", mk="Куманово", sr="Куманово", sq="Kumanovë"),
        _p("lojane", "mk", 42.2375, 21.6589, "green", "Lojane", mk="Лојане", sr="Лојане", sq="Llojan"),
        _p("tabanovce", "mk", 42.2147, 21.7003, "crossing", "Tabanovce", mk="Табановце", sr="Табановце"),
        _p("blace", "mk", 42.1900, 21.3700, "green", "Blace", mk="Блаце", sq="Bllacë"),
        # Kosovo
        _p(
            "hani_i_elezit",
            "xk",
            42.1500,
            21.2967,
            "crossing",
            "Hani i Elezit",
            sq="Hani i Elezit",
            sr="Ђенерал Јанковић",
            mk="Хани и Елезит",
        ),
        _p(
            "prishtina",
            "xk",
            42.6629,
            21.1655,
            "hub",
            "Prishtina",
            sq="Prishtinë",
            sr="Приштина",
            mk="Приштина",
            tr="Priştine",
        ),
        _p("prizren", "xk", 42.2139, 20.7397, "town", "Prizren", sq="Prizren", sr="Призрен", tr="Prizren"),
        _p("podujevo", "xk", 42.9106, 21.1933, "town", "Podujevo", sq="Podujevë", sr="Подујево"),
        _p("vermice", "xk", 42.1169, 20.5900, "crossing", "Vërmica", sq="Vërmicë", sr="Врбница"),
        # Albania
        _p("kakavija", "al", 39.9139, 20.3247, "crossing", "Kakavija", sq="Kakavijë", mk="Какавија"),
        _p("gjirokaster", "al", 40.0758, 20.1389, "town", "Gjirokastër", sq="Gjirokastër", sr="Ђирокастра"),
        _p("tirana", "al", 41.3275, 19.8187, "hub", "Tirana", sq="Tiranë", sr="Тирана", mk="Тирана", tr="Tiran"),
        _p("durres", "al", 41.3231, 19.4414, "coast", "Durrës", sq="Durrës", sr="Драч", mk="Драч", tr="Dıraç"),
        _p("shkoder", "al", 42.0683, 19.5126, "town", "Shkodër", sq="Shkodër", sr="Скадар", mk="Скадар"),
        _p("kukes", "al", 42.0767, 20.4219, "town", "Kukës", sq="Kukës"),
        _p("hani_i_hotit", "al", 42.3456, 19.4397, "green", "Hani i Hotit", sq="Hani i Hotit", sr="Божај"),
        # Montenegro, Bosnia and Herzegovina
        _p("podgorica", "me", 42.4304, 19.2594, "town", "Podgorica", sr="Подгорица", sq="Podgoricë"),
        _p("zvornik", "ba", 44.3867, 19.1028, "green", "Zvornik", sr="Зворник"),
        _p(
            "sarajevo",
            "ba",
            43.8563,
            18.4131,
            "hub",
            "Sarajevo",
            sr="Сарајево",
            mk="Сараево",
            tr="Saraybosna",
            sq="Sarajevë",
        ),
        _p("bihac", "ba", 44.8169, 15.8708, "hub", "Bihać", sr="Бихаћ"),
        _p("velika_kladusa", "ba", 45.1844, 15.8058, "green", "Velika Kladuša", sr="Велика Кладуша"),
        # Serbia
        _p("presevo", "rs", 42.3094, 21.6494, "green", "Preševo", sr="Прешево", mk="Прешево", sq="Preshevë"),
        _p("vranje", "rs", 42.5514, 21.9003, "town", "Vranje", sr="Врање", mk="Врање"),
        _p("kursumlija", "rs", 43.1394, 21.2719, "green", "Kuršumlija", sr="Куршумлија"),
        _p("dimitrovgrad", "rs", 43.0161, 22.7797, "green", "Dimitrovgrad", sr="Димитровград"),
        _p("nis", "rs", 43.3209, 21.8958, "town", "Niš", sr="Ниш", mk="Ниш", sq="Nish"),
        _p(
            "belgrade",
            "rs",
            44.7866,
            20.4489,
            "hub",
            "Belgrade",
            sr="Београд",
            mk="Белград",
            sq="Beograd",
            tr="Belgrad",
        ),
        _p("subotica", "rs", 46.1000, 19.6658, "hub", "Subotica", sr="Суботица", mk="Суботица"),
        _p("horgos", "rs", 46.1544, 19.9728, "green", "Horgoš", sr="Хоргош"),
        _p("sid", "rs", 45.1283, 19.2264, "green", "Šid", sr="Шид"),
        # Hungary, Croatia, Slovenia, Austria
        _p("roszke", "hu", 46.1869, 20.0367, "crossing", "Röszke", sr="Реске"),
        _p("szeged", "hu", 46.2530, 20.1414, "town", "Szeged", sr="Сегедин"),
        _p("budapest", "hu", 47.4979, 19.0402, "hub", "Budapest", sr="Будимпешта", tr="Budapeşte"),
        _p("hegyeshalom", "hu", 47.9122, 17.1564, "crossing", "Hegyeshalom"),
        _p("tovarnik", "hr", 45.1656, 19.1500, "crossing", "Tovarnik", sr="Товарник"),
        _p("karlovac", "hr", 45.4929, 15.5553, "town", "Karlovac"),
        _p("zagreb", "hr", 45.8150, 15.9819, "hub", "Zagreb", sr="Загреб", mk="Загреб"),
        _p("ljubljana", "si", 46.0569, 14.5058, "town", "Ljubljana", sr="Љубљана"),
        _p("spielfeld", "at", 46.7106, 15.6378, "crossing", "Spielfeld"),
        _p("nickelsdorf", "at", 47.9447, 17.0667, "crossing", "Nickelsdorf"),
        _p("vienna", "at", 48.2082, 16.3738, "hub", "Vienna", sr="Беч", mk="Виена", sq="Vjenë", tr="Viyana"),
        # Germany, France, the Channel, the UK
        _p("munich", "de", 48.1351, 11.5820, "town", "Munich", tr="Münih", sr="Минхен"),
        _p("paris", "fr", 48.8566, 2.3522, "hub", "Paris", sr="Париз", tr="Paris"),
        _p("calais", "fr", 50.9513, 1.8587, "hub", "Calais"),
        _p("dunkirk", "fr", 51.0344, 2.3768, "hub", "Dunkirk (Grande-Synthe)", tr="Dunkerque"),
        _p("gravelines", "fr", 50.9867, 2.1281, "coast", "Gravelines beach"),
        _p("wimereux", "fr", 50.7690, 1.6110, "coast", "Wimereux beach"),
        _p("calais_port", "fr", 50.9680, 1.8650, "port", "Port of Calais"),
        _p("dover", "gb", 51.1279, 1.3134, "port", "Dover"),
        _p("dungeness", "gb", 50.9133, 0.9764, "coast", "Dungeness"),
        _p("london", "gb", 51.5072, -0.1276, "town", "London", sr="Лондон", tr="Londra", sq="Londër"),
        _p("birmingham", "gb", 52.4862, -1.8904, "town", "Birmingham"),
        _p("manchester", "gb", 53.4808, -2.2426, "town", "Manchester"),
    )
}
"""Every place a scenario uses, by id."""


@dataclass(frozen=True, slots=True)
class Hop:
    """One leg of a stage variant: where it goes, how, and its price/risk type."""

    to: str
    mode: str
    leg_type: str


@dataclass(frozen=True, slots=True)
class Variant:
    """One way through a stage, from a start hub to an end hub."""

    id: str
    stage: str
    start: str
    hops: tuple[Hop, ...]
    share: float

    @property
    def end(self) -> str:
        """The hub where the next stage takes over."""
        return self.hops[-1].to

    @property
    def places(self) -> tuple[str, ...]:
        """Every place the variant passes, the start included."""
        return (self.start, *(h.to for h in self.hops))


def _v(id: str, stage: str, start: str, share: float, *hops: tuple[str, str, str]) -> Variant:
    return Variant(id, stage, start, tuple(Hop(*h) for h in hops), share)


STAGES: tuple[str, ...] = ("tr", "south", "north", "west", "channel")
"""The stages of a trip, in order; each is run by one organisation."""

VARIANTS: tuple[Variant, ...] = (
    _v("evros", "tr", "istanbul", 0.70,
       ("edirne", "bus", "road"), ("meric", "car", "road"), ("feres", "dinghy", "evros"),
       ("alexandroupoli", "car", "road"), ("thessaloniki", "car", "road")),
    _v("bulgaria", "tr", "istanbul", 0.30,
       ("edirne", "bus", "road"), ("kapikule", "car", "road"), ("svilengrad", "foot", "bulgaria"),
       ("sofia", "car", "long_road")),
    _v("vardar", "south", "thessaloniki", 0.55,
       ("polykastro", "car", "road"), ("gevgelija", "foot", "greece_north"),
       ("skopje", "van", "road"), ("kumanovo", "car", "road"), ("lojane", "car", "road"),
       ("presevo", "foot", "green_border"), ("belgrade", "van", "long_road")),
    _v("kosovo", "south", "thessaloniki", 0.15,
       ("polykastro", "car", "road"), ("gevgelija", "foot", "greece_north"),
       ("skopje", "van", "road"), ("blace", "car", "road"), ("hani_i_elezit", "foot", "green_border"),
       ("prishtina", "car", "road"), ("podujevo", "car", "road"),
       ("kursumlija", "foot", "green_border"), ("nis", "car", "road"), ("belgrade", "van", "long_road")),
    _v("albania", "south", "thessaloniki", 0.20,
       ("ioannina", "car", "long_road"), ("kakavija", "foot", "greece_north"),
       ("gjirokaster", "car", "road"), ("tirana", "van", "road"), ("shkoder", "car", "road"),
       ("hani_i_hotit", "car", "road"), ("podgorica", "foot", "green_border"),
       ("sarajevo", "van", "long_road")),
    _v("albania_kosovo", "south", "thessaloniki", 0.10,
       ("ioannina", "car", "long_road"), ("kakavija", "foot", "greece_north"),
       ("gjirokaster", "car", "road"), ("tirana", "van", "road"), ("kukes", "car", "road"),
       ("vermice", "foot", "green_border"), ("prizren", "car", "road"), ("prishtina", "car", "road"),
       ("podujevo", "car", "road"), ("kursumlija", "foot", "green_border"),
       ("nis", "car", "road"), ("belgrade", "van", "long_road")),
    _v("sofia_nis", "south", "sofia", 1.0,
       ("kalotina", "car", "road"), ("dimitrovgrad", "foot", "green_border"),
       ("nis", "car", "road"), ("belgrade", "van", "long_road")),
    _v("hungary", "north", "belgrade", 0.60,
       ("subotica", "car", "long_road"), ("horgos", "car", "road"), ("roszke", "foot", "tunnel"),
       ("szeged", "car", "road"), ("budapest", "car", "long_road"), ("hegyeshalom", "car", "road"),
       ("nickelsdorf", "car", "central_europe"), ("vienna", "car", "road")),
    _v("croatia", "north", "belgrade", 0.25,
       ("sid", "car", "long_road"), ("tovarnik", "foot", "green_border"),
       ("zagreb", "car", "long_road"), ("ljubljana", "car", "green_border"),
       ("spielfeld", "car", "central_europe"), ("vienna", "car", "long_road")),
    _v("drina", "north", "belgrade", 0.15,
       ("zvornik", "foot", "green_border"), ("sarajevo", "van", "long_road"),
       ("bihac", "van", "long_road"), ("velika_kladusa", "car", "road"),
       ("karlovac", "foot", "green_border"), ("zagreb", "car", "road"),
       ("ljubljana", "car", "green_border"), ("spielfeld", "car", "central_europe"),
       ("vienna", "car", "long_road")),
    _v("bosnia", "north", "sarajevo", 1.0,
       ("bihac", "van", "long_road"), ("velika_kladusa", "car", "road"),
       ("karlovac", "foot", "green_border"), ("zagreb", "car", "road"),
       ("ljubljana", "car", "green_border"), ("spielfeld", "car", "central_europe"),
       ("vienna", "car", "long_road")),
    _v("to_dunkirk", "west", "vienna", 0.75,
       ("munich", "lorry", "central_europe"), ("paris", "car", "long_road"),
       ("dunkirk", "car", "road")),
    _v("to_calais", "west", "vienna", 0.25,
       ("munich", "lorry", "central_europe"), ("paris", "car", "long_road"),
       ("calais", "car", "road")),
    _v("gravelines_boat", "channel", "dunkirk", 1.0,
       ("gravelines", "foot", "road"), ("dover", "small boat", "channel_boat")),
    _v("wimereux_boat", "channel", "calais", 0.6,
       ("wimereux", "car", "road"), ("dover", "small boat", "channel_boat")),
    _v("calais_lorry", "channel", "calais", 0.4,
       ("calais_port", "foot", "road"), ("dover", "lorry", "channel_lorry")),
)  # fmt: skip
"""Every stage variant. Shares are relative among variants with the same stage and start.

Sub-route shares are an assumption informed by GI-TOC (2021) and Frontex risk analyses:
the Vardar corridor (Gevgelija, Lojane–Preševo) carries most people, Albania and Kosovo
a minority; most exits from Serbia were towards Hungary until the 2023 crackdown.
"""


def variants_from(stage: str, start: str) -> list[Variant]:
    """The variants of ``stage`` that start at hub ``start``, in table order."""
    return [v for v in VARIANTS if v.stage == stage and v.start == start]


def stage_countries(stage: str) -> list[str]:
    """Countries a stage's variants pass through, in route order, without repeats."""
    seen: list[str] = []
    for variant in VARIANTS:
        if variant.stage != stage:
            continue
        for place in variant.places[1:] if stage != "tr" else variant.places:
            country = PLACES[place].country
            if country not in seen:
                seen.append(country)
    return seen


EXIT_SIDE_SHARE: dict[str, float] = {"tr": 0.6, "mk": 0.5, "al": 0.5, "xk": 0.5, "rs": 0.3, "ba": 0.15}
"""Across a border, the chance the exit country makes the interception (assumption).

Turkey polices the Evros hard, North Macedonia patrols Lojane; Serbia stops some exits
towards Hungary; elsewhere the destination country usually catches a group after it
has crossed."""


def exit_side_share(leg_from: str, leg_to: str) -> float:
    """Chance that an interception on this leg happens at its start rather than its end."""
    a, b = PLACES[leg_from], PLACES[leg_to]
    if a.country == b.country:
        return 0.0
    return EXIT_SIDE_SHARE.get(a.country, 0.2)
