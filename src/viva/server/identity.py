"""Who is asking: a session token, the operator token, or a candidate key (no account).

The candidate key is made in the browser and sent back as an HttpOnly cookie (or the
`X-Viva-Candidate` header, for clients that are not a browser). The server keeps only its hash, and a
session records the hash of the key that created it: that is the whole of "whose history".
"""

from __future__ import annotations

import hmac
import re

from starlette.requests import HTTPConnection

from viva.store import SessionMeta, hash_token

CANDIDATE_COOKIE = "viva_candidate"
CANDIDATE_HEADER = "x-viva-candidate"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,128}")  # 22 base64url characters: 128 random bits at least
COOKIE_MAX_AGE_S = 400 * 24 * 3600  # browsers cap cookie lifetime at 400 days


def valid_key(key: str | None) -> bool:
    return bool(key) and KEY_PATTERN.fullmatch(key or "") is not None


def candidate_hash(key: str) -> str:
    # A prefix keeps a candidate key from ever matching a session token's hash.
    return hash_token("candidate:" + key)


def public_id(candidate: str) -> str:
    """Short enough to show, derived from the hash: never the key."""
    return candidate[:12]


def candidate_of(conn: HTTPConnection) -> str | None:
    """The hash of the caller's candidate key, from the header or the cookie; None without a valid one."""
    key = conn.headers.get(CANDIDATE_HEADER) or conn.cookies.get(CANDIDATE_COOKIE)
    return candidate_hash(key) if valid_key(key) else None


def owns(meta: SessionMeta, candidate: str | None) -> bool:
    return candidate is not None and meta.candidate is not None and hmac.compare_digest(meta.candidate, candidate)
