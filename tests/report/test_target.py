"""The target profile and the network report as HTML, on both backends, through the door."""

from __future__ import annotations

import html
import json

import pytest
from markupsafe import escape

from corridor.access import Node
from corridor.core import AccessDenied, NotFound
from corridor.report import network_report, target_report

from ._data import (
    ARABIC,
    CYRILLIC,
    DRIVER,
    HIDDEN_CONDITIONS,
    HIDDEN_HANDLER,
    HOSTILE,
    ORGANISATION,
    RS_RECORD,
    SECRET_ALIAS,
    TARGET,
    load_target,
)


@pytest.fixture
def loaded(node: Node) -> Node:
    load_target(node)
    return node


def _disclosures(node: Node) -> list[dict[str, object]]:
    return [
        {"principal": e.principal, **json.loads(json.dumps(e.objects))}
        for e in node.audit.events()
        if e.action == "disclosure"
    ]


def test_target_profile_holds_every_part(loaded: Node) -> None:
    principal = loaded.store.principal("GB-NCA", "analyst")
    report = target_report(loaded, principal, TARGET, fmt="html")
    page = report.content.decode("utf-8")
    # identity in every script, the scripts named
    for name in ("Marko Petrovic", CYRILLIC, ARABIC):
        assert name in page
    assert "Cyrillic" in page
    assert "Arabic" in page
    assert "Latin" in page
    # selectors, photo placeholders
    assert "+381641234567" in page
    assert "RS1234567" in page
    assert page.count('class="photo"') >= 1
    # associates with link types; the chart with nodes coloured by schema
    assert DRIVER in page
    assert "associate" in page.lower()
    assert 'class="chart"' in page
    assert "#2e86de" in page
    # key-player standing with the why
    assert "Key-player score" in page
    assert "Why:" in page
    # events on the map (two geocoded points) and on the timeline
    map_svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" class="map"') :]
    map_svg = map_svg[: map_svg.index("</svg>")]
    assert map_svg.count('<g class="point">') == 2
    assert 'class="land"' in map_svg
    assert 'class="timeline"' in page
    assert "2025-03-14" in page
    assert "2025-06-02" in page
    # money
    assert "1500" in page
    assert "hawala" in page
    flows = page[page.index("Flows by counterparty") : page.index("<h3>Payments</h3>")]
    assert DRIVER in flows
    assert "1500" in flows
    # every fact with source, grading and handling
    assert "gb-nca-persons.csv" in page
    assert "rs-mup-persons.csv" in page
    assert "B2 P" in page
    assert "A1 C" in page


def test_banner_is_the_most_restrictive_handling_with_caveats(loaded: Node) -> None:
    principal = loaded.store.principal("GB-NCA", "analyst")
    report = target_report(loaded, principal, TARGET, fmt="html")
    page = report.content.decode("utf-8")
    assert report.banner.handling == "C"
    assert "HANDLING CODE C" in page
    assert any(HIDDEN_CONDITIONS in c and "GB-NCA" in c for c in report.banner.caveats)
    # the caveats reach the page margin (CSS) escaped: no markup or quote breaks out of <style>
    style = page[page.index("<style>") : page.index("</style>")]
    assert "<b>" not in style
    assert "not for court" in style
    assert html.escape(HIDDEN_CONDITIONS, quote=False) in page


def test_hostile_text_is_escaped(loaded: Node) -> None:
    principal = loaded.store.principal("GB-NCA", "analyst")
    page = target_report(loaded, principal, TARGET, fmt="html").content.decode("utf-8")
    assert HOSTILE not in page
    assert "<script" not in page.lower()
    assert str(escape(HOSTILE)) in page  # shown as text, as the analyst typed it


def test_report_shows_only_what_the_principal_may_see(loaded: Node) -> None:
    gb = target_report(loaded, loaded.store.principal("GB-NCA", "analyst"), TARGET, fmt="html")
    xk = target_report(loaded, loaded.store.principal("XK-KP", "analyst"), TARGET, fmt="html")
    gb_page, xk_page = gb.content.decode(), xk.content.decode()
    assert SECRET_ALIAS not in gb_page
    assert SECRET_ALIAS not in xk_page
    assert HIDDEN_HANDLER in gb_page
    assert HIDDEN_HANDLER not in xk_page
    assert CYRILLIC not in xk_page  # RS-MUP data reaches Kosovo only with RS-MUP's consent
    assert "rs-mup" not in xk_page.lower()
    assert "Marko Petrovic" in xk_page
    assert xk.banner.handling == "P"
    assert "not for court" not in xk_page
    assert xk.summary["facts"] < gb.summary["facts"]


def test_invisible_target_is_not_found_and_not_disclosed(loaded: Node) -> None:
    xk = loaded.store.principal("XK-KP", "analyst")
    with pytest.raises(NotFound):
        target_report(loaded, xk, RS_RECORD, fmt="html")
    with pytest.raises(NotFound):
        target_report(loaded, xk, "gb-nca.H1", fmt="html")
    assert _disclosures(loaded) == []


def test_report_is_an_audited_disclosure(loaded: Node) -> None:
    principal = loaded.store.principal("GB-NCA", "analyst")
    report = target_report(loaded, principal, TARGET, fmt="html")
    [entry] = _disclosures(loaded)
    assert entry["principal"] == "GB-NCA/analyst"
    assert entry["report"] == "target"
    assert entry["subject"] == TARGET
    assert entry["facts"] == report.summary["facts"]
    assert entry["events"] == 2
    assert entry["payments"] == 1
    assert entry["handling"] == "C"


def test_auditor_may_read_but_not_disclose(loaded: Node) -> None:
    with pytest.raises(AccessDenied):
        target_report(loaded, loaded.store.principal("GB-NCA", "auditor"), TARGET, fmt="html")
    assert _disclosures(loaded) == []


def test_network_report_of_an_organisation(loaded: Node) -> None:
    principal = loaded.store.principal("GB-NCA", "analyst")
    report = network_report(loaded, principal, organisation=ORGANISATION, fmt="html")
    page = report.content.decode()
    assert "Grupa Petrović" in page
    assert "Marko Petrovic" in page
    assert DRIVER in page
    assert 'class="chart"' in page
    assert 'class="map"' in page
    assert "1500" in page
    assert report.summary["members"] == 3  # the organisation and its two members
    [entry] = _disclosures(loaded)
    assert entry["report"] == "network"
    assert entry["subject"] == ORGANISATION


def test_network_report_of_a_community(loaded: Node) -> None:
    principal = loaded.store.principal("GB-NCA", "analyst")
    report = network_report(loaded, principal, community=0, fmt="html")
    assert "Marko Petrovic" in report.content.decode() or DRIVER in report.content.decode()
    with pytest.raises(NotFound):
        network_report(loaded, principal, community=99, fmt="html")
