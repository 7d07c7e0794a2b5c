"""Go in the real sandbox: LeetCode's Go conventions, every reference and starter in langs/go.yaml,
the verdicts for what goes wrong (compile errors, panics, limits), and hostile code."""

from __future__ import annotations

import asyncio
import os
import secrets
from pathlib import Path

import pytest

from viva.judge.core import judge
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.problems import get_problem, load_bank
from viva.problems.loader import language_tables
from tests.hostile import Listener, sandbox_processes

ROOT = Path(__file__).resolve().parent.parent
MARK = secrets.token_hex(4)
SECRET = f"viva-go-secret-{MARK}"
os.environ["VIVA_GO_TEST_SECRET"] = SECRET  # in the judge's own environment, which code must not see

TWO_SUM = """func twoSum(nums []int, target int) []int {
    seen := map[int]int{}
    for i, v := range nums {
        if j, ok := seen[target-v]; ok {
            return []int{j, i}
        }
        seen[v] = i
    }
    return nil
}
"""


@pytest.fixture(scope="module")
def sandbox():
    return make_sandbox()


def run(sandbox, problem_id: str, code: str, *, perf: bool = False, wall_s: float = 5.0):
    return asyncio.run(judge(get_problem(problem_id), "go", code, sandbox, Limits(wall_s=wall_s), perf=perf))


def go_table() -> dict:
    return language_tables()["go"]


# ---- the bank's Go ------------------------------------------------------------------------------

def test_every_problem_has_a_go_starter_and_enough_references():
    table = go_table()
    assert set(table) == set(load_bank())
    with_optimal = {pid for pid, entry in table.items() if entry.optimal}
    assert len(with_optimal) >= 25
    kinds = {load_bank()[pid].signature.kind.value for pid in with_optimal}
    assert kinds == {"function", "design", "codec", "first_bad_version"}
    assert sum(load_bank()[pid].signature.kind.value == "design" for pid in with_optimal) >= 2
    types = {p.type for pid in with_optimal for p in load_bank()[pid].signature.params}
    types |= {load_bank()[pid].signature.returns for pid in with_optimal}
    assert {"list_node", "list_node[]", "list_node_cycle", "tree", "tree_ref", "graph"} <= types
    assert any(load_bank()[pid].signature.output_arg is not None for pid in with_optimal)


# Every reference and every starter runs in tests/test_problem_bank.py (viva.judge.check), with
# the bank's other languages: accepted with the performance test, and failing cleanly.


# ---- compiling ------------------------------------------------------------------------------------

def test_a_syntax_error_is_a_compilation_error_on_the_candidates_line(sandbox):
    code = "func twoSum(nums []int, target int) []int {\n    x := \n    return nil\n}\n"
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "compilation_error"
    assert r.first_error.line == 3  # go reports the token after the dangling `:=`
    assert "syntax error" in r.message
    assert r.first_error.source_line == "return nil"


def test_a_type_error_is_a_compilation_error_with_gos_message(sandbox):
    code = "func twoSum(nums []int, target int) []int {\n    var s string = target\n    return []int{len(s)}\n}\n"
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "compilation_error"
    assert r.first_error.line == 2
    assert "cannot use target (variable of type int) as type string" in r.first_error.message


def test_unused_variables_and_imports_do_not_compile_as_on_leetcode(sandbox):
    code = 'import "fmt"\n\nfunc twoSum(nums []int, target int) []int {\n    x := 1\n    return nil\n}\n'
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "compilation_error"
    assert r.first_error.line == 1 and '"fmt"' in r.first_error.message
    assert "x declared but not used" in r.message


def test_code_with_its_own_package_clause_and_imports_works_and_keeps_its_lines(sandbox):
    code = ("// mine\npackage main\n\nimport (\n\t\"fmt\"\n)\n\n" + TWO_SUM.replace(
        "    return nil\n}", "    fmt.Println(\"none\")\n    return nil\n}"))
    assert run(sandbox, "two-sum", code).verdict.value == "accepted"
    broken = code.replace("seen[v] = i", "seen[v] = undefinedName")
    r = run(sandbox, "two-sum", broken)
    assert r.verdict.value == "compilation_error"
    assert r.first_error.source_line == "seen[v] = undefinedName"


