// Saves an attempt's answers a moment after each change, so a dropped connection or a
// closed tab loses nothing. Without JavaScript the Save buttons do the same.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;
  function save() {
    fetch(form.dataset.autosave, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin"
    }).then(function (response) {
      if (status) {
        status.textContent = response.ok ? form.dataset.savedText || "\u2713" : "";
        status.className = "autosave-status" + (response.ok ? " saved" : " failed");
      }
    }).catch(function () {
      if (status) { status.className = "autosave-status failed"; }
    });
  }
  form.addEventListener("change", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 600);
  });
})();
