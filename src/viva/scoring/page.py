"""The report page: one self-contained HTML document (inline CSS and SVG), calm, and printable.

The same HTML prints to the PDF download: the print stylesheet hides the action row and keeps the
chart's colours.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import Any
from urllib.parse import quote

from viva.scoring.rubric import ANCHORS, PILLARS

SIGNAL_LABEL = {"strong_hire": "Strong Hire", "hire": "Hire", "lean_no_hire": "Lean No Hire", "no_hire": "No Hire",
                "strong_no_hire": "Strong No Hire"}
SIGNAL_TONE = {"strong_hire": "#1f7a4d", "hire": "#2f8f5b", "lean_no_hire": "#b7791f", "no_hire": "#c05621",
               "strong_no_hire": "#c53030"}
PHASE_COLOUR = {"intro": "#cbd2d9", "clarify": "#9fb3c8", "approach": "#829ab1", "coding": "#3e7cb1",
                "testing": "#2f9e6e", "complexity": "#48a07f", "follow_up": "#a0aec0", "wrap_up": "#cbd2d9"}
# The pillar bars by confidence: #3e7cb1 at 35 % and 65 % on white, and a shade darker at full
# strength (the timeline's coding phase is #3e7cb1). Solid colours, so print shows what the screen
# does and a test can find the bars by colour in a rendered page.
BAR_FILL = {"low": "#bbd1e4", "medium": "#82aacc", "high": "#2f6da3"}

CSS = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       background: var(--bg); }
main { max-width: 960px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 16px; margin: 32px 0 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
     color: var(--muted); }
.sub { color: var(--muted); margin: 0 0 24px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px; }
.grid { display: grid; grid-template-columns: 280px 1fr; gap: 20px; align-items: start; }
.signal { font-size: 28px; font-weight: 700; }
.pill { display: inline-block; padding: 2px 8px; border-radius: 999px; background: #eef2f7; color: var(--muted);
        font-size: 12px; margin-left: 6px; }
.pillar { border-top: 1px solid var(--line); padding: 12px 0; }
.pillar:first-child { border-top: 0; }
.pillar h3 { margin: 0 0 4px; font-size: 15px; display: flex; justify-content: space-between; }
.pillar ul { margin: 4px 0 0; padding-left: 18px; color: var(--muted); }
.anchor { color: var(--muted); font-size: 13px; font-style: italic; }
a { color: #2a6fb0; text-decoration: underline; text-underline-offset: 2px; }  /* not by colour alone */
table { width: 100%; border-collapse: collapse; font-size: 14px; }
td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
.ok { color: #1f7a4d; } .bad { color: #c53030; }
.rec { margin: 0 0 12px; } .rec .say { display: block; color: var(--muted); margin-top: 2px; font-style: italic; }
.turn { display: grid; grid-template-columns: 150px 1fr; gap: 8px; padding: 4px 0; }
.turn b { color: var(--muted); font-weight: 600; white-space: nowrap; }
.turn.you span { color: #243b53; font-weight: 500; }
.turn:target { background: #fff8db; }
.legend span { display: inline-block; margin-right: 12px; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: -8px 0 24px; }
.btn { display: inline-block; padding: 6px 12px; border: 1px solid #7b8794; border-radius: 6px; background: #fff;
       color: var(--ink); font: inherit; font-size: 14px; line-height: 1.4; cursor: pointer; text-decoration: none; }
.btn:hover { background: #eef2f7; }
a:focus-visible, .btn:focus-visible, .share input:focus-visible { outline: 3px solid #2a6fb0; outline-offset: 2px; }
.note { color: var(--muted); font-size: 13px; }
.share { flex-basis: 100%; display: grid; gap: 8px; }
.share label { font-size: 13px; color: var(--muted); display: block; }
.share input { width: min(100%, 460px); font: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid #7b8794;
               border-radius: 6px; color: var(--ink); background: #fff; }
.share ul { list-style: none; margin: 0; padding: 0; }
.share li { display: flex; gap: 12px; align-items: center; padding: 4px 0; font-size: 14px; }
[hidden] { display: none !important; }
@media (max-width: 720px) { .grid { grid-template-columns: minmax(0, 1fr); } .turn { grid-template-columns: 1fr; gap: 0; } }
@page { margin: 14mm 12mm; }
@media print { body { background: #fff; } main { padding: 0; max-width: none; } .card { border: 0; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .actions { display: none !important; }
  .grid { grid-template-columns: 240px minmax(0, 1fr); }
  td, .turn span, .pillar li { overflow-wrap: anywhere; }
  h2 { break-after: avoid; } .pillar, tr, .turn { break-inside: avoid; } }
"""


