// First-party visit counting: this page tells our own server where the reader came from (the address's
// utm_* parameters and the referrer), once. The answer may set one cookie that holds where this browser
// last arrived from (a channel and a campaign, naming nobody); it is tied to a person only when they opt
// in. A browser that asks not to be tracked (Do Not Track, Global Privacy Control) sends nothing.
(function () {
  if (navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl ||
      !navigator.sendBeacon) return;
  var data = new FormData();
  data.append("page", document.body.getAttribute("data-page") || "");
  data.append("path", location.pathname.slice(0, 300));
  data.append("query", location.search.slice(0, 1000));
  data.append("referrer", document.referrer.slice(0, 1000));
  navigator.sendBeacon("/insights/hit/", data);
})();
