"""C++: g++ in the box, LeetCode's conventions, a precompiled prelude.

The candidate writes what LeetCode shows (`class Solution { public: ... };`, no includes needed).
The box gets their `solution.cpp` and a generated `main.cpp`:

    #include "viva_prelude.h"      // <bits/stdc++.h>, using namespace std, the harness's JSON
    #include "viva_runtime.cpp"    // only without the prebuilt runtime object (-DVIVA_RUNTIME_INLINE)
    #include "viva_tree_node.h"    // the problem's node types, as LeetCode's comments declare them
    #include "solution.cpp"        // so g++ reports errors in the candidate's own line numbers
    void viva_case(...) { ... }    // read one test's args, call, encode the answer

and the harness runtime (main(), the records on fd 3, crash reports) is an object file built once.
`./dev setup` precompiles the prelude (`viva_prelude.h.gch`) and that object into a cache
directory mounted read-only at /pch; without it every compile parses the whole standard library
and compiles the runtime again, included into main.cpp (some 4 s of CPU instead of 0.5).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from viva.judge.languages import CompileError, Toolchain, ToolchainMissing, sandbox_cache_dir
from viva.judge.process import Limits
from viva.judge.languages.signatures import design_methods
from viva.problems.schema import Kind, Problem

log = logging.getLogger("viva.judge")

GXX = "/usr/bin/g++"
SOURCE = "solution.cpp"
DRIVER = "main.cpp"
PROGRAM = "solution"
RUNTIME_DIR = Path(__file__).resolve().parent.parent / "harness" / "cpp"
PRELUDE = "viva_prelude.h"
RUNTIME = "viva_runtime.cpp"
PCH_MOUNT = "/pch"  # where the cache directory appears in the box
# What LeetCode compiles with (C++20, -O2), and what makes undefined behaviour fail loudly the way
# LeetCode's sanitizers do: bounds-checked operator[] (abort), and g++'s cheap undefined-behaviour
# checks (signed overflow, division by zero, a function ending without its return value, a shift
# too far, a fixed array's index) reported by the harness's own handlers, in the sanitizer's words
# and at the candidate's line. -static-libubsan: the handlers are the runtime's, so nothing of
# libubsan is linked (with a check the runtime does not handle, libubsan's own would be).
# -g1 (line tables) lets a crash or an exception name the candidate's line too: the harness reads
# it back with libbacktrace, GCC's own. The precompiled header is only used with these same flags.
FLAGS = ("-std=c++20", "-O2", "-D_GLIBCXX_ASSERTIONS",
         "-fsanitize=return,signed-integer-overflow,integer-divide-by-zero,shift-exponent,bounds",
         "-fno-sanitize-recover=all", "-g1")
LINK = ("-fuse-ld=gold", "-static-libubsan", "-lbacktrace")
STACK_BYTES = 64 * 1024 * 1024  # the main thread's: 10^5-deep recursion is legitimate, 10^7 is a bug

# ---- types ----------------------------------------------------------------------------------

# The bank's value types as LeetCode's C++ signatures hold them (as locals; passed as lvalues,
# they bind to `vector<int>&`, `const vector<int>&` and `vector<int>` alike).
CPP_TYPES = {
    "int": "int", "float": "double", "bool": "bool", "str": "string",
    "int[]": "vector<int>", "int[][]": "vector<vector<int>>", "float[]": "vector<double>",
    "str[]": "vector<string>", "str[][]": "vector<vector<string>>", "bool[]": "vector<bool>",
    "list_node": "ListNode*", "list_node[]": "vector<ListNode*>", "list_node_cycle": "ListNode*",
    "tree": "TreeNode*", "tree_ref": "TreeNode*", "graph": "Node*",
}
NODE_HEADERS = {
    "list_node": "viva_list_node.h", "list_node[]": "viva_list_node.h", "list_node_cycle": "viva_list_node.h",
    "tree": "viva_tree_node.h", "tree_ref": "viva_tree_node.h", "graph": "viva_graph_node.h",
}


def _local_type(cpp: str) -> str:
    """`const vector<vector<char>>&` -> `vector<vector<char>>`: what the driver declares."""
    t = cpp.strip()
    t = re.sub(r"^const\s+", "", t)
    return t.rstrip("&").strip()


def _language_types(problem: Problem) -> dict[str, str]:
    from viva.problems.loader import language_entry

    entry = language_entry(problem.id, "cpp")
    return dict(entry.types) if entry else {}


# ---- the driver -----------------------------------------------------------------------------

def _read_arg(var: str, btype: str, cpp: str | None, first_tree: str | None) -> str:
    if btype == "list_node":
        return (f"vector<int> {var}_raw; viva::read(viva_in, {var}_raw); "
                f"ListNode* {var} = viva::build_list({var}_raw);")
    if btype == "list_node[]":
        return (f"vector<vector<int>> {var}_raw; viva::read(viva_in, {var}_raw); "
                f"vector<ListNode*> {var} = viva::build_lists({var}_raw);")
    if btype == "list_node_cycle":
        return f"ListNode* {var} = viva::read_cycle_list(viva_in);"
    if btype == "tree":
        return f"TreeNode* {var} = viva::read_tree(viva_in);"
    if btype == "tree_ref":
        return f"TreeNode* {var} = viva::read_tree_ref(viva_in, {first_tree or 'nullptr'});"
    if btype == "graph":
        return f"Node* {var} = viva::read_graph(viva_in, viva_originals);"
    t = _local_type(cpp) if cpp else CPP_TYPES.get(btype)
    if t is None:
        raise ValueError(f"no C++ type for the bank type {btype!r}")
    return f"{t} {var}{{}}; viva::read(viva_in, {var});"


def _encode(expr: str, btype: str, out: str = "viva_out.actual") -> str:
    special = {"list_node": "encode_list", "list_node_cycle": "encode_list", "list_node[]": "encode_lists",
               "tree": "encode_tree", "tree_ref": "encode_tree_ref"}
    if btype in special:
        return f"viva::{special[btype]}({out}, {expr});"
    if btype == "graph":
        return f"viva::encode_graph({out}, {expr}, viva_originals);"
    if btype == "void":
        return f"{out}.null();"
    return f"viva::write({out}, {expr});"


def _read_args(params: list[tuple[str, str]], types: dict[str, str], prefix: str = "",
               indent: str = "    ") -> tuple[list[str], list[str]]:
    """Lines reading a JSON array of args into locals viva_a0..., and the locals' names."""
    lines = [f"{indent}viva_in.expect('[');"]
    names = []
    first_tree = None
    for k, (name, btype) in enumerate(params):
        var = f"viva_a{k}"
        if k:
            lines.append(f"{indent}viva_in.expect(',');")
        lines.append(indent + _read_arg(var, btype, types.get(prefix + name), first_tree))
        if btype == "tree" and first_tree is None:
            first_tree = var
        names.append(var)
    lines.append(f"{indent}viva_in.expect(']');")
    return lines, names


