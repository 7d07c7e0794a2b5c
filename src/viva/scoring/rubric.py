"""The five pillars: written anchors (data), and how signals turn into a 1-10 score with evidence.

Every score starts from what was observed, never from a default in the candidate's favour: a
pillar with no evidence scores 2 at low confidence. `docs/rubric.md` is generated from ANCHORS.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from viva.scoring.signals import Evidence, Signals

Pillar = Literal["algorithms", "coding", "problem_solving", "verification", "communication"]
PILLARS: tuple[Pillar, ...] = ("algorithms", "coding", "problem_solving", "verification", "communication")
Confidence = Literal["low", "medium", "high"]

ANCHORS: dict[Pillar, dict[str, str]] = {
    "algorithms": {
        "1-2": "No workable approach, or the whole solution came from the reveal hint.",
        "3-4": "A brute-force idea only; complexity unknown or wrong.",
        "5-6": "A correct approach that is not optimal, or the optimal one reached with heavy hints.",
        "7-8": "The optimal approach with little help, complexity stated correctly.",
        "9-10": "The optimal approach unprompted, complexity exact, trade-offs explained.",
    },
    "coding": {
        "1-2": "No code, or code that does not run.",
        "3-4": "Code that runs but fails many tests.",
        "5-6": "Mostly working code; some failing cases, or it needed many runs.",
        "7-8": "Correct code that passes every test including the large input, reasonably concise.",
        "9-10": "Correct on the first run, concise and clean, close to the reference length.",
    },
    "problem_solving": {
        "1-2": "No progress without the answer being handed over.",
        "3-4": "Started coding without a plan; needed several hints.",
        "5-6": "Found a way forward with some hints or pushing.",
        "7-8": "Clarified, planned before coding, improved the approach when asked.",
        "9-10": "Clarified the edges, planned, and moved to the optimal idea without hints.",
    },
    "verification": {
        "1-2": "Never tested or traced the code; called it done regardless of results.",
        "3-4": "Ran the tests but did not trace an example or consider edge cases.",
        "5-6": "Some checking: traced an example, named edge cases, or ran a case of their own.",
        "7-8": "Traced a concrete example and raised edge cases before calling it done.",
        "9-10": "Traced, raised edge cases, and caught and fixed own bugs before being told.",
    },
    "communication": {
        "1-2": "Mostly silent; the interviewer could not follow the thinking.",
        "3-4": "Brief answers only when asked; long silences outside coding.",
        "5-6": "Explained when asked; some silences or unclear moments.",
        "7-8": "Thought out loud, asked clarifying questions, explained choices.",
        "9-10": "Clear and concise throughout; stated complexity and trade-offs unprompted.",
    },
}


class PillarScore(BaseModel):
    score: int
    confidence: Confidence
    evidence: list[Evidence]


def _clamp(x: float) -> int:
    return int(max(1, min(10, int(x + 0.5))))  # half up, not to even: 6.5 is a 7


def _confidence(n: int, duration_s: float) -> Confidence:
    if duration_s < 300 or n <= 1:
        return "low"
    return "medium" if n <= 3 else "high"


def _first(s: Signals, key: str, k: int = 2) -> list[Evidence]:
    return s.evidence.get(key, [])[:k]


def _fact(text: str, seq: int = 0) -> Evidence:
    """A measured fact; its seq is the event it was read from (the last run), or the session's last."""
    return Evidence(seq=seq, text=text)


def _run_seq(s: Signals) -> int:
    runs = s.evidence.get("runs", [])
    return runs[-1].seq if runs else s.last_seq


