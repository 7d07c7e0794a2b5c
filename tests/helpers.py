"""Small clients the tests share: create a session over HTTP, talk JSON over the WebSocket."""

from __future__ import annotations

import json
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect


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
