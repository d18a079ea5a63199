"""Scripts the tests run in the page (WebDriver "execute script" bodies:
`return` gives the value), about the banner and the demo's status panel."""

# The banner's host element; everything of the banner is in its shadow root.
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
# The banner is built and not hidden (whether a visitor can see it is for
# the test to judge).
BANNER_BUILT = f"const h = {HOST}; return !!h && !!h.shadowRoot.querySelector('.banner:not([hidden])');"
DIALOG_OPEN = f"const h = {HOST}; return !!h && h.shadowRoot.querySelector('dialog').open;"
NO_BANNER = f"return {HOST} === null;"

# The demo's status panel: as it is, once the module has said something, and
# once it says the module is ready.
STATUS = """const s = document.getElementById('consent-status');
return s ? {...s.dataset} : null;"""
STATUS_SAID = "const s = document.getElementById('consent-status'); return s && s.dataset.state !== 'loading' && {...s.dataset};"
STATUS_READY = """const s = document.getElementById('consent-status');
return !!s && s.dataset.state === 'ready' && {...s.dataset};"""

# Resolves once the banner's and the dialog's animations have finished:
# judge what the visitor sees once it has settled, not mid-animation.
SETTLE = f"""
const done = arguments[arguments.length - 1];
const h = {HOST};
if (!h) return done(true);
Promise.all(h.shadowRoot.getAnimations().map(a => a.finished.catch(() => null))).then(() => done(true));
"""

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

# Records every Content-Security-Policy violation in window.__csp; for
# Chromium's Page.addScriptToEvaluateOnNewDocument, so from the first byte.
CSP_SPY = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""

# Adds the stylesheet arguments[0] to the page, after the site's own (a CSP
# that forbids inline styles does not forbid the CSSOM); says whether the
# page now has its rules.
ADD_STYLES = """
const sheet = new CSSStyleSheet();
sheet.replaceSync(arguments[0]);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
return sheet.cssRules.length > 0 && document.adoptedStyleSheets.includes(sheet);
"""
# Whether hostile-site.css applies: it sets uppercase text on <body>.
HOSTILE_APPLIED = "return getComputedStyle(document.body).textTransform === 'uppercase';"


def click_in_banner(selector):
    """A script that clicks the element `selector` in the banner's shadow
    root (a script's click: no hit test; Browser.click_banner is a real one)."""
    return f"{HOST}.shadowRoot.querySelector({selector!r}).click();"
