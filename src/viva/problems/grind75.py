"""The Grind 75 study plan's order (Yangshun Tay's default 8-week plan), for the candidate's progress.

Meeting Rooms, a premium problem in the plan, is not in the bank, so week 2 has 12 problems here.
"""

from __future__ import annotations

WEEK_SIZES = (13, 12, 8, 8, 8, 9, 7, 10)

ORDER: tuple[str, ...] = (
    # week 1
    "two-sum", "valid-parentheses", "merge-two-sorted-lists", "best-time-to-buy-and-sell-stock",
    "valid-palindrome", "invert-binary-tree", "valid-anagram", "binary-search", "flood-fill",
    "lowest-common-ancestor-of-a-binary-search-tree", "balanced-binary-tree", "linked-list-cycle",
    "implement-queue-using-stacks",
    # week 2
    "first-bad-version", "ransom-note", "climbing-stairs", "longest-palindrome", "reverse-linked-list",
    "majority-element", "add-binary", "diameter-of-binary-tree", "middle-of-the-linked-list",
    "maximum-depth-of-binary-tree", "contains-duplicate", "maximum-subarray",
    # week 3
    "insert-interval", "01-matrix", "k-closest-points-to-origin", "longest-substring-without-repeating-characters",
    "3sum", "binary-tree-level-order-traversal", "clone-graph", "evaluate-reverse-polish-notation",
    # week 4
    "course-schedule", "implement-trie-prefix-tree", "coin-change", "product-of-array-except-self", "min-stack",
    "validate-binary-search-tree", "number-of-islands", "rotting-oranges",
    # week 5
    "search-in-rotated-sorted-array", "combination-sum", "permutations", "merge-intervals",
    "lowest-common-ancestor-of-a-binary-tree", "time-based-key-value-store", "accounts-merge", "sort-colors",
    # week 6
    "word-break", "partition-equal-subset-sum", "string-to-integer-atoi", "spiral-matrix", "subsets",
    "binary-tree-right-side-view", "longest-palindromic-substring", "unique-paths",
    "construct-binary-tree-from-preorder-and-inorder-traversal",
    # week 7
    "container-with-most-water", "letter-combinations-of-a-phone-number", "word-search",
    "find-all-anagrams-in-a-string", "minimum-height-trees", "task-scheduler", "lru-cache",
    # week 8
    "kth-smallest-element-in-a-bst", "minimum-window-substring", "serialize-and-deserialize-binary-tree",
    "trapping-rain-water", "find-median-from-data-stream", "word-ladder", "basic-calculator",
    "maximum-profit-in-job-scheduling", "merge-k-sorted-lists", "largest-rectangle-in-histogram",
)


def week_of(problem_id: str) -> int:
    """1-8; ValueError for a problem outside the plan."""
    i = ORDER.index(problem_id)
    for week, size in enumerate(WEEK_SIZES, 1):
        if i < size:
            return week
        i -= size
    raise ValueError(problem_id)  # unreachable while WEEK_SIZES sums to len(ORDER)
