"""Speech-recognition text made comparable: normalized, fuzzy and phonetic matching.

Transcripts arrive without punctuation, with fillers, dropped words and homophones ("hatch map",
"oh of n", "to pointers"). Everything here is pure and cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz

FILLERS = r"\b(um+|uh+|erm+|hmm+|mm+|ah+|you know|i mean|kind of|sort of|basically|actually|like|so)\b"
NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
                "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
                "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
                "hundred": "100", "thousand": "1000"}
# Misrecognitions seen in interview speech; applied to whole words, after lowercasing.
HOMOPHONES = [
    (r"\b(hatch|hush|has|hashed) (map|maps|mab|mop|nap|mat|math|table|set)\b", r"hash \2"),
    (r"\bhash (mab|mop|nap|mat|math)\b", "hash map"), (r"\bdun\b", "done"),
    (r"\btimes (and|end|an|in)\b", "times n"), (r"\bhashmap\b", "hash map"), (r"\bhash set\b", "hash set"), (r"\bdict\b", "dictionary"),
    (r"\b(to|too) pointers?\b", "two pointers"), (r"\bto pointer\b", "two pointer"),
    (r"\bmemo ?(eyes|ize|ise|rise|rize)\b", "memoize"), (r"\bmemorize\b", "memoize"),
    (r"\bmemoization\b", "memoize"), (r"\bmemorization\b", "memoize"), (r"\bmemo\b", "memoize"),
    (r"\b(caching|cached)\b", "cache"), (r"\bmultipl(y|ied by|ying)\b", "times"),
    (r"\b(end|and|an|in) log (end|and|an|in|n)\b", "n log n"), (r"\blog (end|and|in)\b", "log n"),
    (r"\b(oh|o|big o|big oh) of\b", "o of"), (r"\bbig (o|oh)\b", "o"),
    (r"\blug\b", "log"), (r"\blog (an|en)\b", "log n"),
    (r"\bo of (and|end|an|in|en)\b", "o of n"),
    (r"\b(end|and|an) squared\b", "n squared"), (r"\bn square\b", "n squared"),
    (r"\b(bread|breath|breadth) first\b", "breadth first"), (r"\b(death|debt) first\b", "depth first"),
    (r"\bbfs\b", "breadth first search"), (r"\bdfs\b", "depth first search"),
    (r"\b(a|the) rate\b", "array"), (r"\b(cue|queue|cue u)\b", "queue"),
    (r"\bstacks?\b", "stack"), (r"\bheaps?\b", "heap"), (r"\bsliding windows?\b", "sliding window"),
    (r"\b(a ray|a rate|the rate)\b", "array"), (r"\bbinary churches?\b", "binary search"), (r"\btrays?\b", "trace"), (r"\bwalk (thru|true)\b", "walk through"),
    (r"\bdynamic program(ing|)\b", "dynamic programming"), (r"\bdp\b", "dynamic programming"),
    (r"\bi m\b", "im"), (r"\bi am\b", "im"), (r"\bdon t\b", "dont"), (r"\bdo not\b", "dont"),
    (r"\bcan t\b", "cant"), (r"\bthat s\b", "thats"), (r"\bwhat s\b", "whats"), (r"\blet s\b", "lets"),
    (r"\bit s\b", "its"), (r"\b(\w+n) t\b", r"\1t"), (r"\bwon t\b", "wont"),
]


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    t = text.lower().replace("’", "'")
    t = re.sub(r"o\s*\(\s*", " o of ", t)  # "O(n)" -> "o of n)"
    t = t.replace("^2", " squared").replace("²", " squared").replace("^", " to the ")
    t = t.replace("*", " times ").replace("×", " times ").replace("+", " plus ")
    t = re.sub(r"(?<![\w)])-(?=\d)", " minus ", t)  # "-1" said as "minus one"
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    t = re.sub(FILLERS, " ", t)
    t = " ".join(NUMBER_WORDS.get(w, w) for w in t.split())
    for pattern, repl in HOMOPHONES:
        t = re.sub(pattern, repl, t)
    t = re.sub(r"\b(\w+)( \1\b)+", r"\1", t)  # stutters: "the the"
    return " ".join(t.split())


@lru_cache(maxsize=8192)
def phonetic(text: str) -> str:
    return " ".join(jellyfish.metaphone(w) or w for w in text.split())


def phrase_score(phrase: str, text: str) -> float:
    """0..100: how well a short phrase appears in the utterance, by spelling or by sound."""
    p = normalize(phrase)
    if not p or not text:
        return 0.0
    if f" {p} " in f" {text} ":
        return 100.0
    words = p.split()
    if len(words) == 1:
        # One word must match a whole word ("sort" is not "sorted"); short ones exactly.
        if len(p) <= 4:
            return 0.0
        return max((fuzz.ratio(p, w) for w in text.split()), default=0.0) * (1.0 if len(p) > 5 else 0.95)
    spelled = fuzz.partial_ratio(p, text)
    sound = fuzz.partial_ratio(phonetic(p), phonetic(text))
    # Word coverage guards against partial_ratio's habit of matching fragments of words.
    present = sum(1 for w in words if any(fuzz.ratio(w, t) >= 80 for t in text.split())) / len(words)
    return min(max(spelled, sound * 0.95), 100.0 * (0.5 + present / 2))


def best_phrase(phrases: list[str], text: str) -> float:
    return max((phrase_score(p, text) for p in phrases), default=0.0)
