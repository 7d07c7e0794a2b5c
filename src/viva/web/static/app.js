// The interview page: start screen, then the room. One WebSocket carries everything (DESIGN §4).
import { AudioIO, micCheck } from "./audio.js";
import { Connection } from "./connection.js";
import { initHome, sessionSettings } from "./home.js";
import { knownToken, rememberToken, resumeLink } from "./links.js";
import { esc, markdown } from "./markdown.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// Tests switch the browser's echo cancellation, noise suppression and auto gain off (FIELD-NOTES).
const PROCESSING = params.get("processing") !== "off";
const CODE_DEBOUNCE_MS = 700;
const STATS_EVERY_MS = 4000;

const page = {
  problems: [], chosen: null, session: null, problem: null, editor: null, conn: null, audio: null,
  voice: false, phase: "intro", ended: false, turn: null, turnItems: new Map(), partials: new Map(),
  startedAt: null, lastArrival: 0, gaps: [], codeTimer: null, lastSentCode: null,
  voiceWanted: false, micActive: true, lengthMin: null,
};
const HINT_LABEL = { nudge: "Nudge", hint: "Hint", reveal: "Reveal" }; // the server's hint levels
window.__viva = {
  page,
  transcript: () => [...document.querySelectorAll("#transcript li")].map((li) => ({
    who: li.dataset.who, text: li.querySelector(".text").textContent, final: !li.classList.contains("partial"),
    revised: li.classList.contains("revised") })),
  bargeIns: () => bargeInLatencies(),
  connState: () => (page.conn ? page.conn.state : "none"),
  linkQuality: () => (page.conn ? page.conn.quality : "none"),
};

// ---------------------------------------------------------------- start screen

// Languages the server can run; the two above are in the page already, for a server that
// cannot answer.
async function loadLanguages() {
  try {
    const { languages } = await (await fetch("/api/languages")).json();
    page.labels = Object.fromEntries(languages.map((l) => [l.id, l.label]));
    const usable = languages.filter((l) => l.available);
    if (!usable.length) return;
    $("languages").innerHTML = `<legend>Language</legend>` + usable.map((l, i) =>
      `<label class="choice"><input type="radio" name="language" value="${esc(l.id)}"${i === 0 ? " checked" : ""}> ${esc(l.label)}</label>`).join("");
  } catch (err) {
    console.warn("languages unavailable", err);
  }
}

async function loadProblems() {
  const r = await fetch("/api/problems");
  page.problems = (await r.json()).problems;
  const topics = [...new Set(page.problems.flatMap((p) => p.topics))].sort();
  $("topic").insertAdjacentHTML("beforeend", topics.map((t) => `<option value="${esc(t)}">${esc(t.replace(/-/g, " "))}</option>`).join(""));
  renderList();
}

function renderList() {
  const q = $("search").value.trim().toLowerCase();
  const d = $("difficulty").value, t = $("topic").value;
  const shown = page.problems.filter((p) => (!q || p.title.toLowerCase().includes(q)) && (!d || p.difficulty === d) && (!t || p.topics.includes(t)));
  $("problem-list").innerHTML = shown.map((p) => `
    <li role="option" data-id="${esc(p.id)}" aria-selected="${page.chosen === p.id}" tabindex="-1">
      <span class="diff ${p.difficulty}">${p.difficulty}</span>
      <span class="title">${esc(p.title)}</span>
      <span class="topics">${esc(p.topics.slice(0, 2).join(" · "))}</span>
    </li>`).join("") || `<li class="muted">No problem matches.</li>`;
}

function choose(id) {
  page.chosen = id;
  const p = page.problems.find((x) => x.id === id);
  $("chosen").textContent = p ? `Picked: ${p.title} (${p.difficulty}).` : "No problem picked: “Surprise me” picks one.";
  renderList();
}

