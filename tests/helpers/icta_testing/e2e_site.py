"""The end-to-end suite's test site: a copy of www/ (the demo and the built
module) plus the test-only pages and scripts of the scenarios under /t/,
served by scripts/serve.py on a free port. The server's request log is kept,
so a test can say exactly what the browser fetched."""
import json
import os
import shutil
import tempfile
import time

from icta_testing import HOSTILE_SITE_CSS, WWW
from icta_testing.servers import SiteServer

BUILT = ("icta-consent.js", "icta_consent_bg.wasm")
LOADER = '<script type="module" async src="/icta-consent/icta-consent.js"></script>'

# First script of the spied pages: records every Content-Security-Policy
# violation, whether the banner's host was ever added to the page, how often
# the module said it was ready, what the page wrote with console.error, and
# which of its scripts and links failed to load, from before the module can
# run. Classic and external, so the demo's CSP allows it.
SPY_JS = """(function () {
  var spy = window.__spy = { csp: [], hostSeen: false, ready: 0, errors: [], failedLoads: [] };
  window.addEventListener('icta-consent:ready', function () { spy.ready += 1; });
  var consoleError = console.error;
  console.error = function () {
    spy.errors.push(Array.prototype.map.call(arguments, String).join(' '));
    return consoleError.apply(console, arguments);
  };
  // A script or link that fails to load fires "error" at its element; it
  // does not bubble, so listen while it is captured on its way down.
  window.addEventListener('error', function (e) {
    var el = e.target;
    if (el && el !== window && (el.src || el.href)) spy.failedLoads.push(el.src || el.href);
  }, true);
  document.addEventListener('securitypolicyviolation', function (e) {
    spy.csp.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) { if (n.id === 'icta-consent') spy.hostSeen = true; });
    });
  }).observe(document, { childList: true, subtree: true });
})();
"""
SPY = '<script src="/t/spy.js"></script>'

# localStorage whose getter throws, as where cookies are blocked.
BREAK_STORAGE_JS = """Object.defineProperty(window, 'localStorage', {
  configurable: true,
  get: function () { throw new DOMException('The operation is insecure.', 'SecurityError'); }
});
"""

# A page whose timers and scheduler throw for icta-consent (a call whose
# stack names its script), before the module runs: it must start the page at
# once instead, and IctaConsent.ready still resolve. Other callers keep their
# timers: WebKit's WebDriver runs its scripts with the page's setTimeout.
BREAK_TIMERS_JS = """window.__timersRefused = 0;
const refuse = (what) => {
  if (!/icta-consent[.]js/.test(new Error().stack || '')) return false;
  window.__timersRefused++;
  throw new Error('no ' + what + ' for icta-consent on this page');
};
const pageSetTimeout = window.setTimeout;
window.setTimeout = function () { refuse('timers'); return pageSetTimeout.apply(window, arguments); };
const pageScheduler = window.scheduler;
Object.defineProperty(window, 'scheduler', {
  configurable: true,
  value: { postTask: function () { refuse('scheduler'); return pageScheduler.postTask.apply(pageScheduler, arguments); } }
});
"""

# What the hostile pages' handlers call, in this order, once (the first time
# their handler runs): every function of the API. It never withdraws
# analytics (off until acceptAll, on after it), so no page reloads; the last
# call's choices differ from every earlier one's.
HOSTILE_SEQUENCE = [
    ["choices", []], ["accepted", ["necessary"]], ["accepted", ["preferences"]], ["accepted", ["analytics"]],
    ["showBanner", []], ["showPreferences", []],
    ["save", [{"preferences": True, "analytics": False}]],
    ["reset", []],
    ["rejectAll", []],
    ["acceptAll", []],
    ["save", [{"preferences": False, "analytics": True}]],
]

