// A ranking run's page while the run is queued or running: poll its progress and reload the
// page when it has finished (or failed).
(function () {
  "use strict";
  var box = document.querySelector("[data-run-progress-url]");
  if (!box) return;
  var url = box.getAttribute("data-run-progress-url");
  var bar = box.querySelector(".progress-bar");
  var label = box.querySelector("[data-progress-label]");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        bar.style.width = data.progress + "%";
        bar.setAttribute("aria-valuenow", data.progress);
        bar.textContent = data.progress + "%";
        if (label) label.textContent = data.status_label;
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
})();
