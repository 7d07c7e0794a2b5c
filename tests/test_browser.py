"""The interview page in real Chromium (Debian's), against a running `viva serve`, with the fake
microphone fed from WAV files spoken by piper's joe voice (not the interviewer's).

Screenshots of the start screen, the room mid-interview and the end state go to build/screenshots.
The barge-in test prints the page-side latency (capture onset → output silent, on the
AudioContext clock); it is reported, not asserted (timings live in benchmarks).
"""

from __future__ import annotations

import html
import statistics
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.helpers import CHROMIUM_ARGS, TWO_SUM_SOLUTION as SOLUTION
from tests.servers import ServerProcess
from viva.sim.speech import silence, speak, with_noise, write_wav
from viva.problems import get_problem

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
BASE_ARGS = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]
VOICE = "piper:joe"
# A question in pink noise at 10 dB SNR (neither pass was tuned on noise): the fast pass makes
# nothing of it, the accurate pass hears it, and the page shows the refined words.
NOISY_QUESTION = "Can the numbers be negative?"


def mic_wav(path: Path, parts: list[tuple[float, str | bytes | None]]) -> Path:
    """Silence and speech in order: (seconds of silence, then the words, or their audio, or None)."""
    pcm = b""
    for gap, words in parts:
        pcm += silence(gap)
        if isinstance(words, bytes):
            pcm += words
        elif words:
            pcm += speak(words, VOICE)
    return write_wav(path, pcm + silence(60))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("browser") / "data").start()
    yield srv
    srv.stop()


class Browser:
    def __init__(self, wav: Path | None, deny_mic: bool = False) -> None:
        args = list(BASE_ARGS)
        if deny_mic:
            args.append("--deny-permission-prompts")
        else:
            args += ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
            if wav is not None:
                args.append(f"--use-file-for-fake-audio-capture={wav}%noloop")
        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        self.page = self.browser.new_page(viewport={"width": 1366, "height": 768})
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def another_device(self) -> Page:
        """A second browser context: no shared storage or cookies, as on another device (the fake
        microphone is the browser's, so both hear the same file)."""
        ctx = self.browser.new_context(viewport={"width": 1366, "height": 768})
        ctx.grant_permissions(["microphone"])
        page = ctx.new_page()
        page.on("pageerror", lambda e: self.console.append(f"pageerror (second): {e}"))
        return page

    def close(self) -> None:
        self.browser.close()
        self.pw.stop()


def start_interview(page: Page, url: str, problem: str = "two-sum", mode: str = "voice",
                    shot: str | None = None) -> None:
    page.goto(f"{url}/?processing=off")
    page.locator(f'#problem-list li[data-id="{problem}"]').click()
    page.locator(f'input[name="mode"][value="{mode}"]').check()
    if shot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / shot))
    page.get_by_role("button", name="Start interview").click()
    expect(page.locator("#room")).to_be_visible()


def viva(page: Page, expr: str) -> Any:
    return page.evaluate(f"() => {expr}")


