"""Static analysis of a candidate's code snapshot, so the interviewer can "read the screen".

    from viva.analysis import analyse, CodeAnalysis
    analysis = analyse(code, "python")   # or "javascript"

Pure and deterministic; never raises. Complexity figures are heuristics, phrased as estimates.
"""

from __future__ import annotations

from functools import lru_cache

from viva.analysis.complexity import estimate
from viva.analysis.facts import Facts
from viva.analysis.model import CodeAnalysis, LinearOp, Loop, NameAt, StructureUse, SyntaxIssue

__all__ = ["CodeAnalysis", "LinearOp", "Loop", "NameAt", "StructureUse", "SyntaxIssue", "analyse"]

MAX_BYTES = 200_000


def analyse(code: str, language: str) -> CodeAnalysis:
    """Analyse `code` written in `language` ("python" or "javascript"). Never raises."""
    try:
        if isinstance(code, str) and len(code) > MAX_BYTES:  # checked before the cache holds on to it
            return CodeAnalysis(language=str(language).strip().lower(), syntax_error=SyntaxIssue(
                message=f"code is too large to analyse (over {MAX_BYTES // 1000} KB)"))
        return _analyse(code, language).model_copy(deep=True)
    except Exception as e:  # noqa: BLE001 - a snapshot must never take the interview down
        return CodeAnalysis(language=str(language), syntax_error=SyntaxIssue(message=f"analysis failed: {e!r}"[:200]))


@lru_cache(maxsize=256)
def _analyse(code: str, language: str) -> CodeAnalysis:
    if not isinstance(code, str) or not isinstance(language, str):
        return CodeAnalysis(language=str(language), syntax_error=SyntaxIssue(message="code must be text"))
    lang = language.strip().lower()
    if len(code.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return CodeAnalysis(language=lang, syntax_error=SyntaxIssue(
            message=f"code is too large to analyse (over {MAX_BYTES // 1000} KB)"))
    if lang in ("python", "py"):
        from viva.analysis.python import analyse_python as front
    elif lang in ("javascript", "js"):
        from viva.analysis.javascript import analyse_javascript as front
    else:  # no front-end for this language (yet): nothing is claimed about the code
        return CodeAnalysis(language=lang)
    out, facts = front(code)
    return _with_estimates(out, facts) if out.parsed else out


def _with_estimates(out: CodeAnalysis, facts: Facts) -> CodeAnalysis:
    est = estimate(facts)
    out.time, out.time_line, out.time_reason = est.time, est.time_line, est.time_reason
    out.space, out.space_reason = est.space, est.space_reason
    return out
