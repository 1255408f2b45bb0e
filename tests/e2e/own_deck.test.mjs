// A learner's own deck, as issue 17 tried it: the built-in deck has used its 20 new cards today, a
// 15-card chapter deck without live: lines is dropped on the page, and its first card can be studied at
// once (per-deck daily limits), with a suggested live panel marked "suggested" that can be hidden.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { launch, openApp, state, waitState, dispatch, ARTIFACTS } from './lib.mjs';

const browser = await launch();
test.after(() => browser.close());

const T = 60000;
const DECK = readFileSync(new URL('../data/cards/suggest/memory-chapter.md', import.meta.url), 'utf8');
const KEY = 'imported/memory-chapter.md';
const study = async (page) => (await state(page)).study;

// Drops a file on the page as a browser does: a DataTransfer with one File, dragover then drop.
async function dropFile(page, name, text) {
  await page.evaluate(({ name, text }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/markdown' }));
    for (const type of ['dragenter', 'dragover', 'drop'])
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { name, text });
}

// Reveal and grade the card on screen through the parallel DOM's actions (what its buttons send).
async function gradeOne(page, grade) {
  const s = await study(page);
  const before = s.log_entries;
  assert.equal((await dispatch(page, { type: 'reveal' })).ok, true);
  await waitState(page, (st) => st.study.revealed, null, T);
  assert.equal((await dispatch(page, { type: 'grade', grade })).ok, true);
  await waitState(page, (st, n) => st.study.log_entries > n, before, T);
}

test('a dropped deck is studied at once after the built-in deck used its new cards, with a suggested live panel', async () => {
  const { context, page, errors } = await openApp(browser, { hash: 'study' });
  await waitState(page, (s) => s.study.loaded, null, T);
  // Use up the built-in deck's new cards for today (20 by default, per deck).
  let s = await study(page);
  const builtinNew = s.new;
  assert.equal(builtinNew, 20, 'the built-in deck offers its 20 new cards');
  for (let i = 0; i < builtinNew; i++) await gradeOne(page, 4);  // Easy: none comes back today
  s = await waitState(page, (st) => st.study.new === 0 && st.study.card === '' && st.study, null, T);
  assert.equal(s.learning, 0);

  await dropFile(page, 'memory-chapter.md', DECK);
  // The app opens Study on the deck that arrived (no problems in it), with its own 15 new cards.
  s = await waitState(page, (st, key) => st.panel === 'study' && st.study.deck === key && st.study.card !== '' &&
    st.study, KEY, T);
  assert.equal(s.deck_due.new, 15, 'the imported deck has its own daily allowance');
  assert.equal(s.new, 15, 'all decks: the built-in 0 plus the imported 15');
  assert.ok(s.live_suggested, 'its first card gets a suggested live panel');
  assert.match(s.live, /^formats\?value=3\.14159&format=bf16/, 'from the card: 3.14159 stored in BF16');

  // The Study section shows it (the canvas and the parallel DOM), marked as suggested.
  await waitState(page, (st) => st.study.hide_suggestion, null, T);
  const region = page.locator('#a11y-main').getByRole('region', { name: /^Suggested live panel: Formats/ });
  await region.waitFor({ timeout: T });
  assert.match(await region.textContent(), /Suggested by Bytewise/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'own-deck-suggested-1280x800.png') });

  // Study it: one grade, the imported deck's count drops by one.
  await gradeOne(page, 3);
  s = await study(page);
  assert.equal(s.deck_due.new, 14);

  // The next card (FP16 overflows early) has a suggestion too; the learner hides it.
  s = await waitState(page, (st) => st.study.card !== '' && st.study.live_suggested && st.study, null, T);
  assert.equal((await dispatch(page, { type: 'hide-suggestion' })).ok, true);
  s = await waitState(page, (st) => !st.study.live_suggested && st.study, null, T);
  assert.equal(s.live, '', 'hidden: no panel beside this card');
  assert.deepEqual(errors, []);
  await context.close();
});

// The number check beside a card (issue 17 item 3): a dropped deck whose answer holds the slip.
test('a card with a wrong number shows the number check after its answer, on the canvas and in the tree', async () => {
  const deck = '#### Weights of a 7B model\n\n:p How much memory do the FP32 weights of a 7B model take?\n??x\n' +
    '7,000,000,000 × 4 × 2 bytes / 8 = 56 GB.\nx??\n';
  const { context, page, errors } = await openApp(browser, { hash: 'study' });
  await waitState(page, (s) => s.study.loaded, null, T);
  await dropFile(page, 'slip.md', deck);
  await waitState(page, (st) => st.study.deck === 'imported/slip.md' && st.study.card !== '', null, T);
  assert.deepEqual((await study(page)).findings.length, 1, 'the finding belongs to the card');
  assert.equal((await dispatch(page, { type: 'reveal' })).ok, true);
  const s = await waitState(page, (st) => st.study.revealed && st.study, null, T);
  assert.match(s.findings[0], /^this card says 56 GB; 7,000,000,000 × 4 × 2 bytes \/ 8 is 7 GB/);
  await page.locator('#a11y-main').getByRole('heading', { name: 'Number check' }).waitFor({ timeout: T });
  await page.screenshot({ path: path.join(ARTIFACTS, 'own-deck-number-check-1280x800.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
