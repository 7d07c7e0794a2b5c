"""Sessions as JSONL files (`viva sessions export` / `import`, `viva replay FILE`): one event per
line, each the event's own JSON, in seq order.

A file is checked whole before anything is written: a store holds only logs the app could have
written itself (session_started first, seq from 1 without gaps), so a report, a resume or a
replay of an imported session reads it like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from pydantic import ValidationError

from viva.events import Event, SessionStarted, parse_event
from viva.store.audio import SAFE_ID
from viva.store.base import SessionExists, SessionMeta, SessionNotFound, SessionStore, hash_token, new_token


class SessionFileError(ValueError):
    """A line of a session file that cannot be imported; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Imported:
    session_id: str
    token: str  # shown once: the store keeps only its hash
    events: int


def dump_events(events: Iterable[Event]) -> str:
    return "".join(e.model_dump_json() + "\n" for e in events)


def parse_events(text: str) -> list[Event]:
    """Every event of a session file, or SessionFileError naming the first bad line."""
    events: list[Event] = []
    # Split on "\n" only: str.splitlines would also split on U+2028 inside a JSON string.
    for n, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        events.append(_check(n, _parse_line(n, raw), events[-1] if events else None))
    if not events:
        raise SessionFileError(1, "no events: a session file starts with session_started")
    return events


def _parse_line(n: int, raw: str) -> Event:
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise SessionFileError(n, f"not JSON ({e})") from None
    if not isinstance(data, dict):
        raise SessionFileError(n, "not a JSON object")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in Event.registry:
        raise SessionFileError(n, f"unknown event type {kind!r}")
    try:
        return parse_event(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SessionFileError(n, f"not a valid {kind} event: {where}: {first['msg']}") from None


def _check(n: int, event: Event, previous: Event | None) -> Event:
    if previous is None:
        if not isinstance(event, SessionStarted):
            raise SessionFileError(n, f"the first event must be session_started, not {event.type}")
        if event.seq != 1:
            raise SessionFileError(n, f"seq {event.seq}: a session's first event has seq 1")
        return event
    if isinstance(event, SessionStarted):
        raise SessionFileError(n, "a second session_started")
    if event.seq <= previous.seq:
        raise SessionFileError(n, f"seq {event.seq} does not increase (the line before has {previous.seq})")
    if event.seq != previous.seq + 1:
        raise SessionFileError(n, f"seq {event.seq} after {previous.seq}: a session's events have no gaps")
    return event


def export_session(store: SessionStore, session_id: str) -> str:
    """The session's events as JSONL (SessionNotFound if there is no such session)."""
    return dump_events(store.read(session_id))


def import_session(store: SessionStore, session_id: str, events: list[Event], replace: bool = False) -> Imported:
    """Write checked events (from `parse_events`) as a new session with a new token.

    SessionExists unless `replace`. If writing fails part way, the half-written session is removed.
    """
    if not SAFE_ID.match(session_id):
        raise ValueError(f"not a usable session id: {session_id!r} (letters, digits, - and _, at most 64)")
    started = events[0]
    assert isinstance(started, SessionStarted), "parse_events checks this"
    try:
        store.get(session_id)
        if not replace:
            raise SessionExists(session_id)
        store.delete(session_id)
    except SessionNotFound:
        pass
    token = new_token()
    store.create(SessionMeta(session_id=session_id, token_hash=hash_token(token), created_at=started.ts,
                             problem_id=started.problem_id, language=started.language, mode=started.mode))
    try:
        for e in events:
            stored = store.append(session_id, e)
            if stored.seq != e.seq:  # someone else wrote into the new session meanwhile
                raise SessionExists(session_id)
    except BaseException:
        store.delete(session_id)
        raise
    return Imported(session_id=session_id, token=token, events=len(events))
