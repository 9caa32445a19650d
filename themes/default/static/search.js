// leidraad default theme: the search page. Starts Pagefind's Default UI from
// the bundle the build wrote into pagefind/, in the site's language, and
// reads the URL: `?q=…` fills in and runs a search, `?<taxonomy>=<term title>`
// (repeatable) selects that filter, as term pages link to it.
(function () {
  "use strict";

  function start() {
    var el = document.getElementById("search");
    if (!el || typeof window.PagefindUI !== "function") return;
    var data = el.dataset;

    // data-t-zero-results="…" → translations.zero_results
    var translations = {};
    Object.keys(data).forEach(function (k) {
      if (k.length > 1 && k.charAt(0) === "t" && k.charAt(1) === k.charAt(1).toUpperCase()) {
        var name = k.slice(1).replace(/[A-Z]/g, function (c) { return "_" + c.toLowerCase(); }).replace(/^_/, "");
        if (data[k]) translations[name] = data[k];
      }
    });

    var taxonomies = (data.filters || "").split(",").filter(Boolean);
    var labels = {};
    taxonomies.forEach(function (name) {
      var label = el.getAttribute("data-filter-label-" + name);
      if (label) labels[name.toLowerCase()] = label;
    });

    // Result tags: the author and the date, labelled in the site's language
    // (Pagefind would show every meta key as is: "Author", "Summary").
    var lang = data.language || document.documentElement.lang || "en";
    var authorLabel = data.metaAuthor || "author";
    var dateLabel = data.metaDate || "date";
    function formatDate(value) {
      var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
      if (!m) return value;
      try {
        return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
      } catch (e) {
        return value;
      }
    }
    function processResult(result) {
      var meta = result.meta || {};
      var out = {};
      ["title", "image", "image_alt", "url"].forEach(function (k) {
        if (meta[k] !== undefined) out[k] = meta[k];
      });
      if (meta.author) out[authorLabel] = meta.author;
      if (meta.date) out[dateLabel] = formatDate(meta.date);
      result.meta = out;
      return result;
    }
    var wide = !window.matchMedia || window.matchMedia("(min-width: 50rem)").matches;

    var options = {
      element: el,
      // search-engine/pagefind.js: Pagefind's API with typo correction,
      // synonyms, compound parts and all-words-first ranking.
      bundlePath: data.engine || data.bundle,
      showSubResults: true,
      showImages: false,
      showEmptyFilters: false,
      // Filters open beside the results on wide screens; on a phone they
      // would push the results off screen, so they start folded.
      openFilters: wide ? taxonomies : [],
      processResult: processResult,
      excerptLength: 28,
      resetStyles: true,
      translations: translations,
      // The index stores URLs relative to the site (/vertrouwen/…); the
      // site's base path (/ or /kb/) goes in front.
      baseUrl: data.base || "/"
    };
    // A `build --portable` site loads pagefind/portable/shim.js first, which
    // makes these options work when the page is opened from disk.
    if (window.leidraadPortable) options = window.leidraadPortable.adapt(options);
    var ui = new window.PagefindUI(options);

    // Filters are named by their front matter key ("pillars"); show the
    // taxonomy's title ("Pijlers") instead. Pagefind sets these once per
    // filter, so relabelling the rendered nodes sticks.
    function relabel() {
      var nodes = el.querySelectorAll(".pagefind-ui__filter-name, .pagefind-ui__filter-group-label");
      for (var i = 0; i < nodes.length; i++) {
        var node = nodes[i];
        var block = node.closest(".pagefind-ui__filter-block");
        var key = block && block.getAttribute("data-filter-key");
        if (!key) {
          key = node.textContent.trim().toLowerCase();
          if (block && labels[key]) block.setAttribute("data-filter-key", key);
        }
        if (labels[key] && node.textContent !== labels[key]) node.textContent = labels[key];
      }
    }
    if (window.MutationObserver) {
      new MutationObserver(relabel).observe(el, { childList: true, subtree: true });
    }
    document.addEventListener("leidraad:search-plan", function (e) {
      showCorrection(el, e.detail);
    });

    // The URL: filters first, then the query.
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    var anyFilter = false;
    var shown = {};
    taxonomies.forEach(function (name) {
      var values = params.getAll(name).filter(Boolean);
      if (values.length) {
        shown[name] = values;
        // The index holds filter values HTML-escaped (Pagefind's UI shows
        // them as HTML); leidraad's filter_value escapes exactly these.
        filters[name] = values.map(function (v) {
          return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
        });
        anyFilter = true;
      }
    });
    if (anyFilter) ui.triggerFilters(filters);
    var q = params.get("q");
    if (q) ui.triggerSearch(q);
    else if (anyFilter) {
      showFilterNote(el, shown, labels);
      listFiltered(el, filters);
    }

    // Keep ?q= in step with what is typed, so a search can be bookmarked,
    // shared, and found again with the Back button.
    var timer = null;
    el.addEventListener("input", function (e) {
      var input = e.target;
      if (!input || !input.classList || !input.classList.contains("pagefind-ui__search-input")) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var p = new URLSearchParams(window.location.search);
        if (input.value) p.set("q", input.value);
        else p.delete("q");
        var s = p.toString();
        window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : "") + window.location.hash);
      }, 400);
    });
  }

  // "Bedoelde je leiderschap?": a query word the site does not use was
  // searched as the closest word it does use; say so above the results.
  function showCorrection(el, plan) {
    var note = document.getElementById("search-correction");
    if (!note) {
      note = document.createElement("p");
      note.id = "search-correction";
      note.className = "search-correction";
      note.setAttribute("role", "status");
      var form = el.querySelector(".pagefind-ui__form");
      var input = el.querySelector(".pagefind-ui__search-input");
      var anchor = input && input.parentNode && input.parentNode.parentNode === form ? input.parentNode.nextSibling : null;
      if (form) form.insertBefore(note, anchor);
      else el.insertBefore(note, el.firstChild);
    }
    var fixes = (plan && plan.corrections) || [];
    note.textContent = "";
    note.hidden = !fixes.length;
    if (!fixes.length) return;
    var used = plan.words.map(function (w) { return w.used; }).join(" ");
    note.appendChild(document.createTextNode((el.dataset.didYouMean || "Did you mean") + " "));
    var strong = document.createElement("strong");
    strong.textContent = used;
    note.appendChild(strong);
    note.appendChild(document.createTextNode("? " + (el.dataset.searchedFor || "") + " "));
    var list = fixes.map(function (f) { return f.to; }).join(", ");
    var em = document.createElement("em");
    em.textContent = list;
    note.appendChild(em);
    note.appendChild(document.createTextNode("."));
  }

  // Pagefind shows its filter panel only once something is typed, so a link
  // like ?pillars=… says in words which filter it has already switched on.
  function showFilterNote(el, filters, labels) {
    var note = document.getElementById("search-filter-note");
    if (!note) return;
    var parts = [];
    Object.keys(filters).forEach(function (name) {
      parts.push((labels[name.toLowerCase()] || name) + ": " + filters[name].join(", "));
    });
    note.querySelector(".search-filter-value").textContent = parts.join("; ");
    var clear = note.querySelector("a");
    if (clear) clear.setAttribute("href", window.location.pathname);
    note.hidden = false;
    // Once the reader changes the filters in the panel, the note is history.
    el.addEventListener("change", function (e) {
      if (e.target && e.target.classList && e.target.classList.contains("pagefind-ui__filter-checkbox")) note.hidden = true;
    });
  }

  // The Default UI searches only once a word is typed; a link with filters
  // and no query (a cell of the editorial page's matrix) lists every article
  // with those terms at once, through Pagefind's own API (a filter-only
  // search), by title. Typing a query hides the list.
  function listFiltered(el, filters) {
    var note = document.getElementById("search-filter-note");
    if (!note) return;
    // In a `build --portable` site the shim says where Pagefind is and how
    // its URLs become relative links (see pagefind/portable/shim.js).
    var portable = window.leidraadPortable;
    var api = { bundlePath: el.dataset.bundle, baseUrl: el.dataset.base || "/" };
    if (portable) api = portable.adapt(api);
    var pfOptions = { baseUrl: api.baseUrl };
    if (api.basePath) pfOptions.basePath = api.basePath;
    if (api.noWorker) pfOptions.noWorker = true;
    import(api.bundlePath + "pagefind.js")
      .then(function (pf) {
        return pf.options(pfOptions)
          .then(function () { return pf.search(null, { filters: filters }); })
          .then(function (search) { return Promise.all(search.results.map(function (r) { return r.data(); })); });
      })
      .then(function (pages) {
        pages.sort(function (a, b) { return (a.meta.title || "").localeCompare(b.meta.title || "", document.documentElement.lang || undefined); });
        var list = document.createElement("ul");
        list.className = "search-filter-results";
        pages.forEach(function (p) {
          var a = document.createElement("a");
          a.href = portable ? portable.relative(p.url) : p.url;
          a.textContent = p.meta.title || p.url;
          var li = document.createElement("li");
          li.appendChild(a);
          list.appendChild(li);
        });
        note.parentNode.insertBefore(list, note.nextSibling);
        el.addEventListener("input", function () { list.hidden = true; });
      })
      .catch(function () { /* the note still says which filters are on */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
