"""What icta-consent's browser tests share: real browsers through selenium
(`browsers`), the servers they load pages from (`servers`), the scripts they
run in those pages (`page`), axe-core (`axe`), the end-to-end suite's site and
checks (`e2e_site`, `e2e_checks`), and the pytest plugin that gives every
suite the `engine` fixture and the known failures (`plugin`).

Installed editable into the tests' venv by tests/run, so ROOT is the
repository it was installed from."""
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
if not os.path.isfile(os.path.join(ROOT, "Cargo.toml")):
    raise ImportError(f"icta_testing is not where it is installed from ({ROOT} has no Cargo.toml):"
                      " install it editable (tests/run does)")
WWW = os.path.join(ROOT, "www")
# A site stylesheet that reaches everything the banner inherits and its host
# element itself: the a11y and e2e suites' hostile site, and a screenshot's.
HOSTILE_SITE_CSS = os.path.join(ROOT, "tests", "a11y", "hostile-site.css")
