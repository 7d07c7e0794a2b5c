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
import re
import time
from dataclasses import dataclass, field
from typing import Any, Coroutine

from viva.events import AgentUtterance
from viva.interview.phases import Phase
from viva.interview.understanding import Intent, understand
from viva.interview.runner import Speak
from viva.problems import get_problem
from viva.server.interview import InterviewBehaviour
from viva.server.live import Connection, LiveSession
from viva.server.metrics import Metrics
from viva.server.protocol import ClientStats, Code, End, Playback, Text
from viva.telemetry import Telemetry, TurnTrace
from viva.voice.bargein import is_backchannel
from viva.voice.chunker import SentenceChunker
from viva.voice.engines import VoiceEngines
from viva.voice.listener import Heard, Listener
from viva.voice.playout import Playout
from viva.voice.vad import VADParams, rms

log = logging.getLogger("viva.voice")

ECHO_TAIL_S = 0.4  # the room keeps echoing a little after the last frame plays
# Speech over the interviewer this short is a backchannel or a cough, whatever the recognizer
# made of it: "mm-hm" comes out as two arbitrary words. Longer speech with words takes the turn.
BACKCHANNEL_MAX_S = 0.8
TAKES_THE_TURN = {Intent.clarifying_question, Intent.hint_request, Intent.repeat, Intent.stuck,
                  Intent.answer_request, Intent.run_question}
LONG_SPEECH_S = 1.1  # talking this long over the interviewer, with words, takes the turn at once
STOP_WORDS = re.compile(r"\b(wait|stop|hold on|hold up|repeat that|sorry)\b")


@dataclass
class VoiceTuning:
    lead_ms: int = 200
    endpoint_ms: int = 256
    coding_endpoint_ms: int = 1200
    vad_confidence: float = 0.5
    backchannel_window_ms: int = 1200
    echo_margin_db: float = 14.0

    @classmethod
    def from_settings(cls, s: Any) -> "VoiceTuning":
        return cls(s.voice_lead_ms, s.voice_endpoint_ms, s.voice_coding_endpoint_ms, s.voice_vad_confidence,
                   s.voice_backchannel_window_ms, s.voice_echo_margin_db)


