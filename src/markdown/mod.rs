//! Stage 4, markdown: an article body → [`Rendered`] (HTML, table of
//! contents, heading ids, word count, plain-text summary) with pulldown-cmark.
//!
//! Links to `.md` files become article URLs through the [`LinkMap`]; links
//! to files beside the article become their output URLs; external links are
//! left alone. Anchors cannot be checked until every article's headings are
//! known, so they come back as [`AnchorRef`]s for the pipeline to check.
//! Every diagnostic carries the file's line and column, not the body's.

pub mod links;
pub mod sanitize;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::config::BaseUrl;
use crate::content::front_matter::SourceArticle;
use crate::content::SourceFile;
use crate::diagnostics::Diagnostic;
pub use links::{LinkError, LinkMap, Resolved};

/// Words per minute for the reading time (spec section 5).
pub const WORDS_PER_MINUTE: usize = 200;

/// One heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to a heading, checked once every article is rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    /// The article linked to, or `None` for the same article.
    pub target: Option<usize>,
    pub anchor: String,
    /// Byte range of the link in the file.
    pub span: Range<usize>,
}

/// A rendered article body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The xxh3 hash of `html`, made once here: what a page that shows
    /// the body hashes instead of the whole text (see `render::values`).
    pub html_hash: u64,
    pub toc: Vec<TocEntry>,
    pub words: usize,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    pub anchor_refs: Vec<AnchorRef>,
    /// The published articles this body links to (by index, with repeats):
    /// the editorial report's "no other article links here".
    pub links_to: Vec<usize>,
    /// Site-absolute links (`/zoeken/`), checked against the pages once
    /// they are known.
    pub site_links: Vec<SiteLink>,
}

/// A site-absolute link in a body: the path under the base URL it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    /// Relative to the base URL, decoded, without query or fragment: `zoeken/`.
    pub path: String,
    /// Byte range of the link in the file.
    pub span: Range<usize>,
}

/// The words leidraad writes into bodies itself, from the theme's UI
/// strings: callout titles and the label of heading links.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Labels {
    /// Note, tip, important, warning, caution.
    pub callouts: [String; 5],
    pub heading_link: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"].map(String::from),
            heading_link: "Link to this heading".into(),
        }
    }
}

impl Labels {
    /// From the theme's UI strings (`callout_note`…, `heading_link`),
    /// English where a string is missing.
    pub fn from_strings(strings: &serde_json::Value) -> Labels {
        let d = Labels::default();
        let get = |key: &str, fallback: &String| strings.get(key).and_then(|v| v.as_str()).map_or_else(|| fallback.clone(), String::from);
        let keys = ["callout_note", "callout_tip", "callout_important", "callout_warning", "callout_caution"];
        Labels { callouts: std::array::from_fn(|i| get(keys[i], &d.callouts[i])), heading_link: get("heading_link", &d.heading_link) }
    }
}

impl Rendered {
    pub fn reading_time(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }

    pub fn has_heading(&self, id: &str) -> bool {
        self.toc.iter().any(|t| t.id == id) || self.html.contains(&format!("id=\"fn-{id}\""))
    }
}

/// What link rewriting needs to know about the rest of the site.
pub struct LinkContext<'a> {
    pub map: &'a LinkMap,
    /// Each article's URL path (with the base path), by article index.
    pub urls: &'a [String],
    pub base: &'a BaseUrl,
    pub labels: &'a Labels,
    /// site.yaml `raw_html: true`: raw HTML is published as written instead
    /// of sanitised (see [`sanitize`]).
    pub raw_html: bool,
}

/// The Markdown extensions of spec section 4.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// Renders one article's body.
pub fn render(article: &SourceArticle, ctx: &LinkContext) -> (Rendered, Vec<Diagnostic>) {
    render_source(&article.source, article.body_start, ctx)
}

