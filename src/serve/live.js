// leidraad serve: live reload and the error overlay. Injected into every
// served HTML page by the dev server; never part of a `leidraad build`.
(function () {
  "use strict";
  var key = "leidraad-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var restore = function () { window.scrollTo(0, Number(saved)); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be off */ }

  // A rebuild sends a status event (new build number) and then a reload
  // event; the page reloads once, not twice (a second reload could replace
  // the freshly loaded page again).
  var reloading = false;
  function reload() {
    if (reloading) return;
    reloading = true;
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function overlay(errors) {
    var old = document.getElementById("leidraad-error");
    if (old) old.remove();
    if (!errors || errors.length === 0) return;
    var box = document.createElement("div");
    box.id = "leidraad-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;border-top:4px solid #e5484d";
    var h = document.createElement("strong");
    h.textContent = "leidraad: the last save could not be built; the page shows the last good version.";
    box.appendChild(h);
    errors.forEach(function (e) {
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0";
      pre.textContent = e.file + ":" + e.line + ":" + e.column + ": " + e.message + (e.hint ? "\n  help: " + e.hint : "");
      box.appendChild(pre);
    });
    document.body.appendChild(box);
  }

  // One open event stream per visible page: browsers allow six HTTP/1.1
  // connections per host, so pages in background tabs let theirs go and
  // reconnect when shown, reloading if a rebuild happened meanwhile.
  var wasDown = false;
  var seen = null;
  var source = null;
  function connect() {
    source = new EventSource("/__leidraad/events");
    source.addEventListener("status", function (ev) {
      var data = JSON.parse(ev.data);
      if (seen !== null && data.build !== seen) {
        seen = data.build;
        if (!data.errors || data.errors.length === 0) return reload();
      }
      seen = data.build;
      overlay(data.errors);
    });
    source.addEventListener("reload", reload);
    source.onopen = function () {
      if (wasDown) reload();
    };
    source.onerror = function () {
      // EventSource reconnects by itself; once it does, the server may have
      // restarted with a new build, so reload then.
      wasDown = true;
    };
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && source) {
      source.close();
      source = null;
    } else if (!document.hidden && !source) {
      connect();
    }
  });
  if (!document.hidden) connect();
})();
