"""What the hostile-code tests of every language share: a listener that counts connections, and
the look for processes an attack left behind."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

from viva.judge.sandbox import slot_uid


class Listener:
    """A TCP listener on the host's loopback that counts connections."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def sandbox_processes(marker: str = "98765", settle_s: float = 5.0) -> list[str]:
    """Processes on the host that run as one of this process's sandbox slot uids, or whose command
    line carries the attacks' marker (the `sleep 98765` they try to leave behind).

    A killed sandbox can take a moment to finish exiting on a loaded machine (seen under 4 test
    workers: a slot-uid process with an empty command line, mid-teardown). Those are given up to
    `settle_s` to go; one that is still there after that was left behind."""
    deadline = time.monotonic() + settle_s
    while True:
        found = _sandbox_processes(marker)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def _sandbox_processes(marker: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "\nState:\tZ" in status:
            continue  # already dead: a killed bwrap waiting for the host's init to reap it
        uid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:")))
        # Only this process's slots: other judges on the machine may be busy with their own runs.
        if slot_uid(0) <= uid < slot_uid(16) or marker in cmdline:
            found.append(f"{pid} uid={uid} {cmdline}")
    return found
