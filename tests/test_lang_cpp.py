"""C++ in the real sandbox: LeetCode's C++ conventions, every reference and starter in
langs/cpp.yaml, the verdicts for what goes wrong (compile errors, crashes, limits), hostile code,
and compiler bombs."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import secrets
from pathlib import Path

import pytest

from viva.judge import sandbox as sandbox_module
from viva.judge.core import judge
from viva.judge.languages import cpp as cpp_lang
from viva.judge.languages import toolchain
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.problems import get_problem, load_bank
from viva.problems.loader import language_tables
from tests.hostile import Listener, sandbox_processes

ROOT = Path(__file__).resolve().parent.parent
MARK = secrets.token_hex(4)
SECRET = f"viva-cpp-secret-{MARK}"
os.environ["VIVA_CPP_TEST_SECRET"] = SECRET  # in the judge's own environment, which code must not see

TWO_SUM_BODY = """
        unordered_map<int, int> seen;
        for (int i = 0; i < (int)nums.size(); ++i) {
            auto it = seen.find(target - nums[i]);
            if (it != seen.end()) return {it->second, i};
            seen[nums[i]] = i;
        }
        return {};
"""


def two_sum(before: str = "", head: str = "", members: str = "") -> str:
    """A correct twoSum with `before` run at the start of every call; `head` above the class."""
    return (head + "\nclass Solution {\n" + members + "\npublic:\n"
            "    vector<int> twoSum(vector<int>& nums, int target) {\n" + before + TWO_SUM_BODY + "    }\n};\n")


TWO_SUM = two_sum()


@pytest.fixture(scope="module")
def sandbox():
    cpp_lang.setup()  # what `./dev setup` does: the precompiled prelude (once; idempotent)
    return make_sandbox()


def run(sandbox, problem_id: str, code: str, *, perf: bool = False, wall_s: float = 5.0, memory_mb: int = 128):
    return asyncio.run(judge(get_problem(problem_id), "cpp", code, sandbox,
                             Limits(wall_s=wall_s, memory_mb=memory_mb), perf=perf))


def cpp_table() -> dict:
    return language_tables()["cpp"]


# ---- the bank's C++ ------------------------------------------------------------------------------

def test_every_problem_has_a_cpp_starter_and_enough_references():
    table = cpp_table()
    assert set(table) == set(load_bank())
    with_optimal = {pid for pid, entry in table.items() if entry.optimal}
    assert len(with_optimal) >= 25
    bank = load_bank()
    kinds = {bank[pid].signature.kind.value for pid in with_optimal}
    assert kinds == {"function", "design", "codec", "first_bad_version"}
    assert sum(bank[pid].signature.kind.value == "design" for pid in with_optimal) >= 2
    types = {p.type for pid in with_optimal for p in bank[pid].signature.params}
    types |= {bank[pid].signature.returns for pid in with_optimal}
    assert {"list_node", "list_node[]", "list_node_cycle", "tree", "tree_ref", "graph"} <= types
    assert any(bank[pid].signature.output_arg is not None for pid in with_optimal)
    # LeetCode's char grids: the starter says vector<vector<char>>, and the driver builds one.
    assert "vector<vector<char>>& grid" in table["number-of-islands"].starter
    assert table["number-of-islands"].types == {"grid": "vector<vector<char>>&"}


# Every reference and every starter runs in tests/test_problem_bank.py (viva.judge.check), with
# the bank's other languages: accepted with the performance test, and failing cleanly.


# ---- the precompiled prelude ----------------------------------------------------------------------

def test_the_precompiled_prelude_is_what_g_plus_plus_uses_in_the_box(sandbox, monkeypatch):
    """-H lists the headers a compile reads, `!` marking a precompiled one it used; a syntax error
    makes the compiler's output come back to look at."""
    assert cpp_lang._cache_ready()
    tool = toolchain("cpp")
    listing = dataclasses.replace(tool, compile_argv=lambda h: [*tool.compile_argv(h), "-H", "-Winvalid-pch"])
    monkeypatch.setattr(sandbox_module, "toolchain", lambda language: listing)
    out = sandbox.run_blocking(0, "cpp", "class Solution { int x = ; };", lambda path: b"{}", Limits(),
                               get_problem("two-sum"))
    assert "! /pch/viva_prelude.h.gch" in out.compile_output, out.compile_output[:2000]
    assert "bits/stdc++.h" not in out.compile_output  # read from the .gch, not parsed again


