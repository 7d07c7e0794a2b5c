"""Check problem files against the real sandbox: `python -m viva.judge.check [ID ...]`.

For each problem: the schema loads; the optimal references pass everything in every language that
has one (Python and JavaScript always); the brute-force references pass everything but the perf
test, where they time out; every wrong solution fails; every starter compiles and fails cleanly.
Exit status 1 when anything is off. `tests/test_problem_bank.py` runs it for the whole bank.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from viva.judge.core import judge
from viva.judge.process import Limits
from viva.judge.sandbox import Sandbox
from viva.judge.service import make_sandbox
from viva.judge.verdicts import Verdict
from viva.problems.loader import DATA_DIR, load_file
from viva.problems.schema import CORE_LANGUAGES, LANGUAGES, Problem


async def check_problem(problem: Problem, sandbox: Sandbox | None = None, verbose: bool = True,
                        languages: tuple[str, ...] = LANGUAGES) -> list[str]:
    """Every reference and wrong solution of one problem through the real sandbox, in `languages`,
    all at once (the pool queues them)."""
    sandbox = sandbox or make_sandbox()
    limits = Limits()
    problems: list[str] = []

    async def run(label: str, lang: str, code: str, want: str) -> str:
        r = await judge(problem, lang, code, sandbox, limits)  # type: ignore[arg-type]
        perf = r.performance
        detail = f"{r.verdict.value} {r.passed}/{r.total}"
        if perf:
            detail += f" perf={perf.verdict.value} {perf.time_ms}ms/{perf.limit_ms}ms"
        ok = {
            "accept": r.verdict == Verdict.accepted,
            "tle": r.verdict == Verdict.time_limit_exceeded and perf is not None
            and r.passed == r.total - 1,
            "fail": r.verdict != Verdict.accepted,
            # A starter compiles, runs, and simply does not answer yet.
            "fail cleanly": r.verdict not in (Verdict.accepted, Verdict.compilation_error, Verdict.internal_error),
        }[want]
        if not ok:
            failing = [t.name for t in r.tests if t.verdict != Verdict.accepted] + r.hidden_failed_names
            problems.append(f"{problem.id} {label} {lang}: {detail} (want {want}) failing={failing} "
                            f"msg={r.message or ''} {[t.message for t in r.tests if t.message][:2]}")
        return f"  {label:8} {lang:10} {detail}"

    jobs = []
    for lang in languages:
        if lang not in CORE_LANGUAGES:
            # Other languages carry a starter for every problem and references for some.
            if problem.solutions.optimal.get(lang):
                jobs.append(run("optimal", lang, problem.solutions.optimal.get(lang) or "", "accept"))
            if problem.starter.get(lang):
                jobs.append(run("starter", lang, problem.starter.get(lang) or "", "fail cleanly"))
            continue
        jobs.append(run("optimal", lang, getattr(problem.solutions.optimal, lang), "accept"))
        if problem.solutions.brute:
            jobs.append(run("brute", lang, getattr(problem.solutions.brute, lang), "tle"))
        for w in problem.solutions.wrong:
            jobs.append(run("wrong", lang, getattr(w, lang), "fail"))
        # The starter must at least load and fail cleanly, not crash the harness.
        jobs.append(run("starter", lang, getattr(problem.starter, lang), "fail cleanly"))
    lines = await asyncio.gather(*jobs)
    if verbose:
        print("\n".join(lines), flush=True)
    return problems


async def main(ids: list[str]) -> int:
    paths = [DATA_DIR / f"{i}.yaml" for i in ids] if ids else sorted(DATA_DIR.glob("*.yaml"))
    failures: list[str] = []
    for path in paths:
        try:
            problem = load_file(Path(path))
        except Exception as e:  # noqa: BLE001
            failures.append(str(e))
            print(f"INVALID {e}")
            continue
        print(problem.id, flush=True)
        failures += await check_problem(problem)
    print("\n".join(["", "FAILURES:", *failures]) if failures else "\nall good")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
