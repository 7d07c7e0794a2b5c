"""Java in the real sandbox: LeetCode's conventions, every reference in langs/java.yaml, the
compiler's messages in the candidate's lines, runtime failures, and hostile code.

Nothing here is mocked: javac and the JVM run in bubblewrap exactly as a candidate's submission does.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from pathlib import Path

import pytest

from viva.judge.core import judge
from viva.judge.languages import toolchain
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.judge.verdicts import JudgeResult
from viva.problems import get_problem, load_bank
from tests.hostile import Listener, sandbox_processes

ROOT = Path(__file__).resolve().parent.parent
MARK = secrets.token_hex(4)
SECRET = f"viva-java-secret-{MARK}"
os.environ["VIVA_TEST_SECRET"] = SECRET  # in the judge's own environment, which code must not see

WITH_OPTIMAL = sorted(pid for pid, p in load_bank().items() if p.solutions.optimal.java)
WITH_STARTER = sorted(pid for pid, p in load_bank().items() if p.starter.java)


def two_sum(before: str = "", top: str = "", members: str = "") -> str:
    """An accepted Two Sum, with `before` run first in every call, `top` above the class and
    `members` inside it."""
    return f"""{top}class Solution {{
{members}    public int[] twoSum(int[] nums, int target) {{
        {before}
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < nums.length; i++) {{
            Integer j = seen.get(target - nums[i]);
            if (j != null) return new int[] {{j, i}};
            seen.put(nums[i], i);
        }}
        return new int[0];
    }}
}}
"""


def run(problem_id: str, code: str, *, wall_s: float = 5, perf: bool = False, memory_mb: int = 128) -> JudgeResult:
    return asyncio.run(judge(get_problem(problem_id), "java", code, make_sandbox(),
                             Limits(wall_s=wall_s, memory_mb=memory_mb), perf=perf))


def describe(r: JudgeResult) -> str:
    failing = [(t.name, t.verdict.value, t.message) for t in r.tests if t.verdict.value != "accepted"]
    return (f"{r.verdict.value} {r.passed}/{r.total} first_error={r.first_error} message={(r.message or '')[:800]!r} "
            f"failing={failing[:3]} hidden_failed={r.hidden_failed_names[:3]} perf={r.performance} "
            f"stderr={r.stderr[-800:]!r}")


# ---- the references and the starters ------------------------------------------------------------
# Every reference and every starter runs in tests/test_problem_bank.py (viva.judge.check), with
# the bank's other languages: accepted with the performance test, and failing cleanly.

def test_the_bank_has_java_for_every_problem_and_references_for_every_kind():
    bank = load_bank()
    assert WITH_STARTER == sorted(bank), "every problem needs a Java starter"
    assert len(WITH_OPTIMAL) >= 25
    kinds = {bank[pid].signature.kind.value for pid in WITH_OPTIMAL}
    assert kinds >= {"function", "design", "codec", "first_bad_version"}
    types = {p.type for pid in WITH_OPTIMAL for p in bank[pid].signature.params} | {
        bank[pid].signature.returns for pid in WITH_OPTIMAL}
    assert types >= {"list_node", "list_node[]", "list_node_cycle", "tree", "tree_ref", "graph", "str[][]"}
    assert any(bank[pid].signature.output_arg is not None for pid in WITH_OPTIMAL)
    assert sum(bank[pid].signature.kind.value == "design" for pid in WITH_OPTIMAL) >= 2


# ---- what the compiler says ---------------------------------------------------------------------

def test_a_syntax_error_is_a_compilation_error_on_the_candidates_line():
    code = "class Solution {\n    public int[] twoSum(int[] nums, int target) {\n        return new int[0]\n    }\n}\n"
    r = run("two-sum", code)
    assert r.verdict.value == "compilation_error", describe(r)
    assert r.first_error is not None and r.first_error.line == 3
    assert r.first_error.source_line == "return new int[0]"
    assert "';' expected" in (r.message or "")
    assert "Solution.java:3:" in (r.message or ""), "javac's own text, in the candidate's numbering"


def test_a_type_error_is_a_compilation_error_on_the_candidates_line():
    code = ("class Solution {\n    public int[] twoSum(int[] nums, int target) {\n        int count = 0;\n"
            "        String s = count;\n        return new int[0];\n    }\n}\n")
    r = run("two-sum", code)
    assert r.verdict.value == "compilation_error", describe(r)
    assert r.first_error is not None and r.first_error.line == 4
    assert "incompatible types: int cannot be converted to String" in (r.message or "")


def test_a_signature_that_does_not_match_leetcodes_says_what_the_judge_calls():
    code = "class Solution {\n    public int[] twoSum(List<Integer> nums, int target) {\n        return new int[0];\n    }\n}\n"
    r = run("two-sum", code)
    assert r.verdict.value == "compilation_error", describe(r)
    assert "public int[] twoSum(int[] nums, int target)" in (r.message or "")
    assert "VivaMain" not in (r.message or ""), "the generated driver is the judge's business"


def test_a_missing_design_method_is_named():
    code = "class MinStack {\n    public MinStack() {}\n    public void push(int val) {}\n    public void pop() {}\n    public int top() { return 0; }\n}\n"
    r = run("min-stack", code)
    assert r.verdict.value == "compilation_error", describe(r)
    assert "getMin" in (r.message or "")


def test_javac_output_maps_back_to_the_candidates_lines():
    tool = toolchain("java")
    files, offset = tool.files(get_problem("two-sum"), "class Solution {}\n")
    assert offset == 1 and files["Solution.java"].startswith("import java.util.*;")
    error = tool.describe_compile_failure("Solution.java:7: error: cannot find symbol\n  symbol: x\n1 error\n")
    assert error.line == 7  # in the box's numbering; the judge subtracts the offset
    assert error.message.startswith("Solution.java:6: error: cannot find symbol")


def test_public_is_taken_off_top_level_classes_only_outside_strings_and_comments():
    tool = toolchain("java")
    code = ('// public class Gone {}\npublic class Codec {\n    public static class Inner {}\n'
            '    String s = "public class X";\n}\npublic final class Other {}\npublic class Solution {}\n')
    text, offset = tool.prepare(code)  # type: ignore[misc]
    body = text.split("\n", offset)[offset]
    assert body.splitlines()[0] == "// public class Gone {}"
    assert body.splitlines()[1] == "       class Codec {"
    assert "    public static class Inner {}" in body and '"public class X"' in body
    assert "       final class Other {}" in body and "public class Solution {}" in body
    assert len(body) == len(code), "columns stay where the candidate put them"


# ---- runtime failures -------------------------------------------------------------------------------

def test_a_runtime_exception_names_its_class_and_the_candidates_line():
    code = two_sum("int[] copy = new int[nums.length];\n        copy[nums.length] = target;")
    r = run("two-sum", code)
    assert r.verdict.value == "runtime_error", describe(r)
    assert r.first_error is not None
    assert r.first_error.kind == "ArrayIndexOutOfBoundsException"
    assert r.first_error.line == 4 and r.first_error.source_line == "copy[nums.length] = target;"
    assert "Solution.java:4" in (r.tests[0].message or "")


def test_a_null_dereference_in_a_linked_list():
    code = ("class Solution {\n    public ListNode reverseList(ListNode head) {\n        ListNode none = null;\n"
            "        return new ListNode(none.val);\n    }\n}\n")
    r = run("reverse-linked-list", code)
    assert r.verdict.value == "runtime_error", describe(r)
    assert r.first_error is not None and r.first_error.kind == "NullPointerException" and r.first_error.line == 4


def test_a_failing_static_initialiser_is_a_runtime_error_on_its_line():
    code = two_sum(members="    static int[] small = new int[2];\n    static int broken = small[5];\n")
    r = run("two-sum", code)
    assert r.verdict.value == "runtime_error", describe(r)
    assert r.first_error is not None and r.first_error.line == 3
    assert r.first_error.kind == "ArrayIndexOutOfBoundsException"


def test_a_wrong_answer():
    code = "class Solution {\n    public int[] twoSum(int[] nums, int target) {\n        return new int[] {0, 1};\n    }\n}\n"
    r = run("two-sum", code)
    assert r.verdict.value == "wrong_answer", describe(r)
    assert 0 < r.passed < r.total


def test_an_infinite_loop_is_a_time_limit():
    r = run("two-sum", two_sum("if (target != Integer.MIN_VALUE) while (true) {}"), wall_s=2)
    assert r.verdict.value == "time_limit_exceeded", describe(r)


def test_allocating_a_gigabyte_is_a_memory_limit():
    r = run("two-sum", two_sum("long[] hog = new long[1 << 27];\n        hog[1] = target;"))
    assert r.verdict.value == "memory_limit_exceeded", describe(r)


def test_filling_the_heap_bit_by_bit_is_a_memory_limit():
    code = two_sum("List<long[]> hog = new ArrayList<>();\n"
                   "        while (hog.size() < 1_000_000) hog.add(new long[1 << 16]);")
    r = run("two-sum", code)
    assert r.verdict.value == "memory_limit_exceeded", describe(r)


def test_recursion_a_hundred_thousand_deep_is_fine():
    members = ("    long dfs(int depth, int a, long b, String c, int[] d) {\n"
               "        int x = a + depth, y = x ^ 7;\n"
               "        if (depth == 0) return b;\n"
               "        return dfs(depth - 1, y & 15, (b + x) % 1000, c, d) + (y & 1);\n"
               "    }\n")
    r = run("two-sum", two_sum("dfs(100_000, 1, 2L, \"s\", nums);", members=members))
    assert r.verdict.value == "accepted", describe(r)


def test_recursion_without_end_is_a_stack_overflow_on_its_line():
    code = ("class Solution {\n    int down(int n) {\n        return 1 + down(n + 1);\n    }\n"
            "    public int[] twoSum(int[] nums, int target) {\n        return new int[] {down(0)};\n    }\n}\n")
    r = run("two-sum", code)
    assert r.verdict.value == "runtime_error", describe(r)
    assert r.first_error is not None and r.first_error.kind == "StackOverflowError" and r.first_error.line == 3


def test_the_candidates_prints_go_to_stdout_and_stderr_not_to_the_judge():
    code = two_sum('System.out.println("out " + target);\n        System.err.println("err " + target);')
    r = run("two-sum", code)
    assert r.verdict.value == "accepted", describe(r)
    assert "out 9" in r.stdout and "err 9" in r.stderr


def test_the_codec_deserializes_on_a_fresh_copy_of_the_classes():
    """A static field cannot carry the tree from serialize to deserialize, as between two machines."""
    code = ("public class Codec {\n    static TreeNode saved;\n"
            "    public String serialize(TreeNode root) { saved = root; return \"\"; }\n"
            "    public TreeNode deserialize(String data) { return saved; }\n}\n")
    r = run("serialize-and-deserialize-binary-tree", code)
    assert r.verdict.value == "wrong_answer", describe(r)


def test_first_bad_version_counts_the_calls():
    code = ("public class Solution extends VersionControl {\n    public int firstBadVersion(int n) {\n"
            "        for (int v = 1; ; v++) if (isBadVersion(v)) return v;\n    }\n}\n")
    r = run("first-bad-version", code)
    assert r.verdict.value == "time_limit_exceeded", describe(r)
    assert r.passed > 0


def test_a_clone_that_returns_the_input_graph_is_wrong():
    code = "class Solution {\n    public Node cloneGraph(Node node) {\n        return node;\n    }\n}\n"
    r = run("clone-graph", code)
    assert r.verdict.value == "wrong_answer", describe(r)
    assert any("deep copy" in (t.message or "") for t in r.tests)


def test_a_candidates_own_node_class_in_a_problem_without_graphs():
    """LRU caches are often written with a `class Node` of their own; only Clone Graph has LeetCode's."""
    code = """class Node {
    int key, val;
    Node prev, next;
    Node(int key, int val) { this.key = key; this.val = val; }
}

class LRUCache {
    private final Map<Integer, Node> map = new HashMap<>();
    private final Node head = new Node(0, 0), tail = new Node(0, 0);
    private final int capacity;

    public LRUCache(int capacity) {
        this.capacity = capacity;
        head.next = tail;
        tail.prev = head;
    }

    private void unlink(Node n) { n.prev.next = n.next; n.next.prev = n.prev; }

    private void front(Node n) { n.next = head.next; n.prev = head; head.next.prev = n; head.next = n; }

    public int get(int key) {
        Node n = map.get(key);
        if (n == null) return -1;
        unlink(n);
        front(n);
        return n.val;
    }

    public void put(int key, int value) {
        Node n = map.get(key);
        if (n != null) {
            n.val = value;
            unlink(n);
            front(n);
            return;
        }
        if (map.size() == capacity) {
            Node old = tail.prev;
            unlink(old);
            map.remove(old.key);
        }
        n = new Node(key, value);
        map.put(key, n);
        front(n);
    }
}
"""
    r = run("lru-cache", code)
    assert r.verdict.value == "accepted", describe(r)


