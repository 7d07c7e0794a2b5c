"""Prometheus metrics for /metrics. One registry per app, so tests can run several apps."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.sessions_created = Counter("viva_sessions_created_total", "Sessions created", registry=self.registry)
        self.ws_connections = Gauge("viva_ws_connections", "Open session WebSockets", registry=self.registry)
        self.ws_messages = Counter("viva_ws_messages_total", "Client WebSocket messages", ["kind"],
                                   registry=self.registry)
        self.ws_errors = Counter("viva_ws_errors_total", "Error replies sent", ["code"], registry=self.registry)
        self.audio_bytes = Counter("viva_audio_in_bytes_total", "Candidate audio received", registry=self.registry)
        self.http_responses = Counter("viva_http_responses_total", "HTTP responses, by status class (2xx, 4xx, 5xx)",
                                      ["code"], registry=self.registry)
        self.judge_queue = Gauge("viva_judge_queue_depth", "Judge submissions waiting for a free slot",
                                 registry=self.registry)
        self.store_sessions = Gauge("viva_store_sessions", "Sessions kept in the store (counted at each sweep)",
                                    registry=self.registry)
        self.live_sessions = Gauge("viva_live_sessions", "Sessions with a client connected to this node",
                                   registry=self.registry)
        self.rate_limited = Counter("viva_rate_limited_total", "Requests refused by a per-client rate limit",
                                    ["limit"], registry=self.registry)
        self.refused_full = Counter("viva_refused_full_total", "Sessions refused: the node is at its cap",
                                    registry=self.registry)
        self.judge_runs = Counter("viva_judge_runs_total", "Submissions judged", ["language", "verdict"],
                                  registry=self.registry)
        self.judge_seconds = Histogram("viva_judge_seconds", "Time to judge a submission",
                                       buckets=(0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10), registry=self.registry)

        ms = (10, 25, 50, 75, 100, 150, 200, 300, 450, 600, 750, 1000, 1500, 2500, 5000)
        self.voice = {name: Histogram(f"viva_{name}", help_, buckets=ms, registry=self.registry) for name, help_ in (
            ("response_ms", "Candidate's last voiced frame to the reply's first audio frame sent (ms)"),
            ("barge_in_ms", "First voiced frame over the interviewer to agent_duck/agent_pause/agent_interrupt sent (ms)"),
            ("interrupt_ms", "First voiced frame over the interviewer to agent_interrupt sent, when it took the turn (ms)"),
            ("tts_first_byte_ms", "Sentence sent to TTS to its first audio (ms)"),
            ("asr_first_partial_ms", "Speech onset to the first non-empty partial transcript (ms)"),
            ("asr_final_ms", "End of speech decided to the final transcript (ms)"),
            ("llm_first_token_ms", "Completion requested to the LLM's first token (ms)"),
            ("stt_refine_ms", "A finished utterance to its accurate-pass transcript (ms)"),
        )}
        self.refines = Counter("viva_stt_refine_total", "Accurate-pass transcriptions, by outcome: agreed, "
                               "revised (before the reply), late (revised after it), kept (the fast pass made "
                               "more sense), skipped (overload), failed; asked: a look at a pause heard a question and ended the turn",
                               ["outcome"], registry=self.registry)
        self.barge_ins = Counter("viva_barge_ins_total", "Speech over the interviewer, by outcome", ["outcome"],
                                 registry=self.registry)


class CountResponses:
    """ASGI middleware: every HTTP response counted by its status class, for the error-rate alert."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def counted(msg: dict[str, Any]) -> None:
            if msg["type"] == "http.response.start":
                self.metrics.http_responses.labels(f"{msg['status'] // 100}xx").inc()
            await send(msg)

        await self.app(scope, receive, counted)
