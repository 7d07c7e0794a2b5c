"""Judging one submission: build the harness jobs, run them in the sandbox, compare outside."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, Iterator

from viva.judge.compare import matches
from viva.judge.languages import CompileError, CompileLimits, toolchain
from viva.judge.process import Limits, Outcome
from viva.judge.sandbox import Sandbox
from viva.judge.verdicts import JudgeResult, PerfResult, RunError, TestResult, Verdict
from viva.judge.perf import perf_case
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


# Harnesses that stop a call at the job's `call_limit_ms` themselves (the others are stopped by
# the sandbox's wall clock).
STOPS_AT_LIMIT = ("python", "javascript")


def harness_job(problem: Problem, tests: list[list[Any]], solution_path: str, nonce: str,
                call_limit_ms: int | None = None) -> bytes:
    sig = problem.signature
    job = {
        "nonce": nonce, "kind": sig.kind.value, "entry": sig.entry,
        "params": [p.model_dump() for p in sig.params], "returns": sig.returns,
        "output_arg": sig.output_arg, "solution_path": solution_path,
        "tests": [{"args": a} for a in tests],
    }
    if call_limit_ms:
        job["call_limit_ms"] = call_limit_ms
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


def whole_run_verdict(outcome: Outcome) -> Verdict | None:
    # Output first: once the cap trips the program is killed mid-write, and whatever it was
    # doing then (often allocating for the next write) is a consequence, not the cause.
    if outcome.output_exceeded:
        return Verdict.output_limit_exceeded
    if outcome.memory_killed or any(m in outcome.stderr for m in NODE_OOM):
        return Verdict.memory_limit_exceeded
    if outcome.timed_out:
        return Verdict.time_limit_exceeded
    return None


def case_verdict(problem: Problem, case: Case, record: dict | None) -> tuple[Verdict, Any, str | None]:
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


KIND = re.compile(r"[A-Za-z_$][\w$.:]{0,79}")  # std::out_of_range
# Where each runtime starts a new line when it counts lines; Python ignores U+2028/9, V8 does not.
_LINES = re.compile(r"\r\n|[\r\n]")
_JS_LINES = re.compile(r"\r\n|[\r\n\u2028\u2029]")
LINE_BREAKS = {"python": _LINES, "javascript": _JS_LINES, "typescript": _JS_LINES, "java": _LINES, "cpp": _LINES,
               "go": _LINES}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)


def _unrevealing(text: str, args: Any) -> bool:
    """Whether text can be said about a hidden test. Digits and quotes are how values show up in
    messages (KeyError: 12345, 'abc'); a bare string from the input is caught by name, a short
    one only as a word of its own so that "a" does not silence every message."""
    if re.search(r"[0-9'\"`]", text):
        return False
    for value in _strings(args):
        if value and (value in text if len(value) > 2 else
                      re.search(rf"(?<![A-Za-z0-9_]){re.escape(value)}(?![A-Za-z0-9_])", text)):
            return False
    return True


def run_error(verdict: Verdict, case: Case | None, record: dict | None, code: str, language: Language,
               note: str | None = None) -> RunError:
    """The failure as the interviewer may describe it. The harness's "cause" is only as trustworthy
    as the candidate's code that ran next to it, so every field is checked before it is used."""
    cause = record.get("cause") if record else None
    if isinstance(cause, dict):
        kind, message, line = cause.get("kind"), cause.get("message"), cause.get("line")
    else:  # the judge's own note (a harness "wrong" reason, a call count) stands in
        kind, message, line = None, note, None
    kind = kind if isinstance(kind, str) and KIND.fullmatch(kind) else None
    message = message.strip().splitlines()[0][:200] if isinstance(message, str) and message.strip() else None
    if case is not None and case.hidden:
        kind = kind if kind and _unrevealing(kind, case.args) else None
        message = message if message and _unrevealing(message, case.args) else None
    lines = LINE_BREAKS[language].split(code)
    # A line outside the code could only have been forged, and a number is a way to carry a value.
    line = line if type(line) is int and 0 < line <= len(lines) else None
    source = lines[line - 1].strip()[:120] if line else ""
    return RunError(verdict=verdict, test_name=case.name if case else None, hidden=bool(case and case.hidden),
                    kind=kind, message=message, line=line, source_line=source or None)


