"""Judging one submission: build the harness jobs, run them in the sandbox, compare outside."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from viva.judge.compare import matches
from viva.judge.process import Limits, Outcome
from viva.judge.sandbox import Sandbox
from viva.judge.verdicts import JudgeResult, PerfResult, TestResult, Verdict
from viva.problems.perf import perf_case
from viva.problems.schema import Language, Problem

OUTPUT_SHOWN = 8 * 1024  # what the result carries of the candidate's own prints


@dataclass(frozen=True)
class Case:
    name: str
    args: list[Any]
    expected: Any
    hidden: bool
    max_calls: int | None = None


def cases(problem: Problem, *, hidden: bool = True) -> list[Case]:
    out = [Case(f"example {i + 1}", e.args, e.expected, False) for i, e in enumerate(problem.examples)]
    if hidden:
        out += [Case(t.name, t.args, t.expected, True, t.max_calls) for t in problem.tests]
    return out


def harness_job(problem: Problem, tests: list[list[Any]], solution_path: str, nonce: str) -> bytes:
    sig = problem.signature
    job = {
        "nonce": nonce, "kind": sig.kind.value, "entry": sig.entry,
        "params": [p.model_dump() for p in sig.params], "returns": sig.returns,
        "output_arg": sig.output_arg, "solution_path": solution_path,
        "tests": [{"args": a} for a in tests],
    }
    return json.dumps(job).encode()


def parse_records(raw: bytes, nonce: str, count: int) -> tuple[dict[int, dict], dict | None, str | None]:
    """Read the harness's records. Anything malformed or repeated means the output was tampered with."""
    by_index: dict[int, dict] = {}
    prefix = nonce.encode()
    for line in raw.splitlines():
        if not line.startswith(prefix):
            return {}, None, "the harness output was tampered with"
        try:
            record = json.loads(line[len(prefix):])
        except ValueError:
            return {}, None, "the harness output was tampered with"
        if not isinstance(record, dict):
            return {}, None, "the harness output was tampered with"
        if "compile_error" in record or "load_error" in record:
            return {}, record, None
        i = record.get("i")
        if not isinstance(i, int) or not 0 <= i < count or i in by_index:
            return {}, None, "the harness output was tampered with"
        by_index[i] = record
    return by_index, None, None


NODE_OOM = (b"heap out of memory", b"Reached heap limit", b"Allocation failed - JavaScript heap")


def _whole_run_verdict(outcome: Outcome) -> Verdict | None:
    # Output first: once the cap trips the program is killed mid-write, and whatever it was
    # doing then (often allocating for the next write) is a consequence, not the cause.
    if outcome.output_exceeded:
        return Verdict.output_limit_exceeded
    if outcome.memory_killed or any(m in outcome.stderr for m in NODE_OOM):
        return Verdict.memory_limit_exceeded
    if outcome.timed_out:
        return Verdict.time_limit_exceeded
    return None


def _test_verdict(problem: Problem, case: Case, record: dict | None) -> tuple[Verdict, Any, str | None]:
    if record is None:
        return Verdict.runtime_error, None, "the program stopped before this test finished"
    if record.get("memory"):
        return Verdict.memory_limit_exceeded, None, "MemoryError"
    if "error" in record:
        return Verdict.runtime_error, None, str(record["error"])
    if "wrong" in record:
        return Verdict.wrong_answer, None, str(record["wrong"])
    actual = record.get("actual")
    if case.max_calls is not None and int(record.get("calls", 0)) > case.max_calls:
        return Verdict.time_limit_exceeded, actual, (
            f"isBadVersion was called {record.get('calls')} times; at most {case.max_calls} allowed")
    if matches(problem, case.args, actual, case.expected):
        return Verdict.accepted, actual, None
    return Verdict.wrong_answer, actual, None


async def judge(
    problem: Problem, language: Language, code: str, sandbox: Sandbox, limits: Limits,
    *, hidden: bool = True, perf: bool = True,
) -> JudgeResult:
    todo = cases(problem, hidden=hidden)
    nonce = secrets.token_hex(16)
    outcome = await sandbox.execute(
        language, code, lambda path: harness_job(problem, [c.args for c in todo], path, nonce), limits)
    result = _assemble(problem, language, todo, outcome, nonce)
    if perf and hidden and problem.perf and result.verdict == Verdict.accepted:
        result.performance = await _run_perf(problem, language, code, sandbox, limits)
        result.total += 1
        if result.performance.verdict == Verdict.accepted:
            result.passed += 1
        else:
            result.verdict = result.performance.verdict
            result.hidden_failed += 1
            result.hidden_failed_names.append(result.performance.name)
    return result


