"""Running an audio persona against a real `viva serve`, over the session WebSocket, in real time.

Like a browser: the microphone streams 20 ms frames all the time (the persona's background bed
under everything, its speech when it talks, and the interviewer's own voice leaking back when the
persona file says so), interviewer audio is played and reported (`playback`). A say step waits for
the interviewer to finish, or with `cut_in` starts that many seconds into its next turn. Waits are
real, capped by `wait_cap_s` so a long silence costs minutes, not a quarter of an hour.

What went over the wire is kept for the graders (`Wire`): when the candidate's voice was in the
microphone (from the audio's own voiced samples), when the interviewer was audible at full
volume, and how long each reply took from the end of the candidate's speech.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import numpy as np

from viva.events import Event, parse_event
from viva.problems.schema import Problem
from viva.scoring.report import Report, build_report
from viva.sim.persona_run import AgentAudio, SimRun, Speech, StepTrace, Wire, neutralized
from viva.sim.persona_spec import PersonaSpec, PersonaStep, ShapeSpec, script
from viva.sim.speech import TARGET_DBFS
from viva.sim.voice_client import FRAME_BYTES, VoiceClient

REPLY_WAIT_S = 10.0  # how long a line waits for the interviewer to answer before going on
YIELD_GAIN = 0.5  # ducked at or below this, the interviewer has yielded
BED_S = 60.0


def _shape(spec: PersonaSpec, step: PersonaStep) -> Any:
    from viva.sim.shaping import Shape

    s: ShapeSpec = step.shape or spec.shape
    return Shape(tempo=s.tempo, pitch_cents=s.pitch_cents, gain_db=s.gain_db, lowpass_hz=s.lowpass_hz,
                 background="none", snr_db=s.snr_db, seed=step.index)


def speech_of(spec: PersonaSpec, step: PersonaStep) -> bytes:
    """The line as the persona says it (the background is the microphone's bed, not baked in)."""
    from viva.sim.shaping import shape, synthesize

    return shape(synthesize(step.text, spec.voice), _shape(spec, step))


def voiced_span(pcm: bytes, floor: float = 500.0) -> tuple[float, float]:
    """Seconds from the clip's start to its first and past its last voiced 20 ms frame."""
    x = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype=np.int16).astype(np.float32)
    n = len(x) // (FRAME_BYTES // 2)
    if n == 0:
        return 0.0, 0.0
    rms = np.sqrt((x[: n * (FRAME_BYTES // 2)].reshape(n, -1) ** 2).mean(axis=1))
    voiced = np.nonzero(rms > floor)[0]
    if not len(voiced):
        return 0.0, 0.0
    return float(voiced[0]) * 0.02, float(voiced[-1] + 1) * 0.02


def bed_of(spec: PersonaSpec) -> bytes | None:
    if spec.shape.background == "none":
        return None
    from viva.sim.shaping import background_bed

    bed = background_bed(spec.shape.background, BED_S, seed=len(spec.name))
    # The persona's snr says how far below its (levelled, then gained) speech the bed sits.
    x = np.frombuffer(bed, dtype=np.int16).astype(np.float32)
    have = 20 * np.log10(max(float(np.sqrt((x ** 2).mean())), 1.0) / 32768)
    want = TARGET_DBFS + spec.shape.gain_db - spec.shape.snr_db
    return (x * 10 ** ((want - have) / 20)).clip(-32768, 32767).astype(np.int16).tobytes()


def agent_audio(c: VoiceClient) -> list[AgentAudio]:
    """Each interviewer turn's full-volume spans, as the client played them."""
    out = []
    for tid, t in c.turns.items():
        if t.first_at is None:
            continue
        end = t.play_end or t.last_at or t.first_at
        a = AgentAudio(tid, t.first_at)
        loud_from: float | None = t.first_at
        for r in c.messages:
            kind = r.msg.get("type")
            if r.msg.get("turn_id") != tid or kind not in ("agent_pause", "agent_interrupt", "agent_resume",
                                                           "agent_duck"):
                continue
            loud = kind == "agent_resume" or (kind == "agent_duck" and float(r.msg["gain"]) > YIELD_GAIN)
            if not loud and a.yielded_at is None:
                a.yielded_at = r.t
            if not loud and loud_from is not None:
                a.loud.append((loud_from, min(r.t, end)))
                loud_from = None
            elif loud and loud_from is None:
                loud_from = r.t
            if kind == "agent_interrupt":
                break  # the page dropped the rest of the turn
        if loud_from is not None and end > loud_from:
            a.loud.append((loud_from, end))
        out.append(a)
    return out


class AudioRun:
    """One audio persona's session against a server at `base_url`."""

    def __init__(self, spec: PersonaSpec, problem: Problem, language: str, base_url: str,
                 wait_cap_s: float = 20.0) -> None:
        self.spec, self.problem, self.language = spec, problem, language
        self.base_url = base_url.rstrip("/")
        self.wait_cap_s = wait_cap_s
        self.wire = Wire()
        self.traces: list[StepTrace] = []
        self._began = 0.0

    async def run(self) -> SimRun:
        steps = script(self.spec, self.problem, self.language)
        lines = {i: speech_of(self.spec, s) for i, s in enumerate(steps) if s.kind == "say"}
        async with httpx.AsyncClient(timeout=30) as http:
            r = await http.post(self.base_url + "/api/sessions", json={
                "problem_id": self.problem.id, "language": self.language, "mode": "voice"})
            r.raise_for_status()
            s = r.json()
            ws = self.base_url.replace("http", "ws", 1) + f"/ws/sessions/{s['session_id']}?token={s['token']}"
            c = VoiceClient(ws, echo_db=self.spec.echo_db, background=bed_of(self.spec))
            await c.connect()
            try:
                for i, step in enumerate(steps):
                    self._began = time.time()
                    await self._step(c, i, step, lines.get(i))
                    self.traces.append(StepTrace(step, self._began, time.time()))
                    if any(m.get("type") == "session_ended" or m.get("phase") == "ended" for m in
                           (x.msg for x in c.messages[-5:])):
                        break
                await c.quiet(settle=0.5, timeout=60)
            finally:
                await c.close()
            self.wire.agent = agent_audio(c)
            head = {"Authorization": f"Bearer {s['token']}"}
            raw = (await http.get(f"{self.base_url}/api/sessions/{s['session_id']}/events", headers=head)).json()
            events: list[Event] = [parse_event(e) for e in raw["events"]]
            rep = await http.get(f"{self.base_url}/api/sessions/{s['session_id']}/report", headers=head)
            report = Report.model_validate(rep.json())
        run = SimRun(self.spec, self.problem, self.language, events, report, self.traces, self.wire,
                     session_id=s["session_id"])
        if any(t.step.inject for t in self.traces):
            run.twin = build_report(s["session_id"], neutralized(events, self.traces), self.problem)
        return run

    async def _step(self, c: VoiceClient, i: int, step: PersonaStep, pcm: bytes | None) -> None:
        if step.kind == "say" and pcm is not None:
            await self._say(c, i, step, pcm)
        elif step.kind == "code":
            await c.send({"type": "code", "code": step.text, "language": self.language})
            await asyncio.sleep(0.3)
        elif step.kind == "run":
            t = time.monotonic()
            await c.send({"type": "run", "code": step.text, "language": self.language})
            await c.wait_for(lambda m: m["type"] == "run_result", 60, after=t)
            await self._settle(c)
        elif step.kind == "wait":
            await asyncio.sleep(min(step.seconds, self.wait_cap_s))
        elif step.kind == "end":
            t = time.monotonic()
            await c.send({"type": "end"})
            await c.wait_for(lambda m: m["type"] in ("report_ready", "phase") and m.get("phase", "ended") == "ended",
                             60, after=t)

    async def _settle(self, c: VoiceClient) -> None:
        try:
            await c.quiet(settle=0.6, timeout=45)
        except TimeoutError:
            pass  # an interviewer that never stops is the graders' business, not the driver's

    async def _say(self, c: VoiceClient, i: int, step: PersonaStep, pcm: bytes) -> None:
        if step.cut_in is not None:
            await self._into_next_turn(c, step.cut_in)
        else:
            await self._settle(c)
        before = {m["turn_id"] for m in c.of("agent_audio_start")}
        self._began = time.time()  # the step starts when the candidate does, not when it began waiting
        c.say(pcm)
        await c.speech_done.wait()
        sent_at = c.speech_started_at or time.monotonic()
        lo, hi = voiced_span(pcm)
        speech = Speech(sent_at + lo, sent_at + hi, i, cut_in=step.cut_in is not None)
        self.wire.speech.append(speech)
        await asyncio.sleep(max(0.0, speech.end - time.monotonic()))
        try:
            start = await c.wait_for(lambda m: m["type"] == "agent_audio_start" and m["turn_id"] not in before,
                                     REPLY_WAIT_S, after=speech.end)
        except TimeoutError:
            return  # no reply: thinking aloud, or the interviewer's failure for the graders to find
        turn_id = start["turn_id"]
        deadline = time.monotonic() + REPLY_WAIT_S
        while time.monotonic() < deadline and (c.turns.get(turn_id) is None or c.turns[turn_id].first_at is None):
            await asyncio.sleep(0.02)
        first = c.turns[turn_id].first_at if turn_id in c.turns else None
        if first is not None:
            self.wire.responses.append((i, (first - speech.end) * 1000))

    async def _into_next_turn(self, c: VoiceClient, after_s: float) -> None:
        """Until `after_s` into the interviewer's next turn (or the one playing now)."""
        started = {m["turn_id"] for m in c.of("agent_audio_start")}
        ended = {m["turn_id"] for m in c.of("agent_audio_end")}
        playing = [t for t in started - ended if c.turns.get(t) and c.turns[t].first_at is not None]
        if playing:
            first = c.turns[playing[-1]].first_at or time.monotonic()
        else:
            try:
                m = await c.wait_for(lambda m: m["type"] == "agent_audio_start" and m["turn_id"] not in started,
                                     30, after=time.monotonic() - 0.05)
            except TimeoutError:
                return  # nothing to cut into: say it plainly
            while c.turns.get(m["turn_id"]) is None or c.turns[m["turn_id"]].first_at is None:
                await asyncio.sleep(0.01)
            first = c.turns[m["turn_id"]].first_at or time.monotonic()
        await asyncio.sleep(max(0.0, first + after_s - time.monotonic()))


def run_audio(spec: PersonaSpec, problem: Problem, language: str, base_url: str,
              wait_cap_s: float = 20.0) -> SimRun:
    return asyncio.run(AudioRun(spec, problem, language, base_url, wait_cap_s).run())
