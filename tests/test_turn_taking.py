"""Turn-taking fed cue sequences on a made-up clock: no audio, no sleeps, only the actions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viva.voice.turns import (
    DUCK_GAIN, HOLD_ENDPOINT_S, LONG_OVERLAP_S, TABLE, Act, AgentDone, AgentStarted, Coding, Final, Floor, Keyword,
    Offset, Onset, Partial, Progress, Tick, TurnTaking, is_backchannel, trailing,
)


def acts(actions) -> list[str]:
    return [a.act.value for a in actions]


def run(m: TurnTaking, *cues) -> list[str]:
    out: list[str] = []
    for c in cues:
        out += acts(m.feed(c))
    return out


# ---- endpointing by what was said ---------------------------------------------------------------

def test_a_complete_question_in_discussion_is_answered_at_the_offset():
    m = TurnTaking()
    assert run(m, Onset(0.0), Partial(0.6, "is the input sorted", asks=True)) == []
    assert run(m, Offset(1.16, last_voiced_at=1.0)) == ["commit"]


@pytest.mark.parametrize("phase_working", [True, False])
def test_a_question_while_coding_is_answered_as_fast_as_in_discussion(phase_working):
    m = TurnTaking()
    m.feed(Coding(0.0, phase_working))
    run(m, Onset(0.0), Partial(0.8, "what should i return if no pair adds up", asks=True))
    assert run(m, Offset(1.16, last_voiced_at=1.0)) == ["commit"]


def test_thinking_aloud_while_coding_waits_for_the_long_endpoint():
    m = TurnTaking()
    m.feed(Coding(0.0, True))
    run(m, Onset(0.0), Partial(0.8, "okay now i loop over the array and keep the best"))
    assert run(m, Offset(1.16, last_voiced_at=1.0)) == []
    assert run(m, Tick(1.9)) == []
    assert run(m, Tick(2.25)) == ["commit"]


def test_the_same_statement_in_discussion_ends_sooner_than_while_coding():
    m = TurnTaking()
    run(m, Onset(0.0), Partial(0.8, "okay i would loop over the array and keep the best"))
    # A pause of 0.6 s mid-sentence is not the end; 0.7 s of quiet after a statement is.
    assert run(m, Offset(1.16, last_voiced_at=1.0)) + run(m, Tick(1.6)) == []
    assert run(m, Tick(1.7)) == ["commit"]


@pytest.mark.parametrize("text", ["i would sort it first and", "then i keep a pointer so", "my idea is um",
                                  "i think the answer is"])
def test_a_trailing_word_holds_the_turn_in_discussion_too(text):
    m = TurnTaking()
    run(m, Onset(0.0), Partial(0.8, text), Offset(1.16, last_voiced_at=1.0))
    assert run(m, Tick(1.0 + HOLD_ENDPOINT_S - 0.05)) == []
    # They go on: the same utterance continues, nothing was committed.
    assert run(m, Onset(2.3)) == [] and m.floor == Floor.hearing


def test_a_late_partial_that_shows_a_question_commits_at_once():
    m = TurnTaking()
    m.feed(Coding(0.0, True))
    run(m, Onset(0.0), Offset(1.16, last_voiced_at=1.0))  # the recognizer is behind: no text yet
    assert run(m, Partial(1.3, "could you repeat the last part please", asks=True)) == ["commit"]


def test_a_final_in_the_open_goes_to_the_brain_and_a_lone_wait_does_not():
    assert run(TurnTaking(), Final(1.0, "is it sorted")) == ["reply"]
    assert run(TurnTaking(), Final(1.0, "wait")) == ["show"]
    assert run(TurnTaking(), Final(1.0, "")) == []


# ---- talking over the interviewer ---------------------------------------------------------------

def test_a_backchannel_ducks_the_voice_and_never_stops_it():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"))
    out = m.feed(Onset(1.0))
    assert acts(out) == ["duck", "spot_on"] and out[0].gain == DUCK_GAIN
    assert run(m, Partial(1.2, "mm hm"), Offset(1.5, last_voiced_at=1.35)) == ["commit"]
    out = run(m, Final(1.6, "mm hm", onset_at=1.0, last_voiced_at=1.35))
    assert out == ["unduck", "spot_off", "show"]
    assert m.floor == Floor.speaking
    assert not any(a in ("pause", "interrupt") for a in out)


def test_a_cough_with_no_words_comes_back_to_full_volume():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0), Offset(1.4, last_voiced_at=1.2))
    assert run(m, Final(1.5, "", onset_at=1.0, last_voiced_at=1.2)) == ["unduck", "spot_off"]


def test_no_final_at_all_still_brings_the_voice_back():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0), Offset(1.4, last_voiced_at=1.2))
    assert run(m, Tick(1.5)) == []
    assert run(m, Tick(3.0)) == ["unduck", "spot_off"]


@pytest.mark.parametrize("text", ["wait a second", "sorry can i ask something", "hold on"])
def test_a_stop_word_over_the_interviewer_stops_it(text):
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    assert run(m, Partial(1.3, text)) == ["interrupt", "spot_off"]
    assert m.floor == Floor.hearing


def test_a_question_over_the_interviewer_stops_it_on_the_first_words_that_show_it():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    assert run(m, Partial(1.3, "can the", asks=True)) == []  # two words: too early to tell
    assert run(m, Partial(1.45, "can the array be", asks=True)) == ["interrupt", "spot_off"]
    # Their utterance then ends like any other and is answered.
    assert run(m, Offset(2.4, last_voiced_at=2.24)) == ["commit"]
    assert run(m, Final(2.7, "can the array be empty", asks=True)) == ["reply"]


def test_talk_that_took_the_turn_is_answered_however_little_the_final_makes_of_it():
    # In noise the partials showed words ("the node you take") and stopped the voice; the final
    # came out as two words. It took the turn, so it is answered, not shown as a backchannel.
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    assert run(m, Partial(2.1, "the node you take", voiced_until=2.0)) == ["interrupt", "spot_off"]
    run(m, Offset(2.6, last_voiced_at=2.45))
    assert run(m, Final(2.8, "the negative", onset_at=1.0, last_voiced_at=2.45)) == ["reply"]


def test_long_talk_over_the_interviewer_takes_the_turn_even_unrecognised():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    assert run(m, Tick(1.0 + LONG_OVERLAP_S - 0.1)) == []
    assert run(m, Tick(1.0 + LONG_OVERLAP_S)) == ["interrupt", "spot_off"]


def test_a_keyword_from_the_spotter_stops_the_voice():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    assert run(m, Keyword(1.2, "stop")) == ["interrupt", "spot_off"]


def test_words_in_a_short_final_over_the_voice_that_ask_something_take_the_turn():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0), Offset(1.7, last_voiced_at=1.55))
    out = run(m, Final(1.8, "is it sorted", asks=True, onset_at=1.0, last_voiced_at=1.55))
    assert out == ["interrupt", "spot_off", "reply"]


def test_a_reply_ready_while_they_still_talk_waits_then_yields_to_words():
    m = TurnTaking()
    run(m, Onset(0.0))
    assert run(m, AgentStarted(0.5, "t1")) == ["pause", "spot_on"]
    assert run(m, Offset(1.4, last_voiced_at=1.2)) == ["commit"]
    assert run(m, Final(1.5, "and it could also be negative right", onset_at=0.0, last_voiced_at=1.2)) == [
        "interrupt", "spot_off", "reply"]


def test_a_reply_ready_during_a_backchannel_resumes():
    m = TurnTaking()
    run(m, Onset(0.0), AgentStarted(0.2, "t1"), Offset(0.6, last_voiced_at=0.4))
    assert run(m, Final(0.7, "yeah", onset_at=0.0, last_voiced_at=0.4)) == ["resume", "spot_off", "show"]
    assert m.floor == Floor.speaking


def test_the_interviewer_finishing_opens_the_floor():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"))
    assert run(m, AgentDone(2.0)) == ["spot_off"] and m.floor == Floor.open


# ---- the table, whole ----------------------------------------------------------------------------

SAMPLES = {
    Onset: Onset(10.0), Offset: Offset(10.2, last_voiced_at=10.0), Partial: Partial(10.1, "mm"),
    Final: Final(10.3, "mm", onset_at=9.9, last_voiced_at=10.0), Keyword: Keyword(10.1, "wait"),
    AgentStarted: AgentStarted(10.0, "t"), AgentDone: AgentDone(10.0), Tick: Tick(10.0),
}


@pytest.mark.parametrize("start,cue", list(TABLE), ids=[f"{s.value}-{c.__name__}" for s, c in TABLE])
def test_each_transition_goes_where_the_table_says(start, cue):
    m = TurnTaking(floor=start, onset_at=9.5, voiced_until=9.9, offset_seen_at=9.8, deadline=11.0)
    m.feed(SAMPLES[cue])
    assert m.floor in TABLE[(start, cue)]


CUES = st.one_of(
    st.builds(Onset, st.floats(0, 100)),
    st.builds(Offset, st.floats(0, 100), st.floats(0, 100)),
    st.builds(Partial, st.floats(0, 100), st.sampled_from(["", "mm", "wait", "is it sorted", "so and"]), st.booleans()),
    st.builds(Final, st.floats(0, 100), st.sampled_from(["", "yeah", "stop", "can it be empty"]), st.booleans(),
              st.floats(0, 100), st.floats(0, 100)),
    st.builds(Keyword, st.floats(0, 100), st.just("wait")),
    st.builds(AgentStarted, st.floats(0, 100), st.just("t")),
    st.builds(AgentDone, st.floats(0, 100)),
    st.builds(Tick, st.floats(0, 100)),
    st.builds(Coding, st.floats(0, 100), st.booleans()),
    st.builds(Progress, st.floats(0, 100), st.one_of(st.none(), st.floats(0, 5))),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CUES, max_size=40))
def test_any_cue_sequence_keeps_the_machine_consistent(cues):
    m = TurnTaking()
    for c in cues:
        out = acts(m.feed(c))
        assert m.floor in Floor
        # Ducking and pausing only ever happen to a voice that is playing.
        if "duck" in out:
            assert m.floor == Floor.overlap
        if "pause" in out:
            assert m.floor == Floor.held
        if m.floor == Floor.endpointing:
            assert m.deadline is not None


@pytest.mark.parametrize("words,expected", [
    ("mm-hm", True), ("yeah", True), ("okay", True), ("right", True), ("", True), ("uh huh", True),
    ("makes sense", True), ("wait", False), ("hold on", False), ("can you repeat that", False),
    ("i think it's n squared", False),
])
def test_backchannels_are_told_apart_from_real_words(words, expected):
    assert is_backchannel(words) is expected


@pytest.mark.parametrize("text,expected", [("so", True), ("i sort it and", True), ("um", True),
                                           ("i sort it", False), ("is it sorted", False)])
def test_trailing_words(text, expected):
    assert trailing(text) is expected


def test_a_recognizer_running_behind_does_not_turn_a_backchannel_into_a_speech():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    # The partial arrives 1.5 s late (a loaded machine), but the audio behind it lasted 0.4 s.
    assert run(m, Partial(2.5, "i am home", voiced_until=1.4)) == []
    assert m.floor == Floor.overlap


@pytest.mark.parametrize("heard", ["then m h n", "the t", "m h m", "and the"])
def test_what_a_recognizer_makes_of_mm_hm_is_not_words(heard):
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    assert run(m, Partial(2.2, heard, voiced_until=2.1)) == []
    run(m, Offset(2.3, last_voiced_at=2.1))
    assert run(m, Final(2.4, heard, onset_at=1.0, last_voiced_at=2.1)) == ["unduck", "spot_off", "show"]


def test_two_misheard_words_in_a_backchannel_are_not_an_interruption():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0), Offset(2.3, last_voiced_at=2.1))
    assert run(m, Final(2.4, "the tree", onset_at=1.0, last_voiced_at=2.1)) == ["unduck", "spot_off", "show"]


def test_a_statement_over_the_interviewer_takes_the_turn_once_it_runs_on():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0))
    assert run(m, Partial(1.6, "i think it is", voiced_until=1.6)) == []
    assert run(m, Partial(2.1, "i think it is n squared", voiced_until=2.05)) == ["interrupt", "spot_off"]


@pytest.mark.parametrize("ended_by", ["agent_done", "no_final_in_time"])
def test_a_backchannel_whose_final_comes_late_is_still_not_answered(ended_by):
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Onset(1.0), Offset(1.4, last_voiced_at=1.25))
    if ended_by == "agent_done":
        run(m, AgentDone(1.6))
    else:
        run(m, Tick(3.0))
    assert run(m, Final(3.5, "then m h m", onset_at=1.0, last_voiced_at=1.25)) == ["show"]
    # A question of theirs that began over the voice and arrives late is still answered.
    run(m, AgentStarted(4.0, "t2"), Onset(5.0), Offset(6.6, last_voiced_at=6.4))
    run(m, AgentDone(6.5))
    assert run(m, Final(7.5, "can the array be empty", asks=True, onset_at=5.0, last_voiced_at=6.4)) == ["reply"]


def test_answering_as_the_last_word_plays_is_not_talking_over_it():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Progress(2.0, None), Progress(2.8, 0.2))
    assert run(m, Onset(2.85)) == [] and m.floor == Floor.hearing  # no duck: it is their turn
    run(m, AgentDone(3.05))
    assert run(m, Partial(3.5, "i would use a hash map"), Offset(4.0, last_voiced_at=3.84), Tick(4.6)) == ["commit"]
    assert run(m, Final(4.7, "i would use a hash map", onset_at=2.85, last_voiced_at=3.84)) == ["reply"]


def test_speech_early_in_a_turn_still_ducks_it():
    m = TurnTaking()
    run(m, AgentStarted(0.0, "t1"), Progress(1.0, None))
    assert acts(m.feed(Onset(1.1))) == ["duck", "spot_on"]
