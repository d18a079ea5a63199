"""Fixtures of the end-to-end suite: one test site and server for the session
(e2e_site.Site), a fresh headless browser per test in Chromium, Firefox and
WebKit (so fresh storage; WebKit's MiniBrowser on one Xvfb display for the
session), the server's counts reset before each test, and a
failure report that shows what the server saw and what the page showed.
The scenarios' helpers are in e2e_checks.py."""
import os
import re
import shutil

import pytest

from e2e_browser import ROOT, E2EBrowser
from e2e_site import Site

FAILURES = os.path.join(ROOT, ".tools", "e2e-failures")


def pytest_sessionstart(session):
    """Only this run's failures in .tools/e2e-failures/."""
    shutil.rmtree(FAILURES, ignore_errors=True)


# Scenarios a browser is known to fail, by browser and test function, with
# what it did: marked xfail(strict=True) there, so they fail once they pass.
KNOWN_FAILURES = {}


def pytest_collection_modifyitems(items):
    for item in items:
        spec = getattr(item, "callspec", None)
        engine = spec.params.get("browser") if spec else None
        reason = KNOWN_FAILURES.get(engine, {}).get(item.originalname)
        if reason:
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))


@pytest.fixture(scope="session")
def site():
    try:
        served = Site()
    except FileNotFoundError as error:
        pytest.exit(f"tests/e2e: {error}", returncode=2)
    yield served
    served.close()


@pytest.fixture(scope="session", autouse=True)
def xvfb():
    """The Xvfb server WebKit's browsers share, if one was started, goes
    away with the session."""
    yield
    from webdriver import stop_xvfb
    stop_xvfb()


@pytest.fixture(params=["chrome", "firefox", "webkit"])
def browser(request, site):
    site.reset()
    with E2EBrowser(request.param, site.base) as b:
        request.node.e2e_browser = b
        yield b


# --- a failure says what the browser and the server saw ---------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    b = getattr(item, "e2e_browser", None)
    if report.when != "call" or not report.failed or b is None:
        return
    site = item.funcargs.get("site")
    if site is not None:
        report.sections.append(("server requests since the test began", "\n".join(site.requests()) or "(none)"))
    try:
        os.makedirs(FAILURES, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", item.name)
        from webdriver import screenshot
        path = os.path.join(FAILURES, f"{name}.png")
        screenshot(b, path)
        page = b.run("return {url: location.href, status: (document.getElementById('consent-status') || {}).dataset"
                     " ? {...document.getElementById('consent-status').dataset} : null,"
                     " storage: (() => { try { return localStorage.getItem('icta-consent'); } catch (e) { return String(e); } })()};")
        report.sections.append(("the page at failure", f"{page}\nscreenshot: {path}"))
    except Exception as error:  # the browser may be what failed
        report.sections.append(("the page at failure", f"(unavailable: {error})"))
