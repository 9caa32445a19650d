//! The default theme's busiest templates written out in Rust: `card.html`,
//! `article.html` and `term.html` (in `base.html`, with the `macros.html`
//! they use) and `sitemap.xml`.
//!
//! Why by hand: at 10,000 articles these pages are most of a build's work,
//! and half of Tera's time goes to looking variables up by their dotted
//! names and to copying the context (a term page lists thousands of cards).
//! This writer produces the very bytes Tera makes from the built-in
//! templates, several times faster. Each kind of page is written here only
//! while the site keeps its templates as built in; a site or theme that
//! overrides one of them gets Tera for the pages that use it, and so does
//! every page when the UI strings it needs are not all plain text. The
//! tests in `tests/it/theme.rs` build sites with and without byte-identical
//! copies of the templates (which switch this writer off) and require equal
//! output, so a change to a template that is not made here too fails them.

use serde_json::Value;

use super::views::{CardView, Crumb, SiteView, TaxonomyView, TermGroup, TermView};
use crate::markdown::TocEntry;
use crate::theme::{escape_html as escape, escape_html_into as esc, Theme};

/// The UI strings (`t.*`) the templates read, escaped.
struct Strings {
    home: String,
    breadcrumbs: String,
    audience: String,
    draft: String,
    by: String,
    updated: String,
    reading_time_one: String,
    reading_time_many: String,
    toc: String,
    related: String,
    prev_next: String,
    previous: String,
    next: String,
    term_articles: String,
    no_articles: String,
    articles_count_one: String,
    articles_count_many: String,
    search_filter_on: String,
}

/// The default theme's article and card writer for one site.
pub struct Builtin {
    t: Strings,
    /// Which pages this writer makes: each needs its templates built in.
    card: bool,
    article: bool,
    term: bool,
    sitemap: bool,
    /// Present when `base.html` and `macros.html` are built in.
    base: Option<Base>,
}

/// `base.html` cut into the parts that are the same on every page,
/// escaped and joined once per build.
struct Base {
    /// Up to `<title>`.
    head: String,
    /// After the page title, through `</title>` and its line.
    title_tail: String,
    /// From after the canonical link to `<body class="page-`.
    links: String,
    /// From after the page kind to `<ul>` of the main menu.
    body: String,
    /// The main menu: each taxonomy's name and its `<li>`, up to `>` after
    /// the link's address (where `aria-current` goes), and the rest.
    nav: Vec<(String, String, String)>,
    /// From after the main menu to the start of the main block.
    header: String,
    /// After the main block.
    footer: String,
    home_url: String,
}

/// A term page's own values.
pub struct TermPage<'a> {
    pub taxonomy: &'a TaxonomyView,
    pub term: &'a TermView,
    pub permalink: &'a str,
    pub description: &'a str,
    /// The `card_html` of each article with the term.
    pub cards: Vec<&'a str>,
    pub search_enabled: bool,
}

/// What one article page shows beside its own card.
pub struct ArticlePage<'a> {
    pub card: &'a CardView,
    pub terms: &'a [TermGroup],
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub breadcrumbs: &'a [Crumb],
    pub permalink: &'a str,
    /// The description of the page (the article's summary).
    pub description: &'a str,
    /// The `card_html` of each related article.
    pub related: Vec<&'a str>,
    pub prev: Option<&'a CardView>,
    pub next: Option<&'a CardView>,
}

