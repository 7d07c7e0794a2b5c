"""Solutions written the way people write them on LeetCode run here too: the JavaScript queue and
heap globals in each of the API generations LeetCode has shipped, lodash, the Python pre-imports
with sortedcontainers, and a codec judged only by its round trip. Every program runs in the real
sandbox, with the hidden tests and the performance test."""

from __future__ import annotations

import pytest

from tests.judging import judged

# ---- JavaScript: @datastructures-js queues and heaps, lodash ---------------------------------------

K_CLOSEST_V6_KEY = """
var kClosest = function(points, k) {
  // v6: a key function; dequeue() gives the point itself
  const far = new MaxPriorityQueue((p) => p[0] * p[0] + p[1] * p[1]);
  for (const p of points) {
    far.enqueue(p);
    if (far.size() > k) far.dequeue();
  }
  return far.toArray();
};
"""

K_CLOSEST_V4_EXPLICIT_PRIORITY = """
var kClosest = function(points, k) {
  // v4/v5: enqueue(element, priority); items come back as {priority, element}
  const pq = new MinPriorityQueue();
  for (const [x, y] of points) pq.enqueue([x, y], x * x + y * y);
  const out = [];
  while (out.length < k) out.push(pq.dequeue().element);
  return out;
};
"""

MERGE_K_V5_PRIORITY_OPTION = """
var mergeKLists = function(lists) {
  // v5: { priority } in the constructor; front()/dequeue() give {priority, element}
  const heap = new MinPriorityQueue({ priority: (node) => node.val });
  for (const head of lists) if (head) heap.enqueue(head);
  const dummy = new ListNode(0);
  let tail = dummy;
  while (!heap.isEmpty()) {
    const { element } = heap.dequeue();
    tail.next = element;
    tail = element;
    if (element.next) heap.enqueue(element.next);
  }
  return dummy.next;
};
"""

MEDIAN_V6_COMPARATOR = """
var MedianFinder = function() {
  this.low = new PriorityQueue((a, b) => b - a);   // v6: a comparator
  this.high = new PriorityQueue((a, b) => a - b);
};
MedianFinder.prototype.addNum = function(num) {
  this.low.enqueue(num);
  this.high.enqueue(this.low.dequeue());
  if (this.high.size() > this.low.size()) this.low.enqueue(this.high.dequeue());
};
MedianFinder.prototype.findMedian = function() {
  if (this.low.size() > this.high.size()) return this.low.front();
  return (this.low.front() + this.high.front()) / 2;
};
"""

MEDIAN_V5_COMPARE_OPTION = """
class MedianFinder {
  constructor() {
    this.low = new MaxPriorityQueue({ compare: (a, b) => b - a });  // v5.3: { compare }
    this.high = new MinPriorityQueue({ compare: (a, b) => a - b });
  }
  addNum(num) {
    this.low.enqueue(num);
    this.high.enqueue(this.low.dequeue());
    if (this.high.size() > this.low.size()) this.low.enqueue(this.high.dequeue());
  }
  findMedian() {
    return this.low.size() > this.high.size() ? this.low.front() : (this.low.front() + this.high.front()) / 2;
  }
}
"""

ROTTING_WITH_QUEUE = """
var orangesRotting = function(grid) {
  const q = new Queue();
  let fresh = 0;
  grid.forEach((row, r) => row.forEach((v, c) => {
    if (v === 2) q.enqueue([r, c, 0]);
    if (v === 1) fresh++;
  }));
  let minutes = 0;
  while (!q.isEmpty()) {
    const [r, c, t] = q.dequeue();
    minutes = Math.max(minutes, t);
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nr = r + dr, nc = c + dc;
      if (grid[nr] && grid[nr][nc] === 1) {
        grid[nr][nc] = 2;
        fresh--;
        q.enqueue([nr, nc, t + 1]);
      }
    }
  }
  return fresh === 0 ? minutes : -1;
};
"""

ANAGRAM_WITH_LODASH = """
var isAnagram = function(s, t) {
  return _.isEqual(_.countBy(s), _.countBy(t));
};
"""

TASKS_WITH_OWN_QUEUE_CLASS = """
// The candidate's own Queue replaces the global one.
class Queue {
  constructor() { this.items = []; }
  push(x) { this.items.push(x); }
  get length() { return this.items.length; }
}
var leastInterval = function(tasks, n) {
  const counts = _.values(_.countBy(tasks));
  const most = Math.max(...counts);
  const tied = new Queue();
  for (const c of counts) if (c === most) tied.push(c);
  return Math.max(tasks.length, (most - 1) * (n + 1) + tied.length);
};
"""

JS_CASES = [
    ("k-closest-points-to-origin", K_CLOSEST_V6_KEY),
    ("k-closest-points-to-origin", K_CLOSEST_V4_EXPLICIT_PRIORITY),
    ("merge-k-sorted-lists", MERGE_K_V5_PRIORITY_OPTION),
    ("find-median-from-data-stream", MEDIAN_V6_COMPARATOR),
    ("find-median-from-data-stream", MEDIAN_V5_COMPARE_OPTION),
    ("rotting-oranges", ROTTING_WITH_QUEUE),
    ("valid-anagram", ANAGRAM_WITH_LODASH),
    ("task-scheduler", TASKS_WITH_OWN_QUEUE_CLASS),
]


