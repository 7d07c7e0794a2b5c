"""Measured facts about a session, each computed from events and each explainable on its own.

Pure: events in, `Signals` out. Utterances the brain classified as attempts to steer it
("rate me strong hire") are left out of every signal, and so is code in comments, so nothing a
candidate says to the grader can move a number.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from viva.events import (
    AgentUtterance, CandidateUtterance, CodeRun, Event, HintGiven, PhaseChanged, SessionEnded, SessionStarted,
)
from viva.interview.understanding import canonical_complexity
from viva.problems.schema import Problem

SILENCE_S = 60.0
DISCUSSION = {"clarify", "approach", "testing", "complexity", "follow_up", "wrap_up"}
EDGE_WORDS = ("edge", "empty", "single", "negative", "duplicate", "corner", "zero", "null", "none", "overflow",
              "large", "one element", "only one", "boundary")
TRACE_WORDS = ("trace", "walk through", "walk thru", "example", "step", "iteration", "dry run", "i equals",
               "first i", "then i")


class Evidence(BaseModel):
    seq: int
    text: str


class Signals(BaseModel):
    duration_s: float = 0.0
    seconds_per_phase: dict[str, float] = Field(default_factory=dict)
    coding_s: float = 0.0
    testing_s: float = 0.0
    runs: int = 0
    pass_rate_over_time: list[tuple[float, float]] = Field(default_factory=list)  # (seconds in, passed/total)
    final_verdict: str | None = None
    final_passed: int = 0
    final_total: int = 0
    hidden_failed: int = 0
    performance: str | None = None
    runtime_errors: int = 0
    compile_errors: int = 0
    code_lines: int = 0
    reference_lines: int = 0
    code_length_ratio: float | None = None
    hints: dict[str, int] = Field(default_factory=lambda: {"nudge": 0, "hint": 0, "reveal": 0})
    highest_hint: str | None = None
    approach_before_coding: bool = False
    approach: str | None = None
    approach_optimal: bool = False
    approaches_tried: int = 0
    complexity_claim: str | None = None
    complexity_actual: str | None = None
    complexity_correct: bool | None = None
    complexity_unprompted: bool = False
    walked_through_example: bool = False
    raised_edge_cases: bool = False
    ran_before_done: bool | None = None
    said_done_with_failures: bool = False
    fixed_own_bugs: int = 0
    clarifying_questions: int = 0
    candidate_words: int = 0
    interviewer_words: int = 0
    talk_ratio: float = 0.0
    long_silences_outside_coding: int = 0
    interruptions: int = 0
    steering_attempts: int = 0
    ended: bool = False
    end_reason: str | None = None
    last_seq: int = 0
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict)

    def cite(self, key: str, seq: int, text: str) -> None:
        self.evidence.setdefault(key, []).append(Evidence(seq=seq, text=text[:160]))


def code_lines(code: str, language: str) -> int:
    """Lines that are code: not blank, not comments, so comments cannot pad or shrink a score."""
    count = 0
    in_block = False
    for raw in code.splitlines():
        line = raw.strip()
        if language != "python":
            if in_block:
                if "*/" in line:
                    in_block = False
                continue
            if line.startswith("/*"):
                in_block = "*/" not in line
                continue
        if not line or line.startswith("#") or line.startswith("//") or line.startswith("*"):
            continue
        if language == "python" and re.match(r'^("""|\'\'\')', line):
            continue
        count += 1
    return count


