"""Time to judge a 20-test submission in the real sandbox, against a bare interpreter start.

    .venv/bin/python bench/judge.py [--runs N]

Prints p50/p95 for Python and JavaScript, the same for `python3 -c pass` and `node -e 0` measured
in the same run (the ratio is what isolation plus the harness cost), and the throughput with
8 concurrent clients. Targets (issue 3): p50 <= 120 ms Python, <= 160 ms JavaScript, and at least
12 Python submissions per second.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import summary, table  # noqa: E402

from viva.judge.core import judge  # noqa: E402
from viva.judge.process import Limits  # noqa: E402
from viva.judge.service import make_sandbox, probe_capabilities  # noqa: E402
from viva.problems import get_problem  # noqa: E402

PY = get_problem("two-sum").solutions.optimal.python
JS = get_problem("two-sum").solutions.optimal.javascript


def twenty_test_problem():
    p = get_problem("two-sum")
    tests = list(p.tests)
    while len(p.examples) + len(tests) < 20:
        t = tests[len(tests) % len(p.tests)]
        tests.append(t.model_copy(update={"name": f"{t.name} again {len(tests)}"}))
    return p.model_copy(update={"tests": tests[: 20 - len(p.examples)]})


def bare(argv: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, env={})
        out.append((time.perf_counter() - t0) * 1000)
    return out


async def judged(problem, language: str, code: str, runs: int) -> list[float]:
    sandbox, limits, out = make_sandbox(), Limits(), []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = await judge(problem, language, code, sandbox, limits, perf=False)
        out.append((time.perf_counter() - t0) * 1000)
        assert r.verdict.value == "accepted" and r.total == 20, r
    return out


async def throughput(problem, clients: int, per_client: int) -> float:
    sandbox, limits = make_sandbox(), Limits()

    async def client() -> None:
        for _ in range(per_client):
            r = await judge(problem, "python", PY, sandbox, limits, perf=False)
            assert r.verdict.value == "accepted"

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return clients * per_client / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    caps = probe_capabilities()
    print(f"isolation: {caps.describe()}")
    problem = twenty_test_problem()
    asyncio.run(judged(problem, "python", PY, 3))  # warm the page cache
    rows = []
    for lang, code, ref_name, ref_argv in (
        ("python", PY, "python3 -c pass", ["/usr/bin/python3", "-c", "pass"]),
        ("javascript", JS, "node -e 0", ["/usr/bin/node", "-e", "0"]),
    ):
        ref = summary(bare(ref_argv, args.runs))
        got = summary(asyncio.run(judged(problem, lang, code, args.runs)))
        rows.append((lang, got["p50"], got["p95"], ref_name, ref["p50"], ref["p95"], got["p50"] / ref["p50"]))
    table("judging a 20-test submission (ms)", ["language", "p50", "p95", "reference", "ref p50", "ref p95",
                                                "p50 / ref"], rows)
    tput = asyncio.run(throughput(problem, 8, max(2, args.runs // 4)))
    print(f"throughput, Python, 8 concurrent clients: {tput:.1f} submissions/s (target >= 12)")
    for lang, p50, *_ in rows:
        target = 120 if lang == "python" else 160
        print(f"{lang}: p50 {p50:.0f} ms {'meets' if p50 <= target else 'MISSES'} the {target} ms target")


if __name__ == "__main__":
    main()
