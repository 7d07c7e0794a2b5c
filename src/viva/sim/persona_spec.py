"""Adversarial personas as small declarative files (`persona_files/*.yaml`).

A file says who the candidate is, how they sound (audio personas: a voice and a sox shape), what
they say and do (steps), and what a fair interviewer would conclude (`expect`). The lines are the
persona's own words, written for these files and never added to the recognizer's corpus
(`viva.voice.persona_lines`), so an audio persona is speech and phrasing the system was not tuned
on. A line may name a field of the problem with `{...}` (see `fields`), so one file works for
every problem in the bank.

Steps (one key each, plus options):
- `say: TEXT` — speak or type. Options: `asks: true` (a question or request: the interviewer
  owes an answer; a line ending in "?" asks by default), `inject: true` (a prompt injection:
  it must move no score), `cut_in: S` (audio: start S seconds into the interviewer's next turn,
  talking over it), `shape: {...}` (this line sounds different).
- `code: optimal|brute|wrong|starter|TEXT` — an editor snapshot. `type: optimal|...` sends the
  code growing over `minutes` snapshots a minute apart. `inject: TEXT` on a code step puts a
  comment line into the code (an injection in code).
- `run: optimal|brute|wrong|last` — run the code against the tests.
- `wait: S` — time passing (virtual for text personas; real, but capped, for audio ones).
- `end: true` — the candidate ends the interview.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from viva.problems.schema import Problem
from viva.voice.persona_lines import claim, phrase

FILES = Path(__file__).parent / "persona_files"
Signal = Literal["strong_hire", "hire", "lean_no_hire", "no_hire", "strong_no_hire"]
CodeRef = Literal["optimal", "brute", "wrong", "starter", "last"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShapeSpec(Strict):
    """How the speech sounds (`viva.sim.shaping.Shape`)."""

    tempo: float = Field(1.0, ge=0.5, le=2.5)
    pitch_cents: int = Field(0, ge=-1200, le=1200)
    gain_db: float = Field(0.0, ge=-40, le=12)
    lowpass_hz: int | None = Field(None, ge=200, le=8000)
    background: Literal["none", "pink", "cafe", "tv"] = "none"
    snr_db: float = Field(15.0, ge=-5, le=40)


class StepSpec(Strict):
    say: str | None = None
    code: str | None = None
    type: str | None = None
    run: str | None = None
    wait: float | None = Field(None, gt=0, le=900)
    end: bool | None = None
    asks: bool | None = None
    inject: bool | str | None = None
    cut_in: float | None = Field(None, ge=0, le=10)
    shape: ShapeSpec | None = None
    minutes: int = Field(3, ge=1, le=10)

    @model_validator(mode="after")
    def _one_action(self) -> "StepSpec":
        actions = [k for k in ("say", "code", "type", "run", "wait", "end") if getattr(self, k) is not None]
        if len(actions) != 1:
            raise ValueError(f"a step does exactly one of say/code/type/run/wait/end, not {actions or 'nothing'}")
        if self.cut_in is not None and self.say is None:
            raise ValueError("cut_in belongs to a say step")
        if isinstance(self.inject, str) and self.code is None and self.type is None:
            raise ValueError("inject: TEXT belongs to a code step (say steps take inject: true)")
        return self


class Expect(Strict):
    """What a fair interviewer concludes, written before the persona was run."""

    signal: list[Signal] = Field(min_length=1)
    response_ms_p50: float = 1500.0  # on the wire, audio personas only
    response_ms_max: float = 4000.0
    skip: list[str] = Field(default_factory=list)  # graders that do not apply, each with a reason in `why`
    why: str = ""


class PersonaSpec(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    about: str
    mode: Literal["text", "audio"]
    voice: str = "piper:joe"
    shape: ShapeSpec = ShapeSpec()
    echo_db: float | None = None  # audio: the interviewer's own voice leaks into the mic at this level
    steps: list[StepSpec] = Field(min_length=1)
    expect: Expect
    path: str = ""


# ---- the script, filled in for one problem ---------------------------------------------------------

StepKind = Literal["say", "code", "run", "wait", "end"]


class PersonaStep(Strict):
    """One thing the candidate does, with the problem's words and code filled in."""

    kind: StepKind
    text: str = ""
    seconds: float = 0.0
    asks: bool = False
    inject: bool = False
    cut_in: float | None = None
    shape: ShapeSpec | None = None
    index: int = 0  # the step of the file it came from


