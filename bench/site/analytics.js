// The analytics stand-in: the same file for every variant. It records when it
// first ran (ms since navigation start) and how many times it ran.
window.__analyticsRuns = (window.__analyticsRuns || 0) + 1;
if (window.__analyticsAt === undefined) window.__analyticsAt = performance.now();
