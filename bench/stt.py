"""Word error rate of the embedded speech recognizer on held-out interview speech.

    .venv/bin/python bench/stt.py

60 held-out utterances, none of which appear in the corpus the language model is built from
(checked), spoken by 3 espeak-ng voices, clean and with white noise at 10 dB SNR. Compared:
pocketsphinx's general English model (the reference) and the interview language model from
`viva.voice.corpus`. Also prints the real-time factor. Target (issue 5): WER <= 15% on clean speech.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import table  # noqa: E402

from viva.voice.corpus import build_lm, clean, corpus_lines  # noqa: E402
from viva.voice.tts import wav_pcm  # noqa: E402

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
    "we pop from the queue and push the neighbours", "i am going to write a helper function",
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
VOICES = ["en-gb", "en-us+f3", "en-us+m7"]


def words(text: str) -> list[str]:
    return clean(text).split()


def errors(ref: list[str], hyp: list[str]) -> int:
    ops = difflib.SequenceMatcher(None, ref, hyp, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")


def speech(text: str, voice: str, noisy: bool, d: Path) -> bytes:
    raw, out = d / "raw.wav", d / "16k.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    pcm = wav_pcm(out.read_bytes())
    return with_noise(pcm, snr_db=10.0, seed=hash((text, voice)) & 0xFFFF) if noisy else pcm


def with_noise(pcm: bytes, snr_db: float, seed: int) -> bytes:
    """White noise at `snr_db` below the speech's RMS (measured over its voiced samples)."""
    import array
    import math
    import random

    samples = array.array("h")
    samples.frombytes(pcm)
    voiced = [x for x in samples if abs(x) > 300] or [1]
    rms = math.sqrt(sum(x * x for x in voiced) / len(voiced))
    amp = rms / (10 ** (snr_db / 20)) * math.sqrt(3)  # uniform noise of this half-width has that RMS
    rng = random.Random(seed)
    mixed = array.array("h", (max(-32768, min(32767, int(x + rng.uniform(-amp, amp)))) for x in samples))
    return mixed.tobytes()


def main() -> None:
    from pocketsphinx import Decoder

    corpus = set(corpus_lines())
    leaked = [h for h in HELD_OUT if clean(h) in corpus]
    assert not leaked, f"held-out sentences found in the training corpus: {leaked}"
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        lm = build_lm(d / "interview.lm")
        decoders = {"general model (reference)": Decoder(samprate=16000, loglevel="FATAL"),
                    "interview LM": Decoder(samprate=16000, lm=str(lm), loglevel="FATAL")}
        rows = []
        for noisy in (False, True):
            audio = [(h, speech(h, v, noisy, d)) for v in VOICES for h in HELD_OUT]
            seconds = sum(len(p) for _, p in audio) / 32000
            for name, dec in decoders.items():
                errs = total = 0
                t0 = time.perf_counter()
                for ref, pcm in audio:
                    dec.start_utt()
                    for i in range(0, len(pcm), 640):
                        dec.process_raw(pcm[i:i + 640], False, False)
                    dec.end_utt()
                    hyp = dec.hyp().hypstr if dec.hyp() else ""
                    errs += errors(words(ref), words(hyp))
                    total += len(words(ref))
                rtf = (time.perf_counter() - t0) / seconds
                rows.append((name, "10 dB noise" if noisy else "clean", len(audio), errs / total * 100, rtf))
    table("embedded STT on held-out interview speech", ["model", "audio", "utterances", "WER %", "RTF"], rows)


if __name__ == "__main__":
    main()
