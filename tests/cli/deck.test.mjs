// `bytewise deck lint FILE`, `bytewise deck stats FILE --json` and `bytewise deck check FILE [--json]` on our fixtures
// (tests/data/cards/). Expected counts and lines are read off the fixture text by hand.
// Run: BW_CLI=build/dev-cards/bytewise node --test tests/cli/deck.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

// `deck check`: the fixture deck's findings (lines and hand-derived values in claims.expected.json).
const CHECK = `${DATA}/check`;
const expected = JSON.parse(readFileSync(`${CHECK}/claims.expected.json`, 'utf8')).findings;

test('check prints FILE:LINE: claim "…" — Bytewise computes … per finding and exits 0', () => {
  const file = `${CHECK}/claims.md`;
  const r = run('deck', 'check', file);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, expected.length, r.stdout);
  lines.forEach((l, i) => {
    const e = expected[i];
    assert.ok(l.startsWith(`${file}:${e.line}: claim "`), l);
    assert.ok(l.includes(`" — Bytewise computes ${e.computed} (this card says `), l);
  });
  assert.ok(lines.includes(`${file}:25: claim "7,000,000,000 × 4 × 2 bytes / 8 = 56 GB" — Bytewise computes 7 GB ` +
    `(this card says 56 GB; 7,000,000,000 × 4 × 2 bytes / 8 is 7 GB; without the '/ 8' it is 56 GB)`), r.stdout);
});

test('check --json prints {cards, findings: [{line, card, claim, computed, message}], suggestions}', () => {
  const r = run('deck', 'check', `${CHECK}/claims.md`, '--json');
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(s), ['cards', 'findings', 'suggestions']);
  assert.equal(s.cards, 5);
  for (const g of s.suggestions) assert.deepEqual(Object.keys(g), ['line', 'card', 'live', 'why']);
  assert.deepEqual(s.findings.map((f) => [f.line, f.computed]), expected.map((e) => [e.line, e.computed]));
  for (const f of s.findings) {
    assert.deepEqual(Object.keys(f), ['line', 'card', 'claim', 'computed', 'message']);
    assert.match(f.card, /^[0-9a-f]{16}$/);
    assert.ok(f.message.startsWith('this card says '), f.message);
  }
});

test('check: the bundled deck and the hostile deck give no finding; unreadable input exits 2', () => {
  for (const file of ['assets/decks/model-memory.md', `${CHECK}/hostile.md`]) {
    const r = run('deck', 'check', file);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '', file);
    const j = JSON.parse(run('deck', 'check', file, '--json').stdout);
    assert.deepEqual(j.findings, []);
  }
  let r = run('deck', 'check', `${DATA}/does-not-exist.md`);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot open/);
  assert.equal(r.stdout, '');
  r = run('deck', 'check');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /check FILE/);
  // A deck with parse errors is still checked (exit 0): only unreadable files fail.
  r = run('deck', 'check', `${DATA}/broken.md`);
  assert.equal(r.status, 0, r.stderr);
});

// Suggested live panels (issue 17 item 2) on the chapter deck written for core/links' suggester test:
// its .expect file names each card's section (or none), written with the deck.
const SUGGEST = `${DATA}/suggest/memory-chapter.md`;
function expectedSections() {
  const want = new Map();
  for (const line of readFileSync(`${DATA}/suggest/memory-chapter.expect`, 'utf8').split('\n')) {
    const m = /^(.+) => (\w+)$/.exec(line);
    if (m && !line.startsWith('#')) want.set(m[1], m[2]);
  }
  return want;
}
// Card headings of the deck file with their lines, read here without the app's parser.
function headings(file) {
  return readFileSync(file, 'utf8').split('\n').flatMap((l, i) => (l.startsWith('#### ') ? [[l.slice(5).trim(), i + 1]] : []));
}

test('check --json suggests a live: line for cards with a clear topic, at the card heading, in its section', () => {
  const s = JSON.parse(run('deck', 'check', SUGGEST, '--json').stdout);
  const want = expectedSections();
  const lines = new Map(headings(SUGGEST));
  const byLine = new Map([...lines].map(([title, line]) => [line, title]));
  assert.equal(s.cards, 15);
  assert.deepEqual(s.findings, [], 'every number on this deck is true');
  assert.ok(s.suggestions.length >= 9, `most topical cards get one (${s.suggestions.length})`);
  for (const g of s.suggestions) {
    const title = byLine.get(g.line);
    assert.ok(title, `line ${g.line} is a card heading`);
    assert.equal(g.live.split('?')[0], want.get(title), `${title}: ${g.live}`);
    assert.ok(g.why.length > 0);
  }
});

test('lint --suggest adds one note per suggested card, with the live: line to paste', () => {
  const r = run('deck', 'lint', '--suggest', SUGGEST);
  assert.equal(r.status, 0, r.stderr);
  const notes = r.stdout.trim().split('\n');
  const json = JSON.parse(run('deck', 'check', SUGGEST, '--json').stdout).suggestions;
  assert.equal(notes.length, json.length);
  notes.forEach((n, i) => {
    assert.match(n, new RegExp(`^${SUGGEST}:${json[i].line}: note: suggested for ".+": live: `));
    assert.ok(n.includes(`live: ${json[i].live}  (`), n);
  });
  assert.equal(run('deck', 'lint', SUGGEST).stdout, '', 'without --suggest lint stays silent on a clean deck');
  assert.equal(run('deck', 'stats', SUGGEST, '--suggest').status, 2, '--suggest is for lint');
});
