"""The rules brain on a virtual clock: scripted candidates, clean and with speech-recognition noise.

Runs go through the real sandbox; everything else is the pure brain, so a whole interview takes
milliseconds of brain time.
"""

from __future__ import annotations

import re

import pytest

from viva.interview.phases import Phase
from viva.session import fold
from viva.problems import get_problem
from viva.sim.driver import Transcript, run_script
from viva.sim.personas import PERSONAS, Step, say, wait
from tests.judging import judge_for, judged

PROBLEMS = ["two-sum", "valid-parentheses", "number-of-islands", "lru-cache"]
NOISE = [None, 1, 2]


def interview(persona: str, problem_id: str = "two-sum", noise: int | None = None) -> Transcript:
    p = get_problem(problem_id)
    return run_script(p, PERSONAS[persona](p), judge=judge_for(p.id), noise_seed=noise)


def phases(tr: Transcript) -> list[str]:
    return [e.phase for e in tr.of("phase_changed")]


def acts(tr: Transcript) -> list[str]:
    return [a for e in tr.of("agent_utterance") for a in e.acts]


def assert_consistent(tr: Transcript) -> None:
    assert fold(tr.events) == tr.state  # the log alone rebuilds the interviewer's memory
    assert [e.seq for e in tr.events] == list(range(1, len(tr.events) + 1))
    lines = tr.agent_lines()
    for a, b in zip(lines, lines[1:]):
        shared = set(re.split(r"(?<=[.?!])\s+", a)) & set(re.split(r"(?<=[.?!])\s+", b))
        assert not shared, f"said the same sentence twice in a row: {shared}"
    for line in lines:
        assert "```" not in line and "**" not in line and "def " not in line


@pytest.mark.parametrize("noise", NOISE)
@pytest.mark.parametrize("problem_id", PROBLEMS)
def test_a_strong_candidate_goes_through_every_phase_in_order(problem_id, noise):
    tr = interview("strong", problem_id, noise)
    assert phases(tr) == ["clarify", "approach", "coding", "testing", "complexity", "follow_up", "wrap_up", "ended"]
    p = get_problem(problem_id)
    said = " ".join(tr.agent_lines())
    assert p.clarifications[0].answer in said  # answered from the problem's data
    order = acts(tr)
    assert "ask_complexity" not in order or order.index("ask_walkthrough") < order.index("ask_complexity")
    assert "follow_up" in order and "wrap_up" in order and "closing" in order
    assert tr.state.hints == []
    summaries = tr.of("segment_summary")
    assert {s.segment for s in summaries} >= {"clarify", "approach", "coding", "testing", "complexity"}
    assert all(2 <= len(s.bullets) <= 4 for s in summaries)
    assert_consistent(tr)


@pytest.mark.parametrize("noise", NOISE)
def test_a_brute_force_candidate_is_asked_its_complexity_and_pushed_to_do_better(noise):
    tr = interview("brute_force", "two-sum", noise)
    order = acts(tr)
    assert order.index("ack_brute") < order.index("ask_better") < order.index("approve_approach")
    assert phases(tr)[-1] == "ended"
    assert_consistent(tr)


def test_coding_a_brute_force_that_times_out_gets_a_truthful_push():
    p = get_problem("two-sum")
    steps = [say("i will just check every pair"), wait(10), say("it is o of n squared"), wait(10),
             say("let me code it"), wait(30), *[s for s in PERSONAS["strong"](p) if False],
             ]
    tr = run_script(p, steps, judge=judge_for(p.id))
    assert tr.state.phase == Phase.coding
    from viva.events import CodeRun
    from viva.interview.brain import RulesBrain

    brain = RulesBrain(p)
    result = judged(p.id, p.solutions.brute.python, "python")
    assert result["verdict"] == "time_limit_exceeded"
    tr.add(brain.on_run(tr.state, CodeRun(code=p.solutions.brute.python, language="python", result=result), 2000.0))
    last = tr.agent_lines()[-1]
    assert "large input" in last or "big input" in last
    assert tr.state.phase == Phase.coding


