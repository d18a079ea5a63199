"""The page's own code must never break the banner: handlers of the page that
call the API while the module is at work (focus moves, a change of the page's
own checkbox, the module's events, console.error, Storage.prototype.setItem,
gtag), a change listener that turns analytics back off after Accept all, and
API calls while the module starts. The pages are e2e_site.HOSTILE_JS's.

The contract judged here: the API is synchronous; an action (acceptAll,
rejectAll, save, reset) changes the state at once, so choices() and
accepted() right after it say so, even inside a handler the module itself
set off; its effects (storage, events, banner and dialog, gated scripts)
follow the ones under way, in order, and the last call wins."""
import json

import pytest

from icta_testing.e2e_checks import (ANALYTICS_PER_RUN, KEY, PREFERENCES_PER_RUN, assert_no_analytics, choose,
                                     first_visit, wait_hits)
from icta_testing.e2e_site import HOSTILE_SEQUENCE
from icta_testing.page import BANNER_GONE, BANNER_SHOWN, DIALOG_OPEN, HOST

ALL = {"necessary": True, "preferences": True, "analytics": True}
NECESSARY_ONLY = {"necessary": True, "preferences": False, "analytics": False}
NARROWED = {"necessary": True, "preferences": True, "analytics": False}

HOSTILE = "return window.__hostile;"
RAN = "const h = window.__hostile; return !!h && h.runs > 0 && h;"
CHOICES = "return window.IctaConsent.choices();"
STORED = f"const v = localStorage.getItem('{KEY}'); return v && JSON.parse(v);"
DIALOG_CLOSED = f"return !(() => {{ {DIALOG_OPEN} }})();"
SWITCHES = (f"return Object.fromEntries([...{HOST}.shadowRoot.querySelectorAll('dialog input[type=checkbox]')]"
            ".map(i => [i.name, i.checked]));")
HOSTS = "return document.querySelectorAll('#icta-consent').length;"
RUNS = "return [window.demoAnalyticsRuns, window.demoPreferencesRuns];"


def after(fn, args):
    """What choices() says right after the call `fn(*args)`, if it is an action."""
    if fn == "save":
        return {"necessary": True, **args[0]}
    return {"acceptAll": ALL, "rejectAll": NECESSARY_ONLY, "reset": None}.get(fn, "not an action")


ACTIONS = [(fn, args) for fn, args in HOSTILE_SEQUENCE if after(fn, args) != "not an action"]
FINAL = after(*ACTIONS[-1])
AFTER_VISITOR = {**FINAL, "preferences": True}  # the visitor then turns preferences on
assert FINAL == {"necessary": True, "preferences": False, "analytics": True}, "the sequence changed: mend the tests"
assert all(after(*a) != FINAL for a in ACTIONS[:-1]), "the last call's choices must tell it from the others"


def stored_choices(browser, expected, what):
    """Waits until the stored record's choices are `expected`; returns the record."""
    script = (f"const r = (() => {{ {STORED} }})(); const w = {json.dumps(expected)};"
              " return !!r && !!r.choices && Object.keys(w).every(k => r.choices[k] === w[k]) && r;")
    try:
        return browser.wait(script, what)
    except AssertionError:
        pytest.fail(f"[{browser.name}] {what}: the stored record is {browser.run(STORED)}", pytrace=False)


def errors(browser):
    return browser.run("return window.__hostile.errors;")


def threw(exceptions):
    """The page's exceptions, for a message: how many, and the first few."""
    return f"{len(exceptions)} exception(s), first {exceptions[:4]}"


def not_at_once(calls):
    """The sequence's calls whose result, or choices()/accepted() right
    after, do not show the action's choices."""
    wrong = []
    for call in calls:
        want = after(call["fn"], call["args"])
        if want == "not an action":
            continue
        seen = (call["result"] if call["fn"] != "reset" else want, call["after"],
                call["preferences"], call["analytics"])
        if seen != (want, want, bool(want and want["preferences"]), bool(want and want["analytics"])):
            wrong.append(f"{call['fn']}({call['args']}): returned {call['result']}, then choices() {call['after']},"
                         f" accepted: preferences {call['preferences']}, analytics {call['analytics']}")
    return wrong


