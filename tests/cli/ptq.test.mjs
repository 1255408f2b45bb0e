// `bytewise ptq`: the JSON contract, facts derived by hand from the layer shapes, and input errors.
// Run: BW_CLI=build/native/bytewise node --test tests/cli/ptq.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.BW_CLI ?? join(root, 'build/native/bytewise');
const run = (cmd, ...args) => {
  const r = spawnSync(cli, [cmd, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (cmd, ...args) => {
  const r = run(cmd, ...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
};
const ARGS = ['--dataset', 'circle', '--layers', '2,8,8,1', '--steps', '300', '--seed', '3'];

test('JSON has the documented shape: accuracy_before and one row per scheme', () => {
  const o = json('ptq', ...ARGS);
  assert.deepEqual(Object.keys(o), ['accuracy_before', 'schemes']);
  assert.ok(o.schemes.length >= 10);
  for (const s of o.schemes) {
    if (s.error) continue;  // a scheme the shapes do not allow says why
    assert.deepEqual(Object.keys(s), ['scheme', 'bits_per_param', 'accuracy_before', 'accuracy_after', 'sqnr_db']);
    assert.equal(s.accuracy_before, o.accuracy_before);
    assert.ok(s.accuracy_after >= 0 && s.accuracy_after <= 1);
  }
  assert.ok(o.schemes.some((s) => s.scheme === 'int8_sym' && !s.error));
});

test('trains exactly as `train` does: the same flags give the same fp32 test accuracy', () => {
  const t = json('train', ...ARGS);
  assert.equal(json('ptq', ...ARGS).accuracy_before, t.test_accuracy);
});

test('bits per parameter follow from the layer shapes (per-channel FP32 scales)', () => {
  // 2-8-8-1: weight rows of 2, 8 and 8 inputs; 16 + 64 + 8 = 88 weights. int8_sym stores 8 bits per
  // weight plus one 32-bit scale per row: (16·(8+32/2) + 64·(8+32/8) + 8·(8+32/8)) / 88 = 1248/88.
  const o = json('ptq', ...ARGS);
  const int8 = o.schemes.find((s) => s.scheme === 'int8_sym');
  assert.ok(Math.abs(int8.bits_per_param - 1248 / 88) < 1e-9, String(int8.bits_per_param));
  // 8-bit weights barely move a small network; 8-bit SQNR ≈ 6.02·8 dB minus the crest factor.
  assert.ok(Math.abs(int8.accuracy_after - o.accuracy_before) <= 0.02);
  assert.ok(int8.sqnr_db > 30);
  // One scale per layer instead: (88·8 + 3·32) / 88.
  const t = json('ptq', ...ARGS, '--granularity', 'tensor').schemes.find((s) => s.scheme === 'int8_sym');
  assert.ok(Math.abs(t.bits_per_param - (88 * 8 + 3 * 32) / 88) < 1e-9, String(t.bits_per_param));
});

test('bad input gives clear messages and exit 2', () => {
  for (const [args, pattern] of [
    [['--granularity', 'block'], /--granularity: 'block' is not one of channel, tensor/],
    [['--checkpoint', 'every-40'], /--checkpoint: every-K: 40 is outside 1\.\.16/],
    [['--steps', '-1'], /--steps/],
  ]) {
    const r = run('ptq', ...ARGS, ...args, '--json');
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.out, '');
    assert.match(r.err, pattern);
  }
});
