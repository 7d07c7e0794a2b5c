"""Session stores: the `SessionStore` protocol, SQLite (default) and Redis."""

from __future__ import annotations

from viva.config import Settings
from viva.store.base import (
    CandidateRecord, SessionExists, SessionMeta, SessionNotFound, SessionStore, ShareLink, ShareNotFound,
    StoreError, hash_token, new_session_id, new_share_id, new_token, token_matches,
)


def open_store(settings: Settings) -> SessionStore:
    url = settings.effective_store_url
    if url.startswith("redis://") or url.startswith("rediss://") or url.startswith("unix://"):
        from viva.store.redis import RedisStore

        return RedisStore(url, retention_s=settings.retention_s)
    from viva.store.sqlite import SQLiteStore

    return SQLiteStore(settings.sqlite_path, retention_s=settings.retention_s)


__all__ = ["CandidateRecord", "SessionExists", "SessionMeta", "SessionNotFound", "SessionStore", "ShareLink",
           "ShareNotFound", "StoreError", "hash_token", "new_session_id", "new_share_id", "new_token", "open_store",
           "token_matches"]