def test_common_packages_need_no_import_and_min_max_work_as_in_newer_go(sandbox):
    code = """func twoSum(nums []int, target int) []int {
    idx := make([]int, len(nums))
    for i := range idx {
        idx[i] = i
    }
    sort.Slice(idx, func(a, b int) bool { return nums[idx[a]] < nums[idx[b]] })
    lo, hi := 0, len(nums)-1
    for lo < hi {
        s := nums[idx[lo]] + nums[idx[hi]]
        if s == target {
            return []int{min(idx[lo], idx[hi]), max(idx[lo], idx[hi])}
        } else if s < target {
            lo++
        } else {
            hi--
        }
    }
    _ = strconv.Itoa(int(math.Abs(-1)))
    return nil
}
"""
    assert run(sandbox, "two-sum", code).verdict.value == "accepted"


def test_a_signature_unlike_leetcodes_is_a_compilation_error_that_says_so(sandbox):
    code = "func twoSum(nums []int64, target int) []int {\n    return nil\n}\n"
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "compilation_error"
    assert "cannot call your code as LeetCode declares it" in r.message
    assert "vivaHarness" not in r.message


def test_a_compile_bomb_stops_at_the_compile_cap_and_the_sandbox_works_afterwards(sandbox):
    lines = ['const a0 = "xxxxxxxxxxxxxxxx"'] + [f"const a{i} = a{i - 1} + a{i - 1}" for i in range(1, 41)]
    bomb = "\n".join(lines) + "\n\nvar sink = a40\n\n" + TWO_SUM
    r = run(sandbox, "two-sum", bomb)
    assert r.verdict.value == "compilation_error"
    assert r.first_error.kind == "limit"
    assert run(sandbox, "two-sum", TWO_SUM).verdict.value == "accepted"


# ---- running ----------------------------------------------------------------------------------------

def test_a_panic_is_a_runtime_error_with_its_kind_message_and_line(sandbox):
    code = "func twoSum(nums []int, target int) []int {\n    x := nums[5]\n    return []int{x}\n}\n"
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "runtime_error"
    e = r.first_error
    assert (e.kind, e.line, e.source_line) == ("runtime.Error", 2, "x := nums[5]")
    assert e.message == "index out of range [5] with length 4"


def test_a_nil_dereference_is_a_runtime_error(sandbox):
    code = ("type box struct{ v int }\n\nfunc twoSum(nums []int, target int) []int {\n"
            "    var b *box\n    return []int{b.v}\n}\n")
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "runtime_error"
    assert r.first_error.line == 5
    assert "nil pointer dereference" in r.first_error.message


def test_the_candidates_own_panic_keeps_its_message(sandbox):
    code = 'func twoSum(nums []int, target int) []int {\n    panic("not yet")\n}\n'
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "runtime_error"
    assert (r.first_error.kind, r.first_error.message, r.first_error.line) == ("panic", "not yet", 2)


def test_a_wrong_answer(sandbox):
    r = run(sandbox, "two-sum", "func twoSum(nums []int, target int) []int {\n    return []int{0, 1}\n}\n")
    assert r.verdict.value == "wrong_answer"
    assert 0 < r.passed < r.total


def test_an_infinite_loop_is_a_time_limit(sandbox):
    code = "func twoSum(nums []int, target int) []int {\n    for {\n    }\n}\n"
    assert run(sandbox, "two-sum", code, wall_s=2).verdict.value == "time_limit_exceeded"


def test_allocating_a_gigabyte_is_a_memory_limit(sandbox):
    code = """var hog [][]byte

func twoSum(nums []int, target int) []int {
    for i := 0; i < 1024; i++ {
        b := make([]byte, 1<<20)
        for j := range b {
            b[j] = 1
        }
        hog = append(hog, b)
    }
    return nil
}
"""
    assert run(sandbox, "two-sum", code).verdict.value == "memory_limit_exceeded"


def test_recursion_100000_deep_is_fine(sandbox):
    code = ("func depth(n int) int {\n    if n == 0 {\n        return 0\n    }\n    return 1 + depth(n-1)\n}\n\n"
            + TWO_SUM.replace("    seen :=", "    if depth(100000) != 100000 {\n        return nil\n    }\n    seen :="))
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "accepted", (r.message, r.stderr[-500:])


def test_infinite_recursion_is_a_runtime_error_not_a_hang_or_a_memory_kill(sandbox):
    code = "func down(n int) int {\n    return 1 + down(n+1)\n}\n\nfunc twoSum(nums []int, target int) []int {\n    return []int{down(0)}\n}\n"
    r = run(sandbox, "two-sum", code)
    assert r.verdict.value == "runtime_error"
    # Go's fatal stack overflow prints every goroutine; the tail shows the candidate's frames, in
    # the candidate's own line numbers.
    assert "/box/solution.go:2 " in r.stderr


def test_prints_go_to_stdout(sandbox):
    r = run(sandbox, "two-sum", 'import "fmt"\n\n' + TWO_SUM.replace("    seen :=", '    fmt.Println("seen", len(nums))\n    seen :='))
    assert r.verdict.value == "accepted"
    assert "seen 4" in r.stdout