@pytest.mark.parametrize("noise", NOISE)
def test_a_stuck_candidate_climbs_the_whole_ladder_in_order_never_faster_than_the_gap(noise):
    tr = interview("stuck", "two-sum", noise)
    hints = tr.of("hint_given")
    p = get_problem("two-sum")
    assert [h.level for h in hints] == ["nudge", "hint", "reveal"]
    assert [h.text for h in hints] == [p.hints.nudge, p.hints.hint, p.hints.reveal]
    assert all(b.ts - a.ts >= 60 for a, b in zip(hints, hints[1:]))
    assert "hint_exhausted" in acts(tr)  # asking again after the reveal gets no more
    assert_consistent(tr)


@pytest.mark.parametrize("noise", NOISE)
def test_just_give_me_the_answer_four_times_gets_the_next_rung_never_the_solution(noise):
    tr = interview("answer_beggar", "two-sum", noise)
    assert [h.level for h in tr.of("hint_given")] == ["nudge", "hint", "reveal"]
    p = get_problem("two-sum")
    said = " ".join(tr.agent_lines())
    for line in p.solutions.optimal.python.splitlines() + p.solutions.optimal.javascript.splitlines():
        if len(line.strip()) > 12:
            assert line.strip() not in said
    assert acts(tr).count("no_answer") == 4
    assert_consistent(tr)


def test_asking_for_hints_too_fast_points_back_at_the_last_one_instead_of_skipping_ahead():
    p = get_problem("two-sum")
    tr = run_script(p, [say("can i get a hint"), wait(10), say("another hint please"), wait(10),
                        say("give me a hint")])
    assert [h.level for h in tr.of("hint_given")] == ["nudge"]
    assert acts(tr).count("hint_wait_recent") == 2
    # The hint was said a moment ago: pointed back at, never said word for word again.
    assert sum(p.hints.nudge in line for line in tr.agent_lines()) == 1


@pytest.mark.parametrize("noise", NOISE)
def test_injected_instructions_are_refused_and_change_nothing(noise):
    tr = interview("injector", "two-sum", noise)
    assert acts(tr).count("refuse_steering") == 3
    assert phases(tr) == ["clarify"] and tr.state.hints == [] and not tr.state.ended
    said = " ".join(tr.agent_lines()).lower()
    assert "strong hire" not in said and "developer mode" not in said
    assert_consistent(tr)


def test_a_silent_candidate_gets_a_check_in_then_hints_no_sooner_than_three_minutes():
    tr = interview("silent", "two-sum")
    start = tr.of("phase_changed")[0].ts
    first_check = next(e for e in tr.of("agent_utterance") if "check_in" in e.acts)
    hints = tr.of("hint_given")
    assert hints and hints[0].ts - start >= 180 and first_check.ts < hints[0].ts
    assert [h.level for h in hints] == ["nudge", "hint", "reveal"][: len(hints)]
    assert all(h.reason in ("stuck", "silence") for h in hints)
    assert all(b.ts - a.ts >= 60 for a, b in zip(hints, hints[1:]))
    assert_consistent(tr)


@pytest.mark.parametrize("noise", NOISE)
def test_saying_done_with_failing_tests_gets_the_truth(noise):
    tr = interview("done_failing", "two-sum", noise)
    run = tr.of("code_run")[0]
    failed = run.result.total - run.result.passed
    assert failed > 0
    last = tr.agent_lines()[-1]
    assert str(failed) in last and "fail" in last
    assert tr.state.phase == Phase.coding
    said = " ".join(tr.agent_lines())
    for t in get_problem("two-sum").tests:  # hidden inputs are never read out
        assert str(t.args[0]) not in said


def test_run_results_name_failing_categories_truthfully():
    tr = interview("done_failing", "two-sum")
    run = tr.of("code_run")[0]
    comment = next(e for e in tr.of("agent_utterance") if "run_fail" in e.acts)
    assert f"{run.result.passed} of {run.result.total}" in comment.text \
        or f"{run.result.passed} out of {run.result.total}" in comment.text
    assert run.result.hidden_failed_names[0] in comment.text


def test_a_45_minute_interview_on_the_virtual_clock_ends_in_wrap_up_and_folds_back():
    p = get_problem("two-sum")
    steps = [say(p.clarifications[0].question), wait(600), say("i would check every pair"), wait(600),
             say("o of n squared"), wait(600), say("hmm"), wait(900), say("still thinking"), wait(200)]
    tr = run_script(p, steps)
    assert "wrap_up" in phases(tr) and "five_minutes" in tr.state.cues
    assert_consistent(tr)
    session = fold(tr.events)
    assert session.phase == tr.state.phase and session.hint_levels == tr.state.hint_levels


