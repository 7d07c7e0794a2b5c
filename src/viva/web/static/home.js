// The start screen around the problem picker: settings kept per candidate, past interviews with a
// trend plot of the five pillars, Grind 75 progress, and the candidate's key.
import { CandidateKeyError, candidateFetch, ensureCandidate, saveSettings, useKey } from "./candidate.js";
import { esc } from "./markdown.js";
import { PILLARS, SCORE_MAX, chartBox, chartData, chartHeight, chartOptions, formatDate, formatTime } from "./trend.js";

const $ = (id) => document.getElementById(id);
const SIGNALS = {
  strong_hire: ["Strong hire", "good"], hire: ["Hire", "good"], lean_no_hire: ["Lean no hire", "warn"],
  no_hire: ["No hire", "bad"], strong_no_hire: ["Strong no hire", "bad"],
};
const LANGUAGES = { python: "Python", javascript: "JavaScript", typescript: "TypeScript", java: "Java", cpp: "C++", go: "Go" };
const STATUS = { done: "done", attempted: "attempted", not_started: "not started" };
const TABS = { new: "", history: "#interviews", progress: "#progress" };
const RATE_SAVE_MS = 400;

const home = { problems: [], choose: () => {}, candidate: null, sessions: null, progress: null, chart: null,
  restoring: false, rateTimer: null };
// For tests and the console: the drawn chart and the data behind it.
window.__vivaHome = { chart: () => home.chart, sessions: () => home.sessions, progress: () => home.progress };

/** Wire and fill the start screen; `choose(id)` picks a problem in the picker. Never throws. */
export async function initHome({ problems, choose }) {
  home.problems = problems || [];
  home.choose = choose;
  wireTabs();
  wireSettings();
  wireKey();
  new ResizeObserver(() => drawTrend()).observe($("trend"));
  // Another theme redefines the colours; the canvas has to be drawn again with them.
  new MutationObserver(() => { home.chartFor = null; drawTrend(); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  const voices = loadVoices();
  try {
    home.candidate = await ensureCandidate();
  } catch (err) {
    console.warn("candidate unavailable", err);
    $("sessions-status").textContent = $("grind-summary").textContent = "Your history is unavailable on this server just now.";
    $("key-masked").textContent = "unavailable";
    return;
  }
  showKey();
  await voices;
  applySettings(home.candidate.settings);
  const tab = Object.keys(TABS).find((t) => TABS[t] && TABS[t] === location.hash);
  if (tab) selectTab(tab);
  // Not awaited: the page may be on its way into the room, which needs none of this.
  loadSessions();
  loadProgress();
}

/** The settings a new session starts with (POST /api/sessions). */
export function sessionSettings() {
  const saved = (home.candidate && home.candidate.settings) || {};
  const length = document.querySelector('input[name="length_min"]:checked');
  const out = { length_min: length ? Number(length.value) : saved.length_min ?? 45,
    speech_rate: Number($("speech-rate").value) };
  const voice = $("voice").value || saved.voice;
  if (voice) out.voice = voice;
  return out;
}

// ---------------------------------------------------------------- tabs

function wireTabs() {
  const tabs = [...document.querySelectorAll(".home-tab")];
  tabs.forEach((t) => t.addEventListener("click", () => selectTab(t.id.slice(4), true)));
  $("tab-new").parentElement.addEventListener("keydown", (e) => {
    const i = tabs.indexOf(document.activeElement);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (i < 0 || to === undefined) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    selectTab(next.id.slice(4), true);
    next.focus();
  });
}

function selectTab(name, byUser = false) {
  for (const t of Object.keys(TABS)) {
    const on = t === name;
    $(`tab-${t}`).setAttribute("aria-selected", String(on));
    $(`tab-${t}`).tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
  }
  if (byUser) {
    history.replaceState(null, "", location.pathname + location.search + TABS[name]);
    // Another tab of this browser may have finished an interview meanwhile.
    if (name === "history" && home.candidate) loadSessions();
    if (name === "progress" && home.candidate) loadProgress();
  }
  if (name === "history") drawTrend();
}

// ---------------------------------------------------------------- settings

async function loadVoices() {
  try {
    const r = await fetch("/api/voices");
    if (!r.ok) return;
    const { voices } = await r.json();
    if (!voices.length) return;
    $("voice").innerHTML = voices.map((v) =>
      `<option value="${esc(v.id)}"${v.default ? " selected" : ""}>${esc(v.label)}</option>`).join("");
  } catch (err) {
    console.warn("voices unavailable", err);
  }
}

function setRadio(name, value) {
  const input = document.querySelector(`input[name="${name}"][value="${CSS.escape(String(value))}"]`);
  if (input) input.checked = true;
}

function setSelect(id, value) {
  const el = $(id);
  if (value === undefined || value === null || ![...el.options].some((o) => o.value === value)) return;
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true })); // the picker re-filters
}

