"""A separate process that appends events as fast as it can and reports each acknowledged seq.

Used by the crash-safety tests, which SIGKILL it at random moments. It starts, imports, and waits
for a line on stdin before it opens the store, says "ready" and appends: the test starts the next
round's appenders while the current round runs.
usage: python -m tests.appender sqlite PATH SESSION WRITER | redis URL PREFIX SESSION WRITER
"""

from __future__ import annotations

import hashlib
import sys

from viva.events import CueShown
from viva.store.redis import RedisStore
from viva.store.sqlite import SQLiteStore


def main(argv: list[str]) -> None:
    if not sys.stdin.readline():
        return  # the test ended without starting this one
    if argv[0] == "sqlite":
        store = SQLiteStore(argv[1])
        session, writer = argv[2], argv[3]
    else:
        store = RedisStore(argv[1], prefix=argv[2])
        session, writer = argv[3], argv[4]
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    i = 0
    while True:
        text = f"{writer}:{i}"
        seq = store.append(session, CueShown(text=text, key=hashlib.sha256(text.encode()).hexdigest())).seq
        sys.stdout.write(f"{seq} {text}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main(sys.argv[1:])
