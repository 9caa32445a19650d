// leidraad default theme: on an article opened from a search result
// (`?highlight=word word`), marks those words in the article's text with
// <mark class="search-hit"> and puts a note above the article that names
// them, with a button that takes the marks away again. The search page's
// engine puts the words that matched on this page into the result link.
(function () {
  "use strict";

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var script = document.currentScript;

  function start() {
    var params = new URLSearchParams(window.location.search);
    var raw = params.get("highlight");
    var root = document.querySelector("[data-pagefind-body] .article-body") || document.querySelector("[data-pagefind-body]");
    if (!raw || !root) return;
    var words = {};
    raw.split(/\s+/).forEach(function (w) {
      var f = fold(w.trim());
      if (f.length > 1) words[f] = true;
    });
    if (!Object.keys(words).length) return;

    var marks = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var p = node.parentNode;
        if (!p || /^(SCRIPT|STYLE|MARK|TEXTAREA)$/.test(p.nodeName) || p.closest("[data-pagefind-ignore]")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var wordRe = /[\p{L}\p{N}]+/gu;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var hits = [];
      var m;
      wordRe.lastIndex = 0;
      while ((m = wordRe.exec(text))) {
        if (words[fold(m[0])]) hits.push([m.index, m.index + m[0].length]);
      }
      if (!hits.length) return;
      var frag = document.createDocumentFragment();
      var last = 0;
      hits.forEach(function (h) {
        frag.appendChild(document.createTextNode(text.slice(last, h[0])));
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = text.slice(h[0], h[1]);
        frag.appendChild(mark);
        marks.push(mark);
        last = h[1];
      });
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
    if (!marks.length) return;

    var data = (script && script.dataset) || {};
    var note = document.createElement("p");
    note.className = "search-hit-note notice";
    note.setAttribute("role", "status");
    note.appendChild(document.createTextNode((data.label || "Search words marked:") + " "));
    var list = document.createElement("strong");
    list.textContent = Object.keys(words).join(", ");
    note.appendChild(list);
    note.appendChild(document.createTextNode(" (" + marks.length + "). "));
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "search-hit-clear";
    clear.textContent = data.clear || "Remove marks";
    clear.addEventListener("click", function () {
      marks.forEach(function (mark) {
        var parent = mark.parentNode;
        if (!parent) return;
        parent.replaceChild(document.createTextNode(mark.textContent), mark);
        parent.normalize();
      });
      note.remove();
      params.delete("highlight");
      var s = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : "") + window.location.hash);
    });
    note.appendChild(clear);
    var article = root.closest("article") || root;
    article.insertBefore(note, article.firstChild);
    // Without a heading to jump to, show the first mark.
    if (!window.location.hash && marks[0].scrollIntoView) marks[0].scrollIntoView({ block: "center" });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
