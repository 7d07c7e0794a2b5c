"""The speech recognizer's language: a broad interview corpus and an ARPA model built from it.

The corpus is what candidates say in a coding interview, generated from hand-written templates
(`corpus_data/templates.txt`) filled with slot values (`corpus_data/slots.txt`) and with the
problem bank's own words (titles, clarifications, approaches, parameter names, topics), plus the
bank's prose and the scripted personas' lines (`persona_lines.py`). The model is pocketsphinx's
fixed-backoff trigram builder (`pocketsphinx.lm.ArpaBoLM`) over that corpus, with the most
frequent words of the stock general model added as unigrams so an off-script word is still
recognizable. The pronunciation dictionary is the stock one cut down to the model's vocabulary
plus coding words (`extra_pronunciations()`).

Both files are built at call time into a cache directory keyed by a hash of their inputs (a
second or two the first time, nothing after). Held-out evaluation sentences (bench/stt.py) must
never appear here; `corpus_lines()` is the single source, so the bench and tests can check that.
"""

from __future__ import annotations

import hashlib
import os
import io
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from viva.problems import list_problems
from viva.voice.persona_lines import persona_lines
from viva.voice.sphinx import SphinxModel, pronunciations

BUILDER_VERSION = 3
FILLS_PER_TEMPLATE = 40  # distinct random slot fillings tried per template
GENERAL_WORDS = 5000  # most frequent words of the general model added as unigrams (count 1)
DISCOUNT_MASS = 0.3  # ArpaBoLM's fixed back-off mass (0.3 beat 0.5 and 0.7 on the dev set)

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
_SLOT = re.compile(r"\{(\w+)\}")


def clean(line: str) -> str:
    return " ".join(re.sub(r"[^a-z' ]", " ", line.lower()).split())


def _words_of_identifier(name: str) -> str:
    """coinChange -> coin change, max_depth -> max depth."""
    return clean(re.sub(r"(?<=[a-z])(?=[A-Z])|_", " ", name))


