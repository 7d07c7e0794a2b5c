"""The tuning half of the scripted sessions (bench/data/sessions/tune/): each one's signal lands in
the band its author wrote down before it ever ran. The held-out half is only reported on, by
bench/understanding.py, so that it stays a fair check."""

from __future__ import annotations

from pathlib import Path

import pytest

from viva.problems import get_problem
from viva.scoring.report import build_report
from viva.session import fold
from viva.sim.driver import run_script
from viva.sim.scripted import check, load_dir
from tests.judging import judge_for

TUNE = load_dir(Path(__file__).resolve().parent.parent / "bench" / "data" / "sessions" / "tune")


@pytest.mark.parametrize("session", TUNE, ids=[s.name for s in TUNE])
def test_a_tuning_session_gets_the_signal_written_for_it(session):
    problem = get_problem(session.problem)
    tr = run_script(problem, session.steps, language=session.language, judge=judge_for(problem.id))
    report = build_report(session.name, tr.events, problem)
    assert report.signal in session.expected.signal, check(session, report, fold(tr.events))
    # Evidence the author wrote down is found, whatever the pillar bands say.
    misses = [m for m in check(session, report, fold(tr.events))
              if m.startswith(("approach:", "walkthrough:", "edge_cases:", "complexity_correct:"))]
    assert not misses, misses


def test_there_are_tuning_sessions_to_check():
    assert len(TUNE) >= 7
