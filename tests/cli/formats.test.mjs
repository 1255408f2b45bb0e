// The `bytewise convert` and `bytewise formats` contract (issue 3), checked against references:
// the issue's own examples, IEEE binary32 via Math.fround, the OCP FP8 / MX limits, and bad input.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';

const CLI = process.env.BW_CLI || 'build/native/bytewise';
// Exact decimal of a double with at most 100 significant digits (toPrecision(100) is exact), trimmed.
function exactText(x) {
  const [mant, exp] = x.toPrecision(100).split('e');
  const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  return exp === undefined ? m : `${m}e${exp}`;
}

const json = (...args) => JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));
const convert = (...args) => json('convert', ...args, '--json');
const ALL = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8_e4m3', 'fp8_e5m2', 'fp6_e3m2', 'fp6_e2m3', 'fp4_e2m1', 'e8m0', 'ue4m3', 'int8', 'uint8', 'int4', 'uint4'];

test('convert --json has the documented shape and the issue example', () => {
  const out = convert('0.0123456789', '--format', 'bf16');
  assert.equal(out.input, '0.0123456789');
  assert.equal(out.results.length, 1);
  const r = out.results[0];
  for (const key of ['format', 'bits', 'exact', 'value', 'abs_error', 'rel_error', 'flags']) assert.ok(key in r, key);
  assert.equal(r.format, 'bf16');
  assert.equal(r.bits, '0x3c4a');           // issue 3's example
  assert.equal(r.exact, '0.0123291015625');
  assert.equal(r.value, 0.0123291015625);
  assert.deepEqual(r.flags, ['rounded']);
  assert.ok(Math.abs(r.abs_error - Math.abs(0.0123456789 - 0.0123291015625)) < 1e-18);
  // Without --format: every format, in the documented order.
  assert.deepEqual(convert('1234.56789').results.map((x) => x.format), ALL);
});

test('FP32 results agree with Math.fround (IEEE binary32 RNE) on exactly representable doubles', () => {
  let s = 7n;
  const M = (1n << 64n) - 1n;
  const next = () => { s = (s * 6364136223846793005n + 1442695040888963407n) & M; return Number(s >> 33n); };
  const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < 60; i++) {
    const x = (next() * 2 ** 8 + (next() % 256)) * 2 ** ((next() % 60) - 70);  // ≤ 39 significant bits
    const text = exactText(x);
    f32[0] = Math.fround(x);
    const r = convert(text, '--format', 'fp32').results[0];
    assert.equal(r.bits, '0x' + u32[0].toString(16).padStart(8, '0'), text);
    assert.equal(r.value, f32[0]);
  }
  // The FP32 0.1 example.
  assert.equal(convert('0.1', '--format', 'fp32').results[0].exact, '0.100000001490116119384765625');
});

test('rounding, saturation and the via-FP32 path are selectable', () => {
  assert.equal(convert('0.1', '--format', 'bf16', '--rounding', 'rtz').results[0].bits, '0x3dcc');
  assert.equal(convert('0.1', '--format', 'bf16').results[0].bits, '0x3dcd');
  // OCP FP8 E4M3: 464 is a tie → 448; 500 overflows → NaN (0x7f), or 448 with --saturate.
  assert.equal(convert('464', '--format', 'fp8_e4m3').results[0].bits, '0x7e');
  const over = convert('500', '--format', 'fp8_e4m3').results[0];
  assert.equal(over.bits, '0x7f');
  assert.ok(over.flags.includes('overflow') && over.flags.includes('nan'));
  const sat = convert('500', '--format', 'fp8_e4m3', '--saturate').results[0];
  assert.equal(sat.bits, '0x7e');
  assert.ok(sat.flags.includes('saturated'));
  // Double rounding (REFERENCES §1): 1 + 2^−11 + 2^−30 → FP16 0x3c01 directly, 0x3c00 via FP32.
  const x = '1.000488282181322574615478515625';
  assert.equal(convert(x, '--format', 'fp16').results[0].bits, '0x3c01');
  const via = convert(x, '--format', 'fp16', '--via', 'fp32');
  assert.equal(via.via, 'fp32');
  assert.equal(via.results[0].bits, '0x3c00');
  assert.equal(via.results[0].paths_differ, true);
  // Stochastic rounding is reproducible by seed.
  const a = convert('0.1', '--format', 'fp8_e4m3', '--rounding', 'stochastic', '--seed', '9').results[0].bits;
  const b = convert('0.1', '--format', 'fp8_e4m3', '--rounding', 'stochastic', '--seed', '9').results[0].bits;
  assert.equal(a, b);
  assert.ok(['0x1c', '0x1d'].includes(a));  // 0.1 lies between E4M3 0.09375 (0x1c = 2^−4·1.5) and 0.1015625 (0x1d = 2^−4·1.625)
});