def _function_case(problem: Problem, types: dict[str, str]) -> list[str]:
    sig = problem.signature
    params = [(p.name, p.type) for p in sig.params]
    lines, names = _read_args(params, types)
    call = f"viva_s->{sig.entry}({', '.join(names)})"
    lines += ["    Solution* viva_s = new Solution();", "    viva::Clock viva_clock;"]
    if sig.output_arg is not None or sig.returns == "void":
        lines.append(f"    {call};")
        lines.append("    viva_out.ms = viva_clock.ms();")
        if sig.output_arg is not None:
            lines.append("    " + _encode(names[sig.output_arg], params[sig.output_arg][1]))
        else:
            lines.append("    viva_out.actual.null();")
        return lines
    declared = _local_type(types["return"]) if "return" in types else "auto"
    lines.append(f"    {declared} viva_r = {call};")
    lines.append("    viva_out.ms = viva_clock.ms();")
    lines.append("    " + _encode("viva_r", sig.returns))
    return lines


def _first_bad_version_case(problem: Problem) -> list[str]:
    entry = problem.signature.entry
    return [
        "    viva_in.expect('[');",
        "    int viva_a0{}; viva::read(viva_in, viva_a0);",
        "    viva_in.expect(',');",
        "    viva::read(viva_in, viva_first_bad);",
        "    viva_in.expect(']');",
        "    viva_bad_calls = 0;",
        "    Solution* viva_s = new Solution();",
        "    viva::Clock viva_clock;",
        f"    auto viva_r = viva_s->{entry}(viva_a0);",
        "    viva_out.ms = viva_clock.ms();",
        "    viva_out.calls = viva_bad_calls;",
        "    viva::write(viva_out.actual, viva_r);",
    ]


