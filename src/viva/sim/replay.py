"""Replaying a recorded session on this build (`viva replay`): the candidate's inputs, fed to the
current rules brain on a virtual clock, and what the interviewer now does differently.

The inputs are what the candidate did (utterances, editor snapshots, runs, runs on their own input,
ending the interview), each at its recorded time. Everything else in the log is the interviewer's
doing, and is what a replay makes again: runs are judged again in the sandbox, and the clock ticks
in 1 s steps between inputs, so stall timers fire as they would have.

Decisions are compared in order, without their times: the server ticks every few seconds and the
replay every second, so a stall rule may fire a moment earlier here, but in the same place among
the candidate's inputs. What each decision is: see `Decision.key`.
"""

from __future__ import annotations

import asyncio
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal, Protocol

from pydantic import BaseModel, Field

from viva.events import (
    AgentUtterance, CandidateUtterance, CodeRun, CodeSnapshot, CustomRun, Event, HintGiven, PhaseChanged, Scored,
    SessionEnded, SessionStarted, TranscriptRevised,
)
from viva.interview.brain import RulesBrain, counting_ids
from viva.interview.settings import BrainSettings
from viva.judge.service import JudgeService
from viva.judge.verdicts import CustomRunResult, JudgeResult
from viva.problems import ProblemNotFound, get_problem
from viva.problems.schema import Problem
from viva.scoring.report import build_report
from viva.sim.driver import Transcript
from viva.store.audio import recorded_files

TICK_S = 1.0
InputKind = Literal["say", "code", "run", "custom_run", "end"]
BrainFactory = Callable[[Problem, BrainSettings], RulesBrain]


class ReplayError(ValueError):
    """The recording cannot be replayed (no session_started, a problem this build lacks, ...)."""


# ---- the recording's inputs ------------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    kind: InputKind
    ts: float
    text: str = ""  # say: the words; code, run, custom_run: the code; end: the reason
    language: str = ""
    utterance_id: str | None = None
    source: str = "text"
    confidence: float | None = None
    custom_input: str = ""  # custom_run: what the candidate typed in the input box


@dataclass(frozen=True)
class Recording:
    session_id: str
    events: list[Event]
    started: SessionStarted
    opened_at: float | None  # when the interviewer opened; None: nobody ever connected
    inputs: list[Input]
    last_ts: float

    @property
    def utterances(self) -> int:
        return sum(1 for i in self.inputs if i.kind == "say")

    @property
    def voice_utterances(self) -> int:
        return sum(1 for i in self.inputs if i.kind == "say" and i.source == "voice")


def recording(session_id: str, events: list[Event]) -> Recording:
    """The candidate's inputs in a recorded log. A spoken utterance counts with its final words:
    the last `transcript_revised` of it, else its own text."""
    if not events or not isinstance(events[0], SessionStarted):
        raise ReplayError("the recording does not start with session_started")
    revised: dict[str, TranscriptRevised] = {}
    for e in events:
        if isinstance(e, TranscriptRevised):
            revised[e.utterance_id] = e
    inputs: list[Input] = []
    opened_at: float | None = None
    for e in events[1:]:
        if opened_at is None and isinstance(e, (AgentUtterance, PhaseChanged)):
            opened_at = e.ts
        if isinstance(e, CandidateUtterance):
            r = revised.get(e.utterance_id)
            inputs.append(Input("say", e.ts, r.text if r else e.text, utterance_id=e.utterance_id, source=e.source,
                                confidence=r.confidence if r else e.confidence))
        elif isinstance(e, CodeSnapshot):
            inputs.append(Input("code", e.ts, e.code, e.language))
        elif isinstance(e, CodeRun):
            inputs.append(Input("run", e.ts, e.code, e.language))
        elif isinstance(e, CustomRun):
            inputs.append(Input("custom_run", e.ts, e.code, e.language, custom_input=e.input))
        elif isinstance(e, SessionEnded) and e.reason != "completed":  # "completed" is the brain's own end
            inputs.append(Input("end", e.ts, e.reason))
    last = [e.ts for e in events if not isinstance(e, Scored)]
    return Recording(session_id, list(events), events[0], opened_at, inputs, max(last))


def recorded_audio(data_dir: Path, session_id: str) -> list[Path]:
    """The session's recorded microphone audio (VIVA_RECORD_AUDIO), for an audio replay to use."""
    return recorded_files(data_dir, session_id)


# ---- replaying -----------------------------------------------------------------------------------------

class Judge(Protocol):
    def run(self, problem_id: str, code: str, language: str) -> JudgeResult: ...
    def try_input(self, problem_id: str, code: str, language: str, text: str) -> CustomRunResult: ...


class SandboxJudge:
    """The real judge, called from synchronous code; the same code is judged once per replay."""

    def __init__(self, service: JudgeService) -> None:
        self.service = service
        self._runs: dict[tuple[str, str, str], JudgeResult] = {}

    def run(self, problem_id: str, code: str, language: str) -> JudgeResult:
        key = (problem_id, code, language)
        if key not in self._runs:
            self._runs[key] = asyncio.run(self.service.submit(problem_id, language, code))  # type: ignore[arg-type]
        return self._runs[key]

    def try_input(self, problem_id: str, code: str, language: str, text: str) -> CustomRunResult:
        return asyncio.run(self.service.try_input(problem_id, language, code, text))  # type: ignore[arg-type]


