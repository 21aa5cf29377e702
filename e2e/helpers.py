"""Helpers shared by the browser and API tests (import with `from helpers import ...`)."""

from __future__ import annotations

import os
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

    def log_tail(self, lines: int = 60) -> str:
        return log_tail(self.log_path, lines)

    @property
    def database_url(self) -> str:
        """The TRELLIS_DATABASE_URL this server uses (for running the CLI against its DB)."""
        return f"sqlite://{self.tmpdir}/trellis.sqlite"


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


def start_server(password: str = DEMO_PASSWORD, extra_env: dict[str, str] | None = None) -> Server:
    """Start `trellis serve --demo` on a free loopback port with its own SQLite file.

    Retries on a new port if the chosen one was taken in between (Vapor exits at start then).
    """
    binary = trellis_binary()
    last_error: Exception | None = None
    for _attempt in range(3):
        tmpdir = Path(tempfile.mkdtemp(prefix="trellis-e2e-"))
        port = free_port()
        log_path = tmpdir / "server.log"
        env = dict(os.environ)
        env.update(
            TRELLIS_DATABASE_URL=f"sqlite://{tmpdir}/trellis.sqlite",  # == Server.database_url
            TRELLIS_DEMO_PASSWORD=password,
        )
        env.update(extra_env or {})
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [binary, "serve", "--hostname", "127.0.0.1", "--port", str(port), "--demo"],
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
        )
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


def make_token(server: Server, email: str) -> str:
    """An API token for `email`, made with `trellis token create` (the token is the last line)."""
    out = trellis_cli(server, "token", "create", "--email", email).stdout
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines, f"`trellis token create --email {email}` printed nothing"
    return lines[-1]


# --------------------------------------------------------------------------- browser


def path_of(browser) -> str:
    return urlparse(browser.current_url).path


def sign_in(browser, server: Server, email: str, password: str | None = None) -> None:
    """Sign in through the real form; returns once the browser has left /signin."""
    browser.get(f"{server.url}/signin")
    wait = WebDriverWait(browser, WAIT)
    email_input = wait.until(EC.presence_of_element_located((By.ID, "email")))
    email_input.clear()
    email_input.send_keys(email)
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
    """The visible text of the page's <main>."""
    return browser.find_element(By.TAG_NAME, "main").text


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
