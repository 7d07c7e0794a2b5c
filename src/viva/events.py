"""The event log's types. The one fold from events to the session model is `viva.session`.

Every session is an append-only list of these. The store assigns `seq` (gap-free, from 1);
the caller supplies `ts` (seconds; the brain's virtual clock in simulations). Adding an event
type is one class: subclasses register themselves by their `type`.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from viva.judge.verdicts import CustomRunResult, JudgeResult, Verdict

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
    # The candidate's choices for this interview (None: the server's settings). Left out of the
    # stored JSON when not chosen, so logs from before they existed read and export unchanged.
    length_min: int | None = Field(None, exclude_if=lambda v: v is None)
    voice: str | None = Field(None, exclude_if=lambda v: v is None)
    speech_rate: float | None = Field(None, exclude_if=lambda v: v is None)

    def message(self) -> dict[str, Any]:
        return self._msg("session", problem_id=self.problem_id, language=self.language, mode=self.mode,
                         length_min=self.length_min)


class PhaseChanged(Event):
    type: Literal["phase_changed"] = "phase_changed"
    phase: str
    previous: str | None = None
    reason: str = ""

    def message(self) -> dict[str, Any]:
        return self._msg("phase", phase=self.phase)


class Understood(BaseModel):
    """What the brain understood from one utterance. Stored on the event, so a replay, the brain
    and the report all read the same reading instead of re-deriving it by their own rules."""

    model_config = ConfigDict(extra="ignore")  # older logs carried a few keys no longer read

    intent: str = "off_topic"
    also: list[str] = Field(default_factory=list)
    question: bool = False
    clarification: str | None = None  # the problem's clarification question it matched
    approach: str | None = None  # the approach the candidate finally commits to
    optimal: bool = False
    rejected: list[str] = Field(default_factory=list)  # approaches named and set aside ("X would work, but")
    complexity: str | None = None  # canonical time claimed: "n", "n log n", "n^2"
    space: str | None = None
    walkthrough: bool = False  # traced a concrete example
    edge_cases: list[str] = Field(default_factory=list)  # the edge cases named: "empty input", "duplicates"


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
    understanding: Understood | None = None
    # Voice only, two-pass hearing: when the accurate pass answered before the brain did, `text`
    # is its transcript and `fast_text` the streaming pass's; `heard_by` names the engine of `text`.
    fast_text: str | None = None
    heard_by: str | None = None
    confidence: float | None = None  # the recognizer's confidence in `text`, 0..1

    def message(self) -> dict[str, Any]:
        extra = {"revised": True, "engine": self.heard_by} if self.fast_text is not None else {}
        return self._msg("transcript", text=self.text, final=True, utterance_id=self.utterance_id,
                         source=self.source, **extra)


class TranscriptRevised(Event):
    """The accurate pass heard an utterance differently after the brain had answered it. The
    transcript (and every fact drawn from the utterance) now reads `text`."""

    type: Literal["transcript_revised"] = "transcript_revised"
    utterance_id: str
    text: str
    previous: str  # the text it replaces
    engine: str
    confidence: float | None = None
    intent: str | None = None
    understanding: Understood | None = None

    def message(self) -> dict[str, Any]:
        return self._msg("transcript", text=self.text, final=True, utterance_id=self.utterance_id,
                         source="voice", revised=True, engine=self.engine)


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
    result: JudgeResult

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    def message(self) -> dict[str, Any]:
        return self._msg("run_result", **self.result.model_dump(mode="json"))


class CustomRun(Event):
    """The candidate ran their code on their own input (not a scored submission)."""

    type: Literal["custom_run"] = "custom_run"
    code: str
    language: str
    input: str  # as typed in the box
    result: CustomRunResult

    def message(self) -> dict[str, Any]:
        return self._msg("custom_run_result", **self.result.model_dump(mode="json"))


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
