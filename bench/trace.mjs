// Where the time between "bytes arrived" and "banner painted" goes: N first
// visits of one benchmark page in headless Chromium, each in a fresh browser
// context with a DevTools trace, and the medians of a timeline relative to
// the main frame's navigation start, of where the main thread's time went
// in between, phase by phase. Issue #12; method and figures in bench/TRACE.md.
//
//   node bench/trace.mjs [--page site|small] [--variants icta,vanilla,limit,none]
//                        [--runs N] [--throttled | --mode fast|slow|both]
//                        [--visit first|returning]
//                        [--no-marks] [--arm JSON]... [--icta-dir DIR]
//                        [--replace FROM --with TO]... [--reduced-motion]
//                        [--flag CHROMIUM_FLAG]... [--categories LIST]
//                        [--keep DIR] [--json FILE] [--quiet-load L]
//
// Defaults: the real-site page, icta-consent, 10 visits, unthrottled, after
// one untimed warm-up visit of each variant. Variants (and arms) are
// interleaved, one visit of each per round, so they share the machine's load.
//
// The page, the server, the browser and its flags are the benchmark's own:
// the server is bench/server.mjs in a process of its own (as bench.mjs runs
// it), and the browser flags, the Slow 4G figures, the viewport, the quiet
// wait and the in-page probe that defines "banner visible" (benchInit) are
// read from bench/bench.mjs when this starts, so the two never disagree.
//
// What is added to the page, for every variant alike: an init script with a
// MutationObserver that records when <body> and the banner's host appear
// (performance.now() and a performance.mark, so both clocks see it), and a
// requestAnimationFrame probe for the first frame the banner has a box
// whatever its opacity ("rendered", as against bench.mjs's "visible").
// For icta-consent, unless --no-marks, the server hands out icta-consent.js
// with six performance.mark calls added to the bundle (the module's first
// statement, the call to WebAssembly.instantiateStreaming, its result, the
// start function's begin and end, the init promise's resolution); nothing
// in src/ or pkg-config/ is touched. Everything else is read from the trace.
// Any other performance.mark (a local build's own) is reported too, and the
// ones inside the start function step by step, with their CPU time.
//
// --visit returning: bench.mjs's returning visitor instead. In each fresh
// context an untraced first visit and "accept all" (bench.mjs's own
// clickAcceptAll, its waits and settle times), then a new navigation in the
// same context, traced, up to the analytics stand-in running
// (window.__analyticsAt, bench.mjs's metric). The init script then also
// notes when the stand-in's element went in, inert and live; the timeline
// runs from the HTML to the stand-in's execution, the gap from the banner's
// last byte (no banner and the inline limit: the HTML's) to it.
//
// Experiments, never the benchmark's configuration, and the report says so:
// --arm adds an A/B arm of icta-consent (another build's files, page edits,
// reduced motion) interleaved with the rest; --icta-dir, --replace/--with
// and --reduced-motion change every visit; --flag adds a Chromium flag.
import { chromium } from "playwright-core";
import { execFileSync, fork } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const BENCH = path.dirname(SELF);

// ---------------------------------------------------------------- from bench.mjs
// bench.mjs runs its benchmark when imported, so what it defines is read
// from its text: a top-level `const NAME = ...;` (one line, or up to the
// first line that starts with ] or }) or `function NAME(...) {` up to the
// first line that is `}`, evaluated on its own, or after the definitions it
// uses (deps, read the same way).
function fromBench(name, deps = []) {
  const src = readFileSync(path.join(BENCH, "bench.mjs"), "utf8");
  const text = (n) => {
    const re = new RegExp(
      `^const ${n} = [^\\n]*;$|^const ${n} = [\\s\\S]*?^[\\]}][^\\n]*;$|^(async )?function ${n}\\([^)]*\\) \\{[\\s\\S]*?^\\}$`, "m");
    const m = src.match(re);
    if (!m) throw new Error(`bench/bench.mjs no longer defines ${n} at the top level: teach bench/trace.mjs where it went`);
    return m[0];
  };
  const own = text(name);
  return { text: own, value: new Function(`${deps.map(text).join("\n")}\n${own}\nreturn ${name};`)() };
}

// The esbuild bundle (an ES module with no imports or exports of its own)
// as a classic script: wrapped in a function, import.meta.url replaced by
// the script's own URL.
function classicBundle(src) {
  if (/\bimport\s*[\w{*]|\bexport\s/.test(src.replace(/import\.meta\.url/g, ""))) throw new Error("the bundle imports or exports: it cannot be a classic script");
  return `(function(){var __url=document.currentScript.src;${src.split("import.meta.url").join("__url")}\n})();\n`;
}

// The marks added to the bundle: [name, what it marks, pattern, replacement].
// The patterns are those of the esbuild bundle of pkg-config/icta-consent.js
// and wasm-bindgen's glue as ./scripts/build writes it; a pattern that does
// not match is reported and the mark left out.
function markBundle(src) {
  const M = (n) => `performance.mark(${JSON.stringify(n)})`;
  const edits = [
    ["icta:eval", (s) => `${M("icta:eval")};${s}`],
    ["icta:compile:call/done", (s) => s.replace(/return await WebAssembly\.instantiateStreaming\((\w+),(\w+)\)/,
      (_, a, b) => `return await (${M("icta:compile:call")},WebAssembly.instantiateStreaming(${a},${b})).then(r=>(${M("icta:compile:done")},r))`)],
    // __wbg_finalize_init: `c=o.exports,...,c.x(),c}` (c.x is __wbindgen_start).
    ["icta:start:begin/end", (s) => s.replace(/(=\w+\.exports,[^;{}]*?,)(\w+)\.(\w+)\(\),\2\}/,
      (_, pre, c, x) => `${pre}${M("icta:start:begin")},${c}.${x}(),${M("icta:start:end")},${c}}`)],
    ["icta:ready", (s) => s.replace(/(\{module_or_path:\w+\}\)\.then\(\(\)=>\{)/, (m) => `${m}${M("icta:ready")};`)],
  ];
  const applied = [];
  const missed = [];
  let text = src;
  for (const [name, f] of edits) {
    const next = f(text);
    (next === text ? missed : applied).push(name);
    text = next;
  }
  return { text, applied, missed };
}

// ---------------------------------------------------------------- in the page
// Installed after bench.mjs's benchInit, before any page script, in every
// frame (it does nothing but in the top frame of a benchmark page).
function traceInit(cfg) {
  if (window.top !== window || !location.pathname.startsWith("/pages/")) return;
  const T = (window.__trace = { bodyAt: null, hostAt: null, shownAt: null, renderedAt: null });
  const mark = (n) => { try { performance.mark(n); } catch (_) { /* no user timing */ } };
  const look = () => {
    const now = performance.now();
    if (T.bodyAt === null && document.body) { T.bodyAt = now; mark("trace:body"); }
    if (cfg.hostId && T.hostAt === null && document.getElementById(cfg.hostId)) { T.hostAt = now; mark("trace:host"); }
    if (cfg.shownClass && T.shownAt === null && document.documentElement && document.documentElement.classList.contains(cfg.shownClass)) {
      T.shownAt = now; mark("trace:shown");
    }
    return T.bodyAt !== null && (!cfg.hostId || T.hostAt !== null) && (!cfg.shownClass || T.shownAt !== null);
  };
  const mo = new MutationObserver(() => { if (look()) mo.disconnect(); });
  mo.observe(document, cfg.shownClass ? { childList: true, subtree: true, attributeFilter: ["class"] } : { childList: true, subtree: true });
  // A returning visitor (cfg.analytics): when the analytics stand-in's
  // element went in, as the inert placeholder (type="text/plain", parsed)
  // and as a live script (the gate's clone, or the parser's own tag with no
  // banner), seen at the microtask checkpoint after the insertion. No
  // banner shows, so no frame probe either.
  if (cfg.analytics) {
    T.placeholderAt = null;
    T.analyticsInsertedAt = null;
    const amo = new MutationObserver((records) => {
      const now = performance.now();
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          for (const s of n.localName === "script" ? [n] : n.querySelectorAll("script")) {
            if (!/\/analytics\.js$/.test(s.getAttribute("src") || s.getAttribute("data-src") || "")) continue;
            if (s.getAttribute("type") === "text/plain") {
              if (T.placeholderAt === null) { T.placeholderAt = now; mark("trace:analytics-placeholder"); }
            } else if (T.analyticsInsertedAt === null) { T.analyticsInsertedAt = now; mark("trace:analytics-inserted"); }
          }
        }
      }
      if (T.analyticsInsertedAt !== null) amo.disconnect();
    });
    amo.observe(document, { childList: true, subtree: true });
    return;
  }
  // The first frame the banner's surface has a box in the viewport and is
  // rendered (no display:none or visibility:hidden), whatever its opacity:
  // bench.mjs's "visible" also asks for an opacity above 0.
  const B = window.__bench;
  if (!B || !B.surface) return;
  const frame = () => {
    const el = B.surface();
    if (el && el.isConnected && el.checkVisibility({ visibilityProperty: true })) {
      const r = el.getBoundingClientRect();
      if (r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.top < innerHeight) { T.renderedAt = performance.now(); mark("trace:rendered"); return; }
    }
    if (performance.now() < 60000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// Read once the banner is fully shown.
function collect() {
  const B = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource").map((e) => ({
    path: new URL(e.name).pathname, start: e.startTime, requestStart: e.requestStart,
    responseStart: e.responseStart, responseEnd: e.responseEnd,
  }));
  return {
    visibleAt: B.visibleAt, fullAt: B.fullAt, fcp: B.fcp, longtasks: B.longtasks, webdriver: B.webdriver,
    trace: window.__trace,
    nav: nav && {
      requestStart: nav.requestStart, responseStart: nav.responseStart, responseEnd: nav.responseEnd,
      domInteractive: nav.domInteractive, dclStart: nav.domContentLoadedEventStart, dclEnd: nav.domContentLoadedEventEnd,
      loadEnd: nav.loadEventEnd,
    },
    res,
    marks: performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]),
    siteWork: window.__siteWork ? { start: window.__siteWork.start, end: window.__siteWork.end } : null,
    analyticsAt: window.__analyticsAt ?? null,
    analyticsRuns: window.__analyticsRuns || 0,
    bannerSeen: B.visibleAt !== null,
  };
}

