"""TypeScript: esbuild strips the types in the box, then the program runs on Node exactly as
JavaScript does, through `harness/ts/harness.js` (the JavaScript harness, plus LeetCode's `_Node`
and error lines mapped back to the .ts through esbuild's source map).

esbuild only parses: it does not type-check. A program LeetCode's `tsc` would reject for a type
error (`let x: number = "a"`) runs here, and is judged on what it does. Syntax errors, and the few
semantic errors esbuild reports (a name declared twice), are a `compilation_error` in the
candidate's lines.

The output is a classic script, not a module: esbuild keeps top-level `function`, `class`, `let`
and `const` declarations as they are (no `--format`, no bundling), so the harness finds the entry
points by name, as it does for JavaScript. Like LeetCode's `--alwaysStrict`, the output is strict.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

from viva.judge.languages import (
    JAVASCRIPT_TOOLCHAIN, NODE, CompileError, ToolchainMissing, Toolchain, _node_argv, first_line_error)
from viva.judge.process import Limits

SOURCE = "solution.ts"
PROGRAM = "solution.js"
ESBUILD = "node_modules/@esbuild/linux-x64/bin/esbuild"  # under the harness directory
# What `tsc` would be given for LeetCode's TypeScript: strict output, and (as tsc does for an
# ES2022 target) class fields with define semantics.
TSCONFIG = json.dumps({"compilerOptions": {"alwaysStrict": True, "useDefineForClassFields": True}},
                      separators=(",", ":"))
HARNESS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness")


def _compile_argv(harness_dir: str) -> list[str]:
    esbuild = [f"{harness_dir}/{ESBUILD}", SOURCE, f"--outfile={PROGRAM}", "--sourcemap", "--sources-content=false",
               "--target=es2022", "--charset=utf8", f"--tsconfig-raw={TSCONFIG}", "--log-level=error",
               "--log-limit=10", "--color=false"]
    return esbuild


def _run_argv(limits: Limits, harness_dir: str) -> list[str]:
    argv = _node_argv(limits, harness_dir)
    return [*argv[:-1], f"{harness_dir}/ts/harness.js"]


# esbuild writes each message as
#   ✘ [ERROR] Unexpected ";"
#   <blank>
#       solution.ts:2:10:
#         2 │   return [;
#           ╵           ^
# followed by any notes, indented, and ends with "1 error".
_HEAD = re.compile(r"^\S*\s*\[ERROR\]\s*(.*)$")
_WHERE = re.compile(rf"^\s+{re.escape(SOURCE)}:(\d+):(\d+):\s*$")


def _compile_message(output: str) -> CompileError:
    """esbuild's first error as `solution.ts:line:col: error: message` (1-based, like gcc's), then
    its excerpt, notes and any further errors, as esbuild wrote them."""
    lines = [ln.rstrip() for ln in output.splitlines()]
    for i, ln in enumerate(lines):
        head = _HEAD.match(ln)
        if not head:
            continue
        text = head.group(1).strip()
        rest = lines[i + 1:]
        at = next((k for k, x in enumerate(rest[:3]) if _WHERE.match(x)), None)
        where = _WHERE.match(rest[at]) if at is not None else None
        if at is not None:
            del rest[at]
        body = [x for x in rest if x.strip() and not re.fullmatch(r"\d+ errors?", x.strip())]
        if where:
            line = int(where.group(1))
            first = f"{SOURCE}:{line}:{int(where.group(2)) + 1}: error: {text}"
            return CompileError(message="\n".join([first, *body[:39]])[:4000], line=line, kind="error")
        return CompileError(message="\n".join([f"error: {text}", *body[:39]])[:4000], kind="error")
    return first_line_error(output, SOURCE)


def _setup() -> None:
    hint = "run ./dev setup (npm ci in src/viva/judge/harness)"
    if not os.access(NODE, os.X_OK):  # the sandbox runs this path, not whichever node is on PATH
        raise ToolchainMissing(f"node is not installed at {NODE}; install Node.js 20 or later")
    esbuild = os.path.join(HARNESS_DIR, ESBUILD)
    if not os.access(esbuild, os.X_OK):
        raise ToolchainMissing(hint)
    try:
        subprocess.run([esbuild, "--version"], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        raise ToolchainMissing(f"{esbuild} does not run ({e}); {hint}") from e


TOOLCHAIN = Toolchain(
    language="typescript", label="TypeScript", suffixes=(".ts",), source_name=SOURCE,
    program_name=PROGRAM, run_argv=_run_argv, compile_argv=_compile_argv, compile_message=_compile_message,
    memory_rlimit=JAVASCRIPT_TOOLCHAIN.memory_rlimit, memory_overhead_mb=JAVASCRIPT_TOOLCHAIN.memory_overhead_mb,
    stack_bytes=JAVASCRIPT_TOOLCHAIN.stack_bytes, threads=JAVASCRIPT_TOOLCHAIN.threads, setup=_setup,
    requires=(NODE, os.path.join(HARNESS_DIR, ESBUILD)))
