"""Go: the candidate writes LeetCode's Go (no `package` line, `func twoSum(nums []int, target int) []int`,
`func Constructor(capacity int) LRUCache` with exported methods); the judge compiles it with a
generated `viva_main.go` and the shared harness (`harness/go/`) into one program, package main.

Compiling is on the interview's critical path, so the judge does not run `go build` (a second
or more: loading packages, hashing, a build cache in the box that starts empty every time). It
calls the compiler and the linker directly, against the standard library Debian ships precompiled
in `$GOROOT/pkg/linux_amd64` (Go 1.19), with an import config the driver writes into the box. A
Go without precompiled packages (1.20 and later) gets them built once by `./dev setup` with `go
list -export`, into a directory the sandbox's uids can read (see `export_dir`), bound read-only.

Like LeetCode, the common standard packages need no import (sort, strings, math, container/heap...):
`prepare` adds `package main` and the imports the code uses without writing them, on the
candidate's first line (or in place of their own package clause) so that no line number moves,
in compile errors, in panics or in Go's own tracebacks on stderr; and it refers to each added
package once at the end, so that a name the candidate only used for a variable of their own does
not make the import unused. Go 1.21's `min` and `max` are supplied the same way when the code
calls them without declaring them (this Go is 1.19).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from viva.judge.languages import CompileError, Toolchain, ToolchainMissing, first_line_error, sandbox_cache_dir
from viva.judge.languages.signatures import design_methods
from viva.judge.process import Limits
from viva.problems.schema import Kind, Problem

SOURCE = "solution.go"
MAIN = "viva_main.go"
PROGRAM = "viva_prog"
IMPORTCFG = "viva_importcfg"
HARNESS_GO = Path(__file__).resolve().parent.parent / "harness" / "go"
EXPORT_MOUNT = "/viva-go-std"  # where a cache of std export data appears in the box, when needed

# The bank's value types as LeetCode's Go writes them; a problem's `types:` in langs/go.yaml wins.
GO_TYPES = {
    "int": "int", "float": "float64", "bool": "bool", "str": "string", "int[]": "[]int",
    "int[][]": "[][]int", "float[]": "[]float64", "str[]": "[]string", "str[][]": "[][]string",
    "bool[]": "[]bool", "list_node": "*ListNode", "list_node[]": "[]*ListNode",
    "list_node_cycle": "*ListNode", "tree": "*TreeNode", "tree_ref": "*TreeNode", "graph": "*Node",
    "any": "interface{}", "void": "",
}

# Packages LeetCode's Go needs no import for: package name -> (path, a member to refer to).
AUTO_IMPORTS = {
    "sort": ("sort", "Ints"), "strings": ("strings", "Index"), "strconv": ("strconv", "Itoa"),
    "math": ("math", "Abs"), "heap": ("container/heap", "Init"), "list": ("container/list", "New"),
    "ring": ("container/ring", "New"), "bits": ("math/bits", "OnesCount"), "rand": ("math/rand", "Intn"),
    "unicode": ("unicode", "IsLetter"), "utf8": ("unicode/utf8", "RuneLen"), "bytes": ("bytes", "Equal"),
    "fmt": ("fmt", "Sprint"), "errors": ("errors", "New"), "regexp": ("regexp", "MustCompile"),
    "big": ("math/big", "NewInt"),
}
MIN_MAX = """
type vivaHarnessOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}
"""
MIN_MAX_FUNCS = {
    "min": "func min[T vivaHarnessOrdered](x T, y ...T) T {\n\tfor _, v := range y {\n\t\tif v < x {\n\t\t\tx = v\n\t\t}\n\t}\n\treturn x\n}\n",
    "max": "func max[T vivaHarnessOrdered](x T, y ...T) T {\n\tfor _, v := range y {\n\t\tif v > x {\n\t\t\tx = v\n\t\t}\n\t}\n\treturn x\n}\n",
}


# ---- where Go is ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def goroot() -> Path | None:
    go = shutil.which("go") or ("/usr/bin/go" if os.path.exists("/usr/bin/go") else None)
    if go is None:
        return None
    root = Path(os.path.realpath(go)).parent.parent
    if (root / "pkg" / "tool").is_dir():
        return root
    try:
        out = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, timeout=30, check=True)
        return Path(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return None


def _platform() -> str:
    return "linux_amd64" if os.uname().machine in ("x86_64", "amd64") else "linux_arm64"


def _tools() -> tuple[str, str]:
    root = goroot()
    if root is None:
        raise ToolchainMissing("install golang-go")
    tool = root / "pkg" / "tool" / _platform()
    return str(tool / "compile"), str(tool / "link")


def _precompiled() -> Path | None:
    root = goroot()
    pkg = root / "pkg" / _platform() if root else None
    return pkg if pkg and (pkg / "fmt.a").exists() and (pkg / "runtime.a").exists() else None




def export_dir() -> Path:
    """Where `setup` builds the standard library when Go ships none."""
    return sandbox_cache_dir("judge-go")


@lru_cache(maxsize=1)
def importcfg() -> str:
    """`packagefile path=file` for the whole standard library, as the box sees the files."""
    pkg = _precompiled()
    if pkg is not None:
        lines = []
        for a in sorted(pkg.rglob("*.a")):
            path = a.relative_to(pkg).as_posix()[:-2]
            lines.append(f"packagefile {path}={a}")
        return "\n".join(lines) + "\n"
    cfg = export_dir() / "importcfg"
    if not cfg.exists():
        raise ToolchainMissing("Go's standard library is not built for the judge: run ./dev setup")
    return cfg.read_text()


def _binds() -> list[tuple[str, str]]:
    out = []
    root = goroot()
    if root is not None and not str(root).startswith("/usr/"):
        out.append((str(root), str(root)))
    if root is not None and _precompiled() is None and (export_dir() / "importcfg").exists():
        out.append((str(export_dir()), EXPORT_MOUNT))
    return out


def setup() -> None:
    """Check Go is there; build the standard library's export data when Go does not ship it."""
    root = goroot()
    if root is None or not Path(_tools()[0]).exists():
        raise ToolchainMissing("install golang-go")
    if _precompiled() is not None:
        return
    out_dir = export_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {"PATH": "/usr/local/go/bin:/usr/bin:/bin", "HOME": str(out_dir), "GOCACHE": str(out_dir / "cache"),
           "CGO_ENABLED": "0", "GOTOOLCHAIN": "local", "GOFLAGS": "", "GOPROXY": "off"}
    try:
        listed = subprocess.run(["go", "list", "-export", "-f", "{{.ImportPath}}={{.Export}}", "std"],
                                capture_output=True, text=True, env=env, timeout=900, check=True)
    except (OSError, subprocess.SubprocessError) as e:
        raise ToolchainMissing(f"cannot build Go's standard library for the judge: {e}") from e
    lines = []
    for row in listed.stdout.splitlines():
        path, _, file = row.partition("=")
        if file:
            lines.append(f"packagefile {path}={file.replace(str(out_dir), EXPORT_MOUNT, 1)}")
    (out_dir / "importcfg").write_text("\n".join(lines) + "\n")
    importcfg.cache_clear()