def test_without_the_precompiled_prelude_the_same_program_is_judged_the_same(sandbox, monkeypatch):
    monkeypatch.setattr(cpp_lang, "_cache_ready", lambda: False)
    assert toolchain("cpp").binds() == []
    result = run(sandbox, "two-sum", TWO_SUM)
    assert result.verdict.value == "accepted", (result.message, result.first_error)
    result = run(sandbox, "two-sum", "class Solution {\npublic:\n    int x = ;\n};\n")
    assert result.verdict.value == "compilation_error" and result.first_error.line == 3


# ---- compile errors -------------------------------------------------------------------------------

def test_a_syntax_error_is_a_compilation_error_at_the_candidates_line(sandbox):
    code = two_sum().replace("seen[nums[i]] = i;", "seen[nums[i]] = ;")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "compilation_error"
    error = result.first_error
    assert error.source_line == "seen[nums[i]] = ;"
    assert "expected primary-expression before ';' token" in result.message
    assert result.message.startswith(f"solution.cpp:{error.line}:")
    assert "main.cpp" not in result.message and "viva_case" not in result.message


def test_a_type_error_is_a_compilation_error_at_the_candidates_line(sandbox):
    code = "class Solution {\npublic:\n    vector<int> twoSum(vector<int>& nums, int target) {\n" \
           "        string s = nums;\n        return {};\n    }\n};\n"
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "compilation_error"
    assert result.first_error.line == 4
    assert result.first_error.source_line == "string s = nums;"
    assert "conversion from" in result.message and "error:" in result.message


def test_an_error_inside_the_standard_library_points_at_the_line_that_caused_it(sandbox):
    code = two_sum(before="        struct P { int a; };\n        vector<P> ps(3);\n"
                          "        sort(ps.begin(), ps.end());\n")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "compilation_error"
    assert result.first_error.source_line == "sort(ps.begin(), ps.end());"
    assert "operator<" in result.message


def test_a_misnamed_method_is_a_compilation_error_that_says_so(sandbox):
    code = TWO_SUM.replace("twoSum(", "two_sum(")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "compilation_error"
    assert "has no member named 'twoSum'" in result.message.replace("‘", "'").replace("’", "'")


def test_a_design_method_missing_is_a_compilation_error(sandbox):
    code = cpp_table()["min-stack"].optimal.replace("int getMin()", "int minimum()")
    result = run(sandbox, "min-stack", code)
    assert result.verdict.value == "compilation_error" and "getMin" in result.message


# ---- runtime errors, limits -----------------------------------------------------------------------

def test_at_out_of_range_is_a_runtime_error_with_its_kind_and_line(sandbox):
    code = two_sum(before="        int far = nums.at(nums.size());\n")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "runtime_error"
    error = result.first_error
    assert error.kind == "out_of_range"
    assert error.source_line == "int far = nums.at(nums.size());"
    assert "_M_range_check" in result.tests[0].message


def test_operator_brackets_out_of_range_is_caught_too(sandbox):
    code = two_sum(before="        long long s = 0;\n        for (size_t k = 0; k <= nums.size(); ++k)\n"
                          "            s += nums[k];\n")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "runtime_error"
    assert result.first_error.kind == "SIGABRT"
    assert "index out of range" in result.first_error.message
    assert result.first_error.source_line == "s += nums[k];"


def test_a_segfault_is_a_runtime_error_on_the_test_that_crashed(sandbox):
    # Example 2 is the only test with three numbers: the tests before it pass, it crashes.
    code = two_sum(before="        if (nums.size() == 3 && target == 6 && nums[0] == 3) {\n"
                          "            int* p = nullptr;\n            *p = 1;\n        }\n")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "runtime_error"
    assert [t.verdict.value for t in result.tests] == ["accepted", "runtime_error", "runtime_error"]
    assert result.first_error.test_name == "example 2"
    assert result.first_error.kind == "SIGSEGV"
    assert result.first_error.source_line == "*p = 1;"
    assert result.tests[2].message == "the program stopped before this test finished"


