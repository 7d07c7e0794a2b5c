"""The `SessionStore` protocol: one append-only event log per session, plus its metadata."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from viva.events import Event


class StoreError(RuntimeError):
    """The store could not do what was asked."""


class SessionNotFound(StoreError, KeyError):
    """No session has that id (or it expired, or was deleted)."""


class ShareNotFound(StoreError, KeyError):
    """No live share link has that token (never made, revoked, or its session is gone)."""


class SessionExists(StoreError):
    """A session with that id already exists."""


class SessionMeta(BaseModel):
    session_id: str
    token_hash: str
    created_at: float = Field(default_factory=time.time)
    updated_at: float = Field(default_factory=time.time)
    problem_id: str | None = None
    language: str | None = None
    mode: str = "voice"
    last_seq: int = 0
    # The hash of the candidate key that created it (None: an anonymous session). A candidate's
    # sessions are its history, so they do not expire as abandoned ones do.
    candidate: str | None = None


class CandidateRecord(BaseModel):
    """A candidate without an account: only the hash of the key its browser made is kept."""

    candidate: str
    created_at: float = Field(default_factory=time.time)
    settings: dict[str, Any] = Field(default_factory=dict)


class ShareLink(BaseModel):
    """A read-only link to one session's report. Only the hash of its token is kept."""

    share_id: str
    session_id: str
    token_hash: str
    created_at: float = Field(default_factory=time.time)


def new_session_id() -> str:
    return secrets.token_hex(8)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_share_id() -> str:
    return secrets.token_hex(6)


def token_matches(meta: SessionMeta, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(meta.token_hash, hash_token(token or ""))


@runtime_checkable
class SessionStore(Protocol):
    """Both stores keep these promises, and one contract test suite holds them to it.

    - `append` assigns the next seq (gap-free from 1, also with concurrent writers in several
      processes) and returns only once the event is durable.
    - `read(after=n)` gives every event with seq > n, in order.
    - activity refreshes a session's expiry; `expire` removes sessions idle past retention,
      except a candidate's (its history).
    - a candidate's sessions, its record and a session's share links live and die with what they
      belong to: deleting a session removes its share links.
    """

    retention_s: int

    def create(self, meta: SessionMeta) -> SessionMeta: ...
    def get(self, session_id: str) -> SessionMeta: ...
    def append(self, session_id: str, event: Event) -> Event: ...
    def read(self, session_id: str, after: int = 0, limit: int | None = None) -> list[Event]: ...
    def list_sessions(self) -> list[SessionMeta]: ...
    def delete(self, session_id: str) -> bool: ...
    def expire(self, now: float | None = None) -> int: ...
    def sessions_of(self, candidate: str) -> list[SessionMeta]: ...
    def get_candidate(self, candidate: str) -> CandidateRecord | None: ...
    def put_candidate(self, record: CandidateRecord) -> None: ...
    def add_share(self, share: ShareLink) -> None: ...
    def share_by_token(self, token_hash: str) -> ShareLink: ...
    def shares_of(self, session_id: str) -> list[ShareLink]: ...
    def revoke_share(self, session_id: str, share_id: str) -> bool: ...
    def ping(self) -> bool: ...
    def close(self) -> None: ...
