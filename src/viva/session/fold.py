"""The one fold: events in, `SessionModel` out. Pure; never mutates the model it is given."""

from __future__ import annotations

import re
from typing import Iterable

from viva.analysis import analyse
from viva.events import (
    AgentUtterance, CandidateUtterance, CodeRun, CodeSnapshot, CustomRun, CueShown, Event, HintGiven, PhaseChanged, Scored,
    SegmentSummary, SessionEnded, SessionStarted, TranscriptRevised, Understood,
)
from viva.session.model import (
    ApproachStated, Clarification, ComplexityClaim, EdgeCases, Fact, Hint, OwnTest, Phase, PhaseSpan, Run, SessionModel,
    Snapshot, Turn,
)

PLANNING = frozenset({Phase.intro, Phase.clarify, Phase.approach, Phase.coding})
# Interviewer acts that ask the candidate for something: a claim made right after one was prompted.
ASKS_COMPLEXITY = frozenset({"ask_complexity", "ask_complexity_of_approach", "ask_complexity_time",
                             "ask_complexity_again"})


def _bump(counts: dict[str, int], key: str) -> dict[str, int]:
    return {**counts, key: counts.get(key, 0) + 1}


def apply(model: SessionModel, event: Event) -> SessionModel:
    m = model.model_copy()
    m.last_seq, m.last_ts = event.seq, event.ts
    m.applied += 1
    if isinstance(event, SessionStarted):
        m.problem_id, m.language, m.mode = event.problem_id, event.language, event.mode
        m.length_s = event.length_min * 60 if event.length_min else None
        m.voice, m.speech_rate = event.voice, event.speech_rate
        m.started_at = m.phase_since = event.ts
        m.phases = [PhaseSpan(phase=Phase.intro, start=event.ts, seq=event.seq)]
    elif isinstance(event, PhaseChanged):
        _enter(m, Phase(event.phase), event.ts, event.seq, event.reason)
    elif isinstance(event, CandidateUtterance):
        _heard(m, event)
    elif isinstance(event, TranscriptRevised):
        _revised(m, event)
    elif isinstance(event, AgentUtterance):
        _said(m, event)
    elif isinstance(event, CodeSnapshot):
        m.code, m.language, m.last_code_at = event.code, event.language, event.ts
        m.snapshot = Snapshot(seq=event.seq, ts=event.ts, code=event.code, language=event.language,
                              analysis=analyse(event.code, event.language))
        m.snapshots += 1
        m.screen = m.snapshot.analysis
    elif isinstance(event, CodeRun):
        run = Run(seq=event.seq, ts=event.ts, code=event.code, language=event.language, result=event.result,
                  analysis=analyse(event.code, event.language), hints_before=len(m.hints))
        m.runs = [*m.runs, run]
        m.screen = run.analysis
        m.code, m.language, m.last_code_at = event.code, event.language, event.ts
        m.intents_in_phase = _bump(m.intents_in_phase, "run")
        if run.accepted:
            m.intents_in_phase = _bump(m.intents_in_phase, "pass")
    elif isinstance(event, CustomRun):
        m.own_tests = [*m.own_tests, OwnTest(seq=event.seq, ts=event.ts, input=event.input,
                                             verdict=event.result.verdict.value, matches=event.result.matches)]
        m.code, m.language, m.last_code_at = event.code, event.language, event.ts
    elif isinstance(event, HintGiven):
        m.hints = [*m.hints, Hint(seq=event.seq, ts=event.ts, level=event.level, reason=event.reason, phase=m.phase)]
        m.intents_in_phase = _bump(m.intents_in_phase, "hint")
    elif isinstance(event, CueShown):
        m.cues = {**m.cues, event.key or event.text: event.ts}
    elif isinstance(event, SegmentSummary):
        m.summaries = {**m.summaries, event.segment: event.bullets}
    elif isinstance(event, SessionEnded):
        if m.phase != Phase.ended:
            _enter(m, Phase.ended, event.ts, event.seq, event.reason)
        m.ended, m.end_reason = True, event.reason
    elif isinstance(event, Scored):
        m.report = event.report
    return m


def fold(events: Iterable[Event], model: SessionModel | None = None) -> SessionModel:
    m = model or SessionModel()
    for e in events:
        m = apply(m, e)
    return m


def _enter(m: SessionModel, phase: Phase, ts: float, seq: int, reason: str) -> None:
    spans = list(m.phases)
    if spans and spans[-1].end is None:
        spans[-1] = spans[-1].model_copy(update={"end": ts})
    m.phases = [*spans, PhaseSpan(phase=phase, start=ts, seq=seq, reason=reason)]
    m.phase, m.phase_since = phase, ts
    m.acts_in_phase, m.intents_in_phase = {}, {}


def _heard(m: SessionModel, e: CandidateUtterance) -> None:
    u = e.understanding
    intent = e.intent or (u.intent if u else None)
    m.transcript = [*m.transcript, Turn(role="candidate", text=e.text, seq=e.seq, ts=e.ts, phase=m.phase,
                                          intent=intent, utterance_id=e.utterance_id, order=m.applied,
                                          revised_by=e.heard_by if e.fast_text is not None else None)]
    m.last_candidate_at = e.ts
    m.intents_in_phase = _bump(m.intents_in_phase, intent or "other")
    if u is not None:
        prompted = any(a in ASKS_COMPLEXITY for a in m.last_agent_acts)
        _draw_facts(m, dict(seq=e.seq, ts=e.ts, text=e.text, phase=m.phase, order=m.applied), u, intent, prompted)


