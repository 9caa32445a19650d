//! The bundled knowledge base (the repository's own site): it builds without
//! a problem (so every internal link and anchor resolves), every declared
//! term has at least two articles and every article has a term of each
//! taxonomy.

use leidraad::pipeline::{self, Options};

#[test]
fn the_bundled_site_is_complete() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let site = match pipeline::model(&Options { root, ..Options::default() }) {
        Ok((site, _, diags)) if diags.iter().all(|d| !d.is_error()) => site,
        Ok((_, _, d)) => {
            panic!("the bundled site has problems:\n{}", d.iter().map(|d| d.one_line()).collect::<Vec<_>>().join("\n"))
        }
        Err(pipeline::Failure::Content(d)) => {
            panic!("the bundled site has problems:\n{}", d.iter().map(|d| d.one_line()).collect::<Vec<_>>().join("\n"))
        }
        Err(pipeline::Failure::Fatal(f)) => panic!("{f}"),
    };
    let site = &site;
    assert!(site.articles.len() >= 15, "at least 15 articles");
    let folders: std::collections::BTreeSet<&str> = site.articles.iter().map(|a| a.folder.as_str()).collect();
    assert!(folders.len() >= 3, "at least three sub-folders");
    for (t, tax) in site.config.taxonomies.iter().enumerate() {
        for (n, term) in tax.terms.iter().enumerate() {
            assert!(site.index.terms[t][n].len() >= 2, "term {}/{} has fewer than two articles", tax.name, term.slug);
            assert!(term.description.split_whitespace().count() >= 8, "term {} needs a real description", term.slug);
        }
        for a in &site.articles {
            assert!(a.meta.terms.get(&tax.name).is_some_and(|v| !v.is_empty()), "{} has no term of {}", a.rel, tax.name);
        }
    }
    for a in &site.articles {
        assert!((400..=1300).contains(&a.body.words), "{}: {} words", a.rel, a.body.words);
    }
}