impl Builtin {
    /// The writer for a theme, or `None` when the site overrides every
    /// template it covers or the UI strings it needs are not all text.
    pub fn new(theme: &Theme, site: &SiteView) -> Option<Self> {
        let built_in = |name: &str| theme.origins.get(name).is_some_and(|o| *o == format!("themes/default/templates/{name} (built in)"));
        let framed = built_in("base.html") && built_in("macros.html");
        let (card, sitemap) = (built_in("card.html"), built_in("sitemap.xml"));
        let (article, term) = (framed && built_in("article.html"), framed && built_in("term.html"));
        if !(card || article || term || sitemap) {
            return None;
        }
        let get = |key: &str| theme.strings.get(key).and_then(Value::as_str).map(escape);
        let base = if framed { Some(Base::new(site, &get)?) } else { None };
        let t = Strings {
            home: get("home")?,
            breadcrumbs: get("breadcrumbs")?,
            audience: get("audience")?,
            draft: get("draft")?,
            by: get("by")?,
            updated: get("updated")?,
            reading_time_one: get("reading_time_one")?,
            reading_time_many: get("reading_time_many")?,
            toc: get("toc")?,
            related: get("related")?,
            prev_next: get("prev_next")?,
            previous: get("previous")?,
            next: get("next")?,
            term_articles: get("term_articles")?,
            no_articles: get("no_articles")?,
            articles_count_one: get("articles_count_one")?,
            articles_count_many: get("articles_count_many")?,
            search_filter_on: get("search_filter_on")?,
        };
        Some(Builtin { t, card, article, term, sitemap, base })
    }

    pub fn writes_cards(&self) -> bool {
        self.card
    }

    /// `term.html` in `base.html` for one term; `None` when a site
    /// overrides one of those templates.
    pub fn term(&self, p: &TermPage) -> Option<Vec<u8>> {
        let (t, b, tax, term) = (&self.t, self.base.as_ref().filter(|_| self.term)?, p.taxonomy, p.term);
        let mut o = String::with_capacity(p.cards.iter().map(|c| c.len()).sum::<usize>() + 16384);
        b.open(&mut o, "term", &term.title, p.description, p.permalink, Some(&tax.name));
        self.crumbs_open(&mut o, b);
        o.push_str("\n    <li><a href=\"");
        esc(&mut o, &tax.url);
        o.push_str("\">");
        esc(&mut o, &tax.title);
        o.push_str("</a></li>");
        crumbs_close(&mut o, &term.title);
        o.push_str("\n<header class=\"page-header term-header ");
        esc(&mut o, &tax.name);
        o.push_str(" term-");
        push_num(&mut o, term.index);
        o.push_str("\">\n  <p class=\"eyebrow\">");
        esc(&mut o, &tax.title);
        o.push_str("</p>\n  <h1>");
        esc(&mut o, &term.title);
        o.push_str("</h1>\n  <div class=\"description\">");
        o.push_str(&term.description);
        o.push_str("</div>\n  <p class=\"count\">");
        let count = term.count.unwrap_or(0);
        if count == 1 {
            o.push_str(&t.articles_count_one);
        } else {
            push_num(&mut o, count);
            o.push(' ');
            o.push_str(&t.articles_count_many);
        }
        if p.search_enabled && count > 0 {
            o.push_str("<span class=\"sep\" aria-hidden=\"true\"> · </span><a class=\"term-search\" href=\"");
            esc(&mut o, &term.search_url);
            o.push_str("\">");
            o.push_str(&t.search_filter_on);
            o.push_str("</a>");
        }
        o.push_str("</p>\n</header>\n<section class=\"term-articles\" aria-labelledby=\"term-articles\">\n  <h2 id=\"term-articles\">");
        o.push_str(&t.term_articles);
        o.push_str("</h2>\n  ");
        if p.cards.is_empty() {
            o.push_str("\n  <p class=\"empty\">");
            o.push_str(&t.no_articles);
            o.push_str("</p>\n  ");
        } else {
            o.push_str("\n  <div class=\"cards\">");
            for html in &p.cards {
                o.push_str(html);
            }
            o.push_str("</div>\n  ");
        }
        o.push_str("\n</section>\n");
        o.push_str(&b.footer);
        Some(o.into_bytes())
    }

