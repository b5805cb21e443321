// Progressive enhancements only: every page works without this file.
"use strict";

// wiki: live preview of the page being edited, through the same pipeline as a save
// (POST /api/v1/render). Without JavaScript the "Prévisualiser" button does the same.
(function () {
  const source = document.querySelector("textarea[data-preview-url]");
  if (!source) { return; }
  const target = document.getElementById(source.dataset.previewTarget);
  if (!target) { return; }
  let timer = null;
  let sent = 0;
  function refresh() {
    const ticket = ++sent;
    fetch(source.dataset.previewUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ markdown: source.value }),
      credentials: "same-origin",
    })
      .then(function (response) { return response.json().catch(function () { return null; }); })
      .then(function (body) {
        if (!body || ticket !== sent) { return; }
        if (body.html !== undefined) {
          // The HTML comes from the server's sanitiser (nh3 allow-list), like a saved page.
          target.innerHTML = body.html;
        } else if (body.error) {
          // Too long or too complex for the live preview: say so, as text.
          const note = document.createElement("p");
          note.className = "flash";
          const fields = body.fields || {};
          note.textContent = fields.markdown || body.error.message;
          target.replaceChildren(note);
        }
      })
      .catch(function () { /* offline: the preview button still works */ });
  }
  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
// end wiki
