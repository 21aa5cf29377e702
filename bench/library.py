#!/usr/bin/env python3
"""Library search benchmark (bench/library.sh): a generated library imported through the real import
page, then searches through the API, one at a time, each with different words.

  library.py generate N OUT.csv       N resources in the library's CSV, from a seeded vocabulary
  library.py run BASE PASSWORD TOKEN CSV QUERIES
                                      import CSV as the demo facilitator, then QUERIES searches;
                                      prints the import time and the searches' server time (the
                                      Server-Timing header) and client time: median, p95, max

Standard library only, so it runs on a fresh machine without the test venv.
"""
from __future__ import annotations

import csv
import http.cookiejar
import itertools
import json
import random
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

FACILITATOR = "facilitator@bayview.example"
KINDS = ["reading", "video", "podcast", "protocol", "tool", "example"]
BUCKETS = ["resources", "knowledge", "skills", "dispositions"]
CHALLENGES = ["inclusive-families", "funds-for-need", "operations", "biased-language",
              "implicit-bias-culture", "generative-listening"]
TRAITS = ["Mastery", "Identity", "Creativity"]
ROOTS = """equity family families listening circle circles bias biased language trust belonging student
students teacher teachers leader leaders principal school schools community meeting meetings budget
funds schedule operations attendance restorative conversation conversations culture identity mastery
creativity design interview empathy prototype protocol reflection journal voice panel data results
reading writing math science literacy coaching feedback observation classroom walk walks audit welcome
translation multilingual interpreters home visits relationships accountability partners commitment
improvement cycle cycles inquiry question questions root cause causes bucket knowledge skills
dispositions resources time money staff hiring retention discipline suspension referral referrals
counselor counselors advisory mentoring tutoring intervention support supports access advanced
courses tracking grading assessment rubric portfolio project projects exhibition showcase celebration
""".split()


STOPWORDS = """the of and to a in for is with on that as by this be are at from it or an was we
their our they how when what which who will can not more have has but all its into about them
""".split()


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Words in the order of how often they occur: the short words every text is full of, then the
    roots above, then made-up words with real-looking endings (the long tail)."""
    syllables = ["ka", "lo", "mi", "ren", "sta", "vor", "el", "tri", "pan", "dus", "qui", "ber", "nol", "sar"]
    words = STOPWORDS + [w for w in ROOTS if w not in STOPWORDS]
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) + rng.choice(
            ["", "ing", "s", "ed", "ment", "ness", "ity"])
        words.append(word)
    return words


class Zipf:
    """Draws words with Zipf's law (the k-th most frequent word k times rarer than the first), as in
    English text."""

    def __init__(self, words: list[str]):
        self.words = words
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.cumulative)[0]


def generate(count: int, out: str) -> None:
    rng = random.Random(2026)
    zipf = Zipf(vocabulary(rng))
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["title", "kind", "url", "summary", "minutes", "buckets", "challenges", "traits", "keywords"])
        for n in range(count):
            title = " ".join(zipf.pick(rng) for _ in range(rng.randint(3, 8))).capitalize() + f" ({n + 1})"
            summary = ". ".join(
                " ".join(zipf.pick(rng) for _ in range(rng.randint(6, 14))).capitalize()
                for _ in range(rng.randint(2, 5))) + "."
            writer.writerow([
                title, rng.choice(KINDS), f"https://example.org/library/{n + 1}", summary, rng.randint(5, 120),
                ";".join(rng.sample(BUCKETS, rng.randint(0, 2))), ";".join(rng.sample(CHALLENGES, rng.randint(0, 2))),
                ";".join(rng.sample(TRAITS, rng.randint(0, 2))),
                ";".join(sorted({zipf.pick(rng) for _ in range(rng.randint(1, 4))})),
            ])


def session(base: str, password: str) -> tuple[urllib.request.OpenerDirector, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/signin").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "email": FACILITATOR, "password": password}).encode()
    opener.open(base + "/signin", body)
    page = opener.open(base + "/library/import").read().decode()
    return opener, re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def upload(opener, base: str, csrf: str, path: str) -> str:
    boundary = "trellis-bench-boundary"
    data = open(path, "rb").read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"library.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/library/import", body, method="POST")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    response = opener.open(request, timeout=600)
    return urllib.parse.urlparse(response.geturl()).query


def queries(count: int) -> list[str]:
    rng = random.Random(7)
    words = vocabulary(random.Random(2026))
    found = []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            found.append(rng.choice(ROOTS))  # a common word
        elif kind == 1:
            found.append(rng.choice(words[len(STOPWORDS) + len(ROOTS):]))  # a rare one
        elif kind == 2:
            found.append(" ".join(rng.sample(ROOTS, 2)))  # two words, both must match
        else:
            found.append(rng.choice([w for w in ROOTS if len(w) > 5])[:4])  # a prefix as typed so far
    return found


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(base: str, password: str, token: str, path: str, count: int) -> None:
    opener, csrf = session(base, password)
    start = time.monotonic()
    result = upload(opener, base, csrf, path)
    print(f"import: {time.monotonic() - start:.1f} s ({result})")
    server, client, results = [], [], []
    for words in queries(count):
        url = base + "/api/v1/resources?" + urllib.parse.urlencode({"q": words})
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        start = time.monotonic()
        with urllib.request.urlopen(request) as response:
            body = response.read()
            timing = response.headers.get("Server-Timing", "")
        client.append((time.monotonic() - start) * 1000)
        server.append(float(re.search(r"dur=([0-9.]+)", timing).group(1)))
        results.append(len(json.loads(body)["items"]))
    for name, values in (("server", server), ("client", client)):
        print(f"search {name} time over {count} queries: median {statistics.median(values):.2f} ms, "
              f"p95 {percentile(values, 95):.2f} ms, max {max(values):.2f} ms")
    print(f"results per query: median {statistics.median(results)}, empty {results.count(0)} of {count}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        sys.exit(__doc__)
