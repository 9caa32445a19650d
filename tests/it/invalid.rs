//! Bad input: one fixture per kind of error under `tests/fixtures/invalid/`,
//! laid over the valid `basic` site. Each must exit 1, name the file and the
//! line, and leave the previous `public/` byte for byte as it was.

use crate::support::{fixtures, Site};

/// (fixture, the `file:line` the message must name, a phrase of the message)
const CASES: &[(&str, &str, &str)] = &[
    ("malformed-yaml", "articles/team/kapot.md:5", "a quote opened on line 2 is not closed"),
    ("missing-title", "articles/team/zonder-titel.md:1", "no `title`"),
    ("bad-date", "articles/team/datum.md:3", "not a valid date"),
    ("unknown-key", "articles/team/sleutel.md:4", "did you mean `author`?"),
    ("undeclared-term", "articles/team/term.md:4", "did you mean `psychologische-veiligheid`?"),
    ("missing-article", "articles/team/link.md:8", "missing article"),
    ("missing-heading", "articles/team/anker.md:8", "did you mean `#het-gesprek`?"),
    ("duplicate-url", "articles/team/dubbel.md:4", "articles/team/vertrouwen-geven.md"),
    ("non-utf8", "articles/team/latin1.md:4", "not valid UTF-8"),
    ("empty", "articles/team/leeg.md:1", "empty"),
    ("site-unknown-key", "site.yaml:5", "did you mean `theme`?"),
    ("template-error", "templates/article.html:3", "template error"),
];

#[test]
fn every_bad_input_fails_with_file_and_line_and_keeps_the_old_site() {
    let mut failures = Vec::new();
    for &(case, location, phrase) in CASES {
        let site = Site::fixture("basic");
        site.build(&[]).ok();
        let before = site.snapshot("public");
        assert!(!before.is_empty());
        site.overlay(&fixtures().join("invalid").join(case));
        let run = site.build(&[]);
        let err = run.stderr();
        if run.code() != 1 {
            failures.push(format!("{case}: exit {} (want 1)\n{err}", run.code()));
        }
        if !err.contains(location) {
            failures.push(format!("{case}: message does not name `{location}`:\n{err}"));
        }
        if !err.contains(phrase) {
            failures.push(format!("{case}: message lacks `{phrase}`:\n{err}"));
        }
        if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
            failures.push(format!("{case}: a panic reached the user:\n{err}"));
        }
        if site.snapshot("public") != before {
            failures.push(format!("{case}: public/ changed"));
        }
        let check = site.run(&["check"]);
        if check.code() != 1 || !check.stderr().contains(location) {
            failures.push(format!("{case}: `check` did not report it (exit {})", check.code()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_errors_are_reported_at_once() {
    let site = Site::fixture("basic");
    for case in ["bad-date", "unknown-key", "missing-article", "undeclared-term"] {
        site.overlay(&fixtures().join("invalid").join(case));
    }
    let run = site.build(&[]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    for f in ["datum.md:3", "sleutel.md:4", "link.md:8", "term.md:4"] {
        assert!(err.contains(f), "{f} missing from:\n{err}");
    }
    assert!(err.contains("4 problems found"), "{err}");
}

#[test]
fn diagnostics_look_like_rustc() {
    let site = Site::fixture("basic");
    site.overlay(&fixtures().join("invalid").join("unknown-key"));
    let err = site.build(&[]).stderr();
    assert!(err.contains("error: unknown front matter key `auteur`"), "{err}");
    assert!(err.contains("┌─ articles/team/sleutel.md:4:1"), "{err}");
    assert!(err.contains("4 │ auteur: \"Sanne\""), "the offending line is shown: {err}");
    assert!(err.contains("= help: did you mean `author`?"), "{err}");
}

/// An article with a front-matter error is reported once, at its own line:
/// the links other articles have to it are not reported as missing too.
#[test]
fn a_broken_article_is_not_also_a_missing_link_target() {
    let site = Site::fixture("basic");
    let rel = "articles/team/knikkerpot.md";
    site.write(rel, &site.read(rel).replace("title: \"De knikkerpot\"", "title: \"De knikkerpot"));
    let run = site.build(&[]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    assert!(err.contains("articles/team/knikkerpot.md:"), "its own error: {err}");
    assert!(!err.contains("missing article"), "no follow-on errors in the articles that link to it: {err}");
    assert!(err.contains("1 problem found"), "one problem: {err}");
}
