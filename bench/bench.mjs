// Side-by-side benchmark of icta-consent, vanilla-cookieconsent and klaro
// (and a page with no banner), in headless Chromium. Run by ./scripts/bench.
//
//   node bench/bench.mjs [--rounds N] [--quick] [--out FILE] [--json FILE]
//
// Each round visits every variant once per mode (unthrottled, then throttled,
// alternating which goes first), in an order that rotates every round, each
// visit in a fresh browser context (empty storage, empty cache):
//   1. first visit: time to the banner's first visible frame and to the end
//      of its entry animation, first contentful paint, total blocking time
//      and layout shift up to the click, JS heap after load (after a GC),
//      transfer sizes of the banner's files as the browser saw them;
//   2. click on "accept all" (element.click() in the page, performance.now()
//      just before): time to the banner gone, time to the analytics stand-in
//      running;
//   3. returning visitor: a new navigation in the same context, time from
//      navigation start to the analytics stand-in running.
// The report (medians, p25-p75, min-max, ratios to vanilla-cookieconsent)
// goes to bench/RESULTS.md (not for --quick, unless --out) and to stdout.
import { chromium } from "playwright-core";
import { execFileSync, fork } from "node:child_process";
import { statSync, writeFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH, ROOT, VARIANTS, packageVersion } from "./variants.mjs";

// ---------------------------------------------------------------- options
const DEFAULT_ROUNDS = 8;
const args = process.argv.slice(2);
const opts = { rounds: DEFAULT_ROUNDS, quick: false, out: null, json: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--rounds") opts.rounds = Number(args[++i]);
  else if (a.startsWith("--rounds=")) opts.rounds = Number(a.slice(9));
  else if (a === "--quick") opts.quick = true;
  else if (a === "--out") opts.out = args[++i];
  else if (a === "--json") opts.json = args[++i];
  else if (a === "-h" || a === "--help") {
    console.log(`usage: ./scripts/bench [--rounds N] [--quick] [--out FILE] [--json FILE]
  --rounds N   interleaved rounds (default ${DEFAULT_ROUNDS}); each visits every variant in both modes
  --quick      a smoke run: 1 round, report printed, bench/RESULTS.md left alone unless --out
  --out FILE   where to write the Markdown report (default bench/RESULTS.md)
  --json FILE  also write every sample as JSON`);
    process.exit(0);
  } else {
    console.error(`bench: unknown argument ${a} (try --help)`);
    process.exit(2);
  }
}
if (opts.quick && !args.includes("--rounds") && !args.some((a) => a.startsWith("--rounds="))) opts.rounds = 1;
if (!Number.isInteger(opts.rounds) || opts.rounds < 1) {
  console.error("bench: --rounds needs a whole number >= 1");
  process.exit(2);
}
const OUT = opts.out ?? (opts.quick ? null : path.join(BENCH, "RESULTS.md"));

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
function benchInit(cfg) {
  const B = (window.__bench = {
    visibleAt: null, fullAt: null, fcp: null, longtasks: [], shifts: [],
    webdriver: navigator.webdriver, stop: false,
  });
  const observe = (type, fn) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true });
    } catch (_) { /* unsupported entry type */ }
  };
  observe("longtask", (e) => B.longtasks.push([e.startTime, e.duration]));
  observe("layout-shift", (e) => { if (!e.hadRecentInput) B.shifts.push([e.startTime, e.value]); });
  observe("paint", (e) => { if (e.name === "first-contentful-paint") B.fcp = e.startTime; });
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

function initScript(v) {
  const fn = (body) => (body ? `function () { ${body} }` : "null");
  return `(${benchInit.toString()})({ surface: ${fn(v.surface)}, acceptButton: ${fn(v.acceptButton)} });`;
}

