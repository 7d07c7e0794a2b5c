"""Voice pieces that need no audio: the barge-in state machine and the sentence chunker."""

from __future__ import annotations

import pytest

from viva.voice.bargein import TABLE, BargeIn, Cue, IllegalCue, Voice, is_backchannel
from viva.voice.chunker import SentenceChunker, speakable_code


@pytest.mark.parametrize("start,cue", list(TABLE), ids=[f"{s.value}-{c.value}" for s, c in TABLE])
def test_each_barge_in_transition(start, cue):
    machine = BargeIn(state=start)
    expected_state, expected_msg = TABLE[(start, cue)]
    assert machine.feed(cue) == expected_msg
    assert machine.state == expected_state


def test_speech_over_the_interviewer_pauses_then_backchannel_resumes_then_words_interrupt():
    m = BargeIn()
    assert m.feed(Cue.start) is None and m.may_send_audio
    assert m.feed(Cue.onset) == "agent_pause" and not m.may_send_audio
    assert m.feed(Cue.backchannel) == "agent_resume" and m.may_send_audio
    assert m.feed(Cue.onset) == "agent_pause"
    assert m.feed(Cue.words) == "agent_interrupt" and m.state == Voice.interrupted and not m.may_send_audio


def test_cues_outside_the_table_are_refused():
    with pytest.raises(IllegalCue):
        BargeIn().feed(Cue.onset)
    with pytest.raises(IllegalCue):
        BargeIn(state=Voice.interrupted).feed(Cue.backchannel)


@pytest.mark.parametrize("words,expected", [
    ("mm-hm", True), ("yeah", True), ("okay", True), ("right", True), ("", True), ("uh huh", True),
    ("wait", False), ("hold on", False), ("can you repeat that", False), ("i think it's n squared", False),
])
def test_backchannels_are_told_apart_from_real_words(words, expected):
    assert is_backchannel(words) is expected


def test_the_chunker_emits_sentences_as_soon_as_they_are_complete():
    c = SentenceChunker()
    assert c.aggregate("Your solution passes 18 of 20 tests") == []
    assert c.aggregate(". The failing") == ["Your solution passes 18 of 20 tests."]
    assert c.aggregate(" cases involve empty arrays. ") == []
    assert c.aggregate("Does it") == ["The failing cases involve empty arrays."]
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
