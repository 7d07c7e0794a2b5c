"""Java: LeetCode's conventions, compiled by javac in the box and run on the JVM.

The candidate writes what LeetCode shows: `class Solution { public int[] twoSum(int[] nums, int
target) {...} }`, a design class (`class LRUCache`), `public class Codec`, or `public class Solution
extends VersionControl`. Like LeetCode, `java.util.*`, `java.util.function.*`, `java.util.stream.*`
and `java.math.*` are imported for them (one line put above their code), and `ListNode`,
`TreeNode`, `Node` (Clone Graph) and `VersionControl` are provided.

Per problem, `driver` writes `VivaMain.java`: it turns one test's JSON arguments into the typed Java
values of LeetCode's signature, calls the candidate, and encodes the answer back into the bank's
JSON. The protocol around it (the job on stdin, records on fd 3, errors with the candidate's line)
is `harness/java/VivaRun.java`, compiled once with the rest of the runtime by `./dev setup` into
`harness/java/build/<hash>/` (or on first use), together with a class-data-sharing archive of javac
that takes about a third off every compile.

Where LeetCode's Java signature differs from what the bank's type implies (`char[][] grid` for a
`str[][]`, `List<List<Integer>>` for an `int[][]` answer), `problems/langs/java.yaml` says so in the
problem's `types:` (param name, or `return`; `method.param` / `method.return` for design classes).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from viva.judge.languages import CompileError, Toolchain, ToolchainMissing, first_line_error
from viva.judge.languages.signatures import design_methods
from viva.judge.process import Limits
from viva.problems.loader import language_entry
from viva.problems.schema import Kind, Problem

SOURCE = "Solution.java"
DRIVER = "VivaMain.java"
MAIN_CLASS = "VivaMain"
HARNESS_DIR = Path(__file__).resolve().parent.parent / "harness"
RUNTIME_DIR = HARNESS_DIR / "java"  # the runtime's sources; built into RUNTIME_DIR/build/<hash>
IMPORTS = "import java.util.*; import java.util.function.*; import java.util.stream.*; import java.math.*;"
INSTALL = "install openjdk-17-jdk-headless"
JAVAC_HEAP_MB = 640  # inside CompileLimits.memory_mb, with room for the JVM itself
# The candidate's code runs on a thread with a stack of its own (-Dviva.stack_mb): 10^5 frames of
# up to 320 bytes (a DFS with a handful of arguments and locals takes 100 to 200, interpreted).
CANDIDATE_STACK_MB = 32
# A JVM starts some 15 threads of its own (GC, JIT compilers, reference handler, signal
# dispatcher...), and the harness one more for the candidate's code.
JVM_THREADS = 24
# What the JVM holds beyond the -Xmx heap: metaspace, JIT code, the class-data archive and thread
# stacks, some 60 MB; and what a recursion without end costs before its StackOverflowError:
# unwinding a full stack of JIT-compiled frames takes HotSpot ~100 bytes of native memory per
# frame (2 million frames of 16 bytes fill 32 MB: some 270 MB resident in all, measured). So that
# ends as LeetCode's runtime error, not as the cgroup's out-of-memory kill.
JVM_OVERHEAD_MB = 256
# Startup: serial GC (no GC threads), no perf-data file in /tmp, JDK classes from the shared
# archive, no JVM warnings on stdout. Only the C1 compiler: a test runs for milliseconds to a second,
# and C2 compiling in the background for most of that costs more than its faster code wins back
# (Two Sum's 10^5 numbers: 30-90 ms with C1 alone, 200-470 ms tiered, measured on 2 busy cores).
RUN_FLAGS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:disable",
             "-Xlog:all=off",
             "-XX:+DisableAttachMechanism", "-XX:-OmitStackTraceInFastThrow", "-XX:ReservedCodeCacheSize=64m",
             "-Xss8m", "-Dfile.encoding=UTF-8", "-Djava.io.tmpdir=/tmp")
COMPILE_JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto",
                     "-Xlog:disable", "-Xlog:all=off", f"-Xmx{JAVAC_HEAP_MB}m", "-Xss16m")
# -XDstringConcat=inline: `"a" + b` as StringBuilder calls, as before Java 9, rather than an
# invokedynamic whose first use costs the JVM some 30 ms of start-up.
JAVAC_FLAGS = ("-encoding", "UTF-8", "-g", "-proc:none", "-implicit:none", "-nowarn", "-Xlint:none",
               "-XDsuppressNotes", "-XDstringConcat=inline", "-Xmaxerrs", "20")


# ---- the JDK -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def java_home() -> Path | None:
    """The JDK the box uses: javac's, which must live under /usr (the box sees only /usr)."""
    for candidate in (shutil.which("javac"), "/usr/lib/jvm/java-17-openjdk-amd64/bin/javac"):
        if candidate and os.access(candidate, os.X_OK):
            home = Path(os.path.realpath(candidate)).parent.parent
            if (home / "bin" / "java").exists():
                return home
    return None


