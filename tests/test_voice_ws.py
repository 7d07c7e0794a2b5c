"""Voice interviews over a real WebSocket with the real engines (silero VAD, pocketsphinx,
hibari) and real audio: the candidate speaks with piper's joe voice (not the interviewer's),
streamed at real time by a client whose microphone is live for the whole session.

Timings are not asserted here (bench/voice.py measures them); behaviour is.
"""

from __future__ import annotations

import asyncio
import time
from typing import AsyncIterator, Iterator

import httpx
import pytest

from tests.conftest import ServerProcess
from testkit.otlp_collector import OTLPCollector
from testkit.voice_client import VoiceClient
from viva.sim.speech import noise, speak, with_noise

VOICE = "piper:joe"


@pytest.fixture(scope="module")
def collector() -> Iterator[OTLPCollector]:
    with OTLPCollector() as c:
        yield c


@pytest.fixture(scope="module")
def voice_server(tmp_path_factory: pytest.TempPathFactory, collector: OTLPCollector) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("voice") / "data",
                        env={"OTEL_EXPORTER_OTLP_ENDPOINT": collector.endpoint}).start()
    yield srv
    srv.stop()


async def client(srv: ServerProcess, problem: str = "two-sum", **kw) -> VoiceClient:
    s = httpx.post(srv.url + "/api/sessions", json={"problem_id": problem, "mode": "voice"}, timeout=30).json()
    c = VoiceClient(f"{srv.ws_url}/ws/sessions/{s['session_id']}?token={s['token']}", **kw)
    c.session = s  # type: ignore[attr-defined]
    return await c.connect()


@pytest.fixture
async def greeted(voice_server: ServerProcess) -> AsyncIterator[VoiceClient]:
    """A client 1.5 s into the interviewer's spoken greeting."""
    c = await client(voice_server)
    start = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 30)
    await asyncio.sleep(1.5)
    c.greeting_turn = start["turn_id"]  # type: ignore[attr-defined]
    yield c
    await c.close()


def events(srv: ServerProcess, c: VoiceClient) -> list[dict]:
    s = c.session  # type: ignore[attr-defined]
    r = httpx.get(f"{srv.url}/api/sessions/{s['session_id']}/events",
                  headers={"Authorization": f"Bearer {s['token']}"}, timeout=10)
    return r.json()["events"]


async def test_speaking_over_the_interviewer_ducks_then_interrupts_and_the_question_is_answered(
        voice_server: ServerProcess, greeted: VoiceClient) -> None:
    c, turn = greeted, greeted.greeting_turn  # type: ignore[attr-defined]
    t0 = time.monotonic()
    c.say(speak("wait, can the array be empty or have only one number", VOICE))
    duck = await c.wait_for(lambda m: m["type"] == "agent_duck", 10, after=t0)
    interrupt = await c.wait_for(lambda m: m["type"] == "agent_interrupt", 15, after=t0)
    assert duck["turn_id"] == interrupt["turn_id"] == turn and duck["gain"] < 1
    # Transcribed (accuracy is bench/stt.py's business: any of the content words will do here; so is
    # speed: the bound is only against a hang, roomy for a suite that loads both cores).
    final = await c.wait_for(lambda m: m["type"] == "transcript" and m.get("final") and m.get("seq")
                             and {"empty", "array", "number"} & set(m["text"].split()), 45, after=t0)
    assert final["source"] == "voice"
    # The reply is spoken: a new turn's audio arrives.
    reply = await c.wait_for(lambda m: m["type"] == "agent_audio_start" and m["turn_id"] != turn, 45, after=t0)
    await asyncio.sleep(1.0)
    assert c.turns[reply["turn_id"]].frames > 10
    # After the interruption, not one more frame of the interrupted turn.
    assert c.turns[turn].after_stop == 0
    committed = [e for e in events(voice_server, c) if e["type"] == "agent_utterance" and e["turn_id"] == turn]
    assert len(committed) == 1 and committed[0]["interrupted"] is True
    heard = committed[0]["heard_text"]
    assert heard and len(heard) < len(committed[0]["text"]) and committed[0]["text"].startswith(heard)
    said = [e for e in events(voice_server, c) if e["type"] == "candidate_utterance"]
    assert said and said[-1]["source"] == "voice" and said[-1]["revision"] is not None


