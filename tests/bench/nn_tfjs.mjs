// Peer benchmark for bench_nn: TensorFlow.js (@tensorflow/tfjs-core 4.22.0 with the CPU and WASM
// backends) trains the same networks (tanh hidden layers, linear output, MSE, plain SGD lr 0.03, fp32),
// batches and step counts as tests/bench/nn.cpp, in node. Prints one JSON line per backend and net,
// then, if our bench programs are found, runs them and prints the ratios (ours / TF.js steps per second).
//   node tests/bench/nn_tfjs.mjs [scale]
//   env: BW_BUILD (native build folder with bench_nn, default build/native),
//        BW_WEB_BUILD (wasm build folder with bench_nn.js, optional; as build.sh bench passes them)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// TF.js prints an install hint for tfjs-node on stdout at load: keep stdout JSON only.
const log = console.log;
console.log = () => {};
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-cpu');
const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
console.log = log;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scale = Number(process.argv[2] ?? 1);
// TF.js is much slower per step, so it runs fewer steps (steps/s is what is compared).
const cases = [
  { net: '2-4-2-1', layers: [2, 4, 2, 1], batch: 10, steps: 2000 },
  { net: '2-8-8-1', layers: [2, 8, 8, 1], batch: 10, steps: 2000 },
  { net: '2-64-64-1', layers: [2, 64, 64, 1], batch: 64, steps: 500 },
];

// Circle data as in the Playground (radius 5: inside 2.5 → +1, ring 3.5..5 → −1); a simple LCG, seed 1.
let state = 1;
const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
function circle(n) {
  const xs = [], ys = [];
  for (let i = 0; i < n; i++) {
    const inside = i % 2 === 0;
    const r = inside ? rand() * 2.5 : 3.5 + rand() * 1.5;
    const a = rand() * 2 * Math.PI;
    xs.push(r * Math.sin(a), r * Math.cos(a));
    ys.push(inside ? 1 : -1);
  }
  return { xs, ys };
}

function train(layers, batch, steps) {
  const data = circle(250);
  const x = tf.tensor2d(data.xs, [250, 2]);
  const y = tf.tensor2d(data.ys, [250, 1]);
  const vars = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const bound = Math.sqrt(6 / (layers[l] + layers[l + 1]));
    vars.push({
      w: tf.variable(tf.randomUniform([layers[l], layers[l + 1]], -bound, bound, 'float32', 1 + l)),
      b: tf.variable(tf.zeros([layers[l + 1]])),
    });
  }
  const lr = 0.03;
  const batches = [];
  for (let s = 0; s * batch + batch <= 250; s++) batches.push([tf.slice(x, [s * batch, 0], [batch, 2]), tf.slice(y, [s * batch, 0], [batch, 1])]);
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const [bx, by] = batches[s % batches.length];
    const loss = tf.tidy(() => {
      // Forward: h_l = tanh(h_{l-1}·W_l + b_l), linear output; MSE.
      const hs = [bx];
      let out = bx;
      vars.forEach((v, l) => {
        const z = tf.add(tf.matMul(hs[l], v.w), v.b);
        out = l + 1 < vars.length ? tf.tanh(z) : z;
        hs.push(out);
      });
      const diff = tf.sub(out, by);
      const cost = tf.mean(tf.square(diff));
      // Backward (tfjs-core's node bundle registers no gradients, so written out): dz = 2(out − y)/B.
      let dz = tf.mul(diff, 2 / batch);
      for (let l = vars.length - 1; l >= 0; l--) {
        const dw = tf.matMul(hs[l], dz, true, false);
        const db = tf.sum(dz, 0);
        if (l > 0) {
          const dh = tf.matMul(dz, vars[l].w, false, true);
          dz = tf.mul(dh, tf.sub(1, tf.square(hs[l])));  // tanh' = 1 − h²
        }
        vars[l].w.assign(tf.sub(vars[l].w, tf.mul(dw, lr)));
        vars[l].b.assign(tf.sub(vars[l].b, tf.mul(db, lr)));
      }
      return cost;
    });
    loss.dataSync();  // wait for the step, as our Step() does
    loss.dispose();
  }
  const seconds = (performance.now() - t0) / 1000;
  vars.forEach((v) => { v.w.dispose(); v.b.dispose(); });
  return seconds;
}

const results = {};
for (const backend of ['cpu', 'wasm']) {
  if (backend === 'wasm') setWasmPaths(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  console.log = () => {};
  await tf.setBackend(backend);
  await tf.ready();
  console.log = log;
  for (const c of cases) {
    const steps = Math.max(1, Math.round(c.steps * scale));
    train(c.layers, c.batch, Math.min(steps, 50));  // warm-up (kernel compilation, allocations)
    const seconds = train(c.layers, c.batch, steps);
    const r = { bench: 'nn_tfjs', backend, net: c.net, batch: c.batch, steps, seconds: +seconds.toFixed(6), steps_per_s: +(steps / seconds).toFixed(1) };
    results[`${backend} ${c.net}`] = r.steps_per_s;
    console.log(JSON.stringify(r));
  }
}

// Ours, native and (if built) wasm, same process order; then the ratios.
function ours(kind, command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((o) => o.precision === 'fp32').map((o) => ({ ...o, kind }));
}
const runs = [];
const native = join(process.env.BW_BUILD ?? join(root, 'build/native'), 'bench_nn');
if (existsSync(native)) runs.push(...ours('native', native, [String(scale)]));
const web = process.env.BW_WEB_BUILD;
if (web && existsSync(join(web, 'bench_nn.js'))) {
  // Emscripten output is CommonJS; the build folder needs a package.json saying so (build.sh writes it).
  runs.push(...ours('wasm', process.execPath, ['--no-experimental-fetch', join(web, 'bench_nn.js'), String(scale)]));
}
for (const o of runs) {
  for (const backend of ['cpu', 'wasm']) {
    const peer = results[`${backend} ${o.net}`];
    if (!peer) continue;
    console.log(JSON.stringify({ bench: 'nn_ratio', ours: o.kind, tfjs_backend: backend, net: o.net, batch: o.batch,
      ours_steps_per_s: o.steps_per_s, tfjs_steps_per_s: peer, ratio: +(o.steps_per_s / peer).toFixed(1) }));
  }
}
