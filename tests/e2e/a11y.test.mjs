// The parallel DOM (issue 12) as a screen reader, a keyboard and a phone meet it: the accessibility
// tree carries the card, its controls and the panels' headline figures; axe-core finds no serious
// or critical violation in any section; three cards are studied with Tab and Enter alone. Runs
// with the CPU throttled 4x (CDP), waiting for states, never for fixed times.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { launch, openApp, state, ARTIFACTS } from './lib.mjs';

const ROOT = process.env.BW_ROOT || path.resolve('.');
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js', { paths: [ROOT] });
const DECK = readFileSync(path.join(ROOT, 'assets/decks/model-memory.md'), 'utf8');

const browser = await launch();
const T = 90000;  // per wait: frames take seconds on a loaded CI machine with the CPU throttled 4x
// A screen reader activates a control without a pointer (the parallel DOM sits under the canvas).
const activate = (locator) => locator.evaluate((e) => e.click());
test.after(() => browser.close());

async function open(opts = {}) {
  const app = await openApp(browser, opts);
  const cdp = await app.context.newCDPSession(app.page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await app.page.waitForFunction(() => window.bytewiseA11y && window.bytewiseA11y.stats().updates > 0, null, { timeout: T });
  return app;
}
const main = (page) => page.locator('#a11y-main');
const stats = (page) => page.evaluate(() => window.bytewiseA11y.stats());
async function waitLoaded(page) {
  await page.waitForFunction(() => window.bytewise.state().study.loaded, null, { timeout: T });
  await main(page).getByRole('heading', { level: 2 }).first().waitFor({ timeout: T });
}
// Waits until the live region has said `n` messages in all (then returns the new ones).
async function announcementsAfter(page, before, n = 1) {
  await page.waitForFunction((k) => window.bytewiseA11y.stats().announcements.length >= k, before + n, { timeout: T });
  await page.waitForFunction(() => document.getElementById('a11y').textContent !== '', null, { timeout: T });
  return (await stats(page)).announcements.slice(before);
}

// Cards of the deck file, read here independently of the app's parser: heading, question (":p" up to "??x").
function deckCards() {
  return DECK.split(/\n(?=#### )/).filter((b) => b.startsWith('#### ')).map((b) => {
    const title = b.split('\n')[0].slice(5).trim();
    const q = /\n:p ([\s\S]*?)\n\?\?x/.exec(b);
    return { title, question: q ? q[1].replace(/\s+/g, ' ').trim() : '' };
  });
}
const plain = (s) => s.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();

test('the card on screen reads from the accessibility tree as in the deck file; reveal and grade by role', async () => {
  const { context, page, errors } = await open();
  await waitLoaded(page);
  const snapshot = await main(page).ariaSnapshot();
  writeFileSync(path.join(ARTIFACTS, 'a11y-study-question.yaml'), snapshot);
  const title = (await main(page).getByRole('heading', { level: 2 }).first().textContent()).trim();
  const card = deckCards().find((c) => c.title === title);
  assert.ok(card, `the heading "${title}" is a card title of the deck file`);
  assert.ok(snapshot.includes(plain(card.question).slice(0, 40)), `the question "${card.question}" is in the tree:\n${snapshot}`);
  assert.match(snapshot, /Due now: \d+ new, \d+ learning, \d+ review/);
  assert.match(snapshot, /region "Card"/);

  let said = (await stats(page)).announcements.length;
  await activate(main(page).getByRole('button', { name: 'Show answer' }));
  await main(page).getByRole('heading', { name: 'Answer' }).waitFor({ timeout: T });
  const reveal = await announcementsAfter(page, said);
  assert.equal(reveal.length, 1, 'one message for one action');
  assert.match(reveal[0], /^Answer: /);

  const good = main(page).getByRole('button', { name: /good/i });
  assert.match(await good.textContent(), /^Good, (\d+(\.\d+)? (minute|hour|day|month|year)s?|less than a minute)$/);
  said = (await stats(page)).announcements.length;
  await activate(good);
  await page.waitForFunction(() => window.bytewise.state().study.log_entries === 1, null, { timeout: T });
  const graded = await announcementsAfter(page, said);
  assert.equal(graded.length, 1);
  assert.match(graded[0], /^Good recorded; the card comes back in .+\./);
  const next = (await main(page).getByRole('heading', { level: 2 }).first().textContent()).trim();
  assert.notEqual(next, title, 'the next card is shown');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a quiz answer typed into the textbox gets its verdict and worked solution', async () => {
  const { context, page, errors } = await open({ hash: 'study?card=memory-weights' });
  await waitLoaded(page);
  const box = main(page).getByRole('textbox', { name: /answer/i });
  await box.waitFor({ timeout: T });
  const label = await box.evaluate((e) => e.labels[0].textContent);
  // The card asks for the weights of 13e9 parameters in BF16 (2 bytes each): 26e9 bytes.
  const answer = /GB/.test(label) ? '26' : /GiB/.test(label) ? String(26e9 / 2 ** 30) : '26000000000';
  const said = (await stats(page)).announcements.length;
  await box.fill(answer);
  await box.press('Enter');
  await main(page).getByText(/^Correct\./).waitFor({ timeout: T });
  await main(page).getByRole('heading', { name: 'Worked solution' }).waitFor({ timeout: T });
  const verdict = await announcementsAfter(page, said);
  assert.equal(verdict.length, 1);
  assert.match(verdict[0], /^Correct\./);
  // A wrong answer is told as such.
  const wrong = await open({ hash: 'study?card=memory-weights' });
  await waitLoaded(wrong.page);
  const box2 = main(wrong.page).getByRole('textbox', { name: /answer/i });
  await box2.fill(String(Number(answer) * 2));
  await activate(main(wrong.page).getByRole('button', { name: 'Check' }));
  await main(wrong.page).getByText(/^Not quite\./).waitFor({ timeout: T });
  await wrong.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

// BF16 of a decimal, computed here: nearest FP32, then round-to-nearest-even to the top 16 bits.
function bf16(x) {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  const u = dv.getUint32(0);
  const rounded = (u + 0x7fff + ((u >>> 16) & 1)) & 0xffff0000;
  dv.setUint32(0, rounded >>> 0);
  return dv.getFloat32(0);
}

test('the headline figures of Formats and Memory are in the tree, and their controls change the panel', async () => {
  const { context, page, errors } = await open({ hash: 'formats?value=0.0123456789&format=bf16' });
  const stored = bf16(0.0123456789);
  const rel = Math.abs(stored - 0.0123456789) / 0.0123456789;
  const headline = main(page).locator('.bw-headline');
  await page.waitForFunction(() => /stored in BF16/.test(document.querySelector('#a11y-main .bw-headline')?.textContent || ''), null, { timeout: T });
  const text = await headline.textContent();
  assert.ok(text.includes(`0.0123456789 is stored in BF16 as ${stored}`), text);
  assert.ok(text.includes(`${(rel * 100).toPrecision(3)}%`), `relative error ${rel} in "${text}"`);
  const table = main(page).getByRole('table', { name: 'The value in every format' });
  await table.getByRole('columnheader', { name: 'Exact stored value' }).waitFor({ timeout: T });
  assert.ok((await table.getByRole('row').count()) > 5, 'one row per format');
  await main(page).getByLabel('Format shown in the bit editor').selectOption('fp16');
  await page.waitForFunction(() => /stored in FP16/.test(document.querySelector('#a11y-main .bw-headline')?.textContent || ''), null, { timeout: T });
  assert.match((await state(page)).link, /format=fp16/, 'the panel changed, not just the DOM');
  await main(page).getByLabel(/^Value/).fill('0.5');
  await page.waitForFunction(() => /^0\.5 is stored in FP16 as 0\.5\b/.test(document.querySelector('#a11y-main .bw-headline')?.textContent || ''), null, { timeout: T });

  await page.evaluate(() => window.bytewise.dispatch({ type: 'open', link: 'memory?preset=llama-2-13b&mode=inference&dtype=bf16' }));
  await page.waitForFunction(() => /Llama-2-13B needs/.test(document.querySelector('#a11y-main .bw-headline')?.textContent || ''), null, { timeout: T });
  const mem = await headline.textContent();
  // Llama-2-13B: 13,015,864,320 parameters (its config.json) × 2 bytes = 26.03 GB of weights.
  assert.match(mem, /Weights 26\.0\d? GB/, mem);
  await main(page).getByRole('table', { name: 'Breakdown' }).getByRole('rowheader', { name: 'Weights' }).waitFor({ timeout: T });
  await main(page).getByLabel('Model').selectOption('llama-2-7b');
  await page.waitForFunction(() => /Llama-2-7B needs/.test(document.querySelector('#a11y-main .bw-headline')?.textContent || ''), null, { timeout: T });
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe-core finds no serious or critical violation in any section', async () => {
  const { context, page, errors } = await open();
  await waitLoaded(page);
  const report = {};
  for (const panel of ['study', 'formats', 'quantize', 'train', 'memory', 'decks']) {
    await page.evaluate((p) => window.bytewise.dispatch({ type: 'open', panel: p }), panel);
    await page.waitForFunction((p) => document.getElementById('a11y-h1')?.textContent.toLowerCase() === p, panel, { timeout: T });
    if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    report[panel] = result;
    const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad, [], `${panel}: ${JSON.stringify(bad)}`);
  }
  writeFileSync(path.join(ARTIFACTS, 'a11y-axe.json'), JSON.stringify(report, null, 2));
  assert.deepEqual(errors, []);
  await context.close();
});

async function tabTo(page, name, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
    if (label && name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test('keyboard only: three cards studied with Tab and Enter, focus always visible, ? lists the shortcuts', async () => {
  const { context, page, errors } = await open();
  await waitLoaded(page);
  await page.locator('#canvas').focus();
  const seen = [];
  for (let i = 0; i < 3; i++) {
    seen.push((await state(page)).study.card);
    if (i === 0) await tabTo(page, /^Show answer$/);
    await page.waitForFunction(() => document.activeElement.textContent === 'Show answer', null, { timeout: T });
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Show answer');
    const ring = await page.evaluate(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]; });
    assert.deepEqual(ring, ['solid', 3], 'a visible focus ring');
    if (i === 0) await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-focus-show-answer.png') });
    await page.keyboard.press('Enter');
    // After the reveal the focus lands on Good (the button "Show answer" is gone).
    await page.waitForFunction(() => /^Good, /.test(document.activeElement.textContent), null, { timeout: T });
    if (i === 0) await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-focus-good.png') });
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => window.bytewise.state().study.log_entries === n, i + 1, { timeout: T });
    // The next card's first control takes the focus: "Show answer", or the answer field of a quiz card.
    await page.waitForFunction(() => ['bw-reveal', 'bw-quiz-answer'].includes(document.activeElement.id), null, { timeout: T });
    if (i < 2 && (await page.evaluate(() => document.activeElement.id)) === 'bw-quiz-answer') await tabTo(page, /^Show answer$/, 5);
  }
  assert.equal(new Set(seen).size, 3, 'three different cards');
  assert.equal((await state(page)).study.reviews, 3);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor({ timeout: T });
  for (const k of ['Tab', 'Alt', 'Space', 'Escape', '?']) assert.ok((await help.textContent()).includes(k), k);
  await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-help.png') });
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });

  // Escape leaves a text field (Formats' value): focus goes back to the page, keys work again.
  await page.evaluate(() => window.bytewise.dispatch({ type: 'open', panel: 'formats' }));
  await main(page).getByLabel(/^Value/).focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'a11y-main');
  // Shift+Tab from the text view returns to the canvas, which shows its own focus.
  await page.locator('#canvas').focus();
  await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-focus-canvas.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the parallel DOM is rebuilt only when its content changes; its cost per change is measured', async () => {
  const { context, page } = await open();
  await waitLoaded(page);
  const before = await stats(page);
  const frames = (await state(page)).frames;
  for (let i = 0; i < 6; i++) {  // input that redraws the canvas but changes nothing it shows
    await page.mouse.move(300 + i * 40, 500);
    await page.waitForFunction((f) => window.bytewise.state().frames > f, frames + i, { timeout: T });
  }
  assert.ok((await state(page)).frames > frames + 4);
  assert.equal((await stats(page)).updates, before.updates, 'frames without a content change do not touch the DOM');
  // Ten content changes: reveal + grade five cards through the DOM.
  for (let i = 0; i < 5; i++) {
    await activate(main(page).getByRole('button', { name: 'Show answer' }));
    await activate(main(page).getByRole('button', { name: /good/i }));
    await page.waitForFunction((n) => window.bytewise.state().study.log_entries === n, i + 1, { timeout: T });
  }
  // The DOM follows the frame that drew the change (a11y.js applies it after the frame): wait for it.
  await page.waitForFunction((n) => window.bytewiseA11y.stats().updates >= n, before.updates + 10, { timeout: T });
  const after = await stats(page);
  const st = (await state(page)).a11y;
  writeFileSync(path.join(ARTIFACTS, 'a11y-cost.json'), JSON.stringify({ js: after, cpp: st, throttle: 4 }, null, 2));
  assert.ok(after.updates >= before.updates + 10);
  await context.close();
});

