"""The report (DESIGN §6): a pure function of a session's events. Same events, same report."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from viva.events import Event, HintGiven, Scored, SegmentSummary
from viva.judge.verdicts import JudgeResult
from viva.problems.schema import Problem
from viva.scoring.rubric import PILLARS, Pillar, PillarScore, score_pillars
from viva.scoring.signals import Signals, from_model
from viva.session import SessionModel, fold

Signal = Literal["strong_hire", "hire", "lean_no_hire", "no_hire", "strong_no_hire"]
WEIGHTS: dict[Pillar, float] = {"algorithms": 0.25, "coding": 0.2, "problem_solving": 0.2, "verification": 0.2,
                                "communication": 0.15}
# The usual 4-point scales (1 strong no hire .. 4 strong hire) that hiring committees use.
FOUR_POINT: dict[Signal, int] = {"strong_hire": 4, "hire": 3, "lean_no_hire": 2, "no_hire": 1, "strong_no_hire": 1}
RUBRIC_VERSION = "2026-12-1"


class Recommendation(BaseModel):
    pillar: Pillar
    advice: str
    example: str


class SegmentSummaryItem(BaseModel):
    segment: str
    bullets: list[str]
    seq: int


class Overall(BaseModel):
    weighted_mean: float
    why: list[str]
    four_point: int


class TimelineSpan(BaseModel):
    phase: str
    start_s: float
    end_s: float


class HintItem(BaseModel):
    seq: int
    level: str
    text: str


class TranscriptLine(BaseModel):
    seq: int
    role: Literal["candidate", "interviewer"]
    text: str
    t: float


class Report(BaseModel):
    """DESIGN §6: the scored report. The first eight fields are the contract; the rest serve the page."""

    session_id: str
    problem_id: str
    language: str | None
    signal: Signal
    pillars: dict[Pillar, PillarScore]
    signals: Signals
    summaries: list[SegmentSummaryItem]
    recommendations: list[Recommendation]
    problem_title: str
    overall: Overall
    timeline: list[TimelineSpan]
    final_run: JudgeResult | None = None
    hints: list[HintItem] = Field(default_factory=list)
    transcript: list[TranscriptLine] = Field(default_factory=list)
    rubric_version: str = RUBRIC_VERSION
    narrative: str | None = None


def overall(pillars: dict[Pillar, PillarScore], signals: Signals) -> tuple[Signal, float, list[str]]:
    """The documented rule: a weighted mean, then gates that cap it.

    mean >= 8.0 strong_hire, >= 6.5 hire, >= 5.0 lean_no_hire, >= 3.5 no_hire, else strong_no_hire.
    Gates: no passing solution caps at lean_no_hire; a pillar at 2 or below (with at least medium
    confidence) caps at lean_no_hire; a hint that names the technique (or the reveal) caps at
    lean_no_hire; a bug found by the tests rather than the candidate caps at hire.
    """
    mean = sum(WEIGHTS[p] * pillars[p].score for p in PILLARS)
    bands: list[tuple[float, Signal]] = [(8.0, "strong_hire"), (6.5, "hire"), (5.0, "lean_no_hire"),
                                         (3.5, "no_hire"), (0.0, "strong_no_hire")]
    signal: Signal = next(sig for cut, sig in bands if mean >= cut)
    reasons = [f"weighted mean {mean:.2f}"]
    order = [sig for _, sig in bands]

    def cap(at: Signal, why: str) -> None:
        nonlocal signal
        if order.index(signal) < order.index(at):
            signal = at
            reasons.append(why)

    if signals.final_verdict != "accepted":
        cap("lean_no_hire", "no passing solution")
    if any(pillars[p].score <= 2 and pillars[p].confidence != "low" for p in PILLARS):
        cap("lean_no_hire", "a pillar at 2 or below")
    if signals.hints.get("reveal"):
        cap("lean_no_hire", "needed the reveal hint")
    elif signals.hints.get("hint"):
        cap("lean_no_hire", "needed the hint that names the technique")
    if signals.failed_runs_before_pass:
        cap("hire", "the tests, not the candidate, found a bug")
    return signal, round(mean, 2), reasons


def recommendations(pillars: dict[Pillar, PillarScore], problem: Problem) -> list[Recommendation]:
    """Three concrete things to practise, for the weakest pillar, with phrasing to borrow."""
    weakest = min(PILLARS, key=lambda p: (pillars[p].score, PILLARS.index(p)))
    ex = problem.examples[0]
    example = ", ".join(str(a) for a in ex.args)
    tips: dict[Pillar, list[tuple[str, str]]] = {
        "verification": [
            ("Trace a concrete example aloud before you say you are done.",
             f"\"Let me walk through this with {example}: first ...\""),
            ("Name the edge cases and check each one against your code.",
             "\"Edge cases: an empty input, a single element, duplicates. For the empty input my loop never runs, "
             "so I return ...\""),
            ("Run the tests before declaring victory, and read every failure.",
             "\"Two cases fail; both have negative numbers, so let me look at how I compare ...\""),
        ],
        "algorithms": [
            ("Start from brute force, state its cost, then ask what repeated work you can remove.",
             "\"Checking every pair is O(n squared). The repeated work is the inner search, so ...\""),
            ("Match the structure to the operation you need to be fast.",
             f"\"I need fast lookups, so {problem.optimal_approach.key_phrases[0]} fits here.\""),
            ("Say the time and space complexity of what you coded, and why.",
             f"\"Each element is handled once, so this is {problem.optimal_approach.time} time.\""),
        ],
        "coding": [
            ("Write the happy path first, then handle edge cases, and run early.",
             "\"Let me get the main loop working and run it, then add the empty case.\""),
            ("Keep it short: fewer lines means fewer places for bugs.",
             "\"I can fold these two branches into one check.\""),
            ("Read error messages out loud and fix the first one first.",
             "\"IndexError on line 6: I read one past the end, so the bound should be ...\""),
        ],
        "problem_solving": [
            ("Ask two or three clarifying questions before anything else.",
             "\"Can the input be empty? Can values repeat? Is it sorted?\""),
            ("State an approach in two or three sentences before coding.",
             "\"My plan: one pass, keep a map of what I've seen, return as soon as I find the pair.\""),
            ("When stuck, list the tools you know and test each against the problem.",
             "\"Sorting? Two pointers? A hash map? A hash map gives O(1) lookups, which is what I need.\""),
        ],
        "communication": [
            ("Think out loud, especially while coding.",
             "\"I'm adding this check because the list could be empty.\""),
            ("Summarise before moving on.",
             "\"So far: it passes the examples and handles empty input. Next I'll check duplicates.\""),
            ("State complexity without being asked.",
             f"\"This runs in {problem.optimal_approach.time} time and {problem.optimal_approach.space} space.\""),
        ],
    }
    return [Recommendation(pillar=weakest, advice=a, example=e) for a, e in tips[weakest]]


def timeline(model: SessionModel) -> list[TimelineSpan]:
    start, end = model.started_at or 0.0, model.last_ts or 0.0
    spans = [TimelineSpan(phase=p.phase.value, start_s=round(p.start - start, 1),
                          end_s=round((p.end if p.end is not None else end) - start, 1))
             for p in model.phases if p.phase.value != "ended"]
    return [s for s in spans if s.end_s > s.start_s or s.phase != "intro"]


def build_report(session_id: str, events: list[Event], problem: Problem) -> Report:
    events = [e for e in events if not isinstance(e, Scored)]  # a report never scores earlier reports
    model = fold(events)
    signals = from_model(model, problem)
    pillars = score_pillars(signals)
    signal, mean, reasons = overall(pillars, signals)
    start = model.started_at or 0.0
    return Report(
        session_id=session_id, problem_id=problem.id, language=model.language if model.started_at else None,
        signal=signal, pillars={p: pillars[p] for p in PILLARS}, signals=signals,
        summaries=[SegmentSummaryItem(segment=e.segment, bullets=e.bullets, seq=e.seq)
                   for e in events if isinstance(e, SegmentSummary)],
        recommendations=recommendations(pillars, problem),
        problem_title=problem.title,
        overall=Overall(weighted_mean=mean, why=reasons, four_point=FOUR_POINT[signal]),
        timeline=timeline(model),
        final_run=model.last_run.result if model.last_run else None,
        hints=[HintItem(seq=e.seq, level=e.level, text=e.text) for e in events if isinstance(e, HintGiven)],
        transcript=[TranscriptLine(seq=t.seq, role=t.role, text=t.text, t=round(t.ts - start, 1))
                    for t in model.transcript],
    )
