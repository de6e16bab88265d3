// Small enhancements; every page works without this file.
(function () {
  "use strict";
  // Sort menus apply at once.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { if (el.form) el.form.submit(); });
  });
  // The phone's own share sheet where there is one; the WhatsApp share link otherwise.
  var share = document.getElementById("share-button");
  if (share && navigator.share) {
    share.addEventListener("click", function (e) {
      e.preventDefault();
      navigator.share({ title: share.dataset.title, url: share.dataset.url }).catch(function () {});
    });
  }
  // Tell the showroom someone asked about this car; the link opens WhatsApp either way.
  var wa = document.getElementById("wa-button");
  if (wa && wa.dataset.click && window.fetch) {
    wa.addEventListener("click", function () {
      fetch(wa.dataset.click, { method: "POST", keepalive: true, credentials: "same-origin", headers: { "x-catalog-click": "1" } }).catch(function () {});
    });
  }
})();
