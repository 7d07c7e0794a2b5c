"""A clock tests move by hand: `advance` steps time forward and lets every waiting task run, so
paced audio can be checked frame by frame with no sleeps and no wall-clock assertions."""

from __future__ import annotations

import asyncio
import math


class ManualClock:
    def __init__(self, start: float = 0.0) -> None:
        self.t = start
        self._waiters: list[tuple[float, asyncio.Future]] = []

    def now(self) -> float:
        return self.t

    async def wait(self, changed: asyncio.Event, timeout: float | None) -> None:
        if changed.is_set():
            return
        due = math.inf if timeout is None else self.t + timeout
        fut: asyncio.Future = asyncio.get_running_loop().create_future()
        self._waiters.append((due, fut))
        watcher = asyncio.ensure_future(changed.wait())
        try:
            await asyncio.wait({fut, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watcher.cancel()
            self._waiters = [(d, f) for d, f in self._waiters if f is not fut]

    async def settle(self) -> None:
        for _ in range(50):
            await asyncio.sleep(0)

    async def advance(self, seconds: float, step: float = 0.005) -> None:
        end = self.t + seconds
        while self.t < end - 1e-12:
            self.t = min(end, self.t + step)
            for due, fut in list(self._waiters):
                if due <= self.t and not fut.done():
                    fut.set_result(None)
            await self.settle()
