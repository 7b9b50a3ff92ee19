/* Pledge pages: print button, the item editor (add, remove, move up and down, with positions
   kept in the hidden-but-submitted number fields) and a warning before leaving with unsaved
   changes. Saving is always an explicit button press. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    // A form shown again after a refused save holds input that is not saved yet.
    var dirty = form.hasAttribute("data-dirty");
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
    form.markDirty = function () { dirty = true; };
  });

  var editor = document.querySelector("[data-item-editor]");
  if (!editor) { return; }
  var form = editor.closest("form");
  var list = editor.querySelector("[data-item-list]");
  var template = editor.querySelector("template[data-empty-item]");
  var prefix = editor.getAttribute("data-prefix");
  var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  var maxItems = parseInt(editor.getAttribute("data-max-items"), 10);
  var addButton = editor.querySelector("[data-add-item]");

  function rows() { return Array.prototype.slice.call(list.querySelectorAll(".item-row")); }
  function liveRows() { return rows().filter(function (r) { return !r.classList.contains("is-removed"); }); }

  function renumber() {
    var n = 0;
    rows().forEach(function (row) {
      var removed = row.classList.contains("is-removed");
      if (!removed) { n += 1; row.querySelector("[data-role='position']").value = n; }
    });
    addButton.disabled = liveRows().length >= maxItems;
    if (form.markDirty) { form.markDirty(); }
  }

  function wire(row) {
    row.querySelectorAll("[data-move]").forEach(function (b) { b.hidden = false; });
    row.querySelector("[data-move='up']").addEventListener("click", function () {
      var prev = row.previousElementSibling;
      if (prev) { list.insertBefore(row, prev); renumber(); }
    });
    row.querySelector("[data-move='down']").addEventListener("click", function () {
      var next = row.nextElementSibling;
      if (next) { list.insertBefore(next, row); renumber(); }
    });
    var remove = row.querySelector("input[name$='-DELETE']");
    remove.addEventListener("change", function () {
      row.classList.toggle("is-removed", remove.checked);
      renumber();
    });
  }

  // Without script the positions are typed in and the buttons below stay hidden.
  rows().forEach(wire);
  addButton.hidden = false;
  addButton.disabled = liveRows().length >= maxItems;
  addButton.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("tbody");
    holder.innerHTML = html;
    var row = holder.querySelector(".item-row");
    list.appendChild(row);
    total.value = String(index + 1);
    wire(row);
    renumber();
    row.querySelector("textarea").focus();
  });
})();
