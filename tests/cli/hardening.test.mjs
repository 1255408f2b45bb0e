// Hardening regressions (issue 15) through the CLI: hostile numbers in `fsrs-replay` are refused
// with a message (before the fix they were cast to integers: undefined behaviour), and `deck lint`
// output stays bounded however many problems a deck has.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = process.env.BW_CLI ?? 'build/native/bytewise';
const replay = (history) =>
  spawnSync(CLI, ['fsrs-replay', '--json'], { input: JSON.stringify({ histories: [history] }), encoding: 'utf8' });

test('fsrs-replay refuses out-of-range times, ratings and parameters with a message', () => {
  const ok = { start: 0, reviews: [{ t: 0, rating: 3 }] };
  assert.equal(replay(ok).status, 0);
  const cases = [
    [{ ...ok, start: 1e300 }, /start/],
    [{ ...ok, reviews: [{ t: -1e300, rating: 3 }] }, /t must be/],
    [{ ...ok, reviews: [{ t: 0, rating: 2.5 }] }, /rating must be 1\.\.4/],
    [{ ...ok, reviews: [{ t: 0, rating: 1e300 }] }, /rating must be 1\.\.4/],
    [{ ...ok, params: { maximum_interval: 1e300 } }, /maximum_interval/],
    [{ ...ok, params: { request_retention: 7 } }, /request_retention/],
    [{ ...ok, params: { learning_steps: [1e300] } }, /learning_steps/],
  ];
  for (const [history, message] of cases) {
    const r = replay(history);
    assert.equal(r.status, 2, JSON.stringify(history));
    assert.match(r.stderr, message);
  }
});

test('fsrs-replay stays finite when the clock goes back (future last review)', () => {
  const day = 86400000;
  const r = replay({ start: 30 * day, reviews: [{ t: 30 * day, rating: 3 }, { t: 40 * day, rating: 3 }, { t: day, rating: 3 }] });
  assert.equal(r.status, 0, r.stderr);
  const steps = JSON.parse(r.stdout).histories[0];
  const last = steps[2];
  assert.ok(Number.isFinite(last.stability) && last.stability > 0, JSON.stringify(last));
  assert.equal(last.elapsed_days, 0);
});

test('deck lint lists at most 500 problems and counts the rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-hard-'));
  const file = join(dir, 'commas.md');
  writeFileSync(file, '#### T\ntopic: ' + ','.repeat(5000) + '\n:p Q?\n??x\nA\nx??\n');
  const lint = spawnSync(CLI, ['deck', 'lint', file], { encoding: 'utf8' });
  assert.equal(lint.status, 1);
  const lines = lint.stdout.trim().split('\n');
  assert.equal(lines.length, 501);
  assert.match(lines[500], /and 4,501 more problems \(4,501 errors, 0 warnings\) not listed/);
  const stats = JSON.parse(spawnSync(CLI, ['deck', 'stats', file, '--json'], { encoding: 'utf8' }).stdout);
  assert.equal(stats.errors, 5001);
  assert.equal(stats.cards, 1);
});
