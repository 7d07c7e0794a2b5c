"""Server-rendered pages. The interview room arrives with the browser client issue."""

from __future__ import annotations

from importlib import resources


def index_page() -> str:
    web = resources.files("viva") / "web" / "index.html"
    return web.read_text(encoding="utf-8")
