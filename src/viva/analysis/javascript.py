"""JavaScript front-end: parse with tree-sitter and extract the same facts as the Python front-end."""

from __future__ import annotations

import re
from functools import lru_cache

from tree_sitter import Language, Node, Parser

from viva.analysis import jsnodes as js
from viva.analysis.facts import LINEAR, LOG, NLOGN, Facts, FuncFact, LoopFact, Work, place_work
from viva.analysis.jsnodes import args, idents, line, method, txt, walk, walk_local
from viva.analysis.model import CodeAnalysis, Loop, NameAt, SyntaxIssue

_LINEAR_METHODS = {"includes", "indexOf", "lastIndexOf", "slice", "splice", "shift", "unshift", "concat", "join",
                   "split", "reverse", "keys", "values", "entries", "from", "repeat"}
_LOG_METHODS = {"enqueue", "dequeue"}  # LeetCode's priority queues
_POPS = {"pop", "shift", "dequeue"}
_TREE_ATTRS = {"left", "right", "next", "children", "neighbors"}
_HALVING = re.compile(r"(\*=|/=|>>=|<<=|>>>=)|[^/]/\s*2\b|>>\s*1\b|\*\s*2\b")


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import tree_sitter_javascript

    return Parser(Language(tree_sitter_javascript.language()))


def _fn_name(fn: Node) -> str:
    name = fn.child_by_field_name("name")
    if name is not None:
        return txt(name)
    p = fn.parent
    if p is not None and p.type == "variable_declarator":
        return txt(p.child_by_field_name("name"))
    if p is not None and p.type == "assignment_expression":
        return txt(p.child_by_field_name("left")).split(".")[-1]
    if p is not None and p.type == "pair":
        return txt(p.child_by_field_name("key"))
    return ""


