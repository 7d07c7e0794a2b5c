"""What a client asks of a session (DESIGN §4): the typed messages the room acts on, and the error
a client gets back when one cannot be acted on. `viva.server.protocol` parses frames into these.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from viva.problems.schema import Language

MAX_CODE_CHARS = 100_000
MAX_TEXT_CHARS = 4_000
MAX_INPUT_CHARS = 64 * 1024


class ClientMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Text(ClientMessage):
    type: Literal["text"]
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class Code(ClientMessage):
    type: Literal["code"]
    code: str = Field(max_length=MAX_CODE_CHARS)
    language: Language


class Run(ClientMessage):
    type: Literal["run"]
    code: str = Field(max_length=MAX_CODE_CHARS)
    language: Language
    # The candidate's own test input (one argument per line, as JSON): run beside the reference
    # solution and answered with `custom_run_result`, not a scored `run_result`.
    input: str | None = Field(default=None, max_length=MAX_INPUT_CHARS)


class Playback(ClientMessage):
    type: Literal["playback"]
    turn_id: str
    state: Literal["started", "ended"]
    played_ms: float = Field(default=0, ge=0)


class ClientStats(ClientMessage):
    type: Literal["client_stats"]
    jitter_ms: float = Field(default=0, ge=0)
    buffer_ms: float = Field(default=0, ge=0)


class End(ClientMessage):
    type: Literal["end"]


class DebugClock(ClientMessage):
    """Tests only (VIVA_TEST_CLOCK=1): move this session's clock forward."""

    type: Literal["debug_clock"]
    advance_s: float = Field(ge=0, le=24 * 3600)


class ProtocolError(ValueError):
    """A client message that cannot be acted on; becomes an `error` message, not a disconnect."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def error(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}
