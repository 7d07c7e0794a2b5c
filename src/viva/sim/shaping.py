"""Audio for adversarial simulated candidates: every offline voice here, code-switched lines, and sox
shaping (fast talkers, mumblers, muffled headsets) over café, TV or pink-noise beds.

All audio is 16 kHz s16le mono. Speech is levelled to TARGET_DBFS (-20 dBFS, a candidate with auto
gain on), measured as speech.rms(above=300) like speech.level does: on these voices that is within
about 1 dB of an ITU-T P.56 active speech level, which the tests measure. Background beds are absolute:

    pink  -45 dBFS   a fan or hum            (25 dB under the speech)
    cafe  -30 dBFS   babble and clinks       (10 dB under)
    tv    -40 dBFS   a TV in the next room   (20 dB under)

measured as the plain RMS of the whole bed. shape() puts its bed snr_db under the shaped speech;
bed_for() gives the same bed at that level, to play under the silences of a live microphone.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Literal

import numpy as np

from viva.sim.speech import RATE, TARGET_DBFS, espeak, level, mix, noise, resample, silence

Background = Literal["none", "pink", "cafe", "tv"]
BED_DBFS: dict[str, float] = {"pink": -45.0, "cafe": -30.0, "tv": -40.0}
GAP_S = 0.08  # between code-switched spans: a speaker's breath, not a sentence break
_RAW = ["-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c", "1"]
_SPAN = re.compile(r"\[([a-z]{2,3}(?:-[a-z0-9]+)?):([^\]]+)\]")


class MissingTool(RuntimeError):
    """sox or espeak-ng is not on PATH."""


@dataclass(frozen=True)
class Shape:
    tempo: float = 1.0  # sox tempo (speed without pitch change): 1.5 = a fast talker
    pitch_cents: int = 0  # sox pitch
    gain_db: float = 0.0  # after levelling: -18 = a mumbler far from the mic
    lowpass_hz: int | None = None  # muffled (mumbling into the hand, a cheap headset)
    background: Background = "none"
    snr_db: float = 15.0  # speech level over the background
    seed: int = 0


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise MissingTool(f"{name} is not installed or not on PATH (Debian: apt-get install {name})")
    return path


def _sox(effects: list[str], pcm: bytes | None = None) -> bytes:
    """Raw 16 kHz mono in (or `-n` for synth) and out through one sox process; -D: no (random) dither."""
    cmd = [_tool("sox"), "-V1", "-D", *(_RAW + ["-"] if pcm is not None else ["-n"]), *_RAW, "-", *effects]
    r = subprocess.run(cmd, input=pcm, capture_output=True, timeout=300)
    if r.returncode:
        raise RuntimeError(f"sox {' '.join(effects)} failed: {r.stderr.decode(errors='replace')[-400:]}")
    return r.stdout


def _f32(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a * a))) if a.size else 0.0


def _at(a: np.ndarray, dbfs: float) -> bytes:
    """`a` scaled to a plain RMS of `dbfs`."""
    now = _rms(a)
    scale = 32768 * 10 ** (dbfs / 20) / now if now else 0.0
    return np.clip(a * scale, -32768, 32767).astype("<i2").tobytes()


def _espeak_rows(which: str) -> list[tuple[str, str]]:
    out = subprocess.run([_tool("espeak-ng"), f"--voices={which}"], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    return [(c[1], c[4]) for c in (line.split() for line in out.splitlines()[1:]) if len(c) >= 5]


@lru_cache(maxsize=None)
def _piper_models() -> dict[str, tuple[Path, Path]]:
    """Piper voice models that installed packages ship: a .onnx with its .onnx.json beside it."""
    found: dict[str, tuple[Path, Path]] = {}
    for dist in metadata.distributions():
        for f in dist.files or []:
            if f.name.endswith(".onnx"):
                model = Path(str(dist.locate_file(f)))
                config = model.with_name(model.name + ".json")
                parts = model.stem.split("-")  # en_US-joe-medium
                if config.exists():
                    found[parts[1] if len(parts) == 3 else model.stem] = (model, config)
    return found


def voices() -> list[str]:
    """Every candidate voice: each piper model, and each English espeak-ng voice alone and with each
    human-sounding variant (m1.., f1..). mbrola voices are left out: they need mbrola and its data.
    hibari is left out on purpose: it is the interviewer's voice."""
    langs = list(dict.fromkeys(lang for lang, file in _espeak_rows("en")
                               if lang.startswith("en") and not file.startswith("mb/")))
    found = {file.split("/")[-1] for _, file in _espeak_rows("variant")}
    variants = sorted((v for v in found if re.fullmatch(r"[mf]\d+", v)), key=lambda v: (v[0], int(v[1:])))
    return ([f"piper:{name}" for name in sorted(_piper_models())] + [f"espeak:{lang}" for lang in langs]
            + [f"espeak:{lang}+{v}" for lang in langs for v in variants])


