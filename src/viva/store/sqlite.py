"""SQLite store, the default: WAL mode, one file, safe across threads and processes."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from viva.events import Event, parse_event
from viva.store.base import CandidateRecord, SessionExists, SessionMeta, SessionNotFound, ShareLink, ShareNotFound

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    problem_id TEXT,
    language TEXT,
    mode TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    candidate TEXT
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
CREATE TABLE IF NOT EXISTS candidates (
    candidate TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    settings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shares (
    share_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS shares_session ON shares(session_id);
"""
# Files made before candidates existed get the column (SQLite has no ADD COLUMN IF NOT EXISTS).
MIGRATIONS = ["ALTER TABLE sessions ADD COLUMN candidate TEXT"]
CANDIDATE_INDEX = "CREATE INDEX IF NOT EXISTS sessions_candidate ON sessions(candidate, created_at)"
META_COLUMNS = "session_id, token_hash, created_at, updated_at, problem_id, language, mode, last_seq, candidate"


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
            have = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
            if "candidate" not in have:
                for sql in MIGRATIONS:
                    db.execute(sql)
            db.execute(CANDIDATE_INDEX)

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
                f"INSERT INTO sessions ({META_COLUMNS}) VALUES (?,?,?,?,?,?,?,0,?)",
                (meta.session_id, meta.token_hash, meta.created_at, meta.updated_at,
                 meta.problem_id, meta.language, meta.mode, meta.candidate))
        except sqlite3.IntegrityError:
            raise SessionExists(meta.session_id) from None
        return meta

    def get(self, session_id: str) -> SessionMeta:
        row = self._conn().execute(
            f"SELECT {META_COLUMNS} FROM sessions WHERE session_id=?", (session_id,)).fetchone()
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
        rows = self._conn().execute(f"SELECT {META_COLUMNS} FROM sessions ORDER BY created_at").fetchall()
        return [_meta(r) for r in rows]

    def sessions_of(self, candidate: str) -> list[SessionMeta]:
        rows = self._conn().execute(
            f"SELECT {META_COLUMNS} FROM sessions WHERE candidate=? ORDER BY created_at", (candidate,)).fetchall()
        return [_meta(r) for r in rows]

    def get_candidate(self, candidate: str) -> CandidateRecord | None:
        row = self._conn().execute("SELECT created_at, settings FROM candidates WHERE candidate=?",
                                   (candidate,)).fetchone()
        if row is None:
            return None
        return CandidateRecord(candidate=candidate, created_at=row[0], settings=json.loads(row[1]))

    def put_candidate(self, record: CandidateRecord) -> None:
        self._conn().execute(
            "INSERT INTO candidates VALUES (?,?,?) ON CONFLICT(candidate) DO UPDATE SET settings=excluded.settings",
            (record.candidate, record.created_at, json.dumps(record.settings)))

    def add_share(self, share: ShareLink) -> None:
        try:
            self._conn().execute("INSERT INTO shares VALUES (?,?,?,?)",
                                 (share.share_id, share.session_id, share.token_hash, share.created_at))
        except sqlite3.IntegrityError:
            # The foreign key: the session is gone (a duplicate random id is not a real case).
            raise SessionNotFound(share.session_id) from None

    def share_by_token(self, token_hash: str) -> ShareLink:
        row = self._conn().execute("SELECT share_id, session_id, token_hash, created_at FROM shares WHERE token_hash=?",
                                   (token_hash,)).fetchone()
        if row is None:
            raise ShareNotFound(token_hash[:8])
        return _share(row)

    def shares_of(self, session_id: str) -> list[ShareLink]:
        rows = self._conn().execute(
            "SELECT share_id, session_id, token_hash, created_at FROM shares WHERE session_id=? ORDER BY created_at",
            (session_id,)).fetchall()
        return [_share(r) for r in rows]

    def revoke_share(self, session_id: str, share_id: str) -> bool:
        cur = self._conn().execute("DELETE FROM shares WHERE session_id=? AND share_id=?", (session_id, share_id))
        return cur.rowcount > 0

    def delete(self, session_id: str) -> bool:
        cur = self._conn().execute("DELETE FROM sessions WHERE session_id=?", (session_id,))
        return cur.rowcount > 0

    def expire(self, now: float | None = None) -> int:
        cutoff = (now if now is not None else time.time()) - self.retention_s
        cur = self._conn().execute("DELETE FROM sessions WHERE updated_at < ? AND candidate IS NULL", (cutoff,))
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
    return SessionMeta(**dict(zip(META_COLUMNS.split(", "), row)))


def _share(row: tuple) -> ShareLink:
    return ShareLink(share_id=row[0], session_id=row[1], token_hash=row[2], created_at=row[3])
