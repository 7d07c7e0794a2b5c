"""The interview's phases as one explicit state machine.

    intro ─▶ clarify ─▶ approach ─▶ coding ─▶ testing ─▶ complexity ─▶ follow_up ─▶ wrap_up ─▶ ended
                │         ▲  │         ▲ ▲ ▲     │             │
                │         └──┘         │ │ └─────┴─────────────┘  (a failing run sends the candidate back to the editor)
                └──────────────────────┘ └── code typed or run during the approach talk
                  (code typed or run before any approach)

The phases follow what the candidate does: code arriving moves the interview to coding even when
the approach talk was skipped, and the interviewer catches up by asking for it there.

Every change is a `PhaseChanged` event; the table below is the only place that says which
changes exist. Anything not in it is refused with `IllegalTransition`.
"""

from __future__ import annotations

from enum import Enum

from viva.session.model import DISCUSSION, Phase


class Trigger(str, Enum):
    problem_presented = "problem_presented"  # the interviewer has read the problem out
    approach_stated = "approach_stated"  # the candidate describes a way to solve it
    clarify_more = "clarify_more"  # back to questions before committing to an approach
    approach_accepted = "approach_accepted"  # optimal approach approved, or insisted past twice
    coding_started = "coding_started"  # the candidate asks to code before stating an approach
    code_arrived = "code_arrived"  # real code was typed or run while still talking it over
    tests_passed = "tests_passed"  # a run passed everything
    declared_done = "declared_done"  # "I'm done", whatever the tests say
    run_failed = "run_failed"  # verification found a bug: back to the editor
    verified = "verified"  # walked through an example and covered edge cases
    complexity_settled = "complexity_settled"
    follow_up_done = "follow_up_done"
    time_up = "time_up"  # the clock says wrap up now
    ended = "ended"  # the candidate or the server ends the interview


TRANSITIONS: dict[tuple[Phase, Trigger], Phase] = {
    (Phase.intro, Trigger.problem_presented): Phase.clarify,
    (Phase.clarify, Trigger.approach_stated): Phase.approach,
    (Phase.clarify, Trigger.coding_started): Phase.approach,
    (Phase.approach, Trigger.clarify_more): Phase.clarify,
    (Phase.approach, Trigger.approach_accepted): Phase.coding,
    (Phase.clarify, Trigger.code_arrived): Phase.coding,
    (Phase.approach, Trigger.code_arrived): Phase.coding,
    (Phase.coding, Trigger.tests_passed): Phase.testing,
    (Phase.coding, Trigger.declared_done): Phase.testing,
    (Phase.testing, Trigger.run_failed): Phase.coding,
    (Phase.complexity, Trigger.run_failed): Phase.coding,
    (Phase.testing, Trigger.verified): Phase.complexity,
    (Phase.complexity, Trigger.complexity_settled): Phase.follow_up,
    (Phase.follow_up, Trigger.follow_up_done): Phase.wrap_up,
    (Phase.wrap_up, Trigger.ended): Phase.ended,
}
# Time running out, or the candidate ending, is possible from every live phase.
for _phase in Phase:
    if _phase not in (Phase.ended, Phase.wrap_up):
        TRANSITIONS[(_phase, Trigger.time_up)] = Phase.wrap_up
    if _phase != Phase.ended:
        TRANSITIONS[(_phase, Trigger.ended)] = Phase.ended


class IllegalTransition(ValueError):
    """A trigger that the current phase does not accept."""


def next_phase(current: Phase, trigger: Trigger) -> Phase:
    try:
        return TRANSITIONS[(current, trigger)]
    except KeyError:
        raise IllegalTransition(f"{trigger.value} is not possible in {current.value}") from None


def can(current: Phase, trigger: Trigger) -> bool:
    return (current, trigger) in TRANSITIONS


__all__ = ["DISCUSSION", "IllegalTransition", "Phase", "TRANSITIONS", "Trigger", "can", "next_phase"]
