"""Judge jobs over Redis Streams: `viva serve` with VIVA_JUDGE_QUEUE=redis hands runs to `viva worker`
processes (real redis-server, real sandbox). A worker killed mid-job loses nothing: another claims the
job and the result arrives once. Past the queue's limit a run gets a clear `busy`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import redis

from tests.helpers import TWO_SUM_SOLUTION, create_session, hello, open_ws, recv_until, send
from tests.servers import ServerProcess, clean_env

# Slow to import (once per run, not per test): long enough to kill its worker in the middle.
SLOW = "import time\ntime.sleep(2.5)\n" + TWO_SUM_SOLUTION


def db(redis_url: str, n: int) -> str:
    return redis_url.rsplit("/", 1)[0] + f"/{n}"


class Workers:
    def __init__(self, url: str, log_dir: Path) -> None:
        self.url, self.log_dir, self.procs = url, log_dir, {}

    def start(self, name: str) -> subprocess.Popen[bytes]:
        log = open(self.log_dir / f"{name}.log", "ab")
        env = clean_env({"VIVA_REDIS_URL": self.url, "VIVA_JUDGE_CLAIM_S": "2", "VIVA_DATA_DIR": str(self.log_dir)})
        self.procs[name] = subprocess.Popen([sys.executable, "-m", "viva.cli", "worker", "--name", name], env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        return self.procs[name]

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text()

    def stop(self) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                p.terminate()
                p.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Workers, str]]:
    url = db(redis_url, 3)
    redis.Redis.from_url(url).flushdb()
    base = tmp_path_factory.mktemp("workers")
    workers = Workers(url, base)
    workers.start("w1")
    workers.start("w2")
    node = ServerProcess(base / "node", env={"VIVA_VOICE": "0", "VIVA_REDIS_URL": url,
                                             "VIVA_JUDGE_QUEUE": "redis"}).start()
    yield node, workers, url
    node.stop()
    workers.stop()


def test_runs_go_to_the_workers_over_http_and_the_websocket(cluster):
    node, workers, _ = cluster
    r = httpx.post(f"{node.url}/api/judge", json={"problem_id": "two-sum", "language": "python",
                                                  "code": TWO_SUM_SOLUTION}, timeout=60)
    assert r.status_code == 200 and r.json()["verdict"] == "accepted"
    bad = httpx.post(f"{node.url}/api/judge", json={"problem_id": "two-sum", "language": "python", "code": "x",
                                                    "input": "not json"}, timeout=60)
    assert bad.status_code == 422  # the worker's refusal comes back as the node's own would
    s = create_session(node.url, problem_id="two-sum", mode="text")
    with open_ws(node.ws_url, s) as ws:
        hello(ws)
        send(ws, {"type": "run", "code": TWO_SUM_SOLUTION, "language": "python"})
        assert recv_until(ws, "run_result", timeout=60)[0]["verdict"] == "accepted"
    assert "judged" in workers.log("w1") + workers.log("w2")


def test_a_worker_killed_mid_job_has_its_job_claimed_and_the_result_arrives_once(cluster):
    node, workers, url = cluster
    r = redis.Redis.from_url(url, decode_responses=True)
    answer: dict[str, httpx.Response] = {}
    asking = threading.Thread(target=lambda: answer.setdefault("r", httpx.post(
        f"{node.url}/api/judge", json={"problem_id": "two-sum", "language": "python", "code": SLOW}, timeout=90)))
    asking.start()
    holder = None
    deadline = time.monotonic() + 20
    while holder is None and time.monotonic() < deadline:  # which worker took it
        pending = r.xpending_range("viva:judge:jobs", "workers", min="-", max="+", count=10)
        holder = pending[0]["consumer"] if pending else None
        time.sleep(0.05)
    assert holder in ("w1", "w2"), "a worker took the job"
    job_entry = r.xpending_range("viva:judge:jobs", "workers", min="-", max="+", count=10)[0]["message_id"]
    job_id = json.loads(r.xrange("viva:judge:jobs", job_entry, job_entry)[0][1]["job"])["job_id"]
    workers.procs[holder].send_signal(signal.SIGKILL)  # mid-job: its 2.5 s import is still running
    asking.join(timeout=90)
    got = answer["r"]
    assert got.status_code == 200 and got.json()["verdict"] == "accepted"
    other = "w2" if holder == "w1" else "w1"
    assert "claimed" in workers.log(other)
    results = [f for s in r.keys("viva:judge:results:*") for _, f in r.xrange(s) if f["job_id"] == job_id]
    assert len(results) == 1, results  # published once: the killed worker never got that far
    assert r.xpending("viva:judge:jobs", "workers")["pending"] == 0
    workers.start(holder)  # back to two for the next test


def test_a_job_delivered_twice_is_judged_once(cluster, tmp_path):
    """At least once means twice sometimes: the second delivery publishes the stored result again."""
    from viva.judge.queue import Job, Worker
    from viva.judge.service import JudgeService

    _, _, url = cluster
    judge = JudgeService.from_settings(local=True)
    calls = []

    class Counting:  # the real judge, with its calls counted
        async def submit(self, *a):
            calls.append(a)
            return await judge.submit(*a)

    r = redis.Redis.from_url(url, decode_responses=True)
    job = Job(job_id="twice-1", reply_to="viva:judge:results:test", kind="submit", problem_id="two-sum",
              language="python", code=TWO_SUM_SOLUTION)
    # A queue of its own (another prefix): the running workers must not take these.
    worker = Worker(url, Counting(), name="in-test", claim_idle_s=600, prefix="viva:twice:")
    for _ in range(2):
        r.xadd("viva:twice:judge:jobs", {"job": job.model_dump_json()})
        assert worker.step(block_ms=1000) == 1
    published = [f["result"] for _, f in r.xrange("viva:judge:results:test")]
    assert len(calls) == 1 and len(published) == 2 and published[0] == published[1]
    assert json.loads(published[0])["verdict"] == "accepted"


def test_past_its_limit_the_queue_says_busy_at_once(redis_url: str, tmp_path: Path):
    url = db(redis_url, 4)
    redis.Redis.from_url(url).flushdb()
    node = ServerProcess(tmp_path / "node", env={"VIVA_VOICE": "0", "VIVA_REDIS_URL": url, "VIVA_JUDGE_QUEUE": "redis",
                                                 "VIVA_JUDGE_QUEUE_MAX": "1", "VIVA_JUDGE_TIMEOUT_S": "4"}).start()
    try:
        run = {"problem_id": "two-sum", "language": "python", "code": TWO_SUM_SOLUTION}
        first: dict[str, httpx.Response] = {}
        t = threading.Thread(target=lambda: first.setdefault("r", httpx.post(f"{node.url}/api/judge", json=run,
                                                                             timeout=30)))
        t.start()  # no worker is running: it waits in the queue
        time.sleep(1.0)
        started = time.monotonic()
        second = httpx.post(f"{node.url}/api/judge", json=run, timeout=30)
        assert second.status_code == 503 and second.json()["detail"].startswith("busy")
        assert time.monotonic() - started < 2  # told at once, not made to wait
        assert "viva_judge_queue_depth 1.0" in httpx.get(f"{node.url}/metrics", timeout=10).text
        t.join(timeout=30)
        assert first["r"].status_code == 503 and "no judge worker answered" in first["r"].json()["detail"]
    finally:
        node.stop()


async def test_a_result_published_before_the_nodes_first_read_is_not_lost(redis_url: str) -> None:
    """A worker faster than the node's reader: the result lands in the node's stream before the
    reader's first read. Read from "$", it was never seen and the run timed out."""
    from viva.judge.queue import RedisJudgeQueue

    url = db(redis_url, 5)
    redis.Redis.from_url(url).flushdb()
    queue = RedisJudgeQueue(url, timeout_s=5, prefix="viva:fast:")
    r = redis.Redis.from_url(url, decode_responses=True)
    real_client = queue._client()
    real_xadd = real_client.xadd

    async def xadd_and_answer_at_once(stream, fields, *args, **kwargs):  # the job, and its result with it
        entry = await real_xadd(stream, fields, *args, **kwargs)
        if stream == queue.jobs:
            job = json.loads(fields["job"])
            r.xadd(job["reply_to"], {"job_id": job["job_id"],
                                     "result": json.dumps({"__error__": "input", "message": "answered at once"})})
        return entry

    real_client.xadd = xadd_and_answer_at_once  # type: ignore[method-assign]
    try:
        from viva.judge.custom import InputError

        with pytest.raises(InputError, match="answered at once"):
            await queue.try_input("two-sum", "python", "x", "[]")
    finally:
        await queue.close()
