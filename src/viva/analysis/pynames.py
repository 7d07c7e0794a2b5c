"""Python name facts: what each variable holds, which ones grow, which are never read."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from viva.analysis.facts import LINEAR, LOG, ONE, Cost, FuncFact, SpaceUse
from viva.analysis.model import NameAt, StructureKind, StructureUse

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_CALL_KINDS: dict[str, StructureKind] = {
    "dict": "hash_map", "defaultdict": "hash_map", "OrderedDict": "hash_map", "set": "hash_set",
    "frozenset": "hash_set", "list": "list", "deque": "deque", "Counter": "counter", "SortedList": "sorted_container",
    "SortedDict": "sorted_container", "SortedSet": "sorted_container", "Queue": "queue", "SimpleQueue": "queue",
    "PriorityQueue": "heap",
}
_GROW = {"append", "appendleft", "add", "extend", "setdefault", "insert", "update"}
_HEAP = {"heappush", "heapify", "heappushpop", "heapreplace"}
_MEMO_WORDS = ("memo", "cache", "dp")
_LABEL = {"hash_map": "hash map", "hash_set": "hash set", "sorted_container": "sorted container",
          "string_builder": "string builder"}


def text(node: ast.AST, limit: int = 40) -> str:
    try:
        s = ast.unparse(node)
    except Exception:  # noqa: BLE001 - unparse of odd trees must never break analysis
        return ""
    return s if len(s) <= limit else s[: limit - 3] + "..."


def call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def receiver(call: ast.Call) -> str:
    """`stack` in stack.pop(), `self.cache` in self.cache.get()."""
    f = call.func
    return target_name(f.value) if isinstance(f, ast.Attribute) else ""


def target_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return f"self.{node.attr}"
    return ""


def walk_local(node: ast.AST) -> Iterator[ast.AST]:
    """ast.walk that does not enter nested functions or classes."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        n = todo.pop()
        yield n
        if not isinstance(n, (*_FUNCS, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(n))


def names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def is_const(node: ast.AST, env: dict[str, ast.AST], depth: int = 0) -> bool:
    """A literal, or a name bound to one: iterating it does not grow with the input."""
    if isinstance(node, ast.Name):
        value = env.get(node.id)
        empty = isinstance(value, (ast.List, ast.Tuple, ast.Set, ast.Dict)) and not (
            value.keys if isinstance(value, ast.Dict) else value.elts)
        return value is not None and not empty and depth < 5 and is_const(value, env, depth + 1)
    if isinstance(node, ast.Attribute):
        return node.attr.startswith("ascii_") or node.attr == "digits"
    if isinstance(node, ast.Call) and call_name(node) == "range":
        return all(is_const(a, env, depth + 1) for a in node.args)
    return all(isinstance(n, (ast.Constant, ast.Tuple, ast.List, ast.Set, ast.UnaryOp, ast.BinOp,
                              ast.expr_context, ast.operator, ast.unaryop)) for n in ast.walk(node))


def value_kind(v: ast.AST) -> StructureKind | None:
    if isinstance(v, (ast.Dict, ast.DictComp)):
        return "hash_map"
    if isinstance(v, (ast.Set, ast.SetComp)):
        return "hash_set"
    if isinstance(v, ast.List):
        return "matrix" if v.elts and isinstance(v.elts[0], (ast.List, ast.ListComp)) else "list"
    if isinstance(v, ast.ListComp):
        return "matrix" if isinstance(v.elt, (ast.List, ast.ListComp, ast.BinOp)) else "list"
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult):
        side = v.left if isinstance(v.left, ast.List) else v.right
        return value_kind(side) if isinstance(side, ast.List) else None
    if isinstance(v, ast.Call):
        return _CALL_KINDS.get(call_name(v))
    return None


def _annotation_kind(ann: ast.AST | None) -> str:
    s = text(ann, 100) if ann is not None else ""
    return "list" if s.lower().startswith("list") else "str" if s == "str" else ""


