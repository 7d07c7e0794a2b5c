"""Scale-out for real: redis-server (append-only, fsync always), two `viva serve` nodes sharing it,
two `viva worker` processes, and Debian's nginx in front with deploy/nginx/viva.conf. The node
that runs a live interview is SIGKILLed: the client reconnects through nginx, the other node takes
the session over from the event log, and the interview goes on with no acknowledged event lost and
no interviewer turn said twice. Then Redis itself is killed and restarted: nothing acknowledged is
lost (appendfsync always is the setting that guarantees it)."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
import redis
from websockets.sync.client import connect

from tests.helpers import TWO_SUM_SOLUTION, drain_intro, recv_until, send, settle
from tests.servers import ServerProcess, clean_env
from testkit.cluster import Nginx, RedisServer

@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    assert shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "./dev installs nginx-light"
    base = tmp_path_factory.mktemp("cluster")
    rds = RedisServer(base).start()
    env = {"VIVA_REDIS_URL": rds.url, "VIVA_VOICE": "0", "VIVA_JUDGE_QUEUE": "redis",
           "VIVA_TRUSTED_PROXIES": "127.0.0.1"}
    nodes = [ServerProcess(base / f"node{i}", env=env).start() for i in (1, 2)]
    logs = [open(base / f"worker{i}.log", "ab") for i in (1, 2)]
    workers = [subprocess.Popen([sys.executable, "-m", "viva.cli", "worker", "--name", f"w{i}"],
                                env=clean_env({"VIVA_REDIS_URL": rds.url, "VIVA_DATA_DIR": str(base),
                                               "VIVA_JUDGE_CLAIM_S": "2"}),
                                stdout=logs[i - 1], stderr=subprocess.STDOUT) for i in (1, 2)]
    proxy = Nginx(base, [n.port for n in nodes])
    yield {"redis": rds, "nodes": nodes, "nginx": proxy, "workers": workers}
    proxy.stop()
    for w in workers:
        w.terminate()
    for n in nodes:
        n.stop()
    if rds.proc and rds.proc.poll() is None:
        rds.proc.terminate()


def open_via(proxy: Nginx, s: dict[str, Any], last_seq: int | None = None):
    ws = connect(f"ws://127.0.0.1:{proxy.port}/ws/sessions/{s['session_id']}",
                 additional_headers={"Authorization": f"Bearer {s['token']}"}, open_timeout=20, max_size=None)
    send(ws, {"type": "hello", **({"last_seq": last_seq} if last_seq is not None else {})})
    ready, _ = recv_until(ws, "ready", timeout=30)
    return ws, ready


def seen_seq(msgs: list[dict[str, Any]], before: int = 0) -> int:
    return max([before, *(m.get("seq") or 0 for m in msgs)])


def events(proxy: Nginx, s: dict[str, Any]) -> list[dict[str, Any]]:
    r = httpx.get(f"{proxy.url}/api/sessions/{s['session_id']}/events", params={"limit": 10000},
                  headers={"Authorization": f"Bearer {s['token']}"}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["events"]


def owner(cluster: dict[str, Any], s: dict[str, Any]) -> ServerProcess:
    holder = redis.Redis.from_url(cluster["redis"].url, decode_responses=True).get(f"viva:lease:{s['session_id']}")
    assert holder, "the node running the interview holds its lease"
    pid = int(re.search(r"-(\d+)-[0-9a-f]+$", holder).group(1))
    return next(n for n in cluster["nodes"] if n.proc and n.proc.pid == pid)


def test_an_interview_survives_the_node_that_runs_it_and_a_redis_restart(cluster):
    proxy = cluster["nginx"]
    made = httpx.post(f"{proxy.url}/api/sessions", json={"problem_id": "two-sum", "mode": "text"}, timeout=30)
    assert made.status_code == 201, made.text
    s = made.json()
    ws, _ = open_via(proxy, s)
    seen = drain_intro(ws)
    send(ws, {"type": "text", "text": "Can the array contain negative numbers?"})
    seen += settle(ws)
    send(ws, {"type": "run", "code": TWO_SUM_SOLUTION, "language": "python"})  # judged by a worker
    result, more = recv_until(ws, "run_result", timeout=60)
    seen += [*more, result]
    acked = {e["seq"]: e for e in events(proxy, s)}  # everything the client was told is stored
    last = seen_seq(seen)
    assert last and set(range(1, last + 1)) <= set(acked)

    victim = owner(cluster, s)
    victim.proc.send_signal(signal.SIGKILL)  # mid-interview
    victim.proc.wait(timeout=10)
    with pytest.raises(Exception):
        for _ in range(100):
            ws.recv(timeout=5)
    started = time.monotonic()
    ws, ready = open_via(proxy, s, last_seq=last)  # through nginx, to the node still standing
    took = time.monotonic() - started
    assert ready["resumed"] and ready["last_seq"] >= last
    survivor = owner(cluster, s)
    assert survivor is not victim
    send(ws, {"type": "text", "text": "I'd use a hash map from value to index, in one pass: O(n) time."})
    reply, _ = recv_until(ws, "agent_text", timeout=30)
    assert reply["text"]

    after = events(proxy, s)
    assert [e["seq"] for e in after] == list(range(1, len(after) + 1))  # gap-free, one log
    for seq, e in acked.items():
        assert after[seq - 1] == e  # no acknowledged event lost or changed
    turns = [e for e in after if e["type"] == "agent_utterance"]
    assert len({t["turn_id"] for t in turns}) == len(turns)
    assert sum("Thanks for making the time" in t["text"] for t in turns) == 1  # no second greeting
    print(f"the other node took the interview over in {took:.1f} s")

    # Redis dies and comes back: the append-only file (fsync always) has every acknowledged event.
    ws.close()
    before = events(proxy, s)
    cluster["redis"].kill()
    cluster["redis"].start()
    deadline = time.monotonic() + 30
    while True:  # the nodes' Redis connections come back by themselves
        try:
            restored = events(proxy, s)
            break
        except (AssertionError, httpx.HTTPError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    assert restored == before
    ws, _ = open_via(proxy, s, last_seq=before[-1]["seq"])
    send(ws, {"type": "text", "text": "What if there are duplicates in the list?"})
    assert recv_until(ws, "agent_text", timeout=30)[0]["text"]
    ws.close()
    victim.start()  # the cluster whole again for the next test


def test_the_proxy_keeps_query_strings_out_of_its_log(cluster):
    proxy = cluster["nginx"]
    httpx.get(f"{proxy.url}/api/problems?token=secret-in-a-url", timeout=30)
    time.sleep(0.2)
    log = (proxy.workdir / "access.log").read_text()
    assert "/api/problems" in log and "secret-in-a-url" not in log


def test_a_worker_killed_mid_job_behind_the_proxy_still_answers_once(cluster):
    proxy, r = cluster["nginx"], redis.Redis.from_url(cluster["redis"].url, decode_responses=True)
    assert all(w.poll() is None for w in cluster["workers"])  # both lived through the Redis restart
    slow = "import time\ntime.sleep(2.5)\n" + TWO_SUM_SOLUTION  # slow to import: time to kill its worker
    answer: dict[str, httpx.Response] = {}
    asking = threading.Thread(target=lambda: answer.setdefault("r", httpx.post(
        f"{proxy.url}/api/judge", json={"problem_id": "two-sum", "language": "python", "code": slow}, timeout=90)))
    asking.start()
    pending: list[dict[str, Any]] = []
    deadline = time.monotonic() + 20
    while not pending and time.monotonic() < deadline:
        pending = r.xpending_range("viva:judge:jobs", "workers", min="-", max="+", count=10)
        time.sleep(0.05)
    assert pending, "a worker took the job"
    entry = pending[0]["message_id"]
    job_id = json.loads(r.xrange("viva:judge:jobs", entry, entry)[0][1]["job"])["job_id"]
    victim = cluster["workers"][int(pending[0]["consumer"][1:]) - 1]
    victim.send_signal(signal.SIGKILL)
    asking.join(timeout=90)
    assert answer["r"].status_code == 200 and answer["r"].json()["verdict"] == "accepted"
    results = [f for k in r.keys("viva:judge:results:*") for _, f in r.xrange(k) if f["job_id"] == job_id]
    assert len(results) == 1
