// The benchmark's page shaped like a real site, and the DOM churn page, as
// templates with the same slots as page.html ({{VARIANT}}, {{HEAD}},
// {{BODY_START}}, {{BODY_END}}). Both are generated here, deterministically
// (a seeded generator, no clock, no randomness from outside): the same bytes
// on every run and every machine.
//
//   node bench/site/site.mjs            prints the real-site template
//   node bench/site/site.mjs churn 3000 prints the churn page of 3 000 elements
//
// The real-site page: Bootstrap 5's CSS in <head>, a navbar with two
// dropdowns, a carousel of three slides, 48 news cards, a long table and a
// footer (about 68 KB of markup in all), then jQuery and Bootstrap's bundle
// at the end of <body>, and the site's own start-up work in a jQuery ready
// handler: a fixed amount of computation (SITE_WORK_ROUNDS), about 25 ms on
// the benchmark machine unthrottled, four times that under 4x CPU slowdown,
// as a site's own work would be. The page records when that work ran in
// window.__siteWork.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Rounds of the ready handler's loop: about 25 ms in Chromium on the benchmark machine, unthrottled. */
export const SITE_WORK_ROUNDS = 22_000_000;

// mulberry32: a small seeded generator, so the markup is the same every time.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "agency digital service citizens business portal electronic signature certificate cloud " +
  "government security network registry domain application permit renewal training programme " +
  "cybersecurity public servant session online office platform data centre infrastructure " +
  "interoperability standard procurement tender contract project development innovation startup " +
  "broadband mobile operator spectrum licence regulation policy strategy report conference " +
  "partnership international cooperation region district school university research laboratory " +
  "open data statistics transparency accessibility support helpdesk upgrade maintenance launch"
).split(" ");

function words(r, min, max) {
  const n = min + Math.floor(r() * (max - min + 1));
  const out = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  return out;
}
const sentence = (r, min = 8, max = 16) => {
  const w = words(r, min, max).join(" ");
  return w[0].toUpperCase() + w.slice(1) + ".";
};
const title = (r) => {
  const w = words(r, 3, 7).join(" ");
  return w[0].toUpperCase() + w.slice(1);
};
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const date = (r) => `2026-${String(1 + Math.floor(r() * 11)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;

// Bootstrap's docs draw image placeholders as inline SVG; so does this page
// (no image requests, every box sized in the markup: nothing shifts).
const placeholder = (h, label, fill, text = true) =>
  `<svg class="bd-placeholder-img card-img-top" width="100%" height="${h}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${label}" preserveAspectRatio="xMidYMid slice" focusable="false"><rect width="100%" height="100%" fill="${fill}"></rect>${text ? `<text x="50%" y="50%" fill="#dee2e6" dy=".3em" text-anchor="middle">${label}</text>` : ""}</svg>`;

function navbar(r) {
  const items = ["Home", "About the Agency", "Services", "News", "Projects", "Tenders", "Open data", "Contact"];
  const dropdown = (id, label, n) =>
    `<li class="nav-item dropdown">
          <a class="nav-link dropdown-toggle" href="#" id="${id}" role="button" data-bs-toggle="dropdown" aria-expanded="false">${label}</a>
          <ul class="dropdown-menu" aria-labelledby="${id}">
${Array.from({ length: n }, () => `            <li><a class="dropdown-item" href="#">${title(r)}</a></li>`).join("\n")}
            <li><hr class="dropdown-divider"></li>
            <li><a class="dropdown-item" href="#">All ${label.toLowerCase()}</a></li>
          </ul>
        </li>`;
  return `<nav class="navbar navbar-expand-lg navbar-dark bg-primary sticky-top">
  <div class="container">
    <a class="navbar-brand fw-semibold" href="#">ICTA</a>
    <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#mainNav" aria-controls="mainNav" aria-expanded="false" aria-label="Toggle navigation"><span class="navbar-toggler-icon"></span></button>
    <div class="collapse navbar-collapse" id="mainNav">
      <ul class="navbar-nav me-auto mb-2 mb-lg-0">
${items.map((it, i) => `        <li class="nav-item"><a class="nav-link${i === 0 ? " active\" aria-current=\"page" : ""}" href="#">${it}</a></li>`).join("\n")}
        ${dropdown("navServices", "E-services", 8)}
        ${dropdown("navDocs", "Documents", 6)}
      </ul>
      <form class="d-flex" role="search">
        <input class="form-control me-2" type="search" placeholder="Search" aria-label="Search">
        <button class="btn btn-light" type="submit">Search</button>
      </form>
    </div>
  </div>
