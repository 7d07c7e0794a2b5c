"""The hint ladder: nudge -> hint -> reveal, one rung at a time.

    explicit request ─┐
    stuck in phase ───┼─▶ next rung, if the gap since the last one is at least `hint_gap_s`
    failing runs ─────┤   (unprompted reasons also need `hint_stuck_s` in the phase)
    silence coding ───┘

The ladder never skips a rung, never goes past reveal, and never gives code: the reveal rung is
the problem's own description of the solution in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from viva.events import HINT_LEVELS, HintLevel
from viva.interview.settings import BrainSettings
from viva.session import SessionModel
from viva.problems.schema import Problem


class HintReason(str, Enum):
    asked = "asked"
    stuck = "stuck"
    failing_runs = "failing_runs"
    silence = "silence"


@dataclass(frozen=True)
class HintDecision:
    level: HintLevel | None  # None: no new rung now
    why_not: str = ""  # "exhausted", "too_soon", "not_stuck_long_enough"


def next_level(state: SessionModel) -> HintLevel | None:
    given = len(state.hints)
    return HINT_LEVELS[given] if given < len(HINT_LEVELS) else None


def decide(state: SessionModel, reason: HintReason, now: float, cfg: BrainSettings) -> HintDecision:
    level = next_level(state)
    if level is None:
        return HintDecision(None, "exhausted")
    if state.last_hint_at is not None and now - state.last_hint_at < cfg.hint_gap_s:
        return HintDecision(None, "too_soon")
    if reason != HintReason.asked and now - state.phase_since < cfg.hint_stuck_s:
        return HintDecision(None, "not_stuck_long_enough")
    if level == "reveal" and reason in (HintReason.silence, HintReason.stuck):
        # Silence can be thinking: it earns nudges, never the answer (the candidate can ask for it).
        return HintDecision(None, "reveal_only_when_asked")
    return HintDecision(level)


def hint_text(problem: Problem, level: HintLevel) -> str:
    return {"nudge": problem.hints.nudge, "hint": problem.hints.hint, "reveal": problem.hints.reveal}[level]