# Romanized Hindi ("kya baat hai") to Devanagari: espeak-ng's hi voice reads Latin letters as English.
_HI_VOWELS = {"aa": ("आ", "ा"), "a": ("अ", ""), "ii": ("ई", "ी"), "ee": ("ई", "ी"), "i": ("इ", "ि"),
              "uu": ("ऊ", "ू"), "oo": ("ऊ", "ू"), "u": ("उ", "ु"), "ai": ("ऐ", "ै"), "au": ("औ", "ौ"),
              "e": ("ए", "े"), "o": ("ओ", "ो")}
_HI_CONS = {"chh": "छ", "kh": "ख", "gh": "घ", "ch": "च", "jh": "झ", "th": "थ", "dh": "ध", "ph": "फ",
            "bh": "भ", "sh": "श", "k": "क", "g": "ग", "c": "च", "j": "ज", "t": "त", "d": "द", "n": "न",
            "p": "प", "b": "ब", "m": "म", "y": "य", "r": "र", "l": "ल", "v": "व", "w": "व", "s": "स",
            "h": "ह", "f": "फ़", "z": "ज़", "q": "क"}


def devanagari(text: str) -> str:
    out, i, after_consonant, t = "", 0, False, text.lower()
    while i < len(t):
        for n in (3, 2, 1):
            piece = t[i:i + n]
            if piece in _HI_CONS:  # a consonant after a consonant is a cluster: join with a virama
                out += ("्" if after_consonant else "") + _HI_CONS[piece]
                after_consonant = True
                break
            if piece in _HI_VOWELS:  # a word-final "a" is long in Hinglish spelling: kya, accha
                final_a = piece == "a" and after_consonant and not t[i + 1:i + 2].isalpha()
                out += "ा" if final_a else _HI_VOWELS[piece][1 if after_consonant else 0]
                after_consonant = False
                break
        else:
            n, after_consonant = 1, False
            out += t[i]
        i += n
    return out


def cache_dir() -> Path:
    from viva.config import get_settings

    return get_settings().cache_dir / "speech"


@lru_cache(maxsize=None)
def _espeak_version() -> str:
    out = subprocess.run([_tool("espeak-ng"), "--version"], capture_output=True, text=True, timeout=30).stdout
    return out.split("Data at")[0].strip()


@lru_cache(maxsize=None)
def _piper_load(name: str):  # type: ignore[no-untyped-def]
    from piper import PiperVoice  # type: ignore[import-not-found]

    model, config = _piper_models()[name]
    return PiperVoice.load(str(model), config_path=str(config))


def _piper(text: str, name: str) -> bytes:
    from piper import SynthesisConfig  # type: ignore[import-not-found]

    voice = _piper_load(name)
    # No sampling noise: piper is random otherwise, and a seed must give the same audio anywhere.
    cfg = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    pcm = b"".join(c.audio_int16_bytes for c in voice.synthesize(text, syn_config=cfg))
    return level(resample(pcm, int(voice.config.sample_rate)))


