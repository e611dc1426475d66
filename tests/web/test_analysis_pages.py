"""Routes, money, published statistics, sharing and alerts pages in headless Chromium.

The node gets, beyond the API test data, an organisation with a payment GB may see
(1,000 EUR) and one released to MK-MVR only (5,000 EUR, at Gevgelija), a consent request,
a hit and a watch alert; every page is checked for showing the first and never the second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from followthemoney import model
from playwright.sync_api import Browser, Page, expect

from corridor.access import Node
from corridor.model import entity_statements, parse_marking
from corridor.share import add_watch, receive_consent_request, refresh_alerts
from corridor.share._watch import raise_alert
from web.conftest import Served, login_page, shot

pytestmark = pytest.mark.browser
MK_ONLY = "A1 C conditions='MK only' to=MK-MVR"
HIDDEN = ["Gevgelija", "5,000", "6,000", "Hidden Collector"]


def _write(node: Node, schema: str, entity_id: str, agency: str, marking: str, **props: str) -> list[str]:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, value in props.items():
        proxy.add(prop, value)
    statements = entity_statements(proxy, source="t", origin=agency, marking=parse_marking(marking))
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)
    return [s.id for s in statements]


@pytest.fixture(scope="module")
def data(served: Served) -> Served:
    """The extra records, a consent request, a hit and a watch alert."""
    node = served.node
    _write(node, "Organization", "gb-nca.ORG1", "GB-NCA", "B2 P", name="Petrovic Network")
    _write(node, "Membership", "gb-nca.M1", "GB-NCA", "B2 P", member="gb-nca.P1", organization="gb-nca.ORG1")
    _write(node, "Payment", "gb-nca.PAY1", "GB-NCA", "B2 P", payer="gb-nca.P2", beneficiary="gb-nca.P1",
           amount="1000", currency="EUR", date="2025-03-10")  # fmt: skip
    _write(node, "Person", "rs-mup.HC", "RS-MUP", MK_ONLY, name="Hidden Collector")
    _write(node, "Payment", "rs-mup.PAY2", "RS-MUP", MK_ONLY, payer="gb-nca.P2", beneficiary="rs-mup.HC",
           amount="5000", currency="EUR", date="2025-03-11")  # fmt: skip
    _write(node, "Event", "rs-mup.E9", "RS-MUP", MK_ONLY, name="Interception at Gevgelija",
           summary="interception of a group", date="2025-04-01", location="Gevgelija", country="mk")  # fmt: skip
    # Ali Hassan Kaya, intercepted at Skopje on 2 September, is caught again at Subotica: a leg MK -> RS.
    _write(node, "Event", "gb-nca.E3", "GB-NCA", "B2 P", name="Interception at Subotica again",
           summary="interception of a group", date="2025-09-10", location="Subotica", country="rs",
           involved="gb-nca.P2")  # fmt: skip
    # P1's phone is shared with Jovanovic and calls Ilic's phone twice.
    _write(node, "Person", "gb-nca.P4", "GB-NCA", "B2 P", name="Nikola Jovanovic", phone="+381641234567")
    _write(node, "Person", "gb-nca.P5", "GB-NCA", "B2 P", name="Stefan Ilic", phone="+381652222222")
    for n in (1, 2):
        _write(node, "Call", f"gb-nca.C{n}", "GB-NCA", "B2 P", callerNumber="+381641234567",
               receiverNumber="+381652222222", date=f"2025-05-0{n}")  # fmt: skip
    ids = _write(node, "Person", "gb-nca.P7", "GB-NCA", "B2 P", name="Consent Person")
    receive_consent_request(node, "RS-MUP", {"id": "req-web", "recipient": "XK-KP", "statement_ids": ids,
                                             "reason": "joint case"})  # fmt: skip
    with node.store.transaction() as conn:
        raise_alert(conn, agency="GB-NCA", kind="hit", ref="phone:+381641234567", partner="RS-MUP",
                    detail="asked by RS-MUP")  # fmt: skip
    add_watch(node, node.principal("GB-NCA/analyst"), "phone:+381641234567")
    _write(node, "Person", "gb-nca.P8", "GB-NCA", "B2 P", name="Watched Newcomer", phone="+381641234567")
    refresh_alerts(node)
    return served


@pytest.fixture(scope="module")
def analyst(browser: Browser, data: Served) -> Iterator[Page]:
    """A GB-NCA analyst's page."""
    page = login_page(browser, data, "GB-NCA/analyst", "analysis-gb-analyst")
    assert isinstance(page, Page)
    yield page
    page.context.close()


def _no_hidden(page: Page) -> None:
    assert not getattr(page, "page_errors", []), page.page_errors  # type: ignore[attr-defined]
    text = page.locator("main").inner_text()
    for secret in HIDDEN:
        assert secret not in text, secret


def test_routes_page_draws_flows_hotspots_and_shift(analyst: Page) -> None:
    analyst.get_by_role("link", name="Routes").click()
    expect(analyst.locator("#routes-map[data-ready=true]")).to_be_attached()
    expect(analyst.locator("#routes-summary")).to_contain_text("3 placed events, 1 legs")
    expect(analyst.locator("#country-flows tbody tr").first.locator("td")).to_have_text(["MK", "RS", "1", "1"])
    flows = int(analyst.locator("#routes-map").get_attribute("data-flows") or "0")
    expect(analyst.locator("path.flow")).to_have_count(flows)
    expect(analyst.locator("#routes-map")).to_have_attribute("data-hotspots", "2")
    expect(analyst.locator("path.hotspot")).to_have_count(2)
    analyst.get_by_label("Hotspots in").select_option("2025-03")
    expect(analyst.locator("#routes-map")).to_have_attribute("data-hotspots", "1")
    expect(analyst.locator("path.hotspot")).to_have_count(1)
    analyst.get_by_label("Route shift at").fill("2025-06-01")
    analyst.get_by_label("days either side").fill("180")
    analyst.get_by_role("button", name="Compare").click()
    expect(analyst.get_by_role("region", name=re.compile("Route shift at 2025-06-01"))).to_contain_text("MK")
    _no_hidden(analyst)
    shot(analyst, "routes")


