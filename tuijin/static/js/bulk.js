/* Bulk selection on list pages (月报审核, 免申即享, 预警, 问题): a form marked data-bulk, row checkboxes bound to it
   by their form= attribute, a data-bulk-all box that ticks them all and a data-bulk-count that shows how many
   are ticked. Delegated listeners only (the CSP allows no inline handlers); nothing is built from data. */
(function () {
  "use strict";

  function boxes(form) {
    return Array.prototype.filter.call(document.querySelectorAll("input[type=checkbox][form='" + form.id + "']"),
      function (box) { return !box.hasAttribute("data-bulk-all"); });
  }

  function refresh(form) {
    var all = boxes(form);
    var ticked = all.filter(function (box) { return box.checked; }).length;
    form.querySelectorAll("[data-bulk-count]").forEach(function (el) { el.textContent = String(ticked); });
    document.querySelectorAll("[data-bulk-all][form='" + form.id + "']").forEach(function (box) {
      box.checked = all.length > 0 && ticked === all.length;
      box.indeterminate = ticked > 0 && ticked < all.length;
    });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox" || !box.getAttribute("form")) { return; }
    var form = document.getElementById(box.getAttribute("form"));
    if (!form || !form.hasAttribute("data-bulk")) { return; }
    if (box.hasAttribute("data-bulk-all")) {
      boxes(form).forEach(function (other) { other.checked = box.checked; });
    }
    refresh(form);
  });

  /* A submit button with data-bulk-confirm asks first (its text is the question). */
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-bulk-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-bulk-confirm"))) { event.preventDefault(); }
  });

  function ready() { document.querySelectorAll("form[data-bulk]").forEach(refresh); }
  /* Rows swapped in by htmx (the problem list's filters) come unticked: recount. */
  document.addEventListener("htmx:afterSettle", ready);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
