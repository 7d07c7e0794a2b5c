"""Sessions that are live in this process: their state, their connections, and the one place
where events are appended and fanned out.

Each WebSocket gets an outbox drained by a single writer task, so messages leave in order and a
slow client cannot stall the session. Event messages carry `seq`; a connection never gets the
same seq twice, which is what makes replay-then-live on `hello {last_seq}` exact.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable

from starlette.websockets import WebSocket, WebSocketState

from viva.events import Event
from viva.session import SessionModel, apply, fold
from viva.session.room.runtime import SessionRuntime
from viva.store import io as store_io
from viva.store import SessionMeta, SessionStore

log = logging.getLogger("viva.server")

OUTBOX_MAX = 4096


class Connection:
    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self.outbox: asyncio.Queue[dict[str, Any] | bytes | None] = asyncio.Queue(maxsize=OUTBOX_MAX)
        self.sent_seq = 0
        self.replaying = True  # live events wait until the replay has been queued
        self.closed = False
        self.close_reason: tuple[int, str] | None = None
        self.audio = False  # said in hello: this client plays the interviewer's audio
        self.told_mic_elsewhere = False
        self.client_id: str | None = None  # from hello: the tab, across its reconnections
        self.client = "unknown"  # the caller's address, for the rate limits
        self.audio_next = 0  # that tab's stream offset of the next audio frame on this connection

    def send(self, msg: dict[str, Any] | bytes) -> None:
        if self.closed:
            return
        if isinstance(msg, dict) and "seq" in msg and msg["seq"]:
            if msg["seq"] <= self.sent_seq:
                return
            self.sent_seq = msg["seq"]
        try:
            self.outbox.put_nowait(msg)
        except asyncio.QueueFull:
            # A client that does not read its messages is cut off rather than buffered forever.
            self.close(1008, "client is not reading its messages")

    def close(self, code: int, reason: str) -> None:
        if not self.closed:
            self.closed = True
            self.close_reason = (code, reason)
            while not self.outbox.empty():
                self.outbox.get_nowait()
            self.outbox.put_nowait(None)

    async def writer(self) -> None:
        while True:
            msg = await self.outbox.get()
            if msg is None:
                break
            try:
                if isinstance(msg, bytes):
                    await self.ws.send_bytes(msg)
                else:
                    await self.ws.send_json(msg)
            except Exception:  # noqa: BLE001 - the socket went away; the reader will notice
                break
        if self.close_reason and self.ws.application_state == WebSocketState.CONNECTED:
            try:
                await self.ws.close(*self.close_reason)
            except Exception:  # noqa: BLE001
                pass


EventHook = Callable[["LiveSession", Event], Awaitable[None]]


class LiveSession:
    def __init__(self, meta: SessionMeta, state: SessionModel, store: SessionStore) -> None:
        self.meta = meta
        self.state = state
        self.store = store
        self.connections: set[Connection] = set()
        # One voice per session: the connection whose microphone is heard and which plays the
        # interviewer. Two tabs on one interview would otherwise talk over each other and echo.
        self.mic: Connection | None = None
        self.audio_heard: dict[str, int] = {}  # per tab: bytes of its microphone stream taken in
        self._emit_lock = asyncio.Lock()
        self.last_used = time.monotonic()
        self.runtime = SessionRuntime()  # what the session room keeps for this session

    @property
    def session_id(self) -> str:
        return self.meta.session_id

    async def emit(self, event: Event) -> Event:
        """Append durably, fold, and fan out. Returns the stored event with its seq."""
        async with self._emit_lock:
            stored = await store_io.run(self.store.append, self.session_id, event)
            self.state = apply(self.state, stored)
            msg = stored.message()
            if msg is not None:
                self.broadcast(msg)
            return stored

    def broadcast(self, msg: dict[str, Any] | bytes) -> None:
        for conn in list(self.connections):
            if not conn.replaying or not (isinstance(msg, dict) and msg.get("seq")):
                conn.send(msg)

    def send_audio(self, pcm: bytes) -> None:
        """Interviewer audio goes to the tab that holds the microphone, when it plays audio; else
        to every connection that plays it."""
        holder = self.mic if self.mic is not None and self.mic.audio else None
        for conn in [holder] if holder else list(self.connections):
            if conn.audio and not conn.replaying:
                conn.send(pcm)

    @property
    def listening(self) -> bool:
        return any(c.audio for c in self.connections)

    def fresh_audio(self, conn: Connection, data: bytes) -> bytes:
        """What of a frame was not already heard: after a reconnect a tab resends from the last
        offset the server acknowledged, which may overlap what arrived before the link died."""
        if conn.client_id is None:
            return data
        start, heard = conn.audio_next, self.audio_heard.get(conn.client_id, 0)
        conn.audio_next += len(data)
        self.audio_heard[conn.client_id] = max(heard, conn.audio_next)
        cut = max(0, heard - start)
        return data[cut + cut % 2:]  # whole samples, whatever offset a client claimed

    def supersede(self, conn: Connection) -> None:
        """A tab that reconnects replaces its own older connection, which a dead link can leave
        open on this side for a while: that one is closed, and the microphone, if it held it,
        passes to the new one (whose audio would otherwise be refused as another tab's)."""
        for old in [c for c in self.connections if c is not conn and c.client_id and c.client_id == conn.client_id]:
            held = self.mic is old
            if held:
                self.mic = None
            self.detach(old)
            old.close(1000, "replaced by a newer connection from the same tab")
            if held:
                self.take_mic(conn)

    def take_mic(self, conn: Connection) -> None:
        """`conn` (a client that plays audio) becomes the one heard; the previous holder is told
        to stop sending, and keeps showing the interview."""
        old, self.mic = self.mic, conn
        conn.told_mic_elsewhere = False
        if old is not None and old is not conn and old in self.connections:
            old.send({"type": "mic", "active": False})
        conn.send({"type": "mic", "active": True})

    async def attach(self, conn: Connection, last_seq: int | None) -> None:
        """Register a connection and queue every event after `last_seq` for it, then go live."""
        async with self._emit_lock:  # no event can be appended between the read and going live
            self.connections.add(conn)
            conn.replaying = True
            if last_seq is not None:
                conn.sent_seq = max(conn.sent_seq, last_seq)
                events = await store_io.run(self.store.read, self.session_id, last_seq)
                for event in events:
                    msg = event.message()
                    if msg is not None:
                        conn.send(msg)
                    else:
                        conn.sent_seq = max(conn.sent_seq, event.seq)
            else:
                conn.sent_seq = self.state.last_seq
            conn.replaying = False

    def detach(self, conn: Connection) -> None:
        self.connections.discard(conn)
        self.last_used = time.monotonic()
        if self.mic is conn:
            # The tab that was heard went away: another open voice tab carries on, if there is one.
            self.mic = None
            others = [c for c in self.connections if c.audio and not c.closed]
            if others:
                self.take_mic(others[-1])


class LiveSessions:
    """The sessions this process holds in memory, loaded from the store on first use."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self._live: dict[str, LiveSession] = {}
        self._lock = asyncio.Lock()

    def active(self) -> int:
        """Sessions with a client connected: what the node's cap counts."""
        return len(self.held())

    def is_active(self, session_id: str) -> bool:
        live = self._live.get(session_id)
        return live is not None and bool(live.connections)

    def held(self) -> list[str]:
        """Sessions this node runs now (a client is connected): the leases it must keep."""
        return [sid for sid, live in self._live.items() if live.connections]

    async def refresh_if_stale(self, session_id: str) -> None:
        """After another node may have run the session: memory that is behind the store is dropped
        (its clients reconnect), so the next `get` folds the whole log again."""
        live = self._live.get(session_id)
        if live is not None:
            meta = await store_io.run(self.store.get, session_id)
            if meta.last_seq != live.state.last_seq:
                self.drop(session_id, 4409, "this interview went on elsewhere: reconnect")

    def drop(self, session_id: str, code: int, reason: str) -> None:
        """Let go of a session another node now runs: close its clients here (they reconnect)
        and forget its state, which that node's events will have made stale."""
        live = self._live.pop(session_id, None)
        if live:
            for conn in list(live.connections):
                conn.close(code, reason)

    async def get(self, session_id: str) -> LiveSession:
        live = self._live.get(session_id)
        if live is not None:
            return live
        async with self._lock:
            live = self._live.get(session_id)
            if live is None:
                meta = await store_io.run(self.store.get, session_id)
                events = await store_io.run(self.store.read, session_id)
                live = LiveSession(meta, fold(events), self.store)
                self._live[session_id] = live
            return live

    def forget(self, session_id: str) -> None:
        live = self._live.pop(session_id, None)
        if live:
            for conn in list(live.connections):
                conn.close(4404, "session deleted")

    def idle_sweep(self, max_idle_s: float = 600) -> None:
        now = time.monotonic()
        for sid, live in list(self._live.items()):
            if not live.connections and now - live.last_used > max_idle_s:
                self._live.pop(sid, None)
                self.on_idle(sid)

    def on_idle(self, session_id: str) -> None:
        """Hook: a session left memory (the lease, if any, is released)."""
