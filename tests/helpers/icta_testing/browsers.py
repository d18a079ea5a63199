"""Real browsers for the tests, through selenium: headless Chromium and
Firefox, and WebKit (WebKitGTK's MiniBrowser, the engine of Safari) on an
Xvfb display of this process's own (MiniBrowser's --headless hangs session
creation).

Nothing is ever downloaded: every driver is given by path (chromedriver and
WebKitWebDriver from PATH, geckodriver from PATH or ~/.cargo/bin, where
./scripts/setup installs it), so selenium never starts Selenium Manager, and
this module makes sure of that by replacing Selenium Manager with an error.
The browsers start with their background networking off."""
import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.selenium_manager import SeleniumManager
from selenium.webdriver.remote.command import Command

from icta_testing.page import BANNER_SHOWN, FOCUSED, SETTLE, STATUS, STATUS_READY

ENGINES = ("chrome", "firefox", "webkit")

CHROMIUM = "/usr/bin/chromium"
FIREFOX = "/usr/bin/firefox-esr"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# Headless, and quiet: no first-run UI, no background requests (updates,
# components, sync) to a network this machine does not have (the same flags
# as ./scripts/bench's Chromium). With them it still looked up
# accounts.google.com, clients2.google.com, update.googleapis.com and its
# search engine's host: it resolves no name at all now (the tests' pages are
# all at 127.0.0.1).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# Firefox's counterparts, as preferences (on top of geckodriver's own). Its
# Remote Settings client looked up firefox.settings.services.mozilla.com:
# it gets the address Mozilla's own test profiles give it, which is no
# server, and Firefox runs with MOZ_DISABLE_NONLOCAL_CONNECTIONS=1, which lets
# that address count (a release build ignores it otherwise) and refuses any
# connection beyond this machine.
FIREFOX_PREFS = {
    "services.settings.server": "data:,#remote-settings-dummy/v1",
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
WINDOW = (1280, 800)
# How long one WebDriver command may take: selenium's own for Chromium and
# Firefox; WebKitGTK's driver class sets none, so a session that never starts
# would hang the run (it takes the socket default, set for it in _start).
COMMAND_TIMEOUT = 120

# Selenium Manager is selenium's downloader of drivers and browsers: with
# every driver given by path it never runs; should a change make selenium
# want it, the test fails saying so instead of going to the network.
os.environ["SE_OFFLINE"] = "true"
os.environ["SE_AVOID_STATS"] = "true"


def _no_selenium_manager(self, args):
    raise RuntimeError(f"selenium wanted Selenium Manager ({' '.join(args)}): give the driver's path instead")


SeleniumManager.binary_paths = _no_selenium_manager


def driver_path(name):
    """The path of the driver `name`, from PATH or ~/.cargo/bin; never None."""
    path = shutil.which(name) or shutil.which(name, path=os.path.expanduser("~/.cargo/bin"))
    if not path:
        raise FileNotFoundError(f"{name} is not installed (./scripts/setup installs it)")
    return path


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


def _start(engine, tmp, prefs):
    """A selenium WebDriver for `engine`, its profile and caches under `tmp`."""
    if engine == "chrome":
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp}/profile", f"--window-size={WINDOW[0]},{WINDOW[1]}"]:
            options.add_argument(flag)
        service = webdriver.ChromeService(executable_path=driver_path("chromedriver"))
        return webdriver.Chrome(options=options, service=service)
    if engine == "firefox":
        options = webdriver.FirefoxOptions()
        options.binary_location = shutil.which("firefox-esr") or FIREFOX
        for arg in ["-headless", f"--width={WINDOW[0]}", f"--height={WINDOW[1]}"]:
            options.add_argument(arg)
        for key, value in {**FIREFOX_PREFS, **(prefs or {})}.items():
            options.set_preference(key, value)
        service = webdriver.FirefoxService(executable_path=driver_path("geckodriver"),
                                           env={**os.environ, "MOZ_DISABLE_NONLOCAL_CONNECTIONS": "1"})
        return webdriver.Firefox(options=options, service=service)
    if engine == "webkit":
        options = webdriver.WebKitGTKOptions()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        # MiniBrowser's display, and its caches and data in this browser's own directory.
        env = {**os.environ, "DISPLAY": xvfb_display(), "XDG_CACHE_HOME": f"{tmp}/cache",
               "XDG_DATA_HOME": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config"}
        service = webdriver.WebKitGTKService(executable_path=driver_path("WebKitWebDriver"), env=env)
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(COMMAND_TIMEOUT)  # the driver's connection keeps the value it finds
        try:
            driver = webdriver.WebKitGTK(options=options, service=service)
        finally:
            socket.setdefaulttimeout(previous)
        driver.set_window_rect(width=WINDOW[0], height=WINDOW[1])
        return driver
    raise ValueError(f"unknown engine {engine!r} (have {', '.join(ENGINES)})")


KEYS = {"Tab": "\ue004", "Enter": "\ue007", "Escape": "\ue00c", "Space": " "}


class Browser:
    """One browser session with a fresh profile (so fresh storage):
    `with Browser("chrome", base) as b: b.open("/")`. `driver` is selenium's
    WebDriver, for anything the methods here do not cover."""

    def __init__(self, engine, base=None, prefs=None):
        self.name = engine
        self.base = base
        self.tmp = tempfile.mkdtemp(prefix=f"icta-{engine}-")
        try:
            self.driver = _start(engine, self.tmp, prefs)
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise

    def close(self):
        with contextlib.suppress(Exception):
            self.driver.quit()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- navigation, scripts, waiting ----------------------------------------------

    def get(self, url):
        self.driver.get(url)

    def open(self, path):
        """Loads `path` of the site at `base`."""
        self.get(self.base + path.lstrip("/"))

    def refresh(self):
        """Reloads the page, as the browser's reload button does."""
        self.driver.refresh()

    def url(self):
        return self.driver.current_url

    def run(self, script, *args):
        """Runs `script` (a function body) in the page and returns its value."""
        return self.driver.execute_script(script, *args)

    def run_async(self, script, *args):
        """Runs `script`, which calls `arguments[arguments.length - 1]` with its result."""
        return self.driver.execute_async_script(script, *args)

    def wait(self, script, what, seconds=10):
        """Polls `script` until it returns something truthy and returns that;
        fails saying `what` was awaited and the last value seen. A script
        that throws (a navigation under way) is tried again."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                last = self.run(script)
                if last:
                    return last
            except WebDriverException as error:
                last = f"error: {error.msg or error}"[:300]
            if time.monotonic() > deadline:
                try:
                    page = self.url()
                except WebDriverException as error:
                    page = f"unknown: {error.msg}"[:200]
                raise AssertionError(f"[{self.name}] {what}: not within {seconds} s "
                                     f"(last seen: {last!r}; page {page})")
            time.sleep(0.05)

    # --- the banner and the demo's status panel ----------------------------------------

    def status(self):
        return self.run(STATUS)

    def ready(self, what="the demo's status panel says the module is ready"):
        return self.wait(STATUS_READY, what)

    def banner_shown(self):
        return bool(self.run(BANNER_SHOWN))

    def settle(self):
        """Waits for the banner's and dialog's animations to finish."""
        self.run_async(SETTLE)

    # --- elements and real clicks -------------------------------------------------------

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_in_banner(self, css):
        """An element in the banner's shadow root, for WebDriver to click."""
        return self.find("#icta-consent").shadow_root.find_element(By.CSS_SELECTOR, css)

    def click(self, element):
        """A real click: WebDriver scrolls to it, checks it can be hit, and
        sends the pointer events a visitor's mouse would."""
        element.click()

    def click_banner(self, css):
        self.settle()
        self.click(self.find_in_banner(css))

    # --- the keyboard ---------------------------------------------------------------------

    def press(self, *keys):
        """Real key presses through the W3C Actions API (the keyboard alone):
        names from KEYS or single characters; then every key is released."""
        actions = ActionBuilder(self.driver)
        for key in keys:
            value = KEYS.get(key, key)
            actions.key_action.key_down(value).key_up(value)
        actions.perform()
        actions.clear_actions()

    def focused(self):
        return self.run(FOCUSED)

    # --- the console ----------------------------------------------------------------------

    def console_errors(self):
        """What the browser's console showed at level error (SEVERE) since the
        last call, the browser's own messages included (a file that answered
        404), or None in Firefox and WebKit, whose drivers cannot read the
        console (the page spy's console.error record is there for all)."""
        if self.name != "chrome":
            return None
        return [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    # --- windows ------------------------------------------------------------------------

    def window(self):
        return self.driver.current_window_handle

    def new_window(self, kind="tab"):
        """Opens a new top-level browsing context (same profile, same storage)
        and returns its handle; the current window stays current."""
        return self.driver.execute(Command.NEW_WINDOW, {"type": kind})["value"]["handle"]

    def switch_to(self, handle):
        self.driver.switch_to.window(handle)

    # --- cookies, DevTools, screenshots -----------------------------------------------------

    def cookie_names(self):
        """Every cookie of the current page, as WebDriver sees them (also
        HttpOnly ones, which document.cookie would hide)."""
        return sorted(c["name"] for c in self.driver.get_cookies())

    def cdp(self, cmd, params):
        """Runs a Chrome DevTools Protocol command (Chromium only)."""
        return self.driver.execute_cdp_cmd(cmd, params)

    def screenshot(self, path):
        """Writes a PNG of the viewport to `path`."""
        if not self.driver.get_screenshot_as_file(path):
            raise OSError(f"could not write {path}")
