"""One live session's runtime objects, typed, and what the room needs from the live session that
holds them (the server's `LiveSession` and `Connection` provide it; the room never imports them).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Collection, Protocol

from viva.events import Event
from viva.interview.runner import InterviewRunner
from viva.session.model import SessionModel
from viva.store import SessionStore

if TYPE_CHECKING:
    from viva.session.room.voice import VoiceSession


class SessionClock:
    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset


@dataclass
class SessionRuntime:
    """Created once per live session, empty; the behaviours fill it in as the session runs."""

    runner: InterviewRunner | None = None  # made on first use, from the stored events
    runner_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one runner, however many ask at once
    clock: SessionClock = field(default_factory=SessionClock)  # replaced by the restored clock with the runner
    voiced: set[str] = field(default_factory=set)  # turn ids spoken aloud: their text is not streamed again
    ticker: asyncio.Task[None] | None = None  # lets stall rules fire while the candidate is silent
    runs: set[asyncio.Task[None]] = field(default_factory=set)  # code being judged beside the read loop
    voice: VoiceSession | None = None  # ears and mouth, in a voice interview


class Client(Protocol):
    """One connection to a live session, as the room sees it."""

    def send(self, msg: dict[str, Any] | bytes) -> None: ...


class Live(Protocol):
    """A live session, as the room sees it: its folded state and store, the one place events are
    appended, the fan-out to its connections, and its runtime."""

    @property
    def session_id(self) -> str: ...

    @property
    def state(self) -> SessionModel: ...

    @property
    def store(self) -> SessionStore: ...

    @property
    def connections(self) -> Collection[object]: ...

    @property
    def listening(self) -> bool: ...

    @property
    def runtime(self) -> SessionRuntime: ...

    async def emit(self, event: Event) -> Event: ...

    def broadcast(self, msg: dict[str, Any] | bytes) -> None: ...

    def send_audio(self, pcm: bytes) -> None: ...