</nav>`;
}

function carousel(r) {
  const fills = ["#0b4a8b", "#3d4a5c", "#1b6e5a"];
  const slides = fills.map(
    (fill, i) => `    <div class="carousel-item${i === 0 ? " active" : ""}">
      ${placeholder(400, `Slide ${i + 1}`, fill).replace("card-img-top", "d-block w-100")}
      <div class="carousel-caption d-none d-md-block">
        <h5>${title(r)}</h5>
        <p>${sentence(r)}</p>
      </div>
    </div>`,
  );
  return `<div id="hero" class="carousel slide" data-bs-ride="carousel">
  <div class="carousel-indicators">
${fills.map((_, i) => `    <button type="button" data-bs-target="#hero" data-bs-slide-to="${i}"${i === 0 ? ' class="active" aria-current="true"' : ""} aria-label="Slide ${i + 1}"></button>`).join("\n")}
  </div>
  <div class="carousel-inner">
${slides.join("\n")}
  </div>
  <button class="carousel-control-prev" type="button" data-bs-target="#hero" data-bs-slide="prev"><span class="carousel-control-prev-icon" aria-hidden="true"></span><span class="visually-hidden">Previous</span></button>
  <button class="carousel-control-next" type="button" data-bs-target="#hero" data-bs-slide="next"><span class="carousel-control-next-icon" aria-hidden="true"></span><span class="visually-hidden">Next</span></button>
</div>`;
}

function cards(r, n) {
  const fills = ["#55595c", "#6c757d", "#495057", "#0b4a8b", "#1b6e5a"];
  const tags = ["primary", "secondary", "success", "info", "warning"];
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(`      <div class="col">
        <article class="card h-100 shadow-sm news-card">
          ${placeholder(180, "News " + (i + 1), pick(r, fills), false)}
          <div class="card-body">
            <span class="badge text-bg-${pick(r, tags)} mb-2">${title(r).split(" ")[0]}</span>
            <h3 class="card-title h5">${title(r)}</h3>
            <p class="card-text">${sentence(r, 10, 18)}</p>
          </div>
          <div class="card-footer d-flex justify-content-between align-items-center">
            <small class="text-body-secondary">${date(r)}</small>
            <a href="#" class="btn btn-sm btn-outline-primary">Read more</a>
          </div>
        </article>
      </div>`);
  }
  return `<section id="news" class="container my-5">
    <h2 class="mb-4">News</h2>
    <div class="row row-cols-1 row-cols-sm-2 row-cols-lg-3 g-4">
${out.join("\n")}
    </div>
    <nav aria-label="News pages" class="mt-4"><ul class="pagination justify-content-center">
      <li class="page-item disabled"><a class="page-link">Previous</a></li>
${[1, 2, 3, 4, 5].map((p) => `      <li class="page-item${p === 1 ? " active" : ""}"><a class="page-link" href="#">${p}</a></li>`).join("\n")}
      <li class="page-item"><a class="page-link" href="#">Next</a></li>
    </ul></nav>
  </section>`;
}

function table(r, n) {
  const status = [["success", "Awarded"], ["warning", "Open"], ["secondary", "Closed"], ["info", "Evaluation"]];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const [cls, label] = pick(r, status);
    rows.push(`        <tr><td>ICTA-${String(2026000 + i)}</td><td>${title(r)}</td><td>${pick(r, ["Baku", "Ganja", "Sumgait", "Lankaran", "Shaki", "Mingachevir"])}</td><td>${date(r)}</td><td class="text-end">${(1000 + Math.floor(r() * 900000)).toLocaleString("en-US")} AZN</td><td><span class="badge text-bg-${cls}">${label}</span></td></tr>`);
  }
  return `<section id="tenders" class="container my-5">
    <h2 class="mb-4">Tenders</h2>
    <div class="table-responsive">
      <table class="table table-striped table-hover align-middle">
        <thead class="table-light"><tr><th scope="col">Number</th><th scope="col">Subject</th><th scope="col">Region</th><th scope="col">Deadline</th><th scope="col" class="text-end">Budget</th><th scope="col">Status</th></tr></thead>
        <tbody>
${rows.join("\n")}
        </tbody>
      </table>
    </div>
  </section>`;
}

function footer(r) {
  const col = (head) => `      <div class="col-6 col-md-3">
        <h5>${head}</h5>
        <ul class="nav flex-column">
${Array.from({ length: 5 }, () => `          <li class="nav-item mb-2"><a href="#" class="nav-link p-0 text-body-secondary">${title(r)}</a></li>`).join("\n")}
        </ul>
      </div>`;
  return `<footer class="bg-body-tertiary border-top mt-5">
  <div class="container py-5">
    <div class="row">
