"""Scenarios 1-3: a first visit, each button of the banner, and a returning
visitor, on the demo page (its strict CSP, its gated stand-in scripts),
judged by what the server was asked for and what the page shows."""
from icta_testing.e2e_checks import (ANALYTICS_PER_RUN, PREFERENCES_PER_RUN, assert_no_analytics, choose, first_visit,
                                     wait_hits)
from icta_testing.page import BANNER_GONE, DIALOG_OPEN

NOT_RUN = "return [window.demoAnalyticsRuns, window.demoPreferencesRuns];"
SWITCHES = ("const r = document.getElementById('icta-consent').shadowRoot;"
            " return Object.fromEntries([...r.querySelectorAll('dialog input[type=checkbox]')]"
            ".map(i => [i.name, i.checked]));")


def test_first_visit_shows_the_banner_and_loads_no_analytics(browser, site):
    browser.open("/t/demo.html")
    status = browser.ready()
    assert browser.banner_shown(), f"[{browser.name}] a first visit shows no banner; status {status}"
    assert (status["chosen"], status["analytics"]) == ("false", "false"), \
        f"[{browser.name}] the status panel says a choice exists on a first visit: {status}"
    assert_no_analytics(site, browser, 1.0, "a first visit, for 1 s without a click")
    assert browser.run(NOT_RUN) == [None, None], \
        f"[{browser.name}] gated scripts ran before any click: runs {browser.run(NOT_RUN)}"
    assert site.hits()["preferences"] == 0, f"[{browser.name}] preferences requested: {site.requests()}"
    # The spy that other scenarios trust to say "no banner at any moment" sees this one.
    assert browser.run("return window.__spy.hostSeen;") is True, \
        f"[{browser.name}] the spy missed the banner's host being added"
    assert browser.banner_shown(), f"[{browser.name}] the banner went away without a click"


def test_accept_all_runs_the_analytics_script_once(browser, site):
    first_visit(browser)
    assert_no_analytics(site, browser, 0, "before Accept all")
    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "after Accept all, the analytics script runs")
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "after Accept all (the script and its beacon)")
    wait_hits(site, browser, "preferences", PREFERENCES_PER_RUN, "after Accept all", settle=0)
    assert browser.run(NOT_RUN) == [1, 1], f"[{browser.name}] runs after Accept all: {browser.run(NOT_RUN)}"
    status = browser.wait("const s = document.getElementById('consent-status').dataset;"
                          " return s.analytics === 'true' && {...s};", "the status panel shows analytics on")
    assert status["chosen"] == "true", f"[{browser.name}] status after Accept all: {status}"
    assert not browser.banner_shown(), f"[{browser.name}] the banner still shows after Accept all"


def test_reject_all_stays_unloaded_after_reload(browser, site):
    first_visit(browser)
    choose(browser, "reject-all")
    browser.wait(BANNER_GONE, "after Reject all, the banner goes away")
    status = browser.wait("const s = document.getElementById('consent-status').dataset;"
                          " return s.chosen === 'true' && {...s};", "the status panel shows the choice")
    assert status["analytics"] == "false", f"[{browser.name}] status after Reject all: {status}"
    assert_no_analytics(site, browser, 0.3, "after Reject all")

    browser.refresh()
    status = browser.ready("after a reload, the status panel is ready")
    assert (status["chosen"], status["analytics"]) == ("true", "false"), \
        f"[{browser.name}] after a reload the status panel says {status}"
    assert_no_analytics(site, browser, 1.0, "after Reject all and a reload")
    assert browser.run(NOT_RUN) == [None, None], f"[{browser.name}] gated scripts ran: {browser.run(NOT_RUN)}"
    assert browser.run("return window.__spy.hostSeen;") is False, \
        f"[{browser.name}] after Reject all and a reload, the banner was built again"
    assert site.hits()["preferences"] == 0, f"[{browser.name}] preferences requested: {site.requests()}"


def test_custom_choice_runs_only_the_preferences_script(browser, site):
    first_visit(browser)
    choose(browser, "preferences")
    browser.wait(DIALOG_OPEN, "the banner's Preferences button opens the dialog")
    browser.settle()
    before = browser.run(SWITCHES)
    assert before == {"necessary": True, "preferences": False, "analytics": False}, \
        f"[{browser.name}] the dialog's switches on a first visit: {before}"
    browser.click(browser.find_in_banner("dialog input[name=preferences]"))
    after = browser.run(SWITCHES)
    assert after == {"necessary": True, "preferences": True, "analytics": False}, \
        f"[{browser.name}] after clicking the preferences switch: {after}"
    choose(browser, "save")
    browser.wait("return window.demoPreferencesRuns === 1;", "after Save, the preferences script runs")
    wait_hits(site, browser, "preferences", PREFERENCES_PER_RUN, "after Save with preferences on")
    assert_no_analytics(site, browser, 0.5, "after Save with analytics off")
    assert browser.run(NOT_RUN) == [None, 1], f"[{browser.name}] runs after Save: {browser.run(NOT_RUN)}"
    status = browser.wait("const s = document.getElementById('consent-status').dataset;"
                          " return s.chosen === 'true' && {...s};", "the status panel shows the choice")
    assert status["analytics"] == "false", f"[{browser.name}] status after a custom choice: {status}"
    assert not browser.run(DIALOG_OPEN) and not browser.banner_shown(), \
        f"[{browser.name}] the dialog or banner still shows after Save"


def test_returning_visitor_sees_no_banner_and_gets_analytics_without_a_click(browser, site):
    first_visit(browser)
    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "after Accept all, the analytics script runs")
    # Its beacon too, before the counts start again: a late one would count in the next visit.
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "after Accept all (the script and its beacon)")
    site.reset()

    browser.open("/t/demo.html")  # a new visit, through the address bar
    status = browser.ready("a returning visitor's page is ready")
    browser.wait("return window.demoAnalyticsRuns === 1;", "a returning visitor's analytics runs without a click")
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "a returning visitor")
    assert status["analytics"] == "true", f"[{browser.name}] a returning visitor's status: {status}"
    assert browser.run("return window.__spy.hostSeen;") is False, \
        f"[{browser.name}] a returning visitor's page had the banner's host added at some moment"
    assert browser.run("return document.getElementById('icta-consent');") is None, \
        f"[{browser.name}] a returning visitor's page has the banner's host"
    # The footer link still opens the dialog (and the spy, alive, sees it).
    browser.click(browser.find("[data-consent-open]"))
    browser.wait(DIALOG_OPEN, "the footer's Cookie settings link opens the dialog")
    assert browser.run("return window.__spy.hostSeen;") is True, "the spy missed the dialog's host"
