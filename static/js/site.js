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
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        // The HTML comes from the server's sanitiser (nh3 allow-list), like a saved page.
        if (body && ticket === sent) { target.innerHTML = body.html; }
      })
      .catch(function () { /* offline: the preview button still works */ });
  }
  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
// end wiki
