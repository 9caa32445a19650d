// leidraad default theme: the search engine behind the search page.
//
// Pagefind's Default UI loads `<bundlePath>pagefind.js`; the search page
// points it here. This module offers Pagefind's own API (it passes
// everything through to ../pagefind/pagefind.js) with a `search` that
// understands Dutch a little better, using the vocabulary file the build
// writes beside the bundle (leidraad-search.json):
//
// - a query word that does not occur in the site (a typo) is searched as
//   the closest word that does, at most two edits away; `lastPlan` and the
//   `leidraad:search-plan` event say which word was used ("Bedoelde je …");
// - a word of a synonym group declared in site.yaml also finds the other
//   words of its group;
// - a compound is also searched as its parts ("leiderschapsontwikkeling"
//   finds "ontwikkeling van leiderschap"); the other way round, the parts
//   of the site's compounds are in the index itself (the build marks them);
// - a query of several words is searched word by word: articles that have
//   all of them come first, then those that have most of them.
//
// Results keep Pagefind's shape, so the UI shows excerpts, sub-results per
// heading and filters as usual. Each result URL gets `?highlight=<words>`,
// the words that matched on that page, which the article page marks.
import * as pagefind from "../pagefind/pagefind.js";

export { options, init, destroy, mergeIndex, filters, preload, createInstance } from "../pagefind/pagefind.js";

// What the build puts between the parts of a compound in the indexed text.
const MARK = /\^\^/g;
const STOP = new Set(
  ("aan al als bij dan dat de die dit doe doen door een en er ga gaat geen het hier hij hoe hun ik in is je jij jou jouw kan " +
    "kun kunnen maar me met mijn na naar niet nog nu of om onder ons ook op over te tot u uit uw van veel voor wat we wie wij " +
    "wil wordt zal ze zich zij zijn zo zonder " +
    "a an and are as at be by can do for from how i if in into is it its my of on or our the their them this to us was we what when who why will with you your")
    .split(" ")
);
const ENDINGS = ["s", "'s", "e", "en", "n", "er", "ers", "es", "te", "ten", "de", "den", "je", "jes", "tje", "tjes", "ste"];
const LINKS = ["", "s", "en", "e"];
// Endings that make a word of another word (as the build's splitter has them).
const SUFFIXES = ["baar", "heid", "lijk", "zaam", "loos", "schap", "achtig", "matig", "erde", "eren"];
const MIN_PART = 4;

let vocabulary = null;
export let lastPlan = null;

export function fold(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function load() {
  if (!vocabulary) {
    vocabulary = fetch(new URL("../pagefind/leidraad-search.json", import.meta.url))
      .then((r) => (r.ok ? r.arrayBuffer() : null))
      .then(async (buf) => {
        if (!buf) return null;
        let bytes = new Uint8Array(buf);
        // Written gzipped; a server may already have undone that.
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
          const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
          bytes = new Uint8Array(await new Response(stream).arrayBuffer());
        }
        return JSON.parse(new TextDecoder().decode(bytes));
      })
      .catch(() => null)
      .then((file) => {
        const v = { words: [], counts: [], set: new Set(), compounds: {}, groups: [], groupOf: new Map() };
        if (!file) return v;
        v.words = file.words || [];
        v.counts = file.counts || [];
        v.set = new Set(v.words);
        v.compounds = file.compounds || {};
        v.groups = file.synonyms || [];
        v.groups.forEach((g, i) => g.forms.forEach((f) => v.groupOf.set(f, i)));
        return v;
      });
  }
  return vocabulary;
}

// The first index of a sorted array whose word is >= w.
function lowerBound(words, w) {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid] < w) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The word, or a form of it, occurs in the site; Pagefind finds it as is.
function known(v, w) {
  if (v.set.has(w)) return true;
  const i = lowerBound(v.words, w);
  if (i < v.words.length && v.words[i].startsWith(w)) return true;
  for (const end of ENDINGS) {
    if (w.length - end.length >= 3 && w.endsWith(end) && v.set.has(w.slice(0, -end.length))) return true;
  }
  // gesprekken → gesprek
  if (/([^aeiou])\1en$/.test(w) && v.set.has(w.slice(0, -3))) return true;
  return false;
}

