"""A candidate's history and Grind 75 progress, read from each session's events.

Pure: the server reads the store and hands the events in. The report a session was scored with
is in its `scored` event, so nothing here re-scores an old interview under a newer rubric.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from viva.events import CodeRun, Event, Scored, SessionEnded, SessionStarted
from viva.problems import ProblemNotFound, get_problem
from viva.problems.grind75 import ORDER, week_of

Status = Literal["done", "attempted", "not_started"]


class HistoryItem(BaseModel):
    session_id: str
    problem_id: str | None
    title: str
    difficulty: str | None
    language: str | None
    mode: str
    created_at: float
    length_min: int | None = None
    ended: bool
    accepted: bool  # some run passed every test
    signal: str | None = None
    pillars: dict[str, int] | None = None
    overall: float | None = None
    report_url: str | None = None
    resume_url: str | None = None


class ProgressItem(BaseModel):
    problem_id: str
    title: str
    difficulty: str
    week: int
    status: Status


class Progress(BaseModel):
    problems: list[ProgressItem]
    done: int
    attempted: int
    total: int
    next: str | None


def history_item(session_id: str, created_at: float, mode: str, events: list[Event]) -> HistoryItem:
    started = next((e for e in events if isinstance(e, SessionStarted)), None)
    problem_id = started.problem_id if started else None
    title, difficulty = problem_id or "Unknown problem", None
    try:
        p = get_problem(problem_id or "")
        title, difficulty = p.title, p.difficulty.value
    except ProblemNotFound:
        pass
    scored = next((e for e in reversed(events) if isinstance(e, Scored)), None)
    ended = any(isinstance(e, SessionEnded) for e in events)
    report = scored.report if scored else None
    return HistoryItem(
        session_id=session_id, problem_id=problem_id, title=title, difficulty=difficulty,
        language=started.language if started else None, mode=started.mode if started else mode,
        created_at=created_at, length_min=started.length_min if started else None, ended=ended,
        accepted=any(isinstance(e, CodeRun) and e.verdict == "accepted" for e in events),
        signal=report.get("signal") if report else None,
        pillars={k: int(v["score"]) for k, v in report.get("pillars", {}).items()} if report else None,
        overall=report.get("overall", {}).get("weighted_mean") if report else None,
        report_url=f"/sessions/{session_id}/report" if report else None,
        resume_url=None if ended else f"/#session={session_id}",
    )


def progress(items: list[HistoryItem]) -> Progress:
    """Done: a session of the problem passed every test. Next: the first problem in plan order
    not done (the plan is meant to be taken in order, an unfinished attempt included)."""
    done = {i.problem_id for i in items if i.accepted}
    tried = {i.problem_id for i in items} - done
    rows = []
    for pid in ORDER:
        try:
            p = get_problem(pid)
        except ProblemNotFound:
            continue
        status: Status = "done" if pid in done else "attempted" if pid in tried else "not_started"
        rows.append(ProgressItem(problem_id=pid, title=p.title, difficulty=p.difficulty.value, week=week_of(pid),
                                 status=status))
    return Progress(problems=rows, done=sum(r.status == "done" for r in rows),
                    attempted=sum(r.status == "attempted" for r in rows), total=len(rows),
                    next=next((r.problem_id for r in rows if r.status != "done"), None))