def wait_until(page: Page, expr: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = viva(page, expr)
        if v:
            return v
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {expr}; transcript: {viva(page, 'window.__viva.transcript()')}")


def type_code(page: Page, code: str) -> None:
    """Select all in the editor and type over it, as a candidate pasting would.

    Under a loaded CI machine the click has been seen not to take focus, so the keys went to
    another element and the starter code was run. The editor's own text is the check, and
    where the focus was is printed when it has to try again."""
    missed = []
    for _ in range(3):
        page.locator("#editor [aria-label='Code editor']").first.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(code)
        if viva(page, "window.__viva.page.editor.getDoc()") == code:
            return
        missed.append(viva(page, "document.activeElement && document.activeElement.outerHTML.slice(0, 120)"))
        print(f"typing missed the editor; focus was on {missed[-1]!r}")
    raise AssertionError(f"the editor never took the code; focus was on {missed}")


def test_a_voice_interview_in_the_browser(server: ServerProcess, tmp_path: Path) -> None:
    # The question comes over the greeting, in noise: the page shows the accurate pass's words.
    wav = mic_wav(tmp_path / "mic.wav", [(5.0, with_noise(silence(0.3) + speak(NOISY_QUESTION, VOICE), 10))])
    b = Browser(wav)
    try:
        page = b.page
        start_interview(page, server.url, shot="start.png")
        # The greeting is heard: the page's output meter shows sound.
        wait_until(page, "window.__viva.page.audio && window.__viva.page.audio.outLevel > 0.01", 30)
        # The spoken question appears in the transcript as the accurate pass heard it, and gets a spoken answer.
        wait_until(page, "window.__viva.transcript().some(t => t.who === 'candidate' && t.final && t.revised"
                         " && /negative/i.test(t.text))", 40)
        wait_until(page, "window.__viva.transcript().filter(t => t.who === 'agent').length >= 2", 20)
        wait_until(page, "window.__viva.page.audio.events.sounds.length >= 2", 20)
        type_code(page, SOLUTION)
        page.keyboard.press("Control+Enter")
        expect(page.locator("#results .summary")).to_contain_text("accepted", timeout=30_000)
        expect(page.locator("#results table tbody tr")).to_have_count(3)
        s = viva(page, "window.__viva.page.session")
        events = httpx.get(f"{server.url}/api/sessions/{s['session_id']}/events",
                           headers={"Authorization": f"Bearer {s['token']}"}, timeout=10).json()["events"]
        assert sum(e["type"] == "code_run" for e in events) == 1  # Ctrl+Enter runs once
        # Every partial line becomes final (or is taken back): nothing grey is left behind.
        wait_until(page, "window.__viva.transcript().every(t => t.final)", 10)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SCREENSHOTS / "room.png"))
        page.get_by_role("button", name="End interview").click()
        link = page.locator("#report-link")
        expect(link).to_be_visible(timeout=60_000)
        href = link.get_attribute("href")
        assert "token" not in href  # the browser's cookie opens it
        report = page.context.request.get(server.url + href)
        assert report.status == 200 and "Two Sum" in report.text()
        assert httpx.get(server.url + href, timeout=30).status_code == 401  # and nothing else does
        # Refined before the reply (the utterance's own text) or after it (a revision event).
        refined = [e for e in events if "negative" in e.get("text", "").lower() and (
            (e["type"] == "candidate_utterance" and e.get("heard_by") == "whisper")
            or (e["type"] == "transcript_revised" and e["engine"] == "whisper"))]
        assert refined, [e for e in events if e["type"] in ("candidate_utterance", "transcript_revised")]
        assert html.escape(refined[0]["text"]) in report.text()  # the report shows the refined words
        page.screenshot(path=str(SCREENSHOTS / "ended.png"))
        assert not [c for c in b.console if c.startswith("pageerror")], b.console
    finally:
        b.close()


def test_barge_in_quiets_the_page_quickly(server: ServerProcess, tmp_path: Path) -> None:
    """Backchannel bursts over the interviewer: the page's voice ducks (or stops) after each onset."""
    words = ["yeah", "okay", "right", "mm-hm", "yeah", "okay"]
    wav = mic_wav(tmp_path / "bursts.wav", [(2.5 if i == 0 else 1.4, words[i % len(words)]) for i in range(44)])
    b = Browser(wav)
    try:
        page = b.page
        start_interview(page, server.url)
        deadline = time.monotonic() + 120
        lat: list[float] = []
        while time.monotonic() < deadline:
            lat = viva(page, "window.__viva.bargeIns()")
            if len(lat) >= 20:
                break
            page.wait_for_timeout(500)
        assert len(lat) >= 20, (lat, b.console[-10:])
        q = statistics.quantiles(lat, n=20)
        print(f"\npage barge-in (capture onset -> output ducked or silent), {len(lat)} trials: "
              f"p50 {statistics.median(lat):.0f} ms, p95 {q[18]:.0f} ms (target p95 <= 120 ms)")
        assert all(x > 0 for x in lat)
    finally:
        b.close()


