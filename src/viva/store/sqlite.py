"""SQLite store, the default: WAL mode, one file, safe across threads and processes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from viva.events import Event, parse_event
from viva.store.base import SessionExists, SessionMeta, SessionNotFound

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    problem_id TEXT,
    language TEXT,
    mode TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
    session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    ts REAL NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated_at);
"""


class SQLiteStore:
    def __init__(self, path: Path | str, retention_s: int = 7 * 24 * 3600) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.retention_s = retention_s
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with self._conn() as db:
            db.executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        # One connection per thread: sqlite3 connections must not be shared across threads.
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is fsynced before append returns, so an acknowledged event survives.
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    def create(self, meta: SessionMeta) -> SessionMeta:
        try:
            self._conn().execute(
                "INSERT INTO sessions VALUES (?,?,?,?,?,?,?,0)",
                (meta.session_id, meta.token_hash, meta.created_at, meta.updated_at,
                 meta.problem_id, meta.language, meta.mode))
        except sqlite3.IntegrityError:
            raise SessionExists(meta.session_id) from None
        return meta

    def get(self, session_id: str) -> SessionMeta:
        row = self._conn().execute(
            "SELECT session_id, token_hash, created_at, updated_at, problem_id, language, mode, last_seq "
            "FROM sessions WHERE session_id=?", (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound(session_id)
        return _meta(row)

    def append(self, session_id: str, event: Event) -> Event:
        db = self._conn()
        # IMMEDIATE takes the write lock up front, so reading last_seq and inserting seq+1 is
        # one step for every writer in every process.
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT last_seq FROM sessions WHERE session_id=?", (session_id,)).fetchone()
            if row is None:
                raise SessionNotFound(session_id)
            stored = event.model_copy(update={"seq": row[0] + 1})
            db.execute("INSERT INTO events VALUES (?,?,?,?,?)",
                       (session_id, stored.seq, stored.type, stored.ts, stored.model_dump_json()))
            db.execute("UPDATE sessions SET last_seq=?, updated_at=? WHERE session_id=?",
                       (stored.seq, time.time(), session_id))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return stored

    def read(self, session_id: str, after: int = 0, limit: int | None = None) -> list[Event]:
        db = self._conn()
        if db.execute("SELECT 1 FROM sessions WHERE session_id=?", (session_id,)).fetchone() is None:
            raise SessionNotFound(session_id)
        rows = db.execute(
            "SELECT body FROM events WHERE session_id=? AND seq>? ORDER BY seq LIMIT ?",
            (session_id, after, -1 if limit is None else limit)).fetchall()
        return [parse_event(r[0]) for r in rows]

    def list_sessions(self) -> list[SessionMeta]:
        rows = self._conn().execute(
            "SELECT session_id, token_hash, created_at, updated_at, problem_id, language, mode, last_seq "
            "FROM sessions ORDER BY created_at").fetchall()
        return [_meta(r) for r in rows]

    def delete(self, session_id: str) -> bool:
        cur = self._conn().execute("DELETE FROM sessions WHERE session_id=?", (session_id,))
        return cur.rowcount > 0

    def expire(self, now: float | None = None) -> int:
        cutoff = (now if now is not None else time.time()) - self.retention_s
        cur = self._conn().execute("DELETE FROM sessions WHERE updated_at < ?", (cutoff,))
        return cur.rowcount

    def touch(self, session_id: str, when: float | None = None) -> None:
        self._conn().execute("UPDATE sessions SET updated_at=? WHERE session_id=?",
                             (when if when is not None else time.time(), session_id))

    def ping(self) -> bool:
        return self._conn().execute("SELECT 1").fetchone() == (1,)

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                try:
                    db.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
        self._local = threading.local()


def _meta(row: tuple) -> SessionMeta:
    keys = ("session_id", "token_hash", "created_at", "updated_at", "problem_id", "language", "mode", "last_seq")
    return SessionMeta(**dict(zip(keys, row)))
