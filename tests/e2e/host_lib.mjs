// Course-page side of the embed and SCORM browser tests: a second HTTP server on another port (so
// the host page is another origin than the app), a host page that records every message, and
// helpers to insert the iframe, post requests and wait for replies/events. CPU throttled 4x.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BASE_URL } from './lib.mjs';

export const APP_ORIGIN = new URL(BASE_URL).origin;

// Serves `pages` ({"/host.html": html}) and, when given, files under `dir`.
export async function startServer(pages, dir = null) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.md': 'text/markdown', '.json': 'application/json', '.xml': 'application/xml' };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = decodeURIComponent(url.pathname);
    if (pages[p] !== undefined) { res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-cache' }); res.end(pages[p]); return; }
    if (dir && !p.includes('..')) {
      try {
        const file = path.join(dir, p === '/' ? 'index.html' : p);
        const body = await readFile(file);
        res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
        res.end(body);
        return;
      } catch (e) { /* 404 below */ }
    }
    res.writeHead(404); res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }) };
}

// The course page: records messages (with the time since the iframe was inserted), applies
// `resize` to the iframe's height like a real page would, and can post big messages built in-page.
export const HOST_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,">
<style>body{margin:0} iframe{border:0;display:block}</style></head><body><script>
window.events = []; window.replies = {}; window.t0 = 0;
window.addEventListener('message', (e) => {
  const f = document.getElementById('w');
  if (!f || e.source !== f.contentWindow) return;
  window.events.push({ t: performance.now() - window.t0, origin: e.origin, data: e.data });
  const d = e.data;
  if (d && d.type === 'reply') window.replies[d.id] = d;
  if (d && d.type === 'resize' && window.applyResize) f.style.height = d.height + 'px';
});
window.insert = (src, w, h, applyResize) => {
  window.applyResize = applyResize;
  const f = document.createElement('iframe');
  f.id = 'w'; f.style.width = w + 'px'; f.style.height = h + 'px'; f.src = src;
  window.t0 = performance.now();
  document.body.appendChild(f);
};
window.send = (msg, target) => document.getElementById('w').contentWindow.postMessage(msg, target || '*');
window.big = (n) => 'x'.repeat(n);
</script></body></html>`;

export async function throttle(page, rate = 4) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

// Opens the host page and inserts the app's iframe. Returns {page, frame, logs}; logs holds the
// console messages of the page and the iframe.
export async function openHost(context, host, { query = '', hash = '', width = 640, height = 360, applyResize = false, app = APP_ORIGIN + '/' } = {}) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => logs.push({ type: 'pageerror', text: e.message }));
  await throttle(page);
  await page.goto(host.origin + '/host.html');
  const src = `${app}?nosw${query}${hash ? '#' + hash : ''}`;
  await page.evaluate(([s, w, h, a]) => window.insert(s, w, h, a), [src, width, height, applyResize]);
  const frame = await (await page.waitForSelector('#w')).contentFrame();
  return { page, frame, logs };
}

export async function waitAppReady(frame, timeout = 90000) {
  await frame.waitForFunction(() => window.bytewise && window.bytewise.state().ready === true, null, { timeout });
}
export async function waitLoaded(frame) {
  await frame.waitForFunction(() => { const s = window.bytewise.state(); return s.study && s.study.loaded; }, null, { timeout: 60000 });
}

export const events = (page, type) => page.evaluate((t) => window.events.filter((e) => !t || (e.data && e.data.type === t)), type);
export async function waitEvent(page, type, count = 1, timeout = 60000) {
  await page.waitForFunction(([t, n]) => window.events.filter((e) => e.data && e.data.type === t).length >= n, [type, count], { timeout });
  return (await events(page, type))[count - 1];
}

let seq = 0;
// Posts msg with a fresh id and waits for its reply; returns the reply message.
export async function request(page, msg, { target = '*', timeout = 60000 } = {}) {
  const id = 'req-' + (++seq);
  await page.evaluate(([m, t]) => window.send(m, t), [{ ...msg, id }, target]);
  const h = await page.waitForFunction((i) => window.replies[i], id, { timeout });
  return h.jsonValue();
}

// Dear ImGui 1.86 has no key queue: a key pressed and released within one frame is missed. Hold it
// until the app has drawn two frames (whatever the CPU throttling makes a frame cost).
export async function tap(page, frame, key) {
  const f0 = await frame.evaluate(() => window.bytewise.state().frames);
  await page.keyboard.down(key);
  await frame.waitForFunction((n) => window.bytewise.state().frames >= n, f0 + 2, { timeout: 20000 }).catch(() => {});
  await page.keyboard.up(key);
}

export function assertEnvelope(assert, msg) {
  assert.equal(msg.source, 'bytewise', `source on ${JSON.stringify(msg).slice(0, 120)}`);
  assert.equal(msg.version, 1, `version on ${JSON.stringify(msg).slice(0, 120)}`);
  assert.equal(typeof msg.type, 'string');
}
