"""Two-pass hearing: the Whisper model from PyPI parts, the bounded accurate pass, the record
taking the accurate words, the interviewer correcting course and asking again when it did not
hear, and all of it over a real WebSocket with a voice the recognizers were never tuned on.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.conftest import ServerProcess
from testkit.stt_standin import OpenAITranscriptionStandIn
from testkit.voice_client import VoiceClient
from viva.events import CandidateUtterance, SessionStarted, TranscriptRevised
from viva.interview.brain import RulesBrain
from viva.interview.phrasing import SAY_AGAIN
from viva.interview.turn import counting_ids
from viva.problems import get_problem
from viva.session import fold
from viva.session.model import Phase
from viva.sim.speech import silence, speak, with_noise
from viva.voice import whisper
from viva.voice.engines import CloudSTT, HearingConfig, accurate_engine
from viva.voice.refine import Refiner
from viva.voice.whisper import ModelUnavailable, WhisperTranscriber, assemble

CACHE = Path.home() / ".cache" / "viva"
QUESTION = "Can the numbers be negative?"


def noisy_question() -> bytes:
    """A question in pink noise at 10 dB SNR (neither pass was tuned on noise): the fast pass makes
    nothing of it ("let the length"), the accurate pass hears every word."""
    return with_noise(silence(0.3) + speak(QUESTION, "piper:joe") + silence(0.2), 10)


@pytest.fixture(scope="module")
def transcriber() -> WhisperTranscriber:
    return WhisperTranscriber(CACHE)


def words(text: str) -> set[str]:
    return set("".join(c if c.isalnum() or c.isspace() else " " for c in text.lower()).split())


# ---- the model ------------------------------------------------------------------------------------

def test_the_model_is_joined_from_its_two_wheels_checked_and_built_once(tmp_path: Path) -> None:
    out = assemble(tmp_path)
    model = out / "model.bin"
    assert model.stat().st_size == whisper.MODEL_BYTES and whisper.sha256(model) == whisper.MODEL_SHA256
    built = model.stat().st_mtime_ns
    assert assemble(tmp_path) == out and model.stat().st_mtime_ns == built  # not rebuilt
    with model.open("r+b") as f:  # a torn copy is rebuilt, never loaded
        f.truncate(1000)
    assemble(tmp_path)
    assert model.stat().st_size == whisper.MODEL_BYTES


def test_a_model_that_is_not_the_published_one_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whisper, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelUnavailable, match="sha256"):
        assemble(tmp_path)
    assert not list((tmp_path / "whisper-base-ct2").glob("model.bin*"))


def test_whisper_hears_a_natural_voice(transcriber: WhisperTranscriber) -> None:
    said = "i would keep a hash map from each value to its index"
    heard = transcriber.transcribe(speak(said, "piper:joe"))
    assert len(words(said) & words(heard.text)) >= len(words(said)) - 1, heard
    assert 0 < heard.confidence <= 1 and heard.engine == "whisper"
    assert transcriber.transcribe(bytes(32000)).text.strip(" .") == ""  # a second of silence: no words


# ---- the accurate pass under load -----------------------------------------------------------------

async def test_the_accurate_pass_skips_rather_than_lags(transcriber: WhisperTranscriber) -> None:
    refiner = Refiner(transcriber, workers=1, max_waiting=1)
    pcm = speak("let me walk through the first example", "piper:joe")
    outcomes = await asyncio.gather(*(refiner.refine(pcm) for _ in range(6)))
    kinds = [o for o, _ in outcomes]
    assert kinds.count("done") == 2 and kinds.count("skipped") == 4, kinds
    assert refiner.stats.skipped == 4 and refiner.stats.busy == 0
    assert all(t is not None and "example" in t.text.lower() for o, t in outcomes if o == "done")


async def test_the_expected_wait_grows_with_the_work_ahead(transcriber: WhisperTranscriber) -> None:
    """The waiting rule's measure of a backlog: nothing known before a decode has run; then the
    recent decode time for each utterance ahead, counting the one just submitted."""
    refiner = Refiner(transcriber, workers=1, max_waiting=2)
    assert refiner.expected_s() == 0.0
    pcm = speak("let me walk through the first example", "piper:joe")
    assert (await refiner.refine(pcm))[0] == "done"
    one = refiner.expected_s()
    assert one > 0 and one == refiner.stats.run_s
    queued = [asyncio.create_task(refiner.refine(pcm)) for _ in range(3)]
    await asyncio.sleep(0)  # submitted: one running, two waiting
    assert refiner.stats.busy == 3 and refiner.expected_s() == pytest.approx(3 * refiner.stats.run_s)
    await asyncio.gather(*queued)
    assert refiner.stats.busy == 0


async def test_the_event_loop_keeps_running_while_whisper_works(transcriber: WhisperTranscriber) -> None:
    refiner = Refiner(transcriber, workers=1, max_waiting=0)
    pcm = speak("what should i return if no pair adds up to the target", "piper:joe")
    task = asyncio.create_task(refiner.refine(pcm))
    gaps, last = [], time.monotonic()
    while not task.done():
        await asyncio.sleep(0.01)
        now = time.monotonic()
        gaps.append(now - last)
        last = now
    assert task.result()[0] == "done"
    assert len(gaps) >= 5, "the loop did not get a turn while the accurate pass ran"


# ---- the record and the brain ---------------------------------------------------------------------

def session(problem: str = "two-sum") -> tuple[RulesBrain, list]:
    brain = RulesBrain(get_problem(problem), ids=counting_ids())
    log = [SessionStarted(problem_id=problem, language="python", mode="voice", seq=1, ts=0.0)]
    log += brain.start(fold(log), 1.0)
    return brain, log


def apply(log: list, events: list) -> list:
    for e in events:
        e.seq = len(log) + 1
    return log + events


def test_a_revision_replaces_the_words_and_the_facts_drawn_from_them() -> None:
    brain, log = session()
    log = apply(log, brain.on_utterance(fold(log), "i would use a hash map, one pass", 2.0, source="voice",
                                        utterance_id="u1"))
    log = apply(log, brain.on_utterance(fold(log), "so that is n squared time", 3.0, source="voice",
                                        utterance_id="u2"))
    assert [c.time for c in fold(log).complexity_claims] == ["n^2"]
    log = apply(log, brain.on_revision(fold(log), "u2", "so that is linear time", "whisper", 0.9, 4.0))
    m = fold(log)
    assert [c.time for c in m.complexity_claims] == ["n"]
    turn = next(t for t in m.transcript if t.utterance_id == "u2")
    assert turn.text == "so that is linear time" and turn.revised_by == "whisper"
    assert m.approach is not None and m.approach.name == "one-pass hash map"  # the other turn's facts stay


def test_the_interviewer_answers_the_question_actually_asked() -> None:
    brain, log = session()
    log = apply(log, brain.on_utterance(fold(log), "is the array sorted", 2.0, source="voice", utterance_id="u1",
                                        confidence=0.9))
    first = [e for e in log if e.type == "agent_utterance"][-1]
    assert "sorted" in first.text.lower() or "order" in first.text.lower()
    events = brain.on_revision(fold(log), "u1", "can the numbers be negative", "whisper", 0.8, 3.0)
    assert isinstance(events[0], TranscriptRevised) and events[0].previous == "is the array sorted"
    reply = [e for e in events if e.type == "agent_utterance"]
    assert len(reply) == 1 and "misheard" in reply[0].acts and "negative" in reply[0].text.lower()


def test_a_revision_after_the_candidate_went_on_changes_the_record_only() -> None:
    brain, log = session()
    log = apply(log, brain.on_utterance(fold(log), "is the array sorted", 2.0, source="voice", utterance_id="u1"))
    log = apply(log, brain.on_utterance(fold(log), "ok thanks", 3.0, source="voice", utterance_id="u2",
                                        confidence=0.9))
    events = brain.on_revision(fold(log), "u1", "can the numbers be negative", "whisper", 0.8, 4.0)
    assert [e.type for e in events] == ["transcript_revised"]


def test_misheard_speech_is_asked_for_again_in_new_words_each_time() -> None:
    brain, log = session()
    said = []
    for i in range(len(SAY_AGAIN) + 1):
        log = apply(log, brain.on_utterance(fold(log), "the bar oh gets in a tail", 2.0 + i, source="voice",
                                            utterance_id=f"u{i}", confidence=0.3))
        said.append([e for e in log if e.type == "agent_utterance"][-1].text)
    assert said[:len(SAY_AGAIN)] == list(SAY_AGAIN)  # never the same words twice
    assert said[-1] not in SAY_AGAIN  # and then it carries on instead of asking forever
    assert "stay focused" not in " ".join(said[:len(SAY_AGAIN)]).lower()


def test_well_heard_or_typed_off_topic_talk_is_not_asked_again() -> None:
    brain, log = session()
    heard = brain.on_utterance(fold(log), "i had pasta for lunch today", 2.0, source="voice", utterance_id="u1",
                               confidence=0.95)
    typed = brain.on_utterance(fold(log), "the bar oh gets in a tail", 2.0, source="text")
    for events in (heard, typed):
        assert "say_again" not in [a for e in events if e.type == "agent_utterance" for a in e.acts]


def test_unclear_talk_while_coding_stays_thinking_aloud_unless_it_asked() -> None:
    brain, log = session()
    m = fold(log)
    m = m.model_copy(update={"phase": Phase.coding})
    events = brain.on_utterance(m, "the bar oh gets in a tail", 2.0, source="voice", utterance_id="u1",
                                confidence=0.2)
    assert [e.type for e in events] == ["candidate_utterance"]
    for garbled in ("is the bar oh gets in a tail", "can the the the three"):  # a question nobody understood
        asked = brain.on_utterance(m, garbled, 2.0, source="voice", utterance_id="u2", confidence=0.4)
        assert [e.text for e in asked if e.type == "agent_utterance"] == [SAY_AGAIN[0]], garbled
        # Heard with confidence: not asked again. Words with nothing of the problem in them get a
        # redirect; a question about the problem the data cannot answer would get "your call".
        heard_well = brain.on_utterance(m, garbled, 2.0, source="voice", utterance_id="u3", confidence=0.9)
        assert [a for e in heard_well if e.type == "agent_utterance" for a in e.acts] in (
            ["stay_on_topic"], ["your_call"])
    about = brain.on_utterance(m, "is the target always an integer", 2.0, source="voice", utterance_id="u4",
                               confidence=0.9)
    assert [a for e in about if e.type == "agent_utterance" for a in e.acts] == ["your_call"]


# ---- over the wire --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def voice_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    # A long coding endpoint: a loaded CI machine can take over a second for the accurate pass's
    # look at a pause, and the look, not the endpoint, must be what ends a question's turn there.
    srv = ServerProcess(tmp_path_factory.mktemp("two-pass") / "data",
                        env={"VIVA_VOICE_CODING_ENDPOINT_MS": "5000"}).start()
    yield srv
    srv.stop()


async def test_a_question_in_noise_is_heard_by_the_accurate_pass_and_answered(voice_server: ServerProcess) -> None:
    s = httpx.post(voice_server.url + "/api/sessions", json={"problem_id": "two-sum", "mode": "voice"},
                   timeout=30).json()
    c = VoiceClient(f"{voice_server.ws_url}/ws/sessions/{s['session_id']}?token={s['token']}")
    await c.connect()
    try:
        await c.wait_for(lambda m: m["type"] == "agent_audio_end", 60)  # the greeting, heard out
        t0 = time.monotonic()
        c.say(noisy_question())
        revised = await c.wait_for(lambda m: m["type"] == "transcript" and m.get("revised"), 30, after=t0)
        assert "negative" in words(revised["text"]) and revised["engine"] == "whisper"
        fast = [m for m in c.of("transcript", after=t0) if m["utterance_id"] == revised["utterance_id"]
                and m.get("final") and not m.get("revised")]
        assert all("negative" not in words(m["text"]) for m in fast)  # the fast pass did not hear it
        # Answered: at once from the accurate words, or (when they came after the reply to the fast
        # pass's, under load) by coming back to it. Never deflected.
        answer = await c.wait_for(lambda m: m["type"] == "agent_text" and m.get("seq") and "negative" in m["text"].lower(),
                                  30, after=t0)
        assert "stay focused" not in " ".join(m["text"].lower() for m in c.of("agent_text", after=t0))
        r = httpx.get(f"{voice_server.url}/api/sessions/{s['session_id']}/events",
                      headers={"Authorization": f"Bearer {s['token']}"}, timeout=10).json()["events"]
        uid = revised["utterance_id"]
        said = next(e for e in r if e["type"] == "candidate_utterance" and e["utterance_id"] == uid)
        late = [e for e in r if e["type"] == "transcript_revised" and e["utterance_id"] == uid]
        if late:
            assert late[-1]["text"] == revised["text"] and late[-1]["understanding"]["clarification"] == \
                "Can the numbers be negative?"
        else:
            assert said["text"] == revised["text"] and said["fast_text"] and said["heard_by"] == "whisper"
            assert said["understanding"]["clarification"] == "Can the numbers be negative?"
        assert answer["seq"] > said["seq"]
        outcome = "late" if late else "revised"
        metrics = httpx.get(voice_server.url + "/metrics", timeout=10).text
        assert f'viva_stt_refine_total{{outcome="{outcome}"}}' in metrics and "viva_stt_refine_ms_count" in metrics
    finally:
        await c.close()


# ---- engines chosen by settings -------------------------------------------------------------------

def test_settings_choose_the_engines_and_refuse_nonsense(tmp_path: Path) -> None:
    assert accurate_engine(HearingConfig(accurate="none")) is None
    assert accurate_engine(HearingConfig(accurate="whisper", cache_dir=CACHE)).name == "whisper"
    with pytest.raises(ValueError, match="fast STT engine"):
        HearingConfig(fast="whisper")  # the fast pass must stream
    with pytest.raises(ValueError, match="accurate STT engine"):
        HearingConfig(accurate="vosk")
    with pytest.raises(ValueError, match="VIVA_STT_CLOUD_URL"):
        HearingConfig(accurate="openai")


def test_a_cloud_engine_that_times_out_falls_back_to_whisper() -> None:
    with OpenAITranscriptionStandIn(api_key="sk-test", slow_s=20) as standin:
        engine = accurate_engine(HearingConfig(accurate="openai+whisper", cache_dir=CACHE, cloud=CloudSTT(
            standin.base_url, model="slow", api_key="sk-test", timeout_s=0.5)))
        assert engine is not None and engine.name == "openai>whisper"
        t0 = time.monotonic()
        heard = engine.transcribe(speak("let me run the tests again", "piper:joe"))
        assert heard.engine == "whisper" and {"run", "again"} <= words(heard.text)
        assert engine.fallbacks == 1 and time.monotonic() - t0 < 10  # type: ignore[attr-defined]
        assert standin.requests and standin.requests[-1].fields["model"] == "slow"
        good = accurate_engine(HearingConfig(accurate="openai", cloud=CloudSTT(standin.base_url, model="whisper-1",
                                                                               api_key="sk-test")))
        assert good is not None and good.transcribe(speak("let me run the tests again", "piper:joe")).engine == "openai"


CODE = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
        "        for i, x in enumerate(nums):\n            if target - x in seen:\n")


async def test_a_question_in_noise_while_coding_is_heard_at_the_pause(voice_server: ServerProcess) -> None:
    """While coding, a pause the fast pass cannot read as a question waits the long endpoint; the
    accurate pass's look at the pause hears the question and ends the turn there (bench/voice.py
    measures how soon)."""
    s = httpx.post(voice_server.url + "/api/sessions", json={"problem_id": "two-sum", "mode": "voice"},
                   timeout=30).json()
    c = VoiceClient(f"{voice_server.ws_url}/ws/sessions/{s['session_id']}?token={s['token']}")
    await c.connect()
    try:
        await c.wait_for(lambda m: m["type"] == "agent_audio_end", 60)
        await c.send({"type": "text", "text": "I'd use a hash map from each value to its index and look up the "
                                              "complement in one pass, so linear time."})
        await c.quiet(settle=0.8)
        await c.send({"type": "text", "text": "OK, I'll start coding it now."})
        await c.send({"type": "code", "code": CODE, "language": "python"})
        await c.wait_for(lambda m: m["type"] == "phase" and m["phase"] == "coding", 60)
        await c.quiet(settle=0.8)
        t0 = time.monotonic()
        c.say(noisy_question())
        # Answered, not asked again: the pause's look (or the wait for the accurate pass, when the
        # fast pass's words read as a question it could not match) brought the accurate words.
        # A wait, not a timing claim: on a CI machine busy compiling in the other worker, the
        # streaming recognizer can fall well behind real time.
        reply = await c.wait_for(lambda m: m["type"] == "agent_text" and m.get("seq"), 90, after=t0)
        assert reply["text"] not in SAY_AGAIN and "your call" not in reply["text"].lower(), reply
        r = httpx.get(f"{voice_server.url}/api/sessions/{s['session_id']}/events",
                      headers={"Authorization": f"Bearer {s['token']}"}, timeout=10).json()["events"]
        said = [e for e in r if e["type"] == "candidate_utterance"][-1]
        later = [e for e in r if e["type"] == "transcript_revised" and e["utterance_id"] == said["utterance_id"]]
        record = later[-1] if later else said  # the accurate words: before the reply, or revised after it
        assert record["understanding"]["clarification"] == "Can the numbers be negative?", record
    finally:
        await c.close()


def test_an_echo_of_the_prompt_is_not_taken_for_the_candidates_words() -> None:
    from viva.voice.whisper import INTERVIEW_PROMPT, echoes_prompt, prompt_text

    prompt = prompt_text("Two Sum. Hash map. Brute force.")
    # Heard at 8 sessions for "can i assume the answer always exists" in a held-out voice.
    assert echoes_prompt("hash map, array, n log n.", prompt) and echoes_prompt("Hash map, array,", prompt)
    assert echoes_prompt("Two Sum. Hash map.", prompt) and INTERVIEW_PROMPT in prompt
    # The candidate's own words, even words the prompt holds, are kept.
    assert not echoes_prompt("I'd use a hash map.", prompt)
    assert not echoes_prompt("Can I assume the answer always exists?", prompt)
    for named in ("A hash map.", "Binary search.", "n log n", "Stack."):  # naming one thing is an answer
        assert not echoes_prompt(named, prompt), named
    assert not echoes_prompt("Hash map, then sort the keys.", prompt)
