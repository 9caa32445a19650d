//! Building valid sites: pages at their URLs, links between them, escaping,
//! base URLs, drafts, aliases, assets, determinism and output safety.

use crate::support::Site;

fn built() -> Site {
    let site = Site::fixture("basic");
    site.build(&[]).ok();
    site
}

#[test]
fn every_page_is_written_at_its_url() {
    let s = built();
    for page in [
        "public/index.html",
        "public/team/vertrouwen-geven/index.html",
        "public/team/knikkerpot/index.html",
        "public/hr/beleid/thuiswerkbeleid/index.html",
        "public/pijlers/index.html",
        "public/competenties/index.html",
        "public/rollen/index.html",
        "public/pijlers/psychologische-veiligheid/index.html",
        "public/pijlers/gedeelde-verantwoordelijkheid/index.html",
        "public/rollen/medewerker/index.html",
        "public/zoeken/index.html",
        "public/404.html",
        "public/atom.xml",
        "public/sitemap.xml",
        "public/team/schema.svg",
        "public/style.css",
        "public/pagefind/pagefind-entry.json",
    ] {
        assert!(s.exists(page), "{page} is missing");
    }
    assert!(!s.exists("public/team/concept/index.html"), "drafts are not built by default");
}

#[test]
fn article_pages_show_their_data_and_links() {
    let s = built();
    let html = s.read("public/team/vertrouwen-geven/index.html");
    assert!(html.contains("<h1 data-pagefind-meta=\"title\">Vertrouwen geven</h1>"));
    assert!(html.contains("Sanne de Vries"));
    assert!(html.contains("14 maart 2026"), "Dutch date");
    assert!(html.contains("2 mei 2026"), "updated date");
    assert!(html.contains("1 minuut leestijd"));
    assert!(html.contains("Inhoudsopgave"), "two headings give a table of contents");
    // Links to other articles become their URLs, with anchors; assets too.
    assert!(html.contains("href=\"/team/knikkerpot/#het-gesprek\""));
    assert!(html.contains("href=\"/hr/beleid/thuiswerkbeleid/\""));
    assert!(html.contains("src=\"/team/schema.svg\""));
    // Terms link to their pages; related articles and neighbours are there.
    assert!(html.contains("href=\"/pijlers/van-controle-naar-vertrouwen/\""));
    assert!(html.contains("href=\"/rollen/hr/\""));
    assert!(html.contains("Gerelateerde artikelen"));
    assert!(html.contains("rel=\"prev\" href=\"/team/knikkerpot/\""), "the older article of the folder is previous");
    // A checklist.
    assert!(html.contains("type=\"checkbox\""));
    // Duplicate headings get -1.
    let k = s.read("public/team/knikkerpot/index.html");
    assert!(k.contains("id=\"het-gesprek\"") && k.contains("id=\"het-gesprek-1\""));
    assert!(k.contains("rel=\"next\" href=\"/team/vertrouwen-geven/\""));
}

#[test]
fn term_and_taxonomy_pages_list_articles_newest_first() {
    let s = built();
    let term = s.read("public/pijlers/van-controle-naar-vertrouwen/index.html");
    let newer = term.find("/team/vertrouwen-geven/").expect("newer article listed");
    let older = term.find("/team/knikkerpot/").expect("older article listed");
    assert!(newer < older, "newest first");
    assert!(term.contains("Sturen op resultaat."));
    let empty = s.read("public/pijlers/gedeelde-verantwoordelijkheid/index.html");
    assert!(empty.contains("Er zijn nog geen artikelen met deze term."));
    let overview = s.read("public/pijlers/index.html");
    assert!(overview.contains("<strong>veilig</strong>"), "descriptions are Markdown");
    assert!(overview.contains("2 artikelen"), "counts: {overview}");
    let home = s.read("public/index.html");
    assert!(home.contains("/team/vertrouwen-geven/") && home.contains("/pijlers/psychologische-veiligheid/"));
}

#[test]
fn titles_are_escaped_everywhere() {
    let s = built();
    for f in [
        "public/hr/beleid/thuiswerkbeleid/index.html",
        "public/index.html",
        "public/rollen/hr/index.html",
        "public/atom.xml",
        "public/team/vertrouwen-geven/index.html",
    ] {
        let text = s.read(f);
        assert!(!text.contains("<script>alert(1)"), "{f} has an unescaped title");
    }
    assert!(s.read("public/hr/beleid/thuiswerkbeleid/index.html").contains("Thuiswerken &lt;script&gt;alert(1)&lt;/script&gt; &amp; zo"));
}

