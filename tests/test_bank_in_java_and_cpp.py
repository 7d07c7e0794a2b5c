"""The bank in Java and C++, through the real sandbox: every reference in these languages is
accepted with its performance test, and every starter compiles and fails cleanly
(`viva.judge.check`; Python and JavaScript are in test_problem_bank.py)."""

from __future__ import annotations

import pytest

from tests.judging import bank_problems_behave
from viva.problems import list_problems

PROBLEMS = list_problems()
LANGUAGES = ('java', 'cpp')


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_references_and_starters_behave_in_the_sandbox(problem):
    bank_problems_behave(problem, LANGUAGES)
