"""Export and share (issue 16): the report as Markdown and as a PDF printed by the installed Chromium,
read back with poppler; then, over HTTP, the downloads and read-only share links.

The reports are real: golden sessions recorded with `viva serve`, scored by this build.
"""

from __future__ import annotations

import asyncio
import re
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from markdown_it import MarkdownIt

from viva.problems import get_problem
from viva.scoring.markdown_report import report_markdown
from viva.scoring.page import BAR_FILL, SIGNAL_LABEL, render
from viva.scoring.report import build_report
from viva.scoring.rubric import ANCHORS, PILLARS
from viva.server import pdf
from viva.server.pdf import PdfUnavailable, html_to_pdf
from viva.store.sessionfile import parse_events
from tests.servers import clean_env

GOLDEN = Path(__file__).parent / "golden"
STUCK = GOLDEN / "stuck-hints-two-sum.jsonl"  # hints, an accepted run, a No Hire
HOSTILE = "my plan | a map\n# Heading\n<script>alert(1)</script> - [x](javascript:alert(1)) 1. `x` $y$"


def golden_report(path: Path, hostile: str | None = None) -> dict[str, Any]:
    """The report of a recorded session; `hostile` replaces what the candidate said first."""
    events = parse_events(path.read_text(encoding="utf-8"))
    if hostile is not None:
        first = next(i for i, e in enumerate(events) if e.type == "candidate_utterance")
        events[first] = events[first].model_copy(update={"text": hostile})
    return build_report("golden-1", events, get_problem(events[0].problem_id)).model_dump(mode="json")


# ---- Markdown -----------------------------------------------------------------------------------------

def test_the_markdown_report_has_every_pillar_the_signal_and_the_transcript():
    report = golden_report(STUCK)
    md = report_markdown(report, created_at=1796661929.5)
    assert md.startswith("# Interview report: Two Sum\n") and "2026-12-" in md
    assert f"**{SIGNAL_LABEL[report['signal']]}**" in md
    for p in PILLARS:
        body = report["pillars"][p]
        band = next(k for k in ANCHORS[p] if body["score"] <= int(k.split("-")[1]))
        assert (f"| {p.replace('_', ' ').title()} | {body['score']}/10 | {body['confidence']} | "
                f"{ANCHORS[p][band]} |") in md
    for heading in ("## Tests", "## Hints", "## What to practise next", "## Timings", "## Transcript"):
        assert f"\n{heading}\n" in md
    assert "**reveal:**" in md and "Final run: **accepted**, 17 of 17 tests" in md
    assert "- **0:00 you:** i dont know where to start" in md


def test_a_candidates_words_cannot_break_the_markdown():
    md = report_markdown(golden_report(STUCK, hostile=HOSTILE))
    # Rendered as a permissive renderer would (raw HTML on), the words stay words on one line.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>Heading" not in html and "<a " not in html
    said = next(line for line in md.splitlines() if "my plan" in line)
    assert said.startswith("- **") and "Heading" in said  # the newline did not start a heading
    item = re.search(r"<li><strong>[^<]*you:</strong> (my plan.*?)</li>", html)
    assert item and "| a map # Heading" in item.group(1) and "$y$" in item.group(1)
    # Every table row keeps its columns (the words also appear as evidence in the pillar table's section).
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
        assert len(widths) == 1, table


# ---- PDF ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """The owner's page (with its action row) printed by Chromium, as the download route does."""
    report = golden_report(STUCK)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(asyncio.run(html_to_pdf(render(report))))
    return report, path


def read_ppm(path: Path) -> list[list[tuple[int, int, int]]]:
    """A binary PPM (pdftoppm's own format) as rows of RGB pixels; PIL is not in the venv."""
    data = path.read_bytes()
    head = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert head, data[:20]
    width, height, pixels = int(head[1]), int(head[2]), data[head.end():]
    return [[tuple(pixels[(y * width + x) * 3:(y * width + x) * 3 + 3]) for x in range(width)] for y in range(height)]


def bar_bands(rows: list[list[tuple[int, int, int]]], colours: dict[str, tuple[int, int, int]]) -> list[dict]:
    """Solid horizontal runs (5+ pixels) of a bar colour, grouped into bands of adjacent rows."""
    bands: list[dict] = []
    for y, row in enumerate(rows):
        best = None
        for name, rgb in colours.items():
            x = 0
            while x < len(row):
                start = x
                while x < len(row) and all(abs(row[x][k] - rgb[k]) <= 6 for k in range(3)):
                    x += 1
                if x - start >= 5 and (best is None or x - start > best[2]):
                    best = (name, start, x - start)
                x = max(x, start + 1)
        if best is None:
            continue
        if bands and bands[-1]["y1"] == y - 1 and bands[-1]["colour"] == best[0]:
            band = bands[-1]
            band.update(y1=y, x0=min(band["x0"], best[1]), length=max(band["length"], best[2]))
        else:
            bands.append({"colour": best[0], "y0": y, "y1": y, "x0": best[1], "length": best[2]})
    return [b for b in bands if b["y1"] - b["y0"] >= 3]


