"""Practice any problem: a problem from outside the bank, in the bank's YAML or in Markdown, is
checked in the real sandbox, kept, and then works in an interview like a bank problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from viva.problems.importer import ImportError_, build, parse
from viva.problems.loader import DATA_DIR
from tests.helpers import create_session, hello, open_ws, recv_until, send
from tests.servers import ServerProcess

PAIRS_MD = """# Pair Sum Count
difficulty: easy
topics: array, hash-table

Given a list of integers `nums` and an integer `k`, return how many pairs of
positions `i < j` have `nums[i] + nums[j] == k`.

## Examples
Input: nums = [1, 2, 3, 4], k = 5
Output: 2
Explanation: (1, 4) and (2, 3).

Input: nums = [1, 1, 1], k = 2
Output: 3

## Tests
Input: nums = [], k = 0
Input: nums = [5], k = 10
Input: nums = [-1, 1, 0, 0], k = 0
Output: 2
Input: nums = [2, 2, 2, 2], k = 4

## Clarifications
- Can the list be empty? Yes, then the answer is 0.
- Can values repeat? Yes, and every pair of positions counts. (held back)
- Can k be negative? Yes.

## Hints
- For each number, which partner would complete the pair?
- A map of how often each value appeared so far gives the count of partners at once.
- Walk the list once; add the count of k - v seen so far, then count v.

## Approaches
- every pair: O(n^2), O(1) — nested loops, check every pair
- counting map: O(n), O(n) [optimal] — hash map, count the complements

## Solution
```python
class Solution:
    def countPairs(self, nums: List[int], k: int) -> int:
        seen = Counter()
        pairs = 0
        for v in nums:
            pairs += seen[k - v]
            seen[v] += 1
        return pairs
```
"""


def viva(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "viva.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=180)


# ---- reading the file: errors name their line ------------------------------------------------

@pytest.mark.parametrize("change,line,says", [
    (("Output: 3\n", "Output 3\n"), 13, "an example needs an 'Output:' line"),
    (("Input: nums = [1, 1, 1], k = 2", "Input: nums = [1, 1, 1]"), 13, "no value for k"),
    (("Input: nums = [5], k = 10", "Input: nums = [5, k = 10"), 18, "not a value"),
    (("## Hints", "## Hintz"), 28, "unknown section '## Hintz'"),
    (("k: int) -> int", "k) -> int"), 40, "parameter k needs a type annotation"),
    (("- every pair: O(n^2), O(1)", "- every pair in n squared"), 34, "an approach is"),
])
def test_a_markdown_problem_with_a_mistake_is_refused_at_the_line(change, line, says):
    with pytest.raises(ImportError_) as e:
        build(parse(PAIRS_MD.replace(*change), "pairs.md"))
    assert any(err.startswith(f"line {line}:") and says in err for err in e.value.errors), e.value.errors


def test_a_yaml_problem_with_a_schema_error_names_the_line():
    text = (DATA_DIR / "two-sum.yaml").read_text().replace("id: two-sum", "id: two-sum-copy")
    text = text.replace("difficulty: easy", "difficulty: trivial")
    with pytest.raises(ImportError_) as e:
        build(parse(text, "copy.yaml"))
    assert any(err.startswith("line 3: difficulty:") for err in e.value.errors), e.value.errors
    with pytest.raises(ImportError_, match=r"line \d: not valid YAML"):
        parse("id: x\ntitle: [unclosed\n", "broken.yaml")


def test_markdown_becomes_the_banks_shape_with_starters_from_the_reference():
    parsed = parse(PAIRS_MD, "pairs.md")
    p = build(parsed)
    assert (p.id, p.signature.entry, [x.type for x in p.signature.params]) == ("pair-sum-count", "countPairs",
                                                                              ["int[]", "int"])
    assert "def countPairs(self, nums: List[int], k: int) -> int:\n        pass" in p.starter.python
    assert p.starter.javascript.startswith("var countPairs = function(nums, k)")
    assert [c.held_back for c in p.clarifications] == [False, True, False]
    assert p.optimal_approach.time == "O(n)" and parsed.warnings == []


# ---- checked in the sandbox, kept, and judged like any problem -------------------------------

def test_import_checks_the_reference_then_the_problem_is_judged_like_a_bank_problem(tmp_path):
    env = {"VIVA_DATA_DIR": str(tmp_path / "data")}
    f = tmp_path / "pairs.md"
    f.write_text(PAIRS_MD)
    out = viva("problems", "import", str(f), "--json", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] and report["problem_id"] == "pair-sum-count"
    assert any("answered 3 tests given without one" in c for c in report["checks"])
    again = viva("problems", "import", str(f), env=env)
    assert again.returncode == 1 and "imported before" in again.stdout
    assert viva("problems", "import", str(f), "--replace", env=env).returncode == 0
    shown = json.loads(viva("problems", "show", "pair-sum-count", "--json", env=env).stdout)
    assert shown["starter"]["python"].startswith("class Solution:")
    good = tmp_path / "good.py"
    good.write_text("class Solution:\n    def countPairs(self, nums, k):\n"
                    "        return sum(nums[i] + nums[j] == k for i in range(len(nums)) for j in range(i + 1, len(nums)))\n")
    assert viva("judge", str(good), "--problem", "pair-sum-count", env=env).returncode == 0
    wrong = tmp_path / "wrong.py"
    wrong.write_text("class Solution:\n    def countPairs(self, nums, k):\n"
                     "        return len({(a, b) for a in nums for b in nums if a + b == k and a <= b})\n")
    result = json.loads(viva("judge", str(wrong), "--problem", "pair-sum-count", "--json", env=env).stdout)
    assert result["verdict"] == "wrong_answer"


def test_a_reference_that_disagrees_with_its_own_example_is_refused(tmp_path):
    f = tmp_path / "bad.md"
    f.write_text(PAIRS_MD.replace("Output: 3", "Output: 4"))
    out = viva("problems", "import", str(f), env={"VIVA_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 1 and "example 2 (expected 4, the reference gave 3)" in out.stdout, out.stdout
    assert not (tmp_path / "data" / "problems").exists() or not list((tmp_path / "data" / "problems").iterdir())


def test_a_performance_test_that_does_not_separate_brute_force_is_refused(tmp_path):
    md = PAIRS_MD + """