def open_by_the_footer_link(browser):
    """The visitor opens the dialog by the footer's Cookie settings link: a
    click, or, while the banner covers the link (it does in Firefox's window),
    Enter on it, as a keyboard user would."""
    if browser.banner_shown():
        browser.run("document.querySelector('[data-consent-open]').focus();")
        browser.press("Enter")
    else:
        browser.click(browser.find("[data-consent-open]"))


# --- what sets each handler off -------------------------------------------------------

def open_the_dialog_then_escape(browser, page):
    """The visitor opens the dialog by the footer's link (the module moves
    focus into it), then, if the handler has not run yet, presses Escape (the
    module closes it and returns focus to the link)."""
    first_visit(browser, page)
    open_by_the_footer_link(browser)
    opened = browser.wait(f"return (window.__hostile.runs > 0 && 'ran') || (() => {{ {DIALOG_OPEN} }})();",
                          "the footer's link opens the dialog (or the handler ran)")
    if opened != "ran":
        browser.settle()
        browser.press("Escape")


def toggle_the_pages_checkbox(browser, page):
    first_visit(browser, page)
    browser.click(browser.find("#hostile-toggle"))


def load_the_page(browser, page):
    browser.open(page)


def reject_all_in_the_banner(browser, page):
    first_visit(browser, page)
    choose(browser, "reject-all")


HOSTILE_PAGE = "/t/hostile.html"
BROKEN_CONFIG = "/t/hostile-broken-config.html"
# hook: (page, what sets it off, what the test says it is)
HOOKS = {
    "focus": (HOSTILE_PAGE, open_the_dialog_then_escape, "a focus handler (window, capture)"),
    "blur": (HOSTILE_PAGE, open_the_dialog_then_escape, "a blur handler (window, capture)"),
    "focusin": (HOSTILE_PAGE, open_the_dialog_then_escape, "a focusin handler (window, capture)"),
    "focusout": (HOSTILE_PAGE, open_the_dialog_then_escape, "a focusout handler (window, capture)"),
    "change": (HOSTILE_PAGE, toggle_the_pages_checkbox, "a change handler of the page's own checkbox"),
    "ready-event": (HOSTILE_PAGE, load_the_page, "an icta-consent:ready listener"),
    "change-event": (HOSTILE_PAGE, reject_all_in_the_banner, "an icta-consent:change listener"),
    "console-error": (BROKEN_CONFIG, load_the_page, "a wrapped console.error (the module's: a broken config)"),
    "set-item": (HOSTILE_PAGE, reject_all_in_the_banner, "a patched Storage.prototype.setItem"),
    "gtag": (HOSTILE_PAGE, load_the_page, "the page's own gtag (the module's Consent Mode calls)"),
}


