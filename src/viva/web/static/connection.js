// The one WebSocket of a session: hello/ready with resume from the last seq, a watchdog that pings
// every 5 s, reconnection with backoff, and the microphone stream kept until the server says it
// heard it. Every frame has a byte offset in this tab's stream; `pong` acknowledges how far the
// server got, and after a reconnect the tab resends from there. A link that drops frames silently
// (a dead Wi-Fi, a tunnel) so loses nothing, and the server trims what it heard twice.
//
// Link quality, its own small machine: "good" → "poor" when pongs are late or slow, or a
// reconnect takes more than a moment; "poor" → "good" after a few quick pongs in a row. The page
// turns the interviewer's voice off while the link is poor and back on when it is good.

const PING_EVERY_MS = 5000;
const PING_POOR_MS = 2000; // while poor: find out sooner that it is better
const PONG_LATE_MS = 4000;
const MAX_AUDIO_BACKLOG = 3000; // 20 ms frames: 60 s
const BACKOFF_MS = [300, 600, 1200, 2500, 5000, 8000];
const SLOW_RTT_MS = 1500; // two pongs this slow: poor
const QUICK_RTT_MS = 600; // three pongs this quick in a row: good again
const GOOD_STREAK = 3;
const DOWN_IS_POOR_MS = 2500; // reconnecting for longer than this: poor

export class Connection {
  constructor(session, { onMessage, onAudio, onState, wantsAudio }) {
    this.session = session;
    this.onMessage = onMessage;
    this.onAudio = onAudio;
    this.onState = onState;
    this.wantsAudio = wantsAudio;
    this.lastSeq = 0;
    this.ws = null;
    this.state = "connecting";
    this.attempt = 0;
    this.backlog = [];
    this.pending = []; // JSON messages typed while offline (text, code, run, end)
    this.closedForGood = false;
    this.pingTimer = null;
    this.lastPong = performance.now();
    this.rttMs = null;
    this.clientId = randomId();
    this.nextOffset = 0; // stream offset of the next captured frame
    this.sentOnSocket = 0; // how many frames of `backlog` went out on the current socket
    this.quality = "good";
    this.slowPongs = 0;
    this.quickPongs = 0;
    this.downTimer = null;
    this.onQuality = () => {};
  }

