"""Harness behaviour that a fair judge needs: no shortcuts through shared objects, clear errors."""

from __future__ import annotations

import asyncio

import pytest

from viva.judge.core import judge
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.problems import get_problem


def run(problem_id: str, language: str, code: str, perf: bool = False):
    return asyncio.run(judge(get_problem(problem_id), language, code, make_sandbox(), Limits(), perf=perf))


CODEC_CHEAT_PY = """
class Codec:
    stash = None
    def serialize(self, root):
        Codec.stash = root
        return ""
    def deserialize(self, data):
        return Codec.stash
"""
CODEC_CHEAT_JS = """
let stash = null;
class Codec {
  serialize(root) { stash = root; return ""; }
  deserialize(data) { return stash; }
}
"""


@pytest.mark.parametrize("language,code", [("python", CODEC_CHEAT_PY), ("javascript", CODEC_CHEAT_JS)])
def test_a_codec_cannot_pass_the_tree_through_shared_memory(language, code):
    result = run("serialize-and-deserialize-binary-tree", language, code)
    assert result.verdict.value != "accepted"


CLONE_WITH_DUPLICATES_PY = """
class Solution:
    def cloneGraph(self, node):
        if node is None:
            return None
        copies = {}
        def copy(n):
            # a new node for every edge: the graph is not rebuilt, only unrolled
            c = Node(n.val)
            if n.val in copies:
                return c
            copies[n.val] = c
            c.neighbors = [copy(m) for m in n.neighbors]
            return c
        return copy(node)
"""


def test_a_graph_clone_with_duplicate_nodes_is_wrong():
    result = run("clone-graph", "python", CLONE_WITH_DUPLICATES_PY)
    assert result.verdict.value == "wrong_answer"


def test_a_missing_entry_point_says_what_to_define():
    result = run("two-sum", "python", "def helper():\n    return 1\n")
    assert result.verdict.value == "runtime_error"
    assert "twoSum" in (result.tests[0].message or "")
    result = run("two-sum", "javascript", "function helper() { return 1; }")
    assert result.verdict.value == "runtime_error" and "twoSum" in (result.tests[0].message or "")


def test_javascript_accepts_the_usual_ways_of_declaring_the_function():
    body = "{ const m = new Map(); for (let i = 0; i < nums.length; i++) { if (m.has(target - nums[i])) " \
           "return [m.get(target - nums[i]), i]; m.set(nums[i], i); } }"
    for code in (f"var twoSum = function(nums, target) {body};", f"function twoSum(nums, target) {body}",
                 f"const twoSum = (nums, target) => {body};", f"let twoSum = function(nums, target) {body};"):
        assert run("two-sum", "javascript", code).verdict.value == "accepted", code


def test_python_accepts_a_plain_function_too_and_reports_tracebacks_from_the_candidates_code():
    plain = ("def twoSum(nums, target):\n    seen = {}\n    for i, v in enumerate(nums):\n"
             "        if target - v in seen:\n            return [seen[target - v], i]\n        seen[v] = i\n")
    assert run("two-sum", "python", plain).verdict.value == "accepted"
    crash = "class Solution:\n    def twoSum(self, nums, target):\n        return nums[99]\n"
    result = run("two-sum", "python", crash)
    assert result.verdict.value == "runtime_error"
    message = result.tests[0].message or ""
    assert "IndexError" in message and "solution.py" in message and "harness" not in message


DEEP_PY = """
import functools
@functools.lru_cache(None)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
class Solution:
    def twoSum(self, nums, target):
        depth.cache_clear()
        assert depth(50000) == 50000
        seen = {}
        for i, v in enumerate(nums):
            if target - v in seen:
                return [seen[target - v], i]
            seen[v] = i
"""
DEEP_JS = """
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
var twoSum = function(nums, target) {
  if (depth(50000) !== 50000) throw new Error("shallow");
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
    seen.set(nums[i], i);
  }
};
"""


@pytest.mark.parametrize("language,code", [("python", DEEP_PY), ("javascript", DEEP_JS)])
def test_deep_recursion_of_50000_levels_is_allowed(language, code):
    assert run("two-sum", language, code).verdict.value == "accepted"
