"""viva: a voice-first mock coding interviewer."""

__version__ = "0.1.0"
