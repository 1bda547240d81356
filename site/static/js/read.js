// A pillar page read to the end: once its end has been on screen, after at least a reading pause
// since the page opened, the page's signed token goes back once (the server counts signed-in readers).
(function () {
  var end = document.querySelector("[data-read-end]");
  if (!end || !("IntersectionObserver" in window) || !navigator.sendBeacon) return;
  var opened = Date.now(), MIN_MS = 20000, sent = false;
  function send() {
    if (sent) return;
    sent = true;
    var data = new FormData();
    data.append("token", end.getAttribute("data-read-end"));
    navigator.sendBeacon("/read/", data);
  }
  var observer = new IntersectionObserver(function (entries) {
    if (!entries.some(function (e) { return e.isIntersecting; })) return;
    observer.disconnect();
    var wait = MIN_MS - (Date.now() - opened);
    if (wait > 0) setTimeout(send, wait); else send();
  });
  observer.observe(end);
})();
