// `bytewise quantize` against an independent JavaScript reference: the same seeded uniform tensor
// (splitmix64 → (2u−1)·√3, reproducible exactly in JS) quantized with llama.cpp's Q8_0 / Q4_0 rules
// (ggml-quants.c quantize_row_q8_0_ref / q4_0_ref, FP16 scale via @petamoriken/float16) and
// bitsandbytes' NF4 (functional.py get_4bit_type("nf4"), FP32 absmax per 64).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { f16round } from '@petamoriken/float16';

const CLI = process.env.BW_CLI || 'build/native/bytewise';
const run = (...args) => JSON.parse(execFileSync(CLI, ['quantize', ...args, '--json'], { encoding: 'utf8' }));
const fr = Math.fround;

// splitmix64 (Steele, Lea & Flood 2014), as documented in src/core/quant/quant.h's TensorSpec.
function uniformTensor(n, seed) {
  const M = (1n << 64n) - 1n;
  let state = BigInt(seed);
  const x = new Float32Array(n);
  const a = Math.sqrt(3);
  for (let i = 0; i < n; i++) {
    state = (state + 0x9E3779B97F4A7C15n) & M;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & M;
    z = z ^ (z >> 31n);
    const u = (Number(z >> 11n) + 0.5) / 9007199254740992;
    x[i] = a * (2 * u - 1);
  }
  return x;
}

const roundf = (v) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);  // C roundf: half away from zero

function metrics(x, y) {
  let se = 0, sx = 0, maxe = 0;
  for (let i = 0; i < x.length; i++) {
    const e = y[i] - x[i];
    se += e * e; sx += x[i] * x[i]; maxe = Math.max(maxe, Math.abs(e));
  }
  return { mse: se / x.length, max_abs_error: maxe, sqnr_db: 10 * Math.log10(sx / se) };
}

function q8_0(x) {
  const y = new Float32Array(x.length);
  for (let b = 0; b < x.length; b += 32) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
    const d = fr(amax / 127), id = d ? fr(1 / d) : 0, dh = f16round(d);
    for (let j = 0; j < 32; j++) y[b + j] = fr(roundf(fr(x[b + j] * id)) * dh);
  }
  return y;
}

function q4_0(x) {
  const y = new Float32Array(x.length);
  for (let b = 0; b < x.length; b += 32) {
    let amax = 0, max = 0;
    for (let j = 0; j < 32; j++) if (amax < Math.abs(x[b + j])) { amax = Math.abs(x[b + j]); max = x[b + j]; }
    const d = fr(max / -8), id = d ? fr(1 / d) : 0, dh = f16round(d);
    for (let j = 0; j < 32; j++) {
      const q = Math.min(15, Math.trunc(fr(fr(x[b + j] * id) + 8.5))) - 8;
      y[b + j] = fr(q * dh);
    }
  }
  return y;
}

const NF4 = [-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
  -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725, 0.24611230194568634,
  0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0].map(fr);

function nf4(x) {
  const y = new Float32Array(x.length);
  for (let b = 0; b < x.length; b += 64) {
    let amax = 0;
    for (let j = 0; j < 64; j++) amax = Math.max(amax, Math.abs(x[b + j]));
    const id = fr(1 / amax);
    for (let j = 0; j < 64; j++) {
      const v = fr(x[b + j] * id);
      let best = 0;
      for (let k = 1; k < 16; k++) if (Math.abs(v - NF4[k]) < Math.abs(v - NF4[best])) best = k;
      y[b + j] = fr(NF4[best] * amax);
    }
  }
  return y;
}

test('JSON has the contract keys', () => {
  const r = run('--dist', 'normal', '--n', '4096', '--seed', '1', '--scheme', 'nf4');
  for (const k of ['scheme', 'n', 'bits_per_param', 'mse', 'rmse', 'max_abs_error', 'sqnr_db', 'cosine',
    'clipped_fraction', 'zero_fraction']) assert.ok(k in r, k);
  assert.equal(r.scheme, 'nf4');
  assert.equal(r.n, 4096);
  assert.ok(Math.abs(r.rmse - Math.sqrt(r.mse)) < 1e-12);
});

test('Q8_0, Q4_0 and NF4 match an independent JS implementation on the same tensor', () => {
  const n = 8192, seed = 77;
  const x = uniformTensor(n, seed);
  for (const [scheme, ref] of [['int8_sym', q8_0], ['int4_sym', q4_0], ['nf4', nf4]]) {
    const r = run('--dist', 'uniform', '--n', String(n), '--seed', String(seed), '--scheme', scheme);
    const m = metrics(x, ref(x));
    // Same float operations in the same order: agreement to double rounding of the sums.
    assert.ok(Math.abs(r.mse - m.mse) <= 1e-12 * m.mse, `${scheme} mse ${r.mse} vs ${m.mse}`);
    assert.equal(r.max_abs_error, m.max_abs_error, `${scheme} max_abs_error`);
    assert.ok(Math.abs(r.sqnr_db - m.sqnr_db) < 1e-9, `${scheme} sqnr`);
  }
});

