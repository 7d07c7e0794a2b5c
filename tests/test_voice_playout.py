"""The paced sender on a hand-moved clock: audio leaves at real time with a small lead, a pause
stops the frames at once, a duck keeps them coming, an interruption keeps only what was heard."""

from __future__ import annotations

import asyncio

from tests.clocks import ManualClock
from viva.voice.playout import Playout, Sending

RATE = 16_000


def tone(seconds: float) -> bytes:
    return b"\x00\x10" * int(RATE * seconds)


class Sink:
    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.frames: list[tuple[float, bytes]] = []
        self.messages: list[dict] = []

    def audio(self, pcm: bytes) -> None:
        self.frames.append((self.clock.now(), pcm))

    def message(self, msg: dict) -> None:
        self.messages.append(msg)

    def kinds(self) -> list[str]:
        return [m["type"] for m in self.messages if m["type"] != "agent_text"]

    def sent_s(self, until: float | None = None) -> float:
        return sum(len(f) for t, f in self.frames if until is None or t <= until) / 2 / RATE


async def synth(sentence: str) -> bytes:
    return tone(len(sentence.split()) * 0.1)  # 100 ms a word


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n)) + "."


async def start(lead_ms: float, text: str) -> tuple[ManualClock, Sink, Playout, asyncio.Task]:
    clock = ManualClock()
    sink = Sink(clock)
    p = Playout("t1", RATE, synth, sink.audio, sink.message, lead_ms=lead_ms, clock=clock)
    task = asyncio.create_task(p.run([text]))
    await clock.settle()
    return clock, sink, p, task


async def test_audio_leaves_at_real_time_with_a_small_lead() -> None:
    clock, sink, p, task = await start(200, words(10))  # 1 s of audio
    assert abs(sink.sent_s() - 0.2) <= 0.02  # only the lead leaves at once
    await clock.advance(0.5)
    assert abs(sink.sent_s() - 0.7) <= 0.03  # then it follows playback
    await clock.advance(0.6)
    result = await asyncio.wait_for(task, 1)
    assert abs(sink.sent_s() - 1.0) < 0.01 and not result.interrupted
    assert sink.kinds() == ["agent_audio_start", "agent_audio_end"]


async def test_pause_stops_frames_resume_continues_and_interrupt_keeps_what_was_heard() -> None:
    clock, sink, p, task = await start(100, words(30))  # 3 s
    await clock.advance(0.5)
    assert p.pause() and p.state == Sending.paused
    n = len(sink.frames)
    await clock.advance(0.4)
    assert len(sink.frames) == n, "frames were sent while paused"
    assert p.resume()
    await clock.advance(0.3)
    assert len(sink.frames) > n
    assert p.interrupt()
    n = len(sink.frames)
    result = await asyncio.wait_for(task, 1)
    assert len(sink.frames) == n and result.interrupted
    heard = result.heard_text.split()
    # 0.8 s was played (0.5 before the pause, 0.3 after the resume): 8 words, the last one
    # counted only once it is whole.
    assert 7 <= len(heard) <= 8 and heard == words(30).rstrip(".").split()[:len(heard)]
    assert result.unheard == [words(30)]
    assert sink.kinds() == ["agent_audio_start", "agent_pause", "agent_resume", "agent_interrupt", "agent_audio_end"]


async def test_a_duck_lowers_the_voice_without_a_gap() -> None:
    clock, sink, p, task = await start(100, words(20))  # 2 s
    await clock.advance(0.5)
    assert p.duck(0.25)
    before = sink.sent_s()
    await clock.advance(0.5)
    assert abs(sink.sent_s() - before - 0.5) <= 0.03  # frames kept coming at the same pace
    assert p.duck(1.0)
    await clock.advance(1.2)
    result = await asyncio.wait_for(task, 1)
    assert not result.interrupted
    assert [m.get("gain") for m in sink.messages if m["type"] == "agent_duck"] == [0.25, 1.0]


async def test_a_turn_paused_before_its_first_word_waits_then_starts_from_the_beginning() -> None:
    clock = ManualClock()
    sink = Sink(clock)
    p = Playout("t1", RATE, synth, sink.audio, sink.message, lead_ms=100, clock=clock)
    assert p.pause()
    task = asyncio.create_task(p.run([words(5)]))
    await clock.advance(0.5)
    assert sink.frames == []
    assert p.resume()
    await clock.advance(0.8)
    result = await asyncio.wait_for(task, 1)
    assert result.heard_text == words(5) and abs(sink.sent_s() - 0.5) < 0.01
    assert abs(result.spoken_ms - 500) <= 30  # the wait before the first word was not playback


async def test_the_next_sentence_is_synthesized_while_the_first_plays() -> None:
    clock = ManualClock()
    sink = Sink(clock)
    asked: list[float] = []

    async def counting_synth(sentence: str) -> bytes:
        asked.append(clock.now())
        return tone(0.5)

    p = Playout("t3", RATE, counting_synth, sink.audio, sink.message, lead_ms=100, clock=clock)
    task = asyncio.create_task(p.run(["First one.", "Second one.", "Third one."]))
    await clock.settle()
    assert len(asked) >= 2 and asked[1] == 0.0  # the second was asked for before the first played
    await clock.advance(1.7)
    await asyncio.wait_for(task, 1)
    times = [t for t, _ in sink.frames]
    assert max(b - a for a, b in zip(times, times[1:])) <= 0.03  # no gap between sentences


async def test_a_synthesis_failure_ends_the_turn_with_what_was_said() -> None:
    clock = ManualClock()
    sink = Sink(clock)
    calls = 0

    async def failing_synth(sentence: str) -> bytes:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise RuntimeError("tts engine crashed")
        return tone(0.3)

    p = Playout("t4", RATE, failing_synth, sink.audio, sink.message, lead_ms=100, clock=clock)
    task = asyncio.create_task(p.run(["One.", "Two.", "Three."]))
    await clock.advance(0.6)
    result = await asyncio.wait_for(task, 1)
    assert result.sentences == ["One."] and not result.interrupted
    assert sink.kinds()[-1] == "agent_audio_end"