test('touch: a real input over the ImGui quiz field raises the keyboard, and what is typed reaches the app', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(process.env.BW_URL + '?nosw#study?card=memory-weights');
  await page.waitForFunction(() => window.bytewise && window.bytewise.state().ready, null, { timeout: 60000 });
  await waitLoaded(page);
  const input = page.locator('#bw-quiz-answer');
  await page.waitForFunction(() => { const e = document.getElementById('bw-quiz-answer'); if (!e) return false; const r = e.getBoundingClientRect(); return r.width > 40 && r.height > 10; }, null, { timeout: T });
  const box = await input.boundingBox();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 361 && box.y + box.height <= 641, JSON.stringify(box));
  await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-touch-quiz.png') });
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bw-quiz-answer', 'the tap focused a real input');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: T });
  await main(page).getByText(/^Not quite\./).waitFor({ timeout: T });
  await context.close();
});

// prefers-reduced-motion (issue 12 item 5): a Train step, which otherwise plays its forward and
// backward passes layer by layer (0.45 s a layer), shows its end at once. Counted in the app's own
// frames (state().frames), never in time: a step under reduced motion is taken within 2 frames of the
// click, the animated one spans many more.
test('prefers-reduced-motion: a Train step shows its end at once; without it the step animates', async () => {
  const spans = {};
  for (const reducedMotion of ['reduce', 'no-preference']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion });
    const { page, errors } = await open({ context, hash: 'train?layers=2,8,8,1' });
    const step = main(page).getByRole('button', { name: 'Animate one step' });
    await step.waitFor({ timeout: T });
    await page.waitForFunction(() => !window.bytewise.state().train.animating, null, { timeout: T });
    const before = (await state(page)).train.steps;
    // Watch every browser frame from the click on: the app frames drawn while the step plays.
    const watching = page.evaluate((n) => new Promise((resolve) => {
      const frames = new Set();
      const tick = () => {
        const s = window.bytewise.state();
        if (s.train.animating) frames.add(s.frames);
        if (s.train.steps > n && !s.train.animating) resolve(frames.size); else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }), before);
    await activate(step);
    spans[reducedMotion] = await watching;
    assert.equal((await state(page)).train.steps, before + 1, 'one step taken');
    assert.deepEqual(errors, []);
    await context.close();
  }
  console.log(`# measures ${JSON.stringify({ step_frames: spans })}`);
  assert.ok(spans.reduce <= 2, `reduced motion: the step ends within 2 frames (took ${spans.reduce})`);
  assert.ok(spans['no-preference'] >= 4, `the animated step spans frames (${spans['no-preference']})`);
});

