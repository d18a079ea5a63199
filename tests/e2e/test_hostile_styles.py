"""The site's own CSS must never restyle the banner: a shadow root stops the
site's selectors, not inheritance, and the site can still style the host
element <div id="icta-consent"> itself. The pages are the demo under
tests/a11y/hostile-site.css (everything inheritable set on <body>; rules on
`*`, `div`, `div:empty`, `body > *` and `#icta-consent`, some !important:
transform, zoom, filter, opacity, visibility, display, position, a 60px
font size, writing-mode...) with html { font-size: 62.5% } or 40px.

What a visitor must see there: the banner and the dialog exactly as on the
plain demo (the same computed text styles and the same sizes), body text at
a readable size, nothing cut off, every button on screen and under the
pointer, and no axe-core violation."""
import json

import pytest

from icta_testing import axe
from icta_testing.browsers import Browser
from icta_testing.e2e_site import ROOT_SIZES
from icta_testing.page import BANNER_BUILT, BANNER_SHOWN, DIALOG_OPEN, HOST
from icta_testing.plugin import in_engines

# What the visitor sees of each text of the view arguments[0] ('banner' or
# 'dialog'), keyed by a readable name: the computed styles that inheritance
# or the host's own rules could change, and the rendered size. The host is
# there too, with the properties that change how it draws its shadow tree.
TEXT_PROPS = ["font-size", "font-family", "font-style", "font-weight", "font-variant-caps", "font-stretch",
              "font-feature-settings", "font-size-adjust", "letter-spacing", "word-spacing", "line-height",
              "text-transform", "text-indent", "text-align", "text-shadow", "white-space", "word-break",
              "hyphens", "direction", "writing-mode", "visibility", "cursor", "pointer-events", "color",
              "-webkit-text-fill-color", "-webkit-text-stroke-width", "user-select", "color-scheme"]
HOST_PROPS = ["display", "position", "transform", "zoom", "filter", "opacity", "visibility", "clip-path",
              "mix-blend-mode", "contain", "will-change", "overflow", "direction", "writing-mode"]
SNAPSHOT = """
const view = arguments[0], textProps = arguments[1], hostProps = arguments[2];
const host = %s, root = host.shadowRoot;
const scope = view === 'dialog' ? root.querySelector('dialog') : root.querySelector('.banner .card');
const out = {};
const take = (name, el, props) => {
  const cs = getComputedStyle(el), r = el.getBoundingClientRect();
  const o = {};
  for (const p of props) o[p] = cs.getPropertyValue(p);
  o.width = Math.round(r.width); o.height = Math.round(r.height);
  out[name] = o;
};
take('host', host, hostProps);
take(view, scope, textProps);
scope.querySelectorAll('h2, p, a, label, .always, button').forEach((el, i) => {
  if (el.getClientRects().length === 0) return;
  const id = el.dataset.action || el.id || el.className || '';
  take(el.tagName.toLowerCase() + (id ? '.' + id : '') + '#' + i, el, textProps);
});
return out;
""" % HOST

# The problems a visitor would see in the view arguments[0]: body text
# outside 14-20 px, titles outside 16-26 px (at the visitor's default font
# size arguments[1], 16 px out of the box; in proportion to it otherwise), a
# text or button wider than its box (cut off), a button off screen, over
# 100 px tall, or not the element under its centre.
PROBLEMS = """
const view = arguments[0], medium = (arguments[1] || 16) / 16, host = %s, root = host.shadowRoot, out = [];
const scope = view === 'dialog' ? root.querySelector('dialog') : root.querySelector('.banner .card');
const name = el => el.tagName.toLowerCase() + (el.dataset.action ? '.' + el.dataset.action : el.id ? '#' + el.id : '');
const px = el => parseFloat(getComputedStyle(el).fontSize);
for (const el of scope.querySelectorAll('p, label, .always, button:not(.close)')) {
  if (el.getClientRects().length && (px(el) < 14 * medium || px(el) > 20 * medium)) out.push(name(el) + ' text is ' + px(el) + ' px');
}
for (const el of scope.querySelectorAll('h2')) {
  if (px(el) < 16 * medium || px(el) > 26 * medium) out.push(name(el) + ' title is ' + px(el) + ' px');
}
for (const el of [scope, ...scope.querySelectorAll('.text, h2, p, label, button')]) {
  if (el.getClientRects().length === 0) continue;
  if (el.scrollWidth > el.clientWidth + 1) out.push(name(el) + ' overflows: ' + el.scrollWidth + ' > ' + el.clientWidth);
}
for (const b of scope.querySelectorAll('button')) {
  const r = b.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (r.width < 24 || r.height < 24 || r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) {
    out.push(name(b) + ' is off screen or tiny: ' + JSON.stringify(r));
    continue;
  }
  if (r.height > 100 * medium) out.push(name(b) + ' is ' + Math.round(r.height) + ' px tall');
  const hit = root.elementFromPoint(x, y);
  if (!hit || !b.contains(hit)) out.push(name(b) + ' is not under the pointer at its centre: ' + (hit ? name(hit) : 'nothing'));
}
return out;
""" % HOST


def open_view(browser, path, view):
    """Opens `path` on a first visit and shows `view`, settled."""
    browser.open(path)
    browser.wait(BANNER_BUILT, f"a first visit to {path} builds the banner")
    if view == "dialog":
        browser.run("window.IctaConsent.showPreferences();")
        browser.wait(DIALOG_OPEN, f"showPreferences() opens the dialog on {path}")
    browser.settle()


