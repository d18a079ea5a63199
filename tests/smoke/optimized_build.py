#!/usr/bin/env python3
"""Loads the optimized module (what ./scripts/build writes into www/icta-consent/) in
real browsers (headless Chromium and Firefox, WebKit on Xvfb), through the demo page and its strict
Content-Security-Policy, and dist/embed.html pasted twice. Only a real browser
catches a wasm-opt that writes a module which fails at load time. It also
calls every function of window.IctaConsent, checks that the page fetched the
banner as one script and one .wasm, and that the module's imports and exports
have the short names the build gives them.

    tests/smoke/optimized_build.py [chrome|firefox|webkit ...]
"""
import os
import shutil
import subprocess
import tempfile
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from webdriver import Browser, cdp, verdict  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HOST = "document.getElementById('icta-consent')"
CSP_SPY = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""
STATUS = "const s = document.getElementById('consent-status'); return s && s.dataset.state !== 'loading' && {...s.dataset};"
# What the page fetched of the banner (Resource Timing: a preload that the
# loader's fetch() used is one entry, not two), by path under /icta-consent/.
BANNER_FILES = """return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
  .filter(p => p.startsWith('/icta-consent/')).map(p => p.slice('/icta-consent/'.length)).sort();"""
# Every function of window.IctaConsent, on a first visit, in an order that
# never withdraws analytics (which would reload the page): what each returns,
# and the messages of the two calls that must throw. save()'s arguments are
# made by the page's own JSON.parse: Firefox runs WebDriver scripts in a
# sandbox whose object literals are not instances of the page's Object.
API = """const api = window.IctaConsent, out = {};
const page = (json) => window.JSON.parse(json);
const thrown = (f) => {
  try { f(); return 'no error'; } catch (e) {
    // An Error of the page's realm (not the sandbox's, in Firefox): no instanceof.
    return Object.prototype.toString.call(e) === '[object Error]' ? e.message : 'not an Error: ' + String(e);
  }
};
out.keys = Object.keys(api).sort();
out.frozen = Object.isFrozen(api);
out.first = api.choices();
out.analyticsFirst = api.accepted('analytics');
out.unknown = thrown(() => api.accepted('marketing'));
out.badSave = thrown(() => api.save(page('{"preferences": "yes", "analytics": false}')));
out.afterBad = api.choices();
out.saved = api.save(page('{"preferences": true, "analytics": false}'));
out.savedNow = api.choices();
out.preferences = api.accepted('preferences');
out.rejected = api.rejectAll();
api.showBanner();
const host = document.getElementById('icta-consent');
out.bannerShown = !!host && !host.shadowRoot.querySelector('.banner').hidden;
api.showPreferences();
out.dialogOpen = host.shadowRoot.querySelector('dialog').open;
api.reset();
out.afterReset = api.choices();
out.accepted = api.acceptAll();
out.analytics = api.accepted('analytics');
return out;"""
# The served module's import and export names, as this browser reads them.
WASM_NAMES = """const done = arguments[arguments.length - 1];
fetch('/icta-consent/icta_consent_bg.wasm').then(r => r.arrayBuffer()).then(b => WebAssembly.compile(b))
  .then(m => done({imports: WebAssembly.Module.imports(m).map(i => [i.module, i.name]),
                   exports: WebAssembly.Module.exports(m).map(e => e.name)}))
  .catch(e => done({error: String(e)}));"""
NONE = {"necessary": True, "preferences": False, "analytics": False}
API_EXPECTED = {
    "keys": ["acceptAll", "accepted", "choices", "rejectAll", "reset", "save", "showBanner", "showPreferences"],
    "frozen": True, "first": None, "analyticsFirst": False,
    "unknown": 'icta-consent: unknown category (expected "necessary", "preferences" or "analytics")',
    "badSave": "icta-consent: save() takes {preferences: boolean, analytics: boolean}",
    "afterBad": None,
    "saved": {**NONE, "preferences": True}, "savedNow": {**NONE, "preferences": True}, "preferences": True,
    "rejected": NONE, "bannerShown": True, "dialogOpen": True, "afterReset": None,
    "accepted": {"necessary": True, "preferences": True, "analytics": True}, "analytics": True,
}