/// Renders the Markdown of a source file from `body_start` on: an
/// article's body or a folder's introduction.
pub fn render_source(source: &SourceFile, body_start: usize, ctx: &LinkContext) -> (Rendered, Vec<Diagnostic>) {
    let body = &source.text[body_start..];
    let offset = body_start;
    let file = source.display_path();
    let rewriter = Rewriter { ctx, source, file: &file };
    let mut diags = Vec::new();
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 16);
    let mut ids = IdAllocator::default();
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<String>, usize)> = None;
    let mut heading_text = String::new();
    let mut depth = 0usize; // list, quote and footnote depth: top-level paragraphs are at 0
    let mut in_first_paragraph = false;
    let mut summary_done = false;
    let mut task_label_open = false;
    let mut task_count = 0usize;
    let mut raw = false;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let span = offset + range.start..offset + range.end;
        match &event {
            Event::Text(t) | Event::Code(t) => {
                out.words += count_words(t);
                if heading.is_some() {
                    heading_text.push_str(t);
                }
                if in_first_paragraph {
                    out.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if in_first_paragraph => out.first_paragraph.push(' '),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), classes.iter().map(|c| c.to_string()).collect(), events.len()));
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, classes, start)) = heading.take() {
                    let id = ids.allocate(explicit, &heading_text);
                    let class = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape(&classes.join(" "))) };
                    let lvl = level as u8;
                    let title = heading_text.trim().to_string();
                    // The link to the heading stands beside it, not in it, so
                    // the heading's accessible name stays its own text.
                    let (id_attr, label) = (escape(&id), escape(&format!("{}: {title}", ctx.labels.heading_link)));
                    events.insert(start, Event::Html(format!("<div class=\"heading\"><h{lvl} id=\"{id_attr}\"{class}>").into()));
                    events.push(Event::Html(
                        format!("</h{lvl}><a class=\"heading-link\" href=\"#{id_attr}\" aria-label=\"{label}\" data-pagefind-ignore><span aria-hidden=\"true\">#</span></a></div>\n").into(),
                    ));
                    out.toc.push(TocEntry { level: lvl, id, title });
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = rewriter.checked(&dest_url, &span, &mut out, &mut diags);
                events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = rewriter.checked(&dest_url, &span, &mut out, &mut diags);
                events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                raw = true;
                events.push(event);
            }
            Event::TaskListMarker(checked) => {
                // A label around the checkbox and its text, so the box has an
                // accessible name and the text is a click target.
                task_count += 1;
                let checked = if checked { " checked" } else { "" };
                events.push(Event::Html(
                    format!("<label class=\"task\"><input type=\"checkbox\" class=\"task-box\" data-task=\"{task_count}\"{checked}> ")
                        .into(),
                ));
                task_label_open = true;
            }
            Event::Start(Tag::Paragraph) => {
                if depth == 0 && !summary_done {
                    in_first_paragraph = true;
                }
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                if in_first_paragraph {
                    in_first_paragraph = false;
                    summary_done = !out.first_paragraph.trim().is_empty();
                }
                close_task_label(&mut events, &mut task_label_open);
                events.push(event);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                depth += 1;
                events.push(Event::Html(callout_start(kind, ctx.labels).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                close_task_label(&mut events, &mut task_label_open);
                depth -= 1;
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                close_task_label(&mut events, &mut task_label_open);
                depth += 1;
                events.push(event);
            }
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                close_task_label(&mut events, &mut task_label_open);
                depth -= 1;
                events.push(event);
            }
            Event::End(TagEnd::TableCell) => {
                // A line break between cells: Pagefind takes the text of
                // adjacent header cells as one word otherwise.
                events.push(event);
                events.push(Event::Html("\n".into()));
            }
            other => events.push(other),
        }
    }
    out.first_paragraph = out.first_paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    out.html.reserve(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    if raw && !ctx.raw_html {
        out.html = sanitize::clean(&out.html);
    }
    out.html_hash = xxhash_rust::xxh3::xxh3_64(out.html.as_bytes());
    (out, diags)
}

