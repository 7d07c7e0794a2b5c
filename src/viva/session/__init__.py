"""The session model (one typed projection of the event log) and the one fold that builds it."""

from viva.session.fold import apply, fold
from viva.session.model import Phase, SessionModel

__all__ = ["Phase", "SessionModel", "apply", "fold"]
