"""The browser client's pure logic under Node's own test runner (tests/js/*.test.mjs): the link
quality machine and the microphone stream's acknowledgements, driven on a mock clock."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

JS_TESTS = Path(__file__).resolve().parent / "js"


def test_the_client_modules_pass_their_node_tests() -> None:
    node = shutil.which("node")
    assert node, "node is installed by ./dev (Debian nodejs)"
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, "no JS test files found"
    run = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120)
    passed = int(re.search(r"^# pass (\d+)", run.stdout, re.M).group(1))
    failed = int(re.search(r"^# fail (\d+)", run.stdout, re.M).group(1))
    assert run.returncode == 0 and failed == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert passed >= 8, run.stdout[-2000:]
