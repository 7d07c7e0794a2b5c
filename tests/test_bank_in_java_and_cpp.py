"""The bank in Java and C++, through the real sandbox: every reference in these languages is
accepted with its performance test, and every starter compiles and fails cleanly
(`viva.judge.check`; Python and JavaScript are in test_problem_bank.py)."""

from __future__ import annotations

import asyncio

import pytest

from viva.judge.check import check_problem
from viva.problems import list_problems

PROBLEMS = list_problems()
LANGUAGES = ('java', 'cpp')


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_references_and_starters_behave_in_the_sandbox(problem):
    assert any(problem.starter.get(lang) for lang in LANGUAGES), "every problem has a starter in these languages"
    assert asyncio.run(check_problem(problem, verbose=False, languages=LANGUAGES)) == []
