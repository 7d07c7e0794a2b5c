"""The WebSocket contract (DESIGN §4): client messages as typed models, and error codes."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

MAX_CODE_CHARS = 100_000
MAX_TEXT_CHARS = 4_000


class ClientMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Hello(ClientMessage):
    type: Literal["hello"]
    last_seq: int | None = Field(default=None, ge=0)
    # The client plays the interviewer's audio (extension): text-only clients get no audio frames.
    audio: bool = False


class Ping(ClientMessage):
    type: Literal["ping"]
    t: float | int | str | None = None


class Text(ClientMessage):
    type: Literal["text"]
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class Code(ClientMessage):
    type: Literal["code"]
    code: str = Field(max_length=MAX_CODE_CHARS)
    language: Literal["python", "javascript"]


class Run(ClientMessage):
    type: Literal["run"]
    code: str = Field(max_length=MAX_CODE_CHARS)
    language: Literal["python", "javascript"]


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


AnyClientMessage = Annotated[
    Union[Hello, Ping, Text, Code, Run, Playback, ClientStats, End, DebugClock], Field(discriminator="type")]
KNOWN_TYPES = {"hello", "ping", "text", "code", "run", "playback", "client_stats", "end", "debug_clock"}
_adapter: TypeAdapter[Any] = TypeAdapter(AnyClientMessage)


class ProtocolError(ValueError):
    """A client message that cannot be acted on; becomes an `error` message, not a disconnect."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_client_message(raw: str) -> ClientMessage:
    import json

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ProtocolError("bad_json", "the message is not valid JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_message", "a message must be a JSON object with a type")
    kind = data.get("type")
    if not isinstance(kind, str):
        raise ProtocolError("bad_message", "a message needs a string `type`")
    if kind not in KNOWN_TYPES:
        raise ProtocolError("unknown_type", f"unknown message type {kind[:40]!r}")
    try:
        return _adapter.validate_python(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or kind
        raise ProtocolError("bad_message", f"{kind}: {where}: {first.get('msg', 'invalid')}") from None


def error(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}