def _bars(pillars: dict[str, Any]) -> str:
    width, row, track = 560, 34, 320  # room on the right for "10/10 medium"
    parts = [f'<svg viewBox="0 0 {width} {row * len(PILLARS) + 8}" width="100%" role="img" '
             f'aria-label="Pillar scores">']
    for i, p in enumerate(PILLARS):
        y = i * row + 4
        score, conf = pillars[p]["score"], pillars[p]["confidence"]
        bar = track * score / 10
        parts.append(f'<text x="0" y="{y + 20}" font-size="13" fill="#1f2933">{escape(p.replace("_", " "))}</text>')
        parts.append(f'<rect x="130" y="{y + 6}" width="{track}" height="18" rx="4" fill="#eef2f7"/>')
        parts.append(f'<rect x="130" y="{y + 6}" width="{bar:.0f}" height="18" rx="4" fill="{BAR_FILL[conf]}"/>')
        parts.append(f'<text x="{130 + track + 8}" y="{y + 20}" font-size="13" fill="#1f2933">{score}/10 '
                     f'<tspan fill="#616e7c">{conf}</tspan></text>')
    parts.append("</svg>")
    return "".join(parts)


def _timeline(spans: list[dict[str, Any]]) -> str:
    if not spans:
        return "<p class='sub'>No phases recorded.</p>"
    total = max(s["end_s"] for s in spans) or 1.0
    width = 880
    parts = [f'<svg viewBox="0 0 {width} 46" width="100%" role="img" aria-label="Phase timeline">']
    for s in spans:
        x = width * s["start_s"] / total
        w = max(1.0, width * (s["end_s"] - s["start_s"]) / total)
        colour = PHASE_COLOUR.get(s["phase"], "#cbd2d9")
        parts.append(f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="24" fill="{colour}">'
                     f'<title>{escape(s["phase"])}: {int(s["end_s"] - s["start_s"])} s</title></rect>')
    parts.append(f'<text x="0" y="44" font-size="11" fill="#616e7c">0:00</text>'
                 f'<text x="{width - 40}" y="44" font-size="11" fill="#616e7c">{int(total // 60)}:{int(total % 60):02d}'
                 f'</text></svg>')
    legend = "".join(f'<span><i style="background:{c}"></i>{escape(p.replace("_", " "))}</span>'
                     for p, c in PHASE_COLOUR.items() if any(s["phase"] == p for s in spans))
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def anchor_band(score: int) -> str:
    """The ANCHORS key ("1-2" .. "9-10") a 1-10 score falls in."""
    return next(k for k in ("1-2", "3-4", "5-6", "7-8", "9-10") if score <= int(k.split("-")[1]))


