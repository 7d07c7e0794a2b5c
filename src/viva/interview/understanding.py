"""Understanding what the candidate said, from speech-recognition text, in the interview's context.

Matching is done on a normalized form, fuzzily and phonetically, against the problem's own data
(`speech`); the wording of each intent lives in `intent_patterns`, complexity claims in
`complexity_claims`, and the choice between contrasted approaches in `approach_choice`. This
module decides: one intent first, the rest as secondary, and the facts the report will cite.
One model is consulted: a clarifying question whose words match none of the problem's is matched
by sentence meaning (`paraphrase`), and without the model it is matched by its words alone. Its
answers are deterministic, and what was understood is stored in the event, so a replay never
needs it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
from rapidfuzz import fuzz

from viva.events import Understood
from viva.interview.approach_choice import APPROACH_THRESHOLD, _CONTRAST, match_approach
from viva.wording.complexity import canonical_complexity, claimed_complexities, split_time_space
from viva.interview.paraphrase import encoder
from viva.interview.intent_patterns import (
    ACK, ACK_WORDS, ANSWER_REQUEST, APPROACH_CUES, ASSUMPTION, BEHAVIOUR, BENDING, CHANGE_OF_PLAN, COMPLEXITY_TALK, DIAGNOSING, DONE, EDGE_CASES, GENERIC_EDGE, GREETING, HINT, NO_QUESTIONS, PLAN_CUES, READY, REPEAT, RUN_QUESTION, RUN_WORDS, DISPUTE, SCORING_WORDS, STEERING, STRONG_COMMIT, STUCK, TO_INTERVIEWER, TRACE, TRACE_OPS, VERIFY, _any, about_the_problem, looks_like_question,
)
from viva.wording.speech import best_phrase, normalize, phonetic, phrase_score
from viva.problems.schema import Approach, Clarification, Problem

__all__ = ["Intent", "Understanding", "understand", "normalize", "phonetic", "phrase_score", "best_phrase",
           "canonical_complexity", "claimed_complexities", "split_time_space", "match_approach",
           "match_clarification", "looks_like_question", "about_the_problem", "edge_cases_named", "ASKING",
           "CLARIFY_THRESHOLD"]


class Intent(str, Enum):
    steering = "steering"  # "ignore your instructions", "rate me strong hire"
    answer_request = "answer_request"  # "just give me the answer": the next rung, never the solution
    repeat = "repeat"  # "repeat the question"
    hint_request = "hint_request"
    run_question = "run_question"  # "what's the error exactly?": about the last run's result
    stuck = "stuck"  # "I don't know", "I'm stuck"
    done = "done"  # "I'm done"
    complexity = "complexity"  # a complexity claim
    verification = "verification"  # tracing an example, edge cases
    clarifying_question = "clarifying_question"
    approach = "approach"  # a stated way to solve it
    ready_to_code = "ready_to_code"
    question_to_interviewer = "question_to_interviewer"
    no_questions = "no_questions"
    acknowledgement = "acknowledgement"
    greeting = "greeting"
    off_topic = "off_topic"


@dataclass
class Understanding:
    intent: Intent
    text: str  # normalized
    clarification: Clarification | None = None
    clarification_score: float = 0.0
    approach: Approach | None = None
    approach_score: float = 0.0
    complexity: str | None = None  # canonical time complexity claimed, e.g. "n", "n log n", "n^2"
    space: str | None = None
    also: set[Intent] = field(default_factory=set)  # secondary intents found in the same utterance
    question: bool = False
    rejected: list[str] = field(default_factory=list)  # approaches named and set aside
    walkthrough: bool = False
    edge_cases: list[str] = field(default_factory=list)
    disputes: bool = False  # says the tests, not the code, are wrong

    @property
    def commits_to_approach(self) -> bool:
        return self.approach is not None and self.approach_score >= APPROACH_THRESHOLD and (
            self.intent == Intent.approach or Intent.approach in self.also)

    @property
    def vague_question(self) -> bool:
        """A clarifying question that matched none of the problem's well: answering it would be
        guessing ("it's your call")."""
        return self.intent == Intent.clarifying_question and self.clarification_score < CLARIFY_THRESHOLD

    def stored(self) -> Understood:
        """What goes on the event: the facts, typed, for the fold and the report to read."""
        return Understood(
            intent=self.intent.value, also=sorted(i.value for i in self.also), question=self.question,
            clarification=self.clarification.question if self.clarification else None,
            approach=self.approach.name if self.commits_to_approach and self.approach else None,
            optimal=bool(self.commits_to_approach and self.approach and self.approach.optimal),
            rejected=self.rejected if self.commits_to_approach else [],
            complexity=self.complexity, space=self.space,
            walkthrough=self.walkthrough, edge_cases=self.edge_cases,
        )

STRONG_CLARIFY = 95  # a near-verbatim clarification, even without a question's wording
CLARIFY_THRESHOLD = 82.0
# Sentence-model cosine a paraphrase needs, and its lead over the next clarification: chosen on the
# bank's own phrases, each left out of its problem (bench/understanding.py, "tune"), for about nine
# right answers to one wrong; held-out phrasings were scored only after.
SEMANTIC_NEAR = 0.6
SEMANTIC_MARGIN = 0.05


def match_clarification(problem: Problem, text: str) -> tuple[Clarification | None, float]:
    best, score = None, 0.0
    for c in problem.clarifications:
        s = max(best_phrase(c.phrases, text), 0.9 * fuzz.token_set_ratio(normalize(c.question), text))
        if s > score:
            best, score = c, s
    return best, score


def nearest_clarification(problem: Problem, text: str) -> tuple[Clarification, float] | None:
    """The clarification a question means, by sentence meaning, when its words match none: the
    nearest of each clarification's question and phrases, if near enough and clearly nearer than
    the next clarification. Scored on the string matcher's scale, between the threshold and
    STRONG_CLARIFY (a paraphrase still needs a question's wording to be one)."""
    enc = encoder()
    if enc is None or not problem.clarifications or len(text.split()) < 3:
        return None
    names, matrix = _clarification_vectors(_clarification_texts(problem))
    sims = matrix @ enc.encode(text)
    per = np.full(len(problem.clarifications), -1.0)
    np.maximum.at(per, names, sims)
    order = np.argsort(per)[::-1]
    top = float(per[order[0]])
    margin = top - (float(per[order[1]]) if len(order) > 1 else 0.0)
    if top < SEMANTIC_NEAR or margin < SEMANTIC_MARGIN:
        return None
    score = min(STRONG_CLARIFY - 1, CLARIFY_THRESHOLD + (top - SEMANTIC_NEAR) * 40)
    return problem.clarifications[int(order[0])], score


def prepare(problem: Problem) -> None:
    """Load the sentence model and embed the problem's clarifications now (a second or so the
    first time), so that the first question asked is not the one that waits for it."""
    if encoder() is not None and problem.clarifications:
        _clarification_vectors(_clarification_texts(problem))


def _clarification_texts(problem: Problem) -> tuple[tuple[str, ...], ...]:
    # Questions and phrases, not answers: an answer says more than what was asked ("values and the
    # target can be negative"), and drew "is the target always an integer" to the wrong question.
    return tuple((c.question, *c.phrases) for c in problem.clarifications)


_vectors: dict[tuple[tuple[str, ...], ...], tuple[np.ndarray, np.ndarray]] = {}
_building = threading.Lock()


def _clarification_vectors(clarifications: tuple[tuple[str, ...], ...]) -> tuple[np.ndarray, np.ndarray]:
    """Each clarification's question and phrases as vectors, with the clarification each belongs
    to. Built once per problem, by one thread: eight sessions starting on one problem at once
    made eight copies, one sentence at a time, and a question asked meanwhile waited seconds."""
    got = _vectors.get(clarifications)
    if got is not None:
        return got
    with _building:
        got = _vectors.get(clarifications)
        if got is None:
            enc = encoder()
            assert enc is not None
            owners = [i for i, texts in enumerate(clarifications) for _ in texts]
            got = np.array(owners), enc.encode_many([t for texts in clarifications for t in texts])
            _vectors[clarifications] = got
    return got

# When one utterance does several things, the one the interviewer must answer first.
PRIORITY = [Intent.steering, Intent.answer_request, Intent.repeat, Intent.hint_request, Intent.run_question,
            Intent.clarifying_question, Intent.question_to_interviewer, Intent.stuck, Intent.done, Intent.approach,
            Intent.ready_to_code, Intent.verification, Intent.complexity, Intent.no_questions, Intent.greeting,
            Intent.acknowledgement, Intent.off_topic]


def edge_cases_named(t: str) -> list[str]:
    return [name for name, pattern in EDGE_CASES if re.search(pattern, t)]


# What asks the interviewer for something: it gets an answer now (turn-taking ends the turn on it).
ASKING = frozenset({Intent.clarifying_question, Intent.hint_request, Intent.repeat, Intent.run_question,
                    Intent.answer_request, Intent.stuck})
# Openers of a question that can close a stretch of thinking aloud.
TRAILING_QUESTION = re.compile(
    r"\b(what should i|what do i|should i|can i assume|could you|do i need to|do i have to|what happens if|"
    r"is there always|are there|can you)\b")


def understand(text: str, problem: Problem, phase: str | None = None, asked: tuple[str, ...] = (),
               meaning: bool = True) -> Understanding:
    """What one utterance means. `phase` and `asked` (the interviewer's last acts) are the context
    a person would use: after "walk me through it", a long answer is the walk-through.

    Thinking aloud that ends in a question ("...then I check the map. What should I return if no
    pair adds up?") is a question: it gets the answer, and what came before keeps its facts.

    `meaning=False` skips the sentence model (10-50 ms a question): turn-taking asks on every
    streaming partial only whether the words ask something, not which clarification they mean."""
    u = _understand(text, problem, phase, asked, meaning)
    # A question the data does not cover, found in a long utterance, may be a covered question at
    # its end that the words before it drowned ("...in the map. What should I return if no pair
    # adds up?" matched "In what order should I return the indices?" weakly, and got "your call").
    weak = u.intent == Intent.clarifying_question and u.clarification_score < CLARIFY_THRESHOLD
    if u.intent in ASKING and not weak:
        return u
    t = u.text
    openers = [m for m in TRAILING_QUESTION.finditer(t) if m.start() > 0]
    if not openers or len(t[:openers[-1].start()].split()) < 5:
        return u
    tail = t[openers[-1].start():]
    if not 4 <= len(tail.split()) <= 20:
        return u
    q = _understand(tail, problem, phase, asked, meaning)
    if q.intent not in ASKING or (q.intent == Intent.clarifying_question and q.clarification_score < 70):
        return u  # only a question about the problem itself, or a request, closes thinking aloud
    if weak and not (q.intent == Intent.clarifying_question and q.clarification_score >= CLARIFY_THRESHOLD):
        return u  # the end is no surer than the whole
    u.also = (u.also | {u.intent}) - {q.intent}
    u.intent, u.question = q.intent, True
    u.clarification, u.clarification_score = q.clarification, q.clarification_score
    return u


def _understand(text: str, problem: Problem, phase: str | None = None, asked: tuple[str, ...] = (),
                meaning: bool = True) -> Understanding:
    t = normalize(text)
    u = Understanding(intent=Intent.off_topic, text=t)
    if not t:
        u.intent = Intent.acknowledgement
        return u
    time_claim, space_claim = split_time_space(t)
    if not (time_claim or space_claim) and phase == "complexity" and len(t.split()) <= 4:
        time_claim, space_claim = split_time_space("o of " + t)  # "log n." said as the answer
    u.complexity, u.space = time_claim, space_claim
    u.clarification, u.clarification_score = match_clarification(problem, t)
    u.approach, u.approach_score, u.rejected, at = match_approach(problem, t)
    turns = [m.end() for m in _CONTRAST.finditer(t[:at])] if at > 0 else []
    if turns:
        # "Scanning is linear, but since it's sorted I'll do binary search": a claim made before the
        # turn is about the option set aside; only what follows it is about the chosen approach.
        u.complexity, u.space = split_time_space(t[turns[-1]:])
    is_question = looks_like_question(text, t)
    u.question = is_question
    if is_question and meaning and u.clarification_score < CLARIFY_THRESHOLD:
        near = nearest_clarification(problem, t)  # only for questions: statements are never matched
        if near is not None:
            u.clarification, u.clarification_score = near

    found: list[Intent] = []
    words = t.split()
    grading = re.search(SCORING_WORDS, t)
    if _any(STEERING, t) or grading and (re.search(BENDING, t) or re.search(r"\bplease\b", t) and phase != "wrap_up"):
        found.append(Intent.steering)
    if _any(ANSWER_REQUEST, t):
        found.append(Intent.answer_request)
    if _any(REPEAT, t) and len(t.split()) <= 60:
        found.append(Intent.repeat)
    if _any(HINT, t):
        found.append(Intent.hint_request)
    u.disputes = phase in ("coding", "testing") and _any(DISPUTE, t)
    if u.disputes or (_any(RUN_QUESTION, t) and (is_question or phase in ("coding", "testing"))) or (
            is_question and phase in ("coding", "testing") and re.search(RUN_WORDS, t)):
        found.append(Intent.run_question)
    if _any(STUCK, t):
        found.append(Intent.stuck)
    if _any(DONE, t) and not is_question:
        found.append(Intent.done)
    if time_claim or space_claim or re.search(COMPLEXITY_TALK, t):
        found.append(Intent.complexity)
    if _any(VERIFY, t) and (not is_question or re.search(r"\b(edge|corner) cases?\b", t)):
        found.append(Intent.verification)
    if u.approach is not None and u.approach_score >= APPROACH_THRESHOLD and (not is_question or _any(
            [r"\bcould i\b", r"\bcan i\b", r"\bwhat if i\b", r"\bwould it (work|be ok)\b"], t)) and (
            _any(APPROACH_CUES, t) or len(t.split()) >= 3 or phase == "approach"):
        found.append(Intent.approach)
    if is_question and u.clarification is not None and u.clarification_score >= CLARIFY_THRESHOLD:
        found.append(Intent.clarifying_question)
    if _any(READY, t):
        found.append(Intent.ready_to_code)
    if _any(NO_QUESTIONS, t):
        found.append(Intent.no_questions)
    if _any(TO_INTERVIEWER, t) and is_question:
        found.append(Intent.question_to_interviewer)
    opens_with_greeting = re.search(r"^((oh|um|well|hey) )?(hi|hello|hey|morning|good (morning|afternoon|evening))\b", t)
    small_talk = not is_question or re.search(r"\bhow (are|r) you\b|\bhows it going\b|\bhow are things\b", t)
    if opens_with_greeting and small_talk and not found and not about_the_problem(problem, " ".join(words[3:])):
        found.append(Intent.greeting)
    if is_question and not found and (u.clarification_score >= 72 or about_the_problem(problem, t)):
        # A question about the problem that the data does not cover still is a clarifying question.
        found.append(Intent.clarifying_question)
    if not found and u.clarification is not None and u.clarification_score >= STRONG_CLARIFY \
            and len(t.split()) <= 10 and phase in (None, "clarify", "approach"):
        # Recognizers drop a quiet leading "can" or "is": a short statement that matches one of
        # the problem's clarifications this closely is still that question.
        found.append(Intent.clarifying_question)
    if _any(GREETING, t) and (len(words) <= 8 or "nice to meet" in t) and not found:
        found.append(Intent.greeting)
    if phase in ("clarify", "approach") and re.search(r"^((oh|ah|so) )?(ok|okay|right|alright|i see|got it)\b", t) \
            and re.search(r"\b(understood|got it|cool|good|makes sense|thanks|thank you|perfect|great)\b", t) \
            and not is_question and Intent.approach not in found:
        found = [f for f in found if f not in (Intent.verification, Intent.clarifying_question)]
        found.append(Intent.acknowledgement)  # "okay, only four directions, understood": taking the answer in
    if _any(ACK, t) or (len(words) <= 16 and sum(w in ACK_WORDS for w in words) >= 0.7 * len(words)):
        found.append(Intent.acknowledgement)
    if Intent.approach in found and phase in ("coding", "testing", "complexity") and not re.search(CHANGE_OF_PLAN, t) \
            and "catch_up_approach" not in asked:
        # Once coding, naming a structure is thinking aloud, not a new plan.
        found.remove(Intent.approach)
    if Intent.complexity in found and Intent.approach in found and not re.search(STRONG_COMMIT, t) \
            and len(words) > 4:
        found.remove(Intent.approach)  # "sorting is n log n, constant space": costing a plan, not making one
    if phase in ("clarify", "approach") and Intent.verification in found and not re.search(
            r"\b(trace|walk (through|thru)|dry run|edge cases?|corner cases?|for example|step by step|"
            r"let me (test|check))\b", t):
        found.remove(Intent.verification)  # before there is code, "if it's empty it's valid" is planning
    if phase == "wrap_up":
        if Intent.no_questions in found and "?" not in text:
            found = [f for f in found if f != Intent.question_to_interviewer]
        elif Intent.question_to_interviewer in found or (is_question and Intent.clarifying_question in found):
            found = [Intent.question_to_interviewer] + [f for f in found if f not in (
                Intent.question_to_interviewer, Intent.clarifying_question)]
        found = [f for f in found if f != Intent.verification]
    values = re.sub(r"\bo of [\w ]{1,12}?\b(time|space|extra|\d+)\b", " ", t)  # numbers that are not claims
    if phase in ("coding", "testing") and not is_question and Intent.verification not in found and (
            len(re.findall(r"\b\d+\b", values)) >= 3 or len(set(re.findall(TRACE_OPS, t))) >= 2
            or (edge_cases_named(t) and (re.search(r"\b(if|when|until)\b", t) or len(words) >= 8))):
        # Values stepping through the code, or "if the cell is on the border then ...": checking it.
        found.append(Intent.verification)
    if phase in ("coding", "testing") and not is_question and Intent.verification not in found and (
            re.search(r"\b(if|when)\b", t) and re.search(BEHAVIOUR, t) and len(words) >= 6
            or phase == "testing" and re.search(r"\b(returns?|gives|gets)\b", t)):
        found.append(Intent.verification)  # reasoning through what the code does on a case
    if phase == "clarify" and found and found[0] == Intent.verification and Intent.approach not in found:
        found[0] = Intent.clarifying_question  # before any code, "an empty list returns 0" checks the problem
    if phase == "clarify" and Intent.approach in found and re.search(r"^(and |so )?(if|when)\b.*\b(i|we) return\b", t):
        found.remove(Intent.approach)  # "and if the target is missing I return -1": checking the output
    if phase in ("clarify", "coding") and not found and about_the_problem(problem, t) and (
            phase == "clarify" or re.search(ASSUMPTION, t)) and (
            not re.search(PLAN_CUES, t) or re.search(r"^(and |so )?(if|when)\b.*\b(i|we) return\b", t)):
        # "So a null root just gives zero", "the grid is never empty, right": an assumption to confirm.
        found.append(Intent.clarifying_question)
    if not found and not is_question and phase in ("clarify", "approach", "follow_up") and len(words) >= 6 \
            and re.search(PLAN_CUES, t):
        found.append(Intent.approach)
    if phase == "follow_up" and found and found[0] == Intent.complexity and re.search(PLAN_CUES, t) \
            and len(words) >= 12:
        found.insert(0, Intent.approach)  # answering the follow-up with a plan, costed
    if phase == "testing" and "ask_walkthrough" in asked and not is_question and len(t.split()) >= 8 and (
            not found or found[0] in (Intent.off_topic, Intent.approach, Intent.acknowledgement)):
        # Asked to walk through the code, a long answer is the walk-through, however it was heard.
        found.insert(0, Intent.verification)
    found.sort(key=PRIORITY.index)
    if found:
        u.intent = found[0]
        u.also = set(found[1:])
    if u.intent == Intent.verification or Intent.verification in u.also:
        _verification_facts(u, t, is_question)
    return u


def _verification_facts(u: Understanding, t: str, is_question: bool) -> None:
    """Which kind of checking it was: a traced example, named edge cases, or both."""
    if (is_question and u.intent != Intent.verification) or u.intent in (Intent.steering, Intent.approach,
                                                                          Intent.done):
        return  # planning talk and words to the grader are not checking the code
    cases = edge_cases_named(t)
    if cases or re.search(GENERIC_EDGE, t):
        u.edge_cases = cases or ["edge cases"]
    digits = len(re.findall(r"\b\d+\b", t))
    traced = _any(TRACE, t) or digits >= 4
    if u.edge_cases:
        # Reasoning through one edge case is not yet a trace of an example.
        u.walkthrough = traced
    elif re.search(DIAGNOSING, t):
        # "It's wrong on the first example, the slice misses the end": a bug found, not a trace.
        u.walkthrough = traced
    else:
        u.walkthrough = True