# A page whose own code calls the API from everywhere the module can wake it:
# focus, blur, focusin and focusout (window and document, capture), a change
# of its own checkbox, the icta-consent:ready and :change events, a wrapped
# console.error, a patched Storage.prototype.setItem and its own gtag (defined
# before the module, which keeps it). After the spy, before the module.
#
#   ?hook=NAME     NAME's handler runs HOSTILE_SEQUENCE the first time it runs
#                  (the focus ones: the first time the event is the banner's),
#                  recording each call's result and choices()/accepted() right
#                  after it, and reads the API each time it runs;
#   ?peek=A,B      A's and B's handlers only read the API (choices(), accepted())
#                  each time they run;
#   ?hook=narrow   an icta-consent:change listener that saves analytics off
#                  whenever the detail grants it (three times at most).
#
# Names: focus, blur, focusin, focusout, change, ready-event, change-event,
# console-error, set-item, gtag. A handler never runs inside itself, and the
# focus and change ones wait for the module's ready event (before it, the
# module cannot answer). Every exception of a call, and every window
# 'error' and 'unhandledrejection', is in __hostile.errors.
HOSTILE_JS = """(function () {
  var params = new URLSearchParams(location.search);
  var hook = params.get('hook') || '';
  var peekAt = (params.get('peek') || '').split(',').filter(Boolean).concat(hook ? [hook] : []);
  var SEQUENCE = %s;
  var h = window.__hostile = { hook: hook, runs: 0, calls: [], errors: [], changes: [], peeks: {},
    peeksInBanner: 0, hostsAdded: 0, gtag: [], narrowed: [], ready: false };
  var active = {};
  var depth = 0;

  function describe(e) { return e && e.name ? e.name + ': ' + e.message : String(e); }
  function copy(v) { return v === undefined ? null : JSON.parse(JSON.stringify(v)); }
  function api(where, fn, args) {
    depth += 1;
    try {
      return { value: window.IctaConsent[fn].apply(null, args) };
    } catch (e) {
      h.errors.push(where + ': ' + fn + '(' + JSON.stringify(args).slice(1, -1) + ') threw ' + describe(e));
      return { error: describe(e) };
    } finally {
      depth -= 1;
    }
  }
  function peek(label, inBanner) {
    h.peeks[label] = (h.peeks[label] || 0) + 1;
    if (inBanner) h.peeksInBanner += 1;
    api(label, 'choices', []);
    ['necessary', 'preferences', 'analytics'].forEach(function (c) { api(label, 'accepted', [c]); });
  }
  function run(label) {
    h.runs += 1;
    SEQUENCE.forEach(function (step) {
      var r = api(label, step[0], step[1]);
      h.calls.push({ fn: step[0], args: step[1], result: 'error' in r ? null : copy(r.value), error: r.error || null,
                     after: copy(api(label, 'choices', []).value),
                     preferences: api(label, 'accepted', ['preferences']).value,
                     analytics: api(label, 'accepted', ['analytics']).value });
    });
  }
  // The page's handler named `name` runs: it reads the API, and runs the
  // sequence if it is the hook and has not yet (`act`: this time may).
  function on(name, label, inBanner, act) {
    if (peekAt.indexOf(name) < 0 || active[name] || depth > 4 || !window.IctaConsent) return;
    active[name] = true;
    try {
      peek(label, inBanner);
      if (name === hook && act && h.runs === 0) run(label);
    } finally {
      active[name] = false;
    }
  }

  window.addEventListener('error', function (e) {
    if (e instanceof ErrorEvent) h.errors.push('window error: ' + e.message);
  });
  window.addEventListener('unhandledrejection', function (e) {
    h.errors.push('unhandled rejection: ' + describe(e.reason));
  });
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) { if (n.id === 'icta-consent') h.hostsAdded += 1; });
    });
  }).observe(document, { childList: true, subtree: true });

  ['focus', 'blur', 'focusin', 'focusout'].forEach(function (type) {
    [window, document].forEach(function (target) {
      var label = (target === window ? 'window ' : 'document ') + type;
      target.addEventListener(type, function (e) {
        var inBanner = !!e.target && e.target.id === 'icta-consent';
        if (h.ready) on(type, label, inBanner, inBanner);
      }, true);
    });
  });
  document.addEventListener('DOMContentLoaded', function () {
    var label = document.createElement('label');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.id = 'hostile-toggle';
    label.append(box, " The page's own checkbox");
    document.body.prepend(label);
    box.addEventListener('change', function () { if (h.ready) on('change', 'change', false, true); });
  });
  window.addEventListener('icta-consent:ready', function () {
    h.ready = true;
    on('ready-event', 'icta-consent:ready', false, true);
  });
  window.addEventListener('icta-consent:change', function (e) {
    h.changes.push(copy(e.detail));
    on('change-event', 'icta-consent:change', false, true);
    if (hook === 'narrow' && e.detail && e.detail.analytics && h.narrowed.length < 3) {
      var r = api('narrow', 'save', [{ preferences: true, analytics: false }]);
      h.narrowed.push({ result: copy(r.value), error: r.error || null,
                        after: copy(api('narrow', 'choices', []).value) });
    }
  });
  var consoleError = console.error;
  console.error = function () {
    var result = consoleError.apply(console, arguments);
    on('console-error', 'console.error', false, true);
    return result;
  };
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    var result = setItem.call(this, key, value);
    if (key === 'icta-consent') on('set-item', 'Storage.prototype.setItem', false, true);
    return result;
  };
  window.dataLayer = window.dataLayer || [];
  window.gtag = function () {
    window.dataLayer.push(arguments);
    h.gtag.push(copy(Array.prototype.slice.call(arguments)));
    on('gtag', 'gtag', false, true);
  };
})();
""" % json.dumps(HOSTILE_SEQUENCE)
HOSTILE = '<script src="/t/hostile.js"></script>'

