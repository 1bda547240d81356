// Sharing without third-party scripts: the system share sheet (KakaoTalk on phones), and copy-link.
(function () {
  var status = document.querySelector(".share-status");
  function say(text) { if (status) { status.textContent = text; } }
  document.querySelectorAll("[data-share-native]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.share) { return; }
      event.preventDefault();
      navigator.share({ title: link.dataset.shareTitle, url: link.dataset.shareUrl }).catch(function () {});
    });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.dataset.copy;
      var done = function () { say(document.documentElement.lang === "en" ? "Link copied." : "링크를 복사했습니다."); };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(done, function () { window.prompt("", text); });
      } else {
        window.prompt("", text);
      }
    });
  });
})();
