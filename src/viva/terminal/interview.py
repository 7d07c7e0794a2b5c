"""`viva interview`: the same interview in the terminal, with the same brain, judge and store.

Type to talk. Commands: /code FILE (load your code from a file), /edit (open $EDITOR),
/run [FILE], /hint, /repeat, /end, /help.
"""

from __future__ import annotations

import asyncio
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from viva.config import Settings
from viva.events import (
    AgentUtterance, CodeRun, CueShown, Event, HintGiven, PhaseChanged, SegmentSummary, SessionEnded, SessionStarted,
)
from viva.interview.llm import LLMPhraser, OpenAIChat
from viva.interview.llm import config_from_settings as llm_config
from viva.interview.runner import InterviewRunner
from viva.interview.settings import BrainSettings
from viva.judge.sandbox import SandboxUnavailable
from viva.judge.service import JudgeService
from viva.problems import get_problem
from viva.store import SessionMeta, hash_token, new_session_id, new_token, open_store

HELP = "Commands: /code FILE, /edit, /run [FILE], /hint, /repeat, /end, /help. Anything else is said aloud."


class Terminal:
    def __init__(self, console: Console) -> None:
        self.console = console

    def show(self, event: Event) -> None:
        c = self.console
        if isinstance(event, AgentUtterance):
            c.print(f"[bold cyan]interviewer[/] {event.text}", highlight=False)
        elif isinstance(event, PhaseChanged):
            c.print(f"[dim]── {event.phase.replace('_', ' ')} ──[/]")
        elif isinstance(event, HintGiven):
            c.print(f"[yellow]hint ({event.level})[/]", highlight=False)
        elif isinstance(event, CueShown):
            c.print(Panel(event.text, style="magenta", expand=False))
        elif isinstance(event, SegmentSummary):
            c.print("[dim]" + "\n".join(f"  • {b}" for b in event.bullets) + "[/]", highlight=False)
        elif isinstance(event, CodeRun):
            r = event.result
            colour = "green" if r.verdict.value == "accepted" else "red"
            table = Table(title=f"[{colour}]{r.verdict.value}[/] {r.passed}/{r.total}", show_edge=False)
            for col in ("test", "verdict", "input", "expected", "actual"):
                table.add_column(col, overflow="fold")
            for t in r.tests:
                table.add_row(escape(t.name), t.verdict.value, escape(str(t.input)[:40]), escape(str(t.expected)[:30]),
                              escape(str(t.actual)[:30]))
            c.print(table)
            if r.hidden_failed:
                c.print(f"  hidden tests failed: {r.hidden_failed}")
            err = r.first_error
            if err is not None and err.kind:
                where = f" on line {err.line}: {err.source_line}" if err.line else ""
                c.print(f"  [red]{escape(err.kind + where)}[/]", highlight=False)  # code has [brackets]
        elif isinstance(event, SessionEnded):
            c.print("[bold]The interview has ended.[/]")


async def run_terminal(settings: Settings, problem_id: str | None, language: str, console: Console | None = None,
                       lines: "asyncio.Queue[str | None] | None" = None) -> int:
    console = console or Console()
    term = Terminal(console)
    store = open_store(settings)
    problem = get_problem(problem_id or "two-sum")
    judge = JudgeService.from_settings(settings)
    if judge.unavailable:
        console.print(f"[red]The judge refuses to run code here: {judge.unavailable}[/]")
    meta = SessionMeta(session_id=new_session_id(), token_hash=hash_token(new_token()), problem_id=problem.id,
                       language=language, mode="text")
    store.create(meta)

    async def emit(event: Event) -> Event:
        stored = await asyncio.to_thread(store.append, meta.session_id, event)
        term.show(stored)
        return stored

    await emit(SessionStarted(problem_id=problem.id, language=language, mode="text"))
    llm = llm_config(settings)
    phraser = LLMPhraser(problem, OpenAIChat(llm), llm) if llm else None
    runner = InterviewRunner(problem.id, [], emit, None if judge.unavailable else judge,
                             BrainSettings.from_settings(settings), phraser=phraser)
    console.print(f"[dim]session {meta.session_id} · {problem.title} · {language} · {HELP}[/]")
    await runner.start(time.time())
    code = getattr(problem.starter, language)
    while not runner.ended:
        line = await (lines.get() if lines else asyncio.to_thread(_read_line))
        if line is None:
            await runner.end(time.time(), "candidate left")
            break
        line = line.strip()
        await runner.tick(time.time())
        if not line:
            continue
        if not line.startswith("/"):
            await runner.utter(line, time.time())
            continue
        cmd, *args = shlex.split(line)
        if cmd == "/help":
            console.print(HELP)
        elif cmd == "/code" and args:
            code = _load(console, args[0]) or code
            await runner.code(code, language, time.time())
        elif cmd == "/edit":
            code = _edit(console, settings, code, language) or code
            await runner.code(code, language, time.time())
        elif cmd == "/run":
            if args:
                code = _load(console, args[0]) or code
            if runner.judge is None:
                console.print("[red]No sandbox: code cannot run here.[/]")
                continue
            try:
                await runner.run(code, language, time.time)
            except SandboxUnavailable as e:
                console.print(f"[red]{e}[/]")
        elif cmd == "/hint":
            await runner.utter("can I get a hint", time.time())
        elif cmd == "/repeat":
            await runner.utter("can you repeat the question", time.time())
        elif cmd == "/end":
            await runner.end(time.time(), "candidate")
        else:
            console.print(f"Unknown command {cmd}. {HELP}")
    store.close()
    console.print(f"[dim]Session {meta.session_id} is saved in {settings.sqlite_path}.[/]")
    return 0


def _read_line() -> str | None:
    try:
        return input("you> ")
    except EOFError:
        return None


def _load(console: Console, path: str) -> str | None:
    try:
        return Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        console.print(f"[red]Cannot read {path}: {e}[/]")
        return None


def _edit(console: Console, settings: Settings, code: str, language: str) -> str | None:
    editor = settings.editor or "vi"
    suffix = ".py" if language == "python" else ".js"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False) as f:
        f.write(code)
        path = f.name
    try:
        subprocess.run([*shlex.split(editor), path], check=False)
        return Path(path).read_text(encoding="utf-8")
    except OSError as e:
        console.print(f"[red]Cannot start {editor}: {e}. Use /code FILE instead.[/]")
        return None
    finally:
        Path(path).unlink(missing_ok=True)


def main(problem_id: str | None, language: str) -> int:
    from viva.config import get_settings
    from viva.problems import ProblemNotFound

    try:
        get_problem(problem_id or "two-sum")
    except ProblemNotFound:
        print(f"viva interview: no problem {problem_id!r} (see `viva problems list`)", file=sys.stderr)
        return 2
    return asyncio.run(run_terminal(get_settings(), problem_id, language))
