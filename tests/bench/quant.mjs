// Peer for bench_quant: the same block-64 quantize + dequantize (llama.cpp Q4_0 rule and NF4 by
// nearest-midpoint search) written in plain JavaScript over a Float32Array, and
// TypedArray.set (the JS memcpy) of the same bytes. Prints JSON lines like bench_quant.
//   node tests/bench/quant.mjs [n]
const n = Number(process.argv[2] || 1 << 24);
const x = new Float32Array(n);
let s = 1;
for (let i = 0; i < n; i++) {  // any normal-ish data will do for timing (sum of 4 uniforms)
  let acc = 0;
  for (let k = 0; k < 4; k++) { s = (s * 1103515245 + 12345) % 2147483648; acc += s / 2147483648; }
  x[i] = (acc - 2) * 1.7320508;
}
const best = (f) => { let t = Infinity; for (let r = 0; r < 3; r++) { const t0 = performance.now(); f(); t = Math.min(t, (performance.now() - t0) / 1e3); } return t; };

const dst = new Float32Array(n);
const tcopy = best(() => dst.set(x));
console.log(JSON.stringify({ bench: 'quant_js', case: 'typedarray_set', n, bytes: n * 4, seconds: tcopy, gb_per_s: n * 4 / tcopy / 1e9 }));

const NF4 = Float32Array.from([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
  -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
  0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0]);
const MID = new Float32Array(15).map((_, k) => (NF4[k] + NF4[k + 1]) / 2);

function int4(xs) {
  const codes = new Int8Array(n), y = new Float32Array(n);
  for (let b = 0; b < n; b += 64) {
    let amax = 0, max = 0;
    for (let j = b; j < b + 64; j++) { const a = Math.abs(xs[j]); if (a > amax) { amax = a; max = xs[j]; } }
    const d = Math.fround(max / -8), id = d ? Math.fround(1 / d) : 0;
    for (let j = b; j < b + 64; j++) codes[j] = Math.min(15, Math.trunc(xs[j] * id + 8.5)) - 8;
    for (let j = b; j < b + 64; j++) y[j] = codes[j] * d;
  }
  return y;
}
function nf4(xs) {
  const codes = new Uint8Array(n), y = new Float32Array(n);
  for (let b = 0; b < n; b += 64) {
    let amax = 0;
    for (let j = b; j < b + 64; j++) amax = Math.max(amax, Math.abs(xs[j]));
    const id = amax ? 1 / amax : 0;
    for (let j = b; j < b + 64; j++) {
      const v = xs[j] * id;
      let i = 0;
      i += 8 * (v > MID[i + 7]); i += 4 * (v > MID[i + 3]); i += 2 * (v > MID[i + 1]); i += (v > MID[i]);
      codes[j] = i;
    }
    for (let j = b; j < b + 64; j++) y[j] = NF4[codes[j]] * amax;
  }
  return y;
}
for (const [name, f] of [['int4_sym_block64', int4], ['nf4_block64', nf4]]) {
  const t = best(() => f(x));
  console.log(JSON.stringify({ bench: 'quant_js', case: name, n, seconds: t, elements_per_s: n / t, ratio_to_memcpy: t / tcopy }));
}
