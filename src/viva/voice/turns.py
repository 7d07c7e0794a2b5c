"""Turn-taking: who holds the floor, as one pure state machine on an injected clock.

Every cue carries its own time (`at`, monotonic seconds); the machine never reads a clock and
never sleeps, so a test feeds it a cue sequence and checks the actions it returns. The session's
voice pipeline turns listener and playout happenings into cues and carries the actions out.

States (`Floor`):

    open ──onset──▶ hearing ──offset──▶ endpointing ──deadline (tick)──▶ open  [Commit]
                       ▲                    │
                       └──────onset─────────┘  (the candidate goes on: same utterance)

    speaking ──onset──▶ overlap  [Duck]   the interviewer goes on, quieter
        │  (onset with under LAST_WORD_S of the turn left to play ──▶ hearing: they answer, no duck)
        ▲                  │ words / keyword / stop word / long speech ──▶ hearing  [Interrupt]
        └─backchannel──────┘ offset ──▶ [Commit]; its final decides: backchannel ▶ [Unduck]

    hearing|endpointing ──agent_started──▶ held [Pause]  a reply ready while they still talk:
        held ──final: backchannel──▶ speaking [Resume];  ──final: words──▶ [Interrupt]

Timing of one candidate turn (discussion, a complete question):

    voice  ████████████░░░░░░ (VAD offset after OFFSET_MS of quiet)
    partial  "is the input sorted"            ▲ offset: a question → commit at once
    reply                                         ▶ first audio ≈ offset + ASR final + brain + TTS

and while coding, thinking aloud ("so I loop over the... um"):

    voice  ████████░░░░░░░░░░░░░░░░░░░░░░░░████  the trailing "um" holds the turn HOLD_MS;
                 ▲ offset           deadline ▲ (not reached: the onset continues the utterance)

Every word list and every threshold of turn-taking lives in this file, once.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from enum import Enum

# ---- thresholds (seconds unless named _MS) ---------------------------------------------------

OFFSET_MS = 160  # quiet after the last voiced frame before the VAD calls it an offset
SHORT_ENDPOINT_S = 0.0  # a complete question or request: answer at the offset
DISCUSSION_ENDPOINT_S = 0.7  # a statement in discussion: a pause mid-sentence is not the end
THINKING_ENDPOINT_S = 1.2  # a statement while coding or testing: they are thinking aloud
HOLD_ENDPOINT_S = 1.5  # a trailing "so", "and", "um": the sentence is not finished
DUCK_GAIN = 0.2  # the interviewer's volume while someone talks over it (-14 dB)
LONG_OVERLAP_S = 1.6  # voiced this long over the interviewer takes the turn, words or not
WORDS_OVERLAP_S = 1.0  # voiced this long, with three words or more, over the interviewer takes the turn
FINAL_WAIT_S = 1.5  # an overlap that ended waits this long for its final, then the voice comes back
LAST_WORD_S = 0.3  # speech that starts with this little of the interviewer's turn left is an answer

# ---- word lists ------------------------------------------------------------------------------

BACKCHANNELS = frozenset({
    "mm", "mhm", "mmhm", "mm hm", "uh huh", "yeah", "yes", "yep", "okay", "ok", "right", "sure",
    "got it", "i see", "alright", "uh", "um", "hmm", "ah", "oh", "cool", "nice", "makes sense"})
# Words that take the turn on their own while the interviewer speaks.
STOP_WORDS = re.compile(r"\b(wait|stop|hold on|hold up|repeat that|sorry|excuse me|one second)\b")
# The keyword spotter's phrases and thresholds (pocketsphinx keyphrase search).
KEYWORDS = {"wait": 1e-10, "stop": 1e-10, "hold on": 1e-15, "repeat that": 1e-20}
# A sentence ending in one of these is not finished: the speaker holds the turn.
TRAILING = re.compile(r"\b(so|and|or|but|because|um+|uh+|er+|like|then|if|the|a|to|of|with|which|that|"
                      r"is|was|i|we|my|its|it s|let me|i think|i guess|hmm+)$")


def normal(text: str) -> str:
    text = re.sub(r"[^a-z' ]", " ", text.lower()).replace("'", " ")
    return re.sub(r"\b(mm+|m+h+m+|hm+)\b", "mm", " ".join(text.split()))


def is_backchannel(text: str) -> bool:
    """Only acknowledgement sounds, or nothing recognisable at all (a cough, noise)."""
    tokens = normal(text).split()
    if not tokens:
        return True
    if " ".join(tokens) in BACKCHANNELS:
        return True
    return len(tokens) <= 3 and all(t in BACKCHANNELS or t in ("huh", "hm") for t in tokens)


def has_stop_word(text: str) -> bool:
    return bool(STOP_WORDS.search(normal(text)))


def only_stop_words(text: str) -> bool:
    return bool(text.strip()) and not STOP_WORDS.sub("", normal(text)).strip()


FUNCTION_WORDS = frozenset("the a an and then so to of it is in on i".split())


def real_words(text: str) -> bool:
    """More than acknowledgement sounds: the candidate is taking the turn. A recognizer hearing
    "mm-hm" makes stray letters and little words of it ("then m h n", "the t"); those don't count."""
    if is_backchannel(text):
        return False
    tokens = [t for t in normal(text).split() if len(t) > 1 or t in ("i", "a")]
    content = [t for t in tokens if t not in FUNCTION_WORDS and t not in BACKCHANNELS]
    return len(tokens) >= 2 and len(content) >= 1


