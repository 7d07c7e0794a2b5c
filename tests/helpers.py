"""Small clients the tests share: create a session over HTTP, talk JSON over the WebSocket, drive a
scripted text interview over the wire, and the flags headless Chromium runs with."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx
from websockets.sync.client import ClientConnection, connect

from viva.events import parse_event
from viva.sim.noise import corrupt

if TYPE_CHECKING:
    from viva.sim.personas import Step
    from tests.servers import ServerProcess

# A correct Two Sum, LeetCode-style: the solution many tests paste into an interview.
TWO_SUM_SOLUTION = """class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
"""

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def create_session(base_url: str, **body: Any) -> dict[str, Any]:
    r = httpx.post(f"{base_url}/api/sessions", json=body, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()


def open_ws(ws_base: str, session: dict[str, Any], token: str | None = None) -> ClientConnection:
    url = f"{ws_base}/ws/sessions/{session['session_id']}?token={token or session['token']}"
    return connect(url, open_timeout=10, max_size=None)


def send(ws: ClientConnection, msg: dict[str, Any]) -> None:
    ws.send(json.dumps(msg))


def recv(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    while True:
        raw = ws.recv(timeout=timeout)
        if isinstance(raw, bytes):
            continue
        return json.loads(raw)


def recv_until(ws: ClientConnection, kind: str, timeout: float = 10) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read until a message of `kind` arrives; return it and everything read before it."""
    seen = []
    while True:
        msg = recv(ws, timeout)
        if msg.get("type") == kind:
            return msg, seen
        seen.append(msg)


def hello(ws: ClientConnection, last_seq: int | None = None) -> dict[str, Any]:
    send(ws, {"type": "hello", **({"last_seq": last_seq} if last_seq is not None else {})})
    ready, _ = recv_until(ws, "ready")
    return ready


def recv_error(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    """The next `error`, skipping whatever the interviewer says meanwhile."""
    msg, _ = recv_until(ws, "error", timeout)
    return msg


def drain_intro(ws: ClientConnection) -> list[dict[str, Any]]:
    """Read the interviewer's opening turn, up to the move into the clarify phase."""
    seen = []
    while True:
        msg = recv(ws)
        seen.append(msg)
        if msg.get("type") == "phase" and msg.get("phase") == "clarify":
            return seen


def settle(ws: ClientConnection) -> list[dict[str, Any]]:
    """Everything the server says in answer to what was just sent (the socket is ordered)."""
    send(ws, {"type": "ping", "t": "settle"})
    _, seen = recv_until(ws, "pong", timeout=60)
    return seen


def drive_session(server: "ServerProcess", problem_id: str, steps: "list[Step]",
                  noise: int | None = None) -> tuple[dict[str, Any], list]:
    """A scripted text interview over the WebSocket; the session and its event log, read back over HTTP.

    Waits advance the server's test clock (VIVA_TEST_CLOCK=1) in 5 s steps.
    """
    s = create_session(server.url, problem_id=problem_id, mode="text")
    with open_ws(server.ws_url, s) as ws:
        hello(ws)
        drain_intro(ws)
        play_steps(ws, steps, "python", noise)
    r = httpx.get(f"{server.url}/api/sessions/{s['session_id']}/events", params={"limit": 10000},
                  headers={"Authorization": f"Bearer {s['token']}"}, timeout=30)
    return s, [parse_event(e) for e in r.json()["events"]]


def drive(server: "ServerProcess", problem_id: str, steps: "list[Step]", noise: int | None = None) -> list:
    """The event log of a scripted text interview driven over the wire (see drive_session)."""
    return drive_session(server, problem_id, steps, noise)[1]


def play_steps(ws: Any, steps: Any, language: str, noise: int | None = None) -> None:
    """Script steps typed into an open text interview: say, code, run, try (a run on the step's
    own `input`), wait (the test clock, in 5 s steps) and end, each waited out."""
    for i, step in enumerate(steps):
        if step.kind == "say":
            text = corrupt(step.text, noise * 1000 + i) if noise is not None else step.text
            send(ws, {"type": "text", "text": text})
            settle(ws)
        elif step.kind == "code":
            send(ws, {"type": "code", "code": step.text, "language": language})
            settle(ws)
        elif step.kind == "run":
            send(ws, {"type": "run", "code": step.text, "language": language})
            recv_until(ws, "run_result", timeout=120)
            while True:  # the interviewer always comments on a run
                msg = recv(ws, timeout=60)
                if msg["type"] == "agent_text" and "seq" in msg:
                    break
        elif step.kind == "try":
            send(ws, {"type": "run", "code": step.text, "language": language, "input": step.input})
            recv_until(ws, "custom_run_result", timeout=120)
        elif step.kind == "wait":
            for _ in range(int(step.seconds // 5)):
                send(ws, {"type": "debug_clock", "advance_s": 5})
                recv_until(ws, "clock")
        elif step.kind == "end":
            send(ws, {"type": "end"})
            settle(ws)