def _data(name: str) -> str:
    return resources.files("viva.voice").joinpath("corpus_data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _slots() -> dict[str, tuple[str, ...]]:
    slots: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in _data("slots.txt").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = slots.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    bank: dict[str, set[str]] = {k: set() for k in ("title", "approach", "clar", "param", "fn", "topic")}
    for p in list_problems():
        bank["title"].add(clean(p.title))
        bank["topic"].update(clean(t.replace("-", " ")) for t in p.topics)
        bank["fn"].add(_words_of_identifier(p.signature.entry))
        bank["param"].update(_words_of_identifier(x.name) for x in p.signature.params)
        for c in p.clarifications:
            bank["clar"].update(clean(ph) for ph in c.phrases)
        for a in p.approaches:
            bank["approach"].update(clean(kp) for kp in a.key_phrases)
            bank["approach"].add(clean(a.name))
    for k, v in bank.items():
        slots[k] = sorted(x for x in v if x)
    return {k: tuple(v) for k, v in slots.items()}


def _templates() -> list[str]:
    return [t.strip() for t in _data("templates.txt").splitlines() if t.strip() and not t.startswith("#")]


def _bank_prose() -> set[str]:
    """The bank's own sentences: statements, clarifications, hints, follow-ups, persona lines."""
    lines: set[str] = set()
    for p in list_problems():
        texts = [p.title, p.statement, *p.follow_ups, p.hints.nudge, p.hints.hint, p.hints.reveal]
        for c in p.clarifications:
            texts += [c.question, c.answer, *c.phrases]
        for a in p.approaches:
            lines.update(clean(t.format(kp)) for kp in a.key_phrases for t in TEMPLATES)
        texts += persona_lines(p).values()
        for text in texts:
            # one corpus line per sentence or clause of prose
            lines.update(clean(s) for s in re.split(r"[.?!;:\n]+", text.replace("`", "")))
    return lines


@lru_cache(maxsize=1)
def corpus_lines() -> tuple[str, ...]:
    """Every line of the interview corpus, cleaned (lowercase words and apostrophes), sorted."""
    rng = random.Random(20240601)
    slots = _slots()
    lines: set[str] = {clean(g) for g in GENERIC} | _bank_prose()
    for template in _templates():
        names = _SLOT.findall(template)
        fills = 1 if not names else FILLS_PER_TEMPLATE
        for _ in range(fills):
            line = _SLOT.sub(lambda m: rng.choice(slots[m.group(1)]), template)
            if rng.random() < 0.15:
                line = f"{rng.choice(slots['filler'])} {line}"
            lines.add(clean(line))
    return tuple(sorted(line for line in lines if line))


@dataclass(frozen=True)
class LmOptions:
    general_words: int = GENERAL_WORDS
    discount_mass: float = DISCOUNT_MASS


def _model_dir() -> Path:
    from pocketsphinx import get_model_path

    return Path(get_model_path()) / "en-us"


@lru_cache(maxsize=1)
def _stock_dictionary() -> dict[str, list[str]]:
    """word -> its pronunciation lines (`word PH ONES`, `word(2) ...`) in the stock dictionary."""
    entries: dict[str, list[str]] = {}
    with open(_model_dir() / "cmudict-en-us.dict", encoding="utf-8") as f:
        for line in f:
            head = line.split(" ", 1)[0]
            entries.setdefault(re.sub(r"\(\d+\)$", "", head), []).append(line.rstrip("\n"))
    return entries


def general_vocabulary(n: int) -> list[str]:
    """The `n` stock-dictionary words the general model finds most probable (unigrams)."""
    if n <= 0:
        return []
    from pocketsphinx import Config, LogMath, NGramModel

    lm = NGramModel(Config(), LogMath(), str(_model_dir() / "en-us.lm.bin"))
    scored = []
    for w in _stock_dictionary():
        if re.fullmatch(r"[a-z']+", w):
            p = lm.prob([w])
            if p > -536870912:
                scored.append((-p, w))
    return [w for _, w in sorted(scored)[:n]]


def cache_dir() -> Path:
    from viva.config import get_settings

    return get_settings().cache_dir / "stt"


def build_lm(path: Path, options: LmOptions = LmOptions()) -> Path:
    """Write the interview ARPA model to `path` (fixed-backoff trigrams, pocketsphinx.lm)."""
    from pocketsphinx.lm import ArpaBoLM

    path.parent.mkdir(parents=True, exist_ok=True)
    words_file = path.with_suffix(".words")
    words_file.write_text("\n".join(general_vocabulary(options.general_words)) + "\n")
    lm = ArpaBoLM(sentfile=io.StringIO("\n".join(corpus_lines())), add_start=True, case="lower",
                  discount_mass=options.discount_mass)
    if options.general_words > 0:
        lm.read_word_file(str(words_file), count=1)
    lm.compute()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two servers building at once never share one
    lm.write_file(str(tmp))
    tmp.replace(path)
    return path


def extra_pronunciations() -> dict[str, str]:
    """Coding words' pronunciations (`viva.voice.sphinx.pronunciations`)."""
    return pronunciations()


def build_dictionary(lm_path: Path, path: Path) -> Path:
    """The stock dictionary cut down to the words of the ARPA model at `lm_path`, plus the coding
    words' pronunciations (`extra_pronunciations()`)."""
    extra = extra_pronunciations()
    stock = _stock_dictionary()
    vocab: set[str] = set()
    section = ""
    with open(lm_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("\\"):
                section = line.strip()
            elif section == "\\1-grams:" and line.strip():
                vocab.add(line.split()[1])
    out: list[str] = []
    for w in sorted(vocab):
        if w in stock:
            out += stock[w]
        elif w in extra:
            out.append(f"{w} {extra[w]}")
    for w, phones in sorted(extra.items()):
        if w not in vocab and w not in stock:
            out.append(f"{w} {phones}")
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two servers building at once never share one
    tmp.write_text("\n".join(out) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def interview_model(options: LmOptions = LmOptions()) -> SphinxModel:
    """The interview LM and its dictionary, built once into the cache (keyed by their inputs)."""
    h = hashlib.sha256()
    h.update(f"{BUILDER_VERSION} {options}\n".encode())
    h.update("\n".join(corpus_lines()).encode())
    h.update(repr(sorted(extra_pronunciations().items())).encode())
    d = cache_dir() / h.hexdigest()[:16]
    lm, dic = d / "interview.lm", d / "interview.dict"
    if not (lm.exists() and dic.exists()):
        build_lm(lm, options)
        build_dictionary(lm, dic)
    return SphinxModel(lm=lm, dictionary=dic)


def default_model() -> SphinxModel:
    """The recognizer model the server uses: the interview LM, which beats the stock general
    English model on held-out interview speech (bench/stt.py)."""
    return interview_model()
