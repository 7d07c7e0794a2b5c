"""The `SessionStore` protocol: one append-only event log per session, plus its metadata."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from viva.events import Event


class StoreError(RuntimeError):
    """The store could not do what was asked."""


class SessionNotFound(StoreError, KeyError):
    """No session has that id (or it expired, or was deleted)."""


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


def new_session_id() -> str:
    return secrets.token_hex(8)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(meta: SessionMeta, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(meta.token_hash, hash_token(token or ""))


@runtime_checkable
class SessionStore(Protocol):
    """Both stores keep these promises, and one contract test suite holds them to it.

    - `append` assigns the next seq (gap-free from 1, also with concurrent writers in several
      processes) and returns only once the event is durable.
    - `read(after=n)` gives every event with seq > n, in order.
    - activity refreshes a session's expiry; `expire` removes sessions idle past retention.
    """

    retention_s: int

    def create(self, meta: SessionMeta) -> SessionMeta: ...
    def get(self, session_id: str) -> SessionMeta: ...
    def append(self, session_id: str, event: Event) -> Event: ...
    def read(self, session_id: str, after: int = 0, limit: int | None = None) -> list[Event]: ...
    def list_sessions(self) -> list[SessionMeta]: ...
    def delete(self, session_id: str) -> bool: ...
    def expire(self, now: float | None = None) -> int: ...
    def ping(self) -> bool: ...
    def close(self) -> None: ...