// The learner's settings are a form in the parallel DOM too (WCAG 2.1.4: single-key shortcuts can be
// turned off without the canvas): each control changes and saves the same setting the canvas sliders do.
test('study settings from the accessibility tree: shortcuts off, a daily limit, a refused value', async () => {
  const { context, page, errors } = await open({ hash: 'study' });
  await waitLoaded(page);
  const settings = main(page).getByRole('group', { name: 'Study settings' });
  await settings.waitFor({ timeout: T });
  await settings.getByRole('combobox', { name: /Single-key shortcuts/ }).selectOption('off');
  await page.waitForFunction(() => window.bytewise.state().study.preferences.single_key_shortcuts === false, null, { timeout: T });
  const perDeck = settings.getByRole('textbox', { name: 'New cards per day, per deck' });
  await perDeck.fill('5');
  await page.waitForFunction(() => window.bytewise.state().study.preferences.new_cards_per_day === 5 &&
    window.bytewise.state().study.new === 5, null, { timeout: T });
  await settings.getByRole('textbox', { name: 'Reviews per day, per deck' }).fill('lots');
  // The refusal is said (after the earlier "Setting saved." messages) and names the setting.
  const message = await page.waitForFunction(() => window.bytewiseA11y.stats().announcements.find((m) => /lots/.test(m)),
    null, { timeout: T }).then((h) => h.jsonValue());
  assert.match(message, /^reviews_per_day: /, `the refusal names the setting: ${message}`);
  assert.equal((await state(page)).study.preferences.reviews_per_day, 200, 'a refused value changes nothing');
  // Saved: after a reload the form shows what was set.
  await page.reload();
  await page.waitForFunction(() => window.bytewise.state().study && window.bytewise.state().study.loaded, null, { timeout: T });
  const s = (await state(page)).study.preferences;
  assert.equal(s.single_key_shortcuts, false);
  assert.equal(s.new_cards_per_day, 5);
  assert.deepEqual(errors, []);
  await context.close();
});

