"""Replays of recorded sessions (`viva replay`, `viva sessions export/import`).

The golden sessions in tests/golden/ were recorded with a real `viva serve` (tests/golden/record.py).
Every one must replay on this build with the same decisions and scores; a rule changed on purpose
must show up; and a session file goes through the real CLI and a real SQLite store unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import clean_env
from viva.events import AgentUtterance, HintGiven, parse_event
from viva.interview import hints as ladder
from viva.interview.brain import RulesBrain, Turn, counting_ids
from viva.judge.service import JudgeService
from viva.sim.replay import SandboxJudge, decisions, recording, run_replay
from viva.sim.replay_cmd import hunks
from viva.store import token_matches
from viva.store.sessionfile import parse_events
from viva.store.sqlite import SQLiteStore

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.jsonl"))
STUCK = Path(__file__).parent / "golden" / "stuck-hints-two-sum.jsonl"


@pytest.fixture(scope="module")
def judge() -> SandboxJudge:
    service = JudgeService.from_settings()
    assert service.unavailable is None, service.unavailable
    return SandboxJudge(service)


def viva(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "viva.cli", *args], env=clean_env({"VIVA_DATA_DIR": str(data_dir)}),
                          capture_output=True, text=True, timeout=300)


def lines_of(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def write_lines(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


class SkipFirstRung(RulesBrain):
    """A deliberately flipped rule: the hint ladder starts at its second rung."""

    def _hint(self, t: Turn, reason: ladder.HintReason, quiet_if_not: bool = False) -> bool:
        if t.state.hints:
            return super()._hint(t, reason, quiet_if_not)
        text = ladder.hint_text(self.problem, "hint")
        t.say("hint_intro")
        t.sentences.append(text)
        t.mark("hint")
        t.add(HintGiven(level="hint", text=text, reason=reason.value))
        return True


# ---- the golden sessions --------------------------------------------------------------------------

def test_the_golden_sessions_are_real_and_varied():
    assert len(GOLDEN) >= 6
    logs = {p.stem: parse_events(p.read_text(encoding="utf-8")) for p in GOLDEN}
    kinds = {e.type for events in logs.values() for e in events}
    assert {"hint_given", "code_run", "custom_run", "scored", "session_ended"} <= kinds
    assert any(getattr(e, "language", None) == "javascript" for events in logs.values() for e in events)
    verdicts = {e.result.verdict.value for events in logs.values() for e in events if e.type == "code_run"}
    assert {"accepted", "wrong_answer"} <= verdicts
    reasons = {e.reason for events in logs.values() for e in events if e.type == "session_ended"}
    assert {"candidate", "completed"} <= reasons
    # A stall timer fired in one of them: a decision with no input before it, after the start.
    assert any(d.trigger == "tick" for events in logs.values() for d in decisions(events))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_a_golden_session_replays_with_the_same_decisions_and_scores(path: Path, judge: SandboxJudge):
    rec = recording(path.stem, parse_events(path.read_text(encoding="utf-8")))
    result = run_replay(rec, judge)
    assert not result.changes, "\n".join(hunks(result.lines))
    assert result.scores.same, result.scores
    assert result.same and len(result.old) == len(result.new) > 3


def test_a_flipped_rule_in_the_brain_shows_as_a_difference(judge: SandboxJudge):
    rec = recording(STUCK.stem, parse_events(STUCK.read_text(encoding="utf-8")))
    result = run_replay(rec, judge, brain=lambda p, cfg: SkipFirstRung(p, cfg, counting_ids("r")))
    assert not result.same
    removed = [c.decision for c in result.changes if c.op == "removed"]
    added = [c.decision for c in result.changes if c.op == "added"]
    assert "nudge" in [d.hint for d in removed] and "nudge" not in [d.hint for d in added]
    listing = "\n".join(hunks(result.lines))
    assert "- [clarify] say  acts=hint_intro,hint  hint=nudge" in listing
    assert "i dont know where to start" in listing


def test_a_different_timer_setting_shows_as_a_difference(judge: SandboxJudge):
    from viva.interview.settings import BrainSettings

    rec = recording(STUCK.stem, parse_events(STUCK.read_text(encoding="utf-8")))
    # Without the stall timer, the silent stretch while coding gets no check-in.
    result = run_replay(rec, judge, cfg=BrainSettings(coding_silence_s=10_000))
    gone = [c.decision for c in result.changes if c.op == "removed"]
    assert [d.trigger for d in gone] == ["tick"] and "check_in" in gone[0].acts
    assert not [c for c in result.changes if c.op == "added"]


# ---- the command line --------------------------------------------------------------------------------

def test_export_then_import_through_sqlite_gives_identical_events(tmp_path: Path):
    golden = GOLDEN[0]
    a, b = tmp_path / "a", tmp_path / "b"
    done = viva(a, "sessions", "import", str(golden), "--as", "first")
    assert done.returncode == 0, done.stderr
    token = done.stdout.split("token:")[1].split()[0]
    store = SQLiteStore(a / "viva.db")
    try:
        assert token_matches(store.get("first"), token)  # only the hash is kept
    finally:
        store.close()
    exported = viva(a, "sessions", "export", "first")
    assert exported.returncode == 0 and exported.stdout == golden.read_text(encoding="utf-8")
    # Once more, into another store, from the exported text.
    (tmp_path / "second.jsonl").write_text(exported.stdout, encoding="utf-8")
    assert viva(b, "sessions", "import", str(tmp_path / "second.jsonl")).returncode == 0
    assert viva(b, "sessions", "export", "second").stdout == exported.stdout
    report = viva(b, "report", "second", "--json")
    assert report.returncode == 0, report.stderr
    recorded = lines_of(golden)[-1]
    assert recorded["type"] == "scored" and json.loads(report.stdout)["signal"] == recorded["report"]["signal"]
    # The same id again is refused, unless replacing.
    again = viva(b, "sessions", "import", str(tmp_path / "second.jsonl"))
    assert again.returncode == 1 and "--replace" in again.stderr
    assert viva(b, "sessions", "import", str(tmp_path / "second.jsonl"), "--replace").returncode == 0
    assert viva(b, "sessions", "export", "nope").returncode == 1


def _broken(rows: list[dict], how: str) -> tuple[list[dict], int]:
    rows = [dict(r) for r in rows]
    if how == "not json":
        return rows, 5  # written as text below
    if how == "unknown type":
        rows[2]["type"] = "telepathy"
        return rows, 3
    if how == "seq goes back":
        rows[6]["seq"] = rows[5]["seq"]
        return rows, 7
    if how == "no session_started":
        return rows[1:], 1
    if how == "bad field":
        rows[3]["text"] = 42
        return rows, 4
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["not json", "unknown type", "seq goes back", "no session_started", "bad field"])
def test_import_refuses_a_bad_file_by_line_and_writes_nothing(tmp_path: Path, how: str):
    rows, line = _broken(lines_of(GOLDEN[0]), how)
    bad = tmp_path / "bad.jsonl"
    write_lines(bad, rows)
    if how == "not json":
        text = bad.read_text().splitlines()
        text[line - 1] = text[line - 1][:-7]  # cut off mid-object
        bad.write_text("\n".join(text) + "\n")
    done = viva(tmp_path / "data", "sessions", "import", str(bad))
    assert done.returncode == 2
    assert f"line {line}:" in done.stderr and "nothing was written" in done.stderr
    db = tmp_path / "data" / "viva.db"
    if db.exists():
        store = SQLiteStore(db)
        assert store.list_sessions() == []
        store.close()
    # And the replay refuses it the same way.
    replayed = viva(tmp_path / "data", "replay", str(bad))
    assert replayed.returncode == 2 and f"line {line}:" in replayed.stderr


def test_replay_exit_codes_and_json(tmp_path: Path):
    data = tmp_path / "data"
    clean = viva(data, "replay", str(STUCK), "--json")
    assert clean.returncode == 0, clean.stderr
    out = json.loads(clean.stdout)
    assert out["same"] is True and out["decisions"] == [] and out["scores"]["same"] is True
    assert set(out["scores"]["pillars"]) == {"algorithms", "coding", "problem_solving", "verification",
                                             "communication"}
    # A recording whose report was scored differently then: the scores differ, exit 1.
    rows = lines_of(STUCK)
    rows[-1]["report"]["pillars"]["coding"]["score"] = 1
    rows[-1]["report"]["signal"] = "strong_hire"
    other = tmp_path / "rescored.jsonl"
    write_lines(other, rows)
    done = viva(data, "replay", str(other), "--json")
    assert done.returncode == 1
    scores = json.loads(done.stdout)["scores"]
    assert scores["pillars"]["coding"] == {"old": 1, "new": 8} and scores["signal"]["old"] == "strong_hire"
    assert json.loads(done.stdout)["decisions"] == []
    # Bad input: no such file or session, --update without a file.
    assert viva(data, "replay", str(tmp_path / "missing.jsonl")).returncode == 2
    assert viva(data, "replay", "no-such-session").returncode == 2
    assert viva(data, "replay", "no-such-session", "--update").returncode == 2
    # A stored session replays by id.
    assert viva(data, "sessions", "import", str(STUCK), "--as", "stuck").returncode == 0
    assert viva(data, "replay", "stuck").returncode == 0


def test_update_rewrites_the_file_with_what_this_build_does(tmp_path: Path):
    rows = lines_of(STUCK)
    # As if recorded by an older build that said something else at the start.
    first = next(r for r in rows if r["type"] == "agent_utterance")
    first["acts"] = ["greet", "invite_questions"]
    old = tmp_path / "old-build.jsonl"
    write_lines(old, rows)
    before = old.read_bytes()
    data = tmp_path / "data"
    shown = viva(data, "replay", str(old))
    assert shown.returncode == 1 and "DIFFERENT" in shown.stdout
    assert "- [intro] start  acts=greet,invite_questions" in shown.stdout
    assert "+ [intro] start  acts=greet,present_problem,invite_questions" in shown.stdout
    assert old.read_bytes() == before  # never written without --update
    updated = viva(data, "replay", str(old), "--update")
    assert updated.returncode == 1 and "rewrote" in updated.stdout
    assert viva(data, "replay", str(old)).returncode == 0
    events = parse_events(old.read_text(encoding="utf-8"))
    assert next(e for e in events if isinstance(e, AgentUtterance)).acts == ["greet", "present_problem",
                                                                            "invite_questions"]
    assert events[-1].type == "scored" and [e.seq for e in events] == list(range(1, len(events) + 1))
    # The rewritten file is one the importer takes.
    assert viva(data, "sessions", "import", str(old)).returncode == 0


def test_a_voice_session_replays_from_its_transcripts(tmp_path: Path):
    """Spoken words are replayed as text: the last revision of each utterance, and the output says so."""
    rows = lines_of(STUCK)
    rows[0]["mode"] = "voice"
    utterances = [r for r in rows if r["type"] == "candidate_utterance"]
    for r in utterances:
        r.update(source="voice", confidence=0.95)
    said = utterances[1]
    revision = {"type": "transcript_revised", "seq": 0, "ts": said["ts"] + 0.5, "utterance_id": said["utterance_id"],
                "text": "can i get a hint please", "previous": said["text"], "engine": "whisper",
                "confidence": 0.97}
    at = rows.index(said) + 3
    rows.insert(at, revision)
    for i, r in enumerate(rows, 1):
        r["seq"] = i
    path = tmp_path / "spoken.jsonl"
    write_lines(path, rows)
    rec = recording("spoken", [parse_event(r) for r in rows])
    assert [i.text for i in rec.inputs if i.kind == "say"][1] == "can i get a hint please"
    assert rec.voice_utterances == len(utterances)
    data = tmp_path / "data"
    audio = data / "audio" / "spoken"
    audio.mkdir(parents=True)
    for name in ("mic-1-1000.wav", "mic-2-2000.wav"):
        (audio / name).write_bytes(b"RIFF")
    assert viva(data, "sessions", "import", str(path)).returncode == 0
    done = viva(data, "replay", "spoken")
    assert done.returncode in (0, 1), done.stderr
    assert f"replayed from transcripts; {len(utterances)} utterances" in done.stdout
    assert "audio recorded: 2 files" in done.stdout
