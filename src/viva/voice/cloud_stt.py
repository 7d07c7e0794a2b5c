"""A cloud accurate pass over OpenAI's transcription API, and a chain that falls back between engines.

The wire format is OpenAI's `POST /v1/audio/transcriptions` (also spoken by self-hosted
OpenAI-compatible servers): a `multipart/form-data` body with the audio as the `file` part (here a
16 kHz mono 16-bit WAV named `utterance.wav`, `audio/wav`) and the text fields `model`,
`language`, `prompt` (only when there is one), `response_format` and `temperature`. We ask for
`verbose_json`, whose answer carries per-segment `avg_logprob`s:

    {"task": "transcribe", "language": "english", "duration": 1.9, "text": "...",
     "segments": [{"id": 0, "start": 0.0, "end": 1.9, "text": "...", "avg_logprob": -0.21, ...}]}

A server that only speaks `json` answers `{"text": "..."}`, which is accepted too. Errors come back
as a non-2xx status with `{"error": {"message": ..., "type": ...}}`.

A cloud engine fails in ways an embedded one does not (no network, a slow or overloaded server, a
revoked key), and the interview cannot wait on it: every failure becomes a `TranscriptionError`
within the timeout, and `FallbackTranscriber` puts an embedded engine behind it.
"""

from __future__ import annotations

import io
import json
import logging
import math
import threading
import time
import wave
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import httpx

from viva.voice.stt import Transcriber, Transcript, TranscriptionError

__all__ = ["FallbackTranscriber", "OpenAITranscriber", "wav_bytes"]

log = logging.getLogger("viva.voice")

SAMPLE_RATE = 16000
MIN_SAMPLES = SAMPLE_RATE // 10  # OpenAI rejects audio under 0.1 s (400 audio_too_short)
PLAIN_JSON_CONFIDENCE = 0.9  # `json` answers carry no log-probabilities: trusted like a clean decode