  url() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    // The session's cookie (HttpOnly, scoped to its paths) carries the token: none in the URL,
    // where proxies would log it. Only a browser that keeps no cookies falls back to the query.
    const q = navigator.cookieEnabled || !this.session.token ? "" : `?token=${encodeURIComponent(this.session.token)}`;
    return `${proto}//${location.host}/ws/sessions/${this.session.session_id}${q}`;
  }

  open() {
    this.setState(this.attempt ? "reconnecting" : "connecting");
    const ws = new WebSocket(this.url());
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      this.sentOnSocket = 0; // a new socket: resend every frame not acknowledged
      ws.send(JSON.stringify(this.hello(this.backlog.length ? this.backlog[0].start : this.nextOffset)));
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      if (typeof e.data !== "string") { this.onAudio(e.data); return; }
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      if (msg.seq) this.lastSeq = Math.max(this.lastSeq, msg.seq);
      if (msg.type === "pong") { this.pong(msg); return; }
      if (msg.type === "ready") { this.attempt = 0; this.setState("open"); this.flush(); this.startWatchdog(); }
      this.onMessage(msg);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return; // a socket already given up on
      this.stopWatchdog();
      if (this.closedForGood || e.code === 4401 || e.code === 4404) { this.setState("closed", e.reason); return; }
      this.reconnect();
    };
  }

  reconnect() {
    const wait = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.setState("reconnecting");
    setTimeout(() => this.open(), wait);
  }

  // A socket that stopped answering: its closing handshake may never finish (a dead link holds it
  // in CLOSING, and no close event comes), so it is let go and a new one is opened now.
  abandon() {
    const ws = this.ws;
    this.ws = null;
    this.stopWatchdog();
    try { ws.close(); } catch { /* already closing */ }
    this.reconnect();
  }

  hello(audioOffset) {
    return { type: "hello", last_seq: this.lastSeq, audio: this.wantsAudio(), client_id: this.clientId, audio_offset: audioOffset };
  }

  // Say hello again on the open socket: the server replays nothing new (last_seq) and takes the
  // new `audio` wish. Frames already sent on this socket arrive before it, so the offset is the
  // next unsent frame's.
  rehello() {
    if (!this.isOpen()) return; // the next connection's hello carries the wish
    const next = this.backlog[this.sentOnSocket];
    this.ws.send(JSON.stringify(this.hello(next ? next.start : this.nextOffset)));
  }

  setState(state, detail) {
    this.state = state;
    this.onState(state, detail);
    if (state === "poor") this.setQuality("poor");
    if (state === "reconnecting" && !this.downTimer) {
      this.downTimer = setTimeout(() => { if (this.state === "reconnecting") this.setQuality("poor"); }, DOWN_IS_POOR_MS);
    }
    if (state === "open" && this.downTimer) { clearTimeout(this.downTimer); this.downTimer = null; }
  }

  setQuality(q) {
    if (q === this.quality) return;
    this.quality = q;
    this.slowPongs = this.quickPongs = 0;
    if (this.pingTimer) this.startWatchdog(false); // ping at the new pace; the silence so far still counts
    this.onQuality(q);
  }

  pong(msg) {
    this.lastPong = performance.now();
    this.rttMs = this.lastPong - msg.t;
    if (this.state === "poor") this.setState("open");
    if (typeof msg.audio_bytes === "number") this.acknowledge(msg.audio_bytes);
    if (this.rttMs > SLOW_RTT_MS) { this.quickPongs = 0; if (++this.slowPongs >= 2) this.setQuality("poor"); }
    else if (this.rttMs < QUICK_RTT_MS) { this.slowPongs = 0; if (++this.quickPongs >= GOOD_STREAK && this.state === "open") this.setQuality("good"); }
    else this.quickPongs = 0;
  }

  // The server heard the stream up to `heard` bytes: those frames need never be sent again.
  acknowledge(heard) {
    let n = 0;
    while (n < this.backlog.length && this.backlog[n].start + this.backlog[n].buf.byteLength <= heard) n++;
    if (!n) return;
    this.backlog.splice(0, n);
    this.sentOnSocket = Math.max(0, this.sentOnSocket - n);
  }

  startWatchdog(fresh = true) {
    this.stopWatchdog();
    if (fresh) this.lastPong = performance.now();
    const every = this.quality === "poor" ? PING_POOR_MS : PING_EVERY_MS;
    this.pingTimer = setInterval(() => {
      if (!this.isOpen()) return;
      if (performance.now() - this.lastPong > every + PONG_LATE_MS) {
        this.setState("poor");
        if (performance.now() - this.lastPong > 3 * PING_EVERY_MS) { this.abandon(); return; } // dead: reconnect
      }
      this.ws.send(JSON.stringify({ type: "ping", t: performance.now() }));
    }, every);
  }

  stopWatchdog() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  isOpen() {
    return this.ws && this.ws.readyState === WebSocket.OPEN && (this.state === "open" || this.state === "poor");
  }

  send(msg) {
    if (this.isOpen()) this.ws.send(JSON.stringify(msg));
    else if (msg.type !== "ping" && msg.type !== "client_stats" && msg.type !== "playback") this.pending.push(msg);
  }

  // Every frame stays in `backlog` until acknowledged; the ones not yet sent on this socket go now.
  sendAudio(buffer) {
    this.backlog.push({ buf: buffer, start: this.nextOffset });
    this.nextOffset += buffer.byteLength;
    if (this.backlog.length > MAX_AUDIO_BACKLOG) { this.backlog.shift(); this.sentOnSocket = Math.max(0, this.sentOnSocket - 1); }
    if (this.isOpen()) this.flushAudio();
  }

  flushAudio() {
    while (this.sentOnSocket < this.backlog.length && this.isOpen()) this.ws.send(this.backlog[this.sentOnSocket++].buf);
  }

  flush() {
    // Code snapshots: only the newest matters.
    const lastCode = this.pending.filter((m) => m.type === "code").pop();
    for (const m of this.pending) if (m.type !== "code" || m === lastCode) this.ws.send(JSON.stringify(m));
    this.pending = [];
    this.flushAudio();
  }

  // Seconds of speech the server has not confirmed hearing (sent or not).
  get backlogSeconds() {
    return this.backlog.reduce((n, f) => n + f.buf.byteLength, 0) / 32000;
  }

  get unsentSeconds() {
    return (this.backlog.length - this.sentOnSocket) * 0.02;
  }

  close() {
    this.closedForGood = true;
    this.stopWatchdog();
    if (this.ws) this.ws.close(1000, "bye");
  }
}

function randomId() {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