def _codec_case(problem: Problem) -> list[str]:
    cls = problem.signature.entry
    return [
        "    viva_in.expect('[');",
        "    TreeNode* viva_root = viva::read_tree(viva_in);",
        "    viva_in.expect(']');",
        "    std::unordered_set<TreeNode*> viva_orig = viva::tree_nodes(viva_root);",
        "    viva::Clock viva_clock;",
        # As LeetCode does: `Codec ser, deser; deser.deserialize(ser.serialize(root));`
        f"    {cls}* viva_ser = new {cls}();",
        f"    {cls}* viva_deser = new {cls}();",
        "    auto viva_data = viva_ser->serialize(viva_root);",
        "    TreeNode* viva_rebuilt = viva_deser->deserialize(viva_data);",
        "    viva_out.ms = viva_clock.ms();",
        "    for (TreeNode* viva_n : viva::tree_nodes(viva_rebuilt))",
        "        if (viva_orig.count(viva_n))",
        "            throw viva::Unencodable(\"deserialize returned the original nodes instead of rebuilding the tree\");",
        "    viva::encode_tree(viva_out.actual, viva_rebuilt);",
    ]


def _design_case(problem: Problem, types: dict[str, str]) -> list[str]:
    cls = problem.signature.entry
    methods = design_methods(problem)
    ctor = next((m for m in methods if m.name == "__init__"), None)
    lines = [
        "    viva_in.expect('[');",
        "    vector<string> viva_ops; viva::read(viva_in, viva_ops);",
        "    viva_in.expect(',');",
        "    viva_in.expect('[');",
        "    viva::Writer& viva_w = viva_out.actual;",
        "    viva_w.open();",
        f"    {cls}* viva_obj = nullptr;",
        "    viva::Clock viva_clock;",
        "    for (std::size_t viva_k = 0; viva_k < viva_ops.size(); ++viva_k) {",
        "        if (viva_k) { viva_in.expect(','); viva_w.comma(); }",
        "        const string& viva_op = viva_ops[viva_k];",
        "        if (viva_k == 0) {",
    ]
    read, names = _read_args(list(ctor.params) if ctor else [], types, "__init__.", " " * 12)
    lines += read
    lines += [f"            viva_obj = new {cls}({', '.join(names)});", "            viva_w.null();"]
    for m in methods:
        if m.name == "__init__":
            continue
        lines.append(f"        }} else if (viva_op == \"{m.name}\") {{")
        read, names = _read_args(list(m.params), types, f"{m.name}.", " " * 12)
        lines += read
        call = f"viva_obj->{m.name}({', '.join(names)})"
        ret = types.get(f"{m.name}.return")
        if m.returns == "void":
            lines += [f"            {call};", "            viva_w.null();"]
        else:
            lines += [f"            {_local_type(ret) if ret else 'auto'} viva_r = {call};",
                      "            " + _encode("viva_r", m.returns, "viva_w")]
    lines += [
        "        } else {",
        "            throw viva::BadInput(\"an unknown operation: \" + viva_op);",
        "        }",
        "    }",
        "    viva_out.ms = viva_clock.ms();",
        "    viva_w.close();",
        "    viva_in.expect(']');",
        "    viva_in.expect(']');",
    ]
    return lines


def driver(problem: Problem) -> dict[str, str]:
    sig = problem.signature
    types = _language_types(problem)
    used = {p.type for p in sig.params} | {sig.returns}
    if sig.kind == Kind.codec:
        used.add("tree")
    headers = sorted({NODE_HEADERS[t] for t in used if t in NODE_HEADERS})
    lines = ["// Generated by viva for " + problem.id + ": the harness's driver around solution.cpp.",
             f'#include "{PRELUDE}"',
             "#ifdef VIVA_RUNTIME_INLINE  // no prebuilt runtime object (./dev setup not run)",
             f'#include "{RUNTIME}"',
             "#endif"]
    lines += [f'#include "{h}"' for h in headers]
    if sig.kind == Kind.first_bad_version:
        lines += [
            "static long long viva_bad_calls = 0;",
            "static int viva_first_bad = 0;",
            "bool isBadVersion(int version) {",
            "    ++viva_bad_calls;",
            "    return version >= viva_first_bad;",
            "}",
        ]
    lines.append(f'#include "{SOURCE}"')
    lines.append("")
    lines.append("void viva_case(viva::Reader& viva_in, viva::Outcome& viva_out) {")
    if "graph" in used:
        lines.append("    std::unordered_set<const Node*> viva_originals;")
    if sig.kind == Kind.design:
        lines += _design_case(problem, types)
    elif sig.kind == Kind.codec:
        lines += _codec_case(problem)
    elif sig.kind == Kind.first_bad_version:
        lines += _first_bad_version_case(problem)
    else:
        lines += _function_case(problem, types)
    lines.append("}")
    return {DRIVER: "\n".join(lines) + "\n"}


