// The report page's download and share controls (issue 16). A file, not an inline script: the
// Content-Security-Policy forbids inline scripts. Only the owner's page loads it.
"use strict";

(() => {
  const row = document.querySelector(".actions[data-session]");
  if (!row) return;
  const $ = (id) => document.getElementById(id);
  const sessionId = row.dataset.session;
  const api = `/api/sessions/${encodeURIComponent(sessionId)}/shares`;

  // An old-style link carries the session token in the address; keep it in memory only, and take
  // it out of the address bar so it is not bookmarked, shared or left in the history.
  const params = new URLSearchParams(location.search);
  const token = params.get("token");
  if (token !== null) {
    params.delete("token");
    const rest = params.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? `?${rest}` : "") + location.hash);
  }
  const headers = token ? { Authorization: `Bearer ${token}` } : {};

  const status = $("share-status");
  const say = (text) => { status.textContent = text; };

  async function call(method, url) {
    const r = await fetch(url, { method, headers, credentials: "same-origin" });
    if (!r.ok) throw new Error(`the server answered ${r.status}`);
    return r;
  }

  // With a cookie the plain links download by themselves; with only a token they need the header.
  if (token) {
    for (const a of row.querySelectorAll("a[download]")) {
      a.addEventListener("click", async (event) => {
        event.preventDefault();
        say("Preparing the download…");
        try {
          const r = await call("GET", a.href);
          const disposition = r.headers.get("Content-Disposition") || "";
          const name = (disposition.match(/filename="?([^";]+)"?/) || [])[1] || a.pathname.split("/").pop();
          const url = URL.createObjectURL(await r.blob());
          const save = Object.assign(document.createElement("a"), { href: url, download: name });
          document.body.append(save);
          save.click();
          save.remove();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
          say("");
        } catch (err) {
          say(`The download failed: ${err.message}.`);
        }
      });
    }
  }

  const create = $("share-create");
  const panel = $("share-panel");
  const fresh = $("share-new");
  const input = $("share-url");
  const list = $("share-list");
  if (!create) return;
  let freshId = null;

  const when = (t) => new Date(typeof t === "number" ? t * 1000 : t).toLocaleString();
  const showPanel = () => { panel.hidden = fresh.hidden && list.children.length === 0; };

  function showShares(shares) {
    list.replaceChildren(...shares.map((s) => {
      const li = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = `Link made ${when(s.created_at)}`;
      const revoke = document.createElement("button");
      revoke.type = "button";
      revoke.className = "btn";
      revoke.textContent = "Revoke";
      revoke.setAttribute("aria-label", `Revoke the link made ${when(s.created_at)}`);
      revoke.addEventListener("click", () => revokeShare(s.share_id));
      li.append(label, revoke);
      return li;
    }));
    showPanel();
  }

  async function loadShares() {
    showShares((await (await call("GET", api)).json()).shares);
  }

  async function revokeShare(shareId) {
    try {
      await call("DELETE", `${api}/${encodeURIComponent(shareId)}`);
      if (shareId === freshId) {
        fresh.hidden = true;
        input.value = "";
        freshId = null;
      }
      await loadShares();
      create.focus();  // the button that had focus is gone
      say("The link is revoked: it no longer opens the report.");
    } catch (err) {
      say(`Could not revoke the link: ${err.message}.`);
    }
  }

  create.addEventListener("click", async () => {
    create.disabled = true;
    try {
      const made = await (await call("POST", api)).json();
      freshId = made.share_id;
      input.value = new URL(made.url, location.origin).href;
      fresh.hidden = false;
      await loadShares();
      input.focus();
      input.select();
      say("A read-only link is ready. It is shown only this once.");
    } catch (err) {
      say(`Could not make a link: ${err.message}.`);
    } finally {
      create.disabled = false;
    }
  });

  $("share-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select();  // no clipboard permission (or not a secure origin): the old way
      document.execCommand("copy");
    }
    say("Link copied.");
  });

  create.hidden = false;
  loadShares().catch(() => {});  // no list (yet): the button still makes one
})();
