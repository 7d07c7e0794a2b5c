"""What the interviewer remembers, folded from the session's events alone.

The brain never keeps state of its own: everything it decided is in an event (`acts` on its
utterances, hints, phases), so a session resumed after a crash continues exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from viva.events import (
    AgentUtterance, CandidateUtterance, CodeRun, CodeSnapshot, CueShown, Event, HintGiven, PhaseChanged,
    SessionEnded, SessionStarted,
)
from viva.interview.phases import Phase


@dataclass(frozen=True)
class BrainSettings:
    interview_length_s: float = 45 * 60
    hint_stuck_s: float = 180
    hint_gap_s: float = 60
    hint_failing_runs: int = 3
    coding_silence_s: float = 240
    no_run_cue_s: float = 8 * 60

    @classmethod
    def from_settings(cls, s: Any) -> "BrainSettings":
        return cls(interview_length_s=s.interview_length_s, hint_stuck_s=s.hint_stuck_s, hint_gap_s=s.hint_gap_s,
                   hint_failing_runs=s.hint_failing_runs, coding_silence_s=s.coding_silence_s,
                   no_run_cue_s=s.no_run_cue_s)


class RunSummary(BaseModel):
    ts: float
    verdict: str
    passed: int
    total: int
    perf: str | None = None
    code: str


@dataclass(frozen=True)
class InterviewState:
    problem_id: str | None = None
    language: str = "python"
    phase: Phase = Phase.intro
    phase_since: float = 0.0
    started_at: float | None = None
    last_seq: int = 0
    # approach
    approach: str | None = None  # name of the approach heard last
    approach_optimal: bool = False
    approaches_heard: tuple[str, ...] = ()
    # hints
    hints: tuple[str, ...] = ()
    last_hint_at: float | None = None
    # activity
    last_candidate_at: float | None = None
    last_code_at: float | None = None
    code: str | None = None
    runs: tuple[RunSummary, ...] = ()
    complexity_claim: str | None = None
    space_claim: str | None = None
    # verification
    walked_through: bool = False
    edge_cases: bool = False
    # everything the interviewer has done: act -> how many times, and the last time
    acts: dict[str, int] = field(default_factory=dict)
    act_at: dict[str, float] = field(default_factory=dict)
    last_agent_text: str = ""
    agent_turns: int = 0
    cues: dict[str, float] = field(default_factory=dict)
    ended: bool = False
    # what happened in the current phase, for its segment summary: intents, "run", "pass", "hint"
    phase_counts: dict[str, int] = field(default_factory=dict)

    def did(self, act: str) -> int:
        return self.acts.get(act, 0)

    def did_in_phase(self, act: str) -> bool:
        return self.act_at.get(act, -1.0) >= self.phase_since

    @property
    def last_run(self) -> RunSummary | None:
        return self.runs[-1] if self.runs else None

    def failing_streak(self) -> int:
        n = 0
        for r in reversed(self.runs):
            if r.verdict == "accepted":
                break
            n += 1
        return n

    def last_activity(self) -> float:
        return max(t for t in (self.last_candidate_at, self.last_code_at, self.phase_since, self.started_at or 0.0)
                   if t is not None)


def apply(state: InterviewState, event: Event) -> InterviewState:
    s = replace(state, last_seq=event.seq)
    if isinstance(event, SessionStarted):
        return replace(s, problem_id=event.problem_id, language=event.language, started_at=event.ts,
                       phase_since=event.ts)
    if isinstance(event, PhaseChanged):
        s = replace(s, phase=Phase(event.phase), phase_since=event.ts, phase_counts={})
        if s.phase == Phase.coding:
            # Claims made about an approach in discussion do not describe the code to come.
            s = replace(s, complexity_claim=None, space_claim=None)
        return s
    if isinstance(event, CandidateUtterance):
        s = replace(s, last_candidate_at=event.ts, phase_counts=_count(s.phase_counts, event.intent or "other"))
        u = event.understanding or {}
        if u.get("approach") and u.get("intent") == "approach":
            s = replace(s, approach=u["approach"], approach_optimal=bool(u.get("optimal")),
                        approaches_heard=(*s.approaches_heard, u["approach"]))
        if u.get("complexity"):
            s = replace(s, complexity_claim=u["complexity"])
        if u.get("space"):
            s = replace(s, space_claim=u["space"])
        if event.intent == "verification" or "verification" in u.get("also", []):
            text = event.text.lower()
            edge = any(w in text for w in ("edge", "empty", "single", "negative", "duplicate", "corner", "zero",
                                            "null", "none", "overflow", "large", "one element", "only one"))
            s = replace(s, edge_cases=s.edge_cases or edge, walked_through=s.walked_through or not edge
                        or any(w in text for w in ("trace", "walk", "example", "step", "iteration")))
        return s
    if isinstance(event, AgentUtterance):
        acts = dict(s.acts)
        act_at = dict(s.act_at)
        for a in event.acts:
            acts[a] = acts.get(a, 0) + 1
            act_at[a] = event.ts
        return replace(s, acts=acts, act_at=act_at, last_agent_text=event.heard_text or event.text,
                       agent_turns=s.agent_turns + 1)
    if isinstance(event, CodeSnapshot):
        return replace(s, code=event.code, language=event.language, last_code_at=event.ts)
    if isinstance(event, CodeRun):
        r = event.result
        perf = (r.get("performance") or {}).get("verdict")
        run = RunSummary(ts=event.ts, verdict=str(r.get("verdict")), passed=int(r.get("passed", 0)),
                         total=int(r.get("total", 0)), perf=perf, code=event.code)
        counts = _count(s.phase_counts, "run")
        if run.verdict == "accepted":
            counts = _count(counts, "pass")
        return replace(s, runs=(*s.runs, run), code=event.code, language=event.language, last_code_at=event.ts,
                       phase_counts=counts)
    if isinstance(event, HintGiven):
        return replace(s, hints=(*s.hints, event.level), last_hint_at=event.ts,
                       phase_counts=_count(s.phase_counts, "hint"))
    if isinstance(event, CueShown):
        return replace(s, cues={**s.cues, event.key or event.text: event.ts})
    if isinstance(event, SessionEnded):
        return replace(s, ended=True, phase=Phase.ended, phase_since=event.ts)
    return s


def _count(counts: dict[str, int], key: str) -> dict[str, int]:
    return {**counts, key: counts.get(key, 0) + 1}


def fold(events: list[Event], state: InterviewState | None = None) -> InterviewState:
    state = state or InterviewState()
    for e in events:
        state = apply(state, e)
    return state
