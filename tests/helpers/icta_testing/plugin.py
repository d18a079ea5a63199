"""The pytest plugin of every browser suite (tests/pytest.ini loads it):

- the `engine` fixture, "chrome", "firefox" and "webkit" in turn, which a
  test or fixture that drives a browser asks for (a test that only makes
  sense in some engines says so with `in_engines`);
- KNOWN_FAILURES: what an engine is known to do that a test forbids, by
  engine and test function, with what it did; the test is marked
  xfail(strict=True, raises=AssertionError) there, so it fails the day it
  passes, and what is expected to fail is the test's own assertion: an
  error in its fixtures (the browser that did not start, a wait that timed
  out) is still an error;
- WebKit's Xvfb server goes away with the session."""
import pytest

# The helpers whose asserts are checks of their own (a page that changed shape, a count).
pytest.register_assert_rewrite("icta_testing.e2e_checks", "icta_testing.e2e_site")

from icta_testing.browsers import ENGINES, stop_xvfb  # noqa: E402

WEBKIT_WASM_TWICE = (
    "WebKit downloads the .wasm twice, for the page's <link rel=preload as=fetch> and again for the "
    "loader's fetch(): it does not hand the preloaded response to fetch() (its automation session "
    "caches nothing, not even a max-age response fetched twice, so whether Safari's HTTP cache would "
    "serve the second is not tested here)")

KNOWN_FAILURES = {
    "webkit": {
        "test_the_banner_costs_one_script_and_one_wasm_each_fetched_once": WEBKIT_WASM_TWICE,
        "test_dist_the_banner_costs_one_script_and_one_wasm_by_their_hashed_names": WEBKIT_WASM_TWICE,
        "test_the_banners_script_and_wasm_are_each_fetched_once_the_wasm_by_its_preload": WEBKIT_WASM_TWICE,
    },
}


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    """The browser engine under test: "chrome", "firefox" or "webkit"."""
    return request.param


def in_engines(*engines):
    """Marks a test that only makes sense in `engines` (say why beside it)."""
    unknown = set(engines) - set(ENGINES)
    assert not unknown, f"unknown engines {unknown}"
    return pytest.mark.parametrize("engine", engines, indirect=True)


def pytest_collection_modifyitems(items):
    for item in items:
        spec = getattr(item, "callspec", None)
        engine = spec.params.get("engine") if spec else None
        reason = KNOWN_FAILURES.get(engine, {}).get(item.originalname)
        if reason:
            item.add_marker(pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"{engine}: {reason}"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "setup" and call.excinfo is not None and hasattr(report, "wasxfail"):
        # pytest's xfail covers a fixture's failure too: not a known failure's.
        del report.wasxfail
        report.outcome = "failed"
    return report


def pytest_sessionfinish(session):
    stop_xvfb()
