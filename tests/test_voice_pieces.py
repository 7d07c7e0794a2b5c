"""Voice pieces that need no audio: the sentence chunker (turn-taking: test_turn_taking.py)."""

from __future__ import annotations

import pytest

from viva.voice.chunker import SentenceChunker, speakable_code


def test_the_chunker_emits_sentences_as_soon_as_they_are_complete():
    c = SentenceChunker()
    assert c.aggregate("Your solution passes 18 of 20 tests") == []
    assert c.aggregate(". The failing") == ["Your solution passes 18 of 20 tests."]
    # A space after the period is enough: a stream that pauses there must not hold the sentence.
    assert c.aggregate(" cases involve empty arrays.") == []
    assert c.aggregate(" ") == ["The failing cases involve empty arrays."]
    assert c.aggregate("Does it") == []
    assert c.flush() == ["Does it"]


def test_the_chunker_handles_abbreviations_numbers_and_code():
    c = SentenceChunker()
    out = c.aggregate("Try e.g. a hash map. It costs 3.5 ms on nums[i] and O(n^2) time. ") + c.flush()
    assert out == ["Try e.g. a hash map.", "It costs 3.5 ms on nums at i and O of n squared time."]
    c.reset()
    out = c.aggregate("Here is the idea:\n```python\nfor i in range(n):\n    pass\n```\nThen return it. ") + c.flush()
    assert all("range(" not in s and "```" not in s for s in out)
    assert out[-1] == "Then return it."


def test_lists_are_spoken_item_by_item():
    c = SentenceChunker()
    out = c.aggregate("Edge cases:\n1. empty input\n2. one element\n3. duplicates\n") + c.flush()
    assert len(out) >= 3 and any("empty input" in s for s in out)


def test_speakable_code_names_symbols_in_words():
    assert speakable_code("if nums[i] == target") == "if nums at i equals target"
    assert speakable_code("`left <= right`") == "left at most right"


def test_a_sentence_before_a_code_block_is_spoken_on_its_own():
    c = SentenceChunker()
    out = c.aggregate("First this. Then look:\n```js\nlet x = 1;\n```\nDone now. ") + c.flush()
    assert out[0] == "First this." and out[-1] == "Done now."
    assert not any("let x" in s for s in out)
