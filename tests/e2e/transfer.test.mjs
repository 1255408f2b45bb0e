// The served build's transfer: every file of dist has .br and .gz copies, and the server sends the
// copy the client accepts (brotli first) with the original's Content-Type, Content-Encoding and
// Vary: Accept-Encoding; the decompressed bytes are the file's. A browser visit streams the wasm in
// compressed and still starts. (Sizes are the bench's business: ./build.sh bench, transfer_bytes.)
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { BASE_URL, launch, openApp } from './lib.mjs';

function get(path, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
    http.get(new URL(path, BASE_URL), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const FILES = [['', 'text/html'], ['loader.js', 'text/javascript'], ['bytewise.js', 'text/javascript'],
  ['bytewise.wasm', 'application/wasm'], ['bytewise.data', 'application/octet-stream']];

test('each file is sent brotli- or gzip-compressed as accepted, identical once decompressed', async () => {
  for (const [file, type] of FILES) {
    const plain = await get(file);
    assert.equal(plain.status, 200, file);
    assert.equal(plain.headers['content-encoding'], undefined, `${file} without Accept-Encoding`);
    assert.equal(plain.headers['vary'], 'Accept-Encoding', file);
    assert.match(plain.headers['content-type'], new RegExp(`^${type}`), file);

    const br = await get(file, 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br', file);
    assert.equal(br.headers['vary'], 'Accept-Encoding', file);
    assert.match(br.headers['content-type'], new RegExp(`^${type}`), file);
    assert.ok(br.body.length < plain.body.length, `${file}: brotli ${br.body.length} < ${plain.body.length}`);
    assert.ok(brotliDecompressSync(br.body).equals(plain.body), `${file}: brotli round trip`);

    const gz = await get(file, 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip', file);
    assert.ok(gunzipSync(gz.body).equals(plain.body), `${file}: gzip round trip`);

    const none = await get(file, 'identity');
    assert.equal(none.headers['content-encoding'], undefined, `${file}: identity`);
    assert.ok(none.body.equals(plain.body));
  }
});

test('a conditional request for an unchanged file is answered 304 (the service worker revalidates)', async () => {
  const first = await get('bytewise.wasm', 'br');
  const again = await new Promise((resolve, reject) => {
    http.get(new URL('bytewise.wasm', BASE_URL), { headers: { 'Accept-Encoding': 'br', 'If-Modified-Since': first.headers['last-modified'] } },
      (res) => { res.resume(); res.on('end', () => resolve(res)); }).on('error', reject);
  });
  assert.equal(again.statusCode, 304);
});

test('in Chromium the compressed wasm streams in, compiles and the app draws; the progress bar reached 100%', async () => {
  const browser = await launch();
  try {
    const { page, errors, context } = await openApp(browser);
    const encodings = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((r) => /bytewise\.(wasm|data|js)$/.test(r.name)).map((r) => [r.name.replace(/^.*\//, ''), r.encodedBodySize, r.decodedBodySize]));
    for (const [name, encoded, decoded] of encodings) assert.ok(encoded < decoded, `${name} arrived compressed (${encoded} of ${decoded})`);
    assert.equal(await page.getAttribute('#bar', 'aria-valuenow'), '100');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
  }
});
