"""One settings object, read from `VIVA_*` environment variables. Nothing else reads os.environ."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VIVA_", extra="ignore")

    # Where SQLite and anything else on disk lives.
    data_dir: Path = Field(default_factory=lambda: Path.cwd() / "viva-data")
    # "sqlite" (a file in data_dir), "sqlite:///path/to/file.db", or "redis://host:port/db".
    store_url: str = "sqlite"
    # Scale-out (DESIGN §8): when set, sessions live in Redis; `store_url` defaults to it.
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # Grants the operator routes (list every session, delete any). Unset: those routes are off.
    admin_token: SecretStr | None = None
    # Abandoned sessions expire after this many seconds without activity.
    retention_s: int = Field(default=7 * 24 * 3600, ge=60)

    # Judge (DESIGN §5).
    judge_sandbox: str = "bubblewrap"  # or "unsafe-local", which must be asked for explicitly
    judge_slots: int = Field(default=0, ge=0)  # 0: one per CPU
    judge_wall_s: float = Field(default=5.0, gt=0)
    judge_memory_mb: int = Field(default=128, ge=16)
    judge_output_bytes: int = Field(default=1024 * 1024, ge=1024)
    judge_processes: int = Field(default=64, ge=1)
    # Scale-out: "redis" sends judge jobs to `viva worker` processes over VIVA_REDIS_URL.
    judge_queue: Literal["local", "redis"] = "local"
    judge_queue_max: int = Field(default=100, ge=1)  # jobs waiting past this: a `busy` error
    judge_timeout_s: float = Field(default=60.0, gt=0)  # a node gives up on a job after this
    judge_claim_s: float = Field(default=30.0, gt=0)  # a worker takes over a job idle this long

    # WebSocket limits (DESIGN §4).
    ws_max_frame_bytes: int = 64 * 1024
    ws_max_text_chars: int = 64 * 1024

    # A shared deployment (README "Hardening"): per-client rates (0: off), live sessions per node,
    # and the proxies whose X-Forwarded-For names the client (comma-separated addresses).
    rate_sessions_per_min: int = Field(default=60, ge=0)  # session creations and new candidate keys
    rate_judge_per_min: int = Field(default=240, ge=0)  # judge runs, over HTTP and the WebSocket
    max_live_sessions: int = Field(default=200, ge=1)
    trusted_proxies: str = ""

    # The interviewer's clock (seconds). Hints: never unprompted before `hint_stuck_s` stuck in a
    # phase, never two levels within `hint_gap_s`; repeated failing runs and silence also count.
    interview_length_s: float = 45 * 60
    hint_stuck_s: float = 180
    hint_gap_s: float = 60
    hint_failing_runs: int = 3
    coding_silence_s: float = 240
    no_run_cue_s: float = 8 * 60
    # Tests only: lets a client move the session's clock forward (`debug_clock`). Never in production.
    test_clock: bool = False

    # Built files that can be made again (the speech recognizer's language model), VIVA_CACHE_DIR.
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "viva")
    # Paraphrased clarifying questions matched by meaning ("minilm"), or by their words alone ("none").
    sentence_model: Literal["minilm", "none"] = "minilm"

    # Voice (DESIGN §1, §7). Engines load once at start; `voice=false` serves text interviews only.
    voice: bool = True
    tts_engine: str = "hibari"  # "hibari", "piper" (the optional extra: pip install 'viva[piper]'), "espeak-ng"
    stt_decoders: int = Field(default=2, ge=0)  # pocketsphinx decoders loaded at start, lent to sessions
    # Decode in recognizer processes: pocketsphinx holds the GIL, so in-process decoders share one core.
    stt_processes: bool = True
    # Two-pass hearing (README "Speech engines"). The fast pass streams and drives turn-taking; the
    # accurate pass re-hears each finished utterance: "whisper" (embedded), "openai" (a cloud
    # `/v1/audio/transcriptions`), "openai+whisper" (the cloud, falling back to whisper) or "none".
    stt_engine: str = "pocketsphinx"
    stt_accurate: str = "whisper"
    stt_cloud_url: str | None = None
    stt_cloud_model: str = "whisper-1"
    stt_cloud_api_key: SecretStr | None = None
    stt_cloud_timeout_s: float = Field(default=4.0, gt=0)
    stt_accurate_workers: int = Field(default=1, ge=1, le=16)
    stt_accurate_waiting: int = Field(default=1, ge=0, le=64)  # more than this waiting: skip, don't lag
    stt_whisper_threads: int = Field(default=2, ge=1, le=64)
    # The longest a reply waits for the accurate pass when the fast pass was not understood, or
    # heard a long explanation (a quick, understood question never waits).
    stt_accurate_wait_ms: int = Field(default=1200, ge=0, le=10000)
    # Audio leaves at about real time with this lead over the client's playback.
    voice_lead_ms: int = Field(default=200, ge=40, le=2000)
    # Endpointing: silence that ends a statement, in discussion and testing, and while coding (where
    # pauses are thinking). A question or request ends at the VAD offset in every phase, and a
    # trailing "so"/"and"/"um" holds the turn longer (viva.voice.turns).
    voice_endpoint_ms: int = Field(default=700, ge=64, le=5000)
    voice_coding_endpoint_ms: int = Field(default=1200, ge=64, le=10000)
    voice_vad_confidence: float = Field(default=0.5, ge=0.05, le=0.99)
    # Speech over the interviewer: after this long paused with no real words, it resumes.
    voice_backchannel_window_ms: int = Field(default=1200, ge=100, le=10000)
    # Speech over the interviewer drops its voice by this much at once, before a word is recognised
    # (0 turns ducking off: it then talks on until words, or the backchannel window, stop it).
    voice_duck_db: float = Field(default=-14.0, ge=-60, le=0)
    # While the interviewer plays, mic audio quieter than its output by more than this is echo.
    voice_echo_margin_db: float = Field(default=14.0, ge=0, le=60)

    # Keep the candidate's microphone audio as WAV files in data_dir/audio/<session>/ (removed with
    # the session). Off unless the operator turns it on: VIVA_RECORD_AUDIO=1.
    record_audio: bool = False

    # Optional LLM (DESIGN §1): any OpenAI-compatible chat endpoint.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_first_token_timeout_s: float = 2.0

    # The terminal interview's `/edit` opens this editor (the usual $EDITOR, read here too).
    editor: str | None = Field(default=None, validation_alias="EDITOR")

    # OpenTelemetry's own variable, read here so nothing else touches os.environ.
    otel_exporter_otlp_endpoint: str | None = Field(default=None, validation_alias="OTEL_EXPORTER_OTLP_ENDPOINT")

    @property
    def effective_store_url(self) -> str:
        if self.store_url == "sqlite" and self.redis_url:
            return self.redis_url
        return self.store_url

    @property
    def sqlite_path(self) -> Path:
        url = self.effective_store_url
        if url.startswith("sqlite:///"):
            return Path(url[len("sqlite:///"):])
        return self.data_dir / "viva.db"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
