"""What the end-to-end scenarios judge by: the server's counts and log, the
stored record a visitor's browser would hold, and the visitor's clicks."""
import json
import time
import uuid

import pytest

from icta_testing.page import BANNER_SHOWN, DIALOG_OPEN

DAY_MS = 86_400_000
# What the server counts when the demo's stand-in scripts run once: the
# analytics one is fetched and sends one beacon (/analytics/stand-in.js,
# /analytics/collect); the preferences one is fetched and posts once
# (/preferences/remember.js, /preferences/hello).
ANALYTICS_PER_RUN = 2
PREFERENCES_PER_RUN = 2
KEY = "icta-consent"


def analytics_log(site):
    return [line for line in site.requests() if " /analytics/" in line]


def assert_no_analytics(site, browser, seconds, when):
    """Watches the server for `seconds`: any analytics request fails at once,
    naming it."""
    deadline = time.monotonic() + seconds
    while True:
        hits = site.hits()
        if hits["analytics"]:
            pytest.fail(f"[{browser.name}] {when}: the server saw {hits['analytics']} analytics request(s): "
                        f"{analytics_log(site)}", pytrace=False)
        if time.monotonic() >= deadline:
            return
        time.sleep(0.1)


def wait_hits(site, browser, category, n, what, seconds=5, settle=0.3):
    """Waits until the server has counted `n` requests under /`category`/,
    then a little longer, and asserts it is exactly `n` (nothing ran twice).

    The counts of /__hits are the authority; the server's request log is for
    the messages."""
    deadline = time.monotonic() + seconds
    while site.hits()[category] < n and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(settle)
    seen = site.hits()[category]
    assert seen == n, (f"[{browser.name}] {what}: the server counted {seen} {category} request(s), "
                       f"expected {n}; its log: {site.requests()}")


# --- the stored record ----------------------------------------------------------------

def record(method="accept-all", age_days=0, revision=1, **choices):
    """A record as the module writes it, made `age_days` ago."""
    now = int(time.time() * 1000) - int(age_days * DAY_MS)
    all_on = method == "accept-all"
    value = {
        "schema": 1, "revision": revision, "consent_id": str(uuid.uuid4()),
        "given_at": now, "updated_at": now, "expires_at": now + 180 * DAY_MS,
        "language": "az", "method": method,
        "choices": {"necessary": True, "preferences": choices.get("preferences", all_on),
                    "analytics": choices.get("analytics", all_on)},
    }
    return value


def dumps(value):
    return json.dumps(value, separators=(",", ":"))


def store(browser, text):
    """Writes `text` as the site's stored choice, from a page of the site
    without the module: in Firefox, a WebDriver script's write reaches the
    page it runs in as a `storage` event, as another tab's would, and the
    module would act on it there and then."""
    browser.open("/t/blank.html")
    browser.run("localStorage.setItem(arguments[0], arguments[1]);", KEY, text)
    assert browser.run("return localStorage.getItem(arguments[0]);", KEY) == text, \
        f"[{browser.name}] could not store the test value"


def forget(browser):
    """Clears the site's storage, from a page without the module."""
    browser.open("/t/blank.html")
    browser.run("localStorage.clear();")


# --- the visitor ------------------------------------------------------------------------

def first_visit(browser, path="/t/demo.html"):
    """Opens `path` and waits until the banner shows."""
    browser.open(path)
    browser.wait(BANNER_SHOWN, f"a first visit to {path} shows the banner")


def choose(browser, action):
    """Clicks the banner's (or the open dialog's) `action` button."""
    dialog_open = browser.run(DIALOG_OPEN)
    scope = "dialog" if dialog_open else ".banner"
    browser.click_banner(f"{scope} [data-action={action}]")
