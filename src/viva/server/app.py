"""The FastAPI app factory: wires settings, the store and the live sessions to the routes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import AsyncIterator

from importlib import resources

from fastapi import FastAPI, WebSocket
from fastapi.staticfiles import StaticFiles

from viva import __version__
from viva.config import Settings, get_settings
from viva.server.behaviour import SessionBehaviour
from viva.interview.llm import config_from_settings as llm_config
from viva.interview.paraphrase import encoder as sentence_encoder
from viva.judge.service import JudgeService
from viva.server.context import AppContext
from viva.server.live import LiveSessions
from viva.server.metrics import CountResponses, Metrics
from viva.telemetry import Telemetry
from viva.voice.engines import CloudSTT, HearingConfig, VoiceEngines
from viva.server.candidates import router as candidates_router
from viva.server.hardening import Hardened
from viva.server.lease import Leases
from viva.server.routes import router
from viva.server.sharing import router as sharing_router
from viva.server.ws import session_socket
from viva.session.room.interview import InterviewBehaviour, brain_settings
from viva.session.room.voice import VoiceBehaviour, VoiceTuning
from viva.store import io as store_io
from viva.store import SessionStore, open_store
from viva.store.audio import prune_audio

log = logging.getLogger("viva.server")

SWEEP_EVERY_S = 300


def hearing_config(s: Settings) -> HearingConfig:
    cloud = (CloudSTT(s.stt_cloud_url, s.stt_cloud_model,
                      s.stt_cloud_api_key.get_secret_value() if s.stt_cloud_api_key else None, s.stt_cloud_timeout_s)
             if s.stt_cloud_url else None)
    return HearingConfig(fast=s.stt_engine, accurate=s.stt_accurate, cache_dir=s.cache_dir, cloud=cloud,
                         workers=s.stt_accurate_workers, max_waiting=s.stt_accurate_waiting,
                         whisper_threads=s.stt_whisper_threads)


def create_app(settings: Settings | None = None, store: SessionStore | None = None,
               behaviour: SessionBehaviour | None = None) -> FastAPI:
    settings = settings or get_settings()
    store = store or open_store(settings)
    judge = JudgeService.from_settings(settings)
    metrics = Metrics()
    telemetry = Telemetry(settings.otel_exporter_otlp_endpoint)
    engines = (VoiceEngines.load(settings.tts_engine, settings.stt_decoders, settings.stt_processes,
                                 hearing_config(settings)) if settings.voice else None)
    if behaviour is None:
        args = (judge, brain_settings(settings), settings.test_clock)
        behaviour = (VoiceBehaviour(*args, llm=llm_config(settings), engines=engines, metrics=metrics,
                                    telemetry=telemetry, tuning=VoiceTuning.from_settings(settings))
                     if engines else InterviewBehaviour(*args, llm=llm_config(settings)))
    ctx = AppContext(settings=settings, store=store, live=LiveSessions(store), judge=judge, behaviour=behaviour,
                     metrics=metrics)
    ctx.extras["health"] = {"judge": "refused: " + ctx.judge.unavailable if ctx.judge.unavailable
                            else "ready"}
    if engines:
        ctx.voices = list(engines.voices)
        ctx.extras["sample_rate"] = engines.sample_rate
        accurate = engines.refiner.name if engines.refiner else "off"
        ctx.extras["health"]["voice"] = (f"{engines.tts.name} tts, pocketsphinx stt, accurate pass {accurate} "
                                         f"(loaded in {engines.load_s:.1f} s)")
    else:
        ctx.extras["health"]["voice"] = "off"

    if settings.redis_url and settings.effective_store_url.startswith(("redis://", "rediss://", "unix://")):
        ctx.leases = Leases(settings.redis_url)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sweeper = asyncio.create_task(_sweep(ctx))
        # The sentence model loads in about a second: off the loop, before the first question.
        asyncio.get_running_loop().run_in_executor(None, sentence_encoder)
        renewer = asyncio.create_task(_renew(ctx)) if ctx.leases else None
        log.info("viva %s: store %s", __version__, type(store).__name__)
        try:
            yield
        finally:
            sweeper.cancel()
            if renewer:
                renewer.cancel()
            telemetry.shutdown()
            if engines:
                engines.close()
            store.close()

    app = FastAPI(title="viva", version=__version__, lifespan=lifespan)
    app.state.ctx = ctx
    app.add_middleware(CountResponses, metrics=metrics)
    app.add_middleware(Hardened)  # outermost: its 413s are sent before anything reads the body
    metrics.judge_queue.set_function(lambda: judge.waiting)
    metrics.live_sessions.set_function(ctx.live.active)
    app.include_router(router)
    app.include_router(candidates_router)
    app.include_router(sharing_router)
    app.mount("/static", StaticFiles(directory=str(resources.files("viva") / "web" / "static")), name="static")

    @app.websocket("/ws/sessions/{session_id}")
    async def ws_endpoint(websocket: WebSocket, session_id: str) -> None:
        await session_socket(websocket, session_id, ctx)

    return app


def _prune_audio(ctx: AppContext) -> None:
    """Recorded audio goes with its session: the expired ones, and any a Redis TTL dropped."""
    if (ctx.settings.data_dir / "audio").is_dir():
        listed_at = time.time()
        prune_audio(ctx.settings.data_dir, {m.session_id for m in ctx.store.list_sessions()}, listed_at)


async def _renew(ctx: AppContext) -> None:
    """Keep the leases of the sessions this node runs; let go of any another node took."""
    assert ctx.leases is not None
    while True:
        await asyncio.sleep(ctx.leases.ttl_ms / 3000)
        for sid in ctx.live.held():
            try:
                if not await ctx.leases.acquire(sid):
                    log.warning("session %s: another node runs it now; letting go", sid)
                    ctx.live.drop(sid, 4409, "this interview moved to another server: reconnect")
            except Exception:  # noqa: BLE001 - Redis away for a moment: the next round tries again
                log.exception("lease renewal")


async def _sweep(ctx: AppContext) -> None:
    """Expire abandoned sessions and drop idle ones from memory, now and then."""
    while True:
        try:
            gone = await store_io.run(ctx.store.expire)
            if gone:
                log.info("expired %d abandoned sessions", gone)
            ctx.metrics.store_sessions.set(len(await store_io.run(ctx.store.list_sessions)))
            await store_io.run(_prune_audio, ctx)
            ctx.live.idle_sweep()
        except Exception:  # noqa: BLE001 - a failed sweep is retried next time
            log.exception("session sweep failed")
        await asyncio.sleep(SWEEP_EVERY_S)
