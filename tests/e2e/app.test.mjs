// The app shell in a real browser: loads, draws, switches sections by bridge and by mouse,
// fits 1280×800 and a 900×600 iframe, is crisp at devicePixelRatio 2, and goes idle.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { launch, openApp, state, waitState, dispatch, framesAfter, decodePng, luminanceVariance, median, BASE_URL, ARTIFACTS } from './lib.mjs';

const browser = await launch();
test.after(() => browser.close());

test('loads, draws a non-blank first frame, no page or console errors', async () => {
  const { context, page, errors } = await openApp(browser);
  const s = await state(page);
  assert.equal(s.ready, true);
  assert.ok(s.frames >= 1);
  assert.equal(s.panel, 'study');
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'study-1280x800.png') });
  const png = decodePng(shot);
  assert.ok(luminanceVariance(png) > 50, 'the canvas is not blank');
  assert.deepEqual(errors, []);
  await context.close();
});

test('switches sections through dispatch and through a real click on the top bar', async () => {
  const { context, page, errors } = await openApp(browser);
  const reply = await dispatch(page, { type: 'open', panel: 'memory' });
  assert.equal(reply.ok, true);
  await framesAfter(page);
  assert.equal((await state(page)).panel, 'memory');

  const bad = await dispatch(page, { type: 'open', panel: 'nope' });
  assert.equal(bad.ok, false);
  assert.match(bad.errors[0], /unknown panel 'nope'/);

  for (const name of ['formats', 'train', 'decks', 'quantize', 'study']) {
    const rect = (await state(page)).topbar.find((r) => r.panel === name);
    assert.ok(rect && rect.w > 0, `top bar button for ${name}`);
    await page.mouse.click(rect.x + rect.w / 2, rect.y + rect.h / 2);
    await framesAfter(page);
    assert.equal((await state(page)).panel, name, `clicked ${name}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1280x800.png`) });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a deep link in the URL hash opens its section; a bad one explains itself', async () => {
  let { context, page, errors } = await openApp(browser, { hash: 'memory' });
  assert.equal((await state(page)).panel, 'memory');
  assert.deepEqual(errors, []);
  await context.close();
  ({ context, page, errors } = await openApp(browser, { hash: 'no-such-panel?x=1' }));
  const s = await state(page);
  assert.ok(s.errors.length >= 1 && /unknown panel/.test(s.errors[0]), 'the error is reported in state().errors');
  await context.close();
});

