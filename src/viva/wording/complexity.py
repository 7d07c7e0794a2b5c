"""Complexity claims in speech: "o of n log n", "linear time and constant space", "O(amount * k)".

Canonical classes are "1", "log n", "n", "n log n", "n^2", "n^3", "2^n", "n!", "m*n", "n+m", "n*k";
anything else said as "o of ..." is kept as a normalized expression.
"""

from __future__ import annotations

import re

from viva.wording.speech import normalize

_COMPLEXITY_WORDS = [
    (r"\bo of n log n\b|\bn log n\b|\blinearithmic\b", "n log n"),
    (r"\bo of log n\b|\blogarithmic\b|\blog n time\b", "log n"),
    (r"\bo of n squared\b|\bn squared\b|\bquadratic\b|\bo of n 2\b(?! (passes|pointers|loops|arrays|variables|sweeps))|"
     r"\bo of n times n\b", "n^2"),
    (r"\bo of n cubed\b|\bn cubed\b|\bcubic\b", "n^3"),
    (r"\bo of 2 to the n\b|\bexponential\b|\b2 to the n\b", "2^n"),
    (r"\bo of n factorial\b|\bfactorial\b", "n!"),
    (r"\bo of (m times n|m n|n times m|n m|rows times columns)\b|\bm times n\b|\brows times (columns|cols)\b", "m*n"),
    (r"\bo of (n plus m|m plus n)\b", "n+m"),
    (r"\bo of n times k\b|\bo of n k\b|\bn times k\b", "n*k"),
    (r"\bo of n\b|\blinear\b|\bo n\b", "n"),
    (r"\bo of 1\b|\bconstant (time|space|memory|extra)\b|\b(is|its|be|in|and) constant\b|\bo 1\b", "1"),
]


# Anything else said as "o of ..." (O(amount * k), O(V + E)): kept as a normalized expression.
_TERM = (r"(?:log|times|plus|squared|cubed|to the|[b-hj-np-z]|\d+|amount|capacity|target|length|size|nodes|edges|"
         r"words|rows|columns|cols|height|width|depth|sum|max|len|word length|alphabet)")
_FREE_FORM = re.compile(rf"\bo of ({_TERM}(?: {_TERM}){{0,8}})\b")
_OPS = [(r"\s*\b(times|multiplied by|by)\b\s*", "*"), (r"\s*\bplus\b\s*", "+"), (r"\s*\bsquared\b", "^2"),
        (r"\s*\bcubed\b", "^3"), (r"\s*\bto the\s*", "^")]


def _free_form(expr: str) -> str:
    e = expr.strip()
    for pattern, op in _OPS:
        e = re.sub(pattern, op, e)
    e = re.sub(r"\s+", " ", e).strip()
    # Products are the same whichever order they are said in.
    return "+".join(sorted("*".join(sorted(f.strip() for f in term.split("*"))) for term in e.split("+")))


def _fixed(expr: str) -> str | None:
    """The named class an "o of ..." expression is, if it is exactly one ("n log n", "1")."""
    phrase = "o of " + expr.strip()
    for pattern, canon in _COMPLEXITY_WORDS:
        m = re.search(pattern, phrase)
        if m and m.start() == 0 and m.end() == len(phrase):
            return canon
    return None


def _claims(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for m in _FREE_FORM.finditer(text):
        expr, end = m.group(1), m.end()
        if re.match(r" (pass|passes|pointers?|loops?|arrays?|variables?|sweeps?|times|nested|for|to|of|more)\b",
                    text[end:]) and \
                re.search(r" \d+$", expr):
            expr = re.sub(r" \d+$", "", expr)  # "o of n, one pass": the number counts passes
            end = m.start(1) + len(expr)
        found.append((m.start(), end, _fixed(expr) or _free_form(expr)))
    for pattern, canon in _COMPLEXITY_WORDS:
        for m in re.finditer(pattern, text):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _ in found):
                continue
            found.append((m.start(), m.end(), canon))
    return sorted(found)


def claimed_complexities(text: str) -> list[str]:
    """Complexity classes named in the utterance, in the order they were said."""
    return [c for _, _, c in _claims(text)]


def canonical_complexity(text: str) -> str | None:
    """Turn a data file's "O(n log n)" or a speaker's "n log n time" into one canonical form."""
    claims = claimed_complexities(normalize(text))
    return claims[0] if claims else None


def split_time_space(text: str) -> tuple[str | None, str | None]:
    """The time and space classes of an utterance like "linear time and constant space".
    Each claim belongs to the nearest "time" or "space" word; a lone claim is about time."""
    claims = _claims(text)
    if not claims:
        return None, None
    markers = [(m.start(), "space") for m in re.finditer(r"\b(space|memory|extra)\b", text)]
    markers += [(m.start(), "time") for m in re.finditer(r"\b(time|runtime|run time|fast|slow)\b", text)]
    time_claim = space_claim = None
    if not markers and len(claims) == 2:
        return claims[0][2], claims[1][2]  # "O(n), O(1)": time, then space, by convention
    for k, (start, end, canon) in enumerate(claims):
        kind = "time"
        previous_end = claims[k - 1][1] if k else -1
        # "the space is o of n": a marker just before the claim, within a few words, names it.
        before = [mk for mk in markers if previous_end <= mk[0] < start]
        near = [mk for mk in before if len(text[mk[0]:start].split()) <= 4]
        # "o of n time": the word right after the claim, unless it opens the next clause ("space is").
        after = [mk for mk in markers if mk[0] >= end and not text[end:mk[0]].strip()
                 and not re.match(r"\w+ (is|complexity|would|will|should|wise)\b", text[mk[0]:])]
        own = re.search(r"\b(space|memory|extra)\b|\b(time)\b", text[start:end])  # "constant space"
        if own:
            kind = "space" if own.group(1) else "time"
        elif after:
            kind = min(after)[1]
        elif near:
            kind = max(near)[1]
        elif before:
            kind = max(before)[1]
        if kind == "space" and space_claim is None:
            space_claim = canon
        elif kind == "time" and time_claim is None:
            time_claim = canon
    return time_claim, space_claim
