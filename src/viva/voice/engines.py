"""The speech engines one server shares: loaded once at start and warmed up, so the first turn
of the first interview is as fast as any other."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from viva.voice.corpus import default_model
from viva.voice.refine import Refiner
from viva.voice.stt import RecognizerPool, Transcriber
from viva.voice.tts import TTSEngine, engine_for_voice, make_engine, resample, voice_options

log = logging.getLogger("viva.voice")


FAST_ENGINES = ("pocketsphinx",)  # the fast pass must stream: partials drive turn-taking
ACCURATE_ENGINES = ("whisper", "openai", "openai+whisper", "none")


@dataclass
class CloudSTT:
    """An OpenAI-compatible transcription endpoint (`/v1/audio/transcriptions`)."""

    base_url: str
    model: str = "whisper-1"
    api_key: str | None = None
    timeout_s: float = 4.0


@dataclass
class HearingConfig:
    """Which engine hears in each pass (README: "Speech engines")."""

    fast: str = "pocketsphinx"
    accurate: str = "whisper"  # or "openai", "openai+whisper" (the cloud, falling back to whisper), "none"
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "viva")
    cloud: CloudSTT | None = None
    workers: int = 1
    max_waiting: int = 1
    whisper_threads: int = 2

    def __post_init__(self) -> None:
        if self.fast not in FAST_ENGINES:
            raise ValueError(f"fast STT engine {self.fast!r}: choose one of {', '.join(FAST_ENGINES)}")
        if self.accurate not in ACCURATE_ENGINES:
            raise ValueError(f"accurate STT engine {self.accurate!r}: choose one of {', '.join(ACCURATE_ENGINES)}")
        if self.accurate.startswith("openai") and self.cloud is None:
            raise ValueError(f"accurate STT engine {self.accurate!r} needs a cloud URL (VIVA_STT_CLOUD_URL)")


def accurate_engine(cfg: HearingConfig) -> Transcriber | None:
    if cfg.accurate == "none":
        return None
    engines: list[Transcriber] = []
    if cfg.accurate.startswith("openai"):
        from viva.voice.cloud_stt import OpenAITranscriber

        assert cfg.cloud is not None
        engines.append(OpenAITranscriber(cfg.cloud.base_url, cfg.cloud.model, cfg.cloud.api_key, cfg.cloud.timeout_s))
    if cfg.accurate.endswith("whisper"):
        from viva.voice.whisper import WhisperOptions, WhisperTranscriber

        engines.append(WhisperTranscriber(cfg.cache_dir, WhisperOptions(threads=cfg.whisper_threads)))
    if len(engines) == 1:
        return engines[0]
    from viva.voice.cloud_stt import FallbackTranscriber

    return FallbackTranscriber(engines)


@dataclass
class VoiceEngines:
    tts: TTSEngine
    stt: RecognizerPool
    refiner: Refiner | None = None  # the accurate pass; None: the fast pass's text stands
    load_s: float = 0.0

    @classmethod
    def load(cls, tts_engine: str = "hibari", decoders: int = 2, processes: bool = True,
             hearing: HearingConfig | None = None) -> "VoiceEngines":
        t0 = time.monotonic()
        hearing = hearing or HearingConfig(accurate="none")
        tts = make_engine(tts_engine)
        pool = RecognizerPool(default_model(), size=decoders, spotters=1, processes=processes)
        accurate = accurate_engine(hearing)
        refiner = Refiner(accurate, hearing.workers, hearing.max_waiting) if accurate is not None else None
        engines = cls(tts, pool, refiner)
        engines.warm_up()
        engines.load_s = time.monotonic() - t0
        log.info("voice engines ready in %.1f s: tts %s (%d Hz), stt pocketsphinx x%d%s, accurate pass %s",
                 engines.load_s, tts.name, tts.sample_rate, decoders, " in processes" if processes else "",
                 refiner.name if refiner else "off")
        return engines

    def __post_init__(self) -> None:
        # One synthesis at a time per engine: the engines are not documented as thread-safe, and
        # at 30-130x real time a queue of sentences clears quickly. The queue waits on a thread of
        # its own: on the loop's shared default executor, sentences blocked on this lock once
        # filled every thread, and every session's store writes waited behind them for seconds.
        self._tts_lock = threading.Lock()
        self._tts_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts")
        self.voices = voice_options(self.tts)
        self._voice_engines: dict[str, TTSEngine] = {}

    def warm_up(self) -> None:
        self._synth_sync("Hello.")
        self.stt.warm_up()
        if self.refiner is not None:
            try:
                self.refiner.warm_up()
            except Exception as e:  # noqa: BLE001 - a cloud engine may be down at start: it falls back later
                log.warning("accurate pass warm-up failed: %s", e)

    def _synth_sync(self, sentence: str, voice: str | None = None, speed: float = 1.0) -> bytes:
        with self._tts_lock:
            engine = self._engine(voice)
            pcm = engine.synthesize(sentence, speed)
            # Every session's audio goes out at the one rate `ready` announced.
            return resample(pcm, engine.sample_rate, self.tts.sample_rate)

    def _engine(self, voice: str | None) -> TTSEngine:
        """The candidate's chosen voice, made once; an unknown or broken one falls back to the server's."""
        if not voice or voice == self.voices[0].id:
            return self.tts
        if voice not in self._voice_engines:
            try:
                if voice not in {v.id for v in self.voices}:
                    raise ValueError(f"unknown voice {voice!r}")
                self._voice_engines[voice] = engine_for_voice(voice)
            except Exception as e:  # noqa: BLE001 - the interview goes on in the server's voice
                log.warning("voice %s unavailable (%s): using %s", voice, e, self.tts.name)
                self._voice_engines[voice] = self.tts
        return self._voice_engines[voice]

    async def synthesize(self, sentence: str, voice: str | None = None, speed: float = 1.0) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self._tts_thread, self._synth_sync, sentence,
                                                                voice, speed)

    def close(self) -> None:
        self.stt.close()
        if self.refiner is not None:
            self.refiner.close()
        self._tts_thread.shutdown(wait=False)

    @property
    def sample_rate(self) -> int:
        return self.tts.sample_rate
