// Course pages (issue 11): the app in an iframe of a page on ANOTHER origin (another port), driven by
// host protocol version 1. Events and their shapes, origins= both ways, hostile messages, progress
// kept by the host across a fresh profile, embed mode's sizing and themes, ?deck=URL.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { launch, ARTIFACTS, decodePng } from './lib.mjs';
import { APP_ORIGIN, HOST_PAGE, startServer, openHost, waitAppReady, waitLoaded, events, waitEvent, request, tap, assertEnvelope } from './host_lib.mjs';

const browser = await launch();
const host = await startServer({ '/host.html': HOST_PAGE });
const other = await startServer({ '/host.html': HOST_PAGE });  // a second, unlisted origin
test.after(async () => { await browser.close(); await host.close(); await other.close(); });
const measurements = {};
test.after(() => writeFileSync(path.join(ARTIFACTS, 'embed-measurements.json'), JSON.stringify(measurements, null, 2)));

const origins = (o) => '&origins=' + encodeURIComponent(o);
const appState = (frame) => frame.evaluate(() => window.bytewise.state());
// Polls a node-side condition (console messages arrive asynchronously).
async function until(fn, timeout = 30000) {
  const end = Date.now() + timeout;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out waiting for ' + fn);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const warnings = (logs, re) => logs.filter((l) => l.type === 'warning' && re.test(l.text));

// Types the answer into the card's computed question, in the iframe, like a learner.
async function answerQuiz(page, frame, text) {
  await frame.waitForFunction(() => !!window.bytewise.state().study.quiz_input, null, { timeout: 30000 });
  const r = (await appState(frame)).study.quiz_input;
  const box = await (await page.$('#w')).boundingBox();
  await page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  await page.keyboard.type(text, { delay: 30 });
  await tap(page, frame, 'Enter');
}

test('card widget: ready, quiz-answered, graded (keyboard in the iframe) and resize, with their shapes', async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
  const { page, frame, logs } = await openHost(context, host, { query: '&embed=1' + origins(host.origin), hash: 'study?card=memory-kv-cache', width: 640, height: 360, applyResize: true });
  const ready = await waitEvent(page, 'ready');
  measurements.ready_ms_after_insertion = Math.round(ready.t);
  assert.equal(ready.origin, APP_ORIGIN);
  assert.equal(ready.data.state.ready, true);
  assert.deepEqual(ready.data.state.topbar, [], 'embed mode draws no top bar');
  assert.match(ready.data.state.link, /^study/);
  const resize = await waitEvent(page, 'resize');
  measurements.first_resize_ms_after_insertion = Math.round(resize.t);
  assert.equal(typeof resize.data.height, 'number');
  assert.equal(typeof resize.data.width, 'number');
  assert.ok(resize.data.height >= 360 && resize.data.height <= 4000, `height ${resize.data.height}`);
  assert.ok(resize.data.width >= 320, `width ${resize.data.width}`);
  await waitLoaded(frame);

  // The computed question: 2 (K and V) x 32 layers x 4096 tokens x 4096 wide x 2 bytes (FP16), from the
  // Llama 2 paper's architecture table: 2 GiB.
  await answerQuiz(page, frame, '2 GiB');
  const quiz = (await waitEvent(page, 'quiz-answered')).data;
  assert.match(quiz.card, /^[0-9a-f]{16}$/);
  assert.equal(quiz.generator, 'kv_cache');
  assert.equal(quiz.correct, true);
  assert.equal(quiz.typed, '2 GiB');
  assert.equal(typeof quiz.answer, 'number');
  if (quiz.unit === 'bytes') assert.equal(quiz.answer, 2 * 32 * 4096 * 4096 * 2);
  assert.deepEqual(quiz.score, { raw: 1, min: 0, max: 1, scaled: 1 });

  // Grade with the keyboard: 3 = Good.
  const before = Date.now();
  await tap(page, frame, '3');
  const graded = (await waitEvent(page, 'graded')).data;
  assert.equal(graded.card, quiz.card);
  assert.equal(graded.deck, 'builtin/model-memory.md');
  assert.equal(graded.grade, 3);
  assert.equal(graded.rating, 'good');
  assert.match(graded.due, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(Date.parse(graded.due) > before, 'due is in the future');
  await page.screenshot({ path: path.join(ARTIFACTS, 'embed-card-after-grade.png') });

  // Sized from resize: once the app is idle, its viewport is the last size it asked for.
  await frame.waitForFunction(() => window.bytewise.state().idle, null, { timeout: 30000 });
  await page.waitForFunction(() => {
    const r = window.events.filter((e) => e.data && e.data.type === 'resize').pop();
    return r && Math.abs(document.getElementById('w').getBoundingClientRect().height - r.data.height) < 1;
  }, null, { timeout: 30000 });
  const s = await appState(frame);
  const last = (await events(page, 'resize')).pop().data;
  assert.ok(Math.abs(s.height - last.height) <= 1, `app height ${s.height} vs last resize ${last.height}`);

  for (const e of await events(page)) assertEnvelope(assert, e.data);
  assert.deepEqual(logs.filter((l) => l.type === 'error' || l.type === 'pageerror'), []);
  await context.close();
});

test('origins= is enforced both ways; without it open/state work and load-deck/set-progress are refused', async () => {
  const context = await browser.newContext();
  // Listed origin = the other server: this host is neither heard nor posted to.
  const a = await openHost(context, host, { query: '&embed=1' + origins(other.origin), hash: 'memory' });
  await waitAppReady(a.frame);
  await a.page.evaluate(() => window.send({ type: 'state', id: 'nope' }));
  await until(() => warnings(a.logs, /not in origins=/).length > 0);
  await a.frame.waitForFunction(() => window.bytewise.state().idle, null, { timeout: 30000 });
  assert.ok(warnings(a.logs, /ignored a message from http:\/\/127\.0\.0\.1:\d+: it is not in origins=/).length >= 1, 'a console warning names the refused origin');
  assert.deepEqual(await events(a.page), [], 'no event (not even ready) and no reply reached an unlisted origin');

  // Listed: heard and answered.
  const b = await openHost(context, host, { query: '&embed=1' + origins(host.origin), hash: 'memory' });
  await waitEvent(b.page, 'ready');
  const st = await request(b.page, { type: 'state' });
  assertEnvelope(assert, st);
  assert.equal(st.type, 'reply');
  assert.equal(st.result.ok, true);
  assert.equal(st.result.panel, 'memory');

  // No origins=: open and state work with any parent; the two that change data do not.
  const c = await openHost(context, host, { query: '&embed=1', hash: 'memory' });
  await waitEvent(c.page, 'ready');
  const open = await request(c.page, { type: 'open', link: 'formats?value=0.1&format=bf16' });
  assert.equal(open.result.ok, true);
  await waitEvent(c.page, 'state');
  assert.match((await events(c.page, 'state')).pop().data.link, /^formats\?/);
  for (const msg of [{ type: 'load-deck', name: 'x.md', text: '#### T\n:p q\n??x\na\nx??' }, { type: 'set-progress', data: '{}' }]) {
    const r = await request(c.page, msg);
    assert.equal(r.result.ok, false);
    assert.match(r.result.error, /origins=/);
  }
  await context.close();
});

test('hostile messages change nothing, inject nothing, and the app still answers state', async () => {
  const context = await browser.newContext();
  const { page, frame, logs } = await openHost(context, host, { query: '&embed=1' + origins(host.origin), hash: 'memory?preset=llama-2-7b&mode=train' });
  await waitEvent(page, 'ready');
  await waitLoaded(frame);
  const before = await appState(frame);
  const domBefore = await frame.evaluate(() => document.querySelectorAll('*').length);
  // The parallel DOM (issue 12) has its own h1 and may have images of its own: count what is there before.
  const tagsBefore = await frame.evaluate(() => document.querySelectorAll('img, iframe, h1, b').length);
  const warned0 = warnings(logs, /refused/).length;

  const refusals = [
    { type: 'open', link: 42 },
    { type: 7 },
    { type: 'no-such-type' },
    { type: 'load-deck', text: { html: '<b>' }, name: 'x.md' },
    { type: 'load-deck', text: 'ok', name: ['x'] },
    { type: 'set-progress', data: 12 },
    { type: 'set-progress', data: '<img src=x onerror="window.pwned=1">' },  // not a progress document
    { type: 'open' },
  ];
  for (const m of refusals) {
    const r = await request(page, m);
    assertEnvelope(assert, r);
    assert.equal(r.result.ok, false, JSON.stringify(m));
    assert.equal(typeof r.result.error, 'string');
  }
  // HTML in a link is only a bad LiveLink: reported, never markup.
  const html = await request(page, { type: 'open', link: 'memory?preset=<img src=x onerror="window.pwned=1">&mode=<script>window.pwned=2</script>' });
  assert.equal(html.result.ok, false);
  // Oversized: 5 MB in a link, a deck, a progress document and an unknown field.
  const big = 5 * 1024 * 1024;
  for (const [field, base] of [['link', { type: 'open' }], ['text', { type: 'load-deck', name: 'big.md' }], ['data', { type: 'set-progress' }], ['junk', { type: 'state' }]]) {
    const id = 'big-' + field;
    await page.evaluate(([b, f, n, i]) => window.send(Object.assign({}, b, { [f]: window.big(n), id: i })), [base, field, big, id]);
    const r = (await (await page.waitForFunction((i) => window.replies[i], id, { timeout: 60000 })).jsonValue()).result;
    assert.equal(r.ok, false, field);
    assert.match(r.error, /longer than|larger than/, field);
  }
  // Non-objects and bad ids: no reply possible, a console warning each.
  await page.evaluate(() => { for (const m of ['state', 42, null, true, [1, 2], { type: 'state', id: { x: 1 } }]) window.send(m); });
  // A flood of 1,000 hostile messages.
  await page.evaluate(() => {
    const kinds = [() => 'x', () => ({ type: 'open', link: 5 }), () => ({ type: '<h1>' }), () => ({ type: 'load-deck', text: 1 }),
      () => ({ type: 'set-progress', data: 'not a document' }), () => [1], () => ({ type: 'open', link: 'x'.repeat(70000) })];
    for (let i = 0; i < 1000; i++) window.send(kinds[i % kinds.length]());
  });
  const alive = await request(page, { type: 'state' });
  assert.equal(alive.result.ok, true);
  assert.equal(alive.result.ready, true);
  const after = await appState(frame);
  assert.equal(after.link, before.link, 'the section and its state are unchanged');
  assert.equal(after.study.reviews, before.study.reviews);
  assert.equal(after.study.log_entries, before.study.log_entries);
  assert.equal(after.panel, before.panel);
  await until(() => warnings(logs, /refused/).length - warned0 >= 1000);
  const injected = await frame.evaluate(() => ({ pwned: window.pwned, imgs: document.querySelectorAll('img, iframe, h1, b').length, n: document.querySelectorAll('*').length }));
  assert.equal(injected.pwned, undefined);
  assert.equal(injected.imgs, tagsBefore, 'no element came from a message');
  assert.ok(injected.n <= domBefore + 4, `DOM grew from ${domBefore} to ${injected.n}`);
  assert.deepEqual(logs.filter((l) => l.type === 'error' || l.type === 'pageerror'), []);
  measurements.largest_accepted = 'link 65,536 characters; deck text and progress data 4,194,304 characters; whole message 4,259,840 characters';
  await context.close();
});

test('the largest accepted deck (4 MiB) loads, one character more is refused', async () => {
  const context = await browser.newContext();
  const { page, frame } = await openHost(context, host, { query: '&embed=1' + origins(host.origin), hash: 'memory' });
  await waitEvent(page, 'ready');
  await waitLoaded(frame);
  // A real deck padded with background text to exactly the limit.
  const limit = await frame.evaluate(() => window.BytewiseHost.limits.deck);
  const made = await page.evaluate((n) => {
    const card = '#### Padding card\n\nlive: formats?value=1\n\n:p What is padded?\n??x\nThis deck.\nx??\n---\n';
    const text = card + 'p'.repeat(n - card.length - 1) + '\n';
    const t0 = performance.now();
    window.send({ type: 'load-deck', name: 'limit.md', text, id: 'limit' });
    window.send({ type: 'load-deck', name: 'over.md', text: text + 'x', id: 'over' });
    return { length: text.length, t0 };
  }, limit);
  assert.equal(made.length, limit);
  const ok = (await (await page.waitForFunction(() => window.replies.limit, null, { timeout: 90000 })).jsonValue()).result;
  const over = (await (await page.waitForFunction(() => window.replies.over, null, { timeout: 90000 })).jsonValue()).result;
  assert.equal(ok.ok, true, JSON.stringify(ok));
  assert.equal(ok.cards, 1);
  assert.equal(over.ok, false);
  assert.match(over.error, /longer than 4,194,304 characters/);
  measurements.largest_deck_load_ms = Math.round(await page.evaluate((t0) => performance.now() - t0, made.t0));
  assert.equal((await request(page, { type: 'state' })).result.ready, true);
  await context.close();
});

test('get-progress -> set-progress round trip into a fresh profile', async () => {
  const first = await browser.newContext();
  const a = await openHost(first, host, { query: '&embed=1' + origins(host.origin), hash: 'study?card=memory-weights', width: 700, height: 600 });
  await waitEvent(a.page, 'ready');
  await waitLoaded(a.frame);
  const box = await (await a.page.$('#w')).boundingBox();
  await a.page.mouse.click(box.x + 3, box.y + 3);  // focus the widget like a learner
  await tap(a.page, a.frame, 'Space');
  await a.frame.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 20000 });
  await tap(a.page, a.frame, '4');
  const graded = (await waitEvent(a.page, 'graded')).data;
  assert.equal(graded.rating, 'easy');
  const got = await request(a.page, { type: 'get-progress' });
  assert.equal(got.result.ok, true);
  assert.equal(got.result.format, 'bytewise-progress');
  const doc = JSON.parse(got.result.data);
  assert.equal(doc.format, 'bytewise-progress');
  assert.match(doc.checksum, /^fnv1a64:[0-9a-f]{16}$/);
  assert.ok(doc.body.cards[graded.card], 'the graded card is in the document');
  await first.close();

  const fresh = await browser.newContext();  // another profile: empty IndexedDB
  const b = await openHost(fresh, host, { query: '&embed=1' + origins(host.origin), hash: 'study' });
  await waitEvent(b.page, 'ready');
  await waitLoaded(b.frame);
  assert.equal((await appState(b.frame)).study.reviews, 0, 'fresh profile starts empty');
  const set = await request(b.page, { type: 'set-progress', data: got.result.data });
  assert.equal(set.result.ok, true, JSON.stringify(set.result));
  assert.equal((await appState(b.frame)).study.reviews, 1);
  const back = JSON.parse((await request(b.page, { type: 'get-progress' })).result.data);
  assert.deepEqual(back.body, doc.body, 'the same document comes back');
  // A damaged copy is refused and changes nothing.
  const damaged = got.result.data.replace('"easy"', '"good"').replace(/"stability": [0-9.]+/, '"stability": 99');
  const bad = await request(b.page, { type: 'set-progress', data: damaged });
  assert.equal(bad.result.ok, false);
  assert.equal((await appState(b.frame)).study.reviews, 1);
  await fresh.close();
});

