// On a phone the room shows one pane at a time (app.css, below 700 px): this bar picks which.
// A pane that changes while another is shown gets a dot on its tab. Wider screens hide the bar.
const grid = document.querySelector(".room-grid");
const bar = document.querySelector(".pane-switch");
const tabs = [...bar.querySelectorAll('[role="tab"]')];

function show(name, { focus = false } = {}) {
  grid.dataset.pane = name;
  for (const tab of tabs) {
    const on = tab.dataset.pane === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on) tab.classList.remove("unread");
    if (on && focus) tab.focus();
  }
}

function markUnread(name) {
  if (bar.offsetParent === null || grid.dataset.pane === name) return; // the bar is hidden, or it is in view
  tabs.find((t) => t.dataset.pane === name).classList.add("unread");
}

for (const tab of tabs) tab.addEventListener("click", () => show(tab.dataset.pane));

bar.addEventListener("keydown", (e) => {
  const i = tabs.findIndex((t) => t.dataset.pane === grid.dataset.pane);
  const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  show(tabs[(next + tabs.length) % tabs.length].dataset.pane, { focus: true });
});

new MutationObserver(() => markUnread("talk"))
  .observe(document.getElementById("transcript"), { childList: true, subtree: true, characterData: true });
new MutationObserver(() => markUnread("problem")).observe(document.getElementById("cues"), { childList: true });
new MutationObserver(() => markUnread("code")).observe(document.getElementById("results"), { childList: true });

show(grid.dataset.pane || "problem");