function showRate(value) {
  $("speech-rate-value").textContent = `${Number(value).toFixed(2)}×`;
}

function applySettings(s) {
  if (!s) return;
  home.restoring = true;
  try {
    if (s.length_min) setRadio("length_min", s.length_min);
    if (s.voice) setSelect("voice", s.voice);
    if (s.speech_rate) { $("speech-rate").value = s.speech_rate; showRate(s.speech_rate); }
    setSelect("difficulty", s.difficulty);
    setSelect("topic", s.topic);
    if (s.language) setRadio("language", s.language);
    if (s.mode) setRadio("mode", s.mode);
  } finally {
    home.restoring = false;
  }
}

function save(partial) {
  if (home.restoring || !home.candidate) return;
  saveSettings(partial).then(
    (saved) => { home.candidate.settings = saved; $("settings-status").textContent = ""; },
    (err) => { console.warn(err); $("settings-status").textContent = "Your settings could not be saved; they apply to this interview only."; });
}

function wireSettings() {
  // Delegated: the language radios are drawn again once the server says which it can run.
  $("panel-new").addEventListener("change", (e) => {
    const el = e.target;
    if (el.name === "length_min") save({ length_min: Number(el.value) });
    else if (el.name === "language" || el.name === "mode") save({ [el.name]: el.value });
    else if (el.id === "voice") save({ voice: el.value });
    else if (el.id === "difficulty" || el.id === "topic") save({ [el.id]: el.value });
  });
  $("speech-rate").addEventListener("input", (e) => {
    showRate(e.target.value);
    clearTimeout(home.rateTimer);
    home.rateTimer = setTimeout(() => save({ speech_rate: Number(e.target.value) }), RATE_SAVE_MS);
  });
  // The language list can arrive after the settings: put the saved language back on it.
  new MutationObserver(() => {
    const lang = home.candidate && home.candidate.settings && home.candidate.settings.language;
    if (lang) setRadio("language", lang);
  }).observe($("languages"), { childList: true });
}

// ---------------------------------------------------------------- your interviews

async function loadSessions() {
  try {
    const r = await candidateFetch("/api/candidate/sessions");
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    home.sessions = (await r.json()).sessions;
  } catch (err) {
    console.warn("sessions unavailable", err);
    $("sessions-status").textContent = "Your interviews could not be loaded just now.";
    return;
  }
  renderSessions(home.sessions);
  drawTrend();
}

function signalLabel(s) {
  if (!s.ended) return `<span class="signal open">In progress</span>`;
  const [label, tone] = SIGNALS[s.signal] || ["Not scored", "none"];
  return `<span class="signal ${tone}">${label}</span>`;
}

