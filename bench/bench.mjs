// Side-by-side benchmark of icta-consent, vanilla-cookieconsent, klaro, a
// minimal inline banner (the physical limit) and a page with no banner, in
// headless Chromium, on two pages (a small one, and one shaped like a real
// site), plus a DOM churn benchmark. Run by ./scripts/bench.
//
//   node bench/bench.mjs [--page small|site|all] [--variants a,b,...] [--rounds N]
//                        [--churn | --no-churn] [--sizes N,...] [--churn-rounds N]
//                        [--quick] [--out FILE] [--json FILE]
//
// Each round visits every variant once per page and mode (unthrottled, then
// throttled, alternating which goes first), in an order that rotates every
// round, each visit in a fresh browser context (empty storage, empty cache):
//   1. first visit: time to the banner's first visible frame and to the end
//      of its entry animation, first contentful paint, DOMContentLoaded, the
//      page's long tasks, total blocking time and layout shift up to the
//      click, the banner's own script time in long animation frames and its
//      own long tasks (Long Animation Frames attribution), JS heap after load
//      (after a GC), transfer sizes of what the page fetched from the
//      banner's URL prefix, as the browser saw them;
//   2. click on "accept all" (element.click() in the page, performance.now()
//      just before): time to the banner gone, time to the analytics stand-in
//      running;
//   3. returning visitor: a new navigation in the same context, time from
//      navigation start to the analytics stand-in running.
// The churn benchmark: a page of N elements with the banner started and
// settled (first visit, banner shown, no click), then 1 000 batches of 20
// nodes inserted and 20 removed, each followed by a microtask checkpoint,
// timed inside the page.
// The report (medians, p25-p75, min-max, ratios to vanilla-cookieconsent and
// to the inline limit) goes to stdout, and to bench/RESULTS.md for a full
// run (every page, every variant, the churn benchmark, not --quick) or to
// --out FILE.
import { chromium } from "playwright-core";
import { execFileSync, fork } from "node:child_process";
import { statSync, writeFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH, PAGES, ROOT, VARIANTS, ictaEmbed, ictaFiles, packageVersion } from "./variants.mjs";

// ---------------------------------------------------------------- options
const DEFAULT_ROUNDS = 8;
const DEFAULT_CHURN_ROUNDS = 10;
const DEFAULT_SIZES = [3000, 12000];
const CHURN_BATCHES = 1000;
const CHURN_BATCH = 20;
const CHURN_STATES = ["first", "accepted"];
const CHURN_STATE_NAME = {
  first: "first visit, banner shown, no click",
  accepted: "returning visitor who accepted all, analytics running",
};
const DEFAULT_CHURN_VARIANTS = ["none", "observer", "icta", "vanilla"];
const USAGE = `usage: ./scripts/bench [options]
  --page P          small, site or all (default all); a comma list works too
  --variants LIST   which of ${VARIANTS.map((v) => v.id).join(",")} (default all); the churn
                    benchmark adds "none", its baseline, and defaults to ${DEFAULT_CHURN_VARIANTS.join(",")}
  --rounds N        interleaved rounds of the page visits (default ${DEFAULT_ROUNDS})
  --churn           the DOM churn benchmark only (with --page, both)
  --no-churn        no churn benchmark
  --sizes N,...     churn page sizes in elements (default ${DEFAULT_SIZES.join(",")})
  --churn-rounds N  rounds of the churn benchmark (default ${DEFAULT_CHURN_ROUNDS})
  --quick           a smoke run: 1 round of each, no warm-up, nothing written unless --out
  --out FILE        where to write the Markdown report (a full run: bench/RESULTS.md)
  --json FILE       also write every sample as JSON
Without --page, --variants, --churn, --no-churn or --sizes it is the full run, which
writes bench/RESULTS.md. A quick A/B of two builds: ./scripts/bench --page site --variants icta,limit`;
const args = process.argv.slice(2);
const opts = {
  rounds: null, churnRounds: null, quick: false, out: null, json: null,
  pages: null, variants: null, churn: null, sizes: null,
};
const list = (x) => String(x).split(",").map((y) => y.trim()).filter(Boolean);
for (let i = 0; i < args.length; i++) {
  let a = args[i];
  let val = null;
  const eq = a.indexOf("=");
  if (a.startsWith("--") && eq > 0) { val = a.slice(eq + 1); a = a.slice(0, eq); }
  const next = () => (val !== null ? val : args[++i]);
  if (a === "--rounds") opts.rounds = Number(next());
  else if (a === "--churn-rounds") opts.churnRounds = Number(next());
  else if (a === "--quick") opts.quick = true;
  else if (a === "--out") opts.out = next();
  else if (a === "--json") opts.json = next();
  else if (a === "--page" || a === "--pages") opts.pages = list(next());
  else if (a === "--variants" || a === "--variant") opts.variants = list(next());
  else if (a === "--churn") opts.churn = true;
  else if (a === "--no-churn") opts.churn = false;
  else if (a === "--sizes") opts.sizes = list(next()).map(Number);
  else if (a === "-h" || a === "--help") { console.log(USAGE); process.exit(0); }
  else { console.error(`bench: unknown argument ${args[i]} (try --help)`); process.exit(2); }
}
const fail = (msg) => { console.error(`bench: ${msg}`); process.exit(2); };
const FULL = !opts.quick && opts.pages === null && opts.variants === null && opts.churn === null && opts.sizes === null;
if (opts.pages && opts.pages.includes("all")) opts.pages = PAGES.map((p) => p.id);
// --churn alone: churn only; --page alone: pages only; both or neither: both.
const RUN_PAGES = opts.pages !== null || opts.churn !== true;
const RUN_CHURN = opts.churn === true || (opts.churn === null && opts.pages === null);
const pageIds = opts.pages ?? PAGES.map((p) => p.id);
for (const id of pageIds) if (!PAGES.some((p) => p.id === id)) fail(`unknown page ${id} (small, site or all)`);
const variantIds = opts.variants ?? VARIANTS.filter((v) => !v.churnOnly).map((v) => v.id);
for (const id of variantIds) if (!VARIANTS.some((v) => v.id === id)) fail(`unknown variant ${id} (${VARIANTS.map((v) => v.id).join(", ")})`);
const SEL_PAGES = PAGES.filter((p) => pageIds.includes(p.id));
const SEL_VARIANTS = VARIANTS.filter((v) => variantIds.includes(v.id) && !v.churnOnly);
const churnIds = opts.variants ? ["none", ...opts.variants.filter((id) => id !== "none")] : DEFAULT_CHURN_VARIANTS;
const CHURN_VARIANTS = VARIANTS.filter((v) => churnIds.includes(v.id));
// The churn visits with no banner (the baseline, and the observer floor):
// one state, as no click can change them.
const noBanner = (id) => id === "none" || id === "observer";
const SIZES = opts.sizes ?? DEFAULT_SIZES;
for (const n of SIZES) if (!Number.isInteger(n) || n < 100) fail("--sizes needs whole numbers >= 100");
opts.rounds ??= opts.quick ? 1 : DEFAULT_ROUNDS;
opts.churnRounds ??= opts.quick ? 1 : DEFAULT_CHURN_ROUNDS;
for (const n of [opts.rounds, opts.churnRounds]) if (!Number.isInteger(n) || n < 1) fail("--rounds and --churn-rounds need a whole number >= 1");
const OUT = opts.out ?? (FULL ? path.join(BENCH, "RESULTS.md") : null);