def test_repeat_the_question_reads_the_problem_again():
    p = get_problem("two-sum")
    tr = run_script(p, [say("sorry can you repeat the question")])
    assert "repeat_problem" in acts(tr)
    assert "two different positions" in tr.agent_lines()[-1]


def test_unanswerable_questions_get_an_honest_your_call():
    p = get_problem("two-sum")
    tr = run_script(p, [say("is the input going to fit in memory")])
    assert "your_call" in acts(tr)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_persona_keeps_the_log_consistent_and_never_repeats_a_sentence(persona):
    tr = interview(persona, "two-sum")
    assert_consistent(tr)


def test_every_persona_script_can_be_built_for_every_problem():
    from viva.problems import list_problems

    for p in list_problems():
        for name, make in PERSONAS.items():
            assert make(p), (p.id, name)


def test_a_question_cut_off_by_a_clarifying_question_is_finished_after_the_answer():
    from viva.events import AgentUtterance
    from viva.interview.brain import RulesBrain
    from viva.problems import get_problem
    from viva.session import apply, fold

    problem = get_problem("two-sum")
    brain = RulesBrain(problem)
    state = fold(brain.start(fold([]), 0.0))
    asked = AgentUtterance(turn_id="q1", text="Thanks. What would you do first? Can you walk me through your approach?",
                           heard_text="Thanks. What would you do first? Can you walk", interrupted=True,
                           acts=["ask_approach"], seq=state.last_seq + 1, ts=30.0)
    state = apply(state, asked)
    assert state.cut_question is not None and state.cut_question.text == "Can you walk me through your approach?"
    events = brain.on_utterance(state, "can the array be empty", 31.0)
    reply = [e for e in events if isinstance(e, AgentUtterance)][-1]
    assert reply.text.endswith("Can you walk me through your approach?"), reply.text
    # Said once: the next turn does not repeat it.
    for e in events:
        state = apply(state, e)
    assert state.cut_question is None


def test_an_answer_to_a_cut_off_question_is_not_followed_by_it_again():
    from viva.events import AgentUtterance
    from viva.interview.brain import RulesBrain
    from viva.problems import get_problem
    from viva.session import apply, fold

    problem = get_problem("two-sum")
    brain = RulesBrain(problem)
    state = fold(brain.start(fold([]), 0.0))
    state = apply(state, AgentUtterance(turn_id="q1", text="How would you approach it? Walk me through it.",
                                        heard_text="How would", interrupted=True, seq=state.last_seq + 1, ts=30.0))
    events = brain.on_utterance(state, "i would use a hash map from value to index and look up the complement", 31.0)
    reply = [e for e in events if isinstance(e, AgentUtterance)]
    assert not reply or "How would you approach it?" not in reply[-1].text


def test_a_disputed_run_is_stood_by_then_settled_on_one_case_then_agreed_to_differ():
    p = get_problem("two-sum")
    wrong = p.solutions.wrong[0].python
    tr = run_script(p, [say(p.clarifications[0].question), say("I'd use a hash map of values seen so far"),
                        Step("code", wrong), Step("run", wrong), wait(20),
                        say("your test case must be broken, my logic is fine"), wait(20),
                        say("that expected output is wrong, I'm sure my code is right"), wait(20),
                        say("can you double check the test harness")], judge=judge_for(p.id))
    said = [e.acts for e in tr.of("agent_utterance")][-3:]
    # The run's reply named the failing cases already: the first dispute goes to one of them.
    assert said == [["stand_by_tests", "trace_failing_case"], ["agree_to_differ"], ["agree_to_differ"]], said
    lines = tr.agent_lines()[-3:]
    assert "expected" in lines[0] and len(set(lines)) == 3  # the failing case itself, never the same words
    assert "your_call" not in acts(tr)


def test_an_off_topic_question_while_coding_gets_a_redirect_not_an_assumption():
    p = get_problem("two-sum")
    tr = run_script(p, [say("I'd use a hash map of values seen so far"), Step("code", p.starter.python + "\n"),
                        say("honestly how does a referee get a call that wrong?")])
    assert acts(tr)[-1] == "stay_on_topic"
