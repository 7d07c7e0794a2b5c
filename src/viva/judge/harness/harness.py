"""viva's Python test harness. It runs inside the sandbox, next to the candidate's code.

It never sees expected answers: it calls the candidate's code on each test's inputs and writes
the actual results, one JSON line per test, to fd 3. The launcher compares them outside.
Standard library only; it runs under `python3 -I -B`.
"""

import json
import os
import signal
import sys
import time
import traceback
from collections import deque

RESULT_FD = 3
MAX_NODES = 1_000_000


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next

    def __repr__(self):
        return f"ListNode({self.val})"


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self):
        return f"TreeNode({self.val})"


class Node:
    def __init__(self, val=0, neighbors=None):
        self.val = val
        self.neighbors = neighbors if neighbors is not None else []

    def __repr__(self):
        return f"Node({self.val})"


class Unencodable(Exception):
    """The candidate returned something the answer type cannot hold."""


# ---- building inputs ------------------------------------------------------------------

def build_list(values):
    head = None
    for v in reversed(values or []):
        head = ListNode(v, head)
    return head


def build_cycle_list(spec):
    values, pos = spec
    nodes = [ListNode(v) for v in values]
    for a, b in zip(nodes, nodes[1:]):
        a.next = b
    if nodes and pos is not None and pos >= 0:
        nodes[-1].next = nodes[pos]
    return nodes[0] if nodes else None


def build_tree(values):
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    queue = deque([root])
    i = 1
    while queue and i < len(values):
        node = queue.popleft()
        if i < len(values) and values[i] is not None:
            node.left = TreeNode(values[i])
            queue.append(node.left)
        i += 1
        if i < len(values) and values[i] is not None:
            node.right = TreeNode(values[i])
            queue.append(node.right)
        i += 1
    return root


def find_in_tree(root, val):
    queue = deque([root] if root else [])
    while queue:
        node = queue.popleft()
        if node.val == val:
            return node
        queue.extend(c for c in (node.left, node.right) if c)
    return None


def build_graph(adjacency):
    if not adjacency:
        return None, set()
    nodes = [Node(i + 1) for i in range(len(adjacency))]
    for node, neighbours in zip(nodes, adjacency):
        node.neighbors = [nodes[j - 1] for j in neighbours]
    return nodes[0], {id(n) for n in nodes}


def build_args(params, raw_args, originals):
    args = []
    first_tree = None
    for spec, raw in zip(params, raw_args):
        kind = spec["type"]
        if kind == "list_node":
            value = build_list(raw)
        elif kind == "list_node[]":
            value = [build_list(v) for v in raw]
        elif kind == "list_node_cycle":
            value = build_cycle_list(raw)
        elif kind == "tree":
            value = build_tree(raw)
            if first_tree is None:
                first_tree = value
        elif kind == "tree_ref":
            value = find_in_tree(first_tree, raw) if raw is not None else None
        elif kind == "graph":
            value, ids = build_graph(raw)
            originals.update(ids)
        else:
            value = raw
        args.append(value)
    return args


# ---- encoding results -----------------------------------------------------------------

def encode_list(head):
    out = []
    while head is not None:
        if len(out) >= MAX_NODES:
            raise Unencodable("the returned linked list does not end (cycle?)")
        out.append(plain(head.val))
        head = head.next
    return out


def encode_tree(root):
    out, queue, seen = [], deque([root]), 0
    while queue:
        node = queue.popleft()
        seen += 1
        if seen > 2 * MAX_NODES:
            raise Unencodable("the returned tree is too large or has a cycle")
        if node is None:
            out.append(None)
            continue
        out.append(plain(node.val))
        queue.append(node.left)
        queue.append(node.right)
    while out and out[-1] is None:
        out.pop()
    return out


def encode_graph(start, originals):
    if start is None:
        return []
    by_val, queue, seen = {start.val: start}, deque([start]), {id(start)}
    while queue:
        node = queue.popleft()
        if id(node) in originals:
            raise Unencodable("the returned graph shares nodes with the input; a deep copy was expected")
        for n in node.neighbors:
            if id(n) in seen:
                continue
            if n.val in by_val:
                raise Unencodable(f"two different nodes in the returned graph have the value {n.val}")
            seen.add(id(n))
            by_val[n.val] = n
            queue.append(n)
    size = max(by_val)
    return [[n.val for n in by_val[v].neighbors] if v in by_val else [] for v in range(1, size + 1)]