def _assemble(problem: Problem, language: Language, todo: list[Case], outcome: Outcome,
              nonce: str) -> JudgeResult:
    stdout = outcome.stdout.decode("utf-8", "replace")
    stderr = outcome.stderr.decode("utf-8", "replace")
    base: dict[str, Any] = {
        "time_ms": round(outcome.wall_ms, 1), "memory_kb": outcome.memory_kb,
        "stdout": stdout[-OUTPUT_SHOWN:], "stderr": stderr[-OUTPUT_SHOWN:],
        "language": language, "problem_id": problem.id,
        "hidden_total": sum(c.hidden for c in todo),
    }
    records, fatal, tampered = parse_records(outcome.records, nonce, len(todo))
    whole = _whole_run_verdict(outcome)
    if fatal is not None:
        message = str(fatal.get("compile_error") or fatal.get("load_error"))
        verdict = Verdict.compilation_error if "compile_error" in fatal else (
            Verdict.memory_limit_exceeded if fatal.get("memory") else whole or Verdict.runtime_error)
        return JudgeResult(verdict=verdict, passed=0, total=len(todo), message=message,
                           hidden_failed=base["hidden_total"], **base)
    if tampered:
        return JudgeResult(verdict=Verdict.runtime_error, passed=0, total=len(todo), message=tampered,
                           hidden_failed=base["hidden_total"], **base)
    tests: list[TestResult] = []
    passed = 0
    first_failure: Verdict | None = None
    hidden_failed: list[str] = []
    for i, case in enumerate(todo):
        record = records.get(i)
        if record is None and whole is not None:
            verdict, actual, message = whole, None, None
        else:
            verdict, actual, message = _test_verdict(problem, case, record)
            if verdict == Verdict.runtime_error and record is None and outcome.killed_signal:
                message = f"the program was killed by signal {outcome.killed_signal}"
        if verdict == Verdict.accepted:
            passed += 1
        else:
            first_failure = first_failure or verdict
            if case.hidden:
                hidden_failed.append(case.name)
        if not case.hidden:
            tests.append(TestResult(
                name=case.name, verdict=verdict, input=case.args, expected=case.expected,
                actual=actual, time_ms=record.get("ms") if record else None, message=message))
    verdict = first_failure or whole or Verdict.accepted
    message = None
    if verdict == Verdict.accepted and outcome.returncode not in (0, None):
        # Every test answered, but the program then crashed (a late async error, say).
        verdict = Verdict.runtime_error
        message = f"the program exited with status {outcome.returncode} after the tests"
    return JudgeResult(verdict=verdict, passed=passed, total=len(todo), tests=tests, message=message,
                       hidden_failed=len(hidden_failed), hidden_failed_names=hidden_failed, **base)


async def _run_perf(problem: Problem, language: Language, code: str, sandbox: Sandbox,
                    limits: Limits) -> PerfResult:
    assert problem.perf is not None
    args, expected = perf_case(problem)
    limit_ms = problem.perf.time_limit_ms
    nonce = secrets.token_hex(16)
    # The wall clock allows for start-up and for moving the large input; the harness's own
    # timing of the call decides against the problem's limit.
    perf_limits = Limits(wall_s=min(limits.wall_s, limit_ms / 1000 + 2.0), memory_mb=limits.memory_mb,
                         output_bytes=limits.output_bytes, processes=limits.processes)
    outcome = await sandbox.execute(
        language, code, lambda path: harness_job(problem, [args], path, nonce), perf_limits)
    case = Case(problem.perf.name, args, expected, True)
    records, fatal, tampered = parse_records(outcome.records, nonce, 1)
    record = records.get(0)
    whole = _whole_run_verdict(outcome)
    if fatal or tampered:
        verdict: Verdict = Verdict.runtime_error
    elif record is None and whole:
        verdict = whole
    else:
        verdict, _, _ = _test_verdict(problem, case, record)
        if verdict == Verdict.accepted and record and float(record.get("ms", 0)) > limit_ms:
            verdict = Verdict.time_limit_exceeded
    time_ms = float(record["ms"]) if record and "ms" in record else None
    return PerfResult(name=case.name, verdict=verdict, time_ms=time_ms, limit_ms=limit_ms)