async def judge(
    problem: Problem, language: Language, code: str, sandbox: Sandbox, limits: Limits,
    *, hidden: bool = True, perf: bool = True, perf_alongside: bool = False,
) -> JudgeResult:
    """`perf_alongside`: start the performance run with the tests instead of after them. Faster
    when the sandbox has a slot to spare (the CLI's own), wasted when the tests fail; compiled
    languages wait for the tests' build instead, which the performance run then reuses."""
    todo = cases(problem, hidden=hidden)
    nonce = secrets.token_hex(16)
    wants_perf = perf and hidden and problem.perf is not None
    early = (asyncio.ensure_future(_run_perf(problem, language, code, sandbox, limits))
             if wants_perf and perf_alongside and toolchain(language).compile_argv is None else None)
    outcome = await sandbox.execute(
        language, code, lambda path: harness_job(problem, [c.args for c in todo], path, nonce), limits, problem)
    if outcome.compiled is False:
        return compile_failure(problem, language, code, len(todo), sum(c.hidden for c in todo), outcome)
    result = _assemble(problem, language, code, todo, outcome, nonce)
    if early is not None and result.verdict != Verdict.accepted:
        early.cancel()  # its answer no longer matters
        early.add_done_callback(lambda t: t.cancelled() or t.exception())
    if wants_perf and result.verdict == Verdict.accepted:
        result.performance, perf_error = await (early or _run_perf(problem, language, code, sandbox, limits))
        result.total += 1
        if result.performance.verdict == Verdict.accepted:
            result.passed += 1
        else:
            result.verdict = result.performance.verdict
            result.hidden_failed += 1
            result.hidden_failed_names.append(result.performance.name)
            result.first_error = perf_error
    return result


def _shifted(record: dict, offset: int) -> dict:
    """A record's line in the candidate's own numbering, when the language added lines above it."""
    cause = record.get("cause")
    if isinstance(cause, dict) and type(cause.get("line")) is int:
        return {**record, "cause": {**cause, "line": cause["line"] - offset}}
    return record


def compile_failure(problem: Problem, language: Language, code: str, total: int, hidden: int,
                     outcome: Outcome) -> JudgeResult:
    """Nothing ran: the compiler's message is what the candidate and the interviewer read."""
    tool = toolchain(language)
    if outcome.compile_limit:
        cap = CompileLimits()
        what = (f"compiling took longer than {cap.wall_s:.0f} s" if outcome.compile_limit == "time"
                else f"compiling needed more than {cap.memory_mb} MB")
        error = CompileError(message=f"{what}; the compiler was stopped", kind="limit")
    else:
        error = tool.describe_compile_failure(outcome.compile_output)
    line = error.line - outcome.line_offset if error.line else None
    lines = LINE_BREAKS.get(language, LINE_BREAKS["python"]).split(code)
    line = line if line and 0 < line <= len(lines) else None
    first = RunError(verdict=Verdict.compilation_error, kind=error.kind, message=error.message.splitlines()[0][:200],
                     line=line, source_line=(lines[line - 1].strip()[:120] or None) if line else None)
    return JudgeResult(verdict=Verdict.compilation_error, passed=0, total=total, time_ms=0.0,
                       compile_ms=round(outcome.compile_ms, 1),
                       memory_kb=outcome.memory_kb, message=error.message, language=language, problem_id=problem.id,
                       hidden_total=hidden, hidden_failed=hidden, first_error=first)


