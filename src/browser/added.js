// The browser layer's JavaScript: the page's window (at the end), and the
// look at what a MutationObserver batch added, for the gate. A page that
// keeps changing (a feed, a carousel, a single-page app) adds thousands of
// elements and almost never a gated one; looking at each from the .wasm
// cost a dozen calls across the boundary per element. Here it is one call
// per batch, and the .wasm hears only of the elements that match `selector`
// (the gate's), in document order, or gets `undefined`.
//
// Every gated element carries data-consent, so an element without it is
// not matched against the whole selector, and one with no element children
// is not searched; each record's NodeList is walked by index, not by its
// iterator. (The DOM churn benchmark, a visitor who accepted: 96 -> 90 ms at
// 3 000 elements, 97 -> 78 ms at 12 000, against 51-62 ms for an observer
// that does nothing.)
export function gatedAmong(records, selector) {
  let found;
  for (const record of records) {
    const added = record.addedNodes;
    for (let i = 0; i < added.length; i++) {
      const node = added[i];
      if (node.nodeType !== 1 || !node.isConnected) continue;
      if (node.hasAttribute("data-consent") && node.matches(selector)) (found ||= []).push(node);
      if (node.firstElementChild === null) continue;
      for (const element of node.querySelectorAll(selector)) (found ||= []).push(element);
    }
  }
  return found;
}

// The page's window, or undefined where there is none (a worker).
export const pageWindow = () => globalThis.window;
