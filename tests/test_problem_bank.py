"""The bank checks itself, through the real sandbox: every optimal reference passes in Python and
JavaScript, every brute force times out on the perf test and passes the rest, every deliberately
wrong solution fails, and every starter fails cleanly. The other languages: test_bank_in_*.py."""

from __future__ import annotations

import asyncio

import pytest

from viva.problems import list_problems
from viva.judge.check import check_problem
from viva.problems.schema import CORE_LANGUAGES, Compare

PROBLEMS = list_problems()


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_reference_solutions_behave_in_the_sandbox(problem):
    # The other languages are checked in test_bank_in_*.py: files of their own, so that the
    # test workers share the compiling.
    assert asyncio.run(check_problem(problem, verbose=False, languages=CORE_LANGUAGES)) == []


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_problem_data_is_complete(problem):
    assert len(problem.tests) >= 12
    assert len(problem.clarifications) >= 4
    assert problem.hints.nudge and problem.hints.hint and problem.hints.reveal
    assert problem.follow_ups
    assert len({t.name for t in problem.tests}) == len(problem.tests)
    if problem.compare == Compare.checker:
        assert "def check" in (problem.checker or "")
    # The reveal rung describes the idea in words, it does not paste code.
    assert "def " not in problem.hints.reveal and "function" not in problem.hints.reveal


def test_ids_are_the_kebab_case_slugs_of_the_titles():
    import re

    for p in PROBLEMS:
        slug = re.sub(r"[^a-z0-9]+", "-", p.title.lower()).strip("-")
        assert p.id == slug, (p.id, slug)


def test_the_bank_loads_from_its_parsed_copy_and_a_changed_file_is_read_again(tmp_path, monkeypatch):
    import os
    import shutil

    from viva.config import get_settings
    from viva.problems import loader

    data = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, data)
    monkeypatch.setattr(loader, "DATA_DIR", data)
    monkeypatch.setattr(loader, "LANGS_DIR", tmp_path / "langs")  # no other languages: just the bank
    monkeypatch.setenv("VIVA_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    loader.load_bank.cache_clear()
    loader.language_tables.cache_clear()
    try:
        first = loader.load_bank()
        copies = list((tmp_path / "cache").glob("problem-bank-*.json"))
        assert len(copies) == 1 and len(first) == 75
        loader.load_bank.cache_clear()
        assert loader.load_bank() == first  # from the copy
        path = data / "two-sum.yaml"
        path.write_text(path.read_text().replace("title: Two Sum", "title: Two Sum Again"))
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        loader.load_bank.cache_clear()
        assert loader.load_bank()["two-sum"].title == "Two Sum Again"
        assert len(list((tmp_path / "cache").glob("problem-bank-*.json"))) == 1  # the stale copy is gone
    finally:
        get_settings.cache_clear()
        loader.load_bank.cache_clear()
        loader.language_tables.cache_clear()
