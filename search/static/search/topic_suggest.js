/* Filing a post: suggest topics from the title and body as staff type (search's topic suggestions). */
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form[data-topic-suggest]");
    if (!form) return;
    var title = form.querySelector("[name=title]"), body = form.querySelector("[name=body]");
    var topics = form.querySelector("[name=topics]"), language = form.querySelector("[name=language]");
    if (!title || !body || !topics) return;
    var box = document.createElement("div");
    box.className = "help";
    box.setAttribute("aria-live", "polite");
    topics.insertAdjacentElement("afterend", box);
    var timer = null;
    function current() {
      return topics.value.split(",").map(function (t) { return t.trim().toLowerCase(); }).filter(Boolean);
    }
    function add(name) {
      var list = current();
      if (list.indexOf(name.toLowerCase()) === -1) {
        topics.value = (topics.value.trim() ? topics.value.trim().replace(/,$/, "") + ", " : "") + name;
      }
    }
    function render(items) {
      box.textContent = "";
      if (!items.length) return;
      box.appendChild(document.createTextNode(form.dataset.topicSuggestLabel + " "));
      items.forEach(function (item) {
        if (current().indexOf(item.name.toLowerCase()) !== -1) return;
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button button-small button-secondary";
        b.style.marginRight = ".3rem";
        b.textContent = (item.existing ? "" : "+ ") + item.name;
        b.addEventListener("click", function () { add(item.name); b.remove(); });
        box.appendChild(b);
      });
    }
    function ask() {
      var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
      fetch(form.dataset.topicSuggest, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
        body: JSON.stringify({ title: title.value, body: body.value, language: language ? language.value : "ko" })
      }).then(function (r) { return r.ok ? r.json() : []; }).then(render).catch(function () {});
    }
    [title, body].forEach(function (el) {
      el.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 600); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
