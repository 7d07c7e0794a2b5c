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
