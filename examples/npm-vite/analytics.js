// A local stand-in for the app's analytics: it notes that it ran and sends
// nothing anywhere. Imported only once analytics is allowed.
document.getElementById("analytics-status").textContent = "loaded";
