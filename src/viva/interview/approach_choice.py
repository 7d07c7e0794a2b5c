"""Which approach a candidate commits to, when they contrast and correct themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from viva.wording.speech import normalize, phrase_score
from viva.problems.schema import Approach, Problem

APPROACH_THRESHOLD = 86.0


# Words right before a mention that set that approach aside: "instead of sorting", "rather than".
_SET_ASIDE = re.compile(r"\b(instead of|rather than|than|not|without|avoid|no need for|dont need|"
                        r"skip|other than|versus|vs)( (a|an|the|use|do|any|some|with|by|that|this|\w+ing))*$")
# Words near a mention that commit to it: "i ll use", "let me", "going to", "my approach is".
_COMMIT = re.compile(r"\b(ill|i will|im going to|going to|gonna|lets|let me|i can|we can|i want to|"
                     r"my (approach|plan|idea) (is|would be)|i d|id|go with|i ll|we ll|switch to|instead|"
                     r"better( to| would be)?|use)\b")
_HYPOTHETICAL = re.compile(r"\b(brute force|naive|naively|would be|could|simplest|obvious)\b")


@dataclass(frozen=True)
class Mention:
    approach: Approach
    score: float
    start: int
    end: int


def _mentions(problem: Problem, text: str) -> list[Mention]:
    """Every place an approach is named in the utterance, and how surely."""
    out: list[Mention] = []
    for a in problem.approaches:
        for phrase in a.key_phrases:
            score = phrase_score(phrase, text)
            if score < APPROACH_THRESHOLD:
                continue
            p = normalize(phrase)
            exact = [m.start() for m in re.finditer(rf"\b{re.escape(p)}\b", text)]
            starts = exact or [int(fuzz.partial_ratio_alignment(p, text).dest_start)]
            out += [Mention(a, score, start, start + len(p)) for start in starts]
    return sorted(out, key=lambda m: (m.start, -m.end))


# Turns in a sentence: what comes after one replaces what came before ("X, but Y", "X, no wait, Y").
_CONTRAST = re.compile(r"\b(but|however|though|although|wait|scratch that|on second thought|instead|hmm no|oh no|"
                       r"no no|rather|better|the real answer|the right way|cleaner way|too slow|not efficient|"
                       r"doesnt work|wont work|does not work|not good enough|inefficient)\b")
_REJECTED_AFTER = re.compile(r"^\W*(\w+ ){0,12}?(is |would be |thats |its )?(too slow|not efficient|inefficient|"
                             r"doesnt work|wont work|does not work|not good enough|too expensive|way too)\b")


def match_approach(problem: Problem, text: str) -> tuple[Approach | None, float, list[str], int]:
    """The approach the candidate commits to, its score, the ones set aside, and where it was named.

    People contrast and correct themselves: "a brute force would check every pair, but I'll use a
    hash map", "I'd sort, no wait, a heap". Whatever a turn ("but", "wait", "too slow") leaves
    behind is set aside; of what remains, one said with a commitment ("I'll", "let me") beats one
    said as a hypothetical, and a later one beats an earlier one."""
    mentions = _mentions(problem, text)
    if not mentions:
        return None, 0.0, [], -1

    def set_aside(k: int, m: Mention) -> bool:
        before = text[:m.start].rstrip()
        if _SET_ASIDE.search(before) or re.search(r"\bno$", before):  # "no division", not "no wait, a heap"
            return True
        if _REJECTED_AFTER.search(text[m.end:m.end + 90]):
            return True
        # A later option counts against this one only if it is not itself set aside ("instead of X").
        later = [n for n in mentions[k + 1:] if n.approach.name != m.approach.name and n.start >= m.end
                 and not _SET_ASIDE.search(text[:n.start].rstrip())]
        return any(_CONTRAST.search(text[m.end:n.start]) for n in later)

    kept = [m for k, m in enumerate(mentions) if not set_aside(k, m)]
    rejected = [m.approach.name for m in mentions if m not in kept]
    if not kept:
        return None, 0.0, list(dict.fromkeys(rejected)), -1

    def weight(m: Mention) -> tuple[int, int]:
        before = text[max(0, m.start - 60):m.start]
        clause = _CONTRAST.split(before)[-1]
        if _HYPOTHETICAL.search(clause):
            return 0, m.end
        return (2 if _COMMIT.search(clause) else 1), m.end

    chosen = max(kept, key=weight)
    rejected = [m.approach.name for m in mentions if m.approach.name != chosen.approach.name]
    return chosen.approach, chosen.score, list(dict.fromkeys(rejected)), chosen.start
