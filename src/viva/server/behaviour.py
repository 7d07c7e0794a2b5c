"""What a session does with each client message. The server routes; a behaviour decides.

`RecordingBehaviour` only records (the foundation). The interviewer brain and the voice
pipeline provide richer behaviours with the same methods.
"""

from __future__ import annotations

import secrets
from typing import Protocol

from viva.events import CandidateUtterance, CodeSnapshot, SessionEnded
from viva.server.live import Connection, LiveSession
from viva.server.protocol import ClientStats, Code, End, Playback, ProtocolError, Run, Text


class SessionBehaviour(Protocol):
    async def on_connect(self, live: LiveSession, conn: Connection, resumed: bool) -> None: ...
    async def on_text(self, live: LiveSession, msg: Text) -> None: ...
    async def on_code(self, live: LiveSession, msg: Code) -> None: ...
    async def on_run(self, live: LiveSession, conn: Connection, msg: Run) -> None: ...
    async def on_audio(self, live: LiveSession, conn: Connection, pcm: bytes) -> None: ...
    async def on_playback(self, live: LiveSession, msg: Playback) -> None: ...
    async def on_client_stats(self, live: LiveSession, msg: ClientStats) -> None: ...
    async def on_end(self, live: LiveSession, msg: End) -> None: ...
    async def on_disconnect(self, live: LiveSession, conn: Connection) -> None: ...


class RecordingBehaviour:
    """Records what the candidate sends; says nothing back."""

    async def on_connect(self, live: LiveSession, conn: Connection, resumed: bool) -> None:
        return None

    async def on_text(self, live: LiveSession, msg: Text) -> None:
        await live.emit(CandidateUtterance(utterance_id=secrets.token_hex(6), text=msg.text, source="text"))

    async def on_code(self, live: LiveSession, msg: Code) -> None:
        if msg.code != live.state.code:
            await live.emit(CodeSnapshot(code=msg.code, language=msg.language))

    async def on_run(self, live: LiveSession, conn: Connection, msg: Run) -> None:
        raise ProtocolError("not_available", "running code is not available in this build")

    async def on_audio(self, live: LiveSession, conn: Connection, pcm: bytes) -> None:
        return None

    async def on_playback(self, live: LiveSession, msg: Playback) -> None:
        return None

    async def on_client_stats(self, live: LiveSession, msg: ClientStats) -> None:
        return None

    async def on_end(self, live: LiveSession, msg: End) -> None:
        if not live.state.ended:
            await live.emit(SessionEnded(reason="candidate"))

    async def on_disconnect(self, live: LiveSession, conn: Connection) -> None:
        return None