function wireStart() {
  ["search", "difficulty", "topic"].forEach((id) => $(id).addEventListener("input", renderList));
  $("problem-list").addEventListener("click", (e) => { const li = e.target.closest("li[data-id]"); if (li) choose(li.dataset.id); });
  $("problem-list").addEventListener("keydown", (e) => {
    const items = [...$("problem-list").querySelectorAll("li[data-id]")];
    if (!items.length) return;
    let i = items.findIndex((li) => li.dataset.id === page.chosen);
    if (e.key === "ArrowDown") i = Math.min(items.length - 1, i + 1);
    else if (e.key === "ArrowUp") i = Math.max(0, i - 1);
    else return;
    e.preventDefault();
    choose(items[i].dataset.id);
    $("problem-list").querySelector(`li[data-id="${items[i].dataset.id}"]`).scrollIntoView({ block: "nearest" });
  });
  $("surprise").addEventListener("click", () => {
    const pool = page.problems.filter((p) => (!$("difficulty").value || p.difficulty === $("difficulty").value));
    choose(pool[Math.floor(Math.random() * pool.length)].id);
  });
  let stopCheck = null;
  $("mic-test").addEventListener("click", async () => {
    if (stopCheck) { stopCheck(); stopCheck = null; $("mic-test").textContent = "Check microphone"; return; }
    try {
      stopCheck = await micCheck((rms) => setMeter("mic-meter-start", rms));
      $("mic-test").textContent = "Stop check";
      $("mic-status").textContent = "Listening: speak a few words and watch the bar.";
    } catch (err) {
      $("mic-status").textContent = `The microphone is not available (${err.name || err}). You can still interview by text.`;
    }
  });
  $("begin").addEventListener("click", async () => {
    if (stopCheck) { stopCheck(); stopCheck = null; }
    await begin();
  });
}

function setMeter(id, rms) {
  const pct = Math.min(100, Math.round(Math.sqrt(rms) * 180));
  const el = $(id);
  el.firstElementChild.style.width = `${pct}%`;
  el.setAttribute("aria-valuenow", String(pct));
}

