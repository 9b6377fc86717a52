// The poster's print button; without JavaScript the browser's own Print does the same.
document.querySelectorAll(".js-print").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
