"""The problem schema: what every file in `problems/data/` must hold, validated on load."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Language = Literal["python", "javascript", "typescript", "java", "cpp", "go"]
LANGUAGES: tuple[Language, ...] = ("python", "javascript", "typescript", "java", "cpp", "go")
# Every problem carries these in full (starter, optimal, brute force, wrong solutions). The others
# come from `problems/langs/<language>.yaml`: a starter for every problem, references for some.
CORE_LANGUAGES: tuple[Language, ...] = ("python", "javascript")

# Value types the harness knows how to build and encode. Anything else is plain JSON.
#   list_node        [1,2,3]                       <-> ListNode chain
#   list_node[]      [[1,4],[2,3]]                  <-> list of ListNode chains
#   list_node_cycle  [[3,2,0,-4], 1]  (values, pos) ->  ListNode chain whose tail links to index pos (-1: none)
#   tree             [3,9,20,null,null,15,7]        <-> TreeNode, level order, trailing nulls trimmed
#   tree_ref         5  (a value in the first tree argument) <-> that TreeNode; returned nodes encode as their val
#   graph            [[2,4],[1,3],[2,4],[1,3]]      <-> Node(val, neighbors), 1-indexed adjacency list
VALUE_TYPES = {
    "int", "float", "bool", "str", "int[]", "int[][]", "float[]", "str[]", "str[][]",
    "bool[]", "list_node", "list_node[]", "list_node_cycle", "tree", "tree_ref", "graph",
    "any", "void",
}


class Difficulty(str, Enum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


class Compare(str, Enum):
    exact = "exact"
    unordered = "unordered"  # top-level list order does not matter
    unordered_deep = "unordered_deep"  # neither outer nor inner list order matters
    float = "float"  # numbers within 1e-5
    checker = "checker"  # any valid answer: `check(args, actual, expected) -> bool` in `checker`


class Kind(str, Enum):
    function = "function"  # Solution().method(*args) / top-level JS function
    design = "design"  # operation sequence against a class (LRUCache, MinStack, ...)
    codec = "codec"  # Codec().deserialize(Codec().serialize(root))
    first_bad_version = "first_bad_version"  # harness provides isBadVersion and counts calls


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Param(Strict):
    name: str
    type: str

    @field_validator("type")
    @classmethod
    def known_type(cls, v: str) -> str:
        if v not in VALUE_TYPES:
            raise ValueError(f"unknown value type {v!r}; known: {sorted(VALUE_TYPES)}")
        return v


class Signature(Strict):
    kind: Kind = Kind.function
    # function: the method / function name (twoSum). design/codec: the class name (LRUCache, Codec).
    entry: str
    params: list[Param] = Field(default_factory=list)
    returns: str = "any"
    # In-place problems (Sort Colors): the index of the argument whose final value is the answer.
    output_arg: int | None = None

    @field_validator("returns")
    @classmethod
    def known_return(cls, v: str) -> str:
        if v not in VALUE_TYPES:
            raise ValueError(f"unknown return type {v!r}")
        return v


class Example(Strict):
    args: list[Any]
    expected: Any
    explanation: str | None = None


class Test(Strict):
    name: str
    args: list[Any]
    expected: Any
    # first_bad_version: the most isBadVersion calls an O(log n) answer may make.
    max_calls: int | None = None


class PerfTest(Strict):
    """One large input that separates the optimal complexity from brute force.

    `generator` is Python source defining `generate(rng) -> list` (the positional args; rng is a
    seeded random.Random), run on the
    host with a fixed seed; the expected answer comes from the Python optimal reference on the host.
    """

    name: str = "large input"
    generator: str
    time_limit_ms: int = Field(ge=50, le=3_000)  # the sandbox's 5 s wall must cover it


class Clarification(Strict):
    question: str
    answer: str
    phrases: list[str] = Field(min_length=1)
    # A constraint the statement leaves out on purpose (a vague variant): answered only when
    # asked, and asking it is credited under problem solving.
    held_back: bool = False


class Approach(Strict):
    name: str
    key_phrases: list[str] = Field(min_length=1)
    time: str
    space: str
    optimal: bool = False


class Hints(Strict):
    nudge: str
    hint: str
    reveal: str


class Code(Strict):
    python: str
    javascript: str
    typescript: str | None = None
    java: str | None = None
    cpp: str | None = None
    go: str | None = None

    def get(self, language: str) -> str | None:
        return getattr(self, language, None) if language in LANGUAGES else None


class Solutions(Strict):
    optimal: Code
    brute: Code | None = None
    wrong: list[Code] = Field(min_length=1)


class Problem(Strict):
    id: str
    title: str
    difficulty: Difficulty
    topics: list[str] = Field(min_length=1)
    statement: str
    constraints: list[str] = Field(default_factory=list)
    examples: list[Example] = Field(min_length=1)
    clarifications: list[Clarification] = Field(min_length=4)
    signature: Signature
    compare: Compare = Compare.exact
    checker: str | None = None
    starter: Code
    tests: list[Test] = Field(min_length=12)
    perf: PerfTest | None = None
    approaches: list[Approach] = Field(min_length=1)
    hints: Hints
    follow_ups: list[str] = Field(min_length=1)
    solutions: Solutions

    @model_validator(mode="after")
    def consistent(self) -> "Problem":
        if self.compare == Compare.checker and not self.checker:
            raise ValueError("compare: checker needs a `checker` function")
        if not any(a.optimal for a in self.approaches):
            raise ValueError("one approach must be marked optimal")
        if (self.perf is None) != (self.solutions.brute is None):
            raise ValueError("a perf test and a brute-force solution come together")
        names = [t.name for t in self.tests]
        if len(set(names)) != len(names):
            raise ValueError("test names must be unique")
        if self.signature.kind == Kind.function:
            n = len(self.signature.params)
            for t in [*self.examples, *self.tests]:
                if len(t.args) != n:
                    raise ValueError(f"{self.id}: a test has {len(t.args)} args, signature has {n}")
        return self

    @property
    def optimal_approach(self) -> Approach:
        return next(a for a in self.approaches if a.optimal)

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "difficulty": self.difficulty.value,
                "topics": self.topics}


def public_view(problem: Problem) -> dict[str, Any]:
    """What a candidate may see: no hidden tests, hints, approaches or solutions."""
    return {
        **problem.summary(),
        "statement": problem.statement,
        "constraints": problem.constraints,
        "examples": [e.model_dump() for e in problem.examples],
        "starter": problem.starter.model_dump(exclude_none=True),
        "signature": {"kind": problem.signature.kind.value, "entry": problem.signature.entry,
                      "params": [p.model_dump() for p in problem.signature.params]},
    }
