"""Where candidate code runs: bubblewrap with rlimits, seccomp and cgroups, or (only when asked
for explicitly) an unisolated local mode that warns on every run.

Layers, outermost first (FIELD-NOTES "Sandbox isolation"):
  cgroup v1 memory+pids (when writable)  - the only unambiguous memory-kill signal
  setuid to a per-slot unprivileged uid  - RLIMIT_NPROC counts per uid, and root ignores it
  rlimits set before exec                - AS for Python; DATA + --max-old-space-size for Node
  bwrap --unshare-all --clearenv         - no network, no host files beyond /usr, empty env
  seccomp                                - threads yes, new processes no
  the launcher's wall clock, output caps and process-group kill (process.py)
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import atexit
import ctypes
import hashlib
import logging
import os
import platform
import resource
import shutil
import struct
import tempfile
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, Protocol

from viva.judge.languages import CompileLimits, Toolchain, toolchain
from viva.judge.process import Limits, Outcome, run_process
from viva.problems.schema import Problem

log = logging.getLogger("viva.judge")

HARNESS_DIR = Path(__file__).parent / "harness"
CGROUP_ROOT = Path("/sys/fs/cgroup")
SLOT_UID_BASE = 61000
PR_SET_PDEATHSIG = 1
COMPILE_TMP_BYTES = 256 * 1024 * 1024
JUDGE_NICENESS = 5


class SandboxUnavailable(RuntimeError):
    """No acceptable isolation works on this machine; the judge refuses to run code."""


class Mode(str, Enum):
    bubblewrap = "bubblewrap"
    unsafe_local = "unsafe-local"


MakeJob = Callable[[str], bytes]


class Sandbox(Protocol):
    @property
    def slots(self) -> int:
        """How many runs it takes at once."""
        ...

    async def execute(self, language: str, code: str, make_job: MakeJob, limits: Limits,
                      problem: Problem | None = None) -> Outcome: ...


@dataclass
class Capabilities:
    """What isolation this machine offers, as found by the start-up self-test."""

    bubblewrap: bool = False
    cgroup_memory: bool = False
    cgroup_pids: bool = False
    seccomp: bool = False
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [name for name in ("bubblewrap", "cgroup_memory", "cgroup_pids", "seccomp") if getattr(self, name)]
        return "+".join(parts) or "none"


# ---- seccomp: a classic BPF filter, assembled here because bwrap takes raw BPF on an fd ----

_AUDIT_ARCH_X86_64 = 0xC000003E
_NR = {"clone": 56, "fork": 57, "vfork": 58, "clone3": 435}
_CLONE_THREAD = 0x00010000
_RET_ALLOW, _RET_KILL = 0x7FFF0000, 0x80000000
_RET_EPERM, _RET_ENOSYS = 0x00050000 | 1, 0x00050000 | 38


def _bpf(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def seccomp_filter() -> bytes | None:
    """Allow threads, refuse new processes. None on architectures we have not written it for."""
    if platform.machine() != "x86_64":
        return None
    ld, jeq, jset, jge, ret = 0x20, 0x15, 0x45, 0x35, 0x06
    prog = [
        _bpf(ld, 0, 0, 4),  # arch
        _bpf(jeq, 1, 0, _AUDIT_ARCH_X86_64),
        _bpf(ret, 0, 0, _RET_KILL),
        _bpf(ld, 0, 0, 0),  # syscall number
        _bpf(jge, 7, 0, 0x40000000),  # x32 ABI -> EPERM
        _bpf(jeq, 6, 0, _NR["fork"]),
        _bpf(jeq, 5, 0, _NR["vfork"]),
        _bpf(jeq, 5, 0, _NR["clone3"]),  # ENOSYS makes libc fall back to clone, which we can inspect
        _bpf(jeq, 0, 2, _NR["clone"]),
        _bpf(ld, 0, 0, 16),  # clone flags, low word
        _bpf(jset, 0, 1, _CLONE_THREAD),
        _bpf(ret, 0, 0, _RET_ALLOW),
        _bpf(ret, 0, 0, _RET_EPERM),
        _bpf(ret, 0, 0, _RET_ENOSYS),
    ]
    return b"".join(prog)


# ---- cgroups v1 (memory, pids) ----------------------------------------------------------

def slot_uid(slot: int) -> int:
    """A uid of its own per slot and per process, since RLIMIT_NPROC counts per uid."""
    return SLOT_UID_BASE + (os.getpid() % 4000) * 16 + slot


class CgroupSlot:
    """A memory+pids cgroup per pool slot, reset before every run, removed at exit."""

    def __init__(self, slot: int, caps: Capabilities) -> None:
        name = f"p{os.getpid()}-s{slot}"
        self.memory = CGROUP_ROOT / "memory" / "viva" / name if caps.cgroup_memory else None
        self.pids = CGROUP_ROOT / "pids" / "viva" / name if caps.cgroup_pids else None
        for d in (self.memory, self.pids):
            if d:
                d.mkdir(parents=True, exist_ok=True)
        atexit.register(self.remove)

    def remove(self) -> None:
        for d in (self.memory, self.pids):
            if d:
                try:
                    d.rmdir()
                except OSError:
                    pass

    def prepare(self, memory_bytes: int, processes: int) -> None:
        if self.memory:
            # memsw must stay >= the memory limit at every step, so raise it first, lower it last.
            _write(self.memory / "memory.memsw.limit_in_bytes", "-1", quiet=True)
            _write(self.memory / "memory.limit_in_bytes", "-1")
            _write(self.memory / "memory.force_empty", "0", quiet=True)
            _write(self.memory / "memory.max_usage_in_bytes", "0", quiet=True)
            _write(self.memory / "memory.failcnt", "0", quiet=True)
            _write(self.memory / "memory.limit_in_bytes", str(memory_bytes))
            _write(self.memory / "memory.memsw.limit_in_bytes", str(memory_bytes), quiet=True)
        if self.pids:
            _write(self.pids / "pids.max", str(processes))

    def join(self) -> None:
        """Runs in the child between fork and exec: only raw writes, no logging."""
        for d in (self.memory, self.pids):
            if d:
                with open(d / "cgroup.procs", "w") as f:
                    f.write(str(os.getpid()))

    def usage(self) -> tuple[int | None, bool]:
        if not self.memory:
            return None, False
        peak = int(_read(self.memory / "memory.max_usage_in_bytes") or 0)
        oom = "oom_kill 0" not in (_read(self.memory / "memory.oom_control") or "oom_kill 0")
        failcnt = int(_read(self.memory / "memory.failcnt") or 0)
        return peak // 1024, oom or failcnt > 0

    def reset_oom_counter(self) -> int:
        text = _read(self.memory / "memory.oom_control") if self.memory else ""
        for line in (text or "").splitlines():
            if line.startswith("oom_kill "):
                return int(line.split()[1])
        return 0

    def drain(self, notes: list[str], timeout_s: float = 3.0) -> None:
        """Kill whatever is still in the slot's cgroup and wait until it is empty, so that
        nothing of one run is alive when the next starts, or when the caller gets its result."""
        deadline = time.monotonic() + timeout_s
        while True:
            pids = self.leftover_pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
            if time.monotonic() > deadline:
                notes.append(f"processes {pids} outlived the run")
                log.error("judge: processes %s in a sandbox cgroup would not die", pids)
                return
            time.sleep(0.005)

    def leftover_pids(self) -> list[int]:
        if not self.pids:
            return []
        return [int(p) for p in (_read(self.pids / "cgroup.procs") or "").split()]


def memory_budget(limits: Limits, tool: Toolchain) -> int:
    # A runtime's own resident size (Node's ~45 MB, a JVM's) sits on top of the candidate's budget.
    return (limits.memory_mb + tool.memory_overhead_mb) * 1024 * 1024


def _write(path: Path, value: str, quiet: bool = False) -> None:
    try:
        path.write_text(value)
    except OSError:
        if not quiet:
            raise


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


# ---- the runtimes ---------------------------------------------------------------------------

def set_rlimits(limits: Limits, tool: Toolchain) -> None:
    mem = limits.memory_mb * 1024 * 1024
    # Deep recursion is legitimate (memoized DFS over 10^4..10^5 states): give the main thread a
    # big stack, and an address-space limit room for it on top of the memory budget.
    resource.setrlimit(resource.RLIMIT_STACK, (tool.stack_bytes, tool.stack_bytes))
    if tool.memory_rlimit == "address_space":
        resource.setrlimit(resource.RLIMIT_AS, (mem + tool.stack_bytes + 64 * 1024 * 1024,) * 2)
    elif tool.memory_rlimit == "data":
        # V8 hangs under RLIMIT_AS (it reserves address space up front); DATA counts only what
        # it actually maps writable. glibc gives every thread a stack of RLIMIT_STACK, and those
        # stacks count as DATA too, so the limit leaves room for the runtime's few threads.
        resource.setrlimit(resource.RLIMIT_DATA, (mem * 3 + tool.threads * tool.stack_bytes,) * 2)
    resource.setrlimit(resource.RLIMIT_NPROC, (max(limits.processes, tool.threads + 8),) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    cpu = int(limits.wall_s) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def set_compile_rlimits(limits: CompileLimits) -> None:
    # Memory is the cgroup's to hold (compilers map far more than they touch); the rest caps a
    # compiler bomb: processes, output files, CPU.
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (128 * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (512, 512))
    cpu = int(limits.wall_s) * 2 + 2  # a parallel compiler spends CPU faster than the wall clock
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def compile_failed(out: Outcome, limits: CompileLimits) -> Outcome:
    """What a failed compile leaves: the compiler's words, and which cap it hit, if any."""
    text = (out.stdout + out.stderr).decode("utf-8", "replace")
    limit = "time" if out.timed_out else "memory" if out.memory_killed else None
    if out.output_exceeded:
        text += "\n(the compiler's output was cut off)"
    return Outcome(returncode=out.returncode, wall_ms=out.wall_ms, compiled=False, compile_output=text,
                   compile_ms=out.wall_ms, compile_limit=limit, memory_kb=out.memory_kb, notes=out.notes,
                   memory_killed=limit == "memory")