test('embed mode at 320x360: themes (light, dark, system) and a calculator alone', async () => {
  const context = await browser.newContext({ viewport: { width: 400, height: 420 } });
  const lum = async (page, name) => {
    const png = decodePng(await (await page.$('#w')).screenshot({ path: path.join(ARTIFACTS, name) }));
    let sum = 0;
    for (let i = 0; i < png.width * png.height; i++) {
      const o = i * png.bpp;
      sum += 0.299 * png.data[o] + 0.587 * png.data[o + 1] + 0.114 * png.data[o + 2];
    }
    return sum / (png.width * png.height);
  };
  const light = await openHost(context, host, { query: '&embed=1&theme=light', hash: 'memory?preset=llama-2-7b&mode=train', width: 320, height: 360 });
  await waitEvent(light.page, 'ready');
  const s = await appState(light.frame);
  assert.equal(s.width, 320);
  assert.equal(s.height, 360);
  assert.equal(s.panel, 'memory');
  assert.ok(await lum(light.page, 'embed-320x360-light.png') > 170, 'light theme is light');
  const dark = await openHost(context, host, { query: '&embed=1&theme=dark', hash: 'memory?preset=llama-2-7b&mode=train', width: 320, height: 360 });
  await waitEvent(dark.page, 'ready');
  await dark.frame.waitForFunction(() => window.bytewise.state().idle, null, { timeout: 30000 });
  assert.ok(await lum(dark.page, 'embed-320x360-dark.png') < 90, 'dark theme is dark');
  const sys = await browser.newContext({ viewport: { width: 400, height: 420 }, colorScheme: 'dark' });
  const auto = await openHost(sys, host, { query: '&embed=1', hash: 'formats?value=0.1', width: 320, height: 360 });
  await waitEvent(auto.page, 'ready');
  await auto.frame.waitForFunction(() => window.bytewise.state().idle, null, { timeout: 30000 });
  assert.ok(await lum(auto.page, 'embed-320x360-system-dark.png') < 90, 'no theme=: follows prefers-color-scheme');
  for (const x of [light, dark, auto]) assert.deepEqual(x.logs.filter((l) => l.type === 'error' || l.type === 'pageerror'), []);
  await sys.close();
  await context.close();
});

test('?deck=URL loads a same-origin deck; another origin is refused', async () => {
  const context = await browser.newContext();
  const { page, frame } = await openHost(context, host, { query: '&embed=1&deck=example-deck.md' });
  await waitEvent(page, 'ready');
  await frame.waitForFunction(() => /deck=imported/.test(window.bytewise.state().link), null, { timeout: 60000 });
  const s = await appState(frame);
  assert.match(s.link, /^study\?deck=imported%2Fexample-deck\.md|^study\?deck=imported\/example-deck\.md/);
  assert.match(s.study.card, /^[0-9a-f]{16}$/);
  const bad = await openHost(context, host, { query: `&embed=1&deck=${encodeURIComponent(host.origin + '/host.html')}` });
  const err = await waitEvent(bad.page, 'error');
  assert.match(err.data.message, /only decks from/);
  await context.close();
});