// A form of the word the site uses as a whole word (for compound parts).
function standsAlone(v, w) {
  if (w.length < MIN_PART) return false;
  if (v.set.has(w)) return true;
  return ENDINGS.some((end) => v.set.has(w + end));
}

// The parts of a compound: the build's split for the site's words (a site
// word the build left whole is no compound), else a split of a word the site
// does not use into words it does, with linking letters.
export function splitWord(v, w) {
  if (v.compounds[w]) return v.compounds[w];
  if (w.length < 2 * MIN_PART || v.set.has(w)) return null;
  for (let cut = w.length - MIN_PART; cut >= MIN_PART; cut--) {
    const head = w.slice(0, cut);
    if (!v.set.has(head)) continue;
    for (const link of LINKS) {
      if (!w.startsWith(link, cut)) continue;
      const rest = w.slice(cut + link.length);
      if (!SUFFIXES.some((end) => rest.startsWith(end)) && standsAlone(v, rest)) return [head + link, rest];
    }
  }
  return null;
}

// Optimal string alignment distance, or max + 1 when it is over `max`.
function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = null;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

// The site's word closest to a word it does not use: fewest edits (one for
// words of up to five letters, else two), then the most frequent.
export function correct(v, w) {
  if (w.length < 4) return null;
  const max = w.length <= 5 ? 1 : 2;
  let best = null;
  for (let i = 0; i < v.words.length; i++) {
    const cand = v.words[i];
    if (Math.abs(cand.length - w.length) > max) continue;
    const d = distance(w, cand, max);
    if (d > max) continue;
    const count = v.counts[i] || 0;
    if (!best || d < best.d || (d === best.d && count > best.count)) best = { word: cand, d, count };
  }
  return best && best.word;
}

// What a query is searched as: per word, the word used (corrected or not)
// and the alternatives that also count for it. A query that is a phrase of
// a synonym group ("werken op afstand", "re-integratie") is one word.
export async function plan(query) {
  const v = await load();
  const whole = fold(query).replace(/\s+/g, " ").trim();
  const tokens = (query.match(/[\p{L}\p{N}]+/gu) || []).map(fold);
  const content = tokens.filter((t) => !STOP.has(t));
  const list = v.groupOf.has(whole) && tokens.length > 1 ? [whole] : content.length ? content : tokens;
  const words = list.map((word) => {
    let used = word;
    let corrected = false;
    let group = v.groupOf.get(word);
    const isKnown = !v.words.length || known(v, word);
    if (group === undefined && !isKnown && !splitWord(v, word)) {
      const c = correct(v, word);
      if (c) {
        used = c;
        corrected = true;
        group = v.groupOf.get(used);
      }
    }
    // Pagefind searches a word it does not have as its longest known
    // prefix ("werkbelasting" as "werk"): such a word is searched only
    // through its synonyms and parts, when it has any.
    const alternatives = [];
    if (isKnown || corrected) alternatives.push({ query: used, weight: 1 });
    if (group !== undefined) {
      v.groups[group].say.forEach((s) => {
        if (fold(s) !== used) alternatives.push({ query: s, weight: isKnown || corrected ? 0.9 : 1 });
      });
    }
    const parts = splitWord(v, used);
    if (parts) alternatives.push({ query: parts.join(" "), weight: 0.8 });
    if (!alternatives.length) alternatives.push({ query: used, weight: 1 });
    return { word, used, corrected, alternatives };
  });
  return { query, words, corrections: words.filter((w) => w.corrected).map((w) => ({ from: w.word, to: w.used })) };
}

function clean(text) {
  return typeof text === "string" ? text.replace(MARK, "") : text;
}

function withHighlight(url, words) {
  if (!url || !words.length) return url;
  const hash = url.indexOf("#");
  const [path, anchor] = hash < 0 ? [url, ""] : [url.slice(0, hash), url.slice(hash)];
  return path + (path.includes("?") ? "&" : "?") + "highlight=" + encodeURIComponent(words.join(" ")) + anchor;
}