async def test_a_backchannel_ducks_the_interviewer_and_never_stops_it(greeted: VoiceClient) -> None:
    c, turn = greeted, greeted.greeting_turn  # type: ignore[attr-defined]
    t0 = time.monotonic()
    c.say(speak("mm-hm", VOICE))
    duck = await c.wait_for(lambda m: m["type"] == "agent_duck" and m["gain"] < 1, 10, after=t0)
    back = await c.wait_for(lambda m: m["type"] == "agent_duck" and m["gain"] == 1, 10, after=t0)
    assert duck["turn_id"] == back["turn_id"] == turn
    before = c.turns[turn].frames
    await asyncio.sleep(1.5)
    assert c.turns[turn].frames > before + 20, "the greeting did not carry on"
    # No pause and no interruption: the voice only got quieter for a moment.
    assert not c.of("agent_pause", after=t0) and not c.of("agent_interrupt", after=t0)
    backchannel = await c.wait_for(lambda m: m["type"] == "transcript" and m.get("final"), 5, after=t0)
    assert backchannel.get("backchannel") is True and "seq" not in backchannel


async def test_the_interviewers_own_echo_at_minus_20_db_does_not_pause_it(voice_server: ServerProcess) -> None:
    c = await client(voice_server, echo_db=-20.0)
    try:
        start = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 30)
        await asyncio.sleep(8)
        assert c.turns[start["turn_id"]].frames > 300
        assert not c.of("agent_pause") and not c.of("agent_interrupt") and not c.of("agent_duck")
    finally:
        await c.close()


async def test_twenty_seconds_of_silence_while_coding_gets_no_reply(voice_server: ServerProcess) -> None:
    c = await client(voice_server, background=noise(5, -55, seed=3))
    try:
        await c.wait_for(lambda m: m["type"] == "agent_audio_start", 30)
        await c.send({"type": "text", "text": "I'd use a hash map from each value to its index and look up the "
                                              "complement in one pass, so linear time."})
        await c.wait_for(lambda m: m["type"] == "phase" and m["phase"] == "approach", 30)
        await c.send({"type": "text", "text": "OK, I'll start coding it now."})
        await c.wait_for(lambda m: m["type"] == "phase" and m["phase"] == "coding", 60)
        await c.quiet(settle=2.0, timeout=90)
        t0 = time.monotonic()
        await asyncio.sleep(20)
        spoken = [m for m in c.of("agent_text", after=t0)] + c.of("agent_audio_start", after=t0)
        assert spoken == []
    finally:
        await c.close()


async def test_bad_binary_frames_get_errors_and_the_session_goes_on(voice_server: ServerProcess) -> None:
    import os

    c = await client(voice_server)
    try:
        t0 = time.monotonic()
        await c.send_raw(b"\x01\x02\x03")  # half a sample
        assert (await c.wait_for(lambda m: m["type"] == "error", 10, after=t0))["code"] == "bad_audio"
        t1 = time.monotonic()
        await c.send_raw(b'{"type": "ping", "t": 1}')  # JSON sent as a binary frame
        assert (await c.wait_for(lambda m: m["type"] == "error", 10, after=t1))["code"] == "json_as_binary"
        for _ in range(20):  # garbage of even length is (awful) audio: heard as noise, never a crash
            await c.send_raw(os.urandom(640))
        t2 = time.monotonic()
        await c.send({"type": "ping", "t": 42})
        assert (await c.wait_for(lambda m: m["type"] == "pong", 10, after=t2))["t"] == 42
        await c.send({"type": "text", "text": "Can the array be empty?"})
        await c.wait_for(lambda m: m["type"] == "transcript" and m.get("source") == "text", 30, after=t2)
    finally:
        await c.close()


