// The reviewer's scoring page: keep "Scored n/m" up to date while typing, and warn before
// leaving the page with scores typed but not saved.
(function () {
  "use strict";
  var form = document.querySelector('[data-form="scores"]');
  if (!form) return;
  // A page shown again after a refused save holds typed, unsaved scores.
  var dirty = form.getAttribute("data-dirty") === "1";

  function recount() {
    form.querySelectorAll("[data-score-section]").forEach(function (section) {
      var badge = section.querySelector("[data-scored-count]");
      if (!badge) return;
      var done = 0;
      section.querySelectorAll("[data-score-input]").forEach(function (input) {
        if (input.value.trim() !== "") done += 1;
      });
      var total = badge.getAttribute("data-total");
      var before = badge.getAttribute("data-done") + "/" + total;
      badge.textContent = badge.textContent.replace(before, done + "/" + total);
      badge.setAttribute("data-done", String(done));
    });
  }

  form.addEventListener("input", function () {
    dirty = true;
    recount();
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