/// The words of a text: runs of characters that are not white space, as
/// `split_whitespace` counts them. Text is nearly always ASCII, and then
/// bytes are counted without decoding characters (a few times faster; this
/// runs over every word of every article).
fn count_words(t: &str) -> usize {
    if !t.is_ascii() {
        return t.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for &b in t.as_bytes() {
        // `char::is_whitespace` includes the vertical tab; `is_ascii_whitespace` does not.
        let space = b.is_ascii_whitespace() || b == 0x0b;
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

/// The opening of a GitHub-style callout (`> [!TIP]`): a note with its
/// title in words and an icon, so its kind is never told by colour alone.
fn callout_start(kind: pulldown_cmark::BlockQuoteKind, labels: &Labels) -> String {
    use pulldown_cmark::BlockQuoteKind as K;
    let (i, class) = match kind {
        K::Note => (0, "note"),
        K::Tip => (1, "tip"),
        K::Important => (2, "important"),
        K::Warning => (3, "warning"),
        K::Caution => (4, "caution"),
    };
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{}</p>\n",
        escape(&labels.callouts[i])
    )
}

fn close_task_label(events: &mut Vec<Event>, open: &mut bool) {
    if *open {
        events.push(Event::Html("</label>".into()));
        *open = false;
    }
}

/// The article whose links are being rewritten, and the site around it.
struct Rewriter<'r> {
    ctx: &'r LinkContext<'r>,
    source: &'r SourceFile,
    file: &'r str,
}

impl Rewriter<'_> {
    /// [`Rewriter::rewrite`], after refusing a `javascript:`, `vbscript:` or
    /// `data:` URL (a warning; the link is published pointing nowhere).
    fn checked<'a>(&self, dest: &CowStr<'a>, span: &Range<usize>, out: &mut Rendered, diags: &mut Vec<Diagnostic>) -> CowStr<'a> {
        if sanitize::safe_url(dest) {
            return self.rewrite(dest, span, out, diags);
        }
        let scheme = dest.split(':').next().unwrap_or_default();
        diags.push(
            Diagnostic::at(
                self.file,
                &self.source.text,
                span.clone(),
                format!("a `{scheme}:` URL is never published; the link points nowhere"),
            )
            .with_hint("link to a page or file (https://…, a relative path) instead")
            .warning(),
        );
        "#".into()
    }

    fn rewrite<'a>(&self, dest: &CowStr<'a>, span: &Range<usize>, out: &mut Rendered, diags: &mut Vec<Diagnostic>) -> CowStr<'a> {
        let ctx = self.ctx;
        match ctx.map.resolve(&self.source.rel, dest) {
            Ok(Resolved::External) => dest.clone(),
            Ok(Resolved::SitePath(path)) => {
                // A path that already starts with the base path is kept as is.
                let under = ctx.base.path.trim_start_matches('/');
                let rel = if !under.is_empty() && path.starts_with(under) { &path[under.len()..] } else { path.as_str() };
                let bare = rel.split(['?', '#']).next().unwrap_or("");
                let decoded = percent_encoding::percent_decode_str(bare).decode_utf8_lossy().into_owned();
                out.site_links.push(SiteLink { path: decoded, span: span.clone() });
                ctx.base.path_to(rel).into()
            }
            Ok(Resolved::SelfAnchor(anchor)) => {
                out.anchor_refs.push(AnchorRef { target: None, anchor, span: span.clone() });
                dest.clone()
            }
            Ok(Resolved::Article { index, anchor }) => {
                out.links_to.push(index);
                let url = &ctx.urls[index];
                match anchor {
                    Some(a) => {
                        let s = format!("{url}#{a}");
                        out.anchor_refs.push(AnchorRef { target: Some(index), anchor: a, span: span.clone() });
                        s.into()
                    }
                    None => url.clone().into(),
                }
            }
            Ok(Resolved::Asset(path)) => ctx.base.path_to(&encode_path(&path)).into(),
            Err(e) => {
                let (msg, hint) = match e {
                    LinkError::Unreadable(_) => return dest.clone(),
                    LinkError::MissingArticle(p) => (
                        format!("link to a missing article `articles/{p}`"),
                        "check the file name and the `../` steps; links are relative to this file".to_string(),
                    ),
                    LinkError::MissingFile(p) => {
                        (format!("link to a missing file `articles/{p}`"), "put the file beside the article or fix the path".to_string())
                    }
                    LinkError::OutsideArticles => (
                        format!("link `{dest}` points outside `articles/`"),
                        "link to articles and files inside `articles/`, or use an absolute URL".to_string(),
                    ),
                    LinkError::Draft(p) => (
                        format!("link to the draft `articles/{p}`, which is not published"),
                        "build with --drafts, publish the target, or remove the link".to_string(),
                    ),
                };
                diags.push(Diagnostic::at(self.file, &self.source.text, span.clone(), msg).with_hint(hint));
                dest.clone()
            }
        }
    }
}

/// Percent-encodes what may not stand in a URL path, keeping `/`.
pub fn encode_path(path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const PATH: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}').add(b'%');
    utf8_percent_encode(path, PATH).to_string()
}

/// Minimal HTML attribute escaping for ids and classes we emit ourselves.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// Heading ids: the slug of the heading text, unique within the article
/// (`-1`, `-2`… for repeats); `{#id}` wins. Each base remembers the next
/// number to try, so 10,000 equal headings take linear time, not
/// quadratic.
#[derive(Default)]
struct IdAllocator {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, explicit: Option<String>, text: &str) -> String {
        if let Some(id) = explicit {
            self.used.insert(id.clone());
            return id;
        }
        let mut base = slug::slugify(text);
        if base.is_empty() {
            base = "section".into();
        }
        let n = self.next.entry(base.clone()).or_insert(0);
        let mut id = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        while self.used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        *n += 1;
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;
    use crate::content::front_matter::FrontMatter;
    use crate::content::SourceFile;
    use std::sync::Arc;

