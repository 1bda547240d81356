/* Autocomplete for search boxes (input[data-suggest]): the WAI-ARIA 1.2 combobox pattern.
   Without JavaScript the box is a plain GET form, so nothing here is required. */
(function () {
  "use strict";
  var counter = 0;

  function setup(input) {
    var id = "suggest-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", document.documentElement.lang === "en" ? "Suggestions" : "추천 검색어");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");
    var items = [], active = -1, timer = null, lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(item) {
      if (item.url) { window.location.href = item.url; return; }
      input.value = item.text;
      close();
      if (input.form) input.form.submit();
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (el, i) { el.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function render(data) {
      items = data;
      list.textContent = "";
      data.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = item.text;
        if (item.kind === "page") li.className = "is-page";
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      var open = data.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (!q) { render([]); return; }
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), {
        headers: { "Accept": "application/json", "Accept-Language": document.documentElement.lang }
      }).then(function (r) { return r.ok ? r.json() : []; })
        .then(function (data) { if (input.value.trim() === q) render(data); })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        // The first Escape closes the list and keeps the text (a search box would clear itself);
        // a second one clears the box as usual, and its suggestions with it.
        event.preventDefault();
        close();
      } else if (event.key === "Escape") {
        render([]);
        lastQuery = "";
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function init() { document.querySelectorAll("input[data-suggest]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