// ---------------------------------------------------------------- the banners
// How each variant is recognised: its host element (the MutationObserver),
// a class that shows it (vanilla-cookieconsent's), its files' URL prefix.
const PROBE = {
  none: { hostId: null },
  icta: { hostId: "icta-consent", prefix: "/icta-consent/" },
  vanilla: { hostId: "cc-main", shownClass: "show--consent", prefix: "/vendor/vanilla-cookieconsent/" },
  limit: { hostId: "bench-limit" },
  klaro: { hostId: "klaro", prefix: "/vendor/klaro/" },
};

// An A/B arm of icta-consent ("icta~ID", --arm): icta-consent's page with
// its own files under /arm/ID/icta-consent/ (when it has a dir) and its own
// page edits, interleaved with the other variants.
const baseOf = (variant) => variant.split("~")[0];
const armOf = (variant) => (variant.includes("~") ? variant.split("~")[1] : null);
const armPrefix = (id) => `/arm/${id}/icta-consent/`;
let ARMS = [];
function probeOf(variant) {
  const arm = armOf(variant);
  if (!arm) return PROBE[variant];
  const a = ARMS.find((x) => x.id === arm);
  return { ...PROBE.icta, prefix: a && (a.dir || a.classic) ? armPrefix(arm) : PROBE.icta.prefix };
}

const WASM_CODEGEN = ["wasm.CompileBaseline", "wasm.AddCompiledCode", "wasm.PublishCode", "wasm.CompileTopTier"];

const CATEGORIES = [
  "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
  "v8", "v8.execute", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "blink.user_timing", "loading", "toplevel",
];

