"""The judge as a service: start-up self-test, the pool, and the one `submit` everyone calls."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from viva.judge.core import judge
from viva.judge.process import Limits, run_process
from viva.judge.sandbox import (
    CGROUP_ROOT, Bubblewrap, Capabilities, Mode, Sandbox, SandboxUnavailable, UnsafeLocal, seccomp_filter,
)
from viva.judge.verdicts import CustomRunResult, JudgeResult
from viva.problems.loader import get_problem
from viva.problems.schema import Language

if TYPE_CHECKING:
    from viva.config import Settings
    from viva.judge.queue import RedisJudgeQueue

log = logging.getLogger("viva.judge")
MAX_SOURCE_BYTES = 100_000  # as the API and the WebSocket take it


def probe_capabilities() -> Capabilities:
    """Find out what isolation works here, by trying it."""
    caps = Capabilities()
    bwrap = shutil.which("bwrap")
    if not bwrap:
        caps.notes.append("bwrap is not installed (Debian package bubblewrap)")
        return caps
    uid = 61000 if os.geteuid() == 0 else None

    def drop() -> None:
        if uid is not None:
            os.setgid(uid)
            os.setuid(uid)

    try:
        probe = subprocess.run(
            [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr",
             "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc",
             "--", "/usr/bin/true"],
            capture_output=True, timeout=10, preexec_fn=drop, env={})
        caps.bubblewrap = probe.returncode == 0
        if not caps.bubblewrap:
            caps.notes.append("bwrap cannot create namespaces here: "
                              + probe.stderr.decode(errors="replace").strip())
    except (OSError, subprocess.TimeoutExpired) as e:
        caps.notes.append(f"bwrap failed to start: {e}")
    if os.geteuid() == 0:
        for controller in ("memory", "pids"):
            d = CGROUP_ROOT / controller / "viva"
            try:
                d.mkdir(parents=True, exist_ok=True)
                setattr(caps, f"cgroup_{controller}", (d / "cgroup.procs").exists())
            except OSError as e:
                caps.notes.append(f"cgroup {controller} not writable: {e}")
    else:
        caps.notes.append("not root: no cgroups, and every slot shares this uid")
    if caps.bubblewrap and seccomp_filter() is not None:
        caps.seccomp = _seccomp_works(bwrap)
    return caps


def _seccomp_works(bwrap: str) -> bool:
    from viva.judge.sandbox import _memfd

    fd = _memfd(seccomp_filter() or b"")
    try:
        out = run_process(
            [bwrap, "--unshare-all", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
             "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "--proc", "/proc",
             "--seccomp", str(fd), "--", "/usr/bin/python3", "-I", "-c",
             "import os\ntry:\n    os.fork()\n    print('forked')\nexcept OSError:\n    print('refused')"],
            b"", Limits(wall_s=5), extra_fds=(fd,))
        return out.stdout.strip() == b"refused"
    finally:
        os.close(fd)


def default_slots() -> int:
    return max(1, os.cpu_count() or 1)


@lru_cache(maxsize=4)
def make_sandbox(mode: Mode = Mode.bubblewrap, slots: int | None = None) -> Sandbox:
    slots = slots or default_slots()
    if mode == Mode.unsafe_local:
        log.warning("judge: UNSAFE local mode was asked for; candidate code runs without isolation")
        return UnsafeLocal(slots)
    caps = probe_capabilities()
    if not caps.bubblewrap:
        raise SandboxUnavailable("; ".join(caps.notes) or "bubblewrap does not work here")
    log.info("judge: isolation %s, %d slots%s", caps.describe(), slots,
             f" ({'; '.join(caps.notes)})" if caps.notes else "")
    return Bubblewrap(caps, slots)


async def submit(problem_id: str, language: Language, code: str, *, sandbox: Sandbox | None = None,
                 limits: Limits | None = None, hidden: bool = True, perf_alongside: bool = False) -> JudgeResult:
    """Judge `code` against a problem's tests. The CLI, the HTTP API and the interviewer call this."""
    problem = get_problem(problem_id)
    return await judge(problem, language, code, sandbox or make_sandbox(), limits or Limits(), hidden=hidden,
                       perf_alongside=perf_alongside)


def harness_files() -> list[Path]:
    from viva.judge.sandbox import HARNESS_DIR

    return sorted(HARNESS_DIR.glob("harness.*"))


