//! The built-in writer of the default theme's article and term pages,
//! cards and sitemap (`src/render/builtin.rs`) against Tera. A site that copies those
//! templates into its own `templates/` unchanged is rendered by Tera; its
//! output must be byte for byte the output of the same site without the
//! copies. Each case varies what the templates branch on.

use std::path::Path;

use crate::support::Site;

const COPIED: [&str; 6] = ["base.html", "article.html", "card.html", "macros.html", "term.html", "sitemap.xml"];

/// Builds `site` as it is and with the copied templates, and compares
/// every file of the two outputs.
#[track_caller]
fn assert_same_as_tera(site: &Site, flags: &[&str], what: &str) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let with_copies = tempfile::tempdir().unwrap();
    crate::support::copy_tree(site.root(), with_copies.path());
    let copies = Site { dir: with_copies };
    for name in COPIED {
        copies.write(&format!("templates/{name}"), &std::fs::read_to_string(theme.join(name)).unwrap());
    }
    // `--search` stands for a build with the index (the default).
    let mut args: Vec<&str> = if flags.contains(&"--search") { vec![] } else { vec!["--no-search"] };
    args.extend(flags.iter().filter(|f| **f != "--search"));
    site.build(&args).ok();
    copies.build(&args).ok();
    let (ours, tera) = (site.snapshot("public"), copies.snapshot("public"));
    assert_eq!(ours.keys().collect::<Vec<_>>(), tera.keys().collect::<Vec<_>>(), "{what}: the same files");
    let (mut articles, mut terms) = (0, 0);
    for (rel, want) in &tera {
        let got = &ours[rel];
        if got != want {
            let (g, w) = (String::from_utf8_lossy(got), String::from_utf8_lossy(want));
            let at = g.bytes().zip(w.bytes()).position(|(a, b)| a != b).unwrap_or(g.len().min(w.len()));
            let from = at.saturating_sub(80);
            panic!(
                "{what}: {rel} differs from Tera's at byte {at}\nbuilt in: {:?}\nTera:     {:?}",
                &g[from.min(g.len())..(at + 80).min(g.len())],
                &w[from.min(w.len())..(at + 80).min(w.len())]
            );
        }
        let text = String::from_utf8_lossy(want);
        articles += usize::from(text.contains("class=\"article"));
        terms += usize::from(text.contains("class=\"page-term"));
    }
    assert!(articles >= 3 && terms >= 3, "{what}: article and term pages were compared ({articles}, {terms})");
    assert!(tera.contains_key("sitemap.xml"), "{what}: the sitemap was compared");
}

#[test]
fn builtin_theme_matches_tera_on_the_fixture() {
    let s = Site::fixture("basic");
    assert_same_as_tera(&s, &[], "the basic fixture");
    assert_same_as_tera(&s, &["--search"], "with the search index");
    assert_same_as_tera(&s, &["--drafts"], "with drafts");
    assert_same_as_tera(&s, &["--base-url", "https://intranet.example.nl/hr/leidraad/"], "under a sub-path");
}

#[test]
fn builtin_theme_matches_tera_on_every_branch() {
    let s = Site::fixture("basic");
    // One reading minute, no author or summary, a table of contents with
    // markup in its headings, roles only, quotes in every field.
    s.write(
        "articles/team/kort.md",
        "---\ntitle: \"Kort & \\\"goed\\\" <b>\"\ndate: 2026-04-01\nroles: [medewerker]\n---\n\n\
         ## Eerste <em>kop</em> & meer\n\nTekst.\n\n### Tweede 'kop'\n\nNog wat.\n",
    );
    // No terms at all, a summary with markup characters, an update.
    s.write(
        "articles/los.md",
        "---\ntitle: Los\ndate: 2024-01-31\nupdated: 2024-02-29\nauthor: \"O'Brien <hr>\"\nsummary: \"Een <samenvatting> & 'meer'\"\n---\n\n\
         Een artikel zonder termen.\n",
    );
    // UI strings with characters to escape, from the site's theme layer.
    s.write("themes/default/i18n/nl.yaml", "related: \"Lees <ook> & \\\"meer\\\"\"\nhome: \"Start 'hier'\"\ndraft: \"<Concept>\"\n");
    assert_same_as_tera(&s, &["--drafts"], "every branch");

    // English, no site description, one taxonomy without pillars or roles.
    let yaml = s
        .read("site.yaml")
        .replace("language: nl", "language: en")
        .replace("description: \"Een kleine site voor de tests\"", "description: \"\"");
    s.write(
        "site.yaml",
        &yaml
            .replace("name: pillars", "name: pijlers")
            .replace("name: roles", "name: rollen")
            .replace("pillars: [", "pijlers: [")
            .replace("roles: [", "rollen: ["),
    );
    for (rel, _) in s.snapshot("articles") {
        if rel.ends_with(".md") {
            let path = format!("articles/{rel}");
            s.write(&path, &s.read(&path).replace("pillars: [", "pijlers: [").replace("roles: [", "rollen: ["));
        }
    }
    std::fs::remove_dir_all(s.root().join("themes")).unwrap();
    assert_same_as_tera(&s, &[], "English, other taxonomy names");
}

#[test]
fn builtin_theme_matches_tera_on_the_bundled_knowledge_base() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&root.join("articles"), &dir.path().join("articles"));
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    assert_same_as_tera(&Site { dir }, &[], "the bundled knowledge base");
}

#[test]
fn ui_strings_that_are_not_text_fall_back_to_tera() {
    let s = Site::fixture("basic");
    s.write("themes/default/i18n/nl.yaml", "draft: 5\n");
    s.build(&["--no-search", "--drafts"]).ok();
    assert!(s.read("public/team/concept/index.html").contains("<span class=\"draft-tag\">5</span>"));
}
