"""Python front-end: walk the stdlib `ast` and extract loops, costly calls and recursion facts."""

from __future__ import annotations

import ast

from viva.analysis import pynames
from viva.analysis.pynames import value_kind, call_name, is_const, names, receiver, text, walk_local
from viva.analysis.facts import LINEAR, LOG, NLOGN, Facts, FuncFact, LoopFact, Work, place_work
from viva.analysis.model import CodeAnalysis, Loop, NameAt, SyntaxIssue

_COMPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_HALVING = (ast.Mult, ast.FloorDiv, ast.Div, ast.RShift, ast.LShift)
_LINEAR_METHODS = {"index", "count", "remove", "insert", "copy", "reverse", "join", "split", "replace", "find"}
_LINEAR_BUILTINS = {"sum", "max", "min", "list", "set", "tuple", "dict", "Counter", "any", "all", "deepcopy"}
_LOG_CALLS = {"heappush", "heappop", "heappushpop", "heapreplace", "bisect", "bisect_left", "bisect_right",
              "insort", "insort_left", "insort_right"}
_TREE_ATTRS = {"left", "right", "next", "children", "neighbors"}
_POPS = {"pop", "popleft", "heappop", "popitem"}


def _resolved(node: ast.AST, env: dict[str, ast.AST]) -> str:
    s = text(node, 200)
    for name in names(node):
        if name in env:
            s += " " + text(env[name], 200)
    return s


