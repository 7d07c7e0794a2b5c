"""The interviewer by voice on the session WebSocket: candidate audio → VAD → STT → the brain →
sentence chunker → TTS → paced audio out, with barge-in (DESIGN §1, §7).

Everything the brain decides still goes through the `InterviewRunner`; this file adds ears and a
mouth. A spoken turn is committed only once it has been played or cut off, with the text the
candidate actually heard. Runner calls that may speak run as tasks, never inside the socket's
read loop, so audio keeps flowing in while the interviewer talks: that is what barge-in needs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Coroutine, Protocol

from prometheus_client import Counter, Histogram
from rapidfuzz.distance import Levenshtein

from viva.events import AgentUtterance
from viva.interview.phases import Phase
from viva.interview.llm import PhrasedReply
from viva.interview.understanding import ASKING, Intent, Understanding, normalize, understand
from viva.interview.runner import InterviewRunner, Speak
from viva.problems import get_problem
from viva.session.room.interview import InterviewBehaviour
from viva.session.room.messages import ClientStats, Code, End, Playback, Text
from viva.session.room.runtime import Client, Live
from viva.store.audio import SessionRecordings
from viva.telemetry import Telemetry, TurnTrace
from viva.voice.chunker import SentenceChunker
from viva.voice.engines import VoiceEngines
from viva.voice.listener import Heard, Listener
from viva.voice.playout import Playout
from viva.voice.sphinx import unknown_words
from viva.voice.stt import Transcript
from viva.voice.turns import (OFFSET_MS, Act, Action, AgentDone, AgentStarted, Coding, Cue, Final, Floor, Keyword,
                              Offset, Onset, Partial, Progress, Tick, TurnTaking)
from viva.voice.vad import VADParams, rms

log = logging.getLogger("viva.voice")

ECHO_TAIL_S = 0.4  # the room keeps echoing a little after the last frame plays
WORKING_PHASES = (Phase.coding.value,)  # thinking aloud while coding; testing talk is discussion
PEEK_MIN_S = 0.6  # shorter speech is a word or two: the fast pass reads those well enough
LONG_EXPLANATION_WORDS = 12  # an explanation this long can afford to wait for the accurate pass
AGREED_CONFIDENCE = 0.9  # both passes heard the same words
SURE = 0.6  # an accurate-pass confidence above which its words win a tie with the fast pass's


class VoiceMetrics(Protocol):
    """What the voice room records for /metrics (the app's `Metrics` has these): the latency
    histograms by name, and barge-ins by outcome."""

    voice: dict[str, Histogram]
    barge_ins: Counter
    refines: Counter


@dataclass
class VoiceTuning:
    lead_ms: int = 200
    endpoint_ms: int = 700
    coding_endpoint_ms: int = 1200
    vad_confidence: float = 0.5
    backchannel_window_ms: int = 1500
    echo_margin_db: float = 14.0
    accurate_wait_ms: int = 1200
    duck_db: float = -14.0
    record_audio_to: Path | None = None  # the data dir, when the operator records microphone audio

    @classmethod
    def from_settings(cls, s: Any) -> "VoiceTuning":
        return cls(s.voice_lead_ms, s.voice_endpoint_ms, s.voice_coding_endpoint_ms, s.voice_vad_confidence,
                   s.voice_backchannel_window_ms, s.voice_echo_margin_db, s.stt_accurate_wait_ms,
                   duck_db=s.voice_duck_db, record_audio_to=s.data_dir if s.record_audio else None)

    def machine(self) -> TurnTaking:
        return TurnTaking(discussion_s=self.endpoint_ms / 1000, thinking_s=self.coding_endpoint_ms / 1000,
                          final_wait_s=self.backchannel_window_ms / 1000, duck_gain=10 ** (self.duck_db / 20))


@dataclass(frozen=True)
class Peeked:
    """The accurate pass's look at an utterance at a pause in it: running, or done."""

    utterance_id: str
    last_voiced_at: float  # the utterance's last voiced frame when the look was taken
    task: "asyncio.Task[tuple[str, Transcript | None]]"


@dataclass
class VoiceSession:
    """One live session's ears and mouth. Who holds the floor is `turns`' decision alone; this
    class feeds it what the listener and the playout report and carries out what it says."""

    live: Live
    owner: "VoiceBehaviour"
    turns: TurnTaking
    listener: Listener | None = None
    playout: Playout | None = None
    echo_rms: float = 0.0
    echo_until: float = 0.0
    pending: TurnTrace | None = None  # the utterance the next spoken turn answers
    pending_heard: Heard | None = None
    onset_at: float | None = None
    last_turn_id: str | None = None
    tasks: set[asyncio.Task] = field(default_factory=set)
    peeked: "Peeked | None" = None  # the accurate pass's last look at a pause
    recordings: SessionRecordings | None = None  # VIVA_RECORD_AUDIO: the microphone, as received
    _asked: tuple[str, bool] = ("", False)

    # ---- ListenerEvents: cues in -----------------------------------------------------------------

    def on_onset(self, onset_at: float) -> None:
        self.onset_at = onset_at
        self._do(self.turns.feed(Onset(onset_at)))

    def on_offset(self, last_voiced_at: float, now: float) -> None:
        current = self.listener.current_audio() if self.listener is not None else None
        actions = self.turns.feed(Offset(now, last_voiced_at))
        if any(a.act == Act.commit for a in actions):
            # A question ends the turn here: its accurate pass starts now, not when the fast
            # pass's final arrives (80-200 ms later), and the reply reuses it.
            self._look(current, last_voiced_at, ask=False)
        elif self.turns.floor == Floor.endpointing:
            self._look(current, last_voiced_at, ask=True)
        self._do(actions)

    # ---- a look by the accurate pass at the pause ------------------------------------------------

    def _look(self, current: tuple[str, bytes] | None, last_voiced_at: float, ask: bool) -> None:
        """A pause that waits (a statement: 0.7 s, 1.2 s while coding; words that end as if
        unfinished: 1.5 s, as "could you repeat the", misheard from "could you repeat that please")
        is heard by the accurate pass in a third of that: if the words ask something (`ask`), the
        turn ends now. Its transcript is reused when they say nothing more."""
        if self.owner.engines.refiner is None or current is None or len(current[1]) < PEEK_MIN_S * 32000:
            return
        uid, audio = current
        # A look at a pause that may go on is a guess: it takes a free worker or none. A finished
        # question's is the utterance's own accurate pass, and queues like one.
        task = self._accurate(audio, queue=not ask, skipped_as="look_" if ask else "")
        self.peeked = Peeked(uid, last_voiced_at, task)
        if ask:
            self.spawn(self._ends_turn_if_asked(task, uid, last_voiced_at))

    async def _ends_turn_if_asked(self, task: "asyncio.Task[tuple[str, Transcript | None]]", uid: str,
                                  last_voiced_at: float) -> None:
        _, result = await task
        lst = self.listener
        current = lst.current_audio() if lst is not None else None
        still = (result is not None and self.turns.floor == Floor.endpointing and current is not None
                 and current[0] == uid and lst is not None and lst.last_voiced_at == last_voiced_at)
        if still and result is not None and self._asks(result.text):
            self.owner.metrics.refines.labels("asked").inc()
            self._do(self.turns.feed(Partial(time.monotonic(), result.text, True, last_voiced_at)))

    def _accurate(self, audio: bytes, queue: bool = True,
                  skipped_as: str = "") -> "asyncio.Task[tuple[str, Transcript | None]]":
        """The accurate pass on `audio`, timed or counted once, however many wait on it."""
        refiner = self.owner.engines.refiner
        assert refiner is not None
        started = time.monotonic()

        async def run() -> tuple[str, Transcript | None]:
            outcome, result = await refiner.refine(audio, self.owner.prompt(self.live), queue=queue)
            if result is None:
                self.owner.metrics.refines.labels(skipped_as + outcome).inc()
            else:
                self.owner.metrics.voice["stt_refine_ms"].observe((time.monotonic() - started) * 1000)
            return outcome, result

        return asyncio.get_running_loop().create_task(run())

    def on_frame(self, now: float) -> None:
        working = self.live.state.phase in WORKING_PHASES
        if working != self.turns.working:
            self.turns.feed(Coding(now, working))
        if self.playout is not None:
            self.turns.feed(Progress(now, self.playout.left_s()))
        self._do(self.turns.feed(Tick(now)))

    def on_partial(self, utterance_id: str, text: str, keyword: str | None) -> None:
        now = time.monotonic()
        if text:
            self.live.broadcast({"type": "transcript", "text": text, "final": False, "utterance_id": utterance_id})
        if keyword:
            self._do(self.turns.feed(Keyword(now, keyword)))
        voiced = self.listener.last_voiced_at if self.listener is not None else now
        self._do(self.turns.feed(Partial(now, text, self._asks(text), voiced)))

    def on_final(self, heard: Heard) -> None:
        m = self.owner.metrics.voice
        m["asr_final_ms"].observe((heard.final_at - heard.ended_at) * 1000)
        if heard.first_partial_at is not None:
            m["asr_first_partial_ms"].observe((heard.first_partial_at - heard.onset_at) * 1000)
        if heard.keyword:
            self._do(self.turns.feed(Keyword(heard.final_at, heard.keyword)))
        actions = self.turns.feed(Final(heard.final_at, heard.text, self._asks(heard.text), heard.onset_at,
                                        heard.last_voiced_at))
        self._do(actions, heard)
        if not heard.text and heard.last_partial:  # the partials shown were noise: take them back
            self.live.broadcast({"type": "transcript", "text": "", "final": True,
                                 "utterance_id": heard.utterance_id, "source": "voice"})

    def _asks(self, text: str) -> bool:
        """The brain reads it as a question or a request ("is it sorted?", "a hint please")."""
        if len(text.split()) < 2:
            return False
        if self._asked[0] == text:
            return self._asked[1]
        try:
            u = understand(text, get_problem(self.live.state.problem_id or ""), meaning=False)
            asks = u.intent in ASKING
        except Exception:  # noqa: BLE001 - no problem, no understanding: not a question
            asks = False
        self._asked = (text, asks)
        return asks

    # ---- actions out -----------------------------------------------------------------------------

    def feed(self, cue: Cue) -> None:
        """A cue from the mouth's side (a turn started or ended), carried out at once."""
        self._do(self.turns.feed(cue))

    def _do(self, actions: list[Action], heard: Heard | None = None) -> None:
        for a in actions:
            p, lst = self.playout, self.listener
            if a.act == Act.duck and p is not None and p.duck(a.gain):
                self._yielded(p, "duck")
            elif a.act == Act.unduck and p is not None and p.duck(1.0):
                self.owner.metrics.barge_ins.labels(f"resumed_{a.reason.replace(' ', '_')}").inc()
            elif a.act == Act.pause and p is not None:
                p.pause()
            elif a.act == Act.resume and p is not None and p.resume():
                self.owner.metrics.barge_ins.labels("resumed_backchannel").inc()
            elif a.act == Act.interrupt and p is not None and p.interrupt():
                self._interrupted(p, a.reason)
            elif a.act == Act.commit and lst is not None:
                lst.commit()
            elif a.act == Act.spot_on and lst is not None:
                lst.spot_keywords(True)
            elif a.act == Act.spot_off and lst is not None:
                lst.spot_keywords(False)
            elif a.act == Act.show and heard is not None:
                self.live.broadcast({"type": "transcript", "text": heard.text, "final": True,
                                     "utterance_id": heard.utterance_id, "source": "voice",
                                     "backchannel": a.reason != "stop word"})
            elif a.act == Act.reply and heard is not None:
                self._reply(heard)

    def _yielded(self, p: Playout, how: str) -> None:
        """The voice got out of the way of the candidate: `barge_in_ms` (DESIGN §7)."""
        now = time.monotonic()
        onset = self.onset_at or now
        self.owner.metrics.voice["barge_in_ms"].observe((now - onset) * 1000)
        trace = TurnTrace(self.live.session_id, p.turn_id, onset)
        trace.stage("barge_in", onset, now, first_byte=now, position_ms=round(p.played_s() * 1000), how=how)
        trace.export(self.owner.telemetry, now, first_byte=now)

    def _interrupted(self, p: Playout, why: str) -> None:
        now = time.monotonic()
        self.owner.metrics.barge_ins.labels("interrupted").inc()
        if self.onset_at is not None and why not in ("typed", "nobody listening"):
            self.owner.metrics.voice["interrupt_ms"].observe((now - self.onset_at) * 1000)
            trace = TurnTrace(self.live.session_id, p.turn_id, self.onset_at)
            trace.stage("barge_in", self.onset_at, now, first_byte=now, position_ms=round(p.played_s() * 1000),
                        how="interrupt", why=why)
            trace.export(self.owner.telemetry, now, first_byte=now)
        log.info("session %s: interrupted turn %s (%s)", self.live.session_id, p.turn_id, why)

    def _refine(self, heard: Heard) -> asyncio.Task[tuple[str, Transcript | None]] | None:
        """Start the accurate pass on this utterance, beside everything else (or reuse its look at
        the pause, running or done, when nothing but silence came after it)."""
        if self.owner.engines.refiner is None or not heard.audio:
            return None
        peek = self.peeked
        if peek is not None and (peek.utterance_id, peek.last_voiced_at) == (heard.utterance_id, heard.last_voiced_at) \
                and not (peek.task.done() and peek.task.result()[1] is None):
            return peek.task  # nothing but silence came after (and the look was not skipped)
        return self._accurate(heard.audio)

    def _reply(self, heard: Heard) -> None:
        trace = TurnTrace(self.live.session_id, "", heard.onset_at)
        trace.stage("asr", heard.onset_at, heard.final_at, first_byte=heard.first_partial_at,
                    revision=heard.revision, endpoint_ms=round((heard.ended_at - heard.last_voiced_at) * 1000),
                    final_ms=round((heard.final_at - heard.ended_at) * 1000, 2))
        trace.attrs["audio.phase"] = self.live.state.phase
        trace.attrs["audio.asks"] = self._asks(heard.text)
        self.pending, self.pending_heard = trace, heard
        self.spawn(self.owner.utter_heard(self.live, heard, self._refine(heard)))

    def interrupt(self, why: str) -> None:
        """Typing over the interviewer takes the turn, as speaking over it would."""
        p = self.playout
        if p is not None and p.interrupt():
            self._interrupted(p, why)

    # ---- echo ----------------------------------------------------------------------------------

    def echo_level(self) -> float:
        if self.playout is not None and self.playout.playing:
            return self.echo_rms * self.playout.gain  # a ducked voice leaks back quieter
        return self.echo_rms if time.monotonic() < self.echo_until else 0.0

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("session %s: voice task failed", self.live.session_id, exc_info=task.exception())


class VoiceBehaviour(InterviewBehaviour):
    def __init__(self, *args: Any, engines: VoiceEngines, metrics: VoiceMetrics, telemetry: Telemetry,
                 tuning: VoiceTuning | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.engines = engines
        self.metrics = metrics
        self.telemetry = telemetry
        self.tuning = tuning or VoiceTuning()

    def voice(self, live: Live) -> VoiceSession:
        vs = live.runtime.voice
        if vs is None:
            vs = live.runtime.voice = VoiceSession(live, self, self.tuning.machine())
        return vs

    def _listener(self, live: Live) -> Listener:
        vs = self.voice(live)
        if vs.listener is None or vs.listener.closed:
            t = self.tuning
            problem = get_problem(live.state.problem_id or "")
            vocab = " ".join([problem.title, problem.statement] + [a.name for a in problem.approaches]).split()
            vs.listener = Listener(self.engines.stt, vs, VADParams(confidence=t.vad_confidence, stop_ms=OFFSET_MS),
                                   vocabulary=[w.strip(".,;:()`'\"") for w in vocab],
                                   echo_margin_db=t.echo_margin_db, echo_level=vs.echo_level)
        return vs.listener

    # ---- the mouth -----------------------------------------------------------------------------

    def speaker(self, live: Live) -> Speak:
        async def speak(e: AgentUtterance, reply: PhrasedReply | None) -> AgentUtterance:
            if live.state.mode != "voice" or not live.listening:
                return await reply.collect() if reply is not None else e
            return await self._speak(live, e, reply)
        return speak

    async def _speak(self, live: Live, e: AgentUtterance, reply: PhrasedReply | None) -> AgentUtterance:
        vs = self.voice(live)
        decided = time.monotonic()
        sentences: list[str] | AsyncIterator[str]
        if reply is not None:
            sentences = reply.sentences()  # spoken as the model's sentences complete
        else:
            chunker = SentenceChunker()
            sentences = chunker.aggregate(e.text) + chunker.flush()
            if not sentences:
                return e
        trace, heard = vs.pending, vs.pending_heard
        vs.pending = vs.pending_heard = None
        if trace is None:
            trace = TurnTrace(live.session_id, e.turn_id, decided)
        trace.turn_id = e.turn_id

        def send_audio(pcm: bytes) -> None:
            live.send_audio(pcm)

        async def synth(sentence: str) -> bytes:
            pcm = await self.engines.synthesize(sentence, live.state.voice, live.state.speech_rate or 1.0)
            level = rms(pcm, above=300)
            vs.echo_rms = max(vs.echo_rms, level) if vs.playout is not None and vs.playout.playing else level
            return pcm

        playout = Playout(e.turn_id, self.engines.sample_rate, synth, send_audio, live.broadcast,
                          lead_ms=self.tuning.lead_ms)
        vs.playout = playout
        vs.last_turn_id = e.turn_id
        live.runtime.voiced.add(e.turn_id)
        vs.feed(AgentStarted(time.monotonic(), e.turn_id))
        try:
            result = await playout.run(sentences)
        finally:
            vs.playout = None
            vs.echo_until = time.monotonic() + ECHO_TAIL_S
            vs.feed(AgentDone(time.monotonic()))
        end = time.monotonic()
        m = self.metrics.voice
        if heard is not None:
            self._llm_stage(trace, heard.final_at, decided, reply)
        if reply is not None:
            e = reply.utterance()
        if result.tts_first_byte_at is not None:
            m["tts_first_byte_ms"].observe((result.tts_first_byte_at - result.tts_requested_at) * 1000)
        trace.stage("tts", result.tts_requested_at, end, first_byte=result.tts_first_byte_at,
                    max_gap_ms=round(result.tts_max_gap_ms, 2), audio_ms=round(result.total_ms),
                    played_ms=round(result.spoken_ms), interrupted=result.interrupted)
        response_ms = None
        if heard is not None and result.first_audio_at is not None:
            response_ms = (result.first_audio_at - heard.last_voiced_at) * 1000
            m["response_ms"].observe(response_ms)
            trace.attrs["audio.response_ms"] = round(response_ms, 2)
        trace.attrs["audio.interrupted"] = result.interrupted
        trace.export(self.telemetry, end, first_byte=result.first_audio_at)
        if result.interrupted:
            return e.model_copy(update={"heard_text": result.heard_text, "interrupted": True})
        return e

    def _llm_stage(self, trace: TurnTrace, start: float, decided: float, reply: PhrasedReply | None) -> None:
        """The brain's stage: the rules' decision, and with an LLM its first token (DESIGN §7)."""
        if reply is None or reply.requested_at is None:
            trace.stage("llm", start, decided, first_byte=decided, model="rules")
            return
        first = reply.first_token_at
        if first is not None:
            ms = (first - reply.requested_at) * 1000
            self.metrics.voice["llm_first_token_ms"].observe(ms)
            trace.attrs["audio.llm_first_token_ms"] = round(ms, 2)
        trace.stage("llm", start, first if first is not None else decided, first_byte=first,
                    model=self.llm.model if self.llm else "llm", fell_back=reply.fell_back,
                    first_token_ms=round((first - reply.requested_at) * 1000, 2) if first is not None else -1)

    # ---- SessionBehaviour ----------------------------------------------------------------------

    async def _maybe_spoken(self, live: Live, coro: Coroutine[Any, Any, Any]) -> None:
        """Whatever may make the interviewer speak runs beside the read loop, which must keep
        taking audio (barge-in); with nobody listening it runs inline, as a text interview does."""
        if live.state.mode == "voice" and live.listening:
            self.voice(live).spawn(coro)
        else:
            await coro

    async def on_connect(self, live: Live, conn: Client, resumed: bool) -> None:
        await self._maybe_spoken(live, super().on_connect(live, conn, resumed))

    async def on_text(self, live: Live, msg: Text) -> None:
        self._interrupt_for_text(live)
        await self._maybe_spoken(live, super().on_text(live, msg))

    async def on_code(self, live: Live, msg: Code) -> None:
        # Waits for the interviewer's turn lock: never in the read loop while it speaks.
        await self._maybe_spoken(live, super().on_code(live, msg))

    async def on_end(self, live: Live, msg: End) -> None:
        self._interrupt_for_text(live)
        await self._maybe_spoken(live, super().on_end(live, msg))

    def _interrupt_for_text(self, live: Live) -> None:
        self.voice(live).interrupt("typed")

    def prompt(self, live: Live) -> str:
        """Words this interview is likely to use, for the accurate pass."""
        try:
            problem = get_problem(live.state.problem_id or "")
        except Exception:  # noqa: BLE001 - no problem: the generic interview words only
            return ""
        return " ".join([problem.title + ".", *(a.name for a in problem.approaches)])

    async def utter_heard(self, live: Live, heard: Heard,
                          refining: asyncio.Task[tuple[str, Transcript | None]] | None = None) -> None:
        """The candidate's turn, for the brain. When the fast pass was not understood, or heard a
        long explanation, the reply waits a little for the accurate pass (README: the waiting rule)."""
        r = await self.runner(live)
        text, extra = heard.text, {}
        if refining is not None:
            wait = self.tuning.accurate_wait_ms / 1000 if self._worth_waiting(live, heard.text) else 0.0
            refiner = self.engines.refiner
            if wait > 0 and not refining.done() and refiner is not None and refiner.expected_s() > wait:
                # Backlogged (many sessions on few cores): the words would come after the bound
                # anyway. Answer now; a late revision still corrects course (brain.revise).
                wait = 0.0
            if wait > 0 and not refining.done():
                t0 = time.monotonic()
                await asyncio.wait({refining}, timeout=wait)
                log.info("session %s: the reply to %r waited %.0f ms for the accurate pass", live.session_id,
                         heard.text, (time.monotonic() - t0) * 1000)
            if refining.done():
                text, extra = self._take_refined(live, heard, refining.result()[1])
        try:
            await r.utter(text, self.clock(live).now(), source="voice", utterance_id=heard.utterance_id,
                          last_partial=heard.last_partial, revision=heard.revision, started_at=_wall(heard.onset_at),
                          ended_at=_wall(heard.last_voiced_at), **extra)
        finally:
            vs = self.voice(live)
            if vs.pending_heard is heard:
                # No spoken reply (thinking aloud gets none): the next turn, a run result or a
                # nudge, does not answer this utterance and must not be timed as if it did.
                vs.pending = vs.pending_heard = None
        if refining is not None and not extra:
            await self._revise_late(live, r, heard, refining)

    def _worth_waiting(self, live: Live, fast_text: str) -> bool:
        """Measured rule (README): a question the fast pass understood is answered at once; words
        it did not understand, or a long explanation outside coding, wait for the accurate pass."""
        try:
            u = understand(fast_text, get_problem(live.state.problem_id or ""), live.state.phase.value)
        except Exception:  # noqa: BLE001 - no problem: nothing to understand, so nothing to wait for
            return False
        if u.intent == Intent.off_topic or u.vague_question:
            return True  # not understood: a wrong answer, or "say that again", costs more than the wait
        if u.intent in ASKING:
            return False
        return len(u.text.split()) >= LONG_EXPLANATION_WORDS and live.state.phase.value not in WORKING_PHASES

    def _accurate_is_better(self, live: Live, fast: str, accurate: Transcript) -> bool:
        """When the passes disagree, the words the interview can make more sense of win. On a tie,
        the accurate pass's when it is sure of them and they are all English words (it makes a
        third to a fifth of the fast pass's word errors, but invents words the fast pass's
        dictionary cannot: "can the deraille be empty"), and otherwise the words already answered."""
        try:
            problem = get_problem(live.state.problem_id or "")
        except Exception:  # noqa: BLE001 - nothing to understand against
            return True
        phase = live.state.phase.value
        a = understood_score(understand(accurate.text, problem, phase))
        f = understood_score(understand(fast, problem, phase))
        return a > f or (a == f and accurate.confidence >= SURE and not unknown_words(accurate.text))

    def _weigh(self, live: Live, heard: Heard, result: Transcript, late: bool) -> str:
        """What the accurate words are worth against the fast pass's: "agreed" (the same words),
        "kept" (the fast pass's make more sense) or "better". Counted, and a disagreement logged."""
        if not _differs(heard.text, result.text):
            self.metrics.refines.labels("agreed").inc()  # heard well, whatever either engine's own score
            return "agreed"
        better = self._accurate_is_better(live, heard.text, result)
        log.info("session %s: accurate pass %s %r for %r (confidence %.2f)", live.session_id,
                 ("revises late to" if late else "revises to") if better else "heard", result.text, heard.text,
                 result.confidence)
        self.metrics.refines.labels(("late" if late else "revised") if better else "kept").inc()
        return "better" if better else "kept"

    def _take_refined(self, live: Live, heard: Heard, result: Transcript | None) -> tuple[str, dict[str, Any]]:
        """The text the brain reads, and what the event records of how it was heard."""
        if result is None:
            return heard.text, {}
        verdict = self._weigh(live, heard, result, late=False)
        if verdict == "agreed":
            return heard.text, {"confidence": max(result.confidence, AGREED_CONFIDENCE)}
        # Two recognizers that heard different words: neither is sure of them, whatever its own
        # score says (a confident Whisper still mishears unfamiliar voices). The brain asks to hear
        # words it could not understand again when they were not heard surely (brain._misheard).
        sure = min(result.confidence, agreement(heard.text, result.text))
        if verdict == "kept":
            return heard.text, {"confidence": sure}
        return result.text, {"fast_text": heard.text, "heard_by": result.engine, "confidence": sure}

    async def _revise_late(self, live: Live, r: InterviewRunner, heard: Heard,
                           refining: asyncio.Task[tuple[str, Transcript | None]]) -> None:
        """The accurate pass came after the reply: the record takes its words, and the brain
        corrects course if they change what the candidate needed."""
        _, result = await refining
        if result is not None and self._weigh(live, heard, result, late=True) == "better":
            await r.revise(heard.utterance_id, result.text, result.engine, result.confidence,
                           self.clock(live).now())

    async def on_audio(self, live: Live, conn: Client, pcm: bytes) -> None:
        if self.tuning.record_audio_to is not None:
            vs = self.voice(live)
            if vs.recordings is None:
                vs.recordings = SessionRecordings(self.tuning.record_audio_to, live.session_id)
            vs.recordings.write(conn, pcm)
        if live.state.ended:
            return
        self._listener(live).feed(pcm)

    async def on_playback(self, live: Live, msg: Playback) -> None:
        p = self.voice(live).playout
        if p is not None and p.turn_id == msg.turn_id and msg.state == "ended":
            p.client_played(msg.played_ms)

    async def on_client_stats(self, live: Live, msg: ClientStats) -> None:
        vs = self.voice(live)
        now = time.monotonic()
        trace = TurnTrace(live.session_id, vs.last_turn_id or "", now)
        trace.stage("client", now, now, first_byte=None, jitter_ms=msg.jitter_ms, buffer_ms=msg.buffer_ms)
        trace.export(self.telemetry, now)

    async def on_disconnect(self, live: Live, conn: Client) -> None:
        vs = self.voice(live)
        if vs.recordings is not None:
            vs.recordings.close(conn)
        if not live.listening:
            vs.interrupt("nobody listening")  # keep only what was played
        if not live.connections and vs.listener is not None:
            await vs.listener.close()
            vs.listener = None


def understood_score(u: Understanding) -> float:
    """How much sense the interview makes of an utterance: 0 (nothing) to 100 (a known question
    or request, matched closely)."""
    if u.intent == Intent.clarifying_question:
        return u.clarification_score
    if u.intent in ASKING:
        return 100.0
    return 0.0 if u.intent == Intent.off_topic else 60.0


def agreement(fast: str, accurate: str) -> float:
    """1 minus the word error rate between the two passes' words: 1.0 when they agree, 0 when no
    word lines up."""
    a, b = normalize(fast).split(), normalize(accurate).split()
    if not a or not b:
        return 0.0 if a or b else 1.0
    return max(0.0, 1.0 - Levenshtein.distance(a, b) / max(len(a), len(b)))


def _differs(fast: str, accurate: str) -> bool:
    """The two passes heard different words (case, punctuation and spelling of numbers aside)."""
    return normalize(fast).split() != normalize(accurate).split()


def _wall(mono: float) -> float:
    return time.time() - (time.monotonic() - mono)
