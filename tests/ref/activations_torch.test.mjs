// PyTorch's count of the bytes one transformer block saves for backward (tests/ref/activations_torch.py)
// measured again and compared with the committed tests/data/memory/activations_torch.json, which
// tests/core/memory/test_activations.cpp compares with our formulas. Skipped when the machine has no
// PyTorch for /usr/bin/python3 (Debian: apt-get install python3-torch; ~570 MB, not a build dependency).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = process.env.BW_ROOT ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const PY = process.env.BW_TORCH_PYTHON ?? '/usr/bin/python3';
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

test('PyTorch saves the committed activation bytes (activations_torch.py --check)',
  { skip: hasTorch ? false : `no PyTorch for ${PY}` }, () => {
    const r = spawnSync(PY, [path.join(ROOT, 'tests/ref/activations_torch.py'), '--check'],
      { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /matches/);
  });
