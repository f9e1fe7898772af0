/* Progressive enhancement of the course's maps and timeline (the pages work without it).
   Map markers are links to the atlas; here a click or Enter opens a small popup with the place's
   events and lessons instead. Escape or the close button closes it and returns focus to the marker.
   On the timeline page, an #event-<key> address opens that event's details. */
(function () {
  "use strict";
  var popup = null;
  var opener = null;

  function close() {
    if (!popup) return;
    popup.remove();
    popup = null;
    if (opener) opener.focus();
    opener = null;
  }

  function open(marker, frame) {
    close();
    var key = marker.getAttribute("data-place");
    var data = frame.querySelector('.map-popup-data [data-place="' + key + '"]');
    if (!data) return false;
    popup = document.createElement("div");
    popup.className = "map-popup";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", marker.getAttribute("aria-label") || key);
    popup.innerHTML = data.innerHTML;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "map-popup-close";
    button.setAttribute("aria-label", frame.getAttribute("data-close-label") || "Close");
    button.textContent = "×";
    button.addEventListener("click", close);
    popup.insertBefore(button, popup.firstChild);
    var box = frame.getBoundingClientRect();
    var dot = marker.getBoundingClientRect();
    var left = dot.left - box.left + dot.width / 2;
    popup.style.top = Math.round(dot.top - box.top + dot.height + 4) + "px";
    frame.appendChild(popup);
    var width = popup.offsetWidth;
    popup.style.left = Math.round(Math.max(4, Math.min(left - width / 2, box.width - width - 4))) + "px";
    opener = marker;
    button.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest(".map-marker");
    if (marker) {
      var frame = marker.closest("[data-map]");
      if (frame && open(marker, frame)) event.preventDefault();
      return;
    }
    if (popup && !popup.contains(event.target)) close();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popup) close();
  });

  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    var details = target && target.querySelector("details");
    if (details) details.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // A map wider than a small screen scrolls sideways: start with its places in view.
  Array.prototype.forEach.call(document.querySelectorAll(".map-scroll"), function (box) {
    if (box.scrollWidth <= box.clientWidth) return;
    var dots = box.querySelectorAll(".map-dot");
    if (!dots.length) return;
    var origin = box.getBoundingClientRect().left;
    var low = Infinity, high = -Infinity;
    Array.prototype.forEach.call(dots, function (dot) {
      var r = dot.getBoundingClientRect();
      low = Math.min(low, r.left - origin);
      high = Math.max(high, r.right - origin);
    });
    box.scrollLeft = Math.max(0, (low + high) / 2 - box.clientWidth / 2);
  });
})();
