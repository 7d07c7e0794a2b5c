"""The judge's languages: how each lays out a candidate's program in the box, compiles it, runs it.

Every language speaks the same harness protocol (see `harness/harness.py`): the job arrives as
JSON on stdin, `{nonce, kind, entry, params, returns, output_arg, solution_path, tests: [{args}]}`,
and one record per test goes to fd 3 as `nonce + JSON`: `{i, actual, ms}`, `{i, error, cause}`,
`{i, wrong}`, `{i, memory: true}`, or once `{load_error}`. Values use the bank's encodings (lists
for linked lists, level order with nulls for trees, 1-indexed adjacency for graphs).

A compiled language adds a compile step, run in the same sandbox with its own limits
(`CompileLimits`): the box holds the candidate's file (`source_name`) and the files `driver`
generates for the problem; the compiler writes into the box; a non-zero exit is a
`compilation_error` whose message `compile_message` extracts for the candidate (and the
interviewer) to read, pointing at the candidate's own line numbers.

Each non-core language lives in a module of this package named for it, exporting `TOOLCHAIN`.
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal

from viva.judge.process import Limits
from viva.problems.schema import LANGUAGES, Language, Problem

PYTHON = "/usr/bin/python3"
NODE = "/usr/bin/node"
NODE_STACK_BYTES = 32 * 1024 * 1024
NODE_THREADS = 10  # main, 2 V8 workers (--v8-pool-size), libuv's 4, and a little slack


@dataclass(frozen=True)
class CompileLimits:
    """A compiler is a bigger program than the candidate's, and some are many processes."""

    wall_s: float = 15.0
    memory_mb: int = 1024
    processes: int = 256  # RLIMIT_NPROC counts threads: a JVM or `go build` runs dozens
    output_bytes: int = 64 * 1024


@dataclass(frozen=True)
class CompileError:
    message: str  # what the candidate reads: the compiler's own words, trimmed, in their line numbers
    line: int | None = None  # 1-based, in the candidate's code as typed
    kind: str | None = None  # e.g. "error", "SyntaxError"


def first_line_error(output: str, source_name: str) -> CompileError:
    """The usual `file:line:col: error: message` of gcc, javac, go and esbuild: the first error
    in the candidate's file, and the compiler's text from there on (at most 40 lines)."""
    lines = [ln for ln in output.splitlines() if ln.strip()]
    pattern = re.compile(rf"(?:^|/|\s){re.escape(source_name)}:(\d+)(?::\d+)?:?\s*(?:(?:fatal )?error:?)?\s*(.*)")
    for i, ln in enumerate(lines):
        m = pattern.search(ln)
        if m and "warning" not in ln.lower():
            return CompileError(message="\n".join(lines[i:i + 40])[:4000], line=int(m.group(1)), kind="error")
    return CompileError(message="\n".join(lines[:40])[:4000] or "the compiler failed without a message")


