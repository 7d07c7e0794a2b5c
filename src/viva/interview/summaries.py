"""Segment summaries: 2-4 short bullets about a phase, written when it ends."""

from __future__ import annotations

from viva.events import Event
from viva.interview.phases import Phase
from viva.interview.phrasing import complexity_words
from viva.problems.schema import Problem
from viva.session import SessionModel


def _minutes(seconds: float) -> str:
    m = max(0, round(seconds / 60))
    return "under a minute" if m == 0 else f"{m} minute{'s' if m != 1 else ''}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summarize(phase: Phase, state: SessionModel, turn_events: list[Event], problem: Problem,
              pending_acts: tuple[str, ...] = ()) -> list[str]:
    """Bullets for the phase that is ending. `state` includes this turn's events; `pending_acts`
    are what the interviewer is doing in this turn but has not said yet."""
    c = state.intents_in_phase
    now = turn_events[-1].ts if turn_events else state.phase_since
    spent = f"Spent {_minutes(now - state.phase_since)} here."
    hints = c.get("hint", 0)
    bullets: list[str] = []
    if phase == Phase.clarify:
        n = c.get("clarifying_question", 0)
        bullets.append(f"Asked {_plural(n, 'clarifying question')}." if n else "Asked no clarifying questions.")
        bullets.append(spent)
    elif phase == Phase.approach:
        if state.approach:
            opt = "the optimal approach" if state.approach.optimal else "not the optimal approach"
            bullets.append(f"Proposed {state.approach.name}, {opt}.")
        else:
            bullets.append("Started coding without stating an approach.")
        named = {a.name for a in state.approaches} | {r for a in state.approaches for r in a.rejected}
        if len(named) > 1:
            bullets.append(f"Weighed {len(named)} approaches before settling on one.")
        bullets.append(spent)
    elif phase == Phase.coding:
        runs, passes = c.get("run", 0), c.get("pass", 0)
        if runs:
            last = state.last_run
            bullets.append(f"Ran the code {_plural(runs, 'time')}; the last run passed {last.result.passed} of "
                           f"{last.result.total}."
                           if last else f"Ran the code {_plural(runs, 'time')}.")
        else:
            bullets.append("Did not run the code.")
        if passes:
            bullets.append("Reached a passing solution.")
        bullets.append(spent)
    elif phase == Phase.testing:
        bullets.append("Walked through a concrete example." if state.walked_through
                       else "Did not walk through an example.")
        bullets.append("Raised edge cases." if state.raised_edge_cases else "Did not raise edge cases.")
        bullets.append(spent)
    elif phase == Phase.complexity:
        claim = state.complexity_claim
        if claim is not None and claim.time:
            right = state.did_in_phase("complexity_correct") or "complexity_correct" in pending_acts
            verdict = "and it was right" if right else "which needed correcting"
            bullets.append(f"Claimed {complexity_words(claim.time)} time, {verdict}.")
        else:
            bullets.append("Did not state a complexity.")
        bullets.append(spent)
    elif phase == Phase.follow_up:
        bullets.append(f"Discussed the follow-up: {problem.follow_ups[0]}")
        bullets.append(spent)
    else:
        return []
    if hints:
        bullets.insert(-1, f"Needed {_plural(hints, 'hint')} in this part.")
    return bullets[:4]
