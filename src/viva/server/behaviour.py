"""What a session does with each client message. The server routes; a behaviour decides.

`RecordingBehaviour` only records (the foundation). The interviewer brain and the voice
pipeline provide richer behaviours with the same methods.
"""

from __future__ import annotations

import secrets
from typing import Protocol

from viva.events import CandidateUtterance, CodeRun, CodeSnapshot, SessionEnded
from viva.judge.sandbox import SandboxUnavailable
from viva.judge.service import JudgeService
from viva.server.live import Connection, LiveSession
from viva.server.protocol import ClientStats, Code, End, Playback, ProtocolError, Run, Text


async def run_code(judge: JudgeService | None, live: LiveSession, msg: Run) -> CodeRun:
    """Judge the candidate's code and record the run; its `run_result` goes out with the event."""
    if judge is None or live.state.problem_id is None:
        raise ProtocolError("not_available", "there is no judge for this session")
    try:
        result = await judge.submit(live.state.problem_id, msg.language, msg.code)
    except SandboxUnavailable as e:
        raise ProtocolError("sandbox_unavailable", f"the judge refuses to run code here: {e}") from None
    stored = await live.emit(CodeRun(code=msg.code, language=msg.language, result=result.model_dump(mode="json")))
    assert isinstance(stored, CodeRun)
    return stored


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

    def __init__(self, judge: JudgeService | None = None) -> None:
        self.judge = judge

    async def on_run(self, live: LiveSession, conn: Connection, msg: Run) -> None:
        await run_code(self.judge, live, msg)

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