// ---------------------------------------------------------------- modes
// Lighthouse's mobile "Slow 4G" figures (rttMs 150, throughputKbps 1.6*1024,
// uploadThroughputKbps 750; kbit = 1024 bit), applied as they are through
// DevTools request-level throttling, plus a 4x CPU slowdown.
const SLOW4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8, // 209715.2 B/s
  uploadThroughput: (750 * 1024) / 8, // 96000 B/s
};
const MODES = [
  { id: "fast", name: "Unthrottled", cpu: 1, network: null, settle: 500 },
  { id: "slow", name: "Throttled: 4x CPU slowdown, Slow 4G", cpu: 4, network: SLOW4G, settle: 1000 },
];
const VIEWPORT = { width: 1280, height: 800 };
const TIMEOUT = 30000;

const BROWSER_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  // navigator.webdriver would be true under automation, and
  // vanilla-cookieconsent's default hideFromBots: true then never shows its
  // banner. A visitor's browser says false; this makes ours say so too, for
  // every variant alike, so vanilla-cookieconsent keeps its default config.
  "--disable-blink-features=AutomationControlled",
];

// ---------------------------------------------------------------- in the page
// Installed before any page script. Observers for long tasks, layout shifts
// and paints; for a banner, a requestAnimationFrame loop that records the
// first frame its surface is visible and the first frame it is fully opaque.
// With cfg.attribute (bench.mjs's own visits; bench/trace.mjs leaves it out)
// also what tells the banner's script time from the page's: long animation
// frames with their script entries, when WebAssembly's own promises resolved
// and how long the microtasks after that ran, and, for a banner that is an
// inline script of the page (cfg.inline, a selector), when its element went in.
function benchInit(cfg) {
  const B = (window.__bench = {
    visibleAt: null, fullAt: null, fcp: null, longtasks: [], shifts: [],
    loaf: [], wasm: [], inlineAt: null, loafSupported: false,
    webdriver: navigator.webdriver, stop: false,
  });
  const observe = (type, fn) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true });
      return true;
    } catch (_) { return false; /* unsupported entry type */ }
  };
  observe("longtask", (e) => B.longtasks.push([e.startTime, e.duration]));
  observe("layout-shift", (e) => { if (!e.hadRecentInput) B.shifts.push([e.startTime, e.value]); });
  observe("paint", (e) => { if (e.name === "first-contentful-paint") B.fcp = e.startTime; });
  if (cfg.attribute) {
    // Long Animation Frames: a frame of 50 ms or more, and every script in
    // it that ran 5 ms or more (Chromium 123+).
    B.loafSupported = observe("long-animation-frame", (e) => B.loaf.push({
      start: e.startTime, dur: e.duration, renderStart: e.renderStart, blocking: e.blockingDuration,
      scripts: e.scripts.map((x) => ({
        type: x.invokerType, invoker: x.invoker, url: x.sourceURL, fn: x.sourceFunctionName, char: x.sourceCharPosition,
        start: x.startTime, exec: x.executionStart, dur: x.duration, forced: x.forcedStyleAndLayoutDuration,
      })),
    }));
    // A script entry starts where Blink calls into script: a script's
    // evaluation, a callback, an event listener, or a promise that Blink
    // resolved (fetch()...), and it runs to the end of the microtask
    // checkpoint after it. WebAssembly.instantiateStreaming's promise (and
    // compile's, instantiate's) is resolved by V8; when compiling ends in a
    // task of its own (throttled: the .wasm is still arriving when the call
    // is made), what runs after it (a wasm module's start, wasm-bindgen's
    // glue) is in no script entry at all. So each
    // of these is wrapped, the same for every page: the result is handed on
    // unchanged one microtask later, the time it arrived is noted, and a
    // microtask that queues itself (so it runs once between every two
    // microtasks of that work) notes when the checkpoint ran dry: the first
    // time 50 of its runs in a row came less than 0.05 ms apart, nothing
    // else running between them (at most 10 000 runs). Who called it is the
    // first URL on the stack (the banner's script).
    const W = typeof WebAssembly === "object" ? WebAssembly : null;
    for (const name of W ? ["instantiateStreaming", "instantiate", "compileStreaming", "compile"] : []) {
      const orig = W[name];
      if (typeof orig !== "function") continue;
      W[name] = function (...a) {
        const caller = (String(new Error().stack).match(/(?:https?|file):\/\/[^\s)]+?(?=:\d+:\d+)/) || [null])[0];
        return orig.apply(this, a).then((result) => {
          const start = performance.now();
          let last = start;
          let quiet = 0;
          let n = 0;
          const tick = () => {
            const now = performance.now();
            quiet = now - last < 0.05 ? quiet + 1 : 0;
            last = now;
            if (quiet < 50 && ++n < 10000) queueMicrotask(tick);
            else B.wasm.push({ name, caller, start, end: now, ticks: n });
          };
          queueMicrotask(tick);
          return result;
        });
      };
    }
    // The inline banner's element: the time the parser's microtask
    // checkpoint after its script saw it (the end of that script).
    if (cfg.inline) {
      const mo = new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (n.nodeType === 1 && (n.matches(cfg.inline) || n.querySelector(cfg.inline))) {
              B.inlineAt = performance.now();
              mo.disconnect();
              return;
            }
          }
        }
      });
      mo.observe(document, { childList: true, subtree: true });
      document.addEventListener("DOMContentLoaded", () => mo.disconnect());
    }
  }
  if (!cfg.surface) return;
  B.surface = cfg.surface;
  B.acceptButton = cfg.acceptButton;
  // 0: not visible; 1: painted with opacity above 0; 2: fully opaque.
  // Visible = connected, rendered (checkVisibility: no display:none,
  // visibility:hidden or opacity:0 on it or its ancestors), a box of at
  // least 1x1 px inside the viewport. Opacity is the product of computed
  // opacities up the flat tree (through the shadow root), so entry and exit
  // animations count the way a visitor sees them.
  B.state = () => {
    const el = B.surface();
    if (!el || !el.isConnected) return 0;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return 0;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return 0;
    let opacity = 1;
    for (let n = el; n; ) {
      if (n.nodeType === 1) opacity *= parseFloat(getComputedStyle(n).opacity);
      n = n.parentNode instanceof ShadowRoot ? n.parentNode.host : n.parentElement;
    }
    return opacity <= 0 ? 0 : opacity >= 0.99 ? 2 : 1;
  };
  const frame = () => {
    if (B.stop) return;
    const s = B.state();
    const now = performance.now();
    if (s >= 1 && B.visibleAt === null) B.visibleAt = now;
    if (s === 2) { B.fullAt = now; return; }
    if (now < 60000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// A banner that is an inline script of the page has no URL of its own: its
// script entries are the page's inline script that inserted this element.
const INLINE_BANNER = { limit: "#bench-limit" };

function initScript(v) {
  const fn = (body) => (body ? `function () { ${body} }` : "null");
  return `(${benchInit.toString()})({ surface: ${fn(v.surface)}, acceptButton: ${fn(v.acceptButton)}, ` +
    `attribute: true, inline: ${JSON.stringify(INLINE_BANNER[v.id] || null)} });`;
}

// Read after the first visit settled, before the heap is measured and the
// button clicked. The site page's own ready work (window.__siteWork) is
// recorded by the page; a long task that spans it is the site's.
//
// The banner's own work: the script entries of the long animation frames
// that are the banner's (a sourceURL under its prefix; for the inline
// banner, the page's inline script that was running when its element went
// in), and each WebAssembly continuation its script started that no script
// entry of the banner already holds (see benchInit), when it ran inside a
// long frame. A long task is the banner's own when its script time in it is
// 50 ms or more, or when the task would be under 50 ms without it.
function collectFirstVisit({ prefix, inline }) {
  const B = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource").filter((e) => prefix && new URL(e.name).pathname.startsWith(prefix));
  const W = window.__siteWork || null;
  // The ready work runs inside one task, so the long task it overlaps (by
  // more than a millisecond: long task times are rounded) is that task.
  const site = (t) => W !== null && Math.min(t[0] + t[1], W.end) - Math.max(t[0], W.start) > 1;
  const under = (url) => {
    try { return !!prefix && !!url && new URL(url, location.href).pathname.startsWith(prefix); } catch (_) { return false; }
  };
  const page = location.href.split("#")[0];
  const mine = (x) => under(x.url) ||
    (!!inline && B.inlineAt !== null && x.url === page && x.type === "classic-script" && x.start <= B.inlineAt && B.inlineAt <= x.start + x.dur + 1);
  const banner = [];
  for (const f of B.loaf) for (const x of f.scripts) if (mine(x)) banner.push(x);
  for (const w of B.wasm) {
    if (!under(w.caller)) continue;
    const inFrame = B.loaf.some((f) => w.start >= f.start && w.start <= f.start + f.dur);
    const held = banner.some((x) => w.start >= x.start - 0.5 && w.end <= x.start + x.dur + 0.5);
    if (inFrame && !held) banner.push({ type: "wasm-continuation", invoker: `WebAssembly.${w.name} resolved`, url: w.caller, start: w.start, dur: w.end - w.start, forced: null });
  }
  banner.sort((a, b) => a.start - b.start);
  const overlap = (x, [st, d]) => Math.max(0, Math.min(x.start + x.dur, st + d) - Math.max(x.start, st));
  const tasks = B.longtasks.map((t) => {
    const ms = banner.reduce((s, x) => s + overlap(x, t), 0);
    return { t, ms, own: ms >= 50 || (ms > 0 && t[1] - ms < 50) };
  });
  return {
    visibleAt: B.visibleAt,
    fullAt: B.fullAt,
    fcp: B.fcp,
    dclStart: nav ? nav.domContentLoadedEventStart : null,
    dcl: nav ? nav.domContentLoadedEventEnd : null,
    load: nav ? nav.loadEventEnd : null,
    htmlTransfer: nav ? nav.transferSize : null,
    tbt: B.longtasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0),
    longtasks: B.longtasks.length,
    longtasksOwn: B.longtasks.filter((t) => !site(t)).length,
    longtaskList: tasks.map(({ t: [st, d], ms, own }) => [Math.round(st), Math.round(d), site([st, d]) ? "site" : "", Math.round(ms * 10) / 10, own ? "banner's" : ""]),
    loafSupported: B.loafSupported,
    longFrames: B.loaf.length,
    // Every long frame and its scripts, for the JSON (--json): [start, duration,
    // renderStart, blockingDuration, [[invokerType, invoker, sourceURL's path, start, duration], ...]].
    longFrameList: B.loaf.map((f) => [f.start, f.dur, f.renderStart, f.blocking].map(Math.round).concat([f.scripts.map((x) => {
      let u = x.url;
      try { u = u ? new URL(u).pathname : ""; } catch (_) { /* not a URL */ }
      return [x.type, x.invoker.startsWith(location.origin) ? new URL(x.invoker).pathname : x.invoker, u, Math.round(x.start), Math.round(x.dur * 10) / 10];
    })])),
    bannerLongtasks: tasks.filter((x) => x.own).length,
    bannerScriptMs: banner.reduce((s, x) => s + x.dur, 0),
    bannerMaxScriptMs: banner.reduce((m, x) => Math.max(m, x.dur), 0),
    bannerScripts: banner.map((x) => ({ ...x, start: Math.round(x.start * 10) / 10, dur: Math.round(x.dur * 10) / 10 })),
    wasmCalls: B.wasm.map((w) => ({ ...w, start: Math.round(w.start * 10) / 10, end: Math.round(w.end * 10) / 10 })),
    inlineAt: B.inlineAt,
    cls: B.shifts.reduce((s, [, v]) => s + v, 0),
    siteWorkStart: W ? W.start : null,
    siteWorkMs: W ? W.end - W.start : null,
    transfer: res.reduce((s, e) => s + e.transferSize, 0),
    encoded: res.reduce((s, e) => s + e.encodedBodySize, 0),
    resources: res.map((e) => [new URL(e.name).pathname, e.transferSize, e.encodedBodySize, Math.round(e.responseEnd)]),
    analyticsRuns: window.__analyticsRuns || 0,
    analyticsAt: window.__analyticsAt ?? null,
    webdriver: B.webdriver,
  };
}

// Clicks "accept all" and waits for the banner to be gone (first frame it is
// not visible: hidden, removed, or faded out to opacity 0) and for the
// analytics stand-in to run.
async function clickAcceptAll() {
  const B = window.__bench;
  const button = B.acceptButton();
  if (!button) return { error: "no accept-all button" };
  const runsBefore = window.__analyticsRuns || 0;
  const t0 = performance.now();
  button.click();
  const goneAt = await new Promise((resolve) => {
    const frame = () => {
      if (B.state() === 0) resolve(performance.now());
      else if (performance.now() - t0 > 20000) resolve(null);
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const analyticsAt = await new Promise((resolve) => {
    const poll = () => {
      if (window.__analyticsAt !== undefined) resolve(window.__analyticsAt);
      else if (performance.now() - t0 > 30000) resolve(null);
      else setTimeout(poll, 4);
    };
    poll();
  });
  return { t0, goneAt, analyticsAt, runsBefore };
}

// WebAssembly linear memory is neither in the JS heap nor in
// getHeapUsage's backingStorageSize, so it is counted apart: every live
// WebAssembly.Memory in the page, found from the outside (queryObjects walks
// the heap), without instrumenting the page.
async function wasmMemoryBytes(cdp) {
  const proto = await cdp.send("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype" });
  const found = await cdp.send("Runtime.queryObjects", { prototypeObjectId: proto.result.objectId });
  const sum = await cdp.send("Runtime.callFunctionOn", {
    objectId: found.objects.objectId,
    functionDeclaration: "function () { return this.reduce((s, m) => s + m.buffer.byteLength, 0); }",
    returnByValue: true,
  });
  await cdp.send("Runtime.releaseObject", { objectId: found.objects.objectId });
  await cdp.send("Runtime.releaseObject", { objectId: proto.result.objectId });
  return sum.result.value;
}

// ---------------------------------------------------------------- one visit
// After the load event, wait without touching the page before asking it
// anything. The first waitForFunction or evaluate in a new document makes
// Playwright evaluate its injected script there: 5-8 ms of main-thread work
// (seen in Chromium traces as an EvaluateScript with no URL, about 10 ms after
// the load event). A banner whose work is still running after the load event
// (any that loads a .wasm, or fetches after DOMContentLoaded) would be charged
// for the harness's work; one that finished earlier would not. The timings
// themselves are recorded by the page (init script), not by these waits.
const QUIET_MS = { fast: 800, slow: 2500 };
async function quietly(page, mode) {
  await page.waitForTimeout(QUIET_MS[mode.id]);
}

async function visit(browser, origin, pg, v, mode) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const sample = { page: pg.id, variant: v.id, mode: mode.id };
  try {
    await context.addInitScript({ content: initScript(v) });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const cdp = await context.newCDPSession(page);
    if (mode.network) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", mode.network);
    }
    if (mode.cpu !== 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: mode.cpu });
    const url = `${origin}/pages/${pg.id}/${v.id}.html`;

    // 1. First visit.
    await page.goto(url, { waitUntil: "load", timeout: TIMEOUT });
    await quietly(page, mode);
    if (v.surface) await page.waitForFunction(() => window.__bench.fullAt !== null, null, { polling: 50 });
    else await page.waitForFunction(() => window.__analyticsAt !== undefined, null, { polling: 50 });
    await page.waitForTimeout(mode.settle);
    Object.assign(sample, await page.evaluate(collectFirstVisit, { prefix: v.prefix, inline: INLINE_BANNER[v.id] || null }));
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    sample.heapUsed = heap.usedSize;
    sample.heapBacking = heap.backingStorageSize ?? null;
    sample.heapEmbedder = heap.embedderHeapUsedSize ?? null;
    sample.wasmMemory = await wasmMemoryBytes(cdp);
    sample.memTotal = sample.heapUsed + (sample.heapBacking || 0) + sample.wasmMemory;

    // 2. Accept all.
    if (v.acceptButton) {
      const c = await page.evaluate(clickAcceptAll);
      if (c.error) throw new Error(c.error);
      sample.clickToGone = c.goneAt === null ? null : c.goneAt - c.t0;
      sample.clickToAnalytics = c.analyticsAt === null ? null : c.analyticsAt - c.t0;
      sample.runsBeforeClick = c.runsBefore;
      await page.waitForTimeout(300);
      sample.runsAfterClick = await page.evaluate(() => window.__analyticsRuns || 0);
    }

    // 3. Returning visitor: a new navigation in the same context.
    await page.goto(url, { waitUntil: "load", timeout: TIMEOUT });
    await quietly(page, mode);
    await page.waitForFunction(() => window.__analyticsAt !== undefined, null, { polling: 50 });
    await page.waitForTimeout(300);
    const ret = await page.evaluate(() => ({
      at: window.__analyticsAt, runs: window.__analyticsRuns, banner: window.__bench.visibleAt !== null,
    }));
    await page.evaluate(() => { window.__bench.stop = true; });
    sample.returnToAnalytics = ret.at;
    sample.returnRuns = ret.runs;
    sample.returnBanner = ret.banner;
  } catch (e) {
    sample.error = String(e && e.message ? e.message : e).split("\n")[0];
  } finally {
    await context.close().catch(() => {});
  }
  return sample;
}

