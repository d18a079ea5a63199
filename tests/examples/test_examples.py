"""The examples in examples/ in each engine, on the optimized build that
./scripts/build writes into www/icta-consent/:

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

Each fixture is one browser session on one example that does what a visitor
would and notes what it saw; the tests judge those notes."""
import os
import re
import shutil
import time
import urllib.request

import pytest

from icta_testing import ROOT
from icta_testing.browsers import Browser
from icta_testing.page import BANNER_BUILT, CSP_SPY, DIALOG_OPEN, NO_BANNER, click_in_banner
from icta_testing.plugin import in_engines
from icta_testing.servers import Server

EXAMPLES = os.path.join(ROOT, "examples")
GTAG_URL = "https://www.googletagmanager.com/gtag/js?id=G-XXXXXXXXXX"
GTAG_STAND_IN = """// Stands in for Google's gtag.js in tests/examples/test_examples.py: notes each run.
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


@pytest.fixture(scope="module")
def script_tag_server():
    server = Server(os.path.join(EXAMPLES, "serve.py"), os.path.join(EXAMPLES, "script-tag"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def strict_csp_server():
    server = Server(os.path.join(EXAMPLES, "strict-csp", "serve.py"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def ga4_server(tmp_path_factory):
    """A copy of examples/ga4-consent-mode whose gtag.js is a local stand-in, served."""
    site = str(tmp_path_factory.mktemp("ga4"))
    shutil.copytree(os.path.join(EXAMPLES, "ga4-consent-mode"), site, dirs_exist_ok=True)
    page = os.path.join(site, "index.html")
    with open(page, encoding="utf-8") as f:
        html = f.read()
    assert html.count(GTAG_URL) == 1, f"examples/ga4-consent-mode/index.html does not load {GTAG_URL} once"
    with open(page, "w", encoding="utf-8") as f:
        f.write(html.replace(GTAG_URL, "/gtag-stand-in.js"))
    with open(os.path.join(site, "gtag-stand-in.js"), "w", encoding="utf-8") as f:
        f.write(GTAG_STAND_IN)
    server = Server(os.path.join(EXAMPLES, "serve.py"), site)
    yield server
    server.close()


def first_visit(b, server):
    """Opens the example with nothing stored and waits for the banner.
    Returns what that load fetched of the banner: the files Resource Timing
    lists under /icta-consent/, and how many times the server sent the .wasm."""
    b.get(server.base)
    b.run("localStorage.clear();")
    wasm = server.counter(WASM)
    b.get(server.base)
    b.wait(BANNER_BUILT, "a first visit shows the banner")
    return b.run(BANNER_FILES), wasm()


def click(b, action):
    b.run(click_in_banner(f".banner [data-action={action}]"))


@pytest.fixture(scope="module")
def script_tag(engine, script_tag_server):
    """examples/script-tag: a first visit, Accept all, the Cookie settings
    link, a return visit."""
    server, seen = script_tag_server, {}
    with Browser(engine) as b:
        fetched = server.counter("/analytics.js")
        seen["fetches"] = first_visit(b, server)
        time.sleep(0.3)
        seen["first"] = (b.run("return window.exampleAnalyticsRuns;"), fetched())

        click(b, "accept-all")
        b.wait("return window.exampleAnalyticsRuns === 1;", "Accept all runs the gated script")
        time.sleep(0.3)
        seen["accepted"] = (b.run("return [window.exampleAnalyticsRuns,"
                                  " document.getElementById('analytics-status').textContent];"), fetched())

        b.run("document.querySelector('[data-consent-open]').click();")
        seen["dialog"] = b.wait(DIALOG_OPEN, "the Cookie settings link opens the dialog")

        b.get(server.base)
        b.wait("return window.exampleAnalyticsRuns === 1;", "a returning visitor's analytics runs")
        time.sleep(0.3)
        seen["returning"] = (b.run("return window.exampleAnalyticsRuns;"), b.run(NO_BANNER))
    return seen


@pytest.fixture(scope="module")
def strict_csp(engine, strict_csp_server):
    """examples/strict-csp: a first visit, Accept all, a return visit, and an
    inline script without the nonce."""
    server, seen = strict_csp_server, {}
    with Browser(engine) as b:
        if engine == "chrome":
            # Record every Content-Security-Policy violation from the first byte.
            b.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_SPY})
        seen["fetches"] = first_visit(b, server)
        time.sleep(0.3)
        seen["first runs"] = b.run("return window.cspExampleRuns;")

        click(b, "accept-all")
        b.wait("return window.cspExampleRuns === 1;", "Accept all runs the inline gated script")
        time.sleep(0.3)
        seen["accepted runs"] = b.run("return window.cspExampleRuns;")
        if engine == "chrome":
            seen["violations"] = b.run("return window.__csp;")

        b.get(server.base)
        b.wait("return window.cspExampleRuns === 1;", "a returning visitor's inline script runs")
        time.sleep(0.3)
        seen["returning"] = (b.run("return window.cspExampleRuns;"), b.run(NO_BANNER))
        if engine == "chrome":
            seen["returning violations"] = b.run("return window.__csp;")

        # The policy is really enforced: an inline script without the nonce is refused.
        b.run("const s = document.createElement('script'); s.textContent = 'window.unnonced = 1';"
              " document.head.append(s);")
        time.sleep(0.3)
        seen["unnonced refused"] = b.run("return window.unnonced === undefined;")
        if engine == "chrome":
            seen["unnonced violations"] = b.run("return window.__csp;")
    return seen


@pytest.fixture(scope="module")
def ga4(engine, ga4_server):
    """examples/ga4-consent-mode: a first visit, Accept all, a return visit;
    then a first visit again and Reject all."""
    server, seen = ga4_server, {}
    with Browser(engine) as b:
        fetched = server.counter("/gtag-stand-in.js")
        seen["fetches"] = first_visit(b, server)
        time.sleep(0.3)
        seen["first"] = (b.run(DATA_LAYER),
                         b.run("return !document.querySelector('[data-consent-state]') && !window.gtagStandInRuns;"),
                         fetched())

        click(b, "accept-all")
        b.wait("return window.gtagStandInRuns === 1;", "Accept all runs gtag.js")
        time.sleep(0.3)
        seen["accepted"] = b.run(DATA_LAYER)
        seen["order"] = (b.run(RUN_SCRIPTS), b.run("return window.gtagStandInRuns;"), fetched())

        b.get(server.base)
        b.wait("return window.gtagStandInRuns === 1;", "a returning visitor's gtag.js runs")
        time.sleep(0.3)
        seen["returning"] = (b.run(DATA_LAYER), b.run(NO_BANNER))
        seen["elsewhere"] = b.run(ONLY_LOCAL)

        first_visit(b, server)
        click(b, "reject-all")
        time.sleep(0.5)
        seen["rejected"] = (b.run(DATA_LAYER), b.run("return window.gtagStandInRuns;"))
    return seen


# --- every example ---------------------------------------------------------------------

@pytest.fixture
def example(request, engine):
    """What the session on the example `request.param` (its fixture's name) saw."""
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("example", ["script_tag", "strict_csp", "ga4"], indirect=True)
def test_the_banners_script_and_wasm_are_each_fetched_once_the_wasm_by_its_preload(example):
    files, wasm = example["fetches"]
    assert files == ["icta-consent.js by script", "icta_consent_bg.wasm by link"] and wasm == 1, \
        f"Resource Timing {files}; the server sent the .wasm {wasm} time(s)"


# --- script-tag -------------------------------------------------------------------------

def test_script_tag_a_first_visit_shows_the_banner_analytics_is_neither_fetched_nor_run(script_tag):
    runs, fetched = script_tag["first"]
    assert runs is None and fetched == 0, f"runs {runs}, /analytics.js fetched {fetched} time(s)"


def test_script_tag_accept_all_fetches_and_runs_the_gated_script_once(script_tag):
    (runs, status), fetched = script_tag["accepted"]
    assert runs == 1 and fetched == 1 and "ran (1 time" in status, (runs, status, fetched)


def test_script_tag_the_cookie_settings_link_opens_the_preferences_dialog(script_tag):
    assert script_tag["dialog"]


def test_script_tag_a_returning_visitor_gets_no_banner_and_analytics_once_without_a_click(script_tag):
    runs, gone = script_tag["returning"]
    assert runs == 1 and gone, f"runs {runs}, no banner {gone}"


# --- strict-csp ---------------------------------------------------------------------------

def csp_of(base):
    """The policy header and the page's nonce attribute of one response."""
    with urllib.request.urlopen(base, timeout=10) as response:
        policy = response.headers["Content-Security-Policy"] or ""
        page = response.read().decode()
    return policy, re.findall(r'nonce="([^"]*)"', page)


def test_strict_csp_serve_py_sends_the_policy_with_a_fresh_nonce_per_response_the_same_in_the_page(
        strict_csp_server):
    (first, first_nonces), (second, second_nonces) = csp_of(strict_csp_server.base), csp_of(strict_csp_server.base)
    nonces = [re.search(r"'nonce-([^']+)'", policy) for policy in (first, second)]
    expected = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{}'; "
                "style-src 'self'; object-src 'none'; base-uri 'none'")
    assert all(nonces) and nonces[0][1] != nonces[1][1] and len(nonces[0][1]) >= 22, (first, second)
    assert first == expected.format(nonces[0][1]) and second == expected.format(nonces[1][1]), (first, second)
    assert first_nonces == [nonces[0][1]] and second_nonces == [nonces[1][1]], (first_nonces, second_nonces)