async def test_noisy_speech_is_still_heard(voice_server: ServerProcess) -> None:
    c = await client(voice_server, background=noise(5, -45, seed=9))
    try:
        await c.wait_for(lambda m: m["type"] == "agent_audio_start", 30)
        await asyncio.sleep(1.0)
        t0 = time.monotonic()
        c.say(with_noise(speak("sorry, can the numbers be negative", VOICE), snr_db=20, seed=4))
        await c.wait_for(lambda m: m["type"] == "agent_interrupt", 15, after=t0)
        # "Sorry," may come out as an utterance of its own; the question must follow it.
        await c.wait_for(lambda m: m["type"] == "transcript" and m.get("final") and "negative" in m["text"],
                         20, after=t0)
    finally:
        await c.close()


async def test_turns_are_traced_and_measured(voice_server: ServerProcess, collector: OTLPCollector) -> None:
    """A question over the greeting, answered: its spans reach the stand-in collector over OTLP."""
    c = await client(voice_server)
    try:
        start = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 30)
        await asyncio.sleep(1.0)
        t0 = time.monotonic()
        c.say(speak("can the numbers be negative", VOICE))
        reply = await c.wait_for(lambda m: m["type"] == "agent_audio_start" and m["turn_id"] != start["turn_id"],
                                 30, after=t0)
        await c.wait_for(lambda m: m["type"] == "agent_audio_end" and m["turn_id"] == reply["turn_id"], 60, after=t0)
        await asyncio.sleep(0.5)  # the client's stats for the reply
    finally:
        await c.close()
    await asyncio.to_thread(check_spans, voice_server, collector)


def check_spans(voice_server: ServerProcess, collector: OTLPCollector) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (collector.named("audio.barge_in") and collector.named("audio.tts")):
        time.sleep(0.2)
    turns = collector.named("voice.turn")
    assert turns
    for name in ("audio.asr", "audio.llm", "audio.tts", "audio.barge_in", "audio.client"):
        spans = collector.named(name)
        assert spans, name
        for s in spans:
            assert {"audio.stage", "audio.session_id", "audio.turn_id", "audio.first_byte_ms",
                    "audio.total_ms"} <= set(s.attrs), (name, s.attrs)
            assert s.parent_id in {t.span_id for t in turns}
    assert any("audio.revision" in s.attrs for s in collector.named("audio.asr"))
    assert all("audio.max_gap_ms" in s.attrs for s in collector.named("audio.tts"))
    assert all("audio.jitter_ms" in s.attrs and "audio.buffer_ms" in s.attrs for s in collector.named("audio.client"))
    metrics = httpx.get(voice_server.url + "/metrics", timeout=10).text
    for name in ("response_ms", "barge_in_ms", "interrupt_ms", "tts_first_byte_ms", "asr_first_partial_ms",
                 "asr_final_ms"):
        count = next(float(line.split()[-1]) for line in metrics.splitlines() if line.startswith(f"viva_{name}_count"))
        assert count > 0, name
    health = httpx.get(voice_server.url + "/healthz", timeout=10).json()
    assert "pocketsphinx" in health["voice"]



async def test_interviewer_audio_goes_only_to_clients_that_play_it(voice_server: ServerProcess) -> None:
    """A second tab (hello without `audio`) sees the same turns as text, and not one audio frame."""
    import json

    import websockets

    c = await client(voice_server)
    s = c.session  # type: ignore[attr-defined]
    try:
        async with websockets.connect(f"{voice_server.ws_url}/ws/sessions/{s['session_id']}?token={s['token']}",
                                      max_size=None) as quiet_tab:
            await quiet_tab.send(json.dumps({"type": "hello", "last_seq": 0}))
            start = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 30)
            binary, texts = 0, []
            deadline = time.monotonic() + 4
            while time.monotonic() < deadline:
                try:
                    frame = await asyncio.wait_for(quiet_tab.recv(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
                if isinstance(frame, bytes):
                    binary += 1
                else:
                    texts.append(json.loads(frame))
            assert c.turns[start["turn_id"]].frames > 50  # the audio client got the greeting's audio
            assert binary == 0
            assert any(m["type"] == "agent_text" for m in texts)
    finally:
        await c.close()