def algorithms(s: Signals) -> PillarScore:
    ev: list[Evidence] = _first(s, "approach", 2) + _first(s, "code_time", 1) + _first(s, "code_structures", 1)
    passed_all = s.final_verdict == "accepted"
    if passed_all and s.performance in ("accepted", None):
        # Fast enough, but by an approach that is not the optimal one (by the candidate's own words,
        # or by what the code does): a correct approach, not yet the best.
        slower = (s.approach and not s.approach_optimal) or s.code_optimal is False
        score = 5.0 if slower else 6.5
        ev.append(_fact("the final code passes every test, including the large input", _run_seq(s)))
    elif s.performance == "time_limit_exceeded":
        score = 4.0
        ev.append(_fact("correct, but too slow on the large input", _run_seq(s)))
    elif s.approach_optimal:
        score = 5.0
    elif s.approach:
        score = 3.5
    else:
        score = 2.0
    # Reaching the optimal idea alone earns these; after any hint, the hint did part of the work.
    unaided = not any(s.hints.values())
    if s.approach_optimal and s.approaches_tried == 1 and unaided:
        score += 1.5
    if s.approach_optimal and s.approaches_weighed > 1 and unaided:
        score += 0.5  # named the slower option and said why not: trade-offs explained
    if s.complexity_correct:
        score += 1
        ev += _first(s, "complexity", 1)
    elif s.complexity_correct is False:
        score -= 1
        ev += _first(s, "complexity", 1)
    score -= 1.0 * s.hints["nudge"] + 1.5 * s.hints["hint"] + 3.0 * s.hints["reveal"]
    if not passed_all:
        score = min(score, 5)  # an idea without working code is not yet an algorithm delivered
    if s.hints["reveal"]:
        score = min(score, 4)
        ev += [e for e in s.evidence.get("hints", []) if "reveal" in e.text][:1]
    if not ev:
        return PillarScore(score=2, confidence="low", evidence=[])
    return PillarScore(score=_clamp(score), confidence=_confidence(len(ev), s.duration_s), evidence=ev)


def coding(s: Signals) -> PillarScore:
    if not s.runs:
        return PillarScore(score=1 if s.duration_s > 600 else 2, confidence="low",
                           evidence=[_fact("no code was run", s.last_seq)])
    ev = _first(s, "runs", 3) + _first(s, "code_errors", 2) + _first(s, "code_unused", 2)
    if s.evidence.get("code_unused"):
        score_unused = -0.5  # dead names are clutter a reviewer would flag
    else:
        score_unused = 0.0
    if s.final_verdict == "accepted":
        score = 7.5
        if s.runs == 1:
            score += 1
        score -= min(1.5, 0.5 * (s.runs - 1 - s.fixed_own_bugs * 0))  # every failed attempt before green
        if s.code_length_ratio is not None:
            if s.code_length_ratio <= 1.3:
                score += 0.5
            elif s.code_length_ratio > 2.0:
                score -= 1
            ev.append(_fact(f"{s.code_lines} lines against {s.reference_lines} in the reference", _run_seq(s)))
    elif s.performance == "time_limit_exceeded":
        score = 6.0
    else:
        rate = s.final_passed / max(1, s.final_total)
        score = 2.5 + 3.0 * rate
    score -= min(2.0, 0.5 * (s.runtime_errors + s.compile_errors))
    score += score_unused
    if s.hints["hint"] or s.hints["reveal"]:
        score = min(score, 8)  # code written after the idea was handed over is not wholly the candidate's
    return PillarScore(score=_clamp(score), confidence=_confidence(len(ev) + s.runs - 1, s.duration_s), evidence=ev)


def problem_solving(s: Signals) -> PillarScore:
    ev = _first(s, "clarify", 2) + _first(s, "approach", 2)
    if not ev and not s.runs:
        return PillarScore(score=2, confidence="low", evidence=[])
    score = 3.0
    score += min(2, s.clarifying_questions) * 1.0
    if s.held_back_asked:
        # The problem left a constraint out on purpose; finding it is what the variant tests.
        score += 1.0
        ev = _first(s, "held_back", 1) + ev
    if s.approach_before_coding:
        score += 2 if s.approach_optimal else 1  # a plan; a plan that held up is worth more
        ev.append(_fact("stated an approach before coding", s.evidence["approach"][0].seq if s.evidence.get(
            "approach") else s.last_seq))
    if s.approaches_tried > 1 and s.approach_optimal and not any(s.hints.values()):
        score += 1
        ev.append(_fact("improved the approach when pushed", s.evidence["approach"][-1].seq))
    if s.final_verdict == "accepted":
        score += 1
    if s.fixed_own_bugs:
        score += 0.5
        ev += _first(s, "fixed", 1)
    score -= 1.0 * s.hints["nudge"] + 1.5 * s.hints["hint"] + 2.0 * s.hints["reveal"]
    ev += s.evidence.get("hints", [])[:2]
    return PillarScore(score=_clamp(score), confidence=_confidence(len(ev), s.duration_s), evidence=ev)


