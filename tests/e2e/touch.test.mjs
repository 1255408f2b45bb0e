// Phones and course pages, as people use them: at 360×640 with a touch screen every section is two
// taps away through the collapsed top bar (tapping the rectangles state().topbar reports), a one-finger
// drag scrolls the one scroll region, a tap reveals and grades; the live panel's answer sits where
// the card can be read with it at 1280×800 and 900×600; a wheel over a part of an iframe that cannot
// scroll scrolls the course page around it. Every wait is for a state, never a fixed time.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openApp, state, waitState, throttle, ARTIFACTS, BASE_URL } from './lib.mjs';

const browser = await launch();
test.after(() => browser.close());

const SECTIONS = ['study', 'formats', 'quantize', 'train', 'memory', 'decks'];
const center = (r) => [r.x + r.w / 2, r.y + r.h / 2];

async function waitLoaded(page) {
  await waitState(page, (s) => s.study && s.study.loaded, null, 30000);
}

// A one-finger drag from (x0, y0) to (x1, y1) in small steps, as a finger moves (CDP touch events).
async function dragXY(page, x0, y0, x1, y1, steps = 12) {
  const cdp = await page.context().newCDPSession(page);
  const point = (t) => [{ x: x0 + (x1 - x0) * t, y: y0 + (y1 - y0) * t, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(0) });
  for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(i / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}
const drag = (page, x, y0, y1) => dragXY(page, x, y0, x, y1);

test('the top bar shows every section where they fit and collapses into a menu where they do not', async () => {
  for (const [width, height] of [[1280, 800], [900, 600]]) {
    const { context, page } = await openApp(browser, { width, height });
    const bar = (await state(page)).topbar;
    assert.deepEqual(bar.map((e) => e.panel), SECTIONS, `${width} px: one button per section, no menu`);
    for (const e of bar) assert.ok(e.x >= 0 && e.x + e.w <= width, `${width} px: ${e.panel} is inside the window`);
    await context.close();
  }
  const { context, page } = await openApp(browser, { width: 360, height: 640, touch: true });
  const bar = (await state(page)).topbar;
  assert.deepEqual(bar.map((e) => e.panel), ['menu'], '360 px: the sections are behind one menu entry');
  assert.ok(bar[0].x >= 0 && bar[0].x + bar[0].w <= 360);
  await context.close();
});

test('360×640 touch: every section in two taps on the rectangles state().topbar reports', async () => {
  const { context, page, errors } = await openApp(browser, { width: 360, height: 640, touch: true });
  for (const name of [...SECTIONS.slice(1), 'study']) {
    const menu = (await state(page)).topbar.find((e) => e.panel === 'menu');
    assert.ok(menu, 'the menu entry is on screen');
    await page.touchscreen.tap(...center(menu));  // tap 1: the menu lists the sections
    const entries = await waitState(page, (s) => s.topbar.length > 1 && s.topbar, null);
    assert.deepEqual(entries.map((e) => e.panel), ['menu', ...SECTIONS], 'the open menu lists every section');
    const entry = entries.find((e) => e.panel === name);
    assert.ok(entry.x >= 0 && entry.x + entry.w <= 360 && entry.y + entry.h <= 640, `${name} is on screen`);
    assert.ok(entry.h >= 32, `${name}: a row a finger can hit (${entry.h} px)`);
    await page.touchscreen.tap(...center(entry));  // tap 2: the section
    await waitState(page, (s, n) => s.panel === n && s.topbar.length === 1, name);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-360x640.png`) });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// Drags the section up (finger on the left padding: text and background scroll, controls keep their own
// drag) until pick(state) is a rectangle inside the phone's screen; returns that state.
async function dragUntilVisible(page, pick) {
  let s = await state(page);
  for (let i = 0; i < 10 && !(pick(s) && pick(s).y >= 0 && pick(s).y + pick(s).h <= 620); i++) {
    const before = s.scroll.y;
    assert.ok(before < s.scroll.max, 'the section can still scroll');
    await drag(page, 20, 560, 260);
    s = await waitState(page, (st, y) => st.scroll.y > y && st, before);
  }
  return s;
}

test('360×640 touch: a one-finger drag scrolls the one scroll region, a tap reveals, a tap grades', async () => {
  const { context, page, errors } = await openApp(browser, { width: 360, height: 640, touch: true });
  await waitLoaded(page);
  await waitState(page, (s) => s.study.reveal, null);
  let s = await dragUntilVisible(page, (st) => st.study.reveal);
  await page.touchscreen.tap(...center(s.study.reveal));
  const shown = await waitState(page, (st) => st.study.revealed && st.study.grades && st, null);
  await page.screenshot({ path: path.join(ARTIFACTS, 'study-revealed-360x640.png') });
  // The card, its answer, the grades, then the live panel: one column, one scroll region.
  assert.ok(shown.scroll.max > 0, 'the revealed card with its live panel is taller than a phone');
  if (shown.live_answer) assert.ok(shown.live_answer.y > shown.study.grades[0].y, 'the live panel comes after the grades');
  s = await dragUntilVisible(page, (st) => st.study.grades && st.study.grades[2]);
  const good = s.study.grades.find((g) => g.rating === 'Good');
  const reviews = s.study.reviews;
  await page.touchscreen.tap(...center(good));
  await waitState(page, (st, n) => st.study.reviews === n + 1, reviews);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Study revealed at 1280×800, 900×600 and 360×640: the live panel answers first, above the fold beside the card', async () => {
  for (const [width, height] of [[1280, 800], [900, 600], [360, 640]]) {
    const { context, page, errors } = await openApp(browser, { width, height, touch: width === 360 });
    await waitLoaded(page);
    await waitState(page, (s) => s.study.reveal, null);
    await page.keyboard.press('Space');
    const s = await waitState(page, (st) => st.study.revealed && st.study.grades && st.live_answer && st, null);
    const a = s.live_answer;
    if (width > 360) {
      assert.ok(a.x >= width * 0.4, `${width}×${height}: the live panel is beside the card (x ${a.x})`);
      assert.ok(a.y + a.h <= height, `${width}×${height}: its result is above the fold (bottom ${a.y + a.h})`);
      // A long card scrolls in its own column at 900×600; at 1280×800 the grades are in view too.
      if (width === 1280) for (const g of s.study.grades) assert.ok(g.y + g.h <= height, `${g.rating} is above the fold`);
    } else {
      assert.ok(a.y > s.study.grades[0].y, 'on a phone the live panel follows the grade buttons');
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `study-revealed-${width}x${height}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('each section at 900×600 and 360×640 (screenshots), drawn without errors', async () => {
  for (const [width, height] of [[900, 600], [360, 640]]) {
    const { context, page, errors } = await openApp(browser, { width, height, touch: width === 360 });
    for (const name of SECTIONS) {
      await page.evaluate((n) => window.bytewise.dispatch({ type: 'open', panel: n }), name);
      const s = await waitState(page, (st, n) => st.panel === n && st, name);
      for (const e of s.topbar) assert.ok(e.x + e.w <= width, `${name}: top bar entry ${e.panel} inside ${width} px`);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}x${height}.png`) });
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('iframe: a wheel where the app cannot scroll scrolls the course page; where it can, the app scrolls', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.route(BASE_URL + 'wheel-course.html', (route) => route.fulfill({ contentType: 'text/html', body:
    `<!doctype html><body style="margin:0"><h3 style="font:16px sans-serif;margin:8px">Course page</h3>
     <iframe id="f" src="${BASE_URL}?nosw#study" width="700" height="500" style="border:0"></iframe>
     <div style="height:3000px">more of the course</div></body>` }));
  await page.goto(BASE_URL + 'wheel-course.html');
  const frameEl = await page.waitForSelector('#f');
  const frame = await frameEl.contentFrame();
  await frame.waitForFunction(() => window.bytewise && window.bytewise.state().ready && window.bytewise.state().scroll.max > 0, null, { timeout: 60000 });
  await throttle(context, page);
  const box = await frameEl.boundingBox();
  const inFrame = () => frame.evaluate(() => window.bytewise.state());
  let s = await inFrame();
  assert.ok(s.scroll.max > 0, 'Study at 700×500 scrolls, one column (precondition)');
  // Over the top bar: nothing in the app scrolls there, so the page does.
  const bar = s.topbar[0];
  await page.mouse.move(box.x + bar.x + bar.w + 200, box.y + bar.y + bar.h / 2);
  await page.mouse.wheel(0, 240);
  await page.waitForFunction(() => window.scrollY > 0, null, { timeout: 20000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => window.scrollY === 0);
  // Over the section's scroll region (left padding, beside the content): the app scrolls, the page stays.
  const b2 = await frameEl.boundingBox();
  await page.mouse.move(b2.x + 20, b2.y + 400);
  await page.mouse.wheel(0, 120);
  s = await frame.waitForFunction(() => window.bytewise.state().scroll.y > 0 && window.bytewise.state(), null, { timeout: 20000 }).then((h) => h.jsonValue());
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the course page did not scroll while the app did');
  await context.close();
});

test('360×640 touch: a slider drags with the finger (and the section does not scroll under it)', async () => {
  const { context, page, errors } = await openApp(browser, { width: 360, height: 640, touch: true });
  await waitLoaded(page);
  const toggle = await waitState(page, (s) => s.study.settings, null);
  await page.touchscreen.tap(...center(toggle));
  const before = await waitState(page, (s) => s.study.retention && s, null);
  const r = before.study.retention;
  assert.ok(r.y + r.h <= 640, 'the retention slider is on screen');
  // From near its left end to near its right end, along the slider.
  await dragXY(page, r.x + 8, r.y + r.h / 2, r.x + r.w - 8, r.y + r.h / 2);
  const after = await waitState(page, (s, v) => s.study.retention && s.study.retention.value > v + 0.05 && s,
    r.value);
  assert.ok(after.study.retention.value > 0.95, `dragged to the right end (${after.study.retention.value})`);
  assert.equal(after.scroll.y, before.scroll.y, 'the drag moved the slider, not the section');
  assert.deepEqual(errors, []);
  await context.close();
});

test('360×640 touch: Memory\'s GPUs field gets a real input over it, and what is typed changes the panel', async () => {
  const { context, page, errors } = await openApp(browser, { width: 360, height: 640, touch: true, hash: 'memory?preset=llama-2-7b&mode=train' });
  // The overlay <input> a11y.js puts over the ImGui field once that field is drawn on screen.
  const placed = () => page.evaluate(() => {
    const e = document.getElementById('bw-memory-gpus');
    if (!e || !e.parentElement.classList.contains('bw-over')) return null;
    const r = e.getBoundingClientRect();
    return r.width > 20 && r.height > 10 && r.y >= 0 && r.y + r.height <= 620 ? { x: r.x, y: r.y, w: r.width, h: r.height } : null;
  });
  await page.locator('#bw-memory-gpus').waitFor({ state: 'attached', timeout: 30000 });
  let box = await placed();
  const top = () => page.evaluate(() => document.getElementById('bw-memory-gpus').getBoundingClientRect().y);
  for (let i = 0; i < 12 && !box; i++) {
    const s = await state(page);
    assert.ok(s.scroll.y < s.scroll.max, 'the section can still scroll');
    const before = await top();
    await drag(page, 20, 560, 360);
    await waitState(page, (st, y) => st.scroll.y > y, s.scroll.y);
    // The field's new rectangle reaches a11y.js with the frame that drew it (the input moves up).
    await page.waitForFunction((y) => document.getElementById('bw-memory-gpus').getBoundingClientRect().y !== y, before, { timeout: 30000 });
    box = await placed();
  }
  assert.ok(box, 'the GPUs field has its input on screen');
  await page.touchscreen.tap(box.x + box.w / 2, box.y + box.h / 2);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bw-memory-gpus', 'the tap focused a real input');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('8');
  await waitState(page, () => /[?&]gpus=8(&|$)/.test(window.bytewise.state().link), null);
  await page.screenshot({ path: path.join(ARTIFACTS, 'memory-gpus-touch-360x640.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
