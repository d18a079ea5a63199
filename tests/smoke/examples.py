#!/usr/bin/env python3
"""Runs the examples in examples/ in real browsers (headless Chromium and
Firefox, WebKit on Xvfb), on the optimized build that ./scripts/build writes
into www/icta-consent/:

- each page fetches the banner's script and .wasm once each, the .wasm by
  its preload (started with the script, and the fetch the module then uses);
- script-tag: the banner shows, the gated script is neither fetched nor run
  before Accept all, runs once after it, and runs for a returning visitor;
- strict-csp: served by its own serve.py (a fresh nonce per response), it
  works with no Content-Security-Policy violation in Chromium, and its
  nonce'd inline gated script runs after Accept all;
- ga4-consent-mode: dataLayer holds the Consent Mode default before a choice,
  then the update and Google's commands in that order after Accept all, and
  only the default and a denying update after Reject all.

Nothing leaves the machine: the GA4 page is served from a temporary copy whose
gtag.js address points at a local stand-in.

    tests/smoke/examples.py [chrome|firefox|webkit ...]
"""
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from webdriver import Browser, cdp, verdict  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(ROOT, "examples")
HOST = "document.getElementById('icta-consent')"
BANNER_SHOWN = f"return {HOST} && !{HOST}.shadowRoot.querySelector('.banner').hidden;"
DIALOG_OPEN = f"return {HOST}.shadowRoot.querySelector('dialog').open;"
NO_BANNER = f"return {HOST} === null;"
CSP_SPY = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""
GTAG_URL = "https://www.googletagmanager.com/gtag/js?id=G-XXXXXXXXXX"
GTAG_STAND_IN = """// Stands in for Google's gtag.js in tests/smoke/examples.py: notes each run.
window.gtagStandInRuns = (window.gtagStandInRuns || 0) + 1;
"""
# dataLayer's entries are the arguments of each gtag() call.
DATA_LAYER = "return JSON.parse(JSON.stringify((window.dataLayer || []).map(a => Array.from(a))));"
CONSENT_DEFAULT = {
    "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
    "analytics_storage": "denied", "functionality_storage": "denied",
    "personalization_storage": "denied", "security_storage": "granted",
}
CONSENT_ALL = {**CONSENT_DEFAULT, "analytics_storage": "granted",
               "functionality_storage": "granted", "personalization_storage": "granted"}
# The scripts the gate has run: its copies carry no type attribute.
RUN_SCRIPTS = "return [...document.querySelectorAll('script:not([type])')].map(s => s.src ? new URL(s.src).pathname : 'inline');"
ONLY_LOCAL = "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));"
WASM = "/icta-consent/icta_consent_bg.wasm"
# What the page fetched of the banner, by path under /icta-consent/, each with
# what started it (Resource Timing's initiatorType): the .wasm must be one
# entry started by the <link rel=preload> ("link"), which the loader's fetch()
# then used. Without a preload it is "fetch"; with one the loader cannot use
# (no crossorigin, say), both, two downloads.
BANNER_FILES = """return performance.getEntriesByType('resource')
  .map(e => [new URL(e.name).pathname, e.initiatorType]).filter(([p]) => p.startsWith('/icta-consent/'))
  .map(([p, by]) => p.slice('/icta-consent/'.length) + ' by ' + by).sort();"""


