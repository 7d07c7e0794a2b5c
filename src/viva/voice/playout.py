"""Speaking one interviewer turn: sentences to TTS as they come, audio out paced at real time.

Frames leave at about real time with a lead of `lead_ms` over the client's playback, never the
whole utterance at once, so a barge-in has almost nothing queued at the client to flush. The
next sentence is synthesized while the current one plays.

Pausing, resuming and interrupting go through the one barge-in state machine (`bargein.py`). The
timeline (how much the client has played) is estimated from the send clock, minus time spent
paused, and corrected by the client's own `playback` reports; it decides what was heard.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from viva.voice.bargein import BargeIn, Cue, Voice

FRAME_MS = 20


@dataclass
class PlayoutResult:
    heard_text: str
    interrupted: bool
    spoken_ms: float  # audio the client played
    total_ms: float  # audio synthesized for the turn
    first_audio_at: float | None  # monotonic instant the first frame was sent
    tts_requested_at: float
    tts_first_byte_at: float | None
    tts_max_gap_ms: float
    sentences: list[str] = field(default_factory=list)


Synthesize = Callable[[str], Awaitable[bytes]]
SendAudio = Callable[[bytes], None]
SendMessage = Callable[[dict], None]


class Playout:
    def __init__(self, turn_id: str, sample_rate: int, synthesize: Synthesize, send_audio: SendAudio,
                 send_message: SendMessage, lead_ms: float = 200, barge: BargeIn | None = None) -> None:
        self.turn_id = turn_id
        self.rate = sample_rate
        self._synth = synthesize
        self._send_audio = send_audio
        self._send = send_message
        self.lead_s = lead_ms / 1000
        self.barge = barge or BargeIn()
        self._resumed = asyncio.Event()
        self._changed = asyncio.Event()
        self._start: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._sent_s = 0.0
        self._client_played_s: float | None = None
        self.started_at: float | None = None
        self.paused_position_s: float | None = None
        # (start second in the turn's audio, duration, sentence) for what has been synthesized
        self._timeline: list[tuple[float, float, str]] = []

    # ---- control (called from the event loop by the listener side) -------------------------

    @property
    def state(self) -> Voice:
        return self.barge.state

    def played_s(self, now: float | None = None) -> float:
        """The client's playback position: send clock minus pauses, never ahead of what was sent."""
        if self._start is None:
            return 0.0
        now = time.monotonic() if now is None else now
        if self._paused_at is not None:
            now = self._paused_at
        est = max(0.0, now - self._start - self._paused_total)
        est = min(est, self._sent_s)
        if self._client_played_s is not None:
            est = min(est, self._client_played_s) if self._paused_at is not None else est
        return est

    def pause(self) -> bool:
        """Speech onset over the interviewer: stop sending now and tell the client to stop."""
        if not self.barge.can(Cue.onset) or self.barge.state != Voice.speaking:
            return False
        msg = self.barge.feed(Cue.onset)
        self._paused_at = time.monotonic()
        self.paused_position_s = self.played_s(self._paused_at)
        self._resumed.clear()
        if msg:
            self._send({"type": msg, "turn_id": self.turn_id})
        self._changed.set()
        return True

    def resume(self) -> bool:
        if self.barge.state != Voice.paused:
            return False
        msg = self.barge.feed(Cue.backchannel)
        if self._paused_at is not None:
            self._paused_total += time.monotonic() - self._paused_at
        self._paused_at = None
        if msg:
            self._send({"type": msg, "turn_id": self.turn_id})
        self._resumed.set()
        self._changed.set()
        return True

    def interrupt(self) -> bool:
        if not self.barge.can(Cue.words):
            return False
        if self.barge.state == Voice.speaking:
            self._paused_at = time.monotonic()
            self.paused_position_s = self.played_s(self._paused_at)
        msg = self.barge.feed(Cue.words)
        if msg:
            self._send({"type": msg, "turn_id": self.turn_id})
        self._resumed.set()
        self._changed.set()
        return True

    def client_played(self, played_ms: float) -> None:
        """A `playback` report: the client's own count of what it played for this turn."""
        self._client_played_s = played_ms / 1000

    @property
    def playing(self) -> bool:
        return self.barge.state in (Voice.speaking, Voice.paused)

    # ---- the turn ------------------------------------------------------------------------------

    async def run(self, sentences: list[str], hold: Callable[[], bool] | None = None) -> PlayoutResult:
        """Speak `sentences`. `hold()` true at the start means the candidate is mid-sentence: the
        turn starts paused, and the barge-in rules decide whether it resumes."""
        requested = time.monotonic()
        self.started_at = requested
        first_byte: float | None = None
        last_chunk: float | None = None
        max_gap = 0.0
        self.barge.feed(Cue.start)
        if hold is not None and hold():
            self.pause()
        queue: asyncio.Queue[tuple[str, bytes] | None] = asyncio.Queue(maxsize=2)

        async def produce() -> None:
            nonlocal first_byte, last_chunk, max_gap
            try:
                for s in sentences:
                    pcm = await self._synth(s)
                    t = time.monotonic()
                    if first_byte is None:
                        first_byte = t
                    elif last_chunk is not None:
                        max_gap = max(max_gap, t - last_chunk)
                    last_chunk = t
                    await queue.put((s, pcm))
            finally:
                await queue.put(None)

        producer = asyncio.create_task(produce())
        first_audio: float | None = None
        frame_bytes = self.rate * FRAME_MS // 1000 * 2
        try:
            while self.barge.state != Voice.interrupted:
                item = await queue.get()
                if item is None:
                    break
                sentence, pcm = item
                self._timeline.append((self._sent_s, len(pcm) / 2 / self.rate, sentence))
                self._send({"type": "agent_text", "turn_id": self.turn_id, "text": sentence, "final": False})
                for i in range(0, len(pcm), frame_bytes):
                    if not await self._may_send():
                        break
                    if self._start is None:
                        self._start = first_audio = time.monotonic()
                        self._send({"type": "agent_audio_start", "turn_id": self.turn_id})
                    self._send_audio(pcm[i:i + frame_bytes])
                    self._sent_s += len(pcm[i:i + frame_bytes]) / 2 / self.rate
            # Let the client finish playing what it holds; a barge-in can still come.
            while self.barge.state in (Voice.speaking, Voice.paused):
                if self.barge.state == Voice.paused:
                    await self._wait_change(None)
                    continue
                left = self._sent_s - self.played_s()
                if left <= 0:
                    break
                await self._wait_change(left)
            if self.barge.state == Voice.speaking:
                self.barge.feed(Cue.done)
        finally:
            producer.cancel()
            if self._start is not None:
                self._send({"type": "agent_audio_end", "turn_id": self.turn_id})
        interrupted = self.barge.state == Voice.interrupted
        heard_s = self.paused_position_s if interrupted and self.paused_position_s is not None else self.played_s()
        total = sum(d for _, d, _ in self._timeline)
        return PlayoutResult(
            heard_text=self.heard_text(heard_s) if interrupted else " ".join(sentences),
            interrupted=interrupted, spoken_ms=heard_s * 1000, total_ms=total * 1000,
            first_audio_at=first_audio, tts_requested_at=requested, tts_first_byte_at=first_byte,
            tts_max_gap_ms=max_gap * 1000, sentences=[s for _, _, s in self._timeline])

    async def _may_send(self) -> bool:
        """Wait for the pacing lead and for any pause to end; False once interrupted."""
        while True:
            state = self.barge.state
            if state == Voice.interrupted:
                return False
            if state == Voice.paused:
                await self._wait_change(None)
                continue
            ahead = self._sent_s - self.played_s()
            if ahead <= self.lead_s:
                return True
            await self._wait_change(ahead - self.lead_s)

    async def _wait_change(self, timeout: float | None) -> None:
        self._changed.clear()
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except asyncio.TimeoutError:
            pass

    def heard_text(self, position_s: float) -> str:
        """The words played up to `position_s`: whole sentences, then a share of the current one."""
        heard: list[str] = []
        for start, dur, sentence in self._timeline:
            if position_s >= start + dur:
                heard.append(sentence)
            elif position_s > start:
                words = sentence.split()
                share = (position_s - start) / dur if dur else 0
                heard.extend(words[: int(len(words) * share)])
                break
            else:
                break
        return " ".join(heard)
