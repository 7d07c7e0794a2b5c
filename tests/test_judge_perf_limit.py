"""The performance test's time limit is kept by the Python and JavaScript harnesses themselves: a
slow solution is stopped at its limit and reported with how long it ran, instead of burning the
sandbox's wall clock (the limit plus two seconds of start-up allowance) and leaving no record.
Code that swallows the stop still meets the wall clock."""

from __future__ import annotations

import asyncio

import pytest

from viva.judge.core import judge
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.judge.verdicts import JudgeResult, Verdict
from viva.problems import get_problem

TWO_SUM = get_problem("two-sum")


def run(language: str, code: str) -> JudgeResult:
    return asyncio.run(judge(TWO_SUM, language, code, make_sandbox(), Limits()))


@pytest.mark.parametrize(("language", "code"), [
    ("python", TWO_SUM.solutions.brute.python if TWO_SUM.solutions.brute else ""),
    ("javascript", TWO_SUM.solutions.brute.javascript if TWO_SUM.solutions.brute else ""),
    ("javascript", "var twoSum = function(nums, target) {\n"
                   "  if (nums.length > 1000) { while (true) {} }\n"
                   "  const seen = new Map();\n"
                   "  for (let i = 0; i < nums.length; i++) {\n"
                   "    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n"
                   "    seen.set(nums[i], i);\n  }\n};\n"),
])
def test_a_slow_solution_is_stopped_at_the_limit_and_says_how_long_it_ran(language: str, code: str) -> None:
    assert code
    r = run(language, code)
    perf = r.performance
    assert perf is not None and perf.verdict == Verdict.time_limit_exceeded, r
    assert r.passed == r.total - 1  # every other test passed: only the perf test is over time
    # A record from the harness, not a kill by the sandbox (which leaves no time at all).
    assert perf.time_ms is not None and perf.time_ms >= perf.limit_ms, perf


def test_python_code_that_swallows_the_stop_still_meets_the_wall_clock() -> None:
    code = ("class Solution:\n"
            "    def twoSum(self, nums, target):\n"
            "        if len(nums) > 1000:\n"
            "            while True:\n"
            "                try:\n"
            "                    while True:\n"
            "                        pass\n"
            "                except BaseException:\n"
            "                    pass\n"
            "        seen = {}\n"
            "        for i, x in enumerate(nums):\n"
            "            if target - x in seen:\n"
            "                return [seen[target - x], i]\n"
            "            seen[x] = i\n")
    r = run("python", code)
    assert r.performance is not None and r.performance.verdict == Verdict.time_limit_exceeded, r
    assert r.passed == r.total - 1


def test_a_fast_solution_is_not_stopped() -> None:
    for language in ("python", "javascript"):
        r = run(language, getattr(TWO_SUM.solutions.optimal, language))
        assert r.verdict == Verdict.accepted and r.performance is not None, r
        assert r.performance.time_ms is not None and r.performance.time_ms < r.performance.limit_ms