class Server:
    """An example's server on a free port, whose request log ("200 GET /path"
    per line) is read without blocking."""

    def __init__(self, *command):
        self.process = subprocess.Popen([sys.executable, *command, "--port", "0"],
                                        stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        if " on " not in first:
            self.close()
            raise RuntimeError(f"{' '.join(command)} did not start (is www/icta-consent/ built?)")
        self.base = first.split(" on ")[1].strip()
        os.set_blocking(self.process.stdout.fileno(), False)
        self.log = []

    def fetched(self, path):
        """How many times `path` was requested since the server started."""
        self.log.extend(iter(self.process.stdout.readline, ""))
        return sum(line.split()[2:3] == [path] for line in self.log)

    def counter(self, path):
        """A function that says how many times `path` was requested since
        this call (another browser's session may have requested it before)."""
        start = self.fetched(path)
        return lambda: self.fetched(path) - start

    def close(self):
        self.process.terminate()
        self.process.wait(10)


def first_visit(b, server):
    """Opens the example with nothing stored and waits for the banner.
    Returns what that load fetched of the banner: the files Resource Timing
    lists under /icta-consent/, and how many times the server sent the .wasm."""
    b.get(server.base)
    b.run("localStorage.clear();")
    wasm = server.counter(WASM)
    b.get(server.base)
    b.wait_for(BANNER_SHOWN)
    return b.run(BANNER_FILES), wasm()


def fetched_once(example, fetches):
    """(check, passed, detail): the banner cost one script and one .wasm, each
    fetched once, the .wasm by the page's preload, with the script."""
    files, wasm = fetches
    return (f"{example}: the banner's script and .wasm are each fetched once, the .wasm by the preload", (
        files == ["icta-consent.js by script", "icta_consent_bg.wasm by link"] and wasm == 1), (files, wasm))


def click(b, action):
    b.run(f"{HOST}.shadowRoot.querySelector('.banner [data-action={action}]').click();")


def check_script_tag(name, server):
    """Yields (check, passed, detail) for examples/script-tag."""
    with Browser(name) as b:
        fetched = server.counter("/analytics.js")
        fetches = first_visit(b, server)
        yield fetched_once("script-tag", fetches)
        time.sleep(0.3)
        runs = b.run("return window.exampleAnalyticsRuns;")
        yield "script-tag: a first visit shows the banner; analytics is neither fetched nor run", (
            runs is None and fetched() == 0), (runs, fetched())

        click(b, "accept-all")
        b.wait_for("return window.exampleAnalyticsRuns === 1;")
        time.sleep(0.3)
        runs = b.run("return [window.exampleAnalyticsRuns, document.getElementById('analytics-status').textContent];")
        yield "script-tag: Accept all fetches and runs the gated script once", (
            runs[0] == 1 and fetched() == 1 and "ran (1 time" in runs[1]), (runs, fetched())

        b.run("document.querySelector('[data-consent-open]').click();")
        yield "script-tag: the Cookie settings link opens the preferences dialog", b.wait_for(DIALOG_OPEN), None

        b.get(server.base)
        b.wait_for("return window.exampleAnalyticsRuns === 1;")
        time.sleep(0.3)
        runs, gone = b.run("return window.exampleAnalyticsRuns;"), b.run(NO_BANNER)
        yield "script-tag: a returning visitor gets no banner and analytics once without a click", (
            runs == 1 and gone), (runs, gone)


def csp_of(base):
    """The policy header and the page's nonce attribute of one response."""
    with urllib.request.urlopen(base, timeout=10) as response:
        policy = response.headers["Content-Security-Policy"] or ""
        page = response.read().decode()
    return policy, re.findall(r'nonce="([^"]*)"', page)


def check_csp_server(server):
    """Yields (check, passed, detail) for examples/strict-csp/serve.py itself."""
    (first, first_nonces), (second, second_nonces) = csp_of(server.base), csp_of(server.base)
    nonces = [re.search(r"'nonce-([^']+)'", policy) for policy in (first, second)]
    expected = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{}'; "
                "style-src 'self'; object-src 'none'; base-uri 'none'")
    fresh = all(nonces) and nonces[0][1] != nonces[1][1] and len(nonces[0][1]) >= 22
    yield "strict-csp: serve.py sends the policy with a fresh nonce per response, the same in the page", (
        fresh and first == expected.format(nonces[0][1]) and second == expected.format(nonces[1][1])
        and first_nonces == [nonces[0][1]] and second_nonces == [nonces[1][1]]), (first, first_nonces, second)


def check_strict_csp(name, server):
    """Yields (check, passed, detail) for examples/strict-csp in one browser."""
    with Browser(name) as b:
        if name == "chrome":
            # Record every Content-Security-Policy violation from the first byte.
            cdp(b, "Page.addScriptToEvaluateOnNewDocument", {"source": CSP_SPY})
        fetches = first_visit(b, server)
        yield fetched_once("strict-csp", fetches)
        time.sleep(0.3)
        yield "strict-csp: the banner shows under the policy; the inline script waits", (
            b.run("return window.cspExampleRuns;") is None), None

        click(b, "accept-all")
        b.wait_for("return window.cspExampleRuns === 1;")
        time.sleep(0.3)
        yield "strict-csp: Accept all runs the nonce'd inline gated script once", (
            b.run("return window.cspExampleRuns;") == 1), None
        if name == "chrome":
            violations = b.run("return window.__csp;")
            yield "strict-csp: no Content-Security-Policy violation", violations == [], violations

        b.get(server.base)
        b.wait_for("return window.cspExampleRuns === 1;")
        time.sleep(0.3)
        yield "strict-csp: a returning visitor's inline script runs with this response's nonce", (
            b.run("return window.cspExampleRuns;") == 1 and b.run(NO_BANNER)), None
        if name == "chrome":
            violations = b.run("return window.__csp;")
            yield "strict-csp: no violation for a returning visitor either", violations == [], violations

        # The policy is really enforced: an inline script without the nonce is refused.
        b.run("const s = document.createElement('script'); s.textContent = 'window.unnonced = 1'; document.head.append(s);")
        time.sleep(0.3)
        refused = b.run("return window.unnonced === undefined;")
        if name == "chrome":
            refused = refused and any(v.startswith("script-src") for v in b.run("return window.__csp;"))
        yield "strict-csp: the policy is in force (an inline script without the nonce is refused)", refused, None