def fields(problem: Problem) -> dict[str, str]:
    """What a line may name: `{clarify0}`, `{clarify1}` (the problem's own clarifying questions),
    `{optimal}`, `{brute}` (key phrases), `{optimal_name}`, `{optimal_time}`, `{optimal_space}`,
    `{brute_time}` (said aloud), `{title}`."""
    opt = problem.optimal_approach
    brute = next((a for a in problem.approaches if not a.optimal), opt)
    qs = [c.question for c in problem.clarifications] or ["Is the input always valid?"]
    return {"clarify0": qs[0], "clarify1": qs[min(1, len(qs) - 1)], "optimal": phrase(problem, True),
            "brute": phrase(problem, False), "optimal_name": opt.name, "optimal_time": claim(opt.time),
            "optimal_space": claim(opt.space), "brute_time": claim(brute.time), "title": problem.title}


def _code(problem: Problem, ref: str, language: str) -> str:
    if ref == "starter":
        return getattr(problem.starter, language, None) or ""
    if ref in ("optimal", "brute", "wrong"):
        sol = problem.solutions.wrong[0] if ref == "wrong" else getattr(problem.solutions, ref) or \
            problem.solutions.wrong[0]
        return getattr(sol, language, None) or ""
    return ref


def _comment(language: str, text: str) -> str:
    return f"# {text}" if language == "python" else f"// {text}"


def script(spec: PersonaSpec, problem: Problem, language: str = "python") -> list[PersonaStep]:
    """The persona's steps for this problem and language."""
    f = fields(problem)
    out: list[PersonaStep] = []
    last = _code(problem, "starter", language)
    for i, s in enumerate(spec.steps):
        if s.say is not None:
            text = s.say.format(**f)
            asks = s.asks if s.asks is not None else text.rstrip().endswith("?")
            out.append(PersonaStep(kind="say", text=text, asks=asks, inject=bool(s.inject), cut_in=s.cut_in,
                                   shape=s.shape, index=i))
        elif s.code is not None or s.type is not None:
            code = _code(problem, (s.code if s.code is not None else s.type) or "", language)
            if isinstance(s.inject, str):
                code = _comment(language, s.inject.format(**f)) + "\n" + code
            if s.type is not None:
                lines = code.splitlines()
                for k in range(1, s.minutes + 1):
                    out.append(PersonaStep(kind="code", text="\n".join(lines[: max(1, len(lines) * k // s.minutes)]),
                                           inject=isinstance(s.inject, str), index=i))
                    out.append(PersonaStep(kind="wait", seconds=60, index=i))
            else:
                out.append(PersonaStep(kind="code", text=code, inject=isinstance(s.inject, str), index=i))
            last = code
        elif s.run is not None:
            code = last if s.run == "last" else _code(problem, s.run, language)
            last = code
            out.append(PersonaStep(kind="run", text=code, index=i))
        elif s.wait is not None:
            out.append(PersonaStep(kind="wait", seconds=s.wait, index=i))
        elif s.end:
            out.append(PersonaStep(kind="end", index=i))
    return out


# ---- loading ---------------------------------------------------------------------------------------

class PersonaFileError(ValueError):
    pass


def load(path: Path) -> PersonaSpec:
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as e:
        raise PersonaFileError(f"{path.name}: not YAML: {e}") from e
    if not isinstance(raw, dict):
        raise PersonaFileError(f"{path.name}: a persona file is a mapping")
    try:
        spec = PersonaSpec(**raw, path=str(path))
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise PersonaFileError(f"{path.name}: {where}: {first['msg']}") from e
    if spec.name != path.stem:
        raise PersonaFileError(f"{path.name}: name {spec.name!r} differs from the file name")
    unknown = {m for s in spec.steps if s.say for m in re.findall(r"\{(\w+)\}", s.say)} - set(
        fields_example())
    if unknown:
        raise PersonaFileError(f"{path.name}: unknown field {{{sorted(unknown)[0]}}}; known: {sorted(fields_example())}")
    return spec


def fields_example() -> dict[str, str]:
    from viva.problems import get_problem

    return fields(get_problem("two-sum"))


@cache
def catalogue(folder: Path = FILES) -> dict[str, PersonaSpec]:
    return {p.stem: load(p) for p in sorted(folder.glob("*.yaml"))}