class _Scanner:
    def __init__(self, fn: Node, name: str, ctx: js.Context, out: CodeAnalysis, skip: set[int]) -> None:
        self.fn, self.ctx, self.out, self.skip = fn, ctx, out, skip - {fn.id}
        self.f = FuncFact(name, line(fn))
        self.stack: list[tuple[LoopFact, Node, set[str]]] = []  # loop, its node, its item names
        self.grown: set[str] = set()

    def run(self) -> FuncFact:
        for child in self.fn.children:
            self.visit(child)
        if self.f.rec_lines:
            self._recursion_signals()
        return self.f

    def visit(self, node: Node) -> None:
        if node.id in self.skip:
            return
        t = node.type
        if t in js.LOOP_TYPES:
            self._loop(node)
            return
        if t == "call_expression" and self._callback_loop(node):
            return
        self._leaf(node)
        for child in node.children:
            self.visit(child)

    def _leaf(self, node: Node) -> None:
        t = node.type
        if t == "call_expression":
            self._call(node)
        elif t == "return_statement" and self.stack:
            self.out.early_returns.append(line(node))
        elif t == "spread_element" and node.parent is not None and node.parent.type == "array":
            self._work(Work(LINEAR, line(node), txt(node.parent, 40), linear_op=True), node.named_children[0])
        elif t == "assignment_expression" and self.stack:
            left = node.child_by_field_name("left")
            if left is not None and left.type == "subscript_expression":
                base = left
                while base.type == "subscript_expression":
                    base = base.child_by_field_name("object")
                name = js.target_name(base)
                self.grown.add(name)
                if self.ctx.kinds.get(name) in ("list", "matrix") and name in idents(node.child_by_field_name("right")):
                    self.out.memoised = True  # dp[i] = dp[i - 1] + ...

    # --- loops -----------------------------------------------------------------------------------
    def _loop(self, node: Node) -> None:
        t, field = node.type, node.child_by_field_name
        kind = "while" if t in ("while_statement", "do_statement") else "for"
        items: set[str] = set()
        if t == "for_statement":
            self._visit_opt(field("initializer"))
            over, bound = txt(field("condition"), 40).rstrip(";"), self._for_bound(node)
            items = idents(field("initializer"))
            inside = [field("condition"), field("increment"), field("body")]
        elif t == "for_in_statement":
            self._visit_opt(field("right"))
            over = txt(field("right"), 40)
            fixed = field("right") is not None and field("right").type == "array"
            bound = "constant" if fixed or js.is_const(field("right"), self.ctx.env) else "n"
            items = idents(field("left"))
            inside = [field("body")]
        else:
            over, bound = txt(field("condition"), 40).strip("()"), self._while_bound(node)
            inside = [field("condition"), field("body")]
        self._push(node, kind, over, bound, items, inside)

    def _visit_opt(self, node: Node | None) -> None:
        if node is not None:
            self.visit(node)

    def _callback_loop(self, call: Node) -> bool:
        """arr.forEach(x => ...), arr.map(...): a loop over arr whose body is the callback."""
        recv_node = call.child_by_field_name("function")
        cbs = [a for a in args(call) if a.type in ("arrow_function", "function_expression")]
        if method(call)[1] not in js.CALLBACK_LOOPS or not cbs or recv_node is None \
                or recv_node.type != "member_expression":
            return False
        obj = recv_node.child_by_field_name("object")
        self._visit_opt(obj)
        bound = "constant" if js.is_const(obj, self.ctx.env) else "n"
        params = idents(cbs[0].child_by_field_name("parameters") or cbs[0].child_by_field_name("parameter"))
        self._push(call, "for", txt(obj, 40), bound, params, [cbs[0].child_by_field_name("body")])
        return True

    def _push(self, node: Node, kind: str, over: str, bound: str, items: set[str],
              inside: list[Node | None]) -> None:
        loop = Loop(line=line(node), end_line=node.end_point[0] + 1, depth=len(self.stack) + 1,
                    kind=kind, over=over, bound=bound)  # type: ignore[arg-type]
        fact = LoopFact(loop, worklist=kind == "while" and self._pops_condition(node))
        fact.amortised = kind == "while" and self._transfer(node)
        if self.stack:
            parent, pnode, pitems = self.stack[-1]
            fact.cells = kind == "for" and self._second_dimension(over, pitems)
            fact.amortised = fact.amortised or (kind == "while" and self._monotonic(node, pnode, pitems)) or (
                parent.worklist and bound == "n" and over not in self.ctx.params)
            parent.children.append(fact)
        else:
            self.f.loops.append(fact)
        self.out.loops.append(loop)
        self.stack.append((fact, node, items))
        for child in inside:
            self._visit_opt(child)
        self.stack.pop()

    def _for_bound(self, node: Node) -> str:
        cond, inc = node.child_by_field_name("condition"), node.child_by_field_name("increment")
        if _HALVING.search(txt(inc)):
            return "log n"
        if cond is None or not cond.named_children:
            return "unknown"
        right = cond.named_children[0].child_by_field_name("right")
        return "constant" if js.is_const(right, self.ctx.env) else "n"

    def _while_bound(self, node: Node) -> str:
        cond = node.child_by_field_name("condition")
        if cond is None or txt(cond).strip("() ") == "true":
            return "unknown"
        names = idents(cond)
        if re.search(r"(\[(\w+)\]|\.get\((\w+)\))\s*!==?\s*(\2|\3)\b", txt(cond)):
            return "constant"  # union-find: follow parent links with path compression
        halved, to_mid = set(), set()
        for n in walk_local(node, self.skip):
            left = n.child_by_field_name("left") if n.type.endswith("assignment_expression") else None
            if n.type == "variable_declarator":
                left = n.child_by_field_name("name")
            if left is not None and _HALVING.search(txt(n)[len(txt(left)):]):
                halved.add(txt(left))
        for n in walk_local(node, self.skip):
            if n.type == "assignment_expression" and idents(n.child_by_field_name("right")) & halved:
                to_mid.add(txt(n.child_by_field_name("left")))
        return "log n" if (halved | to_mid) & names else "n"

    def _pops_condition(self, node: Node) -> bool:
        """`while (queue.length)` that pops from the queue, or swaps in the next level (`queue = next`)."""
        pops = {method(c)[0] for c in walk_local(node, self.skip) if c.type == "call_expression"
                and method(c)[1] in _POPS}
        swapped = any(n.type == "assignment_expression" and n.child_by_field_name("right").type == "identifier"
                      and n.child_by_field_name("left").type == "identifier" for n in walk_local(node, self.skip))
        return swapped or bool(pops & idents(node.child_by_field_name("condition")))

    def _transfer(self, node: Node) -> bool:
        body = txt(node.child_by_field_name("body")).strip("{}; \n")
        return bool(re.fullmatch(r"[\w.]+\.push\([\w.]+\.pop\(\)\)", body))

    def _monotonic(self, inner: Node, outer: Node, outer_items: set[str]) -> bool:
        if js.visit_marks(inner, self.skip)[0]:
            return True
        moved = set()
        for n in walk_local(inner, self.skip):
            if n.type in ("assignment_expression", "augmented_assignment_expression"):
                moved.add(txt(n.child_by_field_name("left")))
            elif n.type == "update_expression":
                moved.add(txt(n.child_by_field_name("argument")))
            elif n.type == "call_expression" and method(n)[1] in _POPS:
                moved.add(method(n)[0])
        moved &= idents(inner.child_by_field_name("condition"))
        inner_ids = {n.id for n in walk(inner)}
        reset = set(outer_items)
        for n in walk_local(outer, self.skip):
            if n.id in inner_ids or n.type not in ("variable_declarator", "assignment_expression"):
                continue
            left = n.child_by_field_name("name" if n.type == "variable_declarator" else "left")
            value = n.child_by_field_name("value" if n.type == "variable_declarator" else "right")
            popped = value is not None and value.type == "call_expression" and method(value)[1] in _POPS
            if left is not None and left.type in ("identifier", "array_pattern", "object_pattern") and not popped:
                reset |= idents(left) - idents(value)
        return bool(moved) and not moved & reset

    def _second_dimension(self, over: str, outer_items: set[str]) -> bool:
        head = re.match(r"\w+", over)
        if "[0].length" in over or (head and head.group() in outer_items) or any(f"[{i}]" in over for i in outer_items):
            return True
        for name in re.findall(r"\w+", over):
            v = self.ctx.env.get(name)
            if v is not None and js.value_kind(v) is None and ("[0].length" in txt(v) or
                                                               any(f"[{i}]" in txt(v) for i in outer_items)):
                return True
        return False

    # --- calls -----------------------------------------------------------------------------------
    def _work(self, w: Work, subject: Node | None) -> None:
        depth = len(self.stack)
        while depth and subject is not None and idents(subject) and idents(subject) <= self.stack[depth - 1][2]:
            depth -= 1  # work on the loop's own item adds up to one pass over the input
        place_work(w, depth, [entry[0] for entry in self.stack], self.f, self.out.linear_ops_in_loops)

    def _call(self, call: Node) -> None:
        recv, name = method(call)
        ln, fnode = line(call), call.child_by_field_name("function")
        if name == self.f.name and recv in ("", "this") and self._direct(call):
            self.f.rec_lines.append(ln)
            for fact, _, _ in self.stack:
                fact.recurses = True
            return
        obj = fnode.child_by_field_name("object") if fnode is not None and fnode.type == "member_expression" else None
        if name in ("push", "add", "set", "unshift", "enqueue") and (self.stack or self.f.rec_lines):
            self.grown.add(recv)
        if name == "sort" and recv != "Math":
            self.out.sorts.append(ln)
            self._work(Work(NLOGN, ln, txt(call, 40), linear_op=True), obj)
        elif name in _LOG_METHODS and self.ctx.kinds.get(recv) == "heap":
            self._work(Work(LOG, ln, txt(call, 40)), None)
        elif name in _LINEAR_METHODS and self._linear(recv, name, call):
            self._work(Work(LINEAR, ln, txt(call, 40), linear_op=True), obj)
        elif name and (recv in ("", "this")):
            (self.stack[-1][0].calls if self.stack else self.f.calls).append((name, ln))

    @staticmethod
    def _direct(call: Node) -> bool:
        """`f(...)` or `this.f(...)`, not `this.vals.f(...)`."""
        f = call.child_by_field_name("function")
        return f is not None and (f.type == "identifier" or txt(f.child_by_field_name("object")) == "this")

    def _linear(self, recv: str, name: str, call: Node) -> bool:
        kind = self.ctx.kinds.get(recv, "")
        if kind in ("hash_map", "hash_set", "heap", "deque") or recv in ("Object", "Array") and name != "from":
            return name in ("keys", "values", "entries") and recv == "Object"
        if name in ("keys", "values", "entries"):
            return False  # map.keys() is a lazy iterator
        return name != "pop"

    def _recursion_signals(self) -> None:
        f, fn = self.f, self.fn
        rec = [c for c in walk_local(fn, self.skip) if c.type == "call_expression" and method(c)[1] == f.name
               and self._direct(c)]
        body = fn.child_by_field_name("body")
        f.branching = _path_calls(body, f.name, self.skip) if body is not None else len(rec)
        cursor = bool(rec) and all(not args(c) for c in rec)  # build() reading a shared token stream
        f.tree_args = bool(rec) and all(
            any(n.type == "member_expression" and txt(n.child_by_field_name("property")) in _TREE_ATTRS
                for a in args(c) for n in walk(a)) for c in rec)
        f.halving_args = any("mid" in idents(a) or _HALVING.search(txt(a)) for c in rec for a in args(c))
        f.divide = f.halving_args and f.branching >= 2 and not any(
            lp.recurses for lp in self.f.loops)
        f.memo = js.returns_cached(fn, self.ctx, self.skip)
        f.visited, f.backtrack = js.visit_marks(fn, self.skip)
        f.tree_args = f.tree_args or (cursor and not f.backtrack)
        self.out.recursive.append(NameAt(name=f.name, line=f.rec_lines[0]))