def hits(b):
    return b.run("return fetch('/__hits').then(r => r.json()).then(h => h.analytics);")


def check_browser(name, base, served):
    """Yields (check, passed, detail) for one browser."""
    with Browser(name) as b:
        if name == "chrome":
            # Record every Content-Security-Policy violation from the first byte.
            cdp(b, "Page.addScriptToEvaluateOnNewDocument", {"source": CSP_SPY})
        b.get(base)
        b.run("localStorage.clear();")
        start = hits(b)
        b.get(base)
        first = b.wait_for(STATUS)
        yield "the optimized module loads under the page's CSP", first.get("state") == "ready", first
        banner = b.wait_for(f"return {HOST} && !{HOST}.shadowRoot.querySelector('.banner').hidden;", 5)
        time.sleep(0.5)
        yield "a first visit shows the banner and loads no analytics", (
            banner and first.get("chosen") == "false" and hits(b) == start), (first, hits(b) - start)

        b.run("document.querySelector('[data-consent-open]').click();")
        opened = b.wait_for(f"return {HOST}.shadowRoot.querySelector('dialog').open;")
        styled = b.run(f"return getComputedStyle({HOST}.shadowRoot.querySelector('dialog')).borderRadius;")
        yield "the footer's Cookie settings link opens the styled dialog", opened and styled == "12px", styled
        if name == "chrome":
            violations = b.run("return window.__csp;")
            yield "the strict Content-Security-Policy sees no violation", violations == [], violations
        wasm = [line for line in served() if "/icta-consent/icta_consent_bg.wasm" in line]
        yield "the .wasm was fetched from the server", any(line.startswith("200 ") for line in wasm), wasm
        files = b.run(BANNER_FILES)
        yield "the banner cost one script and one .wasm, each fetched once", files == [
            "icta-consent.js", "icta_consent_bg.wasm"], files
        names = b.run_async(WASM_NAMES)
        yield "the served module's imports and exports have short names (scripts/minify_names.py)", (
            "error" not in names and {m for m, _ in names["imports"]} == {"a"}
            and all(len(n) <= 2 for _, n in names["imports"]) and all(len(n) <= 2 for n in names["exports"])), names

        b.run(f"{HOST}.shadowRoot.querySelector('dialog [data-action=accept-all]').click();")
        b.wait_for("return window.demoAnalyticsRuns === 1;")
        # One run is two hits: the stand-in script and the beacon it sends.
        b.wait_for(f"return fetch('/__hits').then(r => r.json()).then(h => h.analytics - {start} >= 2);")
        time.sleep(0.3)
        runs = b.run("return window.demoAnalyticsRuns;")
        yield "accept all runs the analytics once (its script and its beacon: two hits)", (
            hits(b) - start == 2 and runs == 1), (hits(b) - start, runs)
        b.get(base)
        after = b.wait_for(STATUS)
        ran = b.wait_for("return window.demoAnalyticsRuns;", 5)
        no_banner = b.run(f"return {HOST} === null;")
        yield "a returning visitor gets no banner and analytics without a click", (
            no_banner and after.get("analytics") == "true" and ran == 1), (after, ran, no_banner)

        b.run("localStorage.setItem('icta-consent', '{\"schema\":1,\"choices\":{\"analytics\":\"true\"}}');")
        b.get(base)
        tampered = b.wait_for(STATUS)
        before = hits(b)
        time.sleep(0.5)
        yield "a tampered value shows the banner and loads no analytics", (
            tampered.get("chosen") == "false" and hits(b) == before
            and b.run("return window.demoAnalyticsRuns === undefined;")), tampered