def takes_turn(text: str, voiced_s: float, asks: bool) -> bool:
    """Talk over the interviewer that takes the turn: a stop word; a question or request; or real
    words said at length. Anything else is a backchannel, a cough, or the recognizer guessing."""
    if has_stop_word(text):
        return True
    if not real_words(text):
        return False
    # Three words before anything counts: "are the" is how a recognizer hears "uh-huh" as often as
    # it is the start of a question, and the voice is already ducked while we wait for the third.
    words = len(normal(text).split())
    return words >= 3 and (asks or voiced_s >= WORDS_OVERLAP_S)


def trailing(text: str) -> bool:
    return bool(TRAILING.search(normal(text)))


# ---- cues ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Onset:
    at: float  # arrival of the first voiced frame


@dataclass(frozen=True)
class Offset:
    at: float  # when the VAD decided
    last_voiced_at: float


@dataclass(frozen=True)
class Partial:
    at: float
    text: str
    asks: bool = False  # the brain reads it as a question or a request
    # The last voiced frame so far: how long they have talked is read from the audio, not from
    # when the recognizer got round to it (behind under load, "mm-hm" must not become a speech).
    voiced_until: float | None = None


@dataclass(frozen=True)
class Final:
    at: float
    text: str
    asks: bool = False
    onset_at: float = 0.0
    last_voiced_at: float = 0.0


@dataclass(frozen=True)
class Keyword:
    at: float
    word: str


@dataclass(frozen=True)
class AgentStarted:
    at: float
    turn_id: str


@dataclass(frozen=True)
class AgentDone:
    at: float


@dataclass(frozen=True)
class Tick:
    at: float


@dataclass(frozen=True)
class Coding:
    """The interview entered or left the phase where the candidate works aloud (coding)."""
    at: float
    working: bool


@dataclass(frozen=True)
class Progress:
    """Playback progress: audio of the interviewer's turn still to play, or None while more is
    still being synthesized."""
    at: float
    left_s: float | None


Cue = Onset | Offset | Partial | Final | Keyword | AgentStarted | AgentDone | Tick | Coding | Progress

# ---- actions ---------------------------------------------------------------------------------


