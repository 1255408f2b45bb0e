// Bytewise host protocol, version 1: how a course page (the iframe's parent) and the app talk.
// README "Embedding" documents it for course authors; this file is the implementation.
//
//   Bytewise posts {source: "bytewise", version: 1, type, ...}:
//     ready {state} · state {link} · graded {card, deck, grade, rating, due} ·
//     quiz-answered {card, generator, correct, typed, answer, score: {raw, min, max, scaled}} ·
//     resize {height, width} (embed mode) · error {message} · reply {id, result}
//   The host sends {type, id?, ...}: open {link} · state · load-deck {text, name} · get-progress ·
//     set-progress {data}. A message with an id gets a reply; refusals are {ok: false, error}.
//   ?origins=https://a.example,https://b.example: only those origins are heard and posted to;
//     load-deck and set-progress are refused without it.
//
// Rules kept here: a message is validated (shape, types, sizes) before anything reaches the wasm
// module; strings go to wasm through malloc'ed heap buffers (never ccall's stack copies); nothing
// from a message is ever inserted into the page as HTML (notices use textContent).
// Other scripts (index.html, scorm12.js) use window.BytewiseHost: options, post, on, call, ...
"use strict";
(function () {
  const VERSION = 1;
  const KiB = 1024, MiB = 1024 * 1024;
  // Sizes in characters (JavaScript string length).
  const LIMITS = { link: 64 * KiB, name: 256, id: 256, deck: 4 * MiB, progress: 4 * MiB, message: 4 * MiB + 64 * KiB };
  const TYPES = ["open", "state", "load-deck", "get-progress", "set-progress"];
  const NEED_ORIGINS = new Set(["load-deck", "set-progress"]);
  const NEED_LIBRARY = new Set(["load-deck", "get-progress", "set-progress"]);
  const MAX_PENDING = 64;

  const warn = (text) => console.warn("bytewise: " + text);
  const params = new URLSearchParams(location.search);

  function parseOrigins(text) {
    if (text === null) return null;  // not given: any parent for open/state/events
    const list = [];
    for (const part of text.split(",")) {
      const raw = part.trim();
      if (!raw) continue;
      let origin = "null";
      try { origin = new URL(raw).origin; } catch (e) { /* reported below */ }
      if (origin === "null" || !/^https?:/.test(origin)) warn(`origins=: "${raw.slice(0, 80)}" is not an http(s) origin; ignored`);
      else list.push(origin);
    }
    if (!list.length) warn("origins= lists no usable origin: no host page is heard");
    return list;
  }

  const systemDark = () => !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  const themeParam = params.get("theme");
  if (themeParam !== null && themeParam !== "light" && themeParam !== "dark") warn(`theme=${themeParam.slice(0, 40)}: expected light or dark`);
  const options = {
    embed: params.get("embed") === "1",
    themeParam: themeParam === "light" || themeParam === "dark" ? themeParam : null,
    origins: parseOrigins(params.get("origins")),
    deck: params.get("deck"),
    scorm: params.get("scorm") === "1",
  };
  if (options.embed) document.documentElement.classList.add("bw-embed");  // CSS: the canvas's focus ring
  // Embedded, the theme follows the system unless the page chose one; standalone it is light unless asked.
  options.dark = options.themeParam ? options.themeParam === "dark" : options.embed && systemDark();
  const parentWin = window.parent !== window ? window.parent : null;

  // ---- page styles of our own notices and the dark loading screen ------------------------------
  const css = `
    html[data-theme=dark] body, html[data-theme=dark] #overlay { background: #16191f; color: #d9dee6; }
    html[data-theme=dark] .card { background: #1f242c; border-color: #343b47; box-shadow: none; }
    html[data-theme=dark] .brand { color: #e6ebf2; } html[data-theme=dark] .sub, html[data-theme=dark] #status { color: #a4adbb; }
    #bw-notice { position: fixed; left: 8px; right: 8px; bottom: 8px; z-index: 3; display: flex; flex-wrap: wrap; gap: 6px 10px;
      align-items: center; padding: 8px 12px; border-radius: 8px; background: #fff8e6; color: #3b2f10; border: 1px solid #e7cf8c;
      font: 13px/1.4 "DejaVu Sans", system-ui, sans-serif; box-shadow: 0 4px 14px rgba(0,0,0,.12); }
    #bw-notice[hidden] { display: none; }
    #bw-notice span { flex: 1 1 220px; }
    #bw-notice button { font: inherit; padding: 3px 10px; border-radius: 5px; border: 1px solid #b58d1f; background: #fff; color: #3b2f10; cursor: pointer; }
    html[data-theme=dark] #bw-notice { background: #2d2716; color: #f2e6c4; border-color: #6b5a2a; }
    html[data-theme=dark] #bw-notice button { background: #1f242c; color: #f2e6c4; border-color: #8a7434; }`;
  document.documentElement.dataset.theme = options.dark ? "dark" : "light";
  const style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);

  // ---- events to the host page -----------------------------------------------------------------
  const listeners = new Map();  // type -> [fn]; "*" for all (scorm12.js, tests)
  function on(type, fn) { (listeners.get(type) || listeners.set(type, []).get(type)).push(fn); }
  function emitLocal(msg) {  // after the current frame returns (listeners may call into the app)
    for (const fn of [...(listeners.get(msg.type) || []), ...(listeners.get("*") || [])])
      queueMicrotask(() => { try { fn(msg); } catch (e) { console.error(e); } });
  }
  function post(fields) {
    const msg = Object.assign({ source: "bytewise", version: VERSION }, fields);
    emitLocal(msg);
    if (!parentWin) return msg;
    for (const target of options.origins || ["*"]) {
      try { parentWin.postMessage(msg, target); } catch (e) { /* a closed or unreachable parent */ }
    }
    return msg;
  }
  function respond(event, id, result) {
    if (id === undefined || !event.source) return;
    const msg = { source: "bytewise", version: VERSION, type: "reply", id, result };
    try { event.source.postMessage(msg, event.origin && event.origin !== "null" ? event.origin : "*"); } catch (e) { /* gone */ }
  }

  // ---- the wasm side: heap buffers only --------------------------------------------------------
  let ready = false;
  function withHeapStrings(strings, fn) {
    const M = window.Module;
    const ptrs = [], lens = [];
    try {
      for (const s of strings) {
        const n = M.lengthBytesUTF8(s);
        const p = M._malloc(n + 1);
        if (!p) throw new Error("out of memory for a " + n + "-byte message");
        ptrs.push(p); lens.push(n);
        M.stringToUTF8(s, p, n + 1);
      }
      return fn(ptrs, lens);
    } finally {
      for (const p of ptrs) M._free(p);
    }
  }
  const readReply = (ptr) => JSON.parse(window.Module.UTF8ToString(ptr));
  function dispatchJson(text) {
    return withHeapStrings([text], ([p]) => readReply(window.Module._bw_dispatch_json(p)));
  }
  function call(type, name, payload) {  // app/host_api.h HostCall
    if (!ready) return { ok: false, error: "the app is not running yet" };
    return withHeapStrings([type, name || "", payload || ""], ([t, n, p], lens) => readReply(window.Module._bw_host_call(t, n, p, lens[2])));
  }
  const appState = () => (window.bytewise ? window.bytewise.state() : { ready: false });
  const libraryLoaded = () => { const s = appState(); return !!(s.study && s.study.loaded); };

  // ---- validation --------------------------------------------------------------------------------
  // Characters a structured-clone value would take as JSON, stopping early past `budget` (and on
  // cycles or absurd depth).
  function sizeWithin(value, budget, depth = 0) {
    if (typeof value === "string") return value.length;
    if (value === null || typeof value !== "object") return 8;
    if (depth > 32) return Infinity;
    let n = 2;
    for (const key of Object.keys(value)) {
      n += key.length + 4 + sizeWithin(value[key], budget - n, depth + 1);
      if (n > budget) return n;
    }
    return n;
  }
  const str = (v, max) => typeof v === "string" && v.length <= max;
  const fmt = (n) => n.toLocaleString("en-US");

  // Returns {error} or {request: a clean copy holding only the fields we use}.
  function validate(m, origin) {
    if (m === null || typeof m !== "object" || Array.isArray(m))
      return { error: `a message must be an object like {type: "open", link: "memory"}, not ${m === null ? "null" : Array.isArray(m) ? "an array" : typeof m}` };
    if (typeof m.type !== "string") return { error: 'a message needs "type", a string (one of ' + TYPES.join(", ") + ")" };
    const type = m.type;
    if (!TYPES.includes(type)) return { error: `unknown type "${type.slice(0, 40)}" (known: ${TYPES.join(", ")})` };
    if (sizeWithin(m, LIMITS.message) > LIMITS.message) return { error: `message larger than the limit of ${fmt(LIMITS.message)} characters` };
    if (NEED_ORIGINS.has(type) && !options.origins) return { error: `"${type}" needs the page to list its origin in the iframe's ?origins= (e.g. ?origins=${origin})` };
    const r = { type };
    if (type === "open") {
      const link = m.link !== undefined ? m.link : m.panel;
      if (typeof link !== "string" || !link) return { error: 'open needs "link", a LiveLink string like "memory?preset=llama-2-7b&mode=train"' };
      if (link.length > LIMITS.link) return { error: `open: link longer than ${fmt(LIMITS.link)} characters` };
      r.link = link;
    } else if (type === "load-deck") {
      if (typeof m.text !== "string") return { error: 'load-deck needs "text", the deck\'s Markdown as a string' };
      if (m.text.length > LIMITS.deck) return { error: `load-deck: text longer than ${fmt(LIMITS.deck)} characters` };
      if (m.name !== undefined && !str(m.name, LIMITS.name)) return { error: `load-deck: "name" must be a string of at most ${LIMITS.name} characters` };
      r.text = m.text;
      r.name = m.name || "course-deck.md";
    } else if (type === "set-progress") {
      let data = m.data;
      if (data !== null && typeof data === "object") data = JSON.stringify(data);
      if (typeof data !== "string") return { error: 'set-progress needs "data": the document get-progress returned (string or object)' };
      if (data.length > LIMITS.progress) return { error: `set-progress: data longer than ${fmt(LIMITS.progress)} characters` };
      r.data = data;
    }
    return { request: r };
  }

  // ---- requests ------------------------------------------------------------------------------------
  let hostKeepsProgress = false;
  let persistent = null;  // navigator.storage: true, false, or null (unknown yet)
  function execute(r) {
    switch (r.type) {
      case "state": return Object.assign({ ok: true, persistent }, appState());
      case "open": return dispatchJson(JSON.stringify({ type: "open", link: r.link }));
      case "load-deck": return call("load-deck", r.name, r.text);
      case "get-progress": {
        const result = call("get-progress", "", "");
        if (result.ok) { hostKeepsProgress = true; hideNotice("persist"); }
        return Object.assign(result, { persistent });
      }
      case "set-progress": {
        const result = call("set-progress", "", r.data);
        if (result.ok) { hostKeepsProgress = true; hideNotice("persist"); }
        return result;
      }
    }
    return { ok: false, error: "unhandled" };
  }

  const pending = [];  // requests waiting for the app (or its saved progress) to be ready
  let pendingTimer = 0;
  function runPending() {
    pendingTimer = 0;
    while (pending.length) {
      const p = pending[0];
      if (!ready || (NEED_LIBRARY.has(p.request.type) && !libraryLoaded())) { pendingTimer = setTimeout(runPending, 50); return; }
      pending.shift();
      finish(p.event, p.id, p.request);
    }
  }
  function finish(event, id, request) {
    let result;
    try { result = execute(request); } catch (e) { result = { ok: false, error: String(e && e.message || e) }; }
    if (result && result.ok === false) warn(`${request.type} refused: ${result.error}`);
    respond(event, id, result);
  }

  function onMessage(event) {
    if (event.source === window) return;  // our own window (e.g. a test posting to itself)
    const m = event.data;
    if (m && typeof m === "object" && m.source === "bytewise") return;  // a nested Bytewise's events
    if (options.origins && !options.origins.includes(event.origin)) {
      warn(`ignored a message from ${event.origin}: it is not in origins=`);
      return;
    }
    if (!parentWin || event.source !== parentWin) {
      warn(`ignored a message from a window that is not this page's parent (${event.origin})`);
      return;
    }
    let id;
    if (m && typeof m === "object" && "id" in m) {
      if ((typeof m.id === "string" && m.id.length <= LIMITS.id) || (typeof m.id === "number" && Number.isFinite(m.id))) id = m.id;
      else { warn('refused a message: "id" must be a string (at most 256 characters) or a finite number'); return; }
    }
    const v = validate(m, event.origin);
    if (v.error) {
      warn("refused a message: " + v.error);
      respond(event, id, { ok: false, error: v.error });
      return;
    }
    if (ready && !pending.length && !(NEED_LIBRARY.has(v.request.type) && !libraryLoaded())) { finish(event, id, v.request); return; }
    if (pending.length >= MAX_PENDING) {
      const error = `busy: ${MAX_PENDING} messages are already waiting for the app to start`;
      warn("refused a message: " + error);
      respond(event, id, { ok: false, error });
      return;
    }
    pending.push({ event, id, request: v.request });
    if (!pendingTimer) pendingTimer = setTimeout(runPending, 50);
  }
  window.addEventListener("message", onMessage);

  // ---- resize (embed mode): preferred size from the app, debounced ------------------------------
  let wanted = null, posted = null, sizeTimer = 0;
  function flushSize() {
    sizeTimer = 0;
    if (!ready || !wanted) return;
    const size = wanted;
    if (posted && posted.width === size.width && posted.height === size.height) return;
    posted = size;
    post({ type: "resize", height: size.height, width: size.width });
  }
  function preferredSize(width, height) {
    if (!options.embed) return;
    wanted = { width, height };
    clearTimeout(sizeTimer);
    // Layout settles over a few frames (tables size their columns on the second): wait for a quiet
    // moment, and for web fonts of the page itself.
    sizeTimer = setTimeout(() => (document.fonts ? document.fonts.ready : Promise.resolve()).then(flushSize), 120);
  }

  // ---- notices (our own text only) -------------------------------------------------------------------
  let noticeEl = null, noticeKind = "";
  function showNotice(kind, text, actions) {
    if (!noticeEl) {
      noticeEl = document.createElement("div");
      noticeEl.id = "bw-notice";
      noticeEl.setAttribute("role", "status");
      document.body.appendChild(noticeEl);
    }
    noticeKind = kind;
    noticeEl.replaceChildren();
    const span = document.createElement("span");
    span.textContent = text;
    noticeEl.appendChild(span);
    for (const [label, fn] of actions) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.addEventListener("click", fn);
      noticeEl.appendChild(b);
    }
    noticeEl.hidden = false;
  }
  function hideNotice(kind) { if (noticeEl && (!kind || noticeKind === kind)) noticeEl.hidden = true; }

  function exportProgress() {
    const r = call("get-progress", "", "");
    if (!r.ok) { showNotice("export", "Export failed: " + r.error, [["Dismiss", () => hideNotice()]]); return; }
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([r.data], { type: "application/json" }));
    a.download = "bytewise-progress-" + new Date().toISOString().slice(0, 10) + ".json";
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  }

  // ---- persistent storage ------------------------------------------------------------------------
  const DISMISSED = "bytewise.persist-notice-dismissed";
  function dismissed() { try { return localStorage.getItem(DISMISSED) === "1"; } catch (e) { return false; } }
  async function askPersistence() {
    try {
      if (!navigator.storage || !navigator.storage.persist) { persistent = false; return; }
      persistent = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    } catch (e) { persistent = false; }
  }
  function maybeWarnNotPersistent() {
    if (persistent !== false || hostKeepsProgress || options.scorm || dismissed()) return;
    const where = parentWin ? "this course page's frame in this browser" : "this browser";
    showNotice("persist", `Your progress is kept in ${where} only, and the browser may clear it (after a week without a visit, or when space runs low). Export it to keep a copy.`,
      [["Export progress", exportProgress], ["Dismiss", () => { try { localStorage.setItem(DISMISSED, "1"); } catch (e) { /* private mode */ } hideNotice("persist"); }]]);
  }
  on("graded", maybeWarnNotPersistent);  // once there is progress to lose

  // ---- ?deck=URL: a deck file from the app's own origin ----------------------------------------------
  async function loadDeckFromQuery() {
    const fail = (text) => { warn(text); post({ type: "error", message: text }); showNotice("deck", text, [["Dismiss", () => hideNotice("deck")]]); };
    let url;
    try { url = new URL(options.deck, location.href); } catch (e) { fail("deck=: not a URL"); return; }
    if (url.origin !== location.origin) { fail(`deck=: only decks from ${location.origin} can be loaded (got ${url.origin})`); return; }
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) { fail(`deck=${url.pathname}: HTTP ${response.status}`); return; }
      const length = Number(response.headers.get("Content-Length")) || 0;
      if (length > LIMITS.deck * 4) { fail(`deck=${url.pathname}: larger than ${fmt(LIMITS.deck)} characters`); return; }
      const text = await response.text();
      if (text.length > LIMITS.deck) { fail(`deck=${url.pathname}: larger than ${fmt(LIMITS.deck)} characters`); return; }
      await whenLoaded();
      const name = decodeURIComponent(url.pathname.split("/").pop() || "course-deck.md");
      const r = call("load-deck", name, text);
      if (!r.ok) { fail(r.error); return; }
      const hash = location.hash.replace(/^#/, "");
      if (!hash || hash === "study") dispatchJson(JSON.stringify({ type: "open", link: "study?deck=" + encodeURIComponent(r.deck) }));
    } catch (e) { fail(`deck=${url.pathname}: ${e.message || e}`); }
  }
  function whenLoaded() {
    return new Promise((resolve) => { const poll = () => (ready && libraryLoaded() ? resolve() : setTimeout(poll, 50)); poll(); });
  }

  // ---- hooks for index.html ----------------------------------------------------------------------------
  function appReady(state) {
    ready = true;
    // Embedded, the canvas is not focused at start (that would steal the course page's focus); a
    // click or touch on it gives it the keyboard (SDL's handlers prevent the browser's own focusing).
    const canvas = document.getElementById("canvas");
    if (canvas) canvas.addEventListener("pointerdown", () => { if (document.activeElement !== canvas) canvas.focus({ preventScroll: true }); });
    post({ type: "ready", state });
    if (wanted && !sizeTimer) flushSize();
    runPending();
    askPersistence();
    if (options.deck) loadDeckFromQuery();
  }
  function appEvent(type, json) {
    let fields;
    try { fields = JSON.parse(json); } catch (e) { return; }
    post(Object.assign(fields, { type }));
  }
  if (window.matchMedia && !options.themeParam && options.embed) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", (e) => {
      options.dark = e.matches;
      document.documentElement.dataset.theme = options.dark ? "dark" : "light";
      if (ready && window.Module._bw_set_theme) window.Module._bw_set_theme(options.dark ? 1 : 0);
    });
  }

  window.BytewiseHost = Object.freeze({
    version: VERSION, limits: Object.freeze(LIMITS), options,
    post, on, call, dispatchJson, whenLoaded, exportProgress, showNotice, hideNotice,
    ready: appReady, appEvent, preferredSize,
    linkChanged: (link) => post({ type: "state", link }),
    error: (message) => post({ type: "error", message: String(message) }),
    get persistent() { return persistent; },
  });
})();
