"""Thousands of random frames at one session; the server stays up and another session is untouched."""

from __future__ import annotations

import json
import random
import string
import threading

import httpx
from websockets.exceptions import ConnectionClosed

from tests.helpers import create_session, hello, open_ws, recv, recv_until, send

FRAMES = 3000


def junk_value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(8 if depth < 3 else 5)
    if kind == 0:
        return rng.randint(-2**63, 2**63)
    if kind == 1:
        return rng.random() * 10 ** rng.randint(-5, 30)
    if kind == 2:
        return "".join(rng.choice(string.printable + "éü中\u2028\x00") for _ in range(rng.randrange(40)))
    if kind == 3:
        return rng.choice([None, True, False, "", 0, -1])
    if kind == 4:
        return rng.choice(["hello", "text", "code", "run", "ping", "playback", "client_stats", "teleport"])
    if kind == 5:
        return [junk_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["type", "text", "code", "language", "t", "last_seq", "x"]): junk_value(rng, depth + 1)
            for _ in range(rng.randrange(4))}


def frame(rng: random.Random) -> tuple[str | bytes, str | None]:
    """A random frame and, when it is certainly invalid, the error code it must get."""
    pick = rng.randrange(10)
    if pick == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))), "audio_in_text_mode"
    if pick == 1:
        return "".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 200))) + "{", "bad_json"
    if pick == 2:
        return json.dumps({"type": "x" + junk_value(rng, 3).__class__.__name__}), "unknown_type"
    if pick == 3:
        return json.dumps(junk_value(rng, 1)), None
    if pick == 4:
        msg = {"type": rng.choice(["text", "code", "run", "playback", "client_stats"]),
               "text": junk_value(rng, 2), "code": junk_value(rng, 2), "language": junk_value(rng, 2)}
        return json.dumps(msg), None
    if pick == 5:
        return "[" * rng.randrange(1, 5000), "bad_json"
    if pick == 6:
        return json.dumps({"type": "text", "text": "a" * rng.randrange(4001, 20000)}), "bad_message"
    if pick == 7:
        return json.dumps({"type": rng.choice([1, None, [], {}, True])}), "bad_message"
    if pick == 8:
        return json.dumps([junk_value(rng) for _ in range(3)]), "bad_message"
    return json.dumps({"type": "ping", "t": junk_value(rng, 3)}), None


def test_random_frames_get_errors_and_never_disturb_another_session(shared_server):
    rng = random.Random(1234)
    target = create_session(shared_server.url, mode="text")
    bystander = create_session(shared_server.url, mode="text")
    stop = threading.Event()
    bystander_log: list[tuple[int, str]] = []
    failures: list[BaseException] = []

    def bystander_talks() -> None:
        try:
            with open_ws(shared_server.ws_url, bystander) as ws:
                hello(ws)
                i = 0
                while not stop.is_set():
                    send(ws, {"type": "text", "text": f"calm line {i}"})
                    msg, _ = recv_until(ws, "transcript")
                    bystander_log.append((msg["seq"], msg["text"]))
                    i += 1
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            failures.append(e)

    talker = threading.Thread(target=bystander_talks)
    talker.start()
    errors_seen = expected_errors = 0
    try:
        with open_ws(shared_server.ws_url, target) as ws:
            hello(ws)
            for n in range(FRAMES):
                data, must = frame(rng)
                ws.send(data)
                send(ws, {"type": "ping", "t": n})
                replies = []
                while True:
                    msg = recv(ws)
                    if msg == {"type": "pong", "t": n}:
                        break
                    replies.append(msg)
                codes = [m.get("code") for m in replies if m.get("type") == "error"]
                errors_seen += len(codes)
                if must:
                    expected_errors += 1
                    assert must in codes, (data if isinstance(data, str) else data[:20], replies)
    except ConnectionClosed as e:
        raise AssertionError(f"the server closed the fuzzed connection: {e}") from e
    finally:
        stop.set()
        talker.join(timeout=30)
    assert not failures, failures
    assert expected_errors > FRAMES // 2 and errors_seen >= expected_errors
    assert httpx.get(shared_server.url + "/healthz").status_code == 200
    # The bystander's log is exactly what it said, in order.
    assert len(bystander_log) > 10
    seqs = [seq for seq, _ in bystander_log]
    assert seqs == sorted(set(seqs))
    assert [t for _, t in bystander_log] == [f"calm line {i}" for i in range(len(bystander_log))]
    events = httpx.get(f"{shared_server.url}/api/sessions/{bystander['session_id']}/events",
                       params={"limit": 10000}, headers={"Authorization": f"Bearer {bystander['token']}"}).json()["events"]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert [e["text"] for e in events if e["type"] == "candidate_utterance"] == [t for _, t in bystander_log]