// ---------------------------------------------------------------- the trace
// Everything is in ms from the main frame's navigationStart for the page
// URL (not the about:blank before it), on the renderer main thread that
// recorded it.
function analyse(trace, url, variant, pageData) {
  const ev = trace.traceEvents || trace;
  const navs = ev.filter((e) => e.name === "navigationStart" && e.args?.data?.documentLoaderURL === url && e.args.data.isLoadingMainFrame);
  if (!navs.length) throw new Error("no navigationStart for the page in the trace");
  const nav = navs[navs.length - 1];
  const t0 = nav.ts;
  const rel = (ts) => (ts - t0) / 1000;
  const main = ev.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph !== "M").sort((a, b) => a.ts - b.ts || (b.dur || 0) - (a.dur || 0));
  const X = main.filter((e) => e.ph === "X" && e.ts >= t0);
  const first = (name, pred = () => true) => X.find((e) => e.name === name && pred(e));
  const urlOf = (e) => e.args?.data?.url ?? e.args?.beginData?.url ?? e.args?.fileName ?? null;
  const pathOf = (u) => { try { return new URL(u).pathname; } catch { return null; } };
  const prefix = probeOf(variant).prefix;
  const base = baseOf(variant);
  const pageUrl = url;

  // The page's own marks, in both clocks: the offset says whether
  // performance.now() and the trace agree.
  const markTs = {};
  const markTts = {};
  const pageMarks = new Set(pageData.marks.map(([n]) => n));
  for (const e of main) {
    if (e.cat === "blink.user_timing" && pageMarks.has(e.name) && markTs[e.name] === undefined && e.ts >= t0) {
      markTs[e.name] = rel(e.ts);
      if (e.tts !== undefined) markTts[e.name] = e.tts / 1000;
    }
  }
  const offsets = pageData.marks.filter(([n]) => markTs[n] !== undefined).map(([n, t]) => markTs[n] - t);

  // Who a script event belongs to.
  // The inline limit's script: the one that inserted its card (a first
  // visit), or the first inline script after <body> exists (a returning
  // visitor: no card; it is the first thing in <body>).
  const limitScript = base !== "limit" ? null
    : markTs["trace:host"] !== undefined ? X.filter((e) => e.name === "EvaluateScript" && urlOf(e) === pageUrl && rel(e.ts + e.dur) <= markTs["trace:host"] + 0.5).pop()
    : markTs["trace:body"] !== undefined ? X.find((e) => e.name === "EvaluateScript" && urlOf(e) === pageUrl && rel(e.ts) >= markTs["trace:body"] - 0.5) || null
    : null;
  const owner = (e) => {
    if (e === limitScript) return "banner: script";
    if (e.name === "v8.evaluateModule") return base === "icta" || base === "vanilla" ? "banner: script" : "page scripts";
    const u = urlOf(e);
    if (u === null || u === "") return e.name === "FunctionCall" || e.name === "EvaluateScript" ? "harness and other" : null;
    const p = pathOf(u);
    if (prefix && p && p.startsWith(prefix)) return "banner: script";
    if (p && p.startsWith("/site/")) return "site scripts (jQuery, Bootstrap)";
    if (p === "/analytics.js") return "the analytics script";
    if (u === pageUrl) return "page inline scripts (site's ready work, ...)";
    return "harness and other";
  };
  const LABEL = {
    RunTask: "other main-thread work", "ThreadControllerImpl::RunTask": "other main-thread work",
    RunMicrotasks: "microtasks (unattributed)",
    ParseHTML: "HTML parser", ParseAuthorStyleSheet: "CSS parse",
    UpdateLayoutTree: "style", Layout: "layout",
    PrePaint: "paint, layerize, commit", Paint: "paint, layerize, commit", Layerize: "paint, layerize, commit", Commit: "paint, layerize, commit",
    MinorGC: "GC", MajorGC: "GC", "V8.GC_SCAVENGER": "GC", "V8.GC_MARK_COMPACTOR": "GC",
    "wasm.CompileLazy": "banner: wasm lazy compile",
    "wasm.SyncInstantiate": "banner: wasm instantiate",
  };
  const labelOf = (e) => {
    if (["EvaluateScript", "FunctionCall", "v8.compile", "v8.compileModule", "v8.evaluateModule"].includes(e.name)) return owner(e);
    // A task by where it was posted from (category toplevel).
    if (e.name === "ThreadControllerImpl::RunTask") {
      const f = `${e.args?.src_file || ""} ${e.args?.src_func || ""}`;
      if (/BeginMainFrame/.test(f)) return "rendering (other)";
      if (/html_document_parser|html_parser_script_runner/.test(f)) return "HTML parser";
      if (/url_loader|resource_load|response_body_loader|resource_fetcher/.test(f)) return "resource loading";
      return "other main-thread work";
    }
    if (LABEL[e.name]) return LABEL[e.name];
    // Code generation nests in both the streaming compile and a lazy
    // compile: it takes its parent's label.
    if (WASM_CODEGEN.includes(e.name)) return null;
    if (e.name.startsWith("wasm.") || e.name.startsWith("v8.wasm.")) return "banner: wasm compile";
    return null;
  };
  // Nesting depth on the main thread, then labelled intervals, deeper wins.
  const stack = [];
  const spans = [];
  for (const e of X) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const depth = stack.length;
    stack.push(e);
    const label = labelOf(e);
    if (label) spans.push({ s: rel(e.ts), e: rel(e.ts + e.dur), label, depth, ev: e });
  }
  // The start function (from its marks) inside whatever runs it.
  if (markTs["icta:start:begin"] !== undefined && markTs["icta:start:end"] !== undefined) {
    const s = markTs["icta:start:begin"];
    const inner = spans.filter((x) => x.s <= s && x.e >= s).reduce((d, x) => Math.max(d, x.depth), 0);
    spans.push({ s, e: markTs["icta:start:end"], label: "banner: start function (state, DOM build)", depth: inner + 0.5 });
  }
  // The site's ready work (the page records it) inside jQuery's callback.
  const W = pageData.siteWork;
  if (W) {
    const inner = spans.filter((x) => x.s <= W.start && x.e >= W.start).reduce((d, x) => Math.max(d, x.depth), 0);
    spans.push({ s: W.start, e: W.end, label: "site's ready work (its 25 ms loop)", depth: inner + 0.5 });
  }
  spans.sort((a, b) => a.depth - b.depth);
  const BIN = 0.05;
  const end = Math.max(...spans.map((x) => x.e), 0) + 1;
  const bins = new Array(Math.ceil(end / BIN)).fill(null);
  for (const x of spans) for (let i = Math.max(0, Math.floor(x.s / BIN)); i < Math.min(bins.length, Math.ceil(x.e / BIN)); i++) bins[i] = x.label;
  const attribute = (from, to) => {
    const out = {};
    if (from === null || to === null || !(to > from)) return out;
    for (let i = Math.floor(from / BIN); i < Math.ceil(to / BIN) && i < bins.length; i++) {
      const l = bins[i] || "idle (nothing on the main thread)";
      out[l] = (out[l] || 0) + BIN;
    }
    const covered = Math.min(to, bins.length * BIN);
    if (to > covered) out["idle (nothing on the main thread)"] = (out["idle (nothing on the main thread)"] || 0) + (to - covered);
    return out;
  };

  // Long tasks: top-level tasks over 50 ms, with what filled them most.
  const tasks = spans.filter((x) => x.depth === 0 && x.ev && (x.ev.name === "RunTask" || x.ev.name === "ThreadControllerImpl::RunTask"));
  // The main thread's CPU time between two moments (each task's thread
  // duration, pro rata of its overlap): below the wall time when the
  // thread waited for a core.
  const cpu = (from, to) => {
    if (from === null || to === null || from === undefined || to === undefined || !(to > from)) return null;
    let sum = 0;
    for (const x of tasks) {
      const o = Math.min(x.e, to) - Math.max(x.s, from);
      if (o > 0 && x.ev.tdur !== undefined && x.e > x.s) sum += (x.ev.tdur / 1000) * (o / (x.e - x.s));
    }
    return sum;
  };
  const longtasks = tasks.filter((x) => x.e - x.s > 50).map((x) => {
    const a = attribute(x.s, x.e);
    const top = Object.entries(a).sort((p, q) => q[1] - p[1]).slice(0, 2).map(([l, ms]) => `${l} ${ms.toFixed(0)}`);
    return { start: x.s, dur: x.e - x.s, what: top.join(", ") };
  });

  // Milestones from the trace.
  const T = {};
  // The banner's module evaluation: the one holding icta:eval if marked.
  const em = markTs["icta:eval"];
  const holds = (e) => rel(e.ts) <= em && rel(e.ts + e.dur) >= em;
  const evalMod = (em !== undefined && X.find((e) => (e.name === "v8.evaluateModule" || e.name === "EvaluateScript") && holds(e))) || first("v8.evaluateModule");
  const dl = main.find((e) => e.name === "domLoading" && e.ts >= t0 && e.args?.frame === nav.args?.frame);
  if (dl) T.committed = rel(dl.ts);
  if (evalMod && (base === "icta" || base === "vanilla")) { T.moduleEvalStart = rel(evalMod.ts); T.moduleEvalMs = evalMod.dur / 1000; }
  if (limitScript) { T.scriptEvalStart = rel(limitScript.ts); T.moduleEvalMs = limitScript.dur / 1000; }
  const ssc = first("wasm.StartStreamingCompilation");
  if (ssc) T.wasmCompileStart = rel(ssc.ts);
  const fin = first("wasm.OnCompilationSucceeded") || first("wasm.FinishAsyncCompile");
  if (fin) T.wasmCompileEnd = rel(fin.ts);
  const inst = first("wasm.SyncInstantiate") || first("wasm.InstanceBuilder.Build");
  if (inst) { T.instantiateStart = rel(inst.ts); T.instantiateMs = inst.dur / 1000; }
  // Outermost wasm compile events only (they nest), and none inside a lazy
  // compile (a function compiled on its first call, counted apart).
  const lazy = X.filter((e) => e.name === "wasm.CompileLazy");
  const inLazy = (e) => lazy.some((l) => e.ts >= l.ts && e.ts < l.ts + l.dur);
  const wasmMain = X.filter((e) => (e.name.startsWith("wasm.") || e.name.startsWith("v8.wasm.")) && !inLazy(e) &&
    !["wasm.CompileLazy", "wasm.SyncInstantiate", "wasm.AsyncInstantiate", "wasm.InstanceBuilder.Build", "wasm.ExecuteStartFunction", "wasm.GrowMemory"].includes(e.name));
  let compileMs = 0, until = -Infinity;
  for (const e of wasmMain) { if (e.ts >= until) { compileMs += e.dur / 1000; until = e.ts + e.dur; } }
  if (ssc) T.wasmCompileMainMs = compileMs;
  const bg = ev.filter((e) => e.ph === "X" && e.name === "wasm.CompileBaseline" && !(e.pid === nav.pid && e.tid === nav.tid) && e.ts >= t0);
  if (ssc) T.wasmCompileOffMainMs = bg.reduce((s, e) => s + e.dur / 1000, 0);
  if (lazy.length) {
    T.lazyCompileMs = lazy.reduce((s, e) => s + e.dur / 1000, 0);
    T.lazyCompileCpuMs = lazy.reduce((s, e) => s + (e.tdur ?? e.dur) / 1000, 0);
    T.lazyCompileCount = lazy.length;
  }
  // The analytics stand-in's evaluation (a returning visitor's metric).
  const an = first("EvaluateScript", (e) => pathOf(urlOf(e) || "") === "/analytics.js");
  if (an) { T.analyticsEvalStart = rel(an.ts); T.analyticsEvalMs = an.dur / 1000; }
  const fcp = main.find((e) => e.name === "firstContentfulPaint" && e.ts >= t0);
  if (fcp) T.fcpTrace = rel(fcp.ts);
  for (const [k, n] of [["compileCall", "icta:compile:call"], ["compileDone", "icta:compile:done"], ["startBegin", "icta:start:begin"], ["startEnd", "icta:start:end"], ["ready", "icta:ready"], ["evalMark", "icta:eval"]]) {
    if (markTs[n] !== undefined) T[k] = markTs[n];
  }
  if (T.startBegin !== undefined && T.startEnd !== undefined) {
    T.startMs = T.startEnd - T.startBegin;
    // The main thread's own CPU time (thread clock): on a loaded machine the
    // wall time also holds the time the thread waited for a core.
    if (markTts["icta:start:begin"] !== undefined && markTts["icta:start:end"] !== undefined) T.startCpuMs = markTts["icta:start:end"] - markTts["icta:start:begin"];
    const a = attribute(T.startBegin, T.startEnd);
    T.startLazyMs = a["banner: wasm lazy compile"] || 0;
    T.startGcMs = a["GC"] || 0;
  }
  // The frames after the host went in: the first style recalc, layout,
  // paint and commit after it (one frame), and the same of the frame the
  // banner first counted as visible.
  const host = pageData.trace?.hostAt ?? null;
  const frameAfter = (t) => {
    if (t === null || t === undefined) return null;
    const commit = X.find((e) => e.name === "Commit" && rel(e.ts) >= t);
    if (!commit) return null;
    const prev = X.filter((e) => e.name === "Commit" && rel(e.ts) < rel(commit.ts) && rel(e.ts) >= t);
    const from = prev.length ? rel(prev[prev.length - 1].ts) : t;
    const inFrame = (name) => X.filter((e) => e.name === name && rel(e.ts) >= from && rel(e.ts) <= rel(commit.ts));
    const sum = (names) => names.flatMap(inFrame).reduce((s, e) => s + e.dur / 1000, 0);
    const styles = inFrame("UpdateLayoutTree");
    return {
      firstStyleAt: styles.length ? rel(styles[0].ts) : null,
      commitAt: rel(commit.ts),
      styleMs: sum(["UpdateLayoutTree"]), layoutMs: sum(["Layout"]),
      paintMs: sum(["PrePaint", "Paint", "Layerize", "Commit"]),
    };
  };
  T.hostFrame = frameAfter(host);
  // Every mark between the start function's begin and end, in order, with
  // the wall and thread (CPU) time since the one before.
  if (T.startBegin !== undefined && T.startEnd !== undefined) {
    const inside = Object.keys(markTs).filter((n) => markTs[n] >= T.startBegin && markTs[n] <= T.startEnd).sort((a, b) => markTs[a] - markTs[b]);
    T.startSteps = inside.slice(1).map((n, i) => ({
      from: inside[i], to: n, ms: markTs[n] - markTs[inside[i]],
      cpu: markTts[n] !== undefined && markTts[inside[i]] !== undefined ? markTts[n] - markTts[inside[i]] : null,
    }));
  }
  return { T, attribute, cpu, longtasks, offsets, markTs };
}

