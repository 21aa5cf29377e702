#!/usr/bin/env python3
"""The mixed run of bench/load.sh: every demo person with their own session, the pages each can reach.

  mixed.py discover BASE PASSWORD OUT_DIR   sign everyone in, find their pages, write OUT_DIR/pairs.json
                                            and OUT_DIR/mixed.lua (wrk cycles through the pairs)
  mixed.py serial OUT_DIR ROUNDS BASE       request every pair ROUNDS times, one request at a time; writes
                                            OUT_DIR/serial.json: each kind's server times (the
                                            Server-Timing header) and page sizes
  mixed.py table LOG FROM_BYTE              server time by route from the request log's `ms=` fields
                                            written after FROM_BYTE: median, p90, max, count
  mixed.py compare SMALL_DIR LARGE_DIR      each kind's median time and size in both serial runs, how
                                            each grew, and the pages over 25 ms (bench/scale.sh)

MIXED_PEOPLE=N (discover) signs in only N people: the three demo sign-ins and others spread evenly.
MIXED_PORTS=P1,P2 (discover) spreads wrk's threads over those loopback ports in turn (thread 1 to P1,
thread 2 to P2, ...): the benchmark's own round-robin over several instances that share one database.

Standard library only, so it runs on a fresh machine without the test venv.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import statistics
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

# The kinds of page a person reaches in their daily work, by the route they are served from.
KINDS = [
    ("home", r"^/$"),
    ("cohorts", r"^/cohorts$"),
    ("cohort", r"^/cohorts/[0-9a-f-]{36}$"),
    ("formation", r"^/cohorts/[0-9a-f-]{36}/formation$"),
    ("meetings", r"^/cohorts/[0-9a-f-]{36}/meetings$"),
    ("meeting", r"^/meetings/[0-9a-f-]{36}/\d{4}-\d{2}-\d{2}$"),
    ("community", r"^/communities/[0-9a-f-]{36}$"),
    ("between meetings", r"^/communities/[0-9a-f-]{36}/practice$"),
    ("cycle", r"^/cycles/[0-9a-f-]{36}$"),
    ("year's worth", r"^/communities/[0-9a-f-]{36}/value$"),
    ("report", r"^/(communities|cohorts)/[0-9a-f-]{36}/report$"),
    ("stories", r"^/stories$"),
    ("trust results", r"^/trust/[0-9a-f-]{36}$"),
    ("schools", r"^/schools$"),
    ("people", r"^/people$"),
    ("account", r"^/account$"),
]
# At most this many pages of one kind per person (a facilitator reaches dozens of meetings).
PER_KIND = 3


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session(base: str, email: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/signin", timeout=30).read().decode()
    csrf = re.search(r'name="csrf" value="([^"]*)"', page)
    form = {"email": email, "password": password}
    if csrf:
        form["csrf"] = csrf.group(1)
    try:
        opener.open(base + "/signin", data=urllib.parse.urlencode(form).encode(), timeout=30)
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise SystemExit(f"sign-in as {email}: HTTP {answer.code}")
    cookie = next((c.value for c in jar if c.name == "trellis_session"), None)
    if not cookie:
        raise SystemExit(f"sign-in as {email} set no session cookie")
    return opener, f"trellis_session={cookie}"


def get(opener, url: str) -> tuple[int, str]:
    try:
        answer = opener.open(url, timeout=30)
        return answer.status, answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, ""


def kind_of(path: str) -> str | None:
    return next((name for name, pattern in KINDS if re.match(pattern, path)), None)


def discover(base: str, password: str, out: Path) -> None:
    admin, _ = session(base, "admin@bayview.example", password)
    _, people = get(admin, base + "/people")
    emails = sorted(set(re.findall(r"<td>([^<@\s]+@[^<\s]+)</td>", people)))
    if not emails:
        raise SystemExit("no emails on the admin's /people page")
    sample = int(os.environ.get("MIXED_PEOPLE", "0"))
    if sample and len(emails) > sample:
        fixed = [e for e in emails if e.split("@")[0] in ("admin", "facilitator", "leader")]
        rest = [e for e in emails if e not in fixed]
        step = len(rest) / max(sample - len(fixed), 1)
        emails = fixed + [rest[int(i * step)] for i in range(sample - len(fixed))]
    pairs = []
    for email in emails:
        opener, cookie = session(base, email, password)
        seen, queue, found = set(), ["/"], defaultdict(list)
        depth = {"/": 0}
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            status, text = get(opener, base + path)
            if status != 200:
                continue
            kind = kind_of(path)
            if kind and len(found[kind]) < PER_KIND:
                found[kind].append(path)
            if depth[path] >= 2:
                continue
            for href in re.findall(r'href="(/[^"#?]*)"', text):
                if href.startswith(("/static/", "/calendar/", "/signout")) or "/export" in href:
                    continue
                if href not in depth:
                    depth[href] = depth[path] + 1
                    queue.append(href)
        for kind, paths in found.items():
            pairs += [{"email": email, "cookie": cookie, "kind": kind, "path": p} for p in paths]
    # Interleave by kind, so that no single page dominates any stretch of the run.
    by_kind = defaultdict(list)
    for pair in pairs:
        by_kind[pair["kind"]].append(pair)
    mixed = []
    while any(by_kind.values()):
        for kind in [k for k, _ in KINDS]:
            if by_kind[kind]:
                mixed.append(by_kind[kind].pop(0))
    out.mkdir(parents=True, exist_ok=True)
    (out / "pairs.json").write_text(json.dumps(mixed, indent=1))
    lines = ",\n".join(f'  {{{json.dumps(p["path"])}, {json.dumps(p["cookie"])}}}' for p in mixed)
    ports = [p for p in os.environ.get("MIXED_PORTS", "").split(",") if p]
    (out / "mixed.lua").write_text(
        "-- generated by bench/mixed.py: every (session, page) pair, cycled\n"
        f"local pairs = {{\n{lines}\n}}\n"
        f"local ports = {{{', '.join(json.dumps(p) for p in ports)}}}\n"
        "local requests = {}\n"
        "local i = 0\n"
        "local counter = 0\n"
        "function setup(thread)\n  counter = counter + 1\n  thread:set('offset', counter * 97)\n"
        "  if #ports > 0 then\n"
        "    thread.addr = wrk.lookup('127.0.0.1', ports[(counter - 1) % #ports + 1])[1]\n"
        "  end\nend\n"
        "function init(args)\n"
        "  for n, p in ipairs(pairs) do requests[n] = wrk.format('GET', p[1], {['Cookie'] = p[2]}) end\n"
        "  i = (offset or 0) % #requests\n"
        "end\n"
        "function request()\n  i = i % #requests + 1\n  return requests[i]\nend\n"
    )
    kinds = defaultdict(int)
    for pair in mixed:
        kinds[pair["kind"]] += 1
    print(f"{len(emails)} people, {len(mixed)} (session, page) pairs: "
          + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))


def serial(out: Path, rounds: int, base: str) -> None:
    pairs = json.loads((out / "pairs.json").read_text())
    bad = 0
    kinds = defaultdict(lambda: {"ms": [], "bytes": []})
    for _ in range(rounds):
        for pair in pairs:
            request = urllib.request.Request(base + pair["path"], headers={"Cookie": pair["cookie"]})
            try:
                with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as answer:
                    body = answer.read()
                    bad += answer.status != 200
                    timing = re.search(r"dur=([0-9.]+)", answer.headers.get("Server-Timing", ""))
                    if timing:
                        kinds[pair["kind"]]["ms"].append(float(timing.group(1)))
                        kinds[pair["kind"]]["bytes"].append(len(body))
            except urllib.error.HTTPError:
                bad += 1
    (out / "serial.json").write_text(json.dumps(kinds, indent=1))
    print(f"{rounds * len(pairs)} requests one at a time, {bad} not 200")


def compare(small: Path, large: Path, limit_ms: float = 25.0) -> int:
    """Prints the growth table; returns how many pages miss: over limit_ms, or time growing faster than size."""
    a = json.loads((small / "serial.json").read_text())
    b = json.loads((large / "serial.json").read_text())
    print(f"{'page':14} {'ms small':>9} {'ms large':>9} {'KB small':>9} {'KB large':>9} "
          f"{'time x':>7} {'size x':>7}  verdict")
    misses = 0
    for kind, _ in KINDS:
        if kind not in a or kind not in b:
            continue
        ms_a, ms_b = statistics.median(a[kind]["ms"]), statistics.median(b[kind]["ms"])
        kb_a, kb_b = statistics.median(a[kind]["bytes"]) / 1024, statistics.median(b[kind]["bytes"]) / 1024
        time_x, size_x = ms_b / ms_a, kb_b / kb_a
        verdict = "ok"
        if ms_b > limit_ms:
            verdict = f"over {limit_ms:g} ms"
        elif time_x > max(size_x, 1.0) * 1.25:
            verdict = "time grows faster than the page"
        misses += verdict != "ok"
        print(f"{kind:14} {ms_a:9.1f} {ms_b:9.1f} {kb_a:9.1f} {kb_b:9.1f} {time_x:7.2f} {size_x:7.2f}  {verdict}")
    return misses


def table(log: Path, start: int) -> None:
    times = defaultdict(list)
    with log.open("rb") as f:
        f.seek(start)
        for raw in f:
            line = raw.decode(errors="replace")
            ms = re.search(r"\bms=([0-9.]+)", line)
            route = re.search(r"\] (GET|POST) (\S+) (\d{3})", line)
            if ms and route:
                times[route.group(2)].append(float(ms.group(1)))
    print(f"{'route':42} {'median ms':>10} {'p90 ms':>8} {'max ms':>8} {'count':>6}")
    for route, values in sorted(times.items(), key=lambda kv: -statistics.median(kv[1])):
        values.sort()
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        print(f"{route:42} {statistics.median(values):10.1f} {p90:8.1f} {values[-1]:8.1f} {len(values):6}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "discover" and len(sys.argv) == 5:
        discover(sys.argv[2], sys.argv[3], Path(sys.argv[4]))
    elif command == "serial" and len(sys.argv) == 5:
        serial(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif command == "table" and len(sys.argv) == 4:
        table(Path(sys.argv[2]), int(sys.argv[3]))
    elif command == "compare" and len(sys.argv) == 4:
        sys.exit(3 if compare(Path(sys.argv[2]), Path(sys.argv[3])) else 0)
    else:
        print(__doc__)
        sys.exit(2)
