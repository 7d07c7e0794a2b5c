"""What the analyser reports about a code snapshot: plain pydantic models, all with defaults."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Bound = Literal["n", "log n", "constant", "unknown"]
StructureKind = Literal[
    "hash_map", "hash_set", "list", "stack", "queue", "deque", "heap", "counter",
    "sorted_container", "string_builder", "matrix",
]


class Loop(BaseModel):
    line: int  # 1-based line of the loop header
    end_line: int
    depth: int  # 1 = outermost loop in its function
    kind: Literal["for", "while", "comprehension"]
    over: str = ""  # short source text of what it ranges over ("" if unknown)
    bound: Bound = "unknown"  # iterations relative to the input size


class NameAt(BaseModel):
    name: str
    line: int


class StructureUse(BaseModel):
    kind: StructureKind
    line: int
    name: str = ""  # the variable it is bound to, if any


class LinearOp(BaseModel):
    """An operation that costs O(n), hidden inside a loop."""

    line: int
    text: str


class SyntaxIssue(BaseModel):
    line: int | None = None
    message: str


class CodeAnalysis(BaseModel):
    language: str
    parsed: bool = False
    syntax_error: SyntaxIssue | None = None
    lines: int = 0  # non-blank, non-comment lines
    functions: list[NameAt] = []
    loops: list[Loop] = []
    max_loop_depth: int = 0
    recursive: list[NameAt] = []  # functions that call themselves, at the recursive call
    memoised: bool = False
    structures: list[StructureUse] = []
    sorts: list[int] = []
    early_returns: list[int] = []  # return statements inside a loop body
    linear_ops_in_loops: list[LinearOp] = []
    unused: list[NameAt] = []
    time: str | None = None  # "1", "log n", "n", "n log n", "n^2", "n^3", "2^n"
    space: str | None = None
    time_line: int | None = None
    time_reason: str = ""
    space_reason: str = ""
