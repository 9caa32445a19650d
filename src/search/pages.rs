//! The article pages as Pagefind reads them: their words, and a copy of each
//! page in which every compound carries the places where it splits.
//!
//! Each page is parsed once ([`scan`], with lol_html, as Pagefind does);
//! the copy is made by inserting marks at the byte offsets found then.
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

use std::ops::Range;

use lol_html::{element, end_tag, text, HtmlRewriter, Settings};

use super::compounds::MIN_PART;
use super::settings::fold;

/// What is put between the parts of a compound in the copy Pagefind reads.
/// ASCII punctuation, so Pagefind splits there; the search page removes it.
pub const MARK: &str = "^^";

/// The skipped elements inside the indexed body.
const SKIP: &str = "[data-pagefind-body] [data-pagefind-ignore], [data-pagefind-body] [data-pagefind-filter], script, style";

/// Where the parts of a page that Pagefind reads are, when the page can be
/// cut down to them: everything before `<body`, and the one element with
/// `data-pagefind-body`, with no filter, meta or sort attribute elsewhere in
/// the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub head_end: usize,
    pub indexed: Range<usize>,
}

#[derive(Default)]
struct Found {
    body: Option<usize>,
    indexed_start: Option<usize>,
    indexed_end: Option<usize>,
    inside: bool,
    cannot_cut: bool,
}

/// Elements whose attributes Pagefind reads wherever they are.
const ATTRIBUTES: &str =
    "body [data-pagefind-filter], body [data-pagefind-meta], body [data-pagefind-sort], body [data-pagefind-default-meta]";

/// Calls `each` with every run of text Pagefind indexes on the page and
/// the run's byte offset in `html`. Runs are raw HTML text (entities not
/// decoded). Returns the page's [`Outline`], if it can be cut down.
pub fn scan(html: &str, mut each: impl FnMut(&str, usize)) -> Result<Option<Outline>, String> {
    let skipping = Rc::new(Cell::new(0usize));
    let pending = RefCell::new((String::new(), None::<usize>));
    let found = Rc::new(RefCell::new(Found::default()));
    let body_handler = {
        let found = found.clone();
        element!("body", move |el| {
            found.borrow_mut().body.get_or_insert(el.source_location().bytes().start);
            Ok(())
        })
    };
    let indexed_handler = {
        let found = found.clone();
        element!("[data-pagefind-body]", move |el| {
            let mut f = found.borrow_mut();
            if f.indexed_start.is_some() || !el.can_have_content() || el.is_self_closing() {
                f.cannot_cut = true;
                return Ok(());
            }
            f.indexed_start = Some(el.source_location().bytes().start);
            f.inside = true;
            let found = found.clone();
            el.on_end_tag(end_tag!(move |end| {
                let mut f = found.borrow_mut();
                f.indexed_end = Some(end.source_location().bytes().end);
                f.inside = false;
                Ok(())
            }))
        })
    };
    let attribute_handler = {
        let found = found.clone();
        element!(ATTRIBUTES, move |_| {
            let mut f = found.borrow_mut();
            if !f.inside {
                f.cannot_cut = true;
            }
            Ok(())
        })
    };
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
        // A run may come in several chunks (contiguous in the source): it
        // is handled whole, at its end.
        let mut pending = pending.borrow_mut();
        pending.0.push_str(t.as_str());
        pending.1.get_or_insert(t.source_location().bytes().start);
        if t.last_in_text_node() {
            let (run, at) = std::mem::take(&mut *pending);
            each(&run, at.unwrap_or(0));
        }
        Ok(())
    });
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(body_handler)
            .append_element_content_handler(indexed_handler)
            .append_element_content_handler(attribute_handler)
            .append_element_content_handler(skip_handler)
            .append_element_content_handler(text_handler),
        |_: &[u8]| {},
    );
    rewriter.write(html.as_bytes()).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    let f = found.take();
    Ok(match (f.cannot_cut, f.body, f.indexed_start, f.indexed_end) {
        (false, Some(head_end), Some(start), Some(end)) if head_end <= start && start < end && end <= html.len() => {
            Some(Outline { head_end, indexed: start..end })
        }
        _ => None,
    })
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

