"""Complete text interviews through the real server: WebSocket, judge, store, and a test clock.

Each scripted candidate from `viva.sim.personas` is driven over the wire; the session's event
log, read back over HTTP, is then checked for what the interviewer did. The same scripts run
again with transcripts corrupted the way speech recognition corrupts them.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from viva.interview.phases import Phase
from viva.session import fold
from viva.problems import get_problem
from viva.sim.personas import PERSONAS
from tests.helpers import create_session, drain_intro, drive, hello, open_ws, recv, send, settle
from tests.servers import ServerProcess


def acts(events) -> list[str]:
    return [a for e in events if e.type == "agent_utterance" for a in e.acts]


def phases(events) -> list[str]:
    return [e.phase for e in events if e.type == "phase_changed"]


NOISES = [None, 4]


@pytest.mark.parametrize("noise", NOISES)
def test_strong_candidate_over_the_wire(clock_server, noise):
    p = get_problem("two-sum")
    events = drive(clock_server, p.id, PERSONAS["strong"](p), noise)
    assert phases(events) == ["clarify", "approach", "coding", "testing", "complexity", "follow_up", "wrap_up",
                              "ended"]
    runs = [e for e in events if e.type == "code_run"]
    assert runs and runs[-1].result.verdict == "accepted"  # judged for real, in the sandbox
    order = acts(events)
    assert order.index("ask_walkthrough") < order.index("follow_up")
    assert not [e for e in events if e.type == "hint_given"]
    assert [e.type for e in events if e.type == "session_ended"] == ["session_ended"]
    assert fold(events).phase == Phase.ended


@pytest.mark.parametrize("noise", NOISES)
def test_brute_force_candidate_gets_pushed_to_optimise_over_the_wire(clock_server, noise):
    p = get_problem("two-sum")
    order = acts(drive(clock_server, p.id, PERSONAS["brute_force"](p), noise))
    assert order.index("ack_brute") < order.index("ask_better") < order.index("approve_approach")


@pytest.mark.parametrize("noise", NOISES)
def test_stuck_candidate_climbs_the_ladder_on_the_test_clock(clock_server, noise):
    p = get_problem("two-sum")
    events = drive(clock_server, p.id, PERSONAS["stuck"](p), noise)
    hints = [e for e in events if e.type == "hint_given"]
    assert [h.level for h in hints] == ["nudge", "hint", "reveal"]
    assert all(b.ts - a.ts >= 60 for a, b in zip(hints, hints[1:]))


@pytest.mark.parametrize("noise", NOISES)
def test_give_me_the_answer_four_times_over_the_wire(clock_server, noise):
    p = get_problem("two-sum")
    events = drive(clock_server, p.id, PERSONAS["answer_beggar"](p), noise)
    assert [e.level for e in events if e.type == "hint_given"] == ["nudge", "hint", "reveal"]
    said = " ".join(e.text for e in events if e.type == "agent_utterance")
    assert "seen = {}" not in said and "return [seen" not in said


@pytest.mark.parametrize("noise", NOISES)
def test_injection_attempts_change_nothing_over_the_wire(clock_server, noise):
    p = get_problem("two-sum")
    events = drive(clock_server, p.id, PERSONAS["injector"](p), noise)
    assert acts(events).count("refuse_steering") == 3
    assert phases(events) == ["clarify"] and not [e for e in events if e.type == "hint_given"]


def test_silent_candidate_over_the_wire(clock_server):
    p = get_problem("two-sum")
    events = drive(clock_server, p.id, PERSONAS["silent"](p))
    assert "check_in" in acts(events)
    hints = [e for e in events if e.type == "hint_given"]
    start = next(e.ts for e in events if e.type == "phase_changed")
    assert hints and hints[0].ts - start >= 180


@pytest.mark.parametrize("noise", NOISES)
def test_done_with_failing_tests_over_the_wire(clock_server, noise):
    p = get_problem("two-sum")
    events = drive(clock_server, p.id, PERSONAS["done_failing"](p), noise)
    run = next(e for e in events if e.type == "code_run")
    assert run.result.verdict == "wrong_answer"
    last = [e for e in events if e.type == "agent_utterance"][-1]
    assert "done_but_failing" in last.acts and str(run.result.total - run.result.passed) in last.text
    assert fold(events).phase == Phase.coding


def test_an_interview_resumes_exactly_after_the_server_is_killed(server_with_clock):
    p = get_problem("two-sum")
    s = create_session(server_with_clock.url, problem_id=p.id, mode="text")
    with open_ws(server_with_clock.ws_url, s) as ws:
        hello(ws)
        drain_intro(ws)
        send(ws, {"type": "text", "text": "i would check every pair with two loops"})
        settle(ws)
        send(ws, {"type": "text", "text": "that is o of n squared"})
        before = settle(ws)
        assert any("ask_better" in str(m) or m.get("type") == "agent_text" for m in before)
    server_with_clock.kill()
    server_with_clock.start()
    with open_ws(server_with_clock.ws_url, s) as ws:
        ready = hello(ws, last_seq=0)
        assert ready["phase"] == "approach"
        replay = [recv(ws) for _ in range(ready["last_seq"])]
        assert replay[-1]["type"] == "agent_text"
        send(ws, {"type": "text", "text": "i could use a hash map for the complement"})
        seen = settle(ws)
        assert {"type": "phase", "phase": "coding"} in [{k: m.get(k) for k in ("type", "phase")} for m in seen]


@pytest.fixture
def server_with_clock(tmp_path) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "data", env={"VIVA_TEST_CLOCK": "1"}).start()
    yield srv
    srv.stop()