# Three gated scripts, external, inline, external; no CSP (the inline one).
# The inline one says whether the external one before it had run.
ORDER_HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Order of gated scripts</title>
  <script>window.__order = [];</script>
  <script type="module" src="/icta-consent/icta-consent.js"></script>
  <script type="text/plain" data-consent="analytics" src="/analytics/order-a.js"></script>
  <script type="text/plain" data-consent="analytics">window.__order.push(window.orderA ? 'b' : 'b before a');</script>
  <script type="text/plain" data-consent="analytics" src="/analytics/order-c.js"></script>
</head>
<body>
  <p>Three gated scripts: external, inline, external.</p>
  <p><a href="#" data-consent-open>Cookie settings</a></p>
</body>
</html>
"""
# Page code that calls the API as soon as the tag has run, before the module
# has started (its .wasm is still on the way): the calls must wait for it.
EARLY_HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Calls before the module has started</title>
  <script>window.__ran = []; window.__errors = []; window.__logged = [];
    addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
    addEventListener('unhandledrejection', function (e) { window.__errors.push(String(e.reason)); });
    var log = console.error;
    console.error = function () { window.__logged.push(String(arguments[0])); return log.apply(console, arguments); };</script>
  <script type="module" src="/icta-consent/icta-consent.js"></script>
  <script type="module">
    window.__early = {
      accepted: IctaConsent.accepted('analytics'),
      necessary: IctaConsent.accepted('necessary'),
      choices: IctaConsent.choices(),
      returned: IctaConsent.save({preferences: false, analytics: true}),
    };
    // Kept like any action, and refused when it runs: the next still runs.
    IctaConsent.save({analytics: 'yes'});
    IctaConsent.showPreferences();
    IctaConsent.ready.then(function (choices) { window.__ready = choices; });
  </script>
  <script type="text/plain" data-consent="analytics">window.__ran.push('analytics');</script>
</head>
<body><p>Calls before the module has started.</p></body>
</html>
"""
ORDER_A_JS = "window.orderA = true; window.__order.push('a');\n"
ORDER_C_JS = "window.__order.push(window.orderA ? 'c' : 'c before a');\n"
LATE_JS = "window.__order.push('late ' + new URL(document.currentScript.src).searchParams.get('n'));\n"


# A site stylesheet that reaches everything the banner inherits and its host
# element itself (tests/a11y/hostile-site.css), after the demo's own, with a
# small or a large root font size.
SITE_CSS = '<link rel="stylesheet" href="/site.css">'
ROOT_SIZES = {"small-root": "html { font-size: 62.5%; }\n", "large-root": "html { font-size: 40px; }\n"}


# A site's theme, through the custom properties of README's "Theming", some
# set on the host and some inherited from the root.
THEME_CSS = """:root { --icta-consent-accent: #7a1f00; --icta-consent-font: Georgia, serif; }
#icta-consent { --icta-consent-surface: #fff8e1; --icta-consent-text: #2a1a00; --icta-consent-radius: 2px; }
"""


def hostile_styles(demo, root, extra=()):
    """The demo with the hostile stylesheet, root size `root` and the
    stylesheets `extra` after its own."""
    links = ["/t/hostile-site.css", f"/t/{root}.css", *extra]
    out = demo.replace(SITE_CSS, SITE_CSS + "".join(f'\n  <link rel="stylesheet" href="{h}">' for h in links), 1)
    assert out != demo, "the demo page changed shape"
    return demo_variant(out)


