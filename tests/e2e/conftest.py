"""Fixtures of the end-to-end suite: one test site and server for the session
(icta_testing.e2e_site.Site), a fresh browser per test in each engine (so
fresh storage), the server's counts reset before each test, and a failure
report that shows what the server saw and what the page showed. The
scenarios' helpers are icta_testing.e2e_checks; the engines and the known
failures come from icta_testing.plugin."""
import os
import re
import shutil

import pytest

from icta_testing import ROOT
from icta_testing.browsers import Browser
from icta_testing.e2e_site import Site

FAILURES = os.path.join(ROOT, ".tools", "e2e-failures")


def pytest_sessionstart(session):
    """Only this run's failures in .tools/e2e-failures/."""
    shutil.rmtree(FAILURES, ignore_errors=True)


@pytest.fixture(scope="session")
def site():
    try:
        served = Site()
    except FileNotFoundError as error:
        pytest.exit(f"tests/e2e: {error}", returncode=2)
    yield served
    served.close()


@pytest.fixture
def browser(engine, site):
    site.reset()
    with Browser(engine, site.base) as b:
        yield b


# --- a failure says what the browser and the server saw ---------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    b = item.funcargs.get("browser") if report.when == "call" and report.failed else None
    if b is None:
        return
    site = item.funcargs.get("site")
    if site is not None:
        report.sections.append(("server requests since the test began", "\n".join(site.requests()) or "(none)"))
    try:
        os.makedirs(FAILURES, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", item.name)
        path = os.path.join(FAILURES, f"{name}.png")
        b.screenshot(path)
        page = b.run("return {url: location.href, status: (document.getElementById('consent-status') || {}).dataset"
                     " ? {...document.getElementById('consent-status').dataset} : null,"
                     " storage: (() => { try { return localStorage.getItem('icta-consent'); } catch (e) { return String(e); } })()};")
        report.sections.append(("the page at failure", f"{page}\nscreenshot: {path}"))
    except Exception as error:  # the browser may be what failed
        report.sections.append(("the page at failure", f"(unavailable: {error})"))