def test_strict_csp_the_banner_shows_under_the_policy_the_inline_script_waits(strict_csp):
    assert strict_csp["first runs"] is None, f"the inline script ran {strict_csp['first runs']} time(s)"


def test_strict_csp_accept_all_runs_the_nonced_inline_gated_script_once(strict_csp):
    assert strict_csp["accepted runs"] == 1, strict_csp["accepted runs"]


# Only Chromium's DevTools can record violations from the page's first byte.
@in_engines("chrome")
def test_strict_csp_no_content_security_policy_violation(strict_csp):
    assert strict_csp["violations"] == [], strict_csp["violations"]


def test_strict_csp_a_returning_visitors_inline_script_runs_with_this_responses_nonce(strict_csp):
    runs, gone = strict_csp["returning"]
    assert runs == 1 and gone, f"runs {runs}, no banner {gone}"


@in_engines("chrome")
def test_strict_csp_no_violation_for_a_returning_visitor_either(strict_csp):
    assert strict_csp["returning violations"] == [], strict_csp["returning violations"]


def test_strict_csp_the_policy_is_in_force_an_inline_script_without_the_nonce_is_refused(strict_csp, engine):
    assert strict_csp["unnonced refused"], "an inline script without the nonce ran"
    if engine == "chrome":
        assert any(v.startswith("script-src") for v in strict_csp["unnonced violations"]), \
            strict_csp["unnonced violations"]


