"""What held replies for 9 s at 8 voice sessions: the loop's default executor (6 threads here)
was full of speech synthesis queued on the TTS lock, and every session's store write waited
behind it. Store writes, speech and judge runs now wait on threads of their own; with the
default executor held shut, all three still finish."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from viva.events import CandidateUtterance
from viva.judge.service import JudgeService
from viva.problems import get_problem
from viva.server.live import LiveSessions
from viva.store import SessionMeta, hash_token, new_session_id
from viva.store.sqlite import SQLiteStore
from viva.voice.engines import VoiceEngines
from viva.voice.tts import make_engine


@pytest.fixture
async def default_executor_held_shut():
    loop = asyncio.get_running_loop()
    one = ThreadPoolExecutor(max_workers=1)
    loop.set_default_executor(one)
    gate = threading.Event()
    held = loop.run_in_executor(None, gate.wait)  # the only default thread, taken
    yield
    gate.set()
    await held
    one.shutdown()


async def test_store_speech_and_judge_never_wait_on_the_shared_default_executor(
        tmp_path: Path, default_executor_held_shut) -> None:
    store = SQLiteStore(tmp_path / "viva.db")
    sid = new_session_id()
    store.create(SessionMeta(session_id=sid, problem_id="two-sum", language="python", mode="text",
                             token_hash=hash_token("t")))
    live = await asyncio.wait_for(LiveSessions(store).get(sid), 10)
    stored = await asyncio.wait_for(live.emit(CandidateUtterance(text="is the input sorted", ts=1.0, utterance_id="u1")), 10)
    assert stored.seq >= 1

    engines = VoiceEngines(make_engine("hibari"), stt=None)  # type: ignore[arg-type]
    pcm = await asyncio.wait_for(engines.synthesize("Is the input sorted?"), 30)
    assert len(pcm) > 1000

    result = await asyncio.wait_for(JudgeService.from_settings().submit(
        "two-sum", "python", get_problem("two-sum").solutions.optimal.python), 60)
    assert result.verdict.value == "accepted"
