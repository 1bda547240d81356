// Live search-result preview in the page editor: title and description widths as editors type.
(function () {
  function width(text) {
    var w = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      w += (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF60) ? 2 : 1;
    }
    return w;
  }
  function value(id) { var el = document.getElementById(id); return el ? el.value.trim() : ""; }
  function update(box) {
    var title = value("id_seo_title") || value("id_title");
    var description = value("id_search_description") || box.dataset.fallbackDescription || "";
    var slug = value("id_slug");
    box.querySelector("[data-seo-url]").textContent = (box.dataset.baseUrl || "") + (slug ? slug + "/" : "");
    box.querySelector("[data-seo-title]").textContent = title;
    box.querySelector("[data-seo-description]").textContent = description;
    var tw = width(title), dw = width(description);
    var tmax = +box.dataset.titleMax, dmax = +box.dataset.descriptionMax;
    var tc = box.querySelector("[data-seo-title-count]");
    var dc = box.querySelector("[data-seo-description-count]");
    tc.textContent = "Title " + tw + " / " + tmax;
    dc.textContent = "Description " + dw + " / " + dmax;
    tc.style.color = tw > tmax || tw < 15 ? "#b3261e" : "";
    dc.style.color = dw > dmax || dw === 0 ? "#b3261e" : "";
  }
  function init() {
    document.querySelectorAll("[data-seo-preview]").forEach(function (box) {
      update(box);
      ["id_title", "id_seo_title", "id_search_description", "id_slug"].forEach(function (id) {
        var el = document.getElementById(id);
        if (el) { el.addEventListener("input", function () { update(box); }); }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
