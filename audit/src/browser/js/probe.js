// Runs in an isolated world of the top frame: which consent banner is shown,
// the page's title and its links. OTHERS is this tool's list of other
// platforms' banners (src/banners.rs).
((others) => {
  const shown = (el) => {
    if (!el || !el.isConnected || el.hidden) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0.05;
  };
  let banner = null;
  const host = document.querySelector("#icta-consent");
  const ours = host && host.shadowRoot ? host.shadowRoot.querySelector(".banner") : null;
  if (shown(ours)) banner = { kind: "icta-consent" };
  for (const b of others) {
    if (banner) break;
    try {
      if ([...document.querySelectorAll(b.banner)].some(shown)) banner = { kind: "other", name: b.name };
    } catch (e) { /* a selector this browser does not take */ }
  }
  if (!banner) {
    // Anything else that looks like one: a fixed or sticky box named for
    // cookies or consent, with a button in it.
    const named = document.querySelectorAll(
      "[id*=cookie i], [class*=cookie i], [id*=consent i], [class*=consent i], [aria-label*=cookie i], [id*=gdpr i], [class*=gdpr i]");
    for (const el of named) {
      let fixed = false;
      for (let a = el, i = 0; a && i < 4; a = a.parentElement, i++) {
        const p = getComputedStyle(a).position;
        if (p === "fixed" || p === "sticky") { fixed = true; break; }
      }
      if (fixed && shown(el) && el.querySelector("button, a, [role=button]")) {
        const name = el.id ? "#" + el.id : el.tagName.toLowerCase() + "." + [...el.classList].join(".");
        banner = { kind: "other", name: "unrecognised banner (" + name + ")" };
        break;
      }
    }
  }
  const links = [...document.querySelectorAll("a[href]")].map((a) => a.href).filter((h) => /^https?:/.test(h));
  return { banner, title: document.title, url: location.href, links };
})(OTHERS)
