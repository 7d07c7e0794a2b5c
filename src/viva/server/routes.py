"""HTTP routes (DESIGN §4). Handlers are thin: they check access and call plain functions."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from viva.events import SessionStarted
from viva.problems import ProblemNotFound, get_problem, list_problems
from viva.judge.languages import availability
from viva.problems.schema import Language, public_view
from viva.scoring.report import Report
from viva.server.candidates import LengthMin, SpeechRate, saved_settings
from viva.server.context import AppContext, ctx_of
from viva.server.identity import candidate_of, owns, public_id, session_token, set_session_cookies
from viva.store import io as store_io
from viva.store.audio import remove_audio
from viva.store import SessionMeta, SessionNotFound, hash_token, new_session_id, new_token, token_matches

router = APIRouter()


async def authorized_session(session_id: str, request: Request) -> SessionMeta:
    """404 when there is no such session, 401 when the token is missing or not this session's."""
    ctx = ctx_of(request)
    try:
        meta = await store_io.run(ctx.store.get, session_id)
    except SessionNotFound:
        raise HTTPException(404, "no such session") from None
    token = session_token(request)
    if not (token_matches(meta, token) or ctx.is_admin(token) or owns(meta, candidate_of(request))):
        raise HTTPException(401, "wrong or missing token", headers={"WWW-Authenticate": "Bearer"})
    return meta


def require_admin(request: Request) -> None:
    if not ctx_of(request).is_admin(session_token(request)):
        raise HTTPException(401, "admin token required", headers={"WWW-Authenticate": "Bearer"})


def refuse_if_busy(ctx: AppContext, request: Request) -> None:
    """429 past the client's rate of new sessions; 503 when this node runs all it may."""
    ctx.refuse_past_rate(ctx.session_rate, request, "new sessions")
    if ctx.full():
        ctx.metrics.refused_full.inc()
        raise HTTPException(503, "this server is running as many interviews as it can: try again shortly",
                            headers={"Retry-After": "30"})


class CreateSession(BaseModel):
    problem_id: str | None = None
    language: Language = "python"
    mode: Literal["voice", "text"] = "voice"
    # Omitted: the candidate's saved settings, then the server's.
    length_min: LengthMin | None = None
    voice: str | None = Field(None, max_length=64)
    speech_rate: SpeechRate | None = None


class CreatedSession(BaseModel):
    session_id: str
    token: str
    problem: dict[str, Any]
    ws_url: str


DEFAULT_PROBLEM = "two-sum"


@router.post("/api/sessions", status_code=201, response_model=CreatedSession)
async def create_session(body: CreateSession, request: Request, response: Response) -> CreatedSession:
    ctx = ctx_of(request)
    refuse_if_busy(ctx, request)
    try:
        problem = get_problem(body.problem_id or DEFAULT_PROBLEM)
    except ProblemNotFound:
        raise HTTPException(404, f"no problem {body.problem_id!r}") from None
    unavailable = availability().get(body.language)
    if unavailable:
        raise HTTPException(422, f"{body.language} is not available here: {unavailable}")
    if not problem.starter.get(body.language):
        raise HTTPException(422, f"{problem.title} has no {body.language} version yet")
    candidate = candidate_of(request)
    saved = await saved_settings(ctx, candidate) if candidate else None  # anonymous: the server's settings
    voice = body.voice or (saved.voice if saved else None)
    if body.voice and ctx.voices and body.voice not in {v.id for v in ctx.voices}:
        raise HTTPException(422, f"no voice {body.voice!r} here; GET /api/voices lists them")
    token = new_token()
    meta = SessionMeta(session_id=new_session_id(), token_hash=hash_token(token), problem_id=problem.id,
                       language=body.language, mode=body.mode, candidate=candidate)
    await store_io.run(ctx.store.create, meta)
    await store_io.run(ctx.store.append, meta.session_id, SessionStarted(
        problem_id=problem.id, language=body.language, mode=body.mode,
        length_min=body.length_min or (saved.length_min if saved else None),
        voice=voice if voice and voice in {v.id for v in ctx.voices} else None,
        speech_rate=body.speech_rate or (saved.speech_rate if saved else None)))
    ctx.metrics.sessions_created.inc()
    set_session_cookies(response, meta.session_id, token, ctx.settings.retention_s, request.url.scheme == "https")
    return CreatedSession(session_id=meta.session_id, token=token, problem=public_view(problem),
                          ws_url=f"/ws/sessions/{meta.session_id}?token={token}")


