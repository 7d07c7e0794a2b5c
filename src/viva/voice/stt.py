"""Speech to text behind one small interface; pocketsphinx streaming is the embedded default.

A recognizer handles one utterance at a time: `begin()`, `feed()` any number of 16 kHz s16le
samples (returning the current partial), `finish()` for the final. Decoders take about half a
second to load, so a `RecognizerPool` loads them at server start and lends them to sessions.

Keyword spotting ("wait", "stop", "hold on", "repeat that") runs on its own decoder while the
interviewer is paused by a barge-in, where one short word must be enough to take the turn.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Protocol

log = logging.getLogger("viva.voice")

KEYWORDS = {"wait": 1e-10, "stop": 1e-10, "hold on": 1e-15, "repeat that": 1e-20}


class Recognizer(Protocol):
    name: str

    def begin(self) -> None: ...
    def feed(self, pcm: bytes) -> str: ...
    def finish(self) -> str: ...
    def add_vocabulary(self, words: Iterable[str]) -> int: ...


def revision(partial: str, final: str) -> float:
    """How much the final changed the last partial: 0 (same words) to 1 (nothing in common)."""
    a, b = partial.split(), final.split()
    if not a and not b:
        return 0.0
    return round(1.0 - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)


# Pronunciations (CMU phones) for coding words the stock dictionary lacks.
EXTRA_PRONUNCIATIONS = {
    "iterate": "IH T ER EY T", "iterating": "IH T ER EY T IH NG", "iterative": "IH T ER EY T IH V",
    "memoize": "M EH M OW AY Z", "memoization": "M EH M OW AH Z EY SH AH N", "memoized": "M EH M OW AY Z D",
    "hashmap": "HH AE SH M AE P", "hashset": "HH AE SH S EH T", "subarray": "S AH B ER EY",
    "subarrays": "S AH B ER EY Z", "substring": "S AH B S T R IH NG", "substrings": "S AH B S T R IH NG Z",
    "subtree": "S AH B T R IY", "subtrees": "S AH B T R IY Z", "dedupe": "D IY D UW P",
    "backtracking": "B AE K T R AE K IH NG", "backtrack": "B AE K T R AE K", "inorder": "IH N AO R D ER",
    "preorder": "P R IY AO R D ER", "postorder": "P OW S T AO R D ER", "bfs": "B IY EH F EH S",
    "dfs": "D IY EH F EH S", "dp": "D IY P IY", "trie": "T R AY", "minheap": "M IH N HH IY P",
    "maxheap": "M AE K S HH IY P", "boolean": "B UW L IY AH N", "enqueue": "EH N K Y UW",
    "dequeue": "D IY K Y UW", "bitwise": "B IH T W AY Z", "palindromic": "P AE L IH N D R AA M IH K",
}


@lru_cache(maxsize=1)
def pronunciations() -> dict[str, str]:
    """Every coding word we teach the recognizer: `EXTRA_PRONUNCIATIONS` plus
    `corpus_data/pronunciations.txt`. The one source for decoders and the interview dictionary."""
    extra = dict(EXTRA_PRONUNCIATIONS)
    text = resources.files("viva.voice").joinpath("corpus_data", "pronunciations.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, phones = line.split(None, 1)
            extra.setdefault(word, " ".join(phones.split()))
    return extra


@dataclass
class SphinxModel:
    """What a pocketsphinx decoder is built from. `lm=None` is the stock general English model."""

    lm: Path | None = None
    dictionary: Path | None = None


class SphinxRecognizer:
    name = "pocketsphinx"

    def __init__(self, model: SphinxModel | None = None) -> None:
        from pocketsphinx import Decoder

        model = model or SphinxModel()
        kw: dict[str, object] = {"loglevel": "FATAL", "samprate": 16000}
        if model.lm is not None:
            kw["lm"] = str(model.lm)
        if model.dictionary is not None:
            kw["dict"] = str(model.dictionary)
        self._d = Decoder(**kw)
        self._known: set[str] = set()
        self._in_utt = False
        self.add_vocabulary(pronunciations())

    def add_vocabulary(self, words: Iterable[str]) -> int:
        """Teach the decoder words it lacks (those with a known pronunciation). Returns how many."""
        new: list[tuple[str, str]] = []
        for raw in words:
            w = raw.lower()
            if w in self._known or not re.fullmatch(r"[a-z']+", w):
                continue
            self._known.add(w)
            phones = pronunciations().get(w)
            if phones and self._d.lookup_word(w) is None:
                new.append((w, phones))
        # Rebuilding the search is the slow part: do it once, on the last word.
        for i, (w, phones) in enumerate(new):
            self._d.add_word(w, phones, i == len(new) - 1)
        return len(new)

    def begin(self) -> None:
        if self._in_utt:
            self._d.end_utt()
        self._d.start_utt()
        self._in_utt = True

    def feed(self, pcm: bytes) -> str:
        if not self._in_utt:
            self.begin()
        self._d.process_raw(pcm, False, False)
        hyp = self._d.hyp()
        return _clean(hyp.hypstr) if hyp else ""

    def finish(self) -> str:
        if not self._in_utt:
            return ""
        self._d.end_utt()
        self._in_utt = False
        hyp = self._d.hyp()
        return _clean(hyp.hypstr) if hyp else ""


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


def _clean(text: str) -> str:
    # pocketsphinx marks alternative pronunciations as word(2) and fillers as <sil>, [noise].
    text = re.sub(r"\(\d+\)", "", text)
    text = re.sub(r"<[^>]*>|\[[^\]]*\]", " ", text)
    return " ".join(text.split())


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
            from viva.voice.stt_process import RecognizerProcess

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
