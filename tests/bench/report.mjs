// ./build.sh bench: every benchmark with its peer in one session, medians over BW_REPS runs of each
// side (alternating, so load on the machine hits both), ONE table on stdout and build/bench/results.json.
// Ratios are peer time / our time (> 1: we are faster), except train_wasm_vs_native (wasm / native).
//
//   env: BW_NATIVE     native Release build folder with bench_nn, bench_fsrs
//        BW_WEB_BUILD  wasm build folder with bench_*.js (em++ -O2 -msimd128)
//        BW_URL        the served dist (./build.sh serve's server), for the browser part
//        BW_OUT        output folder (build/bench)
//        BW_LIGHTHOUSE lighthouse's CLI (tests/bench/lighthouse/node_modules/lighthouse/cli/index.js), optional
//        BW_REPS       runs of each side (default 3);  BW_ONLY=browser,nn,... to run a subset
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NATIVE = process.env.BW_NATIVE ?? join(root, 'build/release');
const WEB = process.env.BW_WEB_BUILD ?? join(root, 'build/web-bench');
const OUT = process.env.BW_OUT ?? join(root, 'build/bench');
const URL_ = process.env.BW_URL;
const REPS = Number(process.env.BW_REPS ?? 3);
const ONLY = process.env.BW_ONLY ? new Set(process.env.BW_ONLY.split(',')) : null;
const want = (part) => !ONLY || ONLY.has(part);
const note = (s) => process.stderr.write(`[bench] ${s}\n`);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x, d = 3) => (x == null || !Number.isFinite(x) ? x : +x.toPrecision(d + 1));

