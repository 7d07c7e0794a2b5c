"""Verdicts, in Judge0's vocabulary (DESIGN §5), and the result JSON."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, Field


class Verdict(str, Enum):
    accepted = "accepted"
    wrong_answer = "wrong_answer"
    time_limit_exceeded = "time_limit_exceeded"
    memory_limit_exceeded = "memory_limit_exceeded"
    runtime_error = "runtime_error"
    compilation_error = "compilation_error"
    output_limit_exceeded = "output_limit_exceeded"
    internal_error = "internal_error"


class TestResult(BaseModel):
    name: str
    verdict: Verdict
    input: Any = None
    expected: Any = None
    actual: Any = None
    time_ms: float | None = None
    message: str | None = None


class PerfResult(BaseModel):
    name: str
    verdict: Verdict
    time_ms: float | None
    limit_ms: int


class RunError(BaseModel):
    """The first failure of a run, as a person would describe it: never a hidden input."""

    verdict: Verdict
    test_name: str | None = None  # a category for hidden tests, "example 2" for visible ones
    hidden: bool = False
    kind: str | None = None  # the exception's class: "IndexError", "TypeError", "SyntaxError"...
    message: str | None = None  # its own message, one line; for hidden tests only if it cannot carry the input
    line: int | None = None  # 1-based, in the candidate's code as they typed it
    source_line: str | None = None  # that line's text, stripped


class JudgeResult(BaseModel):
    """DESIGN §5 result. `tests` lists only the visible tests; hidden ones are counted."""

    verdict: Verdict
    passed: int
    total: int
    time_ms: float
    memory_kb: int | None = None
    stdout: str = ""
    stderr: str = ""
    tests: list[TestResult] = Field(default_factory=list)
    hidden_failed: int = 0
    # Extensions: category names of failing hidden tests (never their inputs), the perf test,
    # and a message for whole-run failures (syntax errors, sandbox refusals).
    hidden_total: int = 0
    hidden_failed_names: list[str] = Field(default_factory=list)
    performance: PerfResult | None = None
    message: str | None = None
    language: str | None = None
    problem_id: str | None = None
    first_error: RunError | None = None  # set on every run that is not accepted
    compile_ms: float | None = None  # compiled languages: the compile step, apart from time_ms


class CustomRunResult(BaseModel):
    """A run on the candidate's own input (`judge.custom`), beside the reference's answer."""

    input: list[Any]
    verdict: Verdict  # accepted: same answer as the reference; wrong_answer: a different one
    output: Any = None
    expected: Any = None  # the reference solution's answer on this input
    matches: bool | None = None  # None when either side did not produce an answer
    time_ms: float = 0.0
    stdout: str = ""
    error: RunError | None = None
    compile_message: str | None = None  # the compiler's words, when it did not compile
    reference_error: str | None = None  # the reference failed: the input likely breaks the constraints
    language: str | None = None
    problem_id: str | None = None
