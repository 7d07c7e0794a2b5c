// The one WebSocket of a session: hello/ready with resume from the last seq, a watchdog that pings
// every 5 s, reconnection with backoff, and a 60-second store of microphone audio kept while the
// connection is down and sent once it is back, so nothing the candidate said is lost.

const PING_EVERY_MS = 5000;
const PONG_LATE_MS = 4000;
const MAX_AUDIO_BACKLOG = 3000; // 20 ms frames: 60 s
const BACKOFF_MS = [300, 600, 1200, 2500, 5000, 8000];

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
  }

  url() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    return `${proto}//${location.host}/ws/sessions/${this.session.session_id}?token=${encodeURIComponent(this.session.token)}`;
  }

  open() {
    this.setState(this.attempt ? "reconnecting" : "connecting");
    const ws = new WebSocket(this.url());
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "hello", last_seq: this.lastSeq, audio: this.wantsAudio() }));
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== "string") { this.onAudio(e.data); return; }
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      if (msg.seq) this.lastSeq = Math.max(this.lastSeq, msg.seq);
      if (msg.type === "pong") { this.lastPong = performance.now(); this.rttMs = this.lastPong - msg.t; if (this.state === "poor") this.setState("open"); return; }
      if (msg.type === "ready") { this.attempt = 0; this.setState("open"); this.flush(); this.startWatchdog(); }
      this.onMessage(msg);
    };
    ws.onclose = (e) => {
      this.stopWatchdog();
      if (this.ws !== ws) return;
      if (this.closedForGood || e.code === 4401 || e.code === 4404) { this.setState("closed", e.reason); return; }
      const wait = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
      this.attempt++;
      this.setState("reconnecting");
      setTimeout(() => this.open(), wait);
    };
  }

  setState(state, detail) {
    this.state = state;
    this.onState(state, detail);
  }

  startWatchdog() {
    this.stopWatchdog();
    this.lastPong = performance.now();
    this.pingTimer = setInterval(() => {
      if (!this.isOpen()) return;
      if (performance.now() - this.lastPong > PING_EVERY_MS + PONG_LATE_MS) {
        this.setState("poor");
        if (performance.now() - this.lastPong > 3 * PING_EVERY_MS) { this.ws.close(); return; } // dead: reconnect
      }
      this.ws.send(JSON.stringify({ type: "ping", t: performance.now() }));
    }, PING_EVERY_MS);
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

  sendAudio(buffer) {
    if (this.isOpen() && this.backlog.length === 0) { this.ws.send(buffer); return; }
    this.backlog.push(buffer);
    if (this.backlog.length > MAX_AUDIO_BACKLOG) this.backlog.shift();
    if (this.isOpen()) this.flush();
  }

  flush() {
    // Code snapshots: only the newest matters.
    const lastCode = this.pending.filter((m) => m.type === "code").pop();
    for (const m of this.pending) if (m.type !== "code" || m === lastCode) this.ws.send(JSON.stringify(m));
    this.pending = [];
    while (this.backlog.length && this.isOpen()) this.ws.send(this.backlog.shift());
  }

  get backlogSeconds() {
    return this.backlog.length * 0.02;
  }

  close() {
    this.closedForGood = true;
    this.stopWatchdog();
    if (this.ws) this.ws.close(1000, "bye");
  }
}