#[test]
fn a_sub_path_base_url_prefixes_every_internal_url() {
    let s = Site::fixture("basic");
    s.build(&["--base-url", "https://intranet.example.nl/hr/leidraad/"]).ok();
    let html = s.read("public/team/vertrouwen-geven/index.html");
    assert!(html.contains("href=\"/hr/leidraad/team/knikkerpot/#het-gesprek\""));
    assert!(html.contains("href=\"/hr/leidraad/style.css\""));
    assert!(html.contains("href=\"/hr/leidraad/pijlers/van-controle-naar-vertrouwen/\""));
    assert!(html.contains("src=\"/hr/leidraad/team/schema.svg\""));
    assert!(!html.contains("href=\"/team/"), "no link escapes the sub-path");
    let not_found = s.read("public/404.html");
    assert!(not_found.contains("href=\"/hr/leidraad/\""), "404 links are absolute");
    let sitemap = s.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://intranet.example.nl/hr/leidraad/team/knikkerpot/</loc>"));
    let feed = s.read("public/atom.xml");
    assert!(feed.contains("https://intranet.example.nl/hr/leidraad/team/vertrouwen-geven/"));
    let alias = s.read("public/oud/vertrouwen/index.html");
    assert!(alias.contains("url=/hr/leidraad/team/vertrouwen-geven/"));
}

#[test]
fn drafts_are_built_only_when_asked() {
    let s = Site::fixture("basic");
    s.build(&["--drafts"]).ok();
    assert!(s.read("public/team/concept/index.html").contains("Concept"));
    assert!(s.read("public/rollen/medewerker/index.html").contains("/team/concept/"));
}

#[test]
fn aliases_redirect_to_the_article() {
    let s = built();
    let alias = s.read("public/oud/vertrouwen/index.html");
    assert!(alias.contains("http-equiv=\"refresh\" content=\"0; url=/team/vertrouwen-geven/\""));
    assert!(alias.contains("rel=\"canonical\" href=\"https://intranet.example.nl/team/vertrouwen-geven/\""));
}

#[test]
fn folders_with_spaces_and_accents_get_valid_urls() {
    // Folder names are kept (spec section 5: `A/B/<slug>/index.html`); the
    // links to the page are percent-encoded, as a URL must be.
    let s = Site::fixture("basic");
    s.write(
        "articles/Beleid en regels/Één team/verlof.md",
        "---\ntitle: \"Verlof\"\ndate: 2026-04-01\npillars: [van-controle-naar-vertrouwen]\n---\n\nZie [vertrouwen](<../../team/vertrouwen-geven.md>).\n\n## Aanvragen\n\nTekst.\n",
    );
    let rel = "articles/team/vertrouwen-geven.md";
    s.write(rel, &format!("{}\nLees [verlof](<../Beleid en regels/Één team/verlof.md#aanvragen>).\n", s.read(rel)));
    s.build(&[]).ok();
    assert!(s.exists("public/Beleid en regels/Één team/verlof/index.html"));
    let url = "/Beleid%20en%20regels/%C3%89%C3%A9n%20team/verlof/";
    assert!(s.read("public/team/vertrouwen-geven/index.html").contains(&format!("href=\"{url}#aanvragen\"")), "the link to it");
    assert!(s.read("public/index.html").contains(&format!("href=\"{url}\"")), "its card on the home page");
    assert!(s.read("public/sitemap.xml").contains(&format!("<loc>https://intranet.example.nl{url}</loc>")), "the sitemap");
    assert!(s
        .read("public/Beleid en regels/Één team/verlof/index.html")
        .contains(&format!("rel=\"canonical\" href=\"https://intranet.example.nl{url}\"")));
    for (file, _) in s.snapshot("public") {
        if file.ends_with(".html") || file.ends_with(".xml") {
            let text = s.read(&format!("public/{file}"));
            assert!(!text.contains("Beleid en regels/"), "{file} has a URL with a space in it");
        }
    }
}

#[test]
fn two_builds_give_identical_bytes() {
    let a = built();
    let b = Site::fixture("basic");
    b.build(&["--output", "elders"]).ok();
    let first = a.snapshot("public");
    assert_eq!(first, b.snapshot("elders"), "another root and output give the same bytes");
    a.build(&[]).ok();
    assert_eq!(first, a.snapshot("public"), "a second build gives the same bytes");
}

