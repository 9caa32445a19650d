//! The pages a site has and where each is written: the page list, output
//! paths, and the collisions between pages (an article or alias at a
//! generated page's path). Pure functions of the site model.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// Every page the site has. Articles and terms are named by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    Home,
    /// A folder under `articles/`, by index in `Site::folders`.
    Folder(usize),
    Article(usize),
    Taxonomy(usize),
    Term(usize, usize),
    Search,
    NotFound,
    /// An alias: (article, alias number).
    Alias(usize, usize),
    Feed,
    Sitemap,
    /// `brand.css`: the site's colours for the theme.
    Stylesheet,
    /// The editorial report (section 11): never in the sitemap, the feed
    /// or the search index.
    Editorial,
}

/// Every page of the site; the editorial page with `editorial` (serve) or
/// site.yaml's `editorial_page: true`.
pub fn list(site: &Site, editorial: bool) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::Search, Page::NotFound, Page::Feed, Page::Sitemap, Page::Stylesheet];
    if editorial || site.config.editorial_page {
        pages.push(Page::Editorial);
    }
    pages.extend((0..site.folders.len()).map(Page::Folder));
    pages.extend((0..site.articles.len()).map(Page::Article));
    for (t, tax) in site.config.taxonomies.iter().enumerate() {
        pages.push(Page::Taxonomy(t));
        pages.extend((0..tax.terms.len()).map(|n| Page::Term(t, n)));
    }
    for (i, a) in site.articles.iter().enumerate() {
        pages.extend((0..a.meta.aliases.len()).map(|n| Page::Alias(i, n)));
    }
    pages
}

/// Where a page is written, relative to the output root.
pub fn output_path(site: &Site, page: Page) -> String {
    let c = &site.config;
    match page {
        Page::Home => "index.html".into(),
        Page::Article(i) => site.articles[i].output_path(),
        Page::Folder(f) => site.folders[f].output_path(),
        Page::Stylesheet => "brand.css".into(),
        Page::Taxonomy(t) => format!("{}/index.html", c.taxonomies[t].path),
        Page::Term(t, n) => format!("{}/{}/index.html", c.taxonomies[t].path, c.taxonomies[t].terms[n].slug),
        Page::Search => format!("{}/index.html", c.search_path()),
        Page::NotFound => "404.html".into(),
        Page::Alias(i, n) => alias_path(&site.articles[i].meta.aliases[n], &c.base_url.path),
        Page::Feed => "atom.xml".into(),
        Page::Sitemap => "sitemap.xml".into(),
        Page::Editorial => format!("{}/index.html", c.editorial_path()),
    }
}

/// The output file of an alias: `/oud/pad/` → `oud/pad/index.html`. An
/// alias that repeats the base path has it removed.
pub fn alias_path(alias: &str, base_path: &str) -> String {
    let mut a = alias.trim();
    let base = base_path.trim_matches('/');
    let trimmed = a.trim_start_matches('/');
    if !base.is_empty() && (trimmed == base || trimmed.starts_with(&format!("{base}/"))) {
        a = &trimmed[base.len()..];
    }
    let a = a.trim_matches('/');
    if a.ends_with(".html") || a.ends_with(".htm") {
        a.to_string()
    } else {
        format!("{a}/index.html")
    }
}

