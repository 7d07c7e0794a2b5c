"""The speech recognizer's language: an interview corpus built from the bank and the personas,
and an ARPA language model made from it with pocketsphinx's own builder.

Held-out evaluation sentences (bench/stt.py) must never appear here; `corpus_lines()` is the
single source, so the bench can check that.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from viva.problems import list_problems
from viva.sim.personas import PERSONAS

GENERIC = [
    "can i get a hint", "i am stuck", "i don't know", "can you repeat the question", "i am done", "i think i'm done",
    "let me trace through this with the first example", "what about edge cases", "the time complexity is o of n",
    "it is o of n squared time", "o of n log n", "constant space", "linear time", "o of one space",
    "let me start coding", "no questions", "wait", "hold on", "repeat that", "okay", "yes", "no", "right",
    "so my approach would be to", "i would use a", "can the input be empty", "are there duplicates",
    "can the numbers be negative", "is the input sorted", "what should i return if there is no answer",
    "mm hm", "yeah", "sure", "got it", "makes sense", "thank you",
]
TEMPLATES = ["i would use {}", "my approach is {}", "i think {} would work", "maybe {}", "can i use {}"]


def clean(line: str) -> str:
    return " ".join(re.sub(r"[^a-z' ]", " ", line.lower()).split())


@lru_cache(maxsize=1)
def corpus_lines() -> tuple[str, ...]:
    lines: set[str] = {clean(g) for g in GENERIC}
    for p in list_problems():
        lines.add(clean(p.title))
        for c in p.clarifications:
            lines.add(clean(c.question))
            lines.update(clean(ph) for ph in c.phrases)
        for a in p.approaches:
            for kp in a.key_phrases:
                lines.update(clean(t.format(kp)) for t in TEMPLATES)
        for make in PERSONAS.values():
            lines.update(clean(s.text) for s in make(p) if s.kind == "say")
    return tuple(sorted(line for line in lines if line))


def build_lm(path: Path) -> Path:
    """Write the interview ARPA model to `path` (fixed-backoff trigrams, pocketsphinx.lm)."""
    from pocketsphinx.lm import ArpaBoLM

    lm = ArpaBoLM(sentfile=io.StringIO("\n".join(corpus_lines())), add_start=True, case="lower")
    lm.compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    lm.write_file(str(path))
    return path


def default_model() -> "SphinxModel":
    """The recognizer model the server uses. The stock general English model until a measured
    alternative beats it on held-out speech (bench/stt.py)."""
    from viva.voice.stt import SphinxModel

    return SphinxModel()