def differences(seen, plain):
    """What differs between two snapshots, element by element."""
    out = []
    for key in sorted(set(seen) | set(plain)):
        a, b = seen.get(key), plain.get(key)
        if a is None or b is None:
            out.append(f"{key}: {'missing' if a is None else 'extra'} on the hostile page")
            continue
        for prop in a:
            same = abs(a[prop] - b[prop]) <= 1 if prop in ("width", "height") else a[prop] == b[prop]
            if not same:
                out.append(f"{key} {prop}: {a[prop]!r}, not {b[prop]!r}")
    return out


@pytest.mark.parametrize("root", sorted(ROOT_SIZES))
@pytest.mark.parametrize("view", ["banner", "dialog"])
def test_site_stylesheet_does_not_restyle_the_banner_or_the_dialog(browser, site, view, root):
    open_view(browser, "/t/demo.html", view)
    plain = browser.run(SNAPSHOT, view, TEXT_PROPS, HOST_PROPS)
    assert not browser.run(PROBLEMS, view), f"[{browser.name}] the plain demo's {view} has problems"

    path = f"/t/hostile-styles-{root}.html"
    open_view(browser, path, view)
    assert browser.run("return getComputedStyle(document.body).textTransform;") == "uppercase", \
        f"[{browser.name}] the hostile stylesheet did not load on {path}"
    seen = browser.run(SNAPSHOT, view, TEXT_PROPS, HOST_PROPS)
    problems = browser.run(PROBLEMS, view)
    changed = differences(seen, plain)
    assert not problems and not changed, (
        f"[{browser.name}] {path}: the {view} is not what a visitor sees on the plain demo.\n"
        f"problems: {json.dumps(problems, indent=1, ensure_ascii=False)}\n"
        f"restyled ({len(changed)}): {json.dumps(changed[:60], indent=1, ensure_ascii=False)}")

    # And the visitor can still choose, with real clicks.
    if view == "dialog":
        browser.click_banner("dialog [data-action=save]")
        browser.wait(f"return !(() => {{ {DIALOG_OPEN} }})();", "Save closes the dialog")
    else:
        browser.click_banner(".banner [data-action=reject-all]")
        browser.wait(f"return !(() => {{ {BANNER_SHOWN} }})();", "Reject all closes the banner")


@pytest.mark.parametrize("root", sorted(ROOT_SIZES))
def test_axe_finds_no_violation_under_a_hostile_site_stylesheet(browser, site, root):
    source = axe.source()
    open_view(browser, f"/t/hostile-styles-{root}.html", "banner")
    # axe-core skips what is not shown: a hidden banner would have no violation.
    browser.wait(BANNER_SHOWN, "the banner shows under the hostile stylesheet")
    browser.run(source)
    found = {}
    for view in ("banner", "dialog"):
        if view == "dialog":
            browser.run("window.IctaConsent.showPreferences();")
            browser.wait(DIALOG_OPEN, "showPreferences() opens the dialog")
        violations = browser.run_async(axe.RUN_AXE)
        found[view] = axe.summary(violations)
    assert found == {"banner": [], "dialog": []}, f"[{browser.name}] axe-core violations: {found}"


class LargeTextBrowser(Browser):
    """A browser whose visitor has set a default font size of 24 px (16 px
    out of the box): Firefox's preference, Chromium's through DevTools."""

    SIZE = 24

    def __init__(self, name, base):
        super().__init__(name, base, prefs={f"font.size.variable.{group}": self.SIZE
                                            for group in ("x-western", "x-unicode", "x-cyrillic")})
        if name == "chrome":  # it takes once a page is there
            self.open("/t/blank.html")
            self.cdp("Page.setFontSizes", {"fontSizes": {"standard": self.SIZE}})


# MiniBrowser has no setting for it that WebDriver can reach.
@in_engines("chrome", "firefox")
@pytest.mark.parametrize("path", ["/t/demo.html", "/t/hostile-styles-small-root.html"])
def test_visitors_default_font_size_still_sizes_the_banner(site, engine, path):
    name = engine
    with LargeTextBrowser(name, site.base) as browser:
        open_view(browser, path, "banner")
        sizes = browser.run(f"const r = {HOST}.shadowRoot;"
                            " return ['h2', 'p', 'button'].map(s => getComputedStyle(r.querySelector(s)).fontSize);")
        size = LargeTextBrowser.SIZE
        assert sizes == [f"{1.125 * size:g}px", f"{0.9375 * size:g}px", f"{0.9375 * size:g}px"], \
            f"[{name}] {path}: with a default font size of {size} px, the title, text and button are {sizes}"
        problems = browser.run(PROBLEMS, "banner", size)
        assert not problems, f"[{name}] {path}: at a default font size of {size} px: {problems}"


def test_sites_theme_still_comes_through_the_custom_properties(browser, site):
    open_view(browser, "/t/hostile-styles-themed.html", "banner")
    seen = browser.run(f"const r = {HOST}.shadowRoot, s = e => getComputedStyle(r.querySelector(e));"
                       " return {button: s('.banner button').backgroundColor, font: s('.banner p').fontFamily,"
                       " surface: s('.card').backgroundColor, title: s('.banner h2').color,"
                       " radius: s('.card').borderTopLeftRadius, size: s('.banner p').fontSize};")
    assert seen == {"button": "rgb(122, 31, 0)", "font": "Georgia, serif", "surface": "rgb(255, 248, 225)",
                    "title": "rgb(42, 26, 0)", "radius": "2px", "size": "15px"}, \
        f"[{browser.name}] the theme on :root and #icta-consent, under the hostile stylesheet, gives {seen}"