// Runs a program that prints one JSON object per line; returns them (stderr passes through on failure).
function jsonLines(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
const wasm = (name, args = []) => jsonLines(process.execPath, ['--no-experimental-fetch', join(WEB, `${name}.js`), ...args]);
const native = (name, args = []) => jsonLines(join(NATIVE, name), args);

const results = {};
// ratio entry: peer time / our time, both medians (in ms for the unit of work named in `per`).
function ratio(key, oursMs, peerMs, extra = {}) {
  results[key] = { ratio: round(peerMs / oursMs), ours_ms: round(oursMs, 4), peer_ms: round(peerMs, 4), ...extra };
}

// ---------------------------------------------------------------------------------------------
// Training: bench_nn (wasm, native) against TF.js (tests/bench/nn_tfjs.mjs, CPU and WASM backends).
if (want('nn')) {
  const perStep = (o) => (o.seconds * 1000) / o.steps;
  const ours = { wasm: {}, native: {} }, peer = { cpu: {}, wasm: {} };
  const push = (m, k, v) => (m[k] ??= []).push(v);
  for (let rep = 0; rep < REPS; rep++) {
    note(`nn: run ${rep + 1}/${REPS} (ours wasm, ours native, TF.js)`);
    for (const o of wasm('bench_nn', ['0.5'])) if (o.precision === 'fp32') push(ours.wasm, o.net, perStep(o));
    for (const o of native('bench_nn', ['0.5'])) if (o.precision === 'fp32') push(ours.native, o.net, perStep(o));
    // BW_BUILD points nowhere so the peer script times TF.js only.
    for (const o of jsonLines(process.execPath, [join(root, 'tests/bench/nn_tfjs.mjs'), '1'], { BW_BUILD: '/nonexistent', BW_WEB_BUILD: '' }))
      if (o.bench === 'nn_tfjs') push(peer[o.backend], o.net, perStep(o));
  }
  const m = (obj, net) => median(obj[net]);
  ratio('train_vs_tfjs_cpu_2_8_8_1', m(ours.wasm, '2-8-8-1'), m(peer.cpu, '2-8-8-1'), { per: 'training step, ours in wasm', target: 10 });
  ratio('train_vs_tfjs_wasm_2_8_8_1', m(ours.wasm, '2-8-8-1'), m(peer.wasm, '2-8-8-1'), { per: 'training step, ours in wasm' });
  ratio('train_vs_tfjs_wasm_2_64_64_1', m(ours.wasm, '2-64-64-1'), m(peer.wasm, '2-64-64-1'), { per: 'training step, ours in wasm (SIMD)', target: 5 });
  const w = m(ours.wasm, '2-8-8-1'), n = m(ours.native, '2-8-8-1');
  results.train_wasm_vs_native = { ratio: round(w / n), wasm_ms: round(w, 4), native_ms: round(n, 4), per: 'training step 2-8-8-1 (wasm time / native time)' };
}

// ---------------------------------------------------------------------------------------------
// Conversions and quantization against memcpy of the same bytes, in wasm (what the app runs).
if (want('formats')) {
  const ops = {}, copy = {};
  for (let rep = 0; rep < REPS; rep++) {
    note(`formats + quant: run ${rep + 1}/${REPS}`);
    for (const o of wasm('bench_formats')) if (o.memcpy_seconds) { (ops[o.op] ??= []).push(o.seconds); (copy[o.op] ??= []).push(o.memcpy_seconds); }
    const q = wasm('bench_quant');
    const mc = q.find((o) => o.case === 'memcpy');
    for (const o of q) if (o.case === 'nf4_block64') { (ops.nf4 ??= []).push(o.seconds); (copy.nf4 ??= []).push(mc.seconds); }
  }
  const conv = (key, op, what) => ratio(key, median(ops[op]) * 1000, median(copy[op]) * 1000, { per: `${what}, 16M values; peer = memcpy of the input` });
  conv('convert_bf16_vs_memcpy', 'fp32_to_bf16', 'FP32 → BF16');
  conv('convert_fp16_vs_memcpy', 'fp32_to_fp16', 'FP32 → FP16');
  conv('convert_fp8_e4m3_vs_memcpy', 'fp32_to_fp8_e4m3', 'FP32 → FP8 E4M3');
  conv('quantize_nf4_vs_memcpy', 'nf4', 'NF4 block-64 quantize + dequantize');
  results.convert_fp16_vs_memcpy.ours_ns_per_value = round((median(ops.fp32_to_fp16) * 1e9) / 16777216);
}

// FP32 → FP16 against @petamoriken/float16 (new Float16Array(float32Array): its bulk conversion).
if (want('fp16')) {
  const { Float16Array } = await import('@petamoriken/float16');
  const n = 1 << 22;
  const src = new Float32Array(n);
  for (let i = 0; i < n; i++) src[i] = Math.sin(i) * 1000;
  const ours = [], peer = [];
  for (let rep = 0; rep < REPS; rep++) {
    note(`fp16 vs @petamoriken/float16: run ${rep + 1}/${REPS}`);
    const o = wasm('bench_formats').find((x) => x.op === 'fp32_to_fp16');
    ours.push((o.seconds * 1e9) / o.n);
    const t0 = performance.now();
    const h = new Float16Array(src);
    peer.push(((performance.now() - t0) * 1e6) / n);
    if (h.length !== n) throw new Error('Float16Array length');
  }
  results.fp16_vs_petamoriken = { ratio: round(median(peer) / median(ours)), ours_ns: round(median(ours), 4), peer_ns: round(median(peer), 4), per: 'ns per FP32 → FP16 value (ours: wasm)' };
}

// FSRS-6: 100,000 reviews, ours (wasm) against ts-fsrs replaying the same sequence; checksums must agree.
if (want('fsrs')) {
  const { fsrs, createEmptyCard, Rating } = await import('ts-fsrs');
  const f = fsrs({ enable_fuzz: false });
  function tsfsrs() {
    let s = 12345, sum = 0;
    const t0 = performance.now();
    for (let c = 0; c < 1000; c++) {
      const start = 1700000000000;
      let card = createEmptyCard(new Date(start));
      let now = start;
      for (let r = 0; r < 100; r++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const k = (s >>> 16) % 10;
        const g = k === 0 ? Rating.Again : k === 1 ? Rating.Hard : k === 9 ? Rating.Easy : Rating.Good;
        card = f.next(card, new Date(now), g).card;
        now = card.due.getTime();
      }
      sum += Math.trunc(card.due.getTime() / 1000);
    }
    return { ms: performance.now() - t0, checksum: sum };
  }
  const ours = [], peer = [], nat = [];
  let agree = true;
  for (let rep = 0; rep < REPS; rep++) {
    note(`fsrs vs ts-fsrs: run ${rep + 1}/${REPS}`);
    const o = wasm('bench_fsrs')[0];
    ours.push(o.seconds * 1000);
    nat.push(native('bench_fsrs')[0].seconds * 1000);
    const p = tsfsrs();
    peer.push(p.ms);
    agree &&= p.checksum === o.checksum;
  }
  ratio('fsrs_vs_tsfsrs', median(ours), median(peer), { per: '100,000 reviews (ours: wasm)', native_ms: round(median(nat), 4), same_due_dates: agree });
}

// ---------------------------------------------------------------------------------------------
// The browser: a cold visit of the served build in Chromium (cache off), then each section.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

async function browserPart() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const visits = [];
  let profileTop = null;
  for (let rep = 0; rep < REPS; rep++) {
    note(`browser: cold visit ${rep + 1}/${REPS}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'allow' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__bwLong = [];
      try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bwLong.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch (e) {}
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const bytes = new Map();
    const urls = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
    const profile = rep === 0;  // where the main thread's time goes (first visit only: the profiler slows it)
    if (profile) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
    await page.goto(URL_, { waitUntil: 'commit', timeout: 120000 });
    await page.waitForFunction(() => window.bytewise && window.bytewise.state().ready, null, { timeout: 120000 });
    if (profile) profileTop = summarizeProfile((await cdp.send('Profiler.stop')).profile);
    await page.waitForFunction(() => window.bytewise.state().idle, null, { timeout: 60000, polling: 100 });
    await page.waitForTimeout(1500);  // late requests (service worker registration)
    const t = await page.evaluate(() => {
      const paint = performance.getEntriesByType('paint');
      const fp = paint.find((p) => p.name === 'first-paint') ?? paint.find((p) => p.name === 'first-contentful-paint');
      const ff = performance.getEntriesByName('bytewise-first-frame')[0];
      const fcp = (paint.find((p) => p.name === 'first-contentful-paint') ?? fp)?.startTime ?? 0;
      const blocking = window.__bwLong.filter(([s]) => s >= fcp).reduce((a, [, d]) => a + Math.max(0, d - 50), 0);
      return { fp: fp?.startTime, ff: ff?.startTime, blocking, longest: Math.max(0, ...window.__bwLong.map(([, d]) => d)) };
    });
    const files = {};
    for (const [id, n] of bytes) { const u = (urls.get(id) ?? '?').replace(/^.*\//, '') || 'index.html'; files[u] = (files[u] ?? 0) + n; }
    visits.push({ transfer: [...bytes.values()].reduce((a, b) => a + b, 0), files, ...t });
    if (rep === REPS - 1) {
      try { await sections(page); } catch (e) { note(`sections: ${e.message.split('\n')[0]}`); extra.sections_error = e.message.split('\n')[0]; }
    }
    await context.close();
  }
  await browser.close();
  results.transfer_bytes = median(visits.map((v) => v.transfer));
  results.first_paint_ms = round(median(visits.map((v) => v.fp)), 3);
  results.first_frame_ms = round(median(visits.map((v) => v.ff)), 3);
  extra.files = visits[visits.length - 1].files;
  extra.longtask_blocking_ms = round(median(visits.map((v) => v.blocking)), 3);
  extra.longest_task_ms = round(median(visits.map((v) => v.longest)), 3);
  extra.profile_top = profileTop;
}

// Self time by function (and by category) in the main thread's profile from navigation to the first frame.
function summarizeProfile(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = f.functionName || (f.url ? `(anonymous ${f.url.replace(/^.*\//, '')})` : '(program)');
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, round(v, 2)]);
}

const extra = {};

// Each section through a typical interaction: the pointer sweeps across it and the wheel scrolls it,
// one event per drawn frame; frame_ms is the app's own rolling median. Then idle: frames per second.
async function sections(page) {
  const state = () => page.evaluate(() => window.bytewise.state());
  const panels = (await state()).topbar.map((t) => t.panel);
  results.panel_frame_ms = {};
  for (const panel of panels) {
    await page.evaluate((p) => window.bytewise.dispatch({ type: 'open', panel: p }), panel);
    await page.waitForFunction((p) => window.bytewise.state().panel === p, panel);
    for (let i = 0; i < 40; i++) {
      const before = (await state()).frames;
      await page.mouse.move(80 + ((i * 29) % 1100), 120 + ((i * 53) % 620));
      if (i % 8 === 7) await page.mouse.wheel(0, i % 16 === 7 ? 240 : -240);
      await page.waitForFunction((n) => window.bytewise.state().frames > n, before, { polling: 'raf' });
    }
    results.panel_frame_ms[panel] = round((await state()).frame_ms, 3);
  }
  await page.waitForFunction(() => window.bytewise.state().idle, null, { polling: 100 });
  await page.waitForTimeout(300);
  const f0 = (await state()).frames;
  await page.waitForTimeout(3000);
  results.idle_fps = round(((await state()).frames - f0) / 3, 3);
}

// Lighthouse 12.2.3, desktop preset, no throttling (the numbers a fast local visit gives).
function lighthouse() {
  const cli = process.env.BW_LIGHTHOUSE;
  if (!cli || !existsSync(cli)) { note('lighthouse: not installed, tbt_ms from long tasks'); return null; }
  const runs = [];
  for (let rep = 0; rep < REPS; rep++) {
    note(`lighthouse: run ${rep + 1}/${REPS}`);
    const out = join(OUT, `lighthouse-${rep}.json`);
    const r = spawnSync(process.execPath, [cli, URL_, '--preset=desktop', '--throttling-method=provided', '--only-categories=performance',
      '--output=json', `--output-path=${out}`, '--quiet', '--chrome-path=/usr/bin/chromium',
      `--chrome-flags=--headless=new ${CHROMIUM_ARGS.join(' ')}`], { encoding: 'utf8', timeout: 240000 });
    if (r.status !== 0 || !existsSync(out)) { note(`lighthouse failed: ${(r.stderr || '').slice(-400)}`); continue; }
    const j = JSON.parse(readFileSync(out, 'utf8'));
    runs.push({ score: j.categories.performance.score * 100, tbt: j.audits['total-blocking-time'].numericValue,
      fcp: j.audits['first-contentful-paint'].numericValue, version: j.lighthouseVersion });
  }
  if (!runs.length) return null;
  return { performance: median(runs.map((r) => r.score)), tbt: median(runs.map((r) => r.tbt)), fcp: median(runs.map((r) => r.fcp)), version: runs[0].version };
}

mkdirSync(OUT, { recursive: true });
if (want('browser') && URL_) {
  await browserPart();
  const lh = lighthouse();
  results.tbt_ms = lh ? round(lh.tbt, 3) : extra.longtask_blocking_ms;
  extra.lighthouse = lh;
}

// ---------------------------------------------------------------------------------------------
// One table, and the JSON (the keys in the order, each present even if its part was skipped).
const KEYS = ['transfer_bytes', 'first_paint_ms', 'first_frame_ms', 'tbt_ms', 'panel_frame_ms', 'idle_fps', 'train_vs_tfjs_cpu_2_8_8_1',
  'train_vs_tfjs_wasm_2_8_8_1', 'train_vs_tfjs_wasm_2_64_64_1', 'train_wasm_vs_native', 'convert_bf16_vs_memcpy', 'convert_fp16_vs_memcpy',
  'convert_fp8_e4m3_vs_memcpy', 'quantize_nf4_vs_memcpy', 'fp16_vs_petamoriken', 'fsrs_vs_tsfsrs'];
const ordered = Object.fromEntries(KEYS.map((k) => [k, results[k] ?? null]));
writeFileSync(join(OUT, 'results.json'), JSON.stringify(ordered, null, 2) + '\n');
writeFileSync(join(OUT, 'details.json'), JSON.stringify(extra, null, 2) + '\n');

// Budgets (README "Performance"): [test, text].
const BUDGET = {
  transfer_bytes: [(v) => v <= 600000, '≤ 600 KB'], first_paint_ms: [(v) => v < 200, '< 200 ms'], tbt_ms: [(v) => v <= 200, '≤ 200 ms (Lighthouse)'],
  idle_fps: [(v) => v === 0, '0'], train_vs_tfjs_cpu_2_8_8_1: [(v) => v.ratio >= 10, '≥ 10×'], train_vs_tfjs_wasm_2_64_64_1: [(v) => v.ratio >= 5, '≥ 5×'],
};
const rows = [['measure', 'ours', 'peer', 'value', 'budget', 'met']];
const fmt = (x) => (x == null ? '—' : typeof x === 'number' ? String(round(x)) : String(x));
for (const k of KEYS) {
  const v = ordered[k];
  if (k === 'panel_frame_ms' && v) {
    for (const [p, ms] of Object.entries(v)) rows.push([`panel_frame_ms.${p}`, '', '', `${fmt(ms)} ms`, '≤ 4 ms', ms <= 4 ? 'yes' : 'NO']);
    continue;
  }
  const b = BUDGET[k];
  let ours = '', peer = '', value = fmt(v);
  if (v && typeof v === 'object') {
    const [o, p] = Object.entries(v).filter(([x]) => /_(ms|ns)$/.test(x)).map(([x, y]) => `${fmt(y)} ${x.replace(/^.*_/, '')}`);
    ours = o ?? ''; peer = p ?? ''; value = `${fmt(v.ratio)}×`;
  } else if (k === 'transfer_bytes' && v != null) value = `${(v / 1000).toFixed(1)} KB`;
  else if (k.endsWith('_ms') && v != null) value = `${fmt(v)} ms`;
  if (k === 'tbt_ms' && extra.lighthouse) peer = `Lighthouse ${extra.lighthouse.version}: Performance ${extra.lighthouse.performance}`;
  rows.push([k, ours, peer, value, b ? b[1] : '', b && v != null ? (b[0](v) ? 'yes' : 'NO') : '']);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r) => '| ' + r.map((x, c) => x.padEnd(widths[c])).join(' | ') + ' |';
console.log(line(rows[0]));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const r of rows.slice(1)) console.log(line(r));
note(`wrote ${join(OUT, 'results.json')} (and details.json: per-file bytes, long tasks, profile, Lighthouse)`);