    /// `sitemap.xml` for entries of (URL, last change), sorted by URL;
    /// `None` when the site overrides it.
    pub fn sitemap(&self, urls: &[(String, Option<&str>)]) -> Option<Vec<u8>> {
        if !self.sitemap {
            return None;
        }
        let mut o = String::with_capacity(urls.len() * 120 + 256);
        o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (url, lastmod) in urls {
            o.push_str("\n  <url><loc>");
            esc(&mut o, url);
            o.push_str("</loc>");
            if let Some(l) = lastmod.filter(|l| !l.is_empty()) {
                o.push_str("<lastmod>");
                esc(&mut o, l);
                o.push_str("</lastmod>");
            }
            o.push_str("</url>");
        }
        o.push_str("\n</urlset>\n");
        Some(o.into_bytes())
    }

    /// `card.html` for one article.
    pub fn card(&self, c: &CardView, terms: &[TermGroup]) -> String {
        let mut o = String::with_capacity(640);
        // `set_global` in a loop: the last group named `pillars` with terms.
        let pillars = terms.iter().rev().find(|g| g.name == "pillars" && !g.terms.is_empty());
        o.push_str("\n<article class=\"card");
        if let Some(g) = pillars {
            o.push_str(" pillars term-");
            push_num(&mut o, g.terms[0].index);
        }
        o.push_str("\">\n  <h3 class=\"card-title\"><a href=\"");
        esc(&mut o, &c.url);
        o.push_str("\">");
        esc(&mut o, &c.title);
        o.push_str("</a>");
        self.draft_tag(&mut o, c);
        o.push_str("</h3>\n  <p class=\"card-meta\"><time datetime=\"");
        esc(&mut o, &c.date);
        o.push_str("\">");
        esc(&mut o, &c.date_display);
        o.push_str("</time> · ");
        self.reading_time(&mut o, c.reading_time);
        if let Some(a) = c.author.as_deref().filter(|a| !a.is_empty()) {
            o.push_str(" · ");
            esc(&mut o, a);
        }
        o.push_str("</p>\n  ");
        if !c.summary.is_empty() {
            o.push_str("<p class=\"card-summary\">");
            esc(&mut o, &c.summary);
            o.push_str("</p>");
        }
        o.push_str("\n  ");
        if let Some(g) = pillars {
            badge_list(&mut o, g);
        }
        o.push_str("\n</article>\n");
        o
    }

