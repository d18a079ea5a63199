// A local stand-in for a script that remembers the visitor's choices: it runs
// only when "preferences" is granted.
(function () {
  window.demoPreferencesRuns = (window.demoPreferencesRuns || 0) + 1;
  fetch("/preferences/hello", { method: "POST" }).catch(function () {});
  window.dispatchEvent(new CustomEvent("demo:preferences"));
})();