def default_brain(problem: Problem, cfg: BrainSettings) -> RulesBrain:
    return RulesBrain(problem, cfg, counting_ids("r"))


def problem_of(rec: Recording) -> Problem:
    try:
        return get_problem(rec.started.problem_id)
    except ProblemNotFound:
        raise ReplayError(f"this build has no problem {rec.started.problem_id!r}") from None


def replay(rec: Recording, judge: Judge, *, cfg: BrainSettings | None = None, brain: BrainFactory = default_brain,
           tick_s: float = TICK_S) -> list[Event]:
    """The log this build makes from the recording's inputs, at their recorded times."""
    problem = problem_of(rec)
    b = brain(problem, cfg or BrainSettings())
    tr = Transcript()
    tr.add([rec.started.model_copy()])
    if rec.opened_at is None:
        return tr.events
    now = rec.opened_at
    tr.add(b.start(tr.state, now))
    for inp in rec.inputs:
        now = _tick(b, tr, now, inp.ts, tick_s)
        if tr.state.ended:
            break
        now = max(now, inp.ts)
        _feed(b, tr, inp, now, judge, problem.id)
    _tick(b, tr, now, rec.last_ts, tick_s, inclusive=True)
    return tr.events


def _tick(b: RulesBrain, tr: Transcript, now: float, until: float, step: float, inclusive: bool = False) -> float:
    t = now + step
    while (t <= until if inclusive else t < until) and not tr.state.ended:
        tr.add(b.on_tick(tr.state, t))
        now, t = t, t + step
    return now


def _feed(b: RulesBrain, tr: Transcript, inp: Input, now: float, judge: Judge, problem_id: str) -> None:
    s = tr.state
    if inp.kind == "say":
        voice = {"confidence": inp.confidence} if inp.source == "voice" and inp.confidence is not None else {}
        tr.add(b.on_utterance(s, inp.text, now, inp.source, utterance_id=inp.utterance_id, **voice))
    elif inp.kind == "code":
        if inp.text != s.code or inp.language != s.language:  # as the runner: an unchanged editor is no input
            tr.add(b.on_code(s, inp.text, inp.language, now))
    elif inp.kind == "run":
        result = judge.run(problem_id, inp.text, inp.language)
        tr.add(b.on_run(s, CodeRun(code=inp.text, language=inp.language, result=result), now))
    elif inp.kind == "custom_run":
        result_ = judge.try_input(problem_id, inp.text, inp.language, inp.custom_input)
        tr.add([CustomRun(ts=now, code=inp.text, language=inp.language, input=inp.custom_input, result=result_)])
    elif inp.kind == "end":
        tr.add(b.on_end(s, now, inp.text))


def with_score(events: list[Event], session_id: str, problem: Problem) -> list[Event]:
    """A replayed log as the server would have kept it: an ended interview is scored."""
    if not any(isinstance(e, SessionEnded) for e in events):
        return list(events)
    report = build_report(session_id, events, problem)
    return [*events, Scored(seq=events[-1].seq + 1, ts=events[-1].ts, report=report.model_dump(mode="json"))]


# ---- the interviewer's decisions ---------------------------------------------------------------------

class Decision(BaseModel):
    """What the interviewer did on one occasion: after an input, at a tick, or at the start."""

    trigger: str  # start, say, code, run, custom_run, revision, tick, end
    phase: str  # the phase when it decided
    acts: list[str] = Field(default_factory=list)
    hint: str | None = None
    moved_to: list[str] = Field(default_factory=list)
    heard: str = ""  # the input, for context: the candidate's words, a run's verdict
    said: str = ""  # the interviewer's words, for context
    ts: float = 0.0

    def key(self) -> tuple[str, str, tuple[str, ...], str | None, tuple[str, ...]]:
        """What is compared; the words and times are context only (an LLM phrases the words)."""
        return (self.trigger, self.phase, tuple(self.acts), self.hint, tuple(self.moved_to))


INPUT_TRIGGERS: dict[type[Event], str] = {CandidateUtterance: "say", CodeSnapshot: "code", CodeRun: "run",
                                          CustomRun: "custom_run", TranscriptRevised: "revision"}


