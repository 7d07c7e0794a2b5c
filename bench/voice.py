"""Voice latency over a real WebSocket into a running `viva serve`, in real time.

    .venv/bin/python bench/voice.py [--sessions 1,4,8] [--rounds 6] [--url http://host:port] [--no-wer]

Prepared speech files (WAV, 16 kHz, piper's joe voice, never the interviewer's) are played into
the server at real time by clients whose microphones stream the whole session. Each session:
backchannels over the spoken greeting (they should pause it, then resume), a real question over it
(pause, then interrupt, then an answer), then questions asked after the interviewer finishes.

The server's own figures come from its OpenTelemetry spans, exported over OTLP to a stand-in
collector in this process: `response_ms`, `barge_in_ms` (and the share within 100 ms),
`tts_first_byte_ms`, `asr_final_ms`, and the per-stage breakdown of the response. The
backchannel false-yield rate is counted by the clients. With --url the server is yours (start it
with OTEL_EXPORTER_OTLP_ENDPOINT pointing at the printed collector, or only client figures show).

The WER of the embedded recognizer on held-out speech is bench/stt.py's; run here unless --no-wer.
Targets (issue 5, 1 session): response p50 <= 450 / p95 <= 750 ms, barge-in p95 <= 100 ms with
>= 95% within 100 ms, false yields <= 10%, TTS first byte p95 <= 80 ms, WER clean <= 15%,
response p95 <= 1200 ms with 8 sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import console, pct, table  # noqa: E402

from viva.sim.otlp_collector import OTLPCollector  # noqa: E402
from viva.sim.speech import speak, write_wav  # noqa: E402
from viva.sim.voice_client import VoiceClient  # noqa: E402
from viva.voice.tts import wav_pcm  # noqa: E402

SPEECH_DIR = Path(__file__).resolve().parent.parent / "build" / "bench-speech"
BACKCHANNELS = ["mm-hm", "yeah", "okay", "right", "uh-huh", "got it"]
QUESTIONS = ["can the array be empty", "could there be negative numbers in the list",
             "are there duplicate values", "is the input sorted in any way",
             "what if no two numbers add up to the target", "how large can the list get"]


def prepare(voice: str = "piper:joe") -> dict[str, bytes]:
    """The speech files, synthesized once into build/bench-speech and read back."""
    SPEECH_DIR.mkdir(parents=True, exist_ok=True)
    out = {}
    for text in BACKCHANNELS + QUESTIONS:
        path = SPEECH_DIR / f"{voice.replace(':', '-')}-{text.replace(' ', '_')}.wav"
        if not path.exists():
            write_wav(path, speak(text, voice))
        out[text] = wav_pcm(path.read_bytes())
    return out


@contextlib.contextmanager
def serve(otlp: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as d:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIVA_")}
        env.update({"VIVA_DATA_DIR": d, "VIVA_PORT": str(port), "OTEL_EXPORTER_OTLP_ENDPOINT": otlp})
        log = open(Path(d) / "server.log", "wb")
        proc = subprocess.Popen([sys.executable, "-m", "viva.cli", "serve"], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                if proc.poll() is not None:
                    raise SystemExit((Path(d) / "server.log").read_text()[-2000:])
                time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


@dataclass
class Tally:
    response_client_ms: list[float] = field(default_factory=list)
    backchannels: int = 0
    false_yields: int = 0
    missed_onsets: int = 0
    interrupts: int = 0
    interrupts_missed: int = 0
    session_ids: list[str] = field(default_factory=list)


async def one_session(url: str, speech: dict[str, bytes], index: int, tally: Tally) -> None:
    s = httpx.post(url + "/api/sessions", json={"problem_id": "two-sum", "mode": "voice"}, timeout=30).json()
    tally.session_ids.append(s["session_id"])
    ws = url.replace("http", "ws", 1) + f"/ws/sessions/{s['session_id']}?token={s['token']}"
    c = await VoiceClient(ws).connect()
    try:
        greeting = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 60)
        await asyncio.sleep(1.5)
        for k in range(3):  # backchannels over the greeting
            word = BACKCHANNELS[(index * 3 + k) % len(BACKCHANNELS)]
            t0 = time.monotonic()
            c.say(speech[word])
            tally.backchannels += 1
            try:
                await c.wait_for(lambda m: m["type"] == "agent_pause", 3, after=t0)
            except TimeoutError:
                tally.missed_onsets += 1
                continue
            got = await c.wait_for(lambda m: m["type"] in ("agent_resume", "agent_interrupt"), 10, after=t0)
            if got["type"] == "agent_interrupt":
                tally.false_yields += 1
                break
            await asyncio.sleep(2.0)
        questions = QUESTIONS[index % len(QUESTIONS):] + QUESTIONS[: index % len(QUESTIONS)]
        if not c.of("agent_interrupt"):  # a real question over the greeting takes the turn
            t0 = time.monotonic()
            c.say(speech[questions[0]])
            tally.interrupts += 1
            try:
                await c.wait_for(lambda m: m["type"] == "agent_interrupt" and m["turn_id"] == greeting["turn_id"],
                                 10, after=t0)
            except TimeoutError:
                tally.interrupts_missed += 1
        for q in questions[1:4]:  # asked when the interviewer has finished
            await c.quiet()
            await c.speech_done.wait()
            c.say(speech[q])
            while c.speech_started_at is None:
                await asyncio.sleep(0.005)
            spoken_end = c.speech_started_at + len(speech[q]) / 32000
            start = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 20, after=spoken_end)
            first = c.turns[start["turn_id"]].first_at
            while first is None:
                await asyncio.sleep(0.005)
                first = c.turns[start["turn_id"]].first_at
            tally.response_client_ms.append((first - spoken_end) * 1000)
        await c.quiet()
    finally:
        await c.close()


def server_figures(spans: OTLPCollector, sessions: list[str]) -> dict[str, list[float]]:
    ids = set(sessions)

    def of(name: str) -> list:
        return [s for s in spans.named(name) if s.attrs.get("audio.session_id") in ids]

    return {
        "response_ms": [s.attrs["audio.response_ms"] for s in of("voice.turn") if "audio.response_ms" in s.attrs],
        "barge_in_ms": [s.attrs["audio.total_ms"] for s in of("audio.barge_in")],
        "tts_first_byte_ms": [s.attrs["audio.first_byte_ms"] for s in of("audio.tts") if s.attrs["audio.first_byte_ms"] >= 0],
        "asr_final_ms": [s.attrs["audio.final_ms"] for s in of("audio.asr")],
        "asr_first_partial_ms": [s.attrs["audio.first_byte_ms"] for s in of("audio.asr") if s.attrs["audio.first_byte_ms"] >= 0],
        "endpoint_ms": [s.attrs["audio.endpoint_ms"] for s in of("audio.asr")],
        "brain_ms": [s.attrs["audio.total_ms"] for s in of("audio.llm")],
    }


def slowest(spans: OTLPCollector, sessions: list[str], n: int = 5) -> list[tuple]:
    """The slowest responses, each broken down by stage from its child spans."""
    ids = set(sessions)
    turns = [s for s in spans.named("voice.turn") if s.attrs.get("audio.session_id") in ids
             and "audio.response_ms" in s.attrs]
    rows = []
    for t in sorted(turns, key=lambda s: -s.attrs["audio.response_ms"])[:n]:
        kids = {s.name: s for s in spans.spans if s.parent_id == t.span_id}
        asr, llm, tts = kids.get("audio.asr"), kids.get("audio.llm"), kids.get("audio.tts")
        speak_wait = (tts.start_ns - llm.end_ns) / 1e6 if tts and llm else -1
        rows.append((t.attrs["audio.session_id"][:8], f"{t.attrs['audio.response_ms']:.0f}",
                     asr.attrs.get("audio.endpoint_ms") if asr else "-", asr.attrs.get("audio.final_ms") if asr else "-",
                     f"{llm.attrs['audio.total_ms']:.0f}" if llm else "-", f"{speak_wait:.0f}",
                     tts.attrs.get("audio.first_byte_ms") if tts else "-"))
    return rows


def p(xs: list[float], q: float) -> str:
    return f"{pct(xs, q):.0f}" if xs else "-"


async def round_of(url: str, speech: dict[str, bytes], n: int, rounds: int) -> Tally:
    tally = Tally()
    for r in range(rounds):
        await asyncio.gather(*(one_session(url, speech, r * n + i, tally) for i in range(n)))
    return tally


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", default="1,4,8")
    ap.add_argument("--rounds", type=int, default=7, help="sequential sessions at concurrency 1")
    ap.add_argument("--url")
    ap.add_argument("--no-wer", action="store_true")
    args = ap.parse_args()
    console.width = max(console.width, 200)
    speech = prepare()
    rows, detail, worst = [], [], []
    with OTLPCollector() as spans:
        ctx = contextlib.nullcontext(args.url) if args.url else serve(spans.endpoint)
        with ctx as url:
            console.print(f"server {url}; collector {spans.endpoint}")
            for n in [int(x) for x in args.sessions.split(",")]:
                t0 = time.monotonic()
                tally = asyncio.run(round_of(url, speech, n, args.rounds if n == 1 else 1))
                time.sleep(1.5)  # the exporter batches every 0.5 s
                f = server_figures(spans, tally.session_ids)
                b = f["barge_in_ms"]
                within = sum(1 for x in b if x <= 100) / len(b) * 100 if b else 0.0
                rows.append((n, len(f["response_ms"]), p(f["response_ms"], 50), p(f["response_ms"], 95),
                             p(tally.response_client_ms, 50), len(b), p(b, 50), p(b, 95), f"{within:.0f}%",
                             f"{tally.false_yields}/{tally.backchannels - tally.missed_onsets}",
                             p(f["tts_first_byte_ms"], 50), p(f["tts_first_byte_ms"], 95),
                             p(f["asr_final_ms"], 50), p(f["asr_final_ms"], 95)))
                worst.extend((n, *r) for r in slowest(spans, tally.session_ids))
                detail.append((n, p(f["endpoint_ms"], 50), p(f["asr_final_ms"], 50), p(f["brain_ms"], 50),
                               p(f["tts_first_byte_ms"], 50), p(f["response_ms"], 50),
                               p(f["asr_first_partial_ms"], 50), tally.missed_onsets,
                               f"{tally.interrupts - tally.interrupts_missed}/{tally.interrupts}",
                               f"{time.monotonic() - t0:.0f}"))
    table("voice over a real WebSocket (server spans; ms)",
          ["sessions", "turns", "response p50", "p95", "client p50", "barge-ins", "barge p50", "p95", "<=100ms",
           "false yields", "tts 1st p50", "p95", "asr final p50", "p95"], rows)
    table("response breakdown, p50 per stage (ms)",
          ["sessions", "endpoint wait", "asr final", "brain", "tts first byte", "response", "asr 1st partial",
           "missed onsets", "questions that interrupted", "wall s"], detail)
    table("the slowest responses by stage (ms; 'queued' is the wait between the brain's decision and TTS, "
          "e.g. behind a turn still playing)",
          ["sessions", "session", "response", "endpoint wait", "asr final", "brain", "queued", "tts first byte"], worst)
    if not args.no_wer:
        subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "stt.py")], check=False)


if __name__ == "__main__":
    main()