@dataclass(frozen=True)
class Toolchain:
    language: Language
    label: str  # as people write it: "C++", "TypeScript"
    suffixes: tuple[str, ...]  # file names `viva judge` recognises
    source_name: str  # the candidate's code, in the box
    # The program to run, cwd the box; harness_dir is where harness/ is mounted.
    run_argv: Callable[[Limits, str], list[str]]
    program_name: str = ""  # what the harness loads (solution_path); defaults to source_name
    compile_argv: Callable[[str], list[str]] | None = None  # cwd the box; given harness_dir
    # Files generated for the problem, written beside the candidate's (driver, prelude): name -> text.
    driver: Callable[[Problem], dict[str, str]] | None = None
    # The candidate's text as it goes into the box (Go's `package main`), and how many lines
    # that added at the top, so reported lines stay the candidate's.
    prepare: Callable[[str], tuple[str, int]] | None = None
    compile_message: Callable[[str], CompileError] | None = None
    # How memory is held besides the cgroup: RLIMIT_AS (CPython), RLIMIT_DATA (V8, which reserves
    # address space up front), or only the runtime's own flag (a JVM's -Xmx, Go's GOMEMLIMIT).
    memory_rlimit: Literal["address_space", "data", "none"] = "none"
    memory_overhead_mb: int = 16  # the runtime's own resident size, on top of the candidate's budget
    stack_bytes: int = 64 * 1024 * 1024
    threads: int = 1  # threads the runtime starts by itself (RLIMIT_NPROC counts them)
    env: tuple[tuple[str, str], ...] = ()  # for the compile step and the run
    # Host directories the box sees read-only, as (host, path in the sandbox): a warmed build
    # cache, a precompiled header. Made by `./dev setup`.
    binds: Callable[[], list[tuple[str, str]]] = field(default=lambda: [])
    # Run once by `./dev setup` (python -m viva.judge.languages): build those caches, check the
    # toolchain is there. Raises ToolchainMissing with what to install.
    setup: Callable[[], None] | None = None
    # Files that must exist for the language to be offered (its compiler, its runtime).
    requires: tuple[str, ...] = ()

    def missing(self) -> str | None:
        """Why this language cannot run here, or None."""
        gone = [r for r in self.requires if not Path(r).exists()]
        return f"not installed: {', '.join(gone)} (run ./dev setup)" if gone else None

    @property
    def program(self) -> str:
        return self.program_name or self.source_name

    def files(self, problem: Problem | None, code: str) -> tuple[dict[str, str], int]:
        """Everything the box holds before compiling, and the lines added above the candidate's."""
        text, offset = self.prepare(code) if self.prepare else (code, 0)
        files = {self.source_name: text}
        if self.driver and problem is not None:
            files.update(self.driver(problem))
        return files, offset

    def describe_compile_failure(self, output: str) -> CompileError:
        return (self.compile_message or (lambda o: first_line_error(o, self.source_name)))(output)


def _python_argv(limits: Limits, harness_dir: str) -> list[str]:
    return [PYTHON, "-I", "-B", "-X", "utf8", f"{harness_dir}/harness.py"]


def _node_argv(limits: Limits, harness_dir: str) -> list[str]:
    return [NODE, f"--max-old-space-size={limits.memory_mb}", "--stack-size=30000", "--v8-pool-size=2",
            f"{harness_dir}/harness.js"]


PYTHON_TOOLCHAIN = Toolchain(
    language="python", label="Python", suffixes=(".py",), source_name="solution.py", run_argv=_python_argv,
    memory_rlimit="address_space", memory_overhead_mb=16, requires=(PYTHON,))
JAVASCRIPT_TOOLCHAIN = Toolchain(
    language="javascript", label="JavaScript", suffixes=(".js", ".mjs", ".cjs"), source_name="solution.js",
    run_argv=_node_argv, memory_rlimit="data", memory_overhead_mb=64, stack_bytes=NODE_STACK_BYTES,
    threads=NODE_THREADS, requires=(NODE,))


def reachable_by_others(path: Path) -> bool:
    """Whether every existing directory above `path` lets other users through."""
    for parent in reversed(path.parents):
        try:
            if parent.exists() and not parent.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def sandbox_cache_dir(name: str) -> Path:
    """Where a language keeps what the sandbox binds read-only (a precompiled header, a built
    standard library). bwrap runs as the slot's uid and binds by path, so as root a cache under a
    0700 /root is out of reach: /var/cache/viva then."""
    from viva.config import get_settings

    preferred = get_settings().cache_dir / name
    if os.geteuid() != 0 or reachable_by_others(preferred):
        return preferred
    return Path("/var/cache/viva") / name


class UnknownLanguage(ValueError):
    pass


class ToolchainMissing(RuntimeError):
    """A language's compiler or runtime is not installed; the message says what to install."""


@lru_cache(maxsize=None)
def toolchain(language: str) -> Toolchain:
    if language == "python":
        return PYTHON_TOOLCHAIN
    if language == "javascript":
        return JAVASCRIPT_TOOLCHAIN
    if language not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    return importlib.import_module(f"viva.judge.languages.{language}").TOOLCHAIN


def language_for_file(name: str) -> Language | None:
    for lang in LANGUAGES:
        try:
            if any(name.endswith(s) for s in toolchain(lang).suffixes):
                return lang
        except (ImportError, AttributeError):
            continue
    return None


def availability() -> dict[str, str | None]:
    """Every language: None when it can run here, else why not. Checked at each call (cheap)."""
    out: dict[str, str | None] = {}
    for lang in LANGUAGES:
        try:
            out[lang] = toolchain(lang).missing()
        except ImportError:
            out[lang] = "this build does not include it"
    return out
