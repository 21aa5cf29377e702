#!/usr/bin/env python3
"""Compares the formation engine with the exact optimum on small cohorts.

Generates small random cohorts (8-14 leaders, 3-6 challenge keys, shared schools, new and
seasoned leaders, a few kept-apart pairs, several size ranges, the number of communities given or
left to the engine) from a fixed seed, writes each as leaders.csv / apart.csv, runs the engine
through its command line (`trellis form`) to get its grouping,
checks that grouping and recomputes its score here, and solves the same instance exactly as an
integer program with SciPy's HiGHS (`scipy.optimize.milp`). Prints engine / optimum per instance
and the minimum ratio. Target (issue 3): at least 99 %.

    python3 bench/formation/optimum.py --runner ".build/release/trellis form"

The integer program, for slots c (the number asked for, or the most the sizes allow) and focus
keys f:
    x[i,c] leader i in community c;  y[c,f] community c has focus f;  z[c] slot c is used
    u[i,c,f] <= x[i,c], u[i,c,f] <= y[c,f]        (leader i earns points(i,f) in c)
    m[c] <= sum of x[i,c] over new leaders, m[c] <= same over seasoned leaders   (M)
    s[i,j] >= x[i,c] + x[j,c] - 1 for every c, i and j from the same school       (S)
    sum_c x[i,c] = 1;  min z[c] <= sum_i x[i,c] <= max z[c];  sum_f y[c,f] = z[c]
    x[i,c] + x[j,c] <= 1 for kept-apart pairs;  z[c] = 1 when K is given, else z[c] >= z[c+1]
    x[i,c] = 0 for c > i   (symmetry: slots ordered by their first member)
    maximise 10 sum points*u + 5 sum m - 20 sum s
"""

import argparse
import itertools
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

KEYS = ["family", "funds", "operations", "language", "bias", "listening"]
SIZE_RANGES = [(3, 6), (3, 6), (3, 5), (2, 4), (3, 4), (4, 5), (2, 3)]
SEASONED_YEARS = 3


