"""The embedded voice engines, with real audio: silero VAD and the TTS engines."""

from __future__ import annotations

import array
import random
import subprocess

import pytest

from viva.voice.tts import EspeakEngine, HibariEngine, PiperEngine, SILENCE_LEVEL, wav_pcm
from viva.voice.vad import SAMPLE_RATE, VoiceActivity


def candidate_speech(text: str, tmp_path, voice: str = "en-gb") -> bytes:
    """Speech in a voice other than the interviewer's, as 16 kHz s16le mono."""
    raw, out = tmp_path / "raw.wav", tmp_path / "16k.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return wav_pcm(out.read_bytes())


def silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(SAMPLE_RATE * seconds)


def noise(seconds: float, amplitude: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    return array.array("h", (rng.randint(-amplitude, amplitude) for _ in range(int(SAMPLE_RATE * seconds)))).tobytes()


def feed_in_frames(vad: VoiceActivity, pcm: bytes, frame: int = 640) -> list:
    events = []
    for i in range(0, len(pcm), frame):
        events += vad.feed(pcm[i:i + frame])
    return events


def first_loud_sample(pcm: bytes) -> int:
    samples = array.array("h")
    samples.frombytes(pcm)
    return next(i for i, s in enumerate(samples) if abs(s) > 1000)


def test_speech_is_detected_soon_after_onset_and_its_end_is_found(tmp_path):
    speech = candidate_speech("Is the array sorted, or can it be in any order?", tmp_path)
    pcm = silence(1.0) + speech + silence(1.0)
    events = feed_in_frames(VoiceActivity(), pcm)
    kinds = [e.kind for e in events]
    assert kinds == ["speech_started", "speech_ended"], kinds
    onset = SAMPLE_RATE + first_loud_sample(speech)
    lag_ms = (events[0].sample - onset) * 1000 / SAMPLE_RATE
    assert -40 <= lag_ms <= 200, lag_ms  # decided within a few frames of the first voiced sound
    assert events[1].sample >= SAMPLE_RATE + len(speech) // 2


def test_quiet_noise_alone_is_not_speech():
    events = feed_in_frames(VoiceActivity(), noise(3.0, 200))
    assert events == []


@pytest.mark.parametrize("engine_cls", [HibariEngine, EspeakEngine, PiperEngine])
def test_tts_engines_speak_a_sentence_without_leading_silence(engine_cls):
    engine = engine_cls()
    pcm = engine.synthesize("Your solution passes eighteen of twenty tests.")
    samples = array.array("h")
    samples.frombytes(pcm)
    seconds = len(samples) / engine.sample_rate
    assert 1.0 < seconds < 6.0
    first = next(i for i, s in enumerate(samples) if abs(s) > SILENCE_LEVEL)
    assert first * 1000 / engine.sample_rate <= 25  # hibari's ~300 ms lead-in is trimmed


def test_the_interview_language_model_builds_and_loads(tmp_path):
    from pocketsphinx import Decoder

    from viva.voice.corpus import build_lm, corpus_lines

    lines = corpus_lines()
    assert len(lines) > 1000 and "can i get a hint" in lines
    lm = build_lm(tmp_path / "interview.lm")
    assert lm.read_text().startswith("\\data\\") or "\\data\\" in lm.read_text()[:200]
    Decoder(samprate=16000, lm=str(lm), loglevel="FATAL")  # pocketsphinx accepts it


def test_a_recognizer_process_decodes_like_the_in_process_one_and_a_dead_one_is_replaced():
    from viva.sim.speech import speak
    from viva.voice.corpus import default_model
    from viva.voice.stt import RecognizerPool, SphinxRecognizer

    model = default_model()
    pcm = speak("i would use a hash map from each value to its index", "espeak:en-us+m3")

    def decode(r) -> str:
        r.begin()
        for i in range(0, len(pcm), 640):
            r.feed(pcm[i:i + 640])
        return r.finish()

    pool = RecognizerPool(model, size=1, spotters=0, processes=True)
    try:
        remote = pool.borrow()
        assert decode(remote) == decode(SphinxRecognizer(model)) != ""
        remote._proc.kill()  # noqa: SLF001 - a recognizer process that died
        remote._proc.wait()  # noqa: SLF001
        pool.give_back(remote)  # dropped, not pooled
        fresh = pool.borrow()
        assert fresh is not remote and fresh.alive and decode(fresh) != ""
        pool.give_back(fresh)
    finally:
        pool.close()


# ---- the candidate's choice of voice and speed (issue 16) -------------------------------------

def spoken_s(pcm: bytes, rate: int) -> float:
    """Seconds from the first to the last sound: speed shows there, not in trailing silence."""
    samples = array.array("h")
    samples.frombytes(pcm)
    loud = [i for i, s in enumerate(samples) if abs(s) > SILENCE_LEVEL]
    return (loud[-1] - loud[0]) / rate


SENTENCE = "Walk me through your approach before you start coding, please."


def test_every_offered_voice_speaks_and_speed_changes_how_long_it_takes():
    from viva.voice.tts import engine_for_voice, voice_options

    offered = voice_options(HibariEngine())
    assert offered[0].id == "hibari:heart" and any(v.id.startswith("espeak:") for v in offered)
    for v in offered:
        engine = engine_for_voice(v.id)
        normal = spoken_s(engine.synthesize(SENTENCE), engine.sample_rate)
        fast = spoken_s(engine.synthesize(SENTENCE, 1.3), engine.sample_rate)
        slow = spoken_s(engine.synthesize(SENTENCE, 0.8), engine.sample_rate)
        assert 2.0 < normal < 8.0, (v.id, normal)
        # The spoken length follows the speed, within what each engine's phrasing allows (piper's
        # scales least: 1.3x gives 0.87-0.90 of the length; espeak-ng and hibari about 0.75).
        assert 0.6 < fast / normal < 0.93 and 1.07 < slow / normal < 1.45, (v.id, fast / normal, slow / normal)
    with pytest.raises(ValueError):
        engine_for_voice("espeak:../../etc/passwd")


def test_a_sessions_voice_is_resampled_to_the_rate_announced_and_an_unknown_one_falls_back():
    from viva.voice.engines import VoiceEngines

    engines = VoiceEngines(HibariEngine(), stt=None)  # type: ignore[arg-type]  # only the TTS half is used
    try:
        rate = engines.sample_rate
        own = engines._synth_sync(SENTENCE)
        british = engines._synth_sync(SENTENCE, "espeak:en-gb")  # espeak speaks at 22.05 kHz
        assert own != british
        assert 2.0 < spoken_s(british, rate) < 8.0  # at the session's rate, it lasts what it should
        # The interview goes on in the server's voice.
        assert engines._engine("no-such:voice") is engines.tts and engines._engine("espeak:en-gb") is not engines.tts
        assert abs(len(engines._synth_sync(SENTENCE, "no-such:voice")) - len(own)) < 0.1 * len(own)
        assert len(engines._synth_sync(SENTENCE, None, 1.25)) < 0.9 * len(own)
    finally:
        engines._tts_thread.shutdown(wait=False)
