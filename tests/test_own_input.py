"""The candidate's own input, like LeetCode's testcase box: their code beside the reference on a
case they typed, never a scored submission, and counted in the report as testing."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from viva.judge.custom import InputError, example_input, parse_input, try_input
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.problems import get_problem
from tests.helpers import create_session, hello, open_ws, recv_until, send

GOOD = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
        "        for i, v in enumerate(nums):\n            if target - v in seen:\n"
        "                return [seen[target - v], i]\n            seen[v] = i\n")
FIRST_TWO = "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n"
CRASHES = "class Solution:\n    def twoSum(self, nums, target):\n        x = nums[99]\n        return [0, 1]\n"


def tried(problem_id: str, code: str, text: str, language: str = "python"):
    return asyncio.run(try_input(get_problem(problem_id), language, code, text, make_sandbox(), Limits()))  # type: ignore[arg-type]


def test_the_box_starts_with_the_first_example_one_argument_per_line():
    assert example_input(get_problem("two-sum")) == "[2, 7, 11, 15]\n9"
    assert parse_input(get_problem("two-sum"), example_input(get_problem("two-sum"))) == [[2, 7, 11, 15], 9]


@pytest.mark.parametrize("problem_id,text,says", [
    ("two-sum", "[1, 2, 3]", "takes 2 arguments (nums, target), one per line; the box has 1"),
    ("two-sum", "[1, 2, 3]\n9\n4", "the box has 3"),
    ("two-sum", "[1, 2, 3\n9", "line 1: not a JSON value"),
    ("two-sum", "[1, 2]\n\nnine", "line 3: not a JSON value"),
    ("two-sum", "5\n9", "nums should be a list"),
    ("two-sum", "[1, 2]\ntrue", "target should be a number"),
    ("valid-anagram", "abc\n\"cab\"", "line 1: not a JSON value"),
    ("lru-cache", '["put", "get"]\n[[1, 1], [1]]', 'the first operation must be "LRUCache"'),
    ("lru-cache", '["LRUCache", "get"]\n[[2]]', "of the same length"),
    ("first-bad-version", "5\n9", "between 1 and n"),
])
def test_input_that_cannot_be_used_is_refused_with_the_line_and_the_reason(problem_id, text, says):
    with pytest.raises(InputError) as e:
        parse_input(get_problem(problem_id), text)
    assert says in str(e.value)


def test_oversized_input_is_refused_before_anything_runs():
    with pytest.raises(InputError, match="at most"):
        parse_input(get_problem("two-sum"), "[" + "1, " * 40_000 + "1]\n2")


def test_a_correct_solution_shows_the_same_answer_as_the_reference():
    r = tried("two-sum", GOOD, "[3, 8, 1, 5]\n6")
    assert (r.verdict.value, r.output, r.expected, r.matches) == ("accepted", [2, 3], [2, 3], True)


def test_a_wrong_answer_is_shown_next_to_the_reference_answer():
    r = tried("two-sum", FIRST_TWO + "        # prints too\n", "[3, 8, 1, 5]\n6")
    assert (r.verdict.value, r.output, r.expected, r.matches) == ("wrong_answer", [0, 1], [2, 3], False)


def test_a_crash_names_the_error_and_the_line():
    r = tried("two-sum", CRASHES, "[1, 2]\n3")
    assert r.verdict.value == "runtime_error" and r.output is None and r.expected == [0, 1]
    assert r.error is not None and r.error.kind == "IndexError" and r.error.line == 3


def test_prints_come_back_and_design_problems_take_operations():
    code = ("class MinStack:\n    def __init__(self):\n        self.s = []\n"
            "    def push(self, val):\n        print('push', val)\n        self.s.append((val, min(val, self.s[-1][1]) if self.s else val))\n"
            "    def pop(self):\n        self.s.pop()\n    def top(self):\n        return self.s[-1][0]\n"
            "    def getMin(self):\n        return self.s[-1][1]\n")
    r = tried("min-stack", code, '["MinStack", "push", "push", "getMin", "pop", "getMin"]\n[[], [5], [2], [], [], []]')
    assert r.verdict.value == "accepted" and r.output == [None, None, None, 2, None, 5] and r.matches
    assert "push 5" in r.stdout and "push 2" in r.stdout


def test_input_that_breaks_the_constraints_says_the_reference_failed_and_compares_nothing():
    # The reference assumes a non-empty grid (the problem promises one).
    code = "class Solution:\n    def numIslands(self, grid):\n        return 0\n"
    r = tried("number-of-islands", code, "[]")
    if r.reference_error is None:
        pytest.fail(f"the reference answered {r.expected!r} on an empty grid; pick an input it cannot take")
    assert r.matches is None and r.verdict.value == "accepted" and r.output == 0


def test_javascript_runs_on_its_own_input_too():
    code = "var twoSum = function(nums, target) { return [nums.length - 2, nums.length - 1]; };"
    r = tried("two-sum", code, "[1, 2, 3, 4]\n7", language="javascript")
    assert (r.verdict.value, r.output, r.expected) == ("accepted", [2, 3], [2, 3])


# ---- over HTTP and the session's WebSocket ---------------------------------------------------


def test_post_api_judge_with_input_runs_beside_the_reference(shared_server):
    body = {"problem_id": "two-sum", "language": "python", "code": FIRST_TWO, "input": "[4, 1, 3]\n7"}
    r = httpx.post(f"{shared_server.url}/api/judge", json=body, timeout=60)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["verdict"] == "wrong_answer" and out["output"] == [0, 1] and out["expected"] == [0, 2]
    bad = httpx.post(f"{shared_server.url}/api/judge", json={**body, "input": "[4, 1, 3]"}, timeout=60)
    assert bad.status_code == 422 and "one per line" in bad.json()["detail"]


def test_own_input_on_the_websocket_is_recorded_as_testing_and_cited_in_the_report(shared_server):
    s = create_session(shared_server.url, mode="text")
    auth = {"Authorization": f"Bearer {s['token']}"}
    with open_ws(shared_server.ws_url, s) as ws:
        hello(ws)
        send(ws, {"type": "run", "code": GOOD, "language": "python", "input": "[1, 2]"})
        err, _ = recv_until(ws, "error", timeout=30)
        assert err["code"] == "bad_input" and "one per line" in err["message"]
        send(ws, {"type": "run", "code": GOOD, "language": "python", "input": "[5, 75, 25]\n100"})
        result, _ = recv_until(ws, "custom_run_result", timeout=60)
        assert result["matches"] is True and result["output"] == [1, 2] and result["seq"] > 1
        send(ws, {"type": "end"})
        recv_until(ws, "report_ready", timeout=60)
    events = httpx.get(f"{shared_server.url}/api/sessions/{s['session_id']}/events", headers=auth).json()["events"]
    assert [e["type"] for e in events].count("custom_run") == 1
    assert not [e for e in events if e["type"] == "code_run"]  # not a scored submission
    report = httpx.get(f"{shared_server.url}/api/sessions/{s['session_id']}/report", headers=auth).json()
    cited = [ev["text"] for ev in report["pillars"]["verification"]["evidence"]]
    assert any("ran their own input [5, 75, 25] 100" in t for t in cited), cited
