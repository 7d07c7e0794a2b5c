"""Measured facts about a session, read from the session model, each explainable on its own.

Pure: the model in, `Signals` out. Nothing here re-reads raw events: the fold (`viva.session`)
is the one place facts are derived, and the brain reads the same model. Utterances aimed at the
grader ("rate me strong hire") credit nothing, the interviewer's answers to them count for no
talk time, and comments in code are not code, so nothing said to the grader can move a number.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from viva.analysis import analyse
from viva.events import Event
from viva.problems.schema import Problem
from viva.session import Phase, SessionModel, fold
from viva.session.model import DISCUSSION
from viva.session.facts import RANK, canonical, claim_is_correct, coded_time, slower

SILENCE_S = 60.0
STEERING_REPLIES = frozenset({"refuse_steering"})


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
    approaches_tried: int = 0  # distinct approaches committed to, one after another
    approaches_weighed: int = 0  # including the ones named only to be set aside
    complexity_claim: str | None = None
    complexity_actual: str | None = None
    complexity_correct: bool | None = None
    code_optimal: bool | None = None  # the final code's estimated time is the optimal class (None: unknown)
    complexity_unprompted: bool = False
    walked_through_example: bool = False
    raised_edge_cases: bool = False
    own_tests: int = 0  # runs on inputs the candidate typed themselves
    ran_before_done: bool | None = None
    said_done_with_failures: bool = False
    fixed_own_bugs: int = 0
    failed_runs_before_pass: int = 0  # bugs the tests found rather than the candidate
    clarifying_questions: int = 0
    held_back_asked: int = 0  # constraints the statement leaves out (vague variants), asked about
    held_back_total: int = 0
    candidate_words: int = 0
    candidate_turns: int = 0
    words_per_turn: float = 0.0  # how much the candidate explains when they speak
    interviewer_words: int = 0
    talk_ratio: float = 0.0
    long_silences_outside_coding: int = 0
    interruptions: int = 0
    steering_attempts: int = 0
    ended: bool = False
    end_reason: str | None = None
    last_seq: int = 0
    # Cited under the pillars, not shown with the measured facts.
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict, exclude=True)

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
    return from_model(fold(events), problem)


def from_model(m: SessionModel, problem: Problem) -> Signals:
    s = Signals()
    if m.started_at is None:
        return s
    end = m.last_ts or m.started_at
    s.duration_s = max(0.0, end - m.started_at)
    s.last_seq = m.last_seq
    for span in m.phases:
        if span.phase == Phase.ended:
            continue
        s.seconds_per_phase[span.phase.value] = s.seconds_per_phase.get(span.phase.value, 0.0) + max(
            0.0, (span.end if span.end is not None else end) - span.start)
    s.coding_s = round(s.seconds_per_phase.get("coding", 0.0), 1)
    s.testing_s = round(s.seconds_per_phase.get("testing", 0.0) + s.seconds_per_phase.get("complexity", 0.0), 1)
    s.seconds_per_phase = {k: round(v, 1) for k, v in s.seconds_per_phase.items()}
    _talk(s, m, problem)
    _approach(s, m)
    _runs(s, m, problem)
    _verification(s, m)
    _complexity(s, m, problem)
    for h in m.hints:
        s.hints[h.level] = s.hints.get(h.level, 0) + 1
        s.highest_hint = h.level
        s.cite("hints", h.seq, f"{h.level} hint ({h.reason})")
    s.steering_attempts = len(m.steering)
    s.ended, s.end_reason = m.ended, m.end_reason
    return s


def _talk(s: Signals, m: SessionModel, problem: Problem) -> None:
    steering = {f.seq for f in m.steering}
    last_speech = m.started_at or 0.0
    after_steering = False
    for turn in m.transcript:
        if turn.role == "interviewer":
            if not (after_steering and STEERING_REPLIES.intersection(turn.acts)):
                s.interviewer_words += len(turn.text.split())
            s.interruptions += turn.interrupted
            last_speech = max(last_speech, turn.ts)
            continue
        after_steering = turn.seq in steering
        if after_steering:
            continue
        # A phase change restarts the count: the minutes spent coding are not a silence.
        last_speech = max([last_speech, *(p.start for p in m.phases if p.start <= turn.ts)])
        if turn.phase in DISCUSSION and turn.phase != Phase.intro and turn.ts - last_speech > SILENCE_S:
            s.long_silences_outside_coding += 1
            s.cite("silence", turn.seq, f"{int(turn.ts - last_speech)} s of silence in {turn.phase.value}")
        last_speech = turn.ts
        s.candidate_words += len(turn.text.split())
        s.candidate_turns += 1
    for c in m.clarifications:
        s.cite("clarify", c.seq, c.text)
    s.clarifying_questions = len(m.clarifications)
    held_back = {c.question for c in problem.clarifications if c.held_back}
    asked = []
    for c in m.clarifications:
        if c.question in held_back and c.question not in asked:
            asked.append(c.question)
            s.cite("held_back", c.seq, f"asked about a constraint the statement leaves out: {c.text}")
    s.held_back_asked, s.held_back_total = len(asked), len(held_back)
    s.words_per_turn = round(s.candidate_words / s.candidate_turns, 1) if s.candidate_turns else 0.0
    total = s.candidate_words + s.interviewer_words
    s.talk_ratio = round(s.candidate_words / total, 3) if total else 0.0


def _approach(s: Signals, m: SessionModel) -> None:
    for a in m.approaches:
        s.cite("approach", a.seq, a.text)
    chosen = m.approach
    if chosen is not None:
        s.approach, s.approach_optimal = chosen.name, chosen.optimal
    committed = []
    for a in m.approaches:
        if not committed or committed[-1] != a.name:
            committed.append(a.name)
    s.approaches_tried = len(committed)
    s.approaches_weighed = len({a.name for a in m.approaches} | {r for a in m.approaches for r in a.rejected})
    coding_from = next((p.seq for p in m.phases if p.phase == Phase.coding), None)
    first_code = min([r.seq for r in m.runs] + ([coding_from] if coding_from else []), default=None)
    if m.approaches:
        s.approach_before_coding = first_code is None or m.approaches[0].seq < first_code


def _runs(s: Signals, m: SessionModel, problem: Problem) -> None:
    start = m.started_at or 0.0
    failing_since: int | None = None
    for run in m.runs:
        r = run.result
        s.runs += 1
        s.pass_rate_over_time.append((round(run.ts - start, 1), round(r.passed / max(1, r.total), 3)))
        s.runtime_errors += r.verdict.value == "runtime_error"
        s.compile_errors += r.verdict.value == "compilation_error"
        s.cite("runs", run.seq, f"{r.verdict.value}, {r.passed}/{r.total}")
        err = r.first_error
        if err is not None and err.line and err.kind:
            s.cite("code_errors", run.seq, f"line {err.line}: {err.kind}" + (f" in `{err.source_line}`"
                                                                             if err.source_line else ""))
        if not run.accepted:
            if r.verdict.value in ("wrong_answer", "runtime_error") or r.passed < r.total - 1:
                s.failed_runs_before_pass += 1
            if failing_since is None:
                failing_since = run.hints_before
        elif failing_since is not None:
            if run.hints_before == failing_since:
                s.fixed_own_bugs += 1
                s.cite("fixed", run.seq, "fixed a failing run without a hint")
            failing_since = None
    last = m.last_run
    if last is not None:
        r = last.result
        s.final_verdict = r.verdict.value
        s.final_passed, s.final_total, s.hidden_failed = r.passed, r.total, r.hidden_failed
        s.performance = last.perf
        s.code_lines = last.analysis.lines if last.analysis.parsed else code_lines(last.code, last.language)
        _code_evidence(s, last.seq, last.analysis)
    reference = getattr(problem.solutions.optimal, m.language, None) or problem.solutions.optimal.python
    s.reference_lines = analyse(reference, m.language if hasattr(problem.solutions.optimal, m.language)
                                else "python").lines or code_lines(reference, m.language)
    if s.code_lines and s.reference_lines:
        s.code_length_ratio = round(s.code_lines / s.reference_lines, 2)
    for d in m.done_claims:
        ran = any(r.seq < d.seq for r in m.runs)
        if s.ran_before_done is None:
            s.ran_before_done = ran
        last_before = next((r for r in reversed(m.runs) if r.seq < d.seq), None)
        if last_before is not None and not last_before.accepted:
            s.said_done_with_failures = True
            s.cite("done", d.seq, f"said done while the last run was {last_before.result.verdict.value}")
    if s.ran_before_done is None and s.runs:
        s.ran_before_done = True


def _code_evidence(s: Signals, seq: int, a) -> None:  # type: ignore[no-untyped-def]
    """What the code itself shows, cited by line, for the algorithms and coding pillars."""
    if not a.parsed:
        return
    if a.time and a.time_reason:
        at = f"line {a.time_line}: " if a.time_line and "line" not in a.time_reason else ""
        s.cite("code_time", seq, f"{at}{a.time_reason} (about O({a.time}))")
    for use in a.structures[:2]:
        name = f" `{use.name}`" if use.name else ""
        s.cite("code_structures", seq, f"line {use.line}: {use.kind.replace('_', ' ')}{name}")
    for name in a.unused[:2]:
        s.cite("code_unused", seq, f"line {name.line}: `{name.name}` is never used")


def _verification(s: Signals, m: SessionModel) -> None:
    for w in m.walkthroughs:
        s.cite("walkthrough", w.seq, w.text)
    for e in m.edge_cases:
        s.cite("edge_cases", e.seq, e.text)
    s.walked_through_example = m.walked_through
    s.raised_edge_cases = m.raised_edge_cases
    s.own_tests = len(m.own_tests)
    for t in m.own_tests[:2]:
        shown = " ".join(t.input.split())
        outcome = {True: "same answer as the reference", False: "a different answer from the reference"}.get(
            t.matches, t.verdict.replace("_", " "))
        s.cite("own_tests", t.seq, f"ran their own input {shown[:60]}: {outcome}")


def _complexity(s: Signals, m: SessionModel, problem: Problem) -> None:
    claim = m.complexity_claim
    s.complexity_actual = coded_time(m, problem)
    final = m.last_run.analysis if m.last_run else None
    optimal = canonical(problem.optimal_approach.time)
    if final is not None and final.time and optimal in RANK and final.time in RANK:
        s.code_optimal = not slower(final.time, optimal)
    if claim is None:
        return
    s.complexity_claim = claim.time
    s.complexity_unprompted = any(not c.prompted for c in m.complexity_claims)
    s.cite("complexity", claim.seq, claim.text)
    s.complexity_correct = claim_is_correct(m, problem, claim.time)


def public(signals: Signals) -> dict[str, Any]:
    """The signals as the report shows them (evidence lives under the pillars)."""
    return signals.model_dump()