# ---- the precompiled prelude ------------------------------------------------------------------

def cache_dir() -> Path:
    return sandbox_cache_dir("judge-cpp")


@lru_cache(maxsize=1)
def _compiler_identity() -> str:
    try:
        out = subprocess.run([GXX, "-v"], capture_output=True, timeout=30, env={"PATH": "/usr/bin", "LANG": "C"})
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ToolchainMissing(f"install g++ ({e})") from None
    text = (out.stdout + out.stderr).decode(errors="replace")
    stamps = []
    for path in (GXX, "/usr/include/x86_64-linux-gnu/c++/12/bits/stdc++.h"):
        try:
            st = os.stat(os.path.realpath(path))
            stamps.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamps.append(f"{path}:missing")
    cc1 = subprocess.run([GXX, "-print-prog-name=cc1plus"], capture_output=True, timeout=30).stdout.decode().strip()
    try:
        st = os.stat(cc1)
        stamps.append(f"{cc1}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        pass
    return text + "\n".join(stamps)


def _cache_key() -> str:
    """Changes with the runtime's sources, the flags and the compiler: a stale cache is not used."""
    h = hashlib.sha256()
    h.update(_compiler_identity().encode())
    h.update(" ".join(FLAGS).encode())
    for f in sorted(RUNTIME_DIR.iterdir()):
        if f.suffix in (".h", ".cpp"):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _cache_ready() -> bool:
    d = cache_dir()
    try:
        stamp = (d / "stamp").read_text().strip()
    except OSError:
        return False
    try:
        return stamp == _cache_key()
    except ToolchainMissing:
        return False


_warned = False


def _binds() -> list[tuple[str, str]]:
    global _warned
    if _cache_ready():
        return [(str(cache_dir()), PCH_MOUNT)]
    if not _warned:
        _warned = True
        log.warning("judge: C++'s precompiled prelude in %s is missing or stale; `./dev setup` builds it "
                    "(until then every C++ compile parses the standard library, some 4 s of CPU)", cache_dir())
    return []


def _compile_argv(harness_dir: str) -> list[str]:
    runtime = f"{harness_dir}/cpp"
    argv = [GXX, *FLAGS, "-pipe", "-w", "-fmax-errors=20"]
    if _cache_ready():
        pch = PCH_MOUNT if harness_dir == "/harness" else str(cache_dir())  # unsafe-local: host paths
        # The cache's copy of the prelude, with its .gch beside it, is found first.
        argv += [f"-I{pch}", f"-I{runtime}", DRIVER, f"{pch}/viva_runtime.o"]
    else:
        argv += ["-DVIVA_RUNTIME_INLINE", f"-I{runtime}", DRIVER]
    return argv + [*LINK, "-o", PROGRAM]


def _run_argv(limits: Limits, harness_dir: str) -> list[str]:
    return [f"./{PROGRAM}"]


def setup() -> None:
    """Check g++ is there; build the precompiled prelude and the runtime object, unless the
    cache already holds them for these sources, flags and compiler."""
    if not Path(GXX).exists():
        raise ToolchainMissing("install g++ (Debian package g++)")
    _compiler_identity.cache_clear()
    final = cache_dir()
    if _cache_ready():
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(final.parent, 0o755)
    with open(final.parent / ".judge-cpp.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; the next finds it done
        if not _cache_ready():
            _build(final)


def _build(final: Path) -> None:
    key = _cache_key()
    work = Path(tempfile.mkdtemp(prefix="judge-cpp.", dir=final.parent))
    try:
        for f in RUNTIME_DIR.iterdir():
            if f.suffix in (".h", ".cpp"):
                shutil.copy2(f, work / f.name)
        env = {"PATH": "/usr/bin", "LANG": "C"}
        steps = [
            [GXX, *FLAGS, "-x", "c++-header", PRELUDE, "-o", PRELUDE + ".gch"],
            [GXX, *FLAGS, "-Winvalid-pch", "-I.", "-c", RUNTIME, "-o", "viva_runtime.o"],
        ]
        for argv in steps:
            out = subprocess.run(argv, cwd=work, capture_output=True, env=env, timeout=300)
            if out.returncode != 0:
                raise RuntimeError(f"building the C++ prelude failed: {' '.join(argv)}\n"
                                   + out.stderr.decode(errors="replace")[-4000:])
        _check_pch_used(work, env)
        (work / "stamp").write_text(key + "\n")
        for p in (work, *work.iterdir()):
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        old = final.with_name(final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        work.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_pch_used(work: Path, env: dict[str, str]) -> None:
    """g++ falls back to the header text without a word unless asked: ask (-H marks a used
    precompiled header with `!`, -Winvalid-pch says why one was refused)."""
    (work / "probe.cpp").write_text(f'#include "{PRELUDE}"\nint probe() {{ return 0; }}\n')
    out = subprocess.run([GXX, *FLAGS, "-Winvalid-pch", "-H", "-I.", "-fsyntax-only", "probe.cpp"], cwd=work,
                         capture_output=True, env=env, timeout=120)
    text = out.stderr.decode(errors="replace")
    (work / "probe.cpp").unlink()
    if f"! ./{PRELUDE}.gch" not in text and f"! {PRELUDE}.gch" not in text:
        raise RuntimeError("g++ does not use the precompiled prelude:\n" + text[-2000:])


# ---- compile errors -----------------------------------------------------------------------------

_LOCATION = re.compile(r"^(?P<file>[^\s:][^:]*?):(?P<line>\d+)(?::(?P<col>\d+))?:\s*(?P<rest>.*)$")


def compile_message(output: str) -> CompileError:
    # g++ quotes with ‘’ in a UTF-8 locale; plain quotes read the same everywhere.
    output = output.replace("\u2018", "'").replace("\u2019", "'")
    return _compile_message(output)


def _compile_message(output: str) -> CompileError:
    """g++'s first error, located in the candidate's code: the line of solution.cpp it points at,
    or, for an error inside a library template, the candidate's line that instantiated it. The
    driver's own file is no business of the candidate's: its locations are dropped."""
    if re.search(r"multiple definition of [`']main'", output):
        return CompileError(message="error: solution.cpp defines main(), and the judge brings its own: remove it "
                                    "(as on LeetCode, the code is a class Solution, not a whole program)",
                            kind="error")
    lines = [ln for ln in output.splitlines() if ln.strip()]
    first = None
    for i, ln in enumerate(lines):
        m = _LOCATION.match(ln)
        if m and re.match(r"(fatal )?error\b", m.group("rest")):
            first = i
            break
    if first is None:
        # The linker's words (undefined reference to main...) or a limit: the text as it is.
        text = "\n".join(ln for ln in lines if not ln.startswith(("collect2:", "/usr/bin/ld: /tmp")))
        linker = re.search(r"undefined reference to `([^']*)'", output)
        if linker:
            return CompileError(message=f"undefined reference to {linker.group(1)}\n" + text[:3000], kind="error")
        return CompileError(message=(text or "the compiler failed without a message")[:4000], kind="error")
    m = _LOCATION.match(lines[first])
    assert m is not None
    line: int | None = None
    if Path(m.group("file")).name == SOURCE:
        line = int(m.group("line"))
    else:
        # In a header or the driver: the nearest mention of the candidate's file before it (the
        # "required from here" of a template instantiation, the "In member function" context).
        for ln in reversed(lines[:first]):
            mm = _LOCATION.match(ln.strip())
            if mm and Path(mm.group("file")).name == SOURCE:
                line = int(mm.group("line"))
                break
    rest = m.group("rest")
    if Path(m.group("file")).name == SOURCE:
        head = f"{SOURCE}:{m.group('line')}:{m.group('col') or 1}: {rest}"
    else:
        head = f"{SOURCE}:{line}: {rest}" if line is not None else rest
    body = []
    for ln in lines[first + 1:first + 30]:
        mm = _LOCATION.match(ln)
        if mm and re.match(r"(fatal )?error\b", mm.group("rest")):
            break  # the next error
        if ln.startswith(("In file included from", "compilation terminated", "                 from ")):
            continue
        if re.match(r"^\S+: (In |At global scope)", ln) or " In instantiation of " in ln:
            break  # the context of the next error
        if mm and Path(mm.group("file")).name != SOURCE:
            ln = mm.group("rest")  # a header's or the driver's location means nothing to the candidate
        body.append(ln)
    return CompileError(message="\n".join([head, *body])[:4000], line=line, kind="error")


TOOLCHAIN = Toolchain(
    language="cpp", label="C++", suffixes=(".cpp", ".cc", ".cxx"), source_name=SOURCE,
    run_argv=_run_argv, program_name=PROGRAM, compile_argv=_compile_argv, driver=driver,
    compile_message=compile_message, memory_rlimit="address_space", memory_overhead_mb=16,
    stack_bytes=STACK_BYTES, threads=1, binds=_binds, setup=setup, requires=(GXX,),
)
