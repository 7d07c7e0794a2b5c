"""The cloud speech-to-text engine over real HTTP against a stand-in that speaks OpenAI's
transcription wire format and really transcribes (testkit/stt_standin.py), and the fallback chain."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from testkit.stt_standin import SERVER_ERROR, OpenAITranscriptionStandIn, free_port
from viva.sim.speech import speak
from viva.voice.cloud_stt import FallbackTranscriber, OpenAITranscriber, wav_bytes
from viva.voice.stt import Transcript, TranscriptionError

KEY = "sk-standin-test"
SPOKEN = "i would use a hash map"


@pytest.fixture(scope="module")
def standin() -> Iterator[OpenAITranscriptionStandIn]:
    with OpenAITranscriptionStandIn(api_key=KEY) as s:
        yield s


@pytest.fixture(scope="module")
def speech() -> bytes:
    """`SPOKEN` as 16 kHz mono s16le in piper's joe voice (a test dependency), which pocketsphinx
    hears the same way every time."""
    return speak(SPOKEN, "piper:joe")


def cloud(standin: OpenAITranscriptionStandIn, model: str = "whisper-1", key: str | None = KEY,
          timeout_s: float = 10.0, base_url: str | None = None) -> OpenAITranscriber:
    return OpenAITranscriber(base_url or standin.base_url, model=model, api_key=key, timeout_s=timeout_s)


def heard_most(text: str) -> bool:
    said, heard = SPOKEN.split(), text.lower().split()
    return len(set(said) & set(heard)) >= len(said) - 2


class LocalSphinx:
    """A small real local engine: the stand-in's own pocketsphinx decoder, called in-process."""

    name = "pocketsphinx"

    def __init__(self, standin: OpenAITranscriptionStandIn) -> None:
        self.standin = standin

    def transcribe(self, pcm: bytes, prompt: str = "") -> Transcript:
        return Transcript(self.standin.recognize(pcm), 0.5, self.name)


class Broken:
    name = "broken"

    def transcribe(self, pcm: bytes, prompt: str = "") -> Transcript:
        raise RuntimeError("model file missing")


def test_transcribes_speech(standin, speech):
    t = cloud(standin)
    try:
        got = t.transcribe(speech)
    finally:
        t.close()
    assert heard_most(got.text), got
    assert got.engine == "openai"
    assert got.confidence == pytest.approx(math.exp(-0.2), abs=0.001)  # from the segments' avg_logprob
    assert got.seconds > 0


def test_the_wire_format(standin, speech):
    t = cloud(standin, model="wire-check")
    try:
        t.transcribe(speech, prompt="hash map, two pointers")
        t.transcribe(speech)
    finally:
        t.close()
    with_prompt, without = [r for r in standin.requests if r.fields.get("model") == "wire-check"]
    assert with_prompt.fields == {"model": "wire-check", "language": "en", "response_format": "verbose_json",
                                  "temperature": "0", "prompt": "hash map, two pointers"}
    assert "prompt" not in without.fields
    assert with_prompt.authorization == f"Bearer {KEY}"
    f = with_prompt.file
    assert f is not None and f.filename == "utterance.wav" and f.content_type == "audio/wav"
    assert (f.rate, f.channels, f.sample_width) == (16000, 1, 2)
    assert f.frames == len(speech) // 2
    assert f.size == len(wav_bytes(speech))


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
def test_base_url_with_or_without_v1(standin, speech, suffix):
    t = cloud(standin, base_url=f"http://127.0.0.1:{standin.port}{suffix}")
    try:
        assert t.url == f"http://127.0.0.1:{standin.port}/v1/audio/transcriptions"
        assert heard_most(t.transcribe(speech).text)
    finally:
        t.close()


def test_a_server_that_speaks_plain_json(standin, speech):
    t = cloud(standin, model="plain")
    try:
        got = t.transcribe(speech)
    finally:
        t.close()
    assert heard_most(got.text)
    assert got.confidence == 0.9  # no log-probabilities to go on


@pytest.mark.parametrize("key", ["sk-wrong", None])
def test_a_wrong_or_missing_key_is_a_transcription_error(standin, speech, key):
    t = cloud(standin, key=key)
    try:
        with pytest.raises(TranscriptionError, match="401") as e:
            t.transcribe(speech)
    finally:
        t.close()
    assert "Incorrect API key" in str(e.value)
    assert "\n" not in str(e.value)