class Context:
    """Module-wide facts about names: their last simple value and the structure they hold."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.env: dict[str, ast.AST] = {}
        self.kinds: dict[str, str] = {}
        self.params: set[str] = set()
        self.made: dict[str, tuple[StructureKind, int, ast.AST]] = {}
        self.unnamed: list[StructureUse] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.arg):
                self.params.add(node.arg)
                if kind := _annotation_kind(node.annotation):
                    self.kinds[node.arg] = kind
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    self._bind(t, node.value, node.lineno)
        self._refine()

    def _bind(self, target: ast.AST, value: ast.AST, line: int) -> None:
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
            for t, v in zip(target.elts, value.elts):
                self._bind(t, v, line)
            return
        name = target_name(target)
        if not name:
            return
        if isinstance(target, ast.Name):
            self.env[name] = value
        if (kind := value_kind(value)) and name not in self.made:
            self.made[name] = (kind, line, value)
            self.kinds[name] = kind

    def _refine(self) -> None:
        """Usage decides what a plain list really is: a stack, a queue, a heap, a string builder."""
        used: dict[str, set[str]] = {}
        for c in ast.walk(self.tree):
            if not isinstance(c, ast.Call):
                continue
            name, recv = call_name(c), receiver(c)
            first = target_name(c.args[0]) if c.args else ""
            if name in _HEAP and first:
                used.setdefault(first, set()).add("heap")
            elif name == "join" and first:
                used.setdefault(first, set()).add("join")
            elif recv:
                pop0 = name == "pop" and c.args and text(c.args[0]) == "0"
                used.setdefault(recv, set()).add("pop0" if pop0 else name)
        for name, (kind, line, value) in list(self.made.items()):
            u = used.get(name, set())
            new = kind
            if "heap" in u:
                new = "heap"
            elif kind == "list" and "pop0" in u:
                new = "queue"
            elif kind == "list" and "pop" in u and "append" in u:
                new = "stack"
            elif kind == "list" and "join" in u:
                new = "string_builder"
            self.made[name] = (new, line, value)
            self.kinds[name] = new

    def structures(self) -> list[StructureUse]:
        found = [StructureUse(kind=k, line=line, name=name) for name, (k, line, _) in self.made.items()]
        named = {id(v) for _, _, v in self.made.values()}
        for c in ast.walk(self.tree):  # Counter(s) == Counter(t), heapq.heapify(...) of a param...
            if isinstance(c, ast.Call) and id(c) not in named and call_name(c) in ("Counter", "deque", "defaultdict"):
                found.append(StructureUse(kind=_CALL_KINDS[call_name(c)], line=c.lineno))
        return sorted(found, key=lambda s: (s.line, s.name))

    def space(self, funcs: list[FuncFact]) -> list[SpaceUse]:
        recursive = {f.name: f for f in funcs if f.rec_lines}
        out = [SpaceUse(LOG if f.halving_args else LINEAR, f.rec_lines[0], f"the call stack of {f.name}")
               for f in recursive.values()]
        growing = _grown_in_loops(self.tree, set(recursive), self.env)
        for name, (kind, line, value) in self.made.items():
            cost = self._size(value)
            if name in growing and cost == ONE:
                cost = LINEAR
            if cost != ONE:
                what = f"the {_LABEL.get(kind, kind)} `{name}` grows with the input, built"
                out.append(SpaceUse(cost, line, what))
        return out

    def _size(self, v: ast.AST) -> Cost:
        dims = [d for d in _dims(v) if not is_const(d, self.env)]
        if any("[0]" in text(d, 200) + text(self.env.get(text(d), d), 200) for d in dims):
            return LINEAR  # rows x cols of the input grid is the input's own size
        return Cost(0, min(len(dims), 3), 0)


def _dims(v: ast.AST) -> list[ast.AST]:
    """The sizes a container literal is built with: [0] * n, [[0] * m for _ in range(n)], set(nums)."""
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult):
        lst, size = (v.left, v.right) if isinstance(v.left, ast.List) else (v.right, v.left)
        inner = _dims(lst.elts[0]) if isinstance(lst, ast.List) and lst.elts else []
        return [size, *inner]
    if isinstance(v, (ast.ListComp, ast.SetComp, ast.DictComp)):
        elt = v.elt if not isinstance(v, ast.DictComp) else v.value
        return [g.iter for g in v.generators] + _dims(elt)
    if isinstance(v, ast.Call) and v.args and call_name(v) in _CALL_KINDS:
        return [v.args[0]]
    return []


def _grown_in_loops(tree: ast.Module, recursive: set[str], env: dict[str, ast.AST]) -> set[str]:
    """Names appended/added/assigned into inside a loop over the input or a recursive function."""
    grown: set[str] = set()

    def visit(node: ast.AST, growing: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            growing = node.name in recursive
        elif isinstance(node, (ast.For, ast.comprehension)):
            growing = growing or not is_const(node.iter, env)
        elif isinstance(node, ast.While):
            growing = True
        if growing:
            if isinstance(node, ast.Call) and (call_name(node) in _GROW or call_name(node) in _HEAP):
                grown.add(receiver(node) or (target_name(node.args[0]) if node.args else ""))
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(t, ast.Subscript):
                        grown.add(target_name(t.value))
        for child in ast.iter_child_nodes(node):
            visit(child, growing)

    visit(tree, False)
    return grown


def returns_cached(fn: ast.AST, ctx: Context) -> bool:
    """`if key in memo: return memo[key]` - a recursive function that answers from a cache."""
    for n in walk_local(fn):
        if isinstance(n, ast.Return) and n.value is not None:
            v = n.value
            base = v.value if isinstance(v, ast.Subscript) else v.func.value if (
                isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and call_name(v) == "get") else None
            name = target_name(base) if base is not None else ""
            if name and (ctx.kinds.get(name) == "hash_map" or any(w in name.lower() for w in _MEMO_WORDS)):
                return True
    return False


def visit_marks(fn: ast.AST, ctx: Context) -> tuple[bool, bool]:
    """(visited, backtracking): permanent marks bound the visits; marks undone after recursing don't."""
    added, removed, checked, marked, restored, appended, popped = (set() for _ in range(7))
    for n in walk_local(fn):
        if isinstance(n, ast.Call):
            name, recv = call_name(n), receiver(n)
            bucket = {"add": added, "remove": removed, "discard": removed, "append": appended, "pop": popped}
            if name in bucket and recv:
                bucket[name].add(recv)
        elif isinstance(n, ast.Compare) and any(isinstance(o, (ast.In, ast.NotIn)) for o in n.ops):
            checked |= {target_name(c) for c in n.comparators}
        elif isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Subscript):
            key = text(n.targets[0], 200)
            undo = not isinstance(n.value, ast.Constant) or not n.value.value  # back to a saved or falsy value
            (restored if undo else marked).add(key)
    sets_kept = (added & checked) - removed
    visited = bool(sets_kept) or bool(marked - restored)
    backtrack = bool(added & removed) or bool(marked & restored) or bool(appended & popped)
    return visited, backtrack


def unused(tree: ast.Module) -> list[NameAt]:
    """Locals and parameters that are assigned but never read in their function (or its closures)."""
    found: list[NameAt] = []
    scopes: list[ast.AST] = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]
    for scope in scopes:
        reads = {n.id for n in ast.walk(scope) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        shared = {name for n in walk_local(scope) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
        writes: dict[str, int] = {}
        if not isinstance(scope, ast.Module):
            a = scope.args
            for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
                writes.setdefault(arg.arg, arg.lineno)
        comp_vars = {id(n) for c in walk_local(scope) if isinstance(c, ast.comprehension) for n in ast.walk(c.target)}
        for n in walk_local(scope):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and id(n) not in comp_vars:
                writes.setdefault(n.id, n.lineno)
        for name, line in writes.items():
            if name not in reads and name not in shared and not name.startswith("_") and name not in ("self", "cls"):
                found.append(NameAt(name=name, line=line))
    return sorted(found, key=lambda x: (x.line, x.name))