#[test]
fn no_search_skips_the_index_and_says_so() {
    let s = Site::fixture("basic");
    s.build(&["--no-search"]).ok();
    assert!(!s.exists("public/pagefind"));
    assert!(s.read("public/zoeken/index.html").contains("Zoeken staat uit"));
}

#[test]
fn unsafe_output_folders_are_refused() {
    let s = Site::fixture("basic");
    let r = s.build(&["--output", "."]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(r.stderr().contains("site root"));
    let r = s.build(&["--output", "articles/out"]);
    assert_eq!(r.code(), 2);
    s.write("foreign/mine.txt", "keep me");
    let r = s.build(&["--output", "foreign"]);
    assert_eq!(r.code(), 2);
    assert!(r.stderr().contains("did not write"), "{}", r.stderr());
    assert_eq!(s.read("foreign/mine.txt"), "keep me");
    // The previous build's output is fine to replace, even after an article is gone.
    s.build(&[]).ok();
    std::fs::remove_file(s.root().join("articles/team/knikkerpot.md")).unwrap();
    std::fs::write(
        s.root().join("articles/team/vertrouwen-geven.md"),
        s.read("articles/team/vertrouwen-geven.md").replace("[het gesprek](knikkerpot.md#het-gesprek)", "het gesprek"),
    )
    .unwrap();
    s.build(&[]).ok();
    assert!(!s.exists("public/team/knikkerpot/index.html"));
}

#[test]
fn a_missing_root_is_a_usage_error() {
    let s = Site::fixture("basic");
    let r = s.build(&["--root", "nergens"]);
    assert_eq!(r.code(), 2);
    assert!(r.stderr().contains("nergens"));
}

#[test]
fn template_overrides_win() {
    let s = Site::fixture("basic");
    s.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<p>Eigen 404</p>{% endblock main %}");
    s.build(&["--no-search"]).ok();
    assert!(s.read("public/404.html").contains("Eigen 404"));
}

#[test]
fn english_sites_get_english_strings_and_search_path() {
    let s = Site::fixture("basic");
    s.write("site.yaml", &s.read("site.yaml").replace("language: nl", "language: en"));
    s.build(&[]).ok();
    assert!(s.exists("public/search/index.html"));
    let html = s.read("public/team/vertrouwen-geven/index.html");
    assert!(html.contains("1 minute read") && html.contains("14 March 2026"), "English strings");
    assert!(html.contains("<html lang=\"en\">"));
}

#[test]
fn the_search_index_holds_every_article_and_the_filters() {
    use std::io::Read;
    let s = built();
    let entry = s.read("public/pagefind/pagefind-entry.json");
    assert!(entry.contains("\"nl\":{") && entry.contains("\"page_count\":3"), "three published articles, Dutch: {entry}");
    let mut filters = String::new();
    for f in std::fs::read_dir(s.root().join("public/pagefind/filter")).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).unwrap();
        filters.push_str(&String::from_utf8_lossy(&out));
    }
    for value in [
        "pillars",
        "competencies",
        "roles",
        "Psychologische veiligheid",
        "Van controle naar vertrouwen",
        "Empathie en veiligheid creëren",
        "Leidinggevende",
        "HR",
    ] {
        assert!(filters.contains(value), "filter value `{value}` missing");
    }
    assert!(!filters.contains("Nog niet klaar"), "drafts are not indexed");
    let fragments = std::fs::read_dir(s.root().join("public/pagefind/fragment")).unwrap().count();
    assert_eq!(fragments, 3, "one fragment per article, none for taxonomy or home pages");
}

/// A rebuild over the previous output reuses Pagefind's content-hashed files
/// and removes the ones the new index no longer names: after an edit the
/// bundle is the same as a fresh build's.
#[test]
fn a_rebuild_keeps_only_the_search_files_the_new_index_names() {
    let s = built();
    let before = s.snapshot("public/pagefind");
    let rel = "articles/team/vertrouwen-geven.md";
    s.write(rel, &format!("{}\n\nEen nieuwe alinea over wederkerigheid.\n", s.read(rel)));
    s.build(&[]).ok();
    let after = s.snapshot("public/pagefind");
    let fresh = Site::fixture("basic");
    fresh.write(rel, &s.read(rel));
    fresh.build(&[]).ok();
    let expected = fresh.snapshot("public/pagefind");
    assert_eq!(after.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "same files as a fresh build");
    assert!(after.iter().all(|(k, v)| expected[k] == *v), "same bytes as a fresh build");
    assert_ne!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the edited article's fragment changed");
    let manifest = s.read("public/.leidraad-manifest");
    assert!(after.keys().all(|k| manifest.lines().any(|l| l == format!("pagefind/{k}"))), "the manifest lists the bundle");
}

