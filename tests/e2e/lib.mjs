// Shared helpers of the browser tests: launch Debian's Chromium through playwright-core, open the
// served app, wait for its first frame, collect errors, and measure pixels of screenshots.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import path from 'node:path';

export const BASE_URL = process.env.BW_URL || 'http://127.0.0.1:8080/';
export const ARTIFACTS = process.env.BW_ARTIFACTS || path.resolve('build/e2e');
mkdirSync(ARTIFACTS, { recursive: true });

// Flags verified on this machine (BUILD_NOTES.md): WebGL2 on SwiftShader, no background networking.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.BW_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist'],
  });
}

// Opens the app in a new context; returns {context, page, errors}. `errors` collects page errors and
// console errors for the whole life of the page. touch: a phone (hasTouch, isMobile). context: open
// the page in this context instead (its storage and init scripts; the viewport options are then its own).
export async function openApp(browser, { hash = '', width = 1280, height = 800, scale = 1, query = '?nosw', touch = false, context: given = null } = {}) {
  const context = given || await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  await throttle(context, page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console.error: ${m.text()}`); });
  await page.goto(BASE_URL + query + (hash ? '#' + hash : ''));
  await waitReady(page);
  return { context, page, errors };
}

// Slows the page's CPU `rate` times (CDP Emulation.setCPUThrottlingRate; 1 = full speed). openApp applies
// BW_CPU_THROTTLE (e.g. 4), as a loaded CI machine does: every browser test must still pass then (they
// wait for states, never for fixed times).
export async function throttle(context, page, rate = Number(process.env.BW_CPU_THROTTLE || 1)) {
  if (rate !== 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate });
}

export async function waitReady(page, timeout = 60000) {
  await page.waitForFunction(() => window.bytewise && window.bytewise.state().ready === true, null, { timeout });
}

export const state = (page) => page.evaluate(() => window.bytewise.state());

// Waits until fn(state(), arg) returns a truthy value in the page and returns that value.
export async function waitState(page, fn, arg, timeout = 20000) {
  const expr = `(${fn.toString()})(window.bytewise.state(), ${JSON.stringify(arg === undefined ? null : arg)})`;
  const handle = await page.waitForFunction(expr, undefined, { timeout, polling: 50 });
  return handle.jsonValue();
}
export const dispatch = (page, msg) => page.evaluate((m) => window.bytewise.dispatch(m), msg);

// Waits until the app has drawn at least `n` more frames (so a change is on screen).
export async function framesAfter(page, n = 3) {
  const start = (await state(page)).frames;
  await page.waitForFunction((s) => window.bytewise.state().frames >= s, start + n, { timeout: 20000 }).catch(() => {});
}

// Minimal PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium's screenshots are).
export function decodePng(buf) {
  let pos = 8, width = 0, height = 0, colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); colorType = data[9]; }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + x] = v & 255;
    }
  }
  return { width, height, bpp, data: out };
}

// Variance of the luminance of a screenshot region (a blank canvas has ~0).
export function luminanceVariance(png, { x = 0, y = 0, w = png.width, h = png.height } = {}) {
  let sum = 0, sum2 = 0, n = 0;
  for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) {
    const o = (j * png.width + i) * png.bpp;
    const l = 0.299 * png.data[o] + 0.587 * png.data[o + 1] + 0.114 * png.data[o + 2];
    sum += l; sum2 += l * l; n++;
  }
  const mean = sum / n;
  return sum2 / n - mean * mean;
}

export function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