    /// `article.html` in `base.html` for one article; `None` when a site
    /// overrides one of those templates.
    pub fn article(&self, p: &ArticlePage) -> Option<Vec<u8>> {
        let (t, c, b) = (&self.t, p.card, self.base.as_ref().filter(|_| self.article)?);
        let related: usize = p.related.iter().map(|h| h.len()).sum();
        let mut o = String::with_capacity(p.content.len() + related + 16384);
        b.open(&mut o, "article", &c.title, p.description, p.permalink, None);

        // article.html's main block.
        self.crumbs_open(&mut o, b);
        for crumb in p.breadcrumbs {
            o.push_str("\n    <li>");
            match crumb.url.as_deref().filter(|u| !u.is_empty()) {
                Some(url) => {
                    o.push_str("<a href=\"");
                    esc(&mut o, url);
                    o.push_str("\">");
                    esc(&mut o, &crumb.title);
                    o.push_str("</a>");
                }
                None => esc(&mut o, &crumb.title),
            }
            o.push_str("</li>");
        }
        crumbs_close(&mut o, &c.title);
        o.push_str("\n<article class=\"article");
        let has_toc = p.toc.len() >= 2;
        if has_toc {
            o.push_str(" has-toc");
        }
        o.push_str("\" data-pagefind-body>\n  <header class=\"article-header\">\n    ");
        for g in p.terms.iter().filter(|g| g.name == "roles" && !g.terms.is_empty()) {
            o.push_str("\n    <p class=\"audience\" data-pagefind-ignore>");
            o.push_str(&t.audience);
            o.push_str(": ");
            for (i, term) in g.terms.iter().enumerate() {
                o.push_str("<span data-pagefind-filter=\"");
                esc(&mut o, &g.name);
                o.push_str("\">");
                esc(&mut o, &term.title);
                o.push_str("</span>");
                if i + 1 < g.terms.len() {
                    o.push_str(", ");
                }
            }
            o.push_str("</p>\n    ");
        }
        o.push_str("\n    <h1 data-pagefind-meta=\"title\">");
        esc(&mut o, &c.title);
        self.draft_tag(&mut o, c);
        o.push_str("</h1>\n    <p class=\"article-meta\" data-pagefind-ignore>\n      ");
        if let Some(a) = c.author.as_deref().filter(|a| !a.is_empty()) {
            o.push_str("<span class=\"author\">");
            o.push_str(&t.by);
            o.push_str(" <span data-pagefind-meta=\"author\">");
            esc(&mut o, a);
            o.push_str("</span></span><span class=\"sep\" aria-hidden=\"true\"> · </span>");
        }
        o.push_str("\n      <time datetime=\"");
        esc(&mut o, &c.date);
        o.push_str("\" data-pagefind-meta=\"date:");
        esc(&mut o, &c.date);
        o.push_str("\" data-pagefind-sort=\"date:");
        esc(&mut o, &c.date);
        o.push_str("\">");
        esc(&mut o, &c.date_display);
        o.push_str("</time>");
        if let Some(u) = c.updated.as_deref().filter(|u| !u.is_empty()) {
            o.push_str("<span class=\"sep\" aria-hidden=\"true\"> · </span><span class=\"updated\">");
            o.push_str(&t.updated);
            o.push_str(" <time datetime=\"");
            esc(&mut o, u);
            o.push_str("\">");
            esc(&mut o, c.updated_display.as_deref().unwrap_or(""));
            o.push_str("</time></span>");
        }
        o.push_str("\n      <span class=\"sep\" aria-hidden=\"true\"> · </span><span class=\"reading-time\">");
        self.reading_time(&mut o, c.reading_time);
        o.push_str("</span>\n    </p>\n    <div class=\"article-terms\" data-pagefind-ignore>");
        badges(&mut o, p.terms);
        o.push_str("</div>\n    <div hidden data-pagefind-ignore>");
        for g in p.terms.iter().filter(|g| g.name != "roles") {
            for term in &g.terms {
                o.push_str("<span data-pagefind-filter=\"");
                esc(&mut o, &g.name);
                o.push_str("\">");
                esc(&mut o, &term.title);
                o.push_str("</span>");
            }
        }
        o.push_str("<span data-pagefind-meta=\"summary\">");
        esc(&mut o, &c.summary);
        o.push_str("</span></div>\n  </header>\n  ");
        if has_toc {
            o.push_str("\n  <nav class=\"toc\" aria-labelledby=\"toc-title\" data-pagefind-ignore>\n    <h2 id=\"toc-title\">");
            o.push_str(&t.toc);
            o.push_str("</h2>\n    <ol>");
            for e in p.toc {
                o.push_str("\n      <li class=\"toc-level-");
                push_num(&mut o, e.level as usize);
                o.push_str("\"><a href=\"#");
                esc(&mut o, &e.id);
                o.push_str("\">");
                esc(&mut o, &e.title);
                o.push_str("</a></li>");
            }
            o.push_str("\n    </ol>\n  </nav>\n  ");
        }
        o.push_str("\n  <div class=\"article-body\">\n");
        o.push_str(p.content);
        o.push_str("\n  </div>\n</article>\n");
        if !p.related.is_empty() {
            o.push_str("\n<aside class=\"related\" aria-labelledby=\"related-title\">\n  <h2 id=\"related-title\">");
            o.push_str(&t.related);
            o.push_str("</h2>\n  <div class=\"cards\">");
            for html in &p.related {
                o.push_str(html);
            }
            o.push_str("</div>\n</aside>\n");
        }
        o.push('\n');
        if p.prev.is_some() || p.next.is_some() {
            o.push_str("\n<nav class=\"prev-next\" aria-label=\"");
            o.push_str(&t.prev_next);
            o.push_str("\">\n  ");
            neighbour(&mut o, "prev", &t.previous, p.prev);
            o.push_str("\n  ");
            neighbour(&mut o, "next", &t.next, p.next);
            o.push_str("\n</nav>\n");
        }
        o.push('\n');
        o.push_str(&b.footer);
        Some(o.into_bytes())
    }

