#!/usr/bin/env python3
"""Runs axe-core (WCAG 2.0-2.2 A and AA, and best practices) in real browsers
on the banner and on the open preferences dialog, in Azerbaijani and English,
light and dark, on the optimized build the demo serves. Any violation fails.

The same in Azerbaijani under a hostile site stylesheet (hostile-site.css,
with html { font-size: 62.5% } and with 40px: the site's CSS must not
restyle the banner into a violation), added to the demo as a constructable
stylesheet (the demo's CSP forbids inline styles, not the CSSOM).

Then checks reflow (WCAG 1.4.10) in Chromium: at 320 px wide, and at 1280x800
zoomed to 200 % (a 640x400 CSS viewport), the banner and the dialog fit the
viewport's width and every button can be reached; at 320 px under the
hostile stylesheet too.

    tests/a11y/axe.py [chrome|firefox|webkit ...]
"""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "smoke"))
from webdriver import Browser, cdp  # noqa: E402

AXE = os.path.join(ROOT, ".tools", "node_modules", "axe-core", "axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
HOST = "document.getElementById('icta-consent')"
HOSTILE_CSS = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile-site.css"), encoding="utf-8").read()
# The root font sizes the hostile stylesheet comes with (tests/e2e's pages too).
ROOT_SIZES = {"62.5 % root": "html { font-size: 62.5%; }", "40px root": "html { font-size: 40px; }"}
# Adds the stylesheet arguments[0] to the page, after the site's own.
ADD_STYLES = """
const sheet = new CSSStyleSheet();
sheet.replaceSync(arguments[0]);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
return getComputedStyle(document.body).textTransform === 'uppercase';
"""
# Pages: (label, lang, stylesheet added to the demo or None).
PAGES = [("az", "az", None), ("en", "en", None)] + [
    (f"az, hostile site CSS, {root}", "az", HOSTILE_CSS + css) for root, css in ROOT_SIZES.items()]
# Resolves once the banner's animations have finished: judge what the visitor
# sees once it has settled, not mid-animation.
SETTLE = """
const done = arguments[arguments.length - 1];
Promise.all(%s.shadowRoot.getAnimations().map(a => a.finished)).then(() => done(true));
""" % HOST
RUN_AXE = """
const done = arguments[arguments.length - 1];
const root = %s.shadowRoot;
Promise.all(root.getAnimations().map(a => a.finished))
  .then(() => axe.run(root.host, { runOnly: { type: 'tag', values: %r } })
  .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' > ') + ': ' + n.failureSummary) })))))
  .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));
""" % (HOST, TAGS)


def sessions(wanted):
    """Each wanted browser in each colour scheme: Chromium through DevTools
    emulation, Firefox through its dark-theme preference; WebKit (GTK's
    MiniBrowser, which offers no switch for it) in the light scheme."""
    if "chrome" in wanted:
        for scheme in ("light", "dark"):
            b = Browser("chrome")
            cdp(b, "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            yield "chrome", scheme, b
    if "firefox" in wanted:
        for scheme, dark in (("light", 0), ("dark", 1)):
            yield "firefox", scheme, Browser("firefox", prefs={"ui.systemUsesDarkTheme": dark})
    if "webkit" in wanted:
        yield "webkit", "light", Browser("webkit")


# The problems of the element `arguments[0]` selects in the shadow root (the
# banner's '.card' or 'dialog[open]'): it must be shown, fit the viewport's
# width, and let every button of it be reached. Missing or not rendered is a
# problem too, never a pass.
FITS = """
const sel = arguments[0], root = %s.shadowRoot, vw = document.documentElement.clientWidth, out = [];
const el = root.querySelector(sel);
if (!el || el.getClientRects().length === 0) return [sel + ' not shown'];
const r = el.getBoundingClientRect();
if (r.left < 0 || r.right > vw + 0.5) out.push(sel + ' spans ' + r.left + '..' + r.right + ' of ' + vw);
if (el.scrollWidth > el.clientWidth + 1) out.push(sel + ' scrolls sideways');
for (const b of el.querySelectorAll('button')) {
  b.scrollIntoView({ block: 'nearest' });
  const br = b.getBoundingClientRect();
  if (br.width < 24 || br.height < 24 || br.right > vw + 0.5 || br.bottom > innerHeight + 0.5)
    out.push(sel + ' ' + (b.dataset.action || b.className) + ' unreachable');
}
return out;
""" % HOST


def reflow(base):
    """Yields (label, problems) for the narrow and the zoomed viewport, and
    the narrow one under the hostile stylesheet."""
    hostile = [(f"320 px, hostile site CSS, {root}", 320, 640, HOSTILE_CSS + css) for root, css in ROOT_SIZES.items()]
    with Browser("chrome") as b:
        for label, width, height, styles in [("320 px", 320, 640, None), ("200 % zoom", 640, 400, None)] + hostile:
            cdp(b, "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            b.get(base)
            b.run("localStorage.clear();")
            b.get(f"{base}?lang=az")
            if styles:
                assert b.run(ADD_STYLES, styles), "the hostile stylesheet did not apply"
            b.wait_for(f"return {HOST} && {HOST}.shadowRoot.querySelector('.banner:not([hidden])');")
            b.run_async(SETTLE)
            yield f"[chrome] reflow, banner, {label}", b.run(FITS, ".card")
            b.run(f"{HOST}.shadowRoot.querySelector('[data-action=preferences]').click();")
            b.wait_for(f"return !!{HOST}.shadowRoot.querySelector('dialog')?.open;")
            b.run_async(SETTLE)
            yield f"[chrome] reflow, dialog, {label}", b.run(FITS, "dialog[open]")


def main():
    wanted = set(sys.argv[1:] or ["chrome", "firefox"])
    axe_source = open(AXE, encoding="utf-8").read()
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "serve.py"), "--port", "0",
                               "--root", os.path.join(ROOT, "www")], stdout=subprocess.PIPE, text=True)
    base = server.stdout.readline().split(" on ")[1].strip()
    passed = failed = 0
    try:
        for name, scheme, browser in sessions(wanted):
            with browser as b:
                actual = b.run("return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';")
                for page, lang, styles in PAGES:
                    b.get(base)
                    b.run("localStorage.clear();")
                    b.get(f"{base}?lang={lang}")
                    if styles:
                        assert b.run(ADD_STYLES, styles), "the hostile stylesheet did not apply"
                    b.wait_for(f"return {HOST} && {HOST}.shadowRoot.querySelector('.banner:not([hidden])');")
                    b.run(axe_source)
                    for view in ("banner", "dialog"):
                        if view == "dialog":
                            b.run(f"{HOST}.shadowRoot.querySelector('[data-action=preferences]').click();")
                            b.wait_for(f"return !!{HOST}.shadowRoot.querySelector('dialog')?.open;")
                        violations = b.run_async(RUN_AXE)
                        if styles:  # axe skips what is not shown: a hidden banner has no violation
                            b.run_async(SETTLE)
                            violations += [{"id": "hidden", "help": p, "nodes": []}
                                           for p in b.run(FITS, ".card" if view == "banner" else "dialog[open]")]
                        label = f"[{name}] {view}, {page}, {scheme}"
                        if scheme != actual:
                            violations.append({"id": "setup", "help": f"page is {actual}, not {scheme}", "nodes": []})
                        if violations:
                            failed += 1
                            print(f"FAIL {label}: {len(violations)} violation(s)")
                            for v in violations:
                                print(f"     {v['id']} ({v.get('impact')}): {v['help']}")
                                for node in v["nodes"][:5]:
                                    print(f"       {node}")
                        else:
                            passed += 1
                            print(f"ok   {label}: no violations")
        if "chrome" in wanted:
            for label, problems in reflow(base):
                ok = not problems
                passed, failed = passed + ok, failed + (not ok)
                print(f"{'ok  ' if ok else 'FAIL'} {label}" + ("" if ok else f": {problems}"))
    finally:
        server.terminate()
    print(f"axe: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
