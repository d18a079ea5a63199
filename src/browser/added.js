// The browser layer's JavaScript: the page's window (at the end), the
// banner's markup built in one call (buildMarkup), and the look at what a
// MutationObserver batch added, for the gate. A page that
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

// Builds the banner's compiled markup (MARKUP, from src/browser/markup.html;
// its operations are described in build/markup.rs, whose byte values these
// are) into `root`. Built from the .wasm it took some 220 calls across the
// boundary, each with a string decoded from wasm memory, in the task that
// shows the banner; here it is one. `texts` holds the slots' texts, each
// ended by a NUL (view.rs makes a NUL in a text U+FFFD, as an HTML parser
// would). Texts become text nodes and attribute values as they are: nothing
// is ever parsed as markup.
export function buildMarkup(root, ops, texts, signal) {
  const document = root.ownerDocument;
  const slots = texts.split("\0");
  const slot = (operand) => slots[operand.charCodeAt(0) - 65];
  const open = [];
  let name = "";
  let skipping = false;
  for (let at = 0, end; at < ops.length; at = end) {
    // An operation's byte, then its operand up to the next one.
    const op = ops.charCodeAt(at);
    for (end = at + 1; end < ops.length && ops.charCodeAt(end) >= 0x20; end++);
    const operand = ops.slice(at + 1, end);
    if (skipping) {
      skipping = op !== 0x10;
      continue;
    }
    const parent = open[open.length - 1] || root;
    if (op === 0x01) open.push(document.createElement(operand));
    else if (op === 0x02) name = operand;
    else if (op === 0x03 || op === 0x04) parent.setAttribute(name, op === 0x03 ? operand : slot(operand));
    else if (op === 0x05) (open[open.length - 2] || root).appendChild(open.pop());
    else if (op === 0x06 || op === 0x07) parent.appendChild(document.createTextNode(op === 0x06 ? operand : slot(operand)));
    else if (op === 0x0e || op === 0x0f) skipping = (op === 0x0e) !== signal;
  }
}

// The page's window, or undefined where there is none (a worker).
export const pageWindow = () => globalThis.window;