def decisions(events: list[Event]) -> list[Decision]:
    """One decision per input, and one per other moment the interviewer acted (the start, a tick,
    the end). Outputs of one brain call share its time, which is how a call's events are found."""
    out: list[Decision] = []
    phase = "intro"
    current: Decision | None = None
    for e in events:
        trigger = INPUT_TRIGGERS.get(type(e))
        if trigger is not None:
            current = Decision(trigger=trigger, phase=phase, heard=_describe(e), ts=e.ts)
            out.append(current)
            continue
        if not isinstance(e, (AgentUtterance, HintGiven, PhaseChanged, SessionEnded)):
            continue
        if current is None or e.ts != current.ts:
            current = Decision(trigger="tick" if out else "start", phase=phase, ts=e.ts)
            out.append(current)
        if isinstance(e, AgentUtterance):
            current.acts += e.acts
            current.said = f"{current.said} {e.text}".strip()
        elif isinstance(e, HintGiven):
            current.hint = e.level
        elif isinstance(e, PhaseChanged):
            current.moved_to.append(e.phase)
            phase = e.phase
        else:
            phase = "ended"
            if e.reason != "completed" and current.trigger == "tick":
                current.trigger, current.heard = "end", e.reason
    return out


def _describe(e: Event) -> str:
    if isinstance(e, (CandidateUtterance, TranscriptRevised)):
        return e.text
    if isinstance(e, CodeRun):
        return f"{e.result.verdict.value} {e.result.passed}/{e.result.total}"
    if isinstance(e, CustomRun):
        return f"own input {e.input!r}: {e.result.verdict.value}"
    if isinstance(e, CodeSnapshot):
        return f"{len(e.code.splitlines())} lines of {e.language}"
    return ""


class DecisionChange(BaseModel):
    op: Literal["removed", "added"]  # removed: only in the recording; added: only in the replay
    old_index: int | None = None
    new_index: int | None = None
    decision: Decision


@dataclass(frozen=True)
class DiffLine:
    """One line of the unified listing: " " the same, "-" recorded only, "+" replayed only."""

    mark: Literal[" ", "-", "+"]
    decision: Decision
    old_index: int | None
    new_index: int | None


def diff_lines(old: list[Decision], new: list[Decision]) -> list[DiffLine]:
    m = difflib.SequenceMatcher(None, [d.key() for d in old], [d.key() for d in new], autojunk=False)
    lines: list[DiffLine] = []
    for op, i1, i2, j1, j2 in m.get_opcodes():
        if op == "equal":
            lines += [DiffLine(" ", new[j], i, j) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        lines += [DiffLine("-", old[i], i, None) for i in range(i1, i2)]
        lines += [DiffLine("+", new[j], None, j) for j in range(j1, j2)]
    return lines


def changes(lines: list[DiffLine]) -> list[DecisionChange]:
    return [DecisionChange(op="removed" if x.mark == "-" else "added", old_index=x.old_index,
                           new_index=x.new_index, decision=x.decision) for x in lines if x.mark != " "]


# ---- scores -------------------------------------------------------------------------------------------

class Scores(BaseModel):
    signal: str
    pillars: dict[str, int]


class Change(BaseModel):
    old: str | int | None
    new: str | int | None


class ScoreDiff(BaseModel):
    signal: Change
    pillars: dict[str, Change]
    same: bool


def recorded_scores(rec: Recording, problem: Problem) -> Scores:
    """The report the recording was given (its `scored` event), else the one its events make now."""
    scored = next((e for e in reversed(rec.events) if isinstance(e, Scored)), None)
    if scored is not None:
        pillars = scored.report.get("pillars") or {}
        return Scores(signal=str(scored.report.get("signal")),
                      pillars={k: int(v["score"]) for k, v in pillars.items()})
    return scores_of(rec.session_id, rec.events, problem)


def scores_of(session_id: str, events: list[Event], problem: Problem) -> Scores:
    r = build_report(session_id, events, problem)
    return Scores(signal=r.signal, pillars={k: v.score for k, v in r.pillars.items()})


def compare_scores(old: Scores, new: Scores) -> ScoreDiff:
    names = list(dict.fromkeys([*old.pillars, *new.pillars]))
    pillars = {n: Change(old=old.pillars.get(n), new=new.pillars.get(n)) for n in names}
    same = old.signal == new.signal and all(c.old == c.new for c in pillars.values())
    return ScoreDiff(signal=Change(old=old.signal, new=new.signal), pillars=pillars, same=same)


# ---- all of it ------------------------------------------------------------------------------------------

@dataclass
class ReplayResult:
    recording: Recording
    events: list[Event]  # the replay's log, scored when it ended (what `--update` writes)
    old: list[Decision]
    new: list[Decision]
    lines: list[DiffLine]
    scores: ScoreDiff
    changes: list[DecisionChange] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.changes and self.scores.same


def run_replay(rec: Recording, judge: Judge, *, cfg: BrainSettings | None = None,
               brain: BrainFactory = default_brain) -> ReplayResult:
    return compared(rec, replay(rec, judge, cfg=cfg, brain=brain))


def compared(rec: Recording, events: list[Event]) -> ReplayResult:
    """A replay's events set against the recording: decisions in order, and the scores."""
    problem = problem_of(rec)
    old, new = decisions(rec.events), decisions(events)
    lines = diff_lines(old, new)
    scores = compare_scores(recorded_scores(rec, problem), scores_of(rec.session_id, events, problem))
    return ReplayResult(rec, with_score(events, rec.session_id, problem), old, new, lines, scores, changes(lines))
