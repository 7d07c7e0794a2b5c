"""Append throughput and latency for both stores, 1 and 8 concurrent writers.

    .venv/bin/python bench/store.py [--events N]

Each store is compared with a bare reference measured in the same run: a plain INSERT + COMMIT
on an SQLite file with the same pragmas, and a plain RPUSH on the same redis-server. The ratio
says what viva's bookkeeping (gap-free seq, metadata, TTLs, JSON) costs on top.
Targets (issue 2): p95 append <= 5 ms for SQLite and <= 2 ms for Redis with one writer.
Writers are threads: sqlite3 and redis-py release the GIL while they wait on I/O.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import redis  # noqa: E402
from _common import redis_server, summary, table  # noqa: E402

from viva.events import CandidateUtterance  # noqa: E402
from viva.store import SessionMeta, hash_token  # noqa: E402
from viva.store.redis import RedisStore  # noqa: E402
from viva.store.sqlite import SQLiteStore  # noqa: E402

TEXT = "so my idea is to keep a hash map from value to index and look up the complement"


def run(writers: int, per_writer: int, make_append: Callable[[int], Callable[[int], None]]) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(writers + 1)

    def work(w: int) -> None:
        append = make_append(w)
        mine = []
        barrier.wait()
        for i in range(per_writer):
            t0 = time.perf_counter()
            append(i)
            mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return writers * per_writer / (time.perf_counter() - start), latencies


def viva_store(store) -> Callable[[int], Callable[[int], None]]:
    def make(w: int) -> Callable[[int], None]:
        sid = f"bench-{w}-{time.monotonic_ns()}"
        store.create(SessionMeta(session_id=sid, token_hash=hash_token("x")))

        def append(i: int) -> None:
            store.append(sid, CandidateUtterance(utterance_id=f"u{i}", text=TEXT))
        return append
    return make


def bare_sqlite(path: Path) -> Callable[[int], Callable[[int], None]]:
    def make(w: int) -> Callable[[int], None]:
        db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE IF NOT EXISTS t (k TEXT, i INTEGER, body TEXT)")

        def append(i: int) -> None:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO t VALUES (?,?,?)", (f"w{w}", i, TEXT))
            db.execute("COMMIT")
        return append
    return make


def bare_redis(url: str) -> Callable[[int], Callable[[int], None]]:
    def make(w: int) -> Callable[[int], None]:
        r = redis.Redis.from_url(url)

        def append(i: int) -> None:
            r.rpush(f"bare:{w}", TEXT)
        return append
    return make


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000, help="appends per configuration")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as d, redis_server() as url:
        configs = [
            ("sqlite", lambda: viva_store(SQLiteStore(Path(d) / "viva.db")), lambda: bare_sqlite(Path(d) / "bare.db")),
            ("redis", lambda: viva_store(RedisStore(url, prefix="bench:")), lambda: bare_redis(url)),
        ]
        for name, viva, bare in configs:
            for writers in (1, 8):
                per = max(1, args.events // writers)
                bare_tput, bare_lat = run(writers, per, bare())
                tput, lat = run(writers, per, viva())
                s, b = summary(lat), summary(bare_lat)
                rows.append((name, writers, tput, s["p50"], s["p95"], b["p95"], s["p95"] / b["p95"]))
    table("viva store appends (ms)", ["store", "writers", "appends/s", "p50 ms", "p95 ms",
                                      "bare p95 ms", "p95 / bare"], rows)
    for name, writers, _, _, p95, _, _ in rows:
        if writers == 1:
            target = 5.0 if name == "sqlite" else 2.0
            verdict = "meets" if p95 <= target else "MISSES"
            print(f"{name}, 1 writer: p95 {p95:.2f} ms {verdict} the {target:.0f} ms target")


if __name__ == "__main__":
    main()
