"""Corrupting text the way speech recognition does: dropped words, homophones, fillers, no
punctuation or capitals. Seeded, so a failing test can be replayed."""

from __future__ import annotations

import random
import re

HOMOPHONES = {
    "hash": ["hatch", "hush"], "two": ["to", "too"], "for": ["four"],
    "complement": ["compliment"], "o(n)": ["oh of n", "o of n", "big o of n"],
    "sorted": ["sordid", "sorted"], "array": ["a ray", "array"], "queue": ["cue"], "i'm": ["im", "i am"],
    "pointers": ["pointer's", "pointers"], "negative": ["negative"], "memoize": ["memorize", "memo eyes"],
    "log": ["log", "lug"], "there": ["their", "they're"], "right": ["write", "rite"],
    "hint": ["hint"], "know": ["no"], "done": ["dun", "done"], "map": ["mab", "map", "nap"], "n": ["and", "end", "an"], "trace": ["trace", "trays"],
}
FILLERS = ["um", "uh", "like", "you know", "so", "i mean"]
# Recognizers lose short unstressed words; content words come back misheard, not missing.
DROPPABLE = {"the", "a", "an", "that", "just", "really", "then", "this", "so", "and", "with", "for", "would",
             "will", "it", "be", "to", "my", "some"}


def corrupt(text: str, seed: int, drop: float = 0.15, swap: float = 0.35, filler: float = 0.12) -> str:
    """A speech-recognition version of `text`: no punctuation or capitals, fillers, homophones,
    and unstressed function words dropped."""
    rng = random.Random(seed)
    t = text.lower()
    t = re.sub(r"o\(([^)]*)\)", lambda m: "o of " + m.group(1).replace("^2", " squared"), t)
    t = re.sub(r"[^\w\s']", " ", t)
    out: list[str] = []
    previous = ""
    for word in t.split():
        # Hesitations come between phrases, not inside "o of n".
        if previous not in ("o", "of") and rng.random() < filler:
            out.append(rng.choice(FILLERS))
        if word in DROPPABLE and rng.random() < drop:
            continue
        if word in HOMOPHONES and rng.random() < swap:
            word = rng.choice(HOMOPHONES[word])
        out.append(word)
        previous = word
    return " ".join(out)