def _assemble(problem: Problem, language: Language, code: str, todo: list[Case], outcome: Outcome,
              nonce: str) -> JudgeResult:
    stdout = outcome.stdout.decode("utf-8", "replace")
    stderr = outcome.stderr.decode("utf-8", "replace")
    base: dict[str, Any] = {
        "time_ms": round(outcome.wall_ms, 1), "memory_kb": outcome.memory_kb,
        "stdout": stdout[-OUTPUT_SHOWN:], "stderr": stderr[-OUTPUT_SHOWN:],
        "language": language, "problem_id": problem.id,
        "hidden_total": sum(c.hidden for c in todo),
        "compile_ms": round(outcome.compile_ms, 1) if outcome.compiled else None,
    }
    records, fatal, tampered = parse_records(outcome.records, nonce, len(todo))
    if outcome.line_offset:
        records = {i: _shifted(r, outcome.line_offset) for i, r in records.items()}
        fatal = _shifted(fatal, outcome.line_offset) if fatal else None
    whole = whole_run_verdict(outcome)
    if fatal is not None:
        message = str(fatal.get("compile_error") or fatal.get("load_error"))
        verdict = Verdict.compilation_error if "compile_error" in fatal else (
            Verdict.memory_limit_exceeded if fatal.get("memory") else whole or Verdict.runtime_error)
        return JudgeResult(verdict=verdict, passed=0, total=len(todo), message=message,
                           hidden_failed=base["hidden_total"],
                           first_error=run_error(verdict, None, fatal, code, language), **base)
    if tampered:
        return JudgeResult(verdict=Verdict.runtime_error, passed=0, total=len(todo), message=tampered,
                           hidden_failed=base["hidden_total"], first_error=RunError(verdict=Verdict.runtime_error),
                           **base)
    tests: list[TestResult] = []
    passed = 0
    first_error: RunError | None = None
    hidden_failed: list[str] = []
    for i, case in enumerate(todo):
        record = records.get(i)
        if record is None and whole is not None:
            verdict, actual, message = whole, None, None
        else:
            verdict, actual, message = case_verdict(problem, case, record)
            if verdict == Verdict.runtime_error and record is None and outcome.killed_signal:
                message = f"the program was killed by signal {outcome.killed_signal}"
            elif verdict == Verdict.runtime_error and record is None and b"fatal error: stack overflow" in outcome.stderr:
                message = "stack overflow: the recursion never ends, or goes far too deep"  # Go's is fatal
        if verdict == Verdict.accepted:
            passed += 1
        else:
            first_error = first_error or run_error(verdict, case, record, code, language, message)
            if case.hidden:
                hidden_failed.append(case.name)
        if not case.hidden:
            tests.append(TestResult(
                name=case.name, verdict=verdict, input=case.args, expected=case.expected,
                actual=actual, time_ms=record.get("ms") if record else None, message=message))
    verdict = first_error.verdict if first_error else whole or Verdict.accepted
    message = None
    if verdict == Verdict.accepted and outcome.returncode not in (0, None):
        # Every test answered, but the program then crashed (a late async error, say).
        verdict = Verdict.runtime_error
        message = f"the program exited with status {outcome.returncode} after the tests"
    if verdict != Verdict.accepted and first_error is None:
        first_error = RunError(verdict=verdict)
    return JudgeResult(verdict=verdict, passed=passed, total=len(todo), tests=tests, message=message,
                       hidden_failed=len(hidden_failed), hidden_failed_names=hidden_failed,
                       first_error=first_error, **base)


async def _run_perf(problem: Problem, language: Language, code: str, sandbox: Sandbox,
                    limits: Limits) -> tuple[PerfResult, RunError | None]:
    assert problem.perf is not None
    args, expected = perf_case(problem)
    limit_ms = problem.perf.time_limit_ms
    nonce = secrets.token_hex(16)
    # The wall clock allows for start-up and for moving the large input; the harness's own
    # timing of the call decides against the problem's limit.
    perf_limits = Limits(wall_s=min(limits.wall_s, limit_ms / 1000 + 2.0), memory_mb=limits.memory_mb,
                         output_bytes=limits.output_bytes, processes=limits.processes)
    stop_at = limit_ms if language in STOPS_AT_LIMIT else None
    outcome = await sandbox.execute(
        language, code, lambda path: harness_job(problem, [args], path, nonce, stop_at), perf_limits, problem)
    case = Case(problem.perf.name, args, expected, True)
    records, fatal, tampered = parse_records(outcome.records, nonce, 1)
    record = records.get(0)
    whole = whole_run_verdict(outcome)
    if fatal or tampered:
        verdict: Verdict = Verdict.runtime_error
    elif record is not None and record.get("over_time"):
        verdict = Verdict.time_limit_exceeded  # the harness stopped the call past the limit
    elif record is None and whole:
        verdict = whole
    else:
        verdict, _, _ = case_verdict(problem, case, record)
        if verdict == Verdict.accepted and record and float(record.get("ms", 0)) > limit_ms:
            verdict = Verdict.time_limit_exceeded
    time_ms = float(record["ms"]) if record and "ms" in record else None
    error = None if verdict == Verdict.accepted else run_error(verdict, case, record, code, language)
    return PerfResult(name=case.name, verdict=verdict, time_ms=time_ms, limit_ms=limit_ms), error