def _jdk() -> Path:
    home = java_home()
    if home is None:
        raise ToolchainMissing(f"javac was not found; {INSTALL}")
    if not str(home).startswith("/usr/"):
        raise ToolchainMissing(f"the JDK at {home} is outside /usr, where the sandbox cannot see it; {INSTALL}")
    return home


@lru_cache(maxsize=1)
def _config_binds() -> list[tuple[str, str]]:
    """Debian's JDK keeps its configuration in /etc/java-17-openjdk, linked from the JDK's lib/ and
    conf/ directories; the box, which has no /etc, needs that directory (and nothing else of /etc)."""
    home = java_home()
    if home is None:
        return []
    dirs: set[str] = set()
    for link in (home / "lib" / "jvm.cfg", home / "conf" / "security" / "java.security"):
        target = os.path.realpath(link)
        if link.is_symlink() and not target.startswith("/usr/") and os.path.exists(target):
            parts = Path(target).parts  # ('/', 'etc', 'java-17-openjdk', ...)
            dirs.add(str(Path(*parts[:3])))
    return [(d, d) for d in sorted(dirs)]


# ---- the runtime, compiled once ------------------------------------------------------------------

# What javac's class-data archive is recorded from: a program that touches what candidates' code
# commonly does (generics, lambdas, streams, inner classes, records of every kind of statement).
SAMPLE = """
class Solution {
    record Pair(int a, int b) {}
    interface Shape { int area(); }
    enum Color { RED, GREEN }
    private final Map<Integer, List<String>> memo = new HashMap<>();
    static int[] dirs = {0, 1, 0, -1, 0};
    public int[] twoSum(int[] nums, int target) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < nums.length; i++) {
            Integer j = seen.get(target - nums[i]);
            if (j != null) return new int[] {j, i};
            seen.put(nums[i], i);
        }
        PriorityQueue<int[]> pq = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0])
                : y[1] - x[1]);
        Deque<TreeNode> dq = new ArrayDeque<>();
        List<List<Integer>> out = new ArrayList<>();
        String s = Arrays.stream(nums).boxed().map(String::valueOf).collect(Collectors.joining(","));
        StringBuilder sb = new StringBuilder(s);
        switch (sb.length() % 3) { case 0: sb.append('a'); break; default: sb.reverse(); }
        long big = BigInteger.valueOf(nums.length).pow(3).longValue();
        Function<Integer, Integer> f = x -> x * 2;
        BiFunction<Integer, Integer, Integer> g = Math::max;
        Shape sq = () -> 4;
        int[][] grid = new int[3][3];
        char[] cs = s.toCharArray();
        Arrays.sort(cs);
        Collections.sort(out, Comparator.comparingInt(List::size));
        TreeMap<String, Integer> tm = new TreeMap<>();
        tm.merge("a", 1, Integer::sum);
        Set<Pair> ps = new HashSet<>(List.of(new Pair(1, 2)));
        try { Integer.parseInt("x"); } catch (NumberFormatException e) { throw new IllegalStateException(e); }
        for (var e : tm.entrySet()) big += e.getValue();
        return IntStream.range(0, 2).toArray();
    }
}
"""


