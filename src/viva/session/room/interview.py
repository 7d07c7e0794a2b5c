"""The interviewer on the session WebSocket: text in, the brain's decisions out, streamed.

Per live session this keeps an `InterviewRunner`, a clock (real time, or real time plus an offset
that tests move with `debug_clock` when `VIVA_TEST_CLOCK` is on), and a ticker that lets stall
rules fire while the candidate is silent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from viva.events import AgentUtterance, Event, Scored, SessionEnded
from viva.interview.runner import InterviewRunner, Speak
from viva.interview.settings import BrainSettings
from viva.interview.understanding import prepare as prepare_understanding
from viva.judge.custom import InputError
from viva.judge.queue import JudgeBusy, JudgeTimeout
from viva.judge.sandbox import SandboxUnavailable
from viva.judge.service import JudgeService
from viva.interview.llm import LLMConfig, LLMPhraser, OpenAIChat
from viva.problems import ProblemNotFound, get_problem
from viva.scoring.narrative import narrative
from viva.scoring.service import report_from_events
from viva.store import io as store_io
from viva.session.room.messages import ClientStats, Code, DebugClock, End, Playback, ProtocolError, Run, Text, error
from viva.session.room.runtime import Client, Live, SessionClock

log = logging.getLogger("viva.interview")

TICK_S = 5.0


class InterviewBehaviour:
    def __init__(self, judge: JudgeService | None, cfg: BrainSettings, test_clock: bool = False,
                 llm: LLMConfig | None = None) -> None:
        self.judge = judge
        self.cfg = cfg
        self.test_clock = test_clock
        self.llm = llm
        self._chat = OpenAIChat(llm) if llm else None

    # ---- per-session objects ---------------------------------------------------------------

    async def runner(self, live: Live) -> InterviewRunner:
        r = live.runtime.runner
        if r is not None:
            return r
        async with live.runtime.runner_lock:
            return await self._make_runner(live)

    async def _make_runner(self, live: Live) -> InterviewRunner:
        r = live.runtime.runner
        if r is None:
            events = await store_io.run(live.store.read, live.session_id)
            try:
                problem = get_problem(live.state.problem_id or "")
                # The problem's clarifications as sentence vectors, once, off the loop.
                await asyncio.to_thread(prepare_understanding, problem)
                phraser = LLMPhraser(problem, self._chat, self.llm) if self._chat and self.llm else None
                cfg = self.cfg.for_session(live.state.length_s)
                r = InterviewRunner(problem.id, events, lambda e: self._emit(live, e), self.judge, cfg,
                                    speak=self.speaker(live), phraser=phraser)
            except ProblemNotFound:
                raise ProtocolError("problem_gone", "this session's problem is no longer in the bank") from None
            live.runtime.runner = r
            live.runtime.clock = _restore_clock(events)
        return r

    def speaker(self, live: Live) -> Speak | None:
        """How this behaviour voices the interviewer's turns; text interviews have none."""
        return None

    def clock(self, live: Live) -> SessionClock:
        return live.runtime.clock

    async def _emit(self, live: Live, event: Event) -> Event:
        if isinstance(event, AgentUtterance) and event.turn_id not in live.runtime.voiced:
            # Stream the words sentence by sentence before the turn is committed as one event.
            for sentence in _sentences(event.text):
                live.broadcast({"type": "agent_text", "turn_id": event.turn_id, "text": sentence, "final": False})
        stored = await live.emit(event)
        if isinstance(event, SessionEnded):
            await self._score(live)
        return stored

    async def _score(self, live: Live) -> None:
        """Score the finished interview; the `scored` event tells the client its report is ready."""
        events = await store_io.run(live.store.read, live.session_id)
        report = report_from_events(live.session_id, events)
        if report is not None:
            if self.llm is not None:
                text = await narrative(report.model_dump(mode="json"), self.llm, self._chat)
                if text:
                    report.narrative = text
            await live.emit(Scored(report=report.model_dump(mode="json"), ts=events[-1].ts))

    def _ensure_ticker(self, live: Live) -> None:
        task = live.runtime.ticker
        if task is None or task.done():
            live.runtime.ticker = asyncio.create_task(self._tick_loop(live))

    async def _tick_loop(self, live: Live) -> None:
        while live.connections:
            await asyncio.sleep(TICK_S)
            try:
                r = await self.runner(live)
                if r.ended:
                    return
                await r.tick(self.clock(live).now())
            except Exception:  # noqa: BLE001 - the next tick tries again
                log.exception("session %s: tick failed", live.session_id)

    # ---- SessionBehaviour ----------------------------------------------------------------

    async def on_connect(self, live: Live, conn: Client, resumed: bool) -> None:
        r = await self.runner(live)
        if r.state.agent_turns == 0 and not r.ended:
            await r.start(self.clock(live).now())
        self._ensure_ticker(live)

    async def on_text(self, live: Live, msg: Text) -> None:
        r = await self.runner(live)
        await r.utter(msg.text, self.clock(live).now())

    async def on_code(self, live: Live, msg: Code) -> None:
        r = await self.runner(live)
        await r.code(msg.code, msg.language, self.clock(live).now())

    async def on_run(self, live: Live, conn: Client, msg: Run) -> None:
        if self.judge is None:
            raise ProtocolError("not_available", "there is no judge for this session")
        r = await self.runner(live)
        clock = self.clock(live)

        async def judged() -> None:
            try:
                if msg.input is not None:
                    await r.try_input(msg.code, msg.language, msg.input, clock.now)
                else:
                    await r.run(msg.code, msg.language, clock.now)
            except InputError as e:
                conn.send(error("bad_input", str(e)))
            except SandboxUnavailable as e:
                conn.send(error("sandbox_unavailable", f"the judge refuses to run code here: {e}"))
            except (JudgeBusy, JudgeTimeout) as e:
                conn.send(error("busy", f"the judge is busy: {e}"))
            except Exception:  # noqa: BLE001 - report, keep the session
                log.exception("session %s: run failed", live.session_id)
                conn.send(error("internal_error", "running the code failed"))

        # The socket keeps answering pings while the sandbox works.
        task = asyncio.create_task(judged())
        live.runtime.runs.add(task)
        task.add_done_callback(live.runtime.runs.discard)

    async def on_audio(self, live: Live, conn: Client, pcm: bytes) -> None:
        return None

    async def on_playback(self, live: Live, msg: Playback) -> None:
        return None

    async def on_client_stats(self, live: Live, msg: ClientStats) -> None:
        return None

    async def on_end(self, live: Live, msg: End) -> None:
        r = await self.runner(live)
        await r.end(self.clock(live).now(), "candidate")

    async def on_debug_clock(self, live: Live, conn: Client, msg: DebugClock) -> None:
        if not self.test_clock:
            raise ProtocolError("not_enabled", "the test clock is off (VIVA_TEST_CLOCK)")
        clock = self.clock(live)
        clock.offset += msg.advance_s
        r = await self.runner(live)
        if not r.ended:
            await r.tick(clock.now())
        conn.send({"type": "clock", "now": clock.now(), "offset": clock.offset})

    async def on_disconnect(self, live: Live, conn: Client) -> None:
        return None


def _sentences(text: str) -> list[str]:
    import re

    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text.strip())
    return [p for p in parts if p]


def _restore_clock(events: list[Event]) -> SessionClock:
    """After a restart, keep a moved test clock moving forward from the last event's time."""
    clock = SessionClock()
    if events:
        clock.offset = max(0.0, max(e.ts for e in events) - time.time())
    return clock


def brain_settings(settings: Any) -> BrainSettings:
    return BrainSettings.from_settings(settings)