def test_a_server_error_carries_the_servers_message(standin, speech):
    t = cloud(standin, model="fail")
    try:
        with pytest.raises(TranscriptionError, match="500") as e:
            t.transcribe(speech)
    finally:
        t.close()
    assert SERVER_ERROR in str(e.value)


def test_a_body_that_is_not_json(standin, speech):
    t = cloud(standin, model="garbage")
    try:
        with pytest.raises(TranscriptionError, match="not JSON"):
            t.transcribe(speech)
    finally:
        t.close()


def test_a_slow_server_times_out(standin, speech):
    t = cloud(standin, model="slow", timeout_s=0.5)
    t0 = time.monotonic()
    try:
        with pytest.raises(TranscriptionError, match="0.5 s"):
            t.transcribe(speech)
    finally:
        t.close()
    assert time.monotonic() - t0 < 10  # the stand-in would take 30 s


def test_connection_refused():
    t = OpenAITranscriber(f"http://127.0.0.1:{free_port()}", timeout_s=2)  # nothing listens there
    try:
        with pytest.raises(TranscriptionError, match="could not connect"):
            t.transcribe(bytes(16000))
    finally:
        t.close()


def test_a_closed_transcriber_raises_only_transcription_errors(standin, speech):
    t = cloud(standin)
    t.close()
    with pytest.raises(TranscriptionError):
        t.transcribe(speech)


def test_too_short_audio_is_silence_without_a_request(standin):
    before = len(standin.requests)
    t = cloud(standin)
    try:
        got = t.transcribe(bytes(2 * 800))  # 50 ms: OpenAI would refuse it
    finally:
        t.close()
    assert (got.text, got.confidence) == ("", 0.0)
    assert len(standin.requests) == before


def test_the_standin_refuses_what_is_not_a_wav(standin):
    r = httpx.post(f"{standin.base_url}/audio/transcriptions", headers={"Authorization": f"Bearer {KEY}"},
                   data={"model": "whisper-1"}, files={"file": ("utterance.wav", b"ID3\x03not audio", "audio/wav")})
    assert r.status_code == 400
    assert "Invalid file format" in r.json()["error"]["message"]
    assert standin.requests[-1].file is not None and standin.requests[-1].file.size == 13


def test_fallback_from_a_failing_cloud_to_a_local_engine(standin, speech):
    first = cloud(standin, model="fail")
    chain = FallbackTranscriber([first, LocalSphinx(standin)])
    try:
        got = chain.transcribe(speech)
    finally:
        chain.close()
    assert chain.name == "openai>pocketsphinx"
    assert got.engine == "pocketsphinx"
    assert heard_most(got.text)
    assert chain.fallbacks == 1


def test_fallback_from_a_slow_cloud_to_a_second_cloud(standin, speech):
    chain = FallbackTranscriber([cloud(standin, model="slow", timeout_s=0.5), cloud(standin)])
    try:
        got = chain.transcribe(speech)
        assert chain.fallbacks == 1
        assert heard_most(got.text) and got.engine == "openai"
        assert got.seconds >= 0.5  # the wait includes the engine that timed out
    finally:
        chain.close()


def test_no_fallback_when_the_first_engine_answers(standin, speech):
    chain = FallbackTranscriber([cloud(standin), Broken()])
    try:
        got = chain.transcribe(speech)
    finally:
        chain.close()
    assert got.engine == "openai" and chain.fallbacks == 0


def test_all_failing_names_each_failure(standin, speech):
    chain = FallbackTranscriber([cloud(standin, model="fail"), Broken()])
    try:
        with pytest.raises(TranscriptionError) as e:
            chain.transcribe(speech)
    finally:
        chain.close()
    msg = str(e.value)
    assert "openai:" in msg and "500" in msg and SERVER_ERROR in msg
    assert "broken: RuntimeError: model file missing" in msg
    assert "openai: openai:" not in msg
    assert chain.fallbacks == 1


def test_fallbacks_are_counted_across_threads(standin):
    chain = FallbackTranscriber([cloud(standin, model="fail"), LocalSphinx(standin)])
    errors: list[BaseException] = []

    def one() -> None:
        try:
            chain.transcribe(bytes(16000))
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=one) for _ in range(8)]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=60)
    finally:
        chain.close()
    assert not errors
    assert chain.fallbacks == 8
