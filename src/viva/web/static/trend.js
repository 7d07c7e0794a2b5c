// The pillar trend plot's pieces (uPlot options and data) and the dates it and the history share.
import { esc } from "./markdown.js";

// The rubric's five pillars, in its order (viva.scoring.rubric.PILLARS).
export const PILLARS = [["algorithms", "Algorithms"], ["coding", "Coding"], ["problem_solving", "Problem solving"],
  ["verification", "Verification"], ["communication", "Communication"]];
export const SCORE_MAX = 10; // a pillar scores 1 to 10 (viva.scoring.rubric)

export function formatDate(unix, long = false) {
  const d = new Date(unix * 1000);
  const opts = { day: "numeric", month: "short" };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = "numeric";
  if (long) Object.assign(opts, { hour: "numeric", minute: "2-digit" });
  return new Intl.DateTimeFormat(undefined, opts).format(d);
}

export function formatTime(unix) {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(new Date(unix * 1000));
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function chartHeight() {
  return Math.max(160, Math.min(240, Math.round(window.innerHeight * 0.26)));
}

export function chartBox(fig, scored) {
  const first = formatDate(scored[0].created_at), last = formatDate(scored[scored.length - 1].created_at);
  const series = PILLARS.map(([k, label]) => `${label}: ${scored.map((s) => s.pillars[k] ?? "no score").join(", ")}`).join("; ");
  fig.innerHTML = `<div class="chart" aria-hidden="true"></div>
    <figcaption class="sr-only">Pillar scores, from 1 to ${SCORE_MAX}, across ${scored.length} interview${scored.length === 1 ? "" : "s"}
    (${first}${scored.length > 1 ? ` to ${last}` : ""}), oldest first. ${esc(series)}.</figcaption>`;
  return fig.firstElementChild;
}

export function chartData(scored) {
  // Scores are whole numbers, so lines often coincide; a small offset per pillar keeps each one
  // visible (the legend shows the true score).
  const xs = scored.map((_, i) => i + 1);
  const mid = (PILLARS.length - 1) / 2;
  return [xs, ...PILLARS.map(([k], j) => scored.map((s) => (s.pillars[k] ? s.pillars[k] + (j - mid) * 0.1 : null)))];
}

export function chartOptions(scored, width) {
  const colors = [cssVar("--ink"), cssVar("--accent"), cssVar("--good"), cssVar("--warn"), cssVar("--bad")];
  const dashes = [[1, 3], undefined, [8, 4], [2, 4], [10, 4, 2, 4]];
  const muted = cssVar("--muted"), line = cssVar("--line");
  const n = scored.length;
  // The legend shows the interview under the cursor, and the latest one otherwise.
  const at = (i) => scored[i ?? n - 1] || scored[n - 1];
  const font = "12px system-ui, sans-serif";
  // Several interviews on one day are told apart by their time, on a second line.
  const days = scored.map((s) => formatDate(s.created_at));
  const sameDay = new Set(days).size < days.length;
  const tick = (s) => (sameDay ? `${formatDate(s.created_at)}\n${formatTime(s.created_at)}` : formatDate(s.created_at));
  const axis = { stroke: muted, font, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1, size: 4 } };
  return {
    width, height: chartHeight(),
    padding: [10, 18, 0, 4],
    cursor: { drag: { x: false, y: false }, points: { size: 9 } },
    legend: { live: true },
    scales: {
      x: { time: false, range: n === 1 ? [0, 2] : [0.75, n + 0.25] },
      y: { range: [0.5, SCORE_MAX + 0.5] },
    },
    axes: [
      { ...axis, incrs: [1, 2, 5, 10, 20, 50, 100, 200], space: 70,
        values: (u, splits) => splits.map((i) => (Number.isInteger(i) && scored[i - 1] ? tick(scored[i - 1]) : "")) },
      { ...axis, size: 30, splits: () => [2, 4, 6, 8, 10], values: (u, splits) => splits.map(String) },
    ],
    series: [
      { label: "Interview", value: (u, x, si, i) => { const s = at(i); return `${s.title}, ${formatDate(s.created_at, true)}`; } },
      ...PILLARS.map(([k, label], j) => ({
        label, stroke: colors[j], width: 2, dash: dashes[j],
        points: { show: true, size: 7, fill: colors[j], stroke: colors[j] },
        value: (u, y, si, i) => String(at(i).pillars[k] ?? "—"),
      })),
    ],
  };
}
