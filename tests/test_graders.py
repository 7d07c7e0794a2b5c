"""Every grader passes a sound interviewer and fails one with a single rule flipped.

The personas run through the real rules brain and the real sandbox on a virtual clock; each broken
interviewer changes one thing (a subclass, or one function swapped for the length of a test) and
the grader that guards that behaviour must fail, with a reason. The spoken graders (talking over,
response time) are flipped on a real server in tests/test_simulate_audio.py.
"""

from __future__ import annotations

import pytest

from viva.events import AgentUtterance, CandidateUtterance, Event
from viva.interview import hints as ladder
from viva.interview import turn as turn_module
from viva.interview.brain import RulesBrain
from viva.interview.settings import BrainSettings
from viva.interview.turn import counting_ids
from viva.problems import get_problem
from viva.problems.schema import Problem
from viva.scoring.report import Report, build_report
from viva.session import SessionModel
from viva.sim.graders import GRADERS, Grade, grade
from viva.sim.persona_run import SimRun, run_text
from viva.sim.persona_spec import PersonaFileError, catalogue, load, script
from tests.judging import judge_for

TWO_SUM = get_problem("two-sum")
SOUND = ["steady", "stuck_hint_seeker", "silent_coder", "disputes_results", "injector", "cuts_in_early"]


def run(name: str, problem: Problem = TWO_SUM, **kw) -> SimRun:
    return run_text(catalogue()[name], problem, "python", judge=judge_for(problem.id), **kw)


def verdict(r: SimRun, grader: str) -> Grade:
    return GRADERS[grader](r)


# ---- the files ------------------------------------------------------------------------------------

def test_there_are_sixteen_personas_eight_of_them_audio_and_each_builds_for_every_problem():
    from viva.problems import list_problems

    specs = catalogue()
    assert len(specs) >= 16 and sum(s.mode == "audio" for s in specs.values()) >= 8
    for spec in specs.values():
        for p in list_problems():
            steps = script(spec, get_problem(p.id), "javascript")
            assert steps and all(s.text for s in steps if s.kind in ("say", "run")), (spec.name, p.id)


def test_a_broken_persona_file_is_refused_with_the_field_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nabout: x\nmode: text\nsteps:\n  - say: hi\n    wait: 3\nexpect:\n  signal: [hire]\n")
    with pytest.raises(PersonaFileError, match="exactly one of"):
        load(bad)
    bad.write_text("name: bad\nabout: x\nmode: text\nsteps:\n  - say: '{nonsense}'\nexpect:\n  signal: [hire]\n")
    with pytest.raises(PersonaFileError, match="unknown field"):
        load(bad)
    bad.write_text("name: other\nabout: x\nmode: text\nsteps:\n  - end: true\nexpect:\n  signal: [hire]\n")
    with pytest.raises(PersonaFileError, match="differs from the file name"):
        load(bad)


# ---- a sound interviewer passes ---------------------------------------------------------------------

@pytest.mark.parametrize("name", SOUND)
def test_the_interviewer_passes_every_grader_on_these_personas(name):
    r = run(name)
    failed = [(g.grader, g.reasons) for g in grade(r) if g.failed]
    assert failed == [], failed


# ---- flip one rule: the grader catches it ---------------------------------------------------------------

def test_clarifications_fail_when_the_interviewer_answers_from_the_wrong_data():
    def swapped(problem: Problem, cfg: BrainSettings | None) -> RulesBrain:
        cs = problem.clarifications
        wrong = [c.model_copy(update={"answer": cs[(i + 1) % len(cs)].answer}) for i, c in enumerate(cs)]
        return RulesBrain(problem.model_copy(update={"clarifications": wrong}), cfg, counting_ids())

    assert verdict(run("steady"), "clarifications").status == "pass"
    g = verdict(run("steady", brain=swapped), "clarifications")
    assert g.failed and "does not hold the answer" in g.reasons[0]


def test_the_hint_ladder_fails_when_the_first_rung_is_skipped(monkeypatch):
    assert verdict(run("stuck_hint_seeker"), "hint_ladder").status == "pass"
    real = ladder.next_level
    monkeypatch.setattr(ladder, "next_level", lambda s: "hint" if not s.hints else real(s))
    g = verdict(run("stuck_hint_seeker"), "hint_ladder")
    assert g.failed and "skipped nudge" in g.reasons[0]


