// The candidate's identity without an account: a random key made in this browser, kept in
// localStorage and registered with the server, which answers with an HttpOnly cookie. From then on
// every same-origin request (fetch, links, the WebSocket) carries the identity by itself.

const STORAGE = "viva.candidate";
const KEY_SHAPE = /^[A-Za-z0-9_-]{22,128}$/;

let current = null; // {candidate_id, created_at, settings, key}
let saving = Promise.resolve();

export class CandidateKeyError extends Error {}

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function storedKey() {
  try {
    const k = localStorage.getItem(STORAGE);
    return k && KEY_SHAPE.test(k) ? k : null;
  } catch {
    return null; // storage blocked: this page still gets an identity, for as long as it is open
  }
}

function storeKey(key) {
  try { localStorage.setItem(STORAGE, key); } catch { /* see storedKey */ }
}

async function register(key) {
  const r = await fetch("/api/candidate", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key }),
  });
  if (r.status === 400 || r.status === 422) throw new CandidateKeyError("the server refused this key");
  if (!r.ok) throw new Error(`could not register the candidate (${r.status})`);
  current = { ...(await r.json()), key };
  return current;
}

/** The candidate of this browser, made and registered on first use: {candidate_id, created_at, settings, key}. */
export async function ensureCandidate() {
  let key = storedKey();
  if (!key) { key = newKey(); storeKey(key); }
  try {
    return await register(key);
  } catch (err) {
    if (!(err instanceof CandidateKeyError)) throw err;
    key = newKey(); // a key the server no longer accepts: start afresh rather than stay locked out
    storeKey(key);
    return register(key);
  }
}

/** Switch this browser to a key copied from another device. Throws CandidateKeyError on a bad key. */
export async function useKey(key) {
  key = String(key || "").trim();
  if (!KEY_SHAPE.test(key)) throw new CandidateKeyError("a key is 22 to 128 letters, digits, “-” or “_”");
  const who = await register(key);
  storeKey(key);
  return who;
}

/** Save some settings, merged over the current ones; resolves to the saved settings. */
export function saveSettings(partial) {
  // One save at a time, each merged over the last saved: quick changes never undo each other.
  const next = saving.then(() => putSettings(partial), () => putSettings(partial));
  saving = next.catch(() => {});
  return next;
}

async function putSettings(partial) {
  if (!current) await ensureCandidate();
  const body = JSON.stringify({ ...current.settings, ...partial });
  const put = () => fetch("/api/candidate/settings", { method: "PUT", headers: { "content-type": "application/json" }, body });
  let r = await put();
  if (r.status === 401) { await register(current.key); r = await put(); } // the cookie was cleared meanwhile
  if (!r.ok) throw new Error(`settings not saved (${r.status}): ${await r.text()}`);
  current.settings = await r.json();
  return current.settings;
}

/** fetch() as this candidate: the cookie goes by itself; the header covers a browser that keeps no cookies. */
export function candidateFetch(path, init = {}) {
  const headers = new Headers(init.headers || {});
  if (current) headers.set("X-Viva-Candidate", current.key);
  return fetch(path, { ...init, headers });
}
