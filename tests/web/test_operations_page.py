"""The Operations page in a real browser: plan, conflicts, approve, timeline, outcomes, effect.

The operation is opened and planned through ``corridor.operations`` (as the CLI does); the
deconfliction result is written as ``deconflict`` records it, since that step needs a
partner node. Everything else is done in the page: acknowledging, approving, reading the
action-day timeline in both partners' local times, the outcomes and the effect. A user of
a partner outside the compartment sees nothing of the operation, in pages or the API.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import insert

from corridor.model import utc_now
from corridor.operations import add_targets, create_operation, record_outcome
from corridor.operations._records import event
from corridor.store import tables
from web.conftest import Served, login_page, shot

CODE = "OP-WEB"


@pytest.fixture(scope="module")
def planned(served: Served) -> Served:
    """An operation in planning with two targets and one deconfliction conflict with RS."""
    node = served.node
    boss = node.store.principal("GB-NCA", "boss")
    create_operation(
        node,
        boss,
        code=CODE,
        name="Web action day",
        partners=["RS-MUP"],
        legal_basis="JIT 2025/3",
        compartment="OP-TEST",
    )
    add_targets(node, boss, CODE, source="entity", value="gb-nca.P1")  # a Serbian national: RS acts
    add_targets(node, boss, CODE, source="entity", value="gb-nca.P2", country="GB")
    with node.store.transaction() as conn:
        conn.execute(
            insert(tables.joint_operation_conflicts).values(
                operation=CODE,
                partner="RS-MUP",
                selector="phone:+381641234567",
                contact="spoc@mup.example",
                detected_at=utc_now(),
            )
        )
        event(conn, CODE, "GB-NCA", "deconflicted", "2 selectors against RS-MUP: 1 conflict")
    return served


@pytest.fixture(scope="module")
def boss(browser: Browser, planned: Served) -> Iterator[Page]:
    page = login_page(browser, planned, "GB-NCA/boss", "operations-boss")
    assert isinstance(page, Page)
    yield page
    assert page.page_errors == []  # type: ignore[attr-defined]
    page.context.close()


def test_plan_conflict_approve_timeline(boss: Page, browser: Browser, planned: Served) -> None:
    boss.get_by_role("link", name="Operations").click()
    expect(boss.locator("#operations")).to_contain_text("Web action day")
    boss.get_by_role("link", name=CODE).click()
    expect(boss.get_by_role("heading", level=1)).to_have_text(f"Operation {CODE}")
    targets = boss.locator("#targets")
    expect(targets).to_contain_text("Marko Petrovic")
    expect(targets.locator("tr", has_text="Marko Petrovic")).to_contain_text("RS-MUP")
    expect(targets.locator("tr", has_text="Ali Hassan Kaya")).to_contain_text("GB-NCA")
    shot(boss, "operations-plan")

    # the lead acknowledges; approval still waits for RS's contact point
    boss.get_by_role("button", name="Acknowledge conflict 1").click()
    expect(boss.locator("#conflicts")).to_contain_text("GB-NCA/boss")
    boss.get_by_label("Action day, synchronised start (UTC)").fill("2025-06-01T04:00:00Z")
    boss.get_by_role("button", name="Approve").click()
    expect(boss.locator("#operation-message")).to_contain_text(re.compile("unacknowledged.*RS-MUP"))
    expect(boss.locator("#operation-status")).to_have_text("planning")

    # RS's contact point acknowledges on the lead's node
    rs = login_page(browser, planned, "RS-MUP/analyst", "operations-rs")
    assert isinstance(rs, Page)
    rs.goto(planned.base + f"/#/operations/{CODE}")
    rs.get_by_role("button", name="Acknowledge conflict 1").click()
    expect(rs.locator("#conflicts")).to_contain_text("settled")
    rs.context.close()

    boss.reload()
    boss.get_by_label("Action day, synchronised start (UTC)").fill("2025-06-01T04:00:00Z")
    boss.get_by_role("button", name="Approve").click()
    expect(boss.locator("#operation-status")).to_have_text("approved")
    action = boss.locator("#timeline tr", has_text="synchronised start")
    expect(action).to_contain_text("2025-06-01T04:00:00Z")
    expect(action).to_contain_text("2025-06-01 05:00 BST")  # London
    expect(action).to_contain_text("2025-06-01 06:00 CEST")  # Belgrade
    shot(boss, "operations-approved")
    boss.get_by_role("button", name="Move to action day").click()
    expect(boss.locator("#operation-status")).to_have_text("action_day")


def test_outcomes_and_effect(boss: Page, planned: Served) -> None:
    node = planned.node
    lead = node.store.principal("GB-NCA", "boss")
    record_outcome(node, lead, CODE, "gb-nca.P2", "arrested", lead="GB-NCA", compartment="OP-TEST", detail="at home")
    boss.goto(planned.base + f"/#/operations/{CODE}")
    boss.reload()  # the same address: load the page again to read the new outcome
    outcomes = boss.locator("#outcomes")
    expect(outcomes).to_contain_text("arrested")
    expect(outcomes).to_contain_text("at home")
    expect(outcomes).to_contain_text("compartment=OP-TEST")
    boss.get_by_role("button", name="Measure the effect").click()
    expect(boss.locator("#communities-broken")).to_contain_text("Ali Hassan Kaya")
    expect(boss.locator("#route-shift")).to_be_visible()
    report = boss.request.get(planned.base + f"/api/operations/{CODE}/report")
    assert report.status == 200
    assert "OP-TEST" in report.text()
    assert "Ali Hassan Kaya" in report.text()
    shot(boss, "operations-effect")


def test_a_partner_outside_the_compartment_sees_nothing(browser: Browser, planned: Served) -> None:
    xk = login_page(browser, planned, "XK-KP/analyst", "operations-xk")
    assert isinstance(xk, Page)
    xk.get_by_role("link", name="Operations").click()
    expect(xk.locator("#no-operations")).to_be_visible()
    xk.goto(planned.base + f"/#/operations/{CODE}")
    expect(xk.locator("main")).to_contain_text(re.compile("no operation", re.I))
    expect(xk.locator("main")).not_to_contain_text("Web action day")
    for path in ("", f"/{CODE}", f"/{CODE}/effect", f"/{CODE}/report"):
        response = xk.request.get(planned.base + "/api/operations" + path)
        body = response.text()
        assert CODE not in body or "no operation" in body.lower()
        assert "Web action day" not in body
        assert response.status in (200, 404)
    assert xk.request.get(planned.base + "/api/operations").json() == []
    found = xk.request.get(planned.base + "/api/search", params={"q": CODE}).text()
    assert "Web action day" not in found
    exported = xk.request.get(planned.base + "/api/statements", params={"schema": "Event"})
    assert exported.status == 200
    assert f"operation:{CODE}" not in exported.text()  # no task, no outcome in any export
    assert CODE not in exported.text()
    xk.context.close()


def test_open_an_operation_and_plan_it_in_the_page(boss: Page, planned: Served) -> None:
    boss.goto(planned.base + "/#/operations")
    boss.get_by_label("Code").fill("OP-PLAN")
    boss.get_by_label("Name").fill("Planned in the page")
    boss.get_by_label("Partners (comma-separated)").fill("RS-MUP")
    boss.get_by_label("Legal basis").fill("JIT 2025/4")
    boss.get_by_label("Compartment").fill("OP-TEST")
    boss.get_by_role("button", name="Open operation").click()
    expect(boss.get_by_role("heading", level=1)).to_have_text("Operation OP-PLAN")
    expect(boss.locator("#operation-status")).to_have_text("planning")
    boss.get_by_label("Top key players").fill("2")
    boss.get_by_role("button", name="Add targets").click()
    targets = boss.locator("#targets tbody tr")
    expect(targets).to_have_count(2)
    expect(boss.locator("#targets")).to_contain_text("key player #1")
    shot(boss, "operations-planned-in-page")
    # the same code again is a conflict, said in the page
    boss.goto(planned.base + "/#/operations")
    boss.get_by_label("Code").fill("OP-PLAN")
    boss.get_by_label("Name").fill("Again")
    boss.get_by_label("Legal basis").fill("JIT")
    boss.get_by_label("Compartment").fill("OP-TEST")
    boss.get_by_role("button", name="Open operation").click()
    expect(boss.locator("#operation-message")).to_contain_text("exists")
