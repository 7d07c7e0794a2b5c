"""`viva interview`: the text interview in a terminal. An app on top, like `viva.server`: it drives
the interviewer, the judge and the store, and nothing below imports it."""

from viva.terminal.interview import main

__all__ = ["main"]
