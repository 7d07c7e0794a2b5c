// Interview links. The token rides in the fragment, which never leaves the browser: not in server
// logs, not in Referer headers. This device also remembers the tokens of interviews it started.

const TOKENS_KEY = "viva.tokens"; // session id -> token

export function resumeLink(s) {
  return `${location.origin}/#session=${encodeURIComponent(s.session_id)}&token=${encodeURIComponent(s.token)}`;
}

export function rememberToken(id, token) {
  try {
    const all = JSON.parse(localStorage.getItem(TOKENS_KEY) || "{}");
    all[id] = token;
    localStorage.setItem(TOKENS_KEY, JSON.stringify(all));
  } catch { /* private mode: the link in the address bar still resumes */ }
}

export function knownToken(id) {
  try { return JSON.parse(localStorage.getItem(TOKENS_KEY) || "{}")[id] || null; } catch { return null; }
}