@pytest.mark.parametrize("hook", list(HOOKS))
def test_page_handler_calling_every_api_function_throws_nothing_and_takes_effect_in_order(browser, site, hook):
    page, set_off, what = HOOKS[hook]
    set_off(browser, f"{page}?hook={hook}")
    # The handler makes its calls in one go: once it has run, they are all made.
    hostile = browser.wait(RAN, f"{what}: the page's handler runs the API calls")
    assert hostile["errors"] == [], f"[{browser.name}] {what}: the page's calls threw {threw(hostile['errors'])}"
    assert hostile["runs"] == 1 and len(hostile["calls"]) == len(HOSTILE_SEQUENCE), \
        f"[{browser.name}] {what}: the sequence ran {hostile['runs']} time(s), {len(hostile['calls'])} calls"
    wrong = not_at_once(hostile["calls"])
    assert wrong == [], f"[{browser.name}] {what}: actions that did not take effect at once: {wrong}"
    # Everything the last call asked for is done: stored, and banner and dialog gone.
    browser.wait(f"return (() => {{ {BANNER_GONE} }})() && (() => {{ {DIALOG_CLOSED} }})();",
                 f"{what}: after the last call (a save), the banner and the dialog are gone")
    record = stored_choices(browser, FINAL, f"{what}: the stored record is the last call's, {FINAL}")
    hostile = browser.run(HOSTILE)
    assert record["method"] == "custom", f"[{browser.name}] {what}: stored method {record['method']!r}"
    now = browser.run(CHOICES)
    assert now == FINAL, f"[{browser.name}] {what}: choices() says {now}, not the last call's {FINAL}"
    changes = hostile["changes"]
    assert len(changes) >= len(ACTIONS) and changes[-1] == FINAL, \
        f"[{browser.name}] {what}: icta-consent:change details {changes}; expected at least {len(ACTIONS)},"\
        f" the last {FINAL}"
    hosts = (browser.run(HOSTS), hostile["hostsAdded"])
    assert hosts == (1, 1), f"[{browser.name}] {what}: {hosts[0]} banner host(s) now, {hosts[1]} ever added"
    # The last call grants analytics: its script runs, once.
    browser.wait("return window.demoAnalyticsRuns === 1;", f"{what}: analytics, granted last, runs")
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, f"{what}: analytics granted last")

    # The banner keeps working: the visitor opens the dialog, turns preferences on, saves.
    open_by_the_footer_link(browser)
    browser.wait(DIALOG_OPEN, f"{what}: afterwards, the footer's link opens the dialog")
    browser.settle()
    switches = browser.run(SWITCHES)
    assert switches == FINAL, f"[{browser.name}] {what}: afterwards the dialog's switches are {switches}"
    browser.click(browser.find_in_banner("dialog input[name=preferences]"))
    choose(browser, "save")
    browser.wait(DIALOG_CLOSED, f"{what}: afterwards, Save closes the dialog")
    record = stored_choices(browser, AFTER_VISITOR, f"{what}: afterwards, the visitor's Save is stored")
    assert record["method"] == "custom" and browser.run(CHOICES) == AFTER_VISITOR, \
        f"[{browser.name}] {what}: after the visitor's Save, stored {record}, choices() {browser.run(CHOICES)}"
    browser.wait("return window.demoPreferencesRuns === 1;", f"{what}: afterwards, preferences runs")
    wait_hits(site, browser, "preferences", PREFERENCES_PER_RUN, f"{what}: preferences granted by the visitor")
    assert browser.run(RUNS) == [1, 1], f"[{browser.name}] {what}: gated script runs {browser.run(RUNS)}"
    late = errors(browser)
    assert late == [], f"[{browser.name}] {what}: afterwards, the page's calls threw {threw(late)}"


def test_focus_handlers_reading_the_api_while_the_dialog_opens_and_closes_get_no_error_and_the_banner_works(
        browser, site):
    page = "/t/hostile.html?peek=focus,blur,focusin,focusout"
    what = "focus, blur, focusin and focusout handlers calling choices() and accepted()"
    first_visit(browser, page)
    open_by_the_footer_link(browser)
    browser.wait(DIALOG_OPEN, f"with {what}, the footer's link opens the dialog")
    browser.settle()
    focused = browser.focused()
    assert focused and focused["inBanner"], f"[{browser.name}] with {what}, focus is not in the dialog: {focused}"
    browser.press("Escape")
    browser.wait(DIALOG_CLOSED, f"with {what}, Escape closes the dialog")
    back = browser.focused()
    assert back and back["consentOpen"], f"[{browser.name}] with {what}, focus went back to {back}, not the link"
    hostile = browser.run(HOSTILE)
    assert hostile["errors"] == [], f"[{browser.name}] {what}: the page's calls threw {threw(hostile['errors'])}"
    assert hostile["peeksInBanner"] > 0, \
        f"[{browser.name}] {what}: no handler ran while focus was the banner's ({hostile['peeks']})"

    open_by_the_footer_link(browser)
    browser.wait(DIALOG_OPEN, f"with {what}, the footer's link opens the dialog again")
    browser.settle()
    browser.click(browser.find_in_banner("dialog input[name=analytics]"))
    choose(browser, "save")
    browser.wait(DIALOG_CLOSED, f"with {what}, Save closes the dialog")
    wanted = {**NECESSARY_ONLY, "analytics": True}
    stored_choices(browser, wanted, f"with {what}, the visitor's Save is stored")
    assert browser.run(CHOICES) == wanted, f"[{browser.name}] with {what}, choices() {browser.run(CHOICES)}"
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, f"with {what}, analytics saved on")
    assert errors(browser) == [], f"[{browser.name}] {what}: the page's calls threw {threw(errors(browser))}"


