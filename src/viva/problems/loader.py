"""Loading the problem bank from `problems/data/*.yaml`, validated against the schema."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from functools import lru_cache
from pathlib import Path

import yaml

from pydantic import BaseModel, ConfigDict

from viva.problems.schema import CORE_LANGUAGES, LANGUAGES, Problem

DATA_DIR = Path(__file__).parent / "data"
# One file per language beyond Python and JavaScript: problem id -> starter, optimal reference,
# and the language's own types where LeetCode's signature differs from the bank's (char grids).
LANGS_DIR = Path(__file__).parent / "langs"
# libyaml's loader when PyYAML was built with it (the wheels are): the same data, 8x faster than the
# pure-Python one, which took some 2.5 s for the bank at every start of a `viva` process.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


log = logging.getLogger("viva.problems")


class ProblemNotFound(KeyError):
    """No problem has that id."""


class ProblemInvalid(ValueError):
    """A data file does not match the schema."""


class LangEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    starter: str
    optimal: str | None = None
    types: dict[str, str] = {}  # param name (or "return") -> the type as this language writes it


_LANG_RAW: dict[str, object] = {}  # parsed langs/*.yaml, filled by load_bank from its cache


@lru_cache(maxsize=1)
def language_tables() -> dict[str, dict[str, LangEntry]]:
    tables: dict[str, dict[str, LangEntry]] = {}
    for lang in LANGUAGES:
        path = LANGS_DIR / f"{lang}.yaml"
        if lang in CORE_LANGUAGES or not path.exists():
            continue
        try:
            raw = _LANG_RAW.get(lang)
            if raw is None:
                raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
            tables[lang] = {pid: LangEntry.model_validate(entry) for pid, entry in (raw or {}).items()}  # type: ignore[union-attr]
        except Exception as e:  # noqa: BLE001 - name the file whatever went wrong
            raise ProblemInvalid(f"langs/{path.name}: {e}") from e
    return tables


def language_entry(problem_id: str, language: str) -> LangEntry | None:
    return language_tables().get(language, {}).get(problem_id)


def _with_languages(raw: dict, problem_id: str) -> dict:
    for lang, table in language_tables().items():
        entry = table.get(problem_id)
        if entry is None:
            continue
        raw.setdefault("starter", {})[lang] = entry.starter
        if entry.optimal:
            raw.setdefault("solutions", {}).setdefault("optimal", {})[lang] = entry.optimal
    return raw


def load_file(path: Path) -> Problem:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    except Exception as e:  # noqa: BLE001 - name the file whatever went wrong
        raise ProblemInvalid(f"{path.name}: {e}") from e
    return _validated(path, raw)


def _validated(path: Path, raw: object) -> Problem:
    try:
        if isinstance(raw, dict):
            raw = _with_languages(dict(raw), path.stem)
        problem = Problem.model_validate(raw)
    except Exception as e:  # noqa: BLE001 - name the file whatever went wrong
        raise ProblemInvalid(f"{path.name}: {e}") from e
    if problem.id != path.stem:
        raise ProblemInvalid(f"{path.name}: id {problem.id!r} does not match the file name")
    return problem


def _fingerprint(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        st = p.stat()
        h.update(f"{p.parent.name}/{p.name}:{st.st_mtime_ns}:{st.st_size}\n".encode())
    return h.hexdigest()[:20]


def _cache_path(fingerprint: str) -> Path:
    from viva.config import get_settings

    return get_settings().cache_dir / f"problem-bank-{fingerprint}.json"


def _parsed_files(paths: list[Path]) -> dict[str, object]:
    """The bank's YAML, parsed: from a JSON copy when the files have not changed since it was
    made. Parsing 80 YAML files costs ~0.5 s even with libyaml; reading the copy, ~10 ms."""
    cache = _cache_path(_fingerprint(paths))
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    raw = {f"{p.parent.name}/{p.name}": yaml.load(p.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
           for p in paths}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("problem-bank-*.json"):
            old.unlink(missing_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(raw), encoding="utf-8")
        os.replace(tmp, cache)
    except (OSError, TypeError, ValueError):  # a read-only home, or data JSON cannot hold: parse every time
        pass
    return raw


@lru_cache(maxsize=1)
def load_bank() -> dict[str, Problem]:
    data = sorted(DATA_DIR.glob("*.yaml"))
    langs = sorted(LANGS_DIR.glob("*.yaml"))
    parsed = _parsed_files(data + langs)
    _LANG_RAW.update({p.stem: parsed[f"{p.parent.name}/{p.name}"] for p in langs})
    problems = [_validated(p, parsed[f"{p.parent.name}/{p.name}"]) for p in data]
    bank = {p.id: p for p in problems}
    bank.update(_imported(set(bank)))
    for lang, table in language_tables().items():
        unknown = sorted(set(table) - set(bank))
        if unknown:
            raise ProblemInvalid(f"langs/{lang}.yaml: no such problems: {', '.join(unknown)}")
    return bank


def _imported(taken: set[str]) -> dict[str, Problem]:
    """Problems imported with `viva problems import` / POST /api/problems, kept in the data dir.
    One that no longer loads is left out and logged, never taking the bank down with it."""
    from viva.config import get_settings
    from viva.problems.importer import ImportedProblem, imported_dir

    out: dict[str, Problem] = {}
    for path in sorted(imported_dir(get_settings().data_dir).glob("*.yaml")):
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
            problem = ImportedProblem.model_validate(raw)
        except Exception as e:  # noqa: BLE001
            log.error("problems: the imported %s does not load: %s", path.name, e)
            continue
        if problem.id in taken or problem.id != path.stem:
            log.error("problems: the imported %s clashes with the bank or its own id", path.name)
            continue
        out[problem.id] = problem
    return out


def get_problem(problem_id: str) -> Problem:
    try:
        return load_bank()[problem_id]
    except KeyError:
        raise ProblemNotFound(problem_id) from None


def list_problems() -> list[Problem]:
    order = {"easy": 0, "medium": 1, "hard": 2}
    return sorted(load_bank().values(), key=lambda p: (order[p.difficulty.value], p.title))