## Brute force
```python
class Solution:
    def countPairs(self, nums: List[int], k: int) -> int:
        return sum(nums[i] + nums[j] == k for i in range(len(nums)) for j in range(i + 1, len(nums)))
```

## Performance
time limit: 1000 ms
```python
def generate(rng):
    return [[rng.randint(-5, 5) for _ in range(50)], 3]
```
"""
    f = tmp_path / "slow.md"
    f.write_text(md)
    out = viva("problems", "import", str(f), env={"VIVA_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 1 and "does not separate brute force" in out.stdout, out.stdout
    f.write_text(md.replace("range(50)", "range(60_000)"))
    out = viva("problems", "import", str(f), env={"VIVA_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 0 and "brute force passes every test but times out" in out.stdout, out.stdout


def test_an_imported_problem_is_interviewed_and_asking_what_it_held_back_is_credited(tmp_path):
    srv = ServerProcess(tmp_path / "srv", env={"VIVA_ADMIN_TOKEN": "op-token"}).start()
    try:
        body = {"text": PAIRS_MD}
        assert httpx.post(f"{srv.url}/api/problems", json=body, timeout=120).status_code in (401, 403)
        r = httpx.post(f"{srv.url}/api/problems", json=body, timeout=120,
                       headers={"Authorization": "Bearer op-token"})
        assert r.status_code == 201, r.text
        bad = httpx.post(f"{srv.url}/api/problems", json={"text": "# Nothing\n\nno solution"}, timeout=60,
                         headers={"Authorization": "Bearer op-token"})
        assert bad.status_code == 422 and "## Solution" in " ".join(bad.json()["errors"])
        s = create_session(srv.url, mode="text", problem_id="pair-sum-count")
        with open_ws(srv.ws_url, s) as ws:
            hello(ws)
            send(ws, {"type": "text", "text": "Can values repeat in the list?"})
            said = []
            while not any("every pair of positions counts" in t for t in said):
                reply, _ = recv_until(ws, "agent_text", timeout=30)  # a TimeoutError fails the test
                said.append(reply.get("text", ""))
            send(ws, {"type": "end"})
            recv_until(ws, "report_ready", timeout=60)
        report = httpx.get(f"{srv.url}/api/sessions/{s['session_id']}/report",
                           headers={"Authorization": f"Bearer {s['token']}"}).json()
        cited = [e["text"] for e in report["pillars"]["problem_solving"]["evidence"]]
        assert any("a constraint the statement leaves out" in t for t in cited), cited
    finally:
        srv.stop()


def test_a_file_that_is_not_utf8_or_too_big_is_refused_clearly(tmp_path):
    f = tmp_path / "latin1.md"
    f.write_bytes("# Caf\xe9\n".encode("latin-1"))
    out = viva("problems", "import", str(f), env={"VIVA_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 2 and "cannot read" in out.stderr
    with pytest.raises(ImportError_, match="larger than"):
        parse("# Big\n" + "x" * (600 * 1024), "big.md")
