"""The simulated voice client lives with the simulator (`viva simulate --audio` drives it too)."""

from viva.sim.voice_client import FRAME_BYTES, FRAME_MS, Received, TurnAudio, VoiceClient

__all__ = ["FRAME_BYTES", "FRAME_MS", "Received", "TurnAudio", "VoiceClient"]