def verification(s: Signals) -> PillarScore:
    ev = (_first(s, "walkthrough", 1) + _first(s, "edge_cases", 1) + _first(s, "own_tests", 1)
          + _first(s, "fixed", 1) + _first(s, "done", 1))
    score = 2.0
    if s.walked_through_example:
        score += 2.5
    if s.raised_edge_cases:
        score += 2.5
    if s.own_tests:
        # Testing a case of one's own choosing is checking, by running rather than by tracing.
        score += 1.5 if not (s.walked_through_example or s.raised_edge_cases) else 0.5
    if s.ran_before_done and s.runs:
        score += 0.5
    if s.fixed_own_bugs:
        score += 1
    thorough = s.walked_through_example and s.raised_edge_cases
    if thorough and s.coding_s and s.testing_s / max(1.0, s.coding_s) >= 0.25:
        score += 0.5
        ev.append(_fact(f"{int(s.testing_s)} s testing against {int(s.coding_s)} s coding", s.last_seq))
    if s.said_done_with_failures:
        score -= 2
    if s.failed_runs_before_pass:
        score = min(score, 8)  # 9-10 means catching one's own bugs before the tests do
    if not ev:
        return PillarScore(score=_clamp(min(score, 3)), confidence="low",
                           evidence=[_fact("no example traced and no edge cases raised", s.last_seq)]
                           if s.runs else [])
    return PillarScore(score=_clamp(score), confidence=_confidence(len(ev), s.duration_s), evidence=ev)


def communication(s: Signals) -> PillarScore:
    ev = _first(s, "clarify", 1) + _first(s, "approach", 1) + _first(s, "complexity", 1) + _first(s, "silence", 2)
    if s.candidate_words < 30:
        return PillarScore(score=1 if s.candidate_words < 10 else 2, confidence="low" if s.duration_s < 300 else
                           "medium", evidence=[_fact(f"the candidate said {s.candidate_words} words in all", s.last_seq)])
    score = 1.5
    if s.walked_through_example:
        score += 1  # thought out loud through the code
    if 0.25 <= s.talk_ratio <= 0.65:
        score += 1.5
    elif s.talk_ratio >= 0.15:
        score += 0.5
    if s.words_per_turn >= 14:
        score += 1  # explains, rather than answering in a few words
    elif s.words_per_turn >= 9:
        score += 0.5
    if s.clarifying_questions:
        score += 1
    if s.approach:
        score += 1
    if s.complexity_unprompted and s.complexity_claim:
        score += 0.5
    if s.approaches_weighed > 1:
        score += 0.5  # said why one way over another
    score -= min(3, s.long_silences_outside_coding)
    score -= min(2.0, 1.0 * sum(s.hints.values()))  # the interviewer had to carry part of the conversation
    ev.append(_fact(f"talk ratio {s.talk_ratio:.2f} ({s.candidate_words} words)", s.last_seq))
    return PillarScore(score=_clamp(score), confidence=_confidence(len(ev), s.duration_s), evidence=ev)


SCORERS = {"algorithms": algorithms, "coding": coding, "problem_solving": problem_solving,
           "verification": verification, "communication": communication}


def score_pillars(s: Signals) -> dict[Pillar, PillarScore]:
    return {p: SCORERS[p](s) for p in PILLARS}  # type: ignore[misc]
