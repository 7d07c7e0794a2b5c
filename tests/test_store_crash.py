"""Crash safety: appenders in other processes are SIGKILLed at random moments, many times."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from viva.events import CueShown
from viva.store import SessionMeta, hash_token
from viva.store.redis import RedisStore
from viva.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
KILLS = 25


def spawn(args: list[str]) -> subprocess.Popen[bytes]:
    # Unbuffered: the "ready" line is read byte by byte, so no acknowledgement is
    # swallowed into a reader's buffer (communicate() reads the raw pipe, and would start mid-line after it).
    return subprocess.Popen([sys.executable, "-m", "tests.appender", *args], cwd=ROOT, bufsize=0,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def spawn_round(args_for, round_: int, writers: int) -> list[subprocess.Popen[bytes]]:
    """A round's appenders: started now, they import and then wait for their go line."""
    return [spawn(args_for(f"w{round_}x{n}")) for n in range(writers)]


def acknowledged(out: str) -> dict[int, str]:
    acks = {}
    for line in out.splitlines():
        parts = line.split(" ")
        if len(parts) == 2 and parts[0].isdigit():  # a torn last line was never acknowledged
            acks[int(parts[0])] = parts[1]
    return acks


def check_log(store, session: str, acks: dict[int, str]) -> int:
    events = store.read(session)
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(seqs) + 1)), "the log has a gap or a duplicate"
    by_seq = {e.seq: e for e in events}
    for seq, text in acks.items():
        assert seq in by_seq, f"acknowledged event {seq} is missing"
        event = by_seq[seq]
        assert event.text == text
        assert event.key == hashlib.sha256(text.encode()).hexdigest(), "event body is damaged"
    return len(seqs)


def kill_loop(store, session: str, args_for, writers: int) -> None:
    rng = random.Random(7)
    acks: dict[int, str] = {}
    waiting = spawn_round(args_for, 0, writers)
    try:
        for round_ in range(KILLS):
            procs, waiting = waiting, []
            for p in procs:
                assert p.stdin is not None
                p.stdin.write(b"go\n")  # unbuffered: sent now; communicate() closes stdin later
            for p in procs:
                assert p.stdout is not None and p.stdout.readline() == b"ready\n"
            if round_ + 1 < KILLS:  # the next round starts up while this one appends
                waiting = spawn_round(args_for, round_ + 1, writers)
            time.sleep(rng.uniform(0.15, 0.6))
            for p in procs:
                os.kill(p.pid, signal.SIGKILL)
            for p in procs:
                out, _ = p.communicate(timeout=30)
                acks.update(acknowledged(out.decode()))
            count = check_log(store, session, acks)
            # Appending carries on from where the log ends.
            assert store.append(session, CueShown(text=f"parent:{round_}")).seq == count + 1
    finally:
        for p in waiting:
            p.kill()
            p.communicate(timeout=30)
    assert len(acks) > KILLS, "the appenders barely ran; the test proved nothing"


def test_sqlite_keeps_every_acknowledged_event_through_sigkill(tmp_path):
    path = tmp_path / "viva.db"
    store = SQLiteStore(path)
    store.create(SessionMeta(session_id="crash", token_hash=hash_token("t")))
    kill_loop(store, "crash", lambda w: ["sqlite", str(path), "crash", w], writers=2)


def test_redis_keeps_every_acknowledged_event_through_sigkill(redis_url):
    prefix = f"crash{uuid.uuid4().hex[:6]}:"
    store = RedisStore(redis_url, prefix=prefix)
    store.create(SessionMeta(session_id="crash", token_hash=hash_token("t")))
    kill_loop(store, "crash", lambda w: ["redis", redis_url, prefix, "crash", w], writers=2)
