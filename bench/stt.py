"""Word error rate, real-time factor and latency of both speech-recognition passes on held-out speech.

    .venv/bin/python bench/stt.py --quick             # smoke run: tune + 6 held-out voices, 20 sentences each, ~2.5 min
    .venv/bin/python bench/stt.py                     # full run: 2 tune + 34 held-out voices x 60 sentences, ~30 min
    .venv/bin/python bench/stt.py --detail --show 3   # + a per-voice table and 3 misrecognitions per row
    .venv/bin/python bench/stt.py --engines whisper --limit 30

Times are on the 2-core dev machine while other work ran on it (load average 2-4), so they are noisy;
the first run also synthesizes and caches the audio (bench/voices.py, ~/.cache/viva/bench-voices, a
minute or two more). Both engines decode every utterance one after the other, never concurrently.

Engines (both run on every utterance, 16 kHz mono s16):
  pocketsphinx  the fast pass: `SphinxRecognizer(default_model())`, fed 20 ms (640-byte) chunks as the server does
  whisper       the accurate pass: `WhisperTranscriber(cache_dir).transcribe(pcm, prompt="")` on the whole utterance
                (the transcriber adds its own generic interview prompt; no problem words here)

Tune vs held out (enforced: the run aborts if a held-out sentence is in the LM corpus, if a tune voice
appears among the held-out voices, or if a babble sentence is a scored one):
  TUNE      voices TUNE_VOICES (piper:joe@1.0, espeak:en-us+m3) x sentences HELD_OUT ("dev", written before
            the corpus). The LM, the decoder settings and Whisper's window/beam/prompt were chosen on these.
  HELD-OUT  every other voice spec in GROUPS (piper joe at 0.8 and 1.2, 16 espeak-ng English voice+variant
            pairs, sox-pitched / tempo-changed piper copies, white/pink/babble noise at 10 and 5 dB on piper
            joe@1.0 and joe@0.8) x sentences
            HELD_OUT_FRESH ("fresh", written after the corpus templates were frozen). Never used for a choice:
            these rows are the honest estimate. Do not tune on them; add new voices here instead.

Columns: WER % after the normalization in `words()` (lowercase, punctuation and hyphens dropped, numbers
spelled out, contractions expanded, o(n log n) -> o of n log n) over all words of the group; RTF =
decode seconds / audio seconds (time.perf_counter, wall clock on a shared machine); p50/p95 = per-utterance
decode time (ms); final p95 = time from the last audio to the final text (for the streaming pass only
`finish()`, for whisper the whole call). Targets (accurate pass, held out): WER <= 8% natural (piper)
voices, <= 15% espeak voices, <= 20% at 10 dB noise (none set for pitch/tempo or 5 dB). The rows, per-voice
figures and every utterance's hypothesis also go to build/bench-stt.json (--json moves it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import console, pct, table  # noqa: E402
from voices import BABBLE_SENTENCES, canonical, speech  # noqa: E402

from viva.voice.corpus import clean, corpus_lines, default_model  # noqa: E402

HELD_OUT = [
    "so is the array already sorted", "could you give me a small hint please", "i think a hash map would work here",
    "the runtime would be linear and the space is also linear", "let me walk through an example quickly",
    "what happens when the input is empty", "i would sort the intervals first", "can you say that again",
    "i believe this is n log n because of the sort", "we can use breadth first search from every rotten orange",
    "are the values guaranteed to be unique", "should i worry about integer overflow",
    "my plan is to keep two pointers at both ends", "i will store each value with its index",
    "the recursion goes as deep as the height of the tree", "i could memoize the results of each call",
    "let me check the case with a single element", "what do i return if nothing is found",
    "this loop runs once for every character", "i think the stack handles the nesting",
    "we pop from the queue and push the neighbors", "i am going to write a helper function",
    "is the linked list allowed to have a cycle", "could the tree be completely unbalanced",
    "i think there is a bug on the last line", "the answer should be three for this input",
    "let me run the tests again", "that edge case is covered now", "how big can the grid get",
    "can characters be uppercase as well", "i would use a min heap of size k", "i am not sure about the space",
    "binary search cuts the range in half each step", "i want to avoid checking every pair",
    "the dictionary maps each word to its group", "we only need the previous two values",
    "i will mark visited cells so i do not count them twice", "does the order of the output matter",
    "this should be constant extra memory", "let me trace the second example too",
    "i think it is quadratic in the worst case", "sorting first makes the merge easy",
    "the window grows until it contains every letter", "i should reset the counter here",
    "could there be negative weights", "i would compare the lengths first",
    "my solution fails for the empty string", "i fixed the off by one error",
    "the height of a single node is one", "we can stop early when we find it",
    "it returns minus one when the target is missing", "do we count the same coin more than once",
    "i would build the graph from the edges first", "the degree of each node tells us the leaves",
    "this part is just bookkeeping", "i need a way to undo the last choice",
    "i will keep track of the best answer so far", "could you clarify the output format",
    "the total work is the number of nodes plus edges", "i think i am finished with this one",
]
# Written after corpus_data/templates.txt was frozen; never used to choose anything.
HELD_OUT_FRESH = [
    "is there a limit on how long the string can be", "what if two intervals only touch at the end point",
    "can the target appear more than once in the list", "should the result include the starting node",
    "do you want me to return a new list or change this one",
    "are we allowed to use recursion here or should it be iterative",
    "so a greedy choice might not give the best total", "i am going to keep a running maximum as i scan",
    "the hash set lets me check membership quickly", "let me think about whether sorting helps at all",
    "i could try every subset but that blows up fast", "we split the problem into the left half and the right half",
    "a queue gives me the nodes level by level", "the stack keeps the indexes of bars that are still open",
    "i think union find is a good fit for merging the accounts",
    "each cell gets visited at most once so that is fine", "the memo is keyed by the remaining amount",
    "so the overall cost is dominated by the heap operations", "the extra space is just a few variables",
    "storing the whole table would use a lot of memory", "in the worst case every character is different",
    "this is logarithmic because the range halves", "we touch every edge one time during the search",
    "the first pointer moves one step and the second moves two", "at this point left is two and right is five",
    "the sum here is seven which is bigger than the target", "so we shift the right pointer down by one",
    "after the first pass the counts are all zero", "now the queue holds the two children of the root",
    "this prints four but i expected five", "hmm the second test case is still red",
    "i forgot to return inside the if statement", "the index goes out of bounds on the last step",
    "i think my loop should start at one instead of zero", "oh the base case returns the wrong value",
    "let me add a check for a null head", "it passes the small cases but is too slow on the big one",
    "maybe the visited set needs to be updated earlier", "give me one second to think about this",
    "sorry what was the second part of the question", "i am not totally sure where to begin",
    "could i have a small nudge in the right direction", "that is a good point let me reconsider",
    "alright i think that handles every case", "so for course schedule i need to detect a cycle",
    "for the word ladder i would search one letter change at a time",
    "climbing stairs is basically the fibonacci numbers", "for merge intervals i sort by the start time",
    "in the lru cache i pair a hash map with a linked list", "valid parentheses can be solved with a simple stack",
    "to invert the tree i swap the children at every node", "the median can come from two heaps kept in balance",
    "i would reverse the list by moving pointers one node at a time",
    "coin change fits a bottom up table over the amounts",
    "for the islands i run a flood fill from each land cell", "the trie stores one character per level",
    "should the answer be rounded to a whole number", "what if the prices never go up",
    "okay let me start writing the solution now", "i think we covered everything thanks for the help",
]
SETS = {"dev": HELD_OUT, "fresh": HELD_OUT_FRESH}
TUNE_SET, HELD_OUT_SET = "dev", "fresh"

# --- The split. Tune voices may be used to choose settings; everything else is held out. ---------
TUNE_VOICES = ("piper:joe@1.0", "espeak:en-us+m3")
# Each espeak-ng English voice with one male and one female variant (m3, the tune variant, is not reused).
ESPEAK_HELD_OUT = (
    "espeak:en-gb+m7", "espeak:en-gb+f2", "espeak:en-us+m1", "espeak:en-us+f4",
    "espeak:en-gb-scotland+m2", "espeak:en-gb-scotland+f3", "espeak:en-gb-x-gbclan+m4", "espeak:en-gb-x-gbclan+f1",
    "espeak:en-gb-x-rp+m5", "espeak:en-gb-x-rp+f5", "espeak:en-gb-x-gbcwmd+m6", "espeak:en-gb-x-gbcwmd+f2",
    "espeak:en-029+m7", "espeak:en-029+f4", "espeak:en-us-nyc+m2", "espeak:en-us-nyc+f3",
)
NOISE_BASES = ("piper:joe@1.0", "piper:joe@0.8")


class Group(NamedTuple):  # NamedTuple, not a dataclass: tests load this file without registering the module
    name: str
    held_out: bool
    voices: tuple[str, ...]
    target: float | None = None  # accurate-pass WER % target, held-out rows only
    target_label: str = ""


def _noise(kind: str, snr: int) -> Group:
    return Group(f"{kind} noise {snr} dB", True, tuple(f"{b}|noise={kind}@{snr}" for b in NOISE_BASES),
                 20.0 if snr == 10 else None, "10 dB noise" if snr == 10 else "")


GROUPS = (
    Group("tune: piper joe@1.0", False, (TUNE_VOICES[0],)),
    Group("tune: espeak en-us+m3", False, (TUNE_VOICES[1],)),
    Group("piper speeds", True, ("piper:joe@0.8", "piper:joe@1.2"), 8.0, "natural"),
    Group("espeak voices", True, ESPEAK_HELD_OUT, 15.0, "espeak"),
    Group("pitch/tempo (sox)", True, ("piper:joe@1.0|pitch=-300", "piper:joe@1.0|pitch=+300",
                                      "piper:joe@1.2|pitch=+300", "piper:joe@1.0|tempo=1.15")),
    *(_noise(kind, 10) for kind in ("white", "pink", "babble")),
    *(_noise(kind, 5) for kind in ("white", "pink", "babble")),
)
QUICK_VOICES = (*TUNE_VOICES, "piper:joe@1.2", "espeak:en-gb-x-rp+f5", "espeak:en-us-nyc+m2",
                "piper:joe@1.0|pitch=+300", "piper:joe@0.8|noise=pink@10", "piper:joe@1.0|noise=babble@10")
QUICK_LIMIT = 20
ENGINES = ("pocketsphinx", "whisper")

# --- Scoring ----------------------------------------------------------------------------------------
NORMALIZE = {
    "i'm": "i am", "i'll": "i will", "i'd": "i would", "i've": "i have", "it's": "it is", "that's": "that is",
    "there's": "there is", "what's": "what is", "let's": "let us", "we'll": "we will", "we're": "we are",
    "you're": "you are", "don't": "do not", "doesn't": "does not", "didn't": "did not", "isn't": "is not",
    "aren't": "are not", "can't": "cannot", "won't": "will not", "wouldn't": "would not",
    "shouldn't": "should not", "we've": "we have", "here's": "here is", "they're": "they are",
    "hashmap": "hash map", "hashset": "hash set", "minheap": "min heap", "maxheap": "max heap",
    "runtime": "run time", "subarray": "sub array", "subarrays": "sub arrays", "substring": "sub string",
    "substrings": "sub strings", "subtree": "sub tree", "subtrees": "sub trees", "inorder": "in order",
    "preorder": "pre order", "postorder": "post order", "okay": "ok", "neighbours": "neighbors",
    "bookkeeping": "book keeping", "endpoint": "end point", "indices": "indexes", "nlogn": "n log n", "logn": "log n",
}
PHRASES = {"all right": "alright", "big o": "o"}
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
             "nine": "ninth", "twelve": "twelfth"}


def spell(n: int) -> str:
    """12 -> twelve, 21 -> twenty one, 305 -> three hundred five, 2024 -> two thousand twenty four."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        return _ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + spell(n % 100))
    if n < 1_000_000:
        return spell(n // 1000) + " thousand" + ("" if n % 1000 == 0 else " " + spell(n % 1000))
    return " ".join(_ONES[int(d)] for d in str(n))


def _number(m: re.Match[str]) -> str:
    whole, frac = m.group(1), m.group(2)
    text = spell(int(whole)) if len(whole) < 8 else " ".join(_ONES[int(d)] for d in whole)
    if frac:
        text += " point " + " ".join(_ONES[int(d)] for d in frac)
    return f" {text} "


def _ordinal(m: re.Match[str]) -> str:
    *head, last = spell(int(m.group(1))).split()
    last = _ORDINALS.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " " + " ".join([*head, last]) + " "


def words(text: str) -> list[str]:
    """Normalized words of a reference or hypothesis (both go through the same steps)."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"<[^>]*>|\[[^\]]*\]", " ", t)  # pocketsphinx fillers: <sil>, [noise]
    t = re.sub(r"\bbig[\s-]*o\b", " o ", t)
    t = re.sub(r"\bo\s*\(\s*([^)]*)\)", r" o of \1 ", t)  # o(n log n) -> o of n log n
    t = re.sub(r"(?<=[a-z'])\(\d+\)", "", t)  # pocketsphinx alternate pronunciations: word(2)
    t = re.sub(r"\blog\s*\(\s*([a-z0-9]+)\s*\)", r" log \1 ", t)  # log(n) -> log n
    t = re.sub(r"\b([a-z])\s*(?:\^\s*2|²)", r" \1 squared ", t)
    t = re.sub(r"\b([a-z])\s*(?:\^\s*3|³)", r" \1 cubed ", t)
    t = re.sub(r"(\d),(?=\d{3}\b)", r"\1", t)  # 1,000 -> 1000
    t = re.sub(r"(?<![\w.])-(?=\d)", " minus ", t)  # -1 -> minus 1
    t = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", _ordinal, t)
    t = re.sub(r"(\d+)(?:\.(\d+))?", _number, t)
    t = t.replace("%", " percent ").replace("+", " plus ").replace("=", " equals ")
    t = re.sub(r"\bn\s*log\s*n\b", " n log n ", t)
    t = " " + " ".join(NORMALIZE.get(w, w) for w in clean(t).split()) + " "  # clean(): a-z and ' only
    for a, b in PHRASES.items():
        t = t.replace(f" {a} ", f" {b} ")
    return t.split()


def errors(ref: list[str], hyp: list[str]) -> int:
    """Word edit distance (substitutions + deletions + insertions)."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h)))
        prev = cur
    return prev[-1]


def leaked() -> list[str]:
    corpus = set(corpus_lines())
    return [h for s in SETS.values() for h in s if clean(h) in corpus]


def split_problems(groups: tuple[Group, ...] = GROUPS) -> list[str]:
    """Everything that would make the held-out rows dishonest; the run aborts if this is not empty."""
    problems = [f"held-out sentence in the LM corpus: {h!r}" for h in leaked()]
    tune = {canonical(v) for v in TUNE_VOICES}
    for g in groups:
        for v in g.voices:
            if g.held_out and canonical(v) in tune:
                problems.append(f"tune voice {v!r} is in the held-out group {g.name!r}")
            if not g.held_out and canonical(v) not in tune:
                problems.append(f"{v!r} is in a tune group but not in TUNE_VOICES")
    dev = {clean(s) for s in SETS[TUNE_SET]}
    problems += [f"fresh sentence also in the dev set: {s!r}" for s in SETS[HELD_OUT_SET] if clean(s) in dev]
    scored = dev | {clean(s) for s in SETS[HELD_OUT_SET]}
    problems += [f"babble sentence is a scored sentence: {s!r}" for s in BABBLE_SENTENCES if clean(s) in scored]
    return problems


# --- Engines --------------------------------------------------------------------------------------
class SphinxEngine:
    name = "pocketsphinx"

    def __init__(self) -> None:
        from viva.voice.stt import SphinxRecognizer

        self.rec = SphinxRecognizer(default_model())

    def run(self, pcm: bytes) -> tuple[str, float, float]:
        hyp, total, final = decode(self.rec, pcm)
        return hyp, total, final


class WhisperEngine:
    name = "whisper"

    def __init__(self) -> None:
        from viva.voice.whisper import WhisperTranscriber

        cache = Path(os.environ.get("VIVA_CACHE_DIR") or Path.home() / ".cache" / "viva")
        self.t = WhisperTranscriber(cache)
        self.t.warm_up()

    def run(self, pcm: bytes) -> tuple[str, float, float]:
        t0 = time.perf_counter()
        text = self.t.transcribe(pcm, prompt="").text
        secs = time.perf_counter() - t0
        return text, secs, secs


def decode(rec, pcm: bytes) -> tuple[str, float, float]:
    """Stream `pcm` through a begin/feed/finish recognizer: (final text, total seconds, finish() seconds)."""
    t0 = time.perf_counter()
    rec.begin()
    for i in range(0, len(pcm), 640):
        rec.feed(pcm[i:i + 640])
    t1 = time.perf_counter()
    hyp = rec.finish()
    t2 = time.perf_counter()
    return hyp, t2 - t0, t2 - t1


def make_engine(name: str):
    return {"pocketsphinx": SphinxEngine, "whisper": WhisperEngine}[name]()


# --- Running --------------------------------------------------------------------------------------
class Utt(NamedTuple):
    engine: str
    group: str
    voice: str
    held_out: bool
    ref: str
    hyp: str
    errors: int
    words: int
    audio_s: float
    decode_s: float
    final_s: float


def pick(sentences: list[str], n: int | None) -> list[str]:
    """`n` sentences spread evenly over the set (the sets are ordered by kind of utterance)."""
    if not n or n >= len(sentences):
        return list(sentences)
    return [sentences[int(i * len(sentences) / n)] for i in range(n)]


def plan(quick: bool, limit: int | None) -> list[tuple[Group, str, list[str]]]:
    if quick:
        limit = limit or QUICK_LIMIT
    jobs = []
    for g in GROUPS:
        sentences = pick(SETS[HELD_OUT_SET if g.held_out else TUNE_SET], limit)
        for v in g.voices:
            if quick and v not in QUICK_VOICES:
                continue
            jobs.append((g, v, sentences))
    return jobs


def summarize(utts: list[Utt]) -> dict[str, float]:
    e, n = sum(u.errors for u in utts), sum(u.words for u in utts)
    audio, dec = sum(u.audio_s for u in utts), sum(u.decode_s for u in utts)
    lat = [u.decode_s * 1000 for u in utts]
    fin = [u.final_s * 1000 for u in utts]
    return {"utts": len(utts), "words": n, "errors": e, "wer": 100 * e / n if n else 0.0,
            "rtf": dec / audio if audio else 0.0, "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95),
            "final_p95_ms": pct(fin, 95)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"tune + a few held-out voices, {QUICK_LIMIT} sentences each")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: pocketsphinx,whisper")
    ap.add_argument("--limit", type=int, default=None, help="sentences per voice (spread over the set)")
    ap.add_argument("--show", type=int, default=0, help="print this many misrecognitions per engine and group")
    ap.add_argument("--detail", action="store_true", help="also print a per-voice table")
    ap.add_argument("--json", type=Path, default=ROOT / "build" / "bench-stt.json", help="where to write the rows")
    args = ap.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := [e for e in engines if e not in ENGINES]:
        raise SystemExit(f"unknown engine(s) {unknown}; choose from {ENGINES}")

    problems = split_problems()
    if problems:
        raise SystemExit("the tune/held-out split is broken:\n  " + "\n  ".join(problems))
    if not console.is_terminal:
        console.width = max(console.width, 150)  # a log file: don't squeeze the tables

    started, load0 = time.time(), os.getloadavg()
    jobs = plan(args.quick, args.limit)
    total = sum(len(s) for _, _, s in jobs)
    console.print(f"stt bench: {len(jobs)} voices, {total} utterances x {len(engines)} engines "
                  f"({'quick' if args.quick else 'full'}; load average {load0[0]:.1f}, {os.cpu_count()} CPUs)")
    t0 = time.perf_counter()
    loaded = {name: make_engine(name) for name in engines}
    console.print(f"engines loaded in {time.perf_counter() - t0:.1f} s")
    for eng in loaded.values():  # warm up outside the measurement
        eng.run(bytes(16000 * 2))

    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    utts: list[Utt] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=console, transient=True) as progress:
        task = progress.add_task("", total=total)
        for g, voice, sentences in jobs:
            progress.update(task, description=f"{voice:<36}")
            mine: dict[str, list[Utt]] = {e: [] for e in engines}
            for ref in sentences:
                pcm = speech(ref, voice)
                ref_words = words(ref)
                for name, eng in loaded.items():
                    hyp, secs, final = eng.run(pcm)
                    u = Utt(name, g.name, voice, g.held_out, ref, hyp, errors(ref_words, words(hyp)), len(ref_words),
                            len(pcm) / 32000, secs, final)
                    mine[name].append(u)
                    utts.append(u)
                progress.advance(task)
            line = "  ".join(f"{e} {summarize(us)['wer']:5.1f}% (rtf {summarize(us)['rtf']:.2f})"
                             for e, us in mine.items())
            progress.console.print(f"  {'held-out' if g.held_out else 'TUNE    '} {voice:<36} "
                                   f"{len(sentences):3d} utts  {line}", highlight=False)
    elapsed = time.time() - started

    # Engine x group summary (+ all held-out).
    rows, json_rows = [], []
    groups = [g for g in GROUPS if any(u.group == g.name for u in utts)]
    for name in engines:
        for g in [*groups, None]:
            sel = [u for u in utts if u.engine == name and (u.group == g.name if g else u.held_out)]
            if not sel:
                continue
            s = summarize(sel)
            target = g.target if g and name == "whisper" else None
            met = "" if target is None else ("yes" if s["wer"] <= target else "NO")
            label = g.name if g else "ALL held-out"
            split = ("held-out" if g.held_out else "tune") if g else "held-out"
            nvoices = len({u.voice for u in sel})
            rows.append((name, label, split, nvoices, s["utts"], s["wer"], s["rtf"], round(s["p50_ms"]),
                         round(s["p95_ms"]), round(s["final_p95_ms"]),
                         f"<= {target:g}% ({g.target_label})" if target is not None else "", met))
            json_rows.append({"engine": name, "group": label, "split": split, "voices": nvoices, **s,
                              "target_wer": target, "target_met": None if target is None else met == "yes"})
    title = (f"speech recognition on {'quick ' if args.quick else ''}held-out speech: WER after normalization, "
             f"RTF, latency (2-core shared machine; timings are noisy)")
    table(title, ["engine", "group", "split", "voices", "utts", "WER %", "RTF", "p50 ms", "p95 ms", "final p95",
                  "target (accurate)", "met?"], rows)

    # Per voice.
    detail, json_voices = [], []
    for g, voice, _ in jobs:
        row: list[object] = [voice, g.name]
        for name in engines:
            s = summarize([u for u in utts if u.engine == name and u.voice == voice])
            row += [s["wer"], s["rtf"]]
            json_voices.append({"engine": name, "group": g.name, "voice": voice, "held_out": g.held_out, **s})
        detail.append(row)
    if args.detail:
        table("per voice", ["voice", "group", *[f"{e} {c}" for e in engines for c in ("WER %", "RTF")]], detail)

    if args.show:
        for name in engines:
            for g in groups:
                misses = [u for u in utts if u.engine == name and u.group == g.name and u.errors]
                for u in misses[:args.show]:
                    console.print(f"  [{name} | {u.voice}] {u.ref!r} -> {u.hyp!r}", highlight=False, markup=False)

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "mode": "quick" if args.quick else "full", "engines": engines, "limit": args.limit,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)), "elapsed_s": round(elapsed, 1),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "loadavg_start": load0,
                    "loadavg_end": os.getloadavg()},
        "tune": {"voices": list(TUNE_VOICES), "sentences": TUNE_SET},
        "held_out": {"voices": [v for g in GROUPS if g.held_out for v in g.voices], "sentences": HELD_OUT_SET},
        "summary": json_rows, "voices": json_voices,
        "utterances": [u._asdict() for u in utts],
    }, indent=1) + "\n")
    console.print(f"{len(utts)} decodes in {elapsed / 60:.1f} min; rows written to {args.json} "
                  f"(load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
