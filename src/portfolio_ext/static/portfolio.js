/* portfolio_ext: copy buttons on BibTeX blocks. The buttons are in the HTML with the
   `hidden` attribute, so a reader without JavaScript sees the BibTeX text only. */
(() => {
  "use strict";

  async function copyText(text, block) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // no clipboard API (plain http, old browser): select the text for Ctrl+C
      const range = document.createRange();
      range.selectNodeContents(block);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return false;
    }
  }

  function setUpCopy(button) {
    const holder = document.getElementById(button.dataset.copy);
    const block = holder && (holder.querySelector("pre") || holder);
    if (!block) return;
    const status = document.createElement("span");
    status.className = "portfolio-copy-status";
    status.setAttribute("role", "status");
    button.after(status);
    button.hidden = false;
    button.addEventListener("click", async () => {
      const copied = await copyText(block.textContent, block);
      status.textContent = copied ? "Copied." : "Selected: press Ctrl+C (⌘C) to copy.";
      setTimeout(() => { status.textContent = ""; }, 4000);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("button.portfolio-copy[data-copy]").forEach(setUpCopy);
  });
})();
