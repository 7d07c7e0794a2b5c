"""A persona's run, and running a text persona through the real brain on a virtual clock.

`SimRun` is what the graders read: the session's events, its report, when each step of the script
happened (on the events' clock), and for audio runs what went over the wire (`Wire`). Text runs
use the rules brain directly, with a virtual clock, and the real sandbox for runs. A say step with
`cut_in` types over the interviewer's turn before it: the turn is recorded as interrupted, heard
up to that point, as the voice room records a spoken one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from viva.events import AgentUtterance, CandidateUtterance, CodeRun, CodeSnapshot, Event, SessionStarted
from viva.interview.brain import RulesBrain
from viva.interview.settings import BrainSettings
from viva.interview.turn import counting_ids
from viva.problems.schema import Problem
from viva.scoring.report import Report, build_report
from viva.session import SessionModel, apply
from viva.sim.persona_spec import PersonaSpec, PersonaStep, script

JudgeFn = Callable[[str, str], dict]
BrainFactory = Callable[[Problem, BrainSettings | None], RulesBrain]
Scorer = Callable[[str, list[Event], Problem], Report]
TICK_S = 5.0
WORDS_PER_S = 2.6  # the interviewer's speaking rate, for how much of a turn was heard before a cut-in


@dataclass(frozen=True)
class StepTrace:
    step: PersonaStep
    start: float  # on the events' clock (virtual for text runs, wall for audio runs)
    end: float


@dataclass
class Speech:
    """The candidate's voice in the microphone (client monotonic clock)."""

    start: float
    end: float
    step: int
    cut_in: bool = False


@dataclass
class AgentAudio:
    """One interviewer turn as the client played it (client monotonic clock): full-volume spans."""

    turn_id: str
    first_audio: float | None
    loud: list[tuple[float, float]] = field(default_factory=list)
    yielded_at: float | None = None  # first pause, interrupt or duck


@dataclass
class Wire:
    speech: list[Speech] = field(default_factory=list)
    agent: list[AgentAudio] = field(default_factory=list)
    # (step index, ms from the end of the candidate's speech to the reply's first audio frame)
    responses: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class SimRun:
    persona: PersonaSpec
    problem: Problem
    language: str
    events: list[Event]
    report: Report
    steps: list[StepTrace]
    wire: Wire | None = None
    twin: Report | None = None  # the same candidate without the injections
    session_id: str = ""

    @property
    def mode(self) -> str:
        return self.persona.mode


def _default_brain(problem: Problem, cfg: BrainSettings | None) -> RulesBrain:
    return RulesBrain(problem, cfg, counting_ids())


def _heard_part(text: str, seconds: float) -> str:
    words = text.split()
    return " ".join(words[: max(1, round(seconds * WORDS_PER_S))])


def run_steps(problem: Problem, steps: list[PersonaStep], *, language: str, judge: JudgeFn | None,
              brain: BrainFactory = _default_brain, cfg: BrainSettings | None = None,
              start: float = 1_000.0) -> tuple[list[Event], list[StepTrace]]:
    b = brain(problem, cfg)
    events: list[Event] = []
    state = SessionModel()
    now = start

    def add(new: list[Event], cut_in: float | None = None) -> None:
        nonlocal state
        for e in new:
            if cut_in is not None and isinstance(e, AgentUtterance) and e is new[-1]:
                e = e.model_copy(update={"interrupted": True, "heard_text": _heard_part(e.text, cut_in)})
            e.seq = len(events) + 1
            events.append(e)
            state = apply(state, e)

    def cut(i: int) -> float | None:
        """The next say step's cut-in, which interrupts the turn this step brings."""
        nxt = steps[i + 1] if i + 1 < len(steps) else None
        return nxt.cut_in if nxt is not None and nxt.kind == "say" else None

    add([SessionStarted(problem_id=problem.id, language=language, mode="text", ts=now)])
    add(b.start(state, now), cut(-1))
    traces: list[StepTrace] = []
    for i, step in enumerate(steps):
        if state.ended:
            break
        began = now
        if step.kind == "say":
            add(b.on_utterance(state, step.text, now), cut(i))
        elif step.kind == "code":
            add(b.on_code(state, step.text, language, now), cut(i))
        elif step.kind == "run":
            if judge is None:
                raise ValueError("a script with runs needs a judge")
            result = judge(step.text, language)
            add(b.on_run(state, CodeRun(code=step.text, language=language, result=result), now), cut(i))
        elif step.kind == "wait":
            end = now + step.seconds
            while now < end and not state.ended:
                now = min(end, now + TICK_S)
                add(b.on_tick(state, now), cut(i))
        elif step.kind == "end":
            add(b.on_end(state, now))
        traces.append(StepTrace(step, began, now))
    if not state.ended:
        add(b.on_end(state, now + 1, "time"))
    return events, traces


def run_text(spec: PersonaSpec, problem: Problem, language: str = "python", *, judge: JudgeFn | None,
             brain: BrainFactory = _default_brain, scorer: Scorer = build_report,
             cfg: BrainSettings | None = None) -> SimRun:
    """A text persona through the brain, and its twin without injections when it has any."""
    steps = script(spec, problem, language)
    events, traces = run_steps(problem, steps, language=language, judge=judge, brain=brain, cfg=cfg)
    sid = f"sim-{spec.name}-{problem.id}-{language}"
    run = SimRun(spec, problem, language, events, scorer(sid, events, problem), traces, session_id=sid)
    if any(s.inject for s in steps):
        clean = [without_injection(s, language) for s in steps if not (s.kind == "say" and s.inject)]
        twin_events, _ = run_steps(problem, clean, language=language, judge=judge, brain=brain, cfg=cfg)
        run.twin = scorer(sid + "-twin", twin_events, problem)
    return run


def without_injection(step: PersonaStep, language: str) -> PersonaStep:
    """A code step with its injected comment line taken out; anything else as it is."""
    if step.kind != "code" or not step.inject:
        return step
    return step.model_copy(update={"text": step.text.split("\n", 1)[1] if "\n" in step.text else "",
                                   "inject": False})


def neutralized(events: list[Event], traces: list[StepTrace], grace_s: float = 3.0) -> list[Event]:
    """The log with the injected words made harmless, for rescoring an audio run (whose twin
    cannot be run again word for word): what was said during an injecting step becomes "okay",
    and injected comment lines leave the code."""
    says = [t for t in traces if t.step.kind == "say"]
    # What was heard from an injecting line: until the next line began (or a moment after it ended).
    said = [(t.start, says[k + 1].start if k + 1 < len(says) else t.end + grace_s)
            for k, t in enumerate(says) if t.step.inject]
    comments = {t.step.text.split("\n", 1)[0] for t in traces if t.step.kind == "code" and t.step.inject}
    out: list[Event] = []
    for e in events:
        if isinstance(e, CandidateUtterance) and any(a <= e.ts <= b for a, b in said):
            e = e.model_copy(update={"text": "okay", "understanding": None, "intent": "acknowledgement"})
        elif isinstance(e, (CodeSnapshot, CodeRun)) and comments & set(e.code.splitlines()):
            e = e.model_copy(update={"code": "\n".join(ln for ln in e.code.splitlines() if ln not in comments)})
        out.append(e)
    return out
