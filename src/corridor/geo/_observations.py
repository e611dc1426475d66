"""Observations: the dated, placed facts a route analysis is built from.

An FtM ``Event`` (an interception, an arrest, a landing) or ``Trip`` becomes one
``Observation``: when, where (geocoded), what kind, and which persons were involved. Only
the principal's visible statements are read (``View.statements``), so an observation the
principal may not see never reaches a flow, a hotspot or a map.

Where an Event or Trip points at an ``Address`` entity with coordinates, the coordinates
win (rule ``coordinates``); otherwise its ``location``/``address`` text is geocoded with
the Event's ``country`` as the tie-breaker.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from corridor.geo._gazetteer import Place
from corridor.geo._geocode import Geocoded, Geocoder
from corridor.geo._text import name_key
from corridor.store import View

EVENT_SCHEMATA = ("Event", "Trip")
EVENT_PROPS = (
    "date", "startDate", "endDate", "location", "address", "country", "involved", "summary", "name",
    "startLocation", "endLocation", "addressEntity", "organizer", "vehicle",
)  # fmt: skip
ADDRESS_PROPS = ("full", "city", "name", "country", "latitude", "longitude", "street")

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "arrival": ("arrival", "arrived", "landed", "landing", "small boat", "mbërritje", "varis"),
    "arrest": ("arrest", "uhapsen", "uhapsenje", "lisen", "ухапшен", "апс", "arrestim", "arrestuar",
               "tutuklama", "tutuklandi", "gozalti", "приведен", "уапсен"),
    "interception": ("intercept", "apprehen", "irregular", "clandestine", "detected", "illegal",
                     "недозвољен", "kalim i paligjshem", "kalim", "paligjshem", "криумчарење", "кријумчарење",
                     "kacakcilig", "yakalama", "migrant", "smuggl", "kontrabandim", "pushback", "prevented"),
}  # fmt: skip
"""Words (matched on name keys, so in any script) that say what kind of event a record is."""


@lru_cache(maxsize=1)
def _kind_keys() -> dict[str, tuple[str, ...]]:
    return {kind: tuple(name_key(w) for w in words) for kind, words in KIND_WORDS.items()}


def event_kind(schema: str, texts: Iterable[str]) -> str:
    """``trip``, ``arrival``, ``arrest``, ``interception`` or ``event``, from the schema and wording."""
    if schema == "Trip":
        return "trip"
    return _kind_of(tuple(texts))


@lru_cache(maxsize=10_000)
def _kind_of(texts: tuple[str, ...]) -> str:
    # Agencies write one fixed summary per file, so a few thousand distinct texts cover
    # millions of events: the answer is remembered per text.
    keys = " ".join(name_key(t) for t in texts)
    for kind in ("arrival", "arrest", "interception"):
        if any(word and word in keys for word in _kind_keys()[kind]):
            return kind
    return "event"


@dataclass(frozen=True, slots=True)
class Located:
    """A point an observation happened at (or a trip started or ended at)."""

    place: Place | None
    country: str | None
    lat: float | None
    lon: float | None
    confidence: float
    rule: str
    text: str

    @property
    def key(self) -> str:
        """What flows group by: the place id, else the country, else the text."""
        if self.place is not None:
            return self.place.id
        return f"country:{self.country}" if self.country else f"text:{self.text}"

    @property
    def crossing(self) -> bool:
        """Whether this is one of corridor's crossing points."""
        return self.place is not None and self.place.is_crossing

    def as_dict(self) -> dict[str, Any]:
        """JSON shape of a location."""
        return {
            "place_id": self.place.id if self.place else None,
            "name": self.place.name if self.place else self.text,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }


@dataclass(slots=True)
class Observation:
    """One Event or Trip as the principal sees it."""

    entity_id: str
    kind: str
    date: str
    where: Located | None
    start: Located | None = None
    end: Located | None = None
    persons: list[str] = field(default_factory=list)
    organizers: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def month(self) -> str:
        """``YYYY-MM`` of the observation's date."""
        return self.date[:7]


@dataclass(slots=True)
class ObservationSet:
    """Every observation the principal may see, with the names that did not geocode."""

    observations: list[Observation]
    unresolved: dict[tuple[str, str | None], list[str]]
    geocoded: int


