"""What a shared deployment needs in front of every route (issue 17, part 5): security headers,
body-size limits, per-client rate limits, and a cap on live sessions per node.

The header and body checks are plain ASGI middleware, so they cover every response, the static
files and error pages included. The rate limiter is pure (an injected clock) and per node; with
several nodes behind one proxy each enforces its own share.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Only the app's own scripts (its modules and the audio worklets, which load as scripts) run.
# Styles may be inline: CodeMirror injects its own, and the report is one self-contained page.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; media-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",  # frame-ancestors for browsers that predate it
    "referrer-policy": "same-origin",
    "permissions-policy": "microphone=(self), camera=(), geolocation=(), payment=()",
}

KIB = 1024
# The largest body each route takes; anything not listed gets DEFAULT_BODY.
DEFAULT_BODY = 64 * KIB
BODY_LIMITS = (("/api/problems", 2048 * KIB), ("/api/judge", 512 * KIB))


def body_limit(path: str) -> int:
    return next((n for prefix, n in BODY_LIMITS if path.startswith(prefix)), DEFAULT_BODY)


class Hardened:
    """Security headers on every HTTP response (a route's own value wins: the share page's
    stricter Referrer-Policy), and a 413 for a body past its route's limit, declared or streamed,
    before the route reads any of it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope.get("path", ""))
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        if declared is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            # A streamed body: read up to the limit here (never more), then hand it on whole.
            chunks, seen = [], 0
            while True:
                msg = await receive()
                if msg["type"] != "http.request":
                    return  # the client went away
                chunks.append(msg.get("body", b""))
                seen += len(chunks[-1])
                if seen > limit:
                    await _too_large(send, limit)
                    return
                if not msg.get("more_body"):
                    break
            receive = _replay(b"".join(chunks), receive)

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                have = {k.lower() for k, _ in msg.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in have]
                msg = {**msg, "headers": [*msg.get("headers", []), *extra]}
            await send(msg)

        await self.app(scope, receive, with_headers)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect, when it comes

    return again


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return v.decode("latin-1")
    return None


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"the request body is over this route's {limit // KIB} KiB limit"}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close"), *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@dataclass
class RateLimiter:
    """A token bucket per client: `per_minute` sustained, bursts up to the same number.
    `per_minute` 0 turns it off. Idle buckets are forgotten, so a flood of addresses cannot
    grow it without bound."""

    per_minute: int
    name: str = "limit"  # the metric's label
    clock: Callable[[], float] = time.monotonic
    max_clients: int = 100_000
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # client -> (tokens, at)

    def check(self, client: str) -> float:
        """0 when allowed (a token is spent); else the seconds until the next token."""
        if self.per_minute <= 0:
            return 0.0
        now, rate, cap = self.clock(), self.per_minute / 60.0, float(self.per_minute)
        tokens, at = self._buckets.get(client, (cap, now))
        tokens = min(cap, tokens + (now - at) * rate)
        if tokens >= 1.0:
            self._remember(client, (tokens - 1.0, now))
            return 0.0
        self._remember(client, (tokens, now))
        return (1.0 - tokens) / rate

    def _remember(self, client: str, bucket: tuple[float, float]) -> None:
        if client not in self._buckets and len(self._buckets) >= self.max_clients:
            full = self.clock() - 60.0  # a bucket idle for a minute is full again: nothing to keep
            self._buckets = {k: v for k, v in self._buckets.items() if v[1] > full}
        self._buckets[client] = bucket


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
