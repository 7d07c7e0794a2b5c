"""tree-sitter helpers and JavaScript name facts: what each variable holds, which grow, which are unused."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from viva.analysis.facts import LINEAR, LOG, ONE, Cost, FuncFact, SpaceUse
from viva.analysis.model import NameAt, StructureKind, StructureUse

FUNCTION_TYPES = {"function_declaration", "function_expression", "arrow_function", "method_definition",
                  "generator_function_declaration", "generator_function"}
LOOP_TYPES = {"for_statement", "for_in_statement", "while_statement", "do_statement"}
CALLBACK_LOOPS = {"forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex",
                  "flatMap", "findLast"}
_NEW_KINDS: dict[str, StructureKind] = {
    "Map": "hash_map", "Set": "hash_set", "WeakMap": "hash_map", "Array": "list", "Queue": "queue",
    "Deque": "deque", "MinPriorityQueue": "heap", "MaxPriorityQueue": "heap", "PriorityQueue": "heap",
}
_GROW = {"push", "add", "set", "unshift", "enqueue", "splice", "concat"}
_MEMO_WORDS = ("memo", "cache", "dp")
_LABEL = {"hash_map": "hash map", "hash_set": "hash set", "string_builder": "string builder"}


def txt(node: Node | None, limit: int = 10_000) -> str:
    if node is None or node.text is None:
        return ""
    s = node.text.decode("utf-8", "replace")
    return s if len(s) <= limit else s[: limit - 3] + "..."


def line(node: Node) -> int:
    return node.start_point[0] + 1


def walk(node: Node) -> Iterator[Node]:
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        todo.extend(reversed(n.children))


def walk_local(node: Node, skip: set[int]) -> Iterator[Node]:
    """Walk without entering the named functions in `skip` (they are scanned as their own scopes)."""
    todo = list(reversed(node.children))
    while todo:
        n = todo.pop()
        yield n
        if n.id not in skip:
            todo.extend(reversed(n.children))


def idents(node: Node | None) -> set[str]:
    if node is None:
        return set()
    return {txt(n) for n in walk(node) if n.type in ("identifier", "shorthand_property_identifier")} | \
        {txt(n) for n in walk(node) if n.type == "member_expression" and txt(n.child_by_field_name("object")) == "this"}


def target_name(node: Node | None) -> str:
    """`stack`, or `this.cache` for a field."""
    if node is None:
        return ""
    if node.type == "identifier":
        return txt(node)
    if node.type == "member_expression" and txt(node.child_by_field_name("object")) == "this":
        return txt(node)
    return ""


def method(call: Node) -> tuple[str, str]:
    """(receiver, method name) of a call: ("stack", "pop") for stack.pop(); ("", "foo") for foo()."""
    f = call.child_by_field_name("function")
    if f is not None and f.type == "member_expression":
        return target_name(f.child_by_field_name("object")), txt(f.child_by_field_name("property"))
    return "", txt(f) if f is not None and f.type == "identifier" else ""


def args(call: Node) -> list[Node]:
    a = call.child_by_field_name("arguments")
    return [c for c in a.named_children if c.type != "comment"] if a is not None else []


def is_const(node: Node | None, env: dict[str, Node], depth: int = 0) -> bool:
    if node is None:
        return False
    if node.type == "identifier":
        value = env.get(txt(node))
        filled = value is not None and (value.type != "array" or value.named_children)  # [] grows later
        return filled and depth < 5 and is_const(value, env, depth + 1)
    if node.type in ("array", "string", "number", "template_string"):
        return all(n.type not in ("identifier", "member_expression", "call_expression") for n in walk(node))
    return node.type == "parenthesized_expression" and is_const(node.named_children[0], env, depth)


def value_kind(v: Node | None) -> StructureKind | None:
    if v is None:
        return None
    if v.type == "new_expression":
        return _NEW_KINDS.get(txt(v.child_by_field_name("constructor")))
    if v.type == "object" and not v.named_children:
        return "hash_map"
    if v.type == "array":
        return "matrix" if v.named_children and v.named_children[0].type == "array" else "list"
    if v.type == "call_expression":
        body = txt(v)
        if body.startswith(("Array.from", "Array(", "new Array")) or ".fill(" in body:
            nested = re.search(r"=>\s*(new Array|Array\(|\[)", body)
            return "matrix" if nested else "list"
    return None


class Context:
    """Program-wide facts about names: simple values, the structures they hold, JSDoc types."""

    def __init__(self, root: Node, code: str) -> None:
        self.root = root
        self.env: dict[str, Node] = {}
        self.kinds: dict[str, str] = {}
        self.made: dict[str, tuple[StructureKind, int, Node]] = {}
        self.params: set[str] = set()
        for typ, name in re.findall(r"@param\s+\{([^}]*)\}\s+\[?(\w+)", code):
            self.kinds[name] = "list" if typ.strip().endswith("[]") or typ.startswith("Array") else \
                "str" if typ.strip() == "string" else ""
        for n in walk(root):
            if n.type == "formal_parameters":
                self.params |= {txt(c) for c in walk(n) if c.type == "identifier"}
            elif n.type in ("variable_declarator", "assignment_expression"):
                left = n.child_by_field_name("name" if n.type == "variable_declarator" else "left")
                value = n.child_by_field_name("value" if n.type == "variable_declarator" else "right")
                self._bind(left, value)
        self._refine()

    def _bind(self, left: Node | None, value: Node | None) -> None:
        if left is None or value is None:
            return
        if left.type == "array_pattern" and value.type == "array":
            for t, v in zip(left.named_children, value.named_children):
                self._bind(t, v)
            return
        name = target_name(left)
        if not name:
            return
        if left.type == "identifier":
            self.env[name] = value
        if (kind := value_kind(value)) and name not in self.made:
            self.made[name] = (kind, line(left), value)
            self.kinds[name] = kind

    def _refine(self) -> None:
        used: dict[str, set[str]] = {}
        for c in walk(self.root):
            if c.type == "call_expression":
                recv, name = method(c)
                if recv:
                    used.setdefault(recv, set()).add(name)
        for name, (kind, ln, value) in list(self.made.items()):
            u = used.get(name, set())
            new = kind
            if kind == "list" and "shift" in u:
                new = "queue"
            elif kind == "list" and "pop" in u and "push" in u:
                new = "stack"
            elif kind == "list" and "join" in u:
                new = "string_builder"
            self.made[name] = (new, ln, value)
            self.kinds[name] = new

    def structures(self) -> list[StructureUse]:
        found = [StructureUse(kind=k, line=ln, name=name) for name, (k, ln, _) in self.made.items()]
        return sorted(found, key=lambda s: (s.line, s.name))

    def space(self, funcs: list[FuncFact], grown: set[str]) -> list[SpaceUse]:
        out = [SpaceUse(LOG if f.halving_args else LINEAR, f.rec_lines[0], f"the call stack of {f.name}")
               for f in funcs if f.rec_lines]
        for name, (kind, ln, value) in self.made.items():
            cost = self._size(value)
            if name in grown and cost == ONE:
                cost = LINEAR
            if cost != ONE:
                out.append(SpaceUse(cost, ln, f"the {_LABEL.get(kind, kind)} `{name}` grows with the input, built"))
        return out

    def _size(self, v: Node) -> Cost:
        body = txt(v)
        if "[0].length" in body:
            return LINEAR
        if v.type in ("array", "object"):
            return LINEAR if any(c.type == "spread_element" for c in v.named_children) else ONE
        sizes = [a for n in walk(v) if n.type in ("new_expression", "call_expression")
                 and re.match(r"(new )?Array(\.from)?\(", txt(n)) for a in args(n)[:1]]
        sizes += [n.child_by_field_name("value") for n in walk(v) if n.type == "pair"
                  and txt(n.child_by_field_name("key")) == "length"]
        dims = [s for s in sizes if s is not None and s.type != "object" and not is_const(s, self.env)]
        if v.type == "new_expression" and args(v) and not is_const(args(v)[0], self.env) and not dims:
            return LINEAR  # new Set(nums), new Map(entries)
        return Cost(0, min(len(dims), 3), 0)


def returns_cached(fn: Node, ctx: Context, skip: set[int]) -> bool:
    for n in walk_local(fn, skip):
        if n.type == "return_statement" and n.named_children:
            v = n.named_children[0]
            base = v.child_by_field_name("object") if v.type == "subscript_expression" else None
            if v.type == "call_expression" and method(v)[1] == "get":
                base = v.child_by_field_name("function").child_by_field_name("object")  # type: ignore[union-attr]
            name = target_name(base)
            if name and (ctx.kinds.get(name) == "hash_map" or any(w in name.lower() for w in _MEMO_WORDS)):
                return True
    return False


def visit_marks(fn: Node, skip: set[int]) -> tuple[bool, bool]:
    """(visited, backtracking), as for Python: permanent marks vs marks undone after recursing."""
    added, removed, checked, marked, restored, pushed, popped = (set() for _ in range(7))
    for n in walk_local(fn, skip):
        if n.type == "call_expression":
            recv, name = method(n)
            bucket = {"add": added, "delete": removed, "has": checked, "push": pushed, "pop": popped}
            if recv and name in bucket:
                bucket[name].add(recv)
        elif n.type == "assignment_expression":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and left.type == "subscript_expression" and right is not None:
                falsy = txt(right) in ("false", "0", "null", "undefined", "''", '""')
                undo = right.type not in ("true", "false", "number", "string", "null") or falsy
                (restored if undo else marked).add(txt(left))
    visited = bool((added & checked) - removed) or bool(marked - restored)
    backtrack = bool(added & removed) or bool(marked & restored) or bool(pushed & popped)
    return visited, backtrack


def unused(root: Node, scopes: list[Node]) -> list[NameAt]:
    found: dict[tuple[str, int], NameAt] = {}
    for scope in [root, *scopes]:
        inner = {s.id for s in scopes if s.id != scope.id}
        reads = {txt(n) for n in walk(scope) if n.type == "identifier" and not _is_write(n)}
        for n in walk_local(scope, inner):
            if n.type != "identifier" or not _is_write(n) or _binds_function(n):
                continue
            if n.parent is not None and n.parent.type in ("assignment_expression", "augmented_assignment_expression"):
                continue  # a write to an existing name, declared elsewhere
            name = txt(n)
            if name not in reads and not name.startswith("_") and (name, line(n)) not in found:
                found[(name, line(n))] = NameAt(name=name, line=line(n))
    return sorted(found.values(), key=lambda x: (x.line, x.name))


def _is_write(n: Node) -> bool:
    p = n.parent
    if p is None:
        return False
    if p.type == "variable_declarator":
        return p.child_by_field_name("name") == n
    if p.type in ("assignment_expression", "augmented_assignment_expression"):
        return p.child_by_field_name("left") == n
    if p.type == "update_expression":
        return p.parent is not None and p.parent.type == "expression_statement"
    if p.type == "for_in_statement":
        return p.child_by_field_name("left") == n
    return p.type in ("formal_parameters", "array_pattern", "object_pattern", "rest_pattern") or (
        p.type == "assignment_pattern" and p.child_by_field_name("left") == n)


def _binds_function(n: Node) -> bool:
    p = n.parent
    value = p.child_by_field_name("value") if p is not None and p.type == "variable_declarator" else None
    return value is not None and value.type in FUNCTION_TYPES | {"class"}
