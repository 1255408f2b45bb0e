// CLI smoke test: the tool starts, lists its commands, and reports misuse on stderr with exit 2.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const CLI = process.env.BW_CLI || 'build/native/bytewise';
const run = (...args) => spawnSync(CLI, args, { encoding: 'utf8' });

test('bytewise --help lists every subcommand', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  for (const name of ['version', 'convert', 'formats', 'quantize', 'memory', 'train', 'deck', 'quiz'])
    assert.match(r.stdout, new RegExp(`^  ${name}\\b`, 'm'), `help mentions ${name}`);
});

test('bytewise version --json prints JSON and nothing else', () => {
  const r = run('version', '--json');
  assert.equal(r.status, 0);
  const v = JSON.parse(r.stdout);
  assert.equal(v.name, 'bytewise');
  assert.match(v.version, /^\d+\.\d+\.\d+$/);
  assert.equal(r.stderr, '');
});

test('unknown commands and options fail with exit 2 and a message on stderr', () => {
  let r = run('frobnicate');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  r = run('version', '--bogus');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option --bogus/);
  r = run();
  assert.equal(r.status, 2);
});
