"""The rules brain: state + input + time in, new events out. No clock, no I/O, no model.

Each call returns the events to append in order. The interviewer's words are the
`AgentUtterance` among them (its `acts` record what the turn did, which is how the brain
remembers). Silence is a decision too: while the candidate codes, most input gets no reply.
"""

from __future__ import annotations

import json
import re

from viva.events import (
    AgentUtterance, CandidateUtterance, CodeRun, CodeSnapshot, CueShown, Event, HintGiven, PhaseChanged,
    SegmentSummary, SessionEnded, TranscriptRevised,
)
from viva.interview import hints as ladder
from viva.interview.phases import Phase, Trigger, can, next_phase
from viva.interview.phrasing import CUES, SAY_AGAIN, complexity_words, speakable
from viva.interview.run_talk import describe_last_run, explain_failure
from viva.interview.turn import RECENT_TURNS, IdSource, Turn, counting_ids, random_ids
from viva.interview.settings import BrainSettings
from viva.interview.summaries import summarize
from viva.analysis import analyse
from viva.interview.understanding import ASKING, CLARIFY_THRESHOLD, Intent, Understanding, about_the_problem, canonical_complexity, understand
from viva.problems.schema import Problem
from viva.session import SessionModel
from viva.session.facts import canonical, claim_is_correct, coded_time, departs_from_approach

__all__ = ["ACKNOWLEDGES", "IdSource", "RulesBrain", "Turn", "counting_ids", "random_ids"]

# Interruptions after which a question of ours cut off mid-way still stands.
COME_BACK_AFTER = frozenset({Intent.clarifying_question, Intent.acknowledgement, Intent.off_topic, Intent.greeting,
                             Intent.run_question, Intent.repeat})
# A recognizer confidence (0..1) below which an utterance nobody understood was probably misheard.
HEARD_WELL = 0.55
# Acts in which the interviewer tells the candidate what they did. The report must say the same
# (tests/test_brain_says_what_the_report_says.py checks it over generated sessions).
ACKNOWLEDGES = {
    "ack_walkthrough": "walked_through_example",
    "ack_edge_cases": "raised_edge_cases",
    "verified_early": "walked_through_example",
    "complexity_right": "complexity_correct",
    "earlier_claim_right": "complexity_correct",
    "approve_approach": "approach_optimal",
}


