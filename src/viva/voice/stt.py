"""Speech to text behind one small interface; pocketsphinx streaming is the embedded default.

A recognizer handles one utterance at a time: `begin()`, `feed()` any number of 16 kHz s16le
samples (returning the current partial), `finish()` for the final. Decoders take about half a
second to load, so a `RecognizerPool` loads them at server start and lends them to sessions.

Keyword spotting ("wait", "stop", "hold on", "repeat that") runs on its own decoder while the
interviewer is paused by a barge-in, where one short word must be enough to take the turn.

The decoder itself and its model live in `sphinx.py`, which `stt_process.py` builds on too.
"""

from __future__ import annotations

import difflib
import logging
import os
import threading
from dataclasses import dataclass
from typing import Iterable, Protocol

from viva.voice.sphinx import EXTRA_PRONUNCIATIONS, SphinxModel, SphinxRecognizer, pronunciations
from viva.voice.stt_process import RecognizerProcess

__all__ = ["EXTRA_PRONUNCIATIONS", "KEYWORDS", "KeywordSpotter", "Recognizer", "RecognizerPool", "RecognizerProcess",
           "SphinxModel", "SphinxRecognizer", "Transcriber", "Transcript", "TranscriptionError", "pronunciations",
           "revision"]

log = logging.getLogger("viva.voice")

from viva.voice.turns import KEYWORDS  # noqa: E402 - turn-taking owns its word lists


class Recognizer(Protocol):
    """The fast pass: streaming, one utterance at a time, partials as audio arrives."""

    name: str

    def begin(self) -> None: ...
    def feed(self, pcm: bytes) -> str: ...
    def finish(self) -> str: ...
    def add_vocabulary(self, words: Iterable[str]) -> int: ...


@dataclass(frozen=True)
class Transcript:
    """What a whole-utterance recognizer heard: the text, its confidence (0..1, the engine's own
    measure), which engine heard it, and how long it took."""

    text: str
    confidence: float
    engine: str
    seconds: float = 0.0


class TranscriptionError(RuntimeError):
    """A recognizer could not transcribe (a cloud engine's error or timeout, a missing model)."""


class Transcriber(Protocol):
    """The accurate pass: a whole finished utterance in, text out. Called on a worker thread."""

    name: str

    def transcribe(self, pcm: bytes, prompt: str = "") -> Transcript: ...


def revision(partial: str, final: str) -> float:
    """How much the final changed the last partial: 0 (same words) to 1 (nothing in common)."""
    a, b = partial.split(), final.split()
    if not a and not b:
        return 0.0
    return round(1.0 - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)


class KeywordSpotter:
    """pocketsphinx keyword search for the few words that take the turn on their own."""

    def __init__(self, keywords: dict[str, float] | None = None) -> None:
        from pocketsphinx import Decoder

        self._d = Decoder(loglevel="FATAL", samprate=16000, lm=None)
        lines = "\n".join(f"{k} /{t:g}/" for k, t in (keywords or KEYWORDS).items())
        path = _write_temp(lines)
        try:
            self._d.add_kws("stop_words", path)  # read at once; the file is not needed after
        finally:
            os.unlink(path)
        self._d.activate_search("stop_words")
        self._in_utt = False

    def begin(self) -> None:
        if self._in_utt:
            self._d.end_utt()
        self._d.start_utt()
        self._in_utt = True

    def feed(self, pcm: bytes) -> str | None:
        """The keyword heard so far in this utterance, if any."""
        if not self._in_utt:
            self.begin()
        self._d.process_raw(pcm, False, False)
        hyp = self._d.hyp()
        return hyp.hypstr.strip() if hyp and hyp.hypstr.strip() else None

    def finish(self) -> None:
        if self._in_utt:
            self._d.end_utt()
            self._in_utt = False


def _write_temp(text: str) -> str:
    import tempfile

    f = tempfile.NamedTemporaryFile("w", suffix=".kws", delete=False)
    f.write(text + "\n")
    f.close()
    return f.name


class RecognizerPool:
    """Decoders loaded once and lent out; a borrower with none free gets a fresh one."""

    def __init__(self, model: SphinxModel | None = None, size: int = 1, spotters: int = 1,
                 processes: bool = False) -> None:
        self.model = model or SphinxModel()
        self.processes = processes  # decode in recognizer processes (stt_process.py), off the GIL
        self._free: list[Recognizer] = []
        self._spotters: list[KeywordSpotter] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._free.append(self._make())
        for _ in range(spotters):
            self._spotters.append(KeywordSpotter())

    def warm_up(self) -> None:
        """Decode a moment of silence so first-use costs are paid before the first candidate."""
        silence = bytes(16000 * 2 // 4)
        with self._lock:
            items = list(self._free)
        for r in items:
            r.begin()
            r.feed(silence)
            r.finish()

    def _make(self) -> Recognizer:
        if self.processes:
            return RecognizerProcess(self.model)
        return SphinxRecognizer(self.model)

    def borrow(self) -> Recognizer:
        with self._lock:
            while self._free:
                r = self._free.pop()
                if getattr(r, "alive", True):
                    return r
        return self._make()

    def give_back(self, r: Recognizer) -> None:
        try:
            r.finish()
        except Exception:  # noqa: BLE001 - a broken recognizer is dropped, not reused
            close = getattr(r, "close", None)
            if close:
                close()
            return
        with self._lock:
            self._free.append(r)

    def close(self) -> None:
        with self._lock:
            items, self._free = self._free, []
        for r in items:
            close = getattr(r, "close", None)
            if close:
                close()

    def borrow_spotter(self) -> KeywordSpotter:
        with self._lock:
            if self._spotters:
                return self._spotters.pop()
        return KeywordSpotter()

    def give_back_spotter(self, k: KeywordSpotter) -> None:
        k.finish()
        with self._lock:
            self._spotters.append(k)