# ---- hostile code ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def listener():
    li = Listener()
    yield li
    li.close()


def leftover_files() -> list[Path]:
    candidates = [Path(f"/tmp/viva-pwn-{MARK}"), Path.cwd() / f"viva-pwn-{MARK}", ROOT / f"viva-pwn-{MARK}"]
    return [p for p in candidates if p.exists()] + list(Path("/tmp").glob(f"viva-box-{os.getpid()}-*"))


def io(body: str) -> str:
    return f"try {{\n            {body}\n        }} catch (Exception e) {{\n            throw new RuntimeException(e);\n        }}"


ATTACKS = [
    ("starting a process", io('new ProcessBuilder("true").start().waitFor();'), "runtime_error"),
    ("leaving a background process", io('Runtime.getRuntime().exec(new String[] {"sleep", "98765"});'),
     "runtime_error"),
    ("writing to /tmp and the working directory",
     io(f'java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/viva-pwn-{MARK}"), "x");\n'
        f'            java.nio.file.Files.writeString(java.nio.file.Path.of("viva-pwn-{MARK}"), "x");'), "accepted"),
    ("writing into the project checkout",
     io(f'java.nio.file.Files.writeString(java.nio.file.Path.of("{ROOT}/viva-pwn-{MARK}"), "x");'), "runtime_error"),
    ("writing into the JDK", io('java.nio.file.Files.writeString(java.nio.file.Path.of("/usr/lib/jvm/pwn"), "x");'),
     "runtime_error"),
    ("reading /etc/shadow", io('System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of("/etc/shadow")));'),
     "runtime_error"),
    ("reading a file of the project's checkout",
     io(f'System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of("{ROOT}/pyproject.toml")));'),
     "runtime_error"),
    ("reading the server's environment",
     'System.out.println(System.getenv());\n        for (java.io.File f : new java.io.File("/proc").listFiles()) {\n'
     '            try { System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of(f.getPath(), "environ"))); }'
     ' catch (Exception e) {}\n        }', "accepted"),
    ("killing the parent", 'ProcessHandle.current().parent().ifPresent(ProcessHandle::destroyForcibly);\n'
     '        ProcessHandle.allProcesses().forEach(ProcessHandle::destroyForcibly);', "runtime_error"),
    ("starting threads without end", "for (int k = 0; k < 100_000; k++) {\n"
     "            new Thread(() -> { try { Thread.sleep(1_000_000); } catch (InterruptedException e) {} }).start();\n"
     "        }", "runtime_error"),
    ("100 MB of output", 'char[] line = new char[1 << 20];\n        Arrays.fill(line, \'x\');\n'
     '        for (int k = 0; k < 100; k++) System.out.print(new String(line));', "output_limit_exceeded"),
    ("printing a great deal and then passing", 'if (target == 9) System.out.print("y".repeat(500_000));', "accepted"),
]


