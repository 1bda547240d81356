// First-party engagement: a browser that confirmed a subscription or clicked one of our emails
// tells us which page it read (nurture picks never repeat it; scoring counts it). Anyone else: nothing.
(function () {
  if (document.cookie.split("; ").indexOf("nurture_known=1") === -1 || !navigator.sendBeacon) return;
  var page = document.body.getAttribute("data-page");
  if (!page) return;
  var data = new FormData();
  data.append("page", page);
  navigator.sendBeacon("/nurture/seen/", data);
})();
