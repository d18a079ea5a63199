"""Scenario 14: axe-core finds no violation on the banner and on the open
dialog (the full matrix, both languages and colour schemes, and reflow, is
tests/a11y/axe.py; this keeps the suite complete with its rules and script)."""
import os
import sys

from e2e_browser import BANNER_SHOWN, DIALOG_OPEN, ROOT
from e2e_checks import choose

sys.path.insert(0, os.path.join(ROOT, "tests", "a11y"))
import axe  # noqa: E402  (tests/a11y/axe.py: its axe-core path and the script that runs it)


def test_axe_finds_no_violation_on_the_banner_and_the_dialog(browser, site):
    assert os.path.isfile(axe.AXE), f"{axe.AXE} is missing: run ./scripts/setup"
    source = open(axe.AXE, encoding="utf-8").read()
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
        found[view] = [f"{v['id']} ({v.get('impact')}): {v['help']}: {v['nodes'][:3]}" for v in violations]
    assert found == {"banner": [], "dialog": []}, f"[{browser.name}] axe-core violations: {found}"
