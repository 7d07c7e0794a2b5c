"""The session WebSocket (DESIGN §4): auth, hello/ready and resume, ping, and message routing.

Bad input never drops the connection: malformed or unknown messages get an `error` reply.
Only an oversized frame, a wrong token, or a client that stops reading gets a clean close.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from viva.server.context import AppContext
from viva.server.hardening import retry_after
from viva.server.identity import candidate_of, owns, session_token
from viva.server.lease import TAKEN
from viva.server.live import Connection, LiveSession
from viva.server.protocol import Hello, Mic, Ping, parse_client_message
from viva.session.room.messages import (
    ClientStats, Code, DebugClock, End, Playback, ProtocolError, Run, Text, error,
)
from viva.store import SessionNotFound, token_matches

log = logging.getLogger("viva.server")

CLOSE_UNAUTHORIZED = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_BIG = 1009
CLOSE_TRY_LATER = 1013
CLOSE_ELSEWHERE = 4409


async def session_socket(ws: WebSocket, session_id: str, ctx: AppContext) -> None:
    await ws.accept()
    if ctx.leases is not None and not await _lease(ctx, session_id):
        await ws.close(CLOSE_ELSEWHERE, "this interview is running on another server: reconnect")
        return
    try:
        live = await ctx.live.get(session_id)
    except SessionNotFound:
        await ws.close(CLOSE_NOT_FOUND, "no such session")
        return
    token = session_token(ws)
    if not (token_matches(live.meta, token) or ctx.is_admin(token) or owns(live.meta, candidate_of(ws))):
        await ws.close(CLOSE_UNAUTHORIZED, "wrong or missing token")
        return
    if ctx.full(session_id):
        ctx.metrics.refused_full.inc()
        await ws.close(CLOSE_TRY_LATER, "this server is running as many interviews as it can: try again shortly")
        return
    conn = Connection(ws)
    conn.client = ctx.client_of(ws)
    writer = asyncio.create_task(conn.writer())
    ctx.metrics.ws_connections.inc()
    hello_seen = False
    try:
        while not conn.closed:
            frame = await ws.receive()
            if frame["type"] == "websocket.disconnect":
                break
            data: bytes | None = frame.get("bytes")
            text: str | None = frame.get("text")
            if data is not None:
                if len(data) > ctx.settings.ws_max_frame_bytes:
                    conn.close(CLOSE_TOO_BIG, f"frame of {len(data)} bytes is over the "
                                              f"{ctx.settings.ws_max_frame_bytes}-byte limit")
                    break
                await _audio(ctx, live, conn, data)
                continue
            if text is None:
                continue
            if len(text) > ctx.settings.ws_max_text_chars:
                conn.close(CLOSE_TOO_BIG, f"message of {len(text)} characters is over the "
                                          f"{ctx.settings.ws_max_text_chars}-character limit")
                break
            try:
                msg = parse_client_message(text)
                ctx.metrics.ws_messages.labels(msg.type).inc()  # type: ignore[attr-defined]
                if isinstance(msg, Hello):
                    await _hello(ctx, live, conn, msg, resumed=hello_seen or msg.last_seq is not None)
                    hello_seen = True
                else:
                    await _dispatch(ctx, live, conn, msg)
            except ProtocolError as e:
                _error(ctx, conn, e.code, str(e))
            except SessionNotFound:
                conn.close(CLOSE_NOT_FOUND, "session deleted")
            except Exception:  # noqa: BLE001 - one bad message must not end the session
                log.exception("session %s: handling a message failed", session_id)
                _error(ctx, conn, "internal_error", "the server could not handle that message")
    except WebSocketDisconnect:
        pass
    finally:
        live.detach(conn)
        ctx.metrics.ws_connections.dec()
        if ctx.leases is not None and not live.connections:
            try:
                await ctx.leases.release(session_id)  # a reconnect may land on any node, at once
            except Exception:  # noqa: BLE001 - it runs out by itself
                log.warning("session %s: lease not released", session_id)
        if not conn.closed:
            conn.close(1000, "bye")
        await asyncio.wait([writer], timeout=5)
        try:
            await ctx.behaviour.on_disconnect(live, conn)
        except Exception:  # noqa: BLE001
            log.exception("session %s: disconnect hook failed", session_id)


async def _lease(ctx: AppContext, session_id: str) -> bool:
    """This node runs the session from now on (waiting out a dead node's lease), with memory of
    it that is not behind the log."""
    assert ctx.leases is not None
    try:
        got = await ctx.leases.wait_for(session_id)
    except Exception:  # noqa: BLE001 - Redis down: the store is too, and the socket says so next
        log.exception("session %s: lease", session_id)
        return False
    if got == TAKEN:
        try:
            await ctx.live.refresh_if_stale(session_id)
        except SessionNotFound:
            pass
    return bool(got)


def _error(ctx: AppContext, conn: Connection, code: str, message: str) -> None:
    ctx.metrics.ws_errors.labels(code).inc()
    conn.send(error(code, message))


async def _hello(ctx: AppContext, live: LiveSession, conn: Connection, msg: Hello, resumed: bool) -> None:
    held = live.mic is conn  # a hello again on the same socket keeps the microphone where it is
    if conn in live.connections:
        if held:
            live.mic = None
        live.detach(conn)
    ready: dict[str, Any] = {
        "type": "ready", "session_id": live.session_id, "sample_rate": ctx.settings_sample_rate(),
        "phase": live.state.phase, "resumed": resumed, "last_seq": live.state.last_seq,
        "mode": live.state.mode, "problem_id": live.state.problem_id, "language": live.state.language,
    }
    conn.send(ready)
    conn.audio = msg.audio
    if msg.client_id is not None:
        conn.client_id = msg.client_id
        conn.audio_next = msg.audio_offset if msg.audio_offset is not None else live.audio_heard.get(msg.client_id, 0)
        live.supersede(conn)
    await live.attach(conn, msg.last_seq)
    if held or (msg.audio and live.state.mode == "voice"):
        live.take_mic(conn)  # the newest voice tab is the one the candidate is at
    await ctx.behaviour.on_connect(live, conn, resumed)


async def _dispatch(ctx: AppContext, live: LiveSession, conn: Connection, msg: Any) -> None:
    if isinstance(msg, Ping):
        pong: dict[str, Any] = {"type": "pong", "t": msg.t}
        if conn.client_id is not None:
            pong["audio_bytes"] = live.audio_heard.get(conn.client_id, 0)
        conn.send(pong)
        return
    if conn not in live.connections:
        raise ProtocolError("hello_first", "send hello before anything else")
    if isinstance(msg, Mic):
        if not (conn.audio and live.state.mode == "voice"):
            raise ProtocolError("no_audio", "only a voice client (hello with audio: true) can take the microphone")
        if msg.take:
            live.take_mic(conn)
        return
    b = ctx.behaviour
    if live.state.ended and not isinstance(msg, (Playback, ClientStats)):
        raise ProtocolError("session_ended", "this interview has ended")
    if isinstance(msg, Text):
        await b.on_text(live, msg)
    elif isinstance(msg, Code):
        await b.on_code(live, msg)
    elif isinstance(msg, Run):
        wait = ctx.limited(ctx.judge_rate, conn.client)
        if wait:
            raise ProtocolError("rate_limited", f"too many runs from this client: try again in {retry_after(wait)} s")
        await b.on_run(live, conn, msg)
    elif isinstance(msg, Playback):
        await b.on_playback(live, msg)
    elif isinstance(msg, ClientStats):
        await b.on_client_stats(live, msg)
    elif isinstance(msg, End):
        await b.on_end(live, msg)
    elif isinstance(msg, DebugClock):
        hook = getattr(b, "on_debug_clock", None)
        if hook is None:
            raise ProtocolError("not_enabled", "the test clock is off")
        await hook(live, conn, msg)


async def _audio(ctx: AppContext, live: LiveSession, conn: Connection, data: bytes) -> None:
    if conn not in live.connections:
        _error(ctx, conn, "hello_first", "send hello before audio")
        return
    if live.state.mode == "text":
        _error(ctx, conn, "audio_in_text_mode", "this is a text interview; audio frames are not accepted")
        return
    if data[:1] == b"{" and data.rstrip()[-1:] == b"}" and _is_json(data):
        _error(ctx, conn, "json_as_binary", "JSON messages go in text frames; binary frames are audio")
        return
    if len(data) % 2:
        _error(ctx, conn, "bad_audio", "audio must be whole 16-bit samples (an even number of bytes)")
        return
    data = live.fresh_audio(conn, data)
    if not data:
        return  # all of it was heard before the reconnect
    if live.mic is None:
        live.take_mic(conn)  # the first to send audio is heard until a voice tab takes over
    elif live.mic is not conn:
        # Another tab is heard: this one's audio would interleave with it. Said once, then dropped.
        if not conn.told_mic_elsewhere:
            conn.told_mic_elsewhere = True
            _error(ctx, conn, "mic_elsewhere", "another tab of this interview holds the microphone; send mic {take: true}")
        return
    ctx.metrics.audio_bytes.inc(len(data))
    await ctx.behaviour.on_audio(live, conn, data)


def _is_json(data: bytes) -> bool:
    import json

    try:
        json.loads(data)
        return True
    except (ValueError, RecursionError):
        return False
