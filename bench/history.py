"""What a returning candidate waits for: the history list, Grind 75 progress, and the report's
PDF and Markdown downloads, against a real `viva serve` (text only) holding N finished interviews.

Each figure comes with a reference measured in the same run, since the machine is noisy:
- the history and progress calls against `GET /api/candidate` (same auth, no session read);
- the report's PDF against Chromium printing a one-line page (the same printer, no report).

    .venv/bin/python bench/history.py                  # 30 interviews
    .venv/bin/python bench/history.py --sessions 60 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Any, Callable

import httpx
from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import console, summary, table  # noqa: E402

from viva.server.pdf import html_to_pdf  # noqa: E402
from viva.sim.cli import local_server  # noqa: E402

PROBLEMS = ["two-sum", "valid-parentheses", "contains-duplicate", "climbing-stairs", "binary-search"]


LINES = ["Can the input be empty?", "Are there duplicates?", "I'd start with brute force, checking every pair.",
         "That's O(n squared); a hash map makes it one pass, O(n) time and O(n) space.",
         "I'll code the hash map version now.", "Let me trace the first example by hand.",
         "Edge cases: an empty list, one element, all equal values.", "I think I'm done."]


def finish_one(base: str, key: str, problem: str) -> str:
    """A text interview of the size of a real one (every line twice, a dozen code snapshots, a
    run), ended and scored, as the candidate with `key`."""
    s = httpx.post(f"{base}/api/sessions", json={"problem_id": problem, "mode": "text"},
                   headers={"X-Viva-Candidate": key}, timeout=30).json()
    starter = s["problem"]["starter"]["python"]
    ws_url = base.replace("http", "ws", 1) + f"/ws/sessions/{s['session_id']}?token={s['token']}"
    with connect(ws_url, open_timeout=10, max_size=None) as ws:
        ws.send(json.dumps({"type": "hello"}))
        for i, line in enumerate(LINES * 2):
            ws.send(json.dumps({"type": "text", "text": line}))
            ws.send(json.dumps({"type": "code", "code": starter + f"\n# step {i}\n", "language": "python"}))
        ws.send(json.dumps({"type": "run", "code": starter, "language": "python"}))
        ws.send(json.dumps({"type": "end"}))
        while json.loads(ws.recv(timeout=120)).get("type") != "report_ready":
            pass
    return s["session_id"]


def timed(n: int, call: Callable[[], Any]) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def get_ok(client: httpx.Client, path: str) -> Callable[[], None]:
    def call() -> None:
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:200])
    return call


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--pdfs", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ["VIVA_VOICE"] = "0"  # the child server inherits it: no speech engines to load
    os.environ["VIVA_RATE_SESSIONS_PER_MIN"] = "0"  # one client making a hundred interviews on purpose
    key = secrets.token_urlsafe(32)
    with local_server() as base:
        client = httpx.Client(base_url=base, timeout=120, headers={"X-Viva-Candidate": key})
        assert client.post("/api/candidate", json={"key": key}).status_code == 200
        t0 = time.monotonic()
        ids = [finish_one(base, key, PROBLEMS[i % len(PROBLEMS)]) for i in range(args.sessions)]
        console.print(f"{len(ids)} interviews finished in {time.monotonic() - t0:.0f} s")
        events = len(client.get(f"/api/sessions/{ids[0]}/events", params={"limit": 10000}).json()["events"])
        console.print(f"{events} events in the first interview")
        rows, figures = [], {"events_per_interview": events}
        ref = summary(timed(args.repeat, get_ok(client, "/api/candidate")))
        for name, path in [("history", "/api/candidate/sessions"), ("progress", "/api/candidate/progress"),
                           ("markdown", f"/sessions/{ids[0]}/report.md")]:
            got = summary(timed(args.repeat, get_ok(client, path)))
            figures[name] = {**got, "reference_p50": ref["p50"], "ratio_p50": got["p50"] / ref["p50"]}
            rows.append([name, got["p50"], got["p95"], ref["p50"], got["p50"] / ref["p50"]])
        pdf = summary(timed(args.pdfs, get_ok(client, f"/sessions/{ids[0]}/report.pdf")))
        blank = summary(timed(args.pdfs, lambda: asyncio.run(html_to_pdf("<p>reference</p>"))))
        figures["pdf"] = {**pdf, "reference_p50": blank["p50"], "ratio_p50": pdf["p50"] / blank["p50"]}
        rows.append(["pdf", pdf["p50"], pdf["p95"], blank["p50"], pdf["p50"] / blank["p50"]])
    table(f"A returning candidate with {args.sessions} interviews (ms)",
          ["call", "p50", "p95", "reference p50", "ratio"], rows)
    if args.json:
        args.json.write_text(json.dumps({"sessions": args.sessions, "figures": figures}, indent=2))


if __name__ == "__main__":
    main()