    /// The breadcrumbs of `article.html` and `term.html`, through the home
    /// page's item.
    fn crumbs_open(&self, o: &mut String, b: &Base) {
        o.push_str("\n<nav class=\"breadcrumbs\" aria-label=\"");
        o.push_str(&self.t.breadcrumbs);
        o.push_str("\">\n  <ol>\n    <li><a href=\"");
        o.push_str(&b.home_url);
        o.push_str("\">");
        o.push_str(&self.t.home);
        o.push_str("</a></li>");
    }

    /// `<span class="draft-tag">` after a draft's title.
    fn draft_tag(&self, o: &mut String, c: &CardView) {
        if c.draft {
            o.push_str(" <span class=\"draft-tag\">");
            o.push_str(&self.t.draft);
            o.push_str("</span>");
        }
    }

    /// `m::reading_time(minutes=…)`.
    fn reading_time(&self, o: &mut String, minutes: usize) {
        if minutes == 1 {
            o.push_str(&self.t.reading_time_one);
        } else {
            push_num(o, minutes);
            o.push(' ');
            o.push_str(&self.t.reading_time_many);
        }
    }
}

/// The breadcrumbs' last item, the page itself, and their end.
fn crumbs_close(o: &mut String, title: &str) {
    o.push_str("\n    <li><span aria-current=\"page\">");
    esc(o, title);
    o.push_str("</span></li>\n  </ol>\n</nav>");
}

/// The previous or next article's link of `article.html`, if there is one.
fn neighbour(o: &mut String, rel: &str, label: &str, card: Option<&CardView>) {
    let Some(c) = card else { return };
    o.push_str("<a rel=\"");
    o.push_str(rel);
    o.push_str("\" href=\"");
    esc(o, &c.url);
    o.push_str("\"><span class=\"dir\">");
    o.push_str(label);
    o.push_str("</span> <span class=\"pn-title\">");
    esc(o, &c.title);
    o.push_str("</span></a>");
}

/// `m::badges(groups=…)` with `only` left empty.
fn badges(o: &mut String, groups: &[TermGroup]) {
    for g in groups.iter().filter(|g| !g.terms.is_empty()) {
        badge_list(o, g);
    }
}

/// One group's badges: the body of `m::badges`, and the pillar badges of
/// `card.html`.
fn badge_list(o: &mut String, g: &TermGroup) {
    o.push_str("\n<ul class=\"badges badges-");
    esc(o, &g.name);
    o.push_str("\" aria-label=\"");
    esc(o, &g.title);
    o.push_str("\">");
    for term in &g.terms {
        o.push_str("<li><a class=\"badge badge-");
        esc(o, &g.name);
        o.push_str(" term-");
        push_num(o, term.index);
        o.push_str("\" href=\"");
        esc(o, &term.url);
        o.push_str("\">");
        esc(o, &term.title);
        o.push_str("</a></li>");
    }
    o.push_str("</ul>");
}

