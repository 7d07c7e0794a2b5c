"""Optional narrative feedback from an LLM, only when one is configured.

The model sees the finished report's evidence and writes a short paragraph. It cannot change a
number: the narrative is a separate string, and one that states a different signal or a score
that is not in the report is dropped.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from viva.llm_client import LLMConfig, LLMFailure, OpenAIChat

log = logging.getLogger("viva.llm")
SIGNAL_WORDS = {"strong hire", "hire", "lean no hire", "no hire", "strong no hire"}


def prompt(report: dict[str, Any]) -> list[dict[str, str]]:
    evidence = {p: {"score": v["score"], "confidence": v["confidence"], "evidence": [e["text"] for e in v["evidence"]]}
                for p, v in report["pillars"].items()}
    return [
        {"role": "system", "content": (
            "You write short, kind, specific feedback for a candidate after a mock coding interview. Use only the "
            "evidence given. Do not invent scores, do not change any score, and do not state a different overall "
            "result. Four sentences at most, plain text, no lists.")},
        {"role": "user", "content": json.dumps({"problem": report.get("problem_title"), "signal": report["signal"],
                                                "pillars": evidence,
                                                "recommendations": [r["advice"] for r in report["recommendations"]]})},
    ]


def contradicts(text: str, report: dict[str, Any]) -> str | None:
    scores = {v["score"] for v in report["pillars"].values()}
    for m in re.finditer(r"\b(\d{1,2})\s*(?:/|out of)\s*10\b", text):
        if int(m.group(1)) not in scores:
            return f"a score of {m.group(0)} that the report does not give"
    said = text.lower().replace("-", " ")
    mine = report["signal"].replace("_", " ")
    for word in sorted(SIGNAL_WORDS, key=len, reverse=True):
        if re.search(rf"\b{word}\b", said):
            if word != mine and word not in mine:
                return f"states {word!r} while the report says {mine!r}"
            break
    return None


async def narrative(report: dict[str, Any], cfg: LLMConfig, chat: OpenAIChat | None = None) -> str | None:
    own = chat is None
    chat = chat or OpenAIChat(cfg)
    try:
        parts: list[str] = []

        async def collect() -> None:
            async for piece in chat.stream(prompt(report)):
                parts.append(piece)

        await asyncio.wait_for(collect(), timeout=cfg.total_timeout_s)
        text = "".join(parts).strip()
    except (LLMFailure, asyncio.TimeoutError) as e:
        log.warning("llm narrative skipped: %s", e)
        return None
    finally:
        if own:
            await chat.client.aclose()
    why = contradicts(text, report) if text else "an empty reply"
    if why:
        log.warning("llm narrative dropped: %s", why)
        return None
    return text
