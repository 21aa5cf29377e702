"""Helpers shared by the browser and API tests (import with `from helpers import ...`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import requests
from axe_selenium_python import Axe
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

# Demo data the server seeds with `serve --demo` (all share DEMO_PASSWORD).
DEMO_PASSWORD = "trellis-e2e-demo-password"
ADMIN = "admin@bayview.example"  # district admin
FACILITATOR = "facilitator@bayview.example"
LEADER = "leader@bayview.example"  # a principal
BAYVIEW_NETWORK = "Bayview leaders' network"  # the demo cohort: 23 leaders, 2 facilitators

STARTUP_TIMEOUT = 60.0
WAIT = 15  # seconds for page-level waits


# --------------------------------------------------------------------------- server


@dataclass
class Server:
    url: str
    password: str
    log_path: Path
    port: int
    tmpdir: Path
    process: subprocess.Popen = field(repr=False)
    # set when the server uses another database than its own SQLite file
    shared_database_url: str = ""

    def log_tail(self, lines: int = 60) -> str:
        return log_tail(self.log_path, lines)

    @property
    def database_url(self) -> str:
        """The TRELLIS_DATABASE_URL this server uses (for running the CLI against its DB)."""
        return self.shared_database_url or f"sqlite://{self.tmpdir}/trellis.sqlite"


def log_tail(path: Path, lines: int = 60) -> str:
    try:
        text = Path(path).read_text(errors="replace")
    except OSError as e:
        return f"(no log: {e})"
    return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def trellis_binary() -> str:
    binary = os.environ.get("TRELLIS_BINARY")
    if not binary:
        raise RuntimeError("TRELLIS_BINARY is not set (scripts/test sets it to .build/debug/trellis)")
    if not os.access(binary, os.X_OK):
        raise RuntimeError(f"TRELLIS_BINARY={binary} is not an executable file")
    return binary


def start_server(password: str = DEMO_PASSWORD, extra_env: dict[str, str] | None = None,
                 database_url: str | None = None, demo: bool = True, wait: bool = True) -> Server:
    """Start `trellis serve --demo` on a free loopback port with its own SQLite file (or on
    `database_url`, shared with other instances; without `demo`, nothing is seeded).

    Retries on a new port if the chosen one was taken in between (Vapor exits at start then).
    With `wait=False` it returns at once; call `wait_healthy` before using it.
    """
    binary = trellis_binary()
    last_error: Exception | None = None
    for _attempt in range(3):
        tmpdir = Path(tempfile.mkdtemp(prefix="trellis-e2e-"))
        port = free_port()
        log_path = tmpdir / "server.log"
        env = dict(os.environ)
        env.update(
            TRELLIS_DATABASE_URL=database_url or f"sqlite://{tmpdir}/trellis.sqlite",  # == Server.database_url
            TRELLIS_DEMO_PASSWORD=password,
        )
        env.update(extra_env or {})
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)] + (["--demo"] if demo else []),
                cwd=tmpdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        server = Server(
            url=f"http://127.0.0.1:{port}",
            password=password,
            log_path=log_path,
            port=port,
            tmpdir=tmpdir,
            process=proc,
            shared_database_url=database_url or "",
        )
        if not wait:
            return server
        try:
            _wait_healthy(server)
            return server
        except _EarlyExit as e:
            last_error = e
            stop_server(server, remove=False)
            if "address already in use" in server.log_tail().lower():
                continue  # lost the port race: try another port
            raise RuntimeError(str(e)) from None
        except Exception:
            stop_server(server, remove=False)
            raise
    raise RuntimeError(f"could not start the server: {last_error}")


class _EarlyExit(Exception):
    pass


def wait_healthy(server: Server) -> None:
    """Wait for a server started with `wait=False`; stops it and fails with its log if it does not come up."""
    try:
        _wait_healthy(server)
    except Exception:
        stop_server(server, remove=False)
        raise


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last = "no answer yet"
    while time.monotonic() < deadline:
        code = server.process.poll()
        if code is not None:
            raise _EarlyExit(
                f"trellis serve exited with code {code} before /healthz answered.\n"
                f"--- last lines of {server.log_path} ---\n{server.log_tail()}"
            )
        try:
            r = requests.get(server.url + "/healthz", timeout=2)
            if r.status_code == 200 and r.text.strip() == "ok":
                return
            last = f"HTTP {r.status_code}: {r.text[:200]!r}"
        except requests.RequestException as e:
            last = type(e).__name__
        time.sleep(0.2)
    raise RuntimeError(
        f"trellis serve did not answer GET /healthz -> 200 'ok' within {STARTUP_TIMEOUT:.0f}s "
        f"(last: {last}).\n--- last lines of {server.log_path} ---\n{server.log_tail()}"
    )


def stop_server(server: Server, remove: bool | None = None) -> None:
    """Stop the server by its own pid: SIGTERM, wait, then SIGKILL if needed.

    The temp dir (DB + log) is removed unless TRELLIS_E2E_KEEP=1 or remove=False.
    """
    proc = server.process
    if proc.poll() is None:
        try:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass
    if remove is None:
        remove = os.environ.get("TRELLIS_E2E_KEEP") != "1"
    if remove:
        shutil.rmtree(server.tmpdir, ignore_errors=True)


def trellis_cli(server: Server, *args: str, input: str | None = None,
                timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `trellis ARGS` against `server`'s database; fails the test with the output if it fails."""
    env = dict(os.environ)
    env["TRELLIS_DATABASE_URL"] = server.database_url
    proc = subprocess.run(
        [trellis_binary(), *args],
        cwd=server.tmpdir,
        env=env,
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"`trellis {' '.join(args)}` exited with {proc.returncode}\n"
            f"stdout: {proc.stdout}\nstderr: {proc.stderr}"
        )
    return proc


