"""An OpenAI-compatible chat endpoint, streamed: the one client the interviewer's phrasing and the
report's narrative share (OpenAI, Ollama, vLLM, llama.cpp server, Gemini's compatible endpoint).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import AsyncIterator

import httpx


class LLMFailure(RuntimeError):
    """The endpoint did not produce a usable reply (timeout, status, malformed stream, cut)."""


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str
    api_key: str | None = None
    first_token_timeout_s: float = 2.0
    total_timeout_s: float = 20.0


class OpenAIChat:
    """Streaming chat completions over HTTP: server-sent events, `data: {...}` lines, `[DONE]`."""

    def __init__(self, cfg: LLMConfig, client: httpx.AsyncClient | None = None) -> None:
        self.cfg = cfg
        self.client = client or httpx.AsyncClient(timeout=httpx.Timeout(cfg.total_timeout_s, connect=5.0))

    async def stream(self, messages: list[dict[str, str]]) -> AsyncIterator[str]:
        headers = {"Authorization": f"Bearer {self.cfg.api_key}"} if self.cfg.api_key else {}
        body = {"model": self.cfg.model, "messages": messages, "stream": True, "temperature": 0.4, "max_tokens": 200}
        url = self.cfg.base_url.rstrip("/") + "/chat/completions"
        try:
            async with self.client.stream("POST", url, json=body, headers=headers) as resp:
                if resp.status_code != 200:
                    raise LLMFailure(f"status {resp.status_code}")
                done = False
                async for line in resp.aiter_lines():
                    line = line.strip()
                    if not line or line.startswith(":"):
                        continue
                    if not line.startswith("data:"):
                        raise LLMFailure(f"malformed line {line[:40]!r}")
                    data = line[5:].strip()
                    if data == "[DONE]":
                        done = True
                        break
                    try:
                        chunk = json.loads(data)
                        delta = chunk["choices"][0].get("delta", {}).get("content") or ""
                    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                        raise LLMFailure(f"malformed chunk {data[:40]!r}") from None
                    if delta:
                        yield delta
                if not done:
                    raise LLMFailure("the stream was cut before [DONE]")
        except httpx.HTTPError as e:
            raise LLMFailure(f"{type(e).__name__}: {e}") from e


def config_from_settings(settings) -> LLMConfig | None:  # type: ignore[no-untyped-def]
    if not (settings.llm_base_url and settings.llm_model):
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return LLMConfig(base_url=settings.llm_base_url, model=settings.llm_model, api_key=key,
                     first_token_timeout_s=settings.llm_first_token_timeout_s)