# ---- the candidate's file ---------------------------------------------------------------------

_TOKENS = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'', re.S)


def _blank(code: str) -> str:
    """The code with comments and literals blanked out (newlines kept), for scanning."""
    return _TOKENS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), code)


def _imported_names(code: str, blank: str) -> set[str]:
    names = set()
    for m in re.finditer(r"(?m)^\s*import\b", blank):
        start = m.end()
        while start < len(code) and code[start].isspace():
            start += 1
        end = blank.find(")", start) + 1 if code.startswith("(", start) else blank.find("\n", start)
        if end <= 0:
            end = len(code)
        for spec in re.finditer(r'(?:([\w.]+)\s+)?"([^"]+)"', code[start:end]):
            alias, path = spec.groups()
            names.add(alias if alias else path.rsplit("/", 1)[-1])
    return names


def _declared_names(blank: str) -> set[str]:
    names = set(re.findall(r"(?m)^(?:func|type|var|const)\s+([A-Za-z_]\w*)", blank))
    for block in re.finditer(r"(?m)^(?:type|var|const)\s*\(([^)]*)\)", blank):
        names.update(re.findall(r"(?m)^\s*([A-Za-z_]\w*)", block.group(1)))
    return names


def prepare(code: str) -> tuple[str, int]:
    """Give the code `package main` (LeetCode's Go has none written) and the imports it relies on
    without writing them, all on the first line so the candidate's line numbers stay theirs."""
    blank = _blank(code)
    clause = re.search(r"(?m)^[ \t]*package[ \t]+\w+", blank)
    # A package clause only counts before any other declaration.
    if clause and re.search(r"(?m)^\s*(?:func|type|var|const|import)\b", blank[:clause.start()]):
        clause = None
    imported = _imported_names(code, blank)
    declared = _declared_names(blank)
    used = set(re.findall(r"(?<![\w.])([a-z]\w*)\s*\.\s*[A-Za-z_]", blank))
    auto = [name for name in AUTO_IMPORTS if name in used and name not in imported and name not in declared]
    header = "package main"
    if auto:
        header += "; import (" + "; ".join(f'"{AUTO_IMPORTS[n][0]}"' for n in auto) + ")"
    trailer = "".join(f"\nvar _ = {n}.{AUTO_IMPORTS[n][1]}" for n in auto)
    builtins = [f for f in ("min", "max") if re.search(rf"(?<![\w.]){f}\s*\(", blank) and f not in declared]
    if builtins:
        trailer += "\n" + MIN_MAX + "".join(MIN_MAX_FUNCS[f] for f in builtins)
    if trailer:
        trailer = "\n" + trailer + "\n"
    if clause is None:
        # On the candidate's first line, so that every line keeps its number for the compiler, in
        # panics and in Go's own tracebacks on stderr, which the judge cannot renumber.
        return f"{header}; {code}{trailer}", 0
    return code[:clause.start()] + header + code[clause.end():] + trailer, 0


