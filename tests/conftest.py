"""Shared fixtures: a real redis-server on a free port, both stores behind one parameter, and
running servers; and the order in which the two pytest-xdist workers take the test files."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest
import redis

# The support code lives in tests/servers.py; these names stay importable from here for older imports.
from tests.servers import ServerProcess, build_speech_model_cache, free_port, make_store

__all__ = ["ServerProcess", "free_port", "make_store"]

# pyproject runs the suite on two workers (`-n 2 --dist loadfile --no-loadscope-reorder`): each file
# runs whole on one worker, in the file's own order, so its module fixtures start once. The files
# that take longest start first, so that both workers finish at about the same time.
LONGEST_FIRST = ["test_problem_bank.py", "test_browser.py", "test_voice_ws.py", "test_simulate_audio.py",
                 "test_store_crash.py", "test_audio_recording.py",
                 "test_text_interviews.py", "test_llm_brain.py", "test_judge_api.py",
                 "test_injections_move_nothing.py", "test_report_page.py", "test_scripted_sessions.py"]


def pytest_sessionstart(session: pytest.Session) -> None:
    # On the xdist controller, before the workers start (and with them, servers at the same time).
    if session.config.getoption("numprocesses", None) and not hasattr(session.config, "workerinput"):
        build_speech_model_cache()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file keeps its order


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("redis-server")
    assert exe, "redis-server is not installed; run ./dev test, which installs it"
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
         "--appendfsync", "always", "--dir", str(workdir), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            if client.ping():
                break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        proc.kill()
        raise RuntimeError("redis-server did not start")
    client.close()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
def store_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest):
    url = request.getfixturevalue("redis_url") if store_kind == "redis" else None
    s = make_store(store_kind, tmp_path, url)
    yield s
    s.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "data").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One `viva serve` for every test that only needs sessions of its own on a running server.

    Tests that kill or reconfigure a server start their own (`server`, or a ServerProcess).
    """
    srv = ServerProcess(tmp_path_factory.mktemp("srv"), env={"VIVA_ADMIN_TOKEN": "admin-secret"}).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def clock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Like shared_server, with the test clock on: `debug_clock` messages move the session's time."""
    srv = ServerProcess(tmp_path_factory.mktemp("clock"), env={"VIVA_TEST_CLOCK": "1",
                                                               "VIVA_ADMIN_TOKEN": "admin-secret"}).start()
    yield srv
    srv.stop()
