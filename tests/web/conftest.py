"""A served node on loopback and headless Chromium (Debian's, never a downloaded one).

Every request the browser makes is recorded; a test fails if any goes beyond the node,
which is how the suite proves the workbench works without the internet.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn

from api._helpers import PASSWORD, load_api_data
from corridor.access import Node
from corridor.api import create_app
from corridor.core import Settings
from corridor.web import frontend_built

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A node served over HTTP on loopback."""

    node: Node
    base: str
    requests: list[str] = field(default_factory=list)


@contextmanager
def serving(node: Node, settings: Settings) -> Iterator[Served]:
    """``node``'s API and workbench served by uvicorn in a thread on a free loopback port."""
    port = _free_port()
    config = uvicorn.Config(create_app(settings, node=node), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Served(node, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _require_browser() -> None:
    problems = []
    if not frontend_built():
        problems.append("front end not built (npm ci && npm run build in src/corridor/web/frontend)")
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} missing (apt-get install chromium)")
    if problems:
        if os.environ.get("CI"):
            pytest.fail("; ".join(problems))
        pytest.skip("; ".join(problems))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A GB-NCA node with the API test data, served by uvicorn in a thread."""
    _require_browser()
    root = tmp_path_factory.mktemp("web")
    settings = Settings(db=str(root / "store.db"), key_dir=root / "keys")
    with Node.initialise(settings, "GB-NCA") as node:
        load_api_data(node)
        with serving(node, settings) as served:
            yield served


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import expect, sync_playwright

    # The first map request loads the offline gazetteer (seconds on a busy machine).
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def login_page(browser: object, served: Served, user: str, name: str) -> object:
    """A new page logged in as ``user``, recording requests and CSP violations."""
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page: Page = context.new_page()
    violations: list[str] = []

    def on_request(request: Request) -> None:
        served.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    errors: list[str] = []
    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.base + "/")
    page.get_by_label("User (AGENCY/username)").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("search").wait_for()
    shot(page, f"{name}-login")
    page.set_default_timeout(15_000)
    setattr(page, "csp_violations", violations)  # noqa: B010 - read back by the tests
    setattr(page, "page_errors", errors)  # noqa: B010 - uncaught script errors, read back by the tests
    return page


def shot(page: object, name: str) -> None:
    """Save a screenshot as a test artefact."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
