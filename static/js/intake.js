// The intake screen: show the on-behalf and quick-close parts only when asked,
// look up the same person's earlier cases as an ID number is completed, and
// save with Ctrl+Enter so the clerk never leaves the keyboard.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) return;

  function toggle(checkboxId, blockId) {
    var box = document.getElementById(checkboxId);
    var block = document.getElementById(blockId);
    if (!box || !block) return;
    var targets = blockId === "quick-close" ? block.querySelectorAll(".row, #div_id_result") : [block];
    var sync = function () { targets.forEach(function (el) { el.hidden = !box.checked; }); };
    box.addEventListener("change", sync);
    sync();
  }
  toggle("id_on_behalf", "on-behalf-fields");
  toggle("id_close_now", "quick-close");

  var outcome = document.getElementById("id_quick_outcome");
  function syncOutcome() {
    var guided = outcome && outcome.value === "guided";
    ["div_id_regular_window", "div_id_materials", "div_id_steps"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.hidden = !guided;
    });
  }
  if (outcome) { outcome.addEventListener("change", syncOutcome); syncOutcome(); }

  var target = document.getElementById("same-person");
  function lookup(event) {
    // Spaces (full-width too) and zero-width characters do not count; the
    // server reads the digits in any width (pii.normalise_identifier).
    var value = event.target.value.replace(/[\s\u200b-\u200d\u2060]/g, "").toUpperCase();
    if (value.length !== 18) return;
    // POST, so the ID number never lands in an access log as part of a URL.
    var body = new FormData();
    body.append("id", value);
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(form.dataset.lookupUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { target.innerHTML = html; });
  }
  ["id_reporter_id_number", "id_subject_id_number"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) el.addEventListener("input", lookup);
  });

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
