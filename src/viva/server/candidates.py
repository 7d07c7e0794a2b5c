"""A candidate's own pages of data: identity, settings, history, Grind 75 progress (issue 16).

A candidate only ever reaches sessions created with its key; the operator token sees every
session through `GET /api/sessions` as before.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from viva.problems.schema import Language
from viva.scoring.history import HistoryItem, Progress, history_item, progress
from viva.server.context import AppContext, ctx_of
from viva.server.identity import (
    CANDIDATE_COOKIE, COOKIE_MAX_AGE_S, candidate_hash, candidate_of, public_id, valid_key,
)
from viva.store import CandidateRecord, SessionNotFound
from viva.store import io as store_io

router = APIRouter()

LengthMin = Literal[30, 45, 60]
SpeechRate = Annotated[float, Field(ge=0.8, le=1.3)]


class CandidateSettings(BaseModel):
    """What the start screen remembers for a candidate. Empty strings: no preference."""

    length_min: LengthMin = 45
    voice: str = Field("", max_length=64)
    speech_rate: SpeechRate = 1.0
    difficulty: Literal["", "easy", "medium", "hard"] = ""
    topic: str = Field("", max_length=64, pattern=r"^[a-z0-9-]*$")
    language: Language = "python"
    mode: Literal["voice", "text"] = "voice"


class Register(BaseModel):
    key: str = Field(max_length=128)


class CandidateView(BaseModel):
    candidate_id: str
    created_at: float
    settings: CandidateSettings


async def saved_settings(ctx: AppContext, candidate: str) -> CandidateSettings:
    """The candidate's settings. Settings saved by an older build that no longer validate fall
    back to the defaults rather than failing a start."""
    record = await store_io.run(ctx.store.get_candidate, candidate)
    try:
        return CandidateSettings.model_validate(record.settings if record else {})
    except ValueError:
        return CandidateSettings()


async def _record(request: Request) -> CandidateRecord:
    candidate = candidate_of(request)
    record = await store_io.run(ctx_of(request).store.get_candidate, candidate) if candidate else None
    if record is None:
        raise HTTPException(401, "no candidate key: POST /api/candidate {key} first")
    return record


def _view(record: CandidateRecord) -> CandidateView:
    try:
        settings = CandidateSettings.model_validate(record.settings)
    except ValueError:
        settings = CandidateSettings()
    return CandidateView(candidate_id=public_id(record.candidate), created_at=record.created_at, settings=settings)


@router.post("/api/candidate", response_model=CandidateView)
async def register(body: Register, request: Request, response: Response) -> CandidateView:
    """Make the key known (idempotent) and hand it back as an HttpOnly cookie, so links, fetches
    and the WebSocket all carry it. The same key on another device is the same candidate."""
    if not valid_key(body.key):
        raise HTTPException(400, "a candidate key is 22-128 characters of A-Z a-z 0-9 _ -")
    ctx = ctx_of(request)
    candidate = candidate_hash(body.key)
    record = await store_io.run(ctx.store.get_candidate, candidate)
    if record is None:
        # A new key is stored: it counts like a new session.
        ctx.refuse_past_rate(ctx.session_rate, request, "new candidate keys")
        record = CandidateRecord(candidate=candidate, settings=CandidateSettings().model_dump())
        await store_io.run(ctx.store.put_candidate, record)
    response.set_cookie(CANDIDATE_COOKIE, body.key, max_age=COOKIE_MAX_AGE_S, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return _view(record)


@router.get("/api/candidate", response_model=CandidateView)
async def me(request: Request) -> CandidateView:
    return _view(await _record(request))


@router.put("/api/candidate/settings", response_model=CandidateSettings)
async def put_settings(body: CandidateSettings, request: Request) -> CandidateSettings:
    ctx = ctx_of(request)
    if body.voice and ctx.voices and body.voice not in {v.id for v in ctx.voices}:
        raise HTTPException(422, f"no voice {body.voice!r} here; GET /api/voices lists them")
    record = await _record(request)
    await store_io.run(ctx.store.put_candidate, record.model_copy(update={"settings": body.model_dump()}))
    return body


async def _history(request: Request) -> list[HistoryItem]:
    ctx, record = ctx_of(request), await _record(request)
    metas = await store_io.run(ctx.store.sessions_of, record.candidate)

    def read_all() -> list[HistoryItem]:
        items = []
        for m in metas:
            try:
                items.append(history_item(m.session_id, m.created_at, m.mode, ctx.store.read(m.session_id)))
            except SessionNotFound:  # deleted while we read
                continue
        return items

    return await asyncio.to_thread(read_all)


@router.get("/api/candidate/sessions")
async def my_sessions(request: Request) -> dict[str, Any]:
    items = await _history(request)
    return {"sessions": [i.model_dump() for i in sorted(items, key=lambda i: -i.created_at)]}


@router.get("/api/candidate/progress", response_model=Progress)
async def my_progress(request: Request) -> Progress:
    return progress(await _history(request))


@router.get("/api/voices")
async def voices(request: Request) -> dict[str, Any]:
    vs = ctx_of(request).voices
    return {"voices": [{"id": v.id, "label": v.label, "default": i == 0} for i, v in enumerate(vs)]}
