"""HTML to PDF with the installed Chromium (headless `--print-to-pdf`), for the report download.

Each conversion runs one Chromium in its own process group with its own profile, inside a private
temporary directory that is removed afterwards whatever happens. At most two run at once: a
Chromium takes a few hundred MB, and a burst of downloads must not starve the interviews.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
import weakref
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
MAX_CONCURRENT = 2
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--mute-audio", "--hide-scrollbars",
    # Not --blink-settings=scriptEnabled=false: headless Chromium then prints nothing at all.
    # Both spellings: newer Chromium reads the first, older the second; each ignores the other.
    "--no-pdf-header-footer", "--print-to-pdf-no-header",
]


class PdfUnavailable(RuntimeError):
    """No PDF could be made (Chromium missing, crashed, timed out, or printed nothing): a 503."""


# asyncio primitives bind to the loop that first waits on them; a server has one loop, but tests
# run many, so the bound of two is kept per loop.
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        _slots[loop] = asyncio.Semaphore(MAX_CONCURRENT)
    return _slots[loop]


def chromium_path() -> str | None:
    """The Chromium to print with: Debian's, else whatever `chromium` is on PATH."""
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    return shutil.which("chromium")


def _kill_group(proc: asyncio.subprocess.Process) -> None:
    # Chromium forks renderers and a zygote; its process group (its own session) holds all of them.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


async def _print(exe: str, html: str, workdir: Path, timeout_s: float) -> bytes:
    page, out, log = workdir / "report.html", workdir / "report.pdf", workdir / "chromium.log"
    page.write_text(html, encoding="utf-8")
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(workdir),  # a clean environment, not the server's
           "XDG_CONFIG_HOME": str(workdir / "config"), "XDG_CACHE_HOME": str(workdir / "cache")}
    argv = [exe, *FLAGS, f"--user-data-dir={workdir / 'profile'}", f"--crash-dumps-dir={workdir / 'crash'}",
            f"--print-to-pdf={out}", page.as_uri()]
    # The log goes to a file, not a pipe: a lingering child holding a pipe open would stall the wait.
    with open(log, "wb") as err:
        try:
            proc = await asyncio.create_subprocess_exec(*argv, stdin=asyncio.subprocess.DEVNULL,
                                                        stdout=asyncio.subprocess.DEVNULL, stderr=err, env=env,
                                                        cwd=workdir, start_new_session=True)
        except OSError as e:
            raise PdfUnavailable(f"cannot start Chromium ({exe}): {e}") from None
    try:
        code = await asyncio.wait_for(proc.wait(), timeout_s)
    except asyncio.TimeoutError:
        raise PdfUnavailable(f"Chromium did not print the page within {timeout_s:g} s") from None
    finally:
        _kill_group(proc)  # on success too: nothing of it may outlive the temporary directory
        if proc.returncode is None:
            await proc.wait()
    data = out.read_bytes() if out.exists() else b""
    if code != 0 or not data.startswith(b"%PDF-"):
        tail = log.read_text(encoding="utf-8", errors="replace")[-400:].strip()
        raise PdfUnavailable(f"Chromium exited with {code} and printed {len(data)} bytes of PDF: {tail}")
    return data


async def html_to_pdf(html: str, *, timeout_s: float = 30, chromium: str | None = None) -> bytes:
    """The page printed to PDF by headless Chromium (print media, the page's own @page size and margins).

    `chromium` overrides the executable (default: `chromium_path()`).
    """
    exe = chromium or chromium_path()
    if exe is None:
        raise PdfUnavailable("Chromium is not installed")
    async with _slot():
        workdir = Path(tempfile.mkdtemp(prefix="viva-pdf-"))  # mode 0700: the report is private
        try:
            return await _print(exe, html, workdir, timeout_s)
        finally:
            await asyncio.to_thread(shutil.rmtree, workdir, True)
