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


  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  /* The drawn timeline: zoom and pan with the buttons, the mouse (drag; Ctrl + wheel), touch (drag,
     pinch) and the keyboard (on an event: Left/Right previous/next, + and - zoom, Home/End, Enter
     opens its card). The SVG is redrawn at the box's pixel width so text stays readable. */
  function Timeline(root) {
    var svg = root.querySelector(".tl-svg");
    var base = parseFloat(root.getAttribute("data-width")) || 960;
    var height = parseFloat(svg.getAttribute("height"));
    var clip = svg.querySelector(".tl-clip");
    var movers = [];
    each(svg.querySelectorAll("[data-x]"), function (el) {
      var m = /translate\(([-\d.]+)[ ,]([-\d.]+)\)/.exec(el.getAttribute("transform") || "");
      movers.push({ el: el, x: parseFloat(el.getAttribute("data-x")), y: m ? parseFloat(m[2]) : 0,
        x1: parseFloat(el.getAttribute("data-x1") || "NaN"), gap: parseFloat(el.getAttribute("data-gap") || "NaN"),
        range: el.querySelector(".tl-range") });
    });
    var bands = [];
    each(svg.querySelectorAll(".tl-band"), function (el) {
      bands.push({ rect: el.querySelector("rect"), text: el.querySelector("text"),
        x0: parseFloat(el.getAttribute("data-x0")), x1: parseFloat(el.getAttribute("data-x1")) });
    });
    var marks = Array.prototype.slice.call(svg.querySelectorAll(".tl-mark"));
    var card = root.querySelector(".tl-card");
    var vw = base, scale = 1, k = 1, tx = 0, current = 0;
    var tools = root.querySelector(".tl-toolbar");
    if (tools) tools.hidden = false;
    root.classList.add("tl-live");

    function measure() {
      vw = Math.max(240, Math.round(svg.parentNode.clientWidth || base));
      scale = vw / base;
      svg.setAttribute("viewBox", "0 0 " + vw + " " + height);
      svg.setAttribute("width", vw);
      if (clip) clip.setAttribute("width", vw);
    }
    function X(x) { return x * scale * k + tx; }
    function draw() {
      tx = Math.min(0, Math.max(vw - vw * k, tx));
      var lastTick = -Infinity;
      movers.forEach(function (m) {
        var x = X(m.x);
        m.el.setAttribute("transform", "translate(" + x.toFixed(1) + " " + m.y + ")");
        if (!isNaN(m.gap)) {
          // A year shows when its step is wide enough and it does not crowd the previous year.
          var show = m.gap * scale * k >= 36 && x > -20 && x < vw + 20 && x - lastTick >= 34;
          m.el.style.display = show ? "" : "none";
          if (show) lastTick = x;
        }
        if (m.range && !isNaN(m.x1)) m.range.setAttribute("width", Math.max(0, (m.x1 - m.x) * scale * k).toFixed(1));
      });
      bands.forEach(function (b) {
        var x0 = X(b.x0), x1 = X(b.x1);
        b.rect.setAttribute("x", x0.toFixed(1));
        b.rect.setAttribute("width", Math.max(0, x1 - x0).toFixed(1));
        var left = Math.max(x0, 0);
        b.text.setAttribute("x", left.toFixed(1));
        if (b.width === undefined) b.width = b.text.getComputedTextLength ? b.text.getComputedTextLength() : 0;
        b.text.style.display = Math.min(x1, vw) - left >= b.width + 8 ? "" : "none";
      });
      root.setAttribute("data-zoom", k.toFixed(2));
    }
    function zoom(factor, cx) {
      var next = Math.max(1, Math.min(80, k * factor));
      if (cx === undefined) cx = vw / 2;
      tx = cx - (cx - tx) * (next / k);
      k = next;
      draw();
    }
    function pan(dx) { tx += dx; draw(); }
    function reveal(mark) {
      var x = X(parseFloat(mark.getAttribute("data-x")));
      if (x < 24 || x > vw - 24) { tx += vw / 2 - x; draw(); }
    }
    function focusMark(index) {
      if (!marks.length) return;
      current = Math.max(0, Math.min(marks.length - 1, index));
      marks.forEach(function (m, i) { m.setAttribute("tabindex", i === current ? "0" : "-1"); });
      reveal(marks[current]);
      marks[current].focus();
    }
    function findItem(key) {
      var figure = root.closest("figure");
      var selector = '.timeline [data-event="' + key + '"]';
      return (figure && figure.querySelector(selector)) || document.querySelector(selector);
    }
    function closeCard() {
      card.hidden = true;
      card.innerHTML = "";
      marks.forEach(function (m) { m.classList.remove("is-selected"); });
    }
    function select(mark) {
      var item = findItem(mark.getAttribute("data-event"));
      if (!item) return false;
      marks.forEach(function (m) { m.classList.toggle("is-selected", m === mark); });
      card.innerHTML = "";
      var close = document.createElement("button");
      close.type = "button";
      close.className = "map-popup-close";
      close.setAttribute("aria-label", root.getAttribute("data-close-label") || "Close");
      close.textContent = "×";
      close.addEventListener("click", function () { var m = marks[current]; closeCard(); if (m) m.focus(); });
      card.appendChild(close);
      var head = item.querySelector(".tl-head");
      if (head) card.appendChild(head.cloneNode(true));
      var title = document.createElement("p");
      title.className = "tl-card-title";
      title.textContent = (item.querySelector(".tl-title") || {}).textContent || "";
      card.appendChild(title);
      each(item.querySelectorAll(".tl-summary, .tl-links"), function (el) { card.appendChild(el.cloneNode(true)); });
      card.hidden = false;
      current = marks.indexOf(mark);
      return true;
    }
    card.setAttribute("aria-live", "polite");
    card.setAttribute("role", "region");
    card.setAttribute("aria-label", svg.querySelector("title").textContent);

    marks.forEach(function (m, i) { m.setAttribute("tabindex", i === 0 ? "0" : "-1"); });
    svg.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; return; }
      var mark = event.target.closest(".tl-mark");
      if (mark && select(mark)) event.preventDefault();
    }, true);
    svg.addEventListener("keydown", function (event) {
      var mark = event.target.closest && event.target.closest(".tl-mark");
      if (!mark) return;
      var index = marks.indexOf(mark), key = event.key, x = X(parseFloat(mark.getAttribute("data-x")));
      if (key === "ArrowRight" || key === "ArrowDown") focusMark(index + 1);
      else if (key === "ArrowLeft" || key === "ArrowUp") focusMark(index - 1);
      else if (key === "Home") focusMark(0);
      else if (key === "End") focusMark(marks.length - 1);
      else if (key === "+" || key === "=") { zoom(1.6, x); }
      else if (key === "-" || key === "_") { zoom(1 / 1.6, x); }
      else if (key === "Enter" || key === " ") { current = index; select(mark); }
      else if (key === "Escape") closeCard();
      else return;
      event.preventDefault();
    });
    if (tools) tools.addEventListener("click", function (event) {
      var button = event.target.closest("[data-tl]");
      if (!button) return;
      var what = button.getAttribute("data-tl");
      if (what === "in") zoom(1.6);
      else if (what === "out") zoom(1 / 1.6);
      else if (what === "earlier") pan(vw * 0.4);
      else if (what === "later") pan(-vw * 0.4);
      else { k = 1; tx = 0; draw(); }
    });

    // Mouse and touch: drag pans, two fingers pinch, Ctrl + wheel (or a trackpad pinch) zooms.
    var pointers = {}, dragged = false, startDistance = 0, startK = 1, moved = 0;
    function local(event) { var r = svg.getBoundingClientRect(); return (event.clientX - r.left) * (vw / r.width); }
    svg.addEventListener("pointerdown", function (event) {
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      moved = 0;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        startDistance = Math.abs(a.x - b.x) || 1;
        startK = k;
      }
    });
    svg.addEventListener("pointermove", function (event) {
      var p = pointers[event.pointerId];
      if (!p) return;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        p.x = event.clientX;
        var a = pointers[ids[0]], b = pointers[ids[1]];
        var r = svg.getBoundingClientRect();
        zoom(startK * (Math.abs(a.x - b.x) || 1) / startDistance / k, ((a.x + b.x) / 2 - r.left) * (vw / r.width));
        dragged = true;
        return;
      }
      var dx = event.clientX - p.x;
      moved += Math.abs(dx);
      p.x = event.clientX;
      if (moved > 5) {
        if (!dragged && svg.setPointerCapture) svg.setPointerCapture(event.pointerId);
        dragged = true;
        pan(dx * (vw / svg.getBoundingClientRect().width));
      }
    });
    function up(event) {
      delete pointers[event.pointerId];
      if (!dragged) return;
      setTimeout(function () { dragged = false; }, 0);
    }
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    svg.addEventListener("wheel", function (event) {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoom(Math.exp(-event.deltaY * 0.004), local(event));
      } else if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        pan(-event.deltaX);
      }
    }, { passive: false });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !card.hidden && root.contains(document.activeElement)) closeCard();
    });
    window.addEventListener("resize", function () { var old = vw; measure(); tx = tx * vw / old; draw(); });
    measure();
    draw();
    // An address #event-<key> (e.g. from the atlas) also selects the event in the picture.
    var wanted = /^#event-([\w-]+)$/.exec(location.hash);
    var target = wanted && svg.querySelector('.tl-mark[data-event="' + wanted[1] + '"]');
    if (target) {
      zoom(3, X(parseFloat(target.getAttribute("data-x"))));
      reveal(target);
      select(target);
      marks.forEach(function (m) { m.setAttribute("tabindex", m === target ? "0" : "-1"); });
    }
    return { zoom: zoom, pan: pan };
  }
  each(document.querySelectorAll("[data-timeline]"), function (root) { Timeline(root); });

  /* Maps zoom by their viewBox: the buttons, Ctrl + wheel, drag and pinch. A small screen opens a
     map with data-focus (the atlas) on its region; "Whole map" shows everything. */
  function MapZoom(frame) {
    var svg = frame.querySelector(".map-svg");
    var box = frame.querySelector(".map-scroll");
    if (!svg || !box) return;
    var full = svg.getAttribute("viewBox").split(/\s+/).map(parseFloat);
    var view = full.slice();
    var aspect = full[3] / full[2];
    function set(v) {
      var w = Math.max(full[2] / 12, Math.min(full[2], v[2]));
      var h = w * aspect;
      var x = Math.max(full[0], Math.min(full[0] + full[2] - w, v[0] + (v[2] - w) / 2));
      var y = Math.max(full[1], Math.min(full[1] + full[3] - h, v[1] + (v[3] - h) / 2));
      view = [x, y, w, h];
      svg.setAttribute("viewBox", view.map(function (n) { return n.toFixed(1); }).join(" "));
      frame.setAttribute("data-zoom", (full[2] / w).toFixed(2));
    }
    function zoom(factor, fx, fy) {
      if (fx === undefined) { fx = 0.5; fy = 0.5; }
      var w = view[2] / factor, h = w * aspect;
      set([view[0] + fx * view[2] - fx * w, view[1] + fy * view[3] - fy * h, w, h]);
    }
    var tools = frame.querySelector(".map-toolbar");
    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var b = event.target.closest("[data-zoom]");
        if (!b) return;
        var what = b.getAttribute("data-zoom");
        if (what === "in") zoom(1.6); else if (what === "out") zoom(1 / 1.6); else set(full.slice());
      });
    }
    var focus = box.getAttribute("data-focus");
    if (focus && box.clientWidth < 600) {
      var f = focus.split(/\s+/).map(parseFloat);
      var w = Math.max(f[2], f[3] / aspect);
      set([f[0] + f[2] / 2 - w / 2, f[1] + f[3] / 2 - w * aspect / 2, w, w * aspect]);
    }
    var last = null, moved = 0, pts = {}, pinch = 0;
    svg.addEventListener("pointerdown", function (e) { pts[e.pointerId] = e.clientX + "," + e.clientY; last = { x: e.clientX, y: e.clientY }; moved = 0; });
    svg.addEventListener("pointermove", function (e) {
      if (!last || !(e.pointerId in pts)) return;
      var ids = Object.keys(pts);
      pts[e.pointerId] = e.clientX + "," + e.clientY;
      var r = svg.getBoundingClientRect(), unit = view[2] / r.width;
      if (ids.length === 2) {
        var a = pts[ids[0]].split(",").map(Number), b = pts[ids[1]].split(",").map(Number);
        var d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        if (pinch) zoom(d / pinch, ((a[0] + b[0]) / 2 - r.left) / r.width, ((a[1] + b[1]) / 2 - r.top) / r.height);
        pinch = d; moved = 99;
        return;
      }
      if (view[2] >= full[2]) return;
      var dx = e.clientX - last.x, dy = e.clientY - last.y;
      moved += Math.abs(dx) + Math.abs(dy);
      last = { x: e.clientX, y: e.clientY };
      if (moved > 5) set([view[0] - dx * unit, view[1] - dy * unit, view[2], view[3]]);
    });
    function up(e) { delete pts[e.pointerId]; pinch = 0; if (!Object.keys(pts).length) last = null; }
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    svg.addEventListener("click", function (e) { if (moved > 5) { e.preventDefault(); e.stopPropagation(); moved = 0; } }, true);
    svg.addEventListener("wheel", function (e) {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      var r = svg.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * 0.004), (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
    }, { passive: false });
  }
  each(document.querySelectorAll("[data-map]"), MapZoom);

  /* The atlas in time: two sliders choose the first and last year (stepping through the years
     that have events); places, routes, historical borders and the events beside the map follow,
     and the address keeps the period (?from=&to=) so it can be shared. */
  function inPeriod(el, start, end) {
    var spans = el.getAttribute("data-spans");
    if (!spans) return true;
    return spans.split(" ").some(function (s) {
      var p = s.split(":");
      return +p[0] <= end && +p[1] >= start;
    });
  }
  each(document.querySelectorAll("[data-atlas-time]"), function (form) {
    var stops = (form.getAttribute("data-stops") || "").split(" ").filter(Boolean).map(Number);
    var slider = form.querySelector(".period-slider");
    if (!stops.length || !slider) return;
    slider.hidden = false;
    var scope = form.closest("[data-time-scope]") || document;
    var from = form.querySelector('[data-which="from"]'), to = form.querySelector('[data-which="to"]');
    var label = scope.querySelector("[data-period-label]");
    function field(name, value) {
      var input = form.querySelector('input[name="' + name + '"]');
      if (input) input.value = value;
    }
    function update(moved) {
      var a = +from.value, b = +to.value;
      if (a > b) { if (moved === from) to.value = a; else from.value = b; }
      var start = stops[+from.value], end = stops[+to.value];
      var everything = +from.value === 0 && +to.value === stops.length - 1;
      form.querySelector('[data-out="from"]').textContent = start;
      form.querySelector('[data-out="to"]').textContent = end;
      from.setAttribute("aria-valuetext", String(start));
      to.setAttribute("aria-valuetext", String(end));
      field("from", start);
      field("to", end);
      each(scope.querySelectorAll(".map-frame [data-spans], .map-layers-key [data-spans]"), function (el) {
        var layer = el.classList.contains("map-layer") || el.parentNode.classList.contains("map-layers-key");
        el.classList.toggle("is-out", (layer && everything) || !inPeriod(el, start, end));
      });
      var shown = 0;
      each(scope.querySelectorAll(".period-events > li"), function (li) {
        li.hidden = !inPeriod(li, start, end);
        if (!li.hidden) shown += 1;
      });
      var empty = scope.querySelector(".atlas-empty");
      if (empty) empty.hidden = shown > 0;
      if (label) label.textContent = start + "–" + end;
      var link = scope.querySelector("[data-timeline-link]");
      if (link) link.search = everything ? "" : "?from=" + start + "&to=" + end;
      if (moved && form.hasAttribute("data-keep-url") && window.history && history.replaceState) {
        history.replaceState(null, "", "?from=" + start + "&to=" + end + location.hash);
      }
    }
    from.addEventListener("input", function () { update(from); });
    to.addEventListener("input", function () { update(to); });
    from.setAttribute("aria-valuetext", String(stops[+from.value]));
    to.setAttribute("aria-valuetext", String(stops[+to.value]));
  });

  /* Download a visual for slides: the picture as drawn (styles inlined), with its title, caption
     and source line, as SVG, or as PNG at twice the size. Text stays in the page's language. */
  var STYLE = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
    "stroke-linejoin", "stroke-linecap", "opacity", "font-size", "font-weight", "font-family",
    "font-style", "text-anchor", "paint-order", "display", "visibility"];
  function inline(source, target) {
    var style = getComputedStyle(source);
    target.setAttribute("style", STYLE.map(function (p) { return p + ":" + style.getPropertyValue(p); }).join(";"));
    for (var i = 0; i < source.children.length; i++) if (target.children[i]) inline(source.children[i], target.children[i]);
  }
  function wrap(text, width) {
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      if ((line + " " + word).length * 7 > width && line) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }
  function slug(text) {
    return (text || "visual").toLowerCase().replace(/[^\w\u0400-\u04ff]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "visual";
  }
  function build(figure, tools) {
    var svg = figure.querySelector("svg.tl-svg, svg.map-svg, svg.chart-svg");
    var NS = "http://www.w3.org/2000/svg";
    var vb = svg.viewBox.baseVal;
    var width = Math.round(vb.width), height = Math.round(vb.height);
    var title = (figure.querySelector(".visual-title") || {}).textContent || tools.getAttribute("data-caption") || "";
    var caption = tools.getAttribute("data-caption") || "";
    var source = tools.getAttribute("data-source") || Array.prototype.map.call(figure.querySelectorAll(".chart-source"), function (p) { return p.textContent.trim(); }).join(" ");
    var lines = [];
    if (caption && caption.trim() !== title.trim()) lines = lines.concat(wrap(caption, width - 24));
    if (source) lines = lines.concat(wrap(source, width - 24));
    var top = 36, bottom = 14 + lines.length * 17;
    var out = document.createElementNS(NS, "svg");
    out.setAttribute("xmlns", NS);
    out.setAttribute("width", width);
    out.setAttribute("height", height + top + bottom);
    out.setAttribute("viewBox", "0 0 " + width + " " + (height + top + bottom));
    out.setAttribute("xml:lang", document.documentElement.lang || "en");
    var bg = document.createElementNS(NS, "rect");
    bg.setAttribute("width", "100%"); bg.setAttribute("height", "100%"); bg.setAttribute("fill", "#fff");
    out.appendChild(bg);
    function text(value, y, size, weight) {
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", 12); t.setAttribute("y", y);
      t.setAttribute("style", "font-family:sans-serif;font-size:" + size + "px;font-weight:" + weight + ";fill:#1d2430");
      t.textContent = value;
      out.appendChild(t);
    }
    text(title.trim(), 24, 17, 700);
    var clone = svg.cloneNode(true);
    inline(svg, clone);
    clone.removeAttribute("class");
    clone.setAttribute("x", 0); clone.setAttribute("y", top);
    clone.setAttribute("width", width); clone.setAttribute("height", height);
    out.appendChild(clone);
    lines.forEach(function (line, i) { text(line, height + top + 18 + i * 17, 13, 400); });
    return { svg: new XMLSerializer().serializeToString(out), width: width, height: height + top + bottom, name: slug(title) };
  }
  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  each(document.querySelectorAll(".visual-download"), function (tools) {
    var figure = tools.closest("figure");
    if (!figure || !figure.querySelector("svg.tl-svg, svg.map-svg, svg.chart-svg")) return;
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("[data-download]");
      if (!button) return;
      var made = build(figure, tools);
      var blob = new Blob([made.svg], { type: "image/svg+xml;charset=utf-8" });
      if (button.getAttribute("data-download") === "svg") return save(blob, made.name + ".svg");
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = made.width * 2; canvas.height = made.height * 2;
        var ctx = canvas.getContext("2d");
        ctx.scale(2, 2);
        ctx.drawImage(image, 0, 0);
        canvas.toBlob(function (png) { save(png, made.name + ".png"); }, "image/png");
      };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(made.svg);
    });
  });
})();
