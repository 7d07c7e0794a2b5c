"""A local stand-in for OpenAI's speech-to-text endpoint (POST /v1/audio/transcriptions).

It speaks the real wire format (a `multipart/form-data` upload; a `verbose_json`, `json` or
`text` answer; OpenAI's `{"error": {...}}` body on failure) and really transcribes, with the
embedded pocketsphinx recognizer and the interview language model, so a client is tested against
what it heard rather than a canned string. It takes what the recognizer takes: WAV, 16 kHz mono
16-bit.

It misbehaves on request, chosen by the `model` form field: "slow" answers only after `slow_s`
(30 s; cut short when the client hangs up or the stand-in stops), "fail" answers 500 with an
OpenAI error body, "garbage" answers 200 with a body that is not JSON, and "plain" answers the plain
`json` shape whatever was asked (as some OpenAI-compatible servers do). Any other model transcribes.
Every request's form fields are kept (the audio as its size and WAV parameters) in `requests`.

python-multipart (Starlette's form parser) is not a dependency, so the body is split here: the
format is small (RFC 7578), and a hand parser keeps the audio bytes exactly as sent.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import io
import socket
import threading
import time
import wave
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Self

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

__all__ = ["FileSeen", "OpenAITranscriptionStandIn", "RequestSeen", "parse_multipart"]

SAMPLE_RATE = 16000
AVG_LOGPROB = -0.2  # pocketsphinx's final gives no comparable score: a fixed, clean-decode value
LANGUAGES = {"en": "english", "de": "german", "fr": "french", "es": "spanish"}
SERVER_ERROR = "The server had an error while processing your request. Sorry about that!"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class FileSeen:
    """The uploaded file as the stand-in saw it: its part headers, size and (for a WAV) format."""

    filename: str | None
    content_type: str
    size: int
    rate: int | None = None
    channels: int | None = None
    sample_width: int | None = None
    frames: int | None = None


@dataclass
class RequestSeen:
    fields: dict[str, str] = field(default_factory=dict)  # the text fields, as sent
    file: FileSeen | None = None
    authorization: str | None = None  # the Authorization header, as sent


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None
    content_type: str
    data: bytes


class MultipartError(ValueError):
    pass


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """The parts of a `multipart/form-data` body (RFC 7578), data bytes untouched."""
    m = Message()
    m["content-type"] = content_type
    boundary = m.get_boundary()
    if m.get_content_type() != "multipart/form-data" or not boundary:
        raise MultipartError(f"expected multipart/form-data with a boundary, got {content_type!r}")
    # Every delimiter but the first follows a CRLF, which belongs to the delimiter, not the data.
    chunks = (b"\r\n" + body).split(b"\r\n--" + boundary.encode("latin-1"))
    if len(chunks) < 2 or not chunks[-1].startswith(b"--"):
        raise MultipartError("the multipart body has no closing delimiter")
    headers = email.parser.BytesHeaderParser(policy=email.policy.HTTP)
    parts = []
    for chunk in chunks[1:-1]:
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise MultipartError("a part has no blank line after its headers")
        h = headers.parsebytes(head.strip() + b"\r\n\r\n")
        name = h.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise MultipartError("a part has no Content-Disposition name")
        parts.append(Part(name, h.get_filename(), h.get_content_type() if h["content-type"] else "", data))
    return parts


def error(status: int, message: str, kind: str = "invalid_request_error", param: str | None = None,
          code: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "param": param, "code": code}},
                        status_code=status)


class OpenAITranscriptionStandIn:
    """A uvicorn server on a free port in a thread; `start()`/`stop()` or a `with` block."""

    def __init__(self, api_key: str | None = None, slow_s: float = 30.0) -> None:
        self.api_key = api_key
        self.slow_s = slow_s
        self.port = free_port()
        self.requests: list[RequestSeen] = []
        self._stopping = threading.Event()
        self._recognizer: Any = None
        self._recognizer_lock = threading.Lock()  # one pocketsphinx decoder: one utterance at a time
        app = Starlette(routes=[Route("/v1/audio/transcriptions", self.transcriptions, methods=["POST"])])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="stt-standin")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> Self:
        """Load the recognizer (before the first request, which would otherwise pay for it), then serve."""
        from viva.voice.corpus import default_model
        from viva.voice.stt import SphinxRecognizer

        self._recognizer = SphinxRecognizer(default_model())
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the transcription stand-in did not start on port {self.port}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._stopping.set()  # cuts "slow" requests short, so shutdown does not wait for them
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def recognize(self, pcm: bytes) -> str:
        """What the embedded recognizer hears in 16 kHz mono s16le `pcm`."""
        pad = bytes(int(SAMPLE_RATE * 0.3) * 2)  # 0.3 s of silence each side, as a VAD would leave
        with self._recognizer_lock:
            r = self._recognizer
            r.begin()
            audio = pad + pcm + pad
            for i in range(0, len(audio), 3200):
                r.feed(audio[i:i + 3200])
            return r.finish()

    async def transcriptions(self, request: Request) -> Response:
        body = await request.body()
        seen = RequestSeen(authorization=request.headers.get("authorization"))
        self.requests.append(seen)
        try:
            parts = parse_multipart(body, request.headers.get("content-type", ""))
        except MultipartError as e:
            parts = []
            malformed: str | None = str(e)
        else:
            malformed = None
        upload: Part | None = None
        for p in parts:
            if p.filename is not None:
                upload = upload or p
            else:
                seen.fields[p.name] = p.data.decode("utf-8", "replace")
        wav = _wav(upload.data) if upload else None
        if upload:
            seen.file = FileSeen(upload.filename, upload.content_type, len(upload.data),
                                 *(wav[:4] if wav else (None, None, None, None)))

        if self.api_key is not None and seen.authorization != f"Bearer {self.api_key}":
            return error(401, "Incorrect API key provided. You can find your API key at "
                              "https://platform.openai.com/account/api-keys.", code="invalid_api_key")
        if malformed:
            return error(400, f"Could not parse multipart form: {malformed}")
        missing = [name for name, there in (("file", upload is not None), ("model", "model" in seen.fields))
                   if not there]
        if missing:
            return error(400, f"Missing required parameter: '{missing[0]}'.", param=missing[0])
        fmt = seen.fields.get("response_format", "json")
        if fmt not in ("json", "verbose_json", "text"):
            return error(400, f"Invalid response_format {fmt!r}: this stand-in speaks json, verbose_json and text.",
                         param="response_format")
        if wav is None:
            return error(400, "Invalid file format. Supported formats: ['wav'] (this stand-in takes WAV only).",
                         param="file")
        rate, channels, width, frames, pcm = wav
        if (rate, channels, width) != (SAMPLE_RATE, 1, 2):
            return error(400, f"Unsupported WAV: {rate} Hz, {channels} channel(s), {8 * width}-bit; this stand-in "
                              f"takes 16000 Hz mono 16-bit.", param="file")
        if frames < SAMPLE_RATE // 10:
            return error(400, "Audio file is too short. Minimum audio length is 0.1 seconds.", param="file",
                         code="audio_too_short")

        mode = seen.fields["model"]
        if mode == "fail":
            return error(500, SERVER_ERROR, kind="server_error")
        if mode == "garbage":
            return Response(b"<html><body>502 Bad Gateway</body></html>\n", media_type="application/json")
        if mode == "slow":
            deadline = time.monotonic() + self.slow_s
            while time.monotonic() < deadline:
                if self._stopping.is_set() or await request.is_disconnected():
                    return error(503, "Cut short: the client hung up or the stand-in is stopping.", kind="server_error")
                await asyncio.sleep(0.05)

        text = await run_in_threadpool(self.recognize, pcm)
        if mode == "plain":
            fmt = "json"
        if fmt == "text":
            return PlainTextResponse(text + "\n")
        if fmt == "json":
            return JSONResponse({"text": text})
        duration = round(frames / rate, 2)
        language = seen.fields.get("language", "en")
        segments = [{"id": 0, "seek": 0, "start": 0.0, "end": duration, "text": " " + text, "tokens": [],
                     "temperature": _number(seen.fields.get("temperature", "0")), "avg_logprob": AVG_LOGPROB,
                     "compression_ratio": 1.0, "no_speech_prob": 0.01}] if text else []
        return JSONResponse({"task": "transcribe", "language": LANGUAGES.get(language, language),
                             "duration": duration, "text": text, "segments": segments})


def _wav(data: bytes) -> tuple[int, int, int, int, bytes] | None:
    """(rate, channels, sample width, frames, samples) of a WAV file, or None if it is not one."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            frames = w.getnframes()
            return w.getframerate(), w.getnchannels(), w.getsampwidth(), frames, w.readframes(frames)
    except Exception:  # noqa: BLE001 - wave.Error, EOFError, struct.error: whatever it is, not a WAV we read
        return None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0
