"""The event log's types and the fold from events to session state.

Every session is an append-only list of these. The store assigns `seq` (gap-free, from 1);
the caller supplies `ts` (seconds; the brain's virtual clock in simulations). Adding an event
type is one class: subclasses register themselves by their `type`.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

HintLevel = Literal["nudge", "hint", "reveal"]
HINT_LEVELS: tuple[HintLevel, ...] = ("nudge", "hint", "reveal")


class UnknownEventType(ValueError):
    """A stored event names a type this version does not know."""


class Event(BaseModel):
    model_config = ConfigDict(extra="forbid")

    registry: ClassVar[dict[str, type["Event"]]] = {}
    type: str
    seq: int = 0
    ts: float = Field(default_factory=time.time)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        name = cls.model_fields["type"].default
        if isinstance(name, str):
            Event.registry[name] = cls

    def message(self) -> dict[str, Any] | None:
        """The WebSocket message that replays this event to a client (DESIGN §4), if any."""
        return None

    def _msg(self, kind: str, **fields: Any) -> dict[str, Any]:
        return {"type": kind, "seq": self.seq, **fields}


def parse_event(data: dict[str, Any] | str | bytes) -> Event:
    if isinstance(data, (str, bytes)):
        import json

        data = json.loads(data)
    assert isinstance(data, dict)
    cls = Event.registry.get(str(data.get("type")))
    if cls is None:
        raise UnknownEventType(str(data.get("type")))
    return cls.model_validate(data)


# ---- the event types (DESIGN §1) -------------------------------------------------------

class SessionStarted(Event):
    type: Literal["session_started"] = "session_started"
    problem_id: str
    language: str
    mode: Literal["voice", "text"] = "voice"

    def message(self) -> dict[str, Any]:
        return self._msg("session", problem_id=self.problem_id, language=self.language, mode=self.mode)


class PhaseChanged(Event):
    type: Literal["phase_changed"] = "phase_changed"
    phase: str
    previous: str | None = None
    reason: str = ""

    def message(self) -> dict[str, Any]:
        return self._msg("phase", phase=self.phase)


class CandidateUtterance(Event):
    type: Literal["candidate_utterance"] = "candidate_utterance"
    utterance_id: str
    text: str
    source: Literal["voice", "text"] = "text"
    # Voice only: the last partial before the final, and how much the final revised it (0..1).
    last_partial: str | None = None
    revision: float | None = None
    started_at: float | None = None
    ended_at: float | None = None
    intent: str | None = None
    understanding: dict[str, Any] | None = None

    def message(self) -> dict[str, Any]:
        return self._msg("transcript", text=self.text, final=True, utterance_id=self.utterance_id,
                         source=self.source)


class AgentUtterance(Event):
    type: Literal["agent_utterance"] = "agent_utterance"
    turn_id: str
    text: str
    # What the candidate actually heard: less than `text` when interrupted.
    heard_text: str | None = None
    interrupted: bool = False
    # What the interviewer did with this turn ("ask_complexity", "hint", ...): the brain's memory.
    acts: list[str] = Field(default_factory=list)

    def message(self) -> dict[str, Any]:
        return self._msg("agent_text", turn_id=self.turn_id,
                         text=self.heard_text if self.heard_text is not None else self.text,
                         interrupted=self.interrupted)


class CodeSnapshot(Event):
    type: Literal["code_snapshot"] = "code_snapshot"
    code: str
    language: str

    def message(self) -> dict[str, Any]:
        return self._msg("code", code=self.code, language=self.language)


class CodeRun(Event):
    type: Literal["code_run"] = "code_run"
    code: str
    language: str
    result: dict[str, Any]

    @property
    def verdict(self) -> str:
        return str(self.result.get("verdict"))

    def message(self) -> dict[str, Any]:
        return self._msg("run_result", **self.result)


class HintGiven(Event):
    type: Literal["hint_given"] = "hint_given"
    level: HintLevel
    text: str
    reason: str = "asked"

    def message(self) -> dict[str, Any]:
        return self._msg("hint", level=self.level, text=self.text)


class CueShown(Event):
    type: Literal["cue_shown"] = "cue_shown"
    text: str
    key: str = ""

    def message(self) -> dict[str, Any]:
        return self._msg("cue", text=self.text)


class SegmentSummary(Event):
    type: Literal["segment_summary"] = "segment_summary"
    segment: str
    bullets: list[str]

    def message(self) -> dict[str, Any]:
        return self._msg("summary", segment=self.segment, text="\n".join(f"- {b}" for b in self.bullets))


class SessionEnded(Event):
    type: Literal["session_ended"] = "session_ended"
    reason: str = "candidate"

    def message(self) -> dict[str, Any]:
        return self._msg("ended", reason=self.reason)


class Scored(Event):
    type: Literal["scored"] = "scored"
    report: dict[str, Any]

    def message(self) -> dict[str, Any]:
        return self._msg("report_ready", url=f"/sessions/{self.report.get('session_id', '')}/report")


# ---- the fold ----------------------------------------------------------------------------

class Turn(BaseModel):
    role: Literal["candidate", "interviewer"]
    text: str
    seq: int
    ts: float


class SessionState(BaseModel):
    """Everything a session is, derived only from its events."""

    problem_id: str | None = None
    language: str | None = None
    mode: str = "voice"
    phase: str = "intro"
    started_at: float | None = None
    last_activity: float | None = None
    last_seq: int = 0
    transcript: list[Turn] = Field(default_factory=list)
    code: str | None = None
    runs: int = 0
    last_run: dict[str, Any] | None = None
    hints: list[HintLevel] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    summaries: dict[str, list[str]] = Field(default_factory=dict)
    ended: bool = False
    end_reason: str | None = None
    report: dict[str, Any] | None = None


def apply(state: SessionState, event: Event) -> SessionState:
    """One step of the fold. Returns a new state; the old one is left alone."""
    s = state.model_copy(deep=False)
    s.last_seq = event.seq
    s.last_activity = event.ts
    if isinstance(event, SessionStarted):
        s.problem_id, s.language, s.mode, s.started_at = event.problem_id, event.language, event.mode, event.ts
    elif isinstance(event, PhaseChanged):
        s.phase = event.phase
    elif isinstance(event, CandidateUtterance):
        s.transcript = [*s.transcript, Turn(role="candidate", text=event.text, seq=event.seq, ts=event.ts)]
    elif isinstance(event, AgentUtterance):
        heard = event.heard_text if event.heard_text is not None else event.text
        s.transcript = [*s.transcript, Turn(role="interviewer", text=heard, seq=event.seq, ts=event.ts)]
    elif isinstance(event, CodeSnapshot):
        s.code, s.language = event.code, event.language
    elif isinstance(event, CodeRun):
        s.code, s.language, s.runs, s.last_run = event.code, event.language, s.runs + 1, event.result
    elif isinstance(event, HintGiven):
        s.hints = [*s.hints, event.level]
    elif isinstance(event, CueShown):
        s.cues = [*s.cues, event.text]
    elif isinstance(event, SegmentSummary):
        s.summaries = {**s.summaries, event.segment: event.bullets}
    elif isinstance(event, SessionEnded):
        s.ended, s.end_reason, s.phase = True, event.reason, "ended"
    elif isinstance(event, Scored):
        s.report = event.report
    return s


def fold(events: list[Event], state: SessionState | None = None) -> SessionState:
    state = state or SessionState()
    for event in events:
        state = apply(state, event)
    return state
