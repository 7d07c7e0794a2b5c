"""A voice client for `viva simulate --audio`, tests and benchmarks: one WebSocket, a microphone
that streams 20 ms frames at real time for the whole session (silence when nobody speaks), and a player that keeps the
playback books like the browser does (pauses on `agent_pause`, ducks on `agent_duck`, drops a
turn on `agent_interrupt`, reports `playback`) and keeps the silences a listener would hear.

Optionally the interviewer's own audio leaks back into the microphone at `echo_db`, as a laptop
speaker would into its microphone.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import websockets

from viva.sim.speech import RATE, mix, resample

FRAME_MS = 20
FRAME_BYTES = RATE * FRAME_MS // 1000 * 2


@dataclass
class Received:
    t: float
    msg: dict[str, Any]


@dataclass
class TurnAudio:
    turn_id: str
    frames: int = 0
    bytes: int = 0
    first_at: float | None = None
    last_at: float | None = None
    after_stop: int = 0  # frames that arrived after agent_pause/interrupt, before any resume
    gaps: list[float] = field(default_factory=list)
    # The playback timeline as a listener hears it: when the buffered audio runs out, and every
    # stretch of silence inside the turn (a pause, or frames arriving late), with when it began.
    play_end: float | None = None
    paused_at: float | None = None
    silences: list[tuple[float, float]] = field(default_factory=list)  # (start, seconds)
    gains: list[tuple[float, float]] = field(default_factory=list)  # (when, gain) from agent_duck

    def heard(self, now: float, seconds: float) -> None:
        """A frame of `seconds` arrived at `now` and joins the playback queue."""
        if self.paused_at is not None:
            return
        if self.play_end is None or now > self.play_end:
            if self.play_end is not None:
                self.silences.append((self.play_end, now - self.play_end))
            self.play_end = now
        self.play_end += seconds

    def longest_silence(self, after: float = 0.0) -> float:
        return max((d for t, d in self.silences if t + d >= after), default=0.0)


@dataclass
class VoiceClient:
    url: str
    echo_db: float | None = None  # mix the interviewer's audio back into the mic at this gain
    background: bytes | None = None  # looped under the speech (noise)
    messages: list[Received] = field(default_factory=list)
    turns: dict[str, TurnAudio] = field(default_factory=dict)
    sample_rate: int = 24_000
    mic_sent_s: float = 0.0

    def __post_init__(self) -> None:
        self._ws: Any = None
        self._speech = bytearray()
        self._echo = bytearray()
        self._bg_pos = 0
        self._tasks: list[asyncio.Task] = []
        self._current: str | None = None
        self._stopped: set[str] = set()
        self._changed = asyncio.Event()
        self.speech_started_at: float | None = None  # when the queued speech's first frame was sent
        self.speech_ended_at: float | None = None  # ... and its last one
        self.speech_done = asyncio.Event()

    async def connect(self, hello: dict[str, Any] | None = None) -> "VoiceClient":
        self._ws = await websockets.connect(self.url, max_size=None, open_timeout=20)
        await self.send({"type": "hello", "audio": True, **(hello or {})})
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._mic())]
        ready = await self.wait_for(lambda m: m["type"] == "ready", 20)
        self.sample_rate = int(ready["sample_rate"])
        return self

    async def close(self) -> None:
        for t in self._tasks:
            t.cancel()
        if self._ws is not None:
            await self._ws.close()

    async def send(self, msg: dict[str, Any]) -> None:
        await self._ws.send(json.dumps(msg))

    async def send_raw(self, data: bytes | str) -> None:
        await self._ws.send(data)

    # ---- microphone ----------------------------------------------------------------------------

    def say(self, pcm: bytes) -> None:
        """Queue speech; the mic sends it at real time after what is already queued."""
        if not self._speech:
            self.speech_started_at = None
        self._speech += pcm
        self.speech_done.clear()

    async def _mic(self) -> None:
        start = time.monotonic()
        sent = 0
        while True:
            frame = bytes(self._speech[:FRAME_BYTES])
            del self._speech[:FRAME_BYTES]
            if frame and self.speech_started_at is None:
                self.speech_started_at = time.monotonic()
            frame = frame.ljust(FRAME_BYTES, b"\0")
            if self.background:
                bg = self.background
                chunk = (bg[self._bg_pos:] + bg)[:FRAME_BYTES]
                self._bg_pos = (self._bg_pos + FRAME_BYTES) % len(bg)
                frame = mix(frame, chunk)
            if self.echo_db is not None and self._echo:
                echo = bytes(self._echo[:FRAME_BYTES])
                del self._echo[:FRAME_BYTES]
                frame = mix(frame, echo, self.echo_db)[:FRAME_BYTES]
            if not self._speech and not self.speech_done.is_set():
                self.speech_ended_at = time.monotonic()
                self.speech_done.set()
            await self._ws.send(frame)
            sent += 1
            self.mic_sent_s = sent * FRAME_MS / 1000
            delay = start + sent * FRAME_MS / 1000 - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)

    # ---- what comes back -----------------------------------------------------------------------

    async def _read(self) -> None:
        async for data in self._ws:
            now = time.monotonic()
            if isinstance(data, bytes):
                tid = self._current or "?"
                turn = self.turns.setdefault(tid, TurnAudio(tid))
                if turn.last_at is not None:
                    turn.gaps.append(now - turn.last_at)
                turn.frames += 1
                turn.bytes += len(data)
                turn.first_at = turn.first_at or now
                turn.last_at = now
                if tid in self._stopped:
                    turn.after_stop += 1
                else:
                    turn.heard(now, len(data) / 2 / self.sample_rate)
                if self.echo_db is not None and tid not in self._stopped:
                    self._echo += resample(data, self.sample_rate)
                continue
            msg = json.loads(data)
            self.messages.append(Received(now, msg))
            kind = msg.get("type")
            if kind == "agent_audio_start":
                self._current = msg["turn_id"]
                self.turns.setdefault(msg["turn_id"], TurnAudio(msg["turn_id"]))
            elif kind in ("agent_pause", "agent_interrupt"):
                self._stopped.add(msg["turn_id"])
                t = self.turns.get(msg["turn_id"])
                if t is not None and kind == "agent_pause" and t.paused_at is None:
                    t.paused_at = now
                self._echo.clear()  # the page stops playing at once
                if kind == "agent_interrupt":
                    await self.send({"type": "playback", "turn_id": msg["turn_id"], "state": "ended",
                                     "played_ms": self.played_ms(msg["turn_id"])})
            elif kind == "agent_audio_end":
                await self.send({"type": "client_stats", "jitter_ms": self.jitter_ms(msg["turn_id"]),
                                 "buffer_ms": 0})
            elif kind == "agent_resume":
                self._stopped.discard(msg["turn_id"])
                t = self.turns.get(msg["turn_id"])
                if t is not None and t.paused_at is not None:
                    left = max(0.0, (t.play_end or now) - t.paused_at)  # what was queued plays on
                    t.silences.append((t.paused_at, now - t.paused_at))
                    t.play_end, t.paused_at = now + left, None
            elif kind == "agent_duck":
                self.turns.setdefault(msg["turn_id"], TurnAudio(msg["turn_id"])).gains.append((now, msg["gain"]))
            self._changed.set()

    def jitter_ms(self, turn_id: str) -> float:
        """Mean deviation of frame arrival gaps from the frame length (RFC 3550's idea, simplified)."""
        t = self.turns.get(turn_id)
        if not t or len(t.gaps) < 2:
            return 0.0
        return float(np.mean([abs(g - FRAME_MS / 1000) for g in t.gaps]) * 1000)

    def played_ms(self, turn_id: str) -> float:
        t = self.turns.get(turn_id)
        return (t.bytes / 2 / self.sample_rate * 1000) if t else 0.0

    async def wait_for(self, pred: Callable[[dict[str, Any]], bool], timeout: float,
                       after: float = 0.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for r in self.messages[seen:]:
                if r.t >= after and pred(r.msg):
                    return r.msg
            seen = len(self.messages)
            left = deadline - time.monotonic()
            if left <= 0:
                kinds = [r.msg.get("type") for r in self.messages[-15:]]
                raise TimeoutError(f"no matching message in {timeout} s; last: {kinds}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    async def quiet(self, settle: float = 1.0, timeout: float = 120) -> None:
        """Until every interviewer turn that started has finished playing and nothing new has
        arrived for `settle` seconds. TimeoutError if the interviewer never stops."""
        deadline = time.monotonic() + timeout
        still = 0.0
        while still < settle:
            if time.monotonic() > deadline:
                raise TimeoutError("the interviewer never stopped talking")
            n = len(self.messages)
            await asyncio.sleep(0.1)
            started = {m["turn_id"] for m in self.of("agent_audio_start")}
            playing = started - {m["turn_id"] for m in self.of("agent_audio_end")}
            still = 0.0 if playing or len(self.messages) != n else still + 0.1

    def of(self, kind: str, after: float = 0.0) -> list[dict[str, Any]]:
        return [r.msg for r in self.messages if r.msg.get("type") == kind and r.t >= after]

    def time_of(self, msg: dict[str, Any]) -> float:
        return next(r.t for r in self.messages if r.msg is msg)