def demo_variant(html, *, before_title="", loader=None, config=None):
    """The demo page with scripts put first in <head> (after its CSP), the
    loader tag replaced, and a config block added."""
    head = SPY + before_title
    if config is not None:
        head += f'\n  <script type="application/json" id="icta-consent-config">{config}</script>'
    out = html.replace("<title>", head + "\n  <title>", 1)
    if loader is not None:
        out = out.replace(LOADER, loader, 1)
    assert out != html and (loader is None or loader in out), "the demo page changed shape"
    return out


def build(site):
    """Copies www/ into `site` and writes the test pages."""
    www = WWW
    for attempt in range(20):  # a concurrent ./scripts/build empties www/icta-consent/ for a moment
        if all(os.path.isfile(os.path.join(www, "icta-consent", f)) for f in BUILT):
            break
        time.sleep(0.5)
    else:
        raise FileNotFoundError("www/icta-consent/ lacks the built module: run ./scripts/build first")
    shutil.copytree(www, site, dirs_exist_ok=True)
    t = os.path.join(site, "t")
    os.makedirs(os.path.join(t, "copy"))
    for f in BUILT:  # the same script and module at a second place
        shutil.copy(os.path.join(site, "icta-consent", f), os.path.join(t, "copy", f))
    demo = open(os.path.join(www, "index.html"), encoding="utf-8").read()
    pages = {
        "t/spy.js": SPY_JS,
        "t/break-storage.js": BREAK_STORAGE_JS,
        "t/break-timers.js": BREAK_TIMERS_JS,
        # The demo, spied on: its own strict CSP, status panel and gated scripts.
        "t/demo.html": demo_variant(demo),
        # The privacy policy's revision raised to 2 by the page.
        "t/revision2.html": demo_variant(demo, config='{"revision": 2}'),
        # localStorage throws before the module runs.
        "t/storage-throws.html": demo_variant(demo, before_title='<script src="/t/break-storage.js"></script>'),
        # setTimeout and scheduler.postTask throw before the module runs.
        "t/timers-throw.html": demo_variant(demo, before_title='<script src="/t/break-timers.js"></script>'),
        # The tag pasted twice.
        "t/twice.html": demo_variant(demo, loader=LOADER + "\n  " + LOADER),
        # The same loader at a second URL, and a copy of it at a second place.
        "t/second-url.html": demo_variant(demo, loader=LOADER + "\n  "
                                          + '<script type="module" src="/icta-consent/icta-consent.js?v=2"></script>\n  '
                                          + '<script type="module" src="/t/copy/icta-consent.js"></script>'),
        # The page's own code calls the API from its handlers (HOSTILE_JS's
        # ?hook= and ?peek= say which); a withdrawal would not reload it.
        "t/hostile.js": HOSTILE_JS,
        "t/hostile.html": demo_variant(demo, before_title=HOSTILE, config='{"reload_on_withdraw": false}'),
        # The same with a broken config block: the module calls console.error as it starts.
        "t/hostile-broken-config.html": demo_variant(demo, before_title=HOSTILE, config="{broken"),
        # The demo under a site stylesheet that tries to restyle the banner
        # (HOSTILE_SITE_CSS), with html { font-size: 62.5% } or 40px.
        "t/hostile-site.css": open(HOSTILE_SITE_CSS, encoding="utf-8").read(),
        **{f"t/{root}.css": css for root, css in ROOT_SIZES.items()},
        **{f"t/hostile-styles-{root}.html": hostile_styles(demo, root) for root in ROOT_SIZES},
        # The same with the site's theme (THEME_CSS): it must still come through.
        "t/theme.css": THEME_CSS,
        "t/hostile-styles-themed.html": hostile_styles(demo, "large-root", ["/t/theme.css"]),
        "t/order.html": ORDER_HTML,
        "t/early.html": EARLY_HTML,
        # A page of the site without the module, to set up storage from.
        "t/blank.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head></html>\n',
        "analytics/order-a.js": ORDER_A_JS,
        "analytics/order-c.js": ORDER_C_JS,
        "analytics/late.js": LATE_JS,
    }
    for path, text in pages.items():
        with open(os.path.join(site, path), "w", encoding="utf-8") as f:
            f.write(text)


class Site(SiteServer):
    """The test site, served by scripts/serve.py, with its request log and
    counts (SiteServer's hits, reset, block, requests)."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="icta-e2e-site-")
        try:
            build(self.root)
            super().__init__(self.root)
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    def close(self):
        super().close()
        shutil.rmtree(self.root, ignore_errors=True)
