"""The `viva` command (DESIGN §3)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

def cmd_worker(args: argparse.Namespace) -> int:
    from viva.config import get_settings
    from viva.judge.queue import Worker
    from viva.judge.service import JudgeService

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = get_settings()
    if not settings.redis_url:
        print("viva worker: set VIVA_REDIS_URL to the Redis the app nodes use", file=sys.stderr)
        return 2
    judge = JudgeService.from_settings(settings, local=True)
    if judge.sandbox is None:
        print(f"viva worker: this machine cannot run candidate code: {judge.unavailable}", file=sys.stderr)
        return 1
    try:
        Worker(settings.redis_url, judge, name=args.name, claim_idle_s=settings.judge_claim_s).run()
    except KeyboardInterrupt:
        pass
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from viva.config import get_settings
    from viva.server.app import create_app

    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.port
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    print(f"viva: serving on http://{host}:{port}/", flush=True)
    # proxy_headers off: uvicorn would take X-Forwarded-For from any local peer; the app trusts
    # only VIVA_TRUSTED_PROXIES (AppContext.client_of).
    uvicorn.run(app, host=host, port=port, log_level="info", ws_max_size=settings.ws_max_frame_bytes * 4,
                proxy_headers=False)
    return 0


def cmd_interview(args: argparse.Namespace) -> int:
    from viva.terminal import main as interview_main

    return interview_main(args.problem, args.language)


def cmd_problems(args: argparse.Namespace) -> int:
    from viva.problems import ProblemNotFound, get_problem, list_problems
    from viva.problems.schema import public_view

    if args.action == "import":
        return _import_problem(args)
    if args.action == "show":
        if not args.id:
            print("viva problems show: give a problem id", file=sys.stderr)
            return 2
        try:
            problem = get_problem(args.id)
        except ProblemNotFound:
            print(f"viva problems: no problem {args.id!r}", file=sys.stderr)
            return 1
        if args.json:
            print(json.dumps(public_view(problem), indent=2))
        else:
            from rich.console import Console
            from rich.markdown import Markdown

            console = Console()
            console.print(f"[bold]{problem.title}[/bold]  ({problem.difficulty.value}; {', '.join(problem.topics)})")
            console.print(Markdown(problem.statement))
            for i, e in enumerate(problem.examples, 1):
                console.print(f"Example {i}: {json.dumps(e.args)} -> {json.dumps(e.expected)}")
        return 0
    problems = list_problems()
    if args.json:
        print(json.dumps([p.summary() for p in problems], indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(problems)} problems")
    for col in ("id", "title", "difficulty", "topics"):
        table.add_column(col)
    for p in problems:
        table.add_row(p.id, p.title, p.difficulty.value, ", ".join(p.topics))
    Console(width=160).print(table)
    return 0


def _import_problem(args: argparse.Namespace) -> int:
    """`viva problems import FILE`: exit 0 when kept, 1 when refused, 2 on bad arguments."""
    from viva.config import get_settings
    from viva.judge.sandbox import SandboxUnavailable
    from viva.judge.service import configured_limits, configured_sandbox
    from viva.judge.validate import import_problem

    if not args.id:
        print("viva problems import: give a problem file (YAML in the bank's schema, or Markdown)", file=sys.stderr)
        return 2
    path = Path(args.id)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"viva problems import: cannot read {path}: {e}", file=sys.stderr)
        return 2
    try:
        report = asyncio.run(import_problem(text, path.name, configured_sandbox(), configured_limits(),
                                            get_settings().data_dir, replace=args.replace))
    except SandboxUnavailable as e:
        print(f"viva problems import: the reference cannot be checked without a sandbox: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(f"{'kept' if report.ok else 'refused'}: {report.problem_id or path.name}")
        for line in report.errors:
            print(f"  error: {line}")
        for line in report.checks:
            print(f"  ok: {line}")
        for line in report.warnings:
            print(f"  warning: {line}")
    return 0 if report.ok else 1


def cmd_judge(args: argparse.Namespace) -> int:
    from viva.judge.service import judge_file

    return asyncio.run(judge_file(Path(args.file), args.problem, args.language, as_json=args.json))


def cmd_simulate(args: argparse.Namespace) -> int:
    from viva.sim.cli import main as simulate_main

    return simulate_main(args.persona, args.all, args.audio, args.json, args.problem, args.language, args.url)


def cmd_report(args: argparse.Namespace) -> int:
    from viva.config import get_settings
    from viva.scoring.page import render
    from viva.scoring.service import session_report
    from viva.store import SessionNotFound, open_store

    store = open_store(get_settings())
    try:
        report = session_report(store, args.session_id)
    except SessionNotFound:
        print(f"viva report: no session {args.session_id!r}", file=sys.stderr)
        return 1
    finally:
        store.close()
    if report is None:
        print(f"viva report: session {args.session_id!r} has no report", file=sys.stderr)
        return 1
    if args.html:
        print(render(report.model_dump(mode="json"), for_print=True))  # a file: no controls that need the server
    elif args.json:
        print(report.model_dump_json(indent=2))
    else:
        from rich.console import Console

        c = Console()
        c.print(f"[bold]{report.signal.replace('_', ' ').title()}[/]  {report.problem_title}")
        for name, body in report.pillars.items():
            c.print(f"  {name:16} {body.score:>2}/10  ({body.confidence} confidence)")
        for r in report.recommendations:
            c.print(f"  • {r.advice} {r.example}", highlight=False)
    return 0


def cmd_analytics(args: argparse.Namespace) -> int:
    from viva.config import get_settings
    from viva.scoring.service import analytics
    from viva.store import open_store

    store = open_store(get_settings())
    try:
        data = analytics(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    c = Console()
    c.print(f"{data['sessions']} sessions, {data['completed']} completed (completion {data['completion_rate']}, "
            f"abandonment {data['abandonment_rate']}), hire rate {data['hire_rate']}")
    t = Table("pillar", "average", "hire", "no hire", "gap")
    for p, v in data["pillars"].items():
        t.add_row(p, *(str(v[k]) for k in ("average", "hire", "no_hire", "gap")))
    c.print(t)
    t = Table("outcome", "sessions", "coding s", "testing s", "code lines")
    for k, v in data["by_outcome"].items():
        t.add_row(k, *(str(v[x]) for x in ("sessions", "coding_s", "testing_s", "code_lines")))
    c.print(t)
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    """`viva sessions export ID` / `import FILE [--as ID] [--replace]`: exit 0 done, 1 no such session
    or refused (exists), 2 a bad file."""
    from viva.config import get_settings
    from viva.problems import ProblemNotFound, get_problem
    from viva.store import SessionExists, SessionNotFound, open_store
    from viva.store.sessionfile import SessionFileError, export_session, import_session, parse_events

    if args.action == "export":
        store = open_store(get_settings())
        try:
            sys.stdout.write(export_session(store, args.target))
        except SessionNotFound:
            print(f"viva sessions export: no session {args.target!r}", file=sys.stderr)
            return 1
        finally:
            store.close()
        return 0
    path = Path(args.target)
    try:
        events = parse_events(path.read_bytes().decode("utf-8"))
        get_problem(events[0].problem_id)  # type: ignore[attr-defined]  # parse_events: session_started
    except (OSError, UnicodeDecodeError) as e:
        print(f"viva sessions import: cannot read {path}: {e}", file=sys.stderr)
        return 2
    except SessionFileError as e:
        print(f"viva sessions import: {path}: {e}; nothing was written", file=sys.stderr)
        return 2
    except ProblemNotFound as e:
        print(f"viva sessions import: {path}: line 1: this build has no problem {e}; nothing was written",
              file=sys.stderr)
        return 2
    store = open_store(get_settings())
    try:
        done = import_session(store, args.as_id or path.stem, events, replace=args.replace)
    except SessionExists:
        print(f"viva sessions import: session {args.as_id or path.stem!r} exists; --replace overwrites it",
              file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"viva sessions import: {e}; give one with --as", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(f"imported {done.session_id}: {done.events} events")
    print(f"token: {done.token}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from viva.sim.replay_cmd import main as replay_main

    return replay_main(args.target, args.json, args.update, args.audio, args.url)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="viva", description="A voice-first mock coding interviewer.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the app (embedded defaults, no keys needed)")
    p.add_argument("--host", default=None, help="default 127.0.0.1 (VIVA_HOST)")
    p.add_argument("--port", type=int, default=None, help="default 8000 (VIVA_PORT)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("interview", help="a text interview in the terminal")
    p.add_argument("--problem", default=None)
    p.add_argument("--language", choices=("python", "javascript", "typescript", "java", "cpp", "go"),
                   default="python")
    p.set_defaults(func=cmd_interview)

    p = sub.add_parser("problems", help="list or show problems")
    p.add_argument("action", nargs="?", choices=("list", "show", "import"), default="list")
    p.add_argument("id", nargs="?", help="show: the problem id; import: the file")
    p.add_argument("--replace", action="store_true", help="import: overwrite a problem imported before")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_problems)

    p = sub.add_parser("judge", help="run a solution against a problem's tests")
    p.add_argument("file")
    p.add_argument("--problem", required=True)
    p.add_argument("--language", default=None,
                   help="python, javascript, typescript, java, cpp or go (default: from the file extension)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_judge)

    p = sub.add_parser("simulate", help="adversarial personas against the interviewer, graded pass or fail")
    p.add_argument("--persona", default=None, help="one persona (a file in viva/sim/persona_files)")
    p.add_argument("--all", action="store_true", help="every persona (audio ones as text unless --audio)")
    p.add_argument("--audio", action="store_true", help="audio personas speak to a real server in real time")
    p.add_argument("--json", action="store_true")
    p.add_argument("--problem", default=None)
    p.add_argument("--language", default="python", choices=["python", "javascript"])
    p.add_argument("--url", default=None, help="with --audio: a running viva serve (default: start one)")
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("report", help="a session's report")
    p.add_argument("session_id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--html", action="store_true")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("analytics", help="analytics across interviews")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_analytics)

    p = sub.add_parser("sessions", help="export a session as JSONL, or import one")
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("target", help="export: the session id; import: the .jsonl file")
    p.add_argument("--as", dest="as_id", default=None, help="import: the new session's id (default: the file's name)")
    p.add_argument("--replace", action="store_true", help="import: overwrite a session with that id")
    p.set_defaults(func=cmd_sessions)

    p = sub.add_parser("replay", help="re-run a recorded session on this build and show what changed")
    p.add_argument("target", metavar="SESSION_ID|FILE")
    p.add_argument("--json", action="store_true")
    p.add_argument("--update", action="store_true", help="FILE only: rewrite it with the replay's events")
    p.add_argument("--audio", action="store_true",
                   help="stream the session's recorded microphone audio (VIVA_RECORD_AUDIO) to a real server")
    p.add_argument("--url", default=None, help="with --audio: a running viva serve (default: start one)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("worker", help="a sandbox worker pulling judge jobs from Redis (VIVA_REDIS_URL)")
    p.add_argument("--name", default=None, help="its consumer name in the group (default: host-pid)")
    p.set_defaults(func=cmd_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
