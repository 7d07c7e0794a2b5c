"""The session model: everything a session is, as one typed projection of its event log.

The brain decides from it, scoring reports from it, the server shows it. None of them re-derive
a fact from raw events: if the interviewer says "nice trace", the report finds the same trace
here, with the seq of the event that holds it.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field

from viva.analysis import CodeAnalysis
from viva.judge.verdicts import JudgeResult


class Phase(str, Enum):
    intro = "intro"
    clarify = "clarify"
    approach = "approach"
    coding = "coding"
    testing = "testing"
    complexity = "complexity"
    follow_up = "follow_up"
    wrap_up = "wrap_up"
    ended = "ended"


# Phases where the candidate and the interviewer talk; coding is the one where silence is thinking.
DISCUSSION = frozenset({Phase.intro, Phase.clarify, Phase.approach, Phase.testing, Phase.complexity,
                        Phase.follow_up, Phase.wrap_up})


class Fact(BaseModel):
    """Something the candidate did, and the event that shows it."""

    seq: int
    ts: float
    text: str
    phase: Phase
    order: int = 0  # position in the fold: events of a turn not yet stored all have seq 0


class Clarification(Fact):
    question: str | None = None  # the problem's own clarification it matched, if any


class ApproachStated(Fact):
    name: str
    optimal: bool
    rejected: list[str] = Field(default_factory=list)


class ComplexityClaim(Fact):
    time: str | None = None
    space: str | None = None
    prompted: bool = False  # the interviewer had just asked for it


class EdgeCases(Fact):
    cases: list[str] = Field(default_factory=list)


class Snapshot(BaseModel):
    seq: int
    ts: float
    code: str
    language: str
    analysis: CodeAnalysis


class Run(BaseModel):
    seq: int
    ts: float
    code: str
    language: str
    result: JudgeResult
    analysis: CodeAnalysis
    hints_before: int  # hints given before this run, to tell own fixes from helped ones

    @property
    def accepted(self) -> bool:
        return self.result.verdict.value == "accepted"

    @property
    def perf(self) -> str | None:
        return self.result.performance.verdict.value if self.result.performance else None


class Hint(BaseModel):
    seq: int
    ts: float
    level: Literal["nudge", "hint", "reveal"]
    reason: str
    phase: Phase


class PhaseSpan(BaseModel):
    phase: Phase
    start: float
    end: float | None = None
    seq: int = 0
    reason: str = ""


class Turn(BaseModel):
    role: Literal["candidate", "interviewer"]
    text: str
    seq: int
    ts: float
    phase: Phase = Phase.intro
    intent: str | None = None
    acts: list[str] = Field(default_factory=list)
    interrupted: bool = False
    utterance_id: str | None = None  # a candidate's: what a later revision of its text refers to
    order: int = 0  # position in the fold (see `Fact.order`): the facts drawn from this turn carry it
    revised_by: str | None = None  # the engine whose transcript replaced the first one heard


class OwnTest(BaseModel):
    """A run on the candidate's own input: testing a case of their choosing."""

    seq: int
    ts: float
    input: str
    verdict: str
    matches: bool | None  # the same answer as the reference (None: no answer to compare)


