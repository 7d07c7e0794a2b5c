"""Judge jobs over Redis Streams (DESIGN §8): app nodes enqueue, `viva worker` processes judge.

Keys (prefix `viva:`):
  judge:jobs            stream of jobs, read by the consumer group "workers"
  judge:results:{node}  stream of results for the node that asked; it reads only its own
  judge:done:{job}      a finished job's result, kept an hour: a job delivered twice is judged once

Delivery is at least once: a worker acknowledges a job only after its result is published, and a
job whose worker died is claimed by another after `claim_idle_s` (XAUTOCLAIM). The result a job
keeps is the first one stored (SET NX), so a job judged twice still answers with one result, and
the asking node takes the first copy that reaches it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import socket
import time
from typing import Any, Literal

import redis
import redis.asyncio as aioredis
from pydantic import BaseModel

from viva.judge.verdicts import CustomRunResult, JudgeResult

log = logging.getLogger("viva.judge")

GROUP = "workers"
RESULT_TTL_S = 3600
RESULTS_KEPT = 1000  # per node stream: results are read at once; this only bounds a dead node's
ERROR = "__error__"  # a result that is the judge refusing (bad input, unknown problem, no sandbox)


class JudgeBusy(RuntimeError):
    """The queue is past its limit: the caller is told to try again, not made to wait."""


class JudgeTimeout(RuntimeError):
    """No worker answered in time."""


class Job(BaseModel):
    job_id: str
    reply_to: str
    kind: Literal["submit", "try_input"]
    problem_id: str
    language: str
    code: str
    input: str | None = None


def keys(prefix: str) -> tuple[str, str]:
    return f"{prefix}judge:jobs", f"{prefix}judge:done:"


def ensure_group(r: redis.Redis, stream: str) -> None:
    try:
        r.xgroup_create(stream, GROUP, id="0", mkstream=True)
    except redis.ResponseError as e:
        if "BUSYGROUP" not in str(e):
            raise


def queue_depth(info: list[dict[str, Any]]) -> int:
    """Jobs not yet finished: waiting (the group's lag) plus delivered but unacknowledged."""
    for g in info:
        if g.get("name") == GROUP:
            return int(g.get("lag") or 0) + int(g.get("pending") or 0)
    return 0


class RedisJudgeQueue:
    """The node's side: enqueue a job, wait for its result on this node's own stream."""

    def __init__(self, url: str, *, max_depth: int = 100, timeout_s: float = 60.0, prefix: str = "viva:") -> None:
        self.url, self.max_depth, self.timeout_s, self.prefix = url, max_depth, timeout_s, prefix
        self.node = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.jobs, self.done = keys(prefix)
        self.results = f"{prefix}judge:results:{self.node}"
        self._sync = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10)
        ensure_group(self._sync, self.jobs)
        self._r: aioredis.Redis | None = None
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None

    def depth(self) -> int:
        try:
            return queue_depth(self._sync.xinfo_groups(self.jobs))
        except redis.RedisError:
            return 0

    async def submit(self, problem_id: str, language: str, code: str) -> JudgeResult:
        return JudgeResult.model_validate(raise_if_error(await self._call("submit", problem_id, language, code, None)))

    async def try_input(self, problem_id: str, language: str, code: str, text: str) -> CustomRunResult:
        return CustomRunResult.model_validate(raise_if_error(await self._call("try_input", problem_id, language, code,
                                                                                text)))

    async def _call(self, kind: str, problem_id: str, language: str, code: str, text: str | None) -> dict[str, Any]:
        r = self._client()
        info = await r.xinfo_groups(self.jobs)
        depth = queue_depth(info)
        if depth >= self.max_depth:
            raise JudgeBusy(f"{depth} runs are waiting for the judge: try again in a moment")
        job = Job(job_id=secrets.token_hex(8), reply_to=self.results, kind=kind,  # type: ignore[arg-type]
                  problem_id=problem_id, language=language, code=code, input=text)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[job.job_id] = fut
        await self._ensure_reader()
        try:
            await r.xadd(self.jobs, {"job": job.model_dump_json()})
            return await asyncio.wait_for(fut, self.timeout_s)
        except asyncio.TimeoutError:
            raise JudgeTimeout(f"no judge worker answered within {self.timeout_s:.0f} s") from None
        finally:
            self._waiting.pop(job.job_id, None)

    def _client(self) -> aioredis.Redis:
        if self._r is None:
            self._r = aioredis.Redis.from_url(self.url, decode_responses=True)
        return self._r

    async def _ensure_reader(self) -> None:
        """A reader of this node's results, positioned before the job is queued. Reading from "$"
        instead lost any result published between two reads (or before the first): its call then
        waited out the whole timeout."""
        if self._reader is None or self._reader.done():
            newest = await self._client().xrevrange(self.results, count=1)
            if self._reader is None or self._reader.done():  # another call may have started one meanwhile
                self._reader = asyncio.create_task(self._read_results(newest[0][0] if newest else "0-0"))

    async def _read_results(self, last: str) -> None:
        r = self._client()
        while self._waiting:
            try:
                got = await r.xread({self.results: last}, block=1000, count=100)
            except (redis.RedisError, OSError) as e:
                log.warning("judge results: %s; retrying", e)
                await asyncio.sleep(0.5)
                continue
            for _, entries in got or []:
                for entry_id, fields in entries:
                    last = entry_id
                    fut = self._waiting.get(fields.get("job_id", ""))
                    if fut is not None and not fut.done():  # a second copy of a result is ignored
                        fut.set_result(json.loads(fields["result"]))
            if got:
                await r.xtrim(self.results, maxlen=RESULTS_KEPT, approximate=True)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._r is not None:
            await self._r.aclose()
        self._sync.close()


