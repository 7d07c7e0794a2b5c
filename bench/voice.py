"""Turn-taking and voice latency over a real WebSocket into a running `viva serve`, in real time.

    .venv/bin/python bench/voice.py [--sessions 1,8] [--rounds 4] [--url http://host:port] [--no-wer]

Candidate speech is synthesized once into build/bench-speech and played into the server at real
time by clients whose microphones stream the whole session. Voices (never the interviewer's):

    tune      piper:joe                       the voice the recognizer and turn-taking were tuned on
    held-out  espeak:en-gb-scotland+f3        never used for a choice
              espeak:en-029+m4                never used for a choice
              joe-low-noisy                   piper joe pitched down 3 semitones with sox, pink
                                              noise mixed in with sox at 20 dB SNR

Each session walks an interview: backchannels over the spoken greeting (the voice should duck and
carry on), a real question over it (it should stop), questions in discussion, a statement with a
trailing "so..." and a pause in it, then coding (a thinking-aloud pause, a question), a run, and a
question while testing.

Figures (server spans over OTLP to a stand-in collector in this process, plus what clients hear):
the time to the reply of every question asked, per phase, measured by the client from its last voiced
frame to `agent_audio_start` (so a question the server misheard as a statement counts too; the
server's `response_ms` spans only carry the turns it read as questions); `response_ms` of every reply
from the spans; false cut-offs (the interviewer starts while
the candidate goes on within 1.5 s); the longest silence a backchannel leaves in the interviewer's
audio; `barge_in_ms` (onset to duck) and onset to stop for real interruptions; TTS and ASR.
Targets (issue 12): questions p50 <= 450 / p95 <= 750 ms in every phase; false cut-offs <= 5%;
backchannel silence <= 300 ms; a real interruption stops within 100 ms p95; at 8 sessions response
p95 <= 1200 ms and none over 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import math
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

from testkit.otlp_collector import OTLPCollector  # noqa: E402
from testkit.voice_client import VoiceClient  # noqa: E402
from viva.interview.phrasing import SAY_AGAIN, TEMPLATES  # noqa: E402
from viva.interview.understanding import normalize  # noqa: E402
from viva.sim.speech import RATE, silence, speak, write_wav  # noqa: E402
from viva.voice.tts import wav_pcm  # noqa: E402
from viva.voice.vad import rms  # noqa: E402

SPEECH_DIR = Path(__file__).resolve().parent.parent / "build" / "bench-speech"
TUNE_VOICES = ("piper:joe",)
HELD_VOICES = ("espeak:en-gb-scotland+f3", "espeak:en-029+m4", "joe-low-noisy")
VOICES = TUNE_VOICES + HELD_VOICES
BACKCHANNELS = ["mm-hm", "yeah", "okay", "right", "uh-huh", "got it"]
INTERRUPTIONS = ["wait, can the array be empty", "can the numbers be negative", "sorry, are the values unique",
                 "is there always exactly one answer"]
DISCUSSION_QUESTIONS = ["are there duplicate values", "how large can the list get",
                        "what if no two numbers add up to the target", "is the input sorted in any way"]
TRAILING = [("i think i would use a hash map so", "that each lookup takes constant time"),
            ("first i would store every number and", "then look up the complement for each one")]
THINKING = [("okay now i loop over the numbers", "and check whether the complement is in the map"),
            ("so here i store the index of each value", "after checking the complement first")]
CODING_QUESTIONS = ["what should i return if no pair adds up to the target",
                    "could you repeat the last part of the question please",
                    "can i assume the answer always exists"]
TESTING_QUESTIONS = ["can you tell me which test failed", "should i also test an empty list",
                     "could you repeat that please"]
# Replies that deflect a question instead of answering it or asking to hear it again.
DEFLECTIONS = tuple(TEMPLATES["stay_on_topic"]) + tuple(t.split(".")[0] for t in TEMPLATES["your_call"])
PAUSE_S = {"trailing": 0.6, "thinking": 0.9}  # silence between the two halves, as spoken
CODE = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
        "        for i, x in enumerate(nums):\n            if target - x in seen:\n"
        "                return [seen[target - x], i]\n            seen[x] = i\n")


def _sox(args: list[str]) -> None:
    subprocess.run(["sox", *args], check=True, capture_output=True)


def _low_noisy(text: str) -> bytes:
    """piper joe, pitched down 300 cents, with pink noise at 20 dB SNR: both done by sox."""
    with tempfile.TemporaryDirectory() as d:
        src, low, noise, out = (Path(d) / n for n in ("a.wav", "b.wav", "n.wav", "c.wav"))
        write_wav(src, speak(text, "piper:joe"))
        _sox([str(src), str(low), "pitch", "-300"])
        secs = len(wav_pcm(low.read_bytes())) / 2 / RATE
        speech_db = 20 * math.log10(max(rms(wav_pcm(low.read_bytes()), above=300), 1) / 32768)
        _sox(["-n", "-r", str(RATE), "-c", "1", "-b", "16", str(noise), "synth", f"{secs:.3f}", "pinknoise",
              "gain", "-n", f"{speech_db - 20:.1f}"])
        _sox(["-m", str(low), str(noise), str(out)])
        return wav_pcm(out.read_bytes())


def utter(text: str, voice: str) -> bytes:
    return _low_noisy(text) if voice == "joe-low-noisy" else speak(text, voice)


def prepare() -> dict[str, dict[str, bytes]]:
    """Every text in every voice, synthesized once into build/bench-speech and read back."""
    SPEECH_DIR.mkdir(parents=True, exist_ok=True)
    texts = BACKCHANNELS + INTERRUPTIONS + DISCUSSION_QUESTIONS + CODING_QUESTIONS + TESTING_QUESTIONS
    texts += [p for pair in TRAILING + THINKING for p in pair]
    out: dict[str, dict[str, bytes]] = {}
    for voice in VOICES:
        out[voice] = {}
        for text in texts:
            key = hashlib.sha1(f"{voice}|{text}".encode()).hexdigest()[:16]
            path = SPEECH_DIR / f"{voice.replace(':', '-')}-{key}.wav"
            if not path.exists():
                write_wav(path, utter(text, voice))
            out[voice][text] = wav_pcm(path.read_bytes())
    return out


@contextlib.contextmanager
def serve(otlp: str, settings: dict[str, str] | None = None) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as d:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIVA_")}
        env.update({"VIVA_DATA_DIR": d, "VIVA_PORT": str(port), "OTEL_EXPORTER_OTLP_ENDPOINT": otlp,
                    **(settings or {})})
        log_path = SPEECH_DIR.parent / "bench-voice-server.log"  # kept after the run, to read
        log = open(log_path, "wb")
        proc = subprocess.Popen([sys.executable, "-m", "viva.cli", "serve"], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                if proc.poll() is not None:
                    raise SystemExit(log_path.read_text()[-2000:])
                time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


@dataclass
class Tally:
    voice_of: dict[str, str] = field(default_factory=dict)  # session id -> voice
    backchannels: dict[str, int] = field(default_factory=dict)  # per voice group
    missed_onsets: dict[str, int] = field(default_factory=dict)
    false_yields: dict[str, int] = field(default_factory=dict)
    backchannel_silence_ms: dict[str, list[float]] = field(default_factory=dict)
    interrupts: dict[str, int] = field(default_factory=dict)
    interrupts_missed: dict[str, int] = field(default_factory=dict)
    cutoff_trials: dict[str, int] = field(default_factory=dict)
    cutoffs: dict[str, int] = field(default_factory=dict)
    unanswered: dict[str, int] = field(default_factory=dict)
    unanswered_heard: list[tuple[str, list[str]]] = field(default_factory=list)
    questions: dict[str, int] = field(default_factory=dict)
    misheard: dict[str, int] = field(default_factory=dict)  # questions whose words reached the brain wrong
    asked_again: dict[str, int] = field(default_factory=dict)  # ... and the interviewer asked to hear it again
    deflected: dict[str, int] = field(default_factory=dict)  # ... and it deflected ("let's stay focused")
    deflected_heard: list[tuple[str, str, str, str]] = field(default_factory=list)
    answered_ms: list[tuple[str, str, float]] = field(default_factory=list)  # (group, phase, ms) per question asked
    slow: list[tuple[str, str, str, str, float]] = field(default_factory=list)  # over 750 ms: what was heard

    def add(self, what: str, group: str, n: int = 1) -> None:
        d = getattr(self, what)
        d[group] = d.get(group, 0) + n


def group(voice: str) -> str:
    return "tune" if voice in TUNE_VOICES else "held-out"


async def say_when_quiet(c: VoiceClient, pcm: bytes) -> float:
    """Speak once the interviewer has been quiet a moment; returns when the first frame went out."""
    await c.quiet(settle=0.8)
    await c.speech_done.wait()
    c.say(pcm)
    while c.speech_started_at is None:
        await asyncio.sleep(0.005)
    return c.speech_started_at


async def ask(c: VoiceClient, pcm: bytes, tally: Tally, g: str, question: str, phase: str,
              timeout: float = 20) -> None:
    """Say a question once the interviewer is quiet and wait for the reply to start; then read
    what it was heard as and what the reply did with it.

    The time to the reply is taken here, for every question asked, whatever the recognizer made
    of it: from the moment the last voiced frame left the microphone (the clip's trailing
    silence is subtracted from when its last frame went) to `agent_audio_start` arriving. The
    server's own spans count only the turns it read as questions, which leaves out exactly the
    misheard ones that waited longest."""
    started = await say_when_quiet(c, pcm)
    spoken_end = started + len(pcm) / 32000
    tally.add("questions", g)
    try:
        start = await c.wait_for(lambda m: m["type"] == "agent_audio_start", timeout, after=spoken_end - 0.5)
    except TimeoutError:
        tally.add("unanswered", g)
        heard = [m["text"] for m in c.of("transcript", after=spoken_end - 5) if m.get("final")]
        tally.unanswered_heard.append((g, heard))
        return
    await c.speech_done.wait()
    ms = (c.time_of(start) - ((c.speech_ended_at or spoken_end) - _tail(pcm))) * 1000
    tally.answered_ms.append((g, phase, ms))
    try:
        reply = await c.wait_for(lambda m: m["type"] == "agent_text" and m.get("seq")
                                 and m["turn_id"] == start["turn_id"], 30, after=started)
    except TimeoutError:
        return
    finals = [m for m in c.of("transcript", after=started) if m.get("final") and m.get("seq")]
    heard = finals[-1]["text"] if finals else ""
    if ms > 750:
        tally.slow.append((g, phase, question, heard, ms))
    if normalize(heard).split() == normalize(question).split():
        return
    tally.add("misheard", g)  # heard wrong (the words that reached the brain, refined or not)
    text = reply["text"]
    if any(text.startswith(a) for a in SAY_AGAIN):
        tally.add("asked_again", g)
    elif any(d in text for d in DEFLECTIONS):
        tally.add("deflected", g)
        tally.deflected_heard.append((g, question, heard, text))


def _frames(pcm: bytes, floor: float = 300.0) -> tuple[list[bytes], list[int]]:
    """`pcm` as 20 ms frames, and which of them are voiced (RMS at least `floor`)."""
    frame = RATE * 20 // 1000 * 2
    frames = [pcm[i:i + frame] for i in range(0, len(pcm), frame)]
    return frames, [k for k, f in enumerate(frames) if rms(f) >= floor]


def trimmed(pcm: bytes, floor: float = 300.0) -> bytes:
    """Speech without the silence TTS puts before and after it."""
    frames, loud = _frames(pcm, floor)
    return b"".join(frames[loud[0]:loud[-1] + 1]) if loud else pcm


def _tail(pcm: bytes, floor: float = 300.0) -> float:
    """Seconds of silence after the last voiced frame of `pcm`."""
    frames, loud = _frames(pcm, floor)
    return (len(frames) - (loud[-1] + 1 if loud else 0)) * 0.02


async def paused_statement(c: VoiceClient, first: bytes, second: bytes, pause_s: float, tally: Tally, g: str) -> None:
    """A statement with a pause of exactly `pause_s` in the middle: the interviewer must not
    start in the pause."""
    first, second = trimmed(first), trimmed(second)
    first_end = await say_when_quiet(c, first + silence(pause_s) + second) + len(first) / 32000
    second_end = first_end + pause_s + len(second) / 32000
    await asyncio.sleep(max(0.0, second_end - time.monotonic()) + 0.2)
    tally.add("cutoff_trials", g)
    if [m for m in c.of("agent_audio_start", after=first_end) if c.time_of(m) <= second_end]:
        tally.add("cutoffs", g)


async def one_session(url: str, speech: dict[str, dict[str, bytes]], voice: str, index: int, tally: Tally) -> None:
    g = group(voice)
    said = speech[voice]
    s = httpx.post(url + "/api/sessions", json={"problem_id": "two-sum", "mode": "voice"}, timeout=30).json()
    tally.voice_of[s["session_id"]] = voice
    ws = url.replace("http", "ws", 1) + f"/ws/sessions/{s['session_id']}?token={s['token']}"
    c = await VoiceClient(ws).connect()
    try:
        greeting = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 60)
        turn = greeting["turn_id"]
        await asyncio.sleep(1.5)
        yielded = False
        for k in range(3):  # backchannels over the greeting: ducked, never stopped
            t0 = time.monotonic()
            c.say(said[BACKCHANNELS[(index * 3 + k) % len(BACKCHANNELS)]])
            tally.add("backchannels", g)
            try:
                await c.wait_for(lambda m: m["type"] == "agent_duck" and m["gain"] < 1, 3, after=t0)
            except TimeoutError:
                tally.add("missed_onsets", g)
            got = await c.wait_for(lambda m: m["type"] in ("agent_interrupt", "agent_audio_end")
                                   or (m["type"] == "agent_duck" and m["gain"] == 1), 10, after=t0)
            await asyncio.sleep(1.0)
            if got["type"] == "agent_interrupt":
                tally.add("false_yields", g)
                yielded = True
                break
            tally.backchannel_silence_ms.setdefault(g, []).append(c.turns[turn].longest_silence(after=t0) * 1000)
            await asyncio.sleep(1.0)
        if not yielded and not c.of("agent_audio_end"):  # a real question over the greeting stops it
            t0 = time.monotonic()
            c.say(said[INTERRUPTIONS[index % len(INTERRUPTIONS)]])
            tally.add("interrupts", g)
            try:
                await c.wait_for(lambda m: m["type"] == "agent_interrupt" and m["turn_id"] == turn, 10, after=t0)
            except TimeoutError:
                tally.add("interrupts_missed", g)
        for q in (DISCUSSION_QUESTIONS[index % 4], DISCUSSION_QUESTIONS[(index + 1) % 4]):
            await ask(c, said[q], tally, g, q, "clarify")
        first, second = TRAILING[index % len(TRAILING)]
        await paused_statement(c, said[first], said[second], PAUSE_S["trailing"], tally, g)
        await c.quiet(settle=0.8)
        await c.send({"type": "text", "text": "I'd use a hash map from each value to its index and look up the "
                                              "complement in one pass, so linear time."})
        await c.quiet(settle=0.8)
        await c.send({"type": "text", "text": "OK, I'll start coding it now."})
        await c.send({"type": "code", "code": CODE.rsplit("            seen[x] = i", 1)[0], "language": "python"})
        await c.wait_for(lambda m: m["type"] == "phase" and m["phase"] == "coding", 60)
        first, second = THINKING[index % len(THINKING)]
        await paused_statement(c, said[first], said[second], PAUSE_S["thinking"], tally, g)
        for q in (CODING_QUESTIONS[index % 3], CODING_QUESTIONS[(index + 1) % 3]):
            await ask(c, said[q], tally, g, q, "coding")
        await c.quiet(settle=0.8)
        t0 = time.monotonic()
        await c.send({"type": "run", "code": CODE, "language": "python"})
        await c.wait_for(lambda m: m["type"] == "run_result", 60, after=t0)
        await c.wait_for(lambda m: m["type"] == "phase" and m["phase"] == "testing", 30)
        for q in (TESTING_QUESTIONS[index % 3], TESTING_QUESTIONS[(index + 1) % 3]):
            await ask(c, said[q], tally, g, q, "testing")
        await c.quiet(settle=0.8)
    finally:
        await c.close()


def spans_of(spans: OTLPCollector, tally: Tally, name: str, g: str | None = None) -> list:
    return [s for s in spans.named(name) if s.attrs.get("audio.session_id") in tally.voice_of
            and (g is None or group(tally.voice_of[s.attrs["audio.session_id"]]) == g)]


def replies(spans: OTLPCollector, tally: Tally, g: str | None) -> list[float]:
    """`response_ms` of every spoken reply, from the server's spans."""
    return [s.attrs["audio.response_ms"] for s in spans_of(spans, tally, "voice.turn", g)
            if "audio.response_ms" in s.attrs]


