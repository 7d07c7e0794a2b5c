"""One contract, both stores: what every SessionStore promises."""

from __future__ import annotations

import threading
import time

import pytest

from viva.events import CandidateUtterance, CueShown, HintGiven, PhaseChanged, SessionStarted
from viva.session import fold
from viva.store import SessionExists, SessionMeta, SessionNotFound, hash_token
from viva.store.redis import RedisStore
from tests.servers import make_store


def new_session(store, sid: str = "s1") -> SessionMeta:
    return store.create(SessionMeta(session_id=sid, token_hash=hash_token("tok"), problem_id="two-sum",
                                    language="python", mode="text"))


def test_appends_get_gap_free_seqs_from_one(store):
    new_session(store)
    seqs = [store.append("s1", CueShown(text=f"cue {i}")).seq for i in range(20)]
    assert seqs == list(range(1, 21))
    assert store.get("s1").last_seq == 20


def test_read_after_returns_every_later_event_in_order_and_intact(store):
    new_session(store)
    store.append("s1", SessionStarted(problem_id="two-sum", language="python", ts=10.0))
    store.append("s1", PhaseChanged(phase="clarify", previous="intro", ts=11.0))
    store.append("s1", CandidateUtterance(utterance_id="u1", text="is it sorted", ts=12.5))
    store.append("s1", HintGiven(level="nudge", text="think about lookups", ts=13.0))
    events = store.read("s1")
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert [e.type for e in events] == ["session_started", "phase_changed", "candidate_utterance", "hint_given"]
    assert events[2].text == "is it sorted" and events[2].ts == 12.5
    assert [e.seq for e in store.read("s1", after=2)] == [3, 4]
    assert store.read("s1", after=4) == []
    assert [e.seq for e in store.read("s1", after=1, limit=2)] == [2, 3]
    state = fold(events)
    assert state.phase == "clarify" and state.hint_levels == ["nudge"] and state.last_seq == 4


def test_unknown_session_is_an_error_everywhere(store):
    with pytest.raises(SessionNotFound):
        store.get("nope")
    with pytest.raises(SessionNotFound):
        store.append("nope", CueShown(text="x"))
    with pytest.raises(SessionNotFound):
        store.read("nope")
    assert store.delete("nope") is False


def test_creating_a_session_twice_is_refused(store):
    new_session(store)
    with pytest.raises(SessionExists):
        new_session(store)


def test_sessions_are_listed_and_delete_removes_everything(store):
    new_session(store, "a")
    new_session(store, "b")
    store.append("a", CueShown(text="x"))
    store.append("b", CueShown(text="y"))
    assert [m.session_id for m in store.list_sessions()] == ["a", "b"]
    assert store.delete("a") is True
    assert [m.session_id for m in store.list_sessions()] == ["b"]
    with pytest.raises(SessionNotFound):
        store.read("a")
    # A new session with the same id starts from seq 1: nothing of the old one survived.
    new_session(store, "a")
    assert store.append("a", CueShown(text="z")).seq == 1
    assert [e.text for e in store.read("b")] == ["y"]


def test_abandoned_sessions_expire_and_active_ones_stay(store):
    new_session(store, "old")
    new_session(store, "live")
    later = time.time() + store.retention_s + 10
    if hasattr(store, "touch"):
        store.touch("live", later)
    else:
        store.r.zadd(store._index, {"live": later})
    assert store.expire(now=later + 1) == 1
    assert [m.session_id for m in store.list_sessions()] == ["live"]
    with pytest.raises(SessionNotFound):
        store.read("old")


def test_concurrent_writers_never_duplicate_or_skip_a_seq(store):
    new_session(store)
    per_thread, threads = 100, 8
    seen: list[int] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        for i in range(per_thread):
            seq = store.append("s1", CueShown(text=f"{n}:{i}")).seq
            with lock:
                seen.append(seq)

    pool = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    total = per_thread * threads
    assert sorted(seen) == list(range(1, total + 1))
    events = store.read("s1")
    assert [e.seq for e in events] == list(range(1, total + 1))
    assert sorted(e.text for e in events) == sorted(f"{n}:{i}" for n in range(threads) for i in range(per_thread))


