// The learner's flow in a real browser: study three cards with the keyboard only, reload, and find
// the review history and due counts intact (progress lives in IndexedDB); a corrupt store is
// reported and the backup restored, never silently reset.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openApp, state, waitState, framesAfter, waitReady, throttle, ARTIFACTS } from './lib.mjs';

const browser = await launch();
test.after(() => browser.close());

// Keys are typed as people type them: a plain press (down and up at once). Dear ImGui 1.90's input
// queue sees a press and release that land within one frame.
const tap = (page, key) => page.keyboard.press(key);
const study = async (page) => (await state(page)).study;
async function waitLoaded(page) {
  await page.waitForFunction(() => window.bytewise.state().study && window.bytewise.state().study.loaded, null, { timeout: 30000 });
}
async function waitSaved(page, logEntries) {
  // The store is synced to IndexedDB asynchronously after each grade: the grade's frame writes the file
  // and starts the sync (storage.cpp), so once the entry is logged, wait for that sync to finish.
  await page.waitForFunction((n) => window.bytewise.state().study.log_entries >= n && window.Module.bwStorage &&
    !window.Module.bwStorage.syncing && window.Module.bwStorage.syncs > 0, logEntries, { timeout: 15000 });
}
const readStore = (page, file) => page.evaluate((name) => new Promise((resolve) => {
  const req = indexedDB.open('/persist');
  req.onerror = () => resolve(null);
  req.onsuccess = () => {
    try {
      const get = req.result.transaction(['FILE_DATA'], 'readonly').objectStore('FILE_DATA').get('/persist/' + name);
      get.onsuccess = () => resolve(get.result ? new TextDecoder().decode(get.result.contents) : null);
      get.onerror = () => resolve(null);
    } catch (e) { resolve(null); }
  };
}), file);

test('three cards studied with the keyboard survive a reload', async () => {
  const { context, page, errors } = await openApp(browser);
  await waitLoaded(page);
  const before = await study(page);
  assert.equal(before.reviews, 0);
  assert.ok(before.new >= 3, 'the built-in deck offers new cards');
  const seen = [];
  for (let i = 0; i < 3; i++) {
    seen.push((await study(page)).card);
    await tap(page, 'Space');  // reveal
    await page.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 10000 });
    await tap(page, '3');      // Good
    await waitSaved(page, i + 1);
  }
  assert.equal(new Set(seen).size, 3, 'three different cards');
  const after = await study(page);
  assert.equal(after.reviews, 3);
  assert.equal(after.new, before.new - 3);
  assert.equal(after.save_error, '');
  await page.screenshot({ path: path.join(ARTIFACTS, 'study-after-3-grades.png') });

  const stored = JSON.parse(await readStore(page, 'progress.json'));
  assert.ok(stored, 'progress is in IndexedDB');

  await page.reload();
  await waitReady(page);
  await waitLoaded(page);
  const reloaded = await study(page);
  assert.equal(reloaded.reviews, 3, 'history intact after reload');
  assert.equal(reloaded.new, after.new, 'due counts intact after reload');
  assert.equal(reloaded.learning, after.learning);
  assert.deepEqual(errors, []);
  await context.close();
});

test('U undoes the last grade', async () => {
  const { context, page } = await openApp(browser);
  await waitLoaded(page);
  const first = (await study(page)).card;
  await tap(page, 'Space');
  await page.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 10000 });
  await tap(page, '1');  // Again
  await waitSaved(page, 1);
  assert.equal((await study(page)).reviews, 1);
  await tap(page, 'u');
  await page.waitForFunction(() => window.bytewise.state().study.reviews === 0, null, { timeout: 10000 });
  assert.equal((await study(page)).card, first, 'the undone card is shown again');
  await context.close();
});

test('a corrupt store is reported and the backup restored, not silently reset', async () => {
  const { context, page } = await openApp(browser);
  await waitLoaded(page);
  for (let i = 0; i < 2; i++) {
    await tap(page, 'Space');
    await page.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 10000 });
    await tap(page, '3');
    await waitSaved(page, i + 1);
  }
  // Damage the main copy in IndexedDB, as a crash in the middle of a write might.
  await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('/persist');
    req.onsuccess = () => {
      const store = req.result.transaction(['FILE_DATA'], 'readwrite').objectStore('FILE_DATA');
      const get = store.get('/persist/progress.json');
      get.onsuccess = () => {
        const v = get.result;
        v.contents = new TextEncoder().encode('{"format": "bytewise-progress", "schema_version": 1, "checksum": "x", "bo');
        store.put(v, '/persist/progress.json').onsuccess = () => resolve();
      };
    };
  }));
  await page.reload();
  await waitReady(page);
  await waitLoaded(page);
  await framesAfter(page, 5);
  const s = await study(page);
  assert.ok(s.reviews >= 1, 'the backup copy was restored');
  const keys = await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('/persist');
    req.onsuccess = () => { const a = req.result.transaction(['FILE_DATA']).objectStore('FILE_DATA').getAllKeys(); a.onsuccess = () => resolve(a.result); };
  }));
  assert.ok(keys.some((k) => /progress-kept-/.test(k)), `the damaged copy is kept aside (${keys.join(', ')})`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'study-after-corrupt-store.png') });
  await context.close();
});

test('quick taps with the CPU throttled 6x: every grade is recorded (Space, 3, Space, 3, ... no pauses)', async () => {
  const { context, page, errors } = await openApp(browser);
  await waitLoaded(page);
  await throttle(context, page, 6);
  const before = await study(page);
  assert.ok(before.new >= 6, 'the built-in deck offers six new cards');
  const cards = 6;
  for (let i = 0; i < cards; i++) {
    await page.keyboard.press('Space');  // reveal
    await page.keyboard.press('3');      // Good
  }
  // Wait for the state (never for a fixed time): all six grades, or the timeout says how many arrived.
  const got = await page.waitForFunction((n) => window.bytewise.state().study.log_entries >= n, before.log_entries + cards,
    { timeout: 120000, polling: 250 }).then(() => cards, async () => (await study(page)).log_entries - before.log_entries);
  const after = await study(page);
  console.log('measures', JSON.stringify({ cpu_throttle: 6, keys_pressed: 2 * cards, grades_recorded: after.log_entries - before.log_entries }));
  assert.equal(got, cards, `grades recorded: ${after.log_entries - before.log_entries} of ${cards}`);
  assert.equal(after.reviews, before.reviews + cards);
  assert.deepEqual(errors, []);
  await context.close();
});

test('quick mouse clicks with the CPU throttled 6x: a press and release within one frame still click', async () => {
  const { context, page, errors } = await openApp(browser);
  await waitLoaded(page);
  await throttle(context, page, 6);
  const before = await study(page);
  const center = (r) => [r.x + r.w / 2, r.y + r.h / 2];
  for (let i = 0; i < 3; i++) {
    // Where the buttons are, from the app's own settled layout (idle: a revealed answer can bring a
    // scrollbar a frame later, which moves them); page.mouse.click presses and releases at once.
    const reveal = await waitState(page, (s) => s.idle && !s.study.revealed && s.study.reveal, null, 60000);
    await page.mouse.click(...center(reveal));
    const grades = await waitState(page, (s) => s.idle && s.study.revealed && s.study.grades, null, 60000);
    await page.mouse.click(...center(grades.find((g) => g.rating === 'Good')));
    await waitState(page, (s, n) => s.study.log_entries >= n, before.log_entries + i + 1, 60000);
  }
  assert.equal((await study(page)).reviews, before.reviews + 3);
  assert.deepEqual(errors, []);
  await context.close();
});