# ---- the program the box compiles ---------------------------------------------------------------

def _go_type(problem: Problem, name: str, bank_type: str) -> str:
    from viva.problems.loader import language_entry

    entry = language_entry(problem.id, "go")
    if entry and name in entry.types:
        return entry.types[name]
    return GO_TYPES[bank_type]


# Go type -> the harness's function building it from decoded JSON.
CONVERTERS = {
    "int": "vivaHarnessInt", "float64": "vivaHarnessFloat", "bool": "vivaHarnessBool",
    "string": "vivaHarnessString", "byte": "vivaHarnessByte", "[]int": "vivaHarnessInts",
    "[][]int": "vivaHarnessInts2", "[]float64": "vivaHarnessFloats", "[]bool": "vivaHarnessBools",
    "[]string": "vivaHarnessStrings", "[][]string": "vivaHarnessStrings2", "[]byte": "vivaHarnessBytes",
    "[][]byte": "vivaHarnessBytes2", "[]interface{}": "vivaHarnessList",
}


def _convert(go_type: str, raw: str) -> str:
    """An expression of go_type built from the decoded JSON value raw."""
    if go_type in CONVERTERS:
        return f"{CONVERTERS[go_type]}({raw})"
    if go_type == "interface{}":
        return raw
    return f"func() (v {go_type}) {{ vivaHarnessDecode({raw}, &v); return }}()"


def _build(bank_type: str, go_type: str, raw: str) -> str:
    return {
        "list_node": f"vivaHarnessBuildList({raw})",
        "list_node[]": f"vivaHarnessBuildLists({raw})",
        "list_node_cycle": f"vivaHarnessBuildCycleList({raw})",
        "tree": f"vivaHarnessBuildTree({raw})",
        "graph": f"vivaHarnessBuildGraph({raw}, vivaHarnessOriginals)",
    }.get(bank_type) or _convert(go_type, raw)


