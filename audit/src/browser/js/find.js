// Runs in an isolated world of the top frame: finds a button (HOST: a shadow
// host to look inside, or null; SELECTOR: the button), scrolls it into view
// and says where its centre is, for a real mouse click.
((hostSelector, selector) => {
  const root = hostSelector ? document.querySelector(hostSelector)?.shadowRoot : document;
  if (!root) return null;
  const el = [...root.querySelectorAll(selector)].find((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  if (!el) return null;
  el.scrollIntoView({ block: "center", inline: "center" });
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2, text: (el.textContent || "").trim().slice(0, 60) };
})(HOST, SELECTOR)
