"""The accurate pass's look at a pause, driven cue by cue through a real `VoiceSession`, its real
turn-taking machine and a real `Refiner`. The transcriber is scripted: it stands in for Whisper so
that the words it hears, and when, are the test's to choose (test_two_pass_hearing.py runs the
real model over a WebSocket).
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

from viva.session.room.voice import PEEK_MIN_S, VoiceSession, VoiceTuning
from viva.session.model import Phase
from viva.voice.listener import Heard
from viva.voice.refine import Refiner
from viva.voice.stt import Transcript
from viva.voice.turns import HOLD_ENDPOINT_S, Floor

AUDIO = bytes(int(PEEK_MIN_S * 32000) + 32000)  # long enough to be worth a look


@dataclass
class ScriptedTranscriber:
    """Stands in for Whisper: hears `text` after `delay_s`, and counts what it was asked to hear."""

    text: str
    delay_s: float = 0.05
    name: str = "whisper"
    calls: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def transcribe(self, pcm: bytes, prompt: str = "") -> Transcript:
        with self.lock:
            self.calls.append(len(pcm))
        time.sleep(self.delay_s)
        return Transcript(self.text, 0.9, self.name, self.delay_s)


class Ears:
    """What `VoiceSession` reads of the listener: the open utterance and its last voiced frame."""

    def __init__(self) -> None:
        self.uid, self.audio, self.last_voiced_at, self.commits = "u1", AUDIO, 0.0, 0

    def current_audio(self) -> tuple[str, bytes] | None:
        return None if self.commits else (self.uid, self.audio)

    def commit(self, now: float | None = None) -> None:
        self.commits += 1

    def spot_keywords(self, on: bool) -> None:
        pass


def session(engine: ScriptedTranscriber, phase: Phase = Phase.coding) -> tuple[VoiceSession, Ears, Refiner]:
    reg = CollectorRegistry()
    metrics = SimpleNamespace(
        refines=Counter("refines", "", ["outcome"], registry=reg),
        voice={"stt_refine_ms": Histogram("refine_ms", "", registry=reg)})
    refiner = Refiner(engine, workers=1, max_waiting=2)
    owner: Any = SimpleNamespace(engines=SimpleNamespace(refiner=refiner), metrics=metrics,
                                 prompt=lambda live: "")
    sent: list[dict[str, Any]] = []
    live: Any = SimpleNamespace(session_id="s1", state=SimpleNamespace(problem_id="two-sum", phase=phase),
                                broadcast=sent.append)
    vs = VoiceSession(live, owner, VoiceTuning().machine())
    ears = Ears()
    vs.listener = ears  # type: ignore[assignment]
    vs.turns.working = phase in (Phase.coding, Phase.testing)
    return vs, ears, refiner


def pause(vs: VoiceSession, ears: Ears, fast_text: str, voiced_s: float = 1.5) -> float:
    """An utterance the fast pass heard as `fast_text`, voiced for `voiced_s` and now at its
    offset; its cues are in the past (the utterance is over). Returns its onset."""
    t0 = time.monotonic() - 5
    vs.on_onset(t0)
    ears.last_voiced_at = t0 + voiced_s
    vs.on_partial("u1", fast_text, None)
    vs.on_offset(t0 + voiced_s, t0 + voiced_s + 0.16)
    return t0


async def settle(vs: VoiceSession) -> None:
    while vs.tasks:
        await asyncio.wait(set(vs.tasks))


async def test_a_question_heard_as_an_unfinished_sentence_ends_at_the_look_not_the_hold() -> None:
    # "could you repeat that please" in an unfamiliar voice: the fast pass hears "could you repeat
    # the", which ends like a sentence that goes on and would hold the turn 1.5 s.
    engine = ScriptedTranscriber("Could you repeat that, please?")
    vs, ears, _ = session(engine)
    t0 = pause(vs, ears, "could you repeat the")
    assert vs.turns.floor == Floor.endpointing and vs.turns.deadline is not None
    assert vs.turns.deadline - (t0 + 1.5) >= HOLD_ENDPOINT_S - 0.01  # the fast pass alone would hold
    assert ears.commits == 0 and vs.peeked is not None
    await settle(vs)
    assert ears.commits == 1 and vs.turns.floor == Floor.open  # the look ended the turn
    assert len(engine.calls) == 1


async def test_a_statement_the_look_hears_as_a_statement_keeps_waiting() -> None:
    engine = ScriptedTranscriber("Okay, now I loop over the numbers.")
    vs, ears, _ = session(engine)
    pause(vs, ears, "okay now i loop over the numbers")
    await settle(vs)
    assert ears.commits == 0 and vs.turns.floor == Floor.endpointing  # thinking aloud: not cut off
    # Partials that go on arriving for the same pause do not start a second look.
    for text in ("okay now i loop over the number", "okay now i loop over the numbers and"):
        vs.on_partial("u1", text, None)
    await settle(vs)
    assert len(engine.calls) == 1


async def test_a_question_that_ends_at_the_offset_starts_the_accurate_pass_there_and_once() -> None:
    engine = ScriptedTranscriber("Can the numbers be negative?", delay_s=0.2)
    vs, ears, _ = session(engine, Phase.clarify)
    t0 = pause(vs, ears, "can the numbers be negative", voiced_s=1.2)
    assert ears.commits == 1  # a complete question: the turn ends at the offset
    peek = vs.peeked
    assert peek is not None and not peek.task.done()  # ... and the accurate pass is already running
    heard = Heard("u1", "can the numbers be negative", "can the numbers be negative", 1.0, t0, t0 + 1.2,
                  t0 + 1.36, time.monotonic(), None, None, AUDIO)
    refining = vs._refine(heard)
    assert refining is peek.task  # the reply waits on the same look, not a second decode
    outcome, result = await refining
    assert result is not None and result.text == "Can the numbers be negative?"
    await settle(vs)
    assert len(engine.calls) == 1
    # Speech after the look (a different last voiced frame) is decoded again, whole.
    later = Heard("u1", "can the numbers be negative at all", "", 1.0, t0, t0 + 2.0, t0 + 2.2,
                  time.monotonic(), None, None, AUDIO + AUDIO)
    again = vs._refine(later)
    assert again is not None and again is not peek.task
    await again
    assert len(engine.calls) == 2


async def test_a_look_takes_a_free_worker_or_none_and_never_the_place_of_a_finished_utterance() -> None:
    engine = ScriptedTranscriber("Okay, now I loop over the numbers and check the map.", delay_s=0.3)
    vs, ears, refiner = session(engine)
    other = asyncio.get_running_loop().create_task(refiner.refine(AUDIO))  # another session's utterance
    await asyncio.sleep(0.05)
    t0 = pause(vs, ears, "okay now i loop over the numbers")
    await settle(vs)
    peek = vs.peeked
    assert peek is not None and peek.task.result() == ("skipped", None)  # the worker was busy: no look
    # The utterance, once finished, still gets its accurate pass: queued, not skipped.
    heard = Heard("u1", "okay now i loop over the numbers", "", 1.0, t0, t0 + 1.5, t0 + 2.7,
                  time.monotonic(), None, None, AUDIO)
    refining = vs._refine(heard)
    assert refining is not None and refining is not peek.task
    outcome, result = await refining
    assert outcome == "done" and result is not None
    await other
    assert len(engine.calls) == 2