    pub fn article(body: &str) -> SourceArticle {
        let text = format!("---\ntitle: x\n---\n{body}");
        SourceArticle {
            source: SourceFile { rel: "a/x.md".into(), text: Arc::from(text) },
            meta: std::sync::Arc::new(FrontMatter::example("x", "2026-01-01")),
            body_start: 17,
        }
    }

    /// Renders a body of `a/x.md` in a two-article site under `/hr/`.
    pub fn run_with(body: &str, raw_html: bool) -> (Rendered, Vec<Diagnostic>) {
        let map = LinkMap::new([("a/x.md".into(), 0), ("b/y.md".into(), 1)], [], ["a/s.svg".into()]);
        let urls = vec!["/hr/a/x/".to_string(), "/hr/b/y/".to_string()];
        let base = BaseUrl::parse("/hr/").unwrap();
        render(&article(body), &LinkContext { map: &map, urls: &urls, base: &base, labels: &Labels::default(), raw_html })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_does() {
        for t in ["", " ", "een", "  twee woorden ", "a\tb\nc\x0bd\x0ce\rf", "één café", "x\u{a0}y", "eind.  "] {
            assert_eq!(count_words(t), t.split_whitespace().count(), "{t:?}");
        }
    }
    fn run(body: &str) -> (Rendered, Vec<Diagnostic>) {
        super::tests_support::run_with(body, false)
    }
    #[test]
    fn callouts_get_a_title_in_words_and_a_role() {
        let (r, _) = run("> [!TIP]\n> Vraag door.\n\n> [!CAUTION]\n> Niet doen.\n\n> Gewoon citaat.\n");
        assert!(r.html.contains("<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>Tip</p>"), "{}", r.html);
        assert!(r.html.contains("<p>Vraag door.</p>\n</div>"), "{}", r.html);
        assert!(r.html.contains(">Caution</p>"), "{}", r.html);
        assert!(r.html.contains("<blockquote>"), "{}", r.html);
    }

    #[test]
    fn definition_lists_render() {
        let (r, _) = run("Vertrouwen\n: De verwachting dat de ander het goede doet.\n");
        assert!(r.html.contains("<dl>") && r.html.contains("<dt>Vertrouwen</dt>") && r.html.contains("<dd>"), "{}", r.html);
    }

    #[test]
    fn every_heading_has_a_labelled_link_to_itself_beside_it() {
        let (r, _) = run("## Zo & zo\n");
        assert!(
            r.html.contains("<div class=\"heading\"><h2 id=\"zo-zo\">Zo &amp; zo</h2><a class=\"heading-link\" href=\"#zo-zo\" aria-label=\"Link to this heading: Zo &amp; zo\""),
            "{}",
            r.html
        );
        assert_eq!(r.toc[0].title, "Zo & zo");
    }

    #[test]
    fn site_absolute_links_go_under_the_base_url_and_are_recorded() {
        let (r, d) = run("[z](/zoeken/?q=a) en [h](/hr/pijlers/) en [e](https://x.nl/)\n");
        assert!(d.is_empty());
        assert!(r.html.contains("href=\"/hr/zoeken/?q=a\""), "{}", r.html);
        assert!(r.html.contains("href=\"/hr/pijlers/\""), "{}", r.html);
        let paths: Vec<&str> = r.site_links.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(paths, ["zoeken/", "pijlers/"]);
    }

    #[test]
    fn table_cells_are_separated_for_the_search_index() {
        let (r, _) = run("| Rol | Taak |\n|---|---|\n| HR | Advies |\n");
        assert!(r.html.contains("<th>Rol</th>\n<th>Taak</th>"), "{}", r.html);
        assert!(r.html.contains("<td>HR</td>\n<td>Advies</td>"), "{}", r.html);
    }

    #[test]
    fn headings_get_unique_folded_ids() {
        let (r, _) = run("## Één kop\n\n## Één kop\n\n### Eigen {#mijn-id}\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["een-kop", "een-kop-1", "mijn-id"]);
        assert!(r.html.contains("<h2 id=\"een-kop\">Één kop</h2>"), "{}", r.html);
    }

    #[test]
    fn many_equal_headings_take_linear_time() {
        let body = "## Kop\n\n".repeat(20_000);
        let start = std::time::Instant::now();
        let (r, _) = run(&body);
        assert_eq!(r.toc[19_999].id, "kop-19999");
        // Quadratic probing took about 20 s here; linear takes milliseconds.
        assert!(start.elapsed() < std::time::Duration::from_secs(3), "{:?}", start.elapsed());
        let (r, _) = run("## A {#a-1}\n\n## A\n\n## A\n\n## A\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a", "a-2", "a-3"]);
    }

    #[test]
    fn links_are_rewritten_and_checked() {
        let (r, d) = run("Zie [y](../b/y.md#kop) en ![s](s.svg) en [weg](../b/weg.md).\n");
        assert!(r.html.contains("href=\"/hr/b/y/#kop\""), "{}", r.html);
        assert!(r.html.contains("src=\"/hr/a/s.svg\""), "{}", r.html);
        assert_eq!(r.anchor_refs[0].anchor, "kop");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (4, 42));
    }