class RulesBrain:
    def __init__(self, problem: Problem, cfg: BrainSettings | None = None, ids: IdSource = random_ids) -> None:
        self.problem = problem
        self.cfg = cfg or BrainSettings()
        self.ids = ids

    # ---- entry points -------------------------------------------------------------------

    def start(self, state: SessionModel, now: float) -> list[Event]:
        t = Turn(state, now)
        if state.phase == Phase.intro and state.agent_turns == 0:
            t.say("greet")
            t.say("present_problem", title=self.problem.title, statement=speakable(self.problem.statement))
            t.say("invite_questions")
            self._finish(t)
            self._move(t, Trigger.problem_presented, "problem read out")
            return t.events
        return []

    def on_utterance(self, state: SessionModel, text: str, now: float, source: str = "text",
                     **voice: object) -> list[Event]:
        t = Turn(state, now)
        u = understand(text, self.problem, state.phase.value, tuple(state.last_agent_acts))
        # A voice utterance keeps the id its partial transcripts carried, so the client can finalize them.
        uid = str(voice.pop("utterance_id", None) or self.ids())
        t.add(CandidateUtterance(utterance_id=uid, text=text, source=source,  # type: ignore[arg-type]
                                 intent=u.intent.value, understanding=u.stored(), **voice))  # type: ignore[arg-type]
        if state.phase == Phase.ended:
            return t.events
        if not (source == "voice" and self._misheard(state, u, voice.get("confidence"))  # type: ignore[arg-type]
                and self._say_again(t)):
            self._respond(t, u)
            self._come_back_to(t, state, u)
        self._finish(t)
        return t.events

    def on_revision(self, state: SessionModel, utterance_id: str, text: str, engine: str,
                    confidence: float | None, now: float) -> list[Event]:
        """The accurate pass heard an utterance differently, after its reply. The record takes the
        new words; when they change what the candidate needs from us, and nothing was said since,
        the interviewer corrects course: it answers what was actually asked."""
        at = next((i for i, x in enumerate(state.transcript)
                   if x.role == "candidate" and x.utterance_id == utterance_id), None)
        if at is None:
            return []
        heard = state.transcript[at]
        t = Turn(state, now)
        before = next((x.acts for x in reversed(state.transcript[:at]) if x.role == "interviewer"), [])
        old = understand(heard.text, self.problem, heard.phase.value, tuple(before))
        new = understand(text, self.problem, heard.phase.value, tuple(before))
        t.add(TranscriptRevised(utterance_id=utterance_id, text=text, previous=heard.text, engine=engine,
                                confidence=confidence, intent=new.intent.value, understanding=new.stored()))
        latest = not any(x.role == "candidate" for x in state.transcript[at + 1:])
        if not latest or state.phase == Phase.ended or state.phase != heard.phase:
            return t.events
        asked_again = "say_again" in state.last_agent_acts
        if asked_again and new.intent != Intent.off_topic and not new.vague_question:
            t.say("heard_now")
            self._respond(t, new)
        elif new.intent in ASKING and not new.vague_question and (new.intent != old.intent
                                                                  or new.clarification != old.clarification):
            t.say("misheard")
            self._respond(t, new)
        self._finish(t)
        return t.events

    def _misheard(self, state: SessionModel, u: Understanding, confidence: float | None) -> bool:
        """Spoken, understood as nothing, and not heard with confidence: ask again, never deflect
        ("it's your call" to a question nobody understood is a deflection). While coding, unclear
        talk is thinking aloud and gets the silence it would get anyway, unless it asked."""
        if not (u.intent == Intent.off_topic or u.vague_question) or _sounds_like_an_approach(u):
            return False
        if state.phase == Phase.coding and not (u.question or u.vague_question):
            return False
        if len(u.text.split()) < 2:
            return False
        return confidence is None or confidence < HEARD_WELL

    def _say_again(self, t: Turn) -> bool:
        """Ask to hear it again, in words not used before; False once every way has been used."""
        asked = t.state.acts.get("say_again", 0)
        if asked >= len(SAY_AGAIN):
            return False
        t.sentences.append(SAY_AGAIN[asked])
        t.mark("say_again")
        return True

    def _come_back_to(self, t: Turn, before: SessionModel, u: Understanding) -> None:
        """A question of ours they cut off to ask something else: once that is answered, finish
        asking it, briefly. An answer, a new plan or a phase change means it no longer matters."""
        cut = before.cut_question
        if cut is None or t.state.phase != cut.phase or u.intent not in COME_BACK_AFTER:
            return
        # One question at a time: an "Anything else?" gives way to ours; a real question does not.
        t.sentences = [re.sub(r"\s*Anything else\?$", "", s) for s in t.sentences]
        t.sentences = [s for s in t.sentences if s]
        if any(s.rstrip().endswith("?") for s in t.sentences):
            return
        t.say("finish_question", question=cut.text)

    def on_code(self, state: SessionModel, code: str, language: str, now: float) -> list[Event]:
        t = Turn(state, now)
        t.add(CodeSnapshot(code=code, language=language))
        if state.phase in (Phase.clarify, Phase.approach) and self._is_real_code(code, language):
            self._code_arrived(t)
            self._finish(t)
        return t.events

    def on_run(self, state: SessionModel, run: CodeRun, now: float) -> list[Event]:
        t = Turn(state, now)
        t.add(run)
        r = run.result
        if t.state.phase in (Phase.clarify, Phase.approach):
            self._code_arrived(t)
        total, passed = r.total, r.passed
        perf = r.performance.verdict.value if r.performance else None
        verdict = r.verdict.value
        if verdict == "accepted":
            t.say("run_all_pass", total=str(total))
            self._notice_departure(t)
            if t.state.phase == Phase.coding:
                self._move(t, Trigger.tests_passed, "all tests pass")
            if t.state.phase == Phase.testing:
                self._advance_verification(t)
        elif verdict == "time_limit_exceeded" and perf == "time_limit_exceeded" and passed == total - 1:
            t.say("run_slow")
            line = t.state.analysis.time_line if t.state.analysis else None
            if line and not t.state.did("ask_line"):
                t.say("ask_line", line=str(line))
            else:
                t.say("ask_better")
        else:
            explain_failure(t, r)
            if t.state.phase in (Phase.testing, Phase.complexity):
                self._move(t, Trigger.run_failed, "a run failed during verification")
            if t.state.failing_streak() >= self.cfg.hint_failing_runs:
                self._hint(t, ladder.HintReason.failing_runs, quiet_if_not=True)
        self._finish(t)
        return t.events

    def on_tick(self, state: SessionModel, now: float) -> list[Event]:
        """Time passing: stall rules, cues, and the end of the interview's time."""
        t = Turn(state, now)
        if state.phase in (Phase.ended, Phase.intro) or state.started_at is None:
            return []
        elapsed = now - state.started_at
        if elapsed >= self.cfg.interview_length_s and state.phase != Phase.wrap_up:
            self._move(t, Trigger.time_up, "out of time")
            t.say("wrap_up")
            self._finish(t)
            return t.events
        if elapsed >= self.cfg.interview_length_s - 300 and "five_minutes" not in state.cues:
            t.add(CueShown(text=CUES["five_minutes"], key="five_minutes"))
        idle = now - state.last_activity()
        in_phase = now - state.phase_since
        if state.phase == Phase.coding:
            last = state.last_run
            if state.code and now - max(last.ts if last else state.phase_since, state.phase_since) >= self.cfg.no_run_cue_s:
                if now - state.cues.get("run_code", -1e18) >= self.cfg.no_run_cue_s:
                    t.add(CueShown(text=CUES["run_code"], key="run_code"))
            if idle >= self.cfg.coding_silence_s and in_phase >= self.cfg.hint_stuck_s:
                self._stall(t, ladder.HintReason.silence)
        elif state.phase in (Phase.clarify, Phase.approach):
            if in_phase >= self.cfg.hint_stuck_s and idle >= 60:
                self._stall(t, ladder.HintReason.stuck)
        elif state.phase == Phase.testing and in_phase >= 180 and "wrap_example" not in state.cues:
            t.add(CueShown(text=CUES["wrap_example"], key="wrap_example"))
        self._finish(t)
        return t.events

    def on_end(self, state: SessionModel, now: float, reason: str = "candidate") -> list[Event]:
        t = Turn(state, now)
        if state.phase == Phase.ended:
            return []
        self._move(t, Trigger.ended, reason)
        t.add(SessionEnded(reason=reason))
        return t.events

    # ---- the conversation --------------------------------------------------------------------

    def _respond(self, t: Turn, u: Understanding) -> None:
        """Direct questions and requests are answered in every phase; the rest is the phase's business."""
        phase = t.state.phase
        intent = u.intent
        if intent == Intent.steering:
            t.say("refuse_steering")
            if Intent.answer_request in u.also or Intent.hint_request in u.also:
                self._hint(t, ladder.HintReason.asked)
            # Nothing else: words to the grader must not steer the interview either (a prompt here
            # would change how the next answer is read).
            return
        if intent == Intent.answer_request:
            t.say("no_answer")
            self._hint(t, ladder.HintReason.asked)
            return
        if intent == Intent.repeat:
            last = t.state.last_agent_text
            if "question" in u.text or "problem" in u.text or not last:
                t.sentences.append(speakable(self.problem.statement))
                t.mark("repeat_problem")
            else:
                t.sentences.append(last)
                t.mark("repeat_last")
            return
        if intent == Intent.hint_request and phase not in (Phase.wrap_up, Phase.follow_up):
            self._hint(t, ladder.HintReason.asked)
            return
        if intent == Intent.run_question:
            last = t.state.last_run
            if u.disputes and last is not None and not last.accepted:
                said = [a for x in t.state.transcript if x.role == "interviewer" and x.ts >= last.ts for a in x.acts]
                case = next((c for c in last.result.tests if c.verdict.value != "accepted"), None)
                if {"trace_failing_case", "trace_hidden_case"} & set(said):
                    t.say("agree_to_differ")  # a third time: no use repeating the evidence
                    return
                t.say("stand_by_tests")
                if any(a == "stand_by_tests" or a.startswith("run_") for a in said):
                    # The failing cases were named already: settle it with one example, by hand.
                    hidden = list(last.result.hidden_failed_names)
                    if case is not None:
                        t.say("trace_failing_case", name=case.name.replace("_", " "), input=_short(case.input),
                              expected=_short(case.expected), actual=_short(case.actual))
                    elif hidden:
                        t.say("trace_hidden_case", case=hidden[0].replace("_", " "))
                    return
            describe_last_run(t)
            return
        if intent == Intent.clarifying_question and phase not in (Phase.follow_up, Phase.wrap_up):
            self._answer_question(t, u)
            return
        if intent == Intent.stuck and phase in (Phase.clarify, Phase.approach, Phase.coding):
            if not self._hint(t, ladder.HintReason.asked, quiet_if_not=True):
                t.say("encourage")
            return
        handler = {
            Phase.clarify: self._clarify, Phase.approach: self._approach, Phase.coding: self._coding,
            Phase.testing: self._testing, Phase.complexity: self._complexity, Phase.follow_up: self._follow_up,
            Phase.wrap_up: self._wrap_up,
        }.get(phase)
        if handler:
            handler(t, u)

    def _clarify(self, t: Turn, u: Understanding) -> None:
        if u.commits_to_approach:
            self._move(t, Trigger.approach_stated, "approach stated")
            self._judge_approach(t, u)
        elif u.intent == Intent.ready_to_code:
            self._move(t, Trigger.coding_started, "wants to code before an approach")
            self._insist_on_approach(t)
        elif u.intent == Intent.complexity:
            t.say("ask_approach")
        elif u.intent == Intent.question_to_interviewer:
            t.say("save_for_later")
            t.say("ask_approach")
        elif u.intent == Intent.off_topic and _sounds_like_an_approach(u):
            t.say("vague_approach")
        elif u.intent == Intent.off_topic:
            t.say("stay_on_topic")
            t.say("more_questions")
        elif u.intent == Intent.greeting:
            t.say("greeting_back")
        elif u.question:
            t.say("your_call")
        else:
            t.say("more_questions")

    def _approach(self, t: Turn, u: Understanding) -> None:
        s = t.state
        if u.commits_to_approach:
            self._judge_approach(t, u)
        elif u.intent == Intent.complexity and s.approach:
            self._complexity_of_stated(t, u)
        elif u.intent == Intent.ready_to_code:
            if s.approach and (s.approach.optimal or s.did("ask_better")):
                t.say("allow_coding")
                self._move(t, Trigger.approach_accepted, "coding the approach discussed")
            else:
                self._insist_on_approach(t)
        elif u.intent == Intent.question_to_interviewer:
            t.say("save_for_later")
            t.say("ask_approach")
        elif u.intent == Intent.off_topic and u.question and not about_the_problem(self.problem, u.text):
            t.say("stay_on_topic")
            t.say("ask_approach")
        elif u.intent == Intent.off_topic and u.question:
            t.say("your_call")
        elif u.intent == Intent.off_topic:
            t.say("stay_on_topic")
            t.say("ask_approach")
        elif u.intent in (Intent.acknowledgement, Intent.greeting) and s.approach:
            t.say("ask_complexity_of_approach" if not s.did_in_phase("ask_complexity_of_approach") else "ask_better")
        else:
            t.say("vague_approach" if len(u.text.split()) > 5 else "ask_approach")

    def _coding(self, t: Turn, u: Understanding) -> None:
        """Quiet while the candidate codes: no unprompted remarks, but a question always gets an answer."""
        s = t.state
        if u.commits_to_approach and s.did_in_phase("catch_up_approach") and not s.approach:
            self._judge_approach(t, u, coding=True)
        elif u.intent == Intent.done:
            last = s.last_run
            if last is None or (s.code and last.code != s.code):
                t.say("not_run_yet")
                if "verify_first" not in s.cues:
                    t.add(CueShown(text=CUES["verify_first"], key="verify_first"))
            elif not last.accepted and not s.did_in_phase("done_but_failing"):
                t.say("done_but_failing", failed=str(last.result.total - last.result.passed),
                      total=str(last.result.total))
            else:
                t.say("done_moving_on")
                self._move(t, Trigger.declared_done, "declared done")
                self._advance_verification(t)
        elif u.intent == Intent.question_to_interviewer:
            t.say("save_for_later")
        elif u.question and u.intent == Intent.off_topic and not about_the_problem(self.problem, u.text):
            t.say("stay_on_topic")  # "how does a referee get it that wrong?": not the problem's business
        elif u.question and u.intent in (Intent.off_topic, Intent.complexity, Intent.approach, Intent.verification):
            # Asked something the data cannot answer: answer as a person would, briefly.
            t.say("your_call")

    def _testing(self, t: Turn, u: Understanding) -> None:
        s = t.state
        if u.intent == Intent.complexity and not (s.walked_through and s.raised_edge_cases):
            t.mark("early_complexity")
        # Moving on to complexity, or saying they are done, is declining to check further.
        moving_on = (Intent.done, Intent.acknowledgement, Intent.no_questions, Intent.complexity)
        self._advance_verification(t, pushed=u.intent in moving_on, just=u)

    def _advance_verification(self, t: Turn, pushed: bool = False, just: Understanding | None = None) -> None:
        s = t.state
        if just is not None and just.walkthrough and not s.did("ack_walkthrough"):
            t.say("ack_walkthrough")
        elif just is not None and just.edge_cases and not s.did("ack_edge_cases"):
            t.say("ack_edge_cases")
        if s.walked_through and s.raised_edge_cases and just is None and not s.did_in_phase("ask_walkthrough"):
            t.say("verified_early")
            self._verified(t, "traced an example and covered edge cases while coding")
            return
        if not s.walked_through:
            if s.did_in_phase("ask_walkthrough") and pushed:
                self._verified(t, "skipped the walkthrough")
            elif s.did_in_phase("ask_walkthrough") >= 2:
                self._verified(t, "did not walk through an example")
            else:
                t.say("ask_walkthrough")
            return
        if not s.raised_edge_cases:
            if s.did_in_phase("ask_edge_cases") and pushed:
                self._verified(t, "no edge cases raised")
            elif not s.did("ask_edge_cases"):
                t.say("ask_edge_cases")
            elif not s.did_in_phase("ask_edge_again"):
                t.sentences.append("Any particular edge case you'd test?")
                t.mark("ask_edge_again")
            else:
                self._verified(t, "no edge cases raised")
            return
        self._verified(t, "walked through an example and covered edge cases")

    def _verified(self, t: Turn, why: str) -> None:
        self._move(t, Trigger.verified, why)
        claim = t.state.complexity_claim
        if claim is not None:
            self._check_complexity(t, claim.time or "", earlier=True)
        else:
            t.say("ask_complexity")

    def _complexity(self, t: Turn, u: Understanding) -> None:
        if t.state.did_in_phase("ask_space") and not u.complexity:
            self._settle_complexity(t)  # asked only about space: whatever the answer, move on
        elif u.complexity or u.space:
            if u.complexity:
                self._check_complexity(t, u.complexity)
            elif not t.state.did_in_phase("ask_complexity_time"):
                t.sentences.append("And the time complexity?")
                t.mark("ask_complexity_time")
            else:
                self._settle_complexity(t)
        elif t.state.did_in_phase("complexity_wrong") or t.state.did_in_phase("ask_complexity_again"):
            self._tell_complexity(t)
        else:
            t.say("ask_complexity")
            t.mark("ask_complexity_again")

    def _check_complexity(self, t: Turn, claim: str, earlier: bool = False) -> None:
        correct = claim_is_correct(t.state, self.problem, claim)
        if correct is None or correct:
            if correct:
                t.say("earlier_claim_right" if earlier else "complexity_right", claim=complexity_words(claim))
                t.mark("complexity_correct")
            if earlier and t.state.space_claim is None and not t.state.did_in_phase("ask_space"):
                t.say("ask_space")  # the time is settled; a person would still ask about memory
            else:
                self._settle_complexity(t)
        elif t.state.did_in_phase("complexity_wrong"):
            self._tell_complexity(t)
        else:
            analysis = t.state.analysis
            if analysis is not None and analysis.time_reason:
                t.say("claim_vs_code", claim=complexity_words(claim), reason=analysis.time_reason)
            else:
                t.say("complexity_wrong")
            t.mark("complexity_wrong")

    def _tell_complexity(self, t: Turn) -> None:
        actual = coded_time(t.state, self.problem) or canonical(self.problem.optimal_approach.time) or "n"
        t.say("complexity_tell", actual=complexity_words(actual))
        t.mark("complexity_told")
        self._settle_complexity(t)

    def _settle_complexity(self, t: Turn) -> None:
        self._move(t, Trigger.complexity_settled, "complexity discussed")
        question = self.problem.follow_ups[0]
        t.say("follow_up", question=question)

    def _follow_up(self, t: Turn, u: Understanding) -> None:
        if u.intent == Intent.clarifying_question and not u.text.startswith("what if"):
            self._answer_question(t, u)
            return
        if u.intent == Intent.complexity and u.complexity and not t.state.did_in_phase("follow_up_again"):
            # Still on the last question: check the claim like any other, then put the follow-up again.
            if claim_is_correct(t.state, self.problem, u.complexity) is False and t.state.analysis is not None:
                t.say("claim_vs_code", claim=complexity_words(u.complexity), reason=t.state.analysis.time_reason)
                t.mark("complexity_wrong")
            else:
                t.sentences.append("Right.")
            t.sentences.append("And for the follow-up I asked, what would you change?")
            t.mark("follow_up_again")
            return
        t.say("ack_follow_up")
        self._move(t, Trigger.follow_up_done, "follow-up discussed")
        t.say("wrap_up")

    def _wrap_up(self, t: Turn, u: Understanding) -> None:
        asked = u.intent in (Intent.question_to_interviewer, Intent.clarifying_question) or (
            u.question and u.intent == Intent.off_topic)
        if asked and t.state.did_in_phase("answer_interviewer") < 2:
            t.say("answer_interviewer")
            return
        t.say("closing")
        self._finish(t)
        self._move(t, Trigger.ended, "interview complete")
        t.add(SessionEnded(reason="completed"))

    # ---- pieces ---------------------------------------------------------------------------------

    def _answer_question(self, t: Turn, u: Understanding) -> None:
        if u.clarification is not None and u.clarification_score >= CLARIFY_THRESHOLD:
            t.say("answer_clarification", answer=u.clarification.answer)
            t.mark("clarified")
        else:
            t.say("your_call")

    def _judge_approach(self, t: Turn, u: Understanding, coding: bool = False) -> None:
        a = u.approach
        if a is None or u.approach_score < 86:
            t.say("vague_approach")
            return
        if a.optimal:
            t.say("approve_approach", name=a.name)
            expected = canonical_complexity(a.time)
            if u.complexity and expected not in (None, u.complexity):
                t.sentences.append(f"Though I'd put its time at {complexity_words(expected or '')}.")
            if not coding:
                t.say("invite_code")
            self._move(t, Trigger.approach_accepted, f"optimal approach: {a.name}")
        else:
            t.say("ack_brute", name=a.name)
            if coding:
                t.say("ask_better")
            elif u.complexity:
                self._complexity_of_stated(t, u)
            else:
                t.say("ask_complexity_of_approach")

    def _complexity_of_stated(self, t: Turn, u: Understanding) -> None:
        chosen = t.state.approach
        approach = next((a for a in self.problem.approaches if chosen and a.name == chosen.name), None)
        if approach and approach.optimal:
            t.say("invite_code")
            self._move(t, Trigger.approach_accepted, "optimal approach")
            return
        expected = canonical_complexity(approach.time) if approach else None
        if expected and u.complexity and u.complexity != expected:
            t.sentences.append(f"I think that's {complexity_words(expected)} time, actually.")
            t.mark("corrected_complexity")
        elif expected and u.complexity:
            t.sentences.append("Right.")
            t.mark("brute_complexity_right")
        t.say("ask_better")

    def _insist_on_approach(self, t: Turn) -> None:
        if t.state.did("insist_approach") >= 2:
            t.say("allow_coding")
            if t.state.phase == Phase.approach:
                self._move(t, Trigger.approach_accepted, "candidate insisted on coding")
            return
        t.say("insist_approach")
        if "state_approach" not in t.state.cues:
            t.add(CueShown(text=CUES["state_approach"], key="state_approach"))

    def _code_arrived(self, t: Turn) -> None:
        """Code before the approach talk ended: follow the candidate into coding, and catch up."""
        approach = t.state.approach
        self._move(t, Trigger.code_arrived, "code arrived before the approach was settled")
        if approach is None and not t.state.did("catch_up_approach"):
            t.say("catch_up_approach")

    def _notice_departure(self, t: Turn) -> None:
        """Say so, once, when the code is slower than the approach the candidate described."""
        s = t.state
        if s.did("code_departs") or not departs_from_approach(s, self.problem):
            return
        analysis = s.analysis
        if s.approach and analysis is not None and analysis.time_reason:
            t.say("code_departs", approach=f"the {s.approach.name} approach", reason=_lower_first(analysis.time_reason))

    def _hint(self, t: Turn, reason: ladder.HintReason, quiet_if_not: bool = False) -> bool:
        d = ladder.decide(t.state, reason, t.now, self.cfg)
        if d.level is None:
            if quiet_if_not:
                return False
            if d.why_not == "exhausted":
                t.say("hint_exhausted")
            elif t.state.hints:
                last = ladder.hint_text(self.problem, t.state.hints[-1].level)
                recent = [x.text for x in t.state.transcript if x.role == "interviewer"][-RECENT_TURNS:]
                t.say("hint_wait_recent" if any(last in x for x in recent) else "hint_wait", hint=last)
            else:
                t.say("encourage")
            return False
        text = ladder.hint_text(self.problem, d.level)
        if not t.acts or t.acts[-1] not in ("no_answer", "refuse_steering"):
            t.say("hint_intro")
        t.sentences.append(text)
        t.mark("hint")
        t.add(HintGiven(level=d.level, text=text, reason=reason.value))
        return True

    def _stall(self, t: Turn, reason: ladder.HintReason) -> None:
        """Silence: first ask how it's going; if that brings nothing, climb the ladder."""
        s = t.state
        checked_at = s.act_at.get("check_in", -1e18)
        if checked_at < s.last_activity():
            if t.now - checked_at >= self.cfg.hint_gap_s:
                t.say("check_in")
            return
        if t.now - checked_at < self.cfg.hint_gap_s:
            return  # a check-in a moment ago: give the candidate time to answer it
        self._hint(t, reason, quiet_if_not=True)

    def _phase_prompt(self, t: Turn) -> None:
        prompt = {Phase.clarify: "more_questions", Phase.approach: "ask_approach", Phase.testing: "ask_walkthrough",
                  Phase.complexity: "ask_complexity", Phase.wrap_up: "wrap_up"}.get(t.state.phase)
        if prompt:
            t.say(prompt)

    def _is_real_code(self, code: str, language: str) -> bool:
        """More than the starter: at least two lines of the candidate's own."""
        starter = getattr(self.problem.starter, language, None) or ""
        if code.strip() == starter.strip():
            return False
        return analyse(code, language).lines - analyse(starter, language).lines >= 2

    def _move(self, t: Turn, trigger: Trigger, reason: str) -> None:
        if not can(t.state.phase, trigger):
            return
        old = t.state.phase
        summary = summarize(old, t.state, t.events, self.problem, tuple(t.acts))
        if summary:
            t.add(SegmentSummary(segment=old.value, bullets=summary))
        t.add(PhaseChanged(phase=next_phase(old, trigger).value, previous=old.value, reason=reason))

    def _finish(self, t: Turn) -> None:
        """Turn the sentences gathered so far into the interviewer's utterance for this turn."""
        if t.sentences:
            utterance = AgentUtterance(turn_id=self.ids(), text=" ".join(t.sentences), acts=list(t.acts))
            t.sentences, t.acts = [], []
            t.add(utterance)
        elif t.acts:
            t.acts = []


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _sounds_like_an_approach(u: Understanding) -> bool:
    """Approach talk that matched no known approach: ask for detail rather than call it off topic."""
    import re

    return bool(re.search(r"\b(i|we) (would|could|can|will|d|ll|might)\b|\bapproach\b|\bmy idea\b", u.text))


def _short(value: object, limit: int = 60) -> str:
    """A test value as it can be said in a sentence."""
    text = json.dumps(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 3] + "..."
