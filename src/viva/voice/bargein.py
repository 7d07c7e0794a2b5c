"""Barge-in: what the interviewer's voice does when the candidate speaks over it. One state
machine, in this one file.

    speaking ──speech onset──▶ paused ──only backchannel/noise──▶ resumed (speaking again)
        │                         └──────real words──────────▶ interrupted (turn over)
        └──playback done──▶ finished

`paused` stops sending audio at once and tells the client to stop playback (`agent_pause`);
`resumed` continues where it stopped (`agent_resume`); `interrupted` drops the rest of the turn
(`agent_interrupt`) and records only what the candidate heard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Voice(str, Enum):
    idle = "idle"  # the interviewer is not speaking
    speaking = "speaking"
    paused = "paused"
    interrupted = "interrupted"
    finished = "finished"


class Cue(str, Enum):
    start = "start"  # a new turn starts playing
    onset = "onset"  # the VAD heard speech while the interviewer spoke
    backchannel = "backchannel"  # the words in the window were only "mm-hm", "yeah", a cough, noise
    words = "words"  # real words: the candidate is taking the turn
    done = "done"  # the turn's audio has all been played


# (state, cue) -> (next state, message to the client or None)
TABLE: dict[tuple[Voice, Cue], tuple[Voice, str | None]] = {
    (Voice.idle, Cue.start): (Voice.speaking, None),
    (Voice.finished, Cue.start): (Voice.speaking, None),
    (Voice.interrupted, Cue.start): (Voice.speaking, None),
    (Voice.speaking, Cue.onset): (Voice.paused, "agent_pause"),
    (Voice.speaking, Cue.done): (Voice.finished, None),
    (Voice.paused, Cue.backchannel): (Voice.speaking, "agent_resume"),
    (Voice.paused, Cue.words): (Voice.interrupted, "agent_interrupt"),
    (Voice.paused, Cue.onset): (Voice.paused, None),
    # Words that arrive while still speaking (onset missed) interrupt directly.
    (Voice.speaking, Cue.words): (Voice.interrupted, "agent_interrupt"),
}


class IllegalCue(ValueError):
    """A cue the current state does not accept."""


BACKCHANNELS = {"mm", "mhm", "mmhm", "mm hm", "uh huh", "yeah", "yes", "yep", "okay", "ok", "right", "sure",
                "got it", "i see", "alright", "uh", "um", "hmm", "ah", "oh", "cool", "nice"}


def is_backchannel(words: str) -> bool:
    """Only acknowledgement sounds, or nothing recognisable at all (a cough, noise)."""
    text = re.sub(r"[^a-z ]", " ", words.lower())
    text = re.sub(r"\b(mm+|m+h+m+|hm+)\b", "mm", text)
    tokens = text.split()
    if not tokens:
        return True
    joined = " ".join(tokens)
    if joined in BACKCHANNELS:
        return True
    return all(t in BACKCHANNELS or f"{t}" in {"mm", "hm", "huh"} for t in tokens) and len(tokens) <= 3


@dataclass
class BargeIn:
    state: Voice = Voice.idle
    history: list[tuple[Voice, Cue, Voice]] = field(default_factory=list)

    def feed(self, cue: Cue) -> str | None:
        """Apply a cue; return the message to send the client, if any."""
        try:
            nxt, msg = TABLE[(self.state, cue)]
        except KeyError:
            raise IllegalCue(f"{cue.value} in {self.state.value}") from None
        self.history.append((self.state, cue, nxt))
        self.state = nxt
        return msg

    def can(self, cue: Cue) -> bool:
        return (self.state, cue) in TABLE

    @property
    def may_send_audio(self) -> bool:
        return self.state == Voice.speaking
