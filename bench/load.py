"""Load on a scaled-out viva: redis-server, 2 `viva serve` nodes behind Debian's nginx
(deploy/nginx/viva.conf), 2 `viva worker` processes, all on this machine, driven like real clients
through nginx.

- Text sessions, M at once (a ramp): each says 6 lines and runs its code once; `response_ms` here
  is a typed line to the interviewer's first words back, and a run to its result.
- Judge throughput: J runs at once through `POST /api/judge`, judged by the workers.
- Voice sessions, K at once: bench/voice.py's interview walk (questions in every phase, spoken in
  held-out voices) in real time; `response_ms` from the nodes' spans (OTLP to a stand-in collector).
- Redis operations per session (INFO commandstats, before and after each step).
- CPU per voice session, split by where it is spent: the fast pass's decoder processes, the node
  process (VAD, turn-taking, accurate pass, TTS, brain), and the workers.

    .venv/bin/python bench/load.py                        # text 4,8,16; voice 1,2
    .venv/bin/python bench/load.py --text 4,8 --voice 1 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import redis
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import console, pct, table  # noqa: E402
from voice import HELD_VOICES, Tally, one_session, prepare, responses  # noqa: E402

from testkit.cluster import Nginx, RedisServer, free_port  # noqa: E402
from testkit.otlp_collector import OTLPCollector  # noqa: E402

LINES = ["Can the input be empty?", "Are there duplicates?", "I'd start with brute force over every pair.",
         "A hash map makes it one pass: O(n) time and O(n) space.", "I'll code it now.", "Let me test it."]
SOLUTION = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
            "        for i, x in enumerate(nums):\n            if target - x in seen:\n"
            "                return [seen[target - x], i]\n            seen[x] = i\n")
TARGET_MS = 1200


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (from /proc; children counted separately)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(p.name))
    return out


SAID = ["Good question: yes, the values can be negative.", "Walk me through your approach before you code.",
        "Your solution passes all of the tests.", "What is the time complexity of that?"]


def unit_costs() -> dict[str, float]:
    """CPU seconds per unit of work for the stages inside the node process, measured here on the
    same engines: TTS per second of speech made, the accurate pass per utterance, VAD per second
    of microphone audio. (The fast pass runs in processes of its own and is measured directly.)"""
    from viva.config import get_settings
    from viva.sim.speech import silence, speak
    from viva.voice.tts import HibariEngine
    from viva.voice.vad import VoiceActivity
    from viva.voice.whisper import WhisperTranscriber

    tts = HibariEngine()
    tts.synthesize("Warm up.")
    t0, made = time.process_time(), 0.0
    for line in SAID:
        made += len(tts.synthesize(line)) / 2 / tts.sample_rate
    tts_cpu = (time.process_time() - t0) / made
    utterance = speak("Can the input array contain negative numbers?", "espeak:en-gb-scotland+f3")
    whisper = WhisperTranscriber(get_settings().cache_dir)
    whisper.transcribe(utterance)
    t0 = time.process_time()
    for _ in range(3):
        whisper.transcribe(utterance)
    refine_cpu = (time.process_time() - t0) / 3
    audio = (silence(1.0) + utterance) * 4
    vad = VoiceActivity()
    t0 = time.process_time()
    for i in range(0, len(audio), 640):
        vad.feed(audio[i:i + 640])
    vad_cpu = (time.process_time() - t0) / (len(audio) / 2 / 16000)
    return {"tts_per_speech_s": tts_cpu, "refine_per_utterance": refine_cpu, "vad_per_audio_s": vad_cpu}


def node_metric(ports: list[int], name: str) -> float:
    total = 0.0
    for port in ports:
        for line in httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text.splitlines():
            if line.startswith(name + " "):
                total += float(line.split()[-1])
    return total


def redis_calls(r: redis.Redis) -> int:
    return sum(v["calls"] for k, v in r.info("commandstats").items() if k.startswith("cmdstat_"))


@contextlib.contextmanager
def cluster(voice: bool, otlp: str) -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="viva-load-") as d:
        base = Path(d)
        rds = RedisServer(base).start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIVA_")}
        env.update({"VIVA_REDIS_URL": rds.url, "VIVA_JUDGE_QUEUE": "redis", "VIVA_TRUSTED_PROXIES": "127.0.0.1",
                    "VIVA_RATE_SESSIONS_PER_MIN": "0", "VIVA_RATE_JUDGE_PER_MIN": "0",
                    "VIVA_VOICE": "1" if voice else "0", "OTEL_EXPORTER_OTLP_ENDPOINT": otlp})
        procs: list[subprocess.Popen[bytes]] = []
        ports = []
        for i in (1, 2):
            port = free_port()
            ports.append(port)
            procs.append(subprocess.Popen([sys.executable, "-m", "viva.cli", "serve"], env={
                **env, "VIVA_PORT": str(port), "VIVA_DATA_DIR": str(base / f"node{i}")},
                stdout=open(base / f"node{i}.log", "wb"), stderr=subprocess.STDOUT))
        workers = [subprocess.Popen([sys.executable, "-m", "viva.cli", "worker", "--name", f"w{i}"],
                                    env={**env, "VIVA_DATA_DIR": str(base)}, stdout=open(base / f"w{i}.log", "wb"),
                                    stderr=subprocess.STDOUT) for i in (1, 2)]
        try:
            for port in ports:
                for _ in range(1200):
                    with contextlib.suppress(httpx.HTTPError):
                        if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                            break
                    time.sleep(0.1)
            proxy = Nginx(base, ports)
            yield {"redis": rds, "nodes": procs, "workers": workers, "url": proxy.url, "proxy": proxy, "ports": ports}
            proxy.stop()
        finally:
            for p in [*procs, *workers]:
                p.terminate()
            for p in [*procs, *workers]:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    p.wait(timeout=20)
            if rds.proc:
                rds.proc.terminate()


async def text_session(url: str, replies: list[float], runs: list[float]) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        s = (await http.post("/api/sessions", json={"problem_id": "two-sum", "mode": "text"})).json()
    ws_url = url.replace("http", "ws", 1) + f"/ws/sessions/{s['session_id']}"
    async with websockets.connect(ws_url, additional_headers={"Authorization": f"Bearer {s['token']}"},
                                  max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello"}))

        async def until(pred: Any) -> dict[str, Any]:
            while True:
                m = json.loads(await asyncio.wait_for(ws.recv(), 60))
                if pred(m):
                    return m

        await until(lambda m: m.get("type") == "phase" and m.get("phase") == "clarify")
        for line in LINES:
            t0 = time.perf_counter()
            await ws.send(json.dumps({"type": "text", "text": line}))
            await ws.send(json.dumps({"type": "ping", "t": "x"}))
            m = await until(lambda m: m.get("type") in ("agent_text", "pong"))
            if m["type"] == "agent_text":  # a line that gets no reply (thinking aloud) is not timed
                replies.append((time.perf_counter() - t0) * 1000)
                await until(lambda m: m.get("type") == "pong")
        t0 = time.perf_counter()
        await ws.send(json.dumps({"type": "run", "code": SOLUTION, "language": "python"}))
        await until(lambda m: m.get("type") == "run_result")
        runs.append((time.perf_counter() - t0) * 1000)


async def text_step(url: str, m: int) -> tuple[list[float], list[float]]:
    replies: list[float] = []
    runs: list[float] = []
    await asyncio.gather(*(text_session(url, replies, runs) for _ in range(m)))
    return replies, runs


async def voice_step(url: str, speech: dict[str, dict[str, bytes]], k: int, tally: Tally) -> None:
    """K voice interviews at once, in the voices the recognizer was never tuned on."""
    voices = [HELD_VOICES[i % len(HELD_VOICES)] for i in range(k)]
    await asyncio.wait_for(asyncio.gather(*(one_session(url, speech, v, i, tally) for i, v in enumerate(voices))), 600)


async def judge_burst(url: str, j: int) -> float:
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        t0 = time.perf_counter()
        got = await asyncio.gather(*(http.post("/api/judge", json={"problem_id": "two-sum", "language": "python",
                                                                    "code": SOLUTION}) for _ in range(j)))
        took = time.perf_counter() - t0
    assert all(r.status_code == 200 for r in got), [r.status_code for r in got]
    return j / took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", default="4,8,16", help="text sessions at once, a step each")
    ap.add_argument("--voice", default="1,2", help="voice sessions at once, a step each ('' for none)")
    ap.add_argument("--judge", type=int, default=20, help="runs at once for the throughput figure")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    console.width = max(console.width, 160)
    text_steps = [int(x) for x in args.text.split(",") if x]
    voice_steps = [int(x) for x in args.voice.split(",") if x]
    out: dict[str, Any] = {"text": [], "voice": []}
    speech = prepare() if voice_steps else {}
    with OTLPCollector() as spans, cluster(bool(voice_steps), spans.endpoint) as c:
        r = redis.Redis.from_url(c["redis"].url)
        console.print(f"cluster up: nginx {c['url']}, 2 nodes, 2 workers, redis {c['redis'].url}")
        rows = []
        for m in text_steps:
            calls = redis_calls(r)
            replies, runs = asyncio.run(text_step(c["url"], m))
            per = (redis_calls(r) - calls) / m
            row = {"sessions": m, "reply_p50": pct(replies, 50), "reply_p95": pct(replies, 95),
                   "run_p50": pct(runs, 50), "run_p95": pct(runs, 95), "redis_ops_per_session": per}
            out["text"].append(row)
            rows.append([m, row["reply_p50"], row["reply_p95"], row["run_p50"], row["run_p95"], per])
        table("text sessions through nginx (ms)", ["at once", "reply p50", "reply p95", "run p50", "run p95",
                                                   "redis ops/session"], rows)
        out["judge_runs_per_s"] = asyncio.run(judge_burst(c["url"], args.judge))
        console.print(f"judge throughput: {out['judge_runs_per_s']:.1f} runs/s ({args.judge} at once, 2 workers)")
        vrows, srows = [], []
        units = unit_costs() if voice_steps else {}
        if units:
            out["unit_costs"] = units
        for k in voice_steps:
            nodes = [p.pid for p in c["nodes"]]
            stt = [ch for n in nodes for ch in children(n)]
            before = ([cpu_s(n) for n in nodes], [cpu_s(x) for x in stt], [cpu_s(w.pid) for w in c["workers"]])
            calls, t0 = redis_calls(r), time.monotonic()
            refines0 = node_metric(c["ports"], "viva_stt_refine_ms_count")
            seen = len(spans.named("audio.tts"))
            tally = Tally()
            asyncio.run(voice_step(c["url"], speech, k, tally))
            wall = time.monotonic() - t0
            time.sleep(1.5)  # spans are exported in batches
            after = ([cpu_s(n) for n in nodes], [cpu_s(x) for x in stt], [cpu_s(w.pid) for w in c["workers"]])
            node_cpu, stt_cpu, judge_cpu = (sum(a) - sum(b) for a, b in zip(after, before))
            resp = responses(spans, tally, None)
            spoken_s = sum(x.attrs.get("audio.audio_ms", 0) for x in spans.named("audio.tts")[seen:]) / 1000
            refined = node_metric(c["ports"], "viva_stt_refine_ms_count") - refines0
            stages = {"tts": units["tts_per_speech_s"] * spoken_s / k,
                      "accurate_pass": units["refine_per_utterance"] * refined / k,
                      "vad": units["vad_per_audio_s"] * wall,  # every session streams its microphone throughout
                      "fast_pass_stt": stt_cpu / k, "judge": judge_cpu / k}
            stages["rest_of_node"] = max(0.0, node_cpu / k - stages["tts"] - stages["accurate_pass"] - stages["vad"])
            srows.append([k, *(stages[x] for x in ("vad", "fast_pass_stt", "accurate_pass", "tts", "rest_of_node",
                                                   "judge")), spoken_s / k, refined / k])
            row = {"sessions": k, "response_p50": pct(resp, 50) if resp else None,
                   "response_p95": pct(resp, 95) if resp else None, "replies": len(resp), "wall_s": wall,
                   "cpu_per_session_s": {"node": node_cpu / k, "fast_pass_stt": stt_cpu / k, "judge": judge_cpu / k},
                   "cpu_by_stage_s": stages,
                   "cpu_share_of_a_core": (node_cpu + stt_cpu + judge_cpu) / k / wall,
                   "redis_ops_per_session": (redis_calls(r) - calls) / k}
            out["voice"].append(row)
            vrows.append([k, row["response_p50"] or "-", row["response_p95"] or "-", len(resp),
                          node_cpu / k, stt_cpu / k, judge_cpu / k, row["cpu_share_of_a_core"],
                          row["redis_ops_per_session"]])
        if vrows:
            table("voice sessions through nginx: response_ms (server spans) and CPU seconds per session",
                  ["at once", "resp p50", "resp p95", "replies", "cpu node", "cpu stt", "cpu judge",
                   "cores/session", "redis ops/session"], vrows)
            table("CPU seconds per voice session by stage (in the node: measured unit costs x this step's work; "
                  "the rest is turn-taking, the brain, the event log and the socket)",
                  ["at once", "VAD", "fast pass", "accurate pass", "TTS", "rest of node", "judge",
                   "speech made (s)", "utterances refined"], srows)
    sustained = [row["sessions"] for row in out["text"] if row["reply_p95"] <= TARGET_MS]
    vsustained = [row["sessions"] for row in out["voice"] if row["response_p95"] and row["response_p95"] <= TARGET_MS]
    out["sustained"] = {"text": max(sustained, default=0), "voice": max(vsustained, default=0)}
    console.print(f"sustained at response p95 <= {TARGET_MS} ms: text {out['sustained']['text']}, "
                  f"voice {out['sustained']['voice']} (of the steps tried)")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