def run_trellis(*args: str, cwd: Path | str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `trellis ARGS` as an analyst would, with no database configured; never raises on failure."""
    env = {k: v for k, v in os.environ.items() if k != "TRELLIS_DATABASE_URL"}
    return subprocess.run(
        [trellis_binary(), *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=timeout,
    )


def add_district(server: Server, *, name: str, slug: str, email: str, role: str, password: str) -> None:
    """A new district and one account in it, made with the CLI exactly as an operator would."""
    trellis_cli(server, "district", "create", "--name", name, "--slug", slug)
    trellis_cli(server, "user", "create", "--district", slug, "--email", email, "--role", role, input=password)


def make_token(server: Server, email: str) -> str:
    """An API token for `email`, made with `trellis token create` (the token is the last line)."""
    out = trellis_cli(server, "token", "create", "--email", email).stdout
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines, f"`trellis token create --email {email}` printed nothing"
    return lines[-1]


# --------------------------------------------------------------------------- browser


def path_of(browser) -> str:
    return urlparse(browser.current_url).path


def to_password_step(browser, server: Server, email: str) -> None:
    """Open /signin, give the email and Continue; returns once the password field is there (an email
    outside every connected district's domains is asked for its password)."""
    browser.get(f"{server.url}/signin")
    wait = WebDriverWait(browser, WAIT)
    email_input = wait.until(EC.presence_of_element_located((By.ID, "email")))
    email_input.clear()
    email_input.send_keys(email)
    button_by_text(browser, "Continue").click()
    wait.until(EC.presence_of_element_located((By.ID, "password")))


def sign_in(browser, server: Server, email: str, password: str | None = None) -> None:
    """Sign in through the real form (email, Continue, password); returns once the browser has left /signin."""
    to_password_step(browser, server, email)
    wait = WebDriverWait(browser, WAIT)
    pw = browser.find_element(By.ID, "password")
    pw.clear()
    pw.send_keys(password if password is not None else server.password)
    button_by_text(browser, "Sign in").click()
    try:
        wait.until(lambda b: path_of(b) != "/signin")
    except TimeoutException:
        body = browser.find_element(By.TAG_NAME, "body").text[:500]
        raise AssertionError(f"sign-in as {email} stayed on /signin; page says: {body!r}") from None


def sign_out(browser) -> None:
    """Click "Sign out" (a button in a form in the page header) and wait for the page to change."""
    try:
        button = browser.find_element(By.XPATH, "//header//form//button[normalize-space()='Sign out']")
    except NoSuchElementException:
        button = button_by_text(browser, "Sign out")
    button.click()
    wait_until_stale(browser, button)


def wait_until_stale(browser, element, timeout: float = WAIT) -> None:
    """Wait until `element`'s page has been replaced (after a click that submits or navigates).

    Like EC.staleness_of, but chromedriver may answer a query about a node of a page that is
    being unloaded with "Node with given id does not belong to the document" instead of a
    stale-element error; that means the same thing here.
    """

    def gone(_driver) -> bool:
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise

    WebDriverWait(browser, timeout).until(gone)


def http_session_of(browser) -> requests.Session:
    """A requests session carrying the browser's cookies, to read status codes of what it sees."""
    session = requests.Session()
    for cookie in browser.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"], path=cookie.get("path", "/"))
    return session


def main_text(browser) -> str:
    """The visible text of the page's <main>. A read that races a page load (Chromium: "Node with given
    id does not belong to the document") is read again from the new page."""
    for attempt in range(3):
        try:
            return browser.find_element(By.TAG_NAME, "main").text
        except StaleElementReferenceException:
            if attempt == 2:
                raise
            time.sleep(0.2)
        except WebDriverException as error:
            if "does not belong to the document" not in str(error) or attempt == 2:
                raise
            time.sleep(0.2)
    return ""


def wait_for(browser, condition, timeout: float = WAIT):
    """Waits until `condition(browser)` is truthy, through page loads and in-place swaps (elements read
    mid-swap go stale). Use after a click that submits: the old page may still be there for a moment."""
    return WebDriverWait(browser, timeout, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def fire_drag(browser, item, target) -> None:
    """Drags `item` onto `target`. Selenium cannot drive native HTML drag and drop in Chromium; these
    are the events a real drag fires."""
    browser.execute_script(
        """
        const [item, target] = arguments;
        const data = new DataTransfer();
        item.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
        target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
        target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));
        item.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));
        """,
        item, target,
    )


def button_by_text(browser, text: str):
    """A <button> (or submit input) whose visible text is exactly `text`."""
    quoted = xpath_literal(text)
    found = browser.find_elements(By.XPATH, f"//button[normalize-space()={quoted}]")
    if not found:
        found = browser.find_elements(By.XPATH, f"//input[@type='submit' and @value={quoted}]")
    if not found:
        raise NoSuchElementException(f"no button with text {text!r} on {browser.current_url}")
    return found[0]


def xpath_literal(s: str) -> str:
    if "'" not in s:
        return f"'{s}'"
    if '"' not in s:
        return f'"{s}"'
    parts = s.split("'")
    return "concat(" + ", \"'\", ".join(f"'{p}'" for p in parts) + ")"


# --------------------------------------------------------------------------- API


def api(server: Server, path: str, token: str | None = None, method: str = "GET", json=None,
        **kwargs) -> requests.Response:
    """Call the HTTP API; `token` goes in `Authorization: Bearer …`. Returns the response."""
    headers = dict(kwargs.pop("headers", None) or {})
    headers.setdefault("Accept", "application/json")
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    kwargs.setdefault("timeout", 15)
    kwargs.setdefault("allow_redirects", False)
    return requests.request(method, server.url + path, headers=headers, json=json, **kwargs)


def signed_in_session(server: Server, email: str, password: str | None = None) -> requests.Session:
    """A requests session signed in through the real form (CSRF token and all), for people whose
    pages a test reads but who need no browser."""
    session = requests.Session()
    form = session.get(server.url + "/signin", timeout=15)
    match = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert match, "the sign-in form has no CSRF field"
    r = session.post(
        server.url + "/signin",
        data={"csrf": match.group(1), "email": email, "password": password or server.password},
        allow_redirects=False, timeout=15,
    )
    assert r.status_code in (302, 303) and not r.headers.get("Location", "").startswith("/signin"), (
        f"sign-in as {email} failed: {r.status_code} {r.headers.get('Location')}"
    )
    return session


# --------------------------------------------------------------------------- the OpenAPI contract

OPENAPI_URI = "urn:trellis:openapi"
PROBLEM = "application/problem+json"


class Contract:
    """The server's OpenAPI document, able to validate a response against its documented schema."""

    def __init__(self, doc: dict):
        self.doc = doc
        resource = Resource.from_contents(doc, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(OPENAPI_URI, resource)

    @staticmethod
    def _pointer(*parts: str) -> str:
        return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)

    def response_schema_ref(self, path: str, method: str, status: int, content_type: str) -> str:
        operations = self.doc["paths"].get(path)
        assert operations, f"{path} is not in the OpenAPI document"
        operation = operations.get(method.lower())
        assert operation, f"{method} {path} is not in the OpenAPI document"
        response = operation["responses"].get(str(status))
        assert response, (
            f"{method} {path} answered {status}, which the OpenAPI document does not list "
            f"(it lists {sorted(operation['responses'])})"
        )
        content = response.get("content", {})
        assert content_type in content, (
            f"{method} {path} {status} answered {content_type}; the document lists {sorted(content)}"
        )
        return f"{OPENAPI_URI}#/" + self._pointer(
            "paths", path, method.lower(), "responses", str(status), "content", content_type, "schema"
        )

    def validator(self, ref: str) -> Draft202012Validator:
        return Draft202012Validator(
            {"$ref": ref},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    def check(self, response: requests.Response, template: str, method: str = "GET") -> object:
        """Assert `response` is JSON of the documented type and shape; return the parsed body."""
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            body = response.json()
        except ValueError:
            raise AssertionError(
                f"{method} {response.url} answered {response.status_code} {media} that is not JSON: "
                f"{response.text[:300]!r}"
            ) from None
        ref = self.response_schema_ref(template, method, response.status_code, media)
        errors = sorted(self.validator(ref).iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [
                f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]
            ]
            raise AssertionError(
                f"{method} {template} {response.status_code} does not match its OpenAPI schema "
                f"({ref}):\n" + "\n".join(lines) + f"\nbody: {json.dumps(body)[:1500]}"
            )
        if media == PROBLEM:
            assert body["status"] == response.status_code, body
        return body


def load_contract(server: Server) -> Contract:
    """Fetch /api/v1/openapi.json (no token needed), check it is OpenAPI 3.1 with valid schemas."""
    r = requests.get(server.url + "/api/v1/openapi.json", timeout=15)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert doc["openapi"].startswith("3.1"), doc.get("openapi")
    for name, schema in doc["components"]["schemas"].items():
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as e:  # noqa: BLE001 - report which schema
            raise AssertionError(f"components.schemas.{name} is not a valid JSON Schema: {e}") from None
    return Contract(doc)


# --------------------------------------------------------------------------- accessibility

AXE_FAIL_IMPACTS = {"serious", "critical"}
# axe-selenium-python 2.1.6 ships axe-core 3.1.1 (2018). To try another axe-core build, point
# TRELLIS_AXE_SCRIPT at its axe.min.js.
AXE_SCRIPT = os.environ.get("TRELLIS_AXE_SCRIPT")

# One false positive of axe-core 3.1.1's "autocomplete-appropriate" check, fixed upstream:
# autocomplete="off"/"on" passed only on type=text; the HTML spec allows them on every input
# (later axe-core returns early for these "state terms"). The check merges this option list into its
# own table of allowed input types, so the rule still runs for every other value (the sign-in email
# field uses "email", which every version accepts on type=email).
_ALL_TEXTUAL = ["text", "search", "email", "url", "tel", "password", "number", "date", "month",
                "week", "time", "datetime-local"]
AXE_3_1_FIXES = {"off": _ALL_TEXTUAL, "on": _ALL_TEXTUAL}


def axe_problems(browser) -> list[str]:
    """Serious and critical axe-core violations on the current page, as readable lines."""
    axe = Axe(browser, script_url=AXE_SCRIPT) if AXE_SCRIPT else Axe(browser)
    axe.inject()
    if browser.execute_script("return axe.version").startswith("3."):
        browser.execute_script(
            "axe.configure({checks: [{id: 'autocomplete-appropriate', options: arguments[0]}]})",
            AXE_3_1_FIXES,
        )
    results = axe.run()
    lines = []
    for v in results["violations"]:
        if v.get("impact") not in AXE_FAIL_IMPACTS:
            continue
        lines.append(f"axe {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:8]:
            target = " ".join(map(str, node["target"]))
            lines.append(f"    at {target}: {node['html'][:160]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                if summary_line.strip():
                    lines.append(f"        {summary_line.strip()}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more elements")
    return lines


def structure_problems(browser) -> list[str]:
    """One non-empty h1 and one main landmark."""
    problems = []
    h1s = browser.find_elements(By.TAG_NAME, "h1")
    if len(h1s) != 1:
        problems.append(f"expected exactly one <h1>, found {len(h1s)}: {[h.text for h in h1s]}")
    elif not h1s[0].text.strip():
        problems.append("the <h1> is empty")
    mains = browser.find_elements(By.CSS_SELECTOR, "main, [role=main]")
    if len(mains) != 1:
        problems.append(f"expected one main landmark, found {len(mains)}")
    return problems


def accessibility_report(found: dict[str, list[str]]) -> str:
    """{page: problems} as an indented report of the pages that have any."""
    out = []
    for page, problems in found.items():
        if problems:
            out.append(f"{page}:")
            out.extend(f"  {p}" for p in problems)
    return "\n".join(out)
