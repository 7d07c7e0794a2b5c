"""The phase state machine: every transition in the table, and refusals outside it."""

from __future__ import annotations

import pytest

from viva.interview.phases import TRANSITIONS, IllegalTransition, Phase, Trigger, can, next_phase


@pytest.mark.parametrize("start,trigger,end", [(p, t, e) for (p, t), e in TRANSITIONS.items()],
                         ids=[f"{p.value}-{t.value}" for (p, t) in TRANSITIONS])
def test_each_transition_in_the_table(start, trigger, end):
    assert can(start, trigger)
    assert next_phase(start, trigger) == end


def test_the_happy_path_runs_intro_to_ended():
    path = [Trigger.problem_presented, Trigger.approach_stated, Trigger.approach_accepted, Trigger.tests_passed,
            Trigger.verified, Trigger.complexity_settled, Trigger.follow_up_done, Trigger.ended]
    phase = Phase.intro
    seen = [phase]
    for trigger in path:
        phase = next_phase(phase, trigger)
        seen.append(phase)
    assert seen == [Phase.intro, Phase.clarify, Phase.approach, Phase.coding, Phase.testing, Phase.complexity,
                    Phase.follow_up, Phase.wrap_up, Phase.ended]


@pytest.mark.parametrize("start,trigger", [
    (Phase.intro, Trigger.tests_passed), (Phase.clarify, Trigger.approach_accepted),
    (Phase.coding, Trigger.verified), (Phase.follow_up, Trigger.run_failed), (Phase.ended, Trigger.ended),
    (Phase.wrap_up, Trigger.time_up), (Phase.testing, Trigger.approach_stated),
])
def test_transitions_outside_the_table_are_refused(start, trigger):
    assert not can(start, trigger)
    with pytest.raises(IllegalTransition):
        next_phase(start, trigger)


def test_every_live_phase_can_end_and_run_out_of_time():
    for phase in Phase:
        if phase != Phase.ended:
            assert next_phase(phase, Trigger.ended) == Phase.ended
        if phase not in (Phase.ended, Phase.wrap_up):
            assert next_phase(phase, Trigger.time_up) == Phase.wrap_up