def test_the_page_recovers_when_the_server_is_killed_and_restarted(server: ServerProcess, tmp_path: Path) -> None:
    wav = mic_wav(tmp_path / "outage.wav", [(16.0, "Could there be negative numbers in the list?")])
    b = Browser(wav)
    try:
        page = b.page
        start_interview(page, server.url)
        wait_until(page, "window.__viva.page.audio && window.__viva.page.audio.outLevel > 0.01", 30)
        page.locator("#say-text").fill("Hi! Can I assume there is always exactly one answer?")
        page.locator("#say-text").press("Enter")
        wait_until(page, "window.__viva.transcript().filter(t => t.who === 'agent').length >= 2", 30)
        type_code(page, "class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n")
        page.wait_for_timeout(2500)  # the snapshot is sent (debounced)
        before = viva(page, "window.__viva.transcript().filter(t => t.final)")
        code = viva(page, "window.__viva.page.editor.getDoc()")
        phase = viva(page, "window.__viva.page.phase")
        server.kill()
        expect(page.locator("#conn")).to_have_text("Reconnecting…", timeout=15_000)
        page.screenshot(path=str(SCREENSHOTS / "reconnecting.png"))
        # The question is spoken while the server is down (at 16 s of the mic file).
        wait_until(page, "window.__viva.page.conn.backlogSeconds > 1", 30)
        page.wait_for_timeout(4000)
        server.start()
        wait_until(page, "window.__viva.connState() === 'open'", 30)
        assert viva(page, "window.__viva.page.editor.getDoc()") == code
        after = viva(page, "window.__viva.transcript().filter(t => t.final)")
        assert after[: len(before)] == before
        assert viva(page, "window.__viva.page.phase") == phase
        said = "window.__viva.transcript().some(t => t.who === 'candidate' && t.final && /negative|numbers/.test(t.text))"
        wait_until(page, said, 40)
        # The server also kept it: the snapshot and the utterance are in its event log.
        s = viva(page, "window.__viva.page.session")
        events = httpx.get(f"{server.url}/api/sessions/{s['session_id']}/events",
                           headers={"Authorization": f"Bearer {s['token']}"}, timeout=10).json()["events"]
        assert any(e["type"] == "code_snapshot" and e["code"] == code for e in events)
        assert any(e["type"] == "candidate_utterance" and e["source"] == "voice"
                   and {"negative", "numbers"} & set(e["text"].split()) for e in events)
    finally:
        b.close()


def test_with_the_microphone_denied_the_page_falls_back_to_text(server: ServerProcess) -> None:
    b = Browser(None, deny_mic=True)
    try:
        page = b.page
        start_interview(page, server.url)
        expect(page.locator("#notice")).to_contain_text("Voice is off", timeout=15_000)
        say = page.locator("#say-text")
        for text in ["Can the array be empty?",
                     "I'd use a hash map from each value to its index, and look up the complement in one pass."]:
            n = viva(page, "window.__viva.transcript().filter(t => t.who === 'agent').length")
            say.fill(text)
            say.press("Enter")
            wait_until(page, f"window.__viva.transcript().filter(t => t.who === 'agent').length > {n}", 30)
        say.fill("Okay, I'll start coding now.")
        say.press("Enter")
        wait_until(page, "window.__viva.page.phase === 'coding'", 30)  # and the interviewer lets them code
        type_code(page, SOLUTION)
        page.get_by_role("button", name="Run tests").click()
        expect(page.locator("#results .summary")).to_contain_text("accepted", timeout=30_000)
        page.get_by_role("button", name="End interview").click()
        expect(page.locator("#report-link")).to_be_visible(timeout=60_000)
        assert viva(page, "window.__viva.page.voice") is False
    finally:
        b.close()


BUGGY = """class Solution:
    def twoSum(self, nums, target):
        for i in range(len(nums)):
            for j in range(i + 1, len(nums) + 1):
                if nums[i] + nums[j] == target:
                    return [i, j]
"""