# ---- each kind of problem ----------------------------------------------------------------------------

def test_design_codec_and_first_bad_version_wrong_answers_are_caught(sandbox):
    fifo = """type LRUCache struct {
    cap  int
    data map[int]int
    keys []int
}

func Constructor(capacity int) LRUCache {
    return LRUCache{cap: capacity, data: map[int]int{}}
}

func (this *LRUCache) Get(key int) int {
    if v, ok := this.data[key]; ok {
        return v
    }
    return -1
}

func (this *LRUCache) Put(key int, value int) {
    if _, ok := this.data[key]; !ok {
        if len(this.keys) == this.cap {
            delete(this.data, this.keys[0])
            this.keys = this.keys[1:]
        }
        this.keys = append(this.keys, key)
    }
    this.data[key] = value
}
"""
    assert run(sandbox, "lru-cache", fifo).verdict.value == "wrong_answer"
    sharing = """type Codec struct{ last *TreeNode }

func Constructor() Codec { return Codec{} }

var kept *TreeNode

func (this *Codec) serialize(root *TreeNode) string {
    kept = root
    return "x"
}

func (this *Codec) deserialize(data string) *TreeNode {
    return kept
}
"""
    r = run(sandbox, "serialize-and-deserialize-binary-tree", sharing)
    assert r.verdict.value == "wrong_answer"
    assert any("original nodes" in (t.message or "") for t in r.tests)
    # Right answers, but 100 wasted calls first: only the harness's call count can fail it.
    wasteful = open_reference("first-bad-version").replace(
        "    lo, hi := 1, n\n", "    for i := 0; i < 100; i++ {\n        isBadVersion(n)\n    }\n    lo, hi := 1, n\n")
    assert "isBadVersion(n)" in wasteful
    r = run(sandbox, "first-bad-version", wasteful)
    assert r.verdict.value == "time_limit_exceeded"
    assert all(t.verdict.value == "accepted" for t in r.tests)  # the examples set no call limit


def open_reference(problem_id: str) -> str:
    return get_problem(problem_id).solutions.optimal.go or ""


def test_clone_graph_must_copy(sandbox):
    same = "func cloneGraph(node *Node) *Node {\n    return node\n}\n"
    r = run(sandbox, "clone-graph", same)
    assert r.verdict.value == "wrong_answer"


# ---- hostile code -------------------------------------------------------------------------------------


LISTENER = Listener()


def init(imports: str, body: str) -> str:
    """Hostile code as Go runs it first: in an init function, before the harness's main."""
    return f"import (\n{imports}\n)\n\nfunc init() {{\n{body}\n}}\n\n{TWO_SUM}"


