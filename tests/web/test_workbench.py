"""The workbench in headless Chromium, as an analyst uses it, with screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from api._helpers import SECRET_ID, SECRET_NAME
from web.conftest import Served, login_page, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def analyst(browser: Browser, served: Served) -> Iterator[Page]:
    """A GB-NCA analyst's logged-in page (shared by the tests of this module, in order)."""
    page = login_page(browser, served, "GB-NCA/analyst", "gb-analyst")
    assert isinstance(page, Page)
    yield page
    page.context.close()


def test_login_shows_the_workbench(analyst: Page) -> None:
    expect(analyst.locator("#who")).to_have_text(re.compile("GB-NCA/analyst"))
    expect(analyst.get_by_role("navigation", name="Main")).to_be_visible()


def test_cyrillic_search_finds_the_latin_record(analyst: Page) -> None:
    analyst.get_by_label("Name, in any script or spelling").fill("Петровић")
    analyst.get_by_role("button", name="Search").click()
    expect(analyst.get_by_role("link", name="Marko Petrovic")).to_be_visible()
    shot(analyst, "search-cyrillic")


def test_profile_shows_badges(analyst: Page) -> None:
    analyst.get_by_role("link", name="Marko Petrovic").click()
    expect(analyst.get_by_role("heading", level=1)).to_have_text("Marko Petrovic")
    table = analyst.locator("table.props")
    expect(table.locator(".badge.grade").first).to_have_text("B2")
    expect(table.locator(".badge.handling").first).to_have_text("P")
    expect(table.locator(".badge.agency").first).to_have_text("GB-NCA")
    expect(analyst.locator("#linked")).to_contain_text("Interception at Subotica")
    shot(analyst, "profile")


def test_link_chart_draws_and_expands(analyst: Page) -> None:
    analyst.get_by_role("link", name="Open link chart").click()
    expect(analyst.locator("#sigma")).to_have_attribute("data-rendered", "true")
    summary = analyst.locator("#chart-summary")
    expect(summary).to_have_attribute("data-nodes", "3")
    assert analyst.locator("#sigma canvas").count() >= 2
    analyst.locator("button.expand[data-id='gb-nca.P2']").click()
    expect(summary).to_have_attribute("data-nodes", "4")
    expect(analyst.locator("table.nodes")).to_contain_text("Interception at Skopje")
    analyst.locator("table.nodes tr", has_text="Ali Hassan Kaya").get_by_role("button", name="Select").click()
    analyst.get_by_role("button", name="What if we remove the selected?").click()
    expect(analyst.locator("#disrupt-result")).to_contain_text("largest connected group 4 → 2")
    shot(analyst, "link-chart")


def test_map_points_and_time_slider(analyst: Page) -> None:
    analyst.get_by_role("link", name="Map").click()
    expect(analyst.locator("#map")).to_have_attribute("data-ready", "true")
    count = analyst.locator("#map-count")
    expect(count).to_have_attribute("data-shown", "2")
    assert analyst.locator("#map canvas, #map svg path").count() > 0
    shot(analyst, "map")
    slider = analyst.get_by_label("Month")
    slider.focus()
    analyst.keyboard.press("Home")
    expect(analyst.locator("#time-label")).to_have_text("2025-03")
    expect(count).to_have_attribute("data-shown", "1")
    shot(analyst, "map-slider")


def test_review_decision_persists(analyst: Page, served: Served) -> None:
    analyst.get_by_role("link", name="Review queue").click()
    card = analyst.locator("article.candidate")
    expect(card).to_have_count(1)
    card.get_by_label("Reason").fill("different dates of birth")
    card.get_by_role("button", name="Different").click()
    expect(analyst.locator("#decided")).to_contain_text("different dates of birth")
    analyst.reload()
    expect(analyst.locator("#decided")).to_contain_text("different dates of birth")
    expect(analyst.locator("article.candidate")).to_have_count(0)
    shot(analyst, "review")
    from corridor.store import read_judgements

    with served.node.store.engine.connect() as conn:
        last = read_judgements(conn)[-1]
    assert (last.verdict, last.actor, last.reason) == ("different", "GB-NCA/analyst", "different dates of birth")


def test_dashboard_and_sharing(analyst: Page) -> None:
    analyst.get_by_role("link", name="Dashboard").click()
    expect(analyst.locator("table.bars")).to_contain_text("2025-03")
    shot(analyst, "dashboard")
    analyst.get_by_role("link", name="Sharing").click()
    expect(analyst.locator("table.agreements")).to_contain_text("RS-MUP")
    shot(analyst, "sharing")
    assert not getattr(analyst, "csp_violations", [])


@pytest.mark.parametrize("user", ["GB-NCA/analyst", "XK-KP/analyst"])
def test_other_agencys_unreleased_data_is_invisible(browser: Browser, served: Served, user: str) -> None:
    page = login_page(browser, served, user, f"door-{user.split('/')[0]}")
    assert isinstance(page, Page)
    hidden = [SECRET_NAME, SECRET_ID] + (["Onlyperson"] if user.startswith("XK") else [])
    for hash_ in ["#/search/secretovic", "#/search/dragan", "#/search/onlyperson", "#/chart", "#/map", "#/dashboard",
                  "#/review", "#/routes", "#/money", "#/published", "#/sharing", "#/alerts",
                  f"#/entity/{SECRET_ID}", "#/entity/gb-nca.P3", "#/entity/gb-nca.P1"]:  # fmt: skip
        page.goto(served.base + "/" + hash_)
        page.wait_for_load_state("networkidle")
        text = page.locator("body").inner_text()
        # An error may echo the id the user typed in the address; it must say nothing else.
        for secret in [s for s in hidden if s not in hash_]:
            assert secret not in text, (user, hash_, secret)
    page.goto(served.base + f"/#/entity/{SECRET_ID}")
    expect(page.get_by_role("alert")).to_contain_text("no entity")
    shot(page, f"door-{user.split('/')[0]}-secret")
    page.context.close()


def test_no_request_left_the_node(served: Served) -> None:
    """Runs last in the module: every URL any page requested was the node's own."""
    assert served.requests
    foreign = [u for u in served.requests if not u.startswith((served.base + "/", "data:", "blob:"))]
    assert foreign == []
