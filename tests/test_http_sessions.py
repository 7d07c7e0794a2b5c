"""Sessions over HTTP: tokens guard everything, nothing leaks, bad requests get clear errors."""

from __future__ import annotations

import httpx

from tests.helpers import create_session


def test_creating_a_session_returns_an_unguessable_token_and_the_public_problem(shared_server):
    s = create_session(shared_server.url, problem_id="two-sum", language="javascript", mode="text")
    assert len(s["token"]) >= 40
    assert s["ws_url"] == f"/ws/sessions/{s['session_id']}?token={s['token']}"
    problem = s["problem"]
    assert problem["id"] == "two-sum" and "twoSum" in problem["starter"]["javascript"]
    # The candidate never sees hidden tests, hints, approaches or reference solutions.
    for secret in ("tests", "hints", "approaches", "solutions", "perf"):
        assert secret not in problem
    other = create_session(shared_server.url)
    assert other["token"] != s["token"] and other["session_id"] != s["session_id"]


def test_every_session_route_needs_that_sessions_token(shared_server):
    a = create_session(shared_server.url)
    b = create_session(shared_server.url)
    base = f"{shared_server.url}/api/sessions/{a['session_id']}"
    for path in ("", "/events"):
        assert httpx.get(base + path).status_code == 401
        assert httpx.get(base + path, headers={"Authorization": "Bearer nope"}).status_code == 401
        r = httpx.get(base + path, headers={"Authorization": f"Bearer {b['token']}"})
        assert r.status_code == 401 and "problem" not in r.text
        assert httpx.get(base + path, params={"token": a["token"]}).status_code == 200
    assert httpx.delete(base, headers={"Authorization": f"Bearer {b['token']}"}).status_code == 401
    assert httpx.get(f"{shared_server.url}/api/sessions/doesnotexist",
                     headers={"Authorization": f"Bearer {a['token']}"}).status_code == 404


def test_events_are_read_after_a_seq_and_delete_removes_the_session(shared_server):
    s = create_session(shared_server.url, mode="text")
    auth = {"Authorization": f"Bearer {s['token']}"}
    base = f"{shared_server.url}/api/sessions/{s['session_id']}"
    events = httpx.get(base + "/events", headers=auth).json()["events"]
    assert [e["type"] for e in events] == ["session_started"] and events[0]["seq"] == 1
    assert httpx.get(base + "/events", params={"after": 1}, headers=auth).json()["events"] == []
    assert httpx.get(base + "/events", params={"after": -1}, headers=auth).status_code == 422
    info = httpx.get(base, headers=auth).json()
    assert info["phase"] == "intro" and info["mode"] == "text" and info["last_seq"] == 1
    assert httpx.delete(base, headers=auth).status_code == 204
    assert httpx.get(base, headers=auth).status_code == 404


def test_bad_requests_get_clear_errors(shared_server):
    url = f"{shared_server.url}/api/sessions"
    assert httpx.post(url, json={"problem_id": "no-such-problem"}).status_code == 404
    assert httpx.post(url, json={"language": "cobol"}).status_code == 422
    assert httpx.post(url, content=b"{not json", headers={"content-type": "application/json"}).status_code == 422
    assert httpx.get(f"{shared_server.url}/api/problems/nope").status_code == 404


def test_listing_every_session_needs_the_admin_token(shared_server):
    url = f"{shared_server.url}/api/sessions"
    assert httpx.get(url).status_code == 401
    s = create_session(shared_server.url)
    assert httpx.get(url, headers={"Authorization": f"Bearer {s['token']}"}).status_code == 401
    listed = httpx.get(url, headers={"Authorization": "Bearer admin-secret"}).json()["sessions"]
    assert s["session_id"] in {m["session_id"] for m in listed}
    assert all("token_hash" not in m for m in listed)


def test_health_metrics_page_and_openapi(shared_server):
    assert httpx.get(shared_server.url + "/healthz").json()["status"] == "ok"
    create_session(shared_server.url)
    metrics = httpx.get(shared_server.url + "/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    assert "viva_sessions_created_total" in metrics.text
    page = httpx.get(shared_server.url + "/")
    assert page.status_code == 200 and "<html" in page.text
    paths = httpx.get(shared_server.url + "/openapi.json").json()["paths"]
    assert "/api/sessions" in paths and "/api/problems/{problem_id}" in paths


def test_the_report_model_is_in_the_openapi_schema(shared_server):
    spec = httpx.get(shared_server.url + "/openapi.json").json()
    report = spec["components"]["schemas"]["Report"]
    for field in ("session_id", "problem_id", "language", "signal", "pillars", "signals", "summaries",
                  "recommendations"):
        assert field in report["properties"]
    route = spec["paths"]["/api/sessions/{session_id}/report"]["get"]
    assert route["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Report")
