"""The report out of the page: PDF and Markdown downloads, and read-only share links (issue 16).

A share link carries its own token, of which only the hash is kept. It reaches the report and its
downloads, nothing else: not the session API, not the WebSocket. Revoking it makes it a 404.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse

from viva.events import SessionEnded
from viva.scoring.markdown_report import report_markdown
from viva.scoring.page import render
from viva.server.context import AppContext, ctx_of
from viva.server.pdf import PdfUnavailable, html_to_pdf
from viva.server.routes import authorized_session
from viva.store import SessionMeta, ShareLink, ShareNotFound, hash_token, new_share_id, new_token
from viva.store import io as store_io

router = APIRouter()

MAX_SHARES = 20  # per session: enough for any real use, and a bound on what a loop can make


async def _report(ctx: AppContext, session_id: str) -> dict[str, Any]:
    """The report as the page renders it, with the session's start time (the report has no date)."""
    from viva.scoring.service import session_report as build

    report = await asyncio.to_thread(build, ctx.store, session_id)
    if report is None:
        raise HTTPException(404, "this session has no report yet")
    meta = await store_io.run(ctx.store.get, session_id)
    return {**report.model_dump(mode="json"), "created_at": meta.created_at}


def _filename(report: dict[str, Any], ext: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", str(report.get("problem_id", "interview")).lower()).strip("-") or "interview"
    return f"viva-report-{slug}-{report.get('session_id', '')}.{ext}"


async def _pdf(report: dict[str, Any], html: str) -> Response:
    try:
        pdf = await html_to_pdf(html)
    except PdfUnavailable as e:
        raise HTTPException(503, f"the PDF could not be made here: {e}", headers={"Retry-After": "30"}) from None
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(report, "pdf")}"'})


def _markdown(report: dict[str, Any]) -> Response:
    return Response(report_markdown(report, created_at=report["created_at"]), media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(report, "md")}"'})


# ---- the owner's downloads (the same access as the report page) ----------------------------------

@router.get("/sessions/{session_id}/report.pdf", include_in_schema=False)
async def report_pdf(request: Request, meta: SessionMeta = Depends(authorized_session)) -> Response:
    report = await _report(ctx_of(request), meta.session_id)
    return await _pdf(report, render(report, for_print=True, created_at=report["created_at"]))


@router.get("/sessions/{session_id}/report.md", include_in_schema=False)
async def report_md(request: Request, meta: SessionMeta = Depends(authorized_session)) -> Response:
    return _markdown(await _report(ctx_of(request), meta.session_id))


# ---- share links ---------------------------------------------------------------------------------

@router.post("/api/sessions/{session_id}/shares", status_code=201)
async def create_share(request: Request, meta: SessionMeta = Depends(authorized_session)) -> dict[str, Any]:
    ctx = ctx_of(request)
    events = await store_io.run(ctx.store.read, meta.session_id)
    if not any(isinstance(e, SessionEnded) for e in events):
        raise HTTPException(409, "the interview is still going: share its report once it has ended")
    if len(await store_io.run(ctx.store.shares_of, meta.session_id)) >= MAX_SHARES:
        raise HTTPException(409, f"a report has at most {MAX_SHARES} share links: revoke one first")
    token = new_token()
    share = ShareLink(share_id=new_share_id(), session_id=meta.session_id, token_hash=hash_token(token),
                      created_at=time.time())
    await store_io.run(ctx.store.add_share, share)
    return {"share_id": share.share_id, "url": f"/share/{token}", "created_at": share.created_at}


@router.get("/api/sessions/{session_id}/shares")
async def list_shares(request: Request, meta: SessionMeta = Depends(authorized_session)) -> dict[str, Any]:
    shares = await store_io.run(ctx_of(request).store.shares_of, meta.session_id)
    return {"shares": [{"share_id": s.share_id, "created_at": s.created_at} for s in shares]}


@router.delete("/api/sessions/{session_id}/shares/{share_id}", status_code=204)
async def revoke_share(share_id: str, request: Request, meta: SessionMeta = Depends(authorized_session)) -> Response:
    if not await store_io.run(ctx_of(request).store.revoke_share, meta.session_id, share_id):
        raise HTTPException(404, "no such share link")
    return Response(status_code=204)


async def _shared(request: Request, token: str) -> dict[str, Any]:
    """The report a share token opens; 404 for a wrong, revoked or orphaned token."""
    ctx = ctx_of(request)
    try:
        share = await store_io.run(ctx.store.share_by_token, hash_token(token))
    except ShareNotFound:
        raise HTTPException(404, "this share link does not exist or was revoked") from None
    return await _report(ctx, share.session_id)


@router.get("/share/{token}", response_class=HTMLResponse, include_in_schema=False)
async def shared_page(token: str, request: Request) -> HTMLResponse:
    report = await _shared(request, token)
    # The token is in the path; keep it out of Referer headers to other sites.
    return HTMLResponse(render(report, share_token=token, created_at=report["created_at"]),
                        headers={"Referrer-Policy": "no-referrer"})


@router.get("/share/{token}/report.pdf", include_in_schema=False)
async def shared_pdf(token: str, request: Request) -> Response:
    report = await _shared(request, token)
    return await _pdf(report, render(report, for_print=True, created_at=report["created_at"]))


@router.get("/share/{token}/report.md", include_in_schema=False)
async def shared_md(token: str, request: Request) -> Response:
    return _markdown(await _shared(request, token))