test('crisp at devicePixelRatio 2: backing store is CSS size × 2 and fonts are rasterized for it', async () => {
  const { context, page, errors } = await openApp(browser, { scale: 2 });
  const dims = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight };
  });
  assert.equal(dims.w, dims.cw * 2);
  assert.equal(dims.h, dims.ch * 2);
  assert.equal((await state(page)).pixel_ratio, 2);
  await page.screenshot({ path: path.join(ARTIFACTS, 'study-1280x800@2x.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('follows window resizes', async () => {
  const { context, page } = await openApp(browser);
  await page.setViewportSize({ width: 900, height: 600 });
  await page.waitForFunction(() => window.bytewise.state().width === 900, null, { timeout: 10000 });
  const s = await state(page);
  assert.equal(s.height, 600);
  await context.close();
});

test('fits a 900×600 iframe in a course page', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A course page on the same origin (served by the test itself) embedding the app.
  await page.route(BASE_URL + 'course.html', (route) => route.fulfill({ contentType: 'text/html', body:
    `<!doctype html><h3 style="font:16px sans-serif;margin:8px">Course page</h3>
     <iframe id="f" src="${BASE_URL}?nosw#formats" width="900" height="600" style="border:1px solid #ccc"></iframe>` }));
  await page.goto(BASE_URL + 'course.html');
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  await frame.waitForFunction(() => window.bytewise && window.bytewise.state().ready, null, { timeout: 60000 });
  const s = await frame.evaluate(() => window.bytewise.state());
  assert.equal(s.width, 900);
  assert.equal(s.panel, 'formats');
  await page.screenshot({ path: path.join(ARTIFACTS, 'iframe-900x600.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('goes idle: no frames drawn without input', async () => {
  const { context, page } = await openApp(browser);
  await page.waitForFunction(() => window.bytewise.state().idle, null, { timeout: 60000, polling: 100 });  // settled (slow on a loaded machine)
  const a = await state(page);
  await page.waitForTimeout(2000);
  const b = await state(page);
  assert.equal(b.idle, true);
  assert.equal(b.frames - a.frames, 0, 'no frames drawn while idle');
  await page.mouse.move(300, 300);
  await page.mouse.move(320, 310);
  await framesAfter(page, 1);
  assert.ok((await state(page)).frames > b.frames, 'input wakes it up');
  await context.close();
});

test('measures: first frame time (median of 5) and idle frames per second', async () => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(BASE_URL + '?nosw');
    await page.waitForFunction(() => window.bytewise && window.bytewise.state().ready, null, { timeout: 60000 });
    times.push(Date.now() - t0);
    if (i === 4) {
      await page.waitForTimeout(5000);
      const a = await page.evaluate(() => window.bytewise.state().frames);
      await page.waitForTimeout(5000);
      const b = await page.evaluate(() => window.bytewise.state().frames);
      const idleFps = (b - a) / 5;
      const result = { first_frame_ms_median: median(times), first_frame_ms: times, idle_fps_after_5s: idleFps };
      writeFileSync(path.join(ARTIFACTS, 'measures.json'), JSON.stringify(result, null, 2));
      console.log('measures', JSON.stringify(result));
      assert.ok(idleFps < 1, 'idle tab draws (almost) nothing');
    }
    await context.close();
  }
});

test('works offline once loaded (service worker)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(BASE_URL);  // with the service worker
  await page.waitForFunction(() => window.bytewise && window.bytewise.state().ready, null, { timeout: 60000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The worker caches on install; wait until every app file is in its cache.
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    if (!keys.length) return false;
    const cache = await caches.open(keys[0]);
    return (await cache.keys()).length >= 4;
  }, null, { timeout: 30000, polling: 250 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => window.bytewise && window.bytewise.state().ready, null, { timeout: 60000 });
  assert.equal((await state(page)).ready, true);
  await context.close();
});

test('a failed download shows a clear message, not a blank page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route('**/bytewise.wasm', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(BASE_URL + '?nosw');
  await page.waitForFunction(() => document.getElementById('card').classList.contains('error'), null, { timeout: 30000 });
  const text = await page.textContent('#overlay');
  assert.match(text, /could not load/i);
  assert.match(text, /bytewise\.wasm/);
  assert.match(text, /HTTP 404/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'load-failure.png') });
  await context.close();
});

// Frames per second while redrawing on mouse moves (25 moves/s): what the renderer allows here.
async function wiggleFps(page) {
  const a = await state(page);
  const t0 = Date.now();
  for (let i = 0; i < 60; i++) { await page.mouse.move(600 + (i % 2) * 3, 700); await page.waitForTimeout(40); }
  const b = await state(page);
  return (b.frames - a.frames) / ((Date.now() - t0) / 1000);
}

test('measures: frames per second while the Train panel trains, against the same panel paused', async () => {
  let { context, page, errors } = await openApp(browser, { hash: 'train?dataset=spiral&layers=2,8,8,1&optimizer=adam' });
  await waitState(page, (s) => s.idle, null, 60000);  // paused: settled, drawing only on input
  const paused = await wiggleFps(page);
  await context.close();
  ({ context, page, errors } = await openApp(browser, { hash: 'train?dataset=spiral&layers=2,8,8,1&optimizer=adam&run=1' }));
  // Training draws on its own: 30 more frames arrive without any input (at whatever speed this machine has).
  const start = (await state(page)).frames;
  await waitState(page, (s, n) => s.frames >= n && !s.idle, start + 30, 60000);
  const training = await wiggleFps(page);
  const b = await state(page);
  const result = { train_panel_fps_paused: Number(paused.toFixed(1)), train_panel_fps_training: Number(training.toFixed(1)) };
  console.log('measures', JSON.stringify(result));
  writeFileSync(path.join(ARTIFACTS, 'measures-training.json'), JSON.stringify(result, null, 2));
  assert.equal(b.idle, false, 'training keeps drawing');
  await page.screenshot({ path: path.join(ARTIFACTS, 'train-running.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
