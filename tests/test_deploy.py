"""deploy/: the Prometheus config and alert rules a team runs viva with, checked by Debian's
promtool, every alert unit-tested, and every metric they name served by a real `viva serve`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import httpx
import yaml

PROM = Path(__file__).resolve().parent.parent / "deploy" / "prometheus"


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("promtool")
    assert exe, "promtool comes with Debian's prometheus package, which ./dev installs"
    return subprocess.run([exe, *args], cwd=PROM, capture_output=True, text=True, timeout=120)


def alerts() -> list[dict]:
    doc = yaml.safe_load((PROM / "alerts.yml").read_text())
    return [r for g in doc["groups"] for r in g["rules"] if "alert" in r]


def test_the_scrape_config_and_its_rules_are_valid():
    run = promtool("check", "config", "prometheus.yml")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"SUCCESS: {len(alerts())} rules found" in run.stdout + run.stderr


def test_every_alert_passes_its_unit_tests_and_each_one_is_seen_firing():
    run = promtool("test", "rules", "alerts.test.yml")
    assert run.returncode == 0, run.stdout + run.stderr
    tests = yaml.safe_load((PROM / "alerts.test.yml").read_text())["tests"]
    fired = {c["alertname"] for t in tests for c in t.get("alert_rule_test", []) if c.get("exp_alerts")}
    quiet = {c["alertname"] for t in tests for c in t.get("alert_rule_test", []) if not c.get("exp_alerts")}
    names = {a["alert"] for a in alerts()}
    assert names <= fired and names <= quiet, (names - fired, names - quiet)


def test_the_issue_asks_for_these_alerts_at_these_thresholds():
    by = {a["alert"]: a["expr"] for a in alerts()}
    assert "viva_tts_first_byte_ms_bucket" in by["VivaTTSFirstByteSlow"] and "> 350" in by["VivaTTSFirstByteSlow"]
    assert "viva_barge_in_ms_bucket" in by["VivaBargeInSlow"] and "> 150" in by["VivaBargeInSlow"]
    assert "viva_response_ms_bucket" in by["VivaResponseSlow"] and "> 1200" in by["VivaResponseSlow"]
    assert {"VivaJudgeQueueDeep", "VivaErrorRate", "VivaSessionsPilingUp"} <= set(by)


def test_every_metric_the_alerts_name_is_served(shared_server):
    served = httpx.get(f"{shared_server.url}/metrics", timeout=30).text
    types = set(re.findall(r"^# TYPE (\S+)", served, re.M))
    named = {m for a in alerts() for m in re.findall(r"\b(viva_[a-z_]+)", a["expr"])}
    assert named, "the alerts name viva metrics"
    for metric in named:
        base = re.sub(r"_(bucket|total)$", "", metric)
        assert base in types or metric in types, f"{metric} is not on /metrics"


def test_responses_are_counted_by_status_class_and_the_judge_queue_is_a_gauge(shared_server):
    def count(code: str) -> float:
        text = httpx.get(f"{shared_server.url}/metrics", timeout=30).text
        m = re.search(rf'^viva_http_responses_total{{code="{code}"}} (\S+)', text, re.M)
        return float(m.group(1)) if m else 0.0

    before = count("4xx")
    for _ in range(3):
        assert httpx.get(f"{shared_server.url}/api/problems/no-such-problem", timeout=30).status_code == 404
    assert count("4xx") - before == 3
    assert re.search(r"^viva_judge_queue_depth 0\.0$", httpx.get(f"{shared_server.url}/metrics").text, re.M)
