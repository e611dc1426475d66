"""Map exports: GeoJSON (RFC 7946) and KML 2.2, for QGIS, ArcGIS and Google Earth.

The features are observations (points), flows between points (lines, summed over
months, with the months listed) and hotspots (H3 hexagons, per month). Coordinates are
``[longitude, latitude]`` in WGS84 as RFC 7946 requires. KML is written with the standard
library's ElementTree: KML is a small XML vocabulary and no library is needed to emit it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from corridor.geo._analysis import RouteData
from corridor.geo._hotspots import DEFAULT_RESOLUTION, cell_polygon, hotspots
from corridor.geo._routes import Leg

KML_NS = "http://www.opengis.net/kml/2.2"


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _flow_features(legs: list[Leg]) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    months: dict[tuple[str, str], set[str]] = defaultdict(set)
    ends: dict[str, Any] = {}
    for leg in legs:
        s, t = leg.source, leg.target
        if s.lat is None or s.lon is None or t.lat is None or t.lon is None:
            continue
        key = (s.key, t.key)
        counts[key] += leg.weight
        months[key].add(leg.month)
        ends[s.key], ends[t.key] = s, t
    out = []
    for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        s, t = ends[a], ends[b]
        out.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[s.lon, s.lat], [t.lon, t.lat]]},
                "properties": {
                    "layer": "flow", "from": a, "from_name": s.place.name if s.place else s.text,
                    "from_country": s.country, "to": b, "to_name": t.place.name if t.place else t.text,
                    "to_country": t.country, "legs": n, "months": sorted(months[(a, b)]),
                    "crossing": s.crossing or t.crossing,
                },
            }
        )  # fmt: skip
    return out


def route_features(data: RouteData, *, resolution: int = DEFAULT_RESOLUTION) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of observations, flows and hotspots."""
    features: list[dict[str, Any]] = []
    for obs in data.observations:
        where = obs.where
        if where is None or where.lat is None or where.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": obs.entity_id,
                "geometry": _point(where.lon, where.lat),
                "properties": {
                    "layer": "observation", "entity_id": obs.entity_id, "kind": obs.kind, "date": obs.date,
                    "month": obs.month, "persons": len(obs.persons), "place": where.place.name if where.place else where.text,
                    "place_id": where.place.id if where.place else None, "country": where.country,
                    "confidence": round(where.confidence, 3), "rule": where.rule,
                },
            }
        )  # fmt: skip
    features += _flow_features(data.legs)
    for spot in hotspots(data.observations, resolution=resolution):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [cell_polygon(spot["cell"])]},
                "properties": {"layer": "hotspot", **{k: v for k, v in spot.items() if k not in ("lat", "lon")}},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(collection: dict[str, Any], path: Path) -> dict[str, int]:
    """Write a FeatureCollection; returns feature counts by layer."""
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return _counts(collection)


def _counts(collection: dict[str, Any]) -> dict[str, int]:
    counts = Counter(f["properties"].get("layer", "feature") for f in collection["features"])
    return {"features": len(collection["features"]), **{f"{k}s": v for k, v in sorted(counts.items())}}


def _coords(pairs: list[list[float]]) -> str:
    return " ".join(f"{lon},{lat}" for lon, lat in pairs)


def to_kml(collection: dict[str, Any], *, name: str = "corridor routes") -> str:
    """The FeatureCollection as a KML document, one folder per layer."""
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    doc = ET.SubElement(root, f"{{{KML_NS}}}Document")
    ET.SubElement(doc, f"{{{KML_NS}}}name").text = name
    folders: dict[str, ET.Element] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        layer = str(props.get("layer", "feature"))
        folder = folders.get(layer)
        if folder is None:
            folder = ET.SubElement(doc, f"{{{KML_NS}}}Folder")
            ET.SubElement(folder, f"{{{KML_NS}}}name").text = layer
            folders[layer] = folder
        mark = ET.SubElement(folder, f"{{{KML_NS}}}Placemark")
        title = props.get("place") or (
            f"{props.get('from_name')} → {props.get('to_name')}" if layer == "flow" else props.get("cell")
        )
        ET.SubElement(mark, f"{{{KML_NS}}}name").text = str(title or layer)
        if props.get("date"):
            stamp = ET.SubElement(mark, f"{{{KML_NS}}}TimeStamp")
            ET.SubElement(stamp, f"{{{KML_NS}}}when").text = str(props["date"])
        extended = ET.SubElement(mark, f"{{{KML_NS}}}ExtendedData")
        for key, value in props.items():
            data = ET.SubElement(extended, f"{{{KML_NS}}}Data", name=key)
            text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
            ET.SubElement(data, f"{{{KML_NS}}}value").text = text
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            point = ET.SubElement(mark, f"{{{KML_NS}}}Point")
            ET.SubElement(point, f"{{{KML_NS}}}coordinates").text = _coords([geometry["coordinates"]])
        elif geometry["type"] == "LineString":
            line = ET.SubElement(mark, f"{{{KML_NS}}}LineString")
            ET.SubElement(line, f"{{{KML_NS}}}tessellate").text = "1"
            ET.SubElement(line, f"{{{KML_NS}}}coordinates").text = _coords(geometry["coordinates"])
        elif geometry["type"] == "Polygon":
            polygon = ET.SubElement(mark, f"{{{KML_NS}}}Polygon")
            outer = ET.SubElement(polygon, f"{{{KML_NS}}}outerBoundaryIs")
            ring = ET.SubElement(outer, f"{{{KML_NS}}}LinearRing")
            ET.SubElement(ring, f"{{{KML_NS}}}coordinates").text = _coords(geometry["coordinates"][0])
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def write_kml(collection: dict[str, Any], path: Path) -> dict[str, int]:
    """Write the KML document; returns feature counts by layer."""
    path.write_text(to_kml(collection), encoding="utf-8")
    return _counts(collection)
