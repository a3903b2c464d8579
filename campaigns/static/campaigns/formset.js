// "Add a row" for Django formsets: copy the empty form from its <template>, numbering it
// with the formset's TOTAL_FORMS count, and count one more form.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.getElementById(`${prefix}-empty`);
  const rows = document.getElementById(`${prefix}-rows`);
  const index = Number(total.value);
  rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
  total.value = String(index + 1);
  const first = rows.lastElementChild && rows.lastElementChild.querySelector("textarea, input:not([type=hidden]), select");
  if (first) {
    first.focus();
  }
});
