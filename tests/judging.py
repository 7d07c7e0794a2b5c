"""The real sandbox as a plain function, with results kept per (problem, language, code) for a test run."""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache

from viva.judge.service import submit


@lru_cache(maxsize=1024)
def _cached(problem_id: str, language: str, code: str) -> str:
    return asyncio.run(submit(problem_id, language, code)).model_dump_json()  # type: ignore[arg-type]


def judged(problem_id: str, code: str, language: str) -> dict:
    """The sandbox's result for one program, as JSON-ready data (a fresh copy on every call)."""
    return json.loads(_cached(problem_id, language, code))


def judge_for(problem_id: str):
    """A `run_script` judge for one problem: the real sandbox, each distinct program judged once."""

    def judge(code: str, language: str) -> dict:
        return judged(problem_id, code, language)

    return judge


def bank_problems_behave(problem, languages: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """Every reference in `languages` is accepted with its performance test, and every starter
    compiles and fails cleanly (`viva.judge.check`). The bank files split the languages between them
    so the two test workers share the compiling."""
    from viva.judge.check import check_problem

    assert any(problem.starter.get(lang) for lang in languages), "every problem has a starter in these languages"
    assert asyncio.run(check_problem(problem, verbose=False, languages=languages)) == []
