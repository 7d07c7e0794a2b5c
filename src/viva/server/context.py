"""What the app's routes share: settings, the store, live sessions, metrics, the behaviour."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection

from viva.config import Settings
from viva.judge.service import JudgeService
from viva.server.behaviour import SessionBehaviour
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

    def is_admin(self, token: str | None) -> bool:
        admin = self.settings.admin_token
        return bool(admin and token) and hmac.compare_digest(admin.get_secret_value(), token or "")

    def settings_sample_rate(self) -> int:
        return int(self.extras.get("sample_rate", TTS_SAMPLE_RATE))


def ctx_of(request: HTTPConnection) -> AppContext:
    return request.app.state.ctx
