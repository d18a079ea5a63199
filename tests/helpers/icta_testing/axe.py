"""axe-core (what ./scripts/setup installs into .tools/), the rules it is
run with, and the script that runs it on the banner's shadow root."""
import os

from icta_testing import ROOT
from icta_testing.page import HOST

AXE = os.path.join(ROOT, ".tools", "node_modules", "axe-core", "axe.min.js")
# WCAG 2.0-2.2 A and AA, and best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Once the banner's animations have finished, axe-core on its host; the
# violations, each with the first nodes it names.
RUN_AXE = """
const done = arguments[arguments.length - 1];
const root = %s.shadowRoot;
Promise.all(root.getAnimations().map(a => a.finished))
  .then(() => axe.run(root.host, { runOnly: { type: 'tag', values: %r } })
  .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' > ') + ': ' + n.failureSummary) })))))
  .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));
""" % (HOST, TAGS)


def source():
    """axe-core's script, to run in a page before RUN_AXE."""
    if not os.path.isfile(AXE):
        raise FileNotFoundError(f"{AXE} is missing: run ./scripts/setup")
    with open(AXE, encoding="utf-8") as f:
        return f.read()


def summary(violations):
    """One line per violation, with its first three nodes."""
    return [f"{v['id']} ({v.get('impact')}): {v['help']}: {v['nodes'][:3]}" for v in violations]
