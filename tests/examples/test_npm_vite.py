"""examples/npm-vite, from the npm package that ./scripts/build writes into
pkg/: npm install and vite build in a temporary copy (so that no
node_modules/ or dist/ ever lands in the repository), the bundle carries the
module's .wasm, and the built app, and the app under vite's dev server,
start the module in Chromium. Needs the npm registry (for vite) and nothing
else."""
import os
import shutil
import subprocess
import sys

import pytest

from icta_testing import ROOT
from icta_testing.browsers import Browser
from icta_testing.plugin import in_engines
from icta_testing.servers import free_port, wait_for_port

PKG = os.path.join(ROOT, "pkg")
# main.js marks the page ready when init() has started the module, and the
# module adds the banner's host element.
STARTED = """const s = document.getElementById('consent-status');
return !!s && s.dataset.state === 'ready' && s.textContent === 'not chosen yet'
  && !!document.querySelector('div#icta-consent');"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A copy of the example beside a copy of pkg/, as in the repository, so
    the example's "file:../../pkg" resolves to the copy; whatever an earlier
    run in the repository left is not copied."""
    if not os.path.isfile(os.path.join(PKG, "icta_consent_bg.wasm")):
        pytest.fail("pkg/ is not built; run ./scripts/build first", pytrace=False)
    work = tmp_path_factory.mktemp("npm-vite")
    app = work / "examples" / "npm-vite"
    shutil.copytree(os.path.join(ROOT, "examples", "npm-vite"), app,
                    ignore=shutil.ignore_patterns("node_modules", "dist", "package-lock.json"))
    shutil.copytree(PKG, work / "pkg")
    return app


@pytest.fixture(scope="module")
def built(app):
    """npm install and vite build: the finished process."""
    return subprocess.run("npm install --prefer-offline --no-audit --no-fund --loglevel=error"
                          " && npx vite build --logLevel warn", shell=True, cwd=app, capture_output=True, text=True)


def test_npm_install_and_vite_build_succeed(built):
    assert built.returncode == 0, built.stdout + built.stderr


def bundled_wasm(app):
    found = sorted((app / "dist" / "assets").glob("icta_consent_bg-*.wasm"))
    assert len(found) == 1, f"the bundle's .wasm files: {found}"
    return found[0]


def test_the_bundle_holds_the_wasm_unchanged(built, app):
    """Vite emits the module as a hashed asset, byte for byte."""
    assert bundled_wasm(app).read_bytes() == (app.parent.parent / "pkg" / "icta_consent_bg.wasm").read_bytes()


def test_the_bundles_javascript_loads_that_wasm(built, app):
    name = bundled_wasm(app).name
    scripts = list((app / "dist" / "assets").glob("index-*.js"))
    assert scripts and any(name in s.read_text() for s in scripts), f"none of {scripts} names {name}"


def started_at(b, command, cwd):
    """Whether the app, served by `command` (which takes the port last), starts
    the module: waits for the server, loads the app, waits for the module."""
    port = free_port()
    server = subprocess.Popen([*command, str(port)], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        b.get(f"http://127.0.0.1:{port}/")
        try:
            return b.wait(STARTED, "the app starts the module")
        except AssertionError as error:
            return str(error)
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def started(engine, built, app):
    """The built app, then the app under vite's dev server (it needs the
    example's vite.config.js: see its comments), in one browser."""
    if built.returncode != 0:
        pytest.fail("npm install or vite build failed", pytrace=False)
    with Browser(engine) as b:
        return {
            "built": started_at(b, [sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                                    "--directory", str(app / "dist")], app),
            "dev": started_at(b, ["./node_modules/.bin/vite", "--host", "127.0.0.1", "--strictPort", "--port"], app),
        }


# The app's own scripts are the examples' business in three engines; this is
# whether the bundler's output starts at all.
@in_engines("chrome")
def test_the_built_app_starts_the_module_status_ready_banner_added(started):
    assert started["built"] is True, started["built"]


@in_engines("chrome")
def test_under_vites_dev_server_too(started):
    assert started["dev"] is True, started["dev"]
