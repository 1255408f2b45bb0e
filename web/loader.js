// Bytewise loader (used by index.html): downloads bytewise.wasm and compiles it WHILE it downloads
// (WebAssembly.instantiateStreaming), with real progress counted on a tee'd copy of the stream.
//   const wasm = bytewiseLoader.start("bytewise.wasm", (loaded, total) => ...);  // fetch starts now
//   wasm.instantiate(imports).then(({ instance, module }) => ...);               // once imports exist
// Compressed transfers (Content-Encoding: br/gzip) report the compressed Content-Length, while the
// stream yields decompressed bytes: ./build.sh dist writes the real sizes into SIZES below.
"use strict";
window.bytewiseLoader = (function () {
  const SIZES = /*BW_SIZES*/null;

  function expectedSize(url, response) {
    if (SIZES && SIZES[url]) return SIZES[url];
    const encoding = response.headers.get("Content-Encoding");
    if (encoding && encoding !== "identity") return 0;  // unknown: progress shows bytes only
    return Number(response.headers.get("Content-Length")) || 0;
  }

  function start(url, onProgress) {
    const fetched = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response;
    });
    function instantiate(imports) {
      return fetched.then((response) => {
        const total = expectedSize(url, response);
        onProgress(0, total);
        const streaming = typeof WebAssembly.instantiateStreaming === "function" && response.body &&
          typeof response.body.tee === "function";
        if (!streaming) {  // old browsers: download, then compile
          return response.arrayBuffer().then((bytes) => {
            onProgress(bytes.byteLength, bytes.byteLength);
            return WebAssembly.instantiate(bytes, imports);
          });
        }
        const [toCompile, toCount] = response.body.tee();
        const reader = toCount.getReader();
        let loaded = 0;
        (function pump() {
          reader.read().then(({ done, value }) => {
            if (done) return onProgress(loaded, loaded);
            loaded += value.byteLength;
            onProgress(loaded, Math.max(total, loaded));
            pump();
          }, () => {});
        })();
        return WebAssembly.instantiateStreaming(
          new Response(toCompile, { headers: { "Content-Type": "application/wasm" } }), imports);
      });
    }
    return { instantiate };
  }

  return { start, sizes: SIZES };
})();
