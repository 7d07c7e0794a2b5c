"""Running one interview: the brain's decisions, made durable through an `emit` function.

This is the edge between the pure brain and the world. The WebSocket behaviour and the terminal
interview both drive it; neither decides anything itself. One lock per interview keeps a slow
judge run and a quick question from interleaving their decisions.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import TYPE_CHECKING, Awaitable, Callable

from viva.events import AgentUtterance, CandidateUtterance, CodeRun, CustomRun, Event
from viva.interview.brain import IdSource, RulesBrain, random_ids
from viva.interview.phases import Phase
from viva.interview.settings import BrainSettings
from viva.judge.service import JudgeService
from viva.problems import get_problem
from viva.session import SessionModel, apply, fold

if TYPE_CHECKING:
    from viva.interview.llm import LLMPhraser, PhrasedReply

log = logging.getLogger("viva.interview")

Emit = Callable[[Event], Awaitable[Event]]
# Voices a turn before it is committed; returns it with what was actually said and heard. With an
# LLM, the reply's words stream in as its sentences complete (`PhrasedReply`), and speech starts on
# the first one.
Speak = Callable[[AgentUtterance, "PhrasedReply | None"], Awaitable[AgentUtterance]]


class InterviewRunner:
    def __init__(self, problem_id: str, events: list[Event], emit: Emit, judge: JudgeService | None,
                 cfg: BrainSettings | None = None, speak: Speak | None = None,
                 phraser: "LLMPhraser | None" = None, ids: IdSource = random_ids) -> None:
        self.problem = get_problem(problem_id)
        self.brain = RulesBrain(self.problem, cfg, ids)
        self.state: SessionModel = fold(events)
        self.phraser = phraser
        # What was said, for the LLM's sliding window; bounded so memory does not grow either.
        self.turns: deque[tuple[str, str]] = deque(maxlen=50)
        for e in events:
            self._remember(e)
        self._emit = emit
        self._speak = speak
        self.judge = judge
        self.lock = asyncio.Lock()

    def _remember(self, e: Event) -> None:
        if isinstance(e, CandidateUtterance):
            self.turns.append(("candidate", e.text))
        elif isinstance(e, AgentUtterance):
            self.turns.append(("interviewer", e.heard_text if e.heard_text is not None else e.text))

    async def _commit(self, events: list[Event]) -> list[Event]:
        stored = []
        for e in events:
            if isinstance(e, AgentUtterance):
                reply = self.phraser.stream(self.state, list(self.turns), e) if self.phraser else None
                if self._speak is not None:
                    e = await self._speak(e, reply)
                elif reply is not None:
                    e = await reply.collect()
            s = await self._emit(e)
            self.state = apply(self.state, s)
            self._remember(s)
            stored.append(s)
        return stored

    async def start(self, now: float) -> list[Event]:
        async with self.lock:
            return await self._commit(self.brain.start(self.state, now))

    async def utter(self, text: str, now: float, source: str = "text", **voice: object) -> list[Event]:
        if self.lock.locked():
            log.info("utterance %r waits for the interviewer's turn in progress", text[:60])
        async with self.lock:
            return await self._commit(self.brain.on_utterance(self.state, text, now, source, **voice))

    async def revise(self, utterance_id: str, text: str, engine: str, confidence: float | None,
                     now: float) -> list[Event]:
        """The accurate pass heard a committed utterance differently."""
        async with self.lock:
            return await self._commit(self.brain.on_revision(self.state, utterance_id, text, engine, confidence, now))

    async def code(self, code: str, language: str, now: float) -> list[Event]:
        async with self.lock:
            if code == self.state.code and language == self.state.language:
                return []
            return await self._commit(self.brain.on_code(self.state, code, language, now))

    async def run(self, code: str, language: str, now: Callable[[], float]) -> list[Event]:
        """Judge outside the lock (it can take seconds), then decide with the fresh state."""
        assert self.judge is not None
        result = await self.judge.submit(self.problem.id, language, code)  # type: ignore[arg-type]
        run = CodeRun(code=code, language=language, result=result)
        async with self.lock:
            return await self._commit(self.brain.on_run(self.state, run, now()))

    async def try_input(self, code: str, language: str, text: str, now: Callable[[], float]) -> list[Event]:
        """A run on the candidate's own input: recorded as testing, not judged as a submission."""
        assert self.judge is not None
        result = await self.judge.try_input(self.problem.id, language, code, text)  # type: ignore[arg-type]
        async with self.lock:
            return await self._commit([CustomRun(ts=now(), code=code, language=language, input=text, result=result)])

    async def tick(self, now: float) -> list[Event]:
        async with self.lock:
            return await self._commit(self.brain.on_tick(self.state, now))

    async def end(self, now: float, reason: str = "candidate") -> list[Event]:
        async with self.lock:
            return await self._commit(self.brain.on_end(self.state, now, reason))

    @property
    def ended(self) -> bool:
        return self.state.phase == Phase.ended
