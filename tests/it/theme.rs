//! The default theme knows no taxonomy by name (spec section 9): a site
//! whose taxonomies have other names, one of them or five, gets the same
//! kinds of pages as the bundled site, shown as each taxonomy's `display`
//! asks. And the theme is the one description of its pages: a template the
//! site overrides is what its pages are made from.

use crate::support::Site;

/// The basic fixture with its taxonomies renamed: `pillars` → `onderwerpen`
/// and `roles` → `doelgroepen`.
fn renamed() -> Site {
    let s = Site::fixture("basic");
    let yaml = s.read("site.yaml").replace("name: pillars", "name: onderwerpen").replace("name: roles", "name: doelgroepen");
    s.write("site.yaml", &yaml);
    for (rel, _) in s.snapshot("articles") {
        if rel.ends_with(".md") {
            let path = format!("articles/{rel}");
            s.write(&path, &s.read(&path).replace("pillars: [", "onderwerpen: [").replace("roles: [", "doelgroepen: ["));
        }
    }
    s
}

#[test]
fn other_taxonomy_names_get_the_same_pages() {
    let s = renamed();
    s.build(&[]).ok();
    let article = s.read("public/team/vertrouwen-geven/index.html");
    // The audience line (display: audience); its search filter is in the
    // hidden block with the others.
    assert!(article.contains("<p class=\"audience\" data-pagefind-ignore>Voor: <span>"), "{article}");
    assert!(article.contains("data-pagefind-filter=\"doelgroepen\""), "{article}");
    // Colour badges for `onderwerpen` (display: colour), plain ones for competencies.
    assert!(article.contains("class=\"badge badge-colour display-colour tone-"), "{article}");
    assert!(article.contains("class=\"badge badge-badges display-badges tone-"), "{article}");
    assert!(article.contains("data-pagefind-filter=\"onderwerpen\""));
    assert!(!article.contains("pillars") && !article.contains("roles"), "no taxonomy is known by name");
    // Cards carry the colour of their first `onderwerpen` term.
    let home = s.read("public/index.html");
    assert!(home.contains("<article class=\"card display-colour tone-"), "{home}");
    assert!(home.contains("term-grid term-grid-colour") && home.contains("term-grid term-grid-audience"));
    let search = s.read("public/zoeken/index.html");
    assert!(search.contains("data-filters=\"onderwerpen,competencies,doelgroepen\""), "{search}");
}

#[test]
fn one_taxonomy_or_five_build_alike() {
    let s = renamed();
    let yaml = s.read("site.yaml");
    let start = yaml.find("taxonomies:").unwrap();
    let (head, taxes) = yaml.split_at(start);
    // Five: the three, and two more that no article uses.
    let extra =
        "  - name: regio\n    title: Regio\n    display: colour\n    terms:\n      - { slug: noord, title: Noord, color: \"#0f766e\" }\n\
                 \x20 - name: thema\n    title: Thema\n    terms:\n      - { slug: zorg, title: Zorg }\n";
    s.write("site.yaml", &format!("{head}{taxes}{extra}"));
    s.build(&["--no-search"]).ok();
    let term = s.read("public/regio/noord/index.html");
    // A term's own colour: a class of its own, coloured by brand.css (no
    // inline style, so a strict Content-Security-Policy holds).
    assert!(term.contains("display-colour tone-0 term-regio-noord\""), "{term}");
    assert!(!term.contains("style="), "{term}");
    let css = s.read("public/brand.css");
    assert!(css.contains(".display-colour.term-regio-noord { --pc: #0f766e;"), "{css}");
    assert!(s.read("public/index.html").contains("href=\"/thema/\""));

    // One: only `onderwerpen`, articles keep only that key.
    let one = yaml[..yaml.find("  - name: competencies").unwrap()].to_string();
    s.write("site.yaml", &one);
    for (rel, _) in s.snapshot("articles") {
        if rel.ends_with(".md") {
            let path = format!("articles/{rel}");
            let text: String = s
                .read(&path)
                .lines()
                .filter(|l| !l.starts_with("competencies:") && !l.starts_with("doelgroepen:"))
                .map(|l| format!("{l}\n"))
                .collect();
            s.write(&path, &text);
        }
    }
    s.build(&["--no-search"]).ok();
    let article = s.read("public/team/vertrouwen-geven/index.html");
    assert!(article.contains("badge-colour") && !article.contains("class=\"audience\""));
}

#[test]
fn an_overridden_template_makes_the_pages() {
    let s = Site::fixture("basic");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/card.html");
    let card = std::fs::read_to_string(theme).unwrap().replace("<article class=\"card", "<article data-eigen=\"ja\" class=\"card");
    s.write("templates/card.html", &card);
    s.build(&["--no-search"]).ok();
    let home = s.read("public/index.html");
    assert!(home.contains("<article data-eigen=\"ja\" class=\"card"), "{home}");
}

#[test]
fn a_template_error_names_the_file_line_and_column() {
    let s = Site::fixture("basic");
    s.write("templates/term.html", "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ term.nope }}</p>\n{% endblock main %}\n");
    let run = s.build(&["--no-search"]);
    assert_eq!(run.code(), 1);
    let out = run.stderr();
    assert!(out.contains("templates/term.html:3:"), "{out}");
    assert!(out.contains("nope"), "{out}");
}
