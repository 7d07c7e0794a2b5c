"""Hearing the candidate: VAD on every frame, streaming STT for each utterance, an echo gate.

The VAD runs on the event loop (about a tenth of a millisecond per 32 ms frame) so speech onset
is known the moment its frame arrives: that is the barge-in trigger. Recognition runs on its own
thread per session, fed in arrival order; when it falls behind it gets bigger batches.

The echo gate: while the interviewer's audio plays, a frame counts as voiced only if it is within
`echo_margin_db` of the level the interviewer is playing at. The browser's echo cancellation is
the first defence; this keeps our own voice, leaking back at -20 dB, from pausing us.
"""

from __future__ import annotations

import asyncio
import collections
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Protocol

from viva.voice.stt import KeywordSpotter, Recognizer, RecognizerPool, revision
from viva.voice.vad import FRAME_BYTES, VADParams, VADState, VoiceActivity, rms

PRE_ROLL_MS = 320  # audio kept from before the onset was confirmed, so the first word is whole
MAX_UTTERANCE_AUDIO_S = 60  # audio kept per utterance for the accurate pass: its last minute


@dataclass
class Heard:
    """One finished candidate utterance."""

    utterance_id: str
    text: str
    last_partial: str
    revision: float
    onset_at: float  # monotonic: arrival of the first voiced frame
    last_voiced_at: float  # arrival of the last voiced frame (response_ms starts here)
    ended_at: float  # when turn-taking committed the utterance
    final_at: float  # when the final text was ready
    first_partial_at: float | None
    keyword: str | None
    audio: bytes = b""  # the utterance's own audio (pre-roll included), for the accurate pass


class ListenerEvents(Protocol):
    def on_onset(self, onset_at: float) -> None: ...
    def on_offset(self, last_voiced_at: float, now: float) -> None: ...
    def on_partial(self, utterance_id: str, text: str, keyword: str | None) -> None: ...
    def on_final(self, heard: Heard) -> None: ...
    def on_frame(self, now: float) -> None: ...


