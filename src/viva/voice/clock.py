"""The clock voice timing runs on: `now()` and a wait that ends early when something changes.

The turn-taking machine takes times as inputs; the paced sender waits on this clock, so a test can
drive both with a manual clock and no sleeps (tests/clocks.py).
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    async def wait(self, changed: asyncio.Event, timeout: float | None) -> None:
        """Until `changed` is set or `timeout` seconds have passed on this clock (None: no limit)."""


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()

    async def wait(self, changed: asyncio.Event, timeout: float | None) -> None:
        try:
            await asyncio.wait_for(changed.wait(), timeout)
        except asyncio.TimeoutError:
            pass


MONOTONIC = MonotonicClock()
