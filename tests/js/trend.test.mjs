// The trend plot's data: one series per rubric pillar, in order, each point near its true score.
import assert from "node:assert/strict";
import { test } from "node:test";

import { PILLARS, chartData } from "../../src/viva/web/static/trend.js";

test("one series per pillar, oldest first, each point within a fifth of its score", () => {
  const scored = [
    { created_at: 1, pillars: { algorithms: 3, coding: 9, problem_solving: 4, verification: 3, communication: 2 } },
    { created_at: 2, pillars: { algorithms: 7, coding: 2, problem_solving: 4, verification: 3, communication: 1 } },
  ];
  const [xs, ...series] = chartData(scored);
  assert.deepEqual(xs, [1, 2]);
  assert.equal(series.length, PILLARS.length);
  assert.deepEqual(PILLARS.map(([k]) => k), ["algorithms", "coding", "problem_solving", "verification", "communication"]);
  series.forEach((ys, j) => ys.forEach((y, i) => assert.ok(Math.abs(y - scored[i].pillars[PILLARS[j][0]]) <= 0.2 + 1e-9)));
  // Equal scores are drawn apart, so no line hides another.
  assert.equal(new Set(series.map((ys) => ys[0] - Math.round(ys[0]))).size, PILLARS.length);
});

test("a pillar with no score is a gap, not a zero", () => {
  const [, first] = chartData([{ created_at: 1, pillars: { coding: 5 } }]);
  assert.deepEqual(first, [null]);
});