async function begin() {
  $("begin").disabled = true;
  const language = document.querySelector('input[name="language"]:checked').value;
  const mode = document.querySelector('input[name="mode"]:checked').value;
  const body = { language, mode, ...sessionSettings() };
  if (page.chosen) body.problem_id = page.chosen;
  const r = await fetch("/api/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) { $("begin").disabled = false; $("chosen").textContent = `Could not start: ${await r.text()}`; return; }
  const s = await r.json();
  page.session = { session_id: s.session_id, token: s.token, mode, language, problem_id: s.problem.id, started: Date.now(),
    length_min: body.length_min || null };
  rememberToken(s.session_id, s.token);
  history.replaceState(null, "", resumeLink(page.session));
  await enterRoom(mode === "voice");
}

// ---------------------------------------------------------------- resume anywhere

// An interview link (#session=ID&token=T), or one of this candidate's own sessions (#session=ID:
// the candidate cookie opens it), continues in this tab.
async function resumeFromLink() {
  const f = new URLSearchParams(location.hash.slice(1));
  const id = f.get("session");
  if (!id) return false;
  const token = f.get("token") || knownToken(id);
  const r = await fetch(`/api/sessions/${encodeURIComponent(id)}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (!r.ok) {
    history.replaceState(null, "", "/");
    $("chosen").textContent = r.status === 404 ? "That interview no longer exists." : "That interview link is not valid here.";
    return false;
  }
  const info = await r.json();
  if (token) {
    rememberToken(id, token);
    // The token, sent once in a header, becomes this browser's cookie for the session.
    await fetch(`/api/sessions/${encodeURIComponent(id)}/access`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  }
  page.session = { session_id: id, token, mode: info.mode, language: info.language, problem_id: info.problem_id,
    started: (info.started_at || info.created_at) * 1000, length_min: info.length_min || null };
  if (token) history.replaceState(null, "", resumeLink(page.session));
  await enterRoom(info.mode === "voice" && !info.ended);
  return true;
}

async function copyResumeLink() {
  const btn = $("copy-link");
  if (!btn || !page.session) return;
  const link = page.session.token ? resumeLink(page.session) : `${location.origin}/#session=${page.session.session_id}`;
  try {
    await navigator.clipboard.writeText(link);
    btn.textContent = "Link copied";
  } catch {
    window.prompt("Copy this link to continue the interview elsewhere:", link);
  }
  setTimeout(() => { btn.textContent = "Copy resume link"; }, 2500);
}

// ---------------------------------------------------------------- the room

async function enterRoom(wantVoice) {
  const s = page.session;
  $("start").hidden = true;
  $("room").hidden = false;
  page.startedAt = s.started;
  page.problem = await (await fetch(`/api/problems/${encodeURIComponent(s.problem_id)}`)).json();
  renderProblem(page.problem);
  $("lang-label").textContent = (page.labels && page.labels[s.language]) || s.language;
  await makeEditor(page.problem.starter[s.language] || "", s.language);
  $("mine-input").value = (page.problem.examples[0]?.args || []).map((a) => JSON.stringify(a)).join("\n");
  setInterval(tickClock, 1000);
  tickClock();
  if (wantVoice) await startVoice();
  connect();
  if (document.activeElement === document.body || document.activeElement === $("begin")) $("say-text").focus();
}

function renderProblem(p) {
  $("room-title").textContent = p.title;
  const ex = p.examples.map((e, i) => `<pre>Input: ${esc(e.args.map((a) => JSON.stringify(a)).join(", "))}\nOutput: ${esc(JSON.stringify(e.expected))}${e.explanation ? `\n${esc(e.explanation)}` : ""}</pre>`).join("");
  $("statement").innerHTML = `<h2>${esc(p.title)} <span class="diff ${p.difficulty}">${p.difficulty}</span></h2>
    ${markdown(p.statement)}
    <h3>Examples</h3>${ex}
    ${p.constraints && p.constraints.length ? `<h3>Constraints</h3><ul>${p.constraints.map((c) => `<li><code>${esc(c)}</code></li>`).join("")}</ul>` : ""}`;
}

async function makeEditor(doc, language) {
  const onChange = (text) => {
    page.localEdits = true;
    clearTimeout(page.codeTimer);
    page.codeTimer = setTimeout(() => sendCode(text), CODE_DEBOUNCE_MS);
  };
  try {
    const { createEditor } = await import("/static/vendor/editor.js");
    page.editor = createEditor($("editor"), { doc, language, onChange, onRun: run, dark: true });
  } catch (err) {
    // Without the bundle the room still works, with a plain text area.
    console.warn("code editor bundle unavailable", err);
    const ta = document.createElement("textarea");
    ta.value = doc; ta.spellcheck = false; ta.setAttribute("aria-label", "Code editor");
    ta.addEventListener("input", () => onChange(ta.value));
    ta.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); run(); } });
    $("editor").appendChild(ta);
    page.editor = { getDoc: () => ta.value, setDoc: (t) => { ta.value = t; }, focus: () => ta.focus() };
  }
}

function sendCode(text) {
  if (page.ended || text === page.lastSentCode) return;
  page.lastSentCode = text;
  page.conn.send({ type: "code", code: text, language: page.session.language });
}

function run() {
  if (page.ended) return;
  const code = page.editor.getDoc();
  clearTimeout(page.codeTimer);
  sendCode(code);
  page.conn.send({ type: "run", code, language: page.session.language });
  $("run").disabled = true;
  $("results").innerHTML = `<p class="muted">Running…</p>`;
  showTab("results");
}

// The candidate's own input: their code and the reference side by side, never a scored run.
function runMine() {
  if (page.ended) return;
  const code = page.editor.getDoc();
  clearTimeout(page.codeTimer);
  sendCode(code);
  page.conn.send({ type: "run", code, language: page.session.language, input: $("mine-input").value });
  $("mine-run").disabled = true;
  $("mine-out").innerHTML = `<p class="muted">Running…</p>`;
}

