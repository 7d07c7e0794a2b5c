"""Typed signatures for the statically typed languages' drivers.

A function problem's signature is in the bank (`signature.params`, `returns`). A design problem's
(LRUCache, MinStack...) is only written down in its Python starter's annotations, so it is read
from there, once, rather than copied by hand into every language: one fact, one place.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from viva.problems.schema import Kind, Problem

# Python annotations -> the bank's value types.
_ANNOTATIONS = {
    "int": "int", "float": "float", "bool": "bool", "str": "str", "None": "void",
    "List[int]": "int[]", "List[str]": "str[]", "List[List[int]]": "int[][]", "List[float]": "float[]",
    "List[List[str]]": "str[][]", "List[bool]": "bool[]",
}


@dataclass(frozen=True)
class Method:
    name: str  # "__init__" for the constructor
    params: tuple[tuple[str, str], ...]  # (name, bank value type)
    returns: str  # bank value type; "void" for none


class SignatureUnknown(ValueError):
    pass


def design_methods(problem: Problem) -> list[Method]:
    """The design class's constructor and methods, in the starter's order, typed."""
    if problem.signature.kind != Kind.design:
        raise SignatureUnknown(f"{problem.id} is not a design problem")
    tree = ast.parse(problem.starter.python)
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == problem.signature.entry), None)
    if cls is None:
        raise SignatureUnknown(f"{problem.id}: the Python starter has no class {problem.signature.entry}")
    methods = []
    for fn in cls.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        params = []
        for arg in fn.args.args[1:]:
            params.append((arg.arg, _bank_type(problem, fn.name, arg.annotation)))
        returns = "void" if fn.name == "__init__" else _bank_type(problem, fn.name, fn.returns)
        methods.append(Method(fn.name, tuple(params), returns))
    return methods


def _bank_type(problem: Problem, where: str, node: ast.expr | None) -> str:
    text = ast.unparse(node) if node is not None else "None"
    try:
        return _ANNOTATIONS[text]
    except KeyError:
        raise SignatureUnknown(f"{problem.id}.{where}: no bank type for the annotation {text!r}") from None
