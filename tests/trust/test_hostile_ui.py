"""Script and SQL injection in every text field the workbench and the reports render.

Records whose names, aliases, notes and places are HTML, script, template and SQL payloads
are loaded next to the API test data; the workbench is driven in Debian's Chromium through
search, profile and every page of the main navigation, and a target report is opened. No
payload may become markup (no ``img[src=x]``, no ``svg``), no script may run (the payloads
set ``window.__xss``), no dialog may open, and the store must still be whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from followthemoney import model

from api._helpers import load_api_data
from corridor.access import Node
from corridor.core import Settings
from corridor.model import Statement, entity_statements, parse_marking
from web.conftest import CHROMIUM, CHROMIUM_ARGS, Served, _require_browser, login_page, serving

PAYLOADS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<script>window.__xss=2;alert(2)</script>",
    '"><svg onload="window.__xss=3">',
    "'; DROP TABLE statements; --",
    "Robert'); DELETE FROM statements WHERE ('1'='1",
    "{{7*7}}{% raw %}${7*7}",
    "javascript:window.__xss=4",
]


def _hostile() -> list[Statement]:
    out: list[Statement] = []
    for number, payload in enumerate(PAYLOADS):
        person = model.make_entity("Person")
        person.id = f"gb-nca.H{number}"
        person.add("name", f"Hostile {payload}")
        person.add("alias", payload)
        person.add("notes", payload)
        out += entity_statements(person, source="hostile", origin="GB-NCA", marking=parse_marking("B2 P"))
        link = model.make_entity("UnknownLink")
        link.id = f"gb-nca.HL{number}"
        link.add("subject", person.id)
        link.add("object", "gb-nca.P1")
        link.add("role", payload)
        out += entity_statements(link, source="hostile", origin="GB-NCA", marking=parse_marking("B2 P"))
    event = model.make_entity("Event")
    event.id = "gb-nca.HE"
    event.add("name", f"Hostile event {PAYLOADS[0]}")
    event.add("location", PAYLOADS[2])
    event.add("country", "rs")
    event.add("date", "2025-05-01")
    event.add("involved", "gb-nca.H0")
    out += entity_statements(event, source="hostile", origin="GB-NCA", marking=parse_marking("B2 P"))
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A node with the API data and the hostile records, served on loopback."""
    _require_browser()
    root: Path = tmp_path_factory.mktemp("hostile-web")
    settings = Settings(db=str(root / "store.db"), key_dir=root / "keys")
    with Node.initialise(settings, "GB-NCA") as node:
        load_api_data(node)
        with node.store.transaction() as conn:
            node.store.write_statements(conn, _hostile())
        with serving(node, settings) as served:
            yield served


@pytest.fixture(scope="module")
def page(served: Served) -> Iterator[object]:
    """A logged-in analyst's page in headless Chromium, recording dialogs."""
    from playwright.sync_api import Dialog, expect, sync_playwright

    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            opened = login_page(browser, served, "GB-NCA/analyst", "hostile")
            dialogs: list[str] = []

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            opened.on("dialog", on_dialog)  # type: ignore[attr-defined]
            setattr(opened, "dialogs", dialogs)  # noqa: B010 - read back by the tests
            yield opened
        finally:
            browser.close()


def _no_injection(page: object, where: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None, f"a payload ran on {where}"
    assert page.locator("img[src='x']").count() == 0, f"a payload became an <img> on {where}"
    assert page.locator("svg[onload]").count() == 0, f"a payload became an <svg> on {where}"
    assert page.locator("a[href^='javascript:']").count() == 0, f"a javascript: link on {where}"
    assert getattr(page, "dialogs") == [], f"a dialog opened on {where}"  # noqa: B009


def test_search_and_profiles_render_payloads_as_text(page: object, served: Served) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.get_by_label("Name, in any script or spelling").fill("Hostile")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("link", name="Hostile")
    expect(results.first).to_be_visible()
    _no_injection(page, "search results")
    assert "<script>window.__xss=2" in page.content() or "&lt;script&gt;" in page.content()
    for number in range(len(PAYLOADS)):
        page.goto(served.base + "/")
        page.get_by_label("Name, in any script or spelling").fill("Hostile")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="Hostile").nth(number).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hostile")
        _no_injection(page, f"profile {number}")


def test_every_page_renders_payloads_as_text(page: object) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    nav = page.get_by_role("navigation", name="Main").get_by_role("link")
    names = [nav.nth(i).inner_text() for i in range(nav.count())]
    assert len(names) >= 3
    for name in names:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name).first.click()
        page.wait_for_load_state("networkidle")
        _no_injection(page, f"page {name!r}")


def test_report_renders_payloads_as_text(page: object, served: Served) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    for number in (0, 1, 2, 5):
        response = page.goto(served.base + f"/api/reports/target/gb-nca.H{number}")
        assert response is not None
        assert response.status == 200, response.text()[:300]
        html = response.text()
        assert "<img src=x" not in html
        assert "<script>window.__xss" not in html
        assert "<svg onload" not in html
        _no_injection(page, f"target report H{number}")
    assert "{{7*7}}" in html  # template syntax in data stays text (H5 is the last report read)


def test_sql_payloads_changed_nothing(served: Served) -> None:
    view = served.node.store.view(served.node.store.principal("GB-NCA"))
    names = {s.value for s in view.statements(props=["name"])}
    assert "Hostile '; DROP TABLE statements; --" in names
    assert "Marko Petrovic" in names  # the rest of the store is still there