test('bits per parameter: Q4_0 4.5, Q8_0 8.5, NF4 4.5 / 4.127 with double quant, MXFP4 4.25', () => {
  const base = ['--dist', 'normal', '--n', '16384', '--seed', '3'];
  // llama.cpp block_q4_0 = 18 bytes / 32 weights; block_q8_0 = 34 bytes / 32; QLoRA §3; OCP MX v1.0.
  assert.equal(run(...base, '--scheme', 'int4_sym').bits_per_param, 18 * 8 / 32);
  assert.equal(run(...base, '--scheme', 'int8_sym').bits_per_param, 34 * 8 / 32);
  assert.equal(run(...base, '--scheme', 'nf4').bits_per_param, 4 + 32 / 64);
  assert.ok(Math.abs(run(...base, '--scheme', 'nf4', '--double-quant').bits_per_param - (4 + 8 / 64 + 32 / (64 * 256))) < 1e-12);
  assert.equal(run(...base, '--scheme', 'mxfp4').bits_per_param, 4 + 8 / 32);
});

test('outliers: per-block SQNR far above per-tensor', () => {
  const base = ['--dist', 'outliers', '--n', '65536', '--seed', '5', '--scheme', 'int4_sym', '--outlier-fraction', '0.0005'];
  const tensor = run(...base, '--granularity', 'tensor');
  const block = run(...base, '--granularity', 'block', '--block', '64');
  assert.ok(block.sqnr_db > tensor.sqnr_db + 10, `${block.sqnr_db} vs ${tensor.sqnr_db}`);
});

test('bad input: clear message on stderr, exit 2, nothing on stdout', () => {
  const cases = [
    [['--dist', 'normal', '--n', '0', '--scheme', 'nf4'], /--n/],
    [['--dist', 'normal', '--n', '99999999999', '--scheme', 'nf4'], /--n/],
    [['--dist', 'normal', '--n', '100', '--scheme', 'int4_sym'], /does not divide the row length 100/],
    [['--dist', 'gauss', '--n', '100', '--scheme', 'nf4'], /--dist/],
    [['--dist', 'normal', '--n', '128', '--scheme', 'int3'], /--scheme/],
    [['--dist', 'normal', '--n', '128', '--scheme', 'mxfp4', '--scale-format', 'fp16'], /E8M0/],
    [['--dist', 'normal', '--n', '128', '--scheme', 'nf4', '--bogus'], /bogus/],
  ];
  for (const [args, re] of cases) {
    const p = spawnSync(CLI, ['quantize', ...args, '--json'], { encoding: 'utf8' });
    assert.equal(p.status, 2, args.join(' '));
    assert.equal(p.stdout, '');
    assert.match(p.stderr, re);
  }
});

test('readable output without --json', () => {
  const out = execFileSync(CLI, ['quantize', '--dist', 'laplace', '--n', '4096', '--seed', '2', '--scheme', 'mxfp4'],
    { encoding: 'utf8' });
  assert.match(out, /bits\/param\s+4\.2500/);
  assert.match(out, /SQNR\s+[\d.]+ dB/);
});

test('nvfp4 without its FP32 tensor scale (--no-tensor-scale) fails on small data as the definition says; --sigma scales the tensor', () => {
  // Transformer Engine: without s_global the block scale amax/6 is stored in E4M3 directly; its smallest
  // positive value is 2^-9, so a block scale below 2^-10 rounds to 0 and the block's values decode to 0.
  // A uniform tensor of spread σ lies within ±σ√3: for σ = 0.001 every block amax/6 is at most 0.000289.
  const sigma = 0.001;
  assert.ok(sigma * Math.sqrt(3) / 6 < 2 ** -10);
  const bare = run('--dist', 'uniform', '--n', '4096', '--scheme', 'nvfp4', '--sigma', String(sigma), '--no-tensor-scale');
  assert.equal(bare.zero_fraction, 1, 'every value is stored as 0');
  // With the tensor scale, quantization is scale-invariant up to FP32 rounding: the same SQNR as at σ = 1.
  const scaled = run('--dist', 'uniform', '--n', '4096', '--scheme', 'nvfp4', '--sigma', String(sigma));
  const unit = run('--dist', 'uniform', '--n', '4096', '--scheme', 'nvfp4');
  assert.ok(Math.abs(scaled.sqnr_db - unit.sqnr_db) < 0.01, `${scaled.sqnr_db} vs ${unit.sqnr_db}`);
  // The tensor itself is σ times the unit one: its signal power scales by σ².
  assert.ok(Math.abs(scaled.signal_power / unit.signal_power - sigma * sigma) < 1e-9 * sigma * sigma * 1e3);
  // The switch belongs to nvfp4 alone.
  const mx = spawnSync(CLI, ['quantize', '--dist', 'uniform', '--n', '4096', '--scheme', 'mxfp4', '--no-tensor-scale'], { encoding: 'utf8' });
  assert.notEqual(mx.status, 0);
  assert.match(mx.stderr, /only applies to nvfp4/);
});