def test_the_pdf_is_valid_and_every_page_renders(printed, tmp_path: Path):
    _, path = printed
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 2  # the transcript runs on
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True,
                   capture_output=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    for image in images:
        head = image.read_bytes()
        width, height = struct.unpack(">II", head[16:24])
        assert head[12:16] == b"IHDR" and 400 < width < 600 and 600 < height < 800  # A4 or Letter at 60 dpi


def test_the_first_page_shows_the_pillar_chart_with_one_bar_per_pillar(printed, tmp_path: Path):
    report, path = printed
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
                   check=True, capture_output=True)
    colours = {c: tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5)) for c, hex_ in BAR_FILL.items()}
    bands = bar_bands(read_ppm(next(tmp_path.glob("p-*.ppm"))), colours)
    assert [b["colour"] for b in bands] == [report["pillars"][p]["confidence"] for p in PILLARS], bands
    assert max(b["x0"] for b in bands) - min(b["x0"] for b in bands) <= 2  # the bars start in one column
    scores = [report["pillars"][p]["score"] for p in PILLARS]
    for (s1, b1), (s2, b2) in ((x, y) for x in zip(scores, bands) for y in zip(scores, bands)):
        if s1 < s2:
            assert b1["length"] < b2["length"]  # a longer bar for a higher score


def test_the_pdf_has_the_report_but_not_the_action_row(printed):
    report, path = printed
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Interview report" in text and report["problem_title"] in text and "PILLARS AND EVIDENCE" in text
    assert "Download PDF" not in text and "Download Markdown" not in text and "read-only link" not in text


def test_no_chromium_means_pdf_unavailable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    with pytest.raises(PdfUnavailable, match="not installed"):
        asyncio.run(html_to_pdf("<p>x</p>"))
    with pytest.raises(PdfUnavailable, match="cannot start"):
        asyncio.run(html_to_pdf("<p>x</p>", chromium=str(tmp_path / "no-such-chromium")))


