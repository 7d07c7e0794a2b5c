"""The speech engines one server shares: loaded once at start and warmed up, so the first turn
of the first interview is as fast as any other."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from viva.voice.corpus import default_model
from viva.voice.stt import RecognizerPool
from viva.voice.tts import TTSEngine, make_engine

log = logging.getLogger("viva.voice")


@dataclass
class VoiceEngines:
    tts: TTSEngine
    stt: RecognizerPool
    load_s: float = 0.0

    @classmethod
    def load(cls, tts_engine: str = "hibari", decoders: int = 2, processes: bool = True) -> "VoiceEngines":
        t0 = time.monotonic()
        tts = make_engine(tts_engine)
        pool = RecognizerPool(default_model(), size=decoders, spotters=1, processes=processes)
        engines = cls(tts, pool)
        engines.warm_up()
        engines.load_s = time.monotonic() - t0
        log.info("voice engines ready in %.1f s: tts %s (%d Hz), stt pocketsphinx x%d%s",
                 engines.load_s, tts.name, tts.sample_rate, decoders, " in processes" if processes else "")
        return engines

    def __post_init__(self) -> None:
        # One synthesis at a time per engine: the engines are not documented as thread-safe, and
        # at 30-130x real time a queue of sentences clears quickly. The queue waits on a thread of
        # its own: on the loop's shared default executor, sentences blocked on this lock once
        # filled every thread, and every session's store writes waited behind them for seconds.
        self._tts_lock = threading.Lock()
        self._tts_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts")

    def warm_up(self) -> None:
        self._synth_sync("Hello.")
        self.stt.warm_up()

    def _synth_sync(self, sentence: str) -> bytes:
        with self._tts_lock:
            return self.tts.synthesize(sentence)

    async def synthesize(self, sentence: str) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self._tts_thread, self._synth_sync, sentence)

    def close(self) -> None:
        self.stt.close()
        self._tts_thread.shutdown(wait=False)

    @property
    def sample_rate(self) -> int:
        return self.tts.sample_rate
