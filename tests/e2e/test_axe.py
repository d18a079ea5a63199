"""Scenario 14: axe-core finds no violation on the banner and on the open
dialog (the full matrix, both languages and colour schemes, and reflow, is
tests/a11y/; this keeps the suite complete with the same rules and script)."""
from icta_testing import axe
from icta_testing.e2e_checks import choose
from icta_testing.page import BANNER_SHOWN, DIALOG_OPEN


def test_axe_finds_no_violation_on_the_banner_and_the_dialog(browser, site):
    source = axe.source()
    browser.open("/?lang=az")
    browser.wait(BANNER_SHOWN, "the demo's banner shows")
    browser.run(source)
    assert browser.run("return typeof axe === 'object' && axe.version;"), f"[{browser.name}] axe-core did not load"
    found = {}
    for view in ("banner", "dialog"):
        if view == "dialog":
            choose(browser, "preferences")
            browser.wait(DIALOG_OPEN, "the Preferences button opens the dialog")
        violations = browser.run_async(axe.RUN_AXE)
        found[view] = axe.summary(violations)
    assert found == {"banner": [], "dialog": []}, f"[{browser.name}] axe-core violations: {found}"
