"""TypeScript in the real sandbox: esbuild compiles the candidate's solution.ts in the box, and the
JavaScript harness runs the output on Node (through harness/ts/harness.js).

Every reference in problems/langs/typescript.yaml is accepted and every starter compiles and fails
cleanly; compile and runtime errors point at the candidate's .ts lines; the TypeScript people write
on LeetCode compiles; hostile code is contained as it is for JavaScript; and a compiler bomb ends
within the compile step's caps.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from pathlib import Path

import pytest

from viva.judge.core import judge
from viva.judge.languages import ToolchainMissing, language_for_file, toolchain
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.judge.verdicts import JudgeResult
from viva.problems import get_problem, load_bank
from viva.problems.loader import DATA_DIR, language_tables
from tests.hostile import Listener, sandbox_processes

ROOT = Path(__file__).resolve().parent.parent
MARK = secrets.token_hex(4)
SECRET = f"viva-ts-secret-{MARK}"
os.environ["VIVA_TS_TEST_SECRET"] = SECRET  # in the judge's own environment, which code must not see

TWO_SUM = """\
function twoSum(nums: number[], target: number): number[] {
    const seen = new Map<number, number>();
    for (let i = 0; i < nums.length; i++) {
        const want = target - nums[i];
        if (seen.has(want)) return [seen.get(want)!, i];
        seen.set(nums[i], i);
    }
    return [];
}
"""
REQ = "const req = (process as any).mainModule.require;\n"


LISTENER = Listener()


@pytest.fixture(scope="module")
def sandbox():
    return make_sandbox()


def run(sandbox, code: str, problem: str = "two-sum", *, limits: Limits | None = None, perf: bool = False,
        hidden: bool = True) -> JudgeResult:
    return asyncio.run(judge(get_problem(problem), "typescript", code, sandbox, limits or Limits(),
                             perf=perf, hidden=hidden))


def leftover_files() -> list[Path]:
    candidates = [Path(f"/tmp/viva-pwn-{MARK}"), Path.cwd() / f"viva-pwn-{MARK}", ROOT / f"viva-pwn-{MARK}"]
    return [p for p in candidates if p.exists()] + list(Path("/tmp").glob(f"viva-box-{os.getpid()}-*"))


# ---- the toolchain -------------------------------------------------------------------------------

def test_the_toolchain_is_registered_and_set_up():
    tool = toolchain("typescript")
    assert (tool.label, tool.source_name, tool.program) == ("TypeScript", "solution.ts", "solution.js")
    assert language_for_file("solution.ts") == "typescript"
    tool.setup()  # node and the esbuild binary are there (./dev setup)


def test_setup_says_what_to_run_when_esbuild_is_missing(monkeypatch, tmp_path):
    from viva.judge.languages import typescript

    monkeypatch.setattr(typescript, "HARNESS_DIR", str(tmp_path))
    with pytest.raises(ToolchainMissing, match=r"\./dev setup"):
        typescript.TOOLCHAIN.setup()


def test_esbuild_messages_become_the_candidates_compile_error():
    from viva.judge.languages.typescript import _compile_message

    output = (
        '✘ [ERROR] The symbol "x" has already been declared\n\n'
        "    solution.ts:2:4:\n      2 │ let x = 2;\n        ╵     ^\n\n"
        '  The symbol "x" was originally declared here:\n\n'
        "    solution.ts:1:4:\n      1 │ let x = 1;\n        ╵     ^\n\n1 error\n")
    error = _compile_message(output)
    assert error.line == 2 and error.kind == "error"
    assert error.message.splitlines()[0] == 'solution.ts:2:5: error: The symbol "x" has already been declared'
    assert "originally declared here" in error.message and "1 error" not in error.message
    assert _compile_message("something else entirely").line is None


# ---- the bank ------------------------------------------------------------------------------------

def test_every_problem_has_a_typescript_starter():
    ids = {p.stem for p in DATA_DIR.glob("*.yaml")}
    assert set(language_tables()["typescript"]) == ids
    bank = load_bank()
    for pid in ids:
        starter = bank[pid].starter.typescript or ""
        entry = bank[pid].signature.entry
        assert re.search(rf"\b(function|class) {entry}\b|var solution = function|function serialize\b", starter), pid


def test_the_references_cover_every_kind_of_problem():
    refs = {p.id: p for p in load_bank().values() if p.solutions.optimal.typescript}
    assert len(refs) >= 25
    kinds = {p.signature.kind.value for p in refs.values()}
    assert kinds == {"function", "design", "codec", "first_bad_version"}
    assert sum(p.signature.kind.value == "design" for p in refs.values()) >= 2
    types = {t for p in refs.values() for t in [p.signature.returns, *(x.type for x in p.signature.params)]}
    assert {"list_node", "list_node[]", "list_node_cycle", "tree", "tree_ref", "graph"} <= types
    assert any(p.signature.output_arg is not None for p in refs.values())
    uses_globals = [pid for pid, p in refs.items()
                    if re.search(r"new (Queue|Deque|PriorityQueue|MinPriorityQueue|MaxPriorityQueue)\b",
                                 p.solutions.optimal.typescript or "")]
    assert len(uses_globals) >= 3, uses_globals
    assert "new _Node(" in (refs["clone-graph"].solutions.optimal.typescript or "")


# Every reference and every starter runs in tests/test_problem_bank.py (viva.judge.check), with
# the bank's other languages: accepted with the performance test, and failing cleanly.


# ---- the TypeScript people write -----------------------------------------------------------------

KITCHEN_SINK = """\
import type { Something } from "somewhere";
interface Indexed<T> { readonly [key: string]: T }
type Pair = readonly [index: number, value: number];
enum Mode { Fast = "fast", Slow = "slow" }
const enum Bits { One = 1, Two = 2 }
declare const LEETCODE_DEBUG: boolean | undefined;
namespace Util {
    export function isNumber(x: unknown): x is number { return typeof x === "number"; }
}
abstract class Finder<K extends number = number> {
    protected abstract readonly label: string;
    static created = 0;
    #calls = 0;
    constructor(protected readonly mode: Mode, public seen: Map<K, number> = new Map<K, number>()) {
        Finder.created++;
    }
    abstract find(nums: K[], target: number): Pair | undefined;
    get calls(): number { return this.#calls; }
    protected bump(): void { this.#calls++; }
}
class HashFinder extends Finder<number> implements Indexed<unknown> {
    readonly [key: string]: unknown;
    protected override readonly label = "hash";
    private best!: number;
    find(nums: number[], target: number): Pair | undefined {
        this.bump();
        for (const [i, v] of nums.entries()) {
            const j = this.seen.get(target - v);
            if (j !== undefined && Util.isNumber(j)) return [j, i] as const;
            this.seen.set(v, i);
        }
        return undefined;
    }
}
function pick(x: number): number;
function pick(x: string): string;
function pick(x: number | string): number | string { return x; }
const config = { mode: Mode.Fast, bits: Bits.One | Bits.Two } satisfies { mode: Mode; bits: number };
function twoSum(nums: number[], target: number): number[] {
    const finder = new HashFinder(config.mode);
    const found = finder.find(nums, target)!;
    const key: keyof typeof config = "mode";
    return [pick(found[0]), <number>found[1]] satisfies number[];
}
"""


def test_the_type_syntax_leetcode_users_write_compiles_and_runs(sandbox):
    result = run(sandbox, KITCHEN_SINK)
    assert result.verdict.value == "accepted", (result.message, result.first_error)


def test_type_errors_are_not_checked_only_syntax(sandbox):
    """esbuild strips types without checking them: a program LeetCode's tsc would reject for a type
    error runs here and is judged on what it does. A known difference, kept on purpose (speed)."""
    code = TWO_SUM.replace("const seen = new Map<number, number>();",
                           'const seen = new Map<number, number>();\n    const oops: number = "not a number";')
    result = run(sandbox, code)
    assert result.verdict.value == "accepted"


def test_node_and_leetcodes__node_are_both_the_graph_class(sandbox):
    own_class = """\
class _Node {
    val: number
    neighbors: _Node[]
    constructor(val?: number, neighbors?: _Node[]) {
        this.val = (val===undefined ? 0 : val)
        this.neighbors = (neighbors===undefined ? [] : neighbors)
    }
}

function cloneGraph(node: _Node | null): _Node | null {
    const copies = new Map<_Node, _Node>();
    const copy = (n: _Node): _Node => {
        if (copies.has(n)) return copies.get(n)!;
        const c = new _Node(n.val);
        copies.set(n, c);
        c.neighbors = n.neighbors.map(copy);
        return c;
    };
    return node && copy(node);
}
"""
    harness_node = own_class.split("function cloneGraph")[1].replace("_Node", "Node")
    for code in (own_class, "function cloneGraph" + harness_node):
        result = run(sandbox, code, "clone-graph")
        assert result.verdict.value == "accepted", (code, result.message, result.first_error)


def test_the_leetcode_globals_are_there_as_in_javascript(sandbox):
    code = """\
function twoSum(nums: number[], target: number): number[] {
    const q = new Queue<number>(nums.map((_, i) => i));
    const heap = new MinPriorityQueue<number>();
    const pairs = _.range(nums.length);
    const byValue = new Map<number, number>();
    while (!q.isEmpty()) {
        const i: number = q.dequeue();
        heap.enqueue(i);
        const j = byValue.get(target - nums[i]);
        if (j !== undefined) return [j, pairs[i]];
        byValue.set(nums[i], i);
    }
    return [];
}
"""
    assert run(sandbox, code).verdict.value == "accepted"


# ---- errors, in the candidate's lines ----------------------------------------------------------

def test_a_syntax_error_is_a_compilation_error_at_the_candidates_line(sandbox):
    code = "type X = number;\n\nfunction twoSum(nums: number[], target: number): number[] {\n" \
           "    const a: X = 1;\n    return [a +];\n}\n"
    result = run(sandbox, code)
    assert result.verdict.value == "compilation_error"
    assert result.passed == 0
    assert result.first_error.line == 5
    assert result.first_error.source_line == "return [a +];"
    assert result.first_error.message.startswith('solution.ts:5:')
    assert 'Unexpected "]"' in result.first_error.message
    assert "return [a +];" in result.message  # esbuild's excerpt, as it printed it


def test_a_name_declared_twice_is_a_compilation_error_at_the_second_declaration(sandbox):
    code = TWO_SUM.replace("    return [];", "    let seen = 1;\n    return [];")
    result = run(sandbox, code)
    assert result.verdict.value == "compilation_error"
    assert result.first_error.line == 8 and "already been declared" in result.first_error.message


def test_a_runtime_type_error_reports_the_ts_line(sandbox):
    # Types and interfaces take lines that esbuild's output does not have: line 11 here is line 4 there.
    code = """\
interface Box {
    value: number;
    next?: Box;
}

type Pairs = Map<number, number>;

function twoSum(nums: number[], target: number): number[] {
    const seen: Pairs = new Map();
    const b: Box = { value: 1 };
    return [b.next!.value, 0];
}
"""
    result = run(sandbox, code, hidden=False)
    assert result.verdict.value == "runtime_error"
    assert result.first_error.kind == "TypeError"
    assert result.first_error.line == 11
    assert result.first_error.source_line == "return [b.next!.value, 0];"
    assert ":11:" in (result.tests[0].message or "")


def test_a_stack_overflow_reports_the_ts_line(sandbox):
    code = """\
type F = (n: number) => number;

interface Unused { a: number }

const deep: F = (n: number): number => {
    return deep(n + 1) + 1;
};

function twoSum(nums: number[], target: number): number[] {
    return [deep(0)];
}
"""
    result = run(sandbox, code)
    assert result.verdict.value == "runtime_error"
    assert result.first_error.kind == "RangeError" and result.first_error.line == 6


def test_an_error_while_loading_reports_the_ts_line(sandbox):
    code = "interface A { x: number }\ntype B = A[];\n\nconst broken: B = (null as any).items;\n" + TWO_SUM
    result = run(sandbox, code)
    assert result.verdict.value == "runtime_error"
    assert result.first_error.line == 4 and result.first_error.kind == "TypeError"


def test_an_error_in_deserialize_reports_the_ts_line(sandbox):
    """The codec deserializes in a second context of the harness's."""
    code = """\
function serialize(root: TreeNode | null): string {
    return JSON.stringify(root);
}

type Raw = { val: number; left: Raw | null };

function deserialize(data: string): TreeNode | null {
    const raw = JSON.parse(data) as Raw;
    const x: any = null;
    return x.boom;
}
"""
    result = run(sandbox, code, "serialize-and-deserialize-binary-tree")
    assert result.verdict.value == "runtime_error"
    assert result.first_error.line == 10 and result.first_error.source_line == "return x.boom;"


def test_what_esbuild_passes_and_v8_rejects_is_a_compilation_error_at_the_ts_line(sandbox):
    code = "type X = number;\n\ninterface Q { a: number }\nfunction twoSum(nums: number[], target: number): number[] {\n" \
           "    const r = /(/;\n    return [];\n}\n"
    result = run(sandbox, code)
    assert result.verdict.value == "compilation_error"
    assert result.first_error.kind == "SyntaxError" and result.first_error.line == 5


def test_a_module_import_is_a_compilation_error(sandbox):
    """The program is a classic script, as LeetCode's is; an import nothing uses is erased, as tsc does."""
    unused = run(sandbox, 'import { execSync } from "child_process";\n' + TWO_SUM)
    assert unused.verdict.value == "accepted"
    used = run(sandbox, 'import { execSync } from "child_process";\nexecSync("true");\n' + TWO_SUM)
    assert used.verdict.value == "compilation_error" and used.first_error.line == 1


def test_a_wrong_answer(sandbox):
    code = "function twoSum(nums: number[], target: number): number[] {\n    return [0, 1];\n}\n"
    result = run(sandbox, code)
    assert result.verdict.value == "wrong_answer"
    assert 0 < result.passed < result.total


def test_an_infinite_loop_is_a_time_limit(sandbox):
    code = "function twoSum(nums: number[], target: number): number[] {\n    while (true) {}\n}\n"
    assert run(sandbox, code, limits=Limits(wall_s=2)).verdict.value == "time_limit_exceeded"


def test_a_huge_allocation_is_a_memory_limit(sandbox):
    code = "const hog: number[][] = [];\nwhile (true) hog.push(new Array<number>(1e6).fill(1.5));\n" + TWO_SUM
    assert run(sandbox, code).verdict.value == "memory_limit_exceeded"


# ---- hostile code --------------------------------------------------------------------------------

# (name, code, verdict, what the result shows of why: the error, or Node's report on stderr)
ATTACKS = [
    ("require child_process", "require('child_process').execSync('true');\n" + TWO_SUM, "runtime_error",
     "require is not defined"),
    ("child_process through the main module",
     REQ + "req('child_process').execSync('true');\n" + TWO_SUM, "runtime_error", "EPERM"),
    ("leaving a background process",
     REQ + "req('child_process').spawn('sleep', ['97531'], { detached: true }).unref();\n" + TWO_SUM,
     "runtime_error", "EPERM"),
    ("connecting to a listener on 127.0.0.1",
     REQ + f"req('net').connect({LISTENER.port}, '127.0.0.1').on('error', (e: Error) => {{ throw e; }});\n" + TWO_SUM,
     "runtime_error", "ECONNREFUSED"),  # the sandbox's own loopback, where nothing listens
    ("writing into the project checkout",
     REQ + f"req('fs').writeFileSync('{ROOT}/viva-pwn-{MARK}', 'x');\n" + TWO_SUM, "runtime_error", "ENOENT"),
    ("writing to /tmp and the working directory (the box's own)",
     REQ + f"req('fs').writeFileSync('/tmp/viva-pwn-{MARK}', 'x');\nreq('fs').writeFileSync('viva-pwn-{MARK}', 'x');\n"
     + TWO_SUM, "accepted", ""),
    ("overwriting the harness",
     REQ + "req('fs').writeFileSync('/harness/ts/harness.js', 'x');\n" + TWO_SUM, "runtime_error", "EROFS"),
    ("reading the judge's environment",
     REQ + "console.log(JSON.stringify(process.env));\nfor (const p of req('fs').readdirSync('/proc')) {\n"
     "    try { console.log(req('fs').readFileSync('/proc/' + p + '/environ', 'utf8')); } catch (e) {}\n}\n"
     + TWO_SUM, "accepted", "HOME"),
    ("a timer that keeps the program alive", "setInterval(() => console.log('tick'), 5);\n" + TWO_SUM,
     "time_limit_exceeded", "tick"),
    ("a timer that throws after the tests", "setTimeout(() => { throw new Error('late'); }, 50);\n" + TWO_SUM,
     "runtime_error", "exited with status 1 after the tests"),
    ("100 MB of output", "for (let i = 0; i < 100; i++) process.stdout.write('x'.repeat(1 << 20));\n" + TWO_SUM,
     "output_limit_exceeded", ""),
    ("forging the harness output",
     REQ + "for (let i = 0; i < 40; i++) req('fs').writeSync(3, JSON.stringify({ i, actual: [0, 1], ms: 1 }) + '\\n');\n"
     "function twoSum(nums: number[], target: number): number[] { return [0, 1]; }\n", "runtime_error",
     "tampered"),
]


@pytest.mark.parametrize("name,code,verdict,evidence", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_hostile_code_is_contained(sandbox, name, code, verdict, evidence):
    wall_s = 2 if verdict == "time_limit_exceeded" else 5
    result = run(sandbox, code, limits=Limits(wall_s=wall_s))
    assert result.verdict.value == verdict, (result.verdict, result.message, result.stderr[-600:])
    blob = result.model_dump_json()
    assert evidence in blob, (result.message, result.first_error, result.stderr[-600:])
    if name.startswith("a timer"):
        assert result.passed == result.total  # every answer was in before the timer's doing
    assert len(result.stdout) <= 8 * 1024
    assert SECRET not in blob, "the judge's environment leaked into the sandbox"
    assert sandbox_processes("97531") == []
    assert leftover_files() == []
    assert LISTENER.connections == 0


def test_the_sandbox_still_judges_normally_after_the_attacks(sandbox):
    result = run(sandbox, TWO_SUM)
    assert result.verdict.value == "accepted" and result.passed == result.total


# ---- compiler bombs ------------------------------------------------------------------------------

def test_deep_nesting_past_the_compilers_memory_ends_as_a_compilation_error(sandbox):
    """200,000 nested array literals: esbuild's recursive parser grows its goroutine stack past the
    compile step's memory cap (or past Go's own 1 GB stack limit): a compilation error, and nothing
    left running."""
    n = 200_000
    result = run(sandbox, "const x = " + "[" * n + "]" * n + ";\n" + TWO_SUM)
    assert result.verdict.value == "compilation_error"
    assert result.first_error.verdict.value == "compilation_error"
    assert sandbox_processes("97531") == []
    assert leftover_files() == []


@pytest.mark.parametrize("bomb", [
    "const x = " + "[" * 49_000 + "]" * 49_000 + ";\n",
    "let a = 1;\nconst x = " + "(a+" * 16_000 + "a" + ")" * 16_000 + ";\n",
    "type T = " + "Array<" * 12_000 + "number" + ">" * 12_000 + ";\n",
], ids=["nested arrays", "nested sums", "nested generics"])
def test_the_deepest_nesting_a_submission_can_hold_is_judged_cleanly(sandbox, bomb):
    """What fits in the 100,000 characters a submission may have compiles, and V8 runs it."""
    result = run(sandbox, bomb + TWO_SUM)
    assert result.verdict.value in ("accepted", "compilation_error"), (result.verdict, result.message)
    assert sandbox_processes("97531") == []
