"""Judgements the brain and the report must agree on, read from the session model.

Both sides call these, so "that's right" from the interviewer and `complexity_correct` in the
report can never disagree.
"""

from __future__ import annotations

from viva.analysis import CodeAnalysis, analyse
from viva.problems.schema import Approach, Problem
from viva.wording.complexity import canonical_complexity
from viva.session.model import SessionModel

# Growth order of the canonical classes. Linear-in-the-input forms (cells of a grid, V+E) rank as n.
RANK: dict[str, int] = {"1": 0, "log n": 1, "n": 2, "m*n": 2, "n+m": 2, "n*k": 2, "e+v": 2, "n log n": 3,
                        "n^2": 4, "n^3": 5, "2^n": 6, "n!": 7}


def canonical(text: str | None) -> str | None:
    """A data file's "O(n log n)" in the canonical spelling the understanding uses."""
    return canonical_complexity(text) if text else None


def same_class(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    return a in RANK and b in RANK and RANK[a] == RANK[b]


def slower(a: str | None, b: str | None) -> bool:
    """True when class `a` grows strictly faster than `b` (both known)."""
    return a in RANK and b in RANK and RANK[a] > RANK[b]  # type: ignore[index]


def stated_approach(model: SessionModel, problem: Problem) -> Approach | None:
    chosen = model.approach
    return next((a for a in problem.approaches if chosen and a.name == chosen.name), None)


def coded_time(model: SessionModel, problem: Problem) -> str | None:
    """The time complexity of the code the candidate wrote: read from the code itself, and when it
    cannot be read, from how the last run did on the large input."""
    run = next((r for r in reversed(model.runs) if r.result.verdict.value in ("accepted", "time_limit_exceeded")),
               model.last_run)
    analysis = run.analysis if run is not None else model.analysis
    if analysis is not None and analysis.time:
        return analysis.time
    if run is None:
        return None
    brute = next((a for a in problem.approaches if not a.optimal), None)
    if run.perf == "time_limit_exceeded" and brute:
        return canonical(brute.time)
    if run.perf == "accepted":
        return canonical(problem.optimal_approach.time)
    return None


def claim_is_correct(model: SessionModel, problem: Problem, claim: str | None) -> bool | None:
    """Whether a time claim matches the code. None when there is no claim or nothing to check it against.

    The code is the judge: a sort is n log n however fast the tests ran. Only when the code cannot
    be read does the large test's outcome stand in (`coded_time`)."""
    if not claim:
        return None
    actual = coded_time(model, problem)
    if actual is None:
        approach = stated_approach(model, problem)
        return same_class(claim, canonical(approach.time)) if approach else None
    if same_class(claim, actual):
        return True
    # "O(amount * k)" has no class the estimate names: a claim that is one of the problem's own
    # figures is right when the code does what that approach's reference solution does.
    for approach in problem.approaches:
        if claim == canonical(approach.time):
            reference = _reference(problem, approach.optimal, model.language)
            if reference is not None and reference.time and same_class(reference.time, actual):
                return True
    return False


def _reference(problem: Problem, optimal: bool, language: str) -> CodeAnalysis | None:
    solutions = problem.solutions.optimal if optimal else problem.solutions.brute
    code = getattr(solutions, language, None) if solutions is not None else None
    return analyse(code, language) if code else None


def departs_from_approach(model: SessionModel, problem: Problem) -> bool:
    """The code on screen is slower than the approach the candidate said they would code."""
    approach = stated_approach(model, problem)
    analysis = model.analysis
    if approach is None or analysis is None or not analysis.time:
        return False
    return slower(analysis.time, canonical(approach.time))

