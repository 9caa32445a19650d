// leidraad `build --portable`: search from disk (file://). Chromium refuses
// fetch() and module import() from file:// pages, which is how Pagefind
// loads its script, its WebAssembly and its index. The build therefore
// also writes every file of pagefind/ as a classic script in
// pagefind/portable/ (`leidraadPortable.put(name, base64)`), which a page
// opened from disk may load. This script, loaded on the search page before
// search.js, answers Pagefind's fetch() calls for the bundle from those
// scripts, loads pagefind.js as a module from a blob: URL, and turns result
// URLs into relative links that name index.html. Served over HTTP it does
// nothing: Pagefind works as it always does.
(function () {
  "use strict";
  if (window.leidraadPortable) return;
  var script = document.currentScript;
  var dataDir = new URL("./", script.src).href; // …/pagefind/portable/
  var bundle = new URL("../", dataDir).href; // …/pagefind/
  var siteRoot = new URL("../", bundle).href; // the site's root folder
  var onDisk = location.protocol === "file:";
  var store = Object.create(null);
  var loading = Object.create(null);
  var moduleUrl = null;
  var engineUrl = null;

  function bytes(b64) {
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // A bundle file by its name under pagefind/, from its data script.
  function load(name) {
    if (store[name] !== undefined) return Promise.resolve(store[name]);
    if (!loading[name]) {
      loading[name] = new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = dataDir + name.split("/").map(encodeURIComponent).join("/") + ".js";
        s.onload = function () {
          s.remove();
          if (store[name] !== undefined) ok(store[name]);
          else fail(new Error("leidraad: " + s.src + " holds no data"));
        };
        s.onerror = function () {
          s.remove();
          delete loading[name];
          fail(new TypeError("leidraad: cannot load " + s.src));
        };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  var TYPES = { js: "text/javascript", json: "application/json", wasm: "application/wasm" };

  function put(name, b64) {
    store[name] = bytes(b64);
    if (name === "pagefind.js") {
      moduleUrl = URL.createObjectURL(new Blob([store[name]], { type: "text/javascript" }));
    }
    if (name === "leidraad-engine.js" && moduleUrl) {
      // The theme's search engine imports ../pagefind/pagefind.js and
      // fetches ../pagefind/leidraad-search.json next to itself; from a
      // blob: URL those become the blob of pagefind.js and the bundle's
      // own (file:) address, which the fetch above answers.
      var source = new TextDecoder().decode(store[name])
        .split('"../pagefind/pagefind.js"').join(JSON.stringify(moduleUrl))
        .split('new URL("../pagefind/leidraad-search.json", import.meta.url)').join(JSON.stringify(bundle + "leidraad-search.json"));
      engineUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    }
  }

  if (onDisk) {
    var nativeFetch = window.fetch;
    window.fetch = function (input, init) {
      var raw = typeof input === "string" ? input : input && input.url;
      var url = raw ? new URL(raw, location.href) : null;
      if (!url || url.protocol !== "file:" || url.href.indexOf(bundle) !== 0) return nativeFetch.apply(this, arguments);
      var name = decodeURIComponent(url.pathname.slice(new URL(bundle).pathname.length));
      return load(name).then(function (data) {
        var ext = name.slice(name.lastIndexOf(".") + 1);
        return new Response(data, { status: 200, headers: { "Content-Type": TYPES[ext] || "application/octet-stream" } });
      });
    };
  }

  // "/vertrouwen/x/#kop" (as the index stores it) → a link relative to this
  // page that names the file: "../vertrouwen/x/index.html#kop".
  function relative(url) {
    if (typeof url !== "string" || !/^\//.test(url)) return url;
    var m = /^([^?#]*)(.*)$/.exec(url);
    var path = m[1].replace(/^\/+/, "");
    if (path === "" || /\/$/.test(path)) path += "index.html";
    var target = new URL(path + m[2], siteRoot).href;
    var here = location.href.replace(/[?#].*$/, "").split("/");
    var there = target.split("/");
    var i = 0;
    while (i < here.length - 1 && i < there.length - 1 && here[i] === there[i]) i++;
    var up = here.length - 1 - i;
    return new Array(up + 1).join("../") + there.slice(i).join("/");
  }

  window.leidraadPortable = {
    put: put,
    onDisk: onDisk,
    relative: relative,
    // Pagefind UI options as search.js makes them → options that work in a
    // portable site, from disk or from a server under any path.
    adapt: function (options) {
      var process = options.processResult;
      var out = {};
      Object.keys(options).forEach(function (k) {
        out[k] = options[k];
      });
      out.basePath = bundle;
      // Results link to "/x/" as stored; processResult makes them relative.
      out.baseUrl = "/";
      if (onDisk && (engineUrl || moduleUrl)) {
        // Pagefind UI imports `${bundlePath}pagefind.js`: a blob: URL
        // ignores what follows the #. No worker: file:// cannot start one.
        out.bundlePath = (engineUrl || moduleUrl) + "#";
        out.noWorker = true;
      } else if (/search-engine\/$/.test(options.bundlePath || "")) {
        // Over HTTP, under whatever path the folder is served from.
        out.bundlePath = siteRoot + "search-engine/";
      }
      out.processResult = function (result) {
        if (process) result = process(result) || result;
        // Without the engine, the compound marks of the index show: drop them.
        var unmark = function (s) {
          return typeof s === "string" ? s.replace(/\^\^/g, "") : s;
        };
        result.excerpt = unmark(result.excerpt);
        if (result.meta) result.meta.title = unmark(result.meta.title);
        (result.sub_results || []).forEach(function (sub) {
          sub.title = unmark(sub.title);
          sub.excerpt = unmark(sub.excerpt);
        });
        result.url = relative(result.url);
        (result.sub_results || []).forEach(function (sub) {
          sub.url = relative(sub.url);
        });
        return result;
      };
      return out;
    },
  };
})();