class _Scanner:
    """Scans one function body (not its nested functions) into a FuncFact."""

    def __init__(self, fn: ast.AST, name: str, ctx: pynames.Context, out: CodeAnalysis) -> None:
        self.fn, self.ctx, self.out = fn, ctx, out
        self.f = FuncFact(name, getattr(fn, "lineno", 1))
        self.stack: list[tuple[LoopFact, ast.AST]] = []

    def run(self) -> FuncFact:
        body = self.fn.body if isinstance(self.fn, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)) else []
        for stmt in body:
            self.visit(stmt)
        if self.f.rec_lines:
            self._recursion_signals()
        return self.f

    # --- traversal -----------------------------------------------------------------------------
    def visit(self, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return  # scanned on its own
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self.visit(node.iter)
            self._loop(node, "for", node.iter, [node.target, *node.body, *node.orelse])
        elif isinstance(node, ast.While):
            self._loop(node, "while", node.test, [node.test, *node.body, *node.orelse])
        elif isinstance(node, _COMPS):
            self._comprehension(node, node.generators)
        else:
            self._leaf(node)
            for child in ast.iter_child_nodes(node):
                self.visit(child)

    def _leaf(self, node: ast.AST) -> None:
        if isinstance(node, ast.Call):
            self._call(node)
        elif isinstance(node, ast.Compare):
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, ast.Name) \
                        and self.ctx.kinds.get(right.id) in ("list", "str"):
                    self._work(Work(LINEAR, node.lineno, text(node), linear_op=True), right)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            self._work(Work(LINEAR, node.lineno, text(node), linear_op=True), node.value)
        elif isinstance(node, ast.Return) and self.stack:
            self.out.early_returns.append(node.lineno)
        elif isinstance(node, ast.Assign) and self.stack and self._self_referencing_table(node):
            self.out.memoised = True

    def _self_referencing_table(self, node: ast.Assign) -> bool:
        """dp[i] = dp[i - 1] + ...: a table filled from its own earlier entries."""
        t = node.targets[0]
        while isinstance(t, ast.Subscript):
            t = t.value
        return isinstance(t, ast.Name) and self.ctx.kinds.get(t.id) in ("list", "matrix") and isinstance(node.targets[0], ast.Subscript) and any(
            isinstance(n, ast.Subscript) and t.id in names(n.value) for n in ast.walk(node.value))

    def _loop(self, node: ast.AST, kind: str, over: ast.AST, inside: list[ast.AST]) -> None:
        if kind == "for":
            fixed = isinstance(over, (ast.Tuple, ast.List, ast.Set)) or is_const(over, self.ctx.env)
            bound, worklist = ("constant" if fixed else "n"), False
        else:
            bound, worklist = self._while_bound(node)
        loop = Loop(line=node.lineno, end_line=getattr(node, "end_lineno", node.lineno) or node.lineno,
                    depth=len(self.stack) + 1, kind=kind, over=text(over), bound=bound)  # type: ignore[arg-type]
        fact = LoopFact(loop, worklist=worklist, amortised=kind == "while" and _transfer(node))
        if self.stack:
            parent, pnode = self.stack[-1]
            fact.cells = kind == "for" and self._second_dimension(over, pnode)
            fact.amortised = fact.amortised or (kind == "while" and self._monotonic(node, pnode)) or (
                parent.worklist and bound == "n" and not self._is_param(over))
            parent.children.append(fact)
        else:
            self.f.loops.append(fact)
        self.out.loops.append(loop)
        self.stack.append((fact, node))
        for child in inside:
            self.visit(child)
        self.stack.pop()

    def _comprehension(self, node: ast.AST, gens: list[ast.comprehension]) -> None:
        pushed = 0
        for i, gen in enumerate(gens):
            self.visit(gen.iter)
            bound = "constant" if is_const(gen.iter, self.ctx.env) else "n"
            loop = Loop(line=node.lineno, end_line=node.end_lineno or node.lineno, depth=len(self.stack) + 1,
                        kind="comprehension", over=text(gen.iter), bound=bound)  # type: ignore[arg-type]
            fact = LoopFact(loop)
            if self.stack:
                self.stack[-1][0].children.append(fact)
                fact.cells = self._second_dimension(gen.iter, self.stack[-1][1])
            else:
                self.f.loops.append(fact)
            self.out.loops.append(loop)
            self.stack.append((fact, gen))
            pushed += 1
            for cond in gen.ifs:
                self.visit(cond)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.visit(getattr(node, part))
        del self.stack[len(self.stack) - pushed:]

    # --- loop bounds -----------------------------------------------------------------------------
    def _while_bound(self, node: ast.While) -> tuple[str, bool]:
        """log n when a condition variable halves/doubles or moves to a midpoint; else n."""
        if isinstance(node.test, ast.Constant):
            return "unknown", False
        if _union_find(node.test):
            return "constant", False  # find() with path compression: amortised near-constant
        cond = names(node.test)
        halved: set[str] = set()  # names assigned from x // 2, x >> 1, x * 2 ...
        for n in walk_local(node):
            if isinstance(n, ast.AugAssign) and isinstance(n.op, _HALVING):
                halved.add(text(n.target))
            elif isinstance(n, ast.Assign) and any(isinstance(b, ast.BinOp) and isinstance(b.op, _HALVING)
                                                   and isinstance(b.right, ast.Constant) for b in ast.walk(n.value)):
                halved |= {text(t) for t in n.targets}
        moved_to_mid = {text(t) for n in walk_local(node) if isinstance(n, ast.Assign) and names(n.value) & halved
                        for t in n.targets}
        if (halved | moved_to_mid) & cond:
            return "log n", False
        pops = {receiver(c) or (text(c.args[0]) if c.args else "")
                for c in walk_local(node) if isinstance(c, ast.Call) and call_name(c) in _POPS}
        swapped = {text(t) for n in walk_local(node) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name)
                   for t in n.targets}  # level-by-level BFS: `queue = next_level`
        return "n", bool(pops & cond or swapped)

    def _monotonic(self, inner: ast.While, outer: ast.AST) -> bool:
        """An inner while whose pointer/stack the outer loop never resets, or a flood fill that marks
        what it visits: its total work over all outer iterations is bounded, i.e. amortised."""
        if pynames.visit_marks(inner, self.ctx)[0]:
            return True
        moved = set()
        for n in walk_local(inner):
            if isinstance(n, (ast.AugAssign, ast.Assign)):
                targets = [n.target] if isinstance(n, ast.AugAssign) else n.targets
                moved |= {t.id for t in targets for t in ast.walk(t) if isinstance(t, ast.Name)}
            elif isinstance(n, ast.Call) and call_name(n) in _POPS:
                moved.add(receiver(n) or (text(n.args[0]) if n.args else ""))
        moved &= names(inner.test)
        inner_nodes = set(map(id, walk_local(inner)))
        scope = [outer, *(n for n in walk_local(outer) if id(n) not in inner_nodes)]
        reset = {name for n in scope if isinstance(n, ast.Assign) for name in _fresh_names(n)}
        reset |= {name for n in scope if isinstance(n, (ast.For, ast.comprehension)) for name in names(n.target)}
        return bool(moved) and not moved & reset

    def _second_dimension(self, over: ast.AST, outer: ast.AST) -> bool:
        """The inner loop walks part of the outer loop's current item (a grid row, an account's emails),
        or the width of a grid: together the two loops visit each cell of the input once."""
        target = getattr(outer, "target", None)
        tnames = names(target) if target is not None else set()
        for e in [over, *self._scalars(over)]:
            if isinstance(e, ast.Name) and e.id in tnames:
                return True
            for sub in ast.walk(e):
                if isinstance(sub, ast.Subscript) and (names(sub.value) & tnames or names(sub.slice) & tnames):
                    return True
                if isinstance(sub, ast.Call) and call_name(sub) == "len" and sub.args and \
                        isinstance(sub.args[0], ast.Subscript) and text(sub.args[0].slice) == "0":
                    return True  # len(grid[0])
        return False

    def _scalars(self, node: ast.AST) -> list[ast.AST]:
        """What the plain names in `node` were set to, when that is a size or an element (not a container)."""
        kinds = (ast.Call, ast.Subscript, ast.Attribute, ast.BinOp, ast.Name)
        return [v for n in names(node) if isinstance(v := self.ctx.env.get(n), kinds) and value_kind(v) is None]

    def _part_of_item(self, subject: ast.AST, loop: ast.AST) -> bool:
        target = getattr(loop, "target", None)
        tnames = names(target) if target is not None else set()
        base = subject.value if isinstance(subject, ast.Attribute) else subject
        used = names(base)
        for v in self._scalars(base):
            used |= names(v)
        used -= {n for n in names(base) if n in self.ctx.env and set() < names(self.ctx.env[n]) <= tnames}
        return bool(tnames) and bool(used) and used <= tnames

    def _is_param(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.ctx.params

    # --- calls ---------------------------------------------------------------------------------
    def _work(self, w: Work, subject: ast.AST | None = None) -> None:
        """Record costly work where it runs. Work on the loop's own item (sorting each group, summing
        each row) adds up to one pass over the input, so it belongs to the enclosing scope."""
        depth = len(self.stack)
        while depth and subject is not None and self._part_of_item(subject, self.stack[depth - 1][1]):
            depth -= 1
        place_work(w, depth, [entry[0] for entry in self.stack], self.f, self.out.linear_ops_in_loops)

    def _call(self, call: ast.Call) -> None:
        name, line = call_name(call), call.lineno
        if name == self.f.name and (isinstance(call.func, ast.Name) or receiver(call) in ("self", "cls")):
            self.f.rec_lines.append(line)
            for fact, _ in self.stack:
                fact.recurses = True
            return
        if name in ("sorted", "sort") or (name == "nlargest" or name == "nsmallest"):
            self.out.sorts.append(line)
            self._work(Work(NLOGN, line, "sorted(...)" if name != "sort" else text(call), linear_op=True),
                       call.args[0] if call.args else call.func)
        elif name in _LOG_CALLS:
            self._work(Work(LOG, line, text(call)))
        elif self._linear_call(call, name):
            self._work(Work(LINEAR, line, text(call), linear_op=True), call.args[0] if call.args else call.func)
        elif name:
            (self.stack[-1][0].calls if self.stack else self.f.calls).append((name, line))

    def _linear_call(self, call: ast.Call, name: str) -> bool:
        recv = receiver(call)
        kind = self.ctx.kinds.get(recv, "")
        if isinstance(call.func, ast.Attribute):
            if name == "pop":
                return bool(call.args) and text(call.args[0]) == "0" and kind != "deque"
            if name == "remove" or name == "insert":
                return kind in ("list", "stack", "queue")
            return name in _LINEAR_METHODS and kind not in ("hash_map", "hash_set", "counter", "deque")
        if name in _LINEAR_BUILTINS and len(call.args) == 1:
            arg = call.args[0]
            return isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript)) and not is_const(arg, self.ctx.env)
        return False

    # --- recursion -------------------------------------------------------------------------------
    def _recursion_signals(self) -> None:
        f, fn = self.f, self.fn
        rec = [c for c in walk_local(fn) if isinstance(c, ast.Call) and c.lineno in f.rec_lines
               and call_name(c) == f.name]
        f.branching = _path_calls(getattr(fn, "body", []), f.name)
        cursor = bool(rec) and all(not c.args for c in rec)  # build() reading a shared token stream
        f.tree_args = bool(rec) and all(
            any(isinstance(a, ast.Attribute) and a.attr in _TREE_ATTRS for arg in c.args for a in ast.walk(arg))
            for c in rec)
        f.halving_args = any("mid" in names(arg) or "//" in text(arg) for c in rec for arg in c.args)
        f.divide = f.halving_args and f.branching >= 2 and not any(lp.recurses for lp in _all_loops(f.loops))
        decorators = " ".join(text(d) for d in getattr(fn, "decorator_list", []))
        f.memo = "cache" in decorators or pynames.returns_cached(fn, self.ctx)
        f.visited, f.backtrack = pynames.visit_marks(fn, self.ctx)
        f.tree_args = f.tree_args or (cursor and not f.backtrack)
        self.out.recursive.append(NameAt(name=f.name, line=f.rec_lines[0]))


