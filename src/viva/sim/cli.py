"""`viva simulate`: adversarial personas against the interviewer, graded pass or fail.

Text personas run through the real brain and sandbox on a virtual clock. With `--audio`, audio
personas speak to a real `viva serve` over the session WebSocket in real time (a server started
here on a free port, or the one at `--url`); without it they run as text from their script. Exit
code 1 when any grader fails, 2 on bad arguments.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import httpx

from viva.judge.service import JudgeService
from viva.problems import get_problem
from viva.sim.graders import GRADERS, grade
from viva.sim.persona_run import SimRun, run_text
from viva.sim.persona_spec import PersonaFileError, PersonaSpec, catalogue


def judge_fn(judge: JudgeService, problem_id: str):  # type: ignore[no-untyped-def]
    cache: dict[tuple[str, str], dict] = {}

    def run(code: str, language: str) -> dict:
        if (code, language) not in cache:
            result = asyncio.run(judge.submit(problem_id, language, code))  # type: ignore[arg-type]
            cache[(code, language)] = result.model_dump(mode="json")
        return cache[(code, language)]

    return run


def row(run: SimRun) -> dict[str, Any]:
    grades = grade(run)
    wire = run.wire
    return {"persona": run.persona.name, "mode": run.persona.mode if wire is not None else "text",
            "problem_id": run.problem.id, "language": run.language, "signal": run.report.signal,
            "expected_signal": run.persona.expect.signal,
            "pillars": {k: v.score for k, v in run.report.pillars.items()},
            "grades": {g.grader: {"status": g.status, "reasons": g.reasons} for g in grades},
            "failed": [g.grader for g in grades if g.failed],
            "response_ms": [round(ms) for _, ms in wire.responses] if wire is not None else [],
            "session_id": run.session_id}


@contextlib.contextmanager
def local_server() -> Iterator[str]:
    """`viva serve` in a child process on a free port, with a data directory of its own."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="viva-sim-") as data:
        # The child inherits this environment (its settings), with a data directory and port of its own.
        args = [sys.executable, "-m", "viva.cli", "serve", "--port", str(port)]
        with open(os.path.join(data, "server.log"), "wb") as log:
            proc = subprocess.Popen(["env", f"VIVA_DATA_DIR={data}", *args], stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"viva serve exited: {open(os.path.join(data, 'server.log')).read()[-1500:]}")
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("viva serve did not become healthy in 90 s")
                time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def simulate(specs: list[PersonaSpec], problem_id: str, language: str, judge: JudgeService, audio: bool,
             url: str | None = None, wait_cap_s: float = 20.0) -> list[dict[str, Any]]:
    problem = get_problem(problem_id)
    run = judge_fn(judge, problem.id)
    rows = [row(run_text(s, problem, language, judge=run)) for s in specs if not (audio and s.mode == "audio")]
    spoken = [s for s in specs if audio and s.mode == "audio"]
    if spoken:
        from viva.sim.persona_audio import run_audio

        with contextlib.ExitStack() as stack:
            base = url or stack.enter_context(local_server())
            rows += [row(run_audio(s, problem, language, base, wait_cap_s)) for s in spoken]
    return rows


def main(persona: str | None, all_: bool, audio: bool, as_json: bool, problem_id: str | None,
         language: str = "python", url: str | None = None) -> int:
    try:
        known = catalogue()
    except PersonaFileError as e:
        print(f"viva simulate: {e}", file=sys.stderr)
        return 2
    if persona and persona not in known:
        print(f"viva simulate: unknown persona {persona!r}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    if persona:
        specs = [known[persona]]
    elif all_:
        specs = list(known.values())
    else:  # the audio ones, or the text ones
        specs = [s for s in known.values() if (s.mode == "audio") == audio]
    from viva.config import get_settings

    judge = JudgeService.from_settings(get_settings())
    if judge.unavailable:
        print(f"viva simulate: the judge refuses to run code here: {judge.unavailable}", file=sys.stderr)
        return 2
    rows = simulate(specs, problem_id or "two-sum", language, judge, audio, url)
    failed = any(r["failed"] for r in rows)
    if as_json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    return 1 if failed else 0


MARK = {"pass": "[green]pass[/]", "fail": "[bold red]FAIL[/]", "n/a": "[dim]-[/]"}


def print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table("persona", "mode", "signal", *GRADERS, "reply p50")
    for r in rows:
        ms = sorted(r["response_ms"])
        signal = r["signal"] if r["signal"] in r["expected_signal"] else f"[red]{r['signal']}[/]"
        t.add_row(r["persona"], r["mode"], signal, *(MARK[r["grades"][g]["status"]] for g in GRADERS),
                  f"{ms[len(ms) // 2]} ms" if ms else "-")
    c = Console(width=200)
    c.print(t)
    for r in rows:
        for g, v in r["grades"].items():
            for reason in v["reasons"] if v["status"] == "fail" else []:
                c.print(f"[red]{r['persona']}[/] {g}: {reason}", highlight=False)