// ---------------------------------------------------------------- one visit
async function visit(browser, origin, pageId, variant, mode, opts, benchInitText) {
  const arm = ARMS.find((x) => x.id === armOf(variant));
  const reduce = opts.reducedMotion || (arm && arm.reducedMotion);
  const context = await browser.newContext({ viewport: opts.viewport, reducedMotion: reduce ? "reduce" : "no-preference" });
  const url = `${origin}/pages/${pageId}/${variant}.html`;
  const sample = { variant, mode: mode.id, load: os.loadavg()[0] };
  try {
    const v = opts.variantDefs[baseOf(variant)];
    const fn = (body) => (body ? `function () { ${body} }` : "null");
    const returning = opts.visit === "returning";
    // bench.mjs's benchInit without its attribution (cfg.attribute), for a
    // returning visitor too: its wrapper of WebAssembly's promises runs a
    // microtask after each of the glue's until 50 in a row come less than
    // 0.05 ms apart, which under tracing (each call traced, performance.now()
    // in 0.1 ms steps) never happens: 10 000 of them, ~75 ms in one
    // checkpoint on the small page, would be charged to icta-consent.
    await context.addInitScript({
      content: `(${benchInitText})({ surface: ${fn(v.surface)}, acceptButton: ${fn(v.acceptButton)} });\n` +
        `(${traceInit.toString()})(${JSON.stringify({ ...probeOf(variant), analytics: returning })});`,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    const cdp = await context.newCDPSession(page);
    if (mode.network) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", mode.network);
    }
    if (mode.cpu !== 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: mode.cpu });
    if (returning) {
      // The stored choice, as bench.mjs's visit() makes it (its steps 1 and
      // 2, untraced): a first visit in this context, the quiet wait, the
      // banner fully shown (or, with no banner, analytics running), its
      // settle time, a GC, "accept all" clicked in the page by bench.mjs's
      // own clickAcceptAll, 300 ms. What bench.mjs only reads in between
      // (its first-visit figures, heap sizes) is left out.
      await page.goto(url, { waitUntil: "load", timeout: 30000 });
      await page.waitForTimeout(opts.quietMs[mode.id]);
      if (v.surface) await page.waitForFunction(() => window.__bench.fullAt !== null, null, { polling: 50 });
      else await page.waitForFunction(() => window.__analyticsAt !== undefined, null, { polling: 50 });
      await page.waitForTimeout(opts.settle[mode.id]);
      await cdp.send("HeapProfiler.collectGarbage");
      if (v.acceptButton) {
        const c = await page.evaluate(opts.clickAcceptAll);
        if (c.error) throw new Error(c.error);
        sample.seedClickToAnalytics = c.analyticsAt === null ? null : c.analyticsAt - c.t0;
        await page.waitForTimeout(300);
      }
    }
    await browser.startTracing(page, { categories: opts.categories });
    let traced = true;
    try {
      // The visit traced: the first one, or the returning visitor's new
      // navigation in the same context (bench.mjs's step 3).
      await page.goto(url, { waitUntil: "load", timeout: 30000 });
      // As bench.mjs: nothing asks the page anything until it has been quiet.
      await page.waitForTimeout(opts.quietMs[mode.id]);
      if (v.surface && !returning) await page.waitForFunction(() => window.__bench.fullAt !== null, null, { polling: 50 });
      else await page.waitForFunction(() => window.__analyticsAt !== undefined, null, { polling: 50 });
      if (returning) await page.waitForTimeout(300);
      Object.assign(sample, await page.evaluate(collect));
    } finally {
      const buf = await browser.stopTracing();
      traced = buf;
    }
    if (opts.keep) writeFileSync(path.join(opts.keep, `${pageId}-${variant}-${mode.id}-${opts.visitNo}.json`), traced);
    const a = analyse(JSON.parse(traced.toString("utf8")), url, variant, sample);
    sample.t = a.T;
    sample.longtasksTrace = a.longtasks;
    sample.clockOffsets = a.offsets;
    // Resource milestones, page clock (== trace clock, see clockOffsets).
    const res = (p) => sample.res.filter((r) => r.path === p).sort((x, y) => x.start - y.start)[0] || null;
    const prefix = probeOf(variant).prefix;
    const own = sample.res.filter((r) => prefix && r.path.startsWith(prefix));
    sample.bytesAt = own.length ? Math.max(...own.map((r) => r.responseEnd)) : sample.nav.responseEnd;
    // By file name: an arm serves the same names under another prefix.
    sample.files = Object.fromEntries(own.map((r) => [path.posix.basename(r.path), { requestStart: r.requestStart, responseStart: r.responseStart, responseEnd: r.responseEnd }]));
    sample.css = res("/site/bootstrap.min.css");
    sample.jquery = res("/site/jquery.min.js");
    sample.analytics = res("/analytics.js");
    const tr = sample.trace || {};
    // Where the main thread's time went between the banner's bytes arriving
    // and its first visible frame (a returning visitor: the analytics
    // stand-in running), and within each phase.
    sample.endAt = returning ? sample.analyticsAt : sample.visibleAt;
    sample.gap = a.attribute(sample.bytesAt, sample.endAt);
    sample.gapCpu = a.cpu(sample.bytesAt, sample.endAt);
    sample.phases = (returning ? phasesReturning : phasesOf)(variant, sample).map(([name, from, to]) => ({
      name, from, to, ms: from !== null && to !== null && from !== undefined && to !== undefined ? to - from : null,
      where: a.attribute(from ?? null, to ?? null),
      cpu: a.cpu(from ?? null, to ?? null),
    }));
    sample.hostAt = tr.hostAt ?? null;
  } catch (e) {
    sample.error = String(e && e.message ? e.message : e).split("\n")[0];
  } finally {
    await context.close().catch(() => {});
  }
  return sample;
}

// When icta-consent's module was evaluated, called instantiateStreaming and
// had it resolved: its marks, or the trace's events where a build has none.
function moduleMoments(t) {
  return {
    evalAt: t.evalMark ?? t.moduleEvalStart ?? null,
    callAt: t.compileCall ?? t.wasmCompileStart ?? null,
    doneAt: t.compileDone ?? (t.instantiateStart !== undefined ? t.instantiateStart + t.instantiateMs : null),
  };
}

// The phases between the banner's bytes and its first visible frame, in
// order, each [name, from, to] in ms from navigation start.
function phasesOf(variant, s) {
  const t = s.t || {};
  const tr = s.trace || {};
  const f = s.files || {};
  const js = f["icta-consent.js"]?.responseEnd ?? null;
  const wasm = f["icta_consent_bg.wasm"]?.responseEnd ?? null;
  variant = baseOf(variant);
  if (variant === "icta") {
    const { evalAt, callAt, doneAt } = moduleMoments(t);
    return [
      ["icta-consent.js arrived → module evaluated (the async module waits for its turn)", js, evalAt],
      ["module evaluated → instantiateStreaming called (fetch() of the preloaded .wasm resolves)", evalAt, callAt],
      [".wasm arrived (responseEnd), for reference: from the call", callAt, wasm],
      ["instantiateStreaming called → compiled and instantiated", callAt, doneAt],
      ["instantiated → start function begins", doneAt, t.startBegin ?? null],
      ["start function (reads the choice; a first visit leaves the banner to the next task)", t.startBegin ?? null, t.startEnd ?? null],
      ["start function ends → host seen by the MutationObserver (the next task builds banner and dialog and inserts the host)", t.startEnd ?? null, tr.hostAt],
      ["host inserted → first frame with the banner's box (rendered)", tr.hostAt, tr.renderedAt],
      ["rendered → visible (opacity above 0)", tr.renderedAt, s.visibleAt],
    ];
  }
  if (variant === "vanilla") {
    return [
      ["its last file arrived → module evaluated", s.bytesAt, t.moduleEvalStart ?? null],
      ["module evaluated → #cc-main inserted", t.moduleEvalStart ?? null, tr.hostAt],
      ["#cc-main inserted → html.show--consent", tr.hostAt, tr.shownAt],
      ["show--consent → first frame with the box (rendered)", tr.shownAt, tr.renderedAt],
      ["rendered → visible (opacity above 0)", tr.renderedAt, s.visibleAt],
    ];
  }
  if (variant === "limit") {
    return [
      ["page HTML arrived (responseEnd) → <body> exists", s.nav.responseEnd, tr.bodyAt],
      ["<body> exists → inline script evaluated", tr.bodyAt, t.scriptEvalStart ?? null],
      ["inline script evaluated → card inserted", t.scriptEvalStart ?? null, tr.hostAt],
      ["card inserted → first frame with the card (rendered)", tr.hostAt, tr.renderedAt],
      ["rendered → visible", tr.renderedAt, s.visibleAt],
    ];
  }
  return [];
}

// A returning visitor's phases, from the HTML's last byte to the analytics
// stand-in running, in order, each [name, from, to]. "Inserted" is the
// analytics script's fetch start (Resource Timing startTime: an external
// script is fetched as soon as it is inserted); the MutationObserver's
// time, a microtask checkpoint later, is in the timeline.
function phasesReturning(variant, s) {
  const t = s.t || {};
  const tr = s.trace || {};
  const f = s.files || {};
  const a = s.analytics || {};
  const html = s.nav.responseEnd;
  const tail = (from, what) => [
    [`${what} → analytics script inserted (its fetch starts)`, from, a.start ?? null],
    ["inserted → analytics response end (its request and response)", a.start ?? null, a.responseEnd ?? null],
    ["analytics response end → analytics executed (bench.mjs's metric)", a.responseEnd ?? null, s.analyticsAt],
  ];
  variant = baseOf(variant);
  if (variant === "icta") {
    const js = f["icta-consent.js"]?.responseEnd ?? null;
    const { evalAt, callAt, doneAt } = moduleMoments(t);
    return [
      ["HTML response end → icta-consent.js response end", html, js],
      ["icta-consent.js arrived → module evaluated (the async module waits for its turn)", js, evalAt],
      ["module evaluated → instantiateStreaming called (fetch() of the preloaded .wasm resolves)", evalAt, callAt],
      ["instantiateStreaming called → resolved (the .wasm's bytes, compile, instantiate)", callAt, doneAt],
      ["resolved → start function begins", doneAt, t.startBegin ?? null],
      ["start function (reads the stored choice, starts the gate)", t.startBegin ?? null, t.startEnd ?? null],
      ...tail(t.startEnd ?? null, "start function ends"),
    ];
  }
  if (variant === "vanilla") {
    return [
      ["HTML response end → its last file's response end (cookieconsent.umd.js)", html, s.bytesAt],
      ["its last file arrived → module evaluated", s.bytesAt, t.moduleEvalStart ?? null],
      ...tail(t.moduleEvalStart ?? null, "module evaluated"),
    ];
  }
  if (variant === "limit") {
    return [
      ["HTML response end → <body> exists", html, tr.bodyAt],
      ["<body> exists → inline script evaluated", tr.bodyAt, t.scriptEvalStart ?? null],
      ["inline script evaluated → analytics placeholder parsed (MutationObserver)", t.scriptEvalStart ?? null, tr.placeholderAt],
      ...tail(tr.placeholderAt, "placeholder parsed"),
    ];
  }
  return tail(html, "HTML response end");
}

