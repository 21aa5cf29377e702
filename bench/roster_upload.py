#!/usr/bin/env python3
"""Memory and answer size of an invalid roster upload near the 20 MB limit.

    TRELLIS_BINARY=.build/release/trellis python3 bench/roster_upload.py [--megabytes 18]

Starts `trellis serve --demo` on a free loopback port with a new SQLite file, signs in as the demo
district admin the way a browser does, uploads an orgs.csv of about N MB in which every row has a
problem (and an empty users.csv), and prints the server's resident memory before and after (VmRSS,
and VmHWM, the peak), the answer's status, size and time, and the problem count it reports.
The target (issue 6): the answer stays small (the first 200 problems and a count) and the peak
stays well under the 487 MB a full listing took.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

PASSWORD = "bench-roster-password-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) / 1024 for key in ("VmRSS", "VmHWM")}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=18)
    args = parser.parse_args()
    binary = os.environ.get("TRELLIS_BINARY", ".build/release/trellis")
    if not os.access(binary, os.X_OK):
        print(f"no binary at {binary}: run swift build -c release or set TRELLIS_BINARY", file=sys.stderr)
        return 2

    header = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
    rows, size, n = [], len(header), 0
    while size < args.megabytes * 1024 * 1024:
        n += 1
        row = f"org-{n:08d},active,,School number {n} with a long enough name,campus,,\n"
        rows.append(row)
        size += len(row)
    orgs = header + "".join(rows)
    users = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = dict(os.environ, TRELLIS_DATABASE_URL=f"sqlite://{tmp}/trellis.sqlite", TRELLIS_DEMO_PASSWORD=PASSWORD,
                   TRELLIS_LOG_LEVEL="warning")
        log = open(Path(tmp) / "server.log", "w")
        server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port), "--demo"],
                                  env=env, stdout=log, stderr=log)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    if requests.get(base + "/healthz", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
            session = requests.Session()
            page = session.get(base + "/signin").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            session.post(base + "/signin", data={"email": "admin@bayview.example", "password": PASSWORD, "csrf": csrf},
                         allow_redirects=False).raise_for_status()
            page = session.get(base + "/roster/import").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            before = memory(server.pid)
            start = time.monotonic()
            answer = session.post(base + "/roster/import", data={"csrf": csrf},
                                  files={"orgs": ("orgs.csv", orgs, "text/csv"), "users": ("users.csv", users, "text/csv")})
            elapsed = time.monotonic() - start
            after = memory(server.pid)
            count = re.search(r"Nothing was imported: (\d+) problems", answer.text)
            print(f"upload: orgs.csv {len(orgs) / 1024 / 1024:.1f} MB, {n} rows, every row invalid")
            print(f"answer: {answer.status_code}, {len(answer.content) / 1024:.1f} KB, {elapsed:.2f} s, "
                  f"problems reported: {count.group(1) if count else 'none'}, "
                  f"listed: {answer.text.count('<li><code>')}")
            print(f"server memory before: VmRSS {before['VmRSS']:.1f} MB (peak so far {before['VmHWM']:.1f} MB)")
            print(f"server memory after:  VmRSS {after['VmRSS']:.1f} MB, peak VmHWM {after['VmHWM']:.1f} MB")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