${["The Agency", "Services", "Documents", "Media"].map(col).join("\n")}
    </div>
    <div class="d-flex flex-column flex-sm-row justify-content-between pt-4 mt-4 border-top">
      <p>&copy; Information and Communication Technologies Agency. <a href="/privacy-policy/">Privacy Policy</a></p>
      <ul class="list-unstyled d-flex"><li class="ms-3"><a class="link-body-emphasis" href="#">Facebook</a></li><li class="ms-3"><a class="link-body-emphasis" href="#">LinkedIn</a></li></ul>
    </div>
  </div>
</footer>`;
}

/** The site's own start-up work, run by jQuery at DOM ready (its ready handlers run in a task just after DOMContentLoaded). */
const SITE_SCRIPT = `<script>
$(function () {
  // The site's own work at DOM ready: a fixed amount of computation, the
  // same on every visit, and a look at the page as a site's script would take.
  var start = performance.now();
  var h = 2166136261;
  for (var i = 0; i < ${SITE_WORK_ROUNDS}; i++) h = Math.imul(h ^ i, 16777619);
  var cards = $("#news .news-card").length;
  window.__siteWork = { start: start, end: performance.now(), checksum: h, cards: cards };
});
</script>`;

/** The real-site page, a template with the slots of page.html. */
export function siteTemplate() {
  const r = rng(12);
  const body = [
    navbar(r),
    `<main>`,
    carousel(r),
    `<section class="container my-5"><div class="p-5 bg-body-tertiary rounded-3">
    <h1 class="display-5 fw-bold">Digital services for citizens and businesses</h1>
    <p class="col-md-8 fs-5">${sentence(r, 20, 30)} ${sentence(r, 15, 25)}</p>
    <a class="btn btn-primary btn-lg" href="#">E-services</a>
  </div></section>`,
    cards(r, 48),
    table(r, 42),
    `</main>`,
    footer(r),
  ].join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Benchmark site page: {{VARIANT}}</title>
<link rel="stylesheet" href="/site/bootstrap.min.css">
{{HEAD}}
</head>
<body>
{{BODY_START}}
${body}
<script src="/site/jquery.min.js"></script>
<script src="/site/bootstrap.bundle.min.js"></script>
${SITE_SCRIPT}
{{BODY_END}}
</body>
</html>
`;
}

/**
 * The DOM churn page: `elements` elements in all (html, head and body
 * included; the banner's own are extra), as sections of lists, and a feed
 * list of 20 items. window.__churn(batches, size) inserts `size` items at the
 * end of the feed one by one, removes the `size` oldest one by one, awaits a
 * resolved promise (a microtask checkpoint: mutation observers run), and
 * repeats; it returns the time from the first batch to the end of the last
 * (after one more task boundary, so work a banner queued is counted).
 */
export function churnTemplate(elements) {
  const r = rng(elements);
  // Fixed elements: html, head, meta, title, body, main, h1, ul#feed + 20
  // li, and the script = 29 (the template's slots add none of their own).
  let left = elements - 29;
  const sections = [];
  while (left > 0) {
    // A section: section, h2, ul and up to 30 li.
    const items = Math.min(30, Math.max(0, left - 3));
    const lis = Array.from({ length: items }, () => `<li>${title(r)}</li>`).join("");
    sections.push(`<section><h2>${title(r)}</h2><ul>${lis}</ul></section>`);
    left -= 3 + items;
  }
  const feed = Array.from({ length: 20 }, (_, i) => `<li class="item">Item ${i - 20}</li>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Benchmark churn page (${elements} elements): {{VARIANT}}</title>
{{HEAD}}
</head>
<body>
{{BODY_START}}
<main><h1>DOM churn, ${elements} elements</h1><ul id="feed">${feed}</ul>
${sections.join("\n")}
</main>
<script>
window.__churn = async function (batches, size) {
  var feed = document.getElementById("feed");
  var k = 0;
  var t0 = performance.now();
  for (var b = 0; b < batches; b++) {
    for (var i = 0; i < size; i++) {
      var li = document.createElement("li");
      li.className = "item";
      li.textContent = "Item " + k++;
      feed.appendChild(li);
    }
    for (var j = 0; j < size; j++) feed.firstElementChild.remove();
    await Promise.resolve();
  }
  await new Promise(function (resolve) {
    var c = new MessageChannel();
    c.port1.onmessage = resolve;
    c.port2.postMessage(0);
  });
  return performance.now() - t0;
};
</script>
{{BODY_END}}
</body>
</html>
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(process.argv[2] === "churn" ? churnTemplate(Number(process.argv[3] || 3000)) : siteTemplate());
}
