// FP16 in `bytewise` against @petamoriken/float16 (an independent JavaScript implementation of
// IEEE 754 binary16): decoding of all 65,536 codes, and round-to-nearest-even encoding of doubles.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { getFloat16, setFloat16 } from '@petamoriken/float16';

const CLI = process.env.BW_CLI || 'build/native/bytewise';
// Exact decimal of a double with at most 100 significant digits (toPrecision(100) is exact), trimmed.
function exactText(x) {
  const [mant, exp] = x.toPrecision(100).split('e');
  const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  return exp === undefined ? m : `${m}e${exp}`;
}

const runJson = (...args) => JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 }));

test('all 65,536 FP16 codes decode as @petamoriken/float16 decodes them', () => {
  const table = runJson('formats', '--table', 'fp16', '--json');
  assert.equal(table.format, 'fp16');
  assert.equal(table.codes.length, 65536);
  const view = new DataView(new ArrayBuffer(2));
  let bad = 0, first = null;
  for (let code = 0; code < 65536; code++) {
    view.setUint16(0, code);
    const ref = getFloat16(view, 0);
    const row = table.codes[code];
    const want = Number.isNaN(ref) ? 'nan' : ref === Infinity ? 'inf' : ref === -Infinity ? '-inf' : Object.is(ref, -0) ? '-0' : null;
    const ok = row.bits === '0x' + code.toString(16).padStart(4, '0') &&
      (want !== null ? row.exact === want : row.value === ref && Number(row.exact) === ref);
    if (!ok) { bad++; first ??= { code, row, ref }; }
  }
  assert.equal(bad, 0, `first mismatch: ${JSON.stringify(first)}`);
});

test('doubles round to FP16 exactly as setFloat16 rounds them (RNE, ties, subnormals, overflow)', () => {
  // Values m·2^e with short exact decimal expansions (toPrecision(100) is the exact value), so the
  // CLI's decimal input equals the double given to setFloat16.
  let s = 12345n;
  const M = (1n << 64n) - 1n;
  const next = () => { s = (s * 6364136223846793005n + 1442695040888963407n) & M; return Number(s >> 33n); };
  const values = [65504, 65519.99, 65520, -65520, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 1 + 2 ** -11, 1 + 3 * 2 ** -11, -0.1, 0.0123456789, 1234.56789];
  for (let i = 0; i < 150; i++) values.push((next() % (1 << 20)) * 2 ** ((next() % 50) - 45) * (next() % 2 ? -1 : 1));
  const view = new DataView(new ArrayBuffer(2));
  for (const x of values) {
    const text = exactText(x);
    assert.equal(Number(text), x);
    setFloat16(view, 0, x);
    const want = '0x' + view.getUint16(0).toString(16).padStart(4, '0');
    const got = runJson('convert', text, '--format', 'fp16', '--json').results[0].bits;
    assert.equal(got, want, `value ${text}`);
  }
});
