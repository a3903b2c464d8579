// Confirm actions that are hard to undo: a form, or the button that submits it, marked
// data-confirm asks before it submits (submitting a report, signing a pledge, deleting).
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  const message = (submitter && submitter.dataset && submitter.dataset.confirm) || (event.target.dataset && event.target.dataset.confirm);
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