def _encode(bank_type: str, value: str) -> str:
    return {
        "list_node": f"vivaHarnessEncodeList({value})",
        "list_node[]": f"vivaHarnessEncodeLists({value})",
        "list_node_cycle": f"vivaHarnessEncodeList({value})",
        "tree": f"vivaHarnessEncodeTree({value})",
        "tree_ref": f"vivaHarnessEncodeTreeRef({value})",
        "graph": f"vivaHarnessEncodeGraph({value}, vivaHarnessOriginals)",
    }.get(bank_type, f"vivaHarnessEncode({value})")


def _function_body(problem: Problem) -> list[str]:
    sig = problem.signature
    lines = []
    first_tree = None
    if any(p.type == "graph" for p in sig.params) or sig.returns == "graph":
        lines.append("\tvivaHarnessOriginals := map[*Node]bool{}")
    args = []
    for i, p in enumerate(sig.params):
        raw = f"vivaHarnessArgs[{i}]"
        if sig.kind == Kind.first_bad_version and i > 0:
            break
        if p.type == "tree_ref":
            expr = f"vivaHarnessFindInTree({first_tree or 'nil'}, {raw})"
        else:
            expr = _build(p.type, _go_type(problem, p.name, p.type), raw)
        lines.append(f"\tvivaHarnessA{i} := {expr}")
        if p.type == "tree" and first_tree is None:
            first_tree = f"vivaHarnessA{i}"
        args.append(f"vivaHarnessA{i}")
    if sig.kind == Kind.first_bad_version:
        lines += ["\tvivaHarnessBad = vivaHarnessInt(vivaHarnessArgs[1])", "\tvivaHarnessCalls = 0"]
    call = f"{sig.entry}({', '.join(args)})"
    lines.append("\tvivaHarnessRec.startClock()")
    if sig.output_arg is not None:
        k = sig.output_arg
        lines += [f"\t{call}", f"\tvivaHarnessRec.actual = {_encode(sig.params[k].type, f'vivaHarnessA{k}')}"]
    elif sig.returns == "void":
        lines += [f"\t{call}", "\tvivaHarnessRec.actual = vivaHarnessNull"]
    else:
        lines += [f"\tvivaHarnessR := {call}", f"\tvivaHarnessRec.actual = {_encode(sig.returns, 'vivaHarnessR')}"]
    lines.append("\tvivaHarnessRec.stopClock()")
    if sig.kind == Kind.first_bad_version:
        lines += ["\tvivaHarnessRec.calls, vivaHarnessRec.hasCall = vivaHarnessCalls, true"]
    return lines


