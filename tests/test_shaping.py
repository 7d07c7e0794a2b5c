"""Audio shaping for adversarial simulated candidates (issue 15): real sox, espeak-ng and piper."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from viva.sim import shaping
from viva.sim.shaping import MissingTool, Shape, background_bed, overlap, shape, synthesize, voices
from viva.sim.speech import RATE, silence

LINE = "well I think we can sort the array first and then use two pointers"


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test synthesizes for real into its own cache, so nothing passes on an old cached file."""
    from viva.config import get_settings

    monkeypatch.setenv("VIVA_CACHE_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path / "speech"
    get_settings.cache_clear()


def f32(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def db(x: float) -> float:
    return 20 * np.log10(max(x, 1e-9) / 32768)


def frames_db(a: np.ndarray, ms: int = 20) -> np.ndarray:
    n = RATE * ms // 1000
    k = a.size // n
    return 10 * np.log10((a[: k * n].reshape(k, n) ** 2).mean(1) + 1e-9) - 20 * np.log10(32768)


def active_level(a: np.ndarray) -> float:
    """Speech level as in ITU-T P.56, simplified: frames within 15.9 dB of the level they make."""
    d = frames_db(a)
    level = 10 * np.log10(np.mean(10 ** (d / 10)))
    for _ in range(30):
        level = 10 * np.log10(np.mean(10 ** (d[d > level - 15.9] / 10)))
    return float(level)


def f0(pcm: bytes) -> float:
    """Median pitch of the voiced 60 ms frames, by (unbiased) autocorrelation in 50-400 Hz."""
    a = f32(pcm)
    n, out = int(0.06 * RATE), []
    lo, hi = RATE // 400, RATE // 50
    for i in range(0, a.size - n, n // 2):
        fr = a[i:i + n] - a[i:i + n].mean()
        if np.sqrt(np.mean(fr * fr)) < 1000:
            continue
        ac = np.correlate(fr, fr, "full")[n - 1:] / (n - np.arange(n))
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.5 * ac[0]:
            out.append(RATE / lag)
    assert len(out) > 10
    return float(np.median(out))


def band_energy(pcm: bytes, above_hz: float) -> float:
    spec = np.abs(np.fft.rfft(f32(pcm))) ** 2
    return float(spec[np.fft.rfftfreq(len(pcm) // 2, 1 / RATE) > above_hz].sum())


def test_every_listed_voice_speaks() -> None:
    found = voices()
    espeak_english = [v for v in found if v.startswith("espeak:en")]
    assert "piper:joe" in found
    assert len(espeak_english) >= 6
    assert {"espeak:en-us", "espeak:en-gb", "espeak:en-gb-scotland", "espeak:en-029", "espeak:en-us+f3",
            "espeak:en-us+m3"} <= set(found)
    assert len(found) == len(set(found))
    lengths = {}
    for voice in found:
        pcm = synthesize("can the array be empty", voice)
        assert len(pcm) / 2 / RATE > 0.5, voice
        assert abs(db(float(np.sqrt(np.mean(f32(pcm) ** 2)))) - -22) < 8, voice  # levelled, not silent
        lengths[voice] = len(pcm)
    assert len(set(lengths.values())) > len(found) // 4  # different voices, not one voice renamed


def test_synthesis_is_cached_and_the_same_every_time(fresh_cache: Path) -> None:
    first = synthesize(LINE, "piper:joe")
    assert len(list(fresh_cache.glob("*.pcm"))) == 1
    again = synthesize(LINE, "piper:joe")
    for f in fresh_cache.glob("*.pcm"):
        f.unlink()
    assert again == first == synthesize(LINE, "piper:joe")  # also from scratch: piper without sampling noise
    with pytest.raises(ValueError, match="unknown voice"):
        synthesize(LINE, "piper:nobody")


def test_default_shape_changes_nothing() -> None:
    pcm = synthesize(LINE, "espeak:en-us")
    assert shape(pcm, Shape()) == pcm


def test_tempo_shortens() -> None:
    pcm = synthesize(LINE, "piper:joe")
    fast = shape(pcm, Shape(tempo=1.5))
    assert len(fast) / len(pcm) == pytest.approx(1 / 1.5, rel=0.1)
    assert f0(fast) == pytest.approx(f0(pcm), rel=0.08)  # speed without pitch change


def test_pitch_moves_the_voice_up_and_down() -> None:
    pcm = synthesize(LINE, "piper:joe")
    base, up, down = f0(pcm), f0(shape(pcm, Shape(pitch_cents=400))), f0(shape(pcm, Shape(pitch_cents=-400)))
    assert up / base == pytest.approx(2 ** (4 / 12), rel=0.08)
    assert down / base == pytest.approx(2 ** (-4 / 12), rel=0.08)


def test_gain_lowers_the_level() -> None:
    pcm = synthesize(LINE, "espeak:en-gb+f3")
    loud, quiet = shape(pcm, Shape(gain_db=0.001)), shape(pcm, Shape(gain_db=-18))
    drop = db(float(np.sqrt(np.mean(f32(loud) ** 2)))) - db(float(np.sqrt(np.mean(f32(quiet) ** 2))))
    assert drop == pytest.approx(18, abs=1)


def test_lowpass_muffles() -> None:
    pcm = synthesize(LINE, "espeak:en-gb+f3")
    muffled = shape(pcm, Shape(lowpass_hz=800))
    assert band_energy(muffled, 2000) < 0.1 * band_energy(pcm, 2000)
    assert band_energy(muffled, 2000) < 0.02 * band_energy(muffled, 0)
    assert len(muffled) == len(pcm)


@pytest.mark.parametrize("kind", ["cafe", "tv", "pink"])
def test_background_sits_snr_under_the_speech(kind: str) -> None:
    pcm = synthesize(LINE, "piper:joe") + silence(0.5) + synthesize("and that gives linear time", "espeak:en-029")
    for gain in (0.0, -12.0):
        clean = shape(pcm, Shape(gain_db=gain))
        noisy = shape(pcm, Shape(gain_db=gain, background=kind, snr_db=5, seed=3))  # type: ignore[arg-type]
        bed = f32(noisy) - f32(clean)
        snr = active_level(f32(clean)) - db(float(np.sqrt(np.mean(bed ** 2))))
        assert snr == pytest.approx(5, abs=2), (kind, gain, snr)


@pytest.mark.parametrize("kind", ["cafe", "tv", "pink"])
def test_beds_are_continuous_at_their_level_and_deterministic(kind: str, fresh_cache: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    a = background_bed(kind, 12, seed=1)
    assert len(a) == 12 * RATE * 2
    assert db(float(np.sqrt(np.mean(f32(a) ** 2)))) == pytest.approx(shaping.BED_DBFS[kind], abs=0.2)
    assert frames_db(f32(a), 100).min() > shaping.BED_DBFS[kind] - 30  # plays under the silences too
    monkeypatch.setenv("VIVA_SPEECH_CACHE", str(tmp_path / "other-cache"))  # not from the cache's luck
    assert background_bed(kind, 12, seed=1) == a
    b = background_bed(kind, 12, seed=2)
    assert b != a
    assert np.corrcoef(f32(a), f32(b))[0, 1] < 0.3


def syllabic_share(pcm: bytes) -> float:
    """Share of the loudness envelope's modulation at 2-8 Hz, where speech puts its syllables."""
    env = frames_db(f32(pcm), 10)
    spec = np.abs(np.fft.rfft(env - env.mean())) ** 2
    freq = np.fft.rfftfreq(env.size, 0.01)
    return float(spec[(freq >= 2) & (freq <= 8)].sum() / spec[(freq > 0.5) & (freq <= 50)].sum())


def test_cafe_babble_is_modulated_like_speech_not_stationary_noise() -> None:
    cafe, pink = background_bed("cafe", 20, seed=4), background_bed("pink", 20, seed=4)
    assert frames_db(f32(cafe), 50).std() > frames_db(f32(pink), 50).std() + 1.5
    assert syllabic_share(cafe) > 1.5 * syllabic_share(pink)


def test_code_switched_line_splices_the_spanish_voice() -> None:
    english = synthesize("can the array be empty", "piper:joe")
    spanish = synthesize("por favor", "espeak:es")
    mixed = synthesize("[es:por favor] can the array be empty", "piper:joe")
    assert len(mixed) > len(english) + 0.3 * RATE * 2
    assert len(mixed) == len(spanish) + len(silence(shaping.GAP_S)) + len(english)
    assert mixed.startswith(spanish) and mixed.endswith(english)
    assert spanish != synthesize("por favor", "espeak:en-us")  # the es voice, not English rules


def test_romanized_hindi_is_spoken_by_the_hindi_voice() -> None:
    mixed = synthesize("so [hi:kya baat hai] that is linear", "espeak:en-us+m3")
    hindi = synthesize("क्या बात है", "espeak:hi")
    assert shaping.devanagari("kya baat hai") == "क्या बात है"
    assert hindi in mixed
    assert mixed.startswith(synthesize("so", "espeak:en-us+m3"))
    assert mixed.endswith(synthesize("that is linear", "espeak:en-us+m3"))
    assert hindi != synthesize("kya baat hai", "espeak:en-us")


def test_overlap_mixes_the_other_audio_from_its_offset() -> None:
    speech = synthesize(LINE, "piper:joe")
    leak = synthesize("take your time", "espeak:en-gb-x-rp")
    out = f32(overlap(speech, leak, 1.0, -10))
    assert out.size == max(len(speech), len(leak) + 2 * RATE) // 2
    assert np.array_equal(out[:RATE], f32(speech)[:RATE])
    added = out[RATE:RATE + len(leak) // 2] - f32(speech)[RATE:RATE + len(leak) // 2]
    assert np.corrcoef(added, f32(leak))[0, 1] > 0.99
    assert 20 * np.log10(np.std(added) / np.std(f32(leak))) == pytest.approx(-10, abs=0.3)


def test_missing_tools_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pcm = synthesize(LINE, "espeak:en-us")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(MissingTool, match="sox is not installed"):
        shape(pcm, Shape(tempo=1.2))
    with pytest.raises(MissingTool, match="espeak-ng is not installed"):
        voices()
    with pytest.raises(MissingTool, match="espeak-ng is not installed"):
        synthesize("a line never synthesized before", "espeak:en-gb")