class Act(str, Enum):
    duck = "duck"  # lower the interviewer's volume (`gain`)
    unduck = "unduck"  # back to full volume
    pause = "pause"  # stop sending audio, keep the rest of the turn
    resume = "resume"
    interrupt = "interrupt"  # drop the rest of the interviewer's turn
    commit = "commit"  # the candidate's utterance is over: finish recognition
    reply = "reply"  # give the final to the brain
    show = "show"  # show the final as a backchannel; no reply
    spot_on = "spot_on"  # keyword spotting while someone talks over the interviewer
    spot_off = "spot_off"


@dataclass(frozen=True)
class Action:
    act: Act
    reason: str = ""
    gain: float = 1.0


class Floor(str, Enum):
    open = "open"  # nobody talks
    hearing = "hearing"  # the candidate talks, the interviewer is quiet
    endpointing = "endpointing"  # the candidate stopped; waiting to see if the turn is over
    speaking = "speaking"  # the interviewer talks
    overlap = "overlap"  # both talk; the interviewer is ducked
    overlap_ended = "overlap_ended"  # the talk-over stopped; its final decides
    held = "held"  # a reply is ready while the candidate talks: paused before a word


# Which cue each state takes, and where it can lead (the guards are in `TurnTaking._on_*`).
TABLE: dict[tuple[Floor, type], tuple[Floor, ...]] = {
    (Floor.open, Onset): (Floor.hearing,),
    (Floor.open, AgentStarted): (Floor.speaking,),
    (Floor.hearing, Offset): (Floor.endpointing,),
    (Floor.hearing, AgentStarted): (Floor.held,),
    (Floor.hearing, Keyword): (Floor.hearing,),
    (Floor.endpointing, Onset): (Floor.hearing,),
    (Floor.endpointing, Partial): (Floor.endpointing, Floor.open),
    (Floor.endpointing, Tick): (Floor.endpointing, Floor.open),
    (Floor.endpointing, AgentStarted): (Floor.speaking,),
    (Floor.speaking, Onset): (Floor.overlap, Floor.hearing),
    (Floor.speaking, AgentDone): (Floor.open,),
    (Floor.speaking, Keyword): (Floor.hearing,),
    (Floor.overlap, Partial): (Floor.overlap, Floor.hearing),
    (Floor.overlap, Keyword): (Floor.hearing,),
    (Floor.overlap, Tick): (Floor.overlap, Floor.hearing),
    (Floor.overlap, Offset): (Floor.overlap_ended,),
    (Floor.overlap, AgentDone): (Floor.hearing,),
    (Floor.overlap_ended, Final): (Floor.speaking, Floor.open),
    (Floor.overlap_ended, Onset): (Floor.overlap,),
    (Floor.overlap_ended, Tick): (Floor.overlap_ended, Floor.speaking),
    (Floor.overlap_ended, AgentDone): (Floor.open,),
    (Floor.held, Final): (Floor.speaking, Floor.open),
    (Floor.held, Keyword): (Floor.hearing,),
    (Floor.held, Offset): (Floor.held,),
    (Floor.held, Onset): (Floor.held,),
    (Floor.held, AgentDone): (Floor.hearing, Floor.open),
}


