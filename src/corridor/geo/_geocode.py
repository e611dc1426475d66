"""Geocoding: a place name in any script or spelling to a point and a country.

Rules, tried in order; the first that matches wins and is named in the result, with a
confidence that says how much to trust it:

=====================  ==========  ==================================================
rule                   confidence  what matched
=====================  ==========  ==================================================
``crossing``           0.95        a name or alias of one of corridor's crossing points
``gazetteer``          0.90        one GeoNames place (or exonym), or one that clearly
                                   leads the others of its name by population, own
                                   name and the route's countries (see ``_score``)
``gazetteer-ranked``   0.70        several close candidates; the best scored was taken
                                   and the others are listed in ``alternatives``
``part:<rule>``        × 0.85      a part of a composite name (``Dover (Western Jet
                                   Foil)``, ``Coquelles/Calais juxtaposed controls``)
``country``            0.50        only a country name: no point, the country is known
=====================  ==========  ==================================================

A name that matches no rule is returned unresolved (``place`` is ``None``) and callers
list it; nothing is ever guessed silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from corridor.geo._gazetteer import ROUTE_COUNTRIES, Gazetteer, Place, load_gazetteer
from corridor.geo._text import name_key, name_parts

CONFIDENCE: dict[str, float] = {
    "crossing": 0.95,
    "gazetteer": 0.90,
    "gazetteer-ranked": 0.70,
    "country": 0.50,
}
PART_FACTOR = 0.85


@dataclass(frozen=True, slots=True)
class Geocoded:
    """The answer for one name: a place (or none), its country, how sure, and why."""

    query: str
    place: Place | None
    country: str | None
    confidence: float
    rule: str
    alternatives: tuple[str, ...] = field(default=())

    @property
    def resolved(self) -> bool:
        """Whether the name was placed on a point."""
        return self.place is not None

    def as_dict(self) -> dict[str, Any]:
        """JSON shape: ``{query, resolved, name, place_id, kind, lat, lon, country, confidence, rule}``."""
        p = self.place
        return {
            "query": self.query,
            "resolved": p is not None,
            "place_id": p.id if p else None,
            "name": p.name if p else None,
            "kind": p.kind if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "country": self.country,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
            "alternatives": list(self.alternatives),
        }


def _score(place: Place, key: str) -> float:
    # Population on a log scale, a bonus when the key is the place's own name rather than
    # an alternate, and one for the route's countries: Niš beats Nice for "Nis", Skopje
    # beats the Turkish village Üsküp for "Üsküp", Paris beats the Iranian Pariz.
    own = 1.5 if name_key(place.name) == key else 0.0
    route = 1.0 if place.country in ROUTE_COUNTRIES else 0.0
    return math.log10(place.population + 1) + own + route


CLEAR_MARGIN = 1.5
"""Score lead (about thirty times the population) that makes a ranked answer unambiguous."""


def _rank(candidates: list[Place], key: str, hint: str | None) -> tuple[list[Place], bool]:
    """Candidates best first, and whether the best one stands out unambiguously."""
    unique = list({p.id: p for p in candidates}.values())
    if hint:
        in_hint = [p for p in unique if p.country == hint]
        if in_hint:
            unique = in_hint
    scored = sorted(((-_score(p, key), p.id, p) for p in unique), key=lambda t: (t[0], t[1]))
    ranked = [p for _, _, p in scored]
    if len(ranked) == 1:
        return ranked, True
    lead = scored[1][0] - scored[0][0]
    same_town = len({(p.name, p.country) for p in ranked}) == 1
    return ranked, lead >= CLEAR_MARGIN or same_town


class Geocoder:
    """Resolves place names against the offline gazetteer; remembers answers per process."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self._memo: dict[tuple[str, str | None], Geocoded] = {}

    def geocode(self, name: str, *, country: str | None = None) -> Geocoded:
        """Resolve ``name``; ``country`` (ISO 3166-1 alpha-2) breaks ties, never overrides a crossing."""
        hint = country.lower() if country else None
        memo_key = (name, hint)
        found = self._memo.get(memo_key)
        if found is None:
            found = self._resolve(name, hint)
            if len(self._memo) < 200_000:
                self._memo[memo_key] = found
        return found

    def _lookup(self, key: str, hint: str | None) -> tuple[Place, str, tuple[str, ...]] | None:
        gaz = self.gazetteer
        crossing = gaz.crossings.get(key)
        if crossing:
            ranked, _ = _rank(crossing, key, hint)
            return ranked[0], "crossing", ()
        candidates = gaz.places.get(key)
        if candidates:
            ranked, clear = _rank(candidates, key, hint)
            others = tuple(f"{p.name} ({p.country})" for p in ranked[1:4])
            return ranked[0], "gazetteer" if clear else "gazetteer-ranked", others
        return None

    def _resolve(self, name: str, hint: str | None) -> Geocoded:
        parts = name_parts(name)
        for i, key in enumerate(parts):
            hit = self._lookup(key, hint)
            if hit is None:
                continue
            place, rule, others = hit
            confidence = CONFIDENCE[rule]
            if i > 0:
                rule, confidence = f"part:{rule}", confidence * PART_FACTOR
            return Geocoded(name, place, place.country, confidence, rule, others)
        for key in parts:
            code = self.gazetteer.countries.get(key)
            if code:
                return Geocoded(name, None, code, CONFIDENCE["country"], "country")
        return Geocoded(name, None, hint, 0.0, "unresolved")


def country_code(text: str) -> str | None:
    """ISO alpha-2 (lower case) for a country name or code in any of the route's languages."""
    key = name_key(text)
    if len(key) == 2 and key.isalpha():
        return key
    return load_gazetteer().countries.get(key)
