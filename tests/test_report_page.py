"""The report over HTTP and the CLI, and its page rendered in a real browser (Debian Chromium)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from viva.problems import get_problem
from viva.sim.personas import PERSONAS, Step
from tests.conftest import ServerProcess
from tests.test_text_interviews import drive

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Iterator[tuple[ServerProcess, dict]]:
    srv = ServerProcess(tmp_path_factory.mktemp("report"), env={"VIVA_TEST_CLOCK": "1",
                                                                "VIVA_ADMIN_TOKEN": "admin-secret"}).start()
    p = get_problem("two-sum")
    holder: dict = {}

    import tests.test_text_interviews as ti

    original = ti.create_session

    def remember(*a, **k):
        s = original(*a, **k)
        holder.update(s)
        return s

    ti.create_session = remember
    try:
        events = drive(srv, p.id, PERSONAS["average"](p) + [Step("end")])
    finally:
        ti.create_session = original
    holder["events"] = events
    yield srv, holder
    srv.stop()


def test_ending_an_interview_scores_it_and_says_the_report_is_ready(finished):
    _, s = finished
    scored = [e for e in s["events"] if e.type == "scored"]
    assert len(scored) == 1 and scored[0].report["session_id"] == s["session_id"]
    assert scored[0].message() == {"type": "report_ready", "seq": scored[0].seq,
                                   "url": f"/sessions/{s['session_id']}/report"}


def test_the_report_json_needs_the_token_and_matches_the_stored_one(finished):
    srv, s = finished
    url = f"{srv.url}/api/sessions/{s['session_id']}/report"
    assert httpx.get(url).status_code == 401
    r = httpx.get(url, headers={"Authorization": f"Bearer {s['token']}"})
    assert r.status_code == 200
    report = r.json()
    stored = next(e for e in s["events"] if e.type == "scored").report
    assert report["pillars"] == stored["pillars"] and report["signal"] == stored["signal"]


def test_viva_report_and_analytics_on_the_command_line(finished):
    srv, s = finished
    env = {"VIVA_DATA_DIR": str(srv.data_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "viva.cli", "report", s["session_id"], "--json"], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["session_id"] == s["session_id"]
    html = subprocess.run([sys.executable, "-m", "viva.cli", "report", s["session_id"], "--html"], env=env,
                          capture_output=True, text=True)
    assert html.returncode == 0 and "<svg" in html.stdout
    missing = subprocess.run([sys.executable, "-m", "viva.cli", "report", "nope"], env=env, capture_output=True,
                             text=True)
    assert missing.returncode == 1 and "no session" in missing.stderr
    stats = subprocess.run([sys.executable, "-m", "viva.cli", "analytics", "--json"], env=env, capture_output=True,
                           text=True)
    data = json.loads(stats.stdout)
    assert data["completed"] >= 1 and set(data["pillars"]) >= {"algorithms", "verification"}
    assert httpx.get(f"{srv.url}/admin/analytics").status_code == 401
    page = httpx.get(f"{srv.url}/admin/analytics", headers={"Authorization": "Bearer admin-secret"})
    assert page.status_code == 200 and "Analytics" in page.text


def test_the_report_page_renders_in_chromium(finished):
    from playwright.sync_api import sync_playwright

    srv, s = finished
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        resp = page.goto(f"{srv.url}/sessions/{s['session_id']}/report?token={s['token']}")
        assert resp is not None and resp.status == 200
        assert page.locator("h1").inner_text() == "Interview report"
        assert page.locator(".signal").inner_text() in ("Strong Hire", "Hire", "Lean No Hire", "No Hire",
                                                        "Strong No Hire")
        assert page.locator(".pillar h3").count() >= 5
        assert page.locator("svg[aria-label='Pillar scores'] rect").count() == 10
        assert page.locator(".turn").count() > 5
        page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
        page.emulate_media(media="print")
        page.pdf(path=str(SCREENSHOTS / "report.pdf"), format="A4", print_background=True)
        assert not errors
        browser.close()
    assert (SCREENSHOTS / "report.png").stat().st_size > 10_000
    assert (SCREENSHOTS / "report.pdf").read_bytes()[:5] == b"%PDF-"
