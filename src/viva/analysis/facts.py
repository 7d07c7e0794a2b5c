"""Language-neutral facts the front-ends extract, which `complexity` turns into estimates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from viva.analysis.model import LinearOp, Loop


class Cost(NamedTuple):
    """n^poly * (log n)^log, or exponential when exp > 0. Tuples order the way costs do."""

    exp: int = 0
    poly: int = 0
    log: int = 0

    def __mul__(self, other: object) -> Cost:  # type: ignore[override]
        assert isinstance(other, Cost)
        return Cost(self.exp + other.exp, self.poly + other.poly, self.log + other.log)

    def canonical(self) -> str | None:
        if self.exp:
            return "2^n"
        if self.poly == 0:
            return "log n" if self.log else "1"
        if self.poly == 1:
            return "n log n" if self.log else "n"
        # n^2 log n has no canonical spelling; the polynomial part is what people say
        return {2: "n^2", 3: "n^3"}.get(self.poly)


ONE, LOG, LINEAR, NLOGN, EXP = Cost(), Cost(0, 0, 1), Cost(0, 1, 0), Cost(0, 1, 1), Cost(1, 0, 0)
BOUND_COST = {"n": LINEAR, "log n": LOG, "constant": ONE, "unknown": LINEAR}


@dataclass
class Work:
    """Something costlier than O(1) at one place: a linear op, a sort, a helper call."""

    cost: Cost
    line: int
    what: str
    linear_op: bool = False


@dataclass
class LoopFact:
    loop: Loop
    children: list[LoopFact] = field(default_factory=list)
    work: list[Work] = field(default_factory=list)
    calls: list[tuple[str, int]] = field(default_factory=list)
    amortised: bool = False  # total iterations bounded by an enclosing loop (monotonic pointer/stack)
    cells: bool = False  # the columns of a grid whose rows the parent loop walks: rows*cols = n cells
    worklist: bool = False  # `while queue:` popping from a container (BFS / iterative DFS)
    recurses: bool = False  # a recursive call happens inside this loop


@dataclass
class FuncFact:
    name: str
    line: int
    loops: list[LoopFact] = field(default_factory=list)
    work: list[Work] = field(default_factory=list)  # outside loops
    calls: list[tuple[str, int]] = field(default_factory=list)  # outside loops
    rec_lines: list[int] = field(default_factory=list)
    branching: int = 0  # recursive calls made along one path through the body
    tree_args: bool = False  # every recursive call walks to a child (.left/.right/.next)
    halving_args: bool = False  # the recursive call halves its range (mid)
    divide: bool = False  # divide and conquer: two calls on the halves of a range
    memo: bool = False
    visited: bool = False  # a seen-set or in-place marking bounds the visits
    backtrack: bool = False  # choices are undone after recursing


@dataclass
class SpaceUse:
    cost: Cost
    line: int
    what: str


@dataclass
class Facts:
    functions: list[FuncFact] = field(default_factory=list)
    space: list[SpaceUse] = field(default_factory=list)


def place_work(w: Work, depth: int, loops: list[LoopFact], func: FuncFact, linear_ops: list[LinearOp]) -> None:
    """File a piece of work under the loop it really repeats with. `depth` is how many enclosing
    loops it multiplies; work on an outer loop's own item (a grid row) belongs further out."""
    if depth < len(loops):
        w.linear_op = False
        (loops[depth - 1].work if depth else func.work).append(w)
    elif loops:
        loops[-1].work.append(w)
        if w.linear_op:
            linear_ops.append(LinearOp(line=w.line, text=w.what))
    else:
        func.work.append(w)
