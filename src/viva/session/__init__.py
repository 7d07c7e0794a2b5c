"""The session model (one typed projection of the event log) and the one fold that builds it.

`viva.session.room` (not imported here) is the room that runs a live session on top of them.
"""

from viva.session.fold import apply, fold
from viva.session.model import Phase, SessionModel

__all__ = ["Phase", "SessionModel", "apply", "fold"]
