"""Fixtures for the browser/API tests.

- `server` (session): one `trellis serve --demo` on a free loopback port, own SQLite DB.
- `fresh_server` (function): a factory, `fresh_server()` starts another isolated server,
  stopped after the test.
- `browser` (function): headless Chromium via the Debian chromedriver.
- `harbor` (session): a second district "Harbor City" with an admin on the shared server.
- `second_browser` (function): another, independent Chromium (e.g. the person opening a link).
- `contract` (session): the server's OpenAPI document; `contract.check(response, template, method)`
  validates an API answer against the schema documented for its status (helpers.Contract).

Run with `scripts/test --e2e-only`, or directly:
    TRELLIS_BINARY=$PWD/.build/debug/trellis .venv-e2e/bin/python -m pytest e2e -q
Set TRELLIS_E2E_KEEP=1 to keep each server's temp dir (DB + log). On a failure the server
log's tail, the page URL and a screenshot path are added to the report.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Never let selenium's driver manager go to the network: we pass the driver and browser paths.
os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

from helpers import (  # noqa: E402
    DEMO_PASSWORD,
    Contract,
    Server,
    add_district,
    load_contract,
    make_token,
    start_server,
    stop_server,
)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("TRELLIS_E2E_ARTIFACTS", Path(tempfile.gettempdir()) / "trellis-e2e-artifacts"))


def _start(password: str, **kwargs) -> Server:
    try:
        return start_server(password, **kwargs)
    except RuntimeError as e:  # startup failures: show the message and log tail, not a traceback
        message = str(e)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def server():
    """The shared demo server. Tests may add data but must not rely on others not doing so."""
    srv = _start(DEMO_PASSWORD)
    try:
        yield srv
    finally:
        stop_server(srv)


HARBOR_ADMIN = "it@harbor.example"
HARBOR_PASSWORD = "harbor-city-admin-password-2026"


@pytest.fixture(scope="session")
def harbor(server) -> dict:
    """A second district on the shared server, "Harbor City" (slug harbor), with one admin made
    by the CLI exactly as an operator would: {"email", "password", "token"}."""
    add_district(server, name="Harbor City", slug="harbor", email=HARBOR_ADMIN, role="admin",
                 password=HARBOR_PASSWORD)
    return {"email": HARBOR_ADMIN, "password": HARBOR_PASSWORD, "token": make_token(server, HARBOR_ADMIN)}


@pytest.fixture(scope="session")
def contract(server) -> Contract:
    """The server's OpenAPI document, to validate API answers against (see helpers.Contract).
    Every server runs the same binary, so it serves fresh servers' answers too."""
    return load_contract(server)


@pytest.fixture
def fresh_server(request):
    """Factory: `srv = fresh_server()` starts an isolated demo server for this test only."""
    started: list[Server] = []
    request.node._trellis_fresh_servers = started  # for the failure report below

    def start(**kwargs) -> Server:
        srv = _start(kwargs.pop("password", DEMO_PASSWORD), **kwargs)
        started.append(srv)
        return srv

    try:
        yield start
    finally:
        for srv in started:
            stop_server(srv)


def _new_driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # we run as root
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--lang=en-US",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


@pytest.fixture
def browser():
    driver = _new_driver()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def second_browser():
    """Another, separate headless Chromium (own profile, no cookies): a second person's device."""
    driver = _new_driver()
    try:
        yield driver
    finally:
        driver.quit()


# ----------------------------------------------------------------- failure diagnostics


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when not in ("setup", "call") or not rep.failed:
        return
    funcargs = getattr(item, "funcargs", {})
    for name in ("browser", "second_browser"):
        drv = funcargs.get(name)
        if drv is None:
            continue
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"{item.nodeid.replace('/', '_').replace('::', '__')}.{name}.png"
            drv.save_screenshot(str(shot))
            rep.sections.append(
                (name, f"url: {drv.current_url}\ntitle: {drv.title!r}\nscreenshot: {shot}")
            )
        except Exception as e:  # the browser may be gone
            rep.sections.append((name, f"(no browser state: {e})"))
    servers = [funcargs.get("server")] + list(getattr(item, "_trellis_fresh_servers", []))
    for srv in servers:
        if isinstance(srv, Server):
            rep.sections.append((f"server log ({srv.log_path})", srv.log_tail(40)))
