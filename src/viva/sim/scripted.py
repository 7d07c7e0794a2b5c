"""Scripted sessions with expectations written before they were run (bench/data/sessions/).

A file holds what one candidate says and does, and what a fair interviewer would conclude: the
phases, the evidence, a band per pillar and the acceptable signals. `check` compares a report
and the session model against them and lists every miss, so a benchmark or a test can say why.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from viva.scoring.report import Report
from viva.session import SessionModel
from viva.sim.personas import Step


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phases: list[str] = Field(default_factory=list)
    approach: str | None = None
    approach_optimal: bool | None = None
    walkthrough: bool | None = None
    edge_cases: bool | None = None
    complexity_claim: str | None = None
    complexity_correct: bool | None = None
    pillars: dict[str, tuple[int, int]] = Field(default_factory=dict)
    signal: list[str] = Field(default_factory=list)


class ScriptedSession(BaseModel):
    name: str
    problem: str
    language: str = "python"
    persona: str = ""
    expected: Expected
    steps: list[Step]
    path: str = ""


def _step(raw: dict) -> Step:
    if "say" in raw:
        return Step("say", str(raw["say"]))
    if "wait" in raw:
        return Step("wait", seconds=float(raw["wait"]))
    if "code" in raw:
        return Step("code", str(raw["code"]))
    if "run" in raw:
        return Step("run", str(raw["run"]))
    if "end" in raw:
        return Step("end")
    raise ValueError(f"unknown step {raw!r}")


def load(path: Path) -> ScriptedSession:
    raw = yaml.safe_load(path.read_text())
    steps = [_step(s) for s in raw.pop("steps")]
    # A `run: last` step runs whatever the editor holds.
    code = ""
    for k, s in enumerate(steps):
        if s.kind in ("code", "run") and s.text.strip() != "last":
            code = s.text
        elif s.kind == "run":
            steps[k] = Step("run", code)
    return ScriptedSession(**raw, steps=steps, path=str(path))


def load_dir(folder: Path) -> list[ScriptedSession]:
    return [load(p) for p in sorted(folder.glob("*.yaml"))]


def _subsequence(want: list[str], got: list[str]) -> bool:
    it = iter(got)
    return all(any(w == g for g in it) for w in want)


def check(session: ScriptedSession, report: Report, model: SessionModel) -> list[str]:
    """Every way the run differs from what was written down before it ran."""
    e, s = session.expected, report.signals
    misses: list[str] = []
    entered = [p.value for p in model.entered()]
    if e.phases and not _subsequence(e.phases, entered):
        misses.append(f"phases {entered} do not pass through {e.phases}")
    facts = {"approach": s.approach, "approach_optimal": s.approach_optimal, "walkthrough": s.walked_through_example,
             "edge_cases": s.raised_edge_cases, "complexity_claim": s.complexity_claim,
             "complexity_correct": s.complexity_correct}
    for key, got in facts.items():
        want = getattr(e, key)
        if key in e.model_fields_set and want != got:
            misses.append(f"{key}: expected {want!r}, got {got!r}")
    for pillar, (lo, hi) in e.pillars.items():
        score = report.pillars[pillar].score  # type: ignore[index]
        if not lo <= score <= hi:
            misses.append(f"{pillar} {score} outside [{lo}, {hi}]")
    if e.signal and report.signal not in e.signal:
        misses.append(f"signal {report.signal} not in {e.signal}")
    return misses
