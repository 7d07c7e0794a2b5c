"""Real servers and stores for the tests: `viva serve` in its own process, and both stores.

Support code, not tests: test modules and conftest.py import from here, never from each other.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from viva.store.redis import RedisStore
from viva.store.sqlite import SQLiteStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_store(kind: str, tmp_path: Path, redis_url: str | None, retention_s: int = 3600):
    if kind == "sqlite":
        return SQLiteStore(tmp_path / "viva.db", retention_s=retention_s)
    assert redis_url
    return RedisStore(redis_url, retention_s=retention_s, prefix=f"t{uuid.uuid4().hex[:8]}:")


def clean_env(viva: dict[str, str]) -> dict[str, str]:
    """This process's environment without the developer's VIVA_ settings, plus the given ones."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("VIVA_")}, **viva}


def build_speech_model_cache() -> None:
    """Build the speech model into the user's cache the way a starting server would.

    Every `viva serve` builds it there when it is missing (after a corpus change, or on a new
    machine), and two servers starting at once would write the same files; the test run builds it
    first, before its workers start any server.
    """
    subprocess.run([sys.executable, "-c", "from viva.voice.corpus import default_model; default_model()"],
                   env=clean_env({}), check=True, timeout=600)


class ServerProcess:
    """`viva serve` in its own process, on a free port, with its own data directory."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        # The per-client rate limits are off unless a test asks for them: every test is one client.
        env = clean_env({"VIVA_DATA_DIR": str(self.data_dir), "VIVA_PORT": str(self.port),
                         "VIVA_RATE_SESSIONS_PER_MIN": "0", "VIVA_RATE_JUDGE_PER_MIN": "0", **self.env})
        with open(self.log, "ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen([sys.executable, "-m", "viva.cli", "serve"], env=env,
                                         stdout=log, stderr=subprocess.STDOUT)
        # A bound on waiting for a server that hangs, not a check of how fast it starts.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"viva serve exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("viva serve did not become healthy")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
