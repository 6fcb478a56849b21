/* 打印: any element with data-print prints the page (one delegated handler, no inline script under the CSP);
   the print header takes the page's own heading as its title. */
(function () {
  "use strict";

  function fillTitle() {
    var target = document.querySelector("[data-print-title]");
    if (!target) return;
    var heading = document.querySelector("main h1");
    var text = heading ? heading.textContent.trim() : document.title.split(" · ")[0];
    if (text) target.textContent = text;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (!button) return;
    event.preventDefault();
    window.print();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fillTitle);
  } else {
    fillTitle();
  }
  window.addEventListener("beforeprint", fillTitle);
})();
