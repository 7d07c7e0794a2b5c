"""`viva interview`: the same interview in a terminal, driven here through stdin."""

from __future__ import annotations

import subprocess
import sys

from viva.problems import get_problem


def test_a_terminal_interview_answers_runs_and_ends(tmp_path):
    solution = tmp_path / "solution.py"
    solution.write_text(get_problem("two-sum").solutions.optimal.python)
    script = "\n".join([
        "is the array sorted",
        "i would use a hash map for the complement",
        f"/code {solution}",
        "/run",
        "let me trace through it with the first example",
        "/hint",
        "/end",
    ]) + "\n"
    out = subprocess.run([sys.executable, "-m", "viva.cli", "interview", "--problem", "two-sum"], input=script,
                         capture_output=True, text=True, timeout=120,
                         env={"VIVA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "COLUMNS": "120"})
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "the values come in any order" in text  # answered from the problem's data
    assert "accepted" in text and "17/17" in text  # judged for real
    assert "The interview has ended." in text
    assert (tmp_path / "viva.db").exists()


def test_an_unknown_problem_is_a_clear_error(tmp_path):
    out = subprocess.run([sys.executable, "-m", "viva.cli", "interview", "--problem", "nope"], capture_output=True,
                         text=True, env={"VIVA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 2 and "no problem" in out.stderr