def test_change_listener_that_turns_analytics_back_off_after_accept_all_loads_no_analytics_even_after_reload(
        browser, site):
    what = "a change listener that saves analytics off whenever Accept all grants it"
    first_visit(browser, "/t/hostile.html?hook=narrow")
    choose(browser, "accept-all")
    narrowed = browser.wait("const n = window.__hostile.narrowed; return n.length > 0 && n;",
                            f"{what}: the listener hears Accept all")
    browser.wait(BANNER_GONE, f"{what}: Accept all hides the banner")
    assert_no_analytics(site, browser, 1.0, f"{what}, after Accept all")
    assert browser.run("return window.demoAnalyticsRuns;") is None, f"[{browser.name}] {what}: analytics ran"
    assert narrowed[0]["error"] is None and narrowed[0]["after"] == NARROWED, \
        f"[{browser.name}] {what}: the listener's save: {narrowed}"
    state = browser.run("return [IctaConsent.accepted('analytics'), IctaConsent.choices()];")
    assert state == [False, NARROWED], f"[{browser.name}] {what}: accepted('analytics'), choices(): {state}"
    stored_choices(browser, NARROWED, f"{what}: the stored record says analytics off")
    updates = browser.run("return window.__hostile.gtag.filter(c => c[0] === 'consent' && c[1] === 'update');")
    assert updates and updates[-1][2]["analytics_storage"] == "denied", \
        f"[{browser.name}] {what}: Consent Mode updates {updates}; the last must deny analytics_storage"
    browser.wait("return window.demoPreferencesRuns === 1;", f"{what}: preferences, granted, runs")
    assert errors(browser) == [], f"[{browser.name}] {what}: the page's calls threw {threw(errors(browser))}"

    browser.refresh()
    status = browser.ready(f"{what}: after a reload, the status panel is ready")
    assert (status["chosen"], status["analytics"]) == ("true", "false"), \
        f"[{browser.name}] {what}: after a reload the status panel says {status}"
    assert_no_analytics(site, browser, 1.0, f"{what}, after Accept all and a reload")
    assert browser.run("return window.__spy.hostSeen;") is False, \
        f"[{browser.name}] {what}: after a reload, the banner was built again"
    stored_choices(browser, NARROWED, f"{what}: after a reload, the stored record says analytics off")


def test_gtag_and_console_error_calling_the_api_while_the_module_starts_give_one_banner_and_no_error(
        browser, site):
    what = "a gtag and a console.error that call choices() and accepted() as the module starts"
    first_visit(browser, "/t/hostile-broken-config.html?peek=gtag,console-error")
    browser.ready(f"{what}: the status panel is ready")
    hostile = browser.run(HOSTILE)
    said = [e for e in browser.run("return window.__spy.errors;") if e.startswith("icta-consent: config ignored")]
    assert said and hostile["peeks"].get("console.error") and hostile["peeks"].get("gtag") \
        and hostile["gtag"][0][:2] == ["consent", "default"], \
        f"[{browser.name}] {what}: the module did not call them as it started (console.error {said}," \
        f" handlers ran {hostile['peeks']}, gtag calls {hostile['gtag']})"
    assert hostile["errors"] == [], f"[{browser.name}] {what}: the page's calls threw {threw(hostile['errors'])}"
    hosts = (browser.run(HOSTS), hostile["hostsAdded"], browser.run("return window.__spy.ready;"))
    assert hosts == (1, 1, 1), \
        f"[{browser.name}] {what}: {hosts[0]} banner host(s) now, {hosts[1]} ever added, {hosts[2]} ready event(s)"
    banners = browser.run(f"return {HOST}.shadowRoot.querySelectorAll('.banner').length;")
    assert banners == 1 and browser.run(BANNER_SHOWN), f"[{browser.name}] {what}: {banners} banner(s) in the host"
    assert browser.run(CHOICES) is None, f"[{browser.name}] {what}: a choice exists on a first visit"

    choose(browser, "accept-all")
    browser.wait("return window.demoAnalyticsRuns === 1;", f"{what}: Accept all runs analytics")
    wait_hits(site, browser, "analytics", ANALYTICS_PER_RUN, f"{what}: after Accept all")
    record = stored_choices(browser, ALL, f"{what}: Accept all is stored")
    assert record["method"] == "accept-all", f"[{browser.name}] {what}: stored method {record['method']!r}"
    assert browser.run(HOSTS) == 1, f"[{browser.name}] {what}: {browser.run(HOSTS)} banner hosts after Accept all"
    assert errors(browser) == [], f"[{browser.name}] {what}: the page's calls threw {threw(errors(browser))}"
