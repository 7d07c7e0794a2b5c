"""Which node runs a session, when several share one Redis (DESIGN §8): a lease per session.

The lease is a key `viva:lease:{session}` holding the node's id with a TTL. The node that runs a
session renews it every third of the TTL while a client is connected. A client that reconnects to
another node (its own died, or the balancer moved it) gets the session there once the lease is
free: at once if it was released, within one TTL if its holder died. A node that finds its lease
taken lets the session go. Without Redis there is one node, and no lease.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket

import redis.asyncio as aioredis

log = logging.getLogger("viva.server")

# Take the key if free, or keep it if ours; the answer says which, so a node that gets a session
# back after another ran it knows its memory of it is stale.
ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
return 0
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

KEPT, TAKEN = 1, 2


class Leases:
    def __init__(self, url: str, ttl_s: float = 10.0, prefix: str = "viva:") -> None:
        self.r = aioredis.Redis.from_url(url, decode_responses=True)
        self.ttl_ms = int(ttl_s * 1000)
        self.prefix = prefix
        self.node = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self._acquire = self.r.register_script(ACQUIRE)
        self._release = self.r.register_script(RELEASE)

    def key(self, session_id: str) -> str:
        return f"{self.prefix}lease:{session_id}"

    async def acquire(self, session_id: str) -> int:
        """KEPT (ours already), TAKEN (ours now: forget what memory held of it), or 0 (another's)."""
        return int(await self._acquire(keys=[self.key(session_id)], args=[self.node, self.ttl_ms]))

    async def wait_for(self, session_id: str) -> int:
        """Acquire, waiting up to one TTL for a dead holder's lease to run out."""
        deadline = asyncio.get_running_loop().time() + self.ttl_ms / 1000 + 1
        while True:
            got = await self.acquire(session_id)
            if got or asyncio.get_running_loop().time() > deadline:
                return got
            await asyncio.sleep(0.25)

    async def holder(self, session_id: str) -> str | None:
        return await self.r.get(self.key(session_id))

    async def release(self, session_id: str) -> None:
        await self._release(keys=[self.key(session_id)], args=[self.node])

    async def close(self) -> None:
        await self.r.aclose()