def test_a_failing_run_shows_the_error_line_and_the_interviewer_explains_it(server: ServerProcess) -> None:
    b = Browser(None, deny_mic=True)
    try:
        page = b.page
        start_interview(page, server.url, mode="text")
        say = page.locator("#say-text")
        say.fill("I'll check every pair with two loops.")
        say.press("Enter")
        page.wait_for_timeout(500)
        type_code(page, BUGGY)
        page.get_by_role("button", name="Run tests").click()
        failure = page.locator("#results .first-error")
        expect(failure).to_contain_text("IndexError on line 5", timeout=30_000)
        expect(failure).to_contain_text("nums[i] + nums[j]")
        n = viva(page, "window.__viva.transcript().filter(t => t.who === 'agent').length")
        say.fill("what's the error exactly?")
        say.press("Enter")
        wait_until(page, f"window.__viva.transcript().filter(t => t.who === 'agent').length > {n}", 30)
        answer = viva(page, "window.__viva.transcript().filter(t => t.who === 'agent').slice(-1)[0].text")
        assert "IndexError" in answer and "line 5" in answer, answer
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "room-failing-run.png"))
    finally:
        b.close()


def test_own_input_runs_beside_the_reference_and_reset_brings_back_the_starter(server: ServerProcess) -> None:
    b = Browser(None, deny_mic=True)
    try:
        page = b.page
        start_interview(page, server.url, mode="text")
        page.get_by_role("tab", name="Your input").click()
        box = page.locator("#mine-input")
        expect(box).to_have_value("[2,7,11,15]\n9")  # the first example, one argument per line
        type_code(page, BUGGY)
        box.fill("[1, 4, 6]\n10")  # the pair at the end: the bug's own case
        page.get_by_role("button", name="Run", exact=True).click()
        out = page.locator("#mine-out")
        expect(out.locator(".first-error")).to_contain_text("IndexError on line 5", timeout=30_000)
        expect(out).to_contain_text("[1,2]")  # the reference's answer beside it
        box.fill("[1, 4, 6]")
        page.get_by_role("button", name="Run", exact=True).click()
        expect(out).to_contain_text("one per line", timeout=30_000)
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Reset").click()
        wait_until(page, "window.__viva.page.editor.getDoc().includes('pass')", 10)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "room-own-input.png"))
    finally:
        b.close()


# The bank's own Go reference: what a candidate would type, in LeetCode's Go signature.
GO_SOLUTION = get_problem("two-sum").solutions.optimal.go or ""


def test_an_interview_in_go_from_the_start_page(server: ServerProcess) -> None:
    b = Browser(None, deny_mic=True)
    try:
        page = b.page
        page.goto(f"{server.url}/?processing=off")
        page.locator('#problem-list li[data-id="two-sum"]').click()
        page.get_by_label("Go", exact=True).check()  # offered because the server can compile Go
        page.locator('input[name="mode"][value="text"]').check()
        page.get_by_role("button", name="Start interview").click()
        expect(page.locator("#lang-label")).to_have_text("Go", timeout=15_000)
        wait_until(page, "!!window.__viva.page.editor && window.__viva.page.editor.getDoc().startsWith('func twoSum(')", 15)
        assert "return []int{j, i}" in GO_SOLUTION
        type_code(page, GO_SOLUTION.replace("return []int{j, i}", "return []int{j, i + 1}"))
        page.get_by_role("button", name="Run tests").click()
        expect(page.locator("#results .summary")).to_contain_text("wrong answer", timeout=60_000)
        type_code(page, GO_SOLUTION)
        page.get_by_role("button", name="Run tests").click()
        expect(page.locator("#results .summary")).to_contain_text("accepted", timeout=60_000)
    finally:
        b.close()


_CDP: dict[int, Any] = {}


def network(page: Page, **conditions: Any) -> None:
    """DevTools network emulation on this page: offline, or throttled (bytes per second); no
    arguments restore the link. One DevTools session per page: another session's conditions would
    stay in force beside it."""
    cdp = _CDP.get(id(page))
    if cdp is None:
        cdp = _CDP[id(page)] = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1, **conditions})


