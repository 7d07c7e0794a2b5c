"""The brain's timing settings, taken from the app's settings object."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class BrainSettings:
    interview_length_s: float = 45 * 60
    hint_stuck_s: float = 180
    hint_gap_s: float = 60
    hint_failing_runs: int = 3
    coding_silence_s: float = 240
    no_run_cue_s: float = 8 * 60

    @classmethod
    def from_settings(cls, s: Any) -> "BrainSettings":
        return cls(interview_length_s=s.interview_length_s, hint_stuck_s=s.hint_stuck_s, hint_gap_s=s.hint_gap_s,
                   hint_failing_runs=s.hint_failing_runs, coding_silence_s=s.coding_silence_s,
                   no_run_cue_s=s.no_run_cue_s)

    def for_session(self, length_s: float | None) -> "BrainSettings":
        """The candidate's chosen length, when they chose one; the other timings stay the server's."""
        return replace(self, interview_length_s=length_s) if length_s else self
