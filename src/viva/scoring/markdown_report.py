"""The scored report as GitHub Markdown (the `report.md` download): what the report page shows, as text.

Everything the candidate or a model wrote is escaped so that it stays inside its line or table cell:
no words of theirs can open a heading, a list, a table column, raw HTML or math.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from viva.scoring.page import SIGNAL_LABEL, anchor_band
from viva.scoring.rubric import ANCHORS, PILLARS

# Characters that mean something anywhere in a GFM line; `$` is GitHub's math.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#$])")
# Line starts that would open a list, a setext heading or a thematic break (`#`, `>` are escaped above).
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: object) -> str:
    """Any string as one line of literal Markdown text."""
    s = " ".join(_CONTROL.sub("", str(value)).split())  # newlines would end a table row or start a block
    s = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", s))
    # A digit cannot be escaped; the dot or parenthesis after it can.
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", s)


def code(value: object, limit: int = 0) -> str:
    """Any string as an inline code span that a table cell can hold."""
    s = " ".join(_CONTROL.sub("", str(value)).split())
    if limit and len(s) > limit:
        s = s[:limit] + "…"
    if not s:
        return ""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", s)), default=0) + 1)
    pad = " " if s[0] == "`" or s[-1] == "`" else ""
    return f"{fence}{pad}{s.replace('|', chr(92) + '|')}{pad}{fence}"


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _name(key: str) -> str:
    return key.replace("_", " ").title()


def _header(report: dict[str, Any], created_at: float | None) -> list[str]:
    facts = [f"**Problem:** {text(report['problem_title'])}", f"**Language:** {text(report['language'] or '-')}"]
    if created_at is not None:
        day = datetime.fromtimestamp(created_at, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        facts.append(f"**Date:** {day}")
    facts.append(f"**Session:** {code(report['session_id'])}")
    return [f"# Interview report: {text(report['problem_title'])}", "", *(f"- {f}" for f in facts), ""]


def _signal(report: dict[str, Any]) -> list[str]:
    s, o = report["signals"], report["overall"]
    hints = ", ".join(f"{k} {v}" for k, v in s["hints"].items() if v) or "none"
    out = ["## Signal", "", f"**{SIGNAL_LABEL[report['signal']]}** (on a 4-point scale: {o['four_point']})", "",
           f"Why: {text('; '.join(o['why']))}.", "",
           f"Coding {int(s['coding_s'] // 60)} min · testing and complexity {int(s['testing_s'] // 60)} min · "
           f"{s['runs']} runs · hints: {text(hints)}", ""]
    if report.get("narrative"):
        out += [text(report["narrative"]), ""]
    return out


def _pillars(report: dict[str, Any]) -> list[str]:
    out = ["## Pillars", "", "| Pillar | Score | Confidence | What the score means |", "| --- | --- | --- | --- |"]
    for p in PILLARS:
        body = report["pillars"][p]
        out.append(f"| {_name(p)} | {body['score']}/10 | {body['confidence']} | "
                   f"{text(ANCHORS[p][anchor_band(body['score'])])} |")
    out.append("")
    for p in PILLARS:
        evidence = report["pillars"][p]["evidence"]
        out += [f"### {_name(p)}: evidence", ""]
        out += [f"- #{e['seq']} {text(e['text'])}" for e in evidence] or ["- No evidence in this session."]
        out.append("")
    return out


def _tests(run: dict[str, Any] | None) -> list[str]:
    if not run:
        return ["## Tests", "", "No code was run.", ""]
    perf = run.get("performance")
    line = (f"Final run: **{text(run['verdict'])}**, {run['passed']} of {run['total']} tests; hidden failures: "
            f"{run.get('hidden_failed', 0)}" + (f"; large input: {text(perf['verdict'])}" if perf else ""))
    out = ["## Tests", "", line, ""]
    if run.get("tests"):
        out += ["| Test | Verdict | Input | Expected | Actual |", "| --- | --- | --- | --- | --- |"]
        out += [f"| {text(t['name'])} | {text(t['verdict'])} | {code(t['input'], 80)} | {code(t['expected'], 40)} | "
                f"{code(t['actual'], 40)} |" for t in run["tests"]]
        out.append("")
    return out


def _timings(report: dict[str, Any]) -> list[str]:
    spans = report["timeline"]
    if not spans:
        return ["## Timings", "", "No phases recorded.", ""]
    out = ["## Timings", "", "| Phase | From | To | Minutes |", "| --- | --- | --- | --- |"]
    out += [f"| {_name(s['phase'])} | {_clock(s['start_s'])} | {_clock(s['end_s'])} | "
            f"{(s['end_s'] - s['start_s']) / 60:.1f} |" for s in spans]
    return out + ["", f"Total: {_clock(max(s['end_s'] for s in spans))}", ""]


def report_markdown(report: dict[str, Any], *, created_at: float | None = None) -> str:
    """The report (a `Report.model_dump(mode="json")`) as a Markdown document.

    `created_at` (unix seconds, the session's) dates the title block; the report itself has no date.
    """
    hints = [f"- #{h['seq']} **{text(h['level'])}:** {text(h['text'])}" for h in report["hints"]]
    recs = [f"- **{text(r['advice'])}** {text(r['example'])}" for r in report["recommendations"]]
    summaries: list[str] = []
    for x in report["summaries"]:
        summaries += [f"### {text(_name(x['segment']))}", "", *(f"- {text(b)}" for b in x["bullets"]), ""]
    transcript = [f"- **{_clock(t['t'])} {'you' if t['role'] == 'candidate' else 'interviewer'}:** {text(t['text'])}"
                  for t in report["transcript"]]
    lines = [
        *_header(report, created_at), *_signal(report), *_pillars(report),
        "## What to practise next", "", *(recs or ["None."]), "",
        *_tests(report.get("final_run")),
        "## Hints", "", *(hints or ["- No hints used."]), "",
        "## Segment summaries", "", *(summaries or ["None.", ""]),
        *_timings(report),
        "## Transcript", "", *(transcript or ["Nothing was said."]), "",
        f"_viva · rubric {text(report.get('rubric_version', ''))}_",
    ]
    return "\n".join(lines) + "\n"