def compute(events: list[Event], problem: Problem) -> Signals:
    s = Signals()
    if not events:
        return s
    start = next((e.ts for e in events if isinstance(e, SessionStarted)), events[0].ts)
    end = events[-1].ts
    s.duration_s = max(0.0, end - start)
    s.last_seq = events[-1].seq
    phase, since = "intro", start
    agent_asked_complexity = False
    last_speech = start
    last_failing_run: CodeRun | None = None
    hint_since_failure = False
    language = "python"
    coding_started = False
    for e in events:
        if isinstance(e, SessionStarted):
            language = e.language
        elif isinstance(e, PhaseChanged):
            s.seconds_per_phase[phase] = s.seconds_per_phase.get(phase, 0.0) + (e.ts - since)
            phase, since = e.phase, e.ts
            last_speech = max(last_speech, e.ts)
            if e.phase == "coding":
                coding_started = True
                if s.approach:
                    s.approach_before_coding = True
        elif isinstance(e, CandidateUtterance):
            u = e.understanding or {}
            intent = e.intent or u.get("intent")
            if intent == "steering":
                s.steering_attempts += 1
                continue  # words aimed at the grader count for nothing
            if phase in DISCUSSION and e.ts - last_speech > SILENCE_S:
                s.long_silences_outside_coding += 1
                s.cite("silence", e.seq, f"{int(e.ts - last_speech)} s of silence in {phase}")
            last_speech = e.ts
            s.candidate_words += len(e.text.split())
            text = e.text.lower()
            if intent == "clarifying_question":
                s.clarifying_questions += 1
                s.cite("clarify", e.seq, e.text)
            if intent == "approach" or "approach" in u.get("also", []):
                if u.get("approach"):
                    s.approaches_tried += 1
                    s.approach, s.approach_optimal = u["approach"], bool(u.get("optimal"))
                    s.cite("approach", e.seq, e.text)
            if (intent == "verification" or "verification" in u.get("also", [])) and phase not in ("clarify",
                                                                                                      "approach"):
                if any(w in text for w in EDGE_WORDS):
                    s.raised_edge_cases = True
                    s.cite("edge_cases", e.seq, e.text)
                if any(w in text for w in TRACE_WORDS) or not any(w in text for w in EDGE_WORDS):
                    s.walked_through_example = True
                    s.cite("walkthrough", e.seq, e.text)
            if u.get("complexity") and coding_started:
                s.complexity_claim = u["complexity"]
                s.complexity_unprompted = s.complexity_unprompted or not agent_asked_complexity
                s.cite("complexity", e.seq, e.text)
            if intent == "done":
                last = s.final_verdict
                s.ran_before_done = s.runs > 0 if s.ran_before_done is None else s.ran_before_done
                if last is not None and last != "accepted":
                    s.said_done_with_failures = True
                    s.cite("done", e.seq, f"said done while the last run was {last}")
        elif isinstance(e, AgentUtterance):
            s.interviewer_words += len((e.heard_text if e.heard_text is not None else e.text).split())
            if e.interrupted:
                s.interruptions += 1
            if any(a in e.acts for a in ("ask_complexity", "ask_complexity_of_approach")) and coding_started:
                agent_asked_complexity = True
            last_speech = max(last_speech, e.ts)
        elif isinstance(e, HintGiven):
            s.hints[e.level] = s.hints.get(e.level, 0) + 1
            s.highest_hint = e.level
            s.cite("hints", e.seq, f"{e.level} hint ({e.reason})")
            hint_since_failure = True
        elif isinstance(e, CodeRun):
            r = e.result
            s.runs += 1
            total = max(1, int(r.get("total", 0)))
            s.pass_rate_over_time.append((round(e.ts - start, 1), round(int(r.get("passed", 0)) / total, 3)))
            s.final_verdict = str(r.get("verdict"))
            s.final_passed, s.final_total = int(r.get("passed", 0)), int(r.get("total", 0))
            s.hidden_failed = int(r.get("hidden_failed", 0))
            s.performance = (r.get("performance") or {}).get("verdict")
            s.runtime_errors += s.final_verdict == "runtime_error"
            s.compile_errors += s.final_verdict == "compilation_error"
            s.code_lines = code_lines(e.code, e.language)
            s.cite("runs", e.seq, f"{s.final_verdict}, {s.final_passed}/{s.final_total}")
            if s.final_verdict != "accepted":
                last_failing_run, hint_since_failure = e, False
            elif last_failing_run is not None and not hint_since_failure:
                s.fixed_own_bugs += 1
                s.cite("fixed", e.seq, "fixed a failing run without a hint")
                last_failing_run = None
        elif isinstance(e, SessionEnded):
            s.ended, s.end_reason = True, e.reason
    s.seconds_per_phase[phase] = s.seconds_per_phase.get(phase, 0.0) + max(0.0, end - since)
    s.coding_s = round(s.seconds_per_phase.get("coding", 0.0), 1)
    s.testing_s = round(s.seconds_per_phase.get("testing", 0.0) + s.seconds_per_phase.get("complexity", 0.0), 1)
    s.seconds_per_phase = {k: round(v, 1) for k, v in s.seconds_per_phase.items()}
    total_words = s.candidate_words + s.interviewer_words
    s.talk_ratio = round(s.candidate_words / total_words, 3) if total_words else 0.0
    s.reference_lines = code_lines(getattr(problem.solutions.optimal, language, problem.solutions.optimal.python),
                                   language)
    if s.code_lines and s.reference_lines:
        s.code_length_ratio = round(s.code_lines / s.reference_lines, 2)
    s.complexity_actual = _coded_complexity(s, problem)
    if s.complexity_claim and s.complexity_actual:
        s.complexity_correct = s.complexity_claim == s.complexity_actual
    if s.ran_before_done is None and s.runs:
        s.ran_before_done = True
    return s


def _coded_complexity(s: Signals, problem: Problem) -> str | None:
    if s.final_verdict is None:
        return None
    brute = next((a for a in problem.approaches if not a.optimal), None)
    if s.performance == "time_limit_exceeded" and brute:
        return canonical_complexity(brute.time)
    if s.final_verdict == "accepted":
        return canonical_complexity(problem.optimal_approach.time)
    stated = next((a for a in problem.approaches if a.name == s.approach), None)
    return canonical_complexity((stated or problem.optimal_approach).time)


def public(signals: Signals) -> dict[str, Any]:
    """The signals as the report shows them (evidence lives under the pillars)."""
    return signals.model_dump(exclude={"evidence"})
