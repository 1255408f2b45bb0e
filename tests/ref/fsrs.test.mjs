// FSRS-6: our scheduler (src/core/cards/fsrs.cpp, through `bytewise fsrs-replay`) against the
// reference implementation, the ts-fsrs npm package (pinned 5.4.2 in package.json), on randomized
// review histories: same due dates (exact, in ms), states, intervals and counters, and stability
// and difficulty to 1e-6 after every review, plus the due date each of the four buttons would give.
//
// Run: BW_CLI=build/dev-cards/bytewise node --test tests/ref/fsrs.test.mjs
// The histories are generated from a fixed seed (FSRS_SEED to change it, FSRS_HISTORIES for more).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fsrs, createEmptyCard, Rating } from 'ts-fsrs';

const CLI = process.env.BW_CLI ?? 'build/native/bytewise';
const SEED = Number(process.env.FSRS_SEED ?? 20240611);
const HISTORIES = Number(process.env.FSRS_HISTORIES ?? 400);
const MIN = 60_000;
const DAY = 86_400_000;

// mulberry32: small seeded PRNG so a failure can be reproduced from the seed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
  1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542];
const STEP_SETS = [[], [1], [1, 10], [5, 30], [1, 10, 60], [10, 1440], [2, 2000]];
const RELEARN_SETS = [[], [10], [10, 60], [5, 30, 120]];

function makeParams(rand, kind) {
  if (kind === 0) return {};
  const p = { request_retention: 0.7 + rand() * 0.27 };
  if (kind === 2) {
    p.w = DEFAULT_W.map((x) => x * (0.6 + rand() * 0.8));  // may leave ts-fsrs's ranges: both sides clip
    p.learning_steps = STEP_SETS[Math.floor(rand() * STEP_SETS.length)];
    p.relearning_steps = RELEARN_SETS[Math.floor(rand() * RELEARN_SETS.length)];
    p.maximum_interval = rand() < 0.3 ? 30 + Math.floor(rand() * 300) : 36500;
  }
  return p;
}

function pickRating(rand) {
  const x = rand();
  return x < 0.15 ? 1 : x < 0.3 ? 2 : x < 0.85 ? 3 : 4;
}

function makeHistory(rand, index, f) {
  const params = makeParams(rand, index % 3);
  // Start anywhere in 2000..2035 at any time of day (the UTC calendar-day rule matters near midnight).
  const start = Date.UTC(2000, 0, 1) + Math.floor(rand() * 35 * 365) * DAY + Math.floor(rand() * DAY);
  const n = 1 + Math.floor(rand() * 24);
  const reviews = [];
  let card = createEmptyCard(new Date(start));
  let t = start;
  for (let i = 0; i < n; i++) {
    const due = card.due.getTime();
    const ivl = Math.max(due - t, MIN);
    const mode = rand();
    if (mode < 0.45) t = Math.max(t, due);                                   // on time
    else if (mode < 0.7) t = Math.max(t, due + Math.floor(rand() * 3 * ivl)); // late
    else if (mode < 0.85) t = t + Math.floor(rand() * ivl);                   // early
    else t = t + Math.floor(rand() * 30 * MIN);                               // again within minutes
    const rating = pickRating(rand);
    reviews.push({ t, rating });
    card = f(params).next(card, new Date(t), rating).card;
  }
  return { params, start, reviews };
}

function tsParams(p) {
  const out = { enable_fuzz: false };
  if (p.request_retention !== undefined) out.request_retention = p.request_retention;
  if (p.w) out.w = p.w;
  if (p.maximum_interval) out.maximum_interval = p.maximum_interval;
  if (p.learning_steps) out.learning_steps = p.learning_steps.map((m) => `${m}m`);
  if (p.relearning_steps) out.relearning_steps = p.relearning_steps.map((m) => `${m}m`);
  return out;
}

test(`FSRS-6 matches ts-fsrs on ${HISTORIES} randomized review histories (seed ${SEED})`, () => {
  const cache = new Map();
  const f = (p) => {
    const key = JSON.stringify(p);
    if (!cache.has(key)) cache.set(key, fsrs(tsParams(p)));
    return cache.get(key);
  };
  const rand = rng(SEED);
  const histories = Array.from({ length: HISTORIES }, (_, i) => makeHistory(rand, i, f));

  const run = spawnSync(CLI, ['fsrs-replay', '--json'], { input: JSON.stringify({ histories }), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, `bytewise fsrs-replay failed: ${run.stderr}`);
  const ours = JSON.parse(run.stdout).histories;
  assert.equal(ours.length, histories.length);

  let reviews = 0, worstS = 0, worstD = 0;
  histories.forEach((h, hi) => {
    const sched = f(h.params);
    let card = createEmptyCard(new Date(h.start));
    h.reviews.forEach((r, ri) => {
      const where = `history ${hi} review ${ri} (params ${JSON.stringify(h.params)})`;
      const preview = sched.repeat(card, new Date(r.t));
      const next = preview[r.rating].card;
      const got = ours[hi][ri];
      assert.deepEqual(got.preview_due, [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy].map((g) => preview[g].card.due.getTime()), `${where}: preview due dates`);
      assert.equal(got.due, next.due.getTime(), `${where}: due`);
      assert.equal(got.state, next.state, `${where}: state`);
      assert.equal(got.scheduled_days, next.scheduled_days, `${where}: scheduled_days`);
      assert.equal(got.elapsed_days, next.elapsed_days, `${where}: elapsed_days`);
      assert.equal(got.reps, next.reps, `${where}: reps`);
      assert.equal(got.lapses, next.lapses, `${where}: lapses`);
      assert.equal(got.learning_steps, next.learning_steps, `${where}: learning_steps`);
      assert.equal(got.last_review, next.last_review.getTime(), `${where}: last_review`);
      const dS = Math.abs(got.stability - next.stability), dD = Math.abs(got.difficulty - next.difficulty);
      worstS = Math.max(worstS, dS);
      worstD = Math.max(worstD, dD);
      assert.ok(dS <= 1e-6, `${where}: stability ${got.stability} vs ${next.stability}`);
      assert.ok(dD <= 1e-6, `${where}: difficulty ${got.difficulty} vs ${next.difficulty}`);
      card = next;
      reviews++;
    });
  });
  console.log(JSON.stringify({ histories: histories.length, reviews, max_abs_stability_diff: worstS, max_abs_difficulty_diff: worstD }));
});
