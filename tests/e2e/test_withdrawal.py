"""Scenario 10: withdrawing analytics after accepting it, through the
footer's Cookie settings link: the analytics cookies go, the page reloads,
and nothing of analytics comes back."""
from icta_testing.e2e_checks import ANALYTICS_PER_RUN, assert_no_analytics, choose, first_visit, wait_hits
from icta_testing.page import DIALOG_OPEN

ANALYTICS_COOKIES = ["_ga", "_ga_DEMO", "_gat_UA1", "_gid", "_ym_uid"]
OTHER_COOKIES = ["lang", "session_ok"]


def test_withdrawal_deletes_the_analytics_cookies_reloads_and_loads_nothing(browser, site):
    first_visit(browser)
    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "after Accept all, the analytics script runs")
    # Its beacon too, before the counts start again: a late one would count in the next visit.
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "after Accept all (the script and its beacon)")
    # The stand-in set _ga and _ga_DEMO; add the profile's other patterns, and cookies that must stay.
    for name in ["_gid", "_gat_UA1", "_ym_uid"] + OTHER_COOKIES:
        browser.run("document.cookie = arguments[0] + '=1; Path=/; Max-Age=3600';", name)
    before = browser.cookie_names()
    assert before == sorted(ANALYTICS_COOKIES + OTHER_COOKIES), f"[{browser.name}] cookies before: {before}"
    browser.run("window.__beforeWithdrawal = true;")
    site.reset()

    browser.click(browser.find("[data-consent-open]"))
    browser.wait(DIALOG_OPEN, "the footer's Cookie settings link opens the dialog")
    analytics_on = browser.run("return document.getElementById('icta-consent').shadowRoot"
                               ".querySelector('input[name=analytics]').checked;")
    assert analytics_on is True, f"[{browser.name}] the dialog does not show the accepted analytics switch on"
    choose(browser, "reject-all")

    navigation = browser.wait("return !window.__beforeWithdrawal && document.readyState === 'complete'"
                              " && performance.getEntriesByType('navigation')[0].type;",
                              "after withdrawing analytics, the page reloads")
    assert navigation == "reload", f"[{browser.name}] after withdrawing, the page was not reloaded: {navigation}"
    status = browser.ready("after the reload, the status panel is ready")
    assert (status["chosen"], status["analytics"]) == ("true", "false"), f"[{browser.name}] status: {status}"
    after = browser.cookie_names()
    assert after == sorted(OTHER_COOKIES), \
        f"[{browser.name}] cookies after withdrawal: {after}; expected only {sorted(OTHER_COOKIES)}"
    assert_no_analytics(site, browser, 1.0, "after withdrawal and the reload")
    assert browser.run("return window.demoAnalyticsRuns;") is None, f"[{browser.name}] analytics ran after the reload"
    assert not browser.banner_shown(), f"[{browser.name}] the banner shows after a choice"
