"""The event log's types, the one fold, the settings object, and the command line's shape."""

from __future__ import annotations

import subprocess
import sys

import pytest

from viva.config import Settings
from viva.events import (
    AgentUtterance, CandidateUtterance, CodeRun, CodeSnapshot, Event, HintGiven, PhaseChanged, SessionEnded,
    SessionStarted, UnknownEventType, parse_event,
)
from viva.session import fold


def test_every_event_round_trips_through_json_by_its_type():
    events = [
        SessionStarted(problem_id="two-sum", language="python", mode="text", seq=1, ts=1.0),
        PhaseChanged(phase="clarify", previous="intro", seq=2, ts=2.0),
        CandidateUtterance(utterance_id="u1", text="is it sorted", source="voice", last_partial="is it sort",
                           revision=0.1, seq=3, ts=3.0),
        AgentUtterance(turn_id="t1", text="No, it is not sorted. Anything else?", heard_text="No, it is not",
                       interrupted=True, seq=4, ts=4.0),
        CodeSnapshot(code="x = 1", language="python", seq=5, ts=5.0),
        CodeRun(code="x = 1", language="python", result={"verdict": "wrong_answer", "passed": 1, "total": 3, "time_ms": 4.0},
                seq=6, ts=6.0),
        HintGiven(level="nudge", text="what would you look up?", seq=7, ts=7.0),
        SessionEnded(reason="candidate", seq=8, ts=8.0),
    ]
    for e in events:
        assert parse_event(e.model_dump_json()) == e
    state = fold(events)
    assert state.problem_id == "two-sum" and state.mode == "text"
    assert [t.text for t in state.transcript] == ["is it sorted", "No, it is not"]  # what was heard
    assert state.code == "x = 1" and len(state.runs) == 1 and state.last_run.result.verdict == "wrong_answer"
    assert state.hint_levels == ["nudge"] and state.ended and state.phase == "ended" and state.last_seq == 8


def test_the_fold_is_pure_and_incremental():
    events = [SessionStarted(problem_id="a", language="python", seq=1), PhaseChanged(phase="coding", seq=2)]
    whole = fold(events)
    step = fold(events[1:], fold(events[:1]))
    assert whole == step
    assert fold(events[:1]).phase == "intro"  # the first state was not mutated


def test_an_unknown_event_type_is_a_clear_error():
    with pytest.raises(UnknownEventType):
        parse_event({"type": "time_travel", "seq": 1})


def test_a_new_event_type_is_one_class():
    class Applause(Event):
        type: str = "applause_for_test"
        loudness: int

    assert isinstance(parse_event({"type": "applause_for_test", "loudness": 3}), Applause)


def test_settings_come_from_viva_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("VIVA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VIVA_PORT", "9123")
    monkeypatch.setenv("VIVA_REDIS_URL", "redis://127.0.0.1:1/0")
    s = Settings()
    assert s.data_dir == tmp_path and s.port == 9123 and s.host == "127.0.0.1"
    assert s.effective_store_url == "redis://127.0.0.1:1/0"
    assert s.sqlite_path == tmp_path / "viva.db"
    monkeypatch.setenv("VIVA_RETENTION_S", "5")
    with pytest.raises(ValueError):
        Settings()


def test_nothing_but_config_reads_the_environment():
    import pathlib

    src = pathlib.Path(__file__).resolve().parent.parent / "src" / "viva"
    offenders = [p for p in src.rglob("*.py") if p.name != "config.py"
                 and ("os.environ" in p.read_text() or "os.getenv" in p.read_text())]
    assert offenders == []


def test_a_worker_without_redis_says_what_it_needs_and_exits_2():
    from tests.servers import clean_env

    out = subprocess.run([sys.executable, "-m", "viva.cli", "worker"], capture_output=True, text=True,
                         env=clean_env({}), timeout=60)
    assert out.returncode == 2 and "VIVA_REDIS_URL" in out.stderr


def test_cli_help_lists_the_design_commands():
    out = subprocess.run([sys.executable, "-m", "viva.cli", "--help"], capture_output=True, text=True)
    for name in ("serve", "interview", "problems", "judge", "simulate", "report", "analytics", "worker"):
        assert name in out.stdout


def test_viva_simulate_runs_the_personas(tmp_path):
    import json

    out = subprocess.run([sys.executable, "-m", "viva.cli", "simulate", "--all", "--json"], capture_output=True,
                         text=True, env={"VIVA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=300)
    rows = {r["persona"]: r for r in json.loads(out.stdout)}
    from viva.sim.graders import GRADERS
    from viva.sim.persona_spec import catalogue

    assert set(rows) == set(catalogue()) and all(set(r["grades"]) == set(GRADERS) for r in rows.values())
    assert all(r["mode"] == "text" for r in rows.values())  # audio personas run from their script without --audio
    assert rows["steady"]["failed"] == [] and rows["steady"]["signal"] in ("hire", "strong_hire")
    # Any failed grader makes the command fail, and nothing else does.
    assert out.returncode == (1 if any(r["failed"] for r in rows.values()) else 0), out.stderr
