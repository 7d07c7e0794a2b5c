"""Running one harness process: pipes with caps, the launcher's wall clock, group kill.

Three pipes come back: the candidate's stdout, stderr, and fd 3, where the harness writes its
result records. Each is capped; the first pipe past its cap ends the run.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

RESULT_FD = 3
RECORDS_CAP = 64 * 1024 * 1024  # perf tests can return large answers


@dataclass(frozen=True)
class Limits:
    wall_s: float = 5.0
    memory_mb: int = 128
    output_bytes: int = 1 * 1024 * 1024
    processes: int = 64
    file_bytes: int = 16 * 1024 * 1024


@dataclass
class Outcome:
    returncode: int | None
    stdout: bytes = b""
    stderr: bytes = b""
    records: bytes = b""
    wall_ms: float = 0.0
    timed_out: bool = False
    output_exceeded: bool = False
    killed_signal: int | None = None
    memory_kb: int | None = None
    memory_killed: bool = False
    notes: list[str] = field(default_factory=list)
    # Compiled languages: the compile step's result. A failed compile means nothing ran.
    compiled: bool | None = None  # None: nothing to compile
    compile_output: str = ""
    compile_ms: float = 0.0
    compile_limit: str | None = None  # "time" or "memory" when the compiler hit a cap
    line_offset: int = 0  # lines the language added above the candidate's code


def run_process(
    argv: Sequence[str],
    stdin: bytes,
    limits: Limits,
    *,
    preexec: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    extra_fds: Sequence[int] = (),
) -> Outcome:
    """Run argv to completion or until a limit trips; the whole process group dies either way."""
    rfd, wfd = os.pipe()
    os.set_inheritable(wfd, True)
    start = time.monotonic()

    def child_setup() -> None:
        # The harness expects its result pipe on fd 3 exactly.
        if wfd != RESULT_FD:
            os.dup2(wfd, RESULT_FD)
            os.set_inheritable(RESULT_FD, True)
        if preexec:
            preexec()

    try:
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=(wfd, RESULT_FD, *extra_fds) if wfd != RESULT_FD else (RESULT_FD, *extra_fds),
            preexec_fn=child_setup, start_new_session=True, env=env or {}, cwd=cwd,
        )
    finally:
        os.close(wfd)
    out = Outcome(returncode=None)
    buffers = {"stdout": bytearray(), "stderr": bytearray(), "records": bytearray()}
    caps = {"stdout": limits.output_bytes, "stderr": limits.output_bytes, "records": RECORDS_CAP}
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")  # type: ignore[arg-type]
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")  # type: ignore[arg-type]
    sel.register(rfd, selectors.EVENT_READ, "records")
    _feed_stdin(proc, stdin)
    deadline = start + limits.wall_s
    open_pipes = 3
    exited = False
    while open_pipes:
        if not exited and proc.poll() is not None:
            # The harness is done; anything still holding a pipe open is a leftover child.
            exited = True
            deadline = min(deadline, time.monotonic() + 0.2)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            out.timed_out = not exited
            break
        for key, _ in sel.select(timeout=min(remaining, 0.25)):
            name = key.data
            fd = key.fd if isinstance(key.fileobj, int) else key.fileobj.fileno()  # type: ignore[union-attr]
            chunk = os.read(fd, 65536)
            if not chunk:
                sel.unregister(key.fileobj)
                open_pipes -= 1
                continue
            buffers[name] += chunk
            if len(buffers[name]) > caps[name]:
                out.output_exceeded = True
                open_pipes = 0
                break
    _kill_group(proc)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        out.notes.append("process did not exit after SIGKILL")
    sel.close()
    os.close(rfd)
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()
    out.wall_ms = (time.monotonic() - start) * 1000
    out.returncode = proc.returncode
    if proc.returncode is not None and proc.returncode < 0:
        out.killed_signal = -proc.returncode
    out.stdout = bytes(buffers["stdout"][: limits.output_bytes])
    out.stderr = bytes(buffers["stderr"][: limits.output_bytes])
    out.records = bytes(buffers["records"])
    return out


def _feed_stdin(proc: subprocess.Popen[bytes], data: bytes) -> None:
    # The job is small next to a pipe buffer for ordinary tests, but perf inputs can be
    # megabytes, so write from a thread rather than risk a deadlock with our own reads.
    import threading

    def write() -> None:
        try:
            assert proc.stdin is not None
            proc.stdin.write(data)
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    threading.Thread(target=write, daemon=True).start()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