@pytest.mark.parametrize("problem_id,code", JS_CASES,
                         ids=["v6-key", "v4-explicit-priority", "v5-priority-option", "v6-comparator",
                              "v5-compare-option", "queue", "lodash", "own-queue-class"])
def test_javascript_solutions_using_leetcode_globals_are_accepted(problem_id, code):
    result = judged(problem_id, code, "javascript")
    assert result["verdict"] == "accepted", result["first_error"] or result["message"]


def test_a_wrong_heap_solution_is_still_wrong():
    # Same globals, but keeps the k farthest: the library must really order by the key.
    wrong = K_CLOSEST_V6_KEY.replace("MaxPriorityQueue", "MinPriorityQueue")
    assert judged("k-closest-points-to-origin", wrong, "javascript")["verdict"] == "wrong_answer"


# ---- Python: LeetCode's pre-imports ----------------------------------------------------------------

MEDIAN_WITH_SORTEDLIST = """
class MedianFinder:
    def __init__(self):
        self.values = SortedList()

    def addNum(self, num: int) -> None:
        self.values.add(num)

    def findMedian(self) -> float:
        n = len(self.values)
        return self.values[n // 2] if n % 2 else (self.values[n // 2 - 1] + self.values[n // 2]) / 2
"""

LADDER_WITH_STRING_AND_DEQUE = """
class Solution:
    def ladderLength(self, beginWord: str, endWord: str, wordList: List[str]) -> int:
        words = set(wordList)
        if endWord not in words:
            return 0
        queue = deque([(beginWord, 1)])
        seen = {beginWord}
        while queue:
            word, steps = queue.popleft()
            if word == endWord:
                return steps
            for i in range(len(word)):
                for ch in ascii_lowercase:
                    nxt = word[:i] + ch + word[i + 1:]
                    if nxt in words and nxt not in seen:
                        seen.add(nxt)
                        queue.append((nxt, steps + 1))
        return 0
"""

ANAGRAM_WITH_MODULES = """
class Solution:
    def isAnagram(self, s: str, t: str) -> bool:
        clean = lambda w: re.sub(r"\\s", "", w)
        return collections.Counter(clean(s)) == Counter(clean(t)) and len(s) == len(t)
"""


@pytest.mark.parametrize("problem_id,code", [
    ("find-median-from-data-stream", MEDIAN_WITH_SORTEDLIST),
    ("word-ladder", LADDER_WITH_STRING_AND_DEQUE),
    ("valid-anagram", ANAGRAM_WITH_MODULES),
], ids=["sortedcontainers", "string-and-deque", "modules-by-name"])
def test_python_solutions_using_leetcode_pre_imports_are_accepted(problem_id, code):
    result = judged(problem_id, code, "python")
    assert result["verdict"] == "accepted", result["first_error"] or result["message"]


def test_pow_keeps_its_three_argument_form():
    # Star-importing the wrong module would shadow builtins (operator.pow takes two arguments).
    code = "class Solution:\n    def isAnagram(self, s, t):\n        return pow(3, 2, 5) == 4 and sorted(s) == sorted(t)\n"
    assert judged("valid-anagram", code, "python")["verdict"] == "accepted"


# ---- codecs: only the round trip counts ---------------------------------------------------------

CODEC_LIST_PY = """
class Codec:
    def serialize(self, root):
        # level order as a list, like LeetCode's own notation
        out, queue = [], deque([root])
        while queue:
            node = queue.popleft()
            out.append(node.val if node else None)
            if node:
                queue.extend([node.left, node.right])
        return out

    def deserialize(self, data):
        if not data or data[0] is None:
            return None
        nodes = [TreeNode(v) if v is not None else None for v in data]
        kids = iter(nodes[1:])
        for node in nodes:
            if node:
                node.left, node.right = next(kids, None), next(kids, None)
        return nodes[0]
"""

CODEC_ARRAY_JS = """
var serialize = function(root) {
  const out = [];
  (function walk(node) {
    if (!node) { out.push(null); return; }
    out.push(node.val);
    walk(node.left);
    walk(node.right);
  })(root);
  return out;
};
var deserialize = function(data) {
  let i = 0;
  return (function build() {
    const v = data[i++];
    if (v === null || v === undefined) return null;
    const node = new TreeNode(v);
    node.left = build();
    node.right = build();
    return node;
  })();
};
"""


@pytest.mark.parametrize("language,code", [("python", CODEC_LIST_PY), ("javascript", CODEC_ARRAY_JS)])
def test_a_codec_may_serialize_to_a_list(language, code):
    result = judged("serialize-and-deserialize-binary-tree", code, language)
    assert result["verdict"] == "accepted", result["first_error"] or result["message"]


def test_a_codec_whose_data_cannot_leave_the_machine_is_told_why():
    code = """
class Codec:
    def serialize(self, root):
        return {"tree": root}
    def deserialize(self, data):
        return data["tree"]
"""
    result = judged("serialize-and-deserialize-binary-tree", code, "python")
    assert result["verdict"] == "wrong_answer"
    assert "cannot be sent anywhere" in (result["first_error"]["message"] or "")