def generate(rng, number, fewest, most):
    """One instance whose sizes fit: (leaders, pairs, smallest, largest, K or None). Kept-apart
    pairs may still make it infeasible; the engine and the solver must then both say so."""
    while True:
        n = rng.randint(fewest, most)
        smallest, largest = rng.choice(SIZE_RANGES)
        lowest, highest = -(-n // largest), n // smallest
        if lowest > highest:
            continue
        keys = KEYS[: rng.randint(3, 6)]
        weights = [rng.uniform(0.5, 3) for _ in keys]
        school_count = rng.randint(max(2, n // 3), n)
        leaders = []
        for i in range(n):
            named = rng.choices([0, 1, 2, 3], weights=[4, 8, 18, 70])[0]
            choices = []
            while len(choices) < named:
                key = rng.choices(keys, weights=weights)[0]
                if key not in choices:
                    choices.append(key)
            leaders.append(
                {
                    "id": f"p{number}-{i}",
                    "name": f"Leader {i}",
                    "school": f"S{rng.randrange(school_count)}",
                    "years": rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20]),
                    "choices": choices,
                }
            )
        if not any(leader["choices"] for leader in leaders):
            continue
        pairs = set()
        for _ in range(rng.randint(0, max(3, n // 4))):
            a, b = rng.sample(range(n), 2)
            pairs.add((min(a, b), max(a, b)))
        count = rng.randint(lowest, highest) if rng.random() < 0.5 else None
        if pairs and (count or highest) == 1:
            continue
        return leaders, sorted(pairs), smallest, largest, count


def points(leader, focus):
    return 3 - leader["choices"].index(focus) if focus in leader["choices"] else 0


def score(leaders, groups):
    """(total, P, M, S) of communities given as (focus, [leader index])."""
    p = m = s = 0
    for focus, members in groups:
        p += sum(points(leaders[i], focus) for i in members)
        new = sum(1 for i in members if leaders[i]["years"] < SEASONED_YEARS)
        m += 1 if 0 < new < len(members) else 0
        s += sum(1 for i, j in itertools.combinations(members, 2) if leaders[i]["school"] == leaders[j]["school"])
    return 10 * p + 5 * m - 20 * s, p, m, s


def optimum(leaders, pairs, smallest, largest, count, time_limit):
    n = len(leaders)
    keys = sorted({key for leader in leaders for key in leader["choices"]})
    slots = count if count else n // smallest
    variables = {}

    def variable(name, low=0.0, high=1.0, integer=True, cost=0.0):
        variables[name] = (len(variables), low, high, integer, cost)
        return variables[name][0]

    x = {(i, c): variable(("x", i, c), high=0.0 if c > i else 1.0) for i in range(n) for c in range(slots)}
    y = {(c, f): variable(("y", c, f)) for c in range(slots) for f in keys}
    z = {c: variable(("z", c), low=1.0 if count else 0.0) for c in range(slots)}
    u = {
        (i, c, f): variable(("u", i, c, f), integer=False, cost=-10.0 * points(leaders[i], f))
        for i in range(n)
        for c in range(slots)
        for f in leaders[i]["choices"]
    }
    m = {c: variable(("m", c), cost=-5.0) for c in range(slots)}
    same = [(i, j) for i, j in itertools.combinations(range(n), 2) if leaders[i]["school"] == leaders[j]["school"]]
    s = {pair: variable(("s",) + pair, integer=False, cost=20.0) for pair in same}

    rows = []

    def row(terms, low, high):
        rows.append((terms, low, high))

    for i in range(n):
        row([(x[i, c], 1) for c in range(slots)], 1, 1)
    for c in range(slots):
        members = [(x[i, c], 1) for i in range(n)]
        row(members + [(z[c], -smallest)], 0, np.inf)
        row(members + [(z[c], -largest)], -np.inf, 0)
        row([(y[c, f], 1) for f in keys] + [(z[c], -1)], 0, 0)
        new = [(x[i, c], 1) for i in range(n) if leaders[i]["years"] < SEASONED_YEARS]
        seasoned = [(x[i, c], 1) for i in range(n) if leaders[i]["years"] >= SEASONED_YEARS]
        row([(m[c], 1)] + [(v, -1) for v, _ in new], -np.inf, 0)
        row([(m[c], 1)] + [(v, -1) for v, _ in seasoned], -np.inf, 0)
        if not count and c + 1 < slots:
            row([(z[c], 1), (z[c + 1], -1)], 0, np.inf)
        for a, b in pairs:
            row([(x[a, c], 1), (x[b, c], 1)], -np.inf, 1)
        for i, j in same:
            row([(s[i, j], 1), (x[i, c], -1), (x[j, c], -1)], -1, np.inf)
    for (i, c, f), index in u.items():
        row([(index, 1), (x[i, c], -1)], -np.inf, 0)
        row([(index, 1), (y[c, f], -1)], -np.inf, 0)

    ordered = sorted(variables.values())
    matrix = lil_matrix((len(rows), len(ordered)))
    for r, (terms, _, _) in enumerate(rows):
        for index, coefficient in terms:
            matrix[r, index] += coefficient
    result = milp(
        c=np.array([v[4] for v in ordered]),
        integrality=np.array([1 if v[3] else 0 for v in ordered]),
        bounds=Bounds([v[1] for v in ordered], [v[2] for v in ordered]),
        constraints=LinearConstraint(matrix.tocsr(), [r[1] for r in rows], [r[2] for r in rows]),
        options={"time_limit": time_limit},
    )
    if result.status != 0:
        return None, result.message
    return int(round(-result.fun)), None


def run_engine(runner, directory, leaders, pairs, smallest, largest, count, seed):
    leaders_path = os.path.join(directory, "leaders.csv")
    apart_path = os.path.join(directory, "apart.csv")
    with open(leaders_path, "w") as file:
        file.write("id,name,school,years,choice1,choice2,choice3\n")
        for leader in leaders:
            choices = (leader["choices"] + ["", "", ""])[:3]
            file.write(",".join([leader["id"], leader["name"], leader["school"], str(leader["years"])] + choices) + "\n")
    with open(apart_path, "w") as file:
        file.write("a,b\n")
        for a, b in pairs:
            file.write(f"{leaders[a]['id']},{leaders[b]['id']}\n")
    command = shlex.split(runner) + ["--input", leaders_path, "--apart", apart_path]
    command += ["--min", str(smallest), "--max", str(largest), "--json"]
    if count:
        command += ["--communities", str(count)]
    if seed is not None:
        command += ["--seed", str(seed)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        sys.exit(f"cannot run the engine ({runner}): {error}; build it or pass --runner")
    if completed.returncode != 0:
        return None, completed.stderr.strip()
    return json.loads(completed.stdout), None


def check(output, leaders, pairs, smallest, largest, count):
    """Problems with the engine's grouping, and its score recomputed here."""
    index = {leader["id"]: i for i, leader in enumerate(leaders)}
    groups = [(c["focus"], [index[m] for m in c["members"]]) for c in output["communities"]]
    problems = []
    placed = sorted(i for _, members in groups for i in members)
    if placed != list(range(len(leaders))):
        problems.append("not every leader exactly once")
    for focus, members in groups:
        if not smallest <= len(members) <= largest:
            problems.append(f"size {len(members)}")
        for a, b in pairs:
            if a in members and b in members:
                problems.append("kept-apart pair together")
    if count and len(groups) != count:
        problems.append(f"{len(groups)} communities, not {count}")
    total, p, m, s = score(leaders, groups)
    reported = output["score"]
    if (reported["total"], reported["preference"], reported["mix"], reported["sameSchoolPairs"]) != (total, p, m, s):
        problems.append(f"reported score {reported} but recomputed {(total, p, m, s)}")
    return problems, total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runner", default=os.environ.get("FORMATION_RUNNER", ".build/release/trellis form"))
    parser.add_argument("--instances", type=int, default=20)
    parser.add_argument("--leaders", default="8-14", help="range of cohort sizes, e.g. 8-14")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the instance generator")
    parser.add_argument("--engine-seed", type=int, default=None, help="passed to the runner as --seed")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per integer program")
    parser.add_argument("--keep", help="write each instance's CSV files under this folder")
    arguments = parser.parse_args()

    fewest, most = (int(part) for part in arguments.leaders.split("-"))
    rng = random.Random(arguments.seed)
    ratios = []
    failures = 0
    print(f"{'#':>3} {'n':>3} {'sizes':>6} {'K':>5} {'pairs':>5} {'engine':>7} {'optimum':>7} {'ratio':>8}")
    for number in range(1, arguments.instances + 1):
        leaders, pairs, smallest, largest, count = generate(rng, number, fewest, most)
        best, why = optimum(leaders, pairs, smallest, largest, count, arguments.time_limit)
        directory = os.path.join(arguments.keep, f"instance-{number:02d}") if arguments.keep else tempfile.mkdtemp()
        os.makedirs(directory, exist_ok=True)
        output, error = run_engine(
            arguments.runner, directory, leaders, pairs, smallest, largest, count, arguments.engine_seed
        )
        label = f"{number:>3} {len(leaders):>3} {smallest:>2}-{largest:<3} {count or 'free':>5} {len(pairs):>5}"
        if best is None:
            agreed = output is None and "nfeasible" in why
            failures += 0 if agreed else 1
            verdict = "both infeasible" if agreed else "NO OPTIMUM"
            print(f"{label} {'-':>7} {'-':>7}   {verdict}: solver: {why.split('(')[0].strip()}; engine: {error or 'ran'}")
            continue
        if output is None:
            failures += 1
            print(f"{label} {'-':>7} {best:>7}   ENGINE FAILED: {error}")
            continue
        problems, total = check(output, leaders, pairs, smallest, largest, count)
        ratio = total / best if best > 0 else float("nan")
        ratios.append(ratio)
        flag = "" if total == best else "  below"
        note = ("  INVALID: " + "; ".join(problems)) if problems else ""
        failures += 1 if problems else 0
        print(f"{label} {total:>7} {best:>7} {100 * ratio:>7.2f}%{flag}{note}")
    exact = sum(1 for r in ratios if r >= 1)
    if ratios:
        print(
            f"\n{len(ratios)} instances: minimum ratio {100 * min(ratios):.2f} %, mean {100 * sum(ratios) / len(ratios):.2f} %, "
            f"optimum reached on {exact}; invalid or failed engine runs: {failures}"
        )
    sys.exit(1 if failures or not ratios or min(ratios) < 0.99 else 0)


if __name__ == "__main__":
    main()
