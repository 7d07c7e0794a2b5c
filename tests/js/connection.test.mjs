// The page's connection logic in Node, with a stand-in WebSocket and Node's mock timers: link
// quality from pong times, and the microphone stream's acknowledgements and exact resends.
import assert from "node:assert/strict";
import { beforeEach, afterEach, mock, test } from "node:test";

class FakeSocket {
  static OPEN = 1;
  static all = [];
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; FakeSocket.all.push(this); }
  send(data) { this.sent.push(data); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen(); }
  receive(msg) { this.onmessage({ data: JSON.stringify(msg) }); }
  json() { return this.sent.filter((d) => typeof d === "string").map((d) => JSON.parse(d)); }
  audio() { return this.sent.filter((d) => typeof d !== "string"); }
}
globalThis.WebSocket = FakeSocket;
globalThis.location = { protocol: "http:", host: "viva.test" };
Object.defineProperty(globalThis, "navigator", { value: { cookieEnabled: true }, configurable: true });
// One clock for timers and performance.now, moved by the tests.
let now = 0;
Object.defineProperty(globalThis, "performance", { value: { now: () => now }, configurable: true });
function tick(ms) {
  for (let left = ms; left > 0; left -= 100) { now += Math.min(100, left); mock.timers.tick(Math.min(100, left)); }
}

const { Connection } = await import("../../src/viva/web/static/connection.js");

let conn, qualities;
beforeEach(() => {
  mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
  now = 1_000_000;
  FakeSocket.all = [];
  qualities = [];
  conn = new Connection({ session_id: "s1", token: "t" }, { onMessage() {}, onAudio() {}, onState() {}, wantsAudio: () => true });
  conn.onQuality = (q) => qualities.push(q);
  conn.open();
  FakeSocket.all[0].open();
  FakeSocket.all[0].receive({ type: "ready", last_seq: 0 });
});
afterEach(() => { mock.timers.reset(); conn.close(); });

const pong = (rttMs, extra = {}) => FakeSocket.all.at(-1).receive({ type: "pong", t: performance.now() - rttMs, ...extra });
const frame = (n = 640) => new ArrayBuffer(n);

test("two slow pongs make the link poor; three quick ones in a row make it good again", () => {
  pong(1800);
  assert.deepEqual(qualities, []); // one slow pong is a blip
  pong(1800);
  assert.deepEqual(qualities, ["poor"]);
  pong(200); pong(200); pong(900); pong(200); pong(200); // a middling pong breaks the streak
  assert.deepEqual(qualities, ["poor"]);
  pong(200);
  assert.deepEqual(qualities, ["poor", "good"]);
});

test("while poor it pings every 2 s, and every 5 s when good", () => {
  const ws = FakeSocket.all[0];
  const pings = () => ws.json().filter((m) => m.type === "ping").length;
  tick(5000);
  assert.equal(pings(), 1);
  pong(1800); pong(1800);
  tick(6000);
  assert.equal(pings(), 4);
});

test("a reconnect that takes longer than a moment is a poor link", () => {
  FakeSocket.all[0].readyState = 3;
  FakeSocket.all[0].onclose({ code: 1006 });
  tick(2000);
  assert.deepEqual(qualities, []);
  tick(1000);
  assert.deepEqual(qualities, ["poor"]);
});

test("a silent socket is abandoned and a new one resends what was not acknowledged, from its offset", () => {
  const first = FakeSocket.all[0];
  for (let i = 0; i < 5; i++) conn.sendAudio(frame());
  pong(10, { audio_bytes: 1280 }); // the server heard two frames
  assert.equal(conn.backlog.length, 3);
  for (let i = 0; i < 2; i++) conn.sendAudio(frame());
  assert.equal(first.audio().length, 7);
  tick(20_000); // no pong for 20 s: given up on, without waiting for a close event
  const second = FakeSocket.all.at(-1);
  assert.notEqual(second, first);
  second.open();
  const hello = second.json().find((m) => m.type === "hello");
  assert.equal(hello.audio_offset, 1280);
  assert.equal(second.url, "ws://viva.test/ws/sessions/s1"); // the session's cookie carries the token, not the URL
  assert.equal(hello.client_id, first.json().find((m) => m.type === "hello").client_id);
  second.receive({ type: "ready", last_seq: 0 });
  assert.equal(second.audio().length, 5); // frames 3..7, once each
  pong(10, { audio_bytes: 5 * 640 + 1280 });
  assert.equal(conn.backlog.length, 0);
});

test("a hello on the open socket gives the offset of the next frame not yet sent", () => {
  for (let i = 0; i < 3; i++) conn.sendAudio(frame());
  conn.rehello();
  const hellos = FakeSocket.all[0].json().filter((m) => m.type === "hello");
  assert.equal(hellos.at(-1).audio_offset, 3 * 640);
});

test("a minute of speech is kept while the link is down, and no more", () => {
  FakeSocket.all[0].readyState = 3;
  FakeSocket.all[0].onclose({ code: 1006 });
  for (let i = 0; i < 3100; i++) conn.sendAudio(frame());
  assert.equal(conn.backlog.length, 3000);
  assert.equal(conn.backlog[0].start, 100 * 640); // the oldest went first
});
