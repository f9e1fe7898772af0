/* Memory trainer: keyboard shortcuts and the clickable map. Everything also works without it:
   the pages are plain forms (numbers pick options, Enter checks or takes the highlighted rating). */
(function () {
  "use strict";
  var root = document.querySelector("[data-practice]");
  if (!root) return;

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea") return true;
    return tag === "input" && !/^(radio|checkbox|button|submit|hidden)$/.test(target.type);
  }

  function submit(form) {
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  // --- ordering: pressing an event's number gives it the next position --------------------
  var order = root.querySelector("[data-order]");
  var sequence = [];
  function orderSelects() {
    return Array.prototype.slice.call(order.querySelectorAll("select[data-key]"));
  }
  function placeNext(key) {
    var select = order.querySelector('select[data-key="' + key + '"]');
    if (!select || select.disabled || sequence.indexOf(select) !== -1) return;
    sequence.push(select);
    select.value = String(sequence.length);
  }
  function undoLast() {
    var select = sequence.pop();
    if (select) select.value = "";
  }
  if (order) {
    orderSelects().forEach(function (select) {
      if (select.value) sequence[Number(select.value) - 1] = select;
      select.addEventListener("change", function () { sequence = orderSelects().filter(function (s) { return s.value; }).sort(function (a, b) { return a.value - b.value; }); });
    });
  }

  // --- the map: a click anywhere marks a point (degrees from the quizzes' projection) -----
  var svg = root.querySelector("svg[data-clickable]");
  if (svg) {
    var box = svg.closest("[data-map]");
    var marker = svg.querySelector("[data-marker]");
    svg.addEventListener("click", function (event) {
      var pin = event.target.closest("[data-pin]");
      if (pin) {
        var radio = root.querySelector('input[name="pin"][value="' + pin.getAttribute("data-pin") + '"]');
        if (radio) { radio.checked = true; radio.focus(); }
        root.querySelector("[data-lat]").value = "";
        root.querySelector("[data-lon]").value = "";
        marker.setAttribute("visibility", "hidden");
        return;
      }
      var point = svg.createSVGPoint();
      point.x = event.clientX; point.y = event.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      var lon = Number(box.dataset.west) + local.x / Number(box.dataset.kx);
      var lat = Number(box.dataset.north) - local.y / Number(box.dataset.ky);
      root.querySelector("[data-lat]").value = lat.toFixed(3);
      root.querySelector("[data-lon]").value = lon.toFixed(3);
      marker.setAttribute("cx", local.x); marker.setAttribute("cy", local.y);
      marker.setAttribute("visibility", "visible");
      root.querySelectorAll('input[name="pin"]').forEach(function (r) { r.checked = false; });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var answerForm = root.querySelector("[data-answer-form]");
    var rateForm = root.querySelector("[data-rate-form]");
    var key = event.key;
    if (answerForm) {
      if (/^[1-9]$/.test(key)) {
        if (order) { placeNext(key); event.preventDefault(); return; }
        var option = answerForm.querySelector('input[type="radio"][data-key="' + key + '"]');
        if (option) {
          option.checked = true;
          event.preventDefault();
          submit(answerForm);
        }
      } else if (key === "Backspace" && order) {
        undoLast();
        event.preventDefault();
      } else if (key === "Enter" && event.target.tagName !== "BUTTON") {
        event.preventDefault();
        submit(answerForm);
      }
    } else if (rateForm) {
      var button = null;
      if (/^[1-4]$/.test(key)) button = rateForm.querySelector('[data-rating="' + key + '"]');
      else if (key === "Enter" && event.target.tagName !== "BUTTON") button = rateForm.querySelector("[autofocus]");
      if (button) {
        event.preventDefault();
        button.click();
      }
    }
  });
})();
