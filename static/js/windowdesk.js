// Behaviour every staff page shares. It lives here, not in the templates, because
// the Content-Security-Policy runs no inline script and no on*= handler.
(function () {
  "use strict";
  // A <select> that takes effect when changed (the language chooser): no button
  // to press, and the <noscript> button is there when scripts are off.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // "Go back" returns to the page the clerk came from; without scripts, to the desk.
  document.querySelectorAll("a[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
    });
  });
})();
