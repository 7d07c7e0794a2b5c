"""The pocketsphinx decoder and what it is built from: the model, the coding words' pronunciations.

A leaf: `stt` (the recognizer interface, pools, keyword spotting) and `stt_process` (a decoder in
its own process) both build on it, and it imports neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable


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


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word of the stock pronouncing dictionary (CMUdict, 130k words) and our coding words."""
    path = resources.files("pocketsphinx").joinpath("model", "en-us", "cmudict-en-us.dict")
    with path.open("r", encoding="utf-8", errors="replace") as f:
        words = {line.split(None, 1)[0].split("(")[0] for line in f if line.strip()}
    return frozenset(words | set(pronunciations()))


def unknown_words(text: str) -> list[str]:
    """Words of `text` no English dictionary we hold knows: a recognizer's invention ("deraille")."""
    return [w for w in re.findall(r"[a-z']+", text.lower()) if w.strip("'") and w.strip("'") not in english_words()]


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


def _clean(text: str) -> str:
    # pocketsphinx marks alternative pronunciations as word(2) and fillers as <sil>, [noise].
    text = re.sub(r"\(\d+\)", "", text)
    text = re.sub(r"<[^>]*>|\[[^\]]*\]", " ", text)
    return " ".join(text.split())