# Undefined behaviour that g++'s checks catch, as LeetCode's sanitizers do: (name, code run at the
# start of every call, kind, the candidate's line it names, the sanitizer's words).
UNDEFINED = [
    ("signed overflow", "        int big = INT_MAX - 1;\n        big += (int)nums.size();\n        if (big == 7) return {};\n",
     "signed_integer_overflow", "big += (int)nums.size();", "cannot be represented in type 'int'"),
    ("overflow inside the standard library", "        vector<int> v(3, INT_MAX);\n"
     "        int s = accumulate(v.begin(), v.end(), 0);\n        if (s == 7) return {};\n",
     "signed_integer_overflow", "int s = accumulate(v.begin(), v.end(), 0);",
     "signed integer overflow: 2147483647 + 2147483647"),
    ("division by zero", "        volatile int zero = 0;\n        int q = target / zero;\n        if (q == 7) return {};\n",
     "division_by_zero", "int q = target / zero;", "division by zero"),
    ("a shift past the width", "        int k = nums.size() * 10;\n        if ((1 << k) == 7) return {};\n",
     "shift_out_of_bounds", "if ((1 << k) == 7) return {};", "shift exponent 40 is too large for 32-bit type 'int'"),
    ("a fixed array's index", "        int seen4[4];\n        for (size_t k = 0; k <= nums.size(); ++k) seen4[k] = 1;\n"
     "        if (seen4[0] == 7) return {};\n",
     "index_out_of_bounds", "for (size_t k = 0; k <= nums.size(); ++k) seen4[k] = 1;", "out of bounds for type 'int [4]'"),
]


@pytest.mark.parametrize("name,before,kind,line,words", UNDEFINED, ids=[u[0] for u in UNDEFINED])
def test_undefined_behaviour_is_a_runtime_error_at_the_candidates_line(sandbox, name, before, kind, line, words):
    result = run(sandbox, "two-sum", two_sum(before=before))
    assert result.verdict.value == "runtime_error", (result.verdict, result.message, result.first_error)
    error = result.first_error
    assert error.test_name == "example 1"
    assert error.kind == kind and error.source_line == line
    assert words in error.message
    # The sanitizer's own report, for the candidate: where g++ put the check, and the same words.
    assert ": runtime error: " in result.stderr and words in result.stderr


def test_falling_off_the_end_of_a_function_is_a_runtime_error(sandbox):
    code = "class Solution {\npublic:\n    vector<int> twoSum(vector<int>& nums, int target) {\n" \
           "        if (target == 12345) return {};\n    }\n};\n"
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "runtime_error"
    assert result.first_error.kind == "missing_return"
    assert "without returning a value" in result.first_error.message
    assert result.first_error.line == 3  # the function's


def test_a_thrown_value_of_any_type_is_a_runtime_error(sandbox):
    code = two_sum(before="        if (target == 9) throw 42;\n")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "runtime_error"
    assert result.first_error.kind == "int" and result.first_error.source_line == "if (target == 9) throw 42;"


def test_a_wrong_answer(sandbox):
    result = run(sandbox, "two-sum", "class Solution {\npublic:\n    vector<int> twoSum(vector<int>& nums, int t) {\n"
                                     "        return {0, 1};\n    }\n};\n")
    assert result.verdict.value == "wrong_answer"
    assert result.tests[0].verdict.value == "accepted" and result.tests[1].verdict.value == "wrong_answer"
    assert result.tests[1].actual == [0, 1]


def test_an_infinite_loop_is_a_time_limit(sandbox):
    code = two_sum(before="        volatile unsigned long spin = 0;\n        while (true) ++spin;\n")
    result = run(sandbox, "two-sum", code, wall_s=2)
    assert result.verdict.value == "time_limit_exceeded"


