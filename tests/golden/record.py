"""Record the golden sessions in tests/golden/*.jsonl: real interviews with a real `viva serve`.

    .venv/bin/python -m tests.golden.record            # every session
    .venv/bin/python -m tests.golden.record stuck-hints-two-sum   # just these

Each script below is typed into a text interview over the session WebSocket (the server runs with
VIVA_TEST_CLOCK=1, so a `wait` moves the session's clock forward in 5 s steps, as the real
ticker would see time pass), then exported with `viva sessions export` into NAME.jsonl.

Re-record after a change that makes `tests/test_replay.py` fail on purpose (or use
`viva replay FILE --update`, which rewrites a file with what this build does on the same inputs).
Waits stay clear of the stall timers except where a script means to trip one: between inputs the
replay ticks every second and the server every five, so a timer that fires just before an input
on one clock could fire just after it on the other.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tests.helpers import create_session, drain_intro, hello, open_ws, play_steps, settle
from tests.servers import ServerProcess, clean_env
from viva.problems import get_problem
from viva.voice.persona_lines import persona_lines

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Step:
    kind: str  # say, code, run, try (a run on the candidate's own input), wait, end
    text: str = ""
    seconds: float = 0.0
    input: str = ""


def say(text: str, then: float = 0) -> list[Step]:
    return [Step("say", text)] + ([Step("wait", seconds=then)] if then else [])


def wait(seconds: float) -> Step:
    return Step("wait", seconds=seconds)


def typed(code: str, parts: int = 3, every: float = 40) -> list[Step]:
    """Editor snapshots as the code grows, the way the page sends them."""
    lines = code.splitlines()
    out: list[Step] = []
    for k in range(1, parts + 1):
        out += [Step("code", "\n".join(lines[: max(1, len(lines) * k // parts)])), wait(every)]
    return out


@dataclass(frozen=True)
class Script:
    problem: str
    language: str
    steps: Callable[[], list[Step]]


def strong_two_sum() -> list[Step]:
    p = get_problem("two-sum")
    L, code = persona_lines(p), p.solutions.optimal.python
    return [*say(p.clarifications[0].question, 20), *say(p.clarifications[1].question, 20),
            *say(L["approach_optimal"], 30), *typed(code), Step("run", code), wait(20),
            *say(L["trace_step_by_step"], 45), *say(L["edge_cases"], 30), *say(L["time_and_space"], 30),
            *say(L["reuse_idea"], 20), *say(L["no_questions_thanks"])]


def javascript_valid_parentheses() -> list[Step]:
    p = get_problem("valid-parentheses")
    L, code = persona_lines(p), p.solutions.optimal.javascript
    return [*say(p.clarifications[0].question, 15), *say(L["approach_optimal"], 30), *typed(code, 2),
            Step("run", code), wait(20), *say(L["walk_first_example"], 40), *say(L["edge_cases_short"], 20),
            *say(L["runs_in"], 20), *say(L["handle_similarly"], 10), *say(L["no_questions"])]


def stuck_hints_two_sum() -> list[Step]:
    """Three hints asked for (a minute apart, the ladder's gap), then a silent stretch while
    coding long enough for the stall timer to check in."""
    p = get_problem("two-sum")
    L, code = persona_lines(p), p.solutions.optimal.python
    return [*say(L["no_start"], 65), *say(L["hint"], 65), *say(L["one_more_hint"], 20),
            *say(L["okay_will_use_optimal"], 20), Step("code", code), wait(255), Step("run", code), wait(20),
            *say(L["trace_first_example"], 30), *say(L["thats_it"], 20), *say(L["bare_time"], 20), Step("end")]


def wrong_run_then_fix_two_sum() -> list[Step]:
    p = get_problem("two-sum")
    L = persona_lines(p)
    good, wrong = p.solutions.optimal.python, p.solutions.wrong[0].python
    return [*say(L["use_optimal"], 30), Step("code", wrong), wait(50), Step("run", wrong), wait(30),
            *say("hmm it pairs an element with itself, let me check before storing", 20), *typed(good, 2, 30),
            Step("run", good), wait(15), Step("try", good, input="[3, 3]\n6"), wait(15),
            *say(L["walk_example"], 30), *say(L["edge_cases_short"], 20), *say(L["it_is_time"], 20),
            *say(L["same_idea"], 10), *say(L["no_questions"])]


def clarifying_contains_duplicate() -> list[Step]:
    p = get_problem("contains-duplicate")
    L, code = persona_lines(p), p.solutions.optimal.python
    questions = [c.question for c in p.clarifications[:4]]
    return [*[s for q in questions for s in say(q, 15)], *say("what is your favourite language", 10),
            *say(L["brute_first"], 15), *say(L["brute_time"], 20), *say(L["do_better"], 30), *typed(code, 2),
            Step("run", code), wait(20), *say(L["trace_step_by_step"], 40), *say(L["edge_cases"], 20),
            *say(L["time_and_space"], 20), *say(L["reuse_idea"], 10), *say(L["no_questions_thanks"])]


def ends_early_two_sum() -> list[Step]:
    p = get_problem("two-sum")
    L = persona_lines(p)
    return [*say(p.clarifications[2].question, 20), *say(L["brute_first"], 30), *say(L["brute_time"], 10),
            Step("end")]


SCRIPTS: dict[str, Script] = {
    "strong-two-sum-python": Script("two-sum", "python", strong_two_sum),
    "javascript-valid-parentheses": Script("valid-parentheses", "javascript", javascript_valid_parentheses),
    "stuck-hints-two-sum": Script("two-sum", "python", stuck_hints_two_sum),
    "wrong-run-then-fix-two-sum": Script("two-sum", "python", wrong_run_then_fix_two_sum),
    "clarifying-contains-duplicate": Script("contains-duplicate", "python", clarifying_contains_duplicate),
    "ends-early-two-sum": Script("two-sum", "python", ends_early_two_sum),
}


def drive(server: ServerProcess, script: Script) -> str:
    """Type the script into a new text interview; the session id."""
    s = create_session(server.url, problem_id=script.problem, language=script.language, mode="text")
    with open_ws(server.ws_url, s) as ws:
        hello(ws)
        drain_intro(ws)
        play_steps(ws, script.steps(), script.language)
        settle(ws)
    return s["session_id"]


def export(server: ServerProcess, session_id: str, to: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "viva.cli", "sessions", "export", session_id],
                         env=clean_env({"VIVA_DATA_DIR": str(server.data_dir)}), capture_output=True, text=True,
                         check=True, timeout=60)
    to.write_text(out.stdout, encoding="utf-8")


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in SCRIPTS]
    if unknown:
        print(f"unknown session {unknown[0]!r}; known: {', '.join(SCRIPTS)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "data", env={"VIVA_TEST_CLOCK": "1", "VIVA_VOICE": "0"}).start()
        try:
            for name in names or list(SCRIPTS):
                session_id = drive(server, SCRIPTS[name])
                export(server, session_id, HERE / f"{name}.jsonl")
                print(f"recorded {name} ({session_id})")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
