// The SCORM 1.2 package (./build.sh scorm) under scorm-again, the LMS-side runtime many LMSs use:
// the manifest, API discovery and LMSInitialize, progress and score reaching the LMS after each
// review, session_time + LMSFinish on pagehide, and a fresh browser profile resuming from
// cmi.suspend_data alone. The LMS page and the package share an origin, as in a real LMS.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, ARTIFACTS } from './lib.mjs';
import { startServer, throttle, tap } from './host_lib.mjs';

const ROOT = process.env.BW_ROOT || path.resolve('.');
const ZIP = process.env.BW_SCORM_ZIP || path.join(ROOT, 'build', 'bytewise-scorm12.zip');
const dir = mkdtempSync(path.join(tmpdir(), 'bw-scorm-'));
execFileSync('python3', ['-m', 'zipfile', '-e', ZIP, dir]);
mkdirSync(path.join(dir, 'lms'));
copyFileSync(path.join(ROOT, 'node_modules', 'scorm-again', 'dist', 'scorm12.js'), path.join(dir, 'lms', 'scorm12.js'));

const LMS_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,"><script src="/lms/scorm12.js"></script></head>
<body style="margin:0"><script>
window.calls = [];
window.startLms = (initial, hash) => {
  window.API = new Scorm12API({ logLevel: 5, autocommit: false });
  if (initial) window.API.loadFromJSON(initial);
  for (const ev of ['LMSInitialize', 'LMSCommit', 'LMSFinish']) window.API.on(ev, () => window.calls.push({ ev }));
  window.API.on('LMSSetValue.cmi.*', (el, v) => window.calls.push({ ev: 'set', el, v }));
  const f = document.createElement('iframe');
  f.id = 'sco'; f.style.cssText = 'width:1000px;height:700px;border:0;display:block';
  f.src = '/index.html?scorm=1&nosw' + (hash ? '#' + hash : '');
  document.body.appendChild(f);
};
window.lastSet = (el) => { const c = window.calls.filter((x) => x.ev === 'set' && x.el === el).pop(); return c ? c.v : undefined; };
window.count = (ev) => window.calls.filter((x) => x.ev === ev).length;
</script></body></html>`;
const lms = await startServer({ '/lms.html': LMS_PAGE }, dir);
const browser = await launch();
test.after(async () => { await browser.close(); await lms.close(); rmSync(dir, { recursive: true, force: true }); });

async function openLms(initial, hash) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => logs.push({ type: 'pageerror', text: e.message }));
  await throttle(page);
  await page.goto(lms.origin + '/lms.html');
  await page.evaluate(([i, h]) => window.startLms(i, h), [initial, hash]);
  const frame = await (await page.waitForSelector('#sco')).contentFrame();
  await frame.waitForFunction(() => window.bytewise && window.bytewise.state().ready && window.bytewise.state().study.loaded, null, { timeout: 90000 });
  return { context, page, frame, logs };
}
const cards = async (frame) => JSON.parse((await frame.evaluate(() => window.BytewiseHost.call('get-progress', '', ''))).data).body.cards;

test('the package: imsmanifest.xml at the root, one SCO, every file listed', () => {
  const names = execFileSync('python3', ['-c', 'import sys,zipfile;print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', ZIP]).toString().trim().split('\n');
  assert.equal(names[0], 'imsmanifest.xml');
  const manifest = readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8');
  assert.match(manifest, /<schema>ADL SCORM<\/schema>\s*<schemaversion>1\.2<\/schemaversion>/);
  assert.match(manifest, /xmlns:adlcp="http:\/\/www\.adlnet\.org\/xsd\/adlcp_rootv1p2"/);
  assert.equal((manifest.match(/adlcp:scormtype="sco"/g) || []).length, 1);
  assert.match(manifest, /href="index\.html\?scorm=1"/);
  const files = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
  for (const f of ['index.html', 'host.js', 'scorm12.js', 'bytewise.js', 'bytewise.wasm', 'bytewise.data']) assert.ok(files.includes(f), f);
  for (const f of files) assert.ok(existsSync(path.join(dir, f)), `${f} is in the zip`);
});

test('progress reaches the LMS, and a fresh profile resumes from suspend_data alone', async () => {
  const a = await openLms(null, 'study?card=memory-kv-cache');
  assert.equal(await a.page.evaluate(() => window.count('LMSInitialize')), 1);
  assert.equal(await a.page.evaluate(() => window.API.cmi.core.lesson_status), 'incomplete');

  // A computed question answered right, then graded Good, with the keyboard.
  const box = await (await a.page.$('#sco')).boundingBox();
  await a.page.mouse.click(box.x + 4, box.y + box.height - 4);
  await a.frame.waitForFunction(() => !!window.bytewise.state().study.quiz_input, null, { timeout: 30000 });
  const r = (await a.frame.evaluate(() => window.bytewise.state())).study.quiz_input;
  await a.page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  await a.page.keyboard.type('2 GiB', { delay: 30 });
  await tap(a.page, a.frame, 'Enter');
  await a.frame.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 20000 });
  await tap(a.page, a.frame, '3');
  await a.page.waitForFunction(() => window.count('LMSCommit') >= 2 && /\|1\.1\|/.test(window.API.cmi.suspend_data), null, { timeout: 30000 });
  // The next card from the queue: reveal, Good.
  await a.frame.waitForFunction(() => window.bytewise.state().study.card && !window.bytewise.state().study.revealed, null, { timeout: 20000 });
  await tap(a.page, a.frame, 'Space');
  await a.frame.waitForFunction(() => window.bytewise.state().study.revealed, null, { timeout: 20000 });
  await tap(a.page, a.frame, '3');
  await a.page.waitForFunction(() => /\|2\.2\|/.test(window.API.cmi.suspend_data), null, { timeout: 30000 });

  const suspend = await a.page.evaluate(() => window.API.cmi.suspend_data);
  assert.match(suspend, /^B1\|/);
  assert.ok(suspend.length <= 4096);
  assert.equal(await a.page.evaluate(() => window.API.cmi.core.lesson_status), 'incomplete', 'cards are still due');
  assert.deepEqual(await a.page.evaluate(() => ({ raw: window.lastSet('cmi.core.score.raw'), min: window.lastSet('cmi.core.score.min'), max: window.lastSet('cmi.core.score.max') })),
    { raw: '100', min: '0', max: '100' });
  const local = await cards(a.frame);
  assert.equal(Object.keys(local).length, 2);

  // pagehide: session time, exit, commit, finish.
  const finishesBefore = await a.page.evaluate(() => window.count('LMSFinish'));
  assert.equal(finishesBefore, 0);
  await a.page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await a.page.waitForFunction(() => window.count('LMSFinish') === 1, null, { timeout: 30000 });
  assert.match(await a.page.evaluate(() => window.lastSet('cmi.core.session_time')), /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.equal(await a.page.evaluate(() => window.lastSet('cmi.core.exit')), 'suspend');
  const saved = await a.page.evaluate(() => window.API.cmi.suspend_data);
  writeFileSync(path.join(ARTIFACTS, 'scorm-suspend-data.txt'), `${saved.length} characters after 2 cards\n${saved}\n`);
  assert.deepEqual(a.logs.filter((l) => l.type === 'error' || l.type === 'pageerror'), []);
  await a.context.close();

  // Another browser profile (empty IndexedDB): the LMS hands back what it kept.
  const b = await openLms({ core: { lesson_status: 'incomplete' }, suspend_data: saved }, '');
  await b.frame.waitForFunction(() => window.bytewiseScorm && window.bytewiseScorm.resumed, null, { timeout: 30000 });
  const resumed = await b.frame.evaluate(() => window.bytewiseScorm.resumed);
  assert.equal(resumed.ok, true, JSON.stringify(resumed));
  assert.equal(resumed.taken, 2);
  assert.equal(resumed.quiz_correct, 1);
  assert.equal(resumed.quiz_answered, 1);
  const back = await cards(b.frame);
  assert.deepEqual(Object.keys(back).sort(), Object.keys(local).sort());
  for (const [id, c] of Object.entries(local)) {
    const g = back[id];
    assert.equal(g.state, c.state, id);
    assert.equal(g.reps, c.reps, id);
    assert.ok(Math.abs(g.due - c.due) < 60000, `${id} due ${g.due} vs ${c.due}`);  // minute precision
  }
  assert.equal(await b.page.evaluate(() => window.API.cmi.core.lesson_status), 'incomplete');
  await b.context.close();
});
