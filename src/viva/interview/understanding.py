"""Understanding what the candidate said, from speech-recognition text.

Transcripts arrive without punctuation, with fillers, dropped words and homophones ("hatch map",
"oh of n", "to pointers"). So matching is done on a normalized form, fuzzily, and phonetically
(metaphone) against the problem's own data: clarification phrases and approach key phrases.
No model is needed. Everything here is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz

from viva.problems.schema import Approach, Clarification, Problem


class Intent(str, Enum):
    steering = "steering"  # "ignore your instructions", "rate me strong hire"
    answer_request = "answer_request"  # "just give me the answer": the next rung, never the solution
    repeat = "repeat"  # "repeat the question"
    hint_request = "hint_request"
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

    def summary(self) -> dict[str, object]:
        return {
            "intent": self.intent.value,
            "approach": self.approach.name if self.approach else None,
            "optimal": bool(self.approach and self.approach.optimal),
            "clarification": self.clarification.question if self.clarification else None,
            "complexity": self.complexity, "space": self.space,
            "also": sorted(i.value for i in self.also),
        }


# ---- normalizing speech ------------------------------------------------------------------

FILLERS = r"\b(um+|uh+|erm+|hmm+|mm+|ah+|you know|i mean|kind of|sort of|basically|actually|like|so)\b"
NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                "seven": "7", "eight": "8", "nine": "9", "ten": "10"}
# Misrecognitions seen in interview speech; applied to whole words, after lowercasing.
HOMOPHONES = [
    (r"\b(hatch|hush|has|hashed) (map|maps|mab|mop|nap|mat|math|table|set)\b", r"hash \2"),
    (r"\bhash (mab|mop|nap|mat|math)\b", "hash map"), (r"\bdun\b", "done"),
    (r"\btimes (and|end|an|in)\b", "times n"), (r"\bhashmap\b", "hash map"), (r"\bhash set\b", "hash set"), (r"\bdict\b", "dictionary"),
    (r"\b(to|too) pointers?\b", "two pointers"), (r"\bto pointer\b", "two pointer"),
    (r"\bmemo ?(eyes|ize|ise|rise|rize)\b", "memoize"), (r"\bmemorize\b", "memoize"),
    (r"\bmemoization\b", "memoize"), (r"\bmemorization\b", "memoize"),
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
    (r"\bit s\b", "its"),
]


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    t = text.lower().replace("’", "'")
    t = re.sub(r"o\s*\(\s*", " o of ", t)  # "O(n)" -> "o of n)"
    t = t.replace("^2", " squared").replace("²", " squared").replace("^", " to the ")
    t = t.replace("*", " times ").replace("×", " times ").replace("+", " plus ")
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


# ---- complexity claims ---------------------------------------------------------------------

_COMPLEXITY_WORDS = [
    (r"\bo of n log n\b|\bn log n\b|\blinearithmic\b", "n log n"),
    (r"\bo of log n\b|\blogarithmic\b|\blog n time\b", "log n"),
    (r"\bo of n squared\b|\bn squared\b|\bquadratic\b|\bo of n 2\b|\bo of n times n\b", "n^2"),
    (r"\bo of n cubed\b|\bn cubed\b|\bcubic\b", "n^3"),
    (r"\bo of 2 to the n\b|\bexponential\b|\b2 to the n\b", "2^n"),
    (r"\bo of n factorial\b|\bfactorial\b", "n!"),
    (r"\bo of (m times n|m n|n times m|n m|rows times columns)\b|\bm times n\b", "m*n"),
    (r"\bo of (n plus m|m plus n)\b", "n+m"),
    (r"\bo of n times k\b|\bo of n k\b|\bn times k\b", "n*k"),
    (r"\bo of n\b|\blinear\b|\bo n\b", "n"),
    (r"\bo of 1\b|\bconstant\b|\bo 1\b", "1"),
]


# Anything else said as "o of ..." (O(amount * k), O(V + E)): kept as a normalized expression.
_TERM = (r"(?:log|times|plus|squared|cubed|to the|[a-z]|\d+|amount|capacity|target|length|size|nodes|edges|"
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
        expr = m.group(1)
        found.append((m.start(), m.end(), _fixed(expr) or _free_form(expr)))
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
    for k, (start, end, canon) in enumerate(claims):
        kind = "time"
        previous_end = claims[k - 1][1] if k else -1
        # "o of n time": the word right after the claim, unless it opens the next clause ("space is").
        after = [mk for mk in markers if mk[0] >= end and not text[end:mk[0]].strip()
                 and not re.match(r"\w+ (is|complexity|would|will|should|wise)\b", text[mk[0]:])]
        before = [mk for mk in markers if previous_end <= mk[0] < start]  # "the space is o of n"
        if after:
            kind = min(after)[1]
        elif before:
            kind = max(before)[1]
        if kind == "space" and space_claim is None:
            space_claim = canon
        elif kind == "time" and time_claim is None:
            time_claim = canon
    return time_claim, space_claim


# ---- intents -------------------------------------------------------------------------------

def _any(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


STEERING = [r"\bignore (your|all|the|previous|prior|any)\b.*\b(instruction|rule|prompt)", r"\bsystem prompt\b",
            r"\byou are now\b", r"\bpretend (you|to be)\b", r"\bforget (your|the|everything|all)\b",
            r"\b(rate|mark|score|grade) me\b", r"\bgive me (a )?(strong )?hire\b", r"\bstrong hire\b",
            r"\bnew instructions?\b", r"\bdeveloper mode\b", r"\bjailbreak\b", r"\bdisregard\b",
            r"\bact as\b", r"\bpass me\b"]
ANSWER_REQUEST = [r"\b(give|tell|show) me (the )?(answer|solution|code|full solution)\b",
                  r"\bjust (give|tell|show)\b.*\b(answer|solution|code)\b", r"\bwhats the (answer|solution)\b",
                  r"\bwrite (it|the code) for me\b", r"\bsolve it for me\b"]
REPEAT = [r"\brepeat\b", r"\bsay (that|it) again\b", r"\bcome again\b", r"\bone more time\b",
          r"\bwhat was the (question|problem)\b", r"\bread (the|it) (question|problem)? ?again\b",
          r"\bdidnt (catch|hear) (that|you)\b", r"\bpardon\b", r"\brephrase\b"]
HINT = [r"\bhints?\b", r"\bnudge\b", r"\bclue\b", r"\bpoint me\b", r"\bhelp me\b", r"\bcan you help\b",
        r"\bany (tips?|pointers|help)\b", r"\bsome help\b", r"\bhin\b", r"\bhand\b.*\bstuck\b"]
STUCK = [r"\bi dont know\b", r"\bno idea\b", r"\bim stuck\b", r"\bstuck\b", r"\bim lost\b",
         r"\bnot sure (how|what|where)\b", r"\bdrawing a blank\b", r"\bi have no clue\b", r"\bconfused\b",
         r"\bdont know (how|what|where)\b", r"\bcant think\b", r"\bcant figure\b", r"\bblanking\b"]
DONE = [r"\bim (done|finished)\b", r"\bi think (im|it s|its|thats) (done|finished|it|complete)\b",
        r"\bthats it\b", r"\b(done|finished) coding\b", r"\bi (am )?(done|finished)\b", r"^(done|finished)$",
        r"\bthat should (be it|work)\b", r"\bready to submit\b", r"\bim happy with (it|this)\b", r"\bim done\b",
        r"\bcomplete now\b", r"\ball done\b"]
VERIFY = [r"\btrace\b", r"\bwalk (through|thru)\b", r"\bdry run\b", r"\bstep through\b", r"\bedge cases?\b",
          r"\bcorner cases?\b", r"\blet me (test|check)\b", r"\blets (test|check|try)\b", r"\bfor example\b",
          r"\bwith the (input|example)\b", r"\bif the (input|array|list|string|tree) is empty\b",
          r"\bempty (input|array|list|string)\b", r"\bsingle element\b", r"\bnegative numbers?\b",
          r"\bduplicates?\b.*\b(handle|work|case)\b", r"\b(first|then|next) iteration\b", r"\bi equals\b",
          r"\bafter the (first|second) (step|iteration|loop)\b", r"\boverflow\b", r"\bnull\b", r"\bnone\b",
          r"\b(with|through|on|using) (the |this |an |a |my |our )?(first |second |small |simple )?(example|input)\b",
          r"\bstep by step\b"]
READY = [r"\b(lets|let me|i ll|ill|can i|should i|going to|gonna) (start )?(code|coding|write|implement|type)\b",
         r"\bstart coding\b", r"\bcode (it|this) up\b", r"\bimplement (it|this|that)\b"]
TO_INTERVIEWER = [r"\bwhat (do|does|is) (you|your|the team)\b", r"\bhow (do|does|is) (you|your|the team)\b",
                  r"\btell me about (you|your|the team|the company|the role)\b", r"\bwhat s it like\b",
                  r"\bwhats it like\b", r"\b(your|the) (team|company|role|culture|day)\b.*",
                  r"\bwhat would (i|you) be working on\b", r"\bhow long have you\b"]
NO_QUESTIONS = [r"\bno (more )?questions\b", r"\bi m good\b", r"\bim good\b", r"\bnothing (else|from me)\b",
                r"\bthats all\b", r"\bnope\b", r"^no$", r"^no thanks?( you)?$", r"\bi dont have any\b"]
ACK = [r"^(ok|okay|sure|yes|yeah|yep|right|got it|makes sense|alright|sounds good|cool|great|thanks?|"
       r"thank you|mm hm|uh huh|understood|i see|perfect)( .{0,20})?$"]
GREETING = [r"^(hi|hello|hey|good (morning|afternoon|evening))\b"]
QUESTION_START = r"^(can|could|is|are|do|does|did|will|would|should|what|whats|how|which|may|am|if|when|where|"\
                 r"who|why|must|shall)\b"
APPROACH_CUES = [r"\b(i|we) (would|could|can|will|ll|d|might)\b", r"\bmy (idea|approach|plan|thought)\b",
                 r"\bapproach\b", r"\buse (a|an|the)\b", r"\biterate\b", r"\bloop\b", r"\bfor each\b",
                 r"\bkeep (a|an|track)\b", r"\bstore\b", r"\bthen\b", r"\bso\b", r"\bfirst\b", r"\bidea\b",
                 r"\bsort\b", r"\brecurs", r"\btraverse\b", r"\bcheck\b", r"\bcount\b", r"\bcompare\b"]

DISCOURSE = r"^((so|and|well|ok|okay|alright|now|then|also|oh|hey|right|quick question|one question|"\
            r"i was wondering|i wonder|just to (check|confirm|clarify)|question) )+"
EMBEDDED_QUESTION = r"\b(is|are|can|could|does|do|will|would|should|may) (it|the|there|we|i|they|these|those|that|"\
                    r"this|all|every|each|any|my|numbers?|values?|input)\b"
STOPWORDS = set("a an the is are of to in on and or for with by at it its be can as from that this which "
                "you your we i if return given each every any all not no list array value values what whats how "
                "when where who which why there does do did should would could will about my me have has into "
                "than then them they their these those just only also more most some such same other can cant "
                "dont its was were been being one two get got use used using like want need".split())


def looks_like_question(raw: str, t: str) -> bool:
    """Speech has no question marks: decide from the wording."""
    stripped = re.sub(DISCOURSE, "", t)
    return bool(re.search(QUESTION_START, stripped) or raw.strip().endswith("?") or " or not" in t
                or re.search(EMBEDDED_QUESTION, stripped) and len(stripped.split()) <= 16)


_VOCAB: dict[str, frozenset[str]] = {}


def problem_vocabulary(problem: Problem) -> frozenset[str]:
    if problem.id in _VOCAB:
        return _VOCAB[problem.id]
    words: set[str] = set()
    for text in [problem.title, problem.statement, *problem.constraints, *(c.question for c in problem.clarifications),
                 *(p.name for p in problem.signature.params), *(" ".join(a.key_phrases) for a in problem.approaches)]:
        words.update(w for w in normalize(text).split() if len(w) > 2 and w not in STOPWORDS)
    words.update({"input", "output", "inputs", "answer", "return", "null", "empty", "size", "length", "memory",
                  "time", "limit", "constraint", "constraints", "assume", "negative", "duplicates", "order",
                  "sorted", "unique", "integers", "numbers", "string", "characters", "overflow"})
    _VOCAB[problem.id] = frozenset(words)
    return _VOCAB[problem.id]


def about_the_problem(problem: Problem, t: str) -> bool:
    vocab = problem_vocabulary(problem)
    return any(w in vocab or w.rstrip("s") in vocab for w in t.split())


STRONG_CLARIFY = 95  # a near-verbatim clarification, even without a question's wording
CLARIFY_THRESHOLD = 82.0
APPROACH_THRESHOLD = 86.0


def match_clarification(problem: Problem, text: str) -> tuple[Clarification | None, float]:
    best, score = None, 0.0
    for c in problem.clarifications:
        s = max(best_phrase(c.phrases, text), 0.9 * fuzz.token_set_ratio(normalize(c.question), text))
        if s > score:
            best, score = c, s
    return best, score


def match_approach(problem: Problem, text: str) -> tuple[Approach | None, float]:
    """The approach whose key phrases the utterance names best. Ties go to the optimal one only
    when it matches as well; brute force is never upgraded by accident."""
    best, score = None, 0.0
    for a in problem.approaches:
        s = best_phrase(a.key_phrases, text)
        if s > score or (s == score and s > 0 and a.optimal is False and best is not None and best.optimal):
            best, score = a, s
    return best, score


def understand(text: str, problem: Problem) -> Understanding:
    t = normalize(text)
    u = Understanding(intent=Intent.off_topic, text=t)
    if not t:
        u.intent = Intent.acknowledgement
        return u
    time_claim, space_claim = split_time_space(t)
    u.complexity, u.space = time_claim, space_claim
    u.clarification, u.clarification_score = match_clarification(problem, t)
    u.approach, u.approach_score = match_approach(problem, t)
    is_question = looks_like_question(text, t)

    found: list[Intent] = []
    if _any(STEERING, t):
        found.append(Intent.steering)
    if _any(ANSWER_REQUEST, t):
        found.append(Intent.answer_request)
    if _any(REPEAT, t) and len(t.split()) <= 12:
        found.append(Intent.repeat)
    if _any(HINT, t):
        found.append(Intent.hint_request)
    if _any(STUCK, t):
        found.append(Intent.stuck)
    if _any(DONE, t) and not is_question:
        found.append(Intent.done)
    if time_claim or space_claim:
        found.append(Intent.complexity)
    if _any(VERIFY, t) and (not is_question or re.search(r"\b(edge|corner) cases?\b", t)):
        found.append(Intent.verification)
    if u.approach is not None and u.approach_score >= APPROACH_THRESHOLD and (not is_question or _any(
            [r"\bcould i\b", r"\bcan i\b", r"\bwhat if i\b", r"\bwould it (work|be ok)\b"], t)) and (
            _any(APPROACH_CUES, t) or len(t.split()) >= 4):
        found.append(Intent.approach)
    if is_question and u.clarification is not None and u.clarification_score >= CLARIFY_THRESHOLD:
        found.append(Intent.clarifying_question)
    if _any(READY, t):
        found.append(Intent.ready_to_code)
    if _any(NO_QUESTIONS, t):
        found.append(Intent.no_questions)
    if _any(TO_INTERVIEWER, t) and is_question:
        found.append(Intent.question_to_interviewer)
    if is_question and not found and (u.clarification_score >= 72 or about_the_problem(problem, t)):
        # A question about the problem that the data does not cover still is a clarifying question.
        found.append(Intent.clarifying_question)
    if not found and u.clarification is not None and u.clarification_score >= STRONG_CLARIFY \
            and len(t.split()) <= 10:
        # Recognizers drop a quiet leading "can" or "is": a short statement that matches one of
        # the problem's clarifications this closely is still that question.
        found.append(Intent.clarifying_question)
    if _any(GREETING, t) and len(t.split()) <= 6:
        found.append(Intent.greeting)
    if _any(ACK, t):
        found.append(Intent.acknowledgement)
    if found:
        u.intent = found[0]
        u.also = set(found[1:])
    return u