// ---------------------------------------------------------------- statistics
function median(xs) {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = (v.length - 1) / 2;
  return (v[Math.floor(m)] + v[Math.ceil(m)]) / 2;
}
function spread(xs) {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? [v[0], v[v.length - 1]] : null;
}
const f1 = (x) => (x === null || x === undefined ? "–" : Math.abs(x) < 10 ? x.toFixed(1) : x.toFixed(0));
const cell = (xs) => {
  const m = median(xs);
  const s = spread(xs);
  return m === null ? "–" : `**${f1(m)}** (${f1(s[0])}–${f1(s[1])})`;
};

// ---------------------------------------------------------------- report

// The timeline table's head (a column per variant, `cols` as [variant, its
// visits]) into L, and the function that writes one row: a label and what to
// read of each visit; a row no visit has a value for is left out.
function timeline(L, cols, NAME) {
  L.push("The timeline: milliseconds from the main frame's navigation start; each cell **median** (min–max) over the visits.", "");
  L.push(`| milestone | ${cols.map(([v, xs]) => `${NAME[v]} (${xs.length})`).join(" | ")} |`, `|---|${cols.map(() => "---:").join("|")}|`);
  return (label, get) => {
    const cells = cols.map(([, xs]) => xs.map((s) => { try { return get(s); } catch { return null; } }));
    if (cells.every((c) => c.every((x) => x === null || x === undefined))) return;
    L.push(`| ${label} | ${cells.map(cell).join(" | ")} |`);
  };
}

// The timeline's rows from the .wasm's compile to the init promise, for a
// first visit (detailed: the streaming compile's and the instantiation's own
// steps) and a returning one; any other performance.mark the page made (a
// local build's own) among them.
function moduleStartRows(row, cols, { detailed }) {
  row("instantiateStreaming called (mark)", (s) => s.t.compileCall);
  if (detailed) {
    row("wasm streaming compile starts (wasm.StartStreamingCompilation)", (s) => s.t.wasmCompileStart);
    row("wasm compile done (wasm.OnCompilationSucceeded)", (s) => s.t.wasmCompileEnd);
  }
  row("  wasm compile on the main thread, ms", (s) => s.t.wasmCompileMainMs);
  if (detailed) {
    row("  wasm compile off the main thread, ms", (s) => s.t.wasmCompileOffMainMs);
    row("instantiate (wasm.SyncInstantiate) starts", (s) => s.t.instantiateStart);
    row("  instantiate, ms", (s) => s.t.instantiateMs);
  } else {
    row("  instantiate (wasm.SyncInstantiate), ms", (s) => s.t.instantiateMs);
  }
  row("instantiateStreaming resolved (mark)", (s) => s.t.compileDone);
  row("start function begins (mark)", (s) => s.t.startBegin);
  row("start function ends (mark)", (s) => s.t.startEnd);
  row("  start function, ms", (s) => s.t.startMs);
  row("  its main-thread CPU time (thread clock), ms", (s) => s.t.startCpuMs);
  row("  of which wasm lazy compile (wall), ms", (s) => s.t.startLazyMs);
  row("  wasm lazy compile on the whole visit, ms (CPU)", (s) => s.t.lazyCompileCpuMs);
  row("  functions compiled lazily, count", (s) => s.t.lazyCompileCount);
  const others = [...new Set(cols.flatMap(([, xs]) => xs.flatMap((s) => s.marks.map(([n]) => n))))].filter((n) => !/^(icta|trace):/.test(n));
  for (const n of others) row(`  mark \`${n}\``, (s) => (s.marks.find(([m]) => m === n) || [null, null])[1]);
  row("init promise resolved (mark)", (s) => s.t.ready);
}

function report(samples, variants, modes, ctx) {
  const L = [];
  const ok = samples.filter((s) => !s.error);
  const of = (v, m) => ok.filter((s) => s.variant === v && s.mode === m.id);
  const BASE = { icta: "icta-consent", vanilla: "vanilla-cookieconsent", limit: "inline limit", none: "no banner", klaro: "klaro" };
  const NAME = new Proxy({}, { get: (_, v) => (armOf(v) ? `icta-consent, arm ${armOf(v)}` : BASE[v]) });
  for (const m of modes) {
    L.push(`## ${ctx.pageId} page, ${m.name}`, "");
    const cols = variants.map((v) => [v, of(v, m)]);
    // Ratios within a round (visits one after another, so under the same
    // load), then their median: steadier than a ratio of medians when the
    // machine is busy.
    const byRound = {};
    for (const s of ok.filter((x) => x.mode === m.id)) (byRound[s.round] ??= {})[s.variant] = s;
    const ratio = (v, o) => median(Object.values(byRound).filter((b) => b[v] && b[o] && b[o].visibleAt > 0).map((b) => b[v].visibleAt / b[o].visibleAt));
    const refs = ["limit", "vanilla", "icta"].filter((r) => variants.includes(r));
    L.push("Summary: medians over the visits; ratios are the median of the per-round ratios (same load).", "");
    L.push(`| variant | banner visible | − its page's FCP | − DOMContentLoaded start | gap: bytes → visible |${refs.map((r) => ` ÷ ${NAME[r]} |`).join("")}`,
      `|---|---:|---:|---:|---:|${refs.map(() => "---:|").join("")}`);
    for (const [v, xs] of cols) {
      if (v === "none") continue;
      L.push(`| ${NAME[v]} | ${f1(median(xs.map((x) => x.visibleAt)))} | ${f1(median(xs.map((x) => x.visibleAt - x.fcp)))} | ${f1(median(xs.map((x) => x.visibleAt - x.nav.dclStart)))} | ` +
        `${f1(median(xs.map((x) => x.visibleAt - x.bytesAt)))} |${refs.map((r) => ` ${r === v ? "–" : (ratio(v, r) ?? 0).toFixed(2) + "×"} |`).join("")}`);
    }
    if (variants.includes("none")) L.push("", `No banner: first contentful paint ${f1(median(of("none", m).map((x) => x.fcp)))} ms, DOMContentLoaded ${f1(median(of("none", m).map((x) => x.nav.dclStart)))} ms.`);
    L.push("");
    const row = timeline(L, cols, NAME);
    row("HTML response start", (s) => s.nav.responseStart);
    row("HTML response end", (s) => s.nav.responseEnd);
    row("document committed in the renderer (domLoading)", (s) => s.t.committed);
    row("`<body>` created (MutationObserver)", (s) => s.trace.bodyAt);
    row("bootstrap.min.css response end", (s) => s.css?.responseEnd);
    row("first contentful paint", (s) => s.fcp);
    row("icta-consent.js request start", (s) => s.files["icta-consent.js"].requestStart);
    row("icta-consent.js response end", (s) => s.files["icta-consent.js"].responseEnd);
    row(".wasm request start (the preload)", (s) => s.files["icta_consent_bg.wasm"].requestStart);
    row(".wasm response end", (s) => s.files["icta_consent_bg.wasm"].responseEnd);
    row("vanilla: cookieconsent.umd.js response end", (s) => s.files["cookieconsent.umd.js"].responseEnd);
    row("banner's bytes arrived (last of its files; the limit: the HTML)", (s) => s.bytesAt);
    row("jquery.min.js response end", (s) => s.jquery?.responseEnd);
    row("banner script evaluation starts (v8.evaluateModule, or EvaluateScript of a classic arm)", (s) => s.t.moduleEvalStart);
    row("inline limit's script evaluated (EvaluateScript)", (s) => s.t.scriptEvalStart);
    row("  its duration", (s) => s.t.moduleEvalMs);
    moduleStartRows(row, cols, { detailed: true });
    row("banner host inserted (MutationObserver)", (s) => s.trace.hostAt);
    row("vanilla: html.show--consent (MutationObserver)", (s) => s.trace.shownAt);
    row("first style recalc after the insertion", (s) => s.t.hostFrame?.firstStyleAt);
    row("  that frame's style recalc, ms", (s) => s.t.hostFrame?.styleMs);
    row("  that frame's layout, ms", (s) => s.t.hostFrame?.layoutMs);
    row("  that frame's prepaint, paint, layerize, commit, ms", (s) => s.t.hostFrame?.paintMs);
    row("  that frame's commit", (s) => s.t.hostFrame?.commitAt);
    row("banner rendered: first frame with its box, any opacity (rAF)", (s) => s.trace.renderedAt);
    row("**banner visible** (bench.mjs: first frame, opacity above 0)", (s) => s.visibleAt);
    row("banner fully shown (entry animation over)", (s) => s.fullAt);
    row("DOMContentLoaded start", (s) => s.nav.dclStart);
    row("DOMContentLoaded end", (s) => s.nav.dclEnd);
    row("site's ready work start", (s) => s.siteWork?.start);
    row("site's ready work end", (s) => s.siteWork?.end);
    row("load event end", (s) => s.nav.loadEnd);
    row("long tasks (trace, > 50 ms) up to fully shown, count", (s) => s.longtasksTrace.filter((x) => x.start < s.fullAt).length);
    row("long tasks (PerformanceObserver), count", (s) => s.longtasks.length);
    L.push("");

    for (const [v, xs] of cols) {
      if (!xs.length || v === "none") continue;
      gapSection(L, `${NAME[v]}: the gap, bytes arrived → visible`, xs, "fully shown", (s) => s.fullAt);
    }
  }
  return L.join("\n");
}

