// Load (issue 15): a 10,000-card deck studied, long training of a 2-64-64-1 network, rapid section
// switching. The wasm heap (state().heap: size = wasm memory, its high-water mark; used/peak = malloc)
// stays bounded and frames keep coming. Durations: BW_LOAD_TRAIN_SECONDS (default 20; the issue's
// 10 minutes is BW_LOAD_TRAIN_SECONDS=600), BW_LOAD_SWITCH_SECONDS (default 15; a minute is 60).
// Each test prints its heap figures (the closing note of issue 15 quotes them).
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, state, dispatch, waitReady } from './lib.mjs';

const browser = await launch();
test.after(() => browser.close());
const TRAIN_S = Number(process.env.BW_LOAD_TRAIN_SECONDS || 20);
const SWITCH_S = Number(process.env.BW_LOAD_SWITCH_SECONDS || 15);
const MiB = (b) => (b / 1048576).toFixed(1) + ' MiB';
const heapLine = (what, h) => console.log(`# heap ${what}: wasm memory ${MiB(h.size)}, malloc used ${MiB(h.used)}, malloc peak ${MiB(h.peak)}`);
async function tap(page, key) { await page.keyboard.down(key); await page.waitForTimeout(80); await page.keyboard.up(key); }

function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) { h ^= BigInt(b); h = (h * 0x100000001b3n) & 0xffffffffffffffffn; }
  return h.toString(16).padStart(16, '0');
}

test('a 10,000-card deck loads and is studied; the heap stays bounded', async () => {
  const { context, page, errors } = await openApp(browser);
  await page.waitForFunction(() => window.bytewise.state().study.loaded, null, { timeout: 30000 });
  const base = (await state(page)).heap;
  // The deck and a progress document allowing 10,000 new cards a day, put where the app keeps them.
  let deck = '# Load test deck\n---\n';
  for (let i = 0; i < 10000; i++) deck += `#### Card ${i}\nBackground of card ${i} with \\(x_${i}^2\\).\n:p Question ${i}?\n??x\nAnswer ${i}.\nx??\n---\n`;
  const body = `{"settings": {"desired_retention": 0.9, "single_key_shortcuts": true, "new_cards_per_day": 10000}, "cards": {}, "log": []}`;
  const progress = `{"format": "bytewise-progress", "schema_version": 1, "checksum": "fnv1a64:${fnv1a64(body)}", "body": ${body}}`;
  await page.evaluate(([d, p]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('/persist');
    req.onerror = reject;
    req.onsuccess = () => {
      const tx = req.result.transaction(['FILE_DATA'], 'readwrite');
      const store = tx.objectStore('FILE_DATA');
      const put = (name, text) => store.put({ timestamp: new Date(), mode: 33206, contents: new TextEncoder().encode(text) }, '/persist/' + name);
      put('deck-load-10000.md', d);
      put('progress.json', p);
      tx.oncomplete = resolve;
    };
  }), [deck, progress]);
  await page.reload();
  await waitReady(page);
  await page.waitForFunction(() => window.bytewise.state().study.loaded, null, { timeout: 60000 });
  const loaded = await state(page);
  assert.ok(loaded.study.new >= 10000, `the deck's cards are offered (${loaded.study.new} new)`);
  const reviews = Number(process.env.BW_LOAD_REVIEWS || 60);
  for (let i = 0; i < reviews; i++) {
    const before = (await state(page)).study.log_entries;
    await tap(page, 'Space');
    await page.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 20000 });
    await tap(page, String(1 + (i % 4)));
    await page.waitForFunction((b) => window.bytewise.state().study.log_entries > b, before, { timeout: 20000 });
  }
  const after = await state(page);
  assert.equal(after.study.save_error, '');
  assert.ok(after.study.reviews >= reviews);
  heapLine('at start', base);
  heapLine(`10,000-card deck, ${reviews} reviews`, after.heap);
  assert.ok(after.heap.size < 512 * 1048576, `wasm memory ${MiB(after.heap.size)} stays under 512 MiB`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('long training of a 2-64-64-1 network: frames keep coming, the heap stays flat', async () => {
  const { context, page, errors } = await openApp(browser, { hash: 'train?layers=2,64,64,1&run=1' });
  await page.waitForTimeout(3000);  // past the start-up allocations (a real interval is fine: we sample, not assert time)
  const first = await state(page);
  const samples = [];
  const end = Date.now() + TRAIN_S * 1000;
  while (Date.now() < end) {
    await page.waitForTimeout(Math.min(5000, Math.max(100, end - Date.now())));
    samples.push(await state(page));
  }
  const last = samples[samples.length - 1];
  assert.equal(last.panel, 'train');
  assert.ok(last.frames > first.frames + 10, `frames keep coming (${first.frames} → ${last.frames})`);
  const peak = Math.max(...samples.map((s) => s.heap.used));
  heapLine(`training ${TRAIN_S} s (first sample)`, first.heap);
  heapLine(`training ${TRAIN_S} s (last sample)`, last.heap);
  console.log(`# training: ${last.frames - first.frames} frames in ${TRAIN_S} s; malloc used high-water ${MiB(peak)}`);
  assert.ok(last.heap.used <= first.heap.used + 16 * 1048576, 'no growth beyond 16 MiB while training');
  assert.deepEqual(errors, []);
  await context.close();
});

test('rapid section switching: frames keep coming, the heap stays flat', async () => {
  const { context, page, errors } = await openApp(browser);
  const sections = ['study', 'formats', 'quantize', 'train', 'memory', 'decks'];
  const links = ['formats?value=0.1&format=bf16', 'memory?preset=llama-2-13b&mode=train', 'quantize?scheme=nf4&block=64',
    'train?layers=2,8,8,1&run=1', 'decks', 'study'];
  for (const s of sections) await dispatch(page, { type: 'open', panel: s });  // warm every section once
  await page.waitForTimeout(1000);
  const first = await state(page);
  let n = 0;
  const end = Date.now() + SWITCH_S * 1000;
  while (Date.now() < end) {
    const r = await dispatch(page, n % 2 ? { type: 'open', panel: sections[n % 6] } : { type: 'open', link: links[n % 6] });
    assert.equal(r.ok, true, JSON.stringify(r));
    if (n % 10 === 0) await page.waitForFunction((f) => window.bytewise.state().frames > f, (await state(page)).frames, { timeout: 20000 });
    n++;
  }
  const last = await state(page);
  heapLine(`after ${n} switches in ${SWITCH_S} s`, last.heap);
  assert.ok(last.frames > first.frames, 'frames keep coming');
  assert.ok(last.heap.used <= first.heap.used + 16 * 1048576, `no growth beyond 16 MiB (${MiB(first.heap.used)} → ${MiB(last.heap.used)})`);
  assert.deepEqual(errors, []);
  await context.close();
});
