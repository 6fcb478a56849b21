/* The few behaviours every page shares, loaded by base.html.
   The Content-Security-Policy allows no inline script and no inline event handler (onchange=…), so a page
   asks for behaviour with data- attributes and the delegated listeners below act on them. Charts and any
   other code that must build HTML from data escape every string with Tuijin.escapeHtml first. */
(function () {
  "use strict";

  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  /* Text as HTML that shows exactly that text: a project named <img onerror=…> stays a name. */
  function escapeHtml(value) {
    if (value === null || value === undefined) { return ""; }
    return String(value).replace(/[&<>"']/g, function (ch) { return HTML_ESCAPES[ch]; });
  }

  /* A JSON value put in the page by Django's json_script (never templated into JS). */
  function jsonData(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function onReady(fn) {
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", fn); } else { fn(); }
  }

  /* <select data-autosubmit>: choosing a value submits its filter form (was onchange="this.form.submit()"). */
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.form && field.matches && field.matches("[data-autosubmit]")) { field.form.submit(); }
  });

  /* <ul data-tabs-from-hash>: /enterprises/7/#history opens the tab whose data-bs-target is #history. */
  onReady(function () {
    var hash = window.location.hash;
    if (!hash || !window.bootstrap) { return; }
    document.querySelectorAll("[data-tabs-from-hash]").forEach(function (tabs) {
      var target = Array.prototype.find.call(tabs.querySelectorAll("[data-bs-target]"), function (tab) {
        return tab.getAttribute("data-bs-target") === hash;
      });
      if (target) { window.bootstrap.Tab.getOrCreateInstance(target).show(); }
    });
  });

  window.Tuijin = { escapeHtml: escapeHtml, jsonData: jsonData, onReady: onReady };
})();
