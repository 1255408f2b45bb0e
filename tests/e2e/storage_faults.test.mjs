// Storage faults in the browser (issue 15): IndexedDB unavailable, quota exceeded during a write, a
// store written by a newer version, a store truncated mid-write. In each the app keeps working, tells
// the learner what happened and what to do (state().study.storage_error / recovery_message, drawn in
// the Study panel), keeps the last good copy, and loses no review that was saved before.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openApp, state, waitReady, ARTIFACTS, BASE_URL } from './lib.mjs';

const browser = await launch();
test.after(() => browser.close());

async function tap(page, key) { await page.keyboard.down(key); await page.waitForTimeout(120); await page.keyboard.up(key); }
const study = async (page) => (await state(page)).study;
const waitLoaded = (page) =>
  page.waitForFunction(() => window.bytewise.state().study && window.bytewise.state().study.loaded, null, { timeout: 30000 });
// IDBFS keeps every file of /persist as one record of the IndexedDB database "/persist".
const idb = (page, fn, arg) => page.evaluate(([src, a]) => new Promise((resolve, reject) => {
  const req = indexedDB.open('/persist');
  req.onerror = () => reject(new Error('open failed'));
  req.onsuccess = () => {
    const store = req.result.transaction(['FILE_DATA'], 'readwrite').objectStore('FILE_DATA');
    // eslint-disable-next-line no-new-func
    new Function('store', 'arg', 'resolve', src)(store, a, resolve);
  };
}), [fn, arg]);
const readFile = (page, name) => idb(page, `const g = store.get('/persist/' + arg);
  g.onsuccess = () => resolve(g.result ? new TextDecoder().decode(g.result.contents) : null);`, name);
const writeFile = (page, name, text) => idb(page, `const g = store.get('/persist/' + arg[0]);
  g.onsuccess = () => { const v = g.result; v.contents = new TextEncoder().encode(arg[1]);
    store.put(v, '/persist/' + arg[0]).onsuccess = () => resolve(); };`, [name, text]);

async function grade(page, n, key = '3') {
  for (let i = 0; i < n; i++) {
    const before = (await study(page)).log_entries;
    await tap(page, 'Space');
    await page.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 10000 });
    await tap(page, key);
    await page.waitForFunction((b) => window.bytewise.state().study.log_entries > b, before, { timeout: 15000 });
  }
}
// Waits until IndexedDB holds a progress document with `n` log entries (the sync is asynchronous).
async function waitStored(page, n) {
  for (let i = 0; i < 100; i++) {
    const text = await readFile(page, 'progress.json');
    if (text) { try { if (JSON.parse(text).body.log.length >= n) return JSON.parse(text); } catch (e) { /* mid-write */ } }
    await page.waitForTimeout(100);
  }
  throw new Error(`IndexedDB never held ${n} log entries`);
}

test('IndexedDB unavailable (private mode, blocked third-party storage): study works, the learner is told', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { configurable: true,
      get() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE_URL + '?nosw');
  await waitReady(page);
  await waitLoaded(page);
  await grade(page, 2);
  const s = await study(page);
  assert.equal(s.reviews, 2, 'grading works without storage');
  assert.match(s.storage_error, /not available in this browser/);
  assert.match(s.storage_error, /Export progress/, 'says what to do');
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(ARTIFACTS, 'storage-unavailable.png') });
  await context.close();
});

test('quota exceeded during a write: the learner is told, the last good copy stays, nothing saved is lost', async () => {
  const { context, page } = await openApp(browser);
  await waitLoaded(page);
  await grade(page, 2);
  const good = await waitStored(page, 2);
  // From now on every IndexedDB write fails as a full disk does.
  await page.evaluate(() => {
    window.__quota = true;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await grade(page, 1);
  await page.waitForFunction(() => /storage for this site is full/.test(window.bytewise.state().study.storage_error),
    null, { timeout: 15000 });
  const s = await study(page);
  assert.equal(s.reviews, 3, 'the app keeps working in this tab');
  assert.match(s.storage_error, /Export progress/);
  const stored = JSON.parse(await readFile(page, 'progress.json'));
  assert.equal(stored.body.log.length, good.body.log.length, 'IndexedDB still holds the last good copy');
  await page.screenshot({ path: path.join(ARTIFACTS, 'storage-quota.png') });
  // Space again: the next sync succeeds and the message goes away.
  await page.evaluate(() => { window.__quota = false; });
  await grade(page, 1);
  await page.waitForFunction(() => window.bytewise.state().study.storage_error === '', null, { timeout: 15000 });
  await waitStored(page, 4);
  await page.reload();
  await waitReady(page);
  await waitLoaded(page);
  assert.equal((await study(page)).reviews, 4, 'every review survives the reload');
  await context.close();
});

test('a store written by a newer version is left untouched and reported', async () => {
  const { context, page } = await openApp(browser);
  await waitLoaded(page);
  await grade(page, 1);
  const doc = await waitStored(page, 1);
  doc.schema_version = 99;
  const newer = JSON.stringify(doc);
  await writeFile(page, 'progress.json', newer);
  await page.reload();
  await waitReady(page);
  await waitLoaded(page);
  const s = await study(page);
  assert.equal(s.read_only, true);
  assert.match(s.recovery_message, /newer Bytewise/);
  assert.match(s.recovery_message, /Export it/);
  await grade(page, 1);  // studying still works (not saved over the newer store)
  await page.waitForTimeout(500);
  assert.equal(await readFile(page, 'progress.json'), newer, 'the newer store is not overwritten');
  await page.screenshot({ path: path.join(ARTIFACTS, 'storage-newer.png') });
  await context.close();
});

test('a store truncated mid-write: the previous copy is restored with every review saved before it', async () => {
  const { context, page } = await openApp(browser);
  await waitLoaded(page);
  await grade(page, 3);
  const saved = await waitStored(page, 3);
  // The 4th save is cut off half way (a crash or a closed tab in the middle of the write).
  await grade(page, 1);
  const full = JSON.stringify(await waitStored(page, 4), null, 1);
  await writeFile(page, 'progress.json', full.slice(0, Math.floor(full.length / 2)));
  await page.reload();
  await waitReady(page);
  await waitLoaded(page);
  const s = await study(page);
  assert.equal(s.reviews, saved.body.log.length, 'the reviews saved before the cut write are all back');
  assert.match(s.recovery_message, /previous copy was restored/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'storage-truncated.png') });
  await context.close();
});
