"""Geo: an offline gazetteer and geocoder, routes, hotspots, published statistics and map exports."""

from corridor.geo._analysis import RouteData, analyse_routes, route_data, unresolved_names
from corridor.geo._countries import CountryShape, country_at, country_shapes
from corridor.geo._export import route_features, to_kml, write_geojson, write_kml
from corridor.geo._gazetteer import Gazetteer, Place, build_geonames_file, load_gazetteer, read_crossings
from corridor.geo._geocode import CONFIDENCE, Geocoded, Geocoder, country_code
from corridor.geo._hotspots import DEFAULT_RESOLUTION, cell_polygon, hotspots
from corridor.geo._observations import Located, Observation, ObservationSet, event_kind, read_observations
from corridor.geo._organisations import memberships, organisation_routes
from corridor.geo._routes import Leg, by_country_month, country_flows, crossing_flows, legs_of, route_shift
from corridor.geo._stats import (
    ATTRIBUTION,
    Arrivals,
    Detections,
    arrivals_monthly,
    build_shipped_statistics,
    frontex_detections,
    frontex_monthly,
    own_vs_published,
    published_statistics,
    read_frontex,
    read_uk_small_boats,
    uk_small_boat_arrivals,
    yearly,
)
from corridor.geo._text import name_key, name_parts

__all__ = [
    "ATTRIBUTION",
    "CONFIDENCE",
    "DEFAULT_RESOLUTION",
    "Arrivals",
    "CountryShape",
    "Detections",
    "Gazetteer",
    "Geocoded",
    "Geocoder",
    "Leg",
    "Located",
    "Observation",
    "ObservationSet",
    "Place",
    "RouteData",
    "analyse_routes",
    "arrivals_monthly",
    "build_geonames_file",
    "build_shipped_statistics",
    "by_country_month",
    "cell_polygon",
    "country_at",
    "country_code",
    "country_flows",
    "country_shapes",
    "crossing_flows",
    "event_kind",
    "frontex_detections",
    "frontex_monthly",
    "hotspots",
    "legs_of",
    "load_gazetteer",
    "memberships",
    "name_key",
    "name_parts",
    "organisation_routes",
    "own_vs_published",
    "published_statistics",
    "read_crossings",
    "read_frontex",
    "read_observations",
    "read_uk_small_boats",
    "route_data",
    "route_features",
    "route_shift",
    "to_kml",
    "uk_small_boat_arrivals",
    "unresolved_names",
    "write_geojson",
    "write_kml",
    "yearly",
]