ATTACKS = [
    ("os/exec", init('\t"os/exec"', '\tif err := exec.Command("/usr/bin/sleep", "98765").Start(); err != nil {\n'
                     "\t\tpanic(err)\n\t}"), "runtime_error"),
    ("syscall.ForkExec", init('\t"syscall"', '\t_, err := syscall.ForkExec("/usr/bin/sleep", []string{"sleep", "98765"}, nil)\n'
                             "\tif err != nil {\n\t\tpanic(err)\n\t}"), "runtime_error"),
    ("a raw fork", init('\t"syscall"', "\tpid, _, errno := syscall.RawSyscall(syscall.SYS_FORK, 0, 0, 0)\n"
                        "\tif errno != 0 {\n\t\tpanic(errno.Error())\n\t}\n"
                        "\tif pid == 0 {\n\t\tfor {\n\t\t}\n\t}"), "runtime_error"),
    ("a raw clone without CLONE_THREAD", init('\t"syscall"', "\t_, _, errno := syscall.RawSyscall6(syscall.SYS_CLONE, "
                                              "uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)\n"
                                              "\tif errno != 0 {\n\t\tpanic(errno.Error())\n\t}\n\tfor {\n\t}"),
     "runtime_error"),
    ("connecting to a listener on 127.0.0.1",
     init('\t"net"\n\t"time"', f'\tc, err := net.DialTimeout("tcp", "127.0.0.1:{LISTENER.port}", 2*time.Second)\n'
          "\tif err != nil {\n\t\tpanic(err)\n\t}\n\tc.Close()"), "runtime_error"),
    ("a raw socket to 127.0.0.1",
     init('\t"syscall"', "\tfd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)\n"
          "\tif err != nil {\n\t\tpanic(err)\n\t}\n"
          f"\tif err := syscall.Connect(fd, &syscall.SockaddrInet4{{Port: {LISTENER.port}, Addr: [4]byte{{127, 0, 0, 1}}}}); err != nil {{\n"
          "\t\tpanic(err)\n\t}"), "runtime_error"),
    ("writing to /tmp and the working directory",
     init('\t"os"', f'\tif err := os.WriteFile("/tmp/viva-go-pwn-{MARK}", []byte("x"), 0o644); err != nil {{\n\t\tpanic(err)\n\t}}\n'
          f'\tif err := os.WriteFile("viva-go-pwn-{MARK}", []byte("x"), 0o644); err != nil {{\n\t\tpanic(err)\n\t}}'),
     "accepted"),
    ("writing into the project checkout",
     init('\t"os"', f'\tif err := os.WriteFile("{ROOT}/viva-go-pwn-{MARK}", []byte("x"), 0o644); err != nil {{\n'
          "\t\tpanic(err)\n\t}"), "runtime_error"),
    ("writing into /usr", init('\t"os"', f'\tif err := os.WriteFile("/usr/viva-go-pwn-{MARK}", []byte("x"), 0o644); err != nil {{\n'
                                         "\t\tpanic(err)\n\t}"), "runtime_error"),
    ("reading /etc/shadow", init('\t"fmt"\n\t"os"', '\tb, err := os.ReadFile("/etc/shadow")\n'
                                 "\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Println(string(b))"), "runtime_error"),
    ("reading a file of the project's checkout",
     init('\t"fmt"\n\t"os"', f'\tb, err := os.ReadFile("{ROOT}/pyproject.toml")\n'
          "\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Println(string(b))"), "runtime_error"),
    ("reading the server's environment",
     init('\t"fmt"\n\t"os"\n\t"path/filepath"', "\tfmt.Println(os.Environ())\n"
          '\tpaths, _ := filepath.Glob("/proc/*/environ")\n\tfor _, p := range paths {\n'
          "\t\tif b, err := os.ReadFile(p); err == nil {\n\t\t\tfmt.Println(string(b))\n\t\t}\n\t}"), "accepted"),
    ("goroutines that outlive the run",
     init('\t"os"\n\t"time"', "\tfor i := 0; i < 50; i++ {\n\t\tgo func() {\n\t\t\tfor {\n"
          '\t\t\t\tos.WriteFile("/tmp/spin", []byte("x"), 0o644)\n\t\t\t\ttime.Sleep(time.Millisecond)\n'
          "\t\t\t}\n\t\t}()\n\t}\n\tgo func() {\n\t\tfor {\n\t\t}\n\t}()"), "accepted"),
    # The parent is the namespace's init, which ignores the signal; -1 finds no one else to kill.
    ("killing the parent", init('\t"syscall"', "\tsyscall.Kill(syscall.Getppid(), syscall.SIGKILL)\n"
                                "\tif err := syscall.Kill(-1, syscall.SIGKILL); err != nil {\n\t\tpanic(err)\n\t}"),
     "runtime_error"),
    ("100 MB of output", init('\t"os"\n\t"strings"', '\tline := strings.Repeat("x", 1<<20)\n'
                              "\tfor i := 0; i < 100; i++ {\n\t\tos.Stdout.WriteString(line)\n\t}"),
     "output_limit_exceeded"),
]


def leftover_files() -> list[Path]:
    candidates = [Path(f"/tmp/viva-go-pwn-{MARK}"), Path.cwd() / f"viva-go-pwn-{MARK}",
                  ROOT / f"viva-go-pwn-{MARK}", Path(f"/usr/viva-go-pwn-{MARK}")]
    return [p for p in candidates if p.exists()] + list(Path("/tmp").glob(f"viva-box-{os.getpid()}-*"))


@pytest.mark.parametrize("name,code,verdict", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_hostile_go_is_contained(sandbox, name, code, verdict):
    wall_s = 2 if verdict == "time_limit_exceeded" else 5
    r = run(sandbox, "two-sum", code, wall_s=wall_s)
    assert r.verdict.value == verdict, (r.verdict, r.message, r.first_error, r.stderr[-600:])
    blob = r.model_dump_json()
    assert SECRET not in blob, "the judge's environment leaked into the sandbox"
    assert "root:" not in blob, "/etc/shadow leaked"
    assert "[project]" not in blob, "a project file leaked"
    assert len(r.stdout) <= 8 * 1024
    assert sandbox_processes() == []
    assert leftover_files() == []
    assert LISTENER.connections == 0


def test_the_sandbox_still_judges_go_after_every_attack(sandbox):
    r = run(sandbox, "two-sum", TWO_SUM, perf=True)
    assert r.verdict.value == "accepted" and r.passed == r.total
