// Runs in an isolated world of each frame: its origin, its storage keys and
// the URLs its documents fetched (Resource Timing, a check on what the
// DevTools protocol reported).
(() => {
  const keys = (area) => {
    try {
      const s = globalThis[area];
      const out = [];
      for (let i = 0; i < s.length; i++) out.push(s.key(i));
      return out;
    } catch (e) {
      return [];
    }
  };
  let fetched = [];
  try {
    fetched = performance.getEntriesByType("resource").map((e) => ({ url: e.name, type: e.initiatorType }));
  } catch (e) { /* none */ }
  return { origin: location.origin, local: keys("localStorage"), session: keys("sessionStorage"), fetched };
})()
