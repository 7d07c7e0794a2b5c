"""Driving the rules brain directly with a script, on a virtual clock. No server, no sleeping.

Runs are judged by the `judge` function given (the real sandbox in tests, or results computed
beforehand when only the brain is being timed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from viva.events import AgentUtterance, CodeRun, Event, SessionStarted
from viva.interview.brain import RulesBrain, counting_ids
from viva.interview.settings import BrainSettings
from viva.problems.schema import Problem
from viva.session import SessionModel, apply
from viva.sim.noise import corrupt
from viva.sim.personas import Step

JudgeFn = Callable[[str, str], dict]
TICK_S = 5.0


@dataclass
class Transcript:
    events: list[Event] = field(default_factory=list)
    state: SessionModel = field(default_factory=SessionModel)

    def add(self, new: list[Event]) -> None:
        for e in new:
            e.seq = len(self.events) + 1
            self.events.append(e)
            self.state = apply(self.state, e)

    def agent_lines(self) -> list[str]:
        return [e.text for e in self.events if isinstance(e, AgentUtterance)]

    def of(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.type == kind]


def run_script(problem: Problem, steps: list[Step], *, language: str = "python", judge: JudgeFn | None = None,
               noise_seed: int | None = None, cfg: BrainSettings | None = None, start: float = 1_000.0,
               tick_s: float = TICK_S) -> Transcript:
    brain = RulesBrain(problem, cfg, counting_ids())
    tr = Transcript()
    now = start
    tr.add([SessionStarted(problem_id=problem.id, language=language, mode="text", ts=now)])
    tr.add(brain.start(tr.state, now))
    for i, step in enumerate(steps):
        if tr.state.ended:
            break
        if step.kind == "say":
            text = corrupt(step.text, seed=noise_seed * 1000 + i) if noise_seed is not None else step.text
            tr.add(brain.on_utterance(tr.state, text, now))
        elif step.kind == "code":
            tr.add(brain.on_code(tr.state, step.text, language, now))
        elif step.kind == "run":
            assert judge is not None, "a script with runs needs a judge"
            result = judge(step.text, language)
            tr.add(brain.on_run(tr.state, CodeRun(code=step.text, language=language, result=result), now))
        elif step.kind == "wait":
            end = now + step.seconds
            while now < end and not tr.state.ended:
                now = min(end, now + tick_s)
                tr.add(brain.on_tick(tr.state, now))
        elif step.kind == "end":
            tr.add(brain.on_end(tr.state, now))
    return tr
