// SCORM 1.2 adapter: active when the page is opened as the SCO of build/bytewise-scorm12.zip
// (imsmanifest.xml launches index.html?scorm=1, or a same-origin parent offers a SCORM API). The LMS keeps the learner's progress, so a learner
// resumes on any browser:
//   start     find the LMS's API object (ADL's discovery: this window, then up to 7 parents, then the
//             opener's chain), LMSInitialize(""), lesson_status "incomplete" on a first attempt
//   ready     cmi.suspend_data (compact scheduler state, src/core/cards/compact.h) merged into the
//             local progress: a newer card state wins
//   review    cmi.suspend_data (≤ 4,096 characters: the most recent card states when a deck is too
//             large, and the learner is told), cmi.core.lesson_status (incomplete until no card is due,
//             then completed), cmi.core.score.raw/min/max (0–100, share of quiz answers correct), LMSCommit
//   pagehide  cmi.core.session_time (HHHH:MM:SS.SS), cmi.core.exit "suspend", LMSCommit, LMSFinish
"use strict";
(function () {
  const H = window.BytewiseHost;
  if (!H) return;
  const warn = (text) => console.warn("bytewise SCORM: " + text);

  function findAPI(start) {  // ADL SCORM 1.2 RTE 3.3.6.1, with cross-origin frames skipped safely
    let win = start, tries = 0;
    while (win) {
      try { if (win.API) return win.API; } catch (e) { return null; }  // another origin: not our LMS
      if (!win.parent || win.parent === win || ++tries > 7) return null;
      win = win.parent;
    }
    return null;
  }
  let opener = null;
  try { opener = window.opener; } catch (e) { /* none */ }
  const api = findAPI(window) || (opener ? findAPI(opener) : null);
  // ?scorm=1 comes from imsmanifest.xml; an LMS that drops the query string is still found by its API.
  if (!H.options.scorm && !api) return;
  H.options.scorm = true;
  const state = { api, initialized: false, finished: false, started: Date.now(), tally: { correct: 0, answered: 0 },
    completed: false, resumed: null, lastLength: 0, truncatedNoticeShown: false };
  window.bytewiseScorm = state;  // read by browser tests and for support

  function lmsError(call) {
    try { const code = api.LMSGetLastError(); return `${call} failed: LMS error ${code} ${api.LMSGetErrorString(code)}`; } catch (e) { return `${call} failed`; }
  }
  const set = (key, value) => { if (String(api.LMSSetValue(key, String(value))) !== "true") warn(lmsError(`LMSSetValue(${key})`)); };

  if (!api) {
    warn("no LMS API found (opened outside an LMS): progress stays in this browser");
    window.addEventListener("load", () => H.showNotice("scorm", "This course package was opened outside an LMS: your progress stays in this browser only.",
      [["Export progress", H.exportProgress], ["Dismiss", () => H.hideNotice("scorm")]]));
    return;
  }
  if (String(api.LMSInitialize("")) !== "true") { warn(lmsError("LMSInitialize")); return; }
  state.initialized = true;
  const status = String(api.LMSGetValue("cmi.core.lesson_status") || "");
  state.completed = status === "completed" || status === "passed";
  if (status === "" || status === "not attempted") set("cmi.core.lesson_status", "incomplete");
  const suspend = String(api.LMSGetValue("cmi.suspend_data") || "");

  function write(reason) {
    if (!state.initialized || state.finished) return;
    const r = H.call("compact-get", "", `${state.tally.correct}.${state.tally.answered}`);
    if (!r.ok) { warn(`${reason}: ${r.error}`); return; }
    set("cmi.suspend_data", r.data);
    state.lastLength = r.data.length;
    if (r.kept < r.total && !state.truncatedNoticeShown) {
      state.truncatedNoticeShown = true;
      H.showNotice("scorm", `Your LMS keeps the ${r.kept} most recently studied of your ${r.total} card schedules (SCORM 1.2 allows 4,096 characters); the others are kept in this browser.`,
        [["Export progress", H.exportProgress], ["Dismiss", () => H.hideNotice("scorm")]]);
    }
    const s = window.bytewise.state().study || {};
    if (!state.completed && s.loaded && s.new + s.learning + s.review === 0) state.completed = true;
    set("cmi.core.lesson_status", state.completed ? "completed" : "incomplete");
    if (state.tally.answered > 0) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", Math.round(100 * state.tally.correct / state.tally.answered));
    }
    if (String(api.LMSCommit("")) !== "true") warn(lmsError("LMSCommit"));
  }

  H.whenLoaded().then(() => {
    if (suspend) {
      const r = H.call("compact-set", "", suspend);
      state.resumed = r;
      if (r.ok) state.tally = { correct: r.quiz_correct, answered: r.quiz_answered };
      else { warn(r.error); H.showNotice("scorm", "Your saved course progress could not be read (" + r.error + ").", [["Dismiss", () => H.hideNotice("scorm")]]); }
    }
    write("start");
  });
  H.on("quiz-answered", (m) => { state.tally.answered++; if (m.correct) state.tally.correct++; });
  H.on("graded", () => write("review"));

  function sessionTime(ms) {  // CMITimespan: HHHH:MM:SS.SS
    const cs = Math.floor(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, sec = (cs % 6000) / 100;
    const pad = (n, w) => String(n).padStart(w, "0");
    return `${pad(Math.min(h, 9999), 4)}:${pad(m, 2)}:${sec.toFixed(2).padStart(5, "0")}`;
  }
  function finish() {
    if (!state.initialized || state.finished) return;
    write("finish");
    set("cmi.core.session_time", sessionTime(Date.now() - state.started));
    set("cmi.core.exit", "suspend");  // a spaced-repetition course is always resumed
    api.LMSCommit("");
    if (String(api.LMSFinish("")) !== "true") warn(lmsError("LMSFinish"));
    state.finished = true;
  }
  window.addEventListener("pagehide", finish);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") write("hidden"); });
})();