def wav_bytes(pcm: bytes, rate: int = SAMPLE_RATE) -> bytes:
    """16-bit mono PCM as a WAV file in memory (the upload format every transcription API takes)."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm[: len(pcm) // 2 * 2])
    return buf.getvalue()


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class OpenAITranscriber:
    """Whole utterances to text through an OpenAI-compatible `/v1/audio/transcriptions` endpoint.

    `timeout_s` bounds each phase of the request (connect, send, each read), as httpx does; a server
    that answers nothing within it is a `TranscriptionError`, so the caller can fall back in time.
    One `httpx.Client` is kept for the instance so connections are reused between utterances (TLS
    setup costs more than a short utterance's upload); its pool is safe to share between threads.
    """

    name = "openai"

    def __init__(self, base_url: str, model: str = "whisper-1", api_key: str | None = None,
                 timeout_s: float = 4.0, language: str = "en") -> None:
        base = base_url.rstrip("/")
        self.url = f"{base}/audio/transcriptions" if base.endswith("/v1") else f"{base}/v1/audio/transcriptions"
        self.model = model
        self.language = language
        self.timeout_s = timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_s), headers=headers)

    def transcribe(self, pcm: bytes, prompt: str = "") -> Transcript:
        """`pcm`: 16 kHz mono s16le. `prompt`: words this interview is likely to use (Whisper's
        prompt biases spelling). Raises only `TranscriptionError`."""
        t0 = time.monotonic()
        if len(pcm) // 2 < MIN_SAMPLES:
            return Transcript("", 0.0, self.name, time.monotonic() - t0)  # nothing to hear; no round trip
        try:
            body = self._post(pcm, prompt)
            text, confidence = _parse(body, self.name)
        except TranscriptionError:
            raise
        except Exception as e:  # the contract: callers handle one exception type
            raise TranscriptionError(f"{self.name}: unexpected {type(e).__name__}: {_one_line(str(e))}") from e
        return Transcript(text, round(confidence, 3), self.name, time.monotonic() - t0)

    def _post(self, pcm: bytes, prompt: str) -> bytes:
        data = {"model": self.model, "language": self.language, "response_format": "verbose_json",
                "temperature": "0"}
        if prompt:
            data["prompt"] = prompt
        files = {"file": ("utterance.wav", wav_bytes(pcm), "audio/wav")}
        try:
            r = self._client.post(self.url, data=data, files=files)
        except httpx.TimeoutException as e:
            raise TranscriptionError(f"{self.name}: no answer from {self.url} within {self.timeout_s:g} s "
                                     f"({type(e).__name__})") from e
        except httpx.ConnectError as e:
            raise TranscriptionError(f"{self.name}: could not connect to {self.url}: {_one_line(str(e))}") from e
        except httpx.HTTPError as e:
            raise TranscriptionError(f"{self.name}: request to {self.url} failed: {type(e).__name__}: "
                                     f"{_one_line(str(e))}") from e
        if not r.is_success:
            raise TranscriptionError(f"{self.name}: {self.url} answered {r.status_code}: {_error_message(r)}")
        return r.content

    def close(self) -> None:
        self._client.close()


def _error_message(r: httpx.Response) -> str:
    """The server's own `error.message` when the body has OpenAI's error shape, else the body's start."""
    try:
        doc = r.json()
    except ValueError:  # not JSON (UnicodeDecodeError is a ValueError too)
        doc = None
    err = doc.get("error") if isinstance(doc, dict) else None
    if isinstance(err, dict) and isinstance(err.get("message"), str):
        kind = err.get("type") or err.get("code")
        return _one_line(f"{err['message']} ({kind})" if kind else err["message"])
    return _one_line(r.text) or r.reason_phrase or "no body"


def _parse(body: bytes, name: str) -> tuple[str, float]:
    """`text` and a 0..1 confidence from a `verbose_json` (or plain `json`) answer."""
    try:
        doc: Any = json.loads(body)
    except ValueError as e:  # UnicodeDecodeError is a ValueError
        start = _one_line(body.decode("utf-8", "replace"), 80)
        raise TranscriptionError(f"{name}: the answer is not JSON: {start!r}") from e
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
        raise TranscriptionError(f"{name}: the answer has no `text`: {_one_line(json.dumps(doc), 80)}")
    segments = doc.get("segments")
    logprobs = [s["avg_logprob"] for s in segments if isinstance(s, dict)
                and isinstance(s.get("avg_logprob"), (int, float)) and not isinstance(s["avg_logprob"], bool)] \
        if isinstance(segments, list) else []
    # Mean segment log-probability as 0..1, the measure WhisperTranscriber reports (e^-0.1 ≈ 0.9).
    confidence = math.exp(min(0.0, sum(logprobs) / len(logprobs))) if logprobs else PLAIN_JSON_CONFIDENCE
    return doc["text"].strip(), confidence


class FallbackTranscriber:
    """Engines in order of preference: the first answer wins, a failure moves on to the next.

    `name` is the engines' names joined by ">" ("openai>whisper": openai, else whisper); the
    returned `Transcript.engine` names the one that answered and its `seconds` is the whole wait,
    failed attempts included, since that is what the caller waited. `fallbacks` counts each move
    from a failed engine to the next one (thread-safe), for metrics and tests.
    """

    def __init__(self, engines: Sequence[Transcriber]) -> None:
        if not engines:
            raise ValueError("FallbackTranscriber needs at least one engine")
        self.engines = list(engines)
        self.name = ">".join(e.name for e in self.engines)
        self.fallbacks = 0
        self._lock = threading.Lock()

    def transcribe(self, pcm: bytes, prompt: str = "") -> Transcript:
        t0 = time.monotonic()
        failures: list[str] = []
        for i, engine in enumerate(self.engines):
            if i:
                with self._lock:
                    self.fallbacks += 1
            try:
                t = engine.transcribe(pcm, prompt)
            except TranscriptionError as e:
                log.warning("transcriber %s failed: %s", engine.name, e)
                msg = str(e)
                failures.append(msg if msg.startswith(f"{engine.name}:") else f"{engine.name}: {msg}")
                continue
            except Exception as e:  # one broken engine must not take the turn down
                log.exception("transcriber %s raised", engine.name)
                failures.append(f"{engine.name}: {type(e).__name__}: {_one_line(str(e))}")
                continue
            return replace(t, seconds=time.monotonic() - t0)
        raise TranscriptionError("every transcriber failed: " + "; ".join(failures))

    def close(self) -> None:
        for engine in self.engines:
            close = getattr(engine, "close", None)
            if close:
                close()