@pytest.mark.parametrize("before,verdict", [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_hostile_code_is_contained(before, verdict, listener):
    r = run("two-sum", two_sum(before))
    assert r.verdict.value == verdict, describe(r)
    assert len(r.stdout) <= 8 * 1024
    blob = r.model_dump_json()
    assert SECRET not in blob, "the judge's environment leaked into the sandbox"
    assert "root:" not in blob, "/etc/shadow leaked"
    assert "[project]" not in blob, "a project file leaked"
    assert sandbox_processes() == []
    assert leftover_files() == []
    assert not Path("/usr/lib/jvm/pwn").exists()


def test_connecting_to_a_listener_on_the_host_fails(listener):
    before = io(f'new java.net.Socket("127.0.0.1", {listener.port}).close();')
    r = run("two-sum", two_sum(before))
    assert r.verdict.value == "runtime_error", describe(r)
    assert listener.connections == 0


def test_threads_that_outlive_the_tests_end_with_the_run():
    members = ("    static boolean started;\n"
               "    static void spin() {\n"
               "        if (started) return;\n"
               "        started = true;\n"
               "        new Thread(() -> { while (true) { try { Thread.sleep(5); } catch (InterruptedException e) {} } }).start();\n"
               "        Thread busy = new Thread(() -> { long n = 0; while (true) n++; });\n"
               "        busy.setDaemon(true);\n"
               "        busy.start();\n"
               "    }\n")
    r = run("two-sum", two_sum("spin();", members=members))
    assert r.verdict.value == "accepted", describe(r)
    assert sandbox_processes() == []


def test_a_compiler_bomb_ends_as_a_compilation_error_and_the_box_still_works():
    # Each d(...) doubles the size of the inferred type, which javac walks as a tree: a few lines
    # that would take javac minutes and gigabytes.
    expr = "0"
    for _ in range(26):
        expr = f"d({expr})"
    bomb = ("class Solution {\n    static <T> Map<T, T> d(T t) { return null; }\n"
            f"    public int[] twoSum(int[] nums, int target) {{\n        var x = {expr};\n"
            "        x.put(null, null);\n        return new int[0];\n    }\n}\n")
    r = run("two-sum", bomb)
    assert r.verdict.value == "compilation_error", describe(r)
    assert sandbox_processes() == []
    after = run("two-sum", two_sum())
    assert after.verdict.value == "accepted", describe(after)