def ga4_site():
    """A copy of examples/ga4-consent-mode whose gtag.js is a local stand-in."""
    site = tempfile.mkdtemp(prefix="icta-ga4-")
    shutil.copytree(os.path.join(EXAMPLES, "ga4-consent-mode"), site, dirs_exist_ok=True)
    page = os.path.join(site, "index.html")
    with open(page, encoding="utf-8") as f:
        html = f.read()
    if html.count(GTAG_URL) != 1:
        raise RuntimeError(f"examples/ga4-consent-mode/index.html does not load {GTAG_URL} once")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html.replace(GTAG_URL, "/gtag-stand-in.js"))
    with open(os.path.join(site, "gtag-stand-in.js"), "w", encoding="utf-8") as f:
        f.write(GTAG_STAND_IN)
    return site


def commands(calls):
    """["consent default", "consent update", "js", "config"] from dataLayer."""
    return [" ".join(call[:2]) if call[0] == "consent" else call[0] for call in calls]


def check_ga4(name, server):
    """Yields (check, passed, detail) for examples/ga4-consent-mode."""
    with Browser(name) as b:
        fetched = server.counter("/gtag-stand-in.js")
        fetches = first_visit(b, server)
        yield fetched_once("ga4", fetches)
        time.sleep(0.3)
        calls = b.run(DATA_LAYER)
        untouched = b.run("return !document.querySelector('[data-consent-state]') && !window.gtagStandInRuns;")
        yield "ga4: before a choice, dataLayer holds only the consent default (all denied but security)", (
            calls == [["consent", "default", CONSENT_DEFAULT]] and untouched
            and fetched() == 0), (calls, untouched, fetched())

        click(b, "accept-all")
        b.wait_for("return window.gtagStandInRuns === 1;")
        time.sleep(0.3)
        calls = b.run(DATA_LAYER)
        yield "ga4: Accept all puts the update (analytics_storage granted) before gtag.js's commands", (
            commands(calls) == ["consent default", "consent update", "js", "config"]
            and calls[1][2] == CONSENT_ALL and calls[3][1] == "G-XXXXXXXXXX"), calls
        order = b.run(RUN_SCRIPTS)
        yield "ga4: the gated gtag.js and inline config were each run once, in page order", (
            order == ["/gtag-stand-in.js", "inline"] and b.run("return window.gtagStandInRuns;") == 1
            and fetched() == 1), (order, fetched())

        b.get(server.base)
        b.wait_for("return window.gtagStandInRuns === 1;")
        time.sleep(0.3)
        calls = b.run(DATA_LAYER)
        yield "ga4: a returning visitor gets default, update, then gtag.js's commands, no banner", (
            commands(calls) == ["consent default", "consent update", "js", "config"]
            and calls[1][2] == CONSENT_ALL and b.run(NO_BANNER)), calls
        elsewhere = b.run(ONLY_LOCAL)
        yield "ga4: nothing was requested from another origin", elsewhere == [], elsewhere

        first_visit(b, server)
        click(b, "reject-all")
        time.sleep(0.5)
        calls = b.run(DATA_LAYER)
        yield "ga4: Reject all adds an update that denies analytics, and gtag.js never loads", (
            calls == [["consent", "default", CONSENT_DEFAULT], ["consent", "update", CONSENT_DEFAULT]]
            and not b.run("return window.gtagStandInRuns;")), calls


def main():
    browsers = sys.argv[1:] or ["chrome", "firefox"]
    passed = failed = 0

    def report(check, ok, detail, browser=None):
        nonlocal passed, failed
        label, ok, note = verdict(browser, check, ok)
        passed, failed = passed + ok, failed + (not ok)
        print(f"{label} {check}" + (f": {note}" if note else "" if ok else f": {json.dumps(detail, default=str)[:600]}"),
              flush=True)

    with contextlib.ExitStack() as stack:
        try:
            site = ga4_site()
            stack.callback(shutil.rmtree, site, ignore_errors=True)
            serve = os.path.join(EXAMPLES, "serve.py")
            servers = {}
            for key, command in (("script-tag", [serve, os.path.join(EXAMPLES, "script-tag")]),
                                 ("strict-csp", [os.path.join(EXAMPLES, "strict-csp", "serve.py")]),
                                 ("ga4", [serve, site])):
                servers[key] = Server(*command)
                stack.callback(servers[key].close)
            for result in check_csp_server(servers["strict-csp"]):
                report(*result)
        except Exception as error:  # no server, no checks: a failure, not a skip
            report(f"{type(error).__name__}: {error}", False, None)
            browsers = []
        for name in browsers:
            for check in (check_script_tag(name, servers["script-tag"]),
                          check_strict_csp(name, servers["strict-csp"]),
                          check_ga4(name, servers["ga4"])):
                try:
                    for title, ok, detail in check:
                        report(f"[{name}] {title}", ok, detail, name)
                except Exception as error:  # a browser that cannot start is a failure, not a skip
                    report(f"[{name}] {type(error).__name__}: {error}", False, None)
    print(f"examples: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
