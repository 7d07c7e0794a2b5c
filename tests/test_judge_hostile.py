"""Hostile candidate code, in both languages, against the real sandbox.

Each attack gets its proper verdict, and nothing is left behind on the host: no stray processes,
no files, and the listener the test opens on 127.0.0.1 sees no connection.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from pathlib import Path

import pytest

from viva.judge.core import judge
from viva.judge.process import Limits
from viva.judge.service import make_sandbox
from viva.problems import get_problem
from tests.hostile import Listener, sandbox_processes

ROOT = Path(__file__).resolve().parent.parent
MARK = secrets.token_hex(4)
SECRET = f"viva-secret-{MARK}"
os.environ["VIVA_TEST_SECRET"] = SECRET  # in the judge's own environment, which code must not see

PY_OK = """
class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for i, v in enumerate(nums):
            if target - v in seen:
                return [seen[target - v], i]
            seen[v] = i
"""
JS_OK = """
var twoSum = function(nums, target) {
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
    seen.set(nums[i], i);
  }
};
"""
PY_WRONG = "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n"
JS_WRONG = "var twoSum = function(nums, target) { return [0, 1]; };\n"
JS_REQ = "const req = process.mainModule.require;\n"


LISTENER = Listener()
PORT = LISTENER.port

# (name, python code, javascript code, expected verdict)
ATTACKS = [
    ("infinite loop", PY_OK.replace("seen = {}", "while True: pass"),
     "var twoSum = function() { while (true) {} };", "time_limit_exceeded"),
    ("sleep forever", "import time\n" + PY_OK.replace("seen = {}", "time.sleep(10**6)"),
     "var twoSum = function() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); };",
     "time_limit_exceeded"),
    ("fork bomb", "import os\nwhile True:\n    os.fork()\n" + PY_OK,
     JS_REQ + "while (true) req('child_process').execSync('true');\n" + JS_OK, "runtime_error"),
    ("1 GB allocation", "hog = bytearray(1 << 30)\n" + PY_OK,
     "const hog = []; while (true) hog.push(new Array(1e6).fill(1.5));\n" + JS_OK, "memory_limit_exceeded"),
    ("100 MB of output", "import sys\nfor _ in range(100):\n    sys.stdout.write('x' * (1 << 20))\n" + PY_OK,
     "for (let i = 0; i < 100; i++) process.stdout.write('x'.repeat(1 << 20));\n" + JS_OK,
     "output_limit_exceeded"),
    ("writing to /tmp and the working directory",
     f"open('/tmp/viva-pwn-{MARK}', 'w').write('x')\nopen('viva-pwn-{MARK}', 'w').write('x')\n" + PY_OK,
     JS_REQ + f"req('fs').writeFileSync('/tmp/viva-pwn-{MARK}', 'x'); req('fs').writeFileSync('viva-pwn-{MARK}', 'x');\n"
     + JS_OK, "accepted"),
    ("writing into the project checkout",
     f"open('{ROOT}/viva-pwn-{MARK}', 'w').write('x')\n" + PY_OK,
     JS_REQ + f"req('fs').writeFileSync('{ROOT}/viva-pwn-{MARK}', 'x');\n" + JS_OK, "runtime_error"),
    ("reading /etc/shadow", "print(open('/etc/shadow').read())\n" + PY_OK,
     JS_REQ + "console.log(req('fs').readFileSync('/etc/shadow', 'utf8'));\n" + JS_OK, "runtime_error"),
    ("reading a file of the project's checkout", f"print(open('{ROOT}/pyproject.toml').read())\n" + PY_OK,
     JS_REQ + f"console.log(req('fs').readFileSync('{ROOT}/pyproject.toml', 'utf8'));\n" + JS_OK,
     "runtime_error"),
    ("reading the server's environment",
     "import os, glob\nprint(dict(os.environ))\nfor p in glob.glob('/proc/*/environ'):\n"
     "    try: print(open(p).read())\n    except OSError: pass\n" + PY_OK,
     JS_REQ + "console.log(JSON.stringify(process.env));\nfor (const p of req('fs').readdirSync('/proc')) {"
     " try { console.log(req('fs').readFileSync('/proc/' + p + '/environ', 'utf8')); } catch (e) {} }\n" + JS_OK,
     "accepted"),
    ("connecting to a listener on 127.0.0.1",
     f"import socket\nsocket.create_connection(('127.0.0.1', {PORT}), timeout=2)\n" + PY_OK,
     JS_REQ + f"req('net').connect({PORT}, '127.0.0.1').on('error', (e) => {{ throw e; }});\n" + JS_OK,
     "runtime_error"),
    ("leaving a background process",
     "import subprocess\nsubprocess.Popen(['sleep', '98765'], start_new_session=True)\n" + PY_OK,
     JS_REQ + "req('child_process').spawn('sleep', ['98765'], {detached: true}).unref();\n" + JS_OK,
     "runtime_error"),
    ("killing the parent", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(-1, signal.SIGKILL)\n"
     + PY_OK, "process.kill(process.ppid, 'SIGKILL'); process.kill(-1, 'SIGKILL');\n" + JS_OK,
     "runtime_error"),
    ("forging the harness output",
     "import gc, json, os, sys\n"
     "nonce = next((o['nonce'] for o in gc.get_objects() if isinstance(o, dict) and 'nonce' in o), 'x')\n"
     "for i in range(40):\n    os.write(3, (nonce + json.dumps({'i': i, 'actual': [0, 1], 'ms': 1}) + '\\n').encode())\n"
     "print(json.dumps({'verdict': 'accepted', 'passed': 16, 'total': 16}))\n" + PY_WRONG,
     JS_REQ + "for (let i = 0; i < 40; i++) req('fs').writeSync(3, JSON.stringify({i, actual: [0, 1], ms: 1}) + '\\n');\n"
     "console.log(JSON.stringify({verdict: 'accepted', passed: 16, total: 16}));\n" + JS_WRONG,
     "runtime_error"),
    ("a syntax error", "class Solution:\n    def twoSum(self, nums, target)\n        return []\n",
     "var twoSum = function(nums, target) { return [; };", "compilation_error"),
    ("printing a great deal and then passing", "print('y' * 500_000)\n" + PY_OK,
     "console.log('y'.repeat(500000));\n" + JS_OK, "accepted"),
]


def leftover_files() -> list[Path]:
    candidates = [Path(f"/tmp/viva-pwn-{MARK}"), Path.cwd() / f"viva-pwn-{MARK}", ROOT / f"viva-pwn-{MARK}"]
    return [p for p in candidates if p.exists()] + list(Path("/tmp").glob(f"viva-box-{os.getpid()}-*"))


@pytest.fixture(scope="module")
def sandbox():
    return make_sandbox()


@pytest.mark.parametrize("language", ["python", "javascript"])
@pytest.mark.parametrize("name,py,js,verdict", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_hostile_code_is_contained(sandbox, name, py, js, verdict, language):
    problem = get_problem("two-sum")
    code = py if language == "python" else js
    # Attacks that can only end on the wall clock get a short one; the rest have time to hit their own limit.
    wall_s = 2 if verdict == "time_limit_exceeded" else 5
    result = asyncio.run(judge(problem, language, code, sandbox, Limits(wall_s=wall_s), perf=False))
    assert result.verdict.value == verdict, (result.verdict, result.message, result.stderr[-600:])
    assert len(result.stdout) <= 8 * 1024
    blob = result.model_dump_json()
    assert SECRET not in blob, "the judge's environment leaked into the sandbox"
    assert "root:" not in blob, "/etc/shadow leaked"
    assert "[project]" not in blob, "a project file leaked"
    assert sandbox_processes() == []
    assert leftover_files() == []
    assert LISTENER.connections == 0


def test_the_sandbox_still_judges_normally_after_every_attack(sandbox):
    problem = get_problem("two-sum")
    for language, code in (("python", PY_OK), ("javascript", JS_OK)):
        result = asyncio.run(judge(problem, language, code, sandbox, Limits(), perf=False))
        assert result.verdict.value == "accepted" and result.passed == result.total


def test_forged_output_never_turns_a_failing_solution_into_a_pass(sandbox):
    """Even with the nonce found and the genuine records suppressed, answers are checked outside."""
    problem = get_problem("two-sum")
    forger = (
        "import gc, json, os\n"
        "nonce = next(o['nonce'] for o in gc.get_objects() if isinstance(o, dict) and 'nonce' in o)\n"
        "for i in range(16):\n"
        "    os.write(3, (nonce + json.dumps({'i': i, 'actual': [0, 1], 'ms': 1}) + '\\n').encode())\n"
        "os.close(3)\nos._exit(0)\n"
    )
    result = asyncio.run(judge(problem, "python", forger, sandbox, Limits(), perf=False))
    assert result.verdict.value == "wrong_answer"
    assert result.passed < result.total