def _set_pdeathsig() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)


# ---- the sandboxes ----------------------------------------------------------------------------

class Bubblewrap:
    """bubblewrap as an unprivileged uid, one slot per concurrent run."""

    def __init__(self, caps: Capabilities, slots: int, bwrap: str = "bwrap") -> None:
        self.caps = caps
        self.bwrap = shutil.which(bwrap) or bwrap
        self._free: asyncio.Queue[int] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = min(slots, 16)
        # Runs wait on threads of their own: a slow run must never hold a thread another session's
        # store write or speech needs (the loop's default executor is shared).
        self._threads = ThreadPoolExecutor(max_workers=self._slots, thread_name_prefix="judge")
        self._cgroups = {s: CgroupSlot(s, caps) for s in range(slots)} if os.geteuid() == 0 else {}
        self._builds = Builds()
        self._filter = seccomp_filter() if caps.seccomp else None

    def _queue(self) -> asyncio.Queue[int]:
        # Queues belong to one event loop; a sandbox outliving its loop (CLI, tests) gets a new one.
        loop = asyncio.get_running_loop()
        if self._free is None or self._loop is not loop:
            self._loop = loop
            self._free = asyncio.Queue()
            for s in range(self._slots):
                self._free.put_nowait(s)
        return self._free

    @property
    def slots(self) -> int:
        return self._slots

    async def execute(self, language: str, code: str, make_job: MakeJob, limits: Limits,
                      problem: Problem | None = None) -> Outcome:
        free = self._queue()
        slot = await free.get()
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._threads, self.run_blocking, slot, language, code, make_job, limits, problem)
        finally:
            free.put_nowait(slot)

    def argv(self, tool: Toolchain, command: list[str], seccomp_fd: int | None, tmp_bytes: int) -> list[str]:
        argv = [
            self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            "--cap-drop", "ALL", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin",
            "--proc", "/proc", "--dev", "/dev",
            "--size", str(tmp_bytes), "--tmpfs", "/tmp",
            "--ro-bind", str(HARNESS_DIR), "/harness",
            "--bind", "{scratch}", "/box", "--chdir", "/box",
            "--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/box", "--setenv", "LANG", "C.UTF-8",
        ]
        for host, inside in tool.binds():
            argv += ["--ro-bind", host, inside]
        for name, value in tool.env:
            argv += ["--setenv", name, value]
        if seccomp_fd is not None:
            argv += ["--seccomp", str(seccomp_fd)]
        return argv + ["--", *command]

    def run_blocking(self, slot: int, language: str, code: str, make_job: MakeJob, limits: Limits,
                     problem: Problem | None = None) -> Outcome:
        tool = toolchain(language)
        uid = slot_uid(slot)
        cgroup = self._cgroups.get(slot)
        with tempfile.TemporaryDirectory(prefix=f"viva-box-{os.getpid()}-") as scratch:
            box = Path(scratch) / "box"
            box.mkdir()
            files, offset = tool.files(problem, code)
            for name, text in files.items():
                (box / name).write_text(text, encoding="utf-8")
            if os.geteuid() == 0:
                for p in (box, *box.iterdir()):
                    os.chown(p, uid, uid)
                os.chmod(scratch, 0o755)
            compile_ms = 0.0
            key = self._builds.key(language, files) if tool.compile_argv is not None else None
            if key is not None and not self._builds.restore(key, box, uid if os.geteuid() == 0 else None):
                climits = CompileLimits()
                built = self._spawn(slot, uid, cgroup, box, tool, tool.compile_argv("/harness"), b"",
                                    Limits(wall_s=climits.wall_s, memory_mb=climits.memory_mb,
                                           output_bytes=climits.output_bytes, processes=climits.processes),
                                    compile_limits=climits)
                if built.returncode != 0 or built.timed_out or built.memory_killed:
                    failed = compile_failed(built, climits)
                    failed.line_offset = offset
                    return failed
                compile_ms = built.wall_ms
                _flush(box)
                self._builds.keep(key, box)
            out = self._spawn(slot, uid, cgroup, box, tool, tool.run_argv(limits, "/harness"),
                              make_job(f"/box/{tool.program}"), limits)
            if tool.compile_argv is not None:
                out.compiled, out.compile_ms = True, compile_ms
            out.line_offset = offset
            return out

    def _spawn(self, slot: int, uid: int, cgroup: "CgroupSlot | None", box: Path, tool: Toolchain,
               command: list[str], stdin: bytes, limits: Limits,
               compile_limits: CompileLimits | None = None) -> Outcome:
        """One process in the box: the run (seccomp: no new processes) or a compile (compilers
        fork; they get their own caps and a bigger /tmp, and nothing of the candidate's runs)."""
        compiling = compile_limits is not None
        seccomp_fd = _memfd(self._filter) if self._filter and not compiling else None
        tmp_bytes = COMPILE_TMP_BYTES if compiling else limits.file_bytes
        argv = [a.replace("{scratch}", str(box)) for a in self.argv(tool, command, seccomp_fd, tmp_bytes)]
        if cgroup:
            budget = (compile_limits.memory_mb * 1024 * 1024 if compile_limits
                      else memory_budget(limits, tool))
            cgroup.prepare(budget, limits.processes if not compiling else compile_limits.processes)  # type: ignore[union-attr]
        ooms_before = cgroup.reset_oom_counter() if cgroup else 0

        def preexec() -> None:
            if cgroup:
                cgroup.join()
            # Candidate code and compilers yield the CPU to the interview itself: a javac or a
            # busy loop must not make the voice pipeline fall behind real time.
            os.nice(JUDGE_NICENESS)
            if compile_limits is not None:
                set_compile_rlimits(compile_limits)
            else:
                set_rlimits(limits, tool)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            _set_pdeathsig()  # after setuid, which clears it

        try:
            out = run_process(argv, stdin, limits, preexec=preexec,
                              extra_fds=(seccomp_fd,) if seccomp_fd else ())
        finally:
            if seccomp_fd is not None:
                os.close(seccomp_fd)
        if cgroup:
            out.memory_kb, _ = cgroup.usage()
            out.memory_killed = cgroup.reset_oom_counter() > ooms_before
            cgroup.drain(out.notes)
        if out.stderr.startswith(b"bwrap:"):
            out.notes.append(out.stderr.decode(errors="replace").strip())
        return out


