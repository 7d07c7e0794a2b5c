"""Every screen, every person: the start screen and the room at a phone's, a tablet's, a laptop's and
a desktop's size, in the dark and the light theme, in real Chromium against a running `viva serve`.

Each size and theme leaves a screenshot in build/screenshots ({screen}-{w}x{h}-{theme}.png) and is
checked: nothing wider than the window, the controls an interview needs on screen, nothing in the
room's top bar cut off or overlapping. axe-core (tests/vendor/axe.min.js, see web-src/axe) scans the
start screen, the room and a report page for serious or critical WCAG 2 A/AA violations. One test
runs a whole interview by keyboard alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsers import chromium, serious_violations, text_server
from tests.helpers import TWO_SUM_SOLUTION as SOLUTION
from tests.servers import ServerProcess

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
SIZES = [(390, 844), (768, 1024), (1366, 768), (1920, 1080)]
THEMES = ["dark", "light"]
PHONE_WIDTH = 700  # app.css: below this the room shows one pane at a time

# Where the page falls short of the window or of itself. `controls` must be wholly inside the
# window; the top bar's items must each show all their text and not overlap one another.
LAYOUT_PROBLEMS = """({controls, bar}) => {
  const problems = [];
  const W = window.innerWidth, H = window.innerHeight;
  const doc = document.documentElement;
  if (doc.scrollWidth > W) problems.push(`the page is ${doc.scrollWidth - W} px wider than the window`);
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  for (const sel of controls) {
    const el = document.querySelector(sel);
    if (!el || !visible(el)) { problems.push(`${sel} is not visible`); continue; }
    const r = el.getBoundingClientRect();
    if (r.left < 0 || r.right > W + 0.5 || r.top < 0 || r.bottom > H + 0.5)
      problems.push(`${sel} is outside the window: ${Math.round(r.left)},${Math.round(r.top)} to ` +
                    `${Math.round(r.right)},${Math.round(r.bottom)} in ${W}x${H}`);
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
    if (hit && !el.contains(hit) && !hit.contains(el)) problems.push(`${sel} is covered by ${hit.tagName}.${hit.className}`);
  }
  if (bar) {
    const box = document.querySelector(bar).getBoundingClientRect();
    const items = [...document.querySelectorAll(`${bar} .brand, ${bar} h1, ${bar} .pill, ${bar} .clock, ${bar} .conn, ` +
                                              `${bar} button, ${bar} a`)].filter(visible);
    for (const el of items) {
      const name = el.id ? `#${el.id}` : `.${el.className}`;
      const r = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name} in the top bar is cut off: "${el.textContent.trim()}"`);
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        problems.push(`${name} sticks out of the top bar`);
    }
    for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
      const a = items[i].getBoundingClientRect(), b = items[j].getBoundingClientRect();
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
        problems.push(`${items[i].id || items[i].className} overlaps ${items[j].id || items[j].className} in the top bar`);
    }
  }
  return problems;
}"""

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from text_server(tmp_path_factory, "screens")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


def new_page(browser: Browser, theme: str = "dark", size: tuple[int, int] = (1366, 768)) -> Page:
    # bypass_csp: axe goes into the page as an inline script, which the page's policy forbids.
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, color_scheme=theme,  # type: ignore[arg-type]
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def open_start(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#problem-list li[data-id]").first).to_be_visible()


def start_text_interview(page: Page, url: str) -> None:
    open_start(page, url)
    page.locator('#problem-list li[data-id="two-sum"]').click()
    page.locator('input[name="mode"][value="text"]').check()
    page.get_by_role("button", name="Start interview").click()
    expect(page.locator("#room")).to_be_visible()
    expect(page.locator("#editor .cm-content")).to_contain_text("class Solution")


def agents_said(page: Page) -> int:
    return page.locator("#transcript li.agent").count()


def show_theme(page: Page, theme: str) -> None:
    """Follow the system's scheme (nothing chosen in this browser): the page's theme goes with it."""
    page.emulate_media(color_scheme=theme)  # type: ignore[arg-type]
    expect(page.locator("html")).to_have_attribute("data-theme", theme)


def layout_problems(page: Page, controls: list[str], bar: str | None = None) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS, {"controls": controls, "bar": bar})


def shoot(page: Page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


# ---------------------------------------------------------------- the start screen


@pytest.fixture(scope="module")
def start_page(browser: Browser, server: ServerProcess) -> Iterator[Page]:
    page = new_page(browser)
    open_start(page, server.url)
    yield page
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_start_screen_fits_the_screen(start_page: Page, width: int, height: int, theme: str) -> None:
    page = start_page
    page.set_viewport_size({"width": width, "height": height})
    show_theme(page, theme)
    page.evaluate("() => { window.scrollTo(0, 0); document.getElementById('problem-list').scrollTop = 0; }")
    shoot(page, f"start-{width}x{height}-{theme}.png", full_page=True)
    problems = layout_problems(page, ["#start-title", "#theme-toggle-start", "#search"])
    page.locator('#problem-list li[data-id="two-sum"]').scroll_into_view_if_needed()
    problems += layout_problems(page, ['#problem-list li[data-id="two-sum"]'])
    page.locator("#begin").scroll_into_view_if_needed()
    problems += layout_problems(page, ["#begin", 'input[name="mode"][value="text"]'])
    assert not problems, f"start screen at {width}x{height}, {theme}:\n" + "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
def test_the_start_screen_has_no_serious_accessibility_violations(start_page: Page, theme: str) -> None:
    page = start_page
    page.set_viewport_size({"width": 1366, "height": 768})
    show_theme(page, theme)
    found = serious_violations(page)
    assert not found, f"axe on the start screen, {theme}:\n" + "\n".join(found)


# ---------------------------------------------------------------- the room


@pytest.fixture(scope="module")
def room_page(browser: Browser, server: ServerProcess) -> Iterator[Page]:
    """A text interview under way: the interviewer has answered once and the tests have run."""
    page = new_page(browser)
    start_text_interview(page, server.url)
    expect(page.locator("#transcript li.agent").first).to_be_visible()
    n = agents_said(page)
    page.locator("#say-text").fill("Can the array be empty, and is there always exactly one answer?")
    page.locator("#say-text").press("Enter")
    expect(page.locator("#transcript li.agent")).to_have_count(n + 1, timeout=30_000)
    page.get_by_role("button", name="Run tests").click()
    expect(page.locator("#results .summary")).to_be_visible(timeout=30_000)
    yield page
    page.context.close()


ROOM_CONTROLS = {"problem": ["#statement h2"], "code": ["#run", "#editor .cm-editor"], "talk": ["#say-text"]}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_room_fits_the_screen_without_scrolling(room_page: Page, width: int, height: int, theme: str) -> None:
    page = room_page
    page.set_viewport_size({"width": width, "height": height})
    show_theme(page, theme)
    problems: list[str] = []
    if width < PHONE_WIDTH:
        # One pane at a time: each is a tap away, and the top bar stays.
        for pane, controls in ROOM_CONTROLS.items():
            page.get_by_role("tab", name={"problem": "Problem", "code": "Code", "talk": "Conversation"}[pane]).click()
            expect(page.locator(f"#{pane}-pane")).to_be_visible()
            shoot(page, f"room{'' if pane == 'problem' else '-' + pane}-{width}x{height}-{theme}.png")
            problems += [f"[{pane}] {p}" for p in layout_problems(page, ["#end", *controls], bar=".topbar")]
        page.get_by_role("tab", name="Problem").click()
    else:
        expect(page.locator(".pane-switch")).to_be_hidden()
        shoot(page, f"room-{width}x{height}-{theme}.png")
        problems += layout_problems(page, ["#end", *(c for cs in ROOM_CONTROLS.values() for c in cs)], bar=".topbar")
    height_over = page.evaluate("() => document.documentElement.scrollHeight - window.innerHeight")
    if height_over > 0:
        problems.append(f"the room scrolls: {height_over} px taller than the window")
    assert not problems, f"room at {width}x{height}, {theme}:\n" + "\n".join(problems)


def test_on_a_phone_the_panes_take_turns_and_a_new_line_marks_the_conversation(browser: Browser,
                                                                                server: ServerProcess) -> None:
    page = new_page(browser, size=(390, 844))
    try:
        start_text_interview(page, server.url)
        talk, code = page.get_by_role("tab", name="Conversation"), page.get_by_role("tab", name="Code")
        expect(page.locator("#problem-pane")).to_be_visible()
        expect(page.locator("#talk-pane")).to_be_hidden()
        expect(talk).to_have_class(re.compile(r"\bunread\b"))  # the greeting came while the problem showed
        talk.click()
        expect(page.locator("#talk-pane")).to_be_visible()
        expect(page.locator("#problem-pane")).to_be_hidden()
        expect(talk).not_to_have_class(re.compile(r"\bunread\b"))
        page.keyboard.press("ArrowLeft")  # the arrow keys move along the tabs
        expect(code).to_be_focused()
        expect(code).to_have_attribute("aria-selected", "true")
        expect(page.locator("#editor .cm-editor")).to_be_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_room_has_no_serious_accessibility_violations(room_page: Page, width: int, height: int, theme: str) -> None:
    page = room_page
    page.set_viewport_size({"width": width, "height": height})
    show_theme(page, theme)
    found = serious_violations(page)
    assert not found, f"axe in the room at {width}x{height}, {theme}:\n" + "\n".join(found)


def test_the_report_page_has_no_serious_accessibility_violations(browser: Browser, server: ServerProcess) -> None:
    page = new_page(browser)
    try:
        start_text_interview(page, server.url)
        expect(page.locator("#transcript li.agent").first).to_be_visible()
        page.locator("#say-text").fill("I'd keep a map from each value to its index and look up the complement.")
        page.locator("#say-text").press("Enter")
        page.locator("#end").click()
        link = page.locator("#report-link")
        expect(link).to_be_visible(timeout=60_000)
        for width, height in [(390, 844), (1366, 768)]:  # the ended room's top bar, with the report link in it
            page.set_viewport_size({"width": width, "height": height})
            shoot(page, f"room-ended-{width}x{height}-dark.png")
            problems = layout_problems(page, ["#report-link"], bar=".topbar")
            assert not problems, f"the ended room at {width}x{height}:\n" + "\n".join(problems)
        page.goto(link.evaluate("a => a.href"))
        expect(page.locator("h1").first).to_be_visible()
        for width, height in [(1366, 768), (390, 844)]:
            page.set_viewport_size({"width": width, "height": height})
            shoot(page, f"report-{width}x{height}.png", full_page=True)
        found = serious_violations(page)
        assert not found, "axe on the report page:\n" + "\n".join(found)
    finally:
        page.context.close()


# ---------------------------------------------------------------- the theme


def test_the_theme_follows_the_system_until_the_visitor_picks_one(browser: Browser, server: ServerProcess) -> None:
    page = new_page(browser, theme="light")
    try:
        open_start(page, server.url)
        html, toggle = page.locator("html"), page.locator("#theme-toggle-start")
        expect(html).to_have_attribute("data-theme", "light")
        expect(toggle).to_have_accessible_name("Switch to dark theme")
        toggle.click()
        expect(html).to_have_attribute("data-theme", "dark")
        expect(toggle).to_have_accessible_name("Switch to light theme")
        page.emulate_media(color_scheme="light")  # the choice outlasts the system's
        page.reload()
        expect(html).to_have_attribute("data-theme", "dark")
        # The theme is set by a blocking script in <head>, before the first paint.
        assert page.evaluate("""() => { const s = document.querySelector('head script[src="/static/theme.js"]');
                                        return !!s && !s.defer && !s.async && !s.type; }""")
        # The room has the same switch, and the two agree.
        start_text_interview(page, server.url)
        room_toggle = page.locator("#theme-toggle-room")
        expect(room_toggle).to_have_accessible_name("Switch to light theme")
        room_toggle.click()
        expect(html).to_have_attribute("data-theme", "light")
        expect(page.locator("#theme-toggle-start")).to_have_attribute("aria-label", "Switch to dark theme")
        assert page.evaluate("() => localStorage.getItem('viva.theme')") == "light"
    finally:
        page.context.close()


# ---------------------------------------------------------------- the keyboard alone


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page: Page, selector: str, key: str = "Tab", limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `selector` has the focus, the way a keyboard user gets there:
    out of the code editor, whose Tab indents, by Escape first."""
    path = []
    for _ in range(limit):
        if focused(page, ".cm-content"):
            page.keyboard.press("Escape")
        page.keyboard.press(key)
        path.append(page.evaluate("() => { const e = document.activeElement; return e ? (e.id ? '#' + e.id : e.tagName) : '-'; }"))
        if focused(page, selector):
            return
    raise AssertionError(f"{key} never reached {selector}; focus went {' → '.join(path)}")


def shows_focus(page: Page) -> bool:
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }""")


def test_an_interview_by_keyboard_alone(browser: Browser, server: ServerProcess) -> None:
    page = new_page(browser)
    kb = page.keyboard
    try:
        open_start(page, server.url)
        # Pick a problem: search, then the arrow keys in the list.
        tab_to(page, "#search")
        kb.type("two sum")
        tab_to(page, "#problem-list")
        kb.press("ArrowDown")
        expect(page.locator("#chosen")).to_contain_text("Two Sum")
        # Text only: the arrow keys move within the radio group.
        tab_to(page, 'input[name="mode"]')
        kb.press("ArrowDown")
        expect(page.locator('input[name="mode"][value="text"]')).to_be_checked()
        tab_to(page, "#begin")
        assert shows_focus(page), "the Start button shows no focus ring"
        kb.press("Enter")
        expect(page.locator("#room")).to_be_visible()
        expect(page.locator("#editor .cm-content")).to_contain_text("class Solution")
        expect(page.locator("#transcript li.agent").first).to_be_visible()

        # Answer by typing.
        tab_to(page, "#say-text")
        assert shows_focus(page), "the say box shows no focus ring"
        n = agents_said(page)
        kb.type("Can the array be empty?")
        kb.press("Enter")
        expect(page.locator("#transcript li.candidate").last).to_contain_text("Can the array be empty?")
        expect(page.locator("#transcript li.agent")).to_have_count(n + 1, timeout=30_000)

        # Back into the editor, write the solution, run the tests with Ctrl+Enter.
        tab_to(page, ".cm-content", key="Shift+Tab")
        kb.press("Control+a")
        kb.insert_text(SOLUTION)
        assert page.evaluate("() => window.__viva.page.editor.getDoc()") == SOLUTION
        kb.press("Control+Enter")
        expect(page.locator("#results .summary")).to_contain_text("accepted", timeout=30_000)

        # End the interview and open the report.
        tab_to(page, "#end", key="Shift+Tab")
        assert shows_focus(page), "End interview shows no focus ring"
        kb.press("Enter")
        expect(page.locator("#report-link")).to_be_visible(timeout=60_000)
        try:
            tab_to(page, "#report-link", key="Shift+Tab", limit=10)
        except AssertionError:
            tab_to(page, "#report-link", key="Tab")
        assert shows_focus(page), "the report link shows no focus ring"
        with page.context.expect_page() as opened:
            kb.press("Enter")
        report = opened.value
        report.wait_for_load_state()
        assert "/report" in report.url
        expect(report.locator("h1").first).to_be_visible()
    finally:
        page.context.close()


def test_a_hint_is_labelled_with_its_rung(browser: Browser, server: ServerProcess) -> None:
    """The server names the rung ("nudge", "hint", "reveal"); the room showed "Hint" for all of them."""
    page = new_page(browser)
    try:
        start_text_interview(page, server.url)
        page.locator("#say-text").fill("Could you give me a hint?")
        page.locator("#say-text").press("Enter")
        expect(page.locator("#cues .cue.hint")).to_have_count(1, timeout=20_000)
        s = page.evaluate("() => window.__viva.page.session")
        events = httpx.get(f"{server.url}/api/sessions/{s['session_id']}/events",
                           headers={"Authorization": f"Bearer {s['token']}"}, timeout=10).json()["events"]
        rungs = [e["level"] for e in events if e["type"] == "hint_given"]
        assert rungs == ["nudge"], rungs  # the first rung, as the hint ladder has it
        expect(page.locator("#cues .cue.hint .label")).to_have_text("Nudge")
    finally:
        page.context.close()