# --- ga4-consent-mode ---------------------------------------------------------------------

def commands(calls):
    """["consent default", "consent update", "js", "config"] from dataLayer."""
    return [" ".join(call[:2]) if call[0] == "consent" else call[0] for call in calls]


def test_ga4_before_a_choice_data_layer_holds_only_the_consent_default_all_denied_but_security(ga4):
    calls, untouched, fetched = ga4["first"]
    assert calls == [["consent", "default", CONSENT_DEFAULT]], calls
    assert untouched and fetched == 0, f"untouched {untouched}, gtag.js fetched {fetched} time(s)"


def test_ga4_accept_all_puts_the_update_analytics_storage_granted_before_gtag_js_commands(ga4):
    calls = ga4["accepted"]
    assert commands(calls) == ["consent default", "consent update", "js", "config"], calls
    assert calls[1][2] == CONSENT_ALL and calls[3][1] == "G-XXXXXXXXXX", calls


def test_ga4_the_gated_gtag_js_and_inline_config_were_each_run_once_in_page_order(ga4):
    order, runs, fetched = ga4["order"]
    assert order == ["/gtag-stand-in.js", "inline"] and runs == 1 and fetched == 1, (order, runs, fetched)


def test_ga4_a_returning_visitor_gets_default_update_then_gtag_js_commands_no_banner(ga4):
    calls, gone = ga4["returning"]
    assert commands(calls) == ["consent default", "consent update", "js", "config"], calls
    assert calls[1][2] == CONSENT_ALL and gone, (calls, gone)


def test_ga4_nothing_was_requested_from_another_origin(ga4):
    assert ga4["elsewhere"] == [], ga4["elsewhere"]


def test_ga4_reject_all_adds_an_update_that_denies_analytics_and_gtag_js_never_loads(ga4):
    calls, runs = ga4["rejected"]
    assert calls == [["consent", "default", CONSENT_DEFAULT], ["consent", "update", CONSENT_DEFAULT]], calls
    assert not runs, f"gtag.js ran {runs} time(s)"
