// The participating organisations picker: filter the list as one types (accents and case
// ignored, so "gia lai" finds "Gia Lai"), choose or clear a whole group, count the chosen,
// and hide the list while "all organisations take part" is ticked.
(() => {
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();

  for (const picker of document.querySelectorAll("[data-participant-picker]")) {
    const filter = picker.querySelector("[data-picker-filter]");
    const count = picker.querySelector("[data-picker-count]");
    const boxes = () => picker.querySelectorAll("input[type=checkbox]");
    const recount = () => {
      count.textContent = String([...boxes()].filter((box) => box.checked).length);
    };

    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    filter.addEventListener("input", () => {
      const words = fold(filter.value).split(/\s+/).filter(Boolean);
      for (const group of picker.querySelectorAll("[data-picker-group]")) {
        let shown = 0;
        for (const option of group.querySelectorAll("[data-picker-option]")) {
          const label = fold(option.textContent);
          const match = words.every((word) => label.includes(word));
          option.hidden = !match;
          shown += match ? 1 : 0;
        }
        group.hidden = shown === 0;
      }
    });
    picker.addEventListener("click", (event) => {
      const all = event.target.closest("[data-picker-all]");
      const none = event.target.closest("[data-picker-none]");
      if (!all && !none) {
        return;
      }
      const group = event.target.closest("[data-picker-group]");
      for (const option of group.querySelectorAll("[data-picker-option]")) {
        if (!option.hidden) {
          option.querySelector("input").checked = Boolean(all);
        }
      }
      recount();
    });
    picker.addEventListener("change", recount);

    const form = picker.closest("form");
    const everyone = form && form.querySelector("input[name$=all_organizations]");
    if (everyone) {
      // While everyone takes part the list means nothing: hide it (and send no choice).
      const field = document.getElementById(`div_${filter.id}`) || picker;
      const toggle = () => {
        field.hidden = everyone.checked;
        for (const control of picker.querySelectorAll("input, button")) {
          control.disabled = everyone.checked;
        }
      };
      everyone.addEventListener("change", toggle);
      toggle();
    }
  }
})();