def tree_ids(root):
    ids, queue = set(), deque([root] if root else [])
    while queue:
        node = queue.popleft()
        ids.add(id(node))
        queue.extend(c for c in (node.left, node.right) if c)
    return ids


def plain(value):
    """Turn a returned value into JSON data, or fail the test if it cannot be."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=json.dumps)
    raise Unencodable(f"returned a {type(value).__name__}, which is not a valid answer here")


def encode(kind, value, originals):
    if kind == "list_node":
        return encode_list(value)
    if kind == "list_node[]":
        return [encode_list(v) for v in value]
    if kind == "tree":
        return encode_tree(value)
    if kind == "tree_ref":
        return None if value is None else plain(value.val)
    if kind == "graph":
        return encode_graph(value, originals)
    if kind == "void":
        return None
    return plain(value)


# ---- running ----------------------------------------------------------------------------

def short_traceback(filename):
    """The traceback from the candidate's own frames only, so harness internals stay out of view."""
    etype, evalue, tb = sys.exc_info()
    frames = [f for f in traceback.extract_tb(tb) if f.filename == filename]
    lines = traceback.format_list(frames) + traceback.format_exception_only(etype, evalue)
    return "".join(lines).strip()[-4000:]


def cause(filename):
    """What the interviewer may say about the exception being handled: its class, its message's
    first line, and the innermost line of the candidate's file it passed through."""
    etype, evalue, tb = sys.exc_info()
    syntax = isinstance(evalue, SyntaxError)
    line = evalue.lineno if syntax and evalue.filename == filename else None
    while tb is not None:  # a walk, not extract_tb: a RecursionError can carry a million frames
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    try:
        text = str(evalue.msg if syntax else evalue).strip().splitlines()
    except Exception:  # noqa: BLE001 - the candidate's __str__ may raise; the class still says enough
        text = []
    return {"kind": etype.__name__, "message": text[0][:200] if text else None, "line": line}


class Emitter:
    def __init__(self, nonce):
        self.nonce = nonce

    def __call__(self, record):
        line = (self.nonce + json.dumps(record, allow_nan=False) + "\n").encode()
        view = memoryview(line)
        while view:
            view = view[os.write(RESULT_FD, view):]


# What LeetCode's Python 3 pre-imports, names and modules both. sortedcontainers is a Debian
# package on the host (python3-sortedcontainers), so the sandbox's /usr holds it.
STAR_MODULES = ("typing", "collections", "heapq", "bisect", "functools", "itertools", "math", "string")
PLAIN_MODULES = ("re", "operator", "copy", "random", "sortedcontainers")


def namespace():
    import builtins
    import importlib

    ns = {"__name__": "solution", "__builtins__": __builtins__}
    for name in STAR_MODULES:
        mod = importlib.import_module(name)
        public = getattr(mod, "__all__", None) or [k for k in dir(mod) if not k.startswith("_")]
        # Never over a builtin: math's two-argument pow must not hide pow(b, e, mod).
        ns.update({k: getattr(mod, k) for k in public if not hasattr(builtins, k)})
        ns[name] = mod
    for name in PLAIN_MODULES:
        try:
            ns[name] = importlib.import_module(name)
        except ImportError:  # sortedcontainers missing: a solution using it says so itself
            continue
    if "sortedcontainers" in ns:
        sc = ns["sortedcontainers"]
        ns.update(SortedList=sc.SortedList, SortedDict=sc.SortedDict, SortedSet=sc.SortedSet,
                  SortedKeyList=sc.SortedKeyList)
    ns.update(inf=ns["math"].inf, ListNode=ListNode, TreeNode=TreeNode, Node=Node)
    return ns


def call_function(job, ns, test, originals):
    entry = job["entry"]
    solution_cls = ns.get("Solution")
    if solution_cls is not None and hasattr(solution_cls, entry):
        fn = getattr(solution_cls(), entry)
    elif callable(ns.get(entry)):
        fn = ns[entry]
    else:
        raise NameError(f"define class Solution with a method {entry}(...)")
    args = build_args(job["params"], test["args"], originals)
    out = fn(*args)
    if job.get("output_arg") is not None:
        i = job["output_arg"]
        return encode(job["params"][i]["type"], args[i], originals)
    return encode(job["returns"], out, originals)


