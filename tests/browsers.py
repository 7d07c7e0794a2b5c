"""Debian's Chromium under Playwright, and a text-only `viva serve`, as the browser test files share them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.helpers import CHROMIUM_ARGS
from tests.servers import ServerProcess


def chromium() -> Iterator[Browser]:
    """A module fixture's body: one headless Chromium for the whole file."""
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def text_server(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[ServerProcess]:
    """A module fixture's body: `viva serve` without the speech engines, so it starts at once."""
    srv = ServerProcess(tmp_path_factory.mktemp(name) / "data", env={"VIVA_VOICE": "0"}).start()
    yield srv
    srv.stop()
