"""The optimized module (what ./scripts/build writes into www/icta-consent/ and
dist/) in each engine, through the demo page and its strict
Content-Security-Policy, and dist/embed.html pasted twice: only a real
browser catches a wasm-opt that writes a module which fails at load time.
Also every function of window.IctaConsent, that the page fetched the banner
as one script and one .wasm, and that the module's imports and exports have
the short names the build gives them.

Each fixture is one browser session that does what a visitor would and
notes what it saw; the tests judge those notes."""
import os
import shutil
import time

import pytest

from icta_testing import ROOT, WWW
from icta_testing.browsers import Browser
from icta_testing.page import BANNER_BUILT, CSP_SPY, DIALOG_OPEN, HOST, NO_BANNER, STATUS_SAID, click_in_banner
from icta_testing.plugin import in_engines
from icta_testing.servers import SiteServer

WASM = "/icta-consent/icta_consent_bg.wasm"
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
// A Promise of the page's realm (not the sandbox's, in Firefox): no instanceof.
out.ready = Object.prototype.toString.call(api.ready) === '[object Promise]' ? 'a Promise' : typeof api.ready;
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
    "keys": ["acceptAll", "accepted", "choices", "ready", "rejectAll", "reset", "save", "showBanner", "showPreferences"],
    "ready": "a Promise",
    "frozen": True, "first": None, "analyticsFirst": False,
    "unknown": 'icta-consent: unknown category (expected "necessary", "preferences" or "analytics")',
    "badSave": "icta-consent: save() takes {preferences: boolean, analytics: boolean}",
    "afterBad": None,
    "saved": {**NONE, "preferences": True}, "savedNow": {**NONE, "preferences": True}, "preferences": True,
    "rejected": NONE, "bannerShown": True, "dialogOpen": True, "afterReset": None,
    "accepted": {"necessary": True, "preferences": True, "analytics": True}, "analytics": True,
}
RUNS = "return window.demoAnalyticsRuns;"


@pytest.fixture(scope="module")
def www():
    server = SiteServer(WWW)
    yield server
    server.close()


@pytest.fixture(scope="module")
def demo(engine, www):
    """A first visit to the demo, the footer's Cookie settings link, Accept
    all in the dialog, a return visit, then a tampered stored value."""
    seen = {}
    analytics = lambda: www.hits()["analytics"]  # noqa: E731
    log_start = len(www.log())
    with Browser(engine, www.base) as b:
        if engine == "chrome":
            # Record every Content-Security-Policy violation from the first byte.
            b.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_SPY})
        b.open("/")
        b.run("localStorage.clear();")
        start = analytics()
        b.open("/")
        seen["first"] = b.wait(STATUS_SAID, "a first visit: the status panel says something")
        b.wait(BANNER_BUILT, "a first visit shows the banner", 5)
        time.sleep(0.5)
        seen["first analytics"] = analytics() - start

        b.run("document.querySelector('[data-consent-open]').click();")
        seen["dialog open"] = b.wait(DIALOG_OPEN, "the footer's Cookie settings link opens the dialog")
        seen["dialog radius"] = b.run(f"return getComputedStyle({HOST}.shadowRoot.querySelector('dialog')).borderRadius;")
        if engine == "chrome":
            seen["csp"] = b.run("return window.__csp;")
        seen["wasm served"] = [line for line in www.log()[log_start:] if f" {WASM}" in line]
        seen["files"] = b.run(BANNER_FILES)
        seen["names"] = b.run_async(WASM_NAMES)

        b.run(click_in_banner("dialog [data-action=accept-all]"))
        b.wait("return window.demoAnalyticsRuns === 1;", "Accept all runs the analytics")
        # One run is two hits: the stand-in script and the beacon it sends.
        b.wait(f"return fetch('/__hits').then(r => r.json()).then(h => h.analytics - {start} >= 2);",
               "the server counts the analytics script and its beacon")
        time.sleep(0.3)
        seen["accepted"] = (analytics() - start, b.run(RUNS))

        b.open("/")
        seen["returning"] = b.wait(STATUS_SAID, "a returning visit: the status panel says something")
        seen["returning runs"] = b.wait(RUNS, "a returning visitor's analytics runs", 5)
        seen["returning no banner"] = b.run(NO_BANNER)

        b.run("localStorage.setItem('icta-consent', '{\"schema\":1,\"choices\":{\"analytics\":\"true\"}}');")
        b.open("/")
        seen["tampered"] = b.wait(STATUS_SAID, "a tampered value: the status panel says something")
        before = analytics()
        time.sleep(0.5)
        seen["tampered analytics"] = analytics() - before
        seen["tampered runs"] = b.run(RUNS)
    return seen


def test_the_optimized_module_loads_under_the_pages_csp(demo):
    assert demo["first"].get("state") == "ready", demo["first"]


def test_a_first_visit_shows_the_banner_and_loads_no_analytics(demo):
    assert demo["first"].get("chosen") == "false", demo["first"]
    assert demo["first analytics"] == 0, f"{demo['first analytics']} analytics requests"


