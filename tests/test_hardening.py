"""A shared deployment's guards, against a running `viva serve` (issue 17, part 5): security headers
on every response, body-size limits, per-client rate limits, and a cap on live sessions."""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.helpers import TWO_SUM_SOLUTION, create_session, hello, open_ws, recv_until, send
from tests.servers import ServerProcess

SESSIONS_PER_MIN, JUDGE_PER_MIN, MAX_LIVE = 5, 3, 2


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Low limits, and 127.0.0.1 trusted as a proxy: X-Forwarded-For then names the client."""
    srv = ServerProcess(tmp_path_factory.mktemp("guarded") / "data", env={
        "VIVA_VOICE": "0", "VIVA_ADMIN_TOKEN": "operator", "VIVA_RATE_SESSIONS_PER_MIN": str(SESSIONS_PER_MIN),
        "VIVA_RATE_JUDGE_PER_MIN": str(JUDGE_PER_MIN), "VIVA_MAX_LIVE_SESSIONS": str(MAX_LIVE),
        "VIVA_TRUSTED_PROXIES": "127.0.0.1"}).start()
    yield srv
    srv.stop()


def as_client(ip: str) -> dict[str, str]:
    return {"X-Forwarded-For": ip}


def test_every_response_carries_the_security_headers(guarded):
    s = create_session(guarded.url, problem_id="two-sum", mode="text")
    for method, path, want in [("GET", "/", 200), ("GET", "/static/app.js", 200), ("GET", "/api/problems", 200),
                               ("GET", "/healthz", 200), ("GET", "/metrics", 200), ("GET", "/openapi.json", 200),
                               ("GET", f"/api/sessions/{s['session_id']}", 401), ("GET", "/no/such/page", 404),
                               ("GET", f"/sessions/{s['session_id']}/report", 401), ("GET", "/share/" + "x" * 43, 404),
                               ("POST", "/api/sessions", 422)]:
        r = httpx.request(method, guarded.url + path, timeout=30, headers=as_client("10.9.0.1"),
                          content=b"{" if method == "POST" else None)
        assert r.status_code == want, (path, r.status_code)
        csp = r.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0], path  # scripts: only our files
        assert r.headers.get("x-content-type-options") == "nosniff", path
        assert r.headers.get("x-frame-options") == "DENY", path


def test_a_body_past_its_routes_limit_is_refused_before_it_is_read(guarded):
    big = json.dumps({"problem_id": "two-sum", "pad": "x" * (100 * 1024)})
    r = httpx.post(f"{guarded.url}/api/sessions", content=big, headers={"content-type": "application/json",
                                                                        **as_client("10.9.0.2")}, timeout=30)
    assert r.status_code == 413 and "64 KiB" in r.json()["detail"]
    assert r.headers.get("x-content-type-options") == "nosniff"
    code = {"problem_id": "two-sum", "language": "python", "code": "#" * (600 * 1024)}
    assert httpx.post(f"{guarded.url}/api/judge", json=code, timeout=30).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"problem_id": "two-sum", "pad": "'
        for _ in range(200):
            yield b"y" * 1024
        yield b'"}'

    r = httpx.post(f"{guarded.url}/api/sessions", content=chunks(), headers={"content-type": "application/json"},
                   timeout=30)
    assert r.status_code == 413
    # Within its limit, a judge body over the default 64 KiB is read and judged.
    ok = {"problem_id": "two-sum", "language": "python", "code": TWO_SUM_SOLUTION + "#" * (90 * 1024)}
    assert httpx.post(f"{guarded.url}/api/judge", json=ok, headers=as_client("10.9.0.3"), timeout=60).status_code == 200
    assert httpx.get(f"{guarded.url}/healthz", timeout=10).status_code == 200


def db_bytes(srv: ServerProcess) -> int:
    return sum(p.stat().st_size for p in Path(srv.data_dir).glob("*.db*"))


def test_ten_thousand_rapid_session_creations_are_refused_cleanly_and_fill_nothing(guarded):
    before_ids = {m["session_id"] for m in httpx.get(f"{guarded.url}/api/sessions", timeout=30,
                                                     headers={"Authorization": "Bearer operator"}).json()["sessions"]}
    before = db_bytes(guarded)
    flood = as_client("10.66.0.1")
    retry: set[str] = set()
    started = time.monotonic()

    def burst(n: int) -> Counter[int]:
        seen: Counter[int] = Counter()  # one per thread: a shared dict's += loses counts between threads
        with httpx.Client(base_url=guarded.url, timeout=30, headers=flood) as c:
            for _ in range(n):
                r = c.post("/api/sessions", json={"problem_id": "two-sum", "mode": "text"})
                seen[r.status_code] += 1
                if r.status_code == 429:
                    retry.add(r.headers["retry-after"])
        return seen

    with ThreadPoolExecutor(4) as pool:
        statuses = dict(sum(pool.map(burst, [2500] * 4), Counter()))
    took = time.monotonic() - started
    # The burst, plus what the rate refills while the flood lasts.
    allowed = statuses.get(201, 0)
    assert SESSIONS_PER_MIN <= allowed <= SESSIONS_PER_MIN + 1 + int(took * SESSIONS_PER_MIN / 60), (statuses, took)
    assert statuses.get(429) == 10_000 - allowed, statuses
    assert retry and all(1 <= int(x) <= 60 for x in retry)
    after_ids = {m["session_id"] for m in httpx.get(f"{guarded.url}/api/sessions", timeout=30,
                                                    headers={"Authorization": "Bearer operator"}).json()["sessions"]}
    assert len(after_ids - before_ids) == allowed
    assert db_bytes(guarded) - before < 512 * 1024, "refused requests wrote nothing of note"
    # Another client is untouched, and the flood's client gets a session again once tokens come back.
    assert httpx.post(f"{guarded.url}/api/sessions", json={"mode": "text"}, headers=as_client("10.66.0.2"),
                      timeout=30).status_code == 201
    print(f"10,000 creations answered in {took:.1f} s")


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(tmp_path: Path):
    srv = ServerProcess(tmp_path / "data", env={"VIVA_VOICE": "0", "VIVA_RATE_SESSIONS_PER_MIN": "2"}).start()
    try:
        codes = [httpx.post(f"{srv.url}/api/sessions", json={"mode": "text"}, headers=as_client(f"10.0.0.{i}"),
                            timeout=30).status_code for i in range(4)]
        assert codes == [201, 201, 429, 429]  # a forged X-Forwarded-For does not make a new client
    finally:
        srv.stop()


def test_judge_runs_are_limited_per_client_over_http_and_the_websocket(guarded):
    run = {"problem_id": "two-sum", "language": "python", "code": TWO_SUM_SOLUTION}
    codes = [httpx.post(f"{guarded.url}/api/judge", json=run, headers=as_client("10.7.0.1"), timeout=60).status_code
             for _ in range(JUDGE_PER_MIN + 1)]
    assert codes == [200] * JUDGE_PER_MIN + [429]
    s = httpx.post(f"{guarded.url}/api/sessions", json={"problem_id": "two-sum", "mode": "text"},
                   headers=as_client("10.7.0.2"), timeout=30).json()
    with open_ws(guarded.ws_url, s) as ws:  # the socket's client is its peer: 127.0.0.1, a fresh bucket
        hello(ws)
        results = []
        for _ in range(JUDGE_PER_MIN + 1):
            send(ws, {"type": "run", "code": TWO_SUM_SOLUTION, "language": "python"})
            msg, _ = recv_until(ws, "run_result", timeout=60) if len(results) < JUDGE_PER_MIN else recv_until(ws, "error")
            results.append(msg.get("code", msg["type"]))
        assert results == ["run_result"] * JUDGE_PER_MIN + ["rate_limited"]


def test_past_its_cap_of_live_sessions_a_node_says_503_and_when_to_come_back(guarded):
    made = [httpx.post(f"{guarded.url}/api/sessions", json={"problem_id": "two-sum", "mode": "text"},
                       headers=as_client(f"10.8.0.{i}"), timeout=30).json() for i in range(MAX_LIVE + 1)]
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(open_ws(guarded.ws_url, s)) for s in made[:MAX_LIVE]]
        for ws in sockets:
            hello(ws)
        r = httpx.post(f"{guarded.url}/api/sessions", json={"mode": "text"}, headers=as_client("10.8.1.1"), timeout=30)
        assert r.status_code == 503 and r.headers["retry-after"] == "30" and "try again" in r.json()["detail"]
        with connect(f"{guarded.ws_url}/ws/sessions/{made[-1]['session_id']}?token={made[-1]['token']}") as extra:
            with pytest.raises(ConnectionClosed) as closed:
                extra.recv(timeout=10)
            assert closed.value.rcvd.code == 1013
        # A session already live here is never refused: its second tab joins.
        with open_ws(guarded.ws_url, made[0]) as tab:
            assert hello(tab)["session_id"] == made[0]["session_id"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the closes reach the server
        r = httpx.post(f"{guarded.url}/api/sessions", json={"mode": "text"}, headers=as_client("10.8.1.2"), timeout=30)
        if r.status_code == 201:
            break
        time.sleep(0.1)
    assert r.status_code == 201


def test_the_pages_run_under_their_policy_without_a_single_violation(guarded):
    """The start screen, a text interview, its report and a share of it, in Chromium with the
    policy enforced: nothing the app needs is blocked."""
    from playwright.sync_api import expect

    from tests.browsers import chromium

    for browser in chromium():
        page = browser.new_context().new_page()
        page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                             "(e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        urls: list[str] = []  # every URL the page asks for, WebSockets included: no token in any
        page.on("request", lambda r: urls.append(r.url))
        page.on("websocket", lambda w: urls.append(w.url))
        page.goto(guarded.url, wait_until="networkidle")
        page.locator('#problem-list li[data-id="two-sum"]').click()
        page.locator('input[name="mode"][value="text"]').check()
        page.get_by_role("button", name="Start interview").click()
        expect(page.locator("#editor .cm-content")).to_contain_text("class Solution")
        page.locator("#say-text").fill("Can the array be empty?")
        page.locator("#say-text").press("Enter")
        expect(page.locator("#transcript li.agent")).to_have_count(2, timeout=20_000)
        page.get_by_role("button", name="End interview").click()
        expect(page.locator("#report-link")).to_be_visible(timeout=60_000)
        violations = page.evaluate("window.__csp")
        page.goto(guarded.url + page.locator("#report-link").get_attribute("href"), wait_until="networkidle")
        expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
        violations += page.evaluate("window.__csp")
        assert violations == [] and errors == [], (violations, errors)
        assert any("/ws/sessions/" in u for u in urls) and any("/report" in u for u in urls)
        assert not [u for u in urls if "token=" in u], urls


def test_a_sessions_token_travels_in_cookies_scoped_to_its_own_paths(guarded):
    with httpx.Client(base_url=guarded.url, timeout=30, headers=as_client("10.5.0.1")) as browser:
        made = browser.post("/api/sessions", json={"problem_id": "two-sum", "mode": "text"})
        s = made.json()
        assert all("httponly" in c.lower() and "samesite=strict" in c.lower() for c in made.headers.get_list("set-cookie"))
        other = browser.post("/api/sessions", json={"problem_id": "two-sum", "mode": "text"}).json()
        paths = sorted(c.path for c in browser.cookies.jar if c.name == "viva_session" and s["session_id"] in c.path)
        assert paths == [f"/api/sessions/{s['session_id']}", f"/sessions/{s['session_id']}",
                         f"/ws/sessions/{s['session_id']}"]
        # No token in a header or a URL: the cookie for that path is enough, and only that session's.
        assert browser.get(f"/api/sessions/{s['session_id']}").status_code == 200
        assert browser.get(f"/api/sessions/{other['session_id']}").json()["session_id"] == other["session_id"]
        with connect(f"{guarded.ws_url}/ws/sessions/{s['session_id']}",
                     additional_headers={"Cookie": f"viva_session={s['token']}"}) as ws:
            assert hello(ws)["session_id"] == s["session_id"]
    # Another device with only the resume link's token: one request with the header sets its cookies.
    with httpx.Client(base_url=guarded.url, timeout=30) as device:
        assert device.get(f"/api/sessions/{s['session_id']}").status_code == 401
        bad = device.post(f"/api/sessions/{s['session_id']}/access", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401 and "viva_session" not in bad.headers.get("set-cookie", "")
        assert device.post(f"/api/sessions/{s['session_id']}/access",
                           headers={"Authorization": f"Bearer {s['token']}"}).status_code == 204
        assert device.get(f"/api/sessions/{s['session_id']}").status_code == 200
        assert device.get(f"/api/sessions/{other['session_id']}").status_code == 401


def test_new_candidate_keys_count_against_the_same_rate_and_a_known_key_does_not(guarded):
    import secrets

    made = [httpx.post(f"{guarded.url}/api/candidate", json={"key": secrets.token_urlsafe(32)},
                       headers=as_client("10.4.0.1"), timeout=30) for _ in range(SESSIONS_PER_MIN + 3)]
    assert [r.status_code for r in made] == [200] * SESSIONS_PER_MIN + [429] * 3
    assert "retry-after" in made[-1].headers
    # A key it already has is only a cookie again: allowed, and nothing new is stored.
    key = made[0].request.content.decode().split('"')[3]
    assert httpx.post(f"{guarded.url}/api/candidate", json={"key": key}, headers=as_client("10.4.0.1"),
                      timeout=30).status_code == 200
