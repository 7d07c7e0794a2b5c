"""The report over HTTP and the CLI, and its page rendered in a real browser (Debian Chromium)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from viva.problems import get_problem
from viva.sim.personas import PERSONAS, Step
from tests.helpers import CHROMIUM_ARGS, drive_session
from tests.servers import ServerProcess

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


@pytest.fixture(scope="module")
def finished(clock_server: ServerProcess) -> tuple[ServerProcess, dict]:
    """One average interview, driven to its end over the wire on the shared test-clock server."""
    p = get_problem("two-sum")
    session, events = drive_session(clock_server, p.id, PERSONAS["average"](p) + [Step("end")])
    return clock_server, {**session, "events": events}


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
    commands = {"json": ["report", s["session_id"], "--json"], "html": ["report", s["session_id"], "--html"],
                "missing": ["report", "nope"], "stats": ["analytics", "--json"]}
    # Four separate `viva` processes reading the same data directory, started together.
    procs = {k: subprocess.Popen([sys.executable, "-m", "viva.cli", *argv], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for k, argv in commands.items()}
    done = {k: (p, *p.communicate(timeout=120)) for k, p in procs.items()}
    out, stdout, stderr = done["json"]
    assert out.returncode == 0, stderr
    assert json.loads(stdout)["session_id"] == s["session_id"]
    html, stdout, _ = done["html"]
    assert html.returncode == 0 and "<svg" in stdout
    missing, _, stderr = done["missing"]
    assert missing.returncode == 1 and "no session" in stderr
    _, stdout, _ = done["stats"]
    data = json.loads(stdout)
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