function showMine(r) {
  $("mine-run").disabled = page.ended;
  const same = r.matches === true, differs = r.matches === false;
  const head = r.verdict !== "accepted" && r.verdict !== "wrong_answer"
    ? `<p class="summary failed">${esc(r.verdict.replace(/_/g, " "))}</p>`
    : `<p class="summary ${same ? "accepted" : differs ? "failed" : ""}">${same ? "Same answer as the reference" : differs ? "Different from the reference" : "Ran"}${r.time_ms !== undefined ? ` · ${Math.round(r.time_ms)} ms` : ""}</p>`;
  const e = r.error;
  const failure = e && (e.kind || e.message) ? `<p class="first-error">${esc(e.kind || "")}${e.line ? ` on line ${e.line}` : ""}${
    e.source_line ? ` <code>${esc(e.source_line)}</code>` : ""}${e.message ? `: ${esc(e.message)}` : ""}</p>` : "";
  const show = (v) => (v === undefined ? "—" : JSON.stringify(v));
  $("mine-out").innerHTML = `${head}
    <dl class="pair"><dt>Your output</dt><dd>${esc(r.error ? "—" : show(r.output))}</dd>
    <dt>Reference</dt><dd>${esc(r.reference_error ? r.reference_error : show(r.expected))}</dd></dl>
    ${failure}${r.compile_message ? `<pre>${esc(r.compile_message.slice(-1500))}</pre>` : ""}
    ${r.stdout ? `<p class="muted">Printed:</p><pre class="printed">${esc(r.stdout.slice(-1500))}</pre>` : ""}`;
}

function showTab(which) {
  const mine = which === "mine";
  $("results").hidden = mine;
  $("mine").hidden = !mine;
  $("tab-results").setAttribute("aria-selected", String(!mine));
  $("tab-mine").setAttribute("aria-selected", String(mine));
}

function resetCode() {
  if (page.ended || !page.problem) return;
  if (!confirm("Replace your code with the starter code? Your changes will be lost.")) return;
  page.editor.setDoc(page.problem.starter[page.session.language] || "");
  page.localEdits = true;
  sendCode(page.editor.getDoc());
}

