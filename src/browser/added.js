// The browser layer's JavaScript: the page's window (at the end), and the
// look at what a MutationObserver batch added, for the gate. A page that
// keeps changing (a feed, a carousel, a single-page app) adds thousands of
// elements and almost never a gated one; looking at each from the .wasm
// cost a dozen calls across the boundary per element. Here it is one call
// per batch, and the .wasm hears only of the elements that match `selector`
// (the gate's), in document order, or gets `undefined`.
export function gatedAmong(records, selector) {
  let found;
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1 || !node.isConnected) continue;
      if (node.matches(selector)) (found ||= []).push(node);
      for (const element of node.querySelectorAll(selector)) (found ||= []).push(element);
    }
  }
  return found;
}

// The page's window, or undefined where there is none (a worker).
export const pageWindow = () => globalThis.window;