FACT_LISTS = ("steering", "clarifications", "approaches", "alternatives", "complexity_claims", "walkthroughs",
              "edge_cases", "done_claims")


def _revised(m: SessionModel, e: TranscriptRevised) -> None:
    """The utterance now reads as the accurate pass heard it: its turn's text, and the facts drawn
    from it, are those of the new text. Facts keep their place in the session's order."""
    at = next((i for i, t in enumerate(m.transcript) if t.role == "candidate" and t.utterance_id == e.utterance_id),
              None)
    if at is None:
        return  # a revision of an utterance this log never held
    turn = m.transcript[at]
    intent = e.intent or (e.understanding.intent if e.understanding else None)
    m.transcript = [*m.transcript[:at], turn.model_copy(update={"text": e.text, "intent": intent,
                                                                "revised_by": e.engine}), *m.transcript[at + 1:]]
    claims = [c for c in m.complexity_claims if c.order == turn.order]
    for name in FACT_LISTS:
        setattr(m, name, [f for f in getattr(m, name) if f.order != turn.order])
    if e.understanding is None:
        return
    before = next((t for t in reversed(m.transcript[:at]) if t.role == "interviewer"), None)
    prompted = any(c.prompted for c in claims) or bool(before and set(before.acts) & ASKS_COMPLEXITY)
    _draw_facts(m, dict(seq=turn.seq, ts=turn.ts, text=e.text, phase=turn.phase, order=turn.order),
                e.understanding, intent, prompted)
    for name in FACT_LISTS:
        setattr(m, name, sorted(getattr(m, name), key=lambda f: f.order))


def _draw_facts(m: SessionModel, where: dict, u: Understood, intent: str | None, prompted: bool) -> None:
    """What one candidate utterance shows, added to the model's lists of facts."""
    if intent == "steering":
        # Words aimed at the grader are kept as what they are, and credit nothing else said with them.
        m.steering = [*m.steering, Fact(**where)]
        return
    if intent in ("clarifying_question",):
        m.clarifications = [*m.clarifications, Clarification(**where, question=u.clarification)]
    if u.approach:
        stated = ApproachStated(**where, name=u.approach, optimal=u.optimal, rejected=list(u.rejected))
        if where["phase"] in PLANNING:
            m.approaches = [*m.approaches, stated]
        else:
            # Once the code has been tested, it is what was chosen; ideas after that are alternatives.
            m.alternatives = [*m.alternatives, stated]
    if u.complexity or u.space:
        m.complexity_claims = [*m.complexity_claims, ComplexityClaim(**where, time=u.complexity, space=u.space,
                                                                     prompted=prompted)]
    if u.walkthrough:
        m.walkthroughs = [*m.walkthroughs, Fact(**where)]
    if u.edge_cases:
        m.edge_cases = [*m.edge_cases, EdgeCases(**where, cases=list(u.edge_cases))]
    if intent == "done":
        last = m.last_run
        state = "no run yet" if last is None else f"last run {last.result.verdict.value}"
        m.done_claims = [*m.done_claims, Fact(**{**where, "text": f"{where['text']} ({state})"})]


def _said(m: SessionModel, e: AgentUtterance) -> None:
    heard = e.heard_text if e.heard_text is not None else e.text
    m.cut_question = _cut_question(e, heard, m.phase) if e.interrupted else None
    if e.interrupted and not heard.strip():
        # Cut off before a word was heard: for the conversation, it was never said.
        return
    m.transcript = [*m.transcript, Turn(role="interviewer", text=heard, seq=e.seq, ts=e.ts, phase=m.phase,
                                        acts=list(e.acts), interrupted=e.interrupted)]
    acts, act_at, in_phase = dict(m.acts), dict(m.act_at), dict(m.acts_in_phase)
    for a in e.acts:
        acts[a] = acts.get(a, 0) + 1
        in_phase[a] = in_phase.get(a, 0) + 1
        act_at[a] = e.ts
    m.acts, m.act_at, m.acts_in_phase = acts, act_at, in_phase
    m.agent_turns += 1
    m.last_agent_text, m.last_agent_acts = heard, list(e.acts)


def _cut_question(e: AgentUtterance, heard: str, phase: Phase) -> Fact | None:
    """The first question in the turn that the candidate did not hear to its end (a request such
    as "Walk me through your code." asks too)."""
    heard_words = len(heard.split())
    said = 0
    for sentence in re.findall(r"[^.?!]+[.?!]*", e.text):
        said += len(sentence.split())
        asks = sentence.strip().endswith("?") or re.match(r"\s*(walk|talk|tell|take|show|trace|give) me\b",
                                                           sentence, re.I)
        if said > heard_words and asks:
            return Fact(seq=e.seq, ts=e.ts, phase=phase, text=sentence.strip())
    return None
