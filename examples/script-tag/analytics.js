// A local stand-in for an analytics tag: it notes that it ran, on the page
// and in window.exampleAnalyticsRuns, and sends nothing anywhere.
window.exampleAnalyticsRuns = (window.exampleAnalyticsRuns || 0) + 1;
document.getElementById("analytics-status").textContent =
  `Analytics ran (${window.exampleAnalyticsRuns} time${window.exampleAnalyticsRuns === 1 ? "" : "s"} on this page).`;
