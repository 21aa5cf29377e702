"""A crash in the middle of writing: the server is killed with SIGKILL while board notes stream in and an
outcomes import is under way, then started again on the same database. Every note that was answered
2xx is on the board, and the import is there whole or not at all: on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time

import requests

from helpers import ADMIN, FACILITATOR, make_token, start_server, stop_server

SCHOOLS = [f"bv-{n:03d}" for n in range(1, 16)]
MEASURES = [f"Crash measure {n}" for n in range(400)]
IMPORT_ROWS = len(SCHOOLS) * len(MEASURES)


def big_import() -> str:
    lines = ["school,year,subgroup,measure,tested,met"]
    for school in SCHOOLS:
        for measure in MEASURES:
            lines.append(f"{school},2026-27,All students,{measure},100,50")
    return "\n".join(lines) + "\n"


def community_of(server, token: str) -> str:
    cohorts = requests.get(f"{server.url}/api/v1/cohorts", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    cohort = next(c for c in cohorts.json()["items"] if c["name"] == "Bayview leaders' network")
    communities = requests.get(f"{server.url}/api/v1/cohorts/{cohort['id']}/communities",
                               headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["items"]
    return next(c["id"] for c in communities if c["name"].startswith("Community 1:"))


def crash_while_writing(server) -> tuple[list[str], str, str]:
    """Streams notes and an import, kills the server mid-stream; returns the acknowledged notes, the
    community and the facilitator's token."""
    facilitator = make_token(server, FACILITATOR)
    admin = make_token(server, ADMIN)
    community = community_of(server, facilitator)
    acknowledged: list[str] = []
    stop = threading.Event()

    def notes() -> None:
        index = 0
        while not stop.is_set():
            text = f"Crash note {index}"
            index += 1
            try:
                answer = requests.post(
                    f"{server.url}/api/v1/communities/{community}/board/operations",
                    headers={"Authorization": f"Bearer {facilitator}"}, json={"op": "add", "text": text}, timeout=10,
                )
            except requests.RequestException:
                return
            if 200 <= answer.status_code < 300:
                acknowledged.append(text)

    def importing() -> None:
        try:
            requests.post(f"{server.url}/api/v1/outcomes/imports", data=big_import().encode(),
                          headers={"Authorization": f"Bearer {admin}", "Content-Type": "text/csv"}, timeout=30)
        except requests.RequestException:
            pass

    writers = [threading.Thread(target=notes), threading.Thread(target=notes)]
    for writer in writers:
        writer.start()
    time.sleep(0.5)
    # a 6 000-row import takes about 0.6 s on a debug build: the kill lands while it is under way
    writers.append(threading.Thread(target=importing))
    writers[-1].start()
    time.sleep(0.3)
    server.process.kill()  # SIGKILL: no shutdown, no flush
    server.process.wait(timeout=10)
    stop.set()
    for writer in writers:
        writer.join(timeout=30)
    assert acknowledged, "some notes were answered before the crash"
    return acknowledged, community, facilitator


def check_after_restart(server, acknowledged: list[str], community: str, token: str, imported: int) -> None:
    board = requests.get(f"{server.url}/api/v1/communities/{community}/board",
                         headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    on_board = {note["text"] for note in board["notes"]}
    missing = [text for text in acknowledged if text not in on_board]
    assert not missing, f"{len(missing)} acknowledged notes are gone after the crash: {missing[:5]}"
    assert imported in (0, IMPORT_ROWS), f"the import is half there: {imported} of {IMPORT_ROWS} rows"


def test_crash_on_sqlite():
    first = start_server()
    try:
        acknowledged, community, token = crash_while_writing(first)
        again = start_server(database_url=first.database_url, demo=False)
        try:
            database = first.database_url.removeprefix("sqlite://")
            with sqlite3.connect(database) as db:
                imported = db.execute("SELECT COUNT(*) FROM outcome_counts WHERE year = '2026-27'").fetchone()[0]
            check_after_restart(again, acknowledged, community, token, imported)
            print(f"SQLite: {len(acknowledged)} acknowledged notes all kept; import rows after the crash: {imported}")
        finally:
            stop_server(again)
    finally:
        stop_server(first)


def test_crash_on_postgres():
    url = os.environ.get("TRELLIS_INSTANCES_POSTGRES_URL")
    assert url, "TRELLIS_INSTANCES_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL"
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                   check=True, capture_output=True, timeout=60)
    first = start_server(database_url=url, demo=True)
    try:
        acknowledged, community, token = crash_while_writing(first)
        again = start_server(database_url=url, demo=False)
        try:
            imported = int(subprocess.run(
                ["psql", url, "-qtAc", "SELECT COUNT(*) FROM outcome_counts WHERE year = '2026-27'"],
                check=True, capture_output=True, text=True, timeout=60).stdout.strip())
            check_after_restart(again, acknowledged, community, token, imported)
            print(f"PostgreSQL: {len(acknowledged)} acknowledged notes all kept; import rows after the crash: {imported}")
        finally:
            stop_server(again)
    finally:
        stop_server(first)