def test_allocating_a_gigabyte_is_a_memory_limit(sandbox):
    code = two_sum(before="        vector<char> hog(1 << 30, 1);\n        if (hog[12345] == 7) return {};\n")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "memory_limit_exceeded"


def test_touching_more_memory_than_the_budget_is_a_memory_limit(sandbox):
    # Under the address-space limit, over the cgroup's: the kernel's OOM killer ends it.
    code = two_sum(before="        static vector<char> hog;\n        hog.assign(200 << 20, 1);\n")
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "memory_limit_exceeded"


def test_recursion_a_hundred_thousand_deep_is_accepted(sandbox):
    members = """
    int height(TreeNode* node) {
        if (!node) return 0;
        int pad[24];
        pad[node->val % 24] = node->val;
        int l = height(node->left), r = height(node->right);
        return 1 + max(l, r) + (pad[node->val % 24] != node->val);
    }
"""
    head = "struct TreeNode { int val; TreeNode *left, *right; };"
    before = """
        TreeNode* root = nullptr;
        for (int k = 0; k < 100000; ++k) root = new TreeNode{k, root, nullptr};
        if (height(root) != 100000) return {};
"""
    result = run(sandbox, "two-sum", two_sum(before=before, head=head, members=members))
    assert result.verdict.value == "accepted", (result.message, result.first_error)


def test_infinite_recursion_is_a_stack_overflow(sandbox):
    members = "    long long down(long long n) { volatile long long pad[8]; pad[0] = n; return down(n + 1) + pad[0]; }\n"
    result = run(sandbox, "two-sum", two_sum(before="        if (down(0) == 7) return {};\n", members=members))
    assert result.verdict.value == "runtime_error"
    assert result.first_error.kind == "SIGSEGV" and "stack overflow" in result.first_error.message


def test_output_survives_a_crash_even_with_stdio_unsynced(sandbox):
    head = "static const int fast_io = []() { ios::sync_with_stdio(false); cin.tie(nullptr); return 0; }();"
    before = ('        cout << "looking at " << nums.size() << " numbers" << "\\n";\n'
              "        if (nums.size() == 3) { int* p = nullptr; *p = 1; }\n")
    result = run(sandbox, "two-sum", two_sum(before=before, head=head))
    assert result.verdict.value == "runtime_error"
    assert "looking at 4 numbers\nlooking at 3 numbers\n" in result.stdout


def test_a_codec_that_hands_back_the_original_tree_is_wrong(sandbox):
    code = """class Codec {
public:
    string serialize(TreeNode* root) { return to_string((uintptr_t)root); }
    TreeNode* deserialize(string data) { return (TreeNode*)(uintptr_t)stoull(data); }
};
"""
    result = run(sandbox, "serialize-and-deserialize-binary-tree", code)
    assert result.verdict.value == "wrong_answer"
    assert "original nodes" in (result.tests[0].message or "")


def test_a_clone_that_returns_the_original_graph_is_wrong(sandbox):
    code = "class Solution {\npublic:\n    Node* cloneGraph(Node* node) { return node; }\n};\n"
    result = run(sandbox, "clone-graph", code)
    assert result.verdict.value == "wrong_answer"
    assert "deep copy" in (result.tests[0].message or "")


def test_a_returned_list_with_a_cycle_is_wrong_not_a_hang(sandbox):
    code = ("class Solution {\npublic:\n    ListNode* reverseList(ListNode* head) {\n"
            "        if (head) { ListNode* t = head; while (t->next) t = t->next; t->next = head; }\n"
            "        return head;\n    }\n};\n")
    result = run(sandbox, "reverse-linked-list", code)
    assert result.verdict.value == "wrong_answer"
    assert any("does not end" in (t.message or "") for t in result.tests)


def test_first_bad_version_counts_calls(sandbox):
    linear = ("class Solution {\npublic:\n    int firstBadVersion(int n) {\n"
              "        for (int v = 1; v < n && v < 1000; ++v) if (isBadVersion(v)) return v;\n"
              "        return n;\n    }\n};\n")
    result = run(sandbox, "first-bad-version", linear)
    assert result.verdict.value == "time_limit_exceeded"
    assert result.hidden_failed > 0 and all(t.verdict.value == "accepted" for t in result.tests)


