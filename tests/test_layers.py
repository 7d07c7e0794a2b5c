"""The rooms keep their layers (pyproject's import-linter contracts): the session model sits below
the interviewer, scoring and the server, and the event types import none of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_the_import_contracts_hold():
    root = Path(__file__).resolve().parent.parent
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