function tickClock() {
  if (!page.startedAt || page.ended) return;
  const s = Math.max(0, Math.floor((Date.now() - page.startedAt) / 1000));
  const len = page.session && page.session.length_min;
  $("clock").textContent = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}${len ? ` / ${len}:00` : ""}`;
}

function notice(text) {
  $("notice").textContent = text;
  $("notice").hidden = !text;
  $("notice").dataset.tone = "";
}

// ---------------------------------------------------------------- voice

async function startVoice() {
  const audio = new AudioIO();
  if (!audio.supported) { notice("This browser cannot stream audio here: continuing by text."); return; }
  try {
    await audio.start({ mic: true, processing: PROCESSING });
  } catch (err) {
    audio.stop();
    const why = err && err.name === "NotAllowedError" ? "microphone permission was denied" : `the microphone is not available (${err.name || err})`;
    notice(`Voice is off: ${why}. Type your answers below; the interview goes on.`);
    return;
  }
  page.audio = audio;
  page.voice = true;
  page.voiceWanted = true;
  if (audio.ctx.state === "suspended") {
    // A reloaded page has had no click yet; browsers keep its sound off until one.
    notice("Click anywhere to turn the interviewer's voice back on.");
    document.addEventListener("click", () => { audio.ctx.resume(); notice(""); }, { once: true });
  }
  audio.onFrame = (buf) => { if (page.conn && !page.ended && page.micActive) page.conn.sendAudio(buf); };
  audio.onMicLevel = (rms) => setMeter("mic-meter", rms);
  audio.onOutLevel = (rms) => setMeter("out-meter", rms);
  setInterval(sendStats, STATS_EVERY_MS);
}

// A poor link turns the interviewer's voice off (choppy speech is worse than text) and a good one
// turns it back on, by itself. The microphone keeps going throughout: what the candidate says
// while the link is poor is kept until the server confirms it (connection.js).
function linkQuality(q) {
  if (!page.voiceWanted || page.ended) return;
  if (q === "poor" && page.voice) {
    page.voice = false;
    page.audio.drop();
    speaking(false);
    banner("The connection is weak, so the interviewer is writing for now. Keep talking: you are still heard, and voice comes back by itself.", "calm");
    page.conn.rehello();
  } else if (q === "good" && !page.voice) {
    page.voice = true;
    banner("The connection is back: voice is on again.", "calm", 6000);
    page.conn.rehello();
  }
}

function banner(text, tone = "", hideAfterMs = 0) {
  notice(text);
  $("notice").dataset.tone = tone;
  clearTimeout(page.bannerTimer);
  if (hideAfterMs) page.bannerTimer = setTimeout(() => { if ($("notice").textContent === text) notice(""); }, hideAfterMs);
}

// Only one tab of an interview is heard (the server decides); the others show it and stay quiet.
function micHeld(active) {
  page.micActive = active;
  const box = $("mic-elsewhere");
  if (box) box.hidden = active || !page.voiceWanted;
  if (!active && page.audio) { page.audio.drop(); speaking(false); }
}

function sendStats() {
  if (!page.audio || !page.conn) return;
  const g = page.gaps.splice(0);
  const jitter = g.length > 1 ? g.reduce((a, x) => a + Math.abs(x - 20), 0) / g.length : 0;
  page.conn.send({ type: "client_stats", jitter_ms: Math.round(jitter * 10) / 10, buffer_ms: Math.round(page.audio.buffered * 1000) });
}

function onAudio(buffer) {
  const now = performance.now();
  if (page.lastArrival) page.gaps.push(now - page.lastArrival);
  page.lastArrival = now;
  if (page.gaps.length > 500) page.gaps.shift();
  if (page.audio && page.turn) page.audio.play(page.turn, buffer);
}

function playedMs(turn) {
  const a = page.audio;
  if (!a || !a.played || !a.played[turn]) return 0;
  return Math.round((a.played[turn] / a.playRate) * 1000);
}

// Onset at the microphone → the voice getting out of the way (ducked, or silent), on the
// AudioContext clock.
function bargeInLatencies() {
  const a = page.audio;
  if (!a) return [];
  const { onsets, silences, sounds, ducks } = a.events;
  const out = [];
  for (const t of onsets) {
    const lastSound = sounds.filter((s) => s <= t).pop();
    const lastSilence = silences.filter((s) => s <= t).pop();
    if (lastSound === undefined || (lastSilence !== undefined && lastSilence >= lastSound)) continue; // nothing playing
    const next = [silences.find((s) => s > t), ducks.find((s) => s > t)].filter((x) => x !== undefined);
    if (next.length) out.push((Math.min(...next) - t) * 1000);
  }
  return out;
}

// ---------------------------------------------------------------- messages

function connect() {
  page.conn = new Connection(page.session, {
    onMessage: handle, onAudio, onState: connState, wantsAudio: () => page.voice,
  });
  page.conn.onQuality = linkQuality;
  page.conn.open();
}

function connState(state) {
  const el = $("conn");
  el.className = `conn ${state}`;
  el.textContent = { open: "", connecting: "Connecting…", reconnecting: "Reconnecting…", poor: "Poor connection", closed: "Disconnected" }[state] ?? state;
  if (state === "reconnecting" && page.audio) { page.audio.drop(); speaking(false); }
  if (state === "closed") banner("This interview cannot be reached from here any more (the link is not valid, or it was deleted).");
}

function item(who, key, cls = "") {
  let li = key ? document.querySelector(`#transcript li[data-key="${CSS.escape(key)}"]`) : null;
  if (!li) {
    li = document.createElement("li");
    li.className = `${who} ${cls}`;
    li.dataset.who = who;
    if (key) li.dataset.key = key;
    li.innerHTML = `<span class="who-label">${who === "agent" ? "Interviewer" : who === "candidate" ? "You" : "Summary"}</span><span class="text"></span>`;
    $("transcript").appendChild(li);
  }
  return li;
}

function scrollTranscript() {
  const t = $("transcript");
  if (t.scrollHeight - t.scrollTop - t.clientHeight < 120) t.scrollTop = t.scrollHeight;
}