/// Editors leave lock files such as `.#name.md`, links to nowhere; they are
/// skipped like every hidden file, not an error.
#[cfg(unix)]
#[test]
fn an_editor_lock_link_to_nowhere_is_skipped() {
    let s = Site::fixture("basic");
    std::os::unix::fs::symlink("user@host.1234:1700000000", s.root().join("articles/team/.#knikkerpot.md")).unwrap();
    let run = s.build(&[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(s.exists("public/team/knikkerpot/index.html"));
}

/// The output a build replaces is kept beside it and reused by the next
/// build, which rewrites only what changed: whatever the edits in between
/// (a changed body, a moved article, search switched off and on), the
/// result is byte for byte a fresh build's, with no stale files or empty
/// folders, and the spare is again the replaced output.
#[test]
fn builds_over_the_previous_output_equal_fresh_builds() {
    let s = built();
    let spare = ".public.leidraad-spare";
    // Returns whether the build kept an earlier search index.
    let check = |s: &Site, flags: &[&str], what: &str| -> bool {
        let stdout = s.build(flags).ok().stdout();
        let fresh = Site::fixture("basic");
        for (rel, _) in s.snapshot("articles") {
            fresh
                .write(&format!("articles/{rel}"), &String::from_utf8_lossy(&std::fs::read(s.root().join("articles").join(&rel)).unwrap()));
        }
        for (rel, _) in fresh.snapshot("articles") {
            if !s.exists(&format!("articles/{rel}")) {
                std::fs::remove_file(fresh.root().join("articles").join(rel)).unwrap();
            }
        }
        fresh.build(flags).ok();
        let (got, want) = (s.snapshot("public"), fresh.snapshot("public"));
        assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "{what}: the files of a fresh build");
        for (k, v) in &want {
            assert!(got[k] == *v, "{what}: {k} differs from a fresh build's");
        }
        let empty: Vec<_> = walkdir::WalkDir::new(s.root().join("public"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir() && std::fs::read_dir(e.path()).unwrap().next().is_none())
            .map(|e| e.path().display().to_string())
            .collect();
        assert!(empty.is_empty(), "{what}: empty folders left: {empty:?}");
        stdout.contains("kept: no page changed")
    };
    // The current output's index, made from the same pages, is kept.
    assert!(check(&s, &[], "a second build"));
    assert!(s.exists(&format!("{spare}/.leidraad-manifest")), "the replaced output is kept as the spare");

    let rel = "articles/team/vertrouwen-geven.md";
    s.write(rel, &s.read(rel).replace("Kleine daden vullen de pot.", "Kleine daden vullen de pot, elke week weer."));
    assert!(!check(&s, &[], "a body edited"), "a changed page is indexed anew");

    // The article moves to another folder: its old page and folder go.
    let text = s.read("articles/hr/beleid/thuiswerken.md").replace("../../team/", "../team/");
    std::fs::remove_file(s.root().join("articles/hr/beleid/thuiswerken.md")).unwrap();
    s.write("articles/hr/thuiswerken.md", &text);
    s.write(rel, &s.read(rel).replace("../hr/beleid/thuiswerken.md", "../hr/thuiswerken.md"));
    assert!(!check(&s, &[], "an article moved"));
    assert!(!s.exists("public/hr/beleid"), "the moved article's old folder is gone");

    check(&s, &["--no-search"], "search switched off");
    assert!(!s.exists("public/pagefind"));
    // The spare (the output before the one without search) has the index.
    assert!(check(&s, &[], "search switched on again"));
    assert!(check(&s, &[], "nothing changed"));

    let before = s.read(rel);
    s.write(rel, &before.replace("elke week weer", "elke maand weer"));
    assert!(!check(&s, &[], "a word changed"));
    s.write(rel, &before);
    assert!(check(&s, &[], "the change undone"), "the spare's index is of these very pages");
}
