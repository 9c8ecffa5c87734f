// saidwhat serve: progressive enhancements only; every page works without this file.
"use strict";

// Escape hides the tooltip of the statement under the pointer or focus (WCAG 1.4.13:
// content shown on hover or focus must be dismissable without moving the pointer).
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const mark of document.querySelectorAll("mark.q:hover, mark.q:focus")) {
    mark.classList.add("tip-off");
  }
});
for (const type of ["mouseout", "focusout"]) {
  document.addEventListener(type, (event) => {
    const mark = event.target instanceof Element ? event.target.closest("mark.q") : null;
    if (mark) mark.classList.remove("tip-off");
  });
}

// Analyze: say at once that a file is over the limit, rather than after uploading it.
const file = document.querySelector("input[type=file][data-max-bytes]");
if (file) {
  const status = document.getElementById(file.getAttribute("aria-describedby"));
  const limit = Number(file.dataset.maxBytes);
  file.addEventListener("change", () => {
    const chosen = file.files && file.files[0];
    const tooBig = Boolean(chosen && chosen.size > limit);
    file.setCustomValidity(tooBig ? "This file is over the upload limit." : "");
    if (status) {
      status.textContent = tooBig
        ? `This file is ${(chosen.size / 1048576).toFixed(1)} MB; the limit is ${limit / 1048576} MB.`
        : "";
    }
  });
}
