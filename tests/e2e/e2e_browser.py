"""The WebDriver client of the end-to-end suite: tests/smoke/webdriver.py's
Browser plus what the scenarios need and it lacks: real clicks (through the
shadow root), real key presses (the Actions API), windows, and waits whose
failures say what was expected and what was seen."""
import json
import os
import sys
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "smoke"))
from webdriver import Browser  # noqa: E402

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
SHADOW = "shadow-6066-11e4-a52e-4f735466cecf"
KEYS = {"Tab": "\ue004", "Enter": "\ue007", "Escape": "\ue00c", "Space": " "}

HOST = "document.getElementById('icta-consent')"
# What the visitor sees of the banner: there, not hidden, and on screen.
BANNER_SHOWN = f"""
const host = {HOST};
const banner = host && host.shadowRoot && host.shadowRoot.querySelector('.banner');
if (!banner || banner.hidden) return false;
const r = banner.getBoundingClientRect();
return r.height > 0 && r.top < innerHeight && r.bottom > 0;
"""
BANNER_GONE = f"return !(() => {{ {BANNER_SHOWN} }})();"
DIALOG_OPEN = f"const h = {HOST}; return !!h && h.shadowRoot.querySelector('dialog').open;"
# The demo's status panel once the module has said something.
STATUS = """const s = document.getElementById('consent-status');
return s ? {...s.dataset} : null;"""
STATUS_READY = """const s = document.getElementById('consent-status');
return !!s && s.dataset.state === 'ready' && {...s.dataset};"""
# The deepest focused element, through the banner's shadow root.
FOCUSED = """
let el = document.activeElement;
while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
if (!el) return null;
return {tag: el.tagName.toLowerCase(), action: el.dataset ? el.dataset.action || null : null,
        name: el.getAttribute('name'), checked: el.checked === undefined ? null : el.checked,
        inBanner: el.getRootNode() !== document, consentOpen: el.hasAttribute('data-consent-open'),
        text: (el.textContent || '').trim().slice(0, 40)};
"""
SETTLE = f"""
const done = arguments[arguments.length - 1];
const h = {HOST};
if (!h) return done(true);
Promise.all(h.shadowRoot.getAnimations().map(a => a.finished.catch(() => null))).then(() => done(true));
"""


class E2EBrowser(Browser):
    """A fresh headless browser (fresh profile, so fresh storage): "chrome",
    "firefox" or "webkit" (MiniBrowser under Xvfb)."""

    def __init__(self, name, base):
        super().__init__(name)
        self.base = base

    # --- navigation and waiting -------------------------------------------------

    def open(self, path):
        """Loads `path` of the test site."""
        self.get(self.base + path.lstrip("/"))

    def refresh(self):
        """Reloads the page, as the browser's reload button does."""
        self._call("POST", f"/session/{self.session}/refresh", {})

    def url(self):
        return self._call("GET", f"/session/{self.session}/url")

    def wait(self, script, what, seconds=8):
        """Polls `script` until truthy; fails saying `what` was awaited and the
        last value seen."""
        deadline = time.monotonic() + seconds
        last = None
        while True:
            try:
                last = self.run(script)
            except RuntimeError as error:  # e.g. a navigation under way
                last = f"error: {error}"[:300]
            if last and not (isinstance(last, str) and last.startswith("error: ")):
                return last
            if time.monotonic() > deadline:
                try:
                    page = self.url()
                except RuntimeError as error:
                    page = f"unknown: {error}"[:200]
                raise AssertionError(f"[{self.name}] {what}: not within {seconds} s "
                                     f"(last seen: {last!r}; page {page})")
            time.sleep(0.05)

    def status(self):
        return self.run(STATUS)

    def ready(self, what="the demo's status panel says the module is ready"):
        return self.wait(STATUS_READY, what)

    def banner_shown(self):
        return bool(self.run(BANNER_SHOWN))

    def settle(self):
        """Waits for the banner's and dialog's animations to finish."""
        self.run_async(SETTLE)

    # --- elements and real clicks -----------------------------------------------

    def find(self, css):
        value = self._call("POST", f"/session/{self.session}/element", {"using": "css selector", "value": css})
        return value[ELEMENT]

    def find_in_banner(self, css):
        """An element in the banner's shadow root, for WebDriver to click."""
        host = self.find("#icta-consent")
        root = self._call("GET", f"/session/{self.session}/element/{host}/shadow")[SHADOW]
        value = self._call("POST", f"/session/{self.session}/shadow/{root}/element",
                           {"using": "css selector", "value": css})
        return value[ELEMENT]

    def click(self, element):
        """A real click: WebDriver scrolls to it, checks it can be hit, and
        sends the pointer events a visitor's mouse would."""
        self._call("POST", f"/session/{self.session}/element/{element}/click", {})

    def click_banner(self, css):
        self.settle()
        self.click(self.find_in_banner(css))

    # --- the keyboard -------------------------------------------------------------

    def press(self, *keys):
        """Real key presses through the W3C Actions API: names from KEYS or
        single characters."""
        actions = []
        for key in keys:
            value = KEYS.get(key, key)
            actions += [{"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}]
        self._call("POST", f"/session/{self.session}/actions",
                   {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})
        self._call("DELETE", f"/session/{self.session}/actions")

    def focused(self):
        return self.run(FOCUSED)

    # --- the console ----------------------------------------------------------------

    def console_errors(self):
        """What the browser's console showed at level error (SEVERE) since the
        last call, the browser's own messages included (a file that answered
        404), or None in Firefox and WebKit, whose drivers cannot read the
        console (the page spy's console.error record is there for all)."""
        if self.name != "chrome":
            return None
        entries = self._call("POST", f"/session/{self.session}/se/log", {"type": "browser"})
        return [e["message"] for e in entries if e["level"] == "SEVERE"]

    # --- windows ------------------------------------------------------------------

    def window(self):
        return self._call("GET", f"/session/{self.session}/window")

    def new_window(self, kind="tab"):
        """Opens a new top-level browsing context (same profile, same storage)
        and returns its handle; the current window stays current."""
        return self._call("POST", f"/session/{self.session}/window/new", {"type": kind})["handle"]

    def switch_to(self, handle):
        self._call("POST", f"/session/{self.session}/window", {"handle": handle})

    # --- cookies ------------------------------------------------------------------

    def cookie_names(self):
        """Every cookie of the current page, as WebDriver sees them (also
        HttpOnly ones, which document.cookie would hide)."""
        return sorted(c["name"] for c in self._call("GET", f"/session/{self.session}/cookie"))


def http(base, method, path):
    """A request to the test server from outside the browser."""
    request = urllib.request.Request(base + path.lstrip("/"), method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None
