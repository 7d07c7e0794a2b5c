"""Recorded candidate audio (`VIVA_RECORD_AUDIO=1`): one WAV per connection, kept beside the store
in `data_dir/audio/<session_id>/`, and removed with its session (deleted, or expired).

Only the operator turns this on. The microphone's PCM (16 kHz s16le mono, as the WebSocket takes
it) is written as it arrives: nothing is held in memory, and the header is brought up to date after
every write, so a file is a valid WAV at any moment, even after a crash.
"""

from __future__ import annotations

import re
import shutil
import time
import wave
from pathlib import Path
from typing import Collection

MIC_RATE = 16_000
AUDIO = "audio"
# Session ids become directory names: only these characters, so no id can climb out of audio/.
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def audio_dir(data_dir: Path, session_id: str) -> Path:
    if not SAFE_ID.match(session_id):
        raise ValueError(f"not a session id: {session_id!r}")
    return Path(data_dir) / AUDIO / session_id


def recorded_files(data_dir: Path, session_id: str) -> list[Path]:
    """The session's recorded WAV files, in the order they were started."""
    try:
        d = audio_dir(data_dir, session_id)
    except ValueError:
        return []
    return sorted(d.glob("*.wav"), key=_started_ms) if d.is_dir() else []


def remove_audio(data_dir: Path, session_id: str) -> bool:
    """Delete a session's recorded audio; True when there was some."""
    try:
        d = audio_dir(data_dir, session_id)
    except ValueError:
        return False
    if not d.is_dir():
        return False
    shutil.rmtree(d, ignore_errors=True)
    return True


def prune_audio(data_dir: Path, keep: Collection[str], listed_at: float) -> int:
    """Delete the audio of every session not in `keep`, the store's sessions as listed at
    `listed_at` after an expiry sweep (expiry removes sessions without saying which, and a Redis
    TTL says nothing at all). A directory changed since the listing belongs to a session too new
    to be in it, and stays."""
    root = Path(data_dir) / AUDIO
    if not root.is_dir():
        return 0
    gone = 0
    for d in root.iterdir():
        if d.is_dir() and d.name not in keep and d.stat().st_mtime < listed_at:
            shutil.rmtree(d, ignore_errors=True)
            gone += 1
    return gone


class MicRecorder:
    """One connection's microphone, written to a WAV as it arrives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.samples = 0
        self._wav: wave.Wave_write | None = wave.open(str(path), "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(MIC_RATE)
        self._wav.writeframes(b"")  # the header goes out now: an empty recording is still a WAV

    @classmethod
    def start(cls, data_dir: Path, session_id: str) -> "MicRecorder":
        """A new file `mic-<connection number>-<unix ms>.wav`; the number counts this session's
        recordings on disk, so it keeps counting across server restarts."""
        d = audio_dir(data_dir, session_id)
        d.mkdir(parents=True, exist_ok=True)
        n = len(list(d.glob("mic-*.wav"))) + 1
        return cls(d / f"mic-{n}-{int(time.time() * 1000)}.wav")

    def write(self, pcm: bytes) -> None:
        if self._wav is not None and pcm:
            # writeframes patches the header's lengths after the data: the file stays valid.
            self._wav.writeframes(pcm)
            self.samples += len(pcm) // 2

    def close(self) -> None:
        if self._wav is not None:
            self._wav.close()
            self._wav = None

    @property
    def closed(self) -> bool:
        return self._wav is None


def _started_ms(path: Path) -> tuple[int, str]:
    parts = path.stem.split("-")
    return (int(parts[-1]) if parts[-1].isdigit() else 0, path.name)


class SessionRecordings:
    """One session's open recordings, one per connection (keyed by the connection object)."""

    def __init__(self, data_dir: Path, session_id: str) -> None:
        self.data_dir = data_dir
        self.session_id = session_id
        self._open: dict[int, MicRecorder] = {}

    def write(self, conn: object, pcm: bytes) -> None:
        rec = self._open.get(id(conn))
        if rec is None:
            rec = self._open[id(conn)] = MicRecorder.start(self.data_dir, self.session_id)
        rec.write(pcm)

    def close(self, conn: object) -> None:
        rec = self._open.pop(id(conn), None)
        if rec is not None:
            rec.close()