test('formats --json lists the facts (OCP FP8 / MX v1.0 / IEEE 754 limits)', () => {
  const list = json('formats', '--json');
  assert.deepEqual(list.map((f) => f.name), ALL);
  const by = Object.fromEntries(list.map((f) => [f.name, f]));
  for (const f of list) for (const k of ['name', 'bits', 'max', 'min_normal', 'min_subnormal', 'epsilon', 'decimal_digits']) assert.ok(k in f, `${f.name}.${k}`);
  // arXiv:2209.05433 Table 1; OCP MX v1.0; IEEE 754-2019.
  assert.equal(by.fp16.max, 65504);
  assert.equal(by.fp16.min_normal, 2 ** -14);
  assert.equal(by.fp16.min_subnormal, 2 ** -24);
  assert.equal(by.fp16.epsilon, 2 ** -10);
  assert.equal(by.fp8_e4m3.max, 448);
  assert.equal(by.fp8_e5m2.max, 57344);
  assert.equal(by.fp6_e3m2.max, 28);
  assert.equal(by.fp6_e2m3.max, 7.5);
  assert.equal(by.fp4_e2m1.max, 6);
  assert.equal(by.bf16.max, 3.3895313892515355e38);
  assert.equal(by.fp32.max, 3.4028234663852886e38);
  assert.equal(by.e8m0.max, 2 ** 127);
  assert.equal(by.tf32.bits, 19);
  assert.ok(Math.abs(by.fp32.decimal_digits - 24 * Math.log10(2)) < 1e-12);
});

test('bad input: a clear message on stderr, exit 2, nothing on stdout', () => {
  const cases = [
    [['convert', 'abc'], /character 1/],
    [['convert', ''], /empty/],
    [['convert', '1e999'], /too large/],
    [['convert', '-nan'], /nan/],
    [['convert', '0x1p-200'], /hexadecimal/],
    [['convert', '1', '--format', 'e0m3'], /exponent bits/],
    [['convert', '1', '--format', 'e30m3'], /exponent bits/],
    [['convert', '1', '--format', 'fp7'], /unknown format/],
    [['convert', '1', '--rounding', 'up'], /rne, rtz, stochastic/],
    [['convert', '1', '--seed', '-3'], /seed/],
    [['convert', '1', '--via', 'fp16'], /fp32/],
    [['convert'], /missing VALUE/],
    [['formats', '--table', 'fp32'], /at most 16 bits/],
  ];
  for (const [args, re] of cases) {
    const r = spawnSync(CLI, args, { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, re);
  }
  // A 10,000-digit number is fine.
  const long = '0.' + '3'.repeat(10000);
  assert.equal(convert(long, '--format', 'fp32').results[0].bits, '0x3eaaaaab');  // 1/3 in binary32
});

test('readable output names every format', () => {
  const text = execFileSync(CLI, ['convert', '0.1'], { encoding: 'utf8' });
  for (const name of ALL) assert.match(text, new RegExp(`^${name}\\s`, 'm'));
  const facts = execFileSync(CLI, ['formats'], { encoding: 'utf8' });
  for (const name of ALL) assert.match(facts, new RegExp(`^${name}\\s`, 'm'));
});
