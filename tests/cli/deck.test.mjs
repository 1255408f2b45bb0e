// `bytewise deck lint FILE` and `bytewise deck stats FILE --json` on our parser fixtures
// (tests/data/cards/). Expected counts and lines are read off the fixture text by hand.
// Run: BW_CLI=build/dev-cards/bytewise node --test tests/cli/deck.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = process.env.BW_CLI ?? 'build/native/bytewise';
const DATA = 'tests/data/cards';
const run = (...args) => spawnSync(CLI, args, { encoding: 'utf8' });

test('stats --json prints exactly the documented keys', () => {
  const r = run('deck', 'stats', `${DATA}/all_variants.md`, '--json');
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(s), ['cards', 'with_live', 'with_quiz', 'errors', 'warnings']);
  assert.deepEqual(s, { cards: 5, with_live: 1, with_quiz: 1, errors: 0, warnings: 0 });
});

test('lint of a clean deck prints nothing and exits 0', () => {
  const r = run('deck', 'lint', `${DATA}/all_variants.md`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
});

test('lint prints FILE:LINE: severity: message and exits 1 on errors', () => {
  const file = `${DATA}/broken.md`;
  const r = run('deck', 'lint', file);
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n');
  for (const l of lines) assert.match(l, new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+: (error|warning): .+`));
  const at = (n, sev) => lines.some((l) => l.startsWith(`${file}:${n}: ${sev}:`));
  assert.ok(at(9, 'error'), 'card without question at line 9');
  assert.ok(at(13, 'error'), 'question without answer at line 13');
  assert.ok(at(16, 'error'), 'invalid live link at line 16');
  assert.ok(at(22, 'error'), 'duplicate card at line 22');
  assert.ok(at(40, 'error'), 'unknown live panel at line 40 (the app refuses it too)');
  const s = JSON.parse(run('deck', 'stats', file, '--json').stdout);
  assert.deepEqual(s, { cards: 6, with_live: 1, with_quiz: 0, errors: 5, warnings: 3 });
});

test('lint checks every live: line against the vocabulary the app applies (section, key, value)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-deck-'));
  const file = join(dir, 'live.md');
  const card = (n, live) => `#### Card ${n}\nlive: ${live}\n:p q${n}?\n??x\na\nx??\n\n`;
  writeFileSync(file, card(1, 'about') + card(2, 'memory?presett=gpt2&seq=-4') + card(3, 'train?checkpoint=every-40') +
    card(4, 'memory?preset=gpt2&seq=1k&mode=train') + card(5, 'train?lr=abc'));
  const r = run('deck', 'lint', file);
  assert.equal(r.status, 1);
  const errors = r.stdout.trim().split('\n');
  assert.ok(errors.some((l) => l.startsWith(`${file}:2: error: live: unknown panel 'about'`)), r.stdout);
  assert.ok(errors.some((l) => l.startsWith(`${file}:9: error: live: unknown key 'presett'`)), r.stdout);
  assert.ok(errors.some((l) => l.startsWith(`${file}:9: error: live: seq:`)), r.stdout);
  assert.ok(errors.some((l) => l.startsWith(`${file}:16: error: live: checkpoint: every-K: 40 is outside 1..16`)), r.stdout);
  assert.ok(!errors.some((l) => l.startsWith(`${file}:23:`)), 'a valid link (count form 1k) is accepted');
  assert.ok(errors.some((l) => l.startsWith(`${file}:30: error: live: lr: 'abc' is not a finite number`)), r.stdout);
});

test('warnings alone do not fail lint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-deck-'));
  const file = join(dir, 'w.md');
  writeFileSync(file, '#### A\n:p q?\n??x\na\n');  // not closed before end of file: a warning
  const r = run('deck', 'lint', file);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /:1: warning: /);
});

test('binary and empty files are diagnosed, not crashed on', () => {
  for (const name of ['binary.bin', 'empty.md']) {
    const r = run('deck', 'lint', `${DATA}/${name}`);
    assert.equal(r.status, 1, name);
    assert.match(r.stdout, new RegExp(`^${DATA}/${name.replace('.', '\\.')}:\\d+: error: `));
    const s = JSON.parse(run('deck', 'stats', `${DATA}/${name}`, '--json').stdout);
    assert.equal(s.cards, 0);
    assert.equal(s.errors, 1);
  }
});

test('usage and input errors exit 2 with a message on stderr', () => {
  let r = run('deck', 'lint', `${DATA}/does-not-exist.md`);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot open/);
  assert.equal(r.stdout, '');
  r = run('deck', 'frobnicate', 'x.md');
  assert.equal(r.status, 2);
  r = run('deck', 'lint');
  assert.equal(r.status, 2);
  r = run('deck', 'stats', `${DATA}/all_variants.md`, '--bogus');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option --bogus/);
});