function renderSessions(list) {
  const n = list.length;
  $("sessions-status").textContent = n ? `${n} interview${n === 1 ? "" : "s"}, newest first.`
    : "No interviews yet: each one you do appears here, with its report.";
  if (!n) { $("sessions").innerHTML = ""; return; }
  const rows = list.map((s) => {
    const when = formatDate(s.created_at, true);
    const scores = PILLARS.map(([k]) => {
      const v = s.pillars ? s.pillars[k] : null;
      return v ? `<td class="score" data-label="${esc(labelOf(k))}"><span class="pips s${v}" aria-hidden="true"></span>${v}<span class="sr-only"> of ${SCORE_MAX}</span></td>`
        : `<td class="score none" data-label="${esc(labelOf(k))}">—</td>`;
    }).join("");
    const link = s.ended && s.report_url
      ? `<a href="${esc(s.report_url)}" aria-label="Report: ${esc(s.title)}, ${esc(when)}">Report</a>`
      : s.resume_url ? `<a href="${esc(s.resume_url)}" class="resume" aria-label="Resume: ${esc(s.title)}, ${esc(when)}">Resume</a>` : "";
    return `<tr data-session="${esc(s.session_id)}">
      <th scope="row" class="problem"><span class="title">${esc(s.title)}</span>
        <span class="diff ${esc(s.difficulty || "")}">${esc(s.difficulty || "")}</span></th>
      <td class="when"><time datetime="${new Date(s.created_at * 1000).toISOString()}">${esc(formatDate(s.created_at))}
        <span class="sub">${esc(formatTime(s.created_at))}</span></time></td>
      <td class="lang">${esc(LANGUAGES[s.language] || s.language)}<span class="sub">${s.mode === "voice" ? "by voice" : "by text"}</span></td>
      <td class="sig">${signalLabel(s)}</td>${scores}<td class="go">${link}</td></tr>`;
  }).join("");
  $("sessions").innerHTML = `<table class="sessions">
    <thead><tr><th scope="col">Problem</th><th scope="col">Date</th><th scope="col">Language</th><th scope="col">Signal</th>
      ${PILLARS.map(([, label]) => `<th scope="col" class="score">${label}</th>`).join("")}
      <th scope="col"><span class="sr-only">Report</span></th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

function labelOf(key) {
  return PILLARS.find(([k]) => k === key)[1];
}

// ---------------------------------------------------------------- trend plot

let chartLib = null;

async function drawTrend() {
  if (home.sessions === null) return;
  const fig = $("trend");
  const scored = home.sessions.filter((s) => s.pillars).sort((a, b) => a.created_at - b.created_at);
  if (!scored.length) {
    if (home.chart) { home.chart.destroy(); home.chart = null; }
    fig.innerHTML = `<p class="empty hint-text">No scores yet. When you finish an interview, its five pillar scores are plotted here, so you can watch each one move.</p>`;
    return;
  }
  if (!fig.clientWidth) return; // hidden: drawn when its tab is shown
  chartLib = chartLib || import("/static/vendor/charts.js");
  const { default: uPlot } = await chartLib;
  const width = fig.clientWidth; // everything below is synchronous: two calls never draw twice
  if (!width) return;
  if (home.chart && home.chartFor === home.sessions) {
    if (home.chart.width !== width) home.chart.setSize({ width, height: chartHeight() });
    return;
  }
  if (home.chart) home.chart.destroy();
  home.chart = new uPlot(chartOptions(scored, width), chartData(scored), chartBox(fig, scored));
  home.chartFor = home.sessions;
}

// ---------------------------------------------------------------- Grind 75 progress

async function loadProgress() {
  try {
    const r = await candidateFetch("/api/candidate/progress");
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    home.progress = await r.json();
  } catch (err) {
    console.warn("progress unavailable", err);
    $("grind-summary").textContent = "Your progress could not be loaded just now.";
    return;
  }
  renderProgress(home.progress);
}

function renderProgress(p) {
  $("grind-summary").textContent = `${p.done} of ${p.total} done, ${p.attempted} attempted.`;
  const next = p.next && p.problems.find((x) => x.problem_id === p.next);
  $("grind-next").innerHTML = next
    ? `<p id="grind-next-line">Next: <strong>${esc(next.title)}</strong>
        <span class="diff ${esc(next.difficulty)}">${esc(next.difficulty)}</span>
        ${next.week ? `<span class="hint-text">· week ${esc(String(next.week))}</span>` : ""}</p>
       <button id="grind-pick" class="primary" type="button" aria-describedby="grind-next-line">Pick this problem</button>`
    : `<p>${p.done >= p.total ? "All of Grind 75 done. Pick any problem to practise again." : ""}</p>`;
  if (next) $("grind-pick").addEventListener("click", () => pick(next.problem_id));
  const weeks = new Map();
  for (const q of p.problems) {
    const w = q.week ?? "other";
    if (!weeks.has(w)) weeks.set(w, []);
    weeks.get(w).push(q);
  }
  let first = true;
  $("grind").innerHTML = [...weeks].map(([w, qs]) => {
    const done = qs.filter((q) => q.status === "done").length;
    const cells = qs.map((q) => {
      const focus = first ? "0" : "-1";
      first = false;
      const text = `${q.title} (${q.difficulty}): ${STATUS[q.status] || q.status}`;
      return `<li><button type="button" class="cell ${esc(q.status)}" data-id="${esc(q.problem_id)}" tabindex="${focus}"
        aria-label="${esc(text)}. Pick it" title="${esc(text)}"></button></li>`;
    }).join("");
    const name = w === "other" ? "Other" : `Week ${w}`;
    return `<div class="week"><h3 id="week-${esc(String(w))}">${name} <span class="hint-text">${done}/${qs.length}</span></h3>
      <ol class="cells" aria-labelledby="week-${esc(String(w))}">${cells}</ol></div>`;
  }).join("");
}

function wireGrid() {
  const grid = $("grind");
  grid.addEventListener("click", (e) => {
    const cell = e.target.closest("button.cell");
    if (cell) pick(cell.dataset.id);
  });
  // One tab stop for 75 cells; the arrow keys move inside (a roving tabindex).
  grid.addEventListener("keydown", (e) => {
    const cells = [...grid.querySelectorAll("button.cell")];
    const i = cells.indexOf(document.activeElement);
    const to = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: cells.length - 1 }[e.key];
    if (i < 0 || to === undefined) return;
    e.preventDefault();
    const next = cells[Math.max(0, Math.min(cells.length - 1, to))];
    cells[i].tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}

function pick(id) {
  const item = () => document.querySelector(`#problem-list li[data-id="${CSS.escape(id)}"]`);
  if (!item()) {
    // The picker's filters hide it: show the whole list (for now; the saved filters stay).
    for (const f of ["search", "difficulty", "topic"]) { $(f).value = ""; $(f).dispatchEvent(new Event("input", { bubbles: true })); }
  }
  home.choose(id);
  selectTab("new", true);
  if (item()) item().scrollIntoView({ block: "nearest" });
  $("problem-list").focus();
}

