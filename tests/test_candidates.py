"""A candidate without an account, over real HTTP and WebSocket against `viva serve` (issue 16):
identity by key, history that only its owner sees, settings that shape the next interview, Grind 75
progress, share links that open the report and nothing else, and one microphone per interview."""

from __future__ import annotations

import json
import secrets
from typing import Any, Iterator

import httpx
import pytest
from websockets.sync.client import connect

from tests.helpers import TWO_SUM_SOLUTION as SOLUTION, create_session, drain_intro, hello, open_ws, recv_until, send, settle
from tests.servers import ServerProcess



@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("candidates") / "data",
                        env={"VIVA_VOICE": "0", "VIVA_TEST_CLOCK": "1", "VIVA_ADMIN_TOKEN": "operator-secret"}).start()
    yield srv
    srv.stop()


def new_key() -> str:
    return secrets.token_urlsafe(32)


def candidate(server: ServerProcess, key: str | None = None) -> httpx.Client:
    """A client that registered a key: its cookie jar now carries the identity, as a browser's does."""
    c = httpx.Client(base_url=server.url, timeout=60)
    r = c.post("/api/candidate", json={"key": key or new_key()})
    assert r.status_code == 200, r.text
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    return c


def start(c: httpx.Client, **body: Any) -> dict[str, Any]:
    r = c.post("/api/sessions", json={"problem_id": "two-sum", "mode": "text", **body})
    assert r.status_code == 201, r.text
    return r.json()


def ws_for(server: ServerProcess, s: dict[str, Any], cookie_key: str | None = None, token: bool = True):
    url = f"{server.ws_url}/ws/sessions/{s['session_id']}" + (f"?token={s['token']}" if token else "")
    headers = {"Cookie": f"viva_candidate={cookie_key}"} if cookie_key else None
    return connect(url, open_timeout=10, max_size=None, additional_headers=headers)


def finish(server: ServerProcess, s: dict[str, Any], solve: bool) -> None:
    """A short text interview to its scored end."""
    with open_ws(server.ws_url, s) as ws:
        hello(ws)
        drain_intro(ws)
        send(ws, {"type": "text", "text": "I'd use a hash map from value to index, one pass, O(n) time."})
        settle(ws)
        if solve:
            send(ws, {"type": "run", "code": SOLUTION, "language": "python"})
            recv_until(ws, "run_result", timeout=120)
        send(ws, {"type": "end"})
        recv_until(ws, "report_ready", timeout=120)


def events(server: ServerProcess, s: dict[str, Any]) -> list[dict[str, Any]]:
    r = httpx.get(f"{server.url}/api/sessions/{s['session_id']}/events",
                  headers={"Authorization": f"Bearer {s['token']}"}, timeout=30)
    return r.json()["events"]


def test_a_key_is_an_identity_and_nothing_else_is(server):
    key = new_key()
    c = candidate(server, key)
    me = c.get("/api/candidate").json()
    assert me["settings"]["length_min"] == 45 and key not in json.dumps(me)
    # The same key from another device (a header instead of the cookie) is the same candidate.
    other = httpx.get(f"{server.url}/api/candidate", headers={"X-Viva-Candidate": key}, timeout=30).json()
    assert other["candidate_id"] == me["candidate_id"]
    assert httpx.get(f"{server.url}/api/candidate", timeout=30).status_code == 401
    unknown = httpx.get(f"{server.url}/api/candidate", headers={"X-Viva-Candidate": new_key()}, timeout=30)
    assert unknown.status_code == 401
    for bad in ["short", "x" * 129, "has spaces in it and is long enough", "../../etc/passwd-and-more-chars"]:
        assert httpx.post(f"{server.url}/api/candidate", json={"key": bad}, timeout=30).status_code in (400, 422)


def test_history_belongs_to_its_candidate_and_the_operator_sees_everyone(server):
    alice, bob = candidate(server), candidate(server)
    a1, a2 = start(alice), start(alice, language="javascript")
    b1 = start(bob)
    anon = create_session(server.url, problem_id="two-sum", mode="text")
    mine = [s["session_id"] for s in alice.get("/api/candidate/sessions").json()["sessions"]]
    assert mine == [a2["session_id"], a1["session_id"]]  # newest first
    assert [s["session_id"] for s in bob.get("/api/candidate/sessions").json()["sessions"]] == [b1["session_id"]]
    # The cookie opens the candidate's own sessions, and not another's.
    assert alice.get(f"/api/sessions/{a1['session_id']}/events").status_code == 200
    assert alice.get(f"/api/sessions/{b1['session_id']}/events").status_code == 401
    assert alice.get(f"/api/sessions/{anon['session_id']}").status_code == 401
    with ws_for(server, a1, cookie_key=alice.cookies["viva_candidate"], token=False) as ws:
        assert hello(ws)["session_id"] == a1["session_id"]
    with ws_for(server, b1, cookie_key=alice.cookies["viva_candidate"], token=False) as ws:
        with pytest.raises(Exception):
            hello(ws)  # closed 4401
    everyone = httpx.get(f"{server.url}/api/sessions", headers={"Authorization": "Bearer operator-secret"},
                         timeout=30).json()["sessions"]
    ids = {s["session_id"]: s for s in everyone}
    assert {a1["session_id"], b1["session_id"], anon["session_id"]} <= set(ids)
    assert ids[anon["session_id"]]["candidate_id"] is None and ids[a1["session_id"]]["candidate_id"]
    assert "candidate" not in ids[a1["session_id"]]  # the key's hash stays on the server


