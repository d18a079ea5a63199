"""Scenarios 12-13: a choice in one tab applies in another at once, and the
banner and dialog work with the keyboard alone (real key presses)."""
from icta_testing.e2e_checks import ANALYTICS_PER_RUN, assert_no_analytics, choose, first_visit, wait_hits
from icta_testing.page import BANNER_GONE, BANNER_SHOWN, DIALOG_OPEN


def test_accepting_in_one_tab_runs_analytics_in_the_other_without_a_reload(browser, site):
    first_visit(browser)
    tab_a = browser.window()
    tab_b = browser.new_window("tab")
    browser.switch_to(tab_b)
    first_visit(browser)
    browser.ready("tab B is ready")
    browser.run("window.__tabB = 'not reloaded';")
    assert_no_analytics(site, browser, 0.3, "two tabs open, before a choice")

    browser.switch_to(tab_a)
    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "tab A, after Accept all, runs analytics")

    browser.switch_to(tab_b)
    browser.wait("return window.demoAnalyticsRuns === 1;", "tab B runs analytics after tab A's Accept all")
    browser.wait(BANNER_GONE, "tab B's banner goes away after tab A's Accept all")
    assert browser.run("return window.__tabB;") == "not reloaded", f"[{browser.name}] tab B was reloaded"
    status = browser.wait("const s = document.getElementById('consent-status').dataset;"
                          " return s.analytics === 'true' && {...s};", "tab B's status panel shows analytics on")
    assert status["chosen"] == "true", f"[{browser.name}] tab B's status: {status}"
    wait_hits(site, browser, "analytics", 2 * ANALYTICS_PER_RUN, "one run in each tab")
    assert browser.run("return window.demoAnalyticsRuns;") == 1, f"[{browser.name}] tab B ran analytics twice"


def tab_until(browser, predicate, what, most=40):
    """Presses Tab until the focused element (looking into the shadow root)
    satisfies `predicate`; fails listing where focus went."""
    path = []
    for _ in range(most):
        browser.press("Tab")
        focused = browser.focused()
        path.append(focused and (focused["action"] or focused["name"] or focused["text"] or focused["tag"]))
        if focused and predicate(focused):
            return focused
    raise AssertionError(f"[{browser.name}] {most} Tab presses never reached {what}; focus went: {path}")


def test_keyboard_alone_reaches_the_banner_rejects_and_works_the_dialog(browser, site):
    first_visit(browser)
    browser.settle()
    start = browser.focused()
    assert not (start and start["inBanner"]), f"[{browser.name}] the banner took focus on its own: {start}"

    tab_until(browser, lambda f: f["inBanner"] and f["action"] == "reject-all", "the banner's Reject all")
    browser.press("Enter")
    browser.wait(BANNER_GONE, "Enter on Reject all hides the banner")
    status = browser.wait("const s = document.getElementById('consent-status').dataset;"
                          " return s.chosen === 'true' && {...s};", "Enter on Reject all records a choice")
    assert status["analytics"] == "false", f"[{browser.name}] after Enter on Reject all: {status}"

    # The footer's Cookie settings link, by keyboard, opens the dialog.
    tab_until(browser, lambda f: f["consentOpen"], "the footer's Cookie settings link")
    browser.press("Enter")
    browser.wait(DIALOG_OPEN, "Enter on the Cookie settings link opens the dialog")
    browser.settle()
    switch = tab_until(browser, lambda f: f["inBanner"] and f["name"] == "analytics", "the analytics switch", 15)
    assert switch["checked"] is False, f"[{browser.name}] the analytics switch is on after Reject all"
    browser.press("Space")
    toggled = browser.focused()
    assert toggled["name"] == "analytics" and toggled["checked"] is True, \
        f"[{browser.name}] Space on the analytics switch left it {toggled}"
    browser.press("Escape")
    browser.wait(f"return !(() => {{ {DIALOG_OPEN} }})();", "Escape closes the dialog")
    back = browser.focused()
    assert back and back["consentOpen"], f"[{browser.name}] after Escape, focus is on {back}, not the link"
    # Escape saved nothing: analytics stays off, here and on the next page.
    assert_no_analytics(site, browser, 0.5, "after Escape with the analytics switch toggled")
    browser.refresh()
    status = browser.ready("after a reload, the status panel is ready")
    assert (status["chosen"], status["analytics"]) == ("true", "false"), f"[{browser.name}] after Escape: {status}"
    assert not browser.run(BANNER_SHOWN), f"[{browser.name}] the banner came back"
    assert_no_analytics(site, browser, 0.3, "after Escape and a reload")
