"""Speaking one interviewer turn: a paced sender. Sentences go to TTS as they come; audio leaves
at real time with a lead of `lead_ms` over the client's playback, never the whole utterance at
once, so an interruption has almost nothing queued at the client. The next sentence is
synthesized while the current one plays.

This holds no policy: whether to duck, pause, resume or stop is the turn-taking machine's call
(`turns.py`); this file carries it out and keeps the timeline. The timeline (how much the client
has played) is estimated from the send clock minus time spent paused, corrected by the client's
own `playback` reports; it decides what was heard.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from enum import Enum
from typing import AsyncIterator, Awaitable, Callable

from viva.voice.clock import MONOTONIC, Clock

FRAME_MS = 20
log = logging.getLogger("viva.voice")


class Sending(str, Enum):
    ready = "ready"  # nothing sent yet
    sending = "sending"
    paused = "paused"  # nothing leaves; the rest of the turn is kept
    stopped = "stopped"  # interrupted: the rest of the turn is dropped
    done = "done"


@dataclass
class PlayoutResult:
    heard_text: str
    interrupted: bool
    spoken_ms: float  # audio the client played
    total_ms: float  # audio synthesized for the turn
    first_audio_at: float | None  # clock instant the first frame was sent
    tts_requested_at: float
    tts_first_byte_at: float | None
    tts_max_gap_ms: float
    sentences: list[str] = field(default_factory=list)
    unheard: list[str] = field(default_factory=list)  # sentences not (wholly) heard when interrupted


Synthesize = Callable[[str], Awaitable[bytes]]
SendAudio = Callable[[bytes], None]
SendMessage = Callable[[dict], None]


class Playout:
    def __init__(self, turn_id: str, sample_rate: int, synthesize: Synthesize, send_audio: SendAudio,
                 send_message: SendMessage, lead_ms: float = 200, clock: Clock = MONOTONIC) -> None:
        self.turn_id = turn_id
        self.rate = sample_rate
        self._synth = synthesize
        self._send_audio = send_audio
        self._send = send_message
        self.lead_s = lead_ms / 1000
        self.clock = clock
        self.state = Sending.ready
        self.gain = 1.0
        self._changed = asyncio.Event()
        self._start: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._sent_s = 0.0
        self._client_played_s: float | None = None
        self.started_at: float | None = None
        self.stopped_position_s: float | None = None
        # (start second in the turn's audio, duration, sentence) for what has been synthesized
        self._timeline: list[tuple[float, float, str]] = []
        self._paused_before_start = False
        self._all_queued = False  # every sentence synthesized and sent

    # ---- control: carried out for the turn-taking machine ------------------------------------

    def played_s(self, now: float | None = None) -> float:
        """The client's playback position: send clock minus pauses, never ahead of what was sent."""
        if self._start is None:
            return 0.0
        now = self.clock.now() if now is None else now
        if self._paused_at is not None:
            now = self._paused_at
        est = min(max(0.0, now - self._start - self._paused_total), self._sent_s)
        if self._client_played_s is not None and self._paused_at is not None:
            est = min(est, self._client_played_s)
        return est

    def pause(self) -> bool:
        if self.state == Sending.ready:
            self._paused_before_start = True
            return True
        if self.state != Sending.sending:
            return False
        self.state = Sending.paused
        self._paused_at = self.clock.now()
        self._send({"type": "agent_pause", "turn_id": self.turn_id})
        self._changed.set()
        return True

    def resume(self) -> bool:
        if self.state == Sending.ready and self._paused_before_start:
            self._paused_before_start = False
            self._changed.set()
            return True
        if self.state != Sending.paused:
            return False
        self.state = Sending.sending
        if self._paused_at is not None and self._start is not None:  # a pause before the first frame cost no playback
            self._paused_total += self.clock.now() - self._paused_at
        self._paused_at = None
        self._send({"type": "agent_resume", "turn_id": self.turn_id})
        self._changed.set()
        return True

    def duck(self, gain: float) -> bool:
        """Play on at `gain` (1.0: full volume again). The client applies it at once."""
        if self.state not in (Sending.sending, Sending.paused, Sending.ready) or gain == self.gain:
            return False
        self.gain = gain
        self._send({"type": "agent_duck", "turn_id": self.turn_id, "gain": gain})
        return True

    def interrupt(self) -> bool:
        if self.state in (Sending.stopped, Sending.done):
            return False
        now = self.clock.now()
        if self.state != Sending.paused:
            self._paused_at = now
        self.stopped_position_s = self.played_s(now)
        self.state = Sending.stopped
        self._send({"type": "agent_interrupt", "turn_id": self.turn_id})
        self._changed.set()
        return True

    def client_played(self, played_ms: float) -> None:
        """A `playback` report: the client's own count of what it played for this turn."""
        self._client_played_s = played_ms / 1000

    def left_s(self) -> float | None:
        """Audio of this turn still to play; None while more is still to be synthesized or sent."""
        if not self._all_queued or self.state not in (Sending.sending,):
            return None
        return max(0.0, self._sent_s - self.played_s())

    @property
    def playing(self) -> bool:
        return self.state in (Sending.ready, Sending.sending, Sending.paused)

    # ---- the turn ------------------------------------------------------------------------------

    async def run(self, sentences: list[str] | AsyncIterator[str]) -> PlayoutResult:
        """Speak `sentences`: a list, or an async stream of them (an LLM reply as it arrives)."""
        requested = self.clock.now()
        self.started_at = requested
        first_byte: float | None = None
        last_chunk: float | None = None
        max_gap = 0.0
        if self.state == Sending.ready:
            self.state = Sending.paused if self._paused_before_start else Sending.sending
            if self._paused_before_start:
                self._paused_at = requested
        queue: asyncio.Queue[tuple[str, bytes] | None] = asyncio.Queue(maxsize=2)

        async def produce() -> None:
            nonlocal first_byte, last_chunk, max_gap
            try:
                async for s in _each(sentences):
                    pcm = await self._synth(s)
                    t = self.clock.now()
                    if first_byte is None:
                        first_byte = t
                    elif last_chunk is not None:
                        max_gap = max(max_gap, t - last_chunk)
                    last_chunk = t
                    await queue.put((s, pcm))
                await queue.put(None)
            except BaseException:
                with contextlib.suppress(asyncio.QueueFull):  # failed or cancelled: never block on the way out
                    queue.put_nowait(None)
                raise

        producer = asyncio.create_task(produce())
        first_audio: float | None = None
        frame_bytes = self.rate * FRAME_MS // 1000 * 2
        try:
            while self.state != Sending.stopped:
                if queue.empty() and producer.done():
                    break  # synthesis failed: say what was made, and end the turn
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
                        self._start = first_audio = self.clock.now()
                        if self._paused_at is not None:  # started paused: that time was not playback
                            self._paused_at = None
                        self._send({"type": "agent_audio_start", "turn_id": self.turn_id})
                    frame = pcm[i:i + frame_bytes]
                    self._send_audio(frame)
                    self._sent_s += len(frame) / 2 / self.rate
            self._all_queued = True
            # Let the client finish playing what it holds; an interruption can still come.
            while self.state in (Sending.sending, Sending.paused):
                if self.state == Sending.paused:
                    await self.clock.wait(self._fresh(), None)
                    continue
                left = self._sent_s - self.played_s()
                if left <= 0:
                    break
                await self.clock.wait(self._fresh(), left)
            if self.state in (Sending.sending, Sending.paused):
                self.state = Sending.done
        finally:
            producer.cancel()
            try:
                await producer  # never left pending: a stopped turn's synthesis ends with it
            except asyncio.CancelledError:
                pass
            except Exception:  # noqa: BLE001 - a TTS failure ends the turn early; it must not end the session
                log.exception("turn %s: speech synthesis failed", self.turn_id)
            if self._start is not None:
                self._send({"type": "agent_audio_end", "turn_id": self.turn_id})
        interrupted = self.state == Sending.stopped
        heard_s = self.stopped_position_s if interrupted and self.stopped_position_s is not None else self.played_s()
        total = sum(d for _, d, _ in self._timeline)
        said = [s for _, _, s in self._timeline]
        heard = self.heard_text(heard_s) if interrupted else " ".join(said)
        return PlayoutResult(
            heard_text=heard, interrupted=interrupted, spoken_ms=heard_s * 1000, total_ms=total * 1000,
            first_audio_at=first_audio, tts_requested_at=requested, tts_first_byte_at=first_byte,
            tts_max_gap_ms=max_gap * 1000, sentences=[s for _, _, s in self._timeline],
            unheard=self.unheard(heard_s, said) if interrupted else [])

    def _fresh(self) -> asyncio.Event:
        self._changed.clear()
        return self._changed

    async def _may_send(self) -> bool:
        """Wait for the pacing lead and for any pause to end; False once stopped."""
        while True:
            if self.state == Sending.stopped:
                return False
            if self.state == Sending.paused:
                await self.clock.wait(self._fresh(), None)
                continue
            ahead = self._sent_s - self.played_s()
            if ahead <= self.lead_s:
                return True
            await self.clock.wait(self._fresh(), ahead - self.lead_s)

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

    def unheard(self, position_s: float, sentences: list[str]) -> list[str]:
        """The sentences the candidate did not hear to their end, in order."""
        whole = sum(1 for start, dur, _ in self._timeline if position_s >= start + dur)
        return sentences[whole:]


async def _each(sentences: list[str] | AsyncIterator[str]) -> AsyncIterator[str]:
    if isinstance(sentences, list):
        for s in sentences:
            yield s
    else:
        async for s in sentences:
            yield s
