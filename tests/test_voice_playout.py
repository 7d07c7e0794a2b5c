"""Paced playout of one interviewer turn, with a fake clock-free synthesizer: pausing stops the
frames at once, resuming continues, interrupting keeps only what was played."""

from __future__ import annotations

import asyncio

from viva.voice.bargein import Voice
from viva.voice.playout import FRAME_MS, Playout

RATE = 16_000


def tone(seconds: float) -> bytes:
    return (b"\x00\x10" * int(RATE * seconds))


class Sink:
    def __init__(self) -> None:
        self.frames: list[tuple[float, bytes]] = []
        self.messages: list[dict] = []

    def audio(self, pcm: bytes) -> None:
        self.frames.append((asyncio.get_running_loop().time(), pcm))

    def message(self, msg: dict) -> None:
        self.messages.append(msg)

    def kinds(self) -> list[str]:
        return [m["type"] for m in self.messages]


async def synth(sentence: str) -> bytes:
    return tone(len(sentence.split()) * 0.1)  # 100 ms a word


async def test_audio_is_paced_at_about_real_time_with_a_small_lead() -> None:
    sink = Sink()
    p = Playout("t1", RATE, synth, sink.audio, sink.message, lead_ms=200)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    result = await p.run(["one two three four five six seven eight nine ten."])  # 1 s of audio
    took = loop.time() - t0
    assert not result.interrupted and result.heard_text.startswith("one two")
    sent = sum(len(f) for _, f in sink.frames) / 2 / RATE
    assert abs(sent - 1.0) < 0.01
    # The first 200 ms leave at once; the rest follows playback, so the turn takes about 1 s.
    early = [t for t, _ in sink.frames if t - t0 < 0.1]
    assert len(early) <= (200 + 100) // FRAME_MS + 1  # the lead, plus what played meanwhile
    assert took >= 0.95
    assert sink.kinds()[:2] == ["agent_text", "agent_audio_start"] and sink.kinds()[-1] == "agent_audio_end"


async def test_pause_stops_frames_resume_continues_and_interrupt_keeps_what_was_heard() -> None:
    sink = Sink()
    p = Playout("t2", RATE, synth, sink.audio, sink.message, lead_ms=100)
    words = " ".join(f"w{i}" for i in range(30))  # 3 s
    task = asyncio.create_task(p.run([words + "."]))
    await asyncio.sleep(0.5)
    assert p.pause() and p.state == Voice.paused
    n = len(sink.frames)
    await asyncio.sleep(0.4)
    assert len(sink.frames) == n, "frames were sent while paused"
    assert p.resume()
    await asyncio.sleep(0.3)
    assert len(sink.frames) > n
    assert p.pause() and p.interrupt()
    n = len(sink.frames)
    result = await asyncio.wait_for(task, 2)
    assert len(sink.frames) == n
    assert result.interrupted
    heard = result.heard_text.split()
    # About 0.8 s was played (0.5 before the pause, 0.3 after the resume): some 8 words.
    assert 5 <= len(heard) <= 11 and heard == words.split()[: len(heard)]
    assert [k for k in sink.kinds() if k.startswith("agent_") and k != "agent_text"] == [
        "agent_audio_start", "agent_pause", "agent_resume", "agent_pause", "agent_interrupt", "agent_audio_end"]


async def test_the_next_sentence_is_synthesized_while_the_first_plays() -> None:
    sink = Sink()
    started: list[float] = []

    async def slow_synth(sentence: str) -> bytes:
        started.append(asyncio.get_running_loop().time())
        await asyncio.sleep(0.05)
        return tone(0.5)

    p = Playout("t3", RATE, slow_synth, sink.audio, sink.message, lead_ms=100)
    t0 = asyncio.get_running_loop().time()
    await p.run(["First one.", "Second one.", "Third one."])
    # Sentence 2 was asked for long before sentence 1 finished playing (0.5 s).
    assert started[1] - t0 < 0.3
    assert result_gap(sink) < 0.1


def result_gap(sink: Sink) -> float:
    times = [t for t, _ in sink.frames]
    return max(b - a for a, b in zip(times, times[1:]))
