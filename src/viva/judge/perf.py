"""The performance case of a problem: input from its generator, answer from the optimal reference.

Both run on the host: they are our own trusted code, and the answer must never enter the sandbox.
"""

from __future__ import annotations

import random
import sys
import threading
from typing import Any, Callable

from viva.judge.harness import harness
from viva.problems.schema import Kind, Problem


_CACHE: dict[str, tuple[list[Any], Any]] = {}


def perf_case(problem: Problem) -> tuple[list[Any], Any]:
    """The perf test's input and answer, computed once per problem per process."""
    if problem.id not in _CACHE:
        assert problem.perf is not None
        ns: dict[str, Any] = {}
        exec(compile(problem.perf.generator, f"<{problem.id} perf generator>", "exec"), ns)  # noqa: S102
        args = ns["generate"](random.Random(f"viva:{problem.id}"))
        _CACHE[problem.id] = (args, deep_call(reference_answer, problem, args))
    return _CACHE[problem.id]


def deep_call(fn: Callable[..., Any], *args: Any) -> Any:
    """Run fn in a thread with a large stack and recursion limit, as the sandbox allows."""
    out: dict[str, Any] = {}

    def run() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(100_000)
        try:
            out["value"] = fn(*args)
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            out["error"] = e
        finally:
            sys.setrecursionlimit(old)

    previous = threading.stack_size(512 * 1024 * 1024)
    try:
        t = threading.Thread(target=run)
        t.start()
        t.join()
    finally:
        threading.stack_size(previous)
    if "error" in out:
        raise out["error"]
    return out["value"]


def reference_answer(problem: Problem, args: list[Any]) -> Any:
    """Run the Python optimal reference on one input, through the harness's own code paths."""
    sig = problem.signature
    code = compile(problem.solutions.optimal.python, f"<{problem.id} reference>", "exec")

    def fresh() -> dict[str, Any]:
        ns = harness.namespace()
        exec(code, ns)  # noqa: S102 - our own reference solution
        return ns

    ns = fresh()
    job = {"kind": sig.kind.value, "entry": sig.entry, "params": [p.model_dump() for p in sig.params],
           "returns": sig.returns, "output_arg": sig.output_arg}
    if sig.kind == Kind.design:
        return harness.call_design(job, ns, {"args": args})
    if sig.kind == Kind.codec:
        return harness.call_codec(job, ns, {"args": args}, fresh)
    return harness.call_function(job, ns, {"args": args}, set())
