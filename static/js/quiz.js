/* The quiz attempt page: countdown, autosave, ordering buttons, the clickable map, confirmation.
   Everything here improves a page that already works without JavaScript: the form posts its
   answers on every navigation, ordering has position selects, the map has a list of places.
   The server alone grades and keeps the deadline; this script only shows it. */
(function () {
  "use strict";

  var form = document.getElementById("attempt-form");
  var statusBox = document.getElementById("autosave-status");
  var lang = document.documentElement.lang || "en";
  var dirty = {};          // question id -> true while its change is not saved
  var saving = false;
  var submitting = false;
  var timers = {};

  var TEXT = {
    saving: { en: "Saving…", ru: "Сохранение…", kk: "Сақталуда…", tr: "Kaydediliyor…" },
    saved: { en: "All answers saved at ", ru: "Все ответы сохранены в ", kk: "Барлық жауап сақталды: ", tr: "Tüm cevaplar kaydedildi: " },
    failed: { en: "Could not save just now; will try again. Your answers stay on this page.", ru: "Не удалось сохранить; повторим попытку. Ответы остаются на странице.", kk: "Сақтау мүмкін болмады; қайталап көреміз. Жауаптар бетте қалады.", tr: "Şu an kaydedilemedi; yeniden denenecek. Cevaplarınız sayfada duruyor." },
    rejected: { en: "Some answers were not saved: see the messages at the questions.", ru: "Некоторые ответы не сохранены: см. сообщения у вопросов.", kk: "Кейбір жауаптар сақталмады: сұрақтардағы хабарларды қараңыз.", tr: "Bazı cevaplar kaydedilmedi: sorulardaki mesajlara bakın." },
    loggedOut: { en: "You are logged out: log in again in another tab, then keep going.", ru: "Вы вышли из системы: войдите снова в другой вкладке и продолжайте.", kk: "Жүйеден шықтыңыз: басқа қойындыда қайта кіріңіз.", tr: "Oturumunuz kapandı: başka bir sekmede yeniden giriş yapın." },
    left5: { en: "5 minutes left.", ru: "Осталось 5 минут.", kk: "5 минут қалды.", tr: "5 dakika kaldı." },
    left1: { en: "1 minute left.", ru: "Осталась 1 минута.", kk: "1 минут қалды.", tr: "1 dakika kaldı." },
    serverError: { en: "The server could not save just now (error {status}); it will try again. Your answers stay on this page.", ru: "Сервер не смог сохранить ответы (ошибка {status}); попытка будет повторена. Ответы остаются на странице.", kk: "Сервер жауаптарды қазір сақтай алмады (қате {status}); қайта әрекет жасалады. Жауаптар бетте қалады.", tr: "Sunucu şu an kaydedemedi (hata {status}); yeniden denenecek. Cevaplarınız sayfada duruyor." },
    minutesLeft: { en: "minutes left", ru: "мин. осталось", kk: "минут қалды", tr: "dakika kaldı" },
    timeUp: { en: "Time is up. Submitting your answers…", ru: "Время вышло. Ответы отправляются…", kk: "Уақыт бітті. Жауаптар жіберілуде…", tr: "Süre doldu. Cevaplarınız gönderiliyor…" },
    moved: { en: "moved to position", ru: "перемещено на позицию", kk: "орынға жылжытылды", tr: "şu sıraya taşındı:" },
    of: { en: "of", ru: "из", kk: "/", tr: "/" },
    pointSet: { en: "Your point is marked on the map.", ru: "Ваша точка отмечена на карте.", kk: "Нүктеңіз картада белгіленді.", tr: "Noktanız haritada işaretlendi." },
    placeChosen: { en: "Place chosen from the list.", ru: "Место выбрано из списка.", kk: "Орын тізімнен таңдалды.", tr: "Yer listeden seçildi." },
    words: { en: "words", ru: "слов", kk: "сөз", tr: "kelime" }
  };
  function t(key) { return (TEXT[key] && (TEXT[key][lang] || TEXT[key].en)) || key; }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setStatus(text) { if (statusBox) { statusBox.textContent = text; } }

  /* ------------------------------------------------------------------ reading the answers */
  function valueOf(section) {
    var type = section.getAttribute("data-type");
    var name = "q" + section.getAttribute("data-question");
    var q = function (selector) { return section.querySelector(selector); };
    var all = function (selector) { return Array.prototype.slice.call(section.querySelectorAll(selector)); };
    if (type === "single" || type === "truefalse") {
      var checked = q("input[name='" + name + "']:checked");
      return checked ? checked.value : null;
    }
    if (type === "multiple") {
      return all("input[name='" + name + "']:checked").map(function (el) { return el.value; });
    }
    if (type === "short" || type === "numeric" || type === "essay") {
      return q("[name='" + name + "']").value;
    }
    if (type === "ordering") {
      return all("[data-order-list] > li").map(function (li) { return li.getAttribute("data-uid"); });
    }
    if (type === "matching") {
      var pairs = {};
      all("select").forEach(function (select) {
        pairs[select.name.slice(name.length + 1)] = select.value || null;
      });
      return pairs;
    }
    if (type === "mappoint") {
      var place = q("[data-place]").value;
      if (place) { return { place: place }; }
      var lat = q("[data-lat]").value, lon = q("[data-lon]").value;
      return lat && lon ? { lat: Number(lat), lon: Number(lon) } : null;
    }
    return null;
  }

  function sectionOf(el) { return el.closest ? el.closest("[data-question]") : null; }

  function showError(id, message) {
    var box = form.querySelector("[data-error-for='" + id + "']");
    if (!box) { return; }
    box.textContent = message || "";
    box.hidden = !message;
    var section = sectionOf(box);
    if (section) { section.classList.toggle("has-error", !!message); }
  }

  /* ------------------------------------------------------------------ autosave */
  function save(options) {
    options = options || {};
    var ids = Object.keys(dirty);
    // A heartbeat with no answers still asks for the deadline (an accommodation may move it).
    if (!form || saving || submitting || (ids.length === 0 && !options.heartbeat)) { return Promise.resolve(); }
    var answers = {};
    ids.forEach(function (id) {
      var section = form.querySelector("[data-question='" + id + "']");
      if (section) { answers[id] = valueOf(section); }
    });
    dirty = {};
    saving = true;
    if (ids.length) { setStatus(t("saving")); }
    return fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!options.keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify({ answers: answers })
    }).then(function (response) {
      saving = false;
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || type.indexOf("application/json") === -1) {
        ids.forEach(function (id) { dirty[id] = true; });
        // Only a redirect to the log-in page means the session ended; a proxy's 502 or a 500
        // is the server's trouble, and the next save tries again.
        var toLogin = response.redirected && /\/accounts\/login\//.test(response.url);
        setStatus(toLogin || response.status === 403 ? t("loggedOut") : t("serverError").replace("{status}", response.status));
        return;
      }
      return response.json().then(function (data) {
        if (response.status === 409 && data.redirect) {
          submitting = true;
          window.location.assign(data.redirect);
          return;
        }
        var timerBox = document.getElementById("quiz-timer");
        if (timerBox && data.deadline) { timerBox.setAttribute("data-deadline", data.deadline); }
        var errors = data.errors || {};
        ids.forEach(function (id) {
          showError(id, errors[id] || "");
          var flag = form.querySelector("[data-question='" + id + "'] [data-saved-flag]");
          var value = answers[id];
          var empty = value === null || value === "" || (Array.isArray(value) && value.length === 0);
          if (flag && !errors[id]) { flag.hidden = empty; }
        });
        if (Object.keys(errors).length) {
          setStatus(t("rejected"));
        } else if (response.ok && ids.length === 0) {
          return;
        } else if (response.ok) {
          setStatus(t("saved") + new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
        } else {
          setStatus(data.error || t("failed"));
        }
      });
    }).catch(function () {
      saving = false;
      ids.forEach(function (id) { dirty[id] = true; });
      setStatus(t("failed"));
    });
  }

  function markDirty(section, delay) {
    if (!section) { return; }
    var id = section.getAttribute("data-question");
    dirty[id] = true;
    clearTimeout(timers[id]);
    timers[id] = setTimeout(save, delay);
  }

  /* ------------------------------------------------------------------ ordering */
  function renumber(list) {
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (li, index) {
      var select = li.querySelector("select");
      if (select) { select.value = String(index + 1); }
      li.querySelector("[data-move='up']").disabled = index === 0;
      li.querySelector("[data-move='down']").disabled = index === items.length - 1;
    });
  }

  function setupOrdering(section) {
    var list = section.querySelector("[data-order-list]");
    var status = section.querySelector("[data-order-status]");
    // One control: with the script, the Move buttons (the position selects are hidden, out of
    // the tab order, but still posted and kept in step); without it, the selects.
    var show = function (selector, visible) {
      Array.prototype.forEach.call(section.querySelectorAll(selector), function (el) { el.hidden = !visible; });
    };
    show("[data-move-buttons], [data-hint-buttons]", true);
    show("[data-position], [data-hint-positions]", false);
    renumber(list);
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) { return; }
      var li = button.closest("li");
      if (button.getAttribute("data-move") === "up" && li.previousElementSibling) {
        list.insertBefore(li, li.previousElementSibling);
      } else if (button.getAttribute("data-move") === "down" && li.nextElementSibling) {
        list.insertBefore(li.nextElementSibling, li);
      }
      renumber(list);
      var position = Array.prototype.indexOf.call(list.children, li) + 1;
      status.textContent = li.querySelector(".q-order-text").textContent + " " + t("moved") + " " + position + " " + t("of") + " " + list.children.length;
      if (button.disabled) {  // keep the focus on a button that still works
        var other = li.querySelector("[data-move='" + (button.getAttribute("data-move") === "up" ? "down" : "up") + "']");
        if (other && !other.disabled) { other.focus(); }
      } else {
        button.focus();
      }
      markDirty(section, 800);
    });
  }

  /* ------------------------------------------------------------------ map */
  function setupMap(section) {
    var box = section.querySelector("[data-map]");
    var svg = box.querySelector("svg");
    var marker = svg.querySelector("[data-marker]");
    var latInput = section.querySelector("[data-lat]");
    var lonInput = section.querySelector("[data-lon]");
    var placeSelect = section.querySelector("[data-place]");
    var status = section.querySelector("[data-map-status]");
    var geo = JSON.parse(box.getAttribute("data-geo"));  // plain numbers whatever the language
    var west = geo.west, north = geo.north, kx = geo.kx, ky = geo.ky;
    var full = [0, 0, geo.width, geo.height];
    var view = full.slice();
    box.querySelector("[data-map-tools]").hidden = false;
    svg.classList.add("q-map-clickable");

    function setView(v) { view = v; svg.setAttribute("viewBox", v.join(" ")); marker.setAttribute("r", String(7 * v[2] / full[2])); }

    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX; point.y = event.clientY;
      var p = point.matrixTransform(svg.getScreenCTM().inverse());
      var lon = west + p.x / kx, lat = north - p.y / ky;
      if (!isFinite(lat) || !isFinite(lon)) { return; }  // never save a point that is not one
      latInput.value = lat.toFixed(4);
      lonInput.value = lon.toFixed(4);
      placeSelect.value = "";
      marker.setAttribute("cx", p.x.toFixed(1));
      marker.setAttribute("cy", p.y.toFixed(1));
      marker.setAttribute("visibility", "visible");
      status.textContent = t("pointSet");
      markDirty(section, 300);
    });
    placeSelect.addEventListener("change", function () {
      if (placeSelect.value) {
        latInput.value = ""; lonInput.value = "";
        marker.setAttribute("visibility", "hidden");
        status.textContent = t("placeChosen");
      }
    });
    box.querySelector("[data-map-tools]").addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) { return; }
      var kind = button.getAttribute("data-zoom");
      if (kind === "reset") { setView(full.slice()); return; }
      var factor = kind === "in" ? 0.5 : 2;
      var w = Math.min(full[2], view[2] * factor), h = Math.min(full[3], view[3] * factor);
      var cx = view[0] + view[2] / 2, cy = view[1] + view[3] / 2;
      if (kind === "in" && marker.getAttribute("visibility") !== "hidden") {
        cx = Number(marker.getAttribute("cx")); cy = Number(marker.getAttribute("cy"));
      }
      var x = Math.max(0, Math.min(full[2] - w, cx - w / 2));
      var y = Math.max(0, Math.min(full[3] - h, cy - h / 2));
      setView([x, y, w, h]);
    });
  }

  /* ------------------------------------------------------------------ essay word count */
  function setupEssay(section) {
    var area = section.querySelector("textarea");
    var out = section.querySelector("[data-word-count]");
    if (!area || !out) { return; }
    var update = function () {
      var words = (area.value.match(/[^\s.,;:!?()«»"“”]+/g) || []).length;
      out.textContent = "(" + words + " " + t("words") + ")";
    };
    area.addEventListener("input", update);
    update();
  }

  /* ------------------------------------------------------------------ countdown */
  function setupTimer() {
    var box = document.getElementById("quiz-timer");
    if (!box) { return; }
    var value = box.querySelector("[data-timer-value]");
    var alertBox = document.getElementById("quiz-timer-alert");
    var skew = Date.parse(box.getAttribute("data-now")) - Date.now();  // server clock - ours
    var warned = {}, first = true;
    function tick() {
      var deadline = Date.parse(box.getAttribute("data-deadline"));  // moved by the autosave
      var left = Math.max(0, Math.round((deadline - (Date.now() + skew)) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      value.textContent = (h ? h + ":" + String(m).padStart(2, "0") : String(m)) + ":" + String(s).padStart(2, "0");
      box.classList.toggle("urgent", left <= 60);
      // Screen readers hear the time only at 5 and at 1 minute left (not every second); a page
      // opened later than that does not announce a moment already past.
      [5, 1].forEach(function (minutes) {
        if (left <= minutes * 60 && left > 0 && !warned[minutes]) {
          warned[minutes] = true;
          if (alertBox && !(first && left <= minutes * 60 - 5)) { alertBox.textContent = t("left" + minutes); }
        }
      });
      first = false;
      if (left === 0) {
        clearInterval(handle);
        if (alertBox) { alertBox.textContent = t("timeUp"); }
        if (form && !submitting) {
          submitting = true;
          form.setAttribute("action", form.getAttribute("data-submit-url"));
          form.submit();  // the server takes it within its grace period
        } else if (!form) {
          var submitForm = document.getElementById("submit-form");
          if (submitForm && !submitting) { submitting = true; submitForm.submit(); }
        }
      }
    }
    var handle = setInterval(tick, 1000);
    tick();
  }

  /* ------------------------------------------------------------------ wiring */
  setupTimer();

  // The summary page is the one confirmation before submitting: no second dialog.
  var submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", function () { submitting = true; });
  }

  if (!form) { return; }

  Array.prototype.forEach.call(form.querySelectorAll("[data-question]"), function (section) {
    var type = section.getAttribute("data-type");
    if (type === "ordering") { setupOrdering(section); }
    if (type === "mappoint") { setupMap(section); }
    if (type === "essay") { setupEssay(section); }
  });

  form.addEventListener("change", function (event) { markDirty(sectionOf(event.target), 300); });
  form.addEventListener("input", function (event) {
    if (event.target.matches("input[type=text], textarea")) { markDirty(sectionOf(event.target), 1500); }
  });
  form.addEventListener("submit", function () { submitting = true; dirty = {}; });
  setInterval(save, 15000);  // at least every 15 s while something is unsaved
  if (document.getElementById("quiz-timer")) {
    setInterval(function () { save({ heartbeat: true }); }, 20000);  // the deadline may move
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save({ keepalive: true }); }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && Object.keys(dirty).length) {
      save({ keepalive: true });
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var errors = document.getElementById("quiz-errors");
  if (errors) { errors.focus(); }
})();