def answered(tally: Tally, g: str | None, phase: str | None = None) -> list[float]:
    """The time to the reply of every question asked (measured by the client, see `ask`)."""
    return [ms for k, ph, ms in tally.answered_ms if g in (None, k) and phase in (None, ph)]


def barge(spans: OTLPCollector, tally: Tally, how: str, g: str | None = None) -> list[float]:
    return [s.attrs["audio.total_ms"] for s in spans_of(spans, tally, "audio.barge_in", g)
            if s.attrs.get("audio.how") == how]


def p(xs: list[float], q: float) -> str:
    return f"{pct(xs, q):.0f}" if xs else "-"


def share(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d * 100:.0f}%)" if d else "-"


async def round_of(url: str, speech: dict[str, dict[str, bytes]], n: int, rounds: int, tally: Tally) -> None:
    for r in range(rounds):
        await asyncio.gather(*(one_session(url, speech, VOICES[(r * n + i) % len(VOICES)], r * n + i, tally)
                               for i in range(n)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", default="1,8")
    ap.add_argument("--rounds", type=int, default=4, help="sequential sessions at concurrency 1 (one per voice)")
    ap.add_argument("--url")
    ap.add_argument("--no-wer", action="store_true")
    ap.add_argument("--sentence-model", default="minilm", help="VIVA_SENTENCE_MODEL: minilm, or none to match "
                    "questions by their words alone")
    ap.add_argument("--accurate", default="whisper", help="the server's accurate pass (VIVA_STT_ACCURATE): "
                                                           "whisper, or none for the fast pass alone")
    args = ap.parse_args()
    console.width = max(console.width, 220)
    speech = prepare()
    phases = ("clarify", "approach", "coding", "testing")
    rows, turn_rows, hearing_rows, other = [], [], [], []
    with OTLPCollector() as spans:
        ctx = contextlib.nullcontext(args.url) if args.url else serve(
            spans.endpoint, {"VIVA_STT_ACCURATE": args.accurate, "VIVA_SENTENCE_MODEL": args.sentence_model})
        with ctx as url:
            console.print(f"server {url}; collector {spans.endpoint}")
            for n in [int(x) for x in args.sessions.split(",")]:
                t0 = time.monotonic()
                tally = Tally()
                asyncio.run(round_of(url, speech, n, args.rounds if n == 1 else 1, tally))
                time.sleep(1.5)  # the exporter batches every 0.5 s
                for g in ("tune", "held-out", None):
                    name = g or "all"
                    per_phase = [f"{p(r, 50)}/{p(r, 95)} ({len(r)})" if r else "-"
                                 for r in (answered(tally, g, ph) for ph in phases)]
                    every = answered(tally, g)
                    spoken = replies(spans, tally, g)
                    rows.append((n, name, *per_phase, f"{p(every, 50)}/{p(every, 95)}",
                                 f"{max(every):.0f}" if every else "-",
                                 f"{p(spoken, 50)}/{p(spoken, 95)}/{max(spoken):.0f} ({len(spoken)})"
                                 if spoken else "-", share(sum(
                                     v for k, v in tally.cutoffs.items() if g in (None, k)),
                                     sum(v for k, v in tally.cutoff_trials.items() if g in (None, k)))))
                    gaps = [x for k, v in tally.backchannel_silence_ms.items() if g in (None, k) for x in v]
                    duck, stop = barge(spans, tally, "duck", g), barge(spans, tally, "interrupt", g)

                    def tot(what: str) -> int:
                        return sum(v for k, v in getattr(tally, what).items() if g in (None, k))

                    turn_rows.append((n, name, len(gaps), p(gaps, 50), p(gaps, 95), f"{max(gaps):.0f}" if gaps else "-",
                                      sum(1 for x in gaps if x > 300), share(tot("false_yields"), tot("backchannels")),
                                      tot("missed_onsets"), f"{p(duck, 50)}/{p(duck, 95)}",
                                      f"{p(stop, 50)}/{p(stop, 95)}",
                                      f"{tot('interrupts') - tot('interrupts_missed')}/{tot('interrupts')}",
                                      tot("unanswered")))
                    hearing_rows.append((n, name, tot("questions"), tot("misheard"), tot("asked_again"),
                                         tot("deflected"), share(tot("deflected"), tot("misheard")),
                                         tot("unanswered")))
                for g, heard in tally.unanswered_heard:
                    console.print(f"[{n} sessions] unanswered ({g}); the recognizer heard: {heard}")
                refines = {line.split('"')[1]: float(line.rsplit(" ", 1)[1]) for line in
                           httpx.get(url + "/metrics", timeout=10).text.splitlines()
                           if line.startswith("viva_stt_refine_total{")}
                console.print(f"[{n} sessions] accurate pass so far (server totals): "
                              + ", ".join(f"{k} {v:.0f}" for k, v in sorted(refines.items())))
                for g, ph, q, heard, ms in tally.slow:
                    console.print(f"[{n} sessions] slow ({g}, {ph}): {q!r} heard as {heard!r}: {ms:.0f} ms")
                for g, q, heard, reply in tally.deflected_heard:
                    console.print(f"[{n} sessions] deflected ({g}): {q!r} heard as {heard!r}; reply {reply!r}")
                tts = [s.attrs["audio.first_byte_ms"] for s in spans_of(spans, tally, "audio.tts")
                       if s.attrs["audio.first_byte_ms"] >= 0]
                asr = [s.attrs["audio.final_ms"] for s in spans_of(spans, tally, "audio.asr")]
                brain = [s.attrs["audio.total_ms"] for s in spans_of(spans, tally, "audio.llm")]
                other.append((n, p(tts, 50), p(tts, 95), p(asr, 50), p(asr, 95), p(brain, 50), p(brain, 95),
                              f"{max(brain):.0f}" if brain else "-", f"{time.monotonic() - t0:.0f}"))
    table("time to the reply of every question asked (last voiced frame sent -> agent_audio_start received), "
          "p50/p95 (count) by phase; response_ms of every reply from the server's spans; false cut-offs",
          ["sessions", "voices", *phases, "questions", "max", "every reply p50/p95/max (n)", "false cut-offs"], rows)
    table("talking over the interviewer: longest silence a backchannel leaves (ms), yields, barge-in (ms)",
          ["sessions", "voices", "backchannels", "silence p50", "p95", "max", "> 300 ms", "false yields",
           "missed onsets", "onset→duck p50/p95", "onset→stop p50/p95", "interruptions heard", "unanswered"],
          turn_rows)
    table("questions misheard (the words that reached the brain differ from those spoken) and what the reply did "
          "(target: deflects < 1 in 20 misheard, held-out)",
          ["sessions", "voices", "questions", "misheard", "asked again", "deflected", "deflected/misheard",
           "unanswered"], hearing_rows)
    table("stages (ms)", ["sessions", "tts 1st p50", "p95", "asr final p50", "p95", "brain p50", "p95", "brain max",
                          "wall s"], other)
    if not args.no_wer:
        subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "stt.py")], check=False)


if __name__ == "__main__":
    main()
