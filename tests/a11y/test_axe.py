"""axe-core (WCAG 2.0-2.2 A and AA, and best practices) in each engine on the
banner and on the open preferences dialog, in Azerbaijani and English, light
and dark, on the optimized build the demo serves. Any violation fails.

The same in Azerbaijani under a hostile site stylesheet (hostile-site.css,
with html { font-size: 62.5% } and with 40px: the site's CSS must not
restyle the banner into a violation), added to the demo as a constructable
stylesheet (the demo's CSP forbids inline styles, not the CSSOM); there the
banner and the dialog must also be shown, fit the viewport, and let every
button be reached, since axe-core skips what is not shown. And under a site
theme written for light pages only (LIGHT_THEME): in the dark scheme the
banner keeps its own dark colours.

Then reflow (WCAG 1.4.10) in Chromium: at 320 px wide, and at 1280x800
zoomed to 200 % (a 640x400 CSS viewport), the banner and the dialog fit the
viewport's width and every button can be reached; at 320 px under the
hostile stylesheet too.

Each fixture is one browser session that loads every page and notes what
axe-core and the layout checks found; the tests judge those notes."""
import pytest

from icta_testing import HOSTILE_SITE_CSS, WWW, axe
from icta_testing.browsers import Browser
from icta_testing.page import ADD_STYLES, BANNER_BUILT, DIALOG_OPEN, HOST, HOSTILE_APPLIED, SETTLE, click_in_banner
from icta_testing.plugin import in_engines
from icta_testing.servers import SiteServer

HOSTILE_CSS = open(HOSTILE_SITE_CSS, encoding="utf-8").read()
# The root font sizes the hostile stylesheet comes with (tests/e2e's pages too).
ROOT_SIZES = {"62.5 % root": "html { font-size: 62.5%; }", "40px root": "html { font-size: 40px; }"}
# A site's theme as one is usually written, for its own light pages: in the
# dark scheme the banner must keep its dark defaults, not mix them with these
# (light text on this white surface, dark text on this dark red). Its check:
# the accent is the theme's in the light scheme (arguments[0]), the dark
# default in the dark one.
LIGHT_THEME = ("#icta-consent { --icta-consent-surface: #ffffff; --icta-consent-text: #1b2430; --icta-consent-accent: #7a1f00; }",
               f"const b = {HOST}.shadowRoot.querySelector('[data-action=accept-all]');"
               " return getComputedStyle(b).backgroundColor === (arguments[0] === 'dark' ? 'rgb(140, 188, 255)' : 'rgb(122, 31, 0)');")
# The hostile stylesheet with each root size, and its check.
HOSTILE = {root: (HOSTILE_CSS + css, HOSTILE_APPLIED) for root, css in ROOT_SIZES.items()}
# Pages: label: (lang, styles added to the demo or None). Styles are
# (stylesheet, a script that says whether it has taken effect).
PAGES = {"az": ("az", None), "en": ("en", None), "az, a light site theme": ("az", LIGHT_THEME),
         **{f"az, hostile site CSS, {root}": ("az", styles) for root, styles in HOSTILE.items()}}
VIEWS = {"banner": ".card", "dialog": "dialog[open]"}
# Each engine in each colour scheme it can be put in: Chromium through
# DevTools emulation, Firefox through its dark-theme preference; WebKit (GTK's
# MiniBrowser, which offers no switch for it) in the light scheme only.
SESSIONS = [("chrome", "light"), ("chrome", "dark"), ("firefox", "light"), ("firefox", "dark"), ("webkit", "light")]

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


@pytest.fixture(scope="module")
def www():
    server = SiteServer(WWW)
    yield server
    server.close()


def first_visit(b, base, lang, styles, scheme="light"):
    """Loads the demo in `lang` with nothing stored (and `styles` added, in
    the colour scheme `scheme`) until the banner is built."""
    b.get(base)
    b.run("localStorage.clear();")
    b.get(f"{base}?lang={lang}")
    if styles:
        assert b.run(ADD_STYLES, styles[0]), "the stylesheet did not apply"
    b.wait(BANNER_BUILT, f"the banner shows ({lang})")
    shown = b.run(f"return {HOST}.shadowRoot.querySelector('.banner').lang;")
    assert shown == lang, f"asked for {lang}, the banner is in {shown}"
    if styles:
        assert b.run(styles[1], scheme), f"the stylesheet did not take effect ({scheme}): {styles[1]}"


def open_dialog(b):
    b.run(click_in_banner("[data-action=preferences]"))
    b.wait(DIALOG_OPEN, "the Preferences button opens the dialog")


@pytest.fixture(scope="module")
def found(request, engine, www):
    """{(page, view): problems} in one engine and colour scheme: axe-core's
    violations, and under the hostile stylesheet what FITS finds."""
    scheme = request.param
    prefs = {"ui.systemUsesDarkTheme": int(scheme == "dark")} if engine == "firefox" else None
    out = {}
    with Browser(engine, prefs=prefs) as b:
        if engine == "chrome":
            b.cdp("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        actual = b.run("return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';")
        source = axe.source()
        for page, (lang, styles) in PAGES.items():
            first_visit(b, www.base, lang, styles, scheme)
            b.run(source)
            for view, selector in VIEWS.items():
                if view == "dialog":
                    open_dialog(b)
                problems = b.run_async(axe.RUN_AXE)
                if styles:  # axe skips what is not shown: a hidden banner has no violation
                    b.run_async(SETTLE)
                    problems += [{"id": "hidden", "help": p, "nodes": []} for p in b.run(FITS, selector)]
                if scheme != actual:
                    problems.append({"id": "setup", "help": f"page is {actual}, not {scheme}", "nodes": []})
                out[page, view] = problems
    return out


def report(problems):
    return "\n".join(f"{v['id']} ({v.get('impact')}): {v['help']}" + "".join(f"\n  {n}" for n in v["nodes"][:5])
                     for v in problems)


@pytest.mark.parametrize("engine,found", SESSIONS, indirect=True, ids=[f"{e}-{s}" for e, s in SESSIONS])
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("page", list(PAGES))
def test_axe_finds_no_violation(found, page, view):
    problems = found[page, view]
    assert not problems, f"{len(problems)} violation(s):\n{report(problems)}"


# Reflow: (label, viewport width, height, styles added or None).
LAYOUTS = [("320 px", 320, 640, None), ("200 % zoom", 640, 400, None)] + [
    (f"320 px, hostile site CSS, {root}", 320, 640, styles) for root, styles in HOSTILE.items()]


@pytest.fixture(scope="module")
def reflow(engine, www):
    """{(layout, view): what FITS finds} in Chromium, whose DevTools set the
    viewport's size."""
    out = {}
    with Browser(engine) as b:
        for label, width, height, styles in LAYOUTS:
            b.cdp("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            first_visit(b, www.base, "az", styles)
            b.run_async(SETTLE)
            out[label, "banner"] = b.run(FITS, VIEWS["banner"])
            open_dialog(b)
            b.run_async(SETTLE)
            out[label, "dialog"] = b.run(FITS, VIEWS["dialog"])
    return out


# Only Chromium's DevTools can set the viewport's size and zoom.
@in_engines("chrome")
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("layout", [label for label, *_ in LAYOUTS])
def test_reflow_the_banner_and_dialog_fit_and_every_button_can_be_reached(reflow, layout, view):
    assert reflow[layout, view] == [], reflow[layout, view]