// The page's words at the places the search matched, as the page has them.
function matchedWords(data) {
  const words = (data.content || "").split(/[\r\n\s]+/g);
  const found = new Set();
  (data.locations || []).forEach((i) => {
    const w = clean(words[i] || "").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (w) found.add(w.toLowerCase());
  });
  return Array.from(found).slice(0, 12);
}

// A Pagefind result whose data has the marks taken out and highlight links.
function tidy(result) {
  return {
    ...result,
    data: async () => {
      const data = await result.data();
      const words = matchedWords(data);
      const meta = {};
      Object.keys(data.meta || {}).forEach((k) => (meta[k] = clean(data.meta[k])));
      return {
        ...data,
        content: clean(data.content),
        excerpt: clean(data.excerpt),
        meta,
        url: withHighlight(data.url, words),
        sub_results: (data.sub_results || []).map((s) => ({
          ...s,
          title: clean(s.title),
          excerpt: clean(s.excerpt),
          url: withHighlight(s.url, words),
        })),
        highlight: words,
      };
    },
  };
}

export async function search(term, opts = {}) {
  const p = await plan(term || "");
  lastPlan = p;
  if (typeof document !== "undefined") document.dispatchEvent(new CustomEvent("leidraad:search-plan", { detail: p }));
  if (!p.words.length) return pagefind.search(term, opts);
  const runs = [];
  p.words.forEach((w, i) => w.alternatives.forEach((a) => runs.push({ i, weight: a.weight, query: a.query })));
  const all = p.words.map((w) => w.used).join(" ");
  if (p.words.length > 1) runs.push({ i: -1, weight: 1, query: all });
  const found = await Promise.all(runs.map((r) => pagefind.search(r.query, opts)));

  // A word found on fewer pages counts for more (inverse document frequency).
  const pageCount = Math.max(1, ...found.map((r) => (r ? r.unfilteredResultCount || 0 : 0)));
  const df = new Array(p.words.length).fill(0);
  found.forEach((res, n) => {
    if (res && runs[n].i >= 0) df[runs[n].i] = Math.max(df[runs[n].i], res.results.length);
  });
  const idf = df.map((d) => Math.log(1 + pageCount / Math.max(1, d)));

  const pages = new Map();
  let widest = found[0];
  found.forEach((res, n) => {
    if (!res) return;
    if (!widest || res.results.length > widest.results.length) widest = res;
    const run = runs[n];
    const top = res.results.reduce((m, r) => Math.max(m, r.score), 0) || 1;
    res.results.forEach((r) => {
      let page = pages.get(r.id);
      if (!page) pages.set(r.id, (page = { result: r, scores: new Array(p.words.length).fill(0), all: false, source: -1 }));
      if (run.i < 0) {
        page.all = true;
        page.result = r;
        page.source = 2;
        return;
      }
      const s = (run.weight * r.score) / top;
      if (s > page.scores[run.i]) page.scores[run.i] = s;
      if (page.source < 2 && s > page.source) {
        page.result = r;
        page.source = s;
      }
    });
  });
  // All words first, then most words; within that, the weighted scores.
  const ranked = Array.from(pages.values()).map((page) => {
    const matched = page.all ? p.words.length : page.scores.filter((s) => s > 0).length;
    const score = page.scores.reduce((a, s, i) => a + s * idf[i], 0);
    return { page, matched, score };
  });
  ranked.sort((a, b) => b.matched - a.matched || b.score - a.score);
  return {
    ...(widest || {}),
    results: ranked.map(({ page, score }) => tidy({ ...page.result, score })),
    unfilteredResultCount: pageCount,
  };
}

// The vocabulary is fetched as soon as the search page loads this module
// (when the reader starts typing), beside Pagefind's own files.
load();

let timer = null;
export async function debouncedSearch(term, opts = {}, ms = 300) {
  clearTimeout(timer);
  const mine = (timer = setTimeout(() => {}, ms));
  await new Promise((r) => setTimeout(r, ms));
  if (mine !== timer) return null;
  return search(term, opts);
}
