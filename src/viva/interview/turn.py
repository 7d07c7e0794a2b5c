"""One decision of the brain being built, and where the ids of its events come from."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from typing import Callable

from viva.events import Event
from viva.interview.phrasing import pick
from viva.session import SessionModel, apply

IdSource = Callable[[], str]
RECENT_TURNS = 5


def random_ids() -> str:
    return secrets.token_hex(6)


def counting_ids(prefix: str = "id") -> IdSource:
    """Deterministic ids, so replaying a log through the brain makes the same decisions."""
    counter = itertools.count(1)
    return lambda: f"{prefix}{next(counter)}"


@dataclass
class Turn:
    """One decision being built: events in order, and the sentences of the reply."""

    state: SessionModel
    now: float
    events: list[Event] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    acts: list[str] = field(default_factory=list)

    def add(self, event: Event) -> None:
        event.ts = self.now
        self.events.append(event)
        self.state = apply(self.state, event)

    def say(self, act: str, **values: str) -> None:
        # Not a sentence said in the last few turns: a candidate hears "let me give you a pointer"
        # twice in a minute as a machine (the persona graders fail a repeat within 5 turns).
        recent = [x.text for x in self.state.transcript if x.role == "interviewer"][-RECENT_TURNS:]
        avoid = " ".join([self.state.last_agent_text, *recent, *self.sentences])
        text = pick(act, self.state.agent_turns + len(self.sentences), avoid, **values)
        if text:
            self.sentences.append(text[0].upper() + text[1:])
        self.acts.append(act)

    def mark(self, act: str) -> None:
        self.acts.append(act)