@dataclass
class TurnTaking:
    """The floor, one cue at a time. `feed` returns what to do, in order."""

    working: bool = False  # coding: statements are thinking aloud
    discussion_s: float = DISCUSSION_ENDPOINT_S
    thinking_s: float = THINKING_ENDPOINT_S
    final_wait_s: float = FINAL_WAIT_S
    duck_gain: float = DUCK_GAIN
    floor: Floor = Floor.open
    onset_at: float | None = None  # of the candidate's current speech
    voiced_until: float | None = None  # last voiced frame of the current utterance
    deadline: float | None = None  # endpointing: commit at this instant
    text: str = ""  # latest partial of the open utterance
    asks: bool = False
    turn_id: str | None = None  # the interviewer's turn in play
    agent_left_s: float | None = None  # of that turn's audio, still to play (None: more coming)
    # Onsets of talk that began over the interviewer: their finals are judged as talk-over even
    # when they arrive after the voice has finished (a recognizer behind under load).
    over_voice: deque[float] = field(default_factory=lambda: deque(maxlen=8))
    offset_seen_at: float | None = None
    # The latest transitions, for a log line when something goes wrong; bounded, ticks come 31 a second.
    history: deque[tuple[Floor, str, Floor]] = field(default_factory=lambda: deque(maxlen=64))

    def feed(self, cue: Cue) -> list[Action]:
        if isinstance(cue, Coding):
            self.working = cue.working
            return []
        if isinstance(cue, Progress):
            self.agent_left_s = cue.left_s
            return []
        before = self.floor
        handler = getattr(self, f"_on_{type(cue).__name__.lower()}")
        # A final or a partial is always news (the text of the utterance); other cues a state does
        # not list in TABLE change nothing (an offset while the interviewer speaks alone).
        if (before, type(cue)) not in TABLE and not isinstance(cue, (Final, Partial, Offset)):
            return []
        actions: list[Action] = handler(cue)
        self.history.append((before, type(cue).__name__, self.floor))
        return actions

    # ---- endpointing -------------------------------------------------------------------------

    def endpoint_s(self, text: str, asks: bool) -> float:
        """How long to wait after the last voiced frame before the turn is the interviewer's."""
        if text and trailing(text):
            return HOLD_ENDPOINT_S
        if asks:
            return SHORT_ENDPOINT_S
        return self.thinking_s if self.working else self.discussion_s

    def _set_deadline(self) -> None:
        if self.voiced_until is not None:
            self.deadline = self.voiced_until + self.endpoint_s(self.text, self.asks)

    def _commit(self) -> list[Action]:
        self.floor = Floor.open
        self.deadline = None
        return [Action(Act.commit, "endpoint")]

    def _ripe(self, now: float) -> bool:
        return self.deadline is not None and now >= self.deadline - 0.001  # a frame's rounding

    # ---- handlers ----------------------------------------------------------------------------

    def _on_onset(self, cue: Onset) -> list[Action]:
        if self.floor == Floor.open:
            self.floor, self.onset_at, self.text, self.asks = Floor.hearing, cue.at, "", False
            return []
        if self.floor == Floor.endpointing:
            self.floor, self.deadline = Floor.hearing, None  # they went on: the same utterance
            return []
        if self.floor == Floor.speaking and self.agent_left_s is not None and self.agent_left_s <= LAST_WORD_S:
            # Answering as the last word plays is how people take turns: no duck, it is their turn.
            self.floor, self.onset_at, self.text, self.asks = Floor.hearing, cue.at, "", False
            return []
        if self.floor == Floor.speaking:
            self.floor, self.onset_at, self.text, self.asks = Floor.overlap, cue.at, "", False
            self.over_voice.append(cue.at)
            return [Action(Act.duck, "onset", self.duck_gain), Action(Act.spot_on)]
        if self.floor == Floor.overlap_ended:
            self.floor = Floor.overlap  # more talk over the voice: still ducked
            return []
        return []

    def _on_offset(self, cue: Offset) -> list[Action]:
        self.voiced_until = cue.last_voiced_at
        if self.floor == Floor.hearing:
            self.floor = Floor.endpointing
            self._set_deadline()
            return self._commit() if self._ripe(cue.at) else []
        if self.floor == Floor.overlap:
            # The talk-over ended: finish recognition now, its final decides.
            self.floor, self.offset_seen_at = Floor.overlap_ended, cue.at
            return [Action(Act.commit, "overlap ended")]
        if self.floor == Floor.held:
            return [Action(Act.commit, "held")]
        return []

    def _on_partial(self, cue: Partial) -> list[Action]:
        self.text, self.asks = cue.text, cue.asks
        if self.floor == Floor.endpointing:
            self._set_deadline()
            return self._commit() if self._ripe(cue.at) else []
        if self.floor == Floor.overlap:
            heard_until = cue.voiced_until if cue.voiced_until is not None else cue.at
            talked = heard_until - (self.onset_at or heard_until)
            if takes_turn(cue.text, talked, cue.asks):
                return self._interrupt(f"words {cue.text!r} after {talked:.2f} s")
        return []

    def _on_keyword(self, cue: Keyword) -> list[Action]:
        if self.floor in (Floor.overlap, Floor.speaking, Floor.held):
            return self._interrupt(f"keyword {cue.word}")
        return []

    def _on_tick(self, cue: Tick) -> list[Action]:
        if self.floor == Floor.endpointing and self._ripe(cue.at):
            return self._commit()
        if self.floor == Floor.overlap and self.onset_at is not None and cue.at - self.onset_at >= LONG_OVERLAP_S:
            return self._interrupt("long speech")
        if self.floor == Floor.overlap_ended and self.offset_seen_at is not None \
                and cue.at - self.offset_seen_at >= self.final_wait_s:
            self.floor = Floor.speaking  # no final came: it was noise
            return [Action(Act.unduck, "no words"), Action(Act.spot_off)]
        return []

    def _on_final(self, cue: Final) -> list[Action]:
        text = cue.text
        if self.floor in (Floor.overlap_ended, Floor.held, Floor.overlap):
            if cue.onset_at in self.over_voice:
                self.over_voice.remove(cue.onset_at)
            if not takes_turn(text, cue.last_voiced_at - cue.onset_at, cue.asks):
                held = self.floor == Floor.held
                self.floor = Floor.speaking
                undo = Action(Act.resume, "backchannel") if held else Action(Act.unduck, "backchannel")
                return [undo, Action(Act.spot_off)] + ([Action(Act.show)] if text.strip() else [])
            acts = self._interrupt(f"final {text!r}")
            self.floor = Floor.open
            return acts + self._answer(text)
        if self.floor == Floor.open:
            self.text, self.asks = "", False
        if cue.onset_at in self.over_voice:
            self.over_voice.remove(cue.onset_at)
            if not takes_turn(text, cue.last_voiced_at - cue.onset_at, cue.asks):
                return [Action(Act.show)] if text.strip() else []  # a late backchannel: shown, not answered
        return self._answer(text)

    @staticmethod
    def _answer(text: str) -> list[Action]:
        if not text.strip():
            return []
        if only_stop_words(text):
            return [Action(Act.show, "stop word")]  # "wait" on its own takes the turn; it needs no answer
        return [Action(Act.reply)]

    def _on_agentstarted(self, cue: AgentStarted) -> list[Action]:
        self.turn_id, self.agent_left_s = cue.turn_id, None
        if self.floor in (Floor.open,):
            self.floor = Floor.speaking
            return []
        if self.floor == Floor.endpointing:
            # The interviewer takes the floor in the candidate's pause: their utterance is over.
            self.floor = Floor.speaking
            self.deadline = None
            return [Action(Act.commit, "agent took the floor")]
        if self.floor == Floor.hearing:
            self.floor = Floor.held  # they are mid-sentence: wait before the first word
            return [Action(Act.pause, "candidate talking"), Action(Act.spot_on)]
        return []

    def _on_agentdone(self, cue: AgentDone) -> list[Action]:
        self.turn_id, self.agent_left_s = None, None
        if self.floor in (Floor.speaking, Floor.overlap_ended):
            self.floor = Floor.open
        elif self.floor in (Floor.overlap, Floor.held):
            self.floor = Floor.hearing
        return [Action(Act.spot_off)]

    def _interrupt(self, reason: str) -> list[Action]:
        self.floor = Floor.hearing
        self.turn_id = None
        # The talk over the voice took the turn: its final is answered however few words the
        # recognizer makes of it ("the negative" for "can the numbers be negative" in noise).
        self.over_voice.clear()
        return [Action(Act.interrupt, reason), Action(Act.spot_off)]