def _path_calls(node: Node, name: str, skip: set[int]) -> int:
    """Recursive calls along one path: branches of an if take the max, a loop counts as many."""
    if node.id in skip:
        return 0
    if node.type == "call_expression" and method(node)[1] == name:
        return 1 + sum(_path_calls(c, name, skip) for c in node.children)
    if node.type == "if_statement":
        cond = _path_calls(node.child_by_field_name("condition"), name, skip)  # type: ignore[arg-type]
        yes, no = node.child_by_field_name("consequence"), node.child_by_field_name("alternative")
        return cond + max(_path_calls(yes, name, skip) if yes else 0, _path_calls(no, name, skip) if no else 0)
    total = sum(_path_calls(c, name, skip) for c in node.children)
    return 2 * total if node.type in js.LOOP_TYPES else total


def _first_error(root: Node) -> Node | None:
    for n in walk(root):
        if n.type == "ERROR" or n.is_missing:
            return n
    return None


def analyse_javascript(code: str) -> tuple[CodeAnalysis, Facts]:
    out = CodeAnalysis(language="javascript")
    root = _parser().parse(code.encode("utf-8", "replace")).root_node
    if root.has_error:
        bad = _first_error(root)
        what = f"missing {bad.type}" if bad is not None and bad.is_missing else "unexpected code"
        out.syntax_error = SyntaxIssue(line=line(bad) if bad is not None else None, message=f"syntax error: {what}")
        return out, Facts()
    out.parsed = True
    out.lines = sum(1 for ln in code.splitlines() if ln.strip() and not ln.strip().startswith(("//", "/*", "*")))
    ctx = js.Context(root, code)
    named = [n for n in walk(root) if n.type in js.FUNCTION_TYPES and _fn_name(n)
             and not _is_callback(n)]
    skip = {n.id for n in named}
    facts = Facts()
    grown: set[str] = set()
    for node, name in [(root, "<program>"), *((n, _fn_name(n)) for n in named)]:
        if node is not root:
            out.functions.append(NameAt(name=name, line=line(node)))
        scanner = _Scanner(node, name, ctx, out, skip)
        facts.functions.append(scanner.run())
        grown |= scanner.grown
    out.max_loop_depth = max((lp.depth for lp in out.loops), default=0)
    out.structures = ctx.structures()
    out.unused = js.unused(root, named)
    facts.space = ctx.space(facts.functions, grown)
    out.memoised = out.memoised or any(f.memo for f in facts.functions)
    out.sorts = sorted(set(out.sorts))
    out.early_returns = sorted(set(out.early_returns))
    out.loops.sort(key=lambda lp: (lp.line, lp.depth))
    return out, facts


def _is_callback(fn: Node) -> bool:
    p = fn.parent
    return p is not None and p.type == "arguments"
