"""The real sandbox as a plain function, with results kept per (problem, language, code) for a test run."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from viva.judge.service import submit


@lru_cache(maxsize=512)
def _cached(problem_id: str, language: str, code: str) -> str:
    return asyncio.run(submit(problem_id, language, code)).model_dump_json()  # type: ignore[arg-type]


def judge_for(problem_id: str):
    """A `run_script` judge for one problem: the real sandbox, each distinct program judged once."""
    import json

    def judge(code: str, language: str) -> dict:
        return json.loads(_cached(problem_id, language, code))

    return judge
