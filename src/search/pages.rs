//! The article pages as Pagefind reads them: their words, and a copy of each
//! page in which every compound carries the places where it splits.
//!
//! Pagefind indexes the parts of a word joined by punctuation
//! ("HR-beleid" is also found as "beleid") at the word's own position, and
//! keeps the word as written in the text that excerpts are cut from. So the
//! copy Pagefind reads writes "leiderschaps^^ontwikkeling" where the page
//! says "leiderschapsontwikkeling": the whole word is indexed as before, its
//! parts as well, and the search page removes [`MARK`] from what Pagefind
//! shows, so excerpts and titles show the article's own words. The pages a
//! reader gets are never changed.
//!
//! Only text inside `data-pagefind-body` is read, outside elements marked
//! `data-pagefind-ignore` or `data-pagefind-filter` (filter values must stay
//! as written) and outside `script` and `style`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use lol_html::html_content::ContentType;
use lol_html::{element, end_tag, text, HtmlRewriter, Settings};

use super::settings::fold;

/// What is put between the parts of a compound in the copy Pagefind reads.
/// ASCII punctuation, so Pagefind splits there; the search page removes it.
pub const MARK: &str = "^^";

/// The skipped elements inside the indexed body.
const SKIP: &str = "[data-pagefind-body] [data-pagefind-ignore], [data-pagefind-body] [data-pagefind-filter], script, style";

/// Calls `each` with every run of text Pagefind indexes on the page, and
/// returns the page with each run replaced by what `each` returns (`None`:
/// left as it is). Runs are raw HTML text (entities not decoded).
pub fn rewrite(html: &str, mut each: impl FnMut(&str) -> Option<String>) -> Result<String, String> {
    let skipping = Rc::new(Cell::new(0usize));
    let pending = RefCell::new(String::new());
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let skip_handler = {
        let skipping = skipping.clone();
        element!(SKIP, move |el| {
            if el.can_have_content() && !el.is_self_closing() {
                skipping.set(skipping.get() + 1);
                let skipping = skipping.clone();
                el.on_end_tag(end_tag!(move |_| {
                    skipping.set(skipping.get().saturating_sub(1));
                    Ok(())
                }))?;
            }
            Ok(())
        })
    };
    let text_handler = text!("[data-pagefind-body]", |t| {
        if skipping.get() > 0 {
            return Ok(());
        }
        // A run may come in several chunks: it is handled whole, at its end.
        let mut buffer = pending.borrow_mut();
        buffer.push_str(t.as_str());
        if !t.last_in_text_node() {
            t.remove();
            return Ok(());
        }
        let run = std::mem::take(&mut *buffer);
        match each(&run) {
            Some(new) => t.replace(&new, ContentType::Html),
            None if t.as_str().len() != run.len() => t.replace(&run, ContentType::Html),
            None => {}
        }
        Ok(())
    });
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(skip_handler).append_element_content_handler(text_handler),
        |chunk: &[u8]| out.extend_from_slice(chunk),
    );
    rewriter.write(html.as_bytes()).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// The byte ranges of the words of a run of HTML text: runs of letters,
/// skipping character references (`&amp;`, `&#233;`).
pub fn words(run: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = run.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphabetic() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            found.push((s, i));
        }
        if c == '&' {
            // Skip to the reference's `;` if it closes within a few letters.
            let rest = &run[i + 1..];
            if let Some(end) = rest.find(';').filter(|&e| e <= 10 && rest[..e].chars().all(|c| c.is_ascii_alphanumeric() || c == '#')) {
                while chars.peek().is_some_and(|&(j, _)| j <= i + 1 + end) {
                    chars.next();
                }
            }
        }
    }
    if let Some(s) = start {
        found.push((s, run.len()));
    }
    found
}

/// Adds the page's words, folded, to `counts`.
pub fn count_words(html: &str, counts: &mut HashMap<String, u32>) -> Result<(), String> {
    rewrite(html, |run| {
        for (s, e) in words(run) {
            *counts.entry(fold(&run[s..e])).or_insert(0) += 1;
        }
        None
    })
    .map(|_| ())
}

/// The page with [`MARK`] between the parts of every compound in `splits`
/// (folded word → parts), or `None` when it has none.
pub fn mark_compounds(html: &str, splits: &HashMap<String, Vec<String>>) -> Result<Option<String>, String> {
    let mut changed = false;
    let page = rewrite(html, |run| {
        let mut out = String::new();
        let mut last = 0;
        for (s, e) in words(run) {
            let word = &run[s..e];
            let Some(parts) = splits.get(&fold(word)) else { continue };
            // Parts are counted in letters of the folded word; a word whose
            // folding changes its length is left whole.
            if fold(word).chars().count() != word.chars().count() {
                continue;
            }
            out.push_str(&run[last..s]);
            let mut letters = word.chars();
            for (n, part) in parts.iter().enumerate() {
                if n > 0 {
                    out.push_str(MARK);
                }
                out.extend(letters.by_ref().take(part.chars().count()));
            }
            out.extend(letters);
            last = e;
        }
        if last == 0 {
            return None;
        }
        changed = true;
        out.push_str(&run[last..]);
        Some(out)
    })?;
    Ok(changed.then_some(page))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str =
        "<html><body><nav>Teamcultuur</nav><article data-pagefind-body><h1 data-pagefind-meta=\"title\">Over Teamcultuur</h1>\
        <div hidden data-pagefind-ignore><span data-pagefind-filter=\"pillars\">Teamcultuur</span></div>\
        <p>Een sterke teamcultuur &amp; vertrouwen; caf&eacute; <br>werkt.</p><script>var teamcultuur;</script></article></body></html>";

    #[test]
    fn words_are_read_from_the_indexed_body_only() {
        let mut counts = HashMap::new();
        count_words(PAGE, &mut counts).unwrap();
        assert_eq!(counts.get("teamcultuur"), Some(&2), "{counts:?}");
        assert!(counts.contains_key("vertrouwen"));
        assert!(!counts.contains_key("amp") && !counts.contains_key("var"), "{counts:?}");
        assert_eq!(counts.get("caf"), Some(&1), "a reference ends a word");
    }

    #[test]
    fn compounds_are_marked_in_text_but_not_in_filters() {
        let splits = HashMap::from([("teamcultuur".to_string(), vec!["team".to_string(), "cultuur".to_string()])]);
        let page = mark_compounds(PAGE, &splits).unwrap().unwrap();
        assert!(page.contains("<h1 data-pagefind-meta=\"title\">Over Team^^cultuur</h1>"), "{page}");
        assert!(page.contains("Een sterke team^^cultuur &amp; vertrouwen"), "{page}");
        assert!(page.contains("<span data-pagefind-filter=\"pillars\">Teamcultuur</span>"), "{page}");
        assert!(page.contains("<nav>Teamcultuur</nav>") && page.contains("var teamcultuur;"), "{page}");
        assert_eq!(mark_compounds("<p data-pagefind-body>geen</p>", &splits).unwrap(), None);
    }
}
