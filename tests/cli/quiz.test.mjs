// `bytewise quiz --list --json` and `bytewise quiz --generator NAME --seed S --json`: the contract of
// issue 7, published numbers, and FP16/BF16 answers against independent converters in JavaScript
// (@petamoriken/float16 3.9.3 for FP16; a BigInt round-to-nearest-even of the double's bits for BF16).
// Run: BW_CLI=build/dev-deck/bytewise node --test tests/cli/quiz.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { f16round } from '@petamoriken/float16';

const CLI = process.env.BW_CLI ?? 'build/native/bytewise';
const run = (...args) => spawnSync(CLI, args, { encoding: 'utf8' });
const quiz = (...args) => {
  const r = run('quiz', ...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const param = (q, key) => new URLSearchParams(q.params).get(key);

// BF16 = FP32's top 16 bits; round the double straight to 8 significant bits, ties to even.
function bf16round(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const drop = 52n - 7n;  // mantissa bits a double has beyond BF16's 7
  const half = 1n << (drop - 1n);
  const rest = bits & ((1n << drop) - 1n);
  let kept = bits >> drop;
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  view.setBigUint64(0, kept << drop);
  return view.getFloat64(0);
}

const GENERATORS = ['bf16_value', 'weight_memory', 'train_memory_adam', 'format_max', 'bits_per_param', 'kv_cache'];

test('--list --json lists every generator with name, description and params', () => {
  const r = run('quiz', '--list', '--json');
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.ok(Array.isArray(list));
  assert.deepEqual(list.map((g) => g.name).sort(), [...GENERATORS].sort());
  for (const g of list) {
    assert.equal(typeof g.description, 'string');
    assert.ok(g.description.length > 10);
    assert.ok(Array.isArray(g.params) && g.params.length > 0);
    for (const p of g.params) assert.deepEqual(Object.keys(p), ['name', 'description']);
  }
});

test('--generator NAME --seed S --json has the contract keys, is deterministic and varies with the seed', () => {
  for (const name of GENERATORS) {
    const a = run('quiz', '--generator', name, '--seed', '42', '--json');
    const b = run('quiz', '--generator', name, '--seed', '42', '--json');
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stdout, b.stdout, `${name}: same seed, same output`);
    const q = JSON.parse(a.stdout);
    for (const key of ['question', 'answer', 'tolerance', 'solution']) assert.ok(key in q, `${name}: ${key}`);
    assert.equal(typeof q.question, 'string');
    assert.equal(typeof q.answer, 'number');
    assert.equal(typeof q.tolerance, 'number');
    assert.ok(q.tolerance > 0);
    assert.ok(q.solution.length > 20);
    assert.ok(['relative', 'absolute'].includes(q.tolerance_kind));
    const questions = new Set();
    for (let seed = 1; seed <= 8; seed++) questions.add(quiz('--generator', name, '--seed', String(seed)).question);
    assert.ok(questions.size >= 3, `${name}: seeds vary the question`);
  }
});

test('published numbers: 13B × 2 B = 26 GB, E4M3 max 448, Llama-2-7B KV cache 2 GiB', () => {
  // EleutherAI "Transformer Math 101": weights = params × bytes per param.
  assert.equal(quiz('--generator', 'weight_memory', '--params', 'params=13e9&dtype=bf16').answer, 26e9);
  // Micikevicius et al. arXiv:2209.05433 Table 1 (OCP OFP8).
  assert.equal(quiz('--generator', 'format_max?format=fp8_e4m3').answer, 448);
  assert.equal(quiz('--generator', 'format_max?format=fp8_e5m2').answer, 57344);
  // NVIDIA "Mastering LLM Techniques: Inference Optimization": Llama-2-7B, 4096 tokens, FP16.
  assert.equal(quiz('--generator', 'kv_cache?preset=llama-2-7b&seq_len=4096&dtype=fp16').answer, 2147483648);
  // QLoRA (arXiv:2305.14314): NF4 with FP32 absmax per 64 values.
  assert.equal(quiz('--generator', 'bits_per_param?scheme=nf4&block=64').answer, 4.5);
});

test('bf16_value answers agree with independent JavaScript converters over many seeds', () => {
  for (let seed = 1; seed <= 25; seed++) {
    const fp16 = quiz('--generator', 'bf16_value', '--params', 'format=fp16', '--seed', String(seed));
    assert.equal(fp16.answer, f16round(Number(param(fp16, 'value'))), `fp16 seed ${seed}: ${fp16.params}`);
    const bf16 = quiz('--generator', 'bf16_value', '--params', 'format=bf16', '--seed', String(seed));
    assert.equal(bf16.answer, bf16round(Number(param(bf16, 'value'))), `bf16 seed ${seed}: ${bf16.params}`);
  }
});

test('--answer grades typed text and explains', () => {
  const spec = 'weight_memory?params=13e9&dtype=bf16';
  for (const typed of ['26 GB', '2.6e10', '26e9', '24.21 GiB']) {
    const q = quiz('--generator', spec, '--answer', typed);
    assert.equal(q.grade.correct, true, `${typed}: ${q.grade.message}`);
  }
  const wrong = quiz('--generator', spec, '--answer', '26');
  assert.equal(wrong.grade.parsed, true);
  assert.equal(wrong.grade.correct, false);
  assert.match(wrong.grade.message, /did you mean 26 GB/);
  const bad = run('quiz', '--generator', spec, '--answer', 'twenty-six', '--json');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not a number/);
});

test('usage and input errors exit 2 with a message on stderr', () => {
  const cases = [
    [['quiz'], /--list or --generator/],
    [['quiz', '--generator', 'nope'], /unknown generator 'nope'/],
    [['quiz', '--generator', 'bf16_value', '--seed', 'abc'], /--seed/],
    [['quiz', '--generator', 'bf16_value?format=bf17'], /bf17/],
    [['quiz', '--generator', 'kv_cache', '--params', 'preset=llama-9'], /preset/],
    [['quiz', '--list', '--seed', '3'], /--list/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
  }
});

test('--seed takes every whole-number form of the other count flags, and all 64 bits', () => {
  // 1k, 1e3 and 1_000 are the seed 1000 (util::ParseWhole, as convert --seed and train --seed read it).
  const thousand = run('quiz', '--generator', 'weight_memory', '--seed', '1000', '--json').stdout;
  for (const form of ['1k', '1e3', '1_000'])
    assert.equal(run('quiz', '--generator', 'weight_memory', '--seed', form, '--json').stdout, thousand, form);
  assert.equal(run('quiz', '--generator', 'weight_memory', '--seed', '18446744073709551615', '--json').status, 0);
  for (const bad of ['18446744073709551616', '1.5', '-1', 'x']) {
    const r = run('quiz', '--generator', 'weight_memory', '--seed', bad);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /^bytewise quiz: --seed: /, bad);
  }
});
