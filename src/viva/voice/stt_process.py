"""Recognizers in their own processes.

pocketsphinx holds the GIL while it decodes (measured: two decoder threads take twice as long as
one), so with many sessions in one server process every decoder, the VADs and the event loop
share one core. A recognizer process decodes on whatever core is free; the session's STT thread
only waits on a pipe, which releases the GIL. Same interface as `SphinxRecognizer`.

The worker is `python -m viva.voice.stt_process LM DICT` speaking a tiny framed protocol on its
stdin/stdout: request = op byte + 4-byte length + payload; reply = status byte + 4-byte length +
UTF-8 text. A plain subprocess, so it works whatever the parent's `__main__` is.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO, Iterable

from viva.voice.sphinx import SphinxModel, SphinxRecognizer

OPS = {"begin": b"b", "feed": b"f", "finish": b"e", "vocab": b"v", "close": b"q"}
_HEAD = struct.Struct("<cI")


def _read_exact(f: BinaryIO, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = f.read(n - len(buf))
        if not chunk:
            raise EOFError("the other side closed the pipe")
        buf += chunk
    return buf


def _frame(f: BinaryIO, tag: bytes, payload: bytes) -> None:
    f.write(_HEAD.pack(tag, len(payload)) + payload)
    f.flush()


def _read_frame(f: BinaryIO) -> tuple[bytes, bytes]:
    tag, n = _HEAD.unpack(_read_exact(f, _HEAD.size))
    return tag, _read_exact(f, n)


def serve(model: SphinxModel, inp: BinaryIO, out: BinaryIO) -> None:
    rec = SphinxRecognizer(model)
    _frame(out, b"k", b"ready")
    while True:
        try:
            op, payload = _read_frame(inp)
        except EOFError:
            return
        try:
            if op == b"f":
                text = rec.feed(payload)
            elif op == b"b":
                rec.begin()
                text = ""
            elif op == b"e":
                text = rec.finish()
            elif op == b"v":
                text = str(rec.add_vocabulary(payload.decode().split()))
            elif op == b"q":
                _frame(out, b"k", b"")
                return
            else:
                raise ValueError(f"unknown op {op!r}")
            _frame(out, b"k", text.encode())
        except Exception as e:  # noqa: BLE001 - the caller gets it, the process lives on
            _frame(out, b"x", repr(e).encode())


class RecognizerProcess:
    name = "pocketsphinx (process)"

    def __init__(self, model: SphinxModel | None = None) -> None:
        model = model or SphinxModel()
        args = [sys.executable, "-m", "viva.voice.stt_process", str(model.lm or "-"), str(model.dictionary or "-")]
        self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._lock = threading.Lock()
        self._ready = False  # several start in parallel; each is waited for on first use

    def _reply(self) -> str:
        assert self._proc.stdout is not None
        tag, payload = _read_frame(self._proc.stdout)  # type: ignore[arg-type]
        if tag == b"x":
            raise RuntimeError(payload.decode(errors="replace"))
        return payload.decode()

    def _call(self, op: str, payload: bytes = b"") -> str:
        assert self._proc.stdin is not None
        with self._lock:
            if not self._ready:
                self._reply()
                self._ready = True
            _frame(self._proc.stdin, OPS[op], payload)  # type: ignore[arg-type]
            return self._reply()

    def begin(self) -> None:
        self._call("begin")

    def feed(self, pcm: bytes) -> str:
        return self._call("feed", pcm)

    def finish(self) -> str:
        return self._call("finish")

    def add_vocabulary(self, words: Iterable[str]) -> int:
        return int(self._call("vocab", " ".join(words).encode()) or 0)

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def close(self) -> None:
        try:
            self._call("close")
        except (OSError, EOFError, RuntimeError, ValueError):
            pass
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._proc.kill()


def main() -> None:
    lm, dic = sys.argv[1], sys.argv[2]
    model = SphinxModel(lm=None if lm == "-" else Path(lm), dictionary=None if dic == "-" else Path(dic))
    serve(model, sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