function handle(m) {
  switch (m.type) {
    case "ready":
      setPhase(m.phase);
      if (page.audio && m.sample_rate) page.audio.setServerRate(m.sample_rate);
      if (m.resumed && page.localEdits && page.editor) {
        // Whatever the server may have missed while the connection was down.
        page.lastSentCode = null;
        sendCode(page.editor.getDoc());
      }
      break;
    case "phase": setPhase(m.phase); break;
    case "transcript": {
      const key = `u:${m.utterance_id}`;
      if (m.final && !m.text) { const gone = document.querySelector(`#transcript li[data-key="${CSS.escape(key)}"]`); if (gone) gone.remove(); break; }
      const li = item("candidate", key);
      li.classList.toggle("partial", !m.final);
      // The accurate pass's words replace the fast pass's; a stale fast final never undoes them.
      if (li.classList.contains("revised") && !m.revised) break;
      if (m.revised) { li.classList.add("revised"); li.title = "Re-heard more carefully"; }
      li.querySelector(".text").textContent = m.text;
      scrollTranscript();
      break;
    }
    case "agent_text": {
      const li = item("agent", `t:${m.turn_id}`);
      const span = li.querySelector(".text");
      if (m.seq) {
        span.textContent = m.text || (m.interrupted ? "(cut off before a word was heard)" : "");
        li.classList.toggle("cut", !!m.interrupted && !!m.text);
        li.classList.toggle("unheard", !!m.interrupted && !m.text);
      }
      else span.textContent = (span.textContent ? span.textContent + " " : "") + m.text;
      scrollTranscript();
      break;
    }
    case "agent_audio_start":
      page.turn = m.turn_id;
      if (page.audio) page.audio.duck(1); // a turn that ended ducked leaves no quiet voice behind
      speaking(true);
      page.conn.send({ type: "playback", turn_id: m.turn_id, state: "started", played_ms: 0 });
      break;
    case "agent_audio_end":
      speaking(false);
      setTimeout(() => page.conn.send({ type: "playback", turn_id: m.turn_id, state: "ended", played_ms: playedMs(m.turn_id) }), 300);
      break;
    case "agent_pause": if (page.audio) page.audio.pause(); speaking(false, "paused"); break;
    case "agent_resume": if (page.audio) page.audio.resume(); speaking(true); break;
    case "agent_duck": if (page.audio) page.audio.duck(m.gain); break;
    case "agent_interrupt":
      if (page.audio) page.audio.drop(m.turn_id);
      speaking(false);
      page.conn.send({ type: "playback", turn_id: m.turn_id, state: "ended", played_ms: playedMs(m.turn_id) });
      break;
    case "hint": cue(HINT_LABEL[m.level] || "Hint", m.text, "hint"); break;
    case "mic": micHeld(m.active); break;
    case "cue": cue("Tip", m.text, ""); break;
    case "summary": {
      const li = item("summary", `s:${m.seq}`, "summary");
      li.querySelector(".text").textContent = m.text;
      scrollTranscript();
      break;
    }
    case "code":
      // The editor in front of the candidate wins; the server's copy only fills a fresh page.
      if (page.editor && !page.localEdits && m.code !== page.editor.getDoc()) { page.lastSentCode = m.code; page.editor.setDoc(m.code); }
      break;
    case "run_result": showResults(m); showTab("results"); break;
    case "custom_run_result": showMine(m); showTab("mine"); break;
    case "ended": ended(); break;
    case "report_ready": {
      const a = $("report-link");
      // The session's cookie (or the candidate's) opens the report: no token in the link.
      a.href = navigator.cookieEnabled || !page.session.token ? m.url : `${m.url}?token=${encodeURIComponent(page.session.token)}`;
      a.hidden = false;
      if (document.activeElement === document.body || document.activeElement === $("end")) a.focus();
      break;
    }
    case "error":
      if (m.code === "session_ended") ended();
      else if (m.code !== "bad_audio") console.warn("server:", m.code, m.message);
      if (m.code === "sandbox_unavailable") showResults({ verdict: "internal_error", stderr: m.message, tests: [] });
      if (m.code === "bad_input") { $("mine-run").disabled = page.ended; $("mine-out").innerHTML = `<p class="first-error">${esc(m.message)}</p>`; }
      break;
    default: break;
  }
}

function setPhase(phase) {
  page.phase = phase;
  $("phase").textContent = phase.replace(/_/g, " ");
  if (phase === "ended") ended();
}

// The label never changes width (nothing may move while the interviewer talks): the dot shows
// the state, and a screen reader hears it.
function speaking(on, label) {
  $("speaking").classList.toggle("on", on);
  $("speaking").classList.toggle("paused", label === "paused");
  $("speaking-state").textContent = label === "paused" ? "paused" : on ? "speaking" : "listening";
}

function cue(label, text, cls) {
  const box = $("cues");
  const div = document.createElement("div");
  div.className = `cue ${cls}`;
  div.innerHTML = `<span class="label">${esc(label)}</span>${esc(text)}`;
  box.prepend(div);
  while (box.children.length > 3) box.lastElementChild.remove();
}

