"""Who is asking: a session token, the operator token, or a candidate key (no account).

The candidate key is made in the browser and sent back as an HttpOnly cookie (or the
`X-Viva-Candidate` header, for clients that are not a browser). The server keeps only its hash, and a
session records the hash of the key that created it: that is the whole of "whose history".
"""

from __future__ import annotations

import hmac
import re

from starlette.requests import HTTPConnection
from starlette.responses import Response

from viva.store import SessionMeta, hash_token

CANDIDATE_COOKIE = "viva_candidate"
SESSION_COOKIE = "viva_session"  # a session's token, scoped to that session's own paths
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


def session_token(conn: HTTPConnection) -> str | None:
    """A session token from the Authorization header, the session's cookie, or (the old way, which
    proxies log) the query string."""
    auth = conn.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return conn.cookies.get(SESSION_COOKIE) or conn.query_params.get("token")


def set_session_cookies(response: Response, session_id: str, token: str, max_age_s: int, secure: bool) -> None:
    """The token as HttpOnly cookies, one per path of the session (its API, its page and report,
    its WebSocket): a browser then needs no token in any URL, and each request carries only its
    own session's cookie, however many interviews the browser has had."""
    for path in (f"/api/sessions/{session_id}", f"/sessions/{session_id}", f"/ws/sessions/{session_id}"):
        response.set_cookie(SESSION_COOKIE, token, max_age=max_age_s, httponly=True, samesite="strict",
                            secure=secure, path=path)
