// ?lang=en shows the banner as a page in English (or Russian) would. A
// classic script in <head>, before the banner's tag: the banner reads
// <html lang> as it starts, and its async module may start before a deferred
// one (demo.js) has run, as a real page's lang is in its HTML from the start.
{
  const lang = new URLSearchParams(location.search).get("lang");
  if (lang) document.documentElement.lang = lang;
}