// A returning visitor (--visit returning): the timeline from navigation
// start to the analytics stand-in running, what bench.mjs reports as
// "returning visitor: navigation to analytics running", and the gap from
// the banner's last byte (no banner, the inline limit: the HTML's) to it.
function reportReturning(samples, variants, modes, ctx) {
  const L = [];
  const ok = samples.filter((s) => !s.error);
  const of = (v, m) => ok.filter((s) => s.variant === v && s.mode === m.id);
  const BASE = { icta: "icta-consent", vanilla: "vanilla-cookieconsent", limit: "inline limit", none: "no banner", klaro: "klaro" };
  const NAME = new Proxy({}, { get: (_, v) => (armOf(v) ? `icta-consent, arm ${armOf(v)}` : BASE[v]) });
  for (const m of modes) {
    L.push(`## ${ctx.pageId} page, ${m.name}: returning visitor`, "");
    const cols = variants.map((v) => [v, of(v, m)]);
    const byRound = {};
    for (const s of ok.filter((x) => x.mode === m.id)) (byRound[s.round] ??= {})[s.variant] = s;
    const ratio = (v, o) => median(Object.values(byRound).filter((b) => b[v] && b[o] && b[o].analyticsAt > 0).map((b) => b[v].analyticsAt / b[o].analyticsAt));
    const refs = ["vanilla", "limit", "none"].filter((r) => variants.includes(r));
    L.push("Summary: medians over the visits (min–max); ratios are the median of the per-round ratios (same load).", "");
    L.push(`| variant | navigation → analytics executed | gap: bytes → executed |${refs.map((r) => ` ÷ ${NAME[r]} |`).join("")}`,
      `|---|---:|---:|${refs.map(() => "---:|").join("")}`);
    for (const [v, xs] of cols) {
      L.push(`| ${NAME[v]} | ${cell(xs.map((x) => x.analyticsAt))} | ${cell(xs.map((x) => x.analyticsAt - x.bytesAt))} |` +
        `${refs.map((r) => ` ${r === v ? "–" : ((x) => (x === null ? "–" : x.toFixed(2) + "×"))(ratio(v, r))} |`).join("")}`);
    }
    L.push("");
    // icta-consent against the inline limit, round by round: what it costs
    // beyond the limit, split exactly into the external file's arrival, the
    // .wasm after it, the module's own work after its last byte, and the
    // analytics tag's own fetch and run, with the goal's line (0.8×
    // vanilla-cookieconsent) beside.
    const both = Object.values(byRound).filter((b) => b.icta && b.limit && b.icta.analytics && b.limit.analytics && b.icta.files["icta-consent.js"]);
    if (both.length) {
      const per = (get) => { const xs = both.map(get); return cell(xs); };
      const js = (b) => b.icta.files["icta-consent.js"].responseEnd;
      const last = (b) => Math.max(js(b), b.icta.files["icta_consent_bg.wasm"]?.responseEnd ?? -Infinity);
      L.push(`icta-consent against the inline limit, per round (${both.length} rounds; **median** (min–max) of the per-round figures, ms):`, "");
      L.push("| | ms |", "|---|---:|");
      L.push(`| icta-consent − inline limit, navigation → analytics executed | ${per((b) => b.icta.analyticsAt - b.limit.analyticsAt)} |`);
      L.push(`| = icta-consent.js response end − the limit's analytics insertion | ${per((b) => js(b) - b.limit.analytics.start)} |`);
      L.push(`| + the .wasm's response end after icta-consent.js's (0 when it came first) | ${per((b) => last(b) - js(b))} |`);
      L.push(`| + the later of the two → analytics inserted (compile, instantiate, start, gate) | ${per((b) => b.icta.analytics.start - last(b))} |`);
      L.push(`| + analytics inserted → executed, icta-consent − the limit | ${per((b) => (b.icta.analyticsAt - b.icta.analytics.start) - (b.limit.analyticsAt - b.limit.analytics.start))} |`);
      // Who paced the insertion: the module, or the parser reaching the
      // placeholder (after the page's parser-blocking scripts).
      const paced = both.filter((b) => b.icta.t.startEnd !== undefined && b.icta.trace.placeholderAt !== null);
      if (paced.length) {
        L.push(`| the start function's end − the placeholder's parse (above 0: the module came later and paced the insertion; below 0: the parser did) | ${per((b) => b.icta.t.startEnd - b.icta.trace.placeholderAt)} |`);
        L.push(`| the placeholder's parse, icta-consent − the limit | ${per((b) => b.icta.trace.placeholderAt - b.limit.trace.placeholderAt)} |`);
      }
      if (both.every((b) => b.icta.jquery && b.limit.jquery)) L.push(`| jquery.min.js response end (a parser-blocking script before the placeholder), icta-consent − the limit | ${per((b) => b.icta.jquery.responseEnd - b.limit.jquery.responseEnd)} |`);
      if (both.every((b) => b.vanilla)) {
        L.push(`| icta-consent − 0.8 × vanilla-cookieconsent (the goal's line; above 0: missed) | ${per((b) => b.icta.analyticsAt - 0.8 * b.vanilla.analyticsAt)} |`);
        L.push(`| inline limit − 0.8 × vanilla-cookieconsent | ${per((b) => b.limit.analyticsAt - 0.8 * b.vanilla.analyticsAt)} |`);
      }
      L.push("");
    }
    const row = timeline(L, cols, NAME);
    row("HTML response start", (s) => s.nav.responseStart);
    row("HTML response end", (s) => s.nav.responseEnd);
    row("`<body>` created (MutationObserver)", (s) => s.trace.bodyAt);
    row("bootstrap.min.css response end", (s) => s.css?.responseEnd);
    row("icta-consent.js request start", (s) => s.files["icta-consent.js"].requestStart);
    row("icta-consent.js response end", (s) => s.files["icta-consent.js"].responseEnd);
    row(".wasm request start (the preload)", (s) => s.files["icta_consent_bg.wasm"].requestStart);
    row(".wasm response end", (s) => s.files["icta_consent_bg.wasm"].responseEnd);
    row("vanilla: cookieconsent-config.js response end", (s) => s.files["cookieconsent-config.js"].responseEnd);
    row("vanilla: cookieconsent.umd.js request start", (s) => s.files["cookieconsent.umd.js"].requestStart);
    row("vanilla: cookieconsent.umd.js response end", (s) => s.files["cookieconsent.umd.js"].responseEnd);
    row("jquery.min.js response end", (s) => s.jquery?.responseEnd);
    row("banner script evaluation starts (v8.evaluateModule)", (s) => s.t.moduleEvalStart);
    row("icta: module's first statement (mark)", (s) => s.t.evalMark);
    row("inline limit's script evaluated (EvaluateScript)", (s) => s.t.scriptEvalStart);
    row("  its duration, ms", (s) => s.t.moduleEvalMs);
    moduleStartRows(row, cols, { detailed: false });
    row("banner host inserted (MutationObserver)", (s) => s.trace.hostAt);
    row("analytics placeholder (type=text/plain) parsed (MutationObserver)", (s) => s.trace.placeholderAt);
    row("analytics script inserted: its fetch starts (Resource Timing startTime)", (s) => s.analytics.start);
    row("  the same, seen by the MutationObserver", (s) => s.trace.analyticsInsertedAt);
    row("analytics request start", (s) => s.analytics.requestStart);
    row("analytics response end", (s) => s.analytics.responseEnd);
    row("analytics evaluation starts (EvaluateScript)", (s) => s.t.analyticsEvalStart);
    row("**analytics executed** (bench.mjs's metric, window.__analyticsAt)", (s) => s.analyticsAt);
    row("DOMContentLoaded start", (s) => s.nav.dclStart);
    row("site's ready work start", (s) => s.siteWork?.start);
    row("load event end", (s) => s.nav.loadEnd);
    row("long tasks (trace, > 50 ms) up to analytics executed, count", (s) => s.longtasksTrace.filter((x) => x.start < s.analyticsAt).length);
    L.push("");
    for (const [v, xs] of cols) {
      if (!xs.length) continue;
      const from = v === "none" || v === "limit" ? "HTML arrived" : "its bytes arrived";
      gapSection(L, `${NAME[v]}: the gap, ${from} → analytics executed`, xs, "analytics executed", (s) => s.analyticsAt);
    }
  }
  return L.join("\n");
}

