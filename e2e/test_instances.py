"""Several Trellis instances on one PostgreSQL database, as a district runs them behind a load balancer:
two started at the same moment on an empty database both come up (one migrates under an advisory lock,
the other waits and finds nothing to do); failed sign-ins alternated over the two lock the account on
both; a sign-out on one ends the session on the other at once; fifty changes to one board sent at once,
half to each, all land, in one unbroken order; a change made on one reaches a live board page open on the
other, also after PostgreSQL restarts under them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import websocket

import requests

from helpers import (
    LEADER,
    FACILITATOR,
    make_token,
    signed_in_session,
    start_server,
    stop_server,
    trellis_cli,
    wait_healthy,
)


def database_url() -> str:
    url = os.environ.get("TRELLIS_INSTANCES_POSTGRES_URL")
    assert url, "TRELLIS_INSTANCES_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL"
    return url


def empty(url: str) -> None:
    subprocess.run(
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
        check=True, capture_output=True, timeout=60,
    )


def query(url: str, sql: str) -> list[str]:
    done = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qtAc", sql], check=True, capture_output=True,
                          text=True, timeout=60)
    return [line for line in done.stdout.splitlines() if line]


def ready(server, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(server.url + "/readyz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{server.url}/readyz did not answer 200 within {timeout} s")


def add_note(server, community: str, token: str, text: str, attempts: int = 1) -> int:
    for attempt in range(attempts):
        try:
            status = requests.post(
                f"{server.url}/api/v1/communities/{community}/board/operations",
                headers={"Authorization": f"Bearer {token}"}, json={"op": "add", "text": text}, timeout=60,
            ).status_code
        except requests.RequestException:
            status = 0
        if status == 200 or attempt == attempts - 1:
            return status
        time.sleep(0.5)
    return 0


def next_event(socket, text: str, start: float, timeout: float = 10) -> float:
    """Seconds from `start` until an event naming `text` arrives on the live connection."""
    socket.settimeout(timeout)
    while True:
        message = json.loads(socket.recv())
        if message.get("type") == "event" and text in json.dumps(message):
            return time.monotonic() - start


def sign_in_status(server, email: str, password: str) -> int:
    session = requests.Session()
    form = session.get(server.url + "/signin", timeout=15)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        server.url + "/signin", data={"csrf": token, "email": email, "password": password},
        allow_redirects=False, timeout=30,
    )
    return answer.status_code


def test_two_instances_on_one_database():
    url = database_url()
    empty(url)
    # both at once, on an empty schema
    a = start_server(database_url=url, demo=False, wait=False)
    b = start_server(database_url=url, demo=False, wait=False)
    try:
        wait_healthy(a)
        wait_healthy(b)
        for server in (a, b):
            ready(server)
        logs = a.log_tail(400) + b.log_tail(400)
        assert logs.count("Migration026CreateSignInFailures [FluentKit] [Migrator] Starting prepare") == 1, (
            "exactly one instance ran the migrations"
        )
        out = trellis_cli(a, "demo").stdout
        assert "Bayview Unified" in out, out
        password = re.search(r"Password for every demo account: (\S+)", out).group(1)

        # a session made on A works on B, and a sign-out on A ends it on B
        facilitator = signed_in_session(a, FACILITATOR, password)
        cookies = facilitator.cookies.get_dict()
        on_b = requests.get(b.url + "/", cookies=cookies, allow_redirects=False, timeout=15)
        assert on_b.status_code == 200, on_b.status_code
        page = facilitator.get(a.url + "/", timeout=15).text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        assert facilitator.post(a.url + "/signout", data={"csrf": csrf}, allow_redirects=False, timeout=15).status_code == 303
        after = requests.get(b.url + "/", cookies=cookies, allow_redirects=False, timeout=15)
        assert after.status_code == 303 and after.headers["Location"].startswith("/signin"), after.status_code

        # fifty notes added to one board at once, alternately through A and B
        token = make_token(a, FACILITATOR)
        community = query(url, "SELECT id FROM communities WHERE name LIKE 'Community 1:%'")[0]
        before = len(requests.get(f"{a.url}/api/v1/communities/{community}/board",
                                  headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["notes"])

        def add(index: int) -> int:
            return add_note((a, b)[index % 2], community, token, f"Concurrent note {index}")

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(add, range(50)))
        assert statuses == [200] * 50, statuses
        notes = requests.get(f"{b.url}/api/v1/communities/{community}/board",
                             headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["notes"]
        assert len(notes) == before + 50
        assert {f"Concurrent note {i}" for i in range(50)} <= {note["text"] for note in notes}
        sequences = [int(n) for n in query(
            url, f"SELECT sequence FROM inquiry_board_events WHERE community_id = '{community}' ORDER BY sequence")]
        assert sequences == list(range(1, len(sequences) + 1)), "the events are one unbroken order"

        # a live board page open on B hears a change made on A
        watcher = signed_in_session(b, FACILITATOR, password)
        socket = websocket.create_connection(
            b.url.replace("http://", "ws://") + f"/communities/{community}/board/live",
            cookie="; ".join(f"{k}={v}" for k, v in watcher.cookies.get_dict().items()), origin=b.url, timeout=10,
        )
        try:
            assert json.loads(socket.recv())["type"] == "hello"
            start = time.monotonic()
            assert add_note(a, community, token, "Heard on the other instance") == 200
            seconds = next_event(socket, "Heard on the other instance", start)
            print(f"a change on A reached a page on B in {seconds * 1000:.0f} ms")

            # PostgreSQL restarts under both: B listens again (/readyz says when), and a change still arrives
            as_root = [] if os.geteuid() == 0 else ["sudo", "-n"]
            subprocess.run(as_root + ["pg_ctlcluster", "15", "main", "restart"], check=True, capture_output=True,
                           timeout=120)
            ready(b, timeout=60)
            assert add_note(a, community, token, "After the restart", attempts=10) == 200
            next_event(socket, "After the restart", time.monotonic())
        finally:
            socket.close()

        # five wrong passwords, alternated over A and B, lock the account on both
        for attempt in range(5):
            server = (a, b)[attempt % 2]
            assert sign_in_status(server, LEADER, "not the password") == 401
        for server in (a, b):
            assert sign_in_status(server, LEADER, password) == 429, "locked for the window on every instance"
    finally:
        stop_server(a)
        stop_server(b)
