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

from viva.events import Understood
from viva.problems.schema import Approach, Clarification, Problem


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

    @property
    def commits_to_approach(self) -> bool:
        return self.approach is not None and self.approach_score >= APPROACH_THRESHOLD and (
            self.intent == Intent.approach or Intent.approach in self.also)

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


# ---- normalizing speech ------------------------------------------------------------------

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


# ---- complexity claims ---------------------------------------------------------------------

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
        if re.match(r" (passes|pointers|loops|arrays|variables|sweeps|times|nested)\b", text[end:]) and \
                re.search(r" \d+$", expr):
            expr = re.sub(r" \d+$", "", expr)  # "o of n, two passes": the two counts passes
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


# ---- intents -------------------------------------------------------------------------------

def _any(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


STEERING = [r"\bignore (your|all|the|previous|prior|any)\b.*\b(instruction|rule|prompt)", r"\bsystem prompt\b",
            r"\byou are now\b", r"\bpretend (you|to be)\b",
            r"\bforget (your|all|previous|prior)( \w+)? (instructions|rules|prompt)\b|\bforget everything\b",
            r"\bnow you are\b",
            r"\b(rate|mark|score|grade) (me|this|the candidate|this candidate|every|all|each)\b",
            r"\bgive me (a )?(strong )?hire\b", r"\bstrong hire\b", r"\b(full|perfect|maximum|max) (score|marks)\b",
            r"\bnew instructions?\b", r"\bdeveloper mode\b", r"\bjailbreak\b", r"\bdisregard\b",
            r"\bact as\b", r"\bpass me\b", r"\b(grader|evaluator|scorer|grading|scoring system)\b",
            r"\b(10|ten) out of (10|ten)\b", r"\bscore (10|ten)\b", r"^system\b", r"\bsystem (override|message)\b",
            r"\bnote to (the )?(grader|evaluator|ai|model|reviewer)\b", r"\bput me down as\b",
            r"\b(mark|count|treat|record|log) (this|it|that|me) as (a )?(pass|strong|hire|correct|fluke)\b"]
# Words about the grading, and a request to bend it: both together are steering, however polite.
SCORING_WORDS = r"\b(score|scored|scoring|rubric|grad\w+|evaluat\w+|review(s|er|ers|ing)? (this|it)|reviewer|" \
                r"hiring (committee|panel|manager|decision)|the decision|summari[sz]\w*|bot|automated|feedback|" \
                r"points|the notes|write (it|this|me) up|my level|level assessment|an ai|a model|lean hire|hire|" \
                r"exceeds expectations|strong signal)\b"
BENDING = r"\b(mention|consider|frame|treat|weigh|weight (that|it|this)|tick|ticked|go easy|lenient|generous|" \
          r"in my favou?r|give me credit|overlook|ignore|count (it|this)|as a fluke|strong performance|put me down|" \
          r"appreciate|keep (it|that|this) in mind|bump|note (this|me|that)|goes in the notes|hire rather than)\b"
ANSWER_REQUEST = [r"\b(give|tell|show) me (the )?(answer|solution|code|full solution|whole solution)\b",
                  r"\bjust (give|tell|show)\b.*\b(answer|solution|code)\b", r"\bwhats the (answer|solution)\b",
                  r"\bwrite (it|the code|this|that|the \w+( \w+)? (part|function|functions|helper|bit)) for me\b",
                  r"\b(write|code|implement) .{0,40}\bfor me\b", r"\bsolve it for me\b",
                  r"\b(see|show me|give me) the (full |whole |complete |correct |right |optimal )+(solution|code|answer)\b",
                  r"\bshow me (what|how) the (correct |right )?(code|solution|\w+ part)\b",
                  r"\bshow me how\b.*\b(supposed to|should) (look|be written|go)\b",
                  r"\b(correct|right|optimal) (code|solution) (look|looks)\b",
                  r"\bshow me the (\w+ ){0,3}(code|solution|answer)\b",
                  r"\b(show|showed|shown|type|typed|type out|write out|walk(ing)? me through|give|gave|see)\b.{0,40}"
                  r"\b(the|a|what the) (full |whole |complete |correct |right |optimal |ideal |working |final |actual )+"
                  r"(solution|version|code|answer|implementation)\b"]
REPEAT = [r"\b(can|could|would|will) you (just |please )*repeat\b",
          r"\b(say|explain|read|tell) (it |that |the \w+ )?once more\b", r"\bgo over it again\b", r"\brepeat (that|it|what you|yourself|please|again|the (question|problem|last|part|follow))\b",
          r"^(sorry )?repeat\b", r"\bplease repeat\b", r"\b(you|please) repeat$", r"\bsay (that|it|this|the \w+( \w+)?( part| bit)?)( \w+){0,5} again\b", r"\bcome again\b",
          r"\b(1|one) more time\b", r"\bwhat was the (question|problem)\b", r"\bread (the|it) (question|problem)? ?again\b",
          r"\bdidnt (catch|hear|get|understand) (that|you|it|what|the|fully)\b", r"\bpardon\b", r"\brephrase\b",
          r"\b(explain|go over|read) (the problem|the question|it|that|this) again\b", r"\bmissed (what|that|the)\b",
          r"\bsay again\b", r"\bcan you (say|explain|read) (that|it|the \w+) (again|once more)\b",
          r"\b(go|going) over (that|the|this) .{0,60}\b(again|once more)\b", r"\b(again|once more)$"]
HINT = [r"\b(give|get|have|need|want|use|could|can|any|another|a|one more|some|small|little|quick|tiny|for a) (\w+ )?"
        r"(hint|hints|nudge|clue)\b(?! (was|were|helped|really))", r"\b(hint|nudge|clue) please\b", r"^(hint|nudge)\b",
        r"\bhint (me|on|about|for)\b", r"\bpoint me\b", r"\bhelp me\b", r"\bcan you help\b",
        r"\bany (tips?|pointers|help)\b", r"\bsome help\b", r"\bhin\b", r"\bhand\b.*\bstuck\b",
        r"\bpush in the right direction\b", r"\bpoint(er)? in the right direction\b",
        r"\b(give|get|have|need|want|any|some)( me)?( a| some| small| little| one)? (\w+ )?"
        r"(direction|tip|tips|pointer|pointers)\b"]
STUCK = [r"\bi dont know\b", r"\bno idea\b", r"\bim stuck\b", r"\bstuck\b", r"\bim lost\b", r"\bi m lost\b",
         r"\bjust lost\b", r"\blost at this point\b", r"\bgoing (around|round) in circles\b",
         r"\bnot sure (how|what|where)\b", r"\bdrawing a blank\b", r"\bi have no clue\b", r"\bconfused\b",
         r"\bdont know (how|what|where)\b", r"\bcant think\b", r"\bcant figure\b", r"\bblanking\b",
         r"\bcant see (it|how)\b", r"\bdont see (it|how)\b", r"\b(not|dont|do not) understand(ing)? how\b",
         r"\bgot nothing\b", r"\bno clue\b"]
DONE = [r"\bim (done|finished)\b", r"\bi think (im|it s|its|thats) (done|finished|it|complete)\b",
        r"\bthats it\b", r"\b(done|finished) coding\b", r"\bi (am )?(done|finished)\b", r"^(done|finished)$",
        r"\bthat should (be it|work)\b", r"\bready to submit\b", r"\bim happy with (it|this)\b", r"\bim done\b",
        r"\bcomplete now\b", r"\ball done\b", r"\b(code|solution|it) is (done|finished|complete)\b",
        r"\bfinish(ed)? (the|my) (code|solution)\b", r"\bthats (my|the) (final|full) (solution|answer|code)\b",
        r"\b(done|finished)$", r"^(ok |okay |alright |right )?(done|finished)\b", r"\bcall(ing)? it (done|finished)\b"]
VERIFY = [r"\btrace\b", r"\bwalk (through|thru)\b", r"\bdry run\b", r"\bstep through\b", r"\bedge cases?\b",
          r"\bcorner cases?\b", r"\blet me (test|check|double check|verify)\b", r"\blets (test|check|try|verify)\b",
          r"\bfor example\b", r"\bdouble check\b",
          r"\bwith the (input|example)\b", r"\bif the (input|array|list|string|tree|grid) is empty\b",
          r"\bempty (input|array|list|string|grid|tree)\b", r"\bsingle element\b", r"\bnegative numbers?\b",
          r"\bduplicates?\b.*\b(handle|work|case)\b", r"\b(first|then|next|second|last) iteration\b", r"\bi equals\b",
          r"\bafter the (first|second) (step|iteration|loop)\b", r"\boverflow\b", r"\bnull\b", r"\bnone\b",
          r"\b(with|through|on|using) (the |this |an |a |my |our )?(first |second |small |simple )?(example|input)\b",
          r"\bstep by step\b", r"\b(which|that|this) (matches|is correct|is right)\b", r"\bmatches\b",
          r"\b(becomes|goes to|moves to|jumps to|evicts)\b", r"\bso we return\b", r"\bwe (return|get) \d",
          r"\b(the|this|that) case (where|when)\b", r"\bthe loop (doesnt|does not|never|wont) run\b"]
# Operations narrated one after another ("we push, push, then the close pops one"): a trace.
TRACE_OPS = r"\b(push|pushes|pushed|pop|pops|popped|becomes|returns?|moves|goes|jumps|evicts|stores?|adds?|" \
            r"removes?|increments?|decrements?|updates?|equals|gives)\b"
READY = [r"\b(lets|let me|i ll|ill|can i|should i|going to|gonna|i will|i want to|i d like to) (just )?"
         r"(start )?(to )?(code|coding|write|writing|implement|type|typing)\b",
         r"\bstart (coding|writing|typing|to (write|code|type))\b", r"\bcode (it|this) up\b", r"\bcoding (it|this) up\b",
         r"\bimplement (it|this|that)\b", r"\b(into|in) the editor\b", r"\bwrite (the|some) code\b",
         r"\bput (it|this|that) (in|into) code\b", r"\b(get|put) something (on|in) (the )?(screen|editor)\b",
         r"^(coding|writing|typing)( it| this)? now\b", r"\b(coding|writing it) now$",
         r"^((ok|okay|alright|right) )?(coding|go|lets go|here goes)$", r"\bgo ahead and (write|code|start|type)\b"]
TO_INTERVIEWER = [r"\bwhat (do|does|is) (you|your|the team)\b", r"\bhow (do|does|is) (you|your|the team)\b",
                  r"\btell me about (you|your|the team|the company|the role)\b", r"\bwhat s it like\b",
                  r"\bwhats it like\b", r"\b(your|the) (team|company|role|culture|day|stack|office)\b.*",
                  r"\bwhat would (i|you) be working on\b", r"\bhow long have you\b", r"\bhear back\b",
                  r"\bnext (steps?|round)\b", r"\bhow (much|long) (time )?(do we have|is left|have we got|left)\b",
                  r"\btime (do we have|left|remaining)\b", r"\bget back to (candidates|me)\b",
                  r"\bhow is this (going to|gonna) work\b", r"\bhow does this (interview|round|session) work\b",
                  r"\bhow long (is|does) (this|the) (interview|round|session)\b", r"\b(do|will) i get to run\b",
                  r"\bfeedback\b", r"\b(you|your) (favorite|favourite|work|job)\b", r"\bwork(ing)? (here|there)\b",
                  r"\b(remote|in office|onsite|on site|hybrid)\b", r"\bhow did you\b", r"\bnext step\b",
                  r"\bthe process\b", r"\b(coding|system design|behaviou?ral|final) rounds?\b", r"\byou guys\b",
                  r"\bin these interviews\b", r"\b(this|the) (team|company|role)\b",
                  r"\b(your|the) (group|org|interns|projects)\b", r"\bwork life balance\b", r"\bweekends\b"]
NO_QUESTIONS = [r"\bno (more )?questions?\b", r"\bi m good\b", r"\bim good\b", r"\bnothing (else|from me|more)\b",
                r"\bthats all\b", r"\bnope\b", r"^no$", r"^no thanks?( you)?$", r"\bi dont have (any|more|a)\b",
                r"\b(its|is|everything|all) (is )?(clear|clear for me)\b", r"\bdont have (any )?(more |other )?questions?\b",
                r"\bno further\b", r"\bthats (everything|clear)\b", r"\bi think (i m|im) (ready|good)\b",
                r"\b(dont|do not) have anything( else)?\b", r"\bcovered (everything|it all|most of)\b",
                r"^none\b", r"\bnone from me\b"]
ACK_WORDS = set("ok okay sure yes yeah yep yup right got it makes sense alright sounds good cool great thanks thank "
                "you understood understand i see perfect mm hm uh huh mhm oh that a lot fair enough nice true good "
                "clear gotcha noted fine".split())
ACK = [r"^(ok|okay|sure|yes|yeah|yep|right|got it|makes sense|alright|sounds good|cool|great|thanks?|"
       r"thank you|mm hm|uh huh|understood|i see|perfect|mhm|oh)( .{0,20})?$",
       r"^(oh )?(ok|okay|yeah|right|alright|i see|sure)\b.*\b(makes (a lot of )?sense|thanks|thank you|got it|i see|"
       r"fair enough)\b"]
GREETING = [r"^(oh |well |um )?(hi|hello|hey|good (morning|afternoon|evening))\b", r"\bnice to meet you\b"]
QUESTION_START = r"^(can|could|is|are|do|does|did|will|would|should|what|whats|how|which|may|am|when|where|"\
                 r"who|why|must|shall|whered|whyd|hows)\b"
APPROACH_CUES = [r"\b(i|we) (would|could|can|will|ll|d|might)\b", r"\bmy (idea|approach|plan|thought)\b",
                 r"\bapproach\b", r"\buse (a|an|the)\b", r"\biterate\b", r"\bloop\b", r"\bfor each\b",
                 r"\bkeep (a|an|track)\b", r"\bstore\b", r"\bthen\b", r"\bso\b", r"\bfirst\b", r"\bidea\b",
                 r"\bsort\b", r"\brecurs", r"\btraverse\b", r"\bcheck\b", r"\bcount\b", r"\bcompare\b"]
# A plan in words, even when it names no approach the problem lists ("I just add up every rise").
PLAN_CUES = r"\b(i|we|you)( can| could| would| d| will| ll| just| only| first| then)? (use|keep|check|go|loop|iterate|" \
            r"track|store|add|compare|sort|order|scan|walk|move|push|pop|build|maintain|count|take|look|put|merge|" \
            r"split|recurse|try|start|extend|stretch|return|compute|fill|expand|shrink|need|do)\b|" \
            r"\b(i|we) (would|d|will|ll|can)\b|\b(my|the) (idea|approach|plan) (is|would|will)\b|\bmy (first )?instinct\b|" \
            r"\b(use|using) (a|an|the)\b"
# After coding starts, naming a structure is self-talk unless the candidate says they change course.
CHANGE_OF_PLAN = r"\b((use|do|try|go with|switch to) .{0,30}\binstead|instead (i ll|ill|i will|let me|lets|use)|" \
                 r"switch|change (it|to|the approach)|better (approach|way|idea)|rather|approach|" \
                 r"(ill|i ll|i will|let me|lets) (store|cache|save|memoize|remember)|" \
                 r"(ill|i ll|i will|let me|lets|im going to|going to) (use|do|go with|try)|scratch that|new plan)\b"
# About the last run: what failed, the error, an output.
RUN_WORDS = r"\b(fail\w*|wrong answer|tim(e|ed|es|ing) out|timeout|tle|time limit|error\w*|crash\w*|exception|" \
            r"traceback|returned|expect\w*|broke|out of range|undefined|line \d+|infinite loop|which (test|case)|" \
            r"what (d|did) it (return|output|give|expect)|it return|output for)\b"
# Talk about cost without a class we can name ("amount times the number of coins").
COMPLEXITY_TALK = r"\b(time|space) complexity\b|\bcomplexity (is|will be|would be|of)\b|\b(time|space) (is|would be|will be)\b"
# Committing to a plan, as opposed to costing one.
STRONG_COMMIT = r"\b(i ll|ill|i will|let me|lets|im going to|going to|my (approach|plan|idea)|i d (use|do|go)|" \
                r"i would (use|do|go)|i can (do|use)|we can (do|use)|instead|so i|then i|i keep|i use|better (thing|way|idea|" \
                r"approach)|is better|standard|go with)\b"
# "I'd assume", "right?", "presumably": a statement offered for confirmation is a question.
ASSUMPTION = r"\b(i d assume|i assume|id assume|im guessing|i m guessing|i guess|presumably|i suppose|i take it|" \
             r"i expect|i think it s|right|correct|yeah)\b"
# Code behaviour said as a consequence: "if there's no fresh orange, the loop never runs and I return 0".
BEHAVIOUR = r"\b(returns?|loop|runs?|match(es)?|works|holds|breaks?|index error|stays|jumps|false|true|pops?|" \
            r"pushes|skips?|evicts?|fine|good|correct)\b"
DISCOURSE = r"^((so|and|well|ok|okay|alright|now|then|also|oh|hey|right|quick question|one question|"\
            r"i was wondering|i wonder|just to (check|confirm|clarify)|question|out of curiosity|by the way|"\
            r"one more thing|i do have one|i have a question|got it|i see|cool|great|thanks|thank you|"\
            r"makes sense|understood|perfect|sure|yeah|yes) )+"
EMBEDDED_QUESTION = r"\b(is|are|can|could|does|do|will|would|should|may) (it|the|there|we|i|they|these|those|that|"\
                    r"this|all|every|each|any|my|numbers?|values?|input)\b"
# "When the capacity is 1 I evict ...": a statement. "When do I return ...": a question.
WH_STATEMENT = r"^(when|where|if) (?!(do|does|did|is|are|was|were|will|would|should|can|could|i|we)\b)"
STOPWORDS = set("a an the is are of to in on and or for with by at it its be can as from that this which "
                "you your we i if return given each every any all not no list array value values what whats how "
                "when where who which why there does do did should would could will about my me have has into "
                "than then them they their these those just only also more most some such same other can cant "
                "dont its was were been being one two get got use used using like want need".split())


def looks_like_question(raw: str, t: str) -> bool:
    """Speech has no question marks: decide from the wording."""
    stripped = re.sub(DISCOURSE, "", t)
    raw = raw.strip()
    asked = [q for q in re.findall(r"[^.?!]*\?", raw) if len(q.split()) >= 3]
    if asked:
        return True  # "... the input can't be empty, right? Since if it could ...": a real question
    if "?" in raw and raw.endswith("?"):
        return True  # a one- or two-word question ("Greedy? No. DP.") answered at once is thinking aloud
    started = bool(re.search(QUESTION_START, stripped)) and not re.search(WH_STATEMENT, stripped)
    if started and re.search(r"^what (about|if)\b", stripped) and re.search(
            r"\b(i think|it still|still works|works|it returns|we return|then i get|i get|handles?|is fine|its fine|"
            r"good)\b", stripped):
        started = False  # "what about an empty array, I think it still works": answering itself
    proper = re.search(r"^(is|are|can|could|do|does|will|would|should|what|how|which|where|when|who) (it|there|the|"
                       r"we|i|you|they|this|that|these|those|a|an|my|all|any|each|every|if)\b", stripped)
    if started and not proper and len(stripped.split()) >= 12 and \
            re.search(PLAN_CUES, " ".join(stripped.split()[3:])) and "?" not in raw:
        started = False  # "is similar to kadane, I keep the minimum ...": a plan, phrased loosely
    if re.search(r"\b(i )?(want|d like|would like) to (know|check|confirm)\b|\bwondering\b", t):
        return True
    if re.search(WH_STATEMENT, stripped) and re.search(r"\b(do|should|can|must) (i|we)\b|\b(does|is|will|would) it\b", t):
        return True  # "when they come as a stream, do I need to ...": a conditional question
    return bool(started or t.endswith(" or not") and len(t.split()) <= 16
                or _tag_right(t)
                or re.search(r"\bwhy$", t)
                or re.search(EMBEDDED_QUESTION, stripped) and len(stripped.split()) <= 16)


def _tag_right(t: str) -> bool:
    """ "... at least one cell right": a tag asking to confirm, not "from the left to the right"."""
    words = t.split()
    return 4 < len(words) <= 20 and words[-1] == "right" and words[-2] not in (
        "the", "thats", "is", "its", "and", "left", "far", "bottom", "top", "upper", "lower", "all", "exactly")


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


RUN_QUESTION = [r"\bwhat (s|is|was) the (error|exception|problem|issue)\b", r"\bwhats the (error|exception|issue)\b",
                r"\b(which|what) (test|tests|case|cases|input|inputs|one)( s)? (failed|fail|fails|failing|broke|didnt)\b",
                r"\bwhat (failed|went wrong|broke|happened)\b", r"\bwhere (did|does) it (fail|crash|break)\b",
                r"\bwhy (did|does|is) (it|that|this|the test|the code|my code)( one)? (fail|failing|time|crash|error|break)",
                r"\b(which|what) line\b", r"\berror (message|exactly|say|says)\b", r"\bwhat does the error\b",
                r"\b(failing|failed) (test|case)s?\b.*\b(what|which|show|tell)\b",
                r"\b(what|which) (test|case)s? (is|are|was|were) (failing|wrong)\b", r"\bwhat did i get wrong\b"]
TRACE = [r"\btrace\b", r"\bwalk (through|thru)\b", r"\bdry run\b", r"\bstep (through|by step)\b",
         r"\b(first|second|next|then|last) (iteration|step|pass)\b", r"\bi (equals|is) \d", r"\bat index \d",
         r"\bafter the (first|second) (step|iteration|loop)\b", r"\bwith the (input|example)\b",
         r"\b(so|then) we (push|pop|return|store|add|move|check)\b", r"\bwhich gives\b", r"\bwe get \d"]
EDGE_CASES: list[tuple[str, str]] = [
    ("empty input", r"\bempty (input|array|list|string|grid|tree|matrix|graph|arrays|strings|lists|case|one|root)\b|"
                    r"\b(input|array|list|string|nums|grid|tree|root|head|it|s) (is|being|was) empty\b|\bno elements\b|"
                    r"\bnothing in\b|\blength (0|zero)\b|\bempty$|\bis empty or\b"),
    ("a single element", r"\bsingle (element|item|number|node|char|character|value|digit|day|cell)\b|"
                         r"\b1 (element|item|node|day|cell|char|character)\b|\bonly 1\b|\blength 1\b|\bjust 1\b"),
    ("negative numbers", r"\bnegatives?\b"),
    ("duplicates", r"\bduplicates?\b|\brepeated (values|numbers|elements)\b|\bsame (value|number) twice\b"),
    ("zeros", r"\bzeros\b|\b(a|with a|any|contains a|has a|there s a|theres a) 0\b"),
    ("null input", r"\bnull\b|\bnone\b|\bnil\b"),
    ("overflow", r"\boverflow\b|\bvery (large|big) (numbers|values)\b|\bmax int\b"),
    ("a large input", r"\b(large|big|huge) inputs?\b"),
    ("all the same values", r"\ball (the )?same\b"),
    ("no valid answer", r"\bno (solution|answer|pair|valid|path)\b"),
    ("boundaries", r"\bboundar(y|ies)\b|\bborder\b|\bfirst and last\b|\bend of the (array|list|string)\b|"
                   r"\b(first|last) (index|element|position|cell|day)\b"),
    ("the smallest input", r"\b(when|if|for) (\w+ ){1,3}(is|equals|of|are) (0|1)\b|\b(n|k|amount|capacity) (is|equals) (0|1)\b"),
    ("unbalanced input", r"\bunbalanced\b|\b(extra|unmatched|only) (closing|opening)\b|\bclos\w* first\b"),
]
GENERIC_EDGE = r"\b(edge|corner) cases?\b"


# When one utterance does several things, the one the interviewer must answer first.
PRIORITY = [Intent.steering, Intent.answer_request, Intent.repeat, Intent.hint_request, Intent.run_question,
            Intent.clarifying_question, Intent.question_to_interviewer, Intent.stuck, Intent.done, Intent.approach,
            Intent.ready_to_code, Intent.verification, Intent.complexity, Intent.no_questions, Intent.greeting,
            Intent.acknowledgement, Intent.off_topic]


def edge_cases_named(t: str) -> list[str]:
    return [name for name, pattern in EDGE_CASES if re.search(pattern, t)]


def understand(text: str, problem: Problem, phase: str | None = None, asked: tuple[str, ...] = ()) -> Understanding:
    """What one utterance means. `phase` and `asked` (the interviewer's last acts) are the context
    a person would use: after "walk me through it", a long answer is the walk-through."""
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
    if (_any(RUN_QUESTION, t) and (is_question or phase in ("coding", "testing"))) or (
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
    if u.edge_cases:
        # Reasoning through one edge case is not yet a trace of an example.
        u.walkthrough = _any(TRACE, t) or digits >= 4
    else:
        u.walkthrough = True
