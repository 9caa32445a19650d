//! Comparison and reporting: serve's pages against a fresh build (less the
//! live-reload script and error overlay serve adds; for a `--no-search`
//! build the search page skipped and one search link more allowed on term
//! pages), paths gone from the build against 404, serve's errors against
//! check's, and the last good site while the tree is broken. A mismatch is
//! recorded with the edit log and serve's output (and serve restarted);
//! `report` sums them up.

use std::collections::{BTreeMap, BTreeSet};

use super::binary::{Check, Problem};
use super::harness::Harness;

pub(super) struct Mismatch {
    edit: usize,
    kind: String,
    what: String,
    detail: String,
}

/// A good site as serve should still serve it.
pub(super) struct Good {
    pub(super) files: BTreeMap<String, Vec<u8>>,
    pub(super) light: BTreeMap<String, Light>,
}

/// How a page of a `--no-search` build is compared with serve's.
pub(super) enum Light {
    /// Not at all (the search page).
    Skip,
    /// Serve's may have one link to the search page more (term pages).
    SearchLink,
}

/// A difference found by a comparison.
pub(super) struct Finding {
    pub(super) what: String,
    pub(super) detail: String,
}

impl Harness {
    /// How a `--no-search` build's pages differ from serve's (which has
    /// search on): the search page is another page, and each term page with
    /// articles lacks one link to the search page, filtered to the term.
    pub(super) fn light(&self, files: Option<&BTreeMap<String, Vec<u8>>>) -> BTreeMap<String, Light> {
        let Some(files) = files else { return BTreeMap::new() };
        let overviews: BTreeSet<&str> = files
            .keys()
            .filter_map(|p| p.strip_suffix("/index.html"))
            .filter(|p| ["pijlers", "competenties", "rollen"].contains(p))
            .collect();
        let mut out = BTreeMap::from([("zoeken/index.html".to_string(), Light::Skip)]);
        for p in files.keys() {
            let parts: Vec<&str> = p.split('/').collect();
            if parts.len() == 3 && parts[2] == "index.html" && overviews.contains(parts[0]) {
                out.insert(p.clone(), Light::SearchLink);
            }
        }
        out
    }

    /// Requests every file of `files` from serve and compares; `overlay`:
    /// the last save is broken, so pages carry the error overlay.
    fn compare_files(
        &mut self,
        files: &BTreeMap<String, Vec<u8>>,
        light: &BTreeMap<String, Light>,
        overlay: bool,
    ) -> Vec<(String, String)> {
        let mut diffs = Vec::new();
        for (path, want) in files {
            self.time.requests += 1;
            let (status, body) = self.http.get(&format!("/{path}"));
            if status != 200 {
                diffs.push((path.clone(), format!("status {status}")));
                continue;
            }
            let got = match strip_injection(path, &body, overlay) {
                Ok(got) => got,
                Err(e) => {
                    diffs.push((path.clone(), e));
                    continue;
                }
            };
            let same = match light.get(path) {
                None => &got == want,
                Some(Light::Skip) => true,
                Some(Light::SearchLink) => &got == want || one_search_link_more(want, &got),
            };
            if !same {
                diffs.push((path.clone(), excerpt(want, &got)));
            }
        }
        diffs
    }

    pub(super) fn compare_valid(&mut self, files: &BTreeMap<String, Vec<u8>>, light: &BTreeMap<String, Light>) -> Option<Finding> {
        if !self.events.status.ok {
            return Some(Finding {
                what: "serve reports errors for a tree that check and build accept".into(),
                detail: format!("serve's errors (build {}):\n{}", self.events.status.build, list(&self.events.status.errors)),
            });
        }
        let mut diffs = self.compare_files(files, light, false);
        let stale: Vec<String> = self.seen.iter().filter(|p| !files.contains_key(*p)).cloned().collect();
        for path in stale {
            self.time.requests += 1;
            let (status, _) = self.http.get(&format!("/{path}"));
            if status != 404 {
                diffs.push((path, format!("gone from the fresh build, but serve answers {status}")));
            }
        }
        finding(&diffs, files.len(), "served site differs from a fresh build")
    }

    pub(super) fn compare_broken(&mut self, check: &Check) -> Option<Finding> {
        let status = self.events.status.clone();
        if status.ok {
            return Some(Finding {
                what: format!("serve reports ok (build {}), check reports {} errors", status.build, check.errors.len()),
                detail: format!("check's errors:\n{}", check.describe_errors()),
            });
        }
        if status.errors != check.errors {
            let only_check: Vec<Problem> = check.errors.iter().filter(|p| !status.errors.contains(p)).cloned().collect();
            let only_serve: Vec<Problem> = status.errors.iter().filter(|p| !check.errors.contains(p)).cloned().collect();
            return Some(Finding {
                what: format!(
                    "serve reports {} errors, check {} ({} only in check, {} only in serve)",
                    status.errors.len(),
                    check.errors.len(),
                    only_check.len(),
                    only_serve.len()
                ),
                detail: format!("only in check:\n{}\nonly in serve:\n{}", list(&only_check), list(&only_serve)),
            });
        }
        let good = self.last_good.take()?;
        let diffs = self.compare_files(&good.files, &good.light, true);
        let of = good.files.len();
        self.last_good = Some(good);
        finding(&diffs, of, "while the tree is broken, serve no longer serves the last good site")
    }

