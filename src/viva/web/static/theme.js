// The page's colour theme: the visitor's own choice (localStorage["viva.theme"]), else the
// system's. Loaded as a plain blocking script in <head>, so the theme is on <html> before the
// first paint; the toggle buttons are wired once the document has been read.
(() => {
  const KEY = "viva.theme";
  const root = document.documentElement;
  const systemLight = window.matchMedia("(prefers-color-scheme: light)");

  function stored() {
    try {
      const v = localStorage.getItem(KEY);
      return v === "light" || v === "dark" ? v : null;
    } catch {
      return null; // storage blocked: follow the system
    }
  }

  const current = () => stored() || (systemLight.matches ? "light" : "dark");

  function label() {
    const text = root.dataset.theme === "light" ? "Switch to dark theme" : "Switch to light theme";
    for (const b of document.querySelectorAll("[data-theme-toggle]")) {
      b.setAttribute("aria-label", text);
      b.title = text;
    }
  }

  function apply(theme) {
    if (root.dataset.theme === theme) return;
    root.dataset.theme = theme;
    label();
    document.dispatchEvent(new CustomEvent("viva:theme", { detail: { theme } }));
  }

  function choose(theme) {
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // not remembered; still applied to this page
    }
    apply(theme);
  }

  apply(current());
  systemLight.addEventListener("change", () => apply(current()));
  // Another tab flipped it: follow.
  window.addEventListener("storage", (e) => { if (e.key === KEY || e.key === null) apply(current()); });

  function wire() {
    for (const b of document.querySelectorAll("[data-theme-toggle]")) {
      b.addEventListener("click", () => choose(root.dataset.theme === "light" ? "dark" : "light"));
    }
    label();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();

  window.vivaTheme = { get: () => root.dataset.theme, set: choose };
})();
