"""The WebSocket contract (DESIGN §4): a text frame parsed into a typed client message.

Hello and ping are the socket's own; the messages the session room acts on, and the error a client
gets back, are in `viva.session.room.messages`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError

from viva.session.room.messages import (
    ClientMessage, ClientStats, Code, DebugClock, End, Playback, ProtocolError, Run, Text,
)


class Hello(ClientMessage):
    type: Literal["hello"]
    last_seq: int | None = Field(default=None, ge=0)
    # The client plays the interviewer's audio (extension): text-only clients get no audio frames.
    audio: bool = False
    # Resending without loss or repeats (extension): a tab's own id, and the byte offset in that
    # tab's microphone stream of the next audio frame it sends. `pong` acknowledges bytes heard.
    client_id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    audio_offset: int | None = Field(default=None, ge=0)


class Mic(ClientMessage):
    """Take the microphone back to this tab (extension): only one connection is heard at a time."""

    type: Literal["mic"]
    take: bool = True


class Ping(ClientMessage):
    type: Literal["ping"]
    t: float | int | str | None = None


AnyClientMessage = Annotated[
    Union[Hello, Ping, Mic, Text, Code, Run, Playback, ClientStats, End, DebugClock], Field(discriminator="type")]
KNOWN_TYPES = {"hello", "ping", "mic", "text", "code", "run", "playback", "client_stats", "end", "debug_clock"}
_adapter: TypeAdapter[Any] = TypeAdapter(AnyClientMessage)


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