    pub(super) fn record(&mut self, n: usize, kind: &str, what: String, detail: String, restart: bool) {
        let tail: Vec<&String> = self.log.iter().rev().take(8).collect();
        let tail = tail.into_iter().rev().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n");
        let detail =
            format!("{}\n  edit log (last 8):\n{tail}\n  serve's output (last 8 lines):\n{}", indent(&detail), self.server.tail(8));
        eprintln!("edits: MISMATCH at edit #{n} ({kind}): {what}\n{detail}\n");
        self.mismatches.push(Mismatch { edit: n, kind: kind.to_string(), what, detail });
        if restart {
            self.restart();
        }
    }

    pub(super) fn report(&self, done: usize, edits: usize) -> String {
        let mut s = format!(
            "{} mismatches in {done} edits (seed {}; rerun with LEIDRAAD_EDIT_SEED={} LEIDRAAD_EDITS={edits}):\n",
            self.mismatches.len(),
            self.seed,
            self.seed,
        );
        let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &self.mismatches {
            *by_kind.entry(&m.kind).or_default() += 1;
            s.push_str(&format!("  #{} ({}): {}\n", m.edit, m.kind, m.what));
        }
        s.push_str(&format!("by edit kind: {by_kind:?}\n\nthe first of each edit kind in detail:\n"));
        let mut shown = BTreeSet::new();
        for m in self.mismatches.iter().filter(|m| shown.insert(m.kind.as_str())).take(6) {
            s.push_str(&format!("#{} ({}): {}\n{}\n\n", m.edit, m.kind, m.what, m.detail));
        }
        s
    }
}

/// serve's bytes without what it adds to HTML pages: the live-reload script
/// right before the last `</body>` (at the end if there is none) and, while
/// the last save is broken, the error overlay before it.
fn strip_injection(path: &str, served: &[u8], overlay: bool) -> Result<Vec<u8>, String> {
    if !path.ends_with(".html") {
        return Ok(served.to_vec());
    }
    const SCRIPT: &[u8] = b"<script src=\"/__leidraad/live.js\"></script>";
    const OVERLAY: &[u8] = b"<div id=\"leidraad-error\"";
    let end = rfind(served, b"</body>").unwrap_or(served.len());
    let head = &served[..end];
    if !head.ends_with(SCRIPT) {
        return Err("no live-reload script right before </body>".into());
    }
    let mut start = end - SCRIPT.len();
    if overlay {
        match rfind(&served[..start], OVERLAY) {
            Some(i) if served[..start].ends_with(b"</div>") => start = i,
            _ => return Err("no error overlay before the live-reload script".into()),
        }
    }
    let mut out = served[..start].to_vec();
    out.extend_from_slice(&served[end..]);
    Ok(out)
}

/// Whether `got` is `want` with one fragment inserted that links to the
/// search page: a term page with search on against one without.
fn one_search_link_more(want: &[u8], got: &[u8]) -> bool {
    let pre = want.iter().zip(got).take_while(|(a, b)| a == b).count();
    let room = want.len().min(got.len()) - pre;
    let suf = want.iter().rev().zip(got.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    let inserted = &got[pre..got.len() - suf];
    pre + suf == want.len() && rfind(inserted, b"<a ").is_some() && rfind(inserted, b"/zoeken/?").is_some()
}

/// A finding from the differing files, the first one in detail.
fn finding(diffs: &[(String, String)], of: usize, what: &str) -> Option<Finding> {
    let (path, why) = diffs.first()?;
    let names: Vec<String> = diffs.iter().map(|(p, w)| if w.contains('\n') { p.clone() } else { format!("{p} ({w})") }).collect();
    Some(Finding {
        what: format!("{what}: {} of {of} files: {}", diffs.len(), short_list(&names, 6)),
        detail: format!("first differing file: {path}\n{why}"),
    })
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?).rev().find(|&i| &hay[i..i + needle.len()] == needle)
}

/// Where two byte strings first differ, with some context of each.
fn excerpt(want: &[u8], got: &[u8]) -> String {
    let i = want.iter().zip(got).take_while(|(a, b)| a == b).count();
    let show = |b: &[u8]| {
        let from = i.saturating_sub(160);
        let to = (i + 240).min(b.len());
        let text = String::from_utf8_lossy(&b[from.min(to)..to]).replace('\n', "⏎");
        format!("{}{text}{}", if from > 0 { "…" } else { "" }, if to < b.len() { "…" } else { "" })
    };
    format!(
        "first difference at byte {i} ({} bytes built, {} served)\n  fresh build: {}\n  serve:       {}",
        want.len(),
        got.len(),
        show(want),
        show(got)
    )
}

fn list(problems: &[Problem]) -> String {
    if problems.is_empty() {
        return "    (none)".into();
    }
    problems.iter().map(|p| format!("    {p}")).collect::<Vec<_>>().join("\n")
}

fn short_list(items: &[String], n: usize) -> String {
    let mut s = items.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > n {
        s.push_str(&format!(", … {} more", items.len() - n));
    }
    s
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}