def _actions(session_id: str, shared: bool, share_token: str | None) -> str:
    """The download row; on the owner's page also the share controls, which report.js runs."""
    if share_token is not None:
        base = f"/share/{quote(share_token, safe='')}/"
    else:
        base = "" if shared else f"/sessions/{quote(session_id, safe='')}/"
    row = (f'<a class="btn" href="{escape(base)}report.pdf" download>Download PDF</a>'
           f'<a class="btn" href="{escape(base)}report.md" download>Download Markdown</a>')
    if shared:
        row += '<span class="note">Shared read-only</span>'
        return f'<div class="actions" role="group" aria-label="Download">{row}</div>'
    # Hidden until report.js runs: without it the button could do nothing.
    row += ('<button type="button" class="btn" id="share-create" aria-controls="share-panel" hidden>'
            'Create a read-only link</button>'
            '<div class="share" id="share-panel" hidden>'
            '<div id="share-new" hidden><label for="share-url">Read-only link (shown once; anyone who has it can '
            'read this report)</label><input id="share-url" type="text" readonly> '
            '<button type="button" class="btn" id="share-copy">Copy link</button></div>'
            '<ul id="share-list" aria-label="Share links made for this report"></ul></div>'
            '<p class="note" id="share-status" role="status" aria-live="polite"></p>')
    return (f'<div class="actions" role="group" aria-label="Download and share" '
            f'data-session="{escape(session_id)}">{row}</div>')