// Read after the first visit settled, before the heap is measured and the
// button clicked.
function collectFirstVisit(prefix) {
  const B = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource").filter((e) => prefix && new URL(e.name).pathname.startsWith(prefix));
  return {
    visibleAt: B.visibleAt,
    fullAt: B.fullAt,
    fcp: B.fcp,
    dcl: nav ? nav.domContentLoadedEventEnd : null,
    load: nav ? nav.loadEventEnd : null,
    tbt: B.longtasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0),
    longtasks: B.longtasks.length,
    cls: B.shifts.reduce((s, [, v]) => s + v, 0),
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

async function visit(browser, origin, v, mode) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const sample = { variant: v.id, mode: mode.id };
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
    const url = `${origin}/pages/${v.id}.html`;

    // 1. First visit.
    await page.goto(url, { waitUntil: "load", timeout: TIMEOUT });
    await quietly(page, mode);
    if (v.surface) await page.waitForFunction(() => window.__bench.fullAt !== null, null, { polling: 50 });
    else await page.waitForFunction(() => window.__analyticsAt !== undefined, null, { polling: 50 });
    await page.waitForTimeout(mode.settle);
    Object.assign(sample, await page.evaluate(collectFirstVisit, v.prefix));
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
const METRICS = [
  { key: "visibleAt", label: "Banner visible (first frame), ms from navigation start", fmt: fmtMs, banner: true },
  { key: "fullAt", label: "Banner fully shown (entry animation over), ms", fmt: fmtMs, banner: true },
  { key: "fcp", label: "First contentful paint, ms", fmt: fmtMs },
  { key: "load", label: "Load event end, ms", fmt: fmtMs },
  { key: "tbt", label: "Total blocking time before the click, ms", fmt: fmtMs },
  { key: "cls", label: "Cumulative layout shift before the click", fmt: fmtCls },
  { key: "heapUsed", label: "JS heap used after load (after GC), KiB", fmt: fmtKB },
  { key: "heapBacking", label: "ArrayBuffer backing stores, KiB", fmt: fmtKB },
  { key: "wasmMemory", label: "WebAssembly linear memory, KiB", fmt: fmtKB },
  { key: "memTotal", label: "Memory total (the three above), KiB", fmt: fmtKB },
  { key: "clickToGone", label: "Click \"accept all\" → banner gone, ms", fmt: fmtMs, banner: true },
  { key: "clickToAnalytics", label: "Click \"accept all\" → analytics running, ms", fmt: fmtMs, banner: true },
  { key: "returnToAnalytics", label: "Returning visitor: navigation start → analytics running, ms", fmt: fmtMs },
  { key: "analyticsAt", label: "First visit, no banner: navigation start → analytics running, ms", fmt: fmtMs, noneOnly: true },
  { key: "transfer", label: "Banner's files, transfer size observed (Resource Timing), B", fmt: sep, banner: true },
];

function cell(s, fmt) {
  if (!s) return "–";
  const spread = s.n > 1 ? ` (${fmt(s.p25)}–${fmt(s.p75)}; ${fmt(s.min)}–${fmt(s.max)})` : "";
  return `**${fmt(s.med)}**${spread}`;
}
function ratio(a, b) {
  if (!a || !b || !(b.med > 0)) return "–";
  return `${(a.med / b.med).toFixed(2)}×`;
}

// ---------------------------------------------------------------- main
function git(...a) {
  try { return execFileSync("git", ["-C", ROOT, ...a], { encoding: "utf8" }).trim(); } catch { return ""; }
}

async function main() {
  const started = new Date();
  const t0 = performance.now();
  const load0 = os.loadavg();
  // What icta-consent is, read before the server snapshots its files.
  const commit = git("rev-parse", "--short=12", "HEAD");
  const dirty = git("status", "--porcelain", "--", "src", "pkg-config", "build.rs", "Cargo.toml", "Cargo.lock");
  let builtAt = "";
  try {
    builtAt = statSync(path.join(ROOT, "www/icta-consent/icta_consent_bg.wasm")).mtime.toISOString().replace(/\.\d+Z$/, "Z");
  } catch { /* missing */ }

  const server = await new Promise((resolve, reject) => {
    const child = fork(path.join(BENCH, "server.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (m) => resolve({ ...m, close: () => child.disconnect() }));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the server exited (${code})`)));
  });
  // Deterministic sizes, of the very bytes the server sends.
  const sizes = {};
  for (const v of VARIANTS) {
    const files = v.files.map((f) => ({ url: f.url, ...server.sizes[f.url] }));
    const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, br: t.br + f.br }), { raw: 0, gzip: 0, br: 0 });
    sizes[v.id] = { files, total };
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: BROWSER_FLAGS,
  });
  const chromiumVersion = browser.version();
  const samples = [];
  let maxLoad = load0[0];
  try {
    // One untimed visit of every variant in every mode first: the first
    // visits of a fresh browser pay for its own start-up, whichever comes first.
    // (Not for --quick, a smoke run.)
    if (!opts.quick) {
      for (const mode of MODES) for (const v of VARIANTS) await visit(browser, server.origin, v, mode);
      console.error(`bench: warm-up done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    for (let r = 0; r < opts.rounds; r++) {
      const tr = performance.now();
      const modes = r % 2 === 0 ? MODES : [...MODES].reverse();
      const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
      for (const mode of modes) {
        for (const v of order) {
          const s = await visit(browser, server.origin, v, mode);
          s.round = r + 1;
          samples.push(s);
          if (s.error) console.error(`  round ${r + 1} ${mode.id} ${v.id}: ERROR ${s.error}`);
        }
      }
      maxLoad = Math.max(maxLoad, os.loadavg()[0]);
      console.error(`bench: round ${r + 1}/${opts.rounds} in ${((performance.now() - tr) / 1000).toFixed(1)} s (load average ${os.loadavg()[0].toFixed(2)})`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const load1 = os.loadavg();

  // ------------------------------------------------------------ report
  const versions = {
    "icta-consent": `git ${commit}${dirty ? " + uncommitted changes in src/ or pkg-config/" : ""}; ` +
      `www/icta-consent/ built ${builtAt}, icta_consent_bg.wasm sha256 ${server.sizes["/icta-consent/icta_consent_bg.wasm"].sha256.slice(0, 16)}`,
    "vanilla-cookieconsent": packageVersion("vanilla-cookieconsent"),
    klaro: packageVersion("klaro"),
    Chromium: chromiumVersion,
    "playwright-core": packageVersion("playwright-core"),
    "Node.js": process.version,
  };
  const name = Object.fromEntries(VARIANTS.map((v) => [v.id, v.name]));
  const L = [];
  L.push("# Cookie banners side by side: icta-consent, vanilla-cookieconsent, klaro", "");
  L.push(`Written by \`./scripts/bench${args.length ? " " + args.join(" ") : ""}\` on ${started.toISOString().replace(/\.\d+Z$/, "Z")}: ` +
    `${opts.rounds} interleaved round${opts.rounds > 1 ? "s" : ""} (every variant once per mode per round, order rotating each round, ` +
    `a fresh browser context per visit${opts.quick ? "; --quick: no warm-up, a smoke run, not a measurement" : ", after one untimed warm-up visit of each"}), ` +
    `${samples.length} timed visits; the whole run took ${seconds.toFixed(0)} s.`, "");
  L.push("| | version |", "|---|---|");
  for (const [k, val] of Object.entries(versions)) L.push(`| ${k} | ${val} |`);
  L.push(`| machine | ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average (1 min) ${load0[0].toFixed(2)} at start, ${maxLoad.toFixed(2)} at most between rounds, ${load1[0].toFixed(2)} at the end |`);
  L.push("");
  if (maxLoad > os.cpus().length) {
    L.push(`**Noisy run:** the load average reached ${maxLoad.toFixed(1)} on ${os.cpus().length} cores (this run's own browser and server are part of that), ` +
      "so other work shared the CPU. Medians hold up better than the min–max spreads; rerun on a quiet machine for tighter numbers.", "");
  }

  L.push("## Bytes on the wire: each banner's own files", "");
  L.push("Computed from the bytes served (gzip level 9 and brotli quality 11 with node:zlib; the server sends the brotli form). " +
    "The config file of each competitor counts as its bytes. \"Observed\" is the Resource Timing `transferSize` sum (body + response headers), median of the unthrottled first visits.", "");
  L.push("| banner | files | raw | gzip -9 | brotli q11 | observed transfer | brotli vs vanilla |", "|---|---:|---:|---:|---:|---:|---:|");
  for (const v of VARIANTS) {
    if (!v.files.length) continue;
    const t = sizes[v.id].total;
    const obs = summary(samples.filter((s) => s.variant === v.id && s.mode === "fast").map((s) => s.transfer));
    L.push(`| ${v.name} | ${v.files.length} | ${sep(t.raw)} B | ${sep(t.gzip)} B | **${sep(t.br)} B** | ${obs ? sep(obs.med) + " B" : "–"} | ${(t.br / sizes.vanilla.total.br).toFixed(2)}× |`);
  }
  L.push("", "Per file:", "", "| file | raw | gzip -9 | brotli q11 |", "|---|---:|---:|---:|");
  for (const v of VARIANTS) for (const f of sizes[v.id].files) L.push(`| \`${f.url}\` | ${sep(f.raw)} | ${sep(f.gzip)} | ${sep(f.br)} |`);
  L.push("");

  for (const mode of MODES) {
    L.push(`## ${mode.name}`, "");
    if (mode.network) {
      L.push(`CDP \`Emulation.setCPUThrottlingRate\` rate ${mode.cpu}; \`Network.emulateNetworkConditions\` latency ${mode.network.latency} ms, ` +
        `download ${mode.network.downloadThroughput} B/s (1.6 × 1024 kbit/s), upload ${mode.network.uploadThroughput} B/s (750 kbit/s): ` +
        "Lighthouse's mobile Slow 4G figures (rttMs 150, throughputKbps 1638.4, uploadThroughputKbps 750) applied as they are, not Lighthouse's DevTools-adjusted ones (562.5 ms, 1474.56 / 675 kbit/s).", "");
    } else {
      L.push("No CPU or network throttling (loopback server).", "");
    }
    L.push("Each cell: **median** (p25–p75; min–max) over the rounds. Ratios are medians divided by vanilla-cookieconsent's median.", "");
    L.push(`| metric | ${VARIANTS.map((v) => v.name).join(" | ")} | icta ÷ vanilla | klaro ÷ vanilla |`);
    L.push(`|---|${VARIANTS.map(() => "---:").join("|")}|---:|---:|`);
    for (const m of METRICS) {
      const s = {};
      for (const v of VARIANTS) {
        if ((m.banner && !v.surface) || (m.noneOnly && v.id !== "none")) { s[v.id] = null; continue; }
        s[v.id] = summary(samples.filter((x) => x.variant === v.id && x.mode === mode.id && !x.error).map((x) => x[m.key]));
      }
      const row = VARIANTS.map((v) => cell(s[v.id], m.fmt));
      L.push(`| ${m.label} | ${row.join(" | ")} | ${m.noneOnly ? "–" : ratio(s.icta, s.vanilla)} | ${m.noneOnly ? "–" : ratio(s.klaro, s.vanilla)} |`);
    }
    L.push("");
  }

  // Checks: what must hold for the numbers to mean anything.
  const problems = [];
  for (const s of samples) {
    const where = `round ${s.round}, ${s.mode}, ${name[s.variant]}`;
    if (s.error) { problems.push(`${where}: ${s.error}`); continue; }
    if (s.webdriver) problems.push(`${where}: navigator.webdriver was true`);
    if (s.variant === "none") continue;
    if (s.analyticsRuns !== 0 || s.runsBeforeClick !== 0) problems.push(`${where}: analytics ran before consent`);
    if (s.runsAfterClick !== 1) problems.push(`${where}: analytics ran ${s.runsAfterClick} times after accept all`);
    if (s.returnRuns !== 1) problems.push(`${where}: returning visitor, analytics ran ${s.returnRuns} times`);
    if (s.returnBanner) problems.push(`${where}: returning visitor saw the banner`);
  }
  L.push("## Checks", "");
  if (problems.length) L.push(...problems.map((p) => `- ${p}`));
  else L.push("Every visit: no analytics before consent, exactly one run after \"accept all\", exactly one run and no banner for the returning visitor; `navigator.webdriver` false.");
  L.push("");

  L.push(readFileSync(path.join(BENCH, "NOTES.md"), "utf8").trim(), "");
  const report = L.join("\n");
  console.log(report);
  if (OUT) {
    writeFileSync(OUT, report);
    console.error(`bench: report written to ${path.relative(process.cwd(), OUT) || OUT}`);
  }
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ versions, sizes, samples }, null, 1));
  console.error(`bench: ${samples.length} visits in ${seconds.toFixed(0)} s`);
  if (samples.some((s) => s.error)) process.exitCode = 1;
}

await main();