def _design_body(problem: Problem) -> list[str]:
    methods = design_methods(problem)
    init = next((m for m in methods if m.name == "__init__"), None)
    ctor_args = [_convert(GO_TYPES[t], f"vivaHarnessList(vivaHarnessOpArgs[0])[{i}]")
                 for i, (_, t) in enumerate(init.params if init else ())]
    lines = [
        "\tvivaHarnessOps := vivaHarnessStrings(vivaHarnessArgs[0])",
        "\tvivaHarnessOpArgs := vivaHarnessList(vivaHarnessArgs[1])",
        "\tvivaHarnessOut := make([]byte, 0, 8*len(vivaHarnessOps)+8)",
        "\tvivaHarnessRec.startClock()",
        f"\tvivaHarnessObj := Constructor({', '.join(ctor_args)})",
        "\tvivaHarnessOut = append(vivaHarnessOut, \"[null\"...)",
        "\tfor vivaHarnessK := 1; vivaHarnessK < len(vivaHarnessOps); vivaHarnessK++ {",
        "\t\tvivaHarnessA := vivaHarnessList(vivaHarnessOpArgs[vivaHarnessK])",
        "\t\tvivaHarnessOut = append(vivaHarnessOut, ',')",
        "\t\tswitch vivaHarnessOps[vivaHarnessK] {",
    ]
    for m in methods:
        if m.name == "__init__":
            continue
        args = ", ".join(_convert(GO_TYPES[t], f"vivaHarnessA[{i}]") for i, (_, t) in enumerate(m.params))
        call = f"vivaHarnessObj.{m.name[:1].upper()}{m.name[1:]}({args})"
        lines.append(f"\t\tcase {json.dumps(m.name)}:")
        if m.returns == "void":
            lines += [f"\t\t\t{call}", "\t\t\tvivaHarnessOut = append(vivaHarnessOut, \"null\"...)"]
        else:
            append = {"int": "vivaHarnessAppendInt", "bool": "vivaHarnessAppendBool",
                      "str": "vivaHarnessAppendString"}.get(m.returns, "vivaHarnessAppendValue")
            lines.append(f"\t\t\tvivaHarnessOut = {append}(vivaHarnessOut, {call})")
    lines += [
        "\t\tdefault:",
        '\t\t\tpanic("viva harness: no such operation " + vivaHarnessOps[vivaHarnessK])',
        "\t\t}", "\t}",
        "\tvivaHarnessRec.actual = append(vivaHarnessOut, ']')",
        "\tvivaHarnessRec.stopClock()",
    ]
    return lines


def _codec_body(problem: Problem) -> list[str]:
    # Serialize with one Codec and deserialize with another, as two machines would (a Go program
    # cannot load the candidate's package twice, so package-level variables are shared).
    return [
        "\tvivaHarnessRoot := vivaHarnessBuildTree(vivaHarnessArgs[0])",
        "\tvivaHarnessOriginals := vivaHarnessTreeIDs(vivaHarnessRoot)",
        "\tvivaHarnessRec.startClock()",
        "\tvivaHarnessSer := Constructor()",
        "\tvivaHarnessData := vivaHarnessSer.serialize(vivaHarnessRoot)",
        "\tvivaHarnessDe := Constructor()",
        "\tvivaHarnessRebuilt := vivaHarnessDe.deserialize(vivaHarnessData)",
        "\tvivaHarnessRec.stopClock()",
        "\tfor vivaHarnessN := range vivaHarnessTreeIDs(vivaHarnessRebuilt) {",
        "\t\tif vivaHarnessOriginals[vivaHarnessN] {",
        '\t\t\tpanic(vivaHarnessUnencodable{"deserialize returned the original nodes instead of rebuilding the tree"})',
        "\t\t}", "\t}",
        "\tvivaHarnessRec.actual = vivaHarnessEncodeTree(vivaHarnessRebuilt)",
    ]


def _runtime_files(problem: Problem) -> list[str]:
    sig = problem.signature
    types = {p.type for p in sig.params} | {sig.returns}
    files = ["viva_harness.go"]
    if types & {"list_node", "list_node[]", "list_node_cycle"}:
        files.append("viva_list.go")
    if types & {"tree", "tree_ref"} or sig.kind == Kind.codec:
        files.append("viva_tree.go")
    if "graph" in types:
        files.append("viva_graph.go")
    return files


_DRIVERS: dict[str, dict[str, str]] = {}


def driver(problem: Problem) -> dict[str, str]:
    if problem.id not in _DRIVERS:
        _DRIVERS[problem.id] = _driver(problem)
    return dict(_DRIVERS[problem.id])


