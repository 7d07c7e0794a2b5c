"""Practice any problem: a problem file from outside the bank, read and checked before it is kept.

Two forms are accepted:
- the bank's own YAML schema (`problems/data/*.yaml`), where tests may leave `expected` out (the
  reference solution answers them when the problem is validated);
- Markdown, the way a problem is usually written down (README "Practice any problem").

Errors name the line they come from. Nothing here runs code: `viva.judge.validate` runs the
reference in the sandbox, and `store` keeps the result beside the bank.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from viva.problems.schema import Clarification, Code, Kind, Problem, Solutions, Test

MAX_FILE_BYTES = 512 * 1024
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NO_EXPECTED = "__unset__"  # a test whose answer the reference will give


class ImportedSolutions(Solutions):
    wrong: list[Code] = Field(default_factory=list)  # nice to have, not required from outside


class ImportedProblem(Problem):
    """A problem from outside the bank: the same shape, fewer demands (no wrong solutions, fewer
    tests and clarifications), and it says where it came from."""

    clarifications: list[Clarification] = Field(default_factory=list)
    tests: list[Test] = Field(default_factory=list)
    solutions: ImportedSolutions  # type: ignore[assignment]
    imported: bool = True


class ImportError_(ValueError):
    """The file cannot become a problem. `errors` are `line N: what is wrong` strings."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Parsed:
    raw: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def parse(text: str, name: str = "problem") -> Parsed:
    """The file as the bank's raw data, with defaults filled in and warnings for what was missing."""
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        raise ImportError_([f"the file is larger than {MAX_FILE_BYTES // 1024} KB"])
    looks_markdown = name.endswith((".md", ".markdown")) or text.lstrip().startswith("# ")
    parsed = _markdown(text) if looks_markdown else _yaml(text)
    _complete(parsed)
    return parsed


def build(parsed: Parsed) -> ImportedProblem:
    """The validated problem, or ImportError_ with every schema error and its line."""
    raw = {k: v for k, v in parsed.raw.items() if k != "__lines__"}
    try:
        return ImportedProblem.model_validate(raw)
    except ValidationError as e:
        lines = parsed.raw.get("__lines__", {})
        errors = []
        for err in e.errors():
            loc = tuple(str(p) for p in err["loc"])
            where = _line_for(loc, lines)
            path = ".".join(loc) or "the file"
            errors.append(f"{f'line {where}: ' if where else ''}{path}: {err['msg']}")
        raise ImportError_(errors) from None


# ---- YAML ----------------------------------------------------------------------------------

def _yaml(text: str) -> Parsed:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ImportError_([f"{where}not valid YAML ({getattr(e, 'problem', None) or e})"]) from None
    if not isinstance(raw, dict):
        raise ImportError_(["line 1: a problem file is a mapping (id:, title:, statement: ...)"])
    lines: dict[tuple[str, ...], int] = {}
    _node_lines(node, (), lines)
    raw["__lines__"] = lines
    return Parsed(raw)


