"""Comparing a candidate's answer with the expected one, outside the sandbox."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any, Callable

from viva.problems.schema import Compare, Problem

FLOAT_TOLERANCE = 1e-5


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _deep_sorted(value: Any) -> Any:
    if isinstance(value, list):
        return sorted((_deep_sorted(v) for v in value), key=_key)
    return value


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b


def _exact(a: Any, b: Any) -> bool:
    # JSON has one number type; True must not equal 1.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_exact(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_exact(a[k], b[k]) for k in a)
    return a == b


@lru_cache(maxsize=256)
def _checker(source: str) -> Callable[[list, Any, Any], bool]:
    ns: dict[str, Any] = {}
    exec(compile(source, "<checker>", "exec"), ns)  # noqa: S102 - our own problem data
    return ns["check"]


def matches(problem: Problem, args: list, actual: Any, expected: Any) -> bool:
    mode = problem.compare
    if mode == Compare.exact:
        return _exact(actual, expected)
    if mode == Compare.float:
        return _close(actual, expected)
    if mode == Compare.unordered:
        if not isinstance(actual, list) or not isinstance(expected, list):
            return _exact(actual, expected)
        return _exact(sorted(actual, key=_key), sorted(expected, key=_key))
    if mode == Compare.unordered_deep:
        return _exact(_deep_sorted(actual), _deep_sorted(expected))
    try:
        return bool(_checker(problem.checker or "")(args, actual, expected))
    except Exception:  # noqa: BLE001 - a malformed answer that trips the checker is wrong
        return False
