"""The judge's entry points: `viva judge`, POST /api/judge, and `run` on the session WebSocket."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading

import httpx
import pytest

from viva.judge.process import Limits
from viva.judge.sandbox import Mode, SandboxUnavailable
from viva.judge.service import make_sandbox, probe_capabilities, submit
from viva.problems import get_problem, list_problems
from tests.helpers import create_session, hello, open_ws, recv_until, send

GOOD = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
        "        for i, v in enumerate(nums):\n            if target - v in seen:\n"
        "                return [seen[target - v], i]\n            seen[v] = i\n")
EMPTY_CASE_BUG = "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n"


def test_viva_judge_prints_design_json_and_exits_by_verdict(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(GOOD)
    out = subprocess.run([sys.executable, "-m", "viva.cli", "judge", str(good), "--problem", "two-sum", "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    for key in ("verdict", "passed", "total", "time_ms", "memory_kb", "stdout", "stderr", "tests", "hidden_failed"):
        assert key in result
    assert result["verdict"] == "accepted" and result["passed"] == result["total"] and result["hidden_failed"] == 0
    assert result["performance"]["verdict"] == "accepted"
    for t in result["tests"]:
        assert set(t) >= {"name", "verdict", "input", "expected", "actual", "time_ms"}
    bad = tmp_path / "bad.py"
    bad.write_text(EMPTY_CASE_BUG)
    out = subprocess.run([sys.executable, "-m", "viva.cli", "judge", str(bad), "--problem", "two-sum", "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 1
    result = json.loads(out.stdout)
    assert result["verdict"] == "wrong_answer" and result["hidden_failed"] > 0
    # Hidden tests are counted and named by category, never shown with their inputs.
    assert all(t["name"].startswith("example") for t in result["tests"])
    hidden_inputs = [json.dumps(t.args) for t in get_problem("two-sum").tests]
    assert not any(h in out.stdout for h in hidden_inputs)


def test_viva_judge_rejects_bad_arguments_clearly(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("hello")
    out = subprocess.run([sys.executable, "-m", "viva.cli", "judge", str(f), "--problem", "two-sum"],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "--language" in out.stderr
    out = subprocess.run([sys.executable, "-m", "viva.cli", "judge", str(f), "--problem", "nope", "--language",
                          "python"], capture_output=True, text=True)
    assert out.returncode == 2 and "no problem" in out.stderr


def test_viva_judge_refuses_an_unknown_language_a_non_utf8_file_and_a_huge_one(tmp_path):
    def judge(path, *extra):
        return subprocess.run([sys.executable, "-m", "viva.cli", "judge", str(path), "--problem", "two-sum", *extra],
                              capture_output=True, text=True)

    cobol = tmp_path / "x.cob"
    cobol.write_text("DISPLAY 'HI'.")
    out = judge(cobol, "--language", "cobol")
    assert out.returncode == 2 and "unknown language 'cobol'" in out.stderr
    latin = tmp_path / "latin.py"
    latin.write_bytes("# caf\xe9\n".encode("latin-1"))
    out = judge(latin)
    assert out.returncode == 2 and "cannot read" in out.stderr and "utf-8" in out.stderr
    huge = tmp_path / "huge.py"
    huge.write_text("x = 1\n" * 2_000_000)  # 12 MB
    out = judge(huge)
    assert out.returncode == 2 and "at most 100000 bytes" in out.stderr


def test_post_api_judge_refuses_unknown_languages_and_oversized_code(shared_server):
    for body in ({"problem_id": "two-sum", "language": "cobol", "code": "x"},
                 {"problem_id": "two-sum", "language": "python", "code": "#" * 150_000}):
        r = httpx.post(f"{shared_server.url}/api/judge", json=body, timeout=60)
        assert r.status_code == 422, r.text[:200]
    # Ten megabytes is refused by its size before anything reads it.
    r = httpx.post(f"{shared_server.url}/api/judge", timeout=60,
                   json={"problem_id": "two-sum", "language": "python", "code": "#" * 10_000_000})
    assert r.status_code == 413, r.text[:200]


def test_post_api_judge_returns_the_result(shared_server):
    r = httpx.post(f"{shared_server.url}/api/judge", timeout=60,
                   json={"problem_id": "two-sum", "language": "python", "code": GOOD})
    assert r.status_code == 200 and r.json()["verdict"] == "accepted"
    assert httpx.post(f"{shared_server.url}/api/judge", json={"problem_id": "nope", "language": "python",
                                                              "code": "x"}).status_code == 404
    assert httpx.post(f"{shared_server.url}/api/judge", json={"problem_id": "two-sum", "language": "ruby",
                                                              "code": "x"}).status_code == 422


def test_concurrent_submissions_queue_and_all_finish(shared_server):
    results: list[str] = []

    def one() -> None:
        r = httpx.post(f"{shared_server.url}/api/judge", timeout=120,
                       json={"problem_id": "two-sum", "language": "python", "code": GOOD})
        results.append(r.json()["verdict"])

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["accepted"] * 8


def test_run_on_the_websocket_records_the_run_and_replies_with_run_result(shared_server):
    s = create_session(shared_server.url, mode="text")
    with open_ws(shared_server.ws_url, s) as ws:
        hello(ws)
        send(ws, {"type": "run", "code": EMPTY_CASE_BUG, "language": "python"})
        result, _ = recv_until(ws, "run_result", timeout=60)
        assert result["verdict"] == "wrong_answer" and result["seq"] > 1 and result["hidden_failed"] > 0
    events = httpx.get(f"{shared_server.url}/api/sessions/{s['session_id']}/events",
                       headers={"Authorization": f"Bearer {s['token']}"}).json()["events"]
    runs = [e for e in events if e["type"] == "code_run"]
    assert len(runs) == 1 and runs[0]["result"]["verdict"] == "wrong_answer"


def test_the_judge_refuses_to_run_code_without_bubblewrap(monkeypatch):
    import viva.judge.service as service

    monkeypatch.setattr(service.shutil, "which", lambda name: None)
    caps = probe_capabilities()
    assert not caps.bubblewrap and "bubblewrap" in " ".join(caps.notes)
    make_sandbox.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable):
            make_sandbox(Mode.bubblewrap, 2)
    finally:
        make_sandbox.cache_clear()


def test_the_unsafe_mode_must_be_asked_for_and_warns_on_every_run(caplog):
    from viva.config import Settings

    assert Settings().judge_sandbox == "bubblewrap"
    unsafe = make_sandbox(Mode.unsafe_local, 1)
    with caplog.at_level("WARNING", logger="viva.judge"):
        for _ in range(2):
            r = asyncio.run(submit("two-sum", "python", GOOD, sandbox=unsafe, limits=Limits(), hidden=False))
            assert r.verdict.value == "accepted"
    assert sum("WITHOUT a sandbox" in m for m in caplog.messages) == 2


def test_the_start_up_self_test_reports_what_isolation_works():
    caps = probe_capabilities()
    assert caps.bubblewrap, caps.notes
    assert caps.seccomp  # on x86_64 Debian 12 the filter loads
    assert "bubblewrap" in caps.describe()


def test_the_bank_has_all_75_grind_problems():
    problems = list_problems()
    assert len(problems) == 75
    out = subprocess.run([sys.executable, "-m", "viva.cli", "problems", "list", "--json"], capture_output=True,
                         text=True)
    assert len(json.loads(out.stdout)) == 75
