"""Checking an imported problem in the real sandbox before it is kept (`viva problems import`,
`POST /api/problems`): the reference answers the tests that came without an answer, passes every
test, and the performance test, when there is one, separates brute force from the reference."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from viva.judge.core import harness_job, judge, parse_records
from viva.judge.process import Limits
from viva.judge.sandbox import Sandbox
from viva.judge.verdicts import Verdict
from viva.problems.importer import (
    NO_EXPECTED, ImportedProblem, ImportError_, Parsed, build, imported_dir, parse, to_yaml,
)
from viva.problems.loader import load_bank


class ImportReport(BaseModel):
    problem_id: str | None = None
    ok: bool = False
    errors: list[str] = Field(default_factory=list)  # why it was not kept
    warnings: list[str] = Field(default_factory=list)  # kept, but the interview will be poorer for it
    checks: list[str] = Field(default_factory=list)  # what was verified
    path: str | None = None


async def _answers(problem: ImportedProblem, args: list[list[Any]], sandbox: Sandbox, limits: Limits) -> list[Any]:
    nonce = secrets.token_hex(16)
    outcome = await sandbox.execute("python", problem.solutions.optimal.python,
                                    lambda path: harness_job(problem, args, path, nonce), limits, problem)
    records, fatal, tampered = parse_records(outcome.records, nonce, len(args))
    if fatal or tampered or len(records) != len(args) or any("actual" not in r for r in records.values()):
        bad = next((i for i in range(len(args)) if "actual" not in records.get(i, {})), 0)
        why = (fatal or {}).get("load_error") or records.get(bad, {}).get("error") or tampered or "no answer"
        raise ImportError_([f"the reference solution fails on test {bad + 1}: {str(why).splitlines()[-1][:200]}"])
    return [records[i]["actual"] for i in range(len(args))]


async def check(parsed: Parsed, sandbox: Sandbox, limits: Limits, *, replace: bool = False) -> tuple[
        ImportedProblem | None, ImportReport]:
    report = ImportReport(warnings=list(parsed.warnings))
    try:
        problem = build(parsed)
        report.problem_id = problem.id
        existing = load_bank().get(problem.id)
        if existing is not None and not getattr(existing, "imported", False):
            raise ImportError_([f"the bank already has a problem with id {problem.id!r}; give yours another id"])
        if existing is not None and not replace:
            raise ImportError_([f"a problem with id {problem.id!r} was imported before; replace it explicitly"])
        todo = [i for i, t in enumerate(problem.tests) if t.expected == NO_EXPECTED]
        if todo:
            answers = await _answers(problem, [problem.tests[i].args for i in todo], sandbox, limits)
            tests = [t.model_dump() for t in problem.tests]
            for i, a in zip(todo, answers):
                tests[i]["expected"] = a
            problem = ImportedProblem.model_validate({**problem.model_dump(), "tests": tests})
            report.checks.append(f"the reference answered {len(todo)} test{'s' * (len(todo) != 1)} given without one")
        result = await judge(problem, "python", problem.solutions.optimal.python, sandbox, limits)
        if result.verdict != Verdict.accepted:
            failing = [f"{t.name} (expected {t.expected!r}, the reference gave {t.actual!r})"
                       for t in result.tests if t.verdict != Verdict.accepted] + result.hidden_failed_names
            detail = result.first_error.message if result.first_error and result.first_error.message else ""
            raise ImportError_([f"the reference solution is {result.verdict.value.replace('_', ' ')} on "
                                f"{', '.join(failing) or 'the tests'}" + (f": {detail}" if detail else "")])
        report.checks.append(f"the reference passes all {result.total} tests in the sandbox"
                             + (f" (performance: {result.performance.time_ms:.0f} ms of {result.performance.limit_ms} ms)"
                                if result.performance and result.performance.time_ms is not None else ""))
        if problem.perf and problem.solutions.brute:
            brute = await judge(problem, "python", problem.solutions.brute.python, sandbox, limits)
            if brute.verdict != Verdict.time_limit_exceeded or brute.passed != brute.total - 1:
                raise ImportError_([f"the performance test does not separate brute force from the reference: brute "
                                    f"force was {brute.verdict.value.replace('_', ' ')} ({brute.passed}/{brute.total})"])
            report.checks.append("brute force passes every test but times out on the performance test")
        js = problem.solutions.optimal.javascript
        if js and js.strip():
            r = await judge(problem, "javascript", js, sandbox, limits)
            if r.verdict != Verdict.accepted:
                raise ImportError_([f"the JavaScript reference is {r.verdict.value.replace('_', ' ')}"])
            report.checks.append("the JavaScript reference passes too")
    except ImportError_ as e:
        report.errors = e.errors
        return None, report
    report.ok = True
    return problem, report


async def import_problem(text: str, name: str, sandbox: Sandbox, limits: Limits, data_dir: Path, *,
                         replace: bool = False) -> ImportReport:
    """Parse, check in the sandbox, and keep: the problem is in the bank for new interviews."""
    try:
        parsed = parse(text, name)
    except ImportError_ as e:
        return ImportReport(errors=e.errors)
    problem, report = await check(parsed, sandbox, limits, replace=replace)
    if problem is None:
        return report
    folder = imported_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{problem.id}.yaml"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(to_yaml(problem), encoding="utf-8")
    tmp.replace(path)
    load_bank.cache_clear()
    report.path = str(path)
    return report
