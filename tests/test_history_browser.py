"""A candidate's history in real Chromium against a running `viva serve`: two text interviews by one
candidate show up under "Your interviews" with the trend plot and in Grind 75 progress; a second
candidate (fresh storage, fresh cookies) sees none of them; the first candidate's key, used on a
third "device", shows them there.

Screenshots of the history and progress views go to build/screenshots/history-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browsers import chromium, serious_violations, text_server
from tests.helpers import TWO_SUM_SOLUTION as TWO_SUM
from tests.servers import ServerProcess

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
PILLARS = ["algorithms", "coding", "problem_solving", "verification", "communication"]  # the rubric's order
SIGNAL_LABELS = {"strong_hire": "Strong hire", "hire": "Hire", "lean_no_hire": "Lean no hire",
                 "no_hire": "No hire", "strong_no_hire": "Strong no hire", None: "Not scored"}
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from text_server(tmp_path_factory, "history")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


def device(browser: Browser, **kw: Any) -> tuple[BrowserContext, Page, list[str]]:
    """A browser of its own: fresh localStorage, fresh cookies. Returns its page errors too."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme="dark", bypass_csp=True, **kw)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, page, errors


def open_home(page: Page, url: str, tab: str | None = None) -> None:
    page.goto(f"{url}/")
    expect(page.locator("#problem-list li[data-id]").first).to_be_visible()
    expect(page.locator("#key-masked")).not_to_have_text("…")  # the candidate is registered
    if tab:
        page.get_by_role("tab", name=tab).click()


def interview(page: Page, url: str, problem: str, say: str, code: str | None) -> str:
    """One short text interview, from the start screen to the report link; returns its session id."""
    open_home(page, url)
    page.locator(f'#problem-list li[data-id="{problem}"]').click()
    page.locator('input[name="mode"][value="text"]').check()
    page.locator('input[name="length_min"][value="30"]').check()
    page.get_by_role("button", name="Start interview").click()
    expect(page.locator("#room")).to_be_visible()
    expect(page.locator("#editor .cm-content")).to_contain_text("class Solution")
    expect(page.locator("#transcript li.agent").first).to_be_visible(timeout=30_000)
    page.locator("#say-text").fill(say)
    page.locator("#say-text").press("Enter")
    expect(page.locator("#transcript li.candidate").first).to_contain_text(say[:20])
    if code:
        page.locator("#editor [aria-label='Code editor']").first.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(code)
    page.locator("#run").click()
    expect(page.locator("#results .summary")).to_contain_text("accepted" if code else "passed", timeout=30_000)
    page.get_by_role("button", name="End interview").click()
    expect(page.locator("#report-link")).to_be_visible(timeout=60_000)
    return page.evaluate("() => window.__viva.page.session.session_id")