@router.post("/api/sessions/{session_id}/access", status_code=204)
async def session_access(request: Request, meta: SessionMeta = Depends(authorized_session)) -> Response:
    """A resume link opened on another device: its token (sent once, in a header) becomes this
    browser's cookies for the session, so no later URL carries it."""
    token = session_token(request)
    response = Response(status_code=204)
    if token and token_matches(meta, token):
        set_session_cookies(response, meta.session_id, token, ctx_of(request).settings.retention_s,
                            request.url.scheme == "https")
    return response


@router.get("/api/sessions")
async def all_sessions(request: Request, _: None = Depends(require_admin)) -> dict[str, Any]:
    metas = await store_io.run(ctx_of(request).store.list_sessions)
    return {"sessions": [{**m.model_dump(exclude={"token_hash", "candidate"}),
                          "candidate_id": public_id(m.candidate) if m.candidate else None} for m in metas]}


@router.get("/api/sessions/{session_id}")
async def session_info(request: Request, meta: SessionMeta = Depends(authorized_session)) -> dict[str, Any]:
    live = await ctx_of(request).live.get(meta.session_id)
    s = live.state
    return {
        "session_id": meta.session_id, "problem_id": s.problem_id, "language": s.language, "mode": s.mode,
        "phase": s.phase, "ended": s.ended, "last_seq": s.last_seq, "created_at": meta.created_at,
        "started_at": s.started_at, "length_min": round(s.length_s / 60) if s.length_s else None,
        "code": s.code, "runs": len(s.runs), "hints": s.hint_levels,
        "transcript": [t.model_dump() for t in s.transcript],
    }


@router.get("/api/sessions/{session_id}/events")
async def session_events(request: Request, after: int = Query(0, ge=0), limit: int = Query(1000, ge=1, le=10000),
                         meta: SessionMeta = Depends(authorized_session)) -> dict[str, Any]:
    events = await store_io.run(ctx_of(request).store.read, meta.session_id, after, limit)
    return {"session_id": meta.session_id, "events": [e.model_dump() for e in events],
            "last_seq": events[-1].seq if events else after}


@router.delete("/api/sessions/{session_id}", status_code=204)
async def delete_session(request: Request, meta: SessionMeta = Depends(authorized_session)) -> Response:
    ctx = ctx_of(request)
    await store_io.run(ctx.store.delete, meta.session_id)
    ctx.live.forget(meta.session_id)
    await store_io.run(remove_audio, ctx.settings.data_dir, meta.session_id)  # VIVA_RECORD_AUDIO
    return Response(status_code=204)


@router.get("/api/sessions/{session_id}/report", response_model=Report)
async def session_report(request: Request, meta: SessionMeta = Depends(authorized_session)) -> Report:
    """The report, computed from the session's events (the same events always give the same report)."""
    from viva.scoring.service import session_report as build

    report = await asyncio.to_thread(build, ctx_of(request).store, meta.session_id)
    if report is None:
        raise HTTPException(404, "this session has no report")
    return report


@router.get("/sessions/{session_id}/report", response_class=HTMLResponse, include_in_schema=False)
async def session_report_page(request: Request, meta: SessionMeta = Depends(authorized_session)) -> HTMLResponse:
    from viva.scoring.page import render
    from viva.scoring.service import session_report as build

    report = await asyncio.to_thread(build, ctx_of(request).store, meta.session_id)
    if report is None:
        raise HTTPException(404, "this session has no report")
    return HTMLResponse(render(report.model_dump(mode="json"), created_at=meta.created_at))


@router.get("/api/analytics")
async def analytics_json(request: Request, _: None = Depends(require_admin)) -> dict[str, Any]:
    from viva.scoring.service import analytics

    return await asyncio.to_thread(analytics, ctx_of(request).store)


@router.get("/admin/analytics", response_class=HTMLResponse, include_in_schema=False)
async def analytics_page(request: Request, _: None = Depends(require_admin)) -> HTMLResponse:
    from viva.scoring.page import render_analytics
    from viva.scoring.service import analytics

    return HTMLResponse(render_analytics(await asyncio.to_thread(analytics, ctx_of(request).store)))


@router.get("/api/problems")
async def problems() -> dict[str, Any]:
    return {"problems": [p.summary() for p in list_problems()]}


