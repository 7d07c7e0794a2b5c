"""Replaying a voice session from its recorded microphone audio (`viva replay ID --audio`).

The recording's WAV files (one per connection, named with when it began) are streamed to a real
`viva serve` over a new session's WebSocket, in real time and at their recorded offsets, and the
candidate's other inputs (editor snapshots, runs, typed lines, the end) are sent at theirs. What
the current build hears and decides is then compared with the recording like any replay: speech
recognition, endpointing and turn-taking are all in play again, not just the brain.
"""

from __future__ import annotations

import asyncio
import time
import wave
from pathlib import Path

import httpx

from viva.events import Event, parse_event
from viva.sim.replay import Recording
from viva.sim.voice_client import VoiceClient

TAIL_S = 8.0  # after the last input, time for the interviewer's last reply


def _started_at(path: Path) -> float:
    stamp = path.stem.rsplit("-", 1)[-1]
    return int(stamp) / 1000 if stamp.isdigit() else 0.0


def _pcm(path: Path) -> bytes:
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, 16000):
            raise ValueError(f"{path.name}: not 16 kHz 16-bit mono")
        return w.readframes(w.getnframes())


async def replay_audio(rec: Recording, wavs: list[Path], base_url: str) -> list[Event]:
    """The events of a new session on `base_url` fed the recording's audio and inputs."""
    s0 = rec.opened_at or rec.started.ts
    timeline: list[tuple[float, str, object]] = [(_started_at(p) - s0, "audio", _pcm(p)) for p in wavs]
    for i in rec.inputs:
        if i.kind == "say" and i.source == "voice":
            continue  # heard again from the audio
        timeline.append((i.ts - s0, i.kind, i))
    timeline.sort(key=lambda x: x[0])
    base = base_url.rstrip("/")
    async with httpx.AsyncClient(timeout=30) as http:
        r = await http.post(base + "/api/sessions", json={"problem_id": rec.started.problem_id,
                                                          "language": rec.started.language, "mode": "voice"})
        r.raise_for_status()
        s = r.json()
        c = VoiceClient(base.replace("http", "ws", 1) + f"/ws/sessions/{s['session_id']}?token={s['token']}")
        await c.connect()
        t0 = time.monotonic()
        try:
            for at, kind, what in timeline:
                await asyncio.sleep(max(0.0, at - (time.monotonic() - t0)))
                if kind == "audio":
                    c.say(what)  # type: ignore[arg-type]
                    continue
                inp = what
                if kind == "say":
                    await c.send({"type": "text", "text": inp.text})  # type: ignore[attr-defined]
                elif kind == "code":
                    await c.send({"type": "code", "code": inp.text, "language": inp.language})  # type: ignore[attr-defined]
                elif kind == "run":
                    await c.send({"type": "run", "code": inp.text, "language": inp.language})  # type: ignore[attr-defined]
                elif kind == "custom_run":
                    await c.send({"type": "run", "code": inp.text, "language": inp.language,  # type: ignore[attr-defined]
                                  "input": inp.custom_input})  # type: ignore[attr-defined]
                elif kind == "end":
                    await c.speech_done.wait()
                    await c.send({"type": "end"})
            await c.speech_done.wait()
            await asyncio.sleep(TAIL_S)
        finally:
            await c.close()
        raw = (await http.get(f"{base}/api/sessions/{s['session_id']}/events",
                              headers={"Authorization": f"Bearer {s['token']}"})).json()
    return [parse_event(e) for e in raw["events"]]