def test_money_page_shows_revenue_with_assumptions(analyst: Page) -> None:
    analyst.get_by_role("link", name="Money").click()
    expect(analyst.locator("#money-summary")).to_contain_text("1 payments you may see, €1,000")
    revenue = analyst.get_by_role("article", name="Revenue of Petrovic Network")
    expect(revenue).to_contain_text("persons moved")
    expect(revenue.locator(".assumptions li").first).to_be_visible()
    expect(analyst.locator("#collectors")).to_contain_text("Marko Petrovic")
    expect(analyst.locator("#party-flows")).to_contain_text("Ali Hassan Kaya")
    _no_hidden(analyst)
    shot(analyst, "money")


def test_published_statistics_show_their_sources(analyst: Page) -> None:
    analyst.get_by_role("link", name="Published figures").click()
    expect(analyst.locator("#frontex-western")).to_contain_text("2023-01")
    expect(analyst.locator(".source").first).to_contain_text("Frontex")
    expect(analyst.locator("#uk-small-boats")).to_be_visible()
    expect(analyst.get_by_text(re.compile("Home Office"))).not_to_have_count(0)
    own = analyst.locator("#own-vs-published")
    expect(own).to_contain_text("2025-03")
    expect(own).not_to_contain_text("2025-04")  # the MK-only interception
    shot(analyst, "published")


def test_alerts_page_lists_watch_alerts_and_adds_a_watch(analyst: Page) -> None:
    analyst.get_by_role("link", name="Alerts").click()
    expect(analyst.locator("#alerts")).to_contain_text("gb-nca.P8")
    expect(analyst.locator("#alerts")).to_contain_text("Hit on our data")
    analyst.get_by_label("Watch a selector or record").fill("gb-nca.P2")
    analyst.get_by_role("button", name="Watch", exact=True).click()
    expect(analyst.locator("#watches")).to_contain_text("gb-nca.P2")
    analyst.get_by_role("button", name="Stop watching gb-nca.P2").click()
    expect(analyst.locator("#watches")).not_to_contain_text("gb-nca.P2")
    shot(analyst, "alerts")


def test_dashboard_lists_alerts(analyst: Page) -> None:
    analyst.get_by_role("link", name="Dashboard").click()
    expect(analyst.locator("#dashboard-alerts")).to_contain_text("gb-nca.P8")
    expect(analyst.locator("#dashboard-alerts")).to_contain_text("hit")


def test_sharing_details_are_for_sharing_officers(analyst: Page, browser: Browser, data: Served) -> None:
    analyst.get_by_role("link", name="Sharing").click()
    expect(analyst.locator("#sharing-denied")).to_be_visible()
    expect(analyst.locator("table.agreements")).to_contain_text("RS-MUP")
    expect(analyst.locator("#consent-in")).to_have_count(0)

    boss = login_page(browser, data, "GB-NCA/boss", "analysis-gb-boss")
    assert isinstance(boss, Page)
    boss.get_by_role("link", name="Sharing").click()
    card = boss.get_by_role("article", name="Consent request req-web")
    expect(card).to_contain_text("RS-MUP asks to pass")
    expect(boss.locator("#hits")).to_contain_text("phone:+381641234567")
    card.get_by_label("Answer").fill("agreed at the joint meeting")
    card.get_by_role("button", name="Grant").click()
    expect(boss.get_by_role("article", name="Consent request req-web")).to_contain_text(
        "granted: agreed at the joint meeting"
    )
    shot(boss, "sharing-officer")
    boss.context.close()


def test_kosovo_sees_none_of_gbs_alerts_or_payments(browser: Browser, data: Served) -> None:
    page = login_page(browser, data, "XK-KP/analyst", "analysis-xk")
    assert isinstance(page, Page)
    page.get_by_role("link", name="Alerts").click()
    expect(page.get_by_role("heading", name="Alerts (0)")).to_be_visible()
    page.get_by_role("link", name="Money").click()
    expect(page.locator("#money-summary")).to_contain_text("€1,000")
    _no_hidden(page)
    page.context.close()


def test_link_chart_shows_phone_and_call_links(analyst: Page, data: Served) -> None:
    analyst.goto(data.base + "/#/chart/gb-nca.P1")
    expect(analyst.locator("#sigma")).to_have_attribute("data-rendered", "true")
    nodes = analyst.locator("table.nodes")
    expect(nodes).to_contain_text("+381652222222")
    expect(nodes).to_contain_text("Nikola Jovanovic")
    expect(nodes).to_contain_text("Stefan Ilic")
    for kind in ("call", "phone"):
        expect(analyst.get_by_label(kind, exact=True)).to_be_checked()
    before = int(analyst.locator("#chart-summary").get_attribute("data-edges") or "0")
    assert before >= 4
    analyst.get_by_label("call", exact=True).uncheck()  # filtering hides, it does not drop
    expect(analyst.locator("#chart-summary")).to_have_attribute("data-edges", str(before))
    assert not getattr(analyst, "page_errors", [])
    shot(analyst, "chart-phones")


def test_no_request_left_the_node(data: Served) -> None:
    """Runs last in the module: every URL any page requested was the node's own."""
    assert data.requests
    foreign = [u for u in data.requests if not u.startswith((data.base + "/", "data:", "blob:"))]
    assert foreign == []