# ---- hostile code ----------------------------------------------------------------------------------


LISTENER = Listener()

POSIX = "#include <unistd.h>\n#include <signal.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\n" \
        "#include <arpa/inet.h>\n#include <dirent.h>\n"
ONCE = "        static bool done = false;\n        if (!done) {\n            done = true;\n{}        }\n"


def once(code: str) -> str:
    return ONCE.replace("{}", code)


# (name, code, verdict, text that must not appear in the result)
ATTACKS = [
    ("fork", two_sum(head=POSIX, before=once(
        "            pid_t pid = fork();\n"
        f'            if (pid == 0) {{ printf("CHILD-{MARK}\\n"); fflush(stdout); _exit(0); }}\n'
        '            if (pid < 0) throw runtime_error("fork refused");\n')),
     "runtime_error", f"CHILD-{MARK}"),
    ("system", two_sum(head=POSIX, before=once(
        f'            int rc = system("echo SYSTEM-{MARK}; sleep 98765 &");\n'
        '            if (rc != 0) throw runtime_error("system refused");\n')),
     "runtime_error", f"SYSTEM-{MARK}"),
    ("execve of a shell that starts a background sleep", two_sum(head=POSIX, before=once(
        '            char* argv[] = {(char*)"sh", (char*)"-c", (char*)"sleep 98765 & wait", nullptr};\n'
        "            execve(\"/bin/sh\", argv, nullptr);\n"
        '            throw runtime_error("execve refused");\n')),
     "runtime_error", None),
    ("fork, clone and x32 fork as raw syscalls", two_sum(head=POSIX, before=once(
        "            long nrs[] = {57, 56, 0x40000000L | 57, 58};\n"
        "            for (long nr : nrs) {\n"
        "                long r;\n"
        '                asm volatile("syscall" : "=a"(r) : "a"(nr), "D"(17L), "S"(0L), "d"(0L) '
        ': "rcx", "r11", "memory");\n'
        f'                if (r == 0) {{ printf("ASM-CHILD-{MARK}\\n"); fflush(stdout); _exit(0); }}\n'
        '                if (r > 0) throw runtime_error("a raw syscall made a process");\n'
        "            }\n"
        '            throw runtime_error("every raw process syscall refused");\n')),
     "runtime_error", f"ASM-CHILD-{MARK}"),
    ("a socket to a listener on 127.0.0.1", two_sum(head=POSIX, before=once(
        "            int fd = socket(AF_INET, SOCK_STREAM, 0);\n"
        "            sockaddr_in addr{};\n            addr.sin_family = AF_INET;\n"
        f"            addr.sin_port = htons({LISTENER.port});\n"
        '            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);\n'
        "            if (fd < 0 || connect(fd, (sockaddr*)&addr, sizeof addr) != 0)\n"
        '                throw runtime_error("no network");\n')),
     "runtime_error", None),
    ("writing outside the box", two_sum(head=POSIX, before=once(
        f'            FILE* mine = fopen("{ROOT}/viva-pwn-{MARK}", "w");\n'
        f'            FILE* usr = fopen("/usr/viva-pwn-{MARK}", "w");\n'
        f'            FILE* tmp = fopen("/tmp/viva-pwn-{MARK}", "w");\n'
        f'            FILE* box = fopen("viva-pwn-{MARK}", "w");\n'
        '            if (mine || usr) throw runtime_error("wrote outside the box");\n'
        '            if (!tmp || !box) throw runtime_error("the box and /tmp should be writable");\n'
        '            fputs("x", tmp); fputs("x", box); fclose(tmp); fclose(box);\n')),
     "accepted", None),
    ("reading the judge's environment and the host's files", two_sum(head=POSIX, before=once(
        '            const char* s = getenv("VIVA_CPP_TEST_SECRET");\n'
        '            if (s) printf("%s\\n", s);\n'
        "            if (DIR* d = opendir(\"/proc\")) {\n"
        "                while (dirent* e = readdir(d)) {\n"
        '                    string path = string("/proc/") + e->d_name + "/environ";\n'
        "                    ifstream in(path);\n"
        "                    stringstream all; all << in.rdbuf();\n"
        '                    cout << all.str() << "\\n";\n'
        "                }\n                closedir(d);\n            }\n"
        f'            for (const char* path : {{"/etc/shadow", "/etc/passwd", "{ROOT}/pyproject.toml", '
        '"/root/.bash_history"}) {\n'
        "                ifstream in(path);\n"
        "                stringstream all; all << in.rdbuf();\n"
        "                cout << all.str();\n            }\n")),
     "accepted", SECRET),
    ("threads that outlive the run", two_sum(head=POSIX, before=once(
        "            for (int k = 0; k < 4; ++k)\n"
        "                thread([] { volatile unsigned long spin = 0; while (true) ++spin; }).detach();\n"
        "            thread([] { sleep(98765); }).detach();\n")),
     "accepted", None),
    ("printing 100 MB", two_sum(before=once(
        "            string chunk(1 << 20, 'x');\n"
        "            for (int k = 0; k < 100; ++k) fwrite(chunk.data(), 1, chunk.size(), stdout);\n")),
     "output_limit_exceeded", None),
    ("killing everything it can", two_sum(head=POSIX, before=once(
        "            kill(getppid(), SIGKILL);\n            kill(-1, SIGKILL);\n")),
     "accepted", None),  # the box's init ignores it, and kill(-1) spares the caller: nothing else is there
]


