"""Audio personas over a real server's WebSocket in real time, and the spoken graders flipped.

`viva simulate --audio` starts its own `viva serve` and speaks a persona file to it. The talk-over
and response-time graders are then shown to fail on an interviewer with one setting flipped: no
ducking (`VIVA_VOICE_DUCK_DB=0`: speech over it changes nothing until words are recognised) and a
5-second endpoint (every statement waits). Timing is never asserted outright: the sound
interviewer passing them is measured by bench/personas.py, on an idle machine.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.servers import ServerProcess
from viva.problems import get_problem
from viva.sim.graders import response_time, talk_over
from viva.sim.persona_audio import run_audio
from viva.sim.persona_spec import Expect, PersonaSpec, StepSpec

TWO_SUM = get_problem("two-sum")

CUTS_IN = PersonaSpec(name="cuts_in_twice", about="talks over the interviewer twice", mode="audio",
                      voice="espeak:en-gb", steps=[
                          StepSpec(say="Sorry to jump in, {clarify0}", cut_in=0.8), StepSpec(wait=3),
                          StepSpec(say="Right, and {clarify1}", cut_in=0.8), StepSpec(wait=3), StepSpec(end=True)],
                      expect=Expect(signal=["strong_no_hire", "no_hire", "lean_no_hire"]))
STATES = PersonaSpec(name="states_a_plan", about="three plain statements", mode="audio", voice="piper:joe", steps=[
    StepSpec(say="I would keep a map from each value to the place where I saw it."), StepSpec(wait=2),
    StepSpec(say="Then for every number I look for the complement in that map, in one pass."), StepSpec(wait=2),
    StepSpec(say="That gives me the two positions as soon as the pair shows up."), StepSpec(wait=2),
    StepSpec(end=True)], expect=Expect(signal=["lean_no_hire", "no_hire", "strong_no_hire"]))


def test_viva_simulate_audio_speaks_a_persona_file_to_a_server_it_starts(tmp_path):
    out = subprocess.run([sys.executable, "-m", "viva.cli", "simulate", "--audio", "--persona", "cuts_in_early",
                          "--json"], capture_output=True, text=True, timeout=400,
                         env={"VIVA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    rows = json.loads(out.stdout)
    assert [r["persona"] for r in rows] == ["cuts_in_early"] and rows[0]["mode"] == "audio", out.stderr[-2000:]
    r = rows[0]
    assert r["response_ms"], "no spoken reply was timed"
    assert r["grades"]["talk_over"]["status"] != "n/a" and r["grades"]["recovers"]["status"] != "n/a"
    assert r["grades"]["clarifications"]["status"] != "n/a"
    assert out.returncode == (1 if r["failed"] else 0)


def run_on_flipped_server(tmp_path, env: dict[str, str], spec: PersonaSpec):  # type: ignore[no-untyped-def]
    """The persona on a server of its own with one setting flipped."""
    server = ServerProcess(tmp_path / "flipped", env=env).start()
    try:
        return run_audio(spec, TWO_SUM, "python", server.url)
    finally:
        server.stop()


def test_talk_over_fails_when_the_interviewer_does_not_duck(tmp_path):
    bad = run_on_flipped_server(tmp_path, {"VIVA_VOICE_DUCK_DB": "0"}, CUTS_IN)
    g = talk_over(bad)
    assert g.failed and "kept talking" in g.reasons[0], g


def test_response_time_fails_when_every_statement_waits_five_seconds(tmp_path):
    bad = run_on_flipped_server(tmp_path, {"VIVA_VOICE_ENDPOINT_MS": "5000"}, STATES)
    assert bad.wire.responses, "no spoken reply was timed"
    g = response_time(bad)
    assert g.failed, (g, bad.wire.responses)