def check_api(name, base):
    """Yields (check, passed, detail): window.IctaConsent of the optimized
    build, every function, and the errors of bad calls."""
    with Browser(name) as b:
        b.get(base)
        b.run("localStorage.clear();")
        b.get(base)
        b.wait_for(STATUS)
        seen = b.run(API)
        wrong = {key: (seen.get(key), want) for key, want in API_EXPECTED.items() if seen.get(key) != want}
        yield "every function of window.IctaConsent works, and bad calls throw their message", not wrong, wrong
        ran = b.wait_for("return window.demoAnalyticsRuns;", 5)
        yield "acceptAll() through the API runs the analytics once", ran == 1, ran


def dist_site():
    """A page that pastes dist/embed.html twice (a template included twice)
    under a strict CSP, with the stand-in analytics gated."""
    site = tempfile.mkdtemp(prefix="icta-dist-")
    shutil.copytree(os.path.join(ROOT, "dist"), os.path.join(site, "icta-consent"))
    shutil.copytree(os.path.join(ROOT, "www", "analytics"), os.path.join(site, "analytics"))
    embed = open(os.path.join(ROOT, "dist", "embed.html")).read()
    with open(os.path.join(site, "index.html"), "w") as f:
        f.write(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'">
<title>dist</title>
{embed}{embed}
<script type="text/plain" data-consent="analytics" src="/analytics/stand-in.js"></script>
</head><body><p>A page of the site.</p></body></html>""")
    return site


def check_dist(name, base):
    """Yields (check, passed, detail) for the dist/ build pasted twice."""
    with Browser(name) as b:
        b.get(base)
        b.run("localStorage.clear();")
        b.get(base)
        banner = b.wait_for(f"return {HOST} && !{HOST}.shadowRoot.querySelector('.banner').hidden;", 5)
        hosts = b.run("return document.querySelectorAll('#icta-consent').length;")
        yield "dist/ with its SRI hashes loads, pasted twice gives one banner", banner and hosts == 1, hosts
        b.run(f"{HOST}.shadowRoot.querySelector('[data-action=accept-all]').click();")
        b.wait_for("return window.demoAnalyticsRuns >= 1;")
        time.sleep(0.3)
        runs = b.run("return window.demoAnalyticsRuns;")
        yield "pasted twice, each gated script still runs once", runs == 1, runs
        files = b.run(BANNER_FILES)
        yield "dist/: the banner cost one script and one .wasm, by their hashed names", (
            len(files) == 2 and files[0].startswith("icta-consent.") and files[0].endswith(".js")
            and files[1].startswith("icta_consent_bg.") and files[1].endswith(".wasm")), files


def main():
    browsers = sys.argv[1:] or ["chrome", "firefox"]
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "serve.py"), "--port", "0",
                               "--root", os.path.join(ROOT, "www")], stdout=subprocess.PIPE, text=True)
    base = server.stdout.readline().split(" on ")[1].strip()
    log = []

    def served():
        # The server logs one line per request; read what is there without blocking.
        os.set_blocking(server.stdout.fileno(), False)
        for line in iter(server.stdout.readline, ""):
            log.append(line)
        return log

    site = dist_site()
    dist_server = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "serve.py"), "--port", "0",
                                    "--root", site], stdout=subprocess.PIPE, text=True)
    dist_base = dist_server.stdout.readline().split(" on ")[1].strip()

    def checks(name):
        yield from check_browser(name, base, served)
        yield from check_api(name, base)
        yield from check_dist(name, dist_base)

    passed = failed = 0
    try:
        for name in browsers:
            try:
                for check, ok, detail in checks(name):
                    label, ok, note = verdict(name, check, ok)
                    passed, failed = passed + ok, failed + (not ok)
                    print(f"{label} [{name}] {check}" + (f": {note}" if note else "" if ok else f": {detail}"))
            except Exception as error:  # a browser that cannot start is a failure, not a skip
                failed += 1
                print(f"FAIL [{name}] {type(error).__name__}: {error}")
    finally:
        server.terminate()
        dist_server.terminate()
        shutil.rmtree(site, ignore_errors=True)
    print(f"smoke: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
