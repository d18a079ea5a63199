// The four variants of the benchmark page: the same markup, the same
// analytics stand-in (/analytics.js), and each banner embedded the way its
// own documentation says. Each banner's files (its config included) live
// under its own URL prefix, so what it costs on the wire can be counted.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.dirname(BENCH);
const NM = path.join(BENCH, "node_modules");

export function packageVersion(name) {
  return JSON.parse(readFileSync(path.join(NM, name, "package.json"), "utf8")).version;
}

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
    // README "Embedding it on icta.az": dist/embed.html in <head>, the one
    // script (loader and glue bundled) and the preload that starts the .wasm
    // downloading with it instead of after it. Its integrity attribute is left
    // out: the files here are www/icta-consent's, the same bytes under plain
    // names.
    head:
      '<link rel="preload" href="/icta-consent/icta_consent_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n' +
      '<script type="module" src="/icta-consent/icta-consent.js"></script>',
    analytics: '<script type="text/plain" data-consent="analytics" async src="/analytics.js"></script>',
    bodyEnd: "",
    files: [
      { url: "/icta-consent/icta-consent.js", file: path.join(ROOT, "www/icta-consent/icta-consent.js") },
      { url: "/icta-consent/icta_consent_bg.wasm", file: path.join(ROOT, "www/icta-consent/icta_consent_bg.wasm") },
    ],
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
];

export function pageHtml(template, variant) {
  return template
    .replace("{{VARIANT}}", variant.name)
    .replace("{{HEAD}}", variant.head)
    .replace("{{BODY_END}}", [variant.analytics, variant.bodyEnd].filter(Boolean).join("\n"));
}