def _node_lines(node: yaml.Node | None, path: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    if node is None:
        return
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _node_lines(v, (*path, str(k.value)), out)
            out.setdefault((*path, str(k.value)), k.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _node_lines(v, (*path, str(i)), out)


def _line_for(loc: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> int | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


# ---- Markdown ------------------------------------------------------------------------------

SECTION = re.compile(r"^##\s+(.+?)\s*$")
FENCE = re.compile(r"^```\s*(\w*)\s*$")
KEY = re.compile(r"^(difficulty|topics|id|compare)\s*:\s*(.+)$", re.I)


def _markdown(text: str) -> Parsed:
    lines = text.splitlines()
    errors: list[str] = []
    raw: dict[str, Any] = {}
    where: dict[tuple[str, ...], int] = {}
    if not lines or not lines[0].startswith("# "):
        raise ImportError_(["line 1: a Markdown problem starts with '# Title'"])
    raw["title"] = lines[0][2:].strip()
    where[("title",)] = 1
    sections: dict[str, tuple[int, list[str]]] = {}
    written: dict[str, str] = {}  # a section's name as the author wrote it, for messages
    current, start, body = "statement", 2, []
    for n, line in enumerate(lines[1:], start=2):
        m = SECTION.match(line)
        if m and not _in_fence(body):
            sections[current] = (start, body)
            current, start, body = m.group(1).strip().lower(), n + 1, []
            written[current] = m.group(1).strip()
            continue
        body.append(line)
    sections[current] = (start, body)

    start, body = sections.pop("statement")
    statement = []
    for n, line in enumerate(body, start=start):
        m = KEY.match(line.strip())
        if m and not statement:
            key, value = m.group(1).lower(), m.group(2).strip()
            raw[key] = [t.strip() for t in value.split(",") if t.strip()] if key == "topics" else value.lower() \
                if key in ("difficulty", "compare") else value
            where[(key,)] = n
            continue
        statement.append(line)
    raw["statement"] = "\n".join(statement).strip()
    where[("statement",)] = start

    def take(*names: str) -> tuple[int, list[str]] | None:
        for name in names:
            if name in sections:
                return sections.pop(name)
        return None

    solution = take("solution", "reference", "reference solution")
    if solution is None:
        raise ImportError_(["a '## Solution' section with a ```python code block is required"])
    code, code_line = _code_block(*solution, errors)
    raw["solutions"] = {"optimal": {"python": code}}
    where[("solutions",)] = code_line
    brute = take("brute force", "brute")
    if brute:
        raw["solutions"]["brute"] = {"python": _code_block(*brute, errors)[0]}
    signature = _signature(code, code_line, errors)
    if signature:
        raw["signature"] = signature
    names = [p["name"] for p in (signature or {}).get("params", [])]
    kind = (signature or {}).get("kind", "function")

    ex = take("examples", "example")
    if ex is None:
        errors.append("an '## Examples' section with 'Input: ...' and 'Output: ...' lines is required")
    else:
        raw["examples"] = _cases(*ex, names, kind, errors, need_output=True)
        where[("examples",)] = ex[0]
    tests = take("tests", "more tests")
    if tests:
        raw["tests"] = [{"name": f"test {i + 1}", **c} for i, c in
                        enumerate(_cases(*tests, names, kind, errors, need_output=False))]
        where[("tests",)] = tests[0]
    cons = take("constraints")
    if cons:
        raw["constraints"] = [ln.strip()[2:].strip() for ln in cons[1] if ln.strip().startswith(("- ", "* "))]
    clar = take("clarifications", "questions")
    if clar:
        raw["clarifications"] = _clarifications(*clar, errors)
        where[("clarifications",)] = clar[0]
    hints = take("hints")
    if hints:
        items = _bullets(hints[1])
        if len(items) != 3:
            errors.append(f"line {hints[0]}: hints are three bullets: a nudge, a hint, and the reveal")
        else:
            raw["hints"] = dict(zip(("nudge", "hint", "reveal"), items))
    follow = take("follow-ups", "follow ups", "follow-up questions")
    if follow:
        raw["follow_ups"] = _bullets(follow[1])
    approaches = take("approaches")
    if approaches:
        raw["approaches"] = _approaches(*approaches, errors)
    perf = take("performance", "performance test")
    if perf:
        raw["perf"] = _perf(*perf, errors)
    for name, (n, _) in sections.items():
        errors.append(f"line {n - 1}: unknown section '## {written.get(name, name)}'")
    if errors:
        raise ImportError_(errors)
    raw["__lines__"] = where
    return Parsed(raw)


def _in_fence(body: list[str]) -> bool:
    return sum(1 for ln in body if FENCE.match(ln.strip())) % 2 == 1


def _code_block(start: int, body: list[str], errors: list[str]) -> tuple[str, int]:
    inside, code, first = False, [], start
    for n, line in enumerate(body, start=start):
        m = FENCE.match(line.strip())
        if m and not inside:
            inside, first = True, n + 1
            if m.group(1) and m.group(1).lower() not in ("python", "py", "python3"):
                errors.append(f"line {n}: the reference is Python (```python), not {m.group(1)}")
            continue
        if m and inside:
            return "\n".join(code) + "\n", first
        if inside:
            code.append(line)
    errors.append(f"line {start}: expected a ```python code block")
    return "", start


def _bullets(body: list[str]) -> list[str]:
    items: list[str] = []
    for line in body:
        s = line.strip()
        if s.startswith(("- ", "* ")):
            items.append(s[2:].strip())
        elif s and items:
            items[-1] += " " + s
    return items


def _clarifications(start: int, body: list[str], errors: list[str]) -> list[dict[str, Any]]:
    """`- Question? Answer.` ; `(held back)` marks a constraint the statement leaves out."""
    out = []
    for i, item in enumerate(_bullets(body)):
        held = "(held back)" in item.lower()
        item = re.sub(r"\(held back\)", "", item, flags=re.I).strip()
        q, mark, answer = item.partition("?")
        if not mark or not answer.strip():
            errors.append(f"line {start + i}: a clarification is '- Question? Answer.'")
            continue
        question = q.strip() + "?"
        out.append({"question": question, "answer": answer.strip(), "held_back": held,
                    "phrases": [_phrase(question)]})
    return out


def _phrase(question: str) -> str:
    words = re.findall(r"[a-z0-9']+", question.lower())
    return " ".join(words)


def _approaches(start: int, body: list[str], errors: list[str]) -> list[dict[str, Any]]:
    """`- name: O(time), O(space) [optimal] — key phrase, key phrase`"""
    out = []
    for i, item in enumerate(_bullets(body)):
        m = re.match(r"(.+?):\s*(O\([^)]*\))\s*(?:time)?\s*,\s*(O\([^)]*\))\s*(?:space)?\s*(\[optimal\])?\s*(?:[—-]\s*(.+))?$",
                     item, re.I)
        if not m:
            errors.append(f"line {start + i}: an approach is '- name: O(time), O(space) [optimal] — key phrase, ...'")
            continue
        phrases = [p.strip() for p in (m.group(5) or m.group(1)).split(",") if p.strip()]
        out.append({"name": m.group(1).strip(), "time": m.group(2), "space": m.group(3),
                    "optimal": bool(m.group(4)), "key_phrases": phrases})
    return out


def _perf(start: int, body: list[str], errors: list[str]) -> dict[str, Any]:
    limit = next((int(m.group(1)) for ln in body if (m := re.search(r"time limit:\s*(\d+)\s*ms", ln, re.I))), None)
    code, _ = _code_block(start, body, errors)
    if limit is None:
        errors.append(f"line {start}: a performance test says 'time limit: N ms'")
        limit = 1000
    return {"name": "large input", "time_limit_ms": limit, "generator": code}


def split_top_level(text: str) -> list[str]:
    """Split on commas outside brackets and quotes."""
    parts, depth, quote, cur = [], 0, None, []
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote and (len(cur) < 2 or cur[-2] != "\\"):
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def _value(text: str) -> Any:
    t = text.strip()
    try:
        return json.loads(t)
    except ValueError:
        pass
    try:  # Python literals (None, True, 'single quotes') as people paste them
        return ast.literal_eval(t)
    except (ValueError, SyntaxError):
        raise ValueError(f"not a value: {t[:40]}") from None


def _cases(start: int, body: list[str], names: list[str], kind: str, errors: list[str],
           need_output: bool) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for n, line in enumerate(body, start=start):
        s = line.strip().lstrip("-* ").strip()
        low = s.lower()
        if low.startswith("input:"):
            if current is not None:
                cases.append(current)
            current = {"__line__": n}
            try:
                current["args"] = _args(s[6:], names, kind)
            except ValueError as e:
                errors.append(f"line {n}: {e}")
                current["args"] = []
        elif low.startswith("output:") and current is not None:
            try:
                current["expected"] = _value(s[7:])
            except ValueError as e:
                errors.append(f"line {n}: {e}")
        elif low.startswith("explanation:") and current is not None:
            current["explanation"] = s[12:].strip()
    if current is not None:
        cases.append(current)
    for c in cases:
        line = c.pop("__line__")
        if "expected" not in c:
            if need_output:
                errors.append(f"line {line}: an example needs an 'Output:' line")
            c["expected"] = NO_EXPECTED
        if not need_output:
            c.pop("explanation", None)
    return cases


def _args(text: str, names: list[str], kind: str) -> list[Any]:
    parts = split_top_level(text)
    if kind == "design":
        if len(parts) != 2:
            raise ValueError('a design example is Input: ["Class", "method", ...], [[args], [args], ...]')
        return [_value(p) for p in parts]
    values: dict[str, Any] = {}
    positional: list[Any] = []
    for p in parts:
        m = re.match(r"^([A-Za-z_]\w*)\s*=\s*(.+)$", p, re.S)
        if m and (not names or m.group(1) in names):
            values[m.group(1)] = _value(m.group(2))
        else:
            positional.append(_value(p))
    if values and names:
        missing = [n for n in names if n not in values]
        if missing:
            raise ValueError(f"no value for {', '.join(missing)}")
        return [values[n] for n in names]
    if names and len(positional) != len(names):
        raise ValueError(f"{len(positional)} values for {len(names)} parameters ({', '.join(names)})")
    return positional


# ---- the signature, from the reference's own annotations -------------------------------------

_TYPES = {
    "int": "int", "float": "float", "bool": "bool", "str": "str", "None": "void",
    "List[int]": "int[]", "List[List[int]]": "int[][]", "List[str]": "str[]", "List[List[str]]": "str[][]",
    "List[float]": "float[]", "List[bool]": "bool[]",
    "ListNode": "list_node", "Optional[ListNode]": "list_node", "List[Optional[ListNode]]": "list_node[]",
    "List[ListNode]": "list_node[]", "TreeNode": "tree", "Optional[TreeNode]": "tree", "Node": "graph",
    "Optional[Node]": "graph",
}


def _type(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    text = ast.unparse(node).replace("list[", "List[").replace("'", "").replace('"', "")
    text = re.sub(r"\s+", "", text).replace("Optional[", "Optional[")
    return _TYPES.get(text)


def _signature(code: str, line: int, errors: list[str]) -> dict[str, Any] | None:
    try:
        tree = ast.parse(code)
    except SyntaxError as e:
        errors.append(f"line {line + (e.lineno or 1) - 1}: the solution does not parse: {e.msg}")
        return None
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    if not classes:
        errors.append(f"line {line}: the solution is a class (`class Solution:` with the method, "
                      "or the design class itself)")
        return None
    cls = next((c for c in classes if c.name == "Solution"), classes[-1])
    methods = [f for f in cls.body if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")]
    if cls.name != "Solution":
        return {"kind": Kind.design.value, "entry": cls.name}
    if not methods:
        errors.append(f"line {line + cls.lineno - 1}: class Solution has no method")
        return None
    fn = methods[0]
    params = []
    for a in fn.args.args[1:]:
        t = _type(a.annotation)
        if t is None:
            errors.append(f"line {line + fn.lineno - 1}: parameter {a.arg} needs a type annotation the judge "
                          f"knows ({', '.join(sorted(_TYPES))})")
            t = "any"
        params.append({"name": a.arg, "type": t})
    returns = _type(fn.returns) or ("void" if fn.returns is None else None)
    if returns is None:
        errors.append(f"line {line + fn.lineno - 1}: the return annotation {ast.unparse(fn.returns)!r} "
                      "is not a type the judge knows")
        returns = "any"
    sig: dict[str, Any] = {"kind": "function", "entry": fn.name, "params": params, "returns": returns}
    if returns == "void" and params:
        sig["output_arg"] = 0  # "modify nums in-place": the first argument is the answer
    return sig


# ---- defaults, so an outside problem works like a bank problem -------------------------------

GENERIC_HINTS = {
    "nudge": "Work through the first example by hand. What do you find yourself keeping track of?",
    "hint": "Which data structure would let you look up what you need in constant time?",
    "reveal": "Compare your approach with the reference solution's idea, step by step.",
}


def _complete(parsed: Parsed) -> None:
    raw = parsed.raw
    title = str(raw.get("title", "")).strip()
    raw.setdefault("id", re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"))
    raw.setdefault("difficulty", "medium")
    raw.setdefault("topics", ["imported"])
    sig = raw.get("signature") or {}
    code = (raw.get("solutions") or {}).get("optimal", {}).get("python", "")
    if isinstance(raw.get("starter"), dict):
        starter = raw["starter"]
    else:
        starter = raw["starter"] = {}
    if code and "python" not in starter:
        starter["python"] = python_starter(code)
    if sig and "javascript" not in starter:
        starter["javascript"] = javascript_starter(sig, code)
    for sol in ("optimal", "brute"):
        s = (raw.get("solutions") or {}).get(sol)
        if isinstance(s, dict):
            s.setdefault("javascript", "")  # no JavaScript reference: python is the reference
    if "hints" not in raw:
        raw["hints"] = GENERIC_HINTS
        parsed.warnings.append("no hints given: the interviewer uses generic ones")
    if "approaches" not in raw:
        raw["approaches"] = [{"name": "the reference solution's approach", "key_phrases": [title.lower() or "it"],
                              "time": "unknown", "space": "unknown", "optimal": True}]
        parsed.warnings.append("no approaches given: the interviewer cannot recognise approaches by name "
                               "or check a complexity claim")
    raw.setdefault("follow_ups", ["How would you test this more thoroughly?"])
    if not raw.get("clarifications"):
        parsed.warnings.append("no clarifications given: every question will be 'your call'")
    if "tests" not in raw:
        raw["tests"] = []
    if len(raw.get("tests", [])) + len(raw.get("examples", []) or []) < 5:
        parsed.warnings.append("fewer than 5 tests: a wrong solution may pass")
    if "id" in raw and not ID.match(str(raw["id"])):
        raise ImportError_([f"id {raw['id']!r} must be kebab-case (two-sum)"])


def python_starter(code: str) -> str:
    """The reference's signature with empty bodies."""
    tree = ast.parse(code)
    out = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        out.append(f"class {cls.name}:")
        for fn in (f for f in cls.body if isinstance(f, ast.FunctionDef)):
            fn.body = [ast.Pass()]
            fn.decorator_list = []
            out.append("    " + ast.unparse(fn).replace("\n", "\n    ") + "\n")
    return "\n".join(out).rstrip() + "\n"


def javascript_starter(sig: dict[str, Any], code: str) -> str:
    if sig.get("kind") == Kind.design.value:
        tree = ast.parse(code)
        cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == sig["entry"])
        parts = []
        for fn in (f for f in cls.body if isinstance(f, ast.FunctionDef)):
            args = ", ".join(a.arg for a in fn.args.args[1:])
            if fn.name == "__init__":
                parts.insert(0, f"var {cls.name} = function({args}) {{\n\n}};\n")
            elif not fn.name.startswith("_"):
                parts.append(f"{cls.name}.prototype.{fn.name} = function({args}) {{\n\n}};\n")
        return "\n".join(parts)
    args = ", ".join(p["name"] for p in sig.get("params", []))
    return f"var {sig['entry']} = function({args}) {{\n\n}};\n"


def to_yaml(problem: Problem) -> str:
    data = problem.model_dump(mode="json", exclude_none=True, exclude={"imported"})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def imported_dir(data_dir: Path) -> Path:
    return data_dir / "problems"