// The gap of one variant (sample.bytesAt → sample.endAt): where the main
// thread's time went, phase by phase, the start function's steps, and the
// long tasks up to `until`.
function gapSection(L, title, xs, untilName, until) {
  L.push(`### ${title}`, "");
  L.push(`Median gap **${f1(median(xs.map((s) => s.endAt - s.bytesAt)))} ms** (${xs.map((s) => f1(s.endAt - s.bytesAt)).join(", ")}). ` +
    `Main-thread CPU time in it (thread clock) ${f1(median(xs.map((s) => s.gapCpu)))} ms. ` +
    "Main-thread wall time in it by what ran (deepest trace event wins; medians per row, so the rows need not add up to the gap):", "");
  const labels = [...new Set(xs.flatMap((s) => Object.keys(s.gap)))];
  const rows = labels.map((l) => [l, median(xs.map((s) => s.gap[l] || 0))]).sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 0.5);
  L.push("| main thread | ms |", "|---|---:|", ...rows.map(([l, ms]) => `| ${l} | ${f1(ms)} |`), "");
  L.push("Phases in order (medians; the main thread's top uses within each):", "");
  L.push("| phase | ms | main-thread CPU, ms | what the main thread did (median ms, wall) |", "|---|---:|---:|---|");
  const n = xs[0].phases.length;
  for (let i = 0; i < n; i++) {
    const name = xs[0].phases[i].name;
    const ms = median(xs.map((s) => s.phases[i].ms));
    const labs = [...new Set(xs.flatMap((s) => Object.keys(s.phases[i].where)))];
    const top = labs.map((l) => [l, median(xs.map((s) => s.phases[i].where[l] || 0))]).sort((a, b) => b[1] - a[1]).filter(([, x]) => x >= 0.5).slice(0, 4);
    L.push(`| ${name} | ${f1(ms)} | ${f1(median(xs.map((s) => s.phases[i].cpu)))} | ${top.map(([l, x]) => `${l} ${f1(x)}`).join("; ") || "–"} |`);
  }
  L.push("");
  const steps = xs.filter((s) => s.t.startSteps && s.t.startSteps.length > 1);
  if (steps.length) {
    const keys = [...new Set(steps.flatMap((s) => s.t.startSteps.map((x) => `${x.from} → ${x.to}`)))];
    L.push("Inside the start function, between consecutive marks (medians over the visits that have both):", "");
    L.push("| from → to | wall ms | main-thread CPU ms |", "|---|---:|---:|");
    for (const k of keys) {
      const xsk = steps.map((s) => s.t.startSteps.find((x) => `${x.from} → ${x.to}` === k)).filter(Boolean);
      L.push(`| \`${k}\` | ${f1(median(xsk.map((x) => x.ms)))} | ${f1(median(xsk.map((x) => x.cpu)))} |`);
    }
    L.push("");
  }
  const lts = xs.flatMap((s) => s.longtasksTrace.filter((x) => x.start < until(s)).map((x) => `${f1(x.start)}+${f1(x.dur)} (${x.what})`));
  if (lts.length) L.push(`Long tasks up to ${untilName}, every visit: ${lts.join("; ")}.`, "");
}