def _located(result: Geocoded) -> Located:
    p = result.place
    return Located(
        p, result.country, p.lat if p else None, p.lon if p else None, result.confidence, result.rule, result.query
    )


def _address_location(props: dict[str, list[str]], geocoder: Geocoder) -> tuple[Located | None, str | None]:
    country = next(iter(props.get("country", [])), None)
    text = next(iter(props.get("full", []) + props.get("city", []) + props.get("name", [])), "")
    lat: float | None
    lon: float | None
    try:
        lat = float(props["latitude"][0])
        lon = float(props["longitude"][0])
    except (KeyError, IndexError, ValueError):
        lat = lon = None
    if lat is not None and lon is not None:
        guess = geocoder.geocode(text, country=country) if text else None
        place = guess.place if guess else None
        return Located(place, country or (place.country if place else None), lat, lon, 1.0, "coordinates", text), None
    if not text:
        return None, None
    result = geocoder.geocode(text, country=country)
    return _located(result), (None if result.resolved else text)


def read_observations(
    view: View, geocoder: Geocoder | None = None, *, resolve: bool = True, entity_ids: Iterable[str] | None = None
) -> ObservationSet:
    """Every visible Event and Trip as an observation, persons mapped to canonical ids.

    With ``resolve`` (the default) persons and organisers are replaced by their canonical
    ids, so that a person intercepted in Serbia and landed at Dover is one traveller.
    ``entity_ids`` reads only those records (a target profile's events, not the view's).
    """
    geocoder = geocoder or Geocoder()
    events: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    schema_of: dict[str, str] = {}
    for stmt in view.facts(schemata=EVENT_SCHEMATA, props=EVENT_PROPS, entity_ids=entity_ids):
        events[stmt.entity_id][stmt.prop].append(stmt.value)
        if schema_of.get(stmt.entity_id) != "Trip":
            schema_of[stmt.entity_id] = stmt.schema
    address_ids = {
        v
        for props in events.values()
        for p in ("startLocation", "endLocation", "addressEntity")
        for v in props.get(p, [])
    }
    addresses: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if address_ids:
        for stmt in view.facts(entity_ids=address_ids, props=ADDRESS_PROPS):
            addresses[stmt.entity_id][stmt.prop].append(stmt.value)
    unresolved: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    geocoded = 0
    out: list[Observation] = []
    for entity_id, props in events.items():
        dates = sorted(props.get("date", []) + props.get("startDate", []))
        if not dates:
            continue
        country = next(iter(props.get("country", [])), None)

        def place_of(
            ref_prop: str, _entity_id: str = entity_id, _props: dict[str, list[str]] = props
        ) -> Located | None:
            for ref in _props.get(ref_prop, []):
                if ref in addresses:
                    located, missing = _address_location(addresses[ref], geocoder)
                    if missing:
                        unresolved[(missing, None)].append(_entity_id)
                    if located:
                        return located
            return None

        where = place_of("addressEntity")
        if where is None:
            for text in props.get("location", []) + props.get("address", []):
                result = geocoder.geocode(text, country=country)
                geocoded += 1
                if result.resolved or result.country:
                    where = _located(result)
                if not result.resolved:
                    unresolved[(text, country)].append(entity_id)
                if result.resolved:
                    break
        if where is None and country:
            where = Located(None, country, None, None, 0.5, "country", country)
        texts = props.get("summary", []) + props.get("name", [])
        obs = Observation(
            entity_id=entity_id,
            kind=event_kind(schema_of[entity_id], texts),
            date=dates[0][:10],
            where=where,
            start=place_of("startLocation"),
            end=place_of("endLocation"),
            persons=sorted(set(props.get("involved", []))),
            organizers=sorted(set(props.get("organizer", []))),
            texts=texts,
        )
        if obs.where is None:
            obs.where = obs.end or obs.start
        out.append(obs)
    if resolve:
        ids = {p for o in out for p in o.persons} | {p for o in out for p in o.organizers}
        mapping = view.canonical_ids(ids)
        for obs in out:
            obs.persons = sorted({mapping[p] for p in obs.persons})
            obs.organizers = sorted({mapping[p] for p in obs.organizers})
    out.sort(key=lambda o: (o.date, o.entity_id))
    return ObservationSet(out, dict(unresolved), geocoded)