    #[test]
    fn counts_words_and_takes_the_first_paragraph() {
        let (r, _) = run("## Kop\n\nEerste *alinea*\nhier.\n\nTweede.\n");
        assert_eq!(r.first_paragraph, "Eerste alinea hier.");
        assert_eq!(r.words, 5);
        assert_eq!(r.reading_time(), 1);
    }

    #[test]
    fn extensions_are_on() {
        let (r, _) = run("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] taak\n- [x] klaar\n\n~~weg~~ \"quote\"[^1]\n\n[^1]: voetnoot\n");
        assert!(r.html.contains("<table>"));
        assert!(
            r.html.contains("<label class=\"task\"><input type=\"checkbox\" class=\"task-box\" data-task=\"1\"> taak</label>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("data-task=\"2\" checked>"));
        assert!(r.html.contains("<del>weg</del>"));
        assert!(r.html.contains("“quote”"));
        assert!(r.html.contains("footnote"));
    }
}

#[cfg(test)]
mod sanitize_tests {
    use super::tests_support::run_with;

    /// Everything leidraad's renderer makes, once each.
    const EVERY_CONSTRUCT: &str = "## Kop één\n\n## Kop één\n\n### Eigen {#eigen .klasse}\n\nTekst met *nadruk*, **vet**, `code`, ~~weg~~, \"aanhalingen\"[^1], een [link](../b/y.md#kop), een [extern](https://example.nl/?a=1&b=2 \"titel\") en ![beeld](s.svg \"t\").\n\n> Citaat\n\n1. een\n2. twee\n\n- [ ] taak\n- [x] klaar\n\n| Links | Midden | Rechts |\n|:---|:---:|---:|\n| a | b | c |\n\n```rust\nfn main() {}\n```\n\n---\n\nRegel  \nafbreking\n\n> [!TIP]\n> Vraag door.\n\n> [!WARNING]\n> Let op.\n\nVertrouwen\n: De verwachting dat de ander het goede doet.\n\n[^1]: Voetnoot.\n";

    #[test]
    fn the_sanitiser_leaves_everything_leidraad_renders_unchanged() {
        let (plain, _) = run_with(EVERY_CONSTRUCT, false);
        // The same body with one harmless raw tag goes through the sanitiser.
        let (cleaned, _) = run_with(&format!("{EVERY_CONSTRUCT}\n<span>rauw</span>\n"), false);
        let normal = |h: &str| {
            h.replace(" />", ">")
                .replace(" checked>", " checked=\"\">")
                .replace(" disabled>", " disabled=\"\">")
                .replace(" data-pagefind-ignore>", " data-pagefind-ignore=\"\">")
                .replace("text-align: ", "text-align:")
        };
        let cleaned = cleaned.html.replace("<p><span>rauw</span></p>\n", "");
        assert_eq!(normal(&cleaned), normal(&plain.html));
    }

    #[test]
    fn raw_html_is_sanitised_unless_the_site_allows_it() {
        let body = "Hallo <img src=x onerror=\"alert(1)\"> en <script>alert(2)</script>\n\n<div onclick=\"x()\">blok</div>\n";
        let (r, _) = run_with(body, false);
        assert!(!r.html.contains("onerror") && !r.html.contains("<script") && !r.html.contains("onclick"), "{}", r.html);
        let (r, _) = run_with(body, true);
        assert!(r.html.contains("<script>alert(2)</script>"), "raw_html: true publishes as written: {}", r.html);
    }

    #[test]
    fn script_urls_never_reach_a_page() {
        for raw_html in [false, true] {
            let (r, d) = run_with("[a](javascript:alert(1)) ![b](data:text/html,x) <vbscript:y> [c](JAVA&#x09;SCRIPT:z)\n", raw_html);
            let html = r.html.to_lowercase();
            assert!(["=\"javascript", "=\"vbscript", "=\"data:"].iter().all(|bad| !html.contains(bad)), "{}", r.html);
            assert_eq!(d.len(), 4, "{d:?}");
            assert!(d.iter().all(|d| !d.is_error() && d.line == 4));
        }
    }
}