def _union_find(test: ast.AST) -> bool:
    """`parent[x] != x`: following parent links to a root."""
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Subscript) and \
        text(test.left.slice) == text(test.comparators[0])


def _transfer(node: ast.While) -> bool:
    """`while a: b.append(a.pop())`: each element moves once, so the cost is amortised O(1)."""
    body = node.body
    return len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call) and any(
        isinstance(c, ast.Call) and call_name(c) in _POPS for c in ast.walk(body[0].value.args[0] if body[0].value.args
                                                                            else body[0].value))


def _all_loops(loops: list[LoopFact]) -> list[LoopFact]:
    return [x for lp in loops for x in (lp, *_all_loops(lp.children))]


def _fresh_names(n: ast.Assign) -> set[str]:
    """Names an assignment resets to a fresh start: `j = i + 1`, not `node = node.right` or `x = stack.pop()`."""
    targets = {t.id for tgt in n.targets for t in ast.walk(tgt) if isinstance(t, ast.Name)}
    if isinstance(n.value, ast.Call) and call_name(n.value) in _POPS:
        return set()
    if isinstance(n.value, ast.Tuple) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Tuple):
        pairs = zip(n.targets[0].elts, n.value.elts)
        return {t.id for t, v in pairs if isinstance(t, ast.Name) and t.id not in names(v)}
    return targets - names(n.value)