// The churn benchmark, one visit, unthrottled, in one of two states:
// "first": a first visit to the churn page of `elements` elements, banner
// shown, no click; "accepted": a returning visitor who accepted all (a first
// visit, "accept all", then a new navigation, analytics running), where a
// banner's gate has something to let through and watches for it. Once the
// page has settled, window.__churn runs the batches and says how long they
// took, from the first batch to the end of the last.
async function churnVisit(browser, origin, elements, v, state) {
  const mode = MODES[0];
  const context = await browser.newContext({ viewport: VIEWPORT });
  const sample = { page: `churn-${elements}`, variant: v.id, mode: "churn", state, elements };
  try {
    await context.addInitScript({ content: initScript(v) });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const url = `${origin}/pages/churn-${elements}/${v.id}.html`;
    await page.goto(url, { waitUntil: "load", timeout: TIMEOUT });
    await quietly(page, mode);
    if (v.surface) await page.waitForFunction(() => window.__bench.fullAt !== null, null, { polling: 50 });
    if (state === "accepted" && v.acceptButton) {
      const c = await page.evaluate(clickAcceptAll);
      if (c.error) throw new Error(c.error);
      await page.goto(url, { waitUntil: "load", timeout: TIMEOUT });
      await quietly(page, mode);
      await page.waitForFunction(() => window.__analyticsAt !== undefined, null, { polling: 50 });
    }
    await page.waitForTimeout(mode.settle);
    const r = await page.evaluate(async ([batches, size]) => {
      window.__bench.stop = true;
      const before = document.getElementsByTagName("*").length;
      const runs = window.__analyticsRuns || 0;
      const ms = await window.__churn(batches, size);
      return { ms, before, after: document.getElementsByTagName("*").length, runs, runsAfter: window.__analyticsRuns || 0, bannerShown: window.__bench.visibleAt !== null };
    }, [CHURN_BATCHES, CHURN_BATCH]);
    Object.assign(sample, { churnMs: r.ms, elementsBefore: r.before, elementsAfter: r.after, analyticsRuns: r.runs, analyticsRunsAfter: r.runsAfter, bannerShown: r.bannerShown });
  } catch (e) {
    sample.error = String(e && e.message ? e.message : e).split("\n")[0];
  } finally {
    await context.close().catch(() => {});
  }
  return sample;
}

