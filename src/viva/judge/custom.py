"""The candidate's own input, like LeetCode's testcase box: their code and the reference solution
run on it side by side. Not a scored submission; the interview counts it as testing their own case.

The box holds one argument per line, each a JSON value in the bank's encodings (lists for linked
lists, level order with nulls for trees): for Two Sum,

    [2, 7, 11, 15]
    9
"""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass
from typing import Any

from viva.judge.compare import matches
from viva.judge.core import Case, run_error, case_verdict, whole_run_verdict, harness_job, parse_records
from viva.judge.process import Limits
from viva.judge.sandbox import Sandbox
from viva.judge.verdicts import CustomRunResult, Verdict
from viva.problems.schema import Kind, Language, Problem

MAX_INPUT_CHARS = 64 * 1024


class InputError(ValueError):
    """The typed input cannot be used; the message names the line."""


def example_input(problem: Problem) -> str:
    """The first example, written the way the box expects it."""
    return "\n".join(json.dumps(a) for a in problem.examples[0].args)


def parse_input(problem: Problem, text: str) -> list[Any]:
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(f"the input is {len(text)} characters; at most {MAX_INPUT_CHARS} fit in the box")
    args: list[Any] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            args.append(json.loads(line))
        except ValueError as e:
            raise InputError(f"line {n}: not a JSON value ({e.msg})") from None
    _check_shape(problem, args)
    return args


def _check_shape(problem: Problem, args: list[Any]) -> None:
    sig = problem.signature
    if sig.kind == Kind.function or sig.kind == Kind.codec:
        names = [p.name for p in sig.params]
        if len(args) != len(names):
            raise InputError(f"{problem.title} takes {len(names)} argument{'s' * (len(names) != 1)} "
                             f"({', '.join(names)}), one per line; the box has {len(args)}")
        for p, value in zip(sig.params, args):
            if p.type in ("int", "float") and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise InputError(f"{p.name} should be a number, not {json.dumps(value)[:40]}")
            if p.type.endswith("[]") and not isinstance(value, list):
                raise InputError(f"{p.name} should be a list like [1, 2, 3]")
            if p.type == "str" and not isinstance(value, str):
                raise InputError(f'{p.name} should be a string in double quotes, like "abc"')
    elif sig.kind == Kind.design:
        if len(args) != 2 or not all(isinstance(a, list) for a in args) or len(args[0]) != len(args[1]):
            raise InputError(f'two lines: the operations, like ["{sig.entry}", ...], and their arguments, '
                             "like [[...], ...], of the same length")
        if not args[0] or args[0][0] != sig.entry:
            raise InputError(f'the first operation must be "{sig.entry}" (the constructor)')
        if not all(isinstance(a, list) for a in args[1]):
            raise InputError("each operation's arguments are a list, [] when it takes none")
    elif sig.kind == Kind.first_bad_version:
        if (len(args) != 2 or not all(isinstance(a, int) and not isinstance(a, bool) for a in args)
                or not 1 <= args[1] <= args[0]):
            raise InputError("two lines: n, then the first bad version (between 1 and n)")


@dataclass
class _Side:
    record: dict | None
    whole: Verdict | None  # a verdict for the whole run (time, memory, output, compile), if any
    outcome: Outcome


async def _one(problem: Problem, language: Language, code: str, args: list[Any], sandbox: Sandbox,
               limits: Limits) -> _Side:
    nonce = secrets.token_hex(16)
    outcome = await sandbox.execute(language, code, lambda path: harness_job(problem, [args], path, nonce),
                                    limits, problem)
    if outcome.compiled is False:
        return _Side(None, Verdict.compilation_error, outcome)
    records, fatal, tampered = parse_records(outcome.records, nonce, 1)
    whole = whole_run_verdict(outcome)
    if fatal is not None:
        verdict = Verdict.compilation_error if "compile_error" in fatal else whole or Verdict.runtime_error
        return _Side(fatal, verdict, outcome)
    if tampered:
        return _Side(None, Verdict.runtime_error, outcome)
    record = records.get(0)
    return _Side(record, whole if record is None else None, outcome)


async def try_input(problem: Problem, language: Language, code: str, text: str, sandbox: Sandbox,
                    limits: Limits) -> CustomRunResult:
    """Run the candidate's code and the Python reference on the typed input, side by side."""
    args = parse_input(problem, text)
    case = Case("your input", args, None, hidden=False)
    mine, ref = await asyncio.gather(
        _one(problem, language, code, args, sandbox, limits),
        _one(problem, "python", problem.solutions.optimal.python, args, sandbox, limits))
    expected, reference_error = None, None
    if ref.whole is None and ref.record is not None and "actual" in ref.record:
        expected = ref.record["actual"]
    else:
        reference_error = "the reference solution failed on this input; it may break the problem's constraints"
    out = mine.outcome
    base: dict[str, Any] = {
        "input": args, "expected": expected, "reference_error": reference_error, "language": language,
        "problem_id": problem.id, "stdout": out.stdout.decode("utf-8", "replace")[-8 * 1024:],
        "time_ms": round(out.compile_ms if out.compiled is False else out.wall_ms, 1)}
    if out.compiled is False:
        failed = compile_failure(problem, language, code, 1, 0, out)
        return CustomRunResult(verdict=Verdict.compilation_error, error=failed.first_error,
                               compile_message=failed.message, **base)
    if mine.whole is not None or mine.record is None or "actual" not in mine.record:
        if mine.whole is not None:
            verdict, message = mine.whole, None
        else:
            verdict, _, message = case_verdict(problem, case, mine.record)
        error = run_error(verdict, case, mine.record, code, language, message)
        return CustomRunResult(verdict=verdict, error=error, **base)
    output = mine.record["actual"]
    same = matches(problem, args, output, expected) if reference_error is None else None
    verdict = Verdict.wrong_answer if same is False else Verdict.accepted
    return CustomRunResult(verdict=verdict, output=output, matches=same, **base)
