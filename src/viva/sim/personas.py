"""Scripted candidates, built from a problem's own data so they work for any problem.

A script is a list of steps. `say` speaks (or types), `code` sends an editor snapshot, `run`
judges code, `wait` moves the virtual clock, `end` ends the interview. The drivers (the
brain directly, or the real WebSocket) live with the tests and `viva simulate`. What the personas
say is data in `viva.voice.persona_lines` (the recognizer's corpus is built from it); `L[key]`
below is one of those lines, filled in for the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from viva.problems.schema import Problem
from viva.voice.persona_lines import persona_lines

StepKind = Literal["say", "code", "run", "wait", "end"]


@dataclass(frozen=True)
class Step:
    kind: StepKind
    text: str = ""
    seconds: float = 0.0


def say(text: str) -> Step:
    return Step("say", text)


def wait(seconds: float) -> Step:
    return Step("wait", seconds=seconds)


def typing(code: str, minutes: int = 4) -> list[Step]:
    """Editor snapshots as the code grows, about one a minute, the way the page sends them."""
    lines = code.splitlines()
    steps: list[Step] = []
    for k in range(1, minutes + 1):
        steps += [Step("code", "\n".join(lines[: max(1, len(lines) * k // minutes)])), wait(60)]
    return steps


def strong(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    code = getattr(problem.solutions.optimal, language)
    return [
        say(problem.clarifications[0].question), wait(20),
        say(problem.clarifications[1].question), wait(20),
        say(L["approach_optimal"]),
        wait(30), *typing(code), Step("run", code), wait(20),
        say(L["trace_step_by_step"]), wait(60),
        say(L["edge_cases"]), wait(30),
        say(L["time_and_space"]), wait(30),
        say(L["reuse_idea"]), wait(20),
        say(L["no_questions_thanks"]),
    ]


def brute_then_optimal(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    code = getattr(problem.solutions.optimal, language)
    return [
        say(problem.clarifications[0].question), wait(20),
        say(L["brute_first"]), wait(15),
        say(L["brute_time"]), wait(30),
        say(L["do_better"]), wait(30),
        *typing(code), Step("run", code), wait(20),
        say(L["walk_example"]), wait(40),
        say(L["edge_cases_short"]), wait(20),
        say(L["runs_in"]), wait(20), say(L["handle_similarly"]), wait(10),
        say(L["no_questions"]),
    ]


def stuck(problem: Problem) -> list[Step]:
    L = persona_lines(problem)
    return [say(L["no_start"]), wait(65), say(L["stuck"]), wait(65), say(L["still_stuck"]),
            wait(65), say(L["no_idea"]), wait(65), say(L["hint"])]


def answer_beggar(problem: Problem) -> list[Step]:
    L = persona_lines(problem)
    steps: list[Step] = []
    for _ in range(4):
        steps += [say(L["give_answer"]), wait(61)]
    return steps


def injector(problem: Problem) -> list[Step]:
    L = persona_lines(problem)
    return [say(L["inject_rating"]), wait(10),
            say(L["inject_mode"]), wait(10),
            say(L["inject_override"])]


def silent(problem: Problem) -> list[Step]:
    return [wait(60)] * 12


def done_with_failing_tests(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    wrong = getattr(problem.solutions.wrong[0], language)
    return [say(L["use_optimal"]), wait(30), Step("code", wrong), wait(120),
            Step("run", wrong), wait(30), say(L["done"])]


PERSONAS: dict[str, Callable[..., list[Step]]] = {
    "strong": strong, "brute_force": brute_then_optimal, "stuck": stuck, "answer_beggar": answer_beggar,
    "injector": injector, "silent": silent, "done_failing": done_with_failing_tests,
}


def average(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    good = getattr(problem.solutions.optimal, language)
    wrong = getattr(problem.solutions.wrong[0], language)
    return [
        say(problem.clarifications[0].question), wait(30),
        say(L["brute_first"]), wait(20),
        say(L["brute_time"]), wait(60),
        say(L["hint"]), wait(40),
        say(L["so_use_optimal"]), wait(30),
        *typing(wrong, 3), Step("run", wrong), wait(120), Step("code", good), wait(60), Step("run", good), wait(20),
        say(L["walk_first_example"]), wait(60),
        say(L["think_it_works"]), wait(20),
        say(L["it_is_time"]), wait(20),
        say(L["maybe_same_idea"]), wait(10), say(L["no_questions"]),
    ]


def weak_never_tests(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    good = getattr(problem.solutions.optimal, language)
    return [
        say(L["will_use_optimal"]), wait(20), *typing(good, 6), Step("run", good), wait(10),
        say(L["works_done"]), wait(10), say(L["yes_done"]), wait(10), say(L["okay"]), wait(10),
        say(L["wrong_time"]), wait(10), say(L["hmm"]), wait(10), say(L["not_sure"]), wait(10), say(L["no"]),
    ]


def hint_heavy(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    good = getattr(problem.solutions.optimal, language)
    return [
        say(L["hint"]), wait(70), say(L["another_hint"]), wait(70), say(L["one_more_hint"]), wait(70),
        say(L["okay_will_use_optimal"]), wait(20), *typing(good, 4), Step("run", good), wait(20),
        say(L["trace_first_example"]), wait(30), say(L["thats_it"]), wait(20),
        say(L["bare_time"]), wait(20), say(L["same_idea"]), wait(10), say(L["no"]),
    ]


def brute_force_only(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    code = getattr(problem.solutions.brute, language) if problem.solutions.brute else ""
    return [
        say(problem.clarifications[0].question), wait(20),
        say(L["use_brute"]), wait(20),
        say(L["brute_time"]), wait(20), say(L["no_faster_way"]),
        wait(20), say(L["let_me_code_it"]), wait(20), *typing(code, 4), Step("run", code), wait(60),
        say(L["done"]), wait(30), say(L["done"]),
    ]


def correct_but_unexplained(problem: Problem, language: str = "python") -> list[Step]:
    L = persona_lines(problem)
    good = getattr(problem.solutions.optimal, language)
    return [
        say(L["let_me_code"]), wait(10), say(L["let_me_code"]), wait(10), say(L["let_me_code"]), wait(10),
        *typing(good, 3), Step("run", good), wait(30), say(L["ok"]), wait(60), say(L["ok"]), wait(60), say(L["ok"]),
        wait(30), say(L["no"]), wait(20), say(L["no"]), wait(10), say(L["no"]),
    ]


PERSONAS.update({"average": average, "weak_never_tests": weak_never_tests, "hint_heavy": hint_heavy,
                 "brute_force_only": brute_force_only, "correct_but_unexplained": correct_but_unexplained})