def test_a_candidate_sees_only_their_own_interviews_on_any_device_with_their_key(
        server: ServerProcess, browser: Browser) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = server.url

    # Candidate A: two interviews, one solved, one not.
    ctx_a, a, a_errors = device(browser, permissions=["clipboard-read", "clipboard-write"])
    solved = interview(a, url, "two-sum", "I'd keep a map from each value to its index.", TWO_SUM)
    tried = interview(a, url, "valid-parentheses", "A stack of open brackets should do it.", None)

    open_home(a, url)
    # The settings chosen before are kept for this candidate.
    expect(a.locator('input[name="mode"][value="text"]')).to_be_checked()
    expect(a.locator('input[name="length_min"][value="30"]')).to_be_checked()
    a.get_by_role("tab", name="Your interviews").click()
    rows = a.locator("#sessions tbody tr")
    expect(rows).to_have_count(2)
    listed = a.request.get(f"{url}/api/candidate/sessions").json()["sessions"]
    assert [s["session_id"] for s in listed] == [tried, solved]  # newest first
    for s, title in zip(listed, ["Valid Parentheses", "Two Sum"]):
        row = a.locator(f'#sessions tr[data-session="{s["session_id"]}"]')
        expect(row.locator(".title")).to_have_text(title)
        assert s["ended"] and s["length_min"] == 30
        expect(row.locator(".signal")).to_have_text(SIGNAL_LABELS[s["signal"]])
        expect(row.get_by_role("link", name=f"Report: {title}")).to_have_attribute("href", s["report_url"])
        assert s["pillars"], s  # an ended interview is scored on all five pillars, 1 to 10
        shown = [" ".join(t.split()) for t in row.locator("td.score").all_text_contents()]
        assert shown == [f"{s['pillars'][k]} of 10" for k in PILLARS], shown

    # The trend plot: drawn, one line per pillar, at a readable size.
    canvas = a.locator("#trend canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 120, box
    pillar_lines = a.evaluate("() => window.__vivaHome.chart().series.slice(1).map((s) => s.label)")
    assert pillar_lines == ["Algorithms", "Coding", "Problem solving", "Verification", "Communication"]
    expect(a.locator("#trend figcaption")).to_contain_text("across 2 interviews")
    a.screenshot(path=str(SCREENSHOTS / "history-1366x768-dark.png"))
    a.screenshot(path=str(SCREENSHOTS / "history-full-dark.png"), full_page=True)
    found = serious_violations(a)
    assert not found, "axe on Your interviews:\n" + "\n".join(found)

    # A report link opens the report.
    report = a.request.get(url + listed[1]["report_url"])
    assert report.status == 200 and "Two Sum" in report.text()

    # Grind 75 progress, in its order: Two Sum done, Valid Parentheses attempted, the rest not started.
    a.get_by_role("tab", name="Progress").click()
    expect(a.locator("#grind button.cell")).to_have_count(75)
    expect(a.locator('#grind button.cell[data-id="two-sum"]')).to_have_class("cell done")
    expect(a.locator('#grind button.cell[data-id="valid-parentheses"]')).to_have_class("cell attempted")
    expect(a.locator('#grind button.cell[data-id="two-sum"]')).to_have_accessible_name("Two Sum (easy): done. Pick it")
    expect(a.locator("#grind button.cell.not_started")).to_have_count(73)
    expect(a.locator("#grind-summary")).to_have_text("1 of 75 done, 1 attempted.")
    progress = a.request.get(f"{url}/api/candidate/progress").json()
    nxt = next(p for p in progress["problems"] if p["problem_id"] == progress["next"])
    expect(a.locator("#grind-next")).to_contain_text(f"Next: {nxt['title']}")
    a.screenshot(path=str(SCREENSHOTS / "history-progress-1366x768-dark.png"))
    found = serious_violations(a)
    assert not found, "axe on Progress:\n" + "\n".join(found)
    a.get_by_role("button", name="Pick this problem").click()
    expect(a.locator("#panel-new")).to_be_visible()
    expect(a.locator("#chosen")).to_contain_text(nxt["title"])

    # The light theme draws the same views with its own colours.
    a.emulate_media(color_scheme="light")
    a.evaluate("() => localStorage.removeItem('viva.theme')")
    open_home(a, url, "Your interviews")
    expect(a.locator("html")).to_have_attribute("data-theme", "light")
    expect(a.locator("#trend canvas")).to_be_visible()
    a.screenshot(path=str(SCREENSHOTS / "history-1366x768-light.png"))
    found = serious_violations(a)
    assert not found, "axe on Your interviews, light:\n" + "\n".join(found)

    # The key, copied with the button, is this browser's key.
    a.get_by_role("button", name="Copy key").click()
    expect(a.locator("#key-status")).to_contain_text("copied")
    key = a.evaluate("() => navigator.clipboard.readText()")
    assert key == a.evaluate("() => localStorage.getItem('viva.candidate')")
    assert key not in a.locator("#key-masked").inner_text()  # shown masked

    # Candidate B, on the same server: none of A's interviews, in the page or from the API.
    ctx_b, b, b_errors = device(browser)
    open_home(b, url, "Your interviews")
    expect(b.locator("#sessions-status")).to_contain_text("No interviews yet")
    expect(b.locator("#sessions tbody tr")).to_have_count(0)
    expect(b.locator("#trend")).to_contain_text("No scores yet")
    expect(b.locator('input[name="length_min"][value="45"]')).to_be_checked()  # A's settings are A's
    assert b.evaluate("() => localStorage.getItem('viva.candidate')") != key
    assert b.request.get(f"{url}/api/candidate/sessions").json() == {"sessions": []}
    assert b.request.get(url + listed[0]["report_url"]).status in (401, 403, 404)
    b.get_by_role("tab", name="Progress").click()
    expect(b.locator("#grind-summary")).to_have_text("0 of 75 done, 0 attempted.")
    b.get_by_role("tab", name="Your interviews").click()
    b.screenshot(path=str(SCREENSHOTS / "history-empty-1366x768-dark.png"))

    # A third device uses A's key: A's interviews are there.
    ctx_c, c, c_errors = device(browser)
    open_home(c, url, "Your interviews")
    expect(c.locator("#sessions tbody tr")).to_have_count(0)
    c.get_by_label("Key from another device").fill(key)
    c.get_by_role("button", name="Use this key").click()
    expect(c.locator("#key-status")).to_contain_text("2 interviews")
    expect(c.locator("#sessions tbody tr")).to_have_count(2)
    expect(c.locator("#sessions")).to_contain_text("Two Sum")
    expect(c.locator("#sessions")).to_contain_text("Valid Parentheses")
    expect(c.locator("#trend canvas")).to_be_visible()
    assert c.evaluate("() => localStorage.getItem('viva.candidate')") == key
    assert [s["session_id"] for s in c.request.get(f"{url}/api/candidate/sessions").json()["sessions"]] == [tried, solved]
    # A bad key is refused, and the page keeps the one it has.
    c.get_by_label("Key from another device").fill("not a key")
    c.get_by_role("button", name="Use this key").click()
    expect(c.locator("#key-status")).to_contain_text("did not work")
    assert c.evaluate("() => localStorage.getItem('viva.candidate')") == key

    # B still sees nothing.
    b.reload()
    b.get_by_role("tab", name="Your interviews").click()
    expect(b.locator("#sessions-status")).to_contain_text("No interviews yet")

    for name, errors in (("A", a_errors), ("B", b_errors), ("C", c_errors)):
        assert not errors, f"page errors for candidate {name}: {errors}"
    for ctx in (ctx_a, ctx_b, ctx_c):
        ctx.close()