def test_redis_ttl_is_refreshed_by_activity_and_idle_sessions_vanish(redis_url, tmp_path):
    store = make_store("redis", tmp_path, redis_url, retention_s=2)
    assert isinstance(store, RedisStore)
    new_session(store, "idle")
    new_session(store, "busy")
    store.append("idle", CueShown(text="x"))
    assert all(0 < t <= 2 for t in store.ttl("idle"))
    # Keep "busy" active past the TTL (8 appends 0.4 s apart, 3.2 s at least); leave "idle" alone.
    # Redis expires keys on its own clock, so this one test waits in real time.
    for _ in range(8):
        store.append("busy", CueShown(text="tick"))
        time.sleep(0.4)
    assert store.r.exists("%ss:idle" % store.prefix, "%ss:idle:ev" % store.prefix) == 0
    with pytest.raises(SessionNotFound):
        store.read("idle")
    assert len(store.read("busy")) == 8
    store.expire()
    # The index does not pile up ids whose keys Redis has dropped.
    assert store.r.zrange(store._index, 0, -1) == ["busy"]
    assert [m.session_id for m in store.list_sessions()] == ["busy"]
    # Nothing of the session lives without a TTL.
    for key in store.r.keys(store.prefix + "s:*"):
        assert store.r.ttl(key) > 0
    store.close()


# ---- candidates and share links (issue 16) ----------------------------------------------------

def candidate_session(store, sid: str, candidate: str | None) -> SessionMeta:
    return store.create(SessionMeta(session_id=sid, token_hash=hash_token("tok"), problem_id="two-sum",
                                    language="python", mode="text", candidate=candidate))


def test_a_candidate_sees_only_its_own_sessions_in_creation_order(store):
    candidate_session(store, "a1", "alice")
    candidate_session(store, "b1", "bob")
    candidate_session(store, "a2", "alice")
    candidate_session(store, "anon", None)
    assert [m.session_id for m in store.sessions_of("alice")] == ["a1", "a2"]
    assert [m.session_id for m in store.sessions_of("bob")] == ["b1"]
    assert store.sessions_of("carol") == []
    assert store.get("a1").candidate == "alice" and store.get("anon").candidate is None
    store.delete("a1")
    assert [m.session_id for m in store.sessions_of("alice")] == ["a2"]


def test_a_candidates_sessions_are_history_and_do_not_expire(store):
    candidate_session(store, "mine", "alice")
    candidate_session(store, "anon", None)
    store.append("mine", CueShown(text="x"))
    later = time.time() + store.retention_s + 10
    assert store.expire(now=later) == 1
    assert [m.session_id for m in store.list_sessions()] == ["mine"]
    assert [e.text for e in store.read("mine")] == ["x"]
    if isinstance(store, RedisStore):
        assert store.ttl("mine") == (-1, -1)  # no TTL on either key


def test_candidate_records_keep_their_first_time_and_the_latest_settings(store):
    from viva.store import CandidateRecord

    assert store.get_candidate("alice") is None
    store.put_candidate(CandidateRecord(candidate="alice", created_at=100.0, settings={"length_min": 30}))
    store.put_candidate(CandidateRecord(candidate="alice", created_at=200.0, settings={"length_min": 60}))
    rec = store.get_candidate("alice")
    assert rec is not None and rec.created_at == 100.0 and rec.settings == {"length_min": 60}
    assert store.get_candidate("bob") is None


def test_share_links_are_found_by_token_listed_revoked_and_die_with_their_session(store):
    from viva.store import ShareLink, ShareNotFound

    new_session(store, "s1")
    new_session(store, "s2")
    store.add_share(ShareLink(share_id="x1", session_id="s1", token_hash="h1", created_at=1.0))
    store.add_share(ShareLink(share_id="x2", session_id="s1", token_hash="h2", created_at=2.0))
    store.add_share(ShareLink(share_id="y1", session_id="s2", token_hash="h3", created_at=3.0))
    assert store.share_by_token("h2").session_id == "s1"
    assert [s.share_id for s in store.shares_of("s1")] == ["x1", "x2"]
    assert store.revoke_share("s2", "x1") is False  # another session's share is not revoked through s2
    assert store.revoke_share("s1", "x1") is True
    assert store.revoke_share("s1", "x1") is False
    with pytest.raises(ShareNotFound):
        store.share_by_token("h1")
    store.delete("s1")
    with pytest.raises(ShareNotFound):
        store.share_by_token("h2")
    assert store.shares_of("s1") == []
    assert store.share_by_token("h3").share_id == "y1"
    with pytest.raises(SessionNotFound):
        store.add_share(ShareLink(share_id="z", session_id="gone", token_hash="h9"))


def test_an_sqlite_file_from_before_candidates_gains_the_column_and_keeps_its_sessions(tmp_path):
    import sqlite3

    from viva.store.sqlite import SQLiteStore

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript("""CREATE TABLE sessions (session_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL,
        created_at REAL NOT NULL, updated_at REAL NOT NULL, problem_id TEXT, language TEXT, mode TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0);
        INSERT INTO sessions VALUES ('old', 'h', 1.0, 1.0, 'two-sum', 'python', 'text', 0);""")
    db.commit()
    db.close()
    store = SQLiteStore(path)
    assert store.get("old").candidate is None
    candidate_session(store, "new", "alice")
    assert [m.session_id for m in store.sessions_of("alice")] == ["new"]
    store.close()
