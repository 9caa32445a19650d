//! A site in an organisation's own colours (spec sections 9 and 10), built
//! from `tests/fixtures/branded`: logo, accent colours, menu, footer and
//! edit links on every kind of page; the contrast and missing-logo errors
//! at their lines; folder pages with `_index.md`, breadcrumbs that link
//! them; callouts, definition lists, heading links and back-to-top;
//! site-absolute links under base_url.

use crate::support::Site;

fn branded() -> Site {
    let s = Site::fixture("branded");
    s.build(&["--no-search"]).ok();
    s
}

/// One page of every kind the branded site has.
const PAGE_KINDS: [&str; 8] = [
    "public/index.html",
    "public/gesprekken/feedback-geven/index.html",
    "public/beleid/index.html",
    "public/beleid/verlof/index.html",
    "public/pijlers/index.html",
    "public/pijlers/coaching/index.html",
    "public/zoeken/index.html",
    "public/404.html",
];

#[test]
fn logo_colours_menu_and_footer_are_on_every_kind_of_page() {
    let s = branded();
    for page in PAGE_KINDS {
        let html = s.read(page);
        assert!(html.contains(r#"<img class="site-logo" src="/hr/logo.svg" alt="""#), "logo in {page}");
        assert!(html.contains(r#"<link rel="stylesheet" href="/hr/brand.css">"#), "brand.css in {page}");
        assert!(html.contains(r#"<li><a href="https://intranet.example.nl/hr/">HR-portaal</a></li>"#), "menu in {page}");
        assert!(html.contains(r#"<li><a href="/hr/beleid/">Over deze site</a></li>"#), "menu path under base_url in {page}");
        assert!(html.contains(r#"<a href="mailto:hr@voorbeeld.nl">hr@voorbeeld.nl</a>"#), "footer in {page}");
        assert!(!html.contains("style=\""), "no inline styles (CSP) in {page}");
    }
    assert!(s.exists("public/logo.svg"));
    let css = s.read("public/brand.css");
    assert!(css.contains(":root { --accent: #0b5cad;"), "{css}");
    // A dark-mode accent derived from the light one, lighter so it reads on dark.
    assert!(css.contains(r#":root[data-theme="dark"] { --accent: #"#), "{css}");
    assert!(css.contains(".display-colour.term-pillars-coaching { --pc: #7a3e9d;"), "{css}");
}

#[test]
fn edit_links_name_the_source_path() {
    let s = branded();
    let article = s.read("public/gesprekken/feedback-geven/index.html");
    assert!(
        article.contains(r#"<a class="edit-link" href="https://git.voorbeeld.nl/hr/kennisbank/-/edit/main/articles/gesprekken/feedback-geven.md">Bewerk deze pagina</a>"#),
        "{article}"
    );
    let folder = s.read("public/beleid/index.html");
    assert!(folder.contains("/-/edit/main/articles/beleid/_index.md\""), "{folder}");
}

#[test]
fn a_colour_without_enough_contrast_is_an_error_at_its_line() {
    let s = Site::fixture("branded");
    s.write("site.yaml", &s.read("site.yaml").replace("accent: \"#0b5cad\"", "accent: \"#7fb2f0\""));
    let run = s.run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.contains("site.yaml:9:"), "{err}");
    assert!(err.contains("2.11:1") && err.contains("4.5:1"), "{err}");
    assert!(err.contains("the nearest colour that passes is `#"), "{err}");

    let s = Site::fixture("branded");
    s.write("site.yaml", &s.read("site.yaml").replace("color: \"#7a3e9d\"", "color: \"#f5c542\""));
    let err = s.run(&["check"]).stderr();
    assert!(err.contains("site.yaml:30:") && err.contains("`#f5c542` has a contrast of"), "{err}");
}

#[test]
fn a_missing_logo_is_an_error_at_the_logo_line() {
    let s = Site::fixture("branded");
    std::fs::remove_file(s.root().join("static/logo.svg")).unwrap();
    let run = s.build(&[]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("site.yaml:7:") && run.stderr().contains("static/logo.svg"), "{}", run.stderr());
    assert!(!s.exists("public"), "nothing written");
}

#[test]
fn folder_pages_list_their_sub_folders_and_articles_in_order() {
    let s = branded();
    let beleid = s.read("public/beleid/index.html");
    assert!(beleid.contains("<h1>Beleid en regelingen</h1>"), "{beleid}");
    // The introduction from _index.md, with its link rewritten.
    assert!(beleid.contains("<strong>regelingen</strong>") && beleid.contains(r#"href="/hr/gesprekken/eerste-gesprek/""#), "{beleid}");
    let sub = beleid.find(r#"<a href="/hr/beleid/verlof/">Verlof</a>"#).expect("the sub-folder");
    let article = beleid.find(r#"href="/hr/beleid/thuiswerken/""#).expect("the folder's article");
    assert!(sub < article, "sub-folders first");
    assert!(!beleid.contains("ouderschapsverlof/\""), "only the folder's own articles");
    // The home page leads into the top folders, by weight: Gesprekken (1) before Beleid (2).
    let home = s.read("public/index.html");
    let g = home.find(r#"<a href="/hr/gesprekken/">Gesprekken</a>"#).expect("gesprekken on home");
    let b = home.find(r#"<a href="/hr/beleid/">Beleid en regelingen</a>"#).expect("beleid on home");
    assert!(g < b, "{home}");
    assert!(
        home.contains(r#"<a href="/hr/beleid/">Beleid en regelingen</a><span class="folder-tile-text">De afspraken die voor iedereen gelden.</span><span class="count">2 artikelen</span>"#),
        "Beleid counts its sub-folder's article too: {home}"
    );
    // Breadcrumbs link every folder, with its _index.md title.
    let leaf = s.read("public/beleid/verlof/ouderschapsverlof/index.html");
    assert!(leaf.contains(r#"<li><a href="/hr/beleid/">Beleid en regelingen</a></li>"#), "{leaf}");
    assert!(leaf.contains(r#"<li><a href="/hr/beleid/verlof/">Verlof</a></li>"#), "{leaf}");
    // Folder pages are in the sitemap, _index.md is no article.
    assert!(s.read("public/sitemap.xml").contains("<loc>/hr/beleid/verlof/</loc>"));
    assert!(!s.exists("public/beleid/index/index.html") && !s.exists("public/beleid/_index/index.html"));
}

#[test]
fn a_folder_page_colliding_with_an_article_or_a_generated_page_is_an_error() {
    let s = Site::fixture("branded");
    s.write("articles/beleid.md", "---\ntitle: Beleid\ndate: 2026-01-01\n---\nTekst.\n");
    s.write("articles/zoeken/x.md", "---\ntitle: X\ndate: 2026-01-01\n---\nTekst.\n");
    let run = s.run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.contains("articles/beleid.md:1:1") && err.contains("collides with the folder page of `articles/beleid/`"), "{err}");
    assert!(err.contains("articles/zoeken/") && err.contains("collides with the search page"), "{err}");
}

#[test]
fn an_unknown_key_in_index_md_is_located() {
    let s = Site::fixture("branded");
    s.write("articles/gesprekken/_index.md", "---\ntitle: Gesprekken\nweigth: 1\n---\n");
    let err = s.run(&["check"]).stderr();
    assert!(err.contains("articles/gesprekken/_index.md:3:1") && err.contains("did you mean `weight`?"), "{err}");
}

#[test]
fn callouts_definition_lists_and_heading_links() {
    let s = branded();
    let html = s.read("public/gesprekken/feedback-geven/index.html");
    for (kind, title) in
        [("note", "Opmerking"), ("tip", "Tip"), ("important", "Belangrijk"), ("warning", "Let op"), ("caution", "Waarschuwing")]
    {
        let open = format!(
            r#"<div class="callout callout-{kind}" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>{title}</p>"#
        );
        assert!(html.contains(&open), "{kind}: {html}");
    }
    assert!(html.contains("<dt>Waarneming</dt>") && html.contains("<dd>Wat je zelf zag of hoorde, zonder oordeel.</dd>"), "{html}");
    assert!(
        html.contains(r##"</h2><a class="heading-link" href="#tijdens-het-gesprek" aria-label="Link naar deze kop: Tijdens het gesprek""##),
        "{html}"
    );
    // Long pages get a way back to the top; short ones do not.
    assert!(html.contains(r##"<a class="back-to-top" href="#top">Terug naar boven</a>"##));
    assert!(html.contains(r#"<header class="site-header" id="top" tabindex="-1">"#));
    assert!(!s.read("public/beleid/thuiswerken/index.html").contains("back-to-top"));
    assert!(s.read("public/beleid/thuiswerken/index.html").contains("<dt>Rooster</dt>"));
}

#[test]
fn site_absolute_links_resolve_under_base_url_and_dead_ones_are_listed() {
    let s = branded();
    let html = s.read("public/gesprekken/eerste-gesprek/index.html");
    assert!(html.contains(r#"<a href="/hr/zoeken/">kennisbank</a>"#), "{html}");
    assert!(s.read("public/welkom/index.html").contains(r#"href="/hr/pijlers/""#));

    s.write("articles/welkom.md", &s.read("articles/welkom.md").replace("(/pijlers/)", "(/pijlers/)\n[weg](/nergens/)"));
    let run = s.run(&["check"]);
    assert_eq!(run.code(), 0, "a warning, not an error");
    let err = run.stderr();
    assert!(err.contains("articles/welkom.md:11:1") && err.contains("the link `/nergens/` names no page or file of this site"), "{err}");
}

#[test]
fn term_search_links_are_form_encoded() {
    let s = Site::fixture("branded");
    s.build(&[]).ok();
    let term = s.read("public/pijlers/coaching/index.html");
    assert!(term.contains(r#"href="/hr/zoeken/?pillars=Coaching+%2B+feedback+%26+meer""#), "{term}");
}
