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

// stories: the brand field takes several names (« Saab, Coolblue »), while a <datalist> completes a
// field's whole value, hence only the first name without this. Each suggestion becomes what is
// typed up to the last separator followed by a known name not listed yet, so the name being typed
// is completed too.
(function () {
  const SEPARATORS = /[,;]/g;
  document.querySelectorAll("input[list][data-several]").forEach(function (input) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    const names = Array.from(list.options, function (option) { return option.value; });
    function suggest() {
      let cut = -1;
      for (const found of input.value.matchAll(SEPARATORS)) { cut = found.index; }
      const before = cut < 0 ? "" : input.value.slice(0, cut + 1).trimEnd() + " ";
      const listed = new Set(before.split(SEPARATORS).map(function (name) { return name.trim().toLowerCase(); }));
      list.replaceChildren.apply(list, names
        .filter(function (name) { return !listed.has(name.toLowerCase()); })
        .map(function (name) {
          const option = document.createElement("option");
          option.value = before + name;
          return option;
        }));
    }
    input.addEventListener("input", suggest);
    suggest();
  });
})();
// end stories