def _driver(problem: Problem) -> dict[str, str]:
    kind = problem.signature.kind
    body = {Kind.design: _design_body, Kind.codec: _codec_body}.get(kind, _function_body)(problem)
    main = [
        f"// Generated by viva for {problem.id}: builds each test's arguments, calls the candidate, encodes the result.",
        "",
        "package main",
        "",
        'import "encoding/json"',
        "",
        "var _ json.RawMessage",
        "",
    ]
    if kind == Kind.first_bad_version:
        main += [
            "var vivaHarnessBad, vivaHarnessCalls int",
            "",
            "// isBadVersion is LeetCode's API for this problem; the harness counts the calls.",
            "func isBadVersion(version int) bool {",
            "\tvivaHarnessCalls++",
            "\treturn version >= vivaHarnessBad",
            "}",
            "",
        ]
    main += [
        "func vivaHarnessRunTest(vivaHarnessArgs []interface{}, vivaHarnessRec *vivaHarnessRecord) {",
        *body,
        "}",
        "",
        "func main() {",
        "\tvivaHarnessMain(vivaHarnessRunTest)",
        "}",
        "",
    ]
    files = {MAIN: "\n".join(main), IMPORTCFG: importcfg()}
    for name in _runtime_files(problem):
        files[name] = (HARNESS_GO / name).read_text(encoding="utf-8")
    return files


def compile_argv(harness_dir: str) -> list[str]:
    compile_tool, link_tool = _tools()
    fallback = ""
    pkg = _precompiled()
    if pkg is not None:
        # A run without a problem has no driver, so no import config: list the packages here.
        fallback = (f"[ -f {IMPORTCFG} ] || find {pkg} -name '*.a' | "
                    f"sed 's|^{pkg}/\\(.*\\)\\.a$|packagefile \\1=&|' > {IMPORTCFG}; ")
    # One shell for the two steps, everything in the working directory (the box; a scratch
    # directory of its own in the unsafe local mode).
    script = (
        f"{fallback}"
        f"{compile_tool} -o viva_main.a -p main -pack -importcfg {IMPORTCFG} -dwarf=false -nolocalimports *.go && "
        f"{link_tool} -s -w -buildid= -o {PROGRAM} -importcfg {IMPORTCFG} viva_main.a"
    )
    return ["/bin/sh", "-c", script]


def run_argv(limits: Limits, harness_dir: str) -> list[str]:
    return [f"./{PROGRAM}", str(limits.memory_mb)]


_HARNESS_NAME = re.compile(r"vivaHarness(A|R)(\d*)\b")


def compile_message(output: str) -> CompileError:
    """The compiler's first error in the candidate's file; failing that, in the generated caller,
    which is where a signature that is not LeetCode's shows up. The judge's own files are not
    named: their line numbers mean nothing to the candidate."""
    output = output.replace("viva_main.a", "the program")
    error = first_line_error(output, SOURCE)
    if error.line is not None:
        return error
    lines = [ln for ln in output.splitlines() if ln.strip()]
    for ln in lines:
        m = re.search(r"(viva_\w+\.go):\d+(?::\d+)?:\s*(.*)", ln)
        if not m:
            continue
        what = _HARNESS_NAME.sub(lambda n: "the result" if n.group(1) == "R" else f"argument {int(n.group(2)) + 1}",
                                 m.group(2))
        what = re.sub(r"vivaHarness(Obj|Ser|De)\b", "your object", what)
        if m.group(1) == MAIN and "vivaHarness" not in what:
            what = f"the judge cannot call your code as LeetCode declares it: {what}"
        return CompileError(message=what[:4000], line=None, kind="error")
    return error


def _requires() -> tuple[str, ...]:
    try:
        return _tools()
    except ToolchainMissing:
        return ("/usr/bin/go",)  # missing: the language is not offered


TOOLCHAIN = Toolchain(
    language="go", label="Go", suffixes=(".go",), source_name=SOURCE, program_name=PROGRAM,
    run_argv=run_argv, compile_argv=compile_argv, driver=driver, prepare=prepare,
    compile_message=compile_message, memory_rlimit="none", memory_overhead_mb=32,
    stack_bytes=8 * 1024 * 1024, threads=8,
    env=(("GOMAXPROCS", "2"), ("GOTRACEBACK", "single"), ("GODEBUG", "madvdontneed=1")),
    binds=_binds, setup=setup, requires=_requires(),
)
