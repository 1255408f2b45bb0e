// Bytewise's parallel DOM (PhET's "interactive description"): real headings, tables, buttons and
// fields next to the canvas, kept in sync with what the canvas shows.
//
// The app calls window.bytewiseA11y.update(doc, announce, build_ms) only when the description of
// the visible section changed (src/platform/mirror_bridge.cpp; the format is in src/app/mirror.h),
// and .fields(rects) when the ImGui text fields moved. Every control sends a dispatch message that
// the app routes to the same functions as its ImGui buttons and keys. Content goes in with
// textContent only (never innerHTML), so card text cannot inject markup.
//
// Also here: the polite live region (one message per action), the keyboard help screen (?),
// Tab out of the canvas, Escape leaving a text field, real <input>s over the ImGui fields on
// touch devices, and prefers-reduced-motion.
"use strict";
(function () {
  const root = document.getElementById("a11y-root");
  const main = document.getElementById("a11y-main");
  const nav = document.getElementById("a11y-nav");
  const live = document.getElementById("a11y");
  const help = document.getElementById("a11y-help");
  const canvas = document.getElementById("canvas");
  if (!root || !main || !live) return;

  const stats = { updates: 0, js_ms_total: 0, js_ms_last: 0, cpp_ms_total: 0, cpp_ms_last: 0, announcements: [] };
  let lastDoc = null;
  let touch = false;

  const dispatch = (msg) => (window.bytewise ? window.bytewise.dispatch(msg) : { ok: false });
  function el(tag, props, text) {
    const e = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "className") e.className = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- Announcements: polite, one per action (the last one of a burst wins; section changes lose
  // to action messages given at the same moment).
  let pending = null;
  function announce(text, priority = 1) {
    if (!text) return;
    if (pending && pending.priority > priority) return;
    pending = { text, priority };
    setTimeout(flushAnnouncement, 60);
  }
  function flushAnnouncement() {
    if (!pending) return;
    const text = pending.text;
    pending = null;
    // Clearing first makes a screen reader say a repeated message again.
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 20);
    stats.announcements.push(text);
    if (stats.announcements.length > 50) stats.announcements.shift();
  }

  // ---- Building the DOM from the description ---------------------------------------------------
  const controls = new Map();  // id → element (for focus restore and the touch overlay)

  function addControl(node, parent) {
    const id = "bw-" + node.id;
    if (node.t === "button") {
      const b = el("button", { type: "button", id, disabled: !!node.disabled, "aria-keyshortcuts": node.keys || null }, node.text);
      b.addEventListener("click", () => {
        const msg = Object.assign({}, node.act);
        if (msg.from) { const f = controls.get(msg.from); msg.text = f ? f.value : ""; delete msg.from; }
        dispatch(msg);
      });
      parent.appendChild(b);
      controls.set(node.id, b);
      return;
    }
    const wrap = el("div", { className: "bw-field" });
    const label = el("label", { for: id }, node.label);
    wrap.appendChild(label);
    let input;
    if (node.t === "select") {
      input = el("select", { id });
      for (const [value, text] of node.options) {
        const o = el("option", { value }, text);
        if (value === node.value) o.selected = true;
        input.appendChild(o);
      }
      input.addEventListener("change", () => dispatch(Object.assign({}, node.act, { value: input.value })));
    } else {
      input = el("input", { id, type: "text", inputmode: node.inputmode || "text", autocomplete: "off",
        spellcheck: "false", placeholder: node.hint ? "answer in " + node.hint : null,
        "data-field": node.field || node.id, "aria-describedby": null });
      input.value = node.value || "";
      let timer = 0;
      const send = () => {
        clearTimeout(timer);
        if (node.submit === "change") dispatch(Object.assign({}, node.act, { value: input.value }));
        else if (input.value.trim()) dispatch(Object.assign({}, node.act, { text: input.value }));
      };
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); send(); }
        else if (e.key === "Escape") { e.preventDefault(); input.blur(); main.focus({ preventScroll: true }); }
      });
      if (node.submit === "change") input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(send, 350); });
    }
    wrap.appendChild(input);
    parent.appendChild(wrap);
    controls.set(node.id, input);
  }

  function addNode(node, parent) {
    switch (node.t) {
      case "h2": case "h3": case "h4": case "h5": case "h6": parent.appendChild(el(node.t, null, node.text)); break;
      case "p": {
        const p = el("p", { className: node.error ? "bw-error" : node.headline ? "bw-headline" : null }, node.error ? "Error: " + node.text : node.text);
        parent.appendChild(p);
        break;
      }
      case "pre": parent.appendChild(el("pre", null, node.text)); break;
      case "ul": {
        const ul = el("ul");
        for (const item of node.items) ul.appendChild(el("li", null, item));
        parent.appendChild(ul);
        break;
      }
      case "table": {
        const t = el("table");
        t.appendChild(el("caption", null, node.caption));
        const thead = el("thead"), hr = el("tr");
        for (const h of node.head) hr.appendChild(el("th", { scope: "col" }, h));
        thead.appendChild(hr);
        t.appendChild(thead);
        const tbody = el("tbody");
        for (const row of node.rows) {
          const tr = el("tr");
          row.forEach((cell, i) => tr.appendChild(el(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : null, cell)));
          tbody.appendChild(tr);
        }
        t.appendChild(tbody);
        parent.appendChild(t);
        break;
      }
      case "group": case "section": {
        const g = node.t === "section" ? el("section", { "aria-label": node.label }) : el("div", { role: "group", "aria-label": node.label });
        for (const k of node.kids) addNode(k, g);
        parent.appendChild(g);
        break;
      }
      case "button": case "input": case "select": addControl(node, parent); break;
      default: break;
    }
  }

  function buildNav(doc) {
    const ul = el("ul");
    for (const s of doc.sections) {
      const li = el("li");
      const b = el("button", { type: "button", "aria-current": s.current ? "page" : null, "aria-keyshortcuts": s.keys.replace("+", "+") }, s.label);
      b.addEventListener("click", () => dispatch({ type: "open", panel: s.name }));
      b.id = "bw-nav-" + s.name;
      li.appendChild(b);
      ul.appendChild(li);
    }
    nav.replaceChildren(ul);
  }

  function update(text, said, cppMs) {
    const t0 = performance.now();
    const doc = JSON.parse(text);
    const active = document.activeElement;
    const inMirror = root.contains(active) && active !== main;
    const activeId = inMirror && active.id ? active.id : null;
    const typing = active && active.tagName === "INPUT" && inMirror ? { value: active.value, start: active.selectionStart, end: active.selectionEnd } : null;
    const sectionChanged = !lastDoc || lastDoc.panel !== doc.panel;

    controls.clear();
    buildNav(doc);
    const frag = document.createDocumentFragment();
    frag.appendChild(el("h1", { id: "a11y-h1" }, doc.label));
    for (const node of doc.body) addNode(node, frag);
    main.replaceChildren(frag);
    main.setAttribute("aria-labelledby", "a11y-h1");

    // Focus stays on the same control; if it is gone (Show answer after a reveal), the app's hint.
    if (inMirror) {
      let target = activeId && document.getElementById(activeId);
      if (!target && !sectionChanged && doc.focus) target = document.getElementById("bw-" + doc.focus);
      if (!target && sectionChanged) target = document.getElementById("bw-nav-" + doc.panel);
      if (target) {
        target.focus({ preventScroll: false });
        if (typing && target.tagName === "INPUT") {
          target.value = typing.value;
          try { target.setSelectionRange(typing.start, typing.end); } catch (e) { /* selects */ }
        }
      } else {
        main.focus({ preventScroll: true });
      }
    }
    lastDoc = doc;
    if (said) announce(said, 2);
    placeFields();
    const ms = performance.now() - t0;
    stats.updates++;
    stats.js_ms_total += ms;
    stats.js_ms_last = ms;
    stats.cpp_ms_total += cppMs || 0;
    stats.cpp_ms_last = cppMs || 0;
  }

  // ---- Touch: a real <input> over each ImGui text field, so the on-screen keyboard appears -----
  let rects = {};
  function fields(text) { rects = JSON.parse(text); placeFields(); }
  function placeFields() {
    for (const input of main.querySelectorAll("input[data-field]")) {
      const r = touch && rects[input.dataset.field];
      const wrap = input.parentElement;
      if (r && canvas) {
        const box = canvas.getBoundingClientRect();
        wrap.classList.add("bw-over");
        Object.assign(input.style, { left: box.left + r[0] + "px", top: box.top + r[1] + "px", width: r[2] + "px", height: r[3] + "px" });
      } else if (wrap.classList.contains("bw-over")) {
        wrap.classList.remove("bw-over");
        input.removeAttribute("style");
      }
    }
  }
  function enableTouch() {
    if (touch) return;
    touch = true;
    document.body.classList.add("bw-touch");
    placeFields();
  }
  if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) enableTouch();
  window.addEventListener("touchstart", enableTouch, { passive: true, capture: true });

  // ---- Keyboard ----------------------------------------------------------------------------------
  const inTextField = (t) => t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  const appTyping = () => { try { return !!(window.bytewise && window.bytewise.state().typing); } catch (e) { return false; } };

  function openHelp() {
    if (!help || help.open) return;
    help._returnFocus = document.activeElement;
    help.showModal();
  }
  if (help) {
    help.addEventListener("close", () => { const r = help._returnFocus; if (r && r.focus) r.focus(); });
    const close = help.querySelector("button");
    if (close) close.addEventListener("click", () => help.close());
  }

  window.addEventListener("keydown", (e) => {
    const t = e.target;
    if (help && help.open) return;  // the dialog handles its own keys (Escape closes it)
    if (t === canvas) {
      // Tab leaves the canvas (SDL would keep it) unless an ImGui text field is being edited.
      if (e.key === "Tab" && !appTyping()) { e.stopPropagation(); return; }
      if (e.key === "?" && !appTyping()) { e.stopPropagation(); e.preventDefault(); openHelp(); }
      return;
    }
    if (inTextField(t)) return;
    if (e.key === "?") { e.preventDefault(); openHelp(); return; }
    if (!root.contains(t)) return;
    // The app's single-key shortcuts also work while focus is in the parallel DOM.
    if (e.altKey && /^[1-6]$/.test(e.key) && lastDoc) {
      const s = lastDoc.sections[Number(e.key) - 1];
      if (s) { e.preventDefault(); dispatch({ type: "open", panel: s.name }); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) {
      if (e.ctrlKey && e.key.toLowerCase() === "z") { const u = document.getElementById("bw-undo"); if (u && !u.disabled) { e.preventDefault(); u.click(); } }
      return;
    }
    const byKey = { "1": "bw-grade-1", "2": "bw-grade-2", "3": "bw-grade-3", "4": "bw-grade-4", "u": "bw-undo" };
    const b = document.getElementById(byKey[e.key.toLowerCase()] || "");
    if (b && !b.disabled && (b.getAttribute("aria-keyshortcuts") || "").split(" ").includes(e.key.toUpperCase() === "U" ? "U" : e.key)) {
      e.preventDefault();
      b.click();
    }
  }, true);

  // ---- Reduced motion ----------------------------------------------------------------------------
  const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  function sendMotion() { if (motion) dispatch({ type: "prefs", reduced_motion: motion.matches }); }
  if (motion && motion.addEventListener) motion.addEventListener("change", sendMotion);

  window.bytewiseA11y = {
    update, fields, announce,
    ready() { sendMotion(); },
    stats() {
      const n = Math.max(1, stats.updates);
      return { updates: stats.updates, js_ms_mean: stats.js_ms_total / n, js_ms_last: stats.js_ms_last,
        cpp_ms_mean: stats.cpp_ms_total / n, cpp_ms_last: stats.cpp_ms_last, announcements: stats.announcements.slice(), touch };
    },
  };
})();
