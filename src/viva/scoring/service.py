"""Reports and analytics from the store: the I/O edge around the pure scoring functions."""

from __future__ import annotations

from statistics import fmean
from typing import Any

from viva.events import Event, Scored, SessionEnded, SessionStarted
from viva.problems import ProblemNotFound, get_problem
from viva.scoring.report import Report, build_report
from viva.scoring.rubric import PILLARS
from viva.store import SessionStore

HIRE = ("strong_hire", "hire")


def report_from_events(session_id: str, events: list[Event]) -> Report | None:
    started = next((e for e in events if isinstance(e, SessionStarted)), None)
    if started is None:
        return None
    try:
        problem = get_problem(started.problem_id)
    except ProblemNotFound:
        return None
    return build_report(session_id, events, problem)


def session_report(store: SessionStore, session_id: str) -> Report | None:
    """Recomputed from the events every time; only an LLM narrative, if one was written when the
    interview was scored, is carried over from the `scored` event."""
    events = store.read(session_id)
    report = report_from_events(session_id, events)
    scored = next((e for e in reversed(events) if isinstance(e, Scored)), None)
    if report is not None and scored is not None and scored.report.get("narrative"):
        report.narrative = str(scored.report["narrative"])
    return report


def analytics(store: SessionStore) -> dict[str, Any]:
    """Across every session in the store: pillar averages, hire against no-hire, time and code by outcome."""
    reports: list[dict[str, Any]] = []
    started = ended = 0
    for meta in store.list_sessions():
        events = store.read(meta.session_id)
        if not events:
            continue
        started += 1
        if not any(isinstance(e, SessionEnded) for e in events):
            continue  # abandoned: never ended, by the flow or by the candidate
        ended += 1
        r = report_from_events(meta.session_id, events)
        if r:
            reports.append(r.model_dump(mode="json"))

    def avg(rs: list[dict[str, Any]], pick) -> float | None:  # type: ignore[no-untyped-def]
        values = [pick(r) for r in rs if pick(r) is not None]
        return round(fmean(values), 2) if values else None

    hires = [r for r in reports if r["signal"] in HIRE]
    no_hires = [r for r in reports if r["signal"] not in HIRE]
    pillars = {}
    for p in PILLARS:
        h = avg(hires, lambda r, p=p: r["pillars"][p]["score"])
        n = avg(no_hires, lambda r, p=p: r["pillars"][p]["score"])
        pillars[p] = {"average": avg(reports, lambda r, p=p: r["pillars"][p]["score"]), "hire": h, "no_hire": n,
                      "gap": round(h - n, 2) if h is not None and n is not None else None}
    by_outcome = {}
    for name, group in (("hire", hires), ("no_hire", no_hires)):
        by_outcome[name] = {
            "sessions": len(group),
            "coding_s": avg(group, lambda r: r["signals"]["coding_s"]),
            "testing_s": avg(group, lambda r: r["signals"]["testing_s"]),
            "code_lines": avg(group, lambda r: r["signals"]["code_lines"] or None),
        }
    return {
        "sessions": started, "completed": ended, "scored": len(reports),
        "completion_rate": round(ended / started, 3) if started else None,
        "abandonment_rate": round(1 - ended / started, 3) if started else None,
        "hire_rate": round(len(hires) / len(reports), 3) if reports else None,
        "pillars": pillars, "by_outcome": by_outcome,
    }
