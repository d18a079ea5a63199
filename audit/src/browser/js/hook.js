// Runs in every frame's page world before the page's own scripts (CDP
// Page.addScriptToEvaluateOnNewDocument) and reports, through the binding the
// audit adds (Runtime.addBinding), each cookie and storage write with the
// URL of the script that made it. Writes go through unchanged.
(() => {
  const send = globalThis.__ictaConsentAudit;
  if (typeof send !== "function") return;
  try { delete globalThis.__ictaConsentAudit; } catch (e) { /* stays visible */ }
  try { performance.setResourceTimingBufferSize(100000); } catch (e) { /* old browser */ }
  const E = Error, stringify = JSON.stringify;
  const frameUrl = /((?:https?|file):\/\/[^\s()]+?):\d+:\d+\)?$/;
  const caller = () => {
    const limit = E.stackTraceLimit;
    E.stackTraceLimit = 40;
    const stack = String(new E().stack || "");
    E.stackTraceLimit = limit;
    for (const line of stack.split("\n").slice(1)) {
      const m = frameUrl.exec(line.trim());
      if (m) return m[1];
    }
    return location.href;
  };
  const report = (o) => {
    try {
      o.script = caller();
      o.frame = location.href;
      send(stringify(o));
    } catch (e) { /* never break the page */ }
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (cookie && cookie.set) {
    Object.defineProperty(Document.prototype, "cookie", {
      configurable: true,
      enumerable: cookie.enumerable,
      get: cookie.get,
      set(value) {
        report({ t: "cookie", v: String(value) });
        return cookie.set.call(this, value);
      },
    });
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    let area = "sessionStorage";
    try { if (this === globalThis.localStorage) area = "localStorage"; } catch (e) { /* blocked */ }
    report({ t: "storage", area, k: String(key) });
    return setItem.apply(this, arguments);
  };
  if (globalThis.CookieStore && CookieStore.prototype.set) {
    const set = CookieStore.prototype.set;
    CookieStore.prototype.set = function (name, value) {
      const line = typeof name === "string" ? name + "=" + value : String(name && name.name) + "=" + String(name && name.value);
      report({ t: "cookie", v: line });
      return set.apply(this, arguments);
    };
  }
})();
