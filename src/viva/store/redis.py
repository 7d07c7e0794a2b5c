"""Redis store for scale-out: a hash and a list per session, both with a TTL that activity refreshes.

Keys (prefix `viva:`):
  s:{id}        hash: the session's metadata and `last_seq`
  s:{id}:ev     list: event JSON; the element at index i has seq i + 1
  sessions      sorted set: id -> last activity, so `list_sessions` needs no SCAN and `expire`
                can prune ids whose keys Redis has already dropped
  c:{hash}      string: a candidate's record (JSON); c:{hash}:s sorted set: its session ids by creation
  sh:{hash}     string: a share link (JSON) by its token's hash; s:{id}:sh hash: share id -> token hash

A candidate's sessions are its history: they carry no TTL and `expire` leaves them.
"""

from __future__ import annotations

import time
from typing import Any

import redis

from viva.events import Event, parse_event
from viva.store.base import (
    CandidateRecord, SessionExists, SessionMeta, SessionNotFound, ShareLink, ShareNotFound, StoreError,
)

# Atomic append: next seq, push, refresh both TTLs, bump the index. The event body arrives
# without its seq; the script splices it in so what is stored is exactly what is returned.
APPEND = """
local meta = KEYS[1]
if redis.call('EXISTS', meta) == 0 then return redis.error_reply('NOSESSION') end
local seq = redis.call('HINCRBY', meta, 'last_seq', 1)
local body = '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2)
redis.call('RPUSH', KEYS[2], body)
redis.call('HSET', meta, 'updated_at', ARGV[3])
local owner = redis.call('HGET', meta, 'candidate')
if owner and owner ~= '' then
  redis.call('PERSIST', meta)
else
  redis.call('EXPIRE', meta, ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
return seq
"""


