"""What the interviewer says about a run: a failure as a person would put it, and the answer to
"what's the error exactly?". The error's kind, the line in the candidate's own code, and the kind
of input; never a hidden test's input.
"""

from __future__ import annotations

from viva.interview.phrasing import failing_cases, speakable
from viva.interview.turn import Turn
from viva.judge.verdicts import JudgeResult, RunError


def describe_last_run(t: Turn) -> None:
    last = t.state.last_run
    if last is None:
        t.say("no_run_yet")
    elif last.accepted:
        t.say("last_run_passed", total=str(last.result.total))
    else:
        explain_failure(t, last.result, detail=True)


def explain_failure(t: Turn, r: JudgeResult, detail: bool = False) -> None:
    """A failure as a person would put it: what broke, on which line of their code, on what kind
    of input. Never a hidden test's input."""
    verdict = r.verdict.value
    err = r.first_error
    message = str(r.message or "")
    if verdict == "compilation_error":
        if err is not None and err.line:
            t.say("run_compile", message=f"{err.kind or 'Syntax error'} on line {err.line}.")
        else:
            line = next((ln for ln in message.splitlines() if "line" in ln),
                        message.splitlines()[-1] if message else "")
            t.say("run_compile", message=speakable(line.strip())[:160])
        return
    if verdict == "internal_error":
        t.say("run_internal")
        return
    if not detail:
        t.say("run_fail", passed=str(r.passed), total=str(r.total))
    where = _where(err)
    if verdict == "runtime_error" and err is not None and err.kind:
        if err.line:
            t.say("run_error", kind=_article(err.kind), line=str(err.line), where=where)
        else:
            t.say("run_error_no_line", kind=_article(err.kind), where=where)
        if detail and err.message:
            t.say("run_error_message", message=err.message.rstrip("."))
    elif verdict == "runtime_error":
        crash = next((x.message for x in r.tests if x.message), None) or message or "an error"
        t.say("run_crash", error=speakable(str(crash).strip().splitlines()[-1])[:120])
    elif verdict == "time_limit_exceeded":
        t.say("run_timeout")
        line = t.state.analysis.time_line if t.state.analysis else None
        if line and not t.state.did("ask_line"):
            t.say("ask_line", line=str(line))
    elif verdict == "memory_limit_exceeded":
        t.say("run_memory")
    elif verdict == "output_limit_exceeded":
        t.say("run_output")
    else:
        failing_visible = [x.name for x in r.tests if x.verdict.value != "accepted"]
        t.say("run_fail_cases", cases=failing_cases(failing_visible, list(r.hidden_failed_names)))


def _where(err: RunError | None) -> str:
    if err is None or not err.test_name:
        return ""
    if not err.hidden:
        return f" on {err.test_name}"
    return f" on a hidden test with {err.test_name}"


def _article(kind: str) -> str:
    return ("an " if kind[:1].lower() in "aeiou" else "a ") + kind