function showResults(r) {
  $("run").disabled = page.ended;
  const tests = r.tests || [];
  const ok = r.verdict === "accepted";
  const label = r.verdict ? r.verdict.replace(/_/g, " ") : "";
  const rows = tests.map((t) => `<tr>
      <td title="${esc(JSON.stringify(t.input))}">${esc(JSON.stringify(t.input))}</td>
      <td title="${esc(JSON.stringify(t.expected))}">${esc(JSON.stringify(t.expected))}</td>
      <td title="${esc(JSON.stringify(t.actual))}">${esc(t.actual === undefined ? "—" : JSON.stringify(t.actual))}</td>
      <td class="${t.verdict === "accepted" ? "ok" : "no"}">${t.verdict === "accepted" ? "pass" : esc(t.verdict.replace(/_/g, " "))}</td></tr>`).join("");
  const hidden = r.hidden_failed ? `<p class="muted">${r.hidden_failed} hidden test${r.hidden_failed === 1 ? "" : "s"} failed.</p>` : "";
  // The first failure as the interviewer describes it: the error, the line of your code, the kind of test.
  const e = r.first_error;
  const where = e && e.test_name ? ` on ${e.hidden ? "a hidden test: " : ""}${esc(e.test_name)}` : "";
  const failure = e && e.kind ? `<p class="first-error">${esc(e.kind)}${e.line ? ` on line ${e.line}` : ""}${where}${
    e.source_line ? ` <code>${esc(e.source_line)}</code>` : ""}${e.message ? `: ${esc(e.message)}` : ""}</p>` : "";
  $("results").innerHTML = `<p class="summary ${ok ? "accepted" : "failed"}">${esc(label)} · ${r.passed ?? 0}/${r.total ?? 0} passed${r.time_ms !== undefined ? ` · ${Math.round(r.time_ms)} ms` : ""}</p>
    ${rows ? `<table><thead><tr><th>Input</th><th>Expected</th><th>Actual</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table>` : ""}
    ${failure}${hidden}${r.stderr ? `<pre>${esc(r.stderr.slice(-1500))}</pre>` : ""}`;
}

function ended() {
  if (page.ended) return;
  page.ended = true;
  $("run").disabled = true;
  $("mine-run").disabled = true;
  $("reset").disabled = true;
  $("end").disabled = true;
  $("say-text").disabled = true;
  $("end").textContent = "Interview ended";
  speaking(false);
  if (page.audio && page.audio.stream) page.audio.stream.getTracks().forEach((t) => t.stop());
}

function wireRoom() {
  $("run").addEventListener("click", run);
  $("copy-link")?.addEventListener("click", copyResumeLink);
  $("take-mic")?.addEventListener("click", () => page.conn && page.conn.send({ type: "mic", take: true }));
  $("mine-run").addEventListener("click", runMine);
  $("reset").addEventListener("click", resetCode);
  $("tab-results").addEventListener("click", () => showTab("results"));
  $("tab-mine").addEventListener("click", () => showTab("mine"));
  $("end").addEventListener("click", () => {
    if (page.ended) return;
    page.conn.send({ type: "end" });
    $("end").disabled = true;
    $("end").textContent = "Ending…";
  });
  $("say").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("say-text").value.trim();
    if (!text || page.ended) return;
    page.conn.send({ type: "text", text });
    $("say-text").value = "";
  });
  document.addEventListener("keydown", (e) => {
    // The editor handles its own Ctrl/Cmd+Enter (and prevents the default): run once, not twice.
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !e.defaultPrevented && !$("room").hidden
        && document.activeElement !== $("say-text")) { e.preventDefault(); run(); }
  });
}

// ---------------------------------------------------------------- boot

async function boot() {
  wireStart();
  wireRoom();
  await Promise.all([loadProblems(), loadLanguages()]);
  try {
    await initHome({ problems: page.problems, choose });
  } catch (err) {
    console.warn("history and settings unavailable", err); // the start screen works without them
  }
  if (await resumeFromLink()) return;
  page.session = null;
}

window.addEventListener("hashchange", () => { if (!page.session) resumeFromLink(); });

boot();
