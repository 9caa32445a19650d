// leidraad default theme: progressive enhancements. Loaded in <head> without
// `defer`, so the stored light/dark choice is applied before first paint; the
// rest waits for DOMContentLoaded. No inline scripts: a strict
// Content-Security-Policy (script-src 'self') works. Everything here is an
// extra: without JavaScript the site reads and navigates the same.
(function () {
  "use strict";

  var THEME_KEY = "leidraad:theme";
  var root = document.documentElement;
  root.classList.add("js");

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* storage off (private mode, policy): nothing is remembered */ }
  }

  // 1. Before first paint: the reader's stored choice wins over the system's.
  var stored = read(THEME_KEY);
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);

  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return !!(darkQuery && darkQuery.matches);
  }

  // 2. The toggle: a button with aria-pressed="true" while dark mode is on.
  function setupToggle() {
    var buttons = document.querySelectorAll(".theme-toggle");
    function sync() {
      for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", isDark() ? "true" : "false");
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var next = isDark() ? "light" : "dark";
        root.setAttribute("data-theme", next);
        write(THEME_KEY, next);
        sync();
      });
    }
    if (darkQuery) {
      var onChange = function () { sync(); };
      if (darkQuery.addEventListener) darkQuery.addEventListener("change", onChange);
      else if (darkQuery.addListener) darkQuery.addListener(onChange);
    }
    // Another tab changed the choice.
    window.addEventListener("storage", function (e) {
      if (e.key !== THEME_KEY) return;
      if (e.newValue === "dark" || e.newValue === "light") root.setAttribute("data-theme", e.newValue);
      else root.removeAttribute("data-theme");
      sync();
    });
    sync();
  }

  // 3. Checklists: task-list items become boxes a reader can tick. Ticks are
  // remembered per page (key: the page's path) in this browser only.
  function setupChecklists() {
    var boxes = document.querySelectorAll("input.task-box[data-task]");
    if (!boxes.length) return;
    var body = document.body;
    var key = "leidraad:checklist:" + window.location.pathname;
    var saved = {};
    try { saved = JSON.parse(read(key) || "{}") || {}; } catch (e) { saved = {}; }
    var hasSaved = Object.keys(saved).length > 0;

    function save() {
      var state = {};
      var any = false;
      for (var i = 0; i < boxes.length; i++) {
        state[boxes[i].getAttribute("data-task")] = boxes[i].checked;
        any = true;
      }
      write(key, any ? JSON.stringify(state) : null);
    }

    // Group the boxes by their list, so each list gets its own reset button.
    var lists = [];
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      box.disabled = false; // the Markdown renderer may mark them disabled
      var id = box.getAttribute("data-task");
      if (hasSaved && Object.prototype.hasOwnProperty.call(saved, id)) box.checked = !!saved[id];
      var li = box.closest("li");
      var list = li && li.parentElement;
      if (!list) continue;
      if (li) li.classList.add("task-item");
      if (lists.indexOf(list) < 0) lists.push(list);
    }

    var progressText = body.getAttribute("data-checklist-progress") || "{done} / {total}";
    var resetText = body.getAttribute("data-checklist-reset") || "Reset";
    var savedText = body.getAttribute("data-checklist-saved") || "";

    lists.forEach(function (list) {
      list.classList.add("checklist");
      var own = Array.prototype.filter.call(list.querySelectorAll("input.task-box"), function (b) {
        return b.closest("ul, ol") === list;
      });
      var bar = document.createElement("div");
      bar.className = "checklist-bar";
      var status = document.createElement("p");
      status.className = "checklist-status";
      status.setAttribute("aria-live", "polite");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "checklist-reset";
      button.textContent = resetText;
      if (savedText) button.title = savedText;
      bar.appendChild(status);
      bar.appendChild(button);
      list.parentNode.insertBefore(bar, list.nextSibling);

      function update() {
        var done = own.filter(function (b) { return b.checked; }).length;
        status.textContent = progressText.replace("{done}", String(done)).replace("{total}", String(own.length));
        button.disabled = done === 0;
        own.forEach(function (b) {
          var li = b.closest("li");
          if (li) li.classList.toggle("task-done", b.checked);
        });
      }
      own.forEach(function (b) {
        b.addEventListener("change", function () { save(); update(); });
      });
      button.addEventListener("click", function () {
        own.forEach(function (b) { b.checked = false; });
        save();
        update();
        if (own[0]) own[0].focus();
      });
      update();
    });
  }

  // 4. Wide tables and code scroll sideways on small screens; a scrolling
  // region must be reachable by keyboard, so it gets tabindex and a name.
  function setupScrollers() {
    var label = document.body.getAttribute("data-table-label") || "Table";
    var tables = document.querySelectorAll(".article-body table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.parentElement && table.parentElement.classList.contains("table-scroll")) continue;
      var wrap = document.createElement("div");
      wrap.className = "table-scroll";
      wrap.setAttribute("role", "region");
      wrap.setAttribute("tabindex", "0");
      var caption = table.querySelector("caption");
      var head = table.querySelector("th");
      wrap.setAttribute("aria-label", caption ? caption.textContent : label + (head ? ": " + head.textContent : ""));
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
    var pres = document.querySelectorAll(".article-body pre");
    for (var j = 0; j < pres.length; j++) {
      if (!pres[j].hasAttribute("tabindex")) pres[j].setAttribute("tabindex", "0");
    }
  }

  // 5. The table of contents marks the section being read (aria-current).
  function setupTocSpy() {
    var links = document.querySelectorAll('.toc a[href^="#"]');
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    var headings = [];
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var h = document.getElementById(id);
      if (h) {
        byId[id] = links[i];
        headings.push(h);
      }
    }
    var current = null;
    function mark(id) {
      if (current === id) return;
      if (current && byId[current]) byId[current].removeAttribute("aria-current");
      current = id;
      if (id && byId[id]) byId[id].setAttribute("aria-current", "location");
    }
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { visible[e.target.id] = e.isIntersecting; });
      // The first heading in view, else the last one above the viewport.
      var pick = null;
      for (var j = 0; j < headings.length; j++) {
        if (visible[headings[j].id]) { pick = headings[j].id; break; }
        if (headings[j].getBoundingClientRect().top < 0) pick = headings[j].id;
      }
      mark(pick);
    }, { rootMargin: "0px 0px -55% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }

  // 6. "/" focuses the search box from anywhere, unless the reader is typing.
  function isTyping(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag === "INPUT") {
      var type = (el.getAttribute("type") || "text").toLowerCase();
      return ["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"].indexOf(type) < 0;
    }
    return false;
  }
  function searchBox() {
    return document.querySelector("#header-q") || document.querySelector(".pagefind-ui__search-input");
  }
  function setupShortcut() {
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTyping(document.activeElement)) return;
      var box = searchBox();
      if (!box) return;
      e.preventDefault();
      box.focus();
      if (typeof box.select === "function") box.select();
    });
  }

  // 7. Print: show the full address after each link in the article.
  function setupPrint() {
    window.addEventListener("beforeprint", function () {
      var links = document.querySelectorAll(".article-body a[href]");
      for (var i = 0; i < links.length; i++) {
        var href = links[i].getAttribute("href");
        if (href && href.charAt(0) !== "#") links[i].setAttribute("data-print-url", links[i].href);
      }
    });
  }

  // 8. Review dates (the page never depends on the build's date): an
  // article past its due date shows its notice, and the editorial page marks
  // each row of its review schedule, both against the reader's own date.
  function localDate() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function daysBetween(from, to) {
    return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86400000);
  }
  function setupReview() {
    var today = localDate();
    var article = document.querySelector("article[data-review-due]");
    var notice = document.querySelector(".review-notice");
    if (article && notice && today > article.getAttribute("data-review-due")) notice.hidden = false;

    var table = document.querySelector("table.review-schedule");
    if (!table) return;
    var soonDays = parseInt(table.getAttribute("data-soon-days"), 10) || 0;
    var counts = { overdue: 0, soon: 0, fine: 0 };
    var rows = table.querySelectorAll("tr[data-due]");
    for (var i = 0; i < rows.length; i++) {
      var days = daysBetween(today, rows[i].getAttribute("data-due"));
      var state = days < 0 ? "overdue" : days <= soonDays ? "soon" : "fine";
      counts[state]++;
      rows[i].setAttribute("data-status", state);
      var cell = rows[i].querySelector(".review-status");
      if (cell) cell.textContent = table.getAttribute("data-label-" + state) || state;
    }
    var summary = document.querySelector(".review-summary");
    if (summary) {
      summary.textContent = (summary.getAttribute("data-summary") || "")
        .replace("{overdue}", String(counts.overdue)).replace("{soon}", String(counts.soon)).replace("{days}", String(soonDays));
      summary.hidden = false;
    }
  }

  function init() {
    setupToggle();
    setupChecklists();
    setupScrollers();
    setupTocSpy();
    setupShortcut();
    setupPrint();
    setupReview();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