// The Decks card browser in the parallel DOM (issue 12: secondary controls too): the deck shown and
// the search field change the canvas's browser; the list holds the cards that match.
test('the Decks card browser: its search field filters the listed cards', async () => {
  const { context, page, errors } = await open({ hash: 'decks' });
  await page.waitForFunction(() => window.bytewise.state().study.loaded, null, { timeout: T });
  const search = main(page).getByRole('textbox', { name: 'Search title, question, answer' });
  await search.waitFor({ timeout: T });
  const list = main(page).getByRole('list').last();
  const all = await list.getByRole('listitem').count();
  assert.equal(all, deckCards().length, 'every card of the bundled deck is listed');
  await search.fill('NF4');
  await page.waitForFunction(() => /q=NF4/.test(window.bytewise.state().link), null, { timeout: T });
  await page.waitForFunction((n) => document.querySelectorAll('#a11y-main ul:last-of-type li').length < n, all, { timeout: T });
  const items = await list.getByRole('listitem').allTextContents();
  // Independent of the app's filter: every card whose title names NF4 in the deck file is listed.
  for (const c of deckCards().filter((c) => /nf4/i.test(c.title)))
    assert.ok(items.some((t) => t.startsWith(c.title)), `"${c.title}" is listed: ${items.join(' | ')}`);
  assert.ok(items.length < all);
  assert.deepEqual(errors, []);
  await context.close();
});
