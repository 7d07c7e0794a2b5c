"""The judge's first_error: what went wrong, where in the candidate's code, on which kind of
input — and for hidden tests, nothing that could carry the input itself."""

from __future__ import annotations

import asyncio

import pytest

from viva.judge.core import _unrevealing, judge
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.judge.verdicts import RunError
from viva.problems import get_problem


def first_error(problem_id: str, language: str, code: str, limits: Limits | None = None) -> RunError:
    result = asyncio.run(judge(get_problem(problem_id), language, code, make_sandbox(), limits or Limits(),
                               perf=False))
    assert result.first_error is not None, result
    assert result.first_error.verdict == result.verdict
    return result.first_error


# The examples all pass; the hidden "single closing bracket" (s = "]") pops an empty stack.
PY_INDEX = """class Solution:
    def isValid(self, s: str) -> bool:
        pairs = {")": "(", "]": "[", "}": "{"}
        stack = []
        for ch in s:
            if ch in pairs:
                if stack[-1] != pairs[ch]:
                    return False
                stack.pop()
            else:
                stack.append(ch)
        return not stack
"""


def test_python_index_error_names_the_line_in_the_candidates_code():
    e = first_error("valid-parentheses", "python", PY_INDEX)
    assert (e.verdict.value, e.kind, e.line) == ("runtime_error", "IndexError", 7)
    assert e.source_line == "if stack[-1] != pairs[ch]:"
    assert e.message == "list index out of range"  # no digits, no quotes: safe to say for a hidden test
    assert (e.test_name, e.hidden) == ("single closing bracket", True)


JS_BODY = """
  const pairs = {")": "(", "]": "[", "}": "{"};
  const stack = [];
  for (const ch of s) {
    if (ch in pairs) {
      const top = stack.pop();
      if (top.length !== 1 || top !== pairs[ch]) return false;
    } else stack.push(ch);
  }
  return stack.length === 0;
};
"""


@pytest.mark.parametrize("header", ["function isValid(s) {", "var isValid = function(s) {"])
def test_javascript_type_error_names_the_line_for_either_style_of_function(header):
    e = first_error("valid-parentheses", "javascript", header + JS_BODY)
    assert (e.verdict.value, e.kind, e.line) == ("runtime_error", "TypeError", 7)
    assert e.source_line == "if (top.length !== 1 || top !== pairs[ch]) return false;"
    assert (e.test_name, e.hidden) == ("single closing bracket", True)
    assert e.message is None  # "(reading 'length')" has quotes, so a hidden test's message is dropped


def test_a_visible_failure_keeps_its_message():
    code = "var twoSum = function(nums, target) {\n  return nums.x.y;\n};\n"
    e = first_error("two-sum", "javascript", code)
    assert (e.kind, e.line, e.test_name, e.hidden) == ("TypeError", 2, "example 1", False)
    assert e.message == "Cannot read properties of undefined (reading 'y')"


@pytest.mark.parametrize("language,code,kind,line,source", [
    ("python", "class Solution:\n    def isValid(self, s):\n        stack = []\n        for ch in s\n"
               "            stack.append(ch)\n        return not stack\n", "SyntaxError", 4, "for ch in s"),
    ("python", "class Solution:\n    def isValid(self, s):\n        if s:\n        return True\n",
     "IndentationError", 4, "return True"),
    ("javascript", "var isValid = function(s) {\n  const st = [];\n  if (s.length > 0 {\n  }\n};\n",
     "SyntaxError", 3, "if (s.length > 0 {"),
])
def test_a_syntax_error_names_its_line(language, code, kind, line, source):
    e = first_error("valid-parentheses", language, code)
    assert (e.verdict.value, e.kind, e.line, e.source_line) == ("compilation_error", kind, line, source)
    assert e.message and e.test_name is None


def test_an_error_while_loading_the_module_names_its_line():
    e = first_error("two-sum", "python", "import math\nLIMIT = 1 // 0\n")
    assert (e.verdict.value, e.kind, e.line, e.source_line) == ("runtime_error", "ZeroDivisionError", 2,
                                                               "LIMIT = 1 // 0")
    assert e.test_name is None


def test_a_wrong_answer_on_a_hidden_test_names_only_its_category():
    code = "class Solution:\n    def isValid(self, s):\n        return s in ('()', '([]{})')\n"
    e = first_error("valid-parentheses", "python", code)
    assert (e.verdict.value, e.test_name, e.hidden) == ("wrong_answer", "empty string", True)
    assert e.message is None and e.kind is None
    assert set(RunError.model_fields) == {"verdict", "test_name", "hidden", "kind", "message", "line",
                                          "source_line"}  # no input, expected or actual to fill


# The examples start with 2, 3 and 3; the first hidden test, "smallest input", starts with 1.
PY_KEY = """class Solution:
    def twoSum(self, nums, target):
        first = {2: 0, 3: 0}
        first[nums[0]]
        seen = {}
        for i, v in enumerate(nums):
            if target - v in seen:
                return [seen[target - v], i]
            seen[v] = i
"""


def test_a_hidden_key_error_keeps_its_kind_and_line_but_not_the_value():
    e = first_error("two-sum", "python", PY_KEY)
    assert (e.kind, e.line, e.source_line) == ("KeyError", 4, "first[nums[0]]")
    assert (e.test_name, e.hidden) == ("smallest input", True)
    assert e.message is None  # it was "1", the hidden input's first value


def test_a_run_out_of_time_names_the_test_that_was_running():
    code = ("class Solution:\n    def isValid(self, s):\n        while not s:\n            pass\n"
            "        return s in ('()', '([]{})')\n")
    e = first_error("valid-parentheses", "python", code, Limits(wall_s=2))
    assert (e.verdict.value, e.test_name, e.hidden) == ("time_limit_exceeded", "empty string", True)


def test_hidden_messages_are_said_only_without_the_inputs_values():
    args = [["([)]", "ab", "x"], {"key": 3}]
    assert _unrevealing("list index out of range", args)
    assert _unrevealing("maximum recursion depth exceeded", args)
    assert not _unrevealing("12345", args)
    assert not _unrevealing("'NoneType' object is not subscriptable", args)
    assert not _unrevealing("unbalanced at ([)]", args)  # the input itself, with no digit or quote
    assert not _unrevealing("got ab back", args)
    assert not _unrevealing("bad key", args)  # a dict key is part of the input too
    assert _unrevealing("index exceeded", args)  # "x" counts only as a word of its own
    assert not _unrevealing("no x here", args)