def test_the_hint_ladder_fails_when_the_interviewer_names_the_answer_early():
    class Blurts(RulesBrain):
        def start(self, state: SessionModel, now: float) -> list[Event]:
            phrase = self.problem.optimal_approach.key_phrases[0]
            return [e.model_copy(update={"text": f"{e.text} Think {phrase}."}) if isinstance(e, AgentUtterance) else e
                    for e in super().start(state, now)]

    g = verdict(run("stuck_hint_seeker", brain=lambda p, c: Blurts(p, c, counting_ids())), "hint_ladder")
    assert g.failed and "before the reveal rung" in g.reasons[0]


def test_no_repeats_fails_when_the_interviewer_stops_varying_its_words(monkeypatch):
    assert verdict(run("stuck_hint_seeker"), "no_repeats").status == "pass"
    real = turn_module.pick
    monkeypatch.setattr(turn_module, "pick", lambda act, n, avoid="", **v: real(act, 0, "", **v))
    g = verdict(run("stuck_hint_seeker"), "no_repeats")
    assert g.failed and any("repeated" in r for r in g.reasons)


def test_quiet_while_coding_fails_when_the_interviewer_comments_on_every_snapshot():
    class Chatty(RulesBrain):
        def on_code(self, state: SessionModel, code: str, language: str, now: float) -> list[Event]:
            out = super().on_code(state, code, language, now)
            if state.phase.value != "coding" or any(isinstance(e, AgentUtterance) for e in out):
                return out
            return [*out, AgentUtterance(turn_id=self.ids(), text="Looks good so far, keep going.", acts=["comment"],
                                         ts=now)]

    assert verdict(run("silent_coder"), "quiet_while_coding").status == "pass"
    g = verdict(run("silent_coder", brain=lambda p, c: Chatty(p, c, counting_ids())), "quiet_while_coding")
    assert g.failed and "unprompted" in g.reasons[0]


def test_recovery_fails_when_the_interviewer_starts_an_interrupted_turn_over():
    class Restarts(RulesBrain):
        """Says its last turn again from the top whenever that turn was cut off."""
        last = ""

        def _finish(self, t) -> None:  # type: ignore[no-untyped-def]
            super()._finish(t)
            said = [e.text for e in t.events if isinstance(e, AgentUtterance)]
            self.last = said[-1] if said else self.last

        def on_utterance(self, state: SessionModel, text: str, now: float, source: str = "text",
                         **voice: object) -> list[Event]:
            cut = next((x for x in reversed(state.transcript) if x.role == "interviewer"), None)
            whole = self.last
            out = super().on_utterance(state, text, now, source, **voice)  # type: ignore[arg-type]
            if cut is None or not cut.interrupted:
                return out
            return [*out, AgentUtterance(turn_id=self.ids(), text=whole, acts=["restart"], ts=now)]

    assert verdict(run("cuts_in_early"), "recovers").status == "pass"
    g = verdict(run("cuts_in_early", brain=lambda p, c: Restarts(p, c, counting_ids())), "recovers")
    assert g.failed and "started the interrupted turn over" in g.reasons[0]


def test_injection_fails_when_the_scoring_believes_the_candidate():
    def gullible(sid: str, events: list[Event], problem: Problem) -> Report:
        r = build_report(sid, events, problem)
        if any(isinstance(e, CandidateUtterance) and "strong hire" in e.text.lower() for e in events):
            r.pillars["communication"].score = min(10, r.pillars["communication"].score + 2)  # type: ignore[index]
        return r

    assert verdict(run("injector"), "injection").status == "pass"
    g = verdict(run("injector", scorer=gullible), "injection")
    assert g.failed and "communication" in g.reasons[0]


def test_the_signal_band_fails_when_the_scoring_flatters_everyone():
    def flattering(sid: str, events: list[Event], problem: Problem) -> Report:
        return build_report(sid, events, problem).model_copy(update={"signal": "strong_hire"})

    assert verdict(run("stuck_hint_seeker"), "signal").status == "pass"
    g = verdict(run("stuck_hint_seeker", scorer=flattering), "signal")
    assert g.failed and "strong_hire outside" in g.reasons[0]


def test_the_spoken_graders_do_not_apply_to_a_text_run():
    r = run("steady")
    assert verdict(r, "talk_over").status == verdict(r, "response_ms").status == "n/a"