async def judge_file(path: Path, problem_id: str, language: str | None, *, as_json: bool) -> int:
    """`viva judge`: exit 0 when accepted, 1 when not, 2 on bad arguments or no sandbox."""
    import json
    import sys

    from viva.problems.loader import ProblemNotFound

    from viva.judge.languages import language_for_file
    from viva.problems.schema import LANGUAGES

    lang = language or language_for_file(path.name)
    if lang is None:
        print(f"viva judge: cannot tell the language of {path.name}; pass --language", file=sys.stderr)
        return 2
    if lang not in LANGUAGES:
        print(f"viva judge: unknown language {lang!r}; known: {', '.join(LANGUAGES)}", file=sys.stderr)
        return 2
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            print(f"viva judge: {path.name} is {path.stat().st_size} bytes; a solution is at most "
                  f"{MAX_SOURCE_BYTES} bytes", file=sys.stderr)
            return 2
        code = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"viva judge: cannot read {path}: {e}", file=sys.stderr)
        return 2
    try:
        # The CLI has the sandbox to itself: the performance run goes alongside the tests.
        result = await submit(problem_id, lang, code, sandbox=configured_sandbox(), limits=configured_limits(),
                              perf_alongside=True)
    except ProblemNotFound:
        print(f"viva judge: no problem {problem_id!r} (see `viva problems list`)", file=sys.stderr)
        return 2
    except SandboxUnavailable as e:
        print(f"viva judge: refusing to run code without a sandbox: {e}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(result.model_dump(mode="json", exclude_none=False), indent=2))
    else:
        print_result(result)
    return 0 if result.verdict.value == "accepted" else 1


def print_result(result: JudgeResult) -> None:
    from rich.console import Console

    console = Console()
    colour = "green" if result.verdict.value == "accepted" else "red"
    console.print(f"[bold {colour}]{result.verdict.value}[/]  {result.passed}/{result.total} tests  "
                  f"{result.time_ms:.0f} ms" + (f"  {result.memory_kb} KB" if result.memory_kb else ""))
    if result.message:
        console.print(result.message, markup=False)
    for t in result.tests:
        mark = "[green]✓[/]" if t.verdict.value == "accepted" else "[red]✗[/]"
        console.print(f" {mark} {t.name}: input {t.input} expected {t.expected} got {t.actual}"
                      + (f"  ({t.message})" if t.message else ""), highlight=False)
    if result.hidden_failed:
        console.print(f" hidden tests failed: {result.hidden_failed} ({', '.join(result.hidden_failed_names)})")
    if result.performance:
        p = result.performance
        console.print(f" performance: {p.verdict.value} ({p.time_ms} ms, limit {p.limit_ms} ms)")


def configured_limits(settings: "Settings | None" = None) -> Limits:
    from viva.config import get_settings

    s = settings or get_settings()
    return Limits(wall_s=s.judge_wall_s, memory_mb=s.judge_memory_mb, output_bytes=s.judge_output_bytes,
                  processes=s.judge_processes)


def configured_sandbox(settings: "Settings | None" = None) -> Sandbox:
    from viva.config import get_settings

    s = settings or get_settings()
    return make_sandbox(Mode(s.judge_sandbox), s.judge_slots or None)


class JudgeService:
    """The judge as the server holds it: one sandbox pool sized to the machine, made at start-up."""

    def __init__(self, sandbox: Sandbox | None, limits: Limits, unavailable: str | None = None,
                 queue: "RedisJudgeQueue | None" = None) -> None:
        self.sandbox = sandbox
        self.limits = limits
        self.unavailable = unavailable
        self.queue = queue  # scale-out: jobs go to `viva worker` processes over Redis
        self.in_flight = 0  # submissions waiting for a slot or running: the queue's depth and more

    @property
    def waiting(self) -> int:
        """Submissions queued and not yet judged: the Redis queue's depth, or those behind busy slots."""
        if self.queue is not None:
            return self.queue.depth()
        slots = self.sandbox.slots if self.sandbox is not None else 1
        return max(0, self.in_flight - max(1, slots))

    @classmethod
    def from_settings(cls, settings: "Settings | None" = None, local: bool = False) -> "JudgeService":
        """The judge as configured: in-process (the embedded default, and always for a worker:
        `local`), or jobs to `viva worker` over Redis when VIVA_JUDGE_QUEUE=redis."""
        from viva.config import get_settings

        s = settings or get_settings()
        if s.judge_queue == "redis" and not local:
            from viva.judge.queue import RedisJudgeQueue

            if not s.redis_url:
                raise ValueError("VIVA_JUDGE_QUEUE=redis needs VIVA_REDIS_URL")
            queue = RedisJudgeQueue(s.redis_url, max_depth=s.judge_queue_max, timeout_s=s.judge_timeout_s)
            return cls(None, configured_limits(s), queue=queue)
        try:
            return cls(configured_sandbox(s), configured_limits(s))
        except (SandboxUnavailable, ValueError) as e:
            log.error("judge: refusing to run candidate code: %s", e)
            return cls(None, configured_limits(s), unavailable=str(e))

    @contextlib.contextmanager
    def _counted(self) -> Iterator[None]:
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    async def submit(self, problem_id: str, language: Language, code: str) -> JudgeResult:
        if self.queue is not None:
            return await self.queue.submit(problem_id, language, code)
        if self.sandbox is None:
            raise SandboxUnavailable(self.unavailable or "no sandbox")
        with self._counted():
            return await submit(problem_id, language, code, sandbox=self.sandbox, limits=self.limits)

    async def try_input(self, problem_id: str, language: Language, code: str, text: str) -> CustomRunResult:
        """The candidate's code and the reference on the candidate's own input (raises InputError)."""
        from viva.judge.custom import try_input

        if self.queue is not None:
            return await self.queue.try_input(problem_id, language, code, text)
        if self.sandbox is None:
            raise SandboxUnavailable(self.unavailable or "no sandbox")
        with self._counted():
            return await try_input(get_problem(problem_id), language, code, text, self.sandbox, self.limits)