class RedisStore:
    def __init__(self, url: str, retention_s: int = 7 * 24 * 3600, prefix: str = "viva:") -> None:
        self.retention_s = retention_s
        self.prefix = prefix
        self.r = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10,
                                      health_check_interval=30)
        self._append = self.r.register_script(APPEND)

    def _k(self, session_id: str) -> tuple[str, str]:
        return f"{self.prefix}s:{session_id}", f"{self.prefix}s:{session_id}:ev"

    @property
    def _index(self) -> str:
        return f"{self.prefix}sessions"

    def create(self, meta: SessionMeta) -> SessionMeta:
        key, _ = self._k(meta.session_id)
        fields = {k: ("" if v is None else v) for k, v in meta.model_dump().items()}
        pipe = self.r.pipeline(transaction=True)
        pipe.hsetnx(key, "session_id", meta.session_id)
        pipe.hset(key, mapping=fields)
        if meta.candidate:
            pipe.zadd(f"{self.prefix}c:{meta.candidate}:s", {meta.session_id: meta.created_at})
        else:
            pipe.expire(key, self.retention_s)
        pipe.zadd(self._index, {meta.session_id: meta.updated_at})
        created, *_ = pipe.execute()
        if not created:
            raise SessionExists(meta.session_id)
        return meta

    def get(self, session_id: str) -> SessionMeta:
        key, _ = self._k(session_id)
        data = self.r.hgetall(key)
        if not data:
            raise SessionNotFound(session_id)
        return _meta(data)

    def append(self, session_id: str, event: Event) -> Event:
        key, ev = self._k(session_id)
        body = event.model_dump_json(exclude={"seq"})
        now = time.time()
        try:
            seq = int(self._append(keys=[key, ev, self._index],
                                   args=[body, self.retention_s, now, session_id]))
        except redis.ResponseError as e:
            if "NOSESSION" in str(e):
                raise SessionNotFound(session_id) from None
            raise StoreError(str(e)) from e
        return event.model_copy(update={"seq": seq})

    def read(self, session_id: str, after: int = 0, limit: int | None = None) -> list[Event]:
        key, ev = self._k(session_id)
        end = -1 if limit is None else after + limit - 1
        pipe = self.r.pipeline(transaction=False)
        pipe.exists(key)
        pipe.lrange(ev, after, end)
        exists, rows = pipe.execute()
        if not exists:
            raise SessionNotFound(session_id)
        return [parse_event(r) for r in rows]

    def list_sessions(self) -> list[SessionMeta]:
        ids = self.r.zrange(self._index, 0, -1)
        pipe = self.r.pipeline(transaction=False)
        for sid in ids:
            pipe.hgetall(self._k(sid)[0])
        return sorted((_meta(d) for d in pipe.execute() if d), key=lambda m: m.created_at)

    def delete(self, session_id: str) -> bool:
        key, ev = self._k(session_id)
        owner = self.r.hget(key, "candidate")
        shares = self.r.hvals(self._shares(session_id))
        pipe = self.r.pipeline(transaction=True)
        pipe.delete(key, ev, self._shares(session_id), *(self._share(h) for h in shares))
        pipe.zrem(self._index, session_id)
        if owner:
            pipe.zrem(f"{self.prefix}c:{owner}:s", session_id)
        removed, *_ = pipe.execute()
        return removed > 0

    def sessions_of(self, candidate: str) -> list[SessionMeta]:
        ids = self.r.zrange(f"{self.prefix}c:{candidate}:s", 0, -1)
        pipe = self.r.pipeline(transaction=False)
        for sid in ids:
            pipe.hgetall(self._k(sid)[0])
        return [_meta(d) for d in pipe.execute() if d]

    def get_candidate(self, candidate: str) -> CandidateRecord | None:
        raw = self.r.get(f"{self.prefix}c:{candidate}")
        return None if raw is None else CandidateRecord.model_validate_json(raw)

    def put_candidate(self, record: CandidateRecord) -> None:
        key = f"{self.prefix}c:{record.candidate}"
        old = self.r.get(key)
        if old is not None:  # the first registration's time stays
            record = record.model_copy(update={"created_at": CandidateRecord.model_validate_json(old).created_at})
        self.r.set(key, record.model_dump_json())

    def _shares(self, session_id: str) -> str:
        return f"{self.prefix}s:{session_id}:sh"

    def _share(self, token_hash: str) -> str:
        return f"{self.prefix}sh:{token_hash}"

    def add_share(self, share: ShareLink) -> None:
        key, _ = self._k(share.session_id)
        pipe = self.r.pipeline(transaction=True)
        pipe.exists(key)
        pipe.set(self._share(share.token_hash), share.model_dump_json())
        pipe.hset(self._shares(share.session_id), share.share_id, share.token_hash)
        exists, *_ = pipe.execute()
        if not exists:
            self.r.delete(self._share(share.token_hash), self._shares(share.session_id))
            raise SessionNotFound(share.session_id)

    def share_by_token(self, token_hash: str) -> ShareLink:
        raw = self.r.get(self._share(token_hash))
        if raw is None:
            raise ShareNotFound(token_hash[:8])
        share = ShareLink.model_validate_json(raw)
        if not self.r.exists(self._k(share.session_id)[0]):  # the session expired under it
            raise ShareNotFound(token_hash[:8])
        return share

    def shares_of(self, session_id: str) -> list[ShareLink]:
        hashes = self.r.hvals(self._shares(session_id))
        raws = self.r.mget([self._share(h) for h in hashes]) if hashes else []
        return sorted((ShareLink.model_validate_json(r) for r in raws if r), key=lambda s: s.created_at)

    def revoke_share(self, session_id: str, share_id: str) -> bool:
        token_hash = self.r.hget(self._shares(session_id), share_id)
        if token_hash is None:
            return False
        pipe = self.r.pipeline(transaction=True)
        pipe.delete(self._share(token_hash))
        pipe.hdel(self._shares(session_id), share_id)
        pipe.execute()
        return True

    def expire(self, now: float | None = None) -> int:
        """Redis drops idle keys itself (TTL); this prunes the index and anything past retention."""
        cutoff = (now if now is not None else time.time()) - self.retention_s
        stale = self.r.zrangebyscore(self._index, "-inf", cutoff)
        gone = 0
        for sid in stale:
            if not self.r.hget(self._k(sid)[0], "candidate"):
                gone += self.delete(sid)
        # Ids whose keys already expired in Redis but are still indexed.
        for sid in self.r.zrange(self._index, 0, -1):
            if not self.r.exists(self._k(sid)[0]):
                self.r.zrem(self._index, sid)
                gone += 1
        return gone

    def ttl(self, session_id: str) -> tuple[int, int]:
        key, ev = self._k(session_id)
        return self.r.ttl(key), self.r.ttl(ev)

    def ping(self) -> bool:
        return bool(self.r.ping())

    def close(self) -> None:
        self.r.close()


def _meta(data: dict[str, Any]) -> SessionMeta:
    clean = {k: (None if v == "" and k in ("problem_id", "language", "candidate") else v) for k, v in data.items()}
    return SessionMeta.model_validate(clean)