def call_design(job, ns, test):
    cls = ns.get(job["entry"])
    if cls is None:
        raise NameError(f"define class {job['entry']}")
    ops, op_args = test["args"]
    obj = cls(*op_args[0])
    results = [None]
    for op, a in zip(ops[1:], op_args[1:]):
        results.append(plain(getattr(obj, op)(*a)))
    return results


def over_the_wire(data):
    """Like LeetCode, only the round trip is judged, so serialize may return any data, not only a
    string. It still has to be data another machine could receive: it crosses as JSON."""
    if isinstance(data, str):
        return data
    try:
        return json.loads(json.dumps(data, allow_nan=False))
    except (TypeError, ValueError, RecursionError) as e:
        raise Unencodable(f"serialize returned a {type(data).__name__}, which cannot be sent anywhere ({e})") from None


def call_codec(job, ns, test, fresh_ns):
    """Serialize with one module instance and deserialize with a fresh one, as two machines would."""
    cls, other = ns.get(job["entry"]), fresh_ns().get(job["entry"])
    if cls is None or other is None:
        raise NameError(f"define class {job['entry']}")
    root = build_tree(test["args"][0])
    originals = tree_ids(root)
    rebuilt = other().deserialize(over_the_wire(cls().serialize(root)))
    if originals & tree_ids(rebuilt):
        raise Unencodable("deserialize returned the original nodes instead of rebuilding the tree")
    return encode_tree(rebuilt)


class OverTime(BaseException):
    """The call ran past the job's time limit: stopped here, not by the sandbox's wall clock
    seconds later (a slow solution costs the judge its limit, not the limit plus start-up)."""


def over_time(signum, frame):
    raise OverTime


def main():
    job = json.loads(sys.stdin.buffer.read())
    emit = Emitter(job["nonce"])
    sys.setrecursionlimit(1_000_000)
    path = job["solution_path"]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    try:
        code = compile(source, path, "exec")
    except (SyntaxError, ValueError) as e:
        emit({"compile_error": "".join(traceback.format_exception_only(type(e), e)).strip(),
              "cause": cause(path)})
        return
    ns = namespace()
    calls = {"n": 0}
    if job["kind"] == "first_bad_version":
        bad = {"v": None}

        def isBadVersion(version):  # noqa: N802 - the conventional name
            calls["n"] += 1
            return version >= bad["v"]

        ns["isBadVersion"] = isBadVersion
    try:
        exec(code, ns)
    except MemoryError:
        emit({"load_error": "MemoryError", "memory": True})
        return
    except BaseException:  # noqa: BLE001 - report whatever the candidate's module raised
        emit({"load_error": short_traceback(path), "cause": cause(path)})
        return

    def fresh():
        other = namespace()
        exec(code, other)
        return other
    limit_ms = job.get("call_limit_ms")
    if limit_ms:
        signal.signal(signal.SIGALRM, over_time)
    for i, test in enumerate(job["tests"]):
        originals = set()
        record = {"i": i}
        start = time.perf_counter()
        try:
            if limit_ms:
                signal.setitimer(signal.ITIMER_REAL, limit_ms * 1.1 / 1000)
            try:
                if job["kind"] == "design":
                    record["actual"] = call_design(job, ns, test)
                elif job["kind"] == "codec":
                    record["actual"] = call_codec(job, ns, test, fresh)
                elif job["kind"] == "first_bad_version":
                    calls["n"] = 0
                    bad["v"] = test["args"][1]
                    record["actual"] = call_function(job, ns, {"args": test["args"][:1]}, originals)
                    record["calls"] = calls["n"]
                else:
                    record["actual"] = call_function(job, ns, test, originals)
            finally:
                if limit_ms:  # disarmed first: nothing after the call is cut short
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except OverTime:
            record = {"i": i, "over_time": True}
        except Unencodable as e:
            record = {"i": i, "wrong": str(e)}
        except MemoryError:
            record = {"i": i, "memory": True}
        except RecursionError:
            record = {"i": i, "error": "RecursionError: maximum recursion depth exceeded", "cause": cause(path)}
        except BaseException:  # noqa: BLE001
            record = {"i": i, "error": short_traceback(path), "cause": cause(path)}
        record["ms"] = round((time.perf_counter() - start) * 1000, 3)
        sys.stdout.flush()
        emit(record)


if __name__ == "__main__":
    main()
