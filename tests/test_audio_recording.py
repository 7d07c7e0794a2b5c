"""Recording the candidate's microphone (VIVA_RECORD_AUDIO): off by default; on, one WAV per
connection in data_dir/audio/<session>/, holding exactly the audio sent, and gone with its session
(deleted over HTTP, or expired by the server's sweep).

Real servers with the real voice engines, and a client that streams its microphone at real time.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import wave
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.servers import ServerProcess
from testkit.voice_client import FRAME_BYTES, VoiceClient
from viva.sim.speech import RATE, speak
from viva.store.sqlite import SQLiteStore

VOICE = "piper:joe"
# The accurate pass is not what is tested here; without it the server starts sooner.
ENGINES = {"VIVA_STT_ACCURATE": "none"}
FRAME_S = FRAME_BYTES / 2 / RATE


@pytest.fixture(scope="module")
def recording_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("rec") / "data", env={"VIVA_RECORD_AUDIO": "1", **ENGINES}).start()
    yield srv
    srv.stop()


async def speak_in_session(srv: ServerProcess, words: str, s: dict | None = None) -> tuple[dict, float, bytes]:
    """A voice session (a new one, or `s` again) in which the candidate says `words`; the session,
    the seconds of microphone audio the client sent, and the speech."""
    if s is None:
        s = httpx.post(srv.url + "/api/sessions", json={"problem_id": "two-sum", "mode": "voice"},
                       timeout=30).json()
    c = await VoiceClient(f"{srv.ws_url}/ws/sessions/{s['session_id']}?token={s['token']}").connect()
    speech = speak(words, VOICE)
    try:
        await asyncio.sleep(0.5)
        c.say(speech)
        await asyncio.wait_for(c.speech_done.wait(), 30)
        await asyncio.sleep(0.5)
        for task in c._tasks:  # stop the microphone first, so what it sent is counted exactly
            task.cancel()
        await asyncio.sleep(0.05)
        sent = c.mic_sent_s
    finally:
        await c.close()
    return s, sent, speech


def wav_of(srv: ServerProcess, session_id: str, number: int = 1, settle_s: float = 20) -> tuple[Path, bytes]:
    """The session's recording of its `number`th connection, once the server has written all of it
    (its length stops changing)."""
    d = srv.data_dir / "audio" / session_id
    deadline = time.monotonic() + settle_s
    last = -1
    while True:
        files = sorted(d.glob(f"mic-{number}-*.wav")) if d.is_dir() else []
        if files:
            assert len(files) == 1, files
            with wave.open(str(files[0]), "rb") as w:
                n = w.getnframes()
                if n == last:
                    assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
                    return files[0], w.readframes(n)
                last = n
        assert time.monotonic() < deadline, f"no settled recording in {d}"
        time.sleep(0.5)


def wait_gone(path: Path, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return not path.exists()


async def test_with_recording_off_nothing_is_written(tmp_path: Path) -> None:
    srv = ServerProcess(tmp_path / "data", env=ENGINES).start()
    try:
        s, sent, _ = await speak_in_session(srv, "can the array be empty")
        assert sent > 1
        events = httpx.get(f"{srv.url}/api/sessions/{s['session_id']}/events",
                           headers={"Authorization": f"Bearer {s['token']}"}, timeout=10).json()["events"]
        assert events  # the session ran
    finally:
        srv.stop()
    assert not (srv.data_dir / "audio").exists()
    assert not [p for p in srv.data_dir.rglob("*.wav")]


async def test_a_recording_holds_the_audio_sent_and_goes_when_the_session_is_deleted(
        recording_server: ServerProcess) -> None:
    srv = recording_server
    s, sent, speech = await speak_in_session(srv, "can the array be empty or have only one number")
    path, pcm = wav_of(srv, s["session_id"])
    assert path.name.startswith("mic-1-") and path.parent.name == s["session_id"]
    assert abs(len(pcm) / 2 / RATE - sent) <= 2 * FRAME_S, (len(pcm) / 2 / RATE, sent)
    assert speech[: len(speech) - len(speech) % FRAME_BYTES] in pcm  # the words themselves, unchanged
    # A second connection to the same session gets a file of its own.
    _, sent2, speech2 = await speak_in_session(srv, "is the array sorted", s)
    _, pcm2 = wav_of(srv, s["session_id"], number=2)
    assert abs(len(pcm2) / 2 / RATE - sent2) <= 2 * FRAME_S
    assert speech2[: len(speech2) - len(speech2) % FRAME_BYTES] in pcm2
    assert wav_of(srv, s["session_id"])[1] == pcm  # the first is closed and stays as it was
    r = httpx.delete(f"{srv.url}/api/sessions/{s['session_id']}",
                     headers={"Authorization": f"Bearer {s['token']}"}, timeout=10)
    assert r.status_code == 204
    assert not path.parent.exists()


async def test_expired_sessions_lose_their_audio_and_others_keep_theirs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"VIVA_RECORD_AUDIO": "1", **ENGINES}
    srv = ServerProcess(data, env=env).start()
    try:
        old, _, _ = await speak_in_session(srv, "is the array sorted")
        kept, _, _ = await speak_in_session(srv, "can the numbers be negative")
        wav_of(srv, old["session_id"])
        wav_of(srv, kept["session_id"])
    finally:
        srv.stop()
    # Abandoned eight days ago: past the seven days of retention.
    store = SQLiteStore(data / "viva.db")
    store.touch(old["session_id"], when=time.time() - 8 * 24 * 3600)
    store.close()
    again = ServerProcess(data, env=env).start()  # the sweep runs as the server starts
    try:
        assert wait_gone(data / "audio" / old["session_id"])
        r = httpx.get(f"{again.url}/api/sessions/{old['session_id']}",
                      headers={"Authorization": f"Bearer {old['token']}"}, timeout=10)
        assert r.status_code == 404
        assert list((data / "audio" / kept["session_id"]).glob("mic-1-*.wav"))
    finally:
        again.stop()


async def test_a_recorded_session_replays_from_its_audio_through_a_real_server(recording_server: ServerProcess) -> None:
    """`viva replay ID --audio` streams the WAV to a server it starts, in real time: the question is
    heard again from the audio, not taken from the recorded transcript."""
    s, _, _ = await speak_in_session(recording_server, "Can the numbers be negative?")
    wav_of(recording_server, s["session_id"])  # written in full
    out = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "viva.cli", "replay", s["session_id"], "--audio", "--json"],
        capture_output=True, text=True, timeout=300,
        env={"VIVA_DATA_DIR": str(recording_server.data_dir), "PATH": "/usr/bin:/bin", **ENGINES})
    assert out.returncode in (0, 1), out.stderr[-2000:]
    r = json.loads(out.stdout)
    assert r["from_audio"] and r["audio_files"] == 1 and r["decisions_replayed"] >= 2
    assert any("negative" in h.lower() for h in r["heard"]), r["heard"]
    missing = subprocess.run([sys.executable, "-m", "viva.cli", "replay", "nonexistent-session", "--audio"],
                             capture_output=True, text=True, env={"VIVA_DATA_DIR": str(recording_server.data_dir),
                                                                  "PATH": "/usr/bin:/bin"})
    assert missing.returncode == 2 and "viva replay:" in missing.stderr
