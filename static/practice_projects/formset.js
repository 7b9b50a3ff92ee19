// "Add a row" for the item formsets: clone the empty form, number it, count it.
document.querySelectorAll("[data-add-row]").forEach(function (button) {
  var fieldset = button.closest("[data-formset]");
  var prefix = button.dataset.addRow;
  var total = fieldset.querySelector("#id_" + prefix + "-TOTAL_FORMS");
  var max = fieldset.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
  var template = fieldset.querySelector("template[data-empty-row]");
  var rows = fieldset.querySelector("[data-rows]");
  function update() {
    button.disabled = parseInt(total.value, 10) >= parseInt(max.value, 10);
  }
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    update();
  });
  update();
});