def test_a_weak_link_turns_the_voice_off_and_back_on_by_itself_and_loses_no_speech(
        server: ServerProcess, tmp_path: Path) -> None:
    # The question is spoken while the link is down (at 22 s of the microphone file).
    wav = mic_wav(tmp_path / "weak.wav", [(22.0, "Could the list hold negative numbers?")])
    b = Browser(wav)
    try:
        page = b.page
        start_interview(page, server.url)
        entered = time.monotonic()
        wait_until(page, "window.__viva.page.audio && window.__viva.page.audio.outLevel > 0.01", 30)
        network(page, offline=True)  # Chromium drops the open socket's frames, as a dead Wi-Fi does
        wait_until(page, "window.__viva.linkQuality() === 'poor'", 30)
        expect(page.locator("#notice")).to_contain_text("connection is weak", timeout=5_000)
        assert viva(page, "window.__viva.page.voice") is False
        page.screenshot(path=str(SCREENSHOTS / "weak-link.png"))
        page.wait_for_timeout(max(0, (27 - (time.monotonic() - entered)) * 1000))  # the question is said
        assert viva(page, "window.__viva.page.conn.backlogSeconds") > 3  # kept: not confirmed heard
        network(page)  # the link is back
        said = ("window.__viva.transcript().some(t => t.who === 'candidate' && t.final "
                "&& /negative|numbers/.test(t.text))")
        wait_until(page, said, 45)
        # Voice comes back by itself, with a calm word, and no click.
        wait_until(page, "window.__viva.page.voice === true && window.__viva.linkQuality() === 'good'", 45)
        expect(page.locator("#notice")).to_contain_text("voice is on again", timeout=5_000)
        s = viva(page, "window.__viva.page.session")
        events = httpx.get(f"{server.url}/api/sessions/{s['session_id']}/events",
                           headers={"Authorization": f"Bearer {s['token']}"}, timeout=10).json()["events"]
        heard = [e for e in events if e["type"] == "candidate_utterance" and "negative" in e["text"]]
        assert len(heard) == 1, [e["text"] for e in events if e["type"] == "candidate_utterance"]
        assert any(e["type"] == "agent_utterance" and e["seq"] > heard[0]["seq"] for e in events)

        # DevTools throttling does not slow frames on an open WebSocket (measured: pong times
        # unchanged at 12 kB/s and 2 s of latency), so a slow link's pongs are driven in
        # tests/js/connection.test.mjs (test_client_js.py).
        assert not [c for c in b.console if c.startswith("pageerror")], b.console
    finally:
        b.close()


def test_an_interview_link_continues_on_another_device_and_only_one_tab_is_heard(
        server: ServerProcess, tmp_path: Path) -> None:
    b = Browser(mic_wav(tmp_path / "quiet.wav", []))
    try:
        first = b.page
        start_interview(first, server.url)
        wait_until(first, "window.__viva.page.micActive === true && window.__viva.connState() === 'open'", 30)
        link = first.evaluate("() => location.href")
        assert "token=" in link.split("#", 1)[1] and "token=" not in link.split("#", 1)[0]  # fragment only
        second = b.another_device()
        second.goto(link)
        expect(second.locator("#room")).to_be_visible(timeout=20_000)
        expect(second.locator("#room-title")).to_have_text("Two Sum")
        # The newest tab is heard; the first says so, stops sending, and can take it back.
        wait_until(second, "window.__viva.page.micActive === true", 20)
        wait_until(first, "window.__viva.page.micActive === false", 20)
        expect(first.locator("#mic-elsewhere")).to_be_visible()
        sent = viva(first, "window.__viva.page.conn.nextOffset")
        first.wait_for_timeout(1000)
        assert viva(first, "window.__viva.page.conn.nextOffset") == sent  # not one frame while another is heard
        # Both show the same interview: a line typed on one appears on the other.
        second.locator("#say-text").fill("Can I assume exactly one answer exists?")
        second.locator("#say-text").press("Enter")
        for page in (first, second):
            wait_until(page, "window.__viva.transcript().some(t => t.who === 'candidate' && /exactly one/.test(t.text))", 20)
        first.locator("#take-mic").click()
        wait_until(first, "window.__viva.page.micActive === true", 20)
        wait_until(second, "window.__viva.page.micActive === false", 20)
        expect(first.locator("#mic-elsewhere")).to_be_hidden()
    finally:
        b.close()