// ---------------------------------------------------------------- statistics
function quantile(sorted, q) {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
function summary(values) {
  const xs = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!xs.length) return null;
  return { n: xs.length, min: xs[0], p25: quantile(xs, 0.25), med: quantile(xs, 0.5), p75: quantile(xs, 0.75), max: xs[xs.length - 1] };
}

// ---------------------------------------------------------------- formatting
const sep = (n) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
const fmtMs = (x) => (Math.abs(x) < 10 ? x.toFixed(1) : sep(x));
const fmtKB = (x) => (x / 1024).toFixed(x < 10240 ? 2 : 1);
const fmtCls = (x) => x.toFixed(3);
const fmtN = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
// banner: only variants with a banner; files: only banners with files of
// their own; site: only on the real-site page; noneOnly: only the no-banner
// variant.
const METRICS = [
  { key: "visibleAt", label: "Banner visible (first frame), ms from navigation start", fmt: fmtMs, banner: true },
  { key: "fullAt", label: "Banner fully shown (entry animation over), ms", fmt: fmtMs, banner: true },
  { key: "fcp", label: "First contentful paint, ms", fmt: fmtMs },
  { key: "dcl", label: "DOMContentLoaded event end, ms", fmt: fmtMs },
  { key: "siteWorkStart", label: "Site's ready work (jQuery ready handler): start, ms", fmt: fmtMs, site: true },
  { key: "siteWorkMs", label: "Site's ready work: duration, ms", fmt: fmtMs, site: true },
  { key: "load", label: "Load event end, ms", fmt: fmtMs },
  { key: "tbt", label: "The page's total blocking time before the click (whatever ran), ms", fmt: fmtMs },
  { key: "longtasks", label: "The page's long tasks before the click (whatever ran), count", fmt: fmtN },
  { key: "longtasksOwn", label: "The page's long tasks before the click besides the site's ready work, count", fmt: fmtN, site: true },
  { key: "bannerLongtasks", label: "Banner's own long tasks before the click (its script ≥ 50 ms of the task, or the task < 50 ms without it), count", fmt: fmtN, banner: true },
  { key: "bannerScriptMs", label: "Banner's own script time in long animation frames before the click, ms", fmt: fmtMs, banner: true },
  { key: "bannerMaxScriptMs", label: "Banner's longest single script entry in a long animation frame, ms", fmt: fmtMs, banner: true },
  { key: "cls", label: "Cumulative layout shift before the click", fmt: fmtCls },
  { key: "heapUsed", label: "JS heap used after load (after GC), KiB", fmt: fmtKB },
  { key: "heapBacking", label: "ArrayBuffer backing stores, KiB", fmt: fmtKB },
  { key: "wasmMemory", label: "WebAssembly linear memory, KiB", fmt: fmtKB },
  { key: "memTotal", label: "Memory total (the three above), KiB", fmt: fmtKB },
  { key: "clickToGone", label: "Click \"accept all\" → banner gone, ms", fmt: fmtMs, banner: true },
  { key: "clickToAnalytics", label: "Click \"accept all\" → analytics running, ms", fmt: fmtMs, banner: true },
  { key: "returnToAnalytics", label: "Returning visitor: navigation start → analytics running, ms", fmt: fmtMs },
  { key: "analyticsAt", label: "First visit, no banner: navigation start → analytics running, ms", fmt: fmtMs, noneOnly: true },
  { key: "htmlTransfer", label: "Page HTML, transfer size observed, B", fmt: sep },
  { key: "transfer", label: "Banner's files, transfer size observed (Resource Timing), B", fmt: sep, files: true },
];

