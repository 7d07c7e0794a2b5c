"""Debian's Chromium under Playwright, and a text-only `viva serve`, as the browser test files share them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.helpers import CHROMIUM_ARGS
from tests.servers import ServerProcess


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core, vendored from npm (web-src/axe)
AXE_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations']});
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) =>
    `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.slice(0, 6).map((n) =>
      `    ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\\s+/g, ' ')}`).join('\\n'));
}"""


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical WCAG 2 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


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