class SessionModel(BaseModel):
    """The fold of one session's events (`viva.session.fold`)."""

    problem_id: str | None = None
    language: str = "python"
    mode: str = "voice"
    length_s: float | None = None  # the interview's length as the candidate chose it
    voice: str | None = None
    speech_rate: float | None = None
    started_at: float | None = None
    last_seq: int = 0
    last_ts: float | None = None
    applied: int = 0  # events folded so far

    phase: Phase = Phase.intro
    phase_since: float = 0.0
    phases: list[PhaseSpan] = Field(default_factory=list)

    transcript: list[Turn] = Field(default_factory=list)
    clarifications: list[Clarification] = Field(default_factory=list)
    approaches: list[ApproachStated] = Field(default_factory=list)
    alternatives: list[ApproachStated] = Field(default_factory=list)  # named after coding: the follow-up's ideas
    complexity_claims: list[ComplexityClaim] = Field(default_factory=list)
    walkthroughs: list[Fact] = Field(default_factory=list)
    edge_cases: list[EdgeCases] = Field(default_factory=list)
    done_claims: list[Fact] = Field(default_factory=list)  # "I'm done", with the run state then in `text`
    steering: list[Fact] = Field(default_factory=list)  # words aimed at the grader: counted, never credited

    code: str | None = None
    snapshot: Snapshot | None = None  # the latest editor state, analysed
    screen: CodeAnalysis | None = None  # the code on screen now: the latest snapshot or run, whichever came last
    snapshots: int = 0
    runs: list[Run] = Field(default_factory=list)
    own_tests: list[OwnTest] = Field(default_factory=list)
    hints: list[Hint] = Field(default_factory=list)
    cues: dict[str, float] = Field(default_factory=dict)
    summaries: dict[str, list[str]] = Field(default_factory=dict)

    # What the interviewer has done, counted only when the candidate heard some of it.
    acts: dict[str, int] = Field(default_factory=dict)
    act_at: dict[str, float] = Field(default_factory=dict)
    acts_in_phase: dict[str, int] = Field(default_factory=dict)
    agent_turns: int = 0
    last_agent_text: str = ""
    last_agent_acts: list[str] = Field(default_factory=list)
    # A question of the interviewer's the candidate cut off before its end, while it still stands.
    cut_question: Fact | None = None
    last_candidate_at: float | None = None
    last_code_at: float | None = None
    intents_in_phase: dict[str, int] = Field(default_factory=dict)

    ended: bool = False
    end_reason: str | None = None
    report: dict | None = None  # the stored `scored` event's report, if any

    # ---- read-only views the brain and scoring share ------------------------------------

    @property
    def approach(self) -> ApproachStated | None:
        """The approach the candidate last committed to: a later correction replaces an earlier one."""
        return self.approaches[-1] if self.approaches else None

    @property
    def complexity_claim(self) -> ComplexityClaim | None:
        """The last time-complexity claim about the approach finally chosen, whenever it was made: a
        claim about an approach later replaced ("brute force is n squared") is not about the code."""
        since = self.approach.order if self.approach else 0
        return next((c for c in reversed(self.complexity_claims) if c.time and c.order >= since), None)

    @property
    def space_claim(self) -> ComplexityClaim | None:
        since = self.approach.order if self.approach else 0
        return next((c for c in reversed(self.complexity_claims) if c.space and c.order >= since), None)

    @property
    def walked_through(self) -> bool:
        return bool(self.walkthroughs)

    @property
    def raised_edge_cases(self) -> bool:
        return bool(self.edge_cases)

    @property
    def last_run(self) -> Run | None:
        return self.runs[-1] if self.runs else None

    @property
    def hint_levels(self) -> list[str]:
        return [h.level for h in self.hints]

    @property
    def last_hint_at(self) -> float | None:
        return self.hints[-1].ts if self.hints else None

    @property
    def analysis(self) -> CodeAnalysis | None:
        return self.screen

    def did(self, act: str) -> int:
        return self.acts.get(act, 0)

    def did_in_phase(self, act: str) -> int:
        return self.acts_in_phase.get(act, 0)

    def failing_streak(self) -> int:
        n = 0
        for r in reversed(self.runs):
            if r.accepted:
                break
            n += 1
        return n

    def last_activity(self) -> float:
        times = (self.last_candidate_at, self.last_code_at, self.phase_since, self.started_at or 0.0)
        return max(t for t in times if t is not None)

    def seconds_in(self, phase: Phase, now: float | None = None) -> float:
        end_now = now if now is not None else (self.last_ts or 0.0)
        return sum(((s.end if s.end is not None else end_now) - s.start) for s in self.phases if s.phase == phase)

    def entered(self) -> list[Phase]:
        return [s.phase for s in self.phases]
