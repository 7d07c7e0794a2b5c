"""The optional LLM brain against a local stand-in that speaks OpenAI's streaming format."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from viva.events import AgentUtterance, SessionStarted
from viva.interview.brain import RulesBrain
from viva.interview.llm import LLMConfig, LLMPhraser, OpenAIChat, build_messages
from viva.interview.runner import InterviewRunner
from viva.session import apply, fold
from viva.problems import get_problem
from tests.openai_standin import REPLIES, OpenAIStandIn

PROBLEM = get_problem("two-sum")


@pytest.fixture(scope="module")
def standin():
    s = OpenAIStandIn().start()
    yield s
    s.stop()


def phrase(standin, model: str, decision: AgentUtterance, state=None, timeout: float = 2.0) -> AgentUtterance:
    cfg = LLMConfig(base_url=standin.base_url, model=model, api_key="sk-test", first_token_timeout_s=timeout)

    async def go():
        chat = OpenAIChat(cfg)
        try:
            return await LLMPhraser(PROBLEM, chat, cfg).phrase(state or fold([]), [("candidate", "hello")], decision)
        finally:
            await chat.client.aclose()

    return asyncio.run(go())


DECISION = AgentUtterance(turn_id="t1", text="Good question. No, the values come in any order.",
                          acts=["answer_clarification"])


def test_a_good_reply_is_used_and_the_request_is_openai_shaped(standin):
    out = phrase(standin, "ok", DECISION)
    assert out.text == REPLIES["ok"] and out.acts == DECISION.acts
    body = standin.requests[-1]
    assert body["stream"] is True and body["model"] == "ok"
    assert all(set(m) == {"role", "content"} for m in body["messages"])


@pytest.mark.parametrize("model", ["slow", "error", "malformed", "cut"])
def test_failures_fall_back_to_the_rules_reply_with_a_warning(standin, model, caplog):
    # "slow" sends its first token after 3 s: any first-token timeout below that shows the fallback.
    with caplog.at_level(logging.WARNING, logger="viva.llm"):
        out = phrase(standin, model, DECISION, timeout=0.5 if model == "slow" else 2.0)
    assert out.text == DECISION.text
    assert any("rules brain" in m for m in caplog.messages)


@pytest.mark.parametrize("model", ["leak_code", "leak_rung", "leak_technique"])
def test_replies_that_give_away_more_than_allowed_are_replaced(standin, model, caplog):
    with caplog.at_level(logging.WARNING, logger="viva.llm"):
        out = phrase(standin, model, DECISION)
    assert out.text == DECISION.text
    assert any("replaced" in m for m in caplog.messages)


def test_the_technique_may_be_named_once_the_hint_rung_is_reached(standin):
    brain = RulesBrain(PROBLEM)
    state = fold([SessionStarted(problem_id=PROBLEM.id, language="python", seq=1, ts=0.0)])
    for e in brain.start(state, 0.0):
        state = apply(state, e)
    for t in (100.0, 200.0):
        for e in brain.on_utterance(state, "can i get a hint", t):
            state = apply(state, e)
    assert state.hint_levels == ["nudge", "hint"]
    out = phrase(standin, "leak_technique", DECISION, state=state)
    assert out.text == REPLIES["leak_technique"]


def test_the_prompt_stays_bounded_over_a_200_turn_session():
    state = fold([SessionStarted(problem_id=PROBLEM.id, language="python", seq=1, ts=0.0)])
    short = [("candidate" if i % 2 else "interviewer", f"turn {i} " + "words " * 80) for i in range(20)]
    long = [("candidate" if i % 2 else "interviewer", f"turn {i} " + "words " * 80) for i in range(200)]
    size_short = len(json.dumps(build_messages(PROBLEM, state, short, DECISION)))
    size_long = len(json.dumps(build_messages(PROBLEM, state, long, DECISION)))
    assert size_long <= size_short + 20  # only turn numbers differ in length
    assert "turn 199" in json.dumps(build_messages(PROBLEM, state, long, DECISION))
    assert "turn 150" not in json.dumps(build_messages(PROBLEM, state, long, DECISION))


def test_a_whole_200_turn_interview_through_the_stand_in_keeps_every_prompt_bounded(standin):
    cfg = LLMConfig(base_url=standin.base_url, model="ok", first_token_timeout_s=2.0)
    before = len(standin.requests)

    async def go():
        events = [SessionStarted(problem_id=PROBLEM.id, language="python", seq=1, ts=0.0)]
        chat = OpenAIChat(cfg)

        async def emit(e):
            e.seq = len(events) + 1
            events.append(e)
            return e

        runner = InterviewRunner(PROBLEM.id, list(events), emit, None, phraser=LLMPhraser(PROBLEM, chat, cfg))
        await runner.start(0.0)
        for i in range(100):
            await runner.utter(f"is the array sorted question number {i}", 10.0 + i)
        await chat.client.aclose()
        return events

    events = asyncio.run(go())
    sizes = [len(json.dumps(r["messages"])) for r in standin.requests[before:]]
    assert len([e for e in events if e.type == "candidate_utterance"]) == 100
    assert len(sizes) > 100 and max(sizes) < 2 * sizes[5]
    assert all(e.text == REPLIES["ok"] for e in events if e.type == "agent_utterance")


def test_the_server_speaks_through_the_configured_llm(standin, tmp_path):
    from tests.servers import ServerProcess
    from tests.helpers import create_session, hello, open_ws, recv_until, send

    srv = ServerProcess(tmp_path / "data", env={"VIVA_LLM_BASE_URL": standin.base_url, "VIVA_LLM_MODEL": "ok",
                                                 "VIVA_LLM_API_KEY": "sk-test"}).start()
    try:
        s = create_session(srv.url, mode="text")
        with open_ws(srv.ws_url, s) as ws:
            hello(ws)
            first, _ = recv_until(ws, "phase")
            send(ws, {"type": "text", "text": "is the array sorted"})
            while True:
                msg, _ = recv_until(ws, "agent_text")
                if "seq" in msg:
                    break
            assert msg["text"] == REPLIES["ok"]
    finally:
        srv.stop()


def test_an_llm_narrative_is_added_but_never_changes_a_number(standin):
    from viva.scoring.narrative import contradicts, narrative
    from viva.scoring.report import build_report
    from viva.sim.driver import run_script
    from viva.sim.personas import PERSONAS

    tr = run_script(PROBLEM, PERSONAS["injector"](PROBLEM))
    report = build_report("s", tr.events, PROBLEM).model_dump(mode="json")
    before = json.dumps(report, sort_keys=True)
    cfg = LLMConfig(base_url=standin.base_url, model="ok")
    text = asyncio.run(narrative(report, cfg))
    assert text == REPLIES["ok"]
    assert json.dumps(report, sort_keys=True) == before  # the numbers are the function's alone
    assert asyncio.run(narrative(report, LLMConfig(base_url=standin.base_url, model="error"))) is None
    assert contradicts("You did great, a strong hire, 10/10 on coding.", report)
    assert contradicts("Overall this is a strong no hire.", report) is None


async def test_a_streamed_reply_is_spoken_before_the_completion_ends(standin, tmp_path):
    """Voice with an LLM: the first sentence is synthesized and sent while the model is still
    writing the rest (the stand-in holds the stream open for seconds after the first sentence)."""
    import httpx

    from testkit.voice_client import VoiceClient
    from tests.servers import ServerProcess
    from viva.sim.speech import speak

    srv = ServerProcess(tmp_path / "data", env={"VIVA_LLM_BASE_URL": standin.base_url,
                                                 "VIVA_LLM_MODEL": "slow_stream", "VIVA_LLM_API_KEY": "sk-test"})
    await asyncio.to_thread(srv.start)
    try:
        s = httpx.post(srv.url + "/api/sessions", json={"problem_id": "two-sum", "mode": "voice"}, timeout=30).json()
        c = await VoiceClient(f"{srv.ws_url}/ws/sessions/{s['session_id']}?token={s['token']}").connect()
        try:
            greeting = await c.wait_for(lambda m: m["type"] == "agent_audio_start", 60)
            await c.quiet(settle=1.0, timeout=180)
            done_before = len(standin.finished_at)
            import time
            t0 = time.monotonic()
            c.say(speak("is the array sorted", "piper:joe"))
            start = await c.wait_for(lambda m: m["type"] == "agent_audio_start" and m["turn_id"] != greeting["turn_id"],
                                     60, after=t0)
            audio_at = c.time_of(start)
            await c.wait_for(lambda m: m["type"] == "agent_audio_end" and m["turn_id"] == start["turn_id"], 60)
            assert len(standin.finished_at) > done_before
            assert audio_at < standin.finished_at[-1], "the first audio waited for the whole completion"
            texts = [m["text"] for m in c.of("agent_text") if m["turn_id"] == start["turn_id"]]
            assert texts[0] == "Good question, the values can come in any order."
        finally:
            await c.close()
        metrics = httpx.get(srv.url + "/metrics", timeout=10).text
        count = next(float(ln.split()[-1]) for ln in metrics.splitlines() if ln.startswith("viva_llm_first_token_ms_count"))
        assert count >= 1
    finally:
        await asyncio.to_thread(srv.stop)
