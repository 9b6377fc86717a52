// The export's progress page: asks the status endpoint every few seconds and
// moves the bar; when the file is ready the download button appears. Without
// scripts the page's "Refresh" link does the same by hand.
(function () {
  "use strict";
  var box = document.getElementById("export");
  var bar = document.getElementById("export-bar");
  if (!box || !bar || !window.fetch) { return; }
  var text = document.getElementById("export-text");
  var link = document.getElementById("export-download");
  var refresh = document.getElementById("export-refresh");
  var url = box.getAttribute("data-status-url");
  var delay = 1000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (status) {
        bar.value = status.percent;
        bar.textContent = status.percent + "%";
        if (status.text && text.textContent !== status.text) { text.textContent = status.text; }
        if (status.download) {
          link.href = status.download;
          link.classList.remove("d-none");
          if (refresh) { refresh.classList.add("d-none"); }
          return;
        }
        if (status.state === "failed") { window.location.reload(); return; }
        delay = Math.min(delay * 1.3, 4000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