def test_the_footers_cookie_settings_link_opens_the_styled_dialog(demo):
    assert demo["dialog open"] and demo["dialog radius"] == "12px", demo["dialog radius"]


# Only Chromium's DevTools can record violations from the page's first byte.
@in_engines("chrome")
def test_the_strict_content_security_policy_sees_no_violation(demo):
    assert demo["csp"] == [], demo["csp"]


def test_the_wasm_was_fetched_from_the_server(demo):
    assert any(line.startswith("200 ") for line in demo["wasm served"]), demo["wasm served"]


def test_the_banner_costs_one_script_and_one_wasm_each_fetched_once(demo):
    assert demo["files"] == ["icta-consent.js", "icta_consent_bg.wasm"], demo["files"]


def test_the_served_modules_imports_and_exports_have_short_names(demo):
    """The names scripts/minify_names.py gives them."""
    names = demo["names"]
    assert "error" not in names, names
    assert {m for m, _ in names["imports"]} == {"a"}, names
    assert all(len(n) <= 2 for _, n in names["imports"]) and all(len(n) <= 2 for n in names["exports"]), names


def test_accept_all_runs_the_analytics_once_its_script_and_its_beacon_two_hits(demo):
    assert demo["accepted"] == (2, 1), f"(analytics requests, runs): {demo['accepted']}"


def test_a_returning_visitor_gets_no_banner_and_analytics_without_a_click(demo):
    assert demo["returning no banner"], "the banner's host is there"
    assert demo["returning"].get("analytics") == "true" and demo["returning runs"] == 1, \
        (demo["returning"], demo["returning runs"])


def test_a_tampered_value_shows_the_banner_and_loads_no_analytics(demo):
    assert demo["tampered"].get("chosen") == "false", demo["tampered"]
    assert demo["tampered analytics"] == 0 and demo["tampered runs"] is None, \
        (demo["tampered analytics"], demo["tampered runs"])


@pytest.fixture(scope="module")
def api(engine, www):
    """window.IctaConsent of the optimized build: every function, and bad calls."""
    with Browser(engine, www.base) as b:
        b.open("/")
        b.run("localStorage.clear();")
        b.open("/")
        b.wait(STATUS_SAID, "the status panel says something")
        seen = b.run(API)
        runs = b.wait(RUNS, "acceptAll() runs the analytics", 5)
    return seen, runs


def test_every_function_of_window_icta_consent_works_and_bad_calls_throw_their_message(api):
    seen, _ = api
    wrong = {key: (seen.get(key), want) for key, want in API_EXPECTED.items() if seen.get(key) != want}
    assert not wrong, f"(seen, expected): {wrong}"


def test_accept_all_through_the_api_runs_the_analytics_once(api):
    _, runs = api
    assert runs == 1, runs


@pytest.fixture(scope="module")
def dist_site(tmp_path_factory):
    """A page that pastes dist/embed.html twice (a template included twice)
    under a strict CSP, with the stand-in analytics gated, and its server."""
    site = str(tmp_path_factory.mktemp("dist"))
    if not os.path.isfile(os.path.join(ROOT, "dist", "embed.html")):
        pytest.fail("dist/ is not built; run ./scripts/build first", pytrace=False)
    shutil.copytree(os.path.join(ROOT, "dist"), os.path.join(site, "icta-consent"))
    shutil.copytree(os.path.join(WWW, "analytics"), os.path.join(site, "analytics"))
    embed = open(os.path.join(ROOT, "dist", "embed.html")).read()
    with open(os.path.join(site, "index.html"), "w") as f:
        f.write(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'">
<title>dist</title>
{embed}{embed}
<script type="text/plain" data-consent="analytics" src="/analytics/stand-in.js"></script>
</head><body><p>A page of the site.</p></body></html>""")
    server = SiteServer(site)
    yield server
    server.close()


@pytest.fixture(scope="module")
def dist(engine, dist_site):
    """A first visit to the dist/ page, then Accept all."""
    seen = {}
    with Browser(engine, dist_site.base) as b:
        b.open("/")
        b.run("localStorage.clear();")
        b.open("/")
        b.wait(BANNER_BUILT, "dist/ pasted twice shows the banner", 5)
        seen["hosts"] = b.run("return document.querySelectorAll('#icta-consent').length;")
        b.run(click_in_banner("[data-action=accept-all]"))
        b.wait("return window.demoAnalyticsRuns >= 1;", "Accept all runs the analytics")
        time.sleep(0.3)
        seen["runs"] = b.run(RUNS)
        seen["files"] = b.run(BANNER_FILES)
    return seen


def test_dist_with_its_sri_hashes_loads_and_pasted_twice_gives_one_banner(dist):
    assert dist["hosts"] == 1, f"{dist['hosts']} banner hosts"


def test_dist_pasted_twice_each_gated_script_still_runs_once(dist):
    assert dist["runs"] == 1, dist["runs"]


def test_dist_the_banner_costs_one_script_and_one_wasm_by_their_hashed_names(dist):
    files = dist["files"]
    assert len(files) == 2 and files[0].startswith("icta-consent.") and files[0].endswith(".js") \
        and files[1].startswith("icta_consent_bg.") and files[1].endswith(".wasm"), files
