// `bytewise train`: the JSON contract, facts with outside sources, and input errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.BW_CLI ?? join(root, 'build/native/bytewise');

function run(...args) {
  const r = spawnSync(cli, ['train', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function json(...args) {
  const r = run(...args, '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  return JSON.parse(r.out);
}

test('JSON has the documented shape', () => {
  const o = json('--dataset', 'circle', '--layers', '2,8,8,1', '--steps', '50');
  for (const key of ['steps', 'train_loss', 'test_loss', 'test_accuracy', 'diverged', 'skipped_steps', 'recomputed_layer_forwards', 'ledger'])
    assert.ok(key in o, key);
  for (const key of ['weights_bytes', 'gradient_bytes', 'optimizer_bytes', 'master_weight_bytes', 'activation_bytes_peak'])
    assert.equal(typeof o.ledger[key], 'number', key);
  assert.equal(o.steps, 50);
  assert.equal(o.diverged, false);
});

test('defaults reach 95% test accuracy on circle and xor', () => {
  for (const dataset of ['circle', 'xor']) {
    const o = json('--dataset', dataset, '--layers', '2,8,8,1', '--steps', '1000');
    assert.ok(o.test_accuracy >= 0.95, `${dataset}: ${o.test_accuracy}`);
  }
});

test('same seed, same numbers', () => {
  const args = ['--dataset', 'spiral', '--layers', '2,8,8,1', '--steps', '200', '--seed', '7', '--precision', 'mixed-fp16'];
  assert.deepEqual(json(...args), json(...args));
  assert.notDeepEqual(json(...args).test_loss, json(...args.slice(0, -4), '--seed', '8', '--precision', 'mixed-fp16').test_loss);
});

test('mixed-precision Adam holds 16 bytes per parameter (ZeRO, arXiv:1910.02054)', () => {
  // 2-8-8-1: (2·8+8) + (8·8+8) + (8+1) = 105 parameters; 2 (fp16 weights) + 2 (fp16 grads) + 12 (fp32 master, m, v).
  const o = json('--dataset', 'circle', '--layers', '2,8,8,1', '--optimizer', 'adam', '--precision', 'mixed-fp16', '--steps', '1');
  const l = o.ledger;
  assert.equal(l.weights_bytes + l.gradient_bytes + l.optimizer_bytes + l.master_weight_bytes, 16 * 105);
  const f = json('--dataset', 'circle', '--layers', '2,8,8,1', '--steps', '1');
  assert.equal(f.ledger.weights_bytes, 4 * 105);
  assert.equal(f.ledger.master_weight_bytes, 0);
});

test('freezing layer 1 removes its gradient and Adam state (72 parameters × (4 + 8) bytes)', () => {
  const a = json('--dataset', 'circle', '--layers', '2,8,8,1', '--steps', '1').ledger;
  const f = json('--dataset', 'circle', '--layers', '2,8,8,1', '--steps', '1', '--freeze', '1').ledger;
  assert.equal(a.gradient_bytes - f.gradient_bytes, 72 * 4);
  assert.equal(a.optimizer_bytes - f.optimizer_bytes, 72 * 8);
  assert.equal(a.weights_bytes, f.weights_bytes);
});

test('checkpointing lowers the activation peak and recomputes layers', () => {
  const args = ['--dataset', 'circle', '--layers', '2,8,8,8,8,8,1', '--steps', '10'];
  const plain = json(...args, '--checkpoint', 'none');
  const ckpt = json(...args, '--checkpoint', 'every-2');
  assert.ok(ckpt.ledger.activation_bytes_peak < plain.ledger.activation_bytes_peak);
  assert.equal(plain.recomputed_layer_forwards, 0);
  assert.equal(ckpt.recomputed_layer_forwards, 30);
  assert.equal(ckpt.test_loss, plain.test_loss);
});

test('tiny gradients: pure fp16 underflows, mixed-fp16 with loss scaling trains', () => {
  const args = ['--dataset', 'circle', '--layers', '2,8,8,1', '--steps', '500', '--loss-multiplier', '1e-7'];
  const pure = json(...args, '--precision', 'fp16');
  const mixed = json(...args, '--precision', 'mixed-fp16');
  assert.ok(pure.gradient_underflows >= 5000);
  assert.ok(pure.test_accuracy < 0.7);
  assert.ok(mixed.test_accuracy >= 0.95);
});

test('divergence is reported, not hidden', () => {
  const o = json('--dataset', 'circle', '--layers', '2,8,8,1', '--loss', 'mse', '--activation', 'relu', '--optimizer', 'sgd', '--lr', '3');
  assert.equal(o.diverged, true);
  assert.ok(o.steps < 1000);
  assert.match(o.divergence_message, /step/);
});

test('regression: plane has no accuracy (null)', () => {
  const o = json('--dataset', 'plane', '--layers', '2,8,1', '--steps', '300');
  assert.equal(o.test_accuracy, null);
  assert.ok(o.test_loss < 0.05);
});

test('number flags take counts as memory does (--batch 1k)', () => {
  const o = json('--dataset', 'circle', '--layers', '2,4,1', '--samples', '4k', '--batch', '1k', '--steps', '2');
  assert.equal(o.steps, 2);
});

test('bad input gives clear messages and exit 2', () => {
  const cases = [
    [['--layers', ''], /--layers: an empty entry/],
    [['--layers', '2'], /need at least an input and an output width/],
    [['--layers', '2,0,1'], /--layers: 0 is outside 1\.\.1024/],
    [['--layers', '2,100000,1'], /--layers: 100000 is outside 1\.\.1024/],
    [['--lr', 'nan'], /--lr: 'nan' is not a finite number/],
    [['--lr', '-0.1'], /--lr: -0.1 is outside 1e-06\.\.10/],
    [['--lr', 'abc'], /--lr: 'abc' is not a finite number/],
    [['--batch', '1000'], /batch size must be 1..250 .* got 1000/],
    [['--dataset', 'moons'], /--dataset: 'moons' is not one of/],
    [['--precision', 'fp8'], /--precision: 'fp8' is not one of/],
    [['--checkpoint', 'sometimes'], /--checkpoint: 'sometimes' is not none or every-K/],
    [['--freeze', '9'], /freeze: layer 9 does not exist/],
    [['--checkpoint', 'every-40'], /--checkpoint: every-K: 40 is outside 1\.\.16/],  // the panel clamped it silently
    [['--bogus'], /bogus/],
    [['--layers', '2,1024,1024,1024,1', '--samples', '100000', '--batch', '250'], /multiply-adds .* lower --steps/],
  ];
  for (const [args, pattern] of cases) {
    const r = run('--dataset', 'circle', ...args, '--json');
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.out, '');
    assert.match(r.err, pattern, args.join(' '));
  }
});