function cell(s, fmt) {
  if (!s) return "–";
  const spread = s.n > 1 ? ` (${fmt(s.p25)}–${fmt(s.p75)}; ${fmt(s.min)}–${fmt(s.max)})` : "";
  return `**${fmt(s.med)}**${spread}`;
}
function ratioOf(a, b) {
  return a && b && b.med > 0 ? a.med / b.med : null;
}
function ratio(a, b) {
  const r = ratioOf(a, b);
  return r === null ? "–" : `${r.toFixed(2)}×`;
}

// ---------------------------------------------------------------- main
function git(...a) {
  try { return execFileSync("git", ["-C", ROOT, ...a], { encoding: "utf8" }).trim(); } catch { return ""; }
}

const MODE_NAME = { fast: "unthrottled", slow: "4x CPU + Slow 4G" };

async function main() {
  const started = new Date();
  const t0 = performance.now();
  const load0 = os.loadavg();
  // What icta-consent is, read before the server snapshots its files.
  const commit = git("rev-parse", "--short=12", "HEAD");
  const SOURCE = ["src", "pkg-config", "build.rs", "Cargo.toml", "Cargo.lock", "scripts/build", "scripts/dist.py", "scripts/minify_names.py"];
  const dirty = git("status", "--porcelain", "--", ...SOURCE);
  const sourceCommit = git("log", "-1", "--format=%h %s", "--", ...SOURCE);
  const files = ictaFiles();
  const embed = ictaEmbed();
  let builtAt = "";
  try {
    builtAt = new Date(Math.max(...files.map((f) => statSync(f.file).mtimeMs))).toISOString().replace(/\.\d+Z$/, "Z");
  } catch { /* missing */ }

  const server = await new Promise((resolve, reject) => {
    const child = fork(path.join(BENCH, "server.mjs"), [RUN_CHURN ? SIZES.join(",") : ""], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (m) => resolve({ ...m, close: () => child.disconnect() }));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the server exited (${code})`)));
  });
  const sizeOf = (urls) => urls.reduce((t, u) => {
    const z = server.sizes[u] || { raw: 0, gzip: 0, br: 0 };
    return { raw: t.raw + z.raw, gzip: t.gzip + z.gzip, br: t.br + z.br };
  }, { raw: 0, gzip: 0, br: 0 });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: BROWSER_FLAGS,
  });
  const chromiumVersion = browser.version();
  const samples = [];
  const churn = [];
  let maxLoad = load0[0];
  let pagesSeconds = 0;
  let churnSeconds = 0;
  try {
    if (RUN_PAGES) {
      const tp = performance.now();
      // One untimed visit of every variant on every page in every mode
      // first: the first visits of a fresh browser pay for its own start-up,
      // whichever comes first. (Not for --quick, a smoke run.)
      if (!opts.quick) {
        for (const mode of MODES) for (const pg of SEL_PAGES) for (const v of SEL_VARIANTS) await visit(browser, server.origin, pg, v, mode);
        console.error(`bench: warm-up done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      for (let r = 0; r < opts.rounds; r++) {
        const tr = performance.now();
        const modes = r % 2 === 0 ? MODES : [...MODES].reverse();
        const pages = r % 2 === 0 ? SEL_PAGES : [...SEL_PAGES].reverse();
        const order = SEL_VARIANTS.map((_, i) => SEL_VARIANTS[(i + r) % SEL_VARIANTS.length]);
        for (const mode of modes) {
          for (const pg of pages) {
            for (const v of order) {
              const s = await visit(browser, server.origin, pg, v, mode);
              s.round = r + 1;
              samples.push(s);
              if (s.error) console.error(`  round ${r + 1} ${mode.id} ${pg.id} ${v.id}: ERROR ${s.error}`);
            }
          }
        }
        maxLoad = Math.max(maxLoad, os.loadavg()[0]);
        console.error(`bench: round ${r + 1}/${opts.rounds} in ${((performance.now() - tr) / 1000).toFixed(1)} s (load average ${os.loadavg()[0].toFixed(2)})`);
      }
      pagesSeconds = (performance.now() - tp) / 1000;
    }
    if (RUN_CHURN) {
      const tc = performance.now();
      // "No banner" has one state: its visits are the baseline of both.
      const runs = CHURN_STATES.flatMap((st) => CHURN_VARIANTS.filter((v) => st === "first" || !noBanner(v.id)).map((v) => [v, st]));
      if (!opts.quick) for (const [v, st] of runs) await churnVisit(browser, server.origin, SIZES[0], v, st);
      for (let r = 0; r < opts.churnRounds; r++) {
        const order = runs.map((_, i) => runs[(i + r) % runs.length]);
        for (const n of r % 2 === 0 ? SIZES : [...SIZES].reverse()) {
          for (const [v, st] of order) {
            const s = await churnVisit(browser, server.origin, n, v, st);
            s.round = r + 1;
            churn.push(s);
            if (s.error) console.error(`  churn round ${r + 1} ${n} ${v.id} ${st}: ERROR ${s.error}`);
          }
        }
        maxLoad = Math.max(maxLoad, os.loadavg()[0]);
      }
      churnSeconds = (performance.now() - tc) / 1000;
      console.error(`bench: churn, ${opts.churnRounds} rounds in ${churnSeconds.toFixed(1)} s (load average ${os.loadavg()[0].toFixed(2)})`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const load1 = os.loadavg();

  // ------------------------------------------------------------ report
  const ok = (x) => !x.error;
  const pick = (pg, v, mode) => samples.filter((x) => x.page === pg && x.variant === v && x.mode === mode && ok(x));
  const stat = (pg, v, mode, key) => summary(pick(pg, v, mode).map((x) => x[key]));
  const has = (id) => SEL_VARIANTS.some((v) => v.id === id);
  const name = Object.fromEntries(VARIANTS.map((v) => [v.id, v.name]));

  const versions = {
    "icta-consent": `git ${commit}${dirty ? " + uncommitted changes to the module or its build" : ""} (the module and its build last changed in ${sourceCommit.replace(/\|/g, "\\|")}); www/icta-consent/ built ${builtAt}: ` +
      files.map((f) => `\`${path.basename(f.file)}\` sha256 ${server.sizes[f.url].sha256.slice(0, 12)}`).join(", "),
    "vanilla-cookieconsent": packageVersion("vanilla-cookieconsent"),
    klaro: packageVersion("klaro"),
    "real-site page": `Bootstrap ${packageVersion("bootstrap")} (CSS and bundle with Popper), jQuery ${packageVersion("jquery")}`,
    Chromium: chromiumVersion,
    "playwright-core": packageVersion("playwright-core"),
    "Node.js": process.version,
  };
  const L = [];
  const what = [
    RUN_PAGES ? `${opts.rounds} interleaved round${opts.rounds > 1 ? "s" : ""} of page visits (pages: ${SEL_PAGES.map((p) => p.id).join(", ")}; every variant once per page and mode per round, order rotating each round, ` +
      `a fresh browser context per visit${opts.quick ? "" : ", after one untimed warm-up visit of each"}; ${samples.length} timed visits, ${pagesSeconds.toFixed(0)} s)` : null,
    RUN_CHURN ? `${opts.churnRounds} round${opts.churnRounds > 1 ? "s" : ""} of the DOM churn benchmark (${churn.length} timed visits, ${churnSeconds.toFixed(0)} s)` : null,
  ].filter(Boolean).join(" and ");
  L.push("# Cookie banners side by side: icta-consent, vanilla-cookieconsent, klaro, the inline limit", "");
  L.push(`Written by \`./scripts/bench${args.length ? " " + args.join(" ") : ""}\` on ${started.toISOString().replace(/\.\d+Z$/, "Z")}: ` +
    `${what}${opts.quick ? "; --quick: no warm-up, a smoke run, not a measurement" : ""}. The whole run took ${seconds.toFixed(0)} s.`, "");
  L.push("| | version |", "|---|---|");
  for (const [k, val] of Object.entries(versions)) L.push(`| ${k} | ${val} |`);
  L.push(`| machine | ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average (1 min) ${load0[0].toFixed(2)} at start, ${maxLoad.toFixed(2)} at most between rounds, ${load1[0].toFixed(2)} at the end |`);
  L.push("");
  if (maxLoad > os.cpus().length) {
    L.push(`**Noisy run:** the load average reached ${maxLoad.toFixed(1)} on ${os.cpus().length} cores (this run's own browser and server are part of that), ` +
      "so other work shared the CPU. Medians hold up better than the min–max spreads; rerun on a quiet machine for tighter numbers.", "");
  }
  L.push("The icta-consent embed measured (the build's `dist/embed.html`, its integrity attribute and content hashes left out):", "", "```html", embed, "```", "");

  // Summary: the figures the goals are about.
  const churnStat = (n, v, st) => summary(churn.filter((x) => x.elements === n && x.variant === v && (noBanner(v) || x.state === st) && ok(x)).map((x) => x.churnMs));
  const goals = [];
  if (RUN_PAGES) {
    const cols = ["icta", "vanilla", "limit"].filter(has);
    L.push("## Summary", "");
    L.push("Medians; the full tables with spreads follow. Ratios are icta-consent's median over the other's.", "");
    L.push(`| page | mode | metric | ${cols.map((c) => name[c]).join(" | ")} | ${has("icta") && has("vanilla") ? "icta ÷ vanilla | " : ""}${has("icta") && has("limit") ? "icta ÷ limit |" : ""}`);
    L.push(`|---|---|---|${cols.map(() => "---:").join("|")}|${has("icta") && has("vanilla") ? "---:|" : ""}${has("icta") && has("limit") ? "---:|" : ""}`);
    for (const pg of SEL_PAGES) {
      for (const mode of MODES) {
        for (const [key, label] of [["visibleAt", "banner visible, ms"], ["returnToAnalytics", "returning visitor → analytics, ms"]]) {
          const st = Object.fromEntries(cols.map((c) => [c, stat(pg.id, c, mode.id, key)]));
          L.push(`| ${pg.id} | ${MODE_NAME[mode.id]} | ${label} | ${cols.map((c) => (st[c] ? fmtMs(st[c].med) : "–")).join(" | ")} |` +
            `${has("icta") && has("vanilla") ? ` ${ratio(st.icta, st.vanilla)} |` : ""}${has("icta") && has("limit") ? ` ${ratio(st.icta, st.limit)} |` : ""}`);
        }
      }
    }
    L.push("");
    // The goals of issue #12, as this run measured them.
    if (has("icta")) {
      const r = (pg, mode, key, other) => ratioOf(stat(pg, "icta", mode, key), stat(pg, other, mode, key));
      for (const pg of SEL_PAGES) {
        for (const mode of MODES) {
          const m = MODE_NAME[mode.id];
          if (has("vanilla")) {
            const lim = pg.id === "site" ? 0.65 : 0.6;
            const x = r(pg.id, mode.id, "visibleAt", "vanilla");
            goals.push([`banner visible, ${pg.id} page, ${m}: ≤ ${lim}× vanilla`, x === null ? "–" : `${x.toFixed(2)}×`, x !== null && x <= lim]);
          }
          if (has("limit") && pg.id === "site") {
            const x = r(pg.id, mode.id, "visibleAt", "limit");
            goals.push([`banner visible, ${pg.id} page, ${m}: ≤ 1.10× the inline limit`, x === null ? "–" : `${x.toFixed(2)}×`, x !== null && x <= 1.1]);
          }
          if (has("vanilla")) {
            const x = r(pg.id, mode.id, "returnToAnalytics", "vanilla");
            goals.push([`returning visitor → analytics, ${pg.id} page, ${m}: ≤ 0.80× vanilla`, x === null ? "–" : `${x.toFixed(2)}×`, x !== null && x <= 0.8]);
          }
          // The banner's own long tasks (see collectFirstVisit); the page's,
          // whatever ran them, beside it for scale.
          const vs = pick(pg.id, "icta", mode.id);
          const withLT = vs.filter((x) => x.bannerLongtasks > 0).length;
          const pageKey = pg.id === "site" ? "longtasksOwn" : "longtasks";
          const pageLT = vs.filter((x) => x[pageKey] > 0).length;
          const base = has("none") ? pick(pg.id, "none", mode.id).filter((x) => x[pageKey] > 0).length : null;
          const worst = Math.max(0, ...vs.map((x) => x.bannerMaxScriptMs));
          goals.push([`no long task of the banner's own before the click (its script ≥ 50 ms of the task, or the task < 50 ms without it), ${pg.id} page, ${m}`,
            `${withLT} of ${vs.length} visits had one (its longest script entry in a long frame at most ${fmtMs(worst)} ms; ` +
            `the page had a long task${pg.id === "site" ? " besides the site's ready work" : ""} in ${pageLT} of ${vs.length}` +
            `${base === null ? "" : `, without a banner in ${base} of ${pick(pg.id, "none", mode.id).length}`})`, vs.length > 0 && withLT === 0]);
          const maxCls = Math.max(0, ...vs.map((x) => x.cls));
          goals.push([`no layout shift before the click, ${pg.id} page, ${m}`, `CLS at most ${fmtCls(maxCls)}`, vs.length > 0 && maxCls === 0]);
        }
      }
    }
  }
  if (RUN_CHURN) {
    for (const st of CHURN_STATES) {
      for (const n of SIZES) {
        const x = ratioOf(churnStat(n, "icta", st), churnStat(n, "none", st));
        if (CHURN_VARIANTS.some((v) => v.id === "icta")) goals.push([`DOM churn, ${sep(n)} elements, ${CHURN_STATE_NAME[st]}: ≤ 1.10× no banner`, x === null ? "–" : `${x.toFixed(2)}×`, x !== null && x <= 1.1]);
      }
    }
  }
  // Bytes: what a first visit fetched from icta-consent's prefix.
  const fetchedBy = (pg, v) => {
    const set = new Set();
    for (const x of samples.filter((y) => y.page === pg && y.variant === v && ok(y))) for (const [u] of x.resources || []) set.add(u);
    return [...set].sort();
  };
  if (RUN_PAGES && has("icta")) {
    const urls = [...new Set(SEL_PAGES.flatMap((pg) => fetchedBy(pg.id, "icta")))];
    const br = sizeOf(urls).br;
    goals.push(["bytes: what a first visit fetched of icta-consent ≤ 30 000 B brotli", `${sep(br)} B`, br <= 30000]);
  }
  if (goals.length) {
    L.push("### The goals of issue #12 in this run", "");
    L.push("| goal | measured | met |", "|---|---:|---|");
    for (const [g, m, met] of goals) L.push(`| ${g} | ${m} | ${met ? "yes" : "**no**"} |`);
    L.push("");
  }

  if (RUN_PAGES) {
    L.push("## Bytes on the wire: each banner's own files", "");
    L.push("Computed from the bytes served (gzip level 9 and brotli quality 11 with node:zlib; the server sends the brotli form) of every file the page fetched " +
      "from the banner's URL prefix on a first visit (Resource Timing), whatever their names; the config file of each competitor counts as its bytes. " +
      "\"Observed\" is the Resource Timing `transferSize` sum (body + response headers), median of the unthrottled first visits. " +
      "\"HTML added\" is the page's own HTML, brotli, beyond the page without a banner: the embed, or the whole of the inline limit.", "");
    L.push("| page | banner | files fetched | raw | gzip -9 | brotli q11 | observed transfer | brotli vs vanilla | HTML added, brotli |", "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    const perFile = new Set();
    for (const pg of SEL_PAGES) {
      const vanillaBr = sizeOf(fetchedBy(pg.id, "vanilla")).br;
      for (const v of SEL_VARIANTS) {
        if (v.id === "none") continue;
        const urls = v.prefix ? fetchedBy(pg.id, v.id) : [];
        urls.forEach((u) => perFile.add(u));
        const t = sizeOf(urls);
        const obs = stat(pg.id, v.id, "fast", "transfer");
        const html = (server.sizes[`/pages/${pg.id}/${v.id}.html`]?.br ?? 0) - (server.sizes[`/pages/${pg.id}/none.html`]?.br ?? 0);
        L.push(`| ${pg.id} | ${v.name} | ${urls.length} | ${sep(t.raw)} B | ${sep(t.gzip)} B | **${sep(t.br)} B** | ${v.prefix && obs ? sep(obs.med) + " B" : "–"} | ` +
          `${has("vanilla") && vanillaBr ? (t.br / vanillaBr).toFixed(2) + "×" : "–"} | ${sep(html)} B |`);
      }
    }
    L.push("", "Per file:", "", "| file | raw | gzip -9 | brotli q11 |", "|---|---:|---:|---:|");
    for (const u of [...perFile].sort()) L.push(`| \`${u}\` | ${sep(server.sizes[u].raw)} | ${sep(server.sizes[u].gzip)} | ${sep(server.sizes[u].br)} |`);
    const unfetched = files.map((f) => f.url).filter((u) => !perFile.has(u));
    if (has("icta") && unfetched.length) L.push("", `Served from www/icta-consent/ but fetched by no page: ${unfetched.map((u) => `\`${u}\``).join(", ")}.`);
    L.push("", "The pages themselves, brotli: " + SEL_PAGES.map((pg) => `${pg.id} ${sep(server.sizes[`/pages/${pg.id}/none.html`].br)} B (${sep(server.sizes[`/pages/${pg.id}/none.html`].raw)} B raw) without a banner`).join("; ") +
      (SEL_PAGES.some((p) => p.id === "site") ? `; the real-site page's framework files ${["/site/bootstrap.min.css", "/site/jquery.min.js", "/site/bootstrap.bundle.min.js"].map((u) => `\`${u}\` ${sep(server.sizes[u].br)} B`).join(", ")}` : "") + ".", "");

    for (const pg of SEL_PAGES) {
      for (const mode of MODES) {
        L.push(`## ${pg.name}: ${mode.name}`, "");
        if (mode.network) {
          L.push(`CDP \`Emulation.setCPUThrottlingRate\` rate ${mode.cpu}; \`Network.emulateNetworkConditions\` latency ${mode.network.latency} ms, ` +
            `download ${mode.network.downloadThroughput} B/s (1.6 × 1024 kbit/s), upload ${mode.network.uploadThroughput} B/s (750 kbit/s): ` +
            "Lighthouse's mobile Slow 4G figures (rttMs 150, throughputKbps 1638.4, uploadThroughputKbps 750) applied as they are, not Lighthouse's DevTools-adjusted ones (562.5 ms, 1474.56 / 675 kbit/s).", "");
        } else {
          L.push("No CPU or network throttling (loopback server).", "");
        }
        L.push("Each cell: **median** (p25–p75; min–max) over the rounds. Ratios are medians divided by vanilla-cookieconsent's or the inline limit's median.", "");
        const ratios = [["icta", "vanilla"], ["icta", "limit"], ["klaro", "vanilla"]].filter(([a, b]) => has(a) && has(b));
        L.push(`| metric | ${SEL_VARIANTS.map((v) => v.name).join(" | ")} |${ratios.map(([a, b]) => ` ${a} ÷ ${b} |`).join("")}`);
        L.push(`|---|${SEL_VARIANTS.map(() => "---:").join("|")}|${ratios.map(() => "---:|").join("")}`);
        for (const m of METRICS) {
          if (m.site && pg.id !== "site") continue;
          const st = {};
          for (const v of SEL_VARIANTS) {
            if ((m.banner && !v.surface) || (m.files && !v.prefix) || (m.noneOnly && v.id !== "none")) { st[v.id] = null; continue; }
            st[v.id] = stat(pg.id, v.id, mode.id, m.key);
          }
          const noRatio = m.noneOnly || m.key === "cls" || m.key.startsWith("longtasks") || m.key.startsWith("banner") || m.key === "tbt" || m.key.startsWith("siteWork");
          L.push(`| ${m.label} | ${SEL_VARIANTS.map((v) => cell(st[v.id], m.fmt)).join(" | ")} |${ratios.map(([a, b]) => ` ${noRatio ? "–" : ratio(st[a], st[b])} |`).join("")}`);
        }
        L.push("");
      }
    }
  }

  if (RUN_CHURN) {
    L.push("## DOM churn", "");
    L.push(`A visit to a page of N elements (html, head and body included, the banner's own not), unthrottled; once the page has settled ` +
      `(the banner fully shown, or analytics running for the returning visitor), ${sep(CHURN_BATCHES)} batches of ${CHURN_BATCH} \`<li>\` inserted one by one and the ${CHURN_BATCH} oldest removed one by one, each batch followed by \`await Promise.resolve()\` ` +
      "(a microtask checkpoint: mutation observers run). The time is `performance.now()` in the page from the first batch to the end of the last (after one more task boundary). " +
      "Each cell: **median** (p25–p75; min–max) over the rounds, ms.", "");
    L.push("Two states: **first visit** (the banner shown, no click: what the issue measured) and **accepted** (a returning visitor who accepted all, " +
      "analytics running: a banner's gate then has something to let through). The no-banner visits are the baseline of both.", "");
    const others = CHURN_VARIANTS.filter((v) => v.id !== "none");
    L.push(`| elements | state | ${CHURN_VARIANTS.map((v) => v.name).join(" | ")} |${others.map((v) => ` ${v.id} ÷ no banner |`).join("")}`);
    L.push(`|---|---|${CHURN_VARIANTS.map(() => "---:").join("|")}|${others.map(() => "---:|").join("")}`);
    for (const n of SIZES) {
      for (const st of CHURN_STATES) {
        const cs = Object.fromEntries(CHURN_VARIANTS.map((v) => [v.id, churnStat(n, v.id, st)]));
        L.push(`| ${sep(n)} | ${st} | ${CHURN_VARIANTS.map((v) => cell(cs[v.id], fmtMs)).join(" | ")} |${others.map((v) => ` ${ratio(cs[v.id], cs.none)} |`).join("")}`);
      }
    }
    const els = CHURN_VARIANTS.map((v) => `${v.name} ${SIZES.map((n) => {
      const e = summary(churn.filter((x) => x.elements === n && x.variant === v.id && ok(x)).map((x) => x.elementsBefore));
      return e ? sep(e.med) : "–";
    }).join(" and ")}`).join("; ");
    L.push("", `Elements in the document before the churn (median): ${els}.`, "");
    if (CHURN_VARIANTS.some((v) => v.id === "observer") && CHURN_VARIANTS.some((v) => v.id === "icta")) {
      const against = SIZES.map((n) => `${ratio(churnStat(n, "icta", "accepted"), churnStat(n, "observer", "accepted"))} at ${sep(n)} elements`);
      L.push("**The floor of a gate that watches:** a page whose only script beyond the churn is a `MutationObserver` over the whole document " +
        "(`childList` and `subtree`, what icta-consent observes for a visitor who accepted) with a callback that does nothing. " +
        `icta-consent for a visitor who accepted, against it: ${against.join(", ")}.`, "");
    }
  }

  // Checks: what must hold for the numbers to mean anything.
  const problems = [];
  for (const s of samples) {
    const where = `round ${s.round}, ${s.page}, ${s.mode}, ${name[s.variant]}`;
    if (s.error) { problems.push(`${where}: ${s.error}`); continue; }
    if (s.webdriver) problems.push(`${where}: navigator.webdriver was true`);
    if (s.page === "site" && !(s.siteWorkMs > 0)) problems.push(`${where}: the site's ready work did not run`);
    if (!s.loafSupported) problems.push(`${where}: no long-animation-frame entries in this browser: the banner's own long tasks were not measured`);
    if (s.variant === "none") continue;
    // A .wasm fetched from the banner's prefix with no WebAssembly call
    // seen from its script: its start would be in no script entry.
    const prefix = VARIANTS.find((v) => v.id === s.variant).prefix;
    if ((s.resources || []).some(([u]) => u.endsWith(".wasm")) && !(s.wasmCalls || []).some((w) => w.caller && new URL(w.caller).pathname.startsWith(prefix))) {
      problems.push(`${where}: it fetched a .wasm but the harness saw no WebAssembly call from its script: its start may be missing from its own script time`);
    }
    if (INLINE_BANNER[s.variant] && s.inlineAt === null) problems.push(`${where}: the harness never saw ${INLINE_BANNER[s.variant]} go in: its inline script was not attributed`);
    if (s.analyticsRuns !== 0 || s.runsBeforeClick !== 0) problems.push(`${where}: analytics ran before consent`);
    if (s.runsAfterClick !== 1) problems.push(`${where}: analytics ran ${s.runsAfterClick} times after accept all`);
    if (s.returnRuns !== 1) problems.push(`${where}: returning visitor, analytics ran ${s.returnRuns} times`);
    if (s.returnBanner) problems.push(`${where}: returning visitor saw the banner`);
  }
  for (const s of churn) {
    const where = `churn round ${s.round}, ${s.elements} elements, ${name[s.variant]}, ${s.state}`;
    if (s.error) { problems.push(`${where}: ${s.error}`); continue; }
    if (noBanner(s.variant)) continue;
    if (s.state === "first") {
      if (s.analyticsRuns !== 0 || s.analyticsRunsAfter !== 0) problems.push(`${where}: analytics ran before consent`);
      if (!s.bannerShown) problems.push(`${where}: the banner never showed`);
    } else {
      if (s.analyticsRuns !== 1 || s.analyticsRunsAfter !== 1) problems.push(`${where}: returning visitor, analytics ran ${s.analyticsRunsAfter} times`);
      if (s.bannerShown) problems.push(`${where}: returning visitor saw the banner`);
    }
  }
  L.push("## Checks", "");
  if (problems.length) L.push(...problems.map((p) => `- ${p}`));
  else L.push("Every visit: no analytics before consent, exactly one run after \"accept all\", exactly one run and no banner for the returning visitor; " +
    "`navigator.webdriver` false; long animation frames observed; a banner that fetched a `.wasm` was seen calling WebAssembly, and the inline limit's element was seen going in; on the real-site page the site's ready work ran; in the churn benchmark the banner showed and no analytics ran on a first visit, and analytics ran once and no banner showed for the returning visitor.");
  L.push("");
  if (RUN_PAGES) {
    const facts = [];
    for (const mode of MODES) {
      const site = samples.filter((x) => x.page === "site" && x.mode === mode.id && ok(x) && x.siteWorkStart !== null);
      if (site.length) {
        const gap = summary(site.map((x) => x.siteWorkStart - x.dclStart));
        const after = site.filter((x) => x.siteWorkStart >= x.dclStart).length;
        facts.push(`Real-site page, ${MODE_NAME[mode.id]}: the site's ready work started ${fmtMs(gap.med)} ms (${fmtMs(gap.min)}–${fmtMs(gap.max)}) after DOMContentLoaded started ` +
          `(after it in ${after} of ${site.length} visits: jQuery 3 runs ready handlers in a task of their own just after the event), and took ${fmtMs(summary(site.map((x) => x.siteWorkMs)).med)} ms.`);
      }
      for (const pg of SEL_PAGES) {
        const lim = pick(pg.id, "limit", mode.id).filter((x) => x.visibleAt !== null);
        if (lim.length) {
          const before = lim.filter((x) => x.visibleAt < x.dclStart).length;
          facts.push(`Inline limit, ${pg.id} page, ${MODE_NAME[mode.id]}: banner visible before DOMContentLoaded in ${before} of ${lim.length} visits ` +
            `(median ${fmtMs(summary(lim.map((x) => x.visibleAt)).med)} ms, DOMContentLoaded ${fmtMs(summary(lim.map((x) => x.dclStart)).med)} ms).`);
        }
        // Where each banner's script time in long frames came from: which
        // kinds of script entry (invokerType, and the invoker of a promise
        // or callback), in how many visits, and their median duration.
        for (const v of SEL_VARIANTS) {
          if (v.id === "none") continue;
          const vs = pick(pg.id, v.id, mode.id);
          const kinds = new Map();
          for (const x of vs) {
            const seen = new Map();
            for (const e of x.bannerScripts || []) {
              const k = e.type === "classic-script" || e.type === "module-script" ? `${e.type} \`${new URL(e.url).pathname}\`` : `${e.type} \`${e.invoker}\``;
              seen.set(k, (seen.get(k) || 0) + e.dur);
            }
            for (const [k, ms] of seen) kinds.set(k, [...(kinds.get(k) || []), ms]);
          }
          if (vs.length) {
            facts.push(`${v.name}, ${pg.id} page, ${MODE_NAME[mode.id]}: its script entries in long frames: ` + (kinds.size
              ? [...kinds].map(([k, xs]) => `${k} in ${xs.length} of ${vs.length} visits (median ${fmtMs(summary(xs).med)} ms)`).join("; ")
              : `none in ${vs.length} visit${vs.length > 1 ? "s" : ""}`) + ".");
          }
        }
      }
    }
    if (facts.length) L.push("What the harness saw of the pages themselves:", "", ...facts.map((f) => `- ${f}`), "");
  }

  L.push(readFileSync(path.join(BENCH, "NOTES.md"), "utf8").trim(), "");
  const report = L.join("\n");
  console.log(report);
  if (OUT) {
    writeFileSync(OUT, report);
    console.error(`bench: report written to ${path.relative(process.cwd(), OUT) || OUT}`);
  }
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ versions, embed, samples, churn, sizes: server.sizes }, null, 1));
  console.error(`bench: ${samples.length + churn.length} visits in ${seconds.toFixed(0)} s`);
  if (samples.some((s) => s.error) || churn.some((s) => s.error)) process.exitCode = 1;
}

await main();