/// Adds the page's words, folded, to `counts`, and returns where the
/// words that could be compounds (two parts' worth of letters) are.
pub fn count_words(html: &str, counts: &mut HashMap<String, u32>) -> Result<(Vec<Range<u32>>, Option<Outline>), String> {
    let mut long = Vec::new();
    let mut folded = String::new();
    let outline = scan(html, |run, at| {
        for (s, e) in words(run) {
            fold_into(&run[s..e], &mut folded);
            match counts.get_mut(folded.as_str()) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(folded.clone(), 1);
                }
            }
            if folded.len() >= 2 * MIN_PART {
                long.push((at + s) as u32..(at + e) as u32);
            }
        }
    })?;
    Ok((long, outline))
}

/// `word` in lower case without diacritics, into `out` (as
/// [`super::settings::fold`], without allocating for plain ASCII).
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&fold(word));
    }
}

/// The page as Pagefind is to read it: cut down to its [`Outline`] (when
/// it has one), with [`MARK`] between the parts of every compound in
/// `splits` (folded word → parts), looked for at the places `long` gives
/// (both from [`count_words`]).
pub fn copy_for_index(html: &str, long: &[Range<u32>], outline: Option<&Outline>, splits: &HashMap<String, Vec<String>>) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut last, end) = match outline {
        Some(o) => {
            out.push_str(&html[..o.head_end]);
            out.push_str("<body>");
            (o.indexed.start, o.indexed.end)
        }
        None => (0, html.len()),
    };
    let mut folded = String::new();
    for range in long {
        let (s, e) = (range.start as usize, range.end as usize);
        if s < last || e > end {
            continue;
        }
        let Some(word) = html.get(s..e) else { continue };
        fold_into(word, &mut folded);
        let Some(parts) = splits.get(folded.as_str()) else { continue };
        // Parts are counted in letters of the folded word; a word whose
        // folding changes its length is left whole.
        if folded.chars().count() != word.chars().count() {
            continue;
        }
        out.push_str(&html[last..s]);
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
    out.push_str(&html[last..end]);
    if outline.is_some() {
        out.push_str("</body></html>");
    }
    out
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
        let (long, _) = count_words(PAGE, &mut counts).unwrap();
        assert_eq!(counts.get("teamcultuur"), Some(&2), "{counts:?}");
        assert_eq!(
            long.iter().map(|r| &PAGE[r.start as usize..r.end as usize]).collect::<Vec<_>>(),
            ["Teamcultuur", "teamcultuur", "vertrouwen"]
        );
        assert!(counts.contains_key("vertrouwen"));
        assert!(!counts.contains_key("amp") && !counts.contains_key("var"), "{counts:?}");
        assert_eq!(counts.get("caf"), Some(&1), "a reference ends a word");
    }

    #[test]
    fn compounds_are_marked_in_text_but_not_in_filters() {
        let splits = HashMap::from([("teamcultuur".to_string(), vec!["team".to_string(), "cultuur".to_string()])]);
        let mut counts = HashMap::new();
        let (long, outline) = count_words(PAGE, &mut counts).unwrap();
        let whole = copy_for_index(PAGE, &long, None, &splits);
        assert!(whole.contains("<nav>Teamcultuur</nav>"), "{whole}");
        let page = copy_for_index(PAGE, &long, outline.as_ref(), &splits);
        assert!(page.starts_with("<html><body><article data-pagefind-body>") && page.ends_with("</article></body></html>"), "{page}");
        assert!(page.contains("<h1 data-pagefind-meta=\"title\">Over Team^^cultuur</h1>"), "{page}");
        assert!(page.contains("Een sterke team^^cultuur &amp; vertrouwen"), "{page}");
        assert!(page.contains("<span data-pagefind-filter=\"pillars\">Teamcultuur</span>"), "{page}");
        assert!(page.contains("var teamcultuur;") && !page.contains("<nav>"), "{page}");
        // A filter outside the indexed element: the page is copied whole.
        let spread = "<html><body><p data-pagefind-filter=\"x:y\">a</p><main data-pagefind-body>teamcultuur</main></body></html>";
        let (long, outline) = count_words(spread, &mut counts).unwrap();
        assert_eq!(outline, None);
        assert_eq!(copy_for_index(spread, &long, None, &splits), spread.replace("teamcultuur", "team^^cultuur"));
    }
}
