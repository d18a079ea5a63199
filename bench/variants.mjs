// The variants of each benchmark page: the same markup, the same analytics
// stand-in (/analytics.js), and each banner embedded the way its own
// documentation says (icta-consent: the way its README says, from the build's
// own dist/embed.html). Each banner's files (its config included) live under
// its own URL prefix, so what it costs on the wire can be counted from what
// the page fetched there. The minimal inline banner, the physical limit, has
// no files: all of it is in the page.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { churnTemplate, siteTemplate } from "./site/site.mjs";

export const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.dirname(BENCH);
const NM = path.join(BENCH, "node_modules");
const ICTA_DIR = path.join(ROOT, "www/icta-consent");
const EMBED = path.join(ROOT, "dist/embed.html");

export function packageVersion(name) {
  return JSON.parse(readFileSync(path.join(NM, name, "package.json"), "utf8")).version;
}

/** Every file under dir, as [relative path with "/", absolute path], sorted. */
function walk(dir, rel = "") {
  const out = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else out.push([r, path.join(dir, r)]);
  }
  return out;
}

/** What ./scripts/build left in www/icta-consent/, all of it, served under /icta-consent/. */
export function ictaFiles() {
  if (!existsSync(ICTA_DIR)) throw new Error("no www/icta-consent/: run ./scripts/build");
  return walk(ICTA_DIR).map(([rel, file]) => ({ url: `/icta-consent/${rel}`, file }));
}

/**
 * The icta-consent embed as the README tells a site to paste it: the build's
 * dist/embed.html, with its comments and integrity attributes left out and
 * its content-hashed names (scripts/dist.py: NAME.<10 hex>.EXT) turned back
 * into the plain names of www/icta-consent/, the same files the server
 * serves (the bytes differ only in the name the script fetches the .wasm
 * by, so dist's hashes would not match them). Whatever else the embed says
 * (async, a different preload, more tags) is kept as it is. Every
 * /icta-consent/ URL it names must be a file of www/icta-consent/.
 */