// ---------------------------------------------------------------- main
async function main() {
  const USAGE = `usage: node bench/trace.mjs [options]
  --page P            small or site (default site)
  --variants LIST     of icta,vanilla,limit,none,klaro (default icta)
  --runs N            visits of each variant per mode (default 10), after one warm-up visit each
  --throttled         4x CPU + Slow 4G, as bench.mjs's throttled mode (same as --mode slow)
  --mode M            fast, slow or both (default fast)
  --visit V           first or returning (default first): returning is bench.mjs's
                      returning visitor (a first visit, "accept all", then a new
                      navigation in the same context, traced), timed to analytics running
  --no-marks          serve icta-consent.js as built (no performance.mark calls)
  --icta-dir DIR      experiment: serve DIR's files under /icta-consent/ (another build)
  --replace S --with T  experiment: replace S by T in the variants' page HTML (repeatable)
  --reduced-motion    experiment: prefers-reduced-motion: reduce
  --arm JSON          an A/B arm of icta-consent, interleaved with the variants as "icta~ID":
                      {"id": "x", "dir": "DIR", "classic": true, "replace": [["FROM", "TO"]], "reducedMotion": true}
                      (every key but id optional; dir: its files under /arm/ID/icta-consent/;
                      classic: the bundle as a classic async script instead of a module)
  --flag F            experiment: an extra Chromium flag (repeatable)
  --categories LIST   more trace categories (e.g. blink,disabled-by-default-v8.cpu_profiler)
  --keep DIR          keep every trace (open them in DevTools' Performance panel)
  --json FILE         every visit's figures as JSON
  --quiet-load L      before each visit wait (up to 2 min) for a 1-minute load average below L
  --report FILE       no visits: the report again from a --json FILE (its own options)`;
  let args = process.argv.slice(2);
  // --report FILE: the samples (and the options) of an earlier --json.
  let pre = null;
  if (args[0] === "--report") {
    if (args.length !== 2) { console.error("trace: --report FILE, nothing else"); process.exit(2); }
    pre = { file: path.resolve(args[1]), ...JSON.parse(readFileSync(args[1], "utf8")) };
    args = pre.args;
  }
  const o = { arms: [], categories: [], page: "site", variants: ["icta"], runs: 10, mode: "fast", visit: "first", marks: true, ictaDir: null, replace: [], reducedMotion: false, flags: [], keep: null, json: null, quietLoad: null };
  for (let i = 0; i < args.length; i++) {
    // --opt=value or --opt value.
    let a = args[i];
    let val = null;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) { val = a.slice(eq + 1); a = a.slice(0, eq); }
    const next = () => {
      if (val !== null) return val;
      if (i + 1 >= args.length) { console.error(`trace: ${a} needs a value`); process.exit(2); }
      return args[++i];
    };
    if (a === "--page") o.page = next();
    else if (a === "--variants" || a === "--variant") o.variants = next().split(",").map((x) => x.trim()).filter(Boolean);
    else if (a === "--runs") o.runs = Number(next());
    else if (a === "--throttled") o.mode = "slow";
    else if (a === "--mode") o.mode = next();
    else if (a === "--visit") o.visit = next();
    else if (a === "--no-marks") o.marks = false;
    else if (a === "--icta-dir") o.ictaDir = path.resolve(next());
    else if (a === "--replace") o.replace.push([next(), null]);
    else if (a === "--with") { if (!o.replace.length) { console.error("trace: --with after --replace"); process.exit(2); } o.replace[o.replace.length - 1][1] = next(); }
    else if (a === "--reduced-motion") o.reducedMotion = true;
    else if (a === "--flag") o.flags.push(next());
    else if (a === "--arm") { try { o.arms.push(JSON.parse(next())); } catch (e) { console.error(`trace: --arm needs JSON: ${e.message}`); process.exit(2); } }
    else if (a === "--categories") o.categories = next().split(",").filter(Boolean);
    else if (a === "--keep") o.keep = path.resolve(next());
    else if (a === "--json") o.json = path.resolve(next());
    else if (a === "--quiet-load") o.quietLoad = Number(next());
    else if (a === "-h" || a === "--help") { console.log(USAGE); return; }
    else { console.error(`trace: unknown argument ${a} (try --help)`); process.exit(2); }
  }
  if (o.replace.some(([, t]) => t === null)) { console.error("trace: every --replace needs a --with"); process.exit(2); }
  if (!Number.isInteger(o.runs) || o.runs < 1) { console.error("trace: --runs needs a whole number >= 1"); process.exit(2); }
  if (!["first", "returning"].includes(o.visit)) { console.error("trace: --visit is first or returning"); process.exit(2); }
  const { VARIANTS, PAGES } = await import("./variants.mjs");
  if (!PAGES.some((p) => p.id === o.page)) { console.error(`trace: unknown page ${o.page}`); process.exit(2); }
  for (const v of o.variants) if (!VARIANTS.some((x) => x.id === v) || !PROBE[v]) { console.error(`trace: unknown variant ${v}`); process.exit(2); }
  ARMS = o.arms;
  for (const a of ARMS) {
    if (!a.id || !/^[a-z0-9-]+$/.test(a.id)) { console.error("trace: every --arm needs an id of a-z, 0-9 and -"); process.exit(2); }
    if (a.dir) { a.dir = path.resolve(a.dir); if (!existsSync(a.dir)) { console.error(`trace: no ${a.dir}`); process.exit(2); } }
    a.replace = a.replace || [];
    o.variants.push(`icta~${a.id}`);
  }
  if (o.ictaDir && !existsSync(o.ictaDir)) { console.error(`trace: no ${o.ictaDir}`); process.exit(2); }
  if (o.keep) mkdirSync(o.keep, { recursive: true });

  const FLAGS = fromBench("BROWSER_FLAGS").value;
  const SLOW4G = fromBench("SLOW4G").value;
  const VIEWPORT = fromBench("VIEWPORT").value;
  const QUIET_MS = fromBench("QUIET_MS").value;
  const benchInit = fromBench("benchInit").text;
  // A returning visitor's set-up, bench.mjs's own: its "accept all", each
  // mode's settle time before the click.
  const clickAcceptAll = fromBench("clickAcceptAll").value;
  const SETTLE = Object.fromEntries(fromBench("MODES", ["SLOW4G"]).value.map((m) => [m.id, m.settle]));
  const MODES = [
    { id: "fast", name: "unthrottled", cpu: 1, network: null },
    { id: "slow", name: "4x CPU + Slow 4G", cpu: 4, network: SLOW4G },
  ].filter((m) => o.mode === "both" || m.id === o.mode);
  if (!MODES.length) { console.error("trace: --mode is fast, slow or both"); process.exit(2); }

  let server, browser, samples, loads, started, chromiumVersion, commit, built;
  if (pre) {
    samples = pre.samples;
    ({ started, chromiumVersion, commit, built, loads } = pre.meta || {});
    started = started ? new Date(started) : null;
    loads = loads || samples.map((s) => s.load);
    server = { notes: pre.meta?.notes || [] };
  } else {
  server = await new Promise((resolve, reject) => {
    const cfg = { marks: o.marks && o.variants.some((v) => baseOf(v) === "icta"), ictaDir: o.ictaDir, replace: o.replace, variants: o.variants, arms: ARMS, page: o.page };
    const child = fork(SELF, ["--serve-child", JSON.stringify(cfg)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (m) => resolve({ ...m, close: () => child.disconnect() }));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the server exited (${code})`)));
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: [...FLAGS, ...o.flags] });
  const opts = {
    categories: [...CATEGORIES, ...o.categories], viewport: VIEWPORT, quietMs: QUIET_MS, reducedMotion: o.reducedMotion, keep: o.keep, visitNo: 0,
    variantDefs: Object.fromEntries(VARIANTS.map((v) => [v.id, v])),
    visit: o.visit, clickAcceptAll, settle: SETTLE,
  };
  samples = [];
  loads = [os.loadavg()[0]];
  started = new Date();
  chromiumVersion = browser.version();
  // What icta-consent is: the commit, and the files www/icta-consent/ holds.
  commit = "";
  try { commit = execFileSync("git", ["-C", BENCH, "rev-parse", "--short=12", "HEAD"], { encoding: "utf8" }).trim(); } catch { /* not a checkout */ }
  const ictaDir = path.join(BENCH, "..", "www", "icta-consent");
  built = existsSync(ictaDir) ? readdirSync(ictaDir).map((n) => `${n} ${readFileSync(path.join(ictaDir, n)).length} B`).join(", ") : "none";
  const waitQuiet = async () => {
    if (o.quietLoad === null) return;
    const t = Date.now();
    while (os.loadavg()[0] >= o.quietLoad && Date.now() - t < 120000) await new Promise((r) => setTimeout(r, 5000));
  };
  try {
    for (const m of MODES) for (const v of o.variants) await visit(browser, server.origin, o.page, v, m, opts, benchInit);
    for (let r = 0; r < o.runs; r++) {
      for (const m of r % 2 ? [...MODES].reverse() : MODES) {
        const order = o.variants.map((_, i) => o.variants[(i + r) % o.variants.length]);
        for (const v of order) {
          await waitQuiet();
          opts.visitNo = r + 1;
          const s = await visit(browser, server.origin, o.page, v, m, opts, benchInit);
          s.round = r + 1;
          samples.push(s);
          loads.push(os.loadavg()[0]);
          if (s.error) console.error(`trace: round ${r + 1} ${m.id} ${v}: ERROR ${s.error}`);
        }
      }
      console.error(`trace: round ${r + 1}/${o.runs} (load average ${os.loadavg()[0].toFixed(2)})`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  }
  const L = [];
  L.push(`# Trace of ${o.page} page, ${o.visit === "returning" ? "returning visitor" : "first visit"}: ${o.variants.join(", ")}`, "");
  if (pre) L.push(`The report of \`${path.basename(pre.file)}\` again (\`--report\`)${pre.meta ? "" : "; that file has no record of the run's date, Chromium, commit or notes"}.`, "");
  L.push(`\`node bench/trace.mjs ${args.join(" ")}\` on ${started ? started.toISOString().replace(/\.\d+Z$/, "Z") : "?"}, Chromium ${chromiumVersion || "?"}, ` +
    `${o.runs} visit(s) of each variant per mode, a fresh context each, after one warm-up visit; ` +
    `machine ${os.cpus().length} cores, load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (median ${median(loads).toFixed(1)}).`, "");
  L.push(`icta-consent: git ${commit || "?"}, www/icta-consent/: ${built || "?"}.`, "");
  if (Math.max(...loads) > os.cpus().length) L.push(`**Loaded machine:** the load average went above ${os.cpus().length}: other work shared the CPU; prefer a quieter rerun.`, "");
  const exp = [];
  if (o.ictaDir) exp.push(`icta-consent's files from ${o.ictaDir}`);
  for (const [a, b] of o.replace) exp.push(`page HTML: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  if (o.reducedMotion) exp.push("prefers-reduced-motion: reduce");
  for (const a of ARMS) L.push(`- arm \`icta~${a.id}\`: ${[a.dir ? `files of ${a.dir}` : "the build's files", a.classic ? "as a classic async script" : null, ...a.replace.map(([x, y]) => `page HTML ${JSON.stringify(x)} → ${JSON.stringify(y)}`), a.reducedMotion ? "prefers-reduced-motion: reduce" : null].filter(Boolean).join("; ")} (an experiment)`);
  if (o.flags.length) exp.push(`Chromium flags ${o.flags.join(" ")}`);
  if (exp.length) L.push(`**Experiment, not the benchmark's configuration:** ${exp.join("; ")}.`, "");
  for (const n of server.notes) L.push(`- ${n}`);
  const offs = samples.flatMap((s) => s.clockOffsets || []);
  if (offs.length) L.push(`- performance.now() vs the trace's clock (navigationStart): marks agree within ${Math.max(...offs.map(Math.abs)).toFixed(2)} ms.`);
  L.push("");
  // A returning visitor: what bench.mjs checks of it (a visit that fails
  // is left out of the figures and listed below).
  if (o.visit === "returning") {
    for (const s of samples.filter((x) => !x.error)) {
      if (s.analyticsRuns !== 1) s.error = `returning visitor, analytics ran ${s.analyticsRuns} times`;
      else if (s.bannerSeen) s.error = "returning visitor saw the banner";
    }
  }
  L.push((o.visit === "returning" ? reportReturning : report)(samples, o.variants, MODES, { pageId: o.page }));
  if (o.visit === "returning" && samples.every((s) => !s.error)) L.push("", "Checks: every returning visit ran analytics exactly once and showed no banner.");
  const errors = samples.filter((s) => s.error);
  if (errors.length) L.push("", `Errors: ${errors.map((s) => `round ${s.round} ${s.mode} ${s.variant}: ${s.error}`).join("; ")}`);
  console.log(L.join("\n"));
  if (o.json && !pre) writeFileSync(o.json, JSON.stringify({ args, meta: { started, chromiumVersion, commit, built, loads, notes: server.notes }, samples }, null, 1));
  if (errors.length) process.exitCode = 1;
}

// ---------------------------------------------------------------- server child
// Forked by main: bench/server.mjs's routes, with icta-consent.js marked
// (unless --no-marks), another build's files (--icta-dir) and page edits
// (--replace), in a process of its own so the Playwright driver's event loop
// never delays a response.
async function serveChild() {
  const cfg = JSON.parse(process.argv[3]);
  const { buildRoutes, startServer, brotli, gzip } = await import("./server.mjs");
  const routes = buildRoutes();
  const entry = (type, raw) => ({ type, raw, br: brotli(raw), gzip: gzip(raw) });
  const notes = [];
  if (cfg.ictaDir) {
    for (const name of readdirSync(cfg.ictaDir)) {
      const url = `/icta-consent/${name}`;
      const type = name.endsWith(".wasm") ? "application/wasm" : "text/javascript; charset=utf-8";
      routes.set(url, entry(type, readFileSync(path.join(cfg.ictaDir, name))));
    }
    notes.push(`/icta-consent/ served from ${cfg.ictaDir}`);
  }
  const edit = (html, replace, where) => {
    for (const [from, to] of replace) {
      if (!html.includes(from)) { notes.push(`replace: ${JSON.stringify(from)} not in ${where}`); continue; }
      html = html.split(from).join(to);
    }
    return html;
  };
  for (const [url, r] of [...routes]) {
    const m = url.match(/^\/pages\/([^/]+)\/([^/]+)\.html$/);
    if (!m) continue;
    if (cfg.replace.length && cfg.variants.includes(m[2])) routes.set(url, entry(r.type, Buffer.from(edit(r.raw.toString("utf8"), cfg.replace, url))));
    // The arms: icta-consent's page (edited as above), then their own edits.
    if (m[2] !== "icta" || m[1] !== cfg.page) continue;
    for (const a of cfg.arms) {
      let html = routes.get(url).raw.toString("utf8");
      if (a.dir || a.classic) html = html.split("/icta-consent/").join(`/arm/${a.id}/icta-consent/`);
      // A classic async script instead of the module (see classicBundle).
      if (a.classic) html = html.replace(new RegExp(`<script type="module"([^>]*src="/arm/${a.id}/icta-consent/icta-consent\\.js")`), "<script$1");
      routes.set(`/pages/${m[1]}/icta~${a.id}.html`, entry(r.type, Buffer.from(edit(html, a.replace, `${url} (arm ${a.id})`))));
    }
  }
  for (const a of cfg.arms) {
    if (a.dir) {
      for (const name of readdirSync(a.dir)) {
        const type = name.endsWith(".wasm") ? "application/wasm" : "text/javascript; charset=utf-8";
        routes.set(`/arm/${a.id}/icta-consent/${name}`, entry(type, readFileSync(path.join(a.dir, name))));
      }
    } else if (a.classic) {
      for (const [url, r] of [...routes]) if (url.startsWith("/icta-consent/")) routes.set(`/arm/${a.id}${url}`, r);
    }
    if (a.classic) {
      const url = `/arm/${a.id}/icta-consent/icta-consent.js`;
      const r = routes.get(url);
      routes.set(url, entry(r.type, Buffer.from(classicBundle(r.raw.toString("utf8")))));
      notes.push(`${url}: the bundle as a classic script`);
    }
  }
  if (cfg.marks) {
    for (const url of [...routes.keys()].filter((u) => /^(\/arm\/[^/]+)?\/icta-consent\/icta-consent\.js$/.test(u))) {
      const r = routes.get(url);
      const { text, applied, missed } = markBundle(r.raw.toString("utf8"));
      routes.set(url, entry(r.type, Buffer.from(text)));
      notes.push(`${url} marked: ${applied.join(", ")}${missed.length ? `; NOT found in the bundle: ${missed.join(", ")}` : ""}`);
    }
  }
  const s = await startServer({ routes });
  process.send({ origin: s.origin, notes });
  process.on("disconnect", () => process.exit(0));
}

if (process.argv[2] === "--serve-child") await serveChild();
else await main();