def _runtime_sources() -> list[Path]:
    return sorted(RUNTIME_DIR.glob("*.java"))


@lru_cache(maxsize=1)
def runtime_hash() -> str:
    h = hashlib.sha256()
    for path in _runtime_sources():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    home = java_home()
    if home is not None:
        for f in (home / "release", home / "lib" / "server" / "libjvm.so"):
            try:
                st = f.stat()
                h.update(f"{f}:{st.st_size}:{int(st.st_mtime)}".encode())
            except OSError:
                pass
    h.update(repr((COMPILE_JVM_FLAGS, JAVAC_FLAGS, SAMPLE, IMPORTS)).encode())
    return h.hexdigest()[:16]


def build_dir() -> Path:
    return RUNTIME_DIR / "build" / runtime_hash()


_build_lock = threading.Lock()


def ensure_runtime() -> Path:
    """The compiled runtime and javac's archive, built once per version of the runtime's sources
    (under a lock: pytest workers and the server may all start at once)."""
    target = build_dir()
    if (target / "ok").exists():
        return target
    with _build_lock:
        if (target / "ok").exists():
            return target
        jdk = _jdk()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.parent.chmod(0o755)  # the sandbox uid reads it
        with open(target.parent / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (target / "ok").exists():
                _build(jdk, target)
    return target


def _build(jdk: Path, target: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        classes = tmp / "classes"
        classes.mkdir()
        javac = str(jdk / "bin" / "javac")
        jflags = [f"-J{f}" for f in COMPILE_JVM_FLAGS if not f.startswith("-Xlog")]
        run = subprocess.run([javac, *jflags, *JAVAC_FLAGS, "-d", str(classes),
                              *[str(p) for p in _runtime_sources()]],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            raise ToolchainMissing(f"the Java runtime does not compile:\n{run.stdout}{run.stderr}")
        # javac's class-data archive, recorded while compiling a typical program from an empty
        # working directory (the JVM's own class path is ".", and an archive recorded with a
        # non-empty directory on it would not be used). A failure here only costs speed.
        sample_dir = tmp / "sample"
        sample_dir.mkdir()
        (sample_dir / SOURCE).write_text(f"{IMPORTS}\n{SAMPLE}", encoding="utf-8")
        empty = tmp / "empty"
        empty.mkdir()
        out = tmp / "sample-out"
        out.mkdir()
        subprocess.run([javac, *jflags, f"-J-XX:ArchiveClassesAtExit={tmp / 'javac.jsa'}", *JAVAC_FLAGS,
                        "-d", str(out), "-cp", str(classes), str(sample_dir / SOURCE)],
                       capture_output=True, text=True, timeout=300, cwd=empty)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(sample_dir, ignore_errors=True)
        shutil.rmtree(empty, ignore_errors=True)
        for p in (tmp, *tmp.rglob("*")):
            p.chmod(0o755 if p.is_dir() else 0o644)
        (tmp / "ok").write_text(runtime_hash())
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _remove_stale(keep: Path) -> None:
    """Builds of older runtime sources, and interrupted builds, older than an hour (a server that
    started before the sources changed may still be using its build). Only at setup."""
    import time

    for d in keep.parent.iterdir():
        if d == keep or not d.is_dir():
            continue
        try:
            if time.time() - d.stat().st_mtime > 3600:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            pass


# ---- compiling and running -----------------------------------------------------------------------

def _in_box(harness_dir: str) -> str:
    """The build directory as the box sees it (harness_dir is where harness/ is mounted)."""
    return f"{harness_dir}/java/build/{runtime_hash()}"


def _compile_argv(harness_dir: str) -> list[str]:
    ensure_runtime()
    build = _in_box(harness_dir)
    jflags = [f"-J{f}" for f in COMPILE_JVM_FLAGS]
    if (build_dir() / "javac.jsa").exists():
        jflags.append(f"-J-XX:SharedArchiveFile={build}/javac.jsa")
    return [str(_jdk() / "bin" / "javac"), *jflags, *JAVAC_FLAGS, "-d", ".", "-cp", f"{build}/classes",
            SOURCE, DRIVER]


def _run_argv(limits: Limits, harness_dir: str) -> list[str]:
    return [str(_jdk() / "bin" / "java"), f"-Xmx{limits.memory_mb}m", *RUN_FLAGS,
            f"-Dviva.stack_mb={CANDIDATE_STACK_MB}", "-cp", f".:{_in_box(harness_dir)}/classes", MAIN_CLASS]


def _setup() -> None:
    _jdk()
    _remove_stale(ensure_runtime())


# ---- the candidate's file ---------------------------------------------------------------------

_TYPE_DECL = re.compile(r"\bpublic(\s+(?:(?:final|abstract|static|sealed|non-sealed|strictfp)\s+)*"
                        r"(?:class|interface|enum|record|@interface)\s+([A-Za-z_$][\w$]*))")


def _top_level(code: str) -> str:
    """The code with everything but its top level blanked out: comments, strings, character
    literals and whatever is inside braces become spaces, so positions stay the same."""
    out, depth, i, n = list(code), 0, 0, len(code)

    def blank(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = code[i]
        if code.startswith("//", i):
            j = code.find("\n", i)
            j = n if j < 0 else j
        elif code.startswith("/*", i):
            j = code.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif code.startswith('"""', i):
            j = code.find('"""', i + 3)
            j = n if j < 0 else j + 3
        elif c in "\"'":
            j = i + 1
            while j < n and code[j] != c and code[j] != "\n":
                j += 2 if code[j] == "\\" else 1
            j += 1
        else:
            if c == "{":
                depth += 1
            elif c == "}":
                depth = max(0, depth - 1)
            elif depth > 0:
                blank(i, i + 1)
            i += 1
            continue
        blank(i, j)
        i = j
    return "".join(out)


def _prepare(code: str) -> tuple[str, int]:
    """LeetCode's imports on a line of their own above the candidate's code; and `public` taken off
    top-level types other than Solution (`public class Codec` is LeetCode's starter, but javac
    wants a public class in a file of its name), spaces in its place so columns stay."""
    out = list(code)
    for m in _TYPE_DECL.finditer(_top_level(code)):
        if m.group(2) != "Solution":
            out[m.start():m.start() + len("public")] = list(" " * len("public"))
    return f"{IMPORTS}\n{''.join(out)}", 1


_JAVAC_AT = re.compile(rf"(?<![\w$]){re.escape(SOURCE)}:(\d+)")
_DRIVER_AT = re.compile(rf"^(?:.*/)?{re.escape(DRIVER)}:\d+:\s*")
_CALLS = re.compile(r"//\s*judge calls:\s*(.*)$")


def _compile_message(output: str) -> CompileError:
    """javac's message, in the candidate's line numbers. An error only in the generated driver means
    the candidate's class or method does not match the signature the judge calls: say which."""
    error = first_line_error(output, SOURCE)
    text = _JAVAC_AT.sub(lambda m: f"{SOURCE}:{int(m.group(1)) - 1}", error.message)
    if error.line is not None:
        return CompileError(message=text, line=error.line, kind=error.kind)
    lines = [ln for ln in output.splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if _DRIVER_AT.match(ln)), None)
    if start is None:
        return CompileError(message=text, kind=error.kind)
    head = _DRIVER_AT.sub("", lines[start]).strip()
    expected = next((m.group(1).strip() for ln in lines[start:start + 3] if (m := _CALLS.search(ln))), None)
    body = [ln for ln in lines[start + 1:] if not _CALLS.search(ln) and not ln.strip() == "^"
            and not re.fullmatch(r"\d+ errors?", ln.strip())]
    body = [re.sub(r"variable viva\$\w+ of type ([\w$.]+)", r"class \1", ln) for ln in body if not _DRIVER_AT.match(ln)]
    # The driver's own names and lines are the judge's business, not the candidate's.
    body = [ln for ln in body if "viva$" not in ln and "VivaMain" not in ln and "Viva." not in ln][:12]
    what = (f"the judge calls `{expected}`, and your code does not match it: {head}" if expected
            else f"your code does not match what the judge calls: {head}")
    return CompileError(message="\n".join([what, *body])[:4000], kind="error")


# ---- the per-problem driver ---------------------------------------------------------------------

# The bank's value types as LeetCode's Java writes them, unless the problem's `types:` says otherwise.
JAVA_TYPES = {
    "int": "int", "float": "double", "bool": "boolean", "str": "String", "int[]": "int[]",
    "int[][]": "int[][]", "float[]": "double[]", "str[]": "String[]", "str[][]": "List<List<String>>",
    "bool[]": "boolean[]", "list_node": "ListNode", "list_node[]": "ListNode[]", "list_node_cycle": "ListNode",
    "tree": "TreeNode", "tree_ref": "TreeNode", "graph": "Node", "any": "Object", "void": "void",
}
# Java type -> the runtime's converter from JSON data.
CONVERTERS = {
    "int": "Viva.i", "long": "Viva.l", "double": "Viva.d", "boolean": "Viva.b", "String": "Viva.s",
    "char": "Viva.c", "int[]": "Viva.ia", "long[]": "Viva.la", "double[]": "Viva.da", "boolean[]": "Viva.ba",
    "char[]": "Viva.ca", "String[]": "Viva.sa", "int[][]": "Viva.iaa", "long[][]": "Viva.laa",
    "double[][]": "Viva.daa", "char[][]": "Viva.caa", "String[][]": "Viva.saa", "List<Integer>": "Viva.il",
    "List<Long>": "Viva.ll", "List<Double>": "Viva.dl", "List<Boolean>": "Viva.bl", "List<String>": "Viva.sl",
    "List<Character>": "Viva.cl", "List<List<Integer>>": "Viva.ill", "List<List<String>>": "Viva.sll",
    "List<int[]>": "Viva.ial", "ListNode[]": "VivaLists.lists", "List<ListNode>": "VivaLists.listList",
    "Object": "",
}
_KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue default do double
else enum extends final finally float for goto if implements import instanceof int interface long native new
package private protected public return short static strictfp super switch synchronized this throw throws
transient try void volatile while true false null var record yield""".split())


class DriverError(ValueError):
    """A problem whose signature the Java driver cannot express."""


def _name(name: str) -> str:
    return f"{name}_" if name in _KEYWORDS else name


def _qualified(java_type: str) -> str:
    """A type as the driver writes it: it imports nothing, so List is java.util.List."""
    return re.sub(r"\bList<", "java.util.List<", java_type)


def _value(bank: str, java: str, raw: str, first_tree: str | None) -> str:
    """The expression that builds one argument of type `java` from JSON data `raw`."""
    if bank == "list_node_cycle":
        return f"VivaLists.cycle({raw})"
    if bank == "tree_ref":
        if first_tree is None:
            raise DriverError("a tree_ref needs a tree argument before it")
        return f"VivaTrees.find({first_tree}, {raw})"
    if java == "ListNode":
        return f"VivaLists.list({raw})"
    if java == "TreeNode":
        return f"VivaTrees.tree({raw})"
    if java == "Node":
        return f"VivaGraphs.graph({raw}, viva$run.originals)"
    try:
        conv = CONVERTERS[java]
    except KeyError:
        raise DriverError(f"the Java driver has no converter for {java!r}") from None
    return f"{conv}({raw})" if conv else raw


def _encode(bank: str, expr: str) -> str:
    if bank == "list_node":
        return f"VivaLists.encode({expr})"
    if bank == "list_node[]":
        return f"VivaLists.encodeAll({expr})"
    if bank == "tree":
        return f"VivaTrees.encode({expr})"
    if bank == "tree_ref":
        return f"VivaTrees.ref({expr})"
    if bank == "graph":
        return f"VivaGraphs.encode({expr}, viva$run.originals)"
    return f"Viva.plain({expr})"


def java_types(problem: Problem) -> dict[str, str]:
    entry = language_entry(problem.id, "java")
    return dict(entry.types) if entry else {}


def signature(problem: Problem) -> str:
    """LeetCode's Java signature of a function problem's method."""
    types = java_types(problem)
    sig = problem.signature
    params = ", ".join(f"{types.get(p.name, JAVA_TYPES[p.type])} {_name(p.name)}" for p in sig.params)
    return f"public {types.get('return', JAVA_TYPES[sig.returns])} {sig.entry}({params})"


def _header(problem: Problem, entry: str, body: list[str]) -> str:
    lines = [
        f"// Generated by viva.judge.languages.java for {problem.id}.",
        f"final class {MAIN_CLASS} implements VivaRun.Test {{",
        f"    public static void main(String[] viva$argv) {{",
        f'        VivaRun.start(new {MAIN_CLASS}(), "{entry}", 1);',
        "    }",
        "",
        "    @Override",
        "    public Object run(java.util.List<Object> viva$args, VivaRun viva$run) throws Throwable {",
        *[f"        {ln}" if ln else "" for ln in body],
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines)


def _function_driver(problem: Problem) -> str:
    sig = problem.signature
    types = java_types(problem)
    body, names, first_tree = [], [], None
    for k, p in enumerate(sig.params):
        java = types.get(p.name, JAVA_TYPES[p.type])
        name = _name(p.name)
        if sig.kind == Kind.first_bad_version and k > 0:
            break
        body.append(f"{_qualified(java)} {name} = {_value(p.type, java, f'viva$args.get({k})', first_tree)};")
        if p.type == "tree" and first_tree is None:
            first_tree = name
        names.append(name)
    if sig.kind == Kind.first_bad_version:
        body.append("VersionControl.vivaReset(Viva.i(viva$args.get(1)));")
    call = f"new Solution().{sig.entry}({', '.join(names)})"
    note = f"  // judge calls: {signature(problem)} in class Solution"
    if sig.output_arg is not None:
        k = sig.output_arg
        body.append(f"{call};{note}")
        body.append(f"return {_encode(sig.params[k].type, names[k])};")
    elif sig.returns == "void":
        body.append(f"{call};{note}")
        body.append("return null;")
    else:
        ret = types.get("return", JAVA_TYPES[sig.returns])
        if sig.returns in ("list_node", "list_node[]", "tree", "tree_ref", "graph"):
            body.append(f"{_qualified(ret)} viva$out = {call};{note}")
        else:
            body.append(f"Object viva$out = {call};{note}")
        if sig.kind == Kind.first_bad_version:
            body.append("viva$run.calls = VersionControl.vivaCalls();")
        body.append(f"return {_encode(sig.returns, 'viva$out')};")
    return _header(problem, "Solution", body)


def _codec_driver(problem: Problem) -> str:
    entry = problem.signature.entry
    body = [
        "TreeNode root = VivaTrees.tree(viva$args.get(0));",
        "java.util.Set<TreeNode> viva$originals = VivaTrees.nodes(root);",
        f"String viva$data = new {entry}().serialize(root);"
        f"  // judge calls: public String serialize(TreeNode root) in class {entry}",
        f'Object viva$other = viva$run.fresh("{entry}");  // deserialize runs on a fresh copy of your classes',
        'TreeNode viva$rebuilt = (TreeNode) VivaRun.invoke(viva$other, "deserialize", String.class, viva$data);',
        "return VivaTrees.encode(VivaTrees.rebuilt(viva$originals, viva$rebuilt));",
    ]
    text = _header(problem, entry, body)
    # deserialize is called by reflection (on the other copy); this makes javac check its signature.
    check = (f"    static TreeNode viva$signature({entry} c) {{\n"
             "        return c.deserialize(\"\");"
             f"  // judge calls: public TreeNode deserialize(String data) in class {entry}\n"
             "    }\n}\n")
    return text[: text.rstrip().rfind("}")] + check


def _design_driver(problem: Problem) -> str:
    entry = problem.signature.entry
    types = java_types(problem)
    methods = design_methods(problem)

    def jtype(method: str, name: str, bank: str) -> str:
        return types.get(f"{method}.{name}", JAVA_TYPES[bank])

    def args(method) -> tuple[str, str]:
        values, decl = [], []
        for k, (name, bank) in enumerate(method.params):
            java = jtype(method.name, name, bank)
            values.append(_value(bank, java, f"viva$a.get({k})", None))
            decl.append(f"{java} {_name(name)}")
        return ", ".join(values), ", ".join(decl)

    ctor = next((m for m in methods if m.name == "__init__"), None)
    ctor_args, ctor_decl = args(ctor) if ctor else ("", "")
    body = [
        "java.util.List<Object> viva$ops = Viva.list(viva$args.get(0));",
        "java.util.List<Object> viva$in = Viva.list(viva$args.get(1));",
        "java.util.List<Object> viva$out = new java.util.ArrayList<>();",
        "java.util.List<Object> viva$a = Viva.list(viva$in.get(0));",
        f"{entry} viva$obj = new {entry}({ctor_args});  // judge calls: public {entry}({ctor_decl})",
        "viva$out.add(null);",
        "for (int viva$k = 1; viva$k < viva$ops.size(); viva$k++) {",
        "    viva$a = Viva.list(viva$in.get(viva$k));",
        "    switch (Viva.s(viva$ops.get(viva$k))) {",
    ]
    for m in methods:
        if m.name == "__init__":
            continue
        values, decl = args(m)
        ret = jtype(m.name, "return", m.returns)
        note = f"  // judge calls: public {ret} {m.name}({decl}) in class {entry}"
        body.append(f'        case "{m.name}":')
        if m.returns == "void":
            body += [f"            viva$obj.{m.name}({values});{note}", "            viva$out.add(null);"]
        else:
            body.append(f"            viva$out.add({_encode(m.returns, f'viva$obj.{m.name}({values})')});{note}")
        body.append("            break;")
    body += [
        "        default:",
        '            throw new IllegalArgumentException("no operation " + viva$ops.get(viva$k));',
        "    }",
        "}",
        "return viva$out;",
    ]
    return _header(problem, entry, body)


def _driver(problem: Problem) -> dict[str, str]:
    kind = problem.signature.kind
    if kind == Kind.design:
        text = _design_driver(problem)
    elif kind == Kind.codec:
        text = _codec_driver(problem)
    else:
        text = _function_driver(problem)
    return {DRIVER: text}


TOOLCHAIN = Toolchain(
    language="java", label="Java", suffixes=(".java",), source_name=SOURCE, run_argv=_run_argv,
    compile_argv=_compile_argv, driver=_driver, prepare=_prepare, compile_message=_compile_message,
    memory_rlimit="none", memory_overhead_mb=JVM_OVERHEAD_MB, stack_bytes=64 * 1024 * 1024,
    threads=JVM_THREADS, binds=_config_binds, setup=_setup,
    requires=tuple(str(java_home() / "bin" / b) for b in ("javac", "java")) if java_home() else ("/usr/bin/javac",))