@dataclass
class VoiceSession:
    """One live session's ears and mouth."""

    live: LiveSession
    owner: "VoiceBehaviour"
    listener: Listener | None = None
    playout: Playout | None = None
    echo_rms: float = 0.0
    echo_until: float = 0.0
    pending: TurnTrace | None = None  # the utterance the next spoken turn answers
    pending_heard: Heard | None = None
    window: asyncio.TimerHandle | None = None
    onset_at: float | None = None
    last_turn_id: str | None = None
    tasks: set[asyncio.Task] = field(default_factory=set)

    # ---- ListenerEvents ------------------------------------------------------------------------

    def on_onset(self, onset_at: float) -> None:
        p = self.playout
        if p is None or not p.pause():
            return
        self._paused(p, onset_at)

    def _paused(self, p: Playout, onset_at: float) -> None:
        now = time.monotonic()
        ms = (now - onset_at) * 1000
        self.onset_at = onset_at
        self.owner.metrics.voice["barge_in_ms"].observe(ms)
        if self.listener is not None:
            self.listener.spot_keywords = True
        trace = TurnTrace(self.live.session_id, p.turn_id, onset_at)
        trace.stage("barge_in", onset_at, now, first_byte=now, position_ms=round(p.played_s() * 1000))
        trace.export(self.owner.telemetry, now, first_byte=now)
        loop = asyncio.get_running_loop()
        self.window = loop.call_later(self.owner.tuning.backchannel_window_ms / 1000, self._window_over)

    def on_partial(self, utterance_id: str, text: str, keyword: str | None) -> None:
        if text:
            self.live.broadcast({"type": "transcript", "text": text, "final": False, "utterance_id": utterance_id})
        p = self.playout
        if p is None or p.state.value != "paused":
            return
        # How long they have been talking, by the audio (not the clock: a recognizer running
        # behind under load must not turn "mm-hm" into a long speech).
        last = self.listener.last_voiced_at if self.listener is not None else time.monotonic()
        talked = last - (self.onset_at or last)
        if keyword or _stop_words(text):
            self._interrupt("keyword")
        elif talked > LONG_SPEECH_S and _real_words(text):
            self._interrupt("words")

    def on_final(self, heard: Heard) -> None:
        p = self.playout
        if p is not None and p.state.value == "paused":
            short = heard.last_voiced_at - heard.onset_at <= BACKCHANNEL_MAX_S
            if heard.keyword or _stop_words(heard.text) or (
                    _real_words(heard.text) and (not short or self._asks(heard.text))):
                self._interrupt("words")
            else:
                self._resume("backchannel" if heard.text else "noise")
                if heard.text:
                    self.live.broadcast({"type": "transcript", "text": heard.text, "final": True,
                                         "utterance_id": heard.utterance_id, "backchannel": True})
                return
        if p is not None and p.playing and p.started_at is not None and p.started_at > heard.onset_at \
                and _real_words(heard.text):
            # The reply began while the candidate was still talking (it answered the first half of
            # a sentence with a pause in it): they were not done, so it yields to the whole thought.
            self._interrupt("still_talking")
        if self.listener is not None:
            self.listener.spot_keywords = False
        m = self.owner.metrics.voice
        m["asr_final_ms"].observe((heard.final_at - heard.ended_at) * 1000)
        if heard.first_partial_at is not None:
            m["asr_first_partial_ms"].observe((heard.first_partial_at - heard.onset_at) * 1000)
        if not heard.text:
            if heard.last_partial:  # the partials shown were noise: take them back
                self.live.broadcast({"type": "transcript", "text": "", "final": True,
                                     "utterance_id": heard.utterance_id, "source": "voice"})
            return
        if STOP_WORDS.sub("", heard.text).strip() == "":
            # "Wait," on its own took the turn; what follows it is what gets an answer.
            self.live.broadcast({"type": "transcript", "text": heard.text, "final": True,
                                 "utterance_id": heard.utterance_id, "source": "voice"})
            return
        trace = TurnTrace(self.live.session_id, "", heard.onset_at)
        trace.stage("asr", heard.onset_at, heard.final_at, first_byte=heard.first_partial_at,
                    revision=heard.revision, endpoint_ms=round((heard.ended_at - heard.last_voiced_at) * 1000),
                    final_ms=round((heard.final_at - heard.ended_at) * 1000, 2))
        self.pending, self.pending_heard = trace, heard
        self.spawn(self.owner.utter_heard(self.live, heard))

    def _asks(self, text: str) -> bool:
        """A short utterance that the brain understands as a question or a request ("is it
        sorted?", "a hint please") takes the turn; misheard backchannels understand as nothing."""
        try:
            u = understand(text, get_problem(self.live.state.problem_id or ""))
        except Exception:  # noqa: BLE001 - no problem, no understanding: treat as a backchannel
            return False
        return u.intent in TAKES_THE_TURN

    # ---- barge-in outcomes ---------------------------------------------------------------------

    def _window_over(self) -> None:
        p = self.playout
        if p is None or p.state.value != "paused":
            return
        if self.listener is not None and self.listener.speaking:
            # Still talking with no recognisable words yet: give it one more window, then yield.
            self.window = asyncio.get_running_loop().call_later(
                self.owner.tuning.backchannel_window_ms / 1000, lambda: self._interrupt("long_speech"))
            return
        self._resume("noise")

    def _cancel_window(self) -> None:
        if self.window is not None:
            self.window.cancel()
            self.window = None

    def _interrupt(self, why: str) -> None:
        self._cancel_window()
        p = self.playout
        if p is not None and p.interrupt():
            self.owner.metrics.barge_ins.labels("interrupted").inc()
            log.info("session %s: interrupted turn %s (%s)", self.live.session_id, p.turn_id, why)

    def _resume(self, why: str) -> None:
        self._cancel_window()
        p = self.playout
        if p is not None and p.resume():
            self.owner.metrics.barge_ins.labels(f"resumed_{why}").inc()
        if self.listener is not None:
            self.listener.spot_keywords = False

    # ---- echo ----------------------------------------------------------------------------------

    def echo_level(self) -> float:
        if self.playout is not None and self.playout.playing:
            return self.echo_rms
        return self.echo_rms if time.monotonic() < self.echo_until else 0.0

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("session %s: voice task failed", self.live.session_id, exc_info=task.exception())


def _stop_words(text: str) -> bool:
    return bool(STOP_WORDS.search(text))


def _real_words(text: str) -> bool:
    """More than acknowledgement sounds: the candidate is taking the turn."""
    return bool(text.strip()) and not is_backchannel(text) and len(text.split()) >= 2