class ProblemImport(BaseModel):
    text: str = Field(max_length=512 * 1024)  # YAML in the bank's schema, or Markdown
    format: Literal["yaml", "markdown"] | None = None  # default: told by the text
    replace: bool = False


@router.post("/api/problems", dependencies=[Depends(require_admin)])
async def import_problem(body: ProblemImport, request: Request) -> JSONResponse:
    """Practice any problem: checked in the sandbox, then in the bank for new interviews."""
    from viva.judge.sandbox import SandboxUnavailable
    from viva.judge.validate import import_problem as run_import

    ctx = ctx_of(request)
    if ctx.judge.sandbox is None:
        raise HTTPException(503, f"the judge refuses to run code here: {ctx.judge.unavailable}")
    name = {"yaml": "problem.yaml", "markdown": "problem.md"}.get(body.format or "", "problem")
    try:
        report = await run_import(body.text, name, ctx.judge.sandbox, ctx.judge.limits, ctx.settings.data_dir,
                                  replace=body.replace)
    except SandboxUnavailable as e:
        raise HTTPException(503, f"the judge refuses to run code here: {e}") from None
    return JSONResponse(report.model_dump(mode="json", exclude={"path"}), status_code=201 if report.ok else 422)


@router.get("/api/languages")
async def languages() -> dict[str, Any]:
    """The judge's languages, and whether each can run on this server."""
    from viva.judge.languages import toolchain

    out = []
    for lang, why in availability().items():
        label = toolchain(lang).label if why != "this build does not include it" else lang
        out.append({"id": lang, "label": label, "available": why is None, **({"why": why} if why else {})})
    return {"languages": out}


@router.get("/api/problems/{problem_id}")
async def problem(problem_id: str) -> dict[str, Any]:
    try:
        return public_view(get_problem(problem_id))
    except ProblemNotFound:
        raise HTTPException(404, f"no problem {problem_id!r}") from None


class JudgeRequest(BaseModel):
    problem_id: str
    language: Language
    code: str = Field(max_length=100_000)
    # The candidate's own input (one argument per line, as JSON): a side-by-side run against the
    # reference instead of the problem's tests.
    input: str | None = Field(default=None, max_length=64 * 1024)


@router.post("/api/judge")
async def judge_code(body: JudgeRequest, request: Request) -> dict[str, Any]:
    """Judge code against a problem's tests, outside any session."""
    from viva.judge.sandbox import SandboxUnavailable

    from viva.judge.custom import InputError
    from viva.judge.queue import JudgeBusy, JudgeTimeout

    ctx = ctx_of(request)
    ctx.refuse_past_rate(ctx.judge_rate, request, "judge runs")
    try:
        if body.input is not None:
            custom = await ctx.judge.try_input(body.problem_id, body.language, body.code, body.input)
            return custom.model_dump(mode="json")
        result = await ctx.judge.submit(body.problem_id, body.language, body.code)
    except ProblemNotFound:
        raise HTTPException(404, f"no problem {body.problem_id!r}") from None
    except InputError as e:
        raise HTTPException(422, f"the input: {e}") from None
    except SandboxUnavailable as e:
        raise HTTPException(503, f"the judge refuses to run code here: {e}") from None
    except (JudgeBusy, JudgeTimeout) as e:
        raise HTTPException(503, f"busy: {e}", headers={"Retry-After": "5"}) from None
    ctx.metrics.judge_runs.labels(body.language, result.verdict.value).inc()
    ctx.metrics.judge_seconds.observe(result.time_ms / 1000)
    return result.model_dump(mode="json")


@router.get("/healthz")
async def healthz(request: Request) -> dict[str, Any]:
    ctx = ctx_of(request)
    try:
        store_ok = await store_io.run(ctx.store.ping)
    except Exception:  # noqa: BLE001
        store_ok = False
    if not store_ok:
        raise HTTPException(503, "store unreachable")
    return {"status": "ok", "store": type(ctx.store).__name__, **ctx.extras.get("health", {})}


@router.get("/metrics")
async def metrics(request: Request) -> PlainTextResponse:
    return PlainTextResponse(generate_latest(ctx_of(request).metrics.registry).decode(),
                             media_type=CONTENT_TYPE_LATEST)



@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index(request: Request) -> HTMLResponse:
    from viva.server.pages import index_page

    return HTMLResponse(index_page())
