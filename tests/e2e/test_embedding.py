"""Scenarios 9 and 11: the tag included twice (the same URL, a second URL,
a second copy), and gated scripts run in document order, late ones on grant."""
from icta_testing.e2e_checks import (ANALYTICS_PER_RUN, PREFERENCES_PER_RUN, assert_no_analytics, choose, first_visit,
                                     forget, wait_hits)
from icta_testing.page import BANNER_SHOWN

RUNS = "return [window.demoAnalyticsRuns, window.demoPreferencesRuns];"
ORDER = "return window.__order;"
LATE = """const s = document.createElement('script');
s.type = 'text/plain'; s.dataset.consent = 'analytics'; s.src = '/analytics/late.js?n=' + arguments[0];
document.body.append(s);"""


def test_tag_included_twice_gives_one_banner_and_one_run_per_script(browser, site):
    pages = {"/t/twice.html": "the same tag twice",
             "/t/second-url.html": "the tag, the same loader at ?v=2, and a copy at /t/copy/"}
    for page, what in pages.items():
        forget(browser)
        site.reset()
        first_visit(browser, page)
        browser.ready(f"{what}: the status panel is ready")
        assert_no_analytics(site, browser, 0.5, f"{what}, before a click")
        hosts = browser.run("return document.querySelectorAll('#icta-consent').length;")
        banners = browser.run("return [...document.querySelectorAll('#icta-consent')]"
                              ".map(h => h.shadowRoot.querySelectorAll('.banner').length);")
        ready = browser.run("return window.__spy.ready;")
        assert (hosts, banners, ready) == (1, [1], 1), \
            f"[{browser.name}] {what}: {hosts} host(s), banners {banners}, {ready} ready event(s); expected one each"
        choose(browser, "accept-all")
        browser.wait("return window.demoAnalyticsRuns >= 1 && window.demoPreferencesRuns >= 1;",
                     f"{what}: Accept all runs the gated scripts")
        wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, f"{what}, after Accept all")
        wait_hits(site, browser, "preferences", PREFERENCES_PER_RUN, f"{what}, after Accept all", settle=0)
        assert browser.run(RUNS) == [1, 1], f"[{browser.name}] {what}: runs {browser.run(RUNS)}, expected one each"
        hosts = browser.run("return document.querySelectorAll('#icta-consent').length;")
        assert hosts == 1, f"[{browser.name}] {what}: {hosts} banner hosts after Accept all"


def test_gated_scripts_run_in_document_order_and_late_ones_on_grant(browser, site):
    first_visit(browser, "/t/order.html")
    # Added after load, before any choice: it waits like the others.
    browser.run(LATE, 1)
    assert_no_analytics(site, browser, 0.5, "the order page, a gated script added after load, before a choice")
    assert browser.run(ORDER) == [], f"[{browser.name}] gated scripts ran before a choice: {browser.run(ORDER)}"

    choose(browser, "accept-all")
    browser.wait("return window.__order.length >= 4;", "after Accept all, the four gated scripts run")
    wait_hits(site, browser, "analytics", 3, "after Accept all (order-a.js, order-c.js, late.js?n=1)")
    order = browser.run(ORDER)
    assert order == ["a", "b", "c", "late 1"], \
        f"[{browser.name}] gated scripts ran as {order}; expected external a, inline b, external c, then the late one"

    # Added after the grant: it runs at once, once.
    browser.run(LATE, 2)
    browser.wait("return window.__order.length >= 5;", "a gated script added after the grant runs")
    wait_hits(site, browser, "analytics", 4, "a gated script added after the grant")
    order = browser.run(ORDER)
    assert order == ["a", "b", "c", "late 1", "late 2"], f"[{browser.name}] gated scripts ran as {order}"


def test_calls_made_before_the_module_has_started_answer_nothing_granted_then_run_in_order(browser, site):
    browser.open("/t/early.html")
    browser.wait("return !!window.__early && window.__ran.length >= 1;",
                 "the save() made before start runs once the module has started")
    early = browser.run("return window.__early;")
    assert early == {"accepted": False, "necessary": True, "choices": None, "returned": None}, \
        f"[{browser.name}] before start the API answered {early}; expected nothing granted and the action kept"
    now = browser.run("return [IctaConsent.choices(), JSON.parse(localStorage.getItem('icta-consent')).method,"
                      " window.__ran, window.__errors];")
    assert now == [{"necessary": True, "preferences": False, "analytics": True}, "custom", ["analytics"], []], \
        f"[{browser.name}] after start: {now}"
    # The bad save() after it was refused on the console, and stopped nothing:
    # the showPreferences() made after it ran too, in order, and ready resolved.
    browser.wait("return document.getElementById('icta-consent').shadowRoot.querySelector('dialog').open;",
                 "the showPreferences() made before start opens the dialog")
    browser.wait("return !!window.__ready;", "IctaConsent.ready resolves after the queued calls")
    after = browser.run("return [window.__ready, window.__errors,"
                        " window.__logged.filter((m) => m.includes('save() takes'))];")
    assert after[0] == {"necessary": True, "preferences": False, "analytics": True}, f"[{browser.name}] {after}"
    assert after[1] == [] and len(after[2]) == 1, \
        f"[{browser.name}] the queued bad save() must be one console error, not an exception: {after}"


READY = """const done = arguments[arguments.length - 1];
window.IctaConsent.ready.then((choices) => done({choices, asked: arguments[0]}), (e) => done({error: String(e)}));"""


def test_ready_answers_page_code_that_comes_after_the_ready_event(browser, site):
    # Asked well after the module started (the banner is up, ready has fired).
    first_visit(browser)
    browser.ready("the status panel is ready")
    got = browser.run_async(READY, "after the start")
    assert got == {"choices": None, "asked": "after the start"}, f"[{browser.name}] first visit: {got}"
    choose(browser, "reject-all")
    # A returning visitor: the stored choice, asked before anything else ran.
    browser.open("/t/demo.html")
    got = browser.wait("return window.IctaConsent && true;", "the loader has run") and \
        browser.run_async(READY, "on return")
    expected = {"necessary": True, "preferences": False, "analytics": False}
    assert got == {"choices": expected, "asked": "on return"}, f"[{browser.name}] returning visitor: {got}"


def test_a_page_whose_timers_throw_still_gets_its_banner_and_ready(browser, site):
    # The module asks for a task to start in, and the loader for one after
    # it to resolve ready: where neither can be had, both go on at once.
    browser.open("/t/timers-throw.html")
    browser.wait(BANNER_SHOWN, "with timers throwing, the banner shows")
    got = browser.run_async(READY, "timers throw")
    assert got == {"choices": None, "asked": "timers throw"}, f"[{browser.name}] ready: {got}"
    # Refused: the module's asks (postTask, where there is one, and a timer)
    # and the loader's.
    refused = browser.run("return window.__timersRefused;")
    assert refused >= 2, f"[{browser.name}] icta-consent was refused {refused} timers"
    assert_no_analytics(site, browser, 0.3, "with timers throwing, before a click")