// ---------------------------------------------------------------- the key

function masked(key) {
  return `${key.slice(0, 4)}${"•".repeat(10)}${key.slice(-4)}`;
}

function showKey() {
  $("key-masked").textContent = masked(home.candidate.key);
}

async function copyKey() {
  const key = home.candidate && home.candidate.key;
  if (!key) return;
  try {
    await navigator.clipboard.writeText(key);
    $("key-status").textContent = "Key copied. On your other device, paste it under “Key from another device”.";
  } catch {
    // No clipboard here (a page served over plain http): show the key to copy by hand.
    $("key-masked").textContent = key;
    $("key-status").textContent = "This browser would not copy it: select the key shown and copy it yourself.";
  }
}

function wireKey() {
  wireGrid();
  $("key-copy").addEventListener("click", copyKey);
  $("key-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const status = $("key-status");
    const input = $("key-input");
    if (!input.value.trim()) { status.textContent = "Paste the key from your other device first."; input.focus(); return; }
    $("key-use").disabled = true;
    try {
      home.candidate = await useKey(input.value);
      input.value = "";
      showKey();
      applySettings(home.candidate.settings);
      await Promise.all([loadSessions(), loadProgress()]);
      const n = home.sessions ? home.sessions.length : 0;
      status.textContent = `This browser now uses that key: ${n} interview${n === 1 ? "" : "s"}.`;
    } catch (err) {
      status.textContent = err instanceof CandidateKeyError ? `That key did not work: ${err.message}.` : "The key could not be checked just now; try again.";
      input.focus();
    } finally {
      $("key-use").disabled = false;
    }
  });
}
