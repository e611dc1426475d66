"""The map's data: dated, placed events, safe houses and addresses the caller can see.

Places are looked up with ``corridor.geo``'s offline Geocoder (crossing points, GeoNames
places and exonyms, in any script), the same one the route analysis uses; a name it
cannot place, or places only to a country, is left off the map rather than guessed.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query
from followthemoney import model
from pydantic import BaseModel, ConfigDict, Field

from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.api._graphdata import Record

if TYPE_CHECKING:
    from corridor.geo import Geocoder

router = APIRouter(tags=["map"])
MAP_SCHEMATA = ("Event", "Address", "Trip")
MAP_PROPS = (
    "name", "summary", "date", "startDate", "location", "country", "latitude", "longitude", "full", "city",
)  # fmt: skip


class MapPoint(BaseModel):
    """One thing on the map."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    label: str
    schema_: str = Field(alias="schema")
    kind: str
    date: str | None
    country: str | None
    lat: float
    lon: float


class MapData(BaseModel):
    """Points and per-place counts (hotspots)."""

    points: list[MapPoint]
    hotspots: list[dict[str, Any]]


@cache
def _geocoder() -> Geocoder:
    """One Geocoder per process: the gazetteer loads once and answers are remembered."""
    from corridor.geo import Geocoder

    return Geocoder()


def _place(text: str | None, country: str | None) -> tuple[float, float, str] | None:
    if not text:
        return None
    found = _geocoder().geocode(text, country=country)
    if found.place is None:
        return None
    return found.place.lat, found.place.lon, (found.country or "").upper()


def _first(values: list[str]) -> str | None:
    return sorted(values)[0] if values else None


@router.get("/api/map")
def map_data(
    principal: CurrentPrincipal,
    node: NodeDep,
    limit: Annotated[int, Query(ge=1, le=50_000)] = 5000,
) -> MapData:
    """Events, crossings and addresses with coordinates (given, or looked up offline)."""
    view = node.view(principal, purpose="map", objects={"limit": limit})
    grouped: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for stmt in view.statements(schemata=MAP_SCHEMATA, props=MAP_PROPS):
        grouped.setdefault(stmt.entity_id, (stmt.schema, {}))[1].setdefault(stmt.prop, []).append(stmt.value)
    points: list[MapPoint] = []
    hot: dict[tuple[float, float], dict[str, Any]] = {}
    for entity_id, (schema_name, values) in grouped.items():
        schema = model.get(schema_name)
        if schema is None:
            continue
        proxy = Record(entity_id, schema, values)
        get = proxy.get

        lat, lon = _first(get("latitude")), _first(get("longitude"))
        country = _first(get("country"))
        if lat and lon:
            where: tuple[float, float, str] | None = (float(lat), float(lon), country or "")
        else:
            place = _first(get("location")) or _first(get("full")) or _first(get("city"))
            where = _place(place, country)
        if where is None:
            continue
        date = _first(get("date")) or _first(get("startDate"))
        summary = (_first(get("summary")) or "").lower()
        kind = proxy.schema.name.lower()
        for word in ("interception", "crossing", "arrest", "safe house", "seizure"):
            if word in summary:
                kind = word.replace(" ", "-")
        points.append(
            MapPoint(
                id=entity_id,
                label=proxy.caption,
                schema=proxy.schema.name,
                kind=kind,
                date=date,
                country=where[2] or country,
                lat=where[0],
                lon=where[1],
            )
        )
        spot = hot.setdefault((round(where[0], 2), round(where[1], 2)), {"lat": where[0], "lon": where[1], "count": 0})
        spot["count"] += 1
        if len(points) >= limit:
            break
    return MapData(points=points, hotspots=sorted(hot.values(), key=lambda h: -h["count"])[:200])
