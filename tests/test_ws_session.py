"""The session WebSocket: hello/ready, ping, resume from a seq, bad input, and restarts."""

from __future__ import annotations

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.helpers import create_session, drain_intro, hello, open_ws, recv, recv_error, recv_until, send


def event_log(server, s) -> list[dict]:
    return httpx.get(f"{server.url}/api/sessions/{s['session_id']}/events", params={"limit": 10000},
                     headers={"Authorization": f"Bearer {s['token']}"}).json()["events"]


def test_hello_gets_ready_and_ping_gets_pong(shared_server):
    s = create_session(shared_server.url, mode="text")
    with open_ws(shared_server.ws_url, s) as ws:
        ready = hello(ws)
        assert ready["session_id"] == s["session_id"] and ready["phase"] == "intro"
        assert ready["resumed"] is False and ready["last_seq"] == 1 and ready["sample_rate"] > 0
        send(ws, {"type": "ping", "t": 123.5})
        pong, _ = recv_until(ws, "pong")
        assert pong == {"type": "pong", "t": 123.5}


def test_wrong_token_and_unknown_session_are_closed_with_a_reason(shared_server):
    a = create_session(shared_server.url)
    b = create_session(shared_server.url)
    for token, code in ((b["token"], 4401), ("x" * 43, 4401)):
        with open_ws(shared_server.ws_url, a, token=token) as ws:
            with pytest.raises(ConnectionClosed) as closed:
                recv(ws)
            assert closed.value.rcvd.code == code and "token" in closed.value.rcvd.reason
    with open_ws(shared_server.ws_url, {"session_id": "nope", "token": a["token"]}) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            recv(ws)
        assert closed.value.rcvd.code == 4404


def test_resume_with_last_seq_sends_every_later_event_exactly_once(shared_server):
    s = create_session(shared_server.url, mode="text")
    with open_ws(shared_server.ws_url, s) as ws:
        hello(ws)
        drain_intro(ws)
        for i in range(5):
            send(ws, {"type": "text", "text": f"is the input sorted question {i}"})
            recv_until(ws, "transcript")
            recv_until(ws, "agent_text")
        send(ws, {"type": "code", "code": "print(1)", "language": "python"})
        code_msg, _ = recv_until(ws, "code")
    log = event_log(shared_server, s)
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1)) and log[-1]["seq"] >= code_msg["seq"]
    cut = log[len(log) // 2]["seq"]
    with open_ws(shared_server.ws_url, s) as ws:
        ready = hello(ws, last_seq=cut)
        assert ready["resumed"] is True and ready["last_seq"] == log[-1]["seq"]
        replay = [recv(ws) for _ in range(len(log) - cut)]
        assert [m["seq"] for m in replay] == list(range(cut + 1, log[-1]["seq"] + 1))
        assert {"type": "code", "seq": code_msg["seq"], "code": "print(1)", "language": "python"} in replay
        # Live events continue after the replay with the next seq, and nothing repeats.
        send(ws, {"type": "text", "text": "what about negative numbers"})
        live, extra = recv_until(ws, "transcript")
        assert live["seq"] == log[-1]["seq"] + 1 and all("seq" not in m for m in extra)


def test_malformed_and_unknown_messages_get_errors_and_the_connection_stays(shared_server):
    s = create_session(shared_server.url, mode="text")
    with open_ws(shared_server.ws_url, s) as ws:
        send(ws, {"type": "text", "text": "before hello"})
        assert recv(ws)["code"] == "hello_first"
        hello(ws)
        drain_intro(ws)
        cases = [
            ("{not json", "bad_json"),
            ("[1,2,3]", "bad_message"),
            ('{"no_type": 1}', "bad_message"),
            ('{"type": "teleport"}', "unknown_type"),
            ('{"type": "text"}', "bad_message"),
            ('{"type": "text", "text": ""}', "bad_message"),
            ('{"type": "code", "code": "x", "language": "cobol"}', "bad_message"),
            ('{"type": "hello", "last_seq": -4}', "bad_message"),
            ('{"type": "playback", "turn_id": "t", "state": "paused"}', "bad_message"),
            ('{"type": "ping", "t": {"deep": [1]}}', "bad_message"),
            ('{"type": "debug_clock", "advance_s": 60}', "not_enabled"),
        ]
        for raw, code in cases:
            ws.send(raw)
            reply = recv_error(ws)
            assert reply["code"] == code, (raw, reply)
            assert reply["message"]
        ws.send(b"\x00\x01\x02")  # audio in a text interview
        assert recv_error(ws)["code"] == "audio_in_text_mode"
        send(ws, {"type": "ping", "t": 1})
        assert recv_until(ws, "pong")[0]["t"] == 1


def test_odd_length_audio_is_an_error_in_a_voice_session(shared_server):
    s = create_session(shared_server.url, mode="voice")
    with open_ws(shared_server.ws_url, s) as ws:
        hello(ws)
        ws.send(b"\x00\x01\x02")
        assert recv_error(ws)["code"] == "bad_audio"
        ws.send(b"\x00\x00" * 320)  # a good 20 ms frame is accepted silently
        send(ws, {"type": "ping", "t": 2})
        pong, seen = recv_until(ws, "pong")
        assert pong == {"type": "pong", "t": 2} and not [m for m in seen if m["type"] == "error"]


def test_an_oversized_frame_gets_a_clean_close_with_a_reason(shared_server):
    s = create_session(shared_server.url, mode="voice")
    with open_ws(shared_server.ws_url, s) as ws:
        hello(ws)
        ws.send(b"\x00" * (64 * 1024 + 2))
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                recv(ws)
        assert closed.value.rcvd.code == 1009 and "limit" in closed.value.rcvd.reason
    # The session itself is fine afterwards.
    with open_ws(shared_server.ws_url, s) as ws:
        ready = hello(ws, last_seq=0)
        assert ready["last_seq"] == len(event_log(shared_server, s))
        assert recv(ws)["type"] == "session"


def test_a_server_killed_mid_interview_loses_nothing_acknowledged(server):
    s = create_session(server.url, mode="text")
    acked = []
    with open_ws(server.ws_url, s) as ws:
        hello(ws)
        drain_intro(ws)
        for i in range(6):
            send(ws, {"type": "text", "text": f"can the array be empty {i}"})
            msg, _ = recv_until(ws, "transcript")
            acked.append((msg["seq"], msg["text"]))
            recv_until(ws, "agent_text")
        server.kill()  # SIGKILL: no shutdown hooks run
    server.start()
    with open_ws(server.ws_url, s) as ws:
        ready = hello(ws, last_seq=0)
        replay = [recv(ws) for _ in range(ready["last_seq"])]
        assert [m["seq"] for m in replay] == list(range(1, ready["last_seq"] + 1))
        assert [(m["seq"], m["text"]) for m in replay if m["type"] == "transcript"] == acked
        assert ready["phase"] == "clarify"
        send(ws, {"type": "text", "text": "is it sorted"})
        msg, _ = recv_until(ws, "transcript")
        assert msg["seq"] > ready["last_seq"]
        answer, _ = recv_until(ws, "agent_text")
        assert answer["text"]  # the interviewer carries on after the restart
