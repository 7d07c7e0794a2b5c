"""The accurate pass: each finished utterance transcribed again, off the event loop, by a bounded pool.

The fast pass (pocketsphinx, streaming) has already driven turn-taking by the time an utterance
reaches here. The accurate engine (Whisper, or a cloud engine) takes a few hundred milliseconds
per utterance on 2 cores, so it runs on its own small thread pool. When that pool is busy and
`max_waiting` utterances already wait, a new one is skipped rather than queued: a refinement
that arrives ten seconds late helps nobody, and a queue that grows makes every later one late
too. Skips and failures are counted, never raised.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from viva.voice.stt import Transcriber, Transcript

log = logging.getLogger("viva.voice")

MAX_AUDIO_S = 60  # longer utterances are refined from their last minute only


@dataclass
class RefinerStats:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    busy: int = 0  # submitted and not yet finished (running or waiting)
    run_s: float = 0.0  # a decode's recent duration (moving average), 0 until one has run
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class Refiner:
    """Shared by every session of one server."""

    def __init__(self, engine: Transcriber, workers: int = 1, max_waiting: int = 1) -> None:
        self.engine = engine
        self.workers = max(1, workers)
        self.max_waiting = max(0, max_waiting)
        self.stats = RefinerStats()
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="stt-refine")

    @property
    def name(self) -> str:
        return self.engine.name

    def _admit(self, queue: bool = True) -> bool:
        with self.stats.lock:
            if self.stats.busy >= self.workers + (self.max_waiting if queue else 0):
                self.stats.skipped += 1
                return False
            self.stats.busy += 1
            return True

    def expected_s(self) -> float:
        """How long a transcript submitted now would take, by the recent decodes and the work
        ahead of it: under load a wait for it is a wait for nothing (the waiting rule)."""
        with self.stats.lock:
            return self.stats.run_s * max(1, self.stats.busy) / self.workers

    def _run(self, pcm: bytes, prompt: str) -> Transcript | None:
        started = time.monotonic()
        try:
            result = self.engine.transcribe(pcm[-MAX_AUDIO_S * 32000:], prompt)
            took = time.monotonic() - started
            with self.stats.lock:
                self.stats.run_s = took if not self.stats.run_s else 0.7 * self.stats.run_s + 0.3 * took
            return result
        except Exception as e:  # noqa: BLE001 - the fast pass's text stands
            log.warning("accurate pass failed (%s): %s", self.engine.name, e)
            with self.stats.lock:
                self.stats.failed += 1
            return None
        finally:
            with self.stats.lock:
                self.stats.busy -= 1

    async def refine(self, pcm: bytes, prompt: str = "", queue: bool = True) -> tuple[str, Transcript | None]:
        """("done", the accurate transcript of one utterance), or ("skipped", None) under
        overload, or ("failed", None). `queue=False`: only when a worker is free now (a look at a
        pause is worth something only soon, and must not take the place of a finished utterance)."""
        if not self._admit(queue):
            return "skipped", None
        result = await asyncio.get_running_loop().run_in_executor(self._pool, self._run, pcm, prompt)
        if result is None:
            return "failed", None
        with self.stats.lock:
            self.stats.done += 1
        return "done", result

    def warm_up(self) -> None:
        warm = getattr(self.engine, "warm_up", None)
        if warm is not None:
            warm()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        close = getattr(self.engine, "close", None)
        if close is not None:
            close()