class UnsafeLocal:
    """No isolation at all: for development on machines without user namespaces, when asked for."""

    def __init__(self, slots: int) -> None:
        self._sem: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = slots
        self._threads = ThreadPoolExecutor(max_workers=max(1, slots), thread_name_prefix="judge")

    @property
    def slots(self) -> int:
        return self._slots

    async def execute(self, language: str, code: str, make_job: MakeJob, limits: Limits,
                      problem: Problem | None = None) -> Outcome:
        log.warning("judge: running candidate code WITHOUT a sandbox (VIVA_JUDGE_SANDBOX=unsafe-local)")
        loop = asyncio.get_running_loop()
        if self._sem is None or self._loop is not loop:
            self._sem, self._loop = asyncio.Semaphore(self._slots), loop
        async with self._sem:
            return await asyncio.get_running_loop().run_in_executor(
                self._threads, self.run_blocking, language, code, make_job, limits, problem)

    def run_blocking(self, language: str, code: str, make_job: MakeJob, limits: Limits,
                     problem: Problem | None = None) -> Outcome:
        tool = toolchain(language)
        with tempfile.TemporaryDirectory(prefix="viva-unsafe-") as scratch:
            files, offset = tool.files(problem, code)
            for name, text in files.items():
                (Path(scratch) / name).write_text(text, encoding="utf-8")
            # Binds become symlinks at the same paths would need root; the local mode points the
            # toolchain's environment at the host paths instead.
            env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": scratch, **dict(tool.env)}
            for host, inside in tool.binds():
                env = {k: v.replace(inside, host) for k, v in env.items()}
            compile_ms = 0.0
            if tool.compile_argv is not None:
                climits = CompileLimits()
                built = run_process(tool.compile_argv(str(HARNESS_DIR)), b"",
                                    Limits(wall_s=climits.wall_s, output_bytes=climits.output_bytes),
                                    cwd=scratch, env=env, preexec=lambda: set_compile_rlimits(climits))
                if built.returncode != 0 or built.timed_out:
                    failed = compile_failed(built, climits)
                    failed.line_offset = offset
                    return failed
                compile_ms = built.wall_ms
            out = run_process(tool.run_argv(limits, str(HARNESS_DIR)), make_job(str(Path(scratch) / tool.program)),
                              limits, cwd=scratch, env=env, preexec=lambda: set_rlimits(limits, tool))
            if tool.compile_argv is not None:
                out.compiled, out.compile_ms = True, compile_ms
            out.line_offset = offset
            return out


