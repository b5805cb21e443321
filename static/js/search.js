// Search box autocomplete, a progressive enhancement: without this file the box is a plain GET form.
// Suggestions come from GET /api/v1/search/titles (the URL is in the input's data-autocomplete).
"use strict";

(function () {
  const input = document.querySelector("input[data-autocomplete]");
  if (!input || !input.dataset.autocomplete) { return; }
  const list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.insertAdjacentElement("afterend", list);
  let timer = null;
  let sent = 0;
  let active = -1;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(results) {
    list.replaceChildren();
    results.forEach(function (item, i) {
      const option = document.createElement("li");
      option.id = "site-search-option-" + i;
      option.setAttribute("role", "option");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;  // text only: titles are never parsed as HTML
      link.tabIndex = -1;
      option.appendChild(link);
      list.appendChild(option);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", String(results.length > 0));
  }

  function fetchTitles() {
    const ticket = ++sent;
    const text = input.value.trim();
    if (text.length < 2) { close(); return; }
    fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) { if (ticket === sent) { show(body.results || []); } })
      .catch(function () { /* offline: the form still submits */ });
  }

  function highlight(index) {
    const options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === active)); });
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchTitles, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("a")[active].href;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
})();