@pytest.mark.parametrize("stand_in", ["/bin/true", "/bin/false"])
def test_a_chromium_that_prints_nothing_means_pdf_unavailable(stand_in: str, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(PdfUnavailable, match="printed 0 bytes"):
        asyncio.run(html_to_pdf("<p>x</p>", chromium=stand_in))
    assert not list(tmp_path.iterdir())


def chromiums_in(root: Path) -> set[str]:
    """The private directories of the Chromium processes still running from under `root`."""
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        found.update(re.findall(re.escape(str(root)) + r"/viva-pdf-[^/\x00]+", cmdline))
    return found


def test_a_slow_chromium_is_killed_and_leaves_nothing_behind(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(PdfUnavailable, match="within 0.05 s"):
        asyncio.run(html_to_pdf("<p>slow</p>", timeout_s=0.05))  # far less than a Chromium takes to start
    deadline = time.monotonic() + 10  # a bound on waiting for the kernel to finish the kill
    while chromiums_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not chromiums_in(tmp_path)
    assert not list(tmp_path.iterdir())


def test_at_most_two_chromiums_print_at_once_and_none_leaves_files(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[int] = []

    async def main() -> list[bytes]:
        jobs = asyncio.gather(*(html_to_pdf(f"<h1>report {i}</h1>") for i in range(5)))
        while not jobs.done():
            seen.append(len(chromiums_in(tmp_path)))
            await asyncio.sleep(0.02)
        return await jobs

    outputs = asyncio.run(main())
    assert all(o.startswith(b"%PDF-") for o in outputs)
    assert max(seen) == 2 and not list(tmp_path.iterdir())


# ---- over HTTP (needs the issue-16 routes) ---------------------------------------------------------------

@pytest.fixture
def imported(shared_server) -> tuple[Any, str, str]:
    """A golden session of its own, imported into the running server's store: (server, id, token)."""
    sid = f"export-{uuid.uuid4().hex[:12]}"
    done = subprocess.run([sys.executable, "-m", "viva.cli", "sessions", "import", str(STUCK), "--as", sid],
                          env=clean_env({"VIVA_DATA_DIR": str(shared_server.data_dir)}), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return shared_server, sid, done.stdout.split("token:")[1].split()[0]


def test_the_owner_downloads_the_report_as_pdf_and_markdown(imported):
    srv, sid, token = imported
    base, bearer = f"{srv.url}/sessions/{sid}", {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{base}/report.md", timeout=30).status_code == 401
    md = httpx.get(f"{base}/report.md", headers=bearer, timeout=30)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.headers["content-disposition"].startswith("attachment") and "# Interview report: Two Sum" in md.text
    got = httpx.get(f"{base}/report.pdf", params={"token": token}, timeout=60)
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith("attachment") and got.content.startswith(b"%PDF-")


def test_a_share_link_opens_the_report_read_only_and_nothing_else_until_revoked(imported):
    from websockets.exceptions import ConnectionClosed

    from tests.helpers import open_ws, recv

    srv, sid, token = imported
    api, bearer = f"{srv.url}/api/sessions/{sid}/shares", {"Authorization": f"Bearer {token}"}
    assert httpx.post(api, timeout=30).status_code == 401
    made = httpx.post(api, headers=bearer, timeout=30)
    assert made.status_code == 201, made.text
    share = made.json()
    share_token = share["url"].removeprefix("/share/")
    page = httpx.get(f"{srv.url}{share['url']}", timeout=30)
    assert page.status_code == 200 and "Shared read-only" in page.text and "Two Sum" in page.text
    assert "share-create" not in page.text and "report.js" not in page.text and token not in page.text
    assert f'href="/share/{share_token}/report.pdf"' in page.text
    assert httpx.get(f"{srv.url}{share['url']}/report.md", timeout=30).text.startswith("# Interview report")
    # The share token is not the session's: no session API, no WebSocket.
    other = {"Authorization": f"Bearer {share_token}"}
    assert httpx.get(f"{srv.url}/api/sessions/{sid}/report", headers=other, timeout=30).status_code == 401
    assert httpx.get(f"{srv.url}/sessions/{sid}/report.md", headers=other, timeout=30).status_code == 401
    assert httpx.get(api, headers=other, timeout=30).status_code == 401
    with open_ws(srv.ws_url, {"session_id": sid}, token=share_token) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            recv(ws)
        assert closed.value.rcvd.code == 4401
    listed = httpx.get(api, headers=bearer, timeout=30).json()["shares"]
    assert share["share_id"] in [s["share_id"] for s in listed]
    assert httpx.delete(f"{api}/{share['share_id']}", headers=bearer, timeout=30).status_code == 204
    for path in ("", "/report.md", "/report.pdf"):
        assert httpx.get(f"{srv.url}{share['url']}{path}", timeout=30).status_code == 404
    assert share["share_id"] not in [s["share_id"] for s in httpx.get(api, headers=bearer, timeout=30).json()["shares"]]


def test_the_owner_shares_copies_and_revokes_from_the_page_with_the_keyboard(imported):
    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM_ARGS

    srv, sid, token = imported
    axe = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, bypass_csp=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{srv.url}/sessions/{sid}/report?token={token}")
        page.wait_for_function("!location.search.includes('token=')")  # taken out of the address bar
        create = page.get_by_role("button", name="Create a read-only link")
        create.focus()
        page.keyboard.press("Enter")
        link = page.get_by_label(re.compile("^Read-only link"))
        page.wait_for_function("document.getElementById('share-url').value.includes('/share/')")
        url = link.input_value()
        assert httpx.get(url, timeout=30).status_code == 200
        assert page.get_by_role("button", name=re.compile("^Revoke")).count() == 1
        with page.expect_download() as download:  # the token went into a header, not the link
            page.get_by_role("link", name="Download Markdown").click()
        assert Path(download.value.path()).read_text(encoding="utf-8").startswith("# Interview report")
        # The PDF as the browser downloads it: its first page renders, with one bar per pillar.
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("link", name="Download PDF").click()
        pdf = Path(download.value.path())
        assert download.value.suggested_filename.endswith(".pdf") and pdf.read_bytes().startswith(b"%PDF-")
        out = pdf.parent / "downloaded"
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(out)], check=True,
                       capture_output=True)
        colours = {c: tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5)) for c, hex_ in BAR_FILL.items()}
        assert len(bar_bands(read_ppm(next(pdf.parent.glob("downloaded-*.ppm"))), colours)) == len(PILLARS)
        page.add_script_tag(content=axe)
        violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
        assert violations == [], violations
        shared = context.new_page()
        shared.goto(url)
        shared.add_script_tag(content=axe)
        assert shared.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
        page.get_by_role("button", name=re.compile("^Revoke")).focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('#share-list li').length === 0")
        assert httpx.get(url, timeout=30).status_code == 404
        assert "revoked" in page.get_by_role("status").inner_text()
        assert not errors, errors
        browser.close()