def test_settings_are_kept_validated_and_shape_the_next_interview(server):
    c = candidate(server)
    saved = c.put("/api/candidate/settings", json={"length_min": 30, "speech_rate": 1.15, "difficulty": "medium",
                                                   "topic": "hash-table", "language": "javascript", "mode": "text"})
    assert saved.status_code == 200, saved.text
    assert c.get("/api/candidate").json()["settings"]["topic"] == "hash-table"
    for bad in [{"length_min": 50}, {"speech_rate": 2.0}, {"difficulty": "brutal"}, {"topic": "<script>"}]:
        assert c.put("/api/candidate/settings", json=bad).status_code == 422, bad
    assert c.get("/api/candidate").json()["settings"]["length_min"] == 30  # a refused change changed nothing
    started = events(server, start(c))[0]
    assert (started["length_min"], started["speech_rate"]) == (30, 1.15)
    assert events(server, start(c, length_min=60))[0]["length_min"] == 60  # the request wins over the saved
    assert "length_min" not in events(server, create_session(server.url, problem_id="two-sum", mode="text"))[0]


def test_the_interviewer_keeps_to_the_chosen_length(server):
    def advance(ws, minutes: float) -> list[dict[str, Any]]:
        send(ws, {"type": "debug_clock", "advance_s": minutes * 60})
        return recv_until(ws, "clock", timeout=30)[1]

    def said(msgs: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return [(m["type"], m.get("text") or m.get("phase", "")) for m in msgs if m["type"] in ("cue", "phase")]

    c = candidate(server)
    for length, cue_at in [(30, 26), (60, 56)]:
        with open_ws(server.ws_url, start(c, length_min=length)) as ws:
            hello(ws)
            drain_intro(ws)
            assert not any(k == "cue" for k, _ in said(advance(ws, 24)))  # 24 minutes in: no hurry in either
            if length == 60:
                assert ("phase", "wrap_up") not in said(advance(ws, 26))  # a 30-minute interview would be over
            early = said(advance(ws, cue_at - (24 if length == 30 else 50)))
            assert ("cue", "About five minutes left") in early, early
            assert ("phase", "wrap_up") in said(advance(ws, 5)), "the time is up: wrap up"


def test_progress_follows_the_grind_75_order(server):
    c = candidate(server)
    empty = c.get("/api/candidate/progress").json()
    assert empty["total"] == 75 and empty["done"] == 0 and empty["next"] == "two-sum"
    assert [p["week"] for p in empty["problems"][:14]] == [1] * 13 + [2]
    solved = start(c)
    finish(server, solved, solve=True)
    start(c, problem_id="valid-parentheses")
    p = c.get("/api/candidate/progress").json()
    status = {row["problem_id"]: row["status"] for row in p["problems"]}
    assert status["two-sum"] == "done" and status["valid-parentheses"] == "attempted"
    assert (p["done"], p["attempted"], p["next"]) == (1, 1, "valid-parentheses")
    item = next(i for i in c.get("/api/candidate/sessions").json()["sessions"] if i["session_id"] == solved["session_id"])
    assert item["ended"] and item["accepted"] and item["signal"] and set(item["pillars"]) >= {"coding", "communication"}
    assert item["report_url"] == f"/sessions/{solved['session_id']}/report" and item["resume_url"] is None


def test_a_share_link_opens_the_report_and_nothing_else_until_revoked(server):
    owner = candidate(server)
    s = start(owner)
    assert owner.post(f"/api/sessions/{s['session_id']}/shares").status_code == 409  # still going
    finish(server, s, solve=True)
    made = owner.post(f"/api/sessions/{s['session_id']}/shares")
    assert made.status_code == 201, made.text
    url, share_id = made.json()["url"], made.json()["share_id"]
    token = url.rsplit("/", 1)[1]
    stranger = httpx.Client(base_url=server.url, timeout=60)
    page = stranger.get(url)
    assert page.status_code == 200 and "Two Sum" in page.text and "/shares" not in page.text
    md = stranger.get(url + "/report.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown") and "Two Sum" in md.text
    # The share token is not a session token: not for the API, the events, nor the WebSocket.
    for path in [f"/api/sessions/{s['session_id']}", f"/api/sessions/{s['session_id']}/events",
                 f"/sessions/{s['session_id']}/report", f"/api/sessions/{s['session_id']}/shares"]:
        assert stranger.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 401, path
    with connect(f"{server.ws_url}/ws/sessions/{s['session_id']}?token={token}", open_timeout=10) as ws:
        with pytest.raises(Exception):
            hello(ws)
    assert [x["share_id"] for x in owner.get(f"/api/sessions/{s['session_id']}/shares").json()["shares"]] == [share_id]
    assert owner.delete(f"/api/sessions/{s['session_id']}/shares/{share_id}").status_code == 204
    assert stranger.get(url).status_code == 404 and stranger.get(url + "/report.md").status_code == 404
    assert owner.delete(f"/api/sessions/{s['session_id']}/shares/{share_id}").status_code == 404
    assert stranger.get("/share/" + "A" * 43).status_code == 404


def test_one_tab_is_heard_at_a_time_and_can_take_the_microphone_back(server):
    s = create_session(server.url, problem_id="two-sum", mode="voice")
    frame = b"\x00\x00" * 320
    with open_ws(server.ws_url, s) as first, open_ws(server.ws_url, s) as second:
        send(first, {"type": "hello", "audio": True})
        recv_until(first, "ready")
        assert recv_until(first, "mic")[0]["active"] is True
        send(second, {"type": "hello", "audio": True, "last_seq": 0})
        recv_until(second, "ready")
        assert recv_until(second, "mic")[0]["active"] is True
        assert recv_until(first, "mic")[0]["active"] is False  # the newest voice tab is heard
        first.send(frame)
        err, _ = recv_until(first, "error")
        assert err["code"] == "mic_elsewhere"
        second.send(frame)  # the holder's audio is taken without a word
        send(first, {"type": "mic", "take": True})
        assert recv_until(first, "mic")[0]["active"] is True
        assert recv_until(second, "mic")[0]["active"] is False
    # A text-only client cannot take it.
    with open_ws(server.ws_url, s) as viewer:
        hello(viewer)
        send(viewer, {"type": "mic", "take": True})
        assert recv_until(viewer, "error")[0]["code"] == "no_audio"


def test_audio_resent_after_a_dropped_link_is_heard_once(server):
    """A tab resends from the last offset the server acknowledged: the overlap is not heard twice,
    and nothing after it is lost."""
    def heard_total() -> float:
        text = httpx.get(f"{server.url}/metrics", timeout=30).text
        line = next(x for x in text.splitlines() if x.startswith("viva_audio_in_bytes_total"))
        return float(line.split()[-1])

    s = create_session(server.url, problem_id="two-sum", mode="voice")
    frame = b"\x01\x00" * 320  # 640 bytes
    before = heard_total()
    with open_ws(server.ws_url, s) as ws:
        send(ws, {"type": "hello", "audio": True, "client_id": "tab-one-abc", "audio_offset": 0})
        recv_until(ws, "ready")
        for _ in range(3):
            ws.send(frame)
        send(ws, {"type": "ping", "t": 1})
        assert recv_until(ws, "pong")[0]["audio_bytes"] == 1920
    # The client only knew of 640 bytes acknowledged: it resends from there, then goes on.
    with open_ws(server.ws_url, s) as ws:
        send(ws, {"type": "hello", "audio": True, "client_id": "tab-one-abc", "audio_offset": 640, "last_seq": 0})
        recv_until(ws, "ready")
        for _ in range(3):
            ws.send(frame)  # 640..2560: 1280 bytes repeat, 640 are new
        ws.send(b"\x01\x00" * 161)  # an odd-sized tail still arrives whole
        send(ws, {"type": "ping", "t": 2})
        assert recv_until(ws, "pong")[0]["audio_bytes"] == 2560 + 322
    assert heard_total() - before == 2560 + 322


def test_a_tab_that_reconnects_replaces_its_dead_connection_and_keeps_the_microphone(server):
    """A dead link can leave the old socket open on the server: the tab's new connection (same
    client id) supersedes it, so its audio is heard, not refused as another tab's."""
    s = create_session(server.url, problem_id="two-sum", mode="voice")
    frame = b"\x01\x00" * 320
    with open_ws(server.ws_url, s) as zombie:
        send(zombie, {"type": "hello", "audio": True, "client_id": "tab-two-xyz", "audio_offset": 0})
        recv_until(zombie, "ready")
        zombie.send(frame)
        with open_ws(server.ws_url, s) as fresh:
            # Voice off while the link is poor: no audio wish, but the same tab.
            send(fresh, {"type": "hello", "audio": False, "client_id": "tab-two-xyz", "audio_offset": 640, "last_seq": 0})
            recv_until(fresh, "ready")
            assert recv_until(fresh, "mic")[0]["active"] is True
            fresh.send(frame)
            send(fresh, {"type": "hello", "audio": True, "client_id": "tab-two-xyz", "audio_offset": 1280})  # voice back
            recv_until(fresh, "ready")
            fresh.send(frame)
            send(fresh, {"type": "ping", "t": 1})
            pong, seen = recv_until(fresh, "pong")
            assert pong["audio_bytes"] == 1920
            assert not [m for m in seen if m["type"] == "error"], seen
            with pytest.raises(Exception):
                for _ in range(50):
                    zombie.recv(timeout=5)  # closed by the server
