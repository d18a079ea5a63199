"""Scenarios 7-8: the module fails to load (its .wasm or its one script
answers 404), and the demo's own strict Content-Security-Policy."""
import urllib.error
import urllib.request

import pytest

from icta_testing.e2e_checks import ANALYTICS_PER_RUN, assert_no_analytics, choose, first_visit, wait_hits
from icta_testing.page import DIALOG_OPEN, HOST


# What the loader writes to the console when the module does not start.
NOT_LOADED = "icta-consent: the module did not load; analytics stays blocked."
WASM = "/icta-consent/icta_consent_bg.wasm"
SCRIPT = "/icta-consent/icta-consent.js"


@pytest.mark.parametrize("blocked", [WASM, SCRIPT], ids=["wasm", "script"])
def test_module_that_fails_to_load_leaves_the_page_usable_and_analytics_off(browser, site, blocked):
    site.block(blocked)
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(site.base + blocked.lstrip("/"), timeout=5)
    when = f"with {blocked} answering 404"

    browser.open("/t/demo.html")
    browser.wait("return document.readyState === 'complete';", f"{when}, the page loads")
    assert_no_analytics(site, browser, 0.7, f"{when}, for 0.7 s")
    status = browser.status()
    assert status["state"] == "loading", f"[{browser.name}] {when}, the status panel says {status}"
    assert browser.run(f"return {HOST};") is None, f"[{browser.name}] {when}, a banner host exists"

    # The console says so, clearly. The spy hears console.error and failed
    # loads in both browsers; in Chromium the console itself is read too.
    errors = browser.run("return window.__spy.errors;")
    failed = browser.run("return window.__spy.failedLoads.map(u => new URL(u).pathname);")
    console = browser.console_errors()
    ours = [e for e in errors if e.startswith("icta-consent:")]
    if blocked == WASM:
        # The script ran and the .wasm did not come: the loader's one error,
        # with the glue's reason (the status and the file).
        assert len(ours) == 1 and ours[0].startswith(NOT_LOADED) and "404" in ours[0] \
            and "icta_consent_bg.wasm" in ours[0], f"[{browser.name}] {when}, console.error calls: {errors}"
        assert console is None or any(NOT_LOADED in line for line in console), \
            f"[{browser.name}] {when}, the console showed: {console}"
    else:
        # Nothing of the module ran, so it cannot speak: the browser's own
        # error for the script is what the console shows.
        assert ours == [] and blocked in failed, \
            f"[{browser.name}] {when}, console.error calls {errors}, failed loads {failed}"
        assert console is None or any(blocked in line and "404" in line for line in console), \
            f"[{browser.name}] {when}, the console showed: {console}"

    # The page's own controls and links still work, and none of them grants anything.
    browser.click(browser.find("[data-consent-open]"))
    browser.click(browser.find("[data-demo=showPreferences]"))
    assert not browser.run(f"return !!{HOST};"), f"[{browser.name}] {when}, a banner appeared"
    # A page script calling the API of a module that never started (it may throw; it must not grant).
    browser.run("try { window.IctaConsent && window.IctaConsent.acceptAll(); } catch (e) {}")
    assert_no_analytics(site, browser, 0.5, f"{when}, after the page's cookie links and an API call")
    assert browser.run("return window.demoAnalyticsRuns;") is None, f"[{browser.name}] {when}, analytics ran"
    browser.click(browser.find("footer a[href='/privacy-policy/']"))
    browser.wait("return location.pathname === '/privacy-policy/' && document.readyState === 'complete'"
                 " && document.querySelector('h1') && document.querySelector('h1').textContent;",
                 f"{when}, the privacy-policy link leads to the policy")
    assert_no_analytics(site, browser, 0.3, f"{when}, on the privacy policy")


def test_strict_csp_demo_works_with_no_violation(browser, site):
    first_visit(browser)
    policy = browser.run("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content;")
    assert "'unsafe-inline'" not in policy and "script-src 'self' 'wasm-unsafe-eval'" in policy, \
        f"[{browser.name}] the demo's CSP is not the strict one: {policy}"
    status = browser.ready()
    assert status["state"] == "ready", f"[{browser.name}] under the CSP, status {status}"
    # Styled by its constructable stylesheet: the banner is fixed over the page.
    position = browser.run(f"return getComputedStyle({HOST}.shadowRoot.querySelector('.banner')).position;")
    assert position == "fixed", f"[{browser.name}] under the CSP, the banner is unstyled (position {position})"
    choose(browser, "preferences")
    browser.wait(DIALOG_OPEN, "under the CSP, the banner's Preferences button opens the dialog")
    radius = browser.run(f"return getComputedStyle({HOST}.shadowRoot.querySelector('dialog')).borderRadius;")
    assert radius == "12px", f"[{browser.name}] under the CSP, the dialog is unstyled (radius {radius!r})"
    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", "under the CSP, Accept all runs analytics")
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, "under the CSP, after Accept all")
    assert not browser.banner_shown() and not browser.run(DIALOG_OPEN)
    violations = browser.run("return window.__spy.csp;")
    assert violations == [], f"[{browser.name}] CSP violations: {violations}"
    # The spy hears a violation when there is one: an inline script is refused.
    browser.run("const s = document.createElement('script'); s.textContent = 'window.__inline = 1;';"
                " document.body.append(s);")
    seen = browser.wait("return window.__spy.csp.length && window.__spy.csp;", "the spy records a real violation")
    assert len(seen) == 1 and seen[0].startswith("script-src") and browser.run("return window.__inline;") is None, \
        f"[{browser.name}] the spy's control violation: {seen}"
