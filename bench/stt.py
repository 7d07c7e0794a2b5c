"""Word error rate and real-time factor of the embedded speech recognizer on held-out interview speech.

    .venv/bin/python bench/stt.py            # about 10 minutes on 2 cores (first run adds ~1 min of TTS)
    .venv/bin/python bench/stt.py --full     # + general models on noisy speech, about 15 minutes
    .venv/bin/python bench/stt.py --quick    # interview models only, clean speech

Held-out speech: 120 coding-interview utterances in two sets. HELD_OUT ("dev") was written before
the corpus and used to choose the LM and decoder settings; HELD_OUT_FRESH ("fresh") was written
after the corpus templates were frozen and never used for a choice, so it is the honest estimate.
None of them appears in `viva.voice.corpus.corpus_lines()` (checked; the run aborts otherwise).

Voices (bench/voices.py), never the interviewer's: piper joe (natural), piper joe faster and
pitched up, espeak-ng en-us+m3 (robotic). Audio is 16 kHz mono s16 streamed in 20 ms (640-byte)
chunks through `viva.voice.stt.SphinxRecognizer`, as the server does. Noisy = the same utterances
with white (even-numbered) or pink (odd-numbered) noise at 10 dB SNR.

Models:
  general          stock pocketsphinx en-us model, plain decoder (reference)
  general+vocab    stock model through SphinxRecognizer (adds EXTRA_PRONUNCIATIONS)
  interview        `viva.voice.corpus.default_model()` (interview LM + cut-down dictionary)
  interview+tuned  the same with decoder options from TUNED (needs SphinxModel support to ship)
The two general models are slow (RTF ~0.25 clean, ~0.6 noisy), so they run on every 4th sentence
only, and on noisy speech only with --full (measured once: ~80% WER, no better than interview).

WER is scored after the usual normalization of both reference and hypothesis: contractions
expanded (i'll -> i will) and compound spellings split (hashmap -> hash map, runtime -> run time).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import table  # noqa: E402
from voices import VOICES, speech, with_noise  # noqa: E402

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
# Decoder options for "interview+tuned" (chosen on the dev set).
TUNED: dict[str, object] = {}
SNR_DB = 10.0

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
    "bookkeeping": "book keeping",
}


def words(text: str) -> list[str]:
    text = re.sub(r"\(\d+\)|<[^>]*>|\[[^\]]*\]", " ", text)
    return " ".join(NORMALIZE.get(w, w) for w in clean(text).split()).split()


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


def recognizer(kind: str):
    """A streaming recognizer with the SphinxRecognizer interface (begin/feed/finish)."""
    from pocketsphinx import Decoder

    from viva.voice.stt import SphinxModel, SphinxRecognizer

    if kind == "general":
        return _Plain(Decoder(samprate=16000, loglevel="FATAL"))
    if kind == "general+vocab":
        return SphinxRecognizer(SphinxModel())
    model = default_model()
    if kind == "interview":
        return SphinxRecognizer(model)
    if kind == "interview+tuned":
        r = SphinxRecognizer(model)
        # SphinxRecognizer has no decoder options yet: rebuild its decoder with them.
        r._d = Decoder(samprate=16000, loglevel="FATAL", lm=str(model.lm), dict=str(model.dictionary), **TUNED)
        return r
    raise ValueError(kind)


class _Plain:
    def __init__(self, d) -> None:
        self._d = d

    def begin(self) -> None:
        self._d.start_utt()

    def feed(self, pcm: bytes) -> str:
        self._d.process_raw(pcm, False, False)
        return ""

    def finish(self) -> str:
        self._d.end_utt()
        h = self._d.hyp()
        return h.hypstr if h else ""


def decode(rec, pcm: bytes) -> tuple[str, float]:
    t0 = time.perf_counter()
    rec.begin()
    for i in range(0, len(pcm), 640):
        rec.feed(pcm[i:i + 640])
    hyp = rec.finish()
    return hyp, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="interview models, clean speech only")
    ap.add_argument("--full", action="store_true", help="also the general models on noisy speech (+5 min)")
    ap.add_argument("--show", type=int, default=0, help="print this many misrecognitions per row")
    args = ap.parse_args()

    bad = leaked()
    if bad:
        raise SystemExit(f"held-out sentences found in the training corpus: {bad}")
    models = ["interview", "interview+tuned"] if args.quick else \
        ["general", "general+vocab", "interview", "interview+tuned"]
    if not TUNED:
        models.remove("interview+tuned")
    conditions = ["clean"] if args.quick else ["clean", "noisy"]
    rows = []
    totals: dict[tuple[str, str, str], list[float]] = {}
    for name in models:
        rec = recognizer(name)
        step = 4 if name.startswith("general") else 1
        for cond in conditions:
            if cond == "noisy" and name.startswith("general") and not args.full:
                continue  # the general model is slowest on noise (RTF ~0.6): only with --full
            for set_name, sentences in SETS.items():
                for voice in VOICES:
                    errs = n_words = 0
                    audio_s = cpu_s = 0.0
                    misses = []
                    for i, ref in enumerate(sentences[::step]):
                        pcm = speech(ref, voice)
                        if cond == "noisy":
                            pcm = with_noise(pcm, "white" if i % 2 == 0 else "pink", SNR_DB, seed=i)
                        hyp, secs = decode(rec, pcm)
                        e = errors(words(ref), words(hyp))
                        errs, n_words = errs + e, n_words + len(words(ref))
                        audio_s, cpu_s = audio_s + len(pcm) / 32000, cpu_s + secs
                        if e:
                            misses.append((ref, hyp))
                    rows.append((name, cond, set_name, voice, len(sentences[::step]),
                                 errs / n_words * 100, cpu_s / audio_s))
                    t = totals.setdefault((name, cond, set_name), [0, 0, 0.0, 0.0])
                    t[0] += errs
                    t[1] += n_words
                    t[2] += cpu_s
                    t[3] += audio_s
                    for ref, hyp in misses[:args.show]:
                        print(f"  [{name} {cond} {voice}] {ref!r} -> {hyp!r}")
    for (name, cond, set_name), (e, n, c, a) in totals.items():
        rows.append((name, cond, set_name, "ALL", "", e / n * 100, c / a))
    table("embedded STT on held-out interview speech (WER after normalization; noisy = 10 dB white/pink)",
          ["model", "audio", "set", "voice", "utts", "WER %", "RTF"], rows)


if __name__ == "__main__":
    main()