def render(report: dict[str, Any], token: str | None = None, *, shared: bool = False, for_print: bool = False,
           share_token: str | None = None, created_at: float | None = None) -> str:
    """The report page, with a row of controls above it:

    - default, the owner's page: Download PDF and Markdown (/sessions/ID/report.*) and the share
      controls (report.js, which also carries a `?token=` from the address bar as a bearer header);
    - `shared` or `share_token`: the read-only view, downloads only (/share/TOKEN/report.*; with no
      `share_token` the links are relative, right only under a URL that ends in a slash);
    - `for_print`: no controls and no script, for the PDF (print CSS hides the row anyway).
    `token` is never written into the page. `created_at` (unix s, the session's) dates the page.
    """
    shared = shared or share_token is not None
    sig = report["signal"]
    sig_html = (f'<div class="signal" style="color:{SIGNAL_TONE[sig]}">{SIGNAL_LABEL[sig]}</div>'
                f'<p class="sub">{escape("; ".join(report["overall"]["why"]))}. '
                f'On a 4-point scale: {report["overall"]["four_point"]}.</p>')
    s = report["signals"]
    facts = (f"<p class='sub'>Coding {int(s['coding_s'] // 60)} min · testing and complexity "
             f"{int(s['testing_s'] // 60)} min · {s['runs']} runs · hints: "
             f"{', '.join(f'{k} {v}' for k, v in s['hints'].items() if v) or 'none'}</p>")
    pillar_html = []
    for p in PILLARS:
        body = report["pillars"][p]
        evidence = "".join(
            f'<li><a href="#seq-{e["seq"]}">#{e["seq"]}</a> {escape(e["text"])}</li>' for e in body["evidence"]
        ) or "<li>No evidence in this session.</li>"
        pillar_html.append(
            f'<div class="pillar"><h3><span>{escape(p.replace("_", " ").title())}</span>'
            f'<span>{body["score"]}/10<span class="pill">{body["confidence"]} confidence</span></span></h3>'
            f'<div class="anchor">{escape(ANCHORS[p][anchor_band(body["score"])])}</div><ul>{evidence}</ul></div>')
    run = report.get("final_run")
    if run:
        rows = "".join(
            f'<tr><td>{escape(t["name"])}</td><td class="{"ok" if t["verdict"] == "accepted" else "bad"}">'
            f'{escape(t["verdict"])}</td><td><code>{escape(str(t["input"]))[:80]}</code></td>'
            f'<td><code>{escape(str(t["expected"]))[:40]}</code></td><td><code>{escape(str(t["actual"]))[:40]}'
            f'</code></td></tr>' for t in run.get("tests", []))
        perf = run.get("performance")
        tests_html = (f'<p>Final run: <b class="{"ok" if run["verdict"] == "accepted" else "bad"}">'
                      f'{escape(run["verdict"])}</b>, {run["passed"]} of {run["total"]} tests; hidden failures: '
                      f'{run.get("hidden_failed", 0)}'
                      + (f'; large input: {escape(perf["verdict"])}' if perf else "") + "</p>"
                      f'<table><tr><th>test</th><th>verdict</th><th>input</th><th>expected</th><th>actual</th></tr>'
                      f'{rows}</table>')
    else:
        tests_html = "<p class='sub'>No code was run.</p>"
    hints = "".join(f'<li><a href="#seq-{h["seq"]}">#{h["seq"]}</a> <b>{escape(h["level"])}</b>: '
                    f'{escape(h["text"])}</li>' for h in report["hints"]) or "<li>No hints used.</li>"
    recs = "".join(f'<div class="rec"><b>{escape(r["advice"])}</b><span class="say">{escape(r["example"])}</span>'
                   f'</div>' for r in report["recommendations"])
    summaries = "".join(
        f'<div class="pillar"><h3>{escape(x["segment"].replace("_", " ").title())}</h3><ul>'
        + "".join(f"<li>{escape(b)}</li>" for b in x["bullets"]) + "</ul></div>" for x in report["summaries"])
    transcript = "".join(
        f'<div class="turn {"you" if t["role"] == "candidate" else "them"}" id="seq-{t["seq"]}">'
        f'<b>{int(t["t"] // 60)}:{int(t["t"] % 60):02d} {"you" if t["role"] == "candidate" else "interviewer"}</b>'
        f'<span>{escape(t["text"])}</span></div>'
        for t in report["transcript"])
    narrative = (f'<p>{escape(report["narrative"])}</p>' if report.get("narrative") else "")
    when = (" · " + datetime.fromtimestamp(created_at, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            if created_at is not None else "")
    actions = "" if for_print else _actions(report["session_id"], shared, share_token)
    script = "" if for_print or shared else '<script src="/static/report.js" defer></script>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>viva report · {escape(report["problem_title"])}</title><style>{CSS}</style>{script}</head>
<body><main>
<h1>Interview report</h1>
<p class="sub">{escape(report["problem_title"])} · {escape(str(report["language"]))}{when} · session
{escape(report["session_id"])}</p>
{actions}
<div class="grid">
  <div class="card">{sig_html}{facts}{narrative}</div>
  <div class="card">{_bars(report["pillars"])}</div>
</div>
<h2>Timeline</h2><div class="card">{_timeline(report["timeline"])}</div>
<h2>Pillars and evidence</h2><div class="card">{"".join(pillar_html)}</div>
<h2>What to practise next</h2><div class="card">{recs}</div>
<h2>Tests</h2><div class="card">{tests_html}</div>
<h2>Hints</h2><div class="card"><ul>{hints}</ul></div>
<h2>Segment summaries</h2><div class="card">{summaries or "<p class='sub'>None.</p>"}</div>
<h2>Transcript</h2><div class="card">{transcript or "<p class='sub'>Nothing was said.</p>"}</div>
</main></body></html>"""


def render_analytics(data: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(p.replace('_', ' '))}</td><td>{v['average']}</td><td>{v['hire']}</td><td>{v['no_hire']}</td>"
        f"<td>{v['gap']}</td></tr>" for p, v in data["pillars"].items())
    out = "".join(
        f"<tr><td>{k.replace('_', ' ')}</td><td>{v['sessions']}</td><td>{v['coding_s']}</td><td>{v['testing_s']}</td>"
        f"<td>{v['code_lines']}</td></tr>" for k, v in data["by_outcome"].items())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>viva analytics</title>
<style>{CSS}</style></head><body><main><h1>Analytics</h1>
<p class="sub">{data['sessions']} sessions · {data['completed']} completed · completion rate
{data['completion_rate']} · abandonment rate {data['abandonment_rate']} · hire rate {data['hire_rate']}</p>
<h2>Pillars</h2><div class="card"><table><tr><th>pillar</th><th>average</th><th>hire</th><th>no hire</th>
<th>gap</th></tr>{rows}</table></div>
<h2>By outcome</h2><div class="card"><table><tr><th>outcome</th><th>sessions</th><th>coding s</th><th>testing s</th>
<th>code lines</th></tr>{out}</table></div></main></body></html>"""