class VoiceBehaviour(InterviewBehaviour):
    def __init__(self, *args: Any, engines: VoiceEngines, metrics: Metrics, telemetry: Telemetry,
                 tuning: VoiceTuning | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.engines = engines
        self.metrics = metrics
        self.telemetry = telemetry
        self.tuning = tuning or VoiceTuning()

    def voice(self, live: LiveSession) -> VoiceSession:
        vs = live.extras.get("voice")
        if vs is None:
            vs = live.extras["voice"] = VoiceSession(live, self)
        return vs

    def _listener(self, live: LiveSession) -> Listener:
        vs = self.voice(live)
        if vs.listener is None or vs.listener.closed:
            t = self.tuning
            problem = get_problem(live.state.problem_id or "")
            vocab = " ".join([problem.title, problem.statement] + [a.name for a in problem.approaches]).split()
            vs.listener = Listener(self.engines.stt, vs, VADParams(confidence=t.vad_confidence, stop_ms=t.endpoint_ms),
                                   vocabulary=[w.strip(".,;:()`'\"") for w in vocab],
                                   echo_margin_db=t.echo_margin_db, echo_level=vs.echo_level)
        return vs.listener

    # ---- the mouth -----------------------------------------------------------------------------

    def speaker(self, live: LiveSession) -> Speak:
        async def speak(e: AgentUtterance) -> AgentUtterance:
            if live.state.mode != "voice" or not live.listening:
                return e
            return await self._speak(live, e)
        return speak

    async def _speak(self, live: LiveSession, e: AgentUtterance) -> AgentUtterance:
        vs = self.voice(live)
        decided = time.monotonic()
        chunker = SentenceChunker()
        sentences = chunker.aggregate(e.text) + chunker.flush()
        if not sentences:
            return e
        trace, heard = vs.pending, vs.pending_heard
        vs.pending = vs.pending_heard = None
        if trace is None:
            trace = TurnTrace(live.session_id, e.turn_id, decided)
        trace.turn_id = e.turn_id
        if heard is not None:
            trace.stage("llm", heard.final_at, decided, first_byte=decided,
                        model=(self.llm.model if self.llm else "rules"))

        def send_audio(pcm: bytes) -> None:
            live.send_audio(pcm)

        async def synth(sentence: str) -> bytes:
            pcm = await self.engines.synthesize(sentence)
            level = rms(pcm, above=300)
            vs.echo_rms = max(vs.echo_rms, level) if vs.playout is not None and vs.playout.playing else level
            return pcm

        playout = Playout(e.turn_id, self.engines.sample_rate, synth, send_audio, live.broadcast,
                          lead_ms=self.tuning.lead_ms)
        vs.playout = playout
        vs.last_turn_id = e.turn_id
        live.extras.setdefault("voiced", set()).add(e.turn_id)
        hold = (lambda: vs.listener is not None and vs.listener.speaking)
        try:
            result = await playout.run(sentences, hold=hold)
        finally:
            vs.playout = None
            vs.echo_until = time.monotonic() + ECHO_TAIL_S
            vs._cancel_window()  # noqa: SLF001
        end = time.monotonic()
        m = self.metrics.voice
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

    # ---- SessionBehaviour ----------------------------------------------------------------------

    async def _maybe_spoken(self, live: LiveSession, coro: Coroutine[Any, Any, Any]) -> None:
        """Whatever may make the interviewer speak runs beside the read loop, which must keep
        taking audio (barge-in); with nobody listening it runs inline, as a text interview does."""
        if live.state.mode == "voice" and live.listening:
            self.voice(live).spawn(coro)
        else:
            await coro

    async def on_connect(self, live: LiveSession, conn: Connection, resumed: bool) -> None:
        await self._maybe_spoken(live, super().on_connect(live, conn, resumed))

    async def on_text(self, live: LiveSession, msg: Text) -> None:
        self._interrupt_for_text(live)
        await self._maybe_spoken(live, super().on_text(live, msg))

    async def on_code(self, live: LiveSession, msg: Code) -> None:
        # Waits for the interviewer's turn lock: never in the read loop while it speaks.
        await self._maybe_spoken(live, super().on_code(live, msg))

    async def on_end(self, live: LiveSession, msg: End) -> None:
        self._interrupt_for_text(live)
        await self._maybe_spoken(live, super().on_end(live, msg))

    def _interrupt_for_text(self, live: LiveSession) -> None:
        """Typing while the interviewer talks takes the turn, as speaking over it would."""
        vs = self.voice(live)
        if vs.playout is not None and vs.playout.playing:
            vs.playout.interrupt()

    async def utter_heard(self, live: LiveSession, heard: Heard) -> None:
        r = await self.runner(live)
        await r.utter(heard.text, self.clock(live).now(), source="voice", utterance_id=heard.utterance_id,
                      last_partial=heard.last_partial,
                      revision=heard.revision, started_at=_wall(heard.onset_at), ended_at=_wall(heard.last_voiced_at))

    async def on_audio(self, live: LiveSession, conn: Connection, pcm: bytes) -> None:
        if live.state.ended:
            return
        listener = self._listener(live)
        want = self.tuning.coding_endpoint_ms if live.state.phase == Phase.coding.value else self.tuning.endpoint_ms
        if listener.vad.params.stop_ms != want:
            listener.set_stop_ms(want)
        listener.feed(pcm)

    async def on_playback(self, live: LiveSession, msg: Playback) -> None:
        p = self.voice(live).playout
        if p is not None and p.turn_id == msg.turn_id and msg.state == "ended":
            p.client_played(msg.played_ms)

    async def on_client_stats(self, live: LiveSession, msg: ClientStats) -> None:
        vs = self.voice(live)
        now = time.monotonic()
        trace = TurnTrace(live.session_id, vs.last_turn_id or "", now)
        trace.stage("client", now, now, first_byte=None, jitter_ms=msg.jitter_ms, buffer_ms=msg.buffer_ms)
        trace.export(self.telemetry, now)

    async def on_disconnect(self, live: LiveSession, conn: Connection) -> None:
        vs = self.voice(live)
        if not live.listening and vs.playout is not None:
            vs.playout.interrupt()  # nobody is listening any more; keep only what was played
        if not live.connections and vs.listener is not None:
            await vs.listener.close()
            vs.listener = None


def _wall(mono: float) -> float:
    return time.time() - (time.monotonic() - mono)
