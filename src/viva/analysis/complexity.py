"""Turn extracted facts into time/space estimates with a line and a sentence a person would say."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viva.analysis.facts import BOUND_COST, EXP, LINEAR, LOG, ONE, Cost, Facts, FuncFact, LoopFact, Work
from viva.analysis.model import Loop

_COUNT = {2: "two", 3: "three", 4: "four"}


@dataclass
class Term:
    """A cost with where it comes from: the loop chain and the costly thing at its bottom."""

    cost: Cost = ONE
    chain: list[Loop] = field(default_factory=list)
    work: Work | None = None
    reason: str = ""  # set directly for recursion
    line: int | None = None

    def key(self) -> tuple[Cost, int]:
        return self.cost, len(self.chain)


@dataclass
class Estimate:
    time: str | None = None
    time_line: int | None = None
    time_reason: str = ""
    space: str | None = None
    space_reason: str = ""


def _best(terms: list[Term]) -> Term:
    return max(terms, key=Term.key, default=Term())


class _Estimator:
    def __init__(self, facts: Facts) -> None:
        self.funcs = {f.name: f for f in facts.functions}
        self.done: dict[int, Term] = {}
        self.active: set[str] = set()

    def function(self, f: FuncFact) -> Term:
        if id(f) not in self.done:
            self.active.add(f.name)
            self.done[id(f)] = self._function(f)
            self.active.discard(f.name)
        return self.done[id(f)]

    def _function(self, f: FuncFact) -> Term:
        traversal = bool(f.rec_lines) and not f.memo and (f.tree_args or f.visited)
        body = _best([self.loop(lp, traversal) for lp in f.loops] + self._work(f.work, f.calls, in_loop=False))
        if not f.rec_lines:
            return body
        visits, why = _visits(f)
        line = f.rec_lines[0]
        if visits == EXP:
            return Term(EXP, reason=why, line=line)
        cost = visits * body.cost if not f.divide or body.cost == ONE else body.cost * LOG
        if body.cost != ONE:
            why += f", doing {_say(body.cost)} work per call"
        return Term(cost, reason=why, line=line)

    def loop(self, lp: LoopFact, traversal: bool) -> Term:
        inner = _best([self.loop(c, traversal) for c in lp.children] + self._work(lp.work, lp.calls, in_loop=True))
        free = lp.amortised or lp.cells or (traversal and lp.recurses)
        own = ONE if free else BOUND_COST[lp.loop.bound]
        chain = inner.chain if free or own == ONE else [lp.loop, *inner.chain]
        return Term(own * inner.cost, chain, inner.work, inner.reason, inner.line or lp.loop.line)

    def _work(self, work: list[Work], calls: list[tuple[str, int]], in_loop: bool) -> list[Term]:
        terms = [Term(w.cost, work=w, line=w.line) for w in work]
        for name, line in calls:
            callee = self.funcs.get(name)
            if callee is None or name in self.active:
                continue
            if callee.rec_lines and (callee.memo or callee.visited):
                continue  # shared memo / visited set: the total work is counted once, in the callee
            sub = self.function(callee)
            if not in_loop:
                terms.append(sub)
            elif sub.cost != ONE:
                terms.append(Term(sub.cost, work=Work(sub.cost, line, f"the call to {name}"), line=line))
        return terms


def _visits(f: FuncFact) -> tuple[Cost, str]:
    name = f.name
    if f.memo:
        return LINEAR, f"{name} is memoised, so each state is computed once"
    if f.tree_args:
        return LINEAR, f"{name} visits each node once"
    if f.divide:
        return LINEAR, f"{name} splits its range in two on each call, touching each element once per level"
    if f.visited:
        return LINEAR, f"{name} marks what it has visited, so each cell or node is explored once"
    if f.backtrack or f.branching >= 2:
        calls = "makes a choice in a loop and recurses" if f.branching < 2 else "calls itself more than once"
        return EXP, f"{name} {calls} without memoisation, so the calls grow exponentially"
    if f.halving_args:
        return LOG, f"{name} halves the range on each call"
    return LINEAR, f"{name} recurses once per step, about n deep"


def _say(cost: Cost) -> str:
    return f"O({cost.canonical() or 'more than n^3'})"


def _subject(over: str) -> str:
    """The collection a loop header ranges over, the way a person names it: `nums`, not `range(len(nums))`."""
    for pattern in (r"len\((\w+)", r"(\w+)\.length", r"enumerate\((\w+)", r"^(\w+)$", r"(\w+)\.items\(",
                    r"<=? (\w+)$"):
        if m := re.search(pattern, over):
            return m.group(1)
    return ""


def _loop_phrase(chain: list[Loop]) -> str:
    lines = [lp.line for lp in chain]
    if len(chain) >= 2 and all(lp.bound in ("n", "unknown") for lp in chain):
        overs = sorted({_subject(lp.over) for lp in chain} - {""})
        what = f" over {' and '.join(overs)}" if overs and len(overs) <= 2 else ""
        nums = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
        return f"{_COUNT.get(len(chain), str(len(chain)))} nested loops{what}, on lines {nums}"
    parts = []
    for lp in chain:
        if lp.bound == "log n":
            parts.append(f"a loop that halves its range on line {lp.line}")
        else:
            parts.append(f"a loop over {_subject(lp.over) or 'the input'} on line {lp.line}")
    return ", with inside it ".join(parts)


def _sentence(term: Term) -> str:
    if term.reason:
        prefix = f"inside {_loop_phrase(term.chain)}, " if term.chain else ""
        return prefix + term.reason
    if not term.chain and not term.work:
        return "no loops or recursion that grow with the input"
    if not term.work:
        return _loop_phrase(term.chain)
    what = f"`{term.work.what}`" if term.work.linear_op else term.work.what
    if not term.chain:
        return f"{what} on line {term.work.line} dominates"
    return f"{_loop_phrase(term.chain)}, and {what} costs {_say(term.work.cost)} inside it, on line {term.work.line}"


def estimate(facts: Facts) -> Estimate:
    est = _Estimator(facts)
    time = _best([est.function(f) for f in facts.functions])
    space = max(facts.space, key=lambda s: s.cost, default=None)
    out = Estimate(time=time.cost.canonical(), time_line=time.line, time_reason=_sentence(time))
    if space is None or space.cost == ONE:
        out.space, out.space_reason = "1", "only a fixed number of variables beyond the input"
    else:
        out.space, out.space_reason = space.cost.canonical(), f"{space.what} on line {space.line}"
    return out