class Listener:
    def __init__(self, pool: RecognizerPool, events: ListenerEvents, params: VADParams,
                 vocabulary: list[str] | None = None, echo_margin_db: float = 14.0,
                 echo_level: Callable[[], float] | None = None) -> None:
        self.vad = VoiceActivity(params)
        self.pool = pool
        self.events = events
        self.echo_margin = 10 ** (-echo_margin_db / 20)
        self.echo_level = echo_level or (lambda: 0.0)
        self._rec: Recognizer | None = None
        self._spotter: KeywordSpotter | None = None
        self._exec = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stt")
        # A decoder may have to be loaded (half a second or more): on the STT thread, never on
        # the event loop. Everything later on that thread runs after it.
        self._exec.submit(self._borrow, list(vocabulary or []))
        self._pending = bytearray()
        self._pre_roll: collections.deque[bytes] = collections.deque(maxlen=PRE_ROLL_MS // 32)
        self._stt_queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        self._stt_task: asyncio.Task | None = None
        self._utt: dict | None = None
        self._frame_arrival: float = 0.0
        self._first_voiced_at: float | None = None
        self._last_voiced_at: float = 0.0
        self._seq = 0
        self.closed = False

    @property
    def open(self) -> bool:
        """An utterance is being recognized: onsets continue it until `commit`."""
        return self._utt is not None

    # ---- audio in (event loop) -----------------------------------------------------------------

    def feed(self, pcm: bytes, now: float | None = None) -> None:
        if self.closed:
            return
        now = time.monotonic() if now is None else now
        self._pending += pcm
        while len(self._pending) >= FRAME_BYTES:
            frame = bytes(self._pending[:FRAME_BYTES])
            del self._pending[:FRAME_BYTES]
            self._frame(frame, now)

    def _frame(self, frame: bytes, now: float) -> None:
        before = self.vad.state
        heard_voice = False

        def gate(f: bytes, voiced: bool) -> bool:
            nonlocal heard_voice
            echo = self.echo_level()
            if voiced and echo > 0 and rms(f) < echo * self.echo_margin:
                voiced = False  # as loud as our own voice leaking back, no louder: not the candidate
            heard_voice = voiced
            return voiced

        event = self.vad.step(frame, gate)
        if heard_voice:
            if before == VADState.quiet:
                self._first_voiced_at = now
            self._last_voiced_at = now
        if self._utt is not None:
            self._stt_queue.put_nowait(("audio", frame))
            self._utt["audio"].append(frame)
        else:
            self._pre_roll.append(frame)
        if event is not None and event.kind == "speech_started":
            # Onset first: turn-taking decides whether this utterance also spots keywords. An
            # onset while an utterance is still open continues it (the candidate went on).
            if self._utt is None:
                self._begin_utterance(self._first_voiced_at or now)
            self.events.on_onset(self._first_voiced_at or now)
        elif event is not None and event.kind == "speech_ended":
            # Only an offset: turn-taking decides when the utterance is over (`commit`).
            self.events.on_offset(self._last_voiced_at, now)
        self.events.on_frame(now)

    def commit(self, now: float | None = None) -> None:
        """The candidate's turn is over: finish recognition and deliver the final."""
        self._end_utterance(time.monotonic() if now is None else now)

    def _begin_utterance(self, onset_at: float) -> None:
        self._seq += 1
        uid = secrets.token_hex(6)
        audio: collections.deque[bytes] = collections.deque(maxlen=MAX_UTTERANCE_AUDIO_S * 1000 // 32)
        audio.extend(self._pre_roll)
        self._utt = {"id": uid, "onset_at": onset_at, "audio": audio}
        self._stt_queue.put_nowait(("begin", (uid, b"".join(self._pre_roll))))
        self._pre_roll.clear()
        self._ensure_task()

    def _end_utterance(self, now: float) -> None:
        if self._utt is None:
            return
        self._stt_queue.put_nowait(("end", (self._utt, self._last_voiced_at, now)))
        self._utt = None

    def _ensure_task(self) -> None:
        if self._stt_task is None or self._stt_task.done():
            self._stt_task = asyncio.get_running_loop().create_task(self._stt_loop())

    # ---- recognition (its own thread) ------------------------------------------------------

    async def _stt_loop(self) -> None:
        loop = asyncio.get_running_loop()
        utt: dict | None = None
        while not self.closed:
            kind, payload = await self._stt_queue.get()
            if kind == "begin":
                uid, pre_roll = payload  # type: ignore[misc]
                utt = {"id": uid, "partial": "", "first_partial_at": None, "keyword": None}
                await loop.run_in_executor(self._exec, self._begin_sync, pre_roll)
                continue
            if kind == "spot":
                await loop.run_in_executor(self._exec, self._spot_sync, bool(payload))
                continue
            if kind == "audio" and utt is not None:
                chunk = [payload]
                while not self._stt_queue.empty() and self._peek_kind() == "audio":
                    chunk.append(self._stt_queue.get_nowait()[1])
                text, kw = await loop.run_in_executor(self._exec, self._feed_sync, b"".join(chunk))  # type: ignore[arg-type]
                new_kw = bool(kw) and not utt["keyword"]
                if new_kw:
                    utt["keyword"] = kw
                if text != utt["partial"] or new_kw:
                    if text and utt["first_partial_at"] is None:
                        utt["first_partial_at"] = time.monotonic()
                    utt["partial"] = text
                    self.events.on_partial(utt["id"], text, utt["keyword"])
                continue
            if kind == "end" and utt is not None:
                meta, last_voiced, ended = payload  # type: ignore[misc]
                final = await loop.run_in_executor(self._exec, self._finish_sync)
                heard = Heard(utterance_id=utt["id"], text=final, last_partial=utt["partial"],
                              revision=revision(utt["partial"], final), onset_at=meta["onset_at"],
                              last_voiced_at=last_voiced, ended_at=ended, final_at=time.monotonic(),
                              first_partial_at=utt["first_partial_at"], keyword=utt["keyword"],
                              audio=b"".join(meta["audio"]))
                utt = None
                self.events.on_final(heard)

    def _peek_kind(self) -> str:
        return self._stt_queue._queue[0][0]  # type: ignore[attr-defined]  # noqa: SLF001

    def _borrow(self, vocabulary: list[str]) -> None:
        self._rec = self.pool.borrow()
        self._rec.add_vocabulary(vocabulary)

    def _begin_sync(self, pre_roll: bytes) -> None:
        assert self._rec is not None
        self._rec.begin()
        if pre_roll:
            self._feed_sync(pre_roll)

    def spot_keywords(self, on: bool) -> None:
        """Keyword spotting ("wait", "stop") over the rest of the open utterance, or off."""
        self._stt_queue.put_nowait(("spot", on))
        self._ensure_task()

    def _spot_sync(self, on: bool) -> None:
        if on and self._spotter is None:
            self._spotter = self.pool.borrow_spotter()
            self._spotter.begin()
        elif not on and self._spotter is not None:
            spotter, self._spotter = self._spotter, None
            self.pool.give_back_spotter(spotter)

    def _feed_sync(self, pcm: bytes) -> tuple[str, str | None]:
        assert self._rec is not None
        text = self._rec.feed(pcm)
        kw = self._spotter.feed(pcm) if self._spotter is not None else None
        return text, kw

    def _finish_sync(self) -> str:
        assert self._rec is not None
        text = self._rec.finish()
        if self._spotter is not None:
            self._spotter.begin()  # spotting goes on (if on) into the next utterance, fresh
        return text

    def current_audio(self) -> tuple[str, bytes] | None:
        """The open utterance's id and its audio so far, for a look by the accurate pass."""
        if self._utt is None:
            return None
        return self._utt["id"], b"".join(self._utt["audio"])

    @property
    def last_voiced_at(self) -> float:
        """Arrival time of the latest voiced frame."""
        return self._last_voiced_at

    async def close(self) -> None:
        self.closed = True
        if self._stt_task is not None:
            self._stt_task.cancel()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._exec, self._release)
        self._exec.shutdown(wait=False)

    def _release(self) -> None:
        if self._rec is not None:
            self.pool.give_back(self._rec)
            self._rec = None
        if self._spotter is not None:
            self.pool.give_back_spotter(self._spotter)
            self._spotter = None

