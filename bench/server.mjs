// The benchmark's web server: 127.0.0.1, a free port, every page in every
// variant (/pages/<page>/<variant>.html: the small page, the real-site page
// and the churn pages asked for), the real-site page's framework files
// (/site/), the analytics stand-in and each banner's own files, compressed as a
// production server would (brotli quality 11 when the browser accepts br,
// else gzip level 9), Cache-Control: no-store so every visit fetches again.
//
// Every file is read once, when the server starts, and its compressed forms
// are made then and cached: a rebuild of www/icta-consent/ during a run
// cannot change what the run measures.
//
//   node bench/server.mjs [CHURN_ELEMENTS,...]   serves until Ctrl-C and prints the page URLs
//
// The sizes bench.mjs reports are these cached bytes: gzip level 9 and
// brotli quality 11 of exactly what is served.
import http from "node:http";
import zlib from "node:zlib";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { BENCH, PAGES, SITE_ASSETS, VARIANTS, churnPage, pageHtml } from "./variants.mjs";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

export function brotli(buf) {
  return zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
}

export function gzip(buf) {
  return zlib.gzipSync(buf, { level: 9 });
}

function entry(urlPath, body) {
  const type = MIME[path.extname(urlPath)] || "application/octet-stream";
  return { type, raw: body, br: brotli(body), gzip: gzip(body) };
}

/** Every URL the server answers, read and compressed now. */
export function buildRoutes({ churn = [] } = {}) {
  const routes = new Map();
  for (const page of [...PAGES, ...churn.map(churnPage)]) {
    const template = page.template();
    for (const v of VARIANTS) routes.set(`/pages/${page.id}/${v.id}.html`, entry("page.html", Buffer.from(pageHtml(template, v))));
  }
  for (const v of VARIANTS) for (const f of v.files) routes.set(f.url, entry(f.url, readFileSync(f.file)));
  for (const f of SITE_ASSETS) routes.set(f.url, entry(f.url, readFileSync(f.file)));
  routes.set("/analytics.js", entry("analytics.js", readFileSync(path.join(BENCH, "site/analytics.js"))));
  return routes;
}

export function startServer({ routes = buildRoutes() } = {}) {
  const stats = { requests: 0, byPath: new Map() };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    stats.requests++;
    stats.byPath.set(url.pathname, (stats.byPath.get(url.pathname) || 0) + 1);
    const route = routes.get(url.pathname);
    if (!route) {
      res.writeHead(url.pathname === "/favicon.ico" ? 204 : 404, { "Cache-Control": "no-store" });
      res.end();
      return;
    }
    const accept = String(req.headers["accept-encoding"] || "");
    let body = route.raw;
    const headers = {
      "Content-Type": route.type,
      "Cache-Control": "no-store",
      Vary: "Accept-Encoding",
    };
    if (/\bbr\b/.test(accept)) {
      body = route.br;
      headers["Content-Encoding"] = "br";
    } else if (/\bgzip\b/.test(accept)) {
      body = route.gzip;
      headers["Content-Encoding"] = "gzip";
    }
    headers["Content-Length"] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        routes,
        stats,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

// Run as a program: forked by bench.mjs (a process of its own, so the
// Playwright driver's event loop never delays a response), it sends its
// origin and the sizes of what it serves, and exits when the parent goes;
// run by hand, it prints the page URLs.
if (process.argv[1] && path.resolve(process.argv[1]) === path.join(BENCH, "server.mjs")) {
  const churn = (process.argv[2] || "").split(",").filter(Boolean).map(Number);
  const s = await startServer({ routes: buildRoutes({ churn }) });
  if (process.send) {
    const sizes = {};
    for (const [url, r] of s.routes) sizes[url] = {
        raw: r.raw.length, gzip: r.gzip.length, br: r.br.length,
        sha256: createHash("sha256").update(r.raw).digest("hex"),
      };
    process.send({ origin: s.origin, sizes });
    process.on("disconnect", () => process.exit(0));
  } else {
    for (const url of s.routes.keys()) if (url.startsWith("/pages/")) console.log(`${s.origin}${url}`);
    console.log("Ctrl-C stops the server.");
  }
}