class Builds:
    """The last few compiled boxes, by language and the exact files compiled: the performance run
    right after the tests, and a Run of unchanged code, skip the compiler (0.3-0.9 s)."""

    def __init__(self, keep: int = 8) -> None:
        self._keep = keep
        self._dir: Path | None = None
        self._order: list[str] = []
        self._lock = threading.Lock()

    @staticmethod
    def key(language: str, files: dict[str, str]) -> str:
        h = hashlib.sha256(language.encode())
        for name in sorted(files):
            h.update(b"\0" + name.encode() + b"\0" + files[name].encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def restore(self, key: str, box: Path, uid: int | None) -> bool:
        with self._lock:
            if self._dir is None or key not in self._order:
                return False
            shutil.copytree(self._dir / key, box, dirs_exist_ok=True, symlinks=True)
            self._order.remove(key)
            self._order.append(key)
        if uid is not None:
            for p in box.rglob("*"):
                os.lchown(p, uid, uid)
        return True

    def keep(self, key: str, box: Path) -> None:
        with self._lock:
            if self._dir is None:
                self._dir = Path(tempfile.mkdtemp(prefix=f"viva-builds-{os.getpid()}-"))
                atexit.register(shutil.rmtree, self._dir, True)
            if key in self._order:
                return
            shutil.copytree(box, self._dir / key, symlinks=True)
            self._order.append(key)
            while len(self._order) > self._keep:
                shutil.rmtree(self._dir / self._order.pop(0), ignore_errors=True)


def _flush(box: Path) -> None:
    """Write what the compiler produced to disk now: emptying the slot's memory cgroup before the
    run otherwise waits ~100 ms for the kernel's writeback of those dirty pages."""
    for f in box.rglob("*"):
        if f.is_file() and not f.is_symlink():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _memfd(data: bytes) -> int:
    fd = os.memfd_create("viva-seccomp", 0)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    if fd <= 3:  # fd 3 is where the harness's result pipe goes
        high = os.dup2(fd, 20)
        os.close(fd)
        fd = high
    return fd
