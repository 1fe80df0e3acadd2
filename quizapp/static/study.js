// Keyboard shortcuts for flashcards: space shows the answer, 1-4 rate. The pages work without it.
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
  if (event.key === " ") {
    const reveal = document.getElementById("reveal");
    if (reveal) { event.preventDefault(); reveal.click(); }
  } else if (["1", "2", "3", "4"].includes(event.key)) {
    const button = document.querySelector(`.ratings button[value="${event.key}"]`);
    if (button) { event.preventDefault(); button.click(); }
  }
});
document.documentElement.dataset.keys = "on";
