"""The offline gazetteer and geocoder: any script, any spelling, and never a silent guess."""

from __future__ import annotations

import math

import pytest

from corridor.geo import Geocoder, country_code, load_gazetteer, name_key, name_parts, read_crossings


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder()


@pytest.mark.parametrize(
    ("names", "country", "place"),
    [
        (["Београд", "Beograd", "Belgrade", "BEOGRAD", "Belgrad"], "rs", "Belgrade"),
        (["Скопје", "Скопље", "Shkup", "Skopje", "Üsküp"], "mk", "Skopje"),
        (["Priština", "Prishtina", "Prishtinë", "Приштина", "Pristina"], "xk", "Pristina"),
        (["İstanbul", "Istanbul", "Stamboll", "Истанбул"], "tr", "Istanbul"),
        (["Calais"], "fr", "Calais"),
        (["Солун", "Selanik", "Thessaloniki"], "gr", "Thessaloníki"),
        (["Беч", "Vjenë", "Viyana", "Vienna"], "at", "Vienna"),
        (["Niš", "Ниш", "Nis"], "rs", "Niš"),
    ],
)
def test_names_in_any_script_meet(geocoder: Geocoder, names: list[str], country: str, place: str) -> None:
    for name in names:
        found = geocoder.geocode(name)
        assert found.place is not None, name
        assert (found.place.name, found.country) == (place, country), name
        assert found.confidence >= 0.7
        assert found.rule.startswith("gazetteer")


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Табановце", "corridor:tabanovce"),
        ("Lojane", "corridor:lojane"),
        ("Llojan", "corridor:lojane"),
        ("Ђенерал Јанковић", "corridor:hani_i_elezit"),
        ("Horgoš", "corridor:horgos"),
        ("Хоргош", "corridor:horgos"),
        ("Kapıkule", "corridor:kapikule"),
        ("Kapikule", "corridor:kapikule"),
        ("Dungeness beach", "corridor:dungeness"),
        ("Port of Calais", "corridor:calais_port"),
    ],
)
def test_crossing_points_win(geocoder: Geocoder, name: str, place_id: str) -> None:
    found = geocoder.geocode(name)
    assert found.place is not None
    assert found.place.id == place_id
    assert found.rule == "crossing"
    assert found.confidence == pytest.approx(0.95)


def test_composite_names_resolve_by_their_parts(geocoder: Geocoder) -> None:
    jetfoil = geocoder.geocode("Dover (Western Jet Foil)")
    assert jetfoil.place is not None
    assert jetfoil.place.id == "corridor:dover_jetfoil"
    coquelles = geocoder.geocode("Coquelles/Calais juxtaposed controls")
    assert coquelles.place is not None
    assert coquelles.country == "fr"
    part = geocoder.geocode("Ферес (Evros) near the river")
    assert part.place is not None
    assert part.country == "gr"
    assert part.rule.startswith("part:")
    assert part.confidence < 0.9


def test_country_hint_breaks_ties(geocoder: Geocoder) -> None:
    plain = geocoder.geocode("Dimitrovgrad")
    assert plain.rule == "gazetteer-ranked"
    assert plain.alternatives, "the other candidates are listed"
    hinted = geocoder.geocode("Dimitrovgrad", country="rs")
    assert hinted.country == "rs"
    assert hinted.confidence > plain.confidence


def test_unresolved_names_are_never_guessed(geocoder: Geocoder) -> None:
    found = geocoder.geocode("Xyzzy Fields")
    assert not found.resolved
    assert found.place is None
    assert found.rule == "unresolved"
    assert found.confidence == 0.0
    only_country = geocoder.geocode("Srbija")
    assert only_country.place is None
    assert only_country.country == "rs"
    assert only_country.rule == "country"
    assert geocoder.geocode("Xyzzy", country="rs").country == "rs"


def test_name_keys_fold_scripts_and_noise() -> None:
    assert name_key("Ђевђелија") == name_key("Đevđelija")
    assert name_key("İSTANBUL") == "istanbul"
    assert name_key("Φέρες") == "feres"
    assert "dover" in name_parts("Dover Eastern Docks") or "dover" in " ".join(name_parts("Dover Eastern Docks"))
    assert country_code("Србија") == "rs"
    assert country_code("Kosova") == "xk"
    assert country_code("GBR") == "gb"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def test_crossing_list_is_consistent() -> None:
    crossings = {p.id: p for p in read_crossings()}
    assert len(crossings) >= 40
    gaz = load_gazetteer()
    for place in crossings.values():
        assert 35 < place.lat < 56, place.id
        assert -3 < place.lon < 30, place.id
        assert place.accuracy_km > 0
        if place.pair:
            other = crossings[place.pair]
            assert other.country != place.country or place.kind in ("port", "coast"), place.id
            assert _km(place.lat, place.lon, other.lat, other.lon) < 60, place.id
        # A crossing near a GeoNames town of the same name agrees with it to within a few km.
        same = [p for p in gaz.places.get(name_key(place.name), []) if p.country == place.country]
        if same:
            assert min(_km(place.lat, place.lon, p.lat, p.lon) for p in same) < 15, place.id


def test_every_place_the_scenario_writes_geocodes(geocoder: Geocoder) -> None:
    geography = pytest.importorskip("corridor.scenario._geography", reason="the scenario generator is not in this tree")
    missing = []
    for place in geography.PLACES.values():
        for label in {place.name, *place.local.values()}:
            found = geocoder.geocode(label, country=place.country)
            if found.country != place.country or not found.resolved:
                missing.append((label, place.country, found.rule))
                continue
            if found.place is not None:
                assert _km(found.place.lat, found.place.lon, place.lat, place.lon) < 40, label
    assert missing == []