/// Two outputs at the same path: articles against generated pages, aliases
/// against everything (article–article clashes are found earlier, with lines).
pub fn collisions(site: &Site, pages: &[Page]) -> Vec<Diagnostic> {
    let c = &site.config;
    let mut diags = Vec::new();
    let mut reserved: BTreeMap<String, String> = BTreeMap::new();
    for tax in &c.taxonomies {
        reserved.insert(tax.path.clone(), format!("the taxonomy pages of `{}` (`{}/`)", tax.name, tax.path));
    }
    reserved.insert(c.search_path().into(), format!("the search page (`{}/`)", c.search_path()));
    // Reserved whether or not this run writes it: `serve` always does.
    reserved.insert(c.editorial_path().into(), format!("the editorial page (`{}/`)", c.editorial_path()));
    reserved.insert(crate::output::BUNDLE.into(), format!("the search index (`{}/`)", crate::output::BUNDLE));
    for f in ["404.html", "atom.xml", "sitemap.xml", "index.html", "brand.css"] {
        reserved.insert(f.into(), format!("the generated `{f}`"));
    }
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for &p in pages {
        let path = output_path(site, p);
        let first = path.split('/').next().unwrap_or("").to_string();
        match p {
            Page::Folder(f) => {
                let folder = &site.folders[f];
                let file = match &folder.source {
                    Some(rel) => format!("articles/{rel}"),
                    None => format!("articles/{}/", folder.path),
                };
                if let Some(what) = reserved.get(&first) {
                    diags.push(
                        Diagnostic::at_line(&file, 1, 1, format!("the folder page `{}` collides with {what}", folder.url))
                            .with_hint("rename the folder"),
                    );
                }
                claimed.insert(path, format!("the folder page of `articles/{}/`", folder.path));
            }
            Page::Article(i) => {
                let a = &site.articles[i];
                if let Some(folder) = claimed.get(&path).filter(|c| c.starts_with("the folder page")) {
                    diags.push(
                        Diagnostic::at_line(
                            &format!("articles/{}", a.rel),
                            1,
                            1,
                            format!("the article's URL `{}` collides with {folder}", a.url),
                        )
                        .with_hint("set another `slug` or rename the folder"),
                    );
                }
                if let Some(what) = reserved.get(&first) {
                    diags.push(
                        Diagnostic::at_line(
                            &format!("articles/{}", a.rel),
                            1,
                            1,
                            format!("the article's URL `{}` collides with {what}", a.url),
                        )
                        .with_hint("rename the folder or set another `slug`"),
                    );
                }
                claimed.insert(path, format!("articles/{}", a.rel));
            }
            Page::Alias(i, n) => {
                let a = &site.articles[i];
                let alias = &a.meta.aliases[n];
                let file = format!("articles/{}", a.rel);
                if let Some(other) = claimed.get(&path).or_else(|| reserved.get(&first)) {
                    let start = a.text.find(alias.as_str()).unwrap_or(0);
                    diags.push(
                        Diagnostic::at(&file, &a.text, start..start + alias.len(), format!("the alias `{alias}` collides with {other}"))
                            .with_hint("choose another old URL or remove the alias"),
                    );
                }
                claimed.insert(path, format!("{file} (alias `{alias}`)"));
            }
            _ => {
                claimed.insert(path, "a generated page".into());
            }
        }
    }
    diags
}

/// Site-absolute links in articles (`/zoeken/`) that name no page or file
/// of the site: warnings, since a server may hold more than the site.
/// `outputs` is every path the run writes.
pub fn dead_site_links<'p>(site: &Site, outputs: impl IntoIterator<Item = &'p str>) -> Vec<Diagnostic> {
    let outputs: std::collections::HashSet<&str> = outputs.into_iter().collect();
    let exists = |p: &str| {
        let p = p.trim_start_matches('/');
        let page = if p.is_empty() || p.ends_with('/') { format!("{p}index.html") } else { format!("{p}/index.html") };
        outputs.contains(p) || outputs.contains(page.as_str()) || p.starts_with(&format!("{}/", crate::output::BUNDLE))
    };
    let mut diags = Vec::new();
    for a in &site.articles {
        for link in a.body.site_links.iter().filter(|l| !exists(&l.path)) {
            diags.push(
                Diagnostic::at(
                    &format!("articles/{}", a.rel),
                    &a.text,
                    link.span.clone(),
                    format!("the link `/{}` names no page or file of this site", link.path),
                )
                .with_hint("site-absolute links are resolved under base_url; link to an article with its relative `.md` path instead")
                .warning(),
            );
        }
    }
    diags
}

/// Site-wide warnings about the pages.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if site.config.base_url.origin.is_empty() {
        diags.push(
            Diagnostic::at_line(
                crate::config::FILE,
                1,
                1,
                "base_url has no host, so atom.xml and sitemap.xml use paths, not absolute URLs",
            )
            .with_hint("set `base_url: \"https://your-intranet/…/\"` for a feed that readers can subscribe to")
            .warning(),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_drop_the_base_path_and_name_an_index() {
        assert_eq!(alias_path("/oud/pad/", "/"), "oud/pad/index.html");
        assert_eq!(alias_path("/hr/oud/", "/hr/"), "oud/index.html");
        assert_eq!(alias_path("oud.html", "/"), "oud.html");
    }
}