def leftover_files() -> list[Path]:
    candidates = [Path(f"/tmp/viva-pwn-{MARK}"), Path(f"/usr/viva-pwn-{MARK}"), Path.cwd() / f"viva-pwn-{MARK}",
                  ROOT / f"viva-pwn-{MARK}"]
    return [p for p in candidates if p.exists()] + list(Path("/tmp").glob(f"viva-box-{os.getpid()}-*"))


@pytest.mark.parametrize("name,code,verdict,forbidden", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_hostile_code_is_contained(sandbox, name, code, verdict, forbidden):
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == verdict, (result.verdict, result.message, result.first_error, result.stderr[-600:])
    blob = result.model_dump_json()
    if forbidden:
        assert forbidden not in blob
    assert SECRET not in blob, "the judge's environment leaked into the sandbox"
    assert "root:" not in blob, "a host account file leaked"
    assert "[project]" not in blob, "a project file leaked"
    assert len(result.stdout) <= 8 * 1024
    assert sandbox_processes() == []
    assert leftover_files() == []
    assert LISTENER.connections == 0


def test_refused_process_syscalls_say_so(sandbox):
    result = run(sandbox, "two-sum", ATTACKS[3][1])
    assert result.first_error.message == "every raw process syscall refused"


# ---- compiler bombs --------------------------------------------------------------------------------

BOMBS = [
    ("template instantiation", "template <class T> struct Grow { using type = typename Grow<pair<T, T>>::type; };\n"
                               "Grow<int>::type boom;\n" + TWO_SUM),
    ("including /dev/zero", '#include "/dev/zero"\n' + TWO_SUM),
    ("including itself", '#include "solution.cpp"\n' + TWO_SUM),
    ("macro expansion", "#define A(x) x x x x x x x x x x\n#define B(x) A(A(A(A(x))))\n#define C(x) B(B(B(x)))\n"
                        "int f() { int s = 0; C(s++;) return s; }\n" + TWO_SUM),
]


@pytest.mark.parametrize("name,code", BOMBS, ids=[b[0] for b in BOMBS])
def test_a_compiler_bomb_is_a_compilation_error_within_the_cap(sandbox, name, code):
    result = run(sandbox, "two-sum", code)
    assert result.verdict.value == "compilation_error", (result.verdict, result.message)
    assert result.first_error.kind in ("limit", "error")
    assert sandbox_processes() == []


def test_the_sandbox_still_judges_normally_after_everything(sandbox):
    result = run(sandbox, "two-sum", TWO_SUM, perf=True)
    assert result.verdict.value == "accepted" and result.passed == result.total
    assert result.performance is not None and result.performance.verdict.value == "accepted"