def _trim(pcm: bytes, margin_s: float = 0.03) -> bytes:
    loud = np.flatnonzero(np.abs(_f32(pcm)) > 300)
    if loud.size == 0:
        return pcm
    m = int(margin_s * RATE)
    return pcm[2 * max(0, loud[0] - m): 2 * min(len(pcm) // 2, loud[-1] + m)]


def _one(text: str, voice: str) -> bytes:
    kind, _, name = voice.partition(":")
    if kind == "espeak":
        _tool("espeak-ng")
        version = _espeak_version()
    elif kind == "piper" and name in _piper_models():
        model = _piper_models()[name][0]
        version = f"piper-tts {metadata.version('piper-tts')} {model.name} {model.stat().st_size} noise0"
    else:
        raise ValueError(f"unknown voice {voice!r}; voices() lists them")
    key = hashlib.sha256(f"{voice}\0{text}\0{version}\0trim30".encode()).hexdigest()  # trim30: what is stored
    path = cache_dir() / f"{key}.pcm"
    if path.exists():
        return path.read_bytes()
    pcm = _trim(espeak(text, name) if kind == "espeak" else _piper(text, name))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # parallel workers may write the same line
    tmp.write_bytes(pcm)
    os.replace(tmp, path)
    return pcm


def synthesize(text: str, voice: str) -> bytes:
    """`text` in `voice`, trimmed to its voiced extent (+30 ms). Spans like "[es:por favor]" or
    "[hi:kya baat hai]" are spoken by that espeak-ng language and spliced in place. Cached on disk
    under cache_dir() (VIVA_SPEECH_CACHE, else ~/.cache/viva/speech)."""
    pieces: list[bytes] = []
    at = 0
    for m in [*_SPAN.finditer(text), None]:
        english = text[at:m.start() if m else len(text)].strip(" ,")
        if english:
            pieces.append(_one(english, voice))
        if m:
            lang, span = m.group(1), m.group(2).strip()
            if lang == "hi" and span.isascii():
                span = devanagari(span)
            pieces.append(_one(span, f"espeak:{lang}"))
            at = m.end()
    return silence(GAP_S).join(pieces)


def shape(pcm: bytes, s: Shape) -> bytes:
    """sox tempo/pitch/lowpass, then levelled to TARGET_DBFS + gain_db, then the background bed
    snr_db under that. A default Shape returns `pcm` unchanged."""
    effects: list[str] = []
    if s.tempo != 1.0:
        effects += ["tempo", "-s", f"{s.tempo:g}"]
    if s.pitch_cents:
        effects += ["pitch", str(s.pitch_cents)]
    if s.lowpass_hz:  # twice: 24 dB/octave, a hand or a cheap capsule cuts more than 12
        effects += ["lowpass", str(s.lowpass_hz), "lowpass", str(s.lowpass_hz)]
    out = _sox(effects, pcm) if effects else pcm
    if effects or s.gain_db or s.background != "none":
        out = level(out, TARGET_DBFS + s.gain_db)
    if s.background != "none":
        out = mix(out, bed_for(s, len(out) / 2 / RATE))
    return out


def bed_for(s: Shape, seconds: float) -> bytes:
    """The shape's background at snr_db under its speech (TARGET_DBFS + gain_db)."""
    if s.background == "none":
        return silence(seconds)
    return _at(_f32(background_bed(s.background, seconds, s.seed)), TARGET_DBFS + s.gain_db - s.snr_db)


def overlap(speech: bytes, other: bytes, offset_s: float, gain_db: float) -> bytes:
    """`speech` with `other` (say the interviewer leaking from the speaker) from offset_s at gain_db."""
    return mix(speech, silence(max(0.0, offset_s)) + other, gain_db)


CAFE_LINES = ["could I get a flat white please", "we went to the coast last weekend", "the traffic was awful",
              "she said she would call me back", "is this seat taken", "I have a meeting at three",
              "that film was much better than the book", "do you want to split a muffin",
              "my sister just moved to Leeds", "they finally fixed the heating", "oh I love this song",
              "can you pass the sugar", "no I think it was on Tuesday", "we should do this more often",
              "it is going to rain all week", "how is your new job going"]
CAFE_ESPEAK = ["espeak:en-gb+f3", "espeak:en-us+m1", "espeak:en-029+f2", "espeak:en-gb-scotland+m3",
               "espeak:en-us+f4", "espeak:en-gb-x-rp+m5"]
TV_LINES = ["good evening and welcome to the news", "markets closed higher today after a volatile week",
            "heavy rain is expected across the north tonight", "the minister declined to comment",
            "officials say the bridge will reopen on Monday", "and now the weather",
            "the home side won two nil in front of a packed stadium", "more on that story after the break"]
TV_VOICE = "espeak:en-gb-x-rp"
CHORDS = [(-21, -17, -14), (-24, -21, -17), (-28, -24, -21), (-26, -22, -19)]  # C Am F G, semitones from A4


def _add(bed: np.ndarray, a: np.ndarray, at: int) -> None:
    bed[at:at + a.size] += a[: max(0, bed.size - at)]


@lru_cache(maxsize=None)
def _chord(notes: tuple[int, ...], seconds: float) -> bytes:
    args: list[str] = []
    for i, note in enumerate(notes):  # each synth after the first mixes its note into the ones before
        args += ["synth", f"{seconds:g}", "pluck", *(["mix"] if i else []), f"%{note}"]
    return _sox([*args, "fade", "0", f"{seconds:g}", "0.4"])


def _talk(bed: np.ndarray, lines: list[str], voice: str, gain_db: float, gaps: tuple[float, float],
          rng: np.random.Generator) -> None:
    """One talker saying random lines with random pauses from a random start, across the whole bed."""
    t = int(rng.uniform(0, gaps[1]) * RATE)
    while t < bed.size:
        line = _f32(synthesize(lines[int(rng.integers(len(lines)))], voice)) * 10 ** (gain_db / 20)
        _add(bed, line, t)
        t += line.size + int(rng.uniform(*gaps) * RATE)


def background_bed(kind: str, seconds: float, seed: int = 0) -> bytes:
    """A continuous bed at BED_DBFS[kind], the same for the same (kind, seconds, seed)."""
    if kind not in BED_DBFS:
        raise ValueError(f"unknown background {kind!r}: one of {sorted(BED_DBFS)}")
    n, rng = int(seconds * RATE), np.random.default_rng(seed)
    if kind == "pink":
        return noise(seconds, BED_DBFS["pink"], seed)
    bed = np.zeros(n, np.float32)
    if kind == "cafe":  # five talkers at different distances, clinking cups, room tone, a room
        for voice in ["piper:joe", *(str(v) for v in rng.choice(CAFE_ESPEAK, 4, replace=False))]:
            _talk(bed, CAFE_LINES, voice, rng.uniform(-8, 0), (0.1, 1.5), rng)
        bed += _f32(noise(seconds, -20.0 - 18.0, seed))[:n]  # ventilation: the bed never drops to silence
        clinks = [_f32(_sox(["synth", "0.25", "sine", str(f), "synth", "0.25", "sine", "mix", str(f * 3 // 2),
                             "fade", "l", "0.002", "0.25", "0.24"])) for f in rng.integers(2200, 3800, 3)]
        for _ in range(int(rng.poisson(seconds / 4))):
            _add(bed, clinks[int(rng.integers(3))] * 10 ** (rng.uniform(-22, -12) / 20), int(rng.integers(n)))
        room = ["reverb", "30"]
    else:  # a newsreader over a chord bed, through a wall: highs gone, the other room's reverb
        _talk(bed, TV_LINES, TV_VOICE, 0.0, (0.25, 0.9), rng)
        music = np.zeros(n, np.float32)
        for at in range(0, n, 2 * RATE):
            _add(music, _f32(_chord(CHORDS[int(rng.integers(len(CHORDS)))], 2.0)), at)
        bed += music * _rms(bed) / (_rms(music) or 1.0) * 10 ** (-10 / 20)  # music 10 dB under the voice
        room = ["lowpass", "1500", "lowpass", "1500", "reverb", "60"]
    wet = _f32(_sox(room, _at(bed, -26.0)))[:n]
    return _at(np.pad(wet, (0, n - wet.size)), BED_DBFS[kind])
