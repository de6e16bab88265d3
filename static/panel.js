// autolumiku panel: small enhancements only; every page works without this file.
(function () {
  "use strict";

  // Forms asking for confirmation (deleting a car, suspending a showroom).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // Lead stage selects save as soon as they change.
  document.querySelectorAll("form.auto-submit select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Drag photos to reorder; the first is the main photo.
  var photos = document.getElementById("photos");
  if (photos) {
    var dragged = null;
    photos.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li");
      if (dragged) dragged.classList.add("dragging");
    });
    photos.addEventListener("dragover", function (event) {
      event.preventDefault();
      var over = event.target.closest("li");
      if (!dragged || !over || over === dragged) return;
      var after = event.clientX > over.getBoundingClientRect().left + over.offsetWidth / 2;
      photos.insertBefore(dragged, after ? over.nextSibling : over);
    });
    photos.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      var order = Array.prototype.map.call(photos.querySelectorAll("li[data-photo]"), function (li) {
        return li.getAttribute("data-photo");
      });
      var body = new URLSearchParams({ order: order.join(","), csrf: photos.getAttribute("data-csrf") });
      fetch(photos.getAttribute("data-order-url"), { method: "POST", body: body, credentials: "same-origin" })
        .then(function () { window.location.reload(); });
    });
  }

  // Live parts of a page: chats and a conversation refresh themselves every few seconds.
  document.querySelectorAll("[data-live]").forEach(function (element) {
    var url = element.getAttribute("data-live");
    window.setInterval(function () {
      if (document.hidden) return;
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html === null) return;
        if (url.indexOf("/feed") > 0) {
          var atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - 20;
          element.innerHTML = html;
          if (atBottom) element.scrollTop = element.scrollHeight;
        } else {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(element.id);
          if (fresh) element.innerHTML = fresh.innerHTML;
        }
      });
    }, 4000);
  });
  var thread = document.getElementById("thread");
  if (thread) thread.scrollTop = thread.scrollHeight;

  // Branding preview follows the inputs.
  var preview = document.getElementById("brand-preview");
  if (preview) {
    document.querySelectorAll("[data-preview]").forEach(function (input) {
      input.addEventListener("input", function () {
        preview.style.setProperty(input.getAttribute("data-preview"), input.value);
      });
    });
    document.querySelectorAll("[data-preview-class]").forEach(function (select) {
      select.addEventListener("change", function () {
        var kind = select.getAttribute("data-preview-class");
        preview.className = preview.className.split(" ").filter(function (c) {
          return c.indexOf(kind + "-") !== 0;
        }).concat([kind + "-" + select.value]).join(" ");
      });
    });
    document.querySelectorAll("[data-preview-text]").forEach(function (input) {
      var slot = preview.querySelector("[data-preview-slot='" + input.getAttribute("data-preview-text") + "']");
      input.addEventListener("input", function () { if (slot) slot.textContent = input.value; });
    });
  }
})();
