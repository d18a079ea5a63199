// A local stand-in for an analytics tag: it does what Google Analytics does
// (sets _ga cookies, reports the visit) without any request leaving the
// machine. The demo server counts its hits; the page shows them.
(function () {
  var year = 60 * 60 * 24 * 365;
  document.cookie = "_ga=GA1.1." + Math.floor(Math.random() * 1e9) + "; Path=/; Max-Age=" + year;
  document.cookie = "_ga_DEMO=GS1.1.demo; Path=/; Max-Age=" + year;
  navigator.sendBeacon("/analytics/collect?page=" + encodeURIComponent(location.pathname));
  window.demoAnalyticsRuns = (window.demoAnalyticsRuns || 0) + 1;
  window.dispatchEvent(new CustomEvent("demo:analytics"));
})();
