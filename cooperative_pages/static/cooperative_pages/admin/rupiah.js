// "Ya, pakai Rp 15.000": put the suggested amount into the price box and drop the question.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-kmp-rupiah-use]");
  if (!button) return;
  const input = document.getElementById(button.dataset.kmpRupiahFor);
  if (!input) return;
  input.value = button.dataset.kmpRupiahUse;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
  button.closest("[data-kmp-rupiah-check]")?.remove();
  input.focus();
});
