"""Store calls leave the event loop on threads of their own.

Not `asyncio.to_thread`: the loop's default executor (6 threads on this machine) is shared with
whatever else calls it, and once it was full of speech synthesis waiting on the TTS lock, every
session's next event waited seconds to be appended. Store I/O is short; it gets a pool nothing
else can fill.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="store")


async def run(fn: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_POOL, partial(fn, *args))
