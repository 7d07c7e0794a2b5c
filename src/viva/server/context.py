"""What the app's routes share: settings, the store, live sessions, metrics, the behaviour."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException
from starlette.requests import HTTPConnection

from viva.config import Settings
from viva.judge.service import JudgeService
from viva.server.behaviour import SessionBehaviour
from viva.server.hardening import RateLimiter, retry_after
from viva.server.lease import Leases
from viva.server.live import LiveSessions
from viva.server.metrics import Metrics
from viva.store import SessionStore
from viva.voice.tts import VoiceOption

TTS_SAMPLE_RATE = 24_000


@dataclass
class AppContext:
    settings: Settings
    store: SessionStore
    live: LiveSessions
    judge: JudgeService
    behaviour: SessionBehaviour
    metrics: Metrics = field(default_factory=Metrics)
    extras: dict[str, Any] = field(default_factory=dict)
    voices: list[VoiceOption] = field(default_factory=list)  # the interviewer voices on offer, default first
    leases: "Leases | None" = None  # several nodes on one Redis: which runs which session
    session_rate: RateLimiter = field(default_factory=lambda: RateLimiter(0, "sessions"))
    judge_rate: RateLimiter = field(default_factory=lambda: RateLimiter(0, "judge"))

    def __post_init__(self) -> None:
        self.session_rate = RateLimiter(self.settings.rate_sessions_per_min, "sessions")
        self.judge_rate = RateLimiter(self.settings.rate_judge_per_min, "judge")
        self.proxies = {p.strip() for p in self.settings.trusted_proxies.split(",") if p.strip()}

    def client_of(self, conn: HTTPConnection) -> str:
        """Who is calling, for the rate limits: the peer, or the client a trusted proxy names."""
        peer = conn.client.host if conn.client else "unknown"
        forwarded = conn.headers.get("x-forwarded-for")
        if peer in self.proxies and forwarded:
            hops = [h.strip() for h in forwarded.split(",") if h.strip()]
            # The last hop no trusted proxy added is the client; those before it could be forged.
            for hop in reversed(hops):
                if hop not in self.proxies:
                    return hop
        return peer

    def limited(self, limiter: RateLimiter, client: str) -> float:
        """0 when `client` may go on; else the seconds to wait (counted in the metrics)."""
        wait = limiter.check(client)
        if wait:
            self.metrics.rate_limited.labels(limiter.name).inc()
        return wait

    def refuse_past_rate(self, limiter: RateLimiter, conn: HTTPConnection, what: str) -> None:
        """A 429 with Retry-After once the caller is past the limiter's rate."""
        wait = self.limited(limiter, self.client_of(conn))
        if wait:
            raise HTTPException(429, f"too many {what} from this client: wait a little",
                                headers={"Retry-After": retry_after(wait)})

    def full(self, session_id: str | None = None) -> bool:
        """This node is at its cap of live sessions (a session already live here never is)."""
        if session_id is not None and self.live.is_active(session_id):
            return False
        return self.live.active() >= self.settings.max_live_sessions

    def is_admin(self, token: str | None) -> bool:
        admin = self.settings.admin_token
        return bool(admin and token) and hmac.compare_digest(admin.get_secret_value(), token or "")

    def settings_sample_rate(self) -> int:
        return int(self.extras.get("sample_rate", TTS_SAMPLE_RATE))


def ctx_of(request: HTTPConnection) -> AppContext:
    return request.app.state.ctx
