"""A minimal W3C WebDriver client (standard library only) for the browser
checks: start chromedriver, geckodriver or WebKitWebDriver, open a headless
browser with the flags this network needs, navigate, run scripts, quit.

WebKit is WebKitGTK's MiniBrowser (what Debian has of Safari's engine) in
automation mode, on an Xvfb display started once per process (its --headless
hangs session creation) and killed when the process exits."""
import atexit
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"

QUIET_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
QUIET_FIREFOX_PREFS = {
    "app.update.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "extensions.update.enabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


# What a browser is known to do that a check forbids: by browser, a text the
# check's name contains and why. Such a check is reported "xfail" with the
# reason when it fails, and fails when it passes (drop its entry then).
KNOWN_FAILURES = {
    "webkit": [
        (("one script and one .wasm", "script and .wasm are each fetched once"),
         "WebKit downloads the .wasm twice, for the page's <link rel=preload as=fetch> and again for the "
         "loader's fetch(): it does not hand the preloaded response to fetch() (its automation session "
         "caches nothing, not even a max-age response fetched twice, so whether Safari's HTTP cache would "
         "serve the second is not tested here)"),
    ],
}


def verdict(browser, check, ok):
    """(label, counts as passed, note) for `check` in `browser`: "ok  " or
    "FAIL", or "xfail" with the reason for a known failure."""
    reason = next((why for texts, why in KNOWN_FAILURES.get(browser, [])
                   if any(text in check for text in texts)), None)
    if reason is None:
        return ("ok  " if ok else "FAIL"), bool(ok), None
    if ok:
        return "FAIL", False, f"passed, but webdriver.KNOWN_FAILURES says it fails: {reason}"
    return "xfail", True, reason


_xvfb = None


def xvfb_display():
    """The display of this process's Xvfb server (":N"), started on first use
    on a display number it picks itself (-displayfd), stopped at exit."""
    global _xvfb
    if _xvfb is None:
        read, write = os.pipe()
        server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                                   "-nolisten", "tcp"], pass_fds=[write],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            server.kill()
            raise RuntimeError(f"Xvfb did not start (exit {server.wait()})")
        _xvfb = (server, f":{number}")
        atexit.register(stop_xvfb)
    return _xvfb[1]


def stop_xvfb():
    global _xvfb
    if _xvfb is not None:
        server, _ = _xvfb
        _xvfb = None
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(10)


class Browser:
    """One headless browser session: `with Browser("chrome") as b: b.get(url)`."""

    def __init__(self, name, prefs=None):
        self.name = name
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix=f"icta-{name}-")
        if name == "chrome":
            driver = [shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={self.port}"]
            caps = {"browserName": "chrome", "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": QUIET_CHROMIUM + [f"--user-data-dir={self.tmp}/profile", "--window-size=1280,800"]}}
        elif name == "firefox":
            driver = [shutil.which("geckodriver") or os.path.expanduser("~/.cargo/bin/geckodriver"),
                      "--port", str(self.port)]
            caps = {"browserName": "firefox", "moz:firefoxOptions": {
                "binary": shutil.which("firefox-esr") or "/usr/bin/firefox-esr",
                "args": ["-headless", "--width=1280", "--height=800"],
                "prefs": {**QUIET_FIREFOX_PREFS, **(prefs or {})}}}
        elif name == "webkit":
            driver = [shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver", f"--port={self.port}"]
            caps = {"browserName": "MiniBrowser", "webkitgtk:browserOptions": {
                "binary": MINIBROWSER, "args": ["--automation"]}}
        else:
            raise ValueError(name)
        env = None
        if name == "webkit":
            # MiniBrowser's caches and data in this browser's own directory.
            env = {**os.environ, "DISPLAY": xvfb_display(), "XDG_CACHE_HOME": f"{self.tmp}/cache",
                   "XDG_DATA_HOME": f"{self.tmp}/data", "XDG_CONFIG_HOME": f"{self.tmp}/config"}
        self.driver = subprocess.Popen(driver, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       cwd=self.tmp, env=env)
        wait_for_port(self.port)
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]
        if name == "webkit":
            self._call("POST", f"/session/{self.session}/window/rect", {"width": 1280, "height": 800})

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{self.name} WebDriver {method} {path}: {error.read().decode()[:500]}")

    def get(self, url):
        self._call("POST", f"/session/{self.session}/url", {"url": url})

    def run(self, script, *args):
        """Runs `script` (a function body) in the page and returns its value."""
        return self._call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script, *args):
        """Runs `script`, which calls `arguments[arguments.length - 1]` with its result."""
        return self._call("POST", f"/session/{self.session}/execute/async", {"script": script, "args": list(args)})

    def wait_for(self, script, seconds=10):
        """Polls `script` until it returns something truthy; returns that."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.run(script)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"{self.name}: never true: {script}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        with contextlib.suppress(Exception):
            self._call("DELETE", f"/session/{self.session}")
        self.driver.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.driver.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)


def cdp(browser, cmd, params):
    """Runs a Chrome DevTools Protocol command through chromedriver."""
    return browser._call("POST", f"/session/{browser.session}/goog/cdp/execute", {"cmd": cmd, "params": params})


def screenshot(browser, path):
    """Writes a PNG of the viewport to `path`."""
    import base64
    png = browser._call("GET", f"/session/{browser.session}/screenshot")
    with open(path, "wb") as f:
        f.write(base64.b64decode(png))
