// The printable documents' "Print" button (no inline handler: see the CSP).
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
