// `bytewise memory` against published figures (each cited) and its input errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.BW_CLI ?? join(root, 'build/native/bytewise');

function run(...args) {
  const r = spawnSync(cli, ['memory', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function json(...args) {
  const r = run(...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}
const item = (o, name) => o.items.find((i) => i.name === name);

test('JSON has the documented shape', () => {
  const o = json('--preset', 'llama-2-7b', '--mode', 'inference');
  for (const key of ['params', 'trainable_params', 'items', 'total_bytes', 'rule_of_thumb_bytes']) assert.ok(key in o, key);
  const allowed = ['weights', 'kv_cache', 'activations', 'gradients', 'optimizer', 'master_weights', 'overhead'];
  for (const it of o.items) {
    assert.ok(allowed.includes(it.name), it.name);
    assert.equal(typeof it.bytes, 'number');
    assert.match(it.formula, /=/);
  }
  assert.equal(o.total_bytes, o.items.reduce((s, it) => s + it.bytes, 0));
});

test('course example: 13B at 2 bytes = 26 GB, rule of thumb 31.2 GB', () => {
  for (const n of ['13e9', '13B', '13b', '13000000000']) {
    const o = json('--params', n, '--mode', 'inference', '--dtype', 'fp16');
    assert.equal(item(o, 'weights').bytes, 26e9);
    assert.equal(o.rule_of_thumb_bytes, 31.2e9);
    assert.equal(item(o, 'weights').formula, '13.0e9 params × 2 B = 26.0 GB');
  }
});

test('NVIDIA: Llama-2-7B KV cache, 4096 tokens, FP16 = 2,147,483,648 bytes', () => {
  const o = json('--preset', 'llama-2-7b', '--mode', 'inference', '--seq', '4096', '--kv-dtype', 'fp16');
  assert.equal(item(o, 'kv_cache').bytes, 2147483648);
  assert.equal(o.params, 6738415616); // HF safetensors metadata of meta-llama/Llama-2-7b-hf
});

test('presets have their published parameter counts', () => {
  // HF safetensors metadata / model cards (see tests/core/memory/test_architecture.cpp for each source).
  const published = { 'gpt2': 124439808, 'llama-3-8b': 8030261248, 'mistral-7b': 7241732096, 'qwen2.5-7b': 7615616512 };
  for (const [name, n] of Object.entries(published)) assert.equal(json('--preset', name, '--mode', 'inference').params, n, name);
});

test('ZeRO paper Figure 1: 7.5B, mixed-precision Adam, 64 GPUs', () => {
  // Rajbhandari et al., arXiv:1910.02054: 120 GB; per GPU 31.4, 16.6, 1.9 GB for stages 1, 2, 3.
  const states = (o) => ['weights', 'gradients', 'optimizer', 'master_weights'].reduce((s, n) => s + item(o, n).bytes, 0);
  assert.equal(states(json('--params', '7.5e9', '--mode', 'train', '--optimizer', 'adam', '--precision', 'mixed')), 120e9);
  const paper = { 1: 31.4, 2: 16.6, 3: 1.9 };
  for (const [stage, gb] of Object.entries(paper)) {
    const o = json('--params', '7.5B', '--mode', 'train', '--optimizer', 'adam', '--precision', 'mixed', '--zero', stage, '--gpus', '64');
    assert.ok(Math.abs(states(o) / 1e9 - gb) <= 0.05, `stage ${stage}: ${states(o) / 1e9}`);
  }
});

test('config.json import equals the preset', () => {
  const a = json('--config', join(root, 'tests/data/memory/mistral-7b.config.json'), '--mode', 'inference', '--seq', '32768');
  const b = json('--preset', 'mistral-7b', '--mode', 'inference', '--seq', '32768');
  assert.equal(a.params, b.params);
  assert.equal(item(a, 'kv_cache').bytes, item(b, 'kv_cache').bytes);
  // sliding_window 4096: 2 × 32 × 8 × 128 × 4096 tokens × 2 B
  assert.equal(item(a, 'kv_cache').bytes, 2 * 32 * 8 * 128 * 4096 * 2);
});

test('shape options build a model: Llama-2-7B by its config values gives its published count', () => {
  // meta-llama/Llama-2-7b-hf config.json: 32 layers, hidden 4096, 32 heads, intermediate 11008, vocab 32000.
  const o = json('--layers', '32', '--hidden', '4096', '--heads', '32', '--intermediate', '11008', '--vocab', '32000',
    '--mlp', 'gated', '--mode', 'inference');
  assert.equal(o.params, 6738415616);
  // Llama-3-8B (GQA: 8 KV heads, vocab 128256, intermediate 14336) → 8,030,261,248.
  assert.equal(json('--layers', '32', '--hidden', '4096', '--heads', '32', '--kv-heads', '8', '--intermediate', '14336',
    '--vocab', '128256', '--mode', 'inference').params, 8030261248);
});

test('per-GPU figures and LoRA', () => {
  const o = json('--preset', 'llama-2-7b', '--mode', 'train', '--lora-rank', '8');
  // PEFT print_trainable_parameters for Llama-2-7b-hf, r=8 on q_proj,v_proj: 4,194,304 trainable
  assert.equal(o.trainable_params, 4194304);
  const g = json('--params', '7.5e9', '--mode', 'train', '--zero', '3', '--gpus', '64');
  assert.equal(g.per_gpu, true);
});

test('readable table output', () => {
  const r = run('--preset', 'llama-2-13b', '--mode', 'train', '--optimizer', 'adamw', '--precision', 'mixed');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Optimizer states/);
  assert.match(r.out, /rule of thumb: weights 26\.0 GB × 1\.2 = 31\.2 GB/);
});

test('bad input: clear message on stderr, exit 2, nothing on stdout', () => {
  const cases = [
    [['--params', '1e15', '--mode', 'train'], /absurd/],
    [['--params', '-5'], /negative/],
    [['--params', 'lots'], /not a count/],
    [['--preset', 'llama-9'], /unknown preset 'llama-9'/],
    [['--preset', 'llama-2-7b', '--seq', '1e9'], /--seq: 1e9 is outside 1\.\.16777216/],
    [['--preset', 'llama-2-7b', '--mode', 'fly'], /--mode: 'fly' is not one of/],
    [['--preset', 'llama-2-7b', '--dtype', 'fp7'], /unknown dtype 'fp7'/],
    [['--preset', 'gpt2', '--params', '7e9'], /only one of/],
    [[], /choose a model/],
    [['--config', '/nonexistent.json'], /cannot read/],
    [['--config', join(root, 'tests/data/memory/README.md')], /not valid JSON/],
    [['--preset', 'gpt2', '--bogus'], /unknown option --bogus/],
    [['--preset', 'llama-2-7b', '--mode', 'train', '--qlora'], /LoRA rank/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, re, args.join(' '));
    assert.equal(r.out, '', args.join(' '));
  }
});
