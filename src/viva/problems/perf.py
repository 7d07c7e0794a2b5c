"""The performance case of a problem: input from its generator, answer from the optimal reference.

Both run on the host: they are our own trusted code, and the answer must never enter the sandbox.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from viva.judge.harness import harness
from viva.problems.schema import Kind, Problem


@lru_cache(maxsize=None)
def _cached(problem_id: str) -> tuple[list[Any], Any]:
    from viva.problems.loader import get_problem

    problem = get_problem(problem_id)
    assert problem.perf is not None
    ns: dict[str, Any] = {}
    exec(compile(problem.perf.generator, f"<{problem.id} perf generator>", "exec"), ns)  # noqa: S102
    args = ns["generate"](random.Random(f"viva:{problem.id}"))
    return args, reference_answer(problem, args)


def perf_case(problem: Problem) -> tuple[list[Any], Any]:
    return _cached(problem.id)


def reference_answer(problem: Problem, args: list[Any]) -> Any:
    """Run the Python optimal reference on one input, through the harness's own code paths."""
    sig = problem.signature
    ns = harness.namespace()
    exec(compile(problem.solutions.optimal.python, f"<{problem.id} reference>", "exec"), ns)  # noqa: S102
    job = {"kind": sig.kind.value, "entry": sig.entry, "params": [p.model_dump() for p in sig.params],
           "returns": sig.returns, "output_arg": sig.output_arg}
    if sig.kind == Kind.design:
        return harness.call_design(job, ns, {"args": args})
    if sig.kind == Kind.codec:
        return harness.call_codec(job, ns, {"args": args})
    return harness.call_function(job, ns, {"args": args}, set())
