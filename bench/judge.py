"""Time to judge a 20-test submission in the real sandbox, per language, against a bare "hello"
in that language, and the start-up of the bank and of `viva judge`.

    .venv/bin/python bench/judge.py [--runs N] [--languages python,java,...]

Prints p50/p95 per language for Two Sum's reference (compile and run apart for compiled
languages), the same for a bare hello in that language measured in the same run outside the
sandbox (`python3 -c pass`, `node -e 0`, esbuild + node, javac + java, g++ + the binary, go build
+ the binary: the ratio is what isolation, the driver and the harness cost), the throughput with
8 concurrent clients, and start-up: loading the bank and `viva judge` on two-sum end to end.
Targets: p50 <= 120 ms Python, <= 160 ms JavaScript (issue 3), >= 12 Python submissions per
second; the bank in <= 300 ms and `viva judge` in <= 0.6 s (issue 14).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import summary, table  # noqa: E402

from viva.judge.core import judge  # noqa: E402
from viva.judge.process import Limits  # noqa: E402
from viva.judge.service import make_sandbox, probe_capabilities  # noqa: E402
from viva.problems import get_problem  # noqa: E402

from viva.judge.languages import toolchain  # noqa: E402
from viva.judge.sandbox import HARNESS_DIR  # noqa: E402
from viva.problems.schema import LANGUAGES  # noqa: E402

PY = get_problem("two-sum").solutions.optimal.python
JS = get_problem("two-sum").solutions.optimal.javascript
ESBUILD = str(HARNESS_DIR / "node_modules/@esbuild/linux-x64/bin/esbuild")

# A bare hello per language, built and run the plain way, outside the sandbox: (file, source, steps).
HELLO = {
    "python": ("hello.py", "pass\n", [["/usr/bin/python3", "hello.py"]]),
    "javascript": ("hello.js", "0\n", [["/usr/bin/node", "hello.js"]]),
    "typescript": ("hello.ts", 'const s: string = "hello";\nconsole.log(s);\n',
                   [[ESBUILD, "hello.ts", "--outfile=hello.js", "--log-level=error"], ["/usr/bin/node", "hello.js"]]),
    "java": ("Hello.java", 'class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n',
             [["javac", "Hello.java"], ["java", "-cp", ".", "Hello"]]),
    "cpp": ("hello.cpp", '#include <cstdio>\nint main() { std::puts("hello"); }\n',
            [["g++", "-O2", "-o", "hello", "hello.cpp"], ["./hello"]]),
    "go": ("hello.go", 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
           [["go", "build", "-o", "hello", "hello.go"], ["./hello"]]),
}


def twenty_test_problem():
    p = get_problem("two-sum")
    tests = list(p.tests)
    while len(p.examples) + len(tests) < 20:
        t = tests[len(tests) % len(p.tests)]
        tests.append(t.model_copy(update={"name": f"{t.name} again {len(tests)}"}))
    return p.model_copy(update={"tests": tests[: 20 - len(p.examples)]})


def hello(language: str, runs: int) -> list[float]:
    name, source, steps = HELLO[language]
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "GOFLAGS": "-mod=mod",
           "GO111MODULE": "off"}
    out = []
    with tempfile.TemporaryDirectory() as d:
        for i in range(runs):
            Path(d, name).write_text(source + fresh(language, i))  # no build cache answers for it
            t0 = time.perf_counter()
            for argv in steps:
                subprocess.run(argv, check=True, env=env, cwd=d, stdout=subprocess.DEVNULL)
            out.append((time.perf_counter() - t0) * 1000)
    return out


def fresh(language: str, i: int) -> str:
    """A comment that makes each run's source new, so the judge's and the compilers' caches of
    earlier builds never answer: every figure includes a real compile."""
    return f"\n{'#' if language == 'python' else '//'} run {i} {time.time_ns()}\n"


async def judged(problem, language: str, code: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall time per submission, and the compile step's share (compiled languages)."""
    sandbox, limits, out, compiles = make_sandbox(), Limits(), [], []
    for i in range(runs):
        t0 = time.perf_counter()
        r = await judge(problem, language, code + fresh(language, i), sandbox, limits, perf=False)
        out.append((time.perf_counter() - t0) * 1000)
        assert r.verdict.value == "accepted" and r.total == 20, r
        if r.compile_ms is not None:
            compiles.append(r.compile_ms)
    return out, compiles


def startup(runs: int) -> tuple[list[float], list[float]]:
    """The bank loaded in a fresh process (from its parsed copy), and `viva judge` end to end."""
    code = "from viva.problems.loader import load_bank; import time; t = time.perf_counter(); load_bank(); " \
           "print((time.perf_counter() - t) * 1000)"
    bank = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(runs)]
    cli = []
    with tempfile.TemporaryDirectory() as d:
        f = Path(d, "two_sum.py")
        f.write_text(PY)
        viva = shutil.which("viva", path=str(Path(sys.executable).parent)) or "viva"
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([viva, "judge", str(f), "--problem", "two-sum", "--json"], check=True,
                           stdout=subprocess.DEVNULL)
            cli.append((time.perf_counter() - t0) * 1000)
    return bank, cli


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
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    args = parser.parse_args()
    caps = probe_capabilities()
    print(f"isolation: {caps.describe()}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    problem = twenty_test_problem()
    asyncio.run(judged(problem, "python", PY, 3))  # warm the page cache
    rows = []
    for lang in args.languages.split(","):
        code = problem.solutions.optimal.get(lang)
        if not code:
            print(f"{lang}: no Two Sum reference in this language; skipped")
            continue
        runs = args.runs if toolchain(lang).compile_argv is None else max(5, args.runs // 4)
        hello(lang, 1)  # warm caches (the Go build cache, the page cache)
        ref = summary(hello(lang, runs))
        times, compiles = asyncio.run(judged(problem, lang, code, runs))
        got = summary(times)
        comp = f"{statistics.median(compiles):.0f}" if compiles else "-"
        rows.append((lang, got["p50"], got["p95"], comp, ref["p50"], ref["p95"], got["p50"] / ref["p50"]))
    table("judging a 20-test submission (ms), against a bare hello in the same language",
          ["language", "p50", "p95", "compile p50", "hello p50", "hello p95", "p50 / hello"], rows)
    tput = asyncio.run(throughput(problem, 8, max(2, args.runs // 4)))
    print(f"throughput, Python, 8 concurrent clients: {tput:.1f} submissions/s (target >= 12)")
    for lang, p50, *_ in rows:
        target = {"python": 120, "javascript": 160}.get(lang)
        if target:
            print(f"{lang}: p50 {p50:.0f} ms {'meets' if p50 <= target else 'MISSES'} the {target} ms target")
    bank, cli = startup(5)
    b, c = summary(bank), summary(cli)
    print(f"start-up: the bank loads in p50 {b['p50']:.0f} ms (target <= 300); `viva judge` two-sum end to end "
          f"p50 {c['p50']:.0f} ms, p95 {c['p95']:.0f} ms (target <= 600)")


if __name__ == "__main__":
    main()