def _path_calls(stmts: list[ast.stmt], name: str) -> int:
    """Recursive calls made along one path: if/else branches take the max, a loop counts as many."""
    total = 0
    for s in stmts:
        if isinstance(s, ast.If):
            total += _count(s.test, name) + max(_path_calls(s.body, name), _path_calls(s.orelse, name))
        elif isinstance(s, (ast.For, ast.While, ast.AsyncFor)):
            total += 2 * _path_calls(s.body, name) + _count(s.iter if isinstance(s, (ast.For, ast.AsyncFor)) else s.test, name)
        elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        elif isinstance(s, (ast.Try, ast.With)):
            total += _path_calls(s.body, name)
        else:
            total += _count(s, name)
    return total


def _count(node: ast.AST, name: str) -> int:
    return sum(1 for c in ast.walk(node) if isinstance(c, ast.Call) and call_name(c) == name)


def analyse_python(code: str) -> tuple[CodeAnalysis, Facts]:
    out = CodeAnalysis(language="python")
    try:
        tree = ast.parse(code)
    except SyntaxError as e:
        out.syntax_error = SyntaxIssue(line=e.lineno, message=e.msg or "invalid syntax")
        return out, Facts()
    except (ValueError, RecursionError, MemoryError) as e:
        out.syntax_error = SyntaxIssue(line=None, message=str(e) or type(e).__name__)
        return out, Facts()
    out.parsed = True
    out.lines = sum(1 for ln in code.splitlines() if ln.strip() and not ln.strip().startswith("#"))
    ctx = pynames.Context(tree)
    facts = Facts()
    scopes: list[tuple[ast.AST, str]] = [(tree, "<module>")]
    scopes += [(n, n.name) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for node, name in scopes:
        if node is not tree:
            out.functions.append(NameAt(name=name, line=node.lineno))
        facts.functions.append(_Scanner(node, name, ctx, out).run())
    out.max_loop_depth = max((lp.depth for lp in out.loops), default=0)
    out.structures = ctx.structures()
    out.unused = pynames.unused(tree)
    facts.space = ctx.space(facts.functions)
    out.memoised = out.memoised or any(f.memo for f in facts.functions)
    out.sorts = sorted(set(out.sorts))
    out.early_returns = sorted(set(out.early_returns))
    return out, facts

