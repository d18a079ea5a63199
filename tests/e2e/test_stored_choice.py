"""Scenarios 4-6: a stored choice that is no longer good enough (a new policy
revision, too old, tampered with) asks again with analytics off, and
localStorage that throws still lets the visitor choose for the page."""
import pytest

from icta_testing.e2e_checks import (ANALYTICS_PER_RUN, assert_no_analytics, choose, dumps, first_visit, record, store,
                                     wait_hits)
from icta_testing.page import BANNER_SHOWN

RUNS = "return window.demoAnalyticsRuns === undefined ? 0 : window.demoAnalyticsRuns;"


def asked_again(browser, site, path, when):
    """Opens `path`: the banner shows, the status says no choice, and no
    analytics is requested or run."""
    browser.open(path)
    browser.wait(BANNER_SHOWN, f"{when}: the banner shows")
    status = browser.ready(f"{when}: the status panel is ready")
    assert (status["chosen"], status["analytics"]) == ("false", "false"), \
        f"[{browser.name}] {when}: the status panel says {status}"
    assert_no_analytics(site, browser, 0.5, when)
    assert browser.run(RUNS) == 0, f"[{browser.name}] {when}: the analytics script ran"


def honoured(browser, site, path, when):
    """Opens `path`: no banner, analytics runs once without a click."""
    site.reset()
    browser.open(path)
    browser.wait("return window.demoAnalyticsRuns === 1;", f"{when}: analytics runs without a click")
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, when)
    assert browser.run("return window.__spy.hostSeen;") is False, f"[{browser.name}] {when}: the banner was built"


def test_revision_bump_asks_again_with_analytics_off(browser, site):
    first_visit(browser)
    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "after Accept all on revision 1, analytics runs")
    # Its beacon too, before the counts start again: a late one would count in the next visit.
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "after Accept all (the script and its beacon)")
    honoured(browser, site, "/t/demo.html", "revision 1 again, the choice holds")
    site.reset()
    asked_again(browser, site, "/t/revision2.html", "a page of policy revision 2, after accepting revision 1")
    # Accepting again on revision 2 holds there.
    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "after Accept all on revision 2, analytics runs")
    # Its beacon too, before the counts start again: a late one would count in the next visit.
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "after Accept all (the script and its beacon)")
    honoured(browser, site, "/t/revision2.html", "revision 2 again, the new choice holds")


def test_expired_record_asks_again_with_analytics_off(browser, site):
    # A record made 179 days ago is still good (the lifetime is 180 days)...
    store(browser, dumps(record(age_days=179)))
    honoured(browser, site, "/t/demo.html", "an accept-all record 179 days old")
    # ...one made 181 days ago, expiring yesterday, is not.
    store(browser, dumps(record(age_days=181)))
    site.reset()
    asked_again(browser, site, "/t/demo.html", "an accept-all record 181 days old")
    # Its own expiry counts too: made an hour ago but expired a minute ago.
    old = record(age_days=1 / 24)
    old["expires_at"] = old["updated_at"] + 3_540_000
    store(browser, dumps(old))
    asked_again(browser, site, "/t/demo.html", "an accept-all record past its own expires_at")


def tampered_values():
    """(name, stored text): each would grant analytics if read carelessly."""
    good = record()
    truncated = dumps(good)[:-12]
    as_string = dumps(good).replace('"analytics":true', '"analytics":"true"')
    assert as_string != dumps(good)
    schema = dict(good, schema=2)
    extra = dict(good, tracking=True)
    extra_choice = dict(good, choices=dict(good["choices"], marketing=True))
    return [
        ("empty string", ""),
        ('"null"', "null"),
        ('"{}"', "{}"),
        ("truncated JSON", truncated),
        ('"analytics":"true"', as_string),
        ("unknown schema version 2", dumps(schema)),
        ("1 MB of garbage", "x" * 1_000_000),
        ("a good record padded to 1 MB", dumps(good) + " " * 1_000_000),
        ("an extra field", dumps(extra)),
        ("an extra category", dumps(extra_choice)),
    ]


def test_tampered_storage_shows_the_banner_and_loads_no_analytics(browser, site):
    failures = []
    for name, text in tampered_values():
        site.reset()
        store(browser, text)
        browser.open("/t/demo.html")
        when = f"stored {name}"
        try:
            browser.wait(BANNER_SHOWN, f"{when}: the banner shows", seconds=5)
            status = browser.ready(f"{when}: the status panel is ready")
            assert (status["chosen"], status["analytics"]) == ("false", "false"), \
                f"[{browser.name}] {when}: the status panel says {status}"
            assert_no_analytics(site, browser, 0.3, when)
            assert browser.run(RUNS) == 0, f"[{browser.name}] {when}: the analytics script ran"
        except (AssertionError, pytest.fail.Exception) as error:
            failures.append(str(error))
    assert not failures, f"[{browser.name}] tampered values that were not refused:\n" + "\n".join(failures)
    # The control: the same record, untampered, is honoured; so it is the
    # tampering each time that made the difference.
    store(browser, dumps(record()))
    honoured(browser, site, "/t/demo.html", "the untampered record")


def test_throwing_local_storage_still_lets_the_visitor_choose_for_the_page(browser, site):
    browser.open("/t/storage-throws.html")
    throws = browser.run("try { window.localStorage; return false; } catch (e) { return e.name; }")
    assert throws == "SecurityError", f"[{browser.name}] the page's localStorage does not throw: {throws}"
    browser.wait(BANNER_SHOWN, "with localStorage throwing, the banner shows")
    status = browser.ready("with localStorage throwing, the status panel is ready")
    assert status["chosen"] == "false", f"[{browser.name}] status: {status}"
    assert_no_analytics(site, browser, 0.5, "with localStorage throwing, before a click")

    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "with localStorage throwing, Accept all runs analytics")
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "with localStorage throwing, after Accept all")
    status = browser.wait("const s = document.getElementById('consent-status').dataset;"
                          " return s.analytics === 'true' && {...s};", "the status panel shows analytics on")
    assert not browser.banner_shown(), f"[{browser.name}] the banner still shows after Accept all"

    # Kept for that page only: the next page asks again, analytics off.
    site.reset()
    asked_again(browser, site, "/t/storage-throws.html", "the next page, localStorage still throwing")
    # Nothing reached the real localStorage: a page of the site where it works asks too.
    site.reset()
    asked_again(browser, site, "/t/demo.html", "a page where localStorage works, after choosing where it threw")