class Worker:
    """`viva worker`: take jobs from the group, judge them in this machine's sandbox, publish the
    result to the node that asked, then acknowledge. Jobs idle past `claim_idle_s` with another
    consumer (one that died mid-job) are claimed and judged here."""

    def __init__(self, url: str, judge: Any, *, name: str | None = None, claim_idle_s: float = 30.0,
                 prefix: str = "viva:") -> None:
        self.r = redis.Redis.from_url(url, decode_responses=True, socket_timeout=30)
        self.judge = judge  # a JudgeService: submit() and try_input()
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.claim_idle_ms = int(claim_idle_s * 1000)
        self.jobs, self.done = keys(prefix)
        self.handled = 0
        ensure_group(self.r, self.jobs)

    def run(self, stop_after: int | None = None) -> None:
        log.info("worker %s: waiting for jobs on %s", self.name, self.jobs)
        while stop_after is None or self.handled < stop_after:
            try:
                self.step()
            except (redis.ConnectionError, redis.TimeoutError) as e:
                # Redis restarting: its jobs are on disk; wait and take up where the group left off.
                log.warning("worker %s: redis unavailable (%s); retrying", self.name, e)
                time.sleep(1.0)
                with contextlib.suppress(redis.RedisError):
                    ensure_group(self.r, self.jobs)

    def step(self, block_ms: int = 2000) -> int:
        """Claim stale jobs, else wait for new ones; judge what came. Returns how many."""
        _, claimed, *_ = self.r.xautoclaim(self.jobs, GROUP, self.name, min_idle_time=self.claim_idle_ms,
                                            start_id="0-0", count=1)
        entries = [(i, f) for i, f in claimed if f]
        if entries:
            log.info("worker %s: claimed %s from a worker that went quiet", self.name, entries[0][0])
        else:
            got = self.r.xreadgroup(GROUP, self.name, {self.jobs: ">"}, count=1, block=block_ms)
            entries = [(i, f) for _, es in got or [] for i, f in es]
        for entry_id, fields in entries:
            self._handle(entry_id, fields)
        return len(entries)

    def _handle(self, entry_id: str, fields: dict[str, str]) -> None:
        try:
            job = Job.model_validate_json(fields["job"])
        except (KeyError, ValueError):
            log.error("worker %s: dropping malformed job %s", self.name, entry_id)
            self.r.xack(self.jobs, GROUP, entry_id)
            return
        done_key = self.done + job.job_id
        result = self.r.get(done_key)
        if result is None:  # not judged yet (a redelivered job that was is only published again)
            t0 = time.monotonic()
            result = json.dumps(asyncio.run(self._judge(job)))
            self.r.set(done_key, result, nx=True, ex=RESULT_TTL_S)
            result = self.r.get(done_key) or result  # the first stored wins, if two judged it
            log.info("worker %s: judged %s (%s) in %.0f ms", self.name, job.job_id, job.problem_id,
                     (time.monotonic() - t0) * 1000)
        self.r.xadd(job.reply_to, {"job_id": job.job_id, "result": result}, maxlen=RESULTS_KEPT, approximate=True)
        self.r.xack(self.jobs, GROUP, entry_id)
        self.handled += 1

    async def _judge(self, job: Job) -> dict[str, Any]:
        refusals = _refusals()
        try:
            if job.kind == "try_input":
                out = await self.judge.try_input(job.problem_id, job.language, job.code, job.input or "")
            else:
                out = await self.judge.submit(job.problem_id, job.language, job.code)
        except tuple(refusals.values()) as e:
            kind = next(k for k, cls in refusals.items() if isinstance(e, cls))
            return {ERROR: kind, "message": str(e)}
        return out.model_dump(mode="json")


def _refusals() -> dict[str, type[Exception]]:
    """The judge's refusals, by the name they travel under between a worker and a node."""
    from viva.judge.custom import InputError
    from viva.judge.sandbox import SandboxUnavailable
    from viva.problems import ProblemNotFound

    return {"input": InputError, "problem": ProblemNotFound, "sandbox": SandboxUnavailable}


def raise_if_error(result: dict[str, Any]) -> dict[str, Any]:
    """A worker's refusal, raised on the node as the exception the local judge would have raised."""
    kind = result.get(ERROR)
    if kind is None:
        return result
    refusals = _refusals()
    raise refusals.get(kind, refusals["sandbox"])(result.get("message", ""))