export function ictaEmbed() {
  if (!existsSync(EMBED)) throw new Error("no dist/embed.html: run ./scripts/build");
  const html = readFileSync(EMBED, "utf8")
    .replace(/<!--[\s\S]*?-->\s*/g, "")
    .replace(/\s+integrity=("[^"]*"|'[^']*'|[^\s>]+)/g, "")
    .replace(/(\/icta-consent\/[^"'\s>]*?)\.[0-9a-f]{10}(\.[A-Za-z0-9]+)(?=["'\s>])/g, "$1$2")
    .trim();
  const served = new Set(ictaFiles().map((f) => f.url));
  const named = [...html.matchAll(/\/icta-consent\/[^"'\s>]+/g)].map((m) => m[0]);
  if (!named.length) throw new Error(`dist/embed.html names no /icta-consent/ file:\n${html}`);
  for (const url of named) {
    if (!served.has(url)) throw new Error(`dist/embed.html names ${url}, which www/icta-consent/ does not have (rebuild, or teach bench/variants.mjs the new names)`);
  }
  return html;
}

// The minimal inline banner: the floor. A fixed card with a title, the same
// text, a link and three buttons, drawn by an inline script at the very start
// of <body> (so as soon as <body> exists) with an inline stylesheet; nothing
// fetched. The analytics tag is type=text/plain; "Accept all" stores the
// choice and re-inserts it as a live script (attributes copied), a returning
// visitor's choice re-inserts it as soon as the parser adds it (a
// MutationObserver until DOMContentLoaded, then one look at the document).
// "Reject all" and "Customise" store the choice and hide the card (no
// preferences dialog: not measured).
const LIMIT_STYLE = `<style>
#bench-limit{position:fixed;left:16px;right:16px;bottom:16px;z-index:2147483647;box-sizing:border-box;max-width:44em;margin:0 auto;padding:16px 20px;background:#fff;color:#1b2430;border:1px solid #c5d0dc;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.18);font:15px/1.45 system-ui,sans-serif}
#bench-limit h2{margin:0 0 6px;font:600 1.1em/1.3 system-ui,sans-serif;color:inherit}
#bench-limit p{margin:0 0 12px}
#bench-limit a{color:#0b4a8b}
#bench-limit div{display:flex;gap:8px;flex-wrap:wrap}
#bench-limit button{flex:1 1 10em;margin:0;padding:8px 12px;border:0;border-radius:8px;background:#0b4a8b;color:#fff;font:inherit;cursor:pointer}
</style>`;
const LIMIT_SCRIPT = `<script>
(function () {
  var KEY = "bench-limit-consent";
  var SEL = 'script[type="text/plain"][data-consent="analytics"]';
  var choice = null;
  try { choice = localStorage.getItem(KEY); } catch (e) {}
  function run(old) {
    var s = document.createElement("script");
    for (var i = 0; i < old.attributes.length; i++) {
      var a = old.attributes[i];
      if (a.name !== "type" && a.name !== "data-consent") s.setAttribute(a.name, a.value);
    }
    s.text = old.text;
    old.parentNode.replaceChild(s, old);
  }
  function runAll() {
    var list = document.querySelectorAll(SEL);
    for (var i = 0; i < list.length; i++) run(list[i]);
  }
  if (choice === "all") {
    var mo = new MutationObserver(function (records) {
      for (var r = 0; r < records.length; r++) {
        var added = records[r].addedNodes;
        for (var i = 0; i < added.length; i++) if (added[i].nodeType === 1 && added[i].matches(SEL)) run(added[i]);
      }
    });
    mo.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () { mo.disconnect(); runAll(); });
    return;
  }
  if (choice) return;
  var card = document.createElement("div");
  card.id = "bench-limit";
  card.setAttribute("role", "region");
  card.setAttribute("aria-label", "Cookies on icta.az");
  card.innerHTML = '<h2>Cookies on icta.az</h2><p>The icta.az website uses cookies to work correctly, remember your choices and analyse visits. Necessary cookies are always on; the others are used only with your consent. You can change your choice at any time. <a href="/privacy-policy/">Privacy Policy</a></p><div><button type="button" data-a="all">Accept all</button><button type="button" data-a="none">Reject all</button><button type="button" data-a="custom">Customise</button></div>';
  card.addEventListener("click", function (e) {
    var a = e.target.getAttribute && e.target.getAttribute("data-a");
    if (!a) return;
    try { localStorage.setItem(KEY, a); } catch (_) {}
    card.remove();
    if (a === "all") runAll();
  });
  document.body.appendChild(card);
})();
</script>`;

// How the harness finds each banner's visible surface and its "accept all"
// button. Function bodies are strings: they run in the page (init script).
// The surface is the element that carries the banner's box and its entry
// animation, so "visible" means the same thing for all three: painted with
// an opacity above zero (see bench.mjs).
export const VARIANTS = [
  {
    id: "none",
    name: "no banner",
    version: "-",
    prefix: null,
    head: "",
    // Not gated: the analytics stand-in runs as the page loads. Every
    // variant's tag is async, as analytics tags are (gtag.js): here it keeps
    // the baseline's parser from waiting for it.
    analytics: '<script async src="/analytics.js"></script>',
    bodyEnd: "",
    files: [],
    surface: null,
    acceptButton: null,
  },
  {
    id: "icta",
    name: "icta-consent",
    version: null, // the git commit, filled in by bench.mjs
    prefix: "/icta-consent/",
    // README "Embedding it on icta.az": dist/embed.html in <head> (read from
    // the build when the server starts, see ictaEmbed). Every file of
    // www/icta-consent/ is served; what the page fetched of them is its bytes.
    get head() { return ictaEmbed(); },
    analytics: '<script type="text/plain" data-consent="analytics" async src="/analytics.js"></script>',
    bodyEnd: "",
    get files() { return ictaFiles(); },
    surface: `const host = document.getElementById("icta-consent");
      return (host && host.shadowRoot && host.shadowRoot.querySelector(".banner .card")) || null;`,
    acceptButton: `const host = document.getElementById("icta-consent");
      return host && host.shadowRoot && host.shadowRoot.querySelector(".banner [data-action=accept-all]");`,
  },
  {
    id: "vanilla",
    name: "vanilla-cookieconsent",
    version: "3.1.0",
    prefix: "/vendor/vanilla-cookieconsent/",
    // Its "Getting Started" page: the stylesheet in <head>, the config as a
    // module script in <body>; the config imports the UMD build.
    head: '<link rel="stylesheet" href="/vendor/vanilla-cookieconsent/cookieconsent.css">',
    analytics: '<script type="text/plain" data-category="analytics" async src="/analytics.js"></script>',
    bodyEnd: '<script type="module" src="/vendor/vanilla-cookieconsent/cookieconsent-config.js"></script>',
    files: [
      { url: "/vendor/vanilla-cookieconsent/cookieconsent.css", file: path.join(NM, "vanilla-cookieconsent/dist/cookieconsent.css") },
      { url: "/vendor/vanilla-cookieconsent/cookieconsent-config.js", file: path.join(BENCH, "configs/cookieconsent-config.js") },
      { url: "/vendor/vanilla-cookieconsent/cookieconsent.umd.js", file: path.join(NM, "vanilla-cookieconsent/dist/cookieconsent.umd.js") },
    ],
    // .cm is the consent modal (the first layer); hidden until html gets
    // .show--consent, then it fades in (opacity/visibility/transform).
    surface: `return document.querySelector("#cc-main .cm");`,
    acceptButton: `return document.querySelector('#cc-main .cm [data-role="all"]');`,
  },
  {
    id: "klaro",
    name: "klaro",
    version: "0.7.22",
    prefix: "/vendor/klaro/",
    // Its README: the config, then klaro.js (CSS and translations included),
    // both deferred, config first.
    head:
      '<script defer type="text/javascript" src="/vendor/klaro/config.js"></script>\n' +
      '<script defer type="text/javascript" src="/vendor/klaro/klaro.js"></script>',
    // Its README, "Managing third-party apps/trackers".
    analytics:
      '<script type="text/plain" data-type="text/javascript" data-name="analytics" async data-src="/analytics.js"></script>',
    bodyEnd: "",
    files: [
      { url: "/vendor/klaro/config.js", file: path.join(BENCH, "configs/klaro-config.js") },
      { url: "/vendor/klaro/klaro.js", file: path.join(NM, "klaro/dist/klaro.js") },
    ],
    // consent-notice.jsx: div#klaro-cookie-notice.cookie-notice, with
    // .cookie-notice-hidden when it must not show; removed once dismissed.
    surface: `return document.querySelector("#klaro .cookie-notice:not(.cookie-notice-hidden)");`,
    // The notice's "accept" button (acceptAll: true makes it accept all).
    acceptButton: `return document.querySelector("#klaro .cookie-notice .cm-btn-success");`,
  },
  {
    // The DOM churn benchmark's floor for any gate that runs what a page
    // adds later: no banner, its analytics not gated, and a MutationObserver
    // over the whole document (what icta-consent's gate observes for a
    // visitor who accepted) whose callback does nothing. Churn only.
    id: "observer",
    name: "a MutationObserver that does nothing",
    version: "-",
    prefix: null,
    churnOnly: true,
    head: "<script>new MutationObserver(() => {}).observe(document, { childList: true, subtree: true });</script>",
    analytics: '<script async src="/analytics.js"></script>',
    bodyEnd: "",
    files: [],
    surface: null,
    acceptButton: null,
  },
  {
    id: "limit",
    name: "inline limit",
    version: "-",
    prefix: null,
    head: LIMIT_STYLE,
    bodyStart: LIMIT_SCRIPT,
    analytics: '<script type="text/plain" data-consent="analytics" async src="/analytics.js"></script>',
    bodyEnd: "",
    files: [],
    surface: `return document.getElementById("bench-limit");`,
    acceptButton: `return document.querySelector('#bench-limit [data-a="all"]');`,
  },
];

export function pageHtml(template, variant) {
  return template
    .replace("{{VARIANT}}", () => variant.name)
    .replace("{{HEAD}}", () => variant.head)
    .replace("{{BODY_START}}", () => variant.bodyStart || "")
    .replace("{{BODY_END}}", () => [variant.analytics, variant.bodyEnd].filter(Boolean).join("\n"));
}

// The pages each variant is served in, at /pages/<page>/<variant>.html.
// "small": bench/site/page.html, a header, a few paragraphs and a footer,
// its CSS inline. "site": shaped like a real site (bench/site/site.mjs:
// Bootstrap's CSS, about 68 KB of Bootstrap markup, jQuery and Bootstrap's
// JS, 25 ms of the site's own work at DOM ready), its framework files served
// from /site/. Both <html lang="en">.
export const PAGES = [
  { id: "small", name: "Small page", template: () => readFileSync(path.join(BENCH, "site/page.html"), "utf8") },
  { id: "site", name: "Real-site page", template: siteTemplate },
];

/** The DOM churn pages: /pages/churn-<elements>/<variant>.html. */
export const churnPage = (elements) => ({ id: `churn-${elements}`, name: `Churn page, ${elements} elements`, template: () => churnTemplate(elements) });

/** The real-site page's framework files, from npm (bench/package-lock.json). */
export const SITE_ASSETS = [
  { url: "/site/bootstrap.min.css", file: path.join(NM, "bootstrap/dist/css/bootstrap.min.css") },
  { url: "/site/jquery.min.js", file: path.join(NM, "jquery/dist/jquery.min.js") },
  { url: "/site/bootstrap.bundle.min.js", file: path.join(NM, "bootstrap/dist/js/bootstrap.bundle.min.js") },
];