impl Base {
    fn new(site: &SiteView, t: &dyn Fn(&str) -> Option<String>) -> Option<Base> {
        let (title, base_path, feed) = (escape(&site.title), escape(&site.base_path), escape(&site.feed_url));
        let home_url = escape(&site.home_url);
        let head = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"color-scheme\" content=\"light dark\">\n<title>",
            escape(&site.language)
        );
        let links = format!(
            "\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{title}\" href=\"{feed}\">\n\
             <link rel=\"icon\" href=\"{base_path}favicon.svg\" type=\"image/svg+xml\">\n\
             <link rel=\"stylesheet\" href=\"{base_path}style.css\">\n\
             <script src=\"{base_path}theme.js\"></script>\n\n</head>\n<body class=\"page-"
        );
        let body = format!(
            "\" data-checklist-reset=\"{}\" data-checklist-progress=\"{}\" data-checklist-saved=\"{}\" data-table-label=\"{}\">\n\
             <a class=\"skip-link\" href=\"#main\">{}</a>\n<header class=\"site-header\">\n  <div class=\"header-inner\">\n    \
             <a class=\"site-title\" href=\"{home_url}\"><span class=\"logo\" aria-hidden=\"true\"></span>{title}</a>\n    \
             <nav class=\"main-nav\" aria-label=\"{}\">\n      <ul>",
            t("checklist_reset")?,
            t("checklist_progress")?,
            t("checklist_saved")?,
            t("table_label")?,
            t("skip_to_content")?,
            t("main_nav")?,
        );
        let nav = site
            .taxonomies
            .iter()
            .map(|tax| {
                (tax.name.clone(), format!("\n        <li><a href=\"{}\"", escape(&tax.url)), format!(">{}</a></li>", escape(&tax.title)))
            })
            .collect();
        let header = format!(
            "\n      </ul>\n    </nav>\n    \n    \
             <form class=\"header-search\" role=\"search\" action=\"{}\" method=\"get\">\n      \
             <label for=\"header-q\" class=\"visually-hidden\">{}</label>\n      \
             <input id=\"header-q\" name=\"q\" type=\"search\" placeholder=\"{}\" autocomplete=\"off\" aria-keyshortcuts=\"/\">\n      \
             <button type=\"submit\">{}</button>\n    </form>\n    \n    \
             <button type=\"button\" class=\"theme-toggle\" aria-pressed=\"false\" title=\"{}\" data-label-dark=\"{dark}\" data-label-light=\"{}\">\
             <span class=\"theme-toggle-icon\" aria-hidden=\"true\"></span><span class=\"theme-toggle-label\">{dark}</span></button>\n  \
             </div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n",
            escape(&site.search_url),
            t("search")?,
            t("search_placeholder")?,
            t("search_button")?,
            t("theme_toggle_title")?,
            t("light_mode")?,
            dark = t("dark_mode")?,
        );
        let description = if site.description.is_empty() { String::new() } else { format!(" · {}", escape(&site.description)) };
        let footer = format!(
            "\n</main>\n<footer class=\"site-footer\">\n  <div class=\"footer-inner\">\n    \
             <p><strong>{title}</strong>{description}</p>\n    <p><a href=\"{feed}\">{}</a> · {}</p>\n  \
             </div>\n</footer>\n</body>\n</html>\n",
            t("footer_feed")?,
            t("footer_made_with")?,
        );
        Some(Base { head, title_tail: format!(" · {title}</title>\n"), links, body, nav, header, footer, home_url })
    }

    /// `base.html` up to the main block, for a page that is not the home,
    /// search or 404 page; `current` is the taxonomy the page belongs to.
    fn open(&self, o: &mut String, kind: &str, title: &str, description: &str, permalink: &str, current: Option<&str>) {
        o.push_str(&self.head);
        esc(o, title);
        o.push_str(&self.title_tail);
        if !description.is_empty() {
            o.push_str("<meta name=\"description\" content=\"");
            esc(o, description);
            o.push_str("\">");
        }
        o.push_str("\n<link rel=\"canonical\" href=\"");
        esc(o, permalink);
        o.push_str("\">");
        o.push_str(&self.links);
        esc(o, kind);
        o.push_str(&self.body);
        for (name, start, end) in &self.nav {
            o.push_str(start);
            if current == Some(name.as_str()) {
                o.push_str(" aria-current=\"page\"");
            }
            o.push_str(end);
        }
        o.push_str(&self.header);
    }
}

fn push_num(o: &mut String, n: usize) {
    use std::fmt::Write;
    let _ = write!(o, "{n}");
}
