//! Content lifecycle and the editorial report (spec section 11), through
//! the real binary: review warnings in `check` and `build` with `--today`,
//! `check --strict`, located errors for bad review settings, `leidraad
//! report` in text and JSON, the editorial page, and builds on different
//! days giving the same bytes.

use serde_json::Value;

use crate::support::{snapshot, Site};

/// The `basic` fixture with reviews on (12 months, 30 days "soon") and four
/// articles whose review dates put them, on 2026-12-04, overdue (with an
/// owner), due soon, fine (without an owner), and overdue only because the
/// article sets its own interval. `thuiswerken.md` (date 2025-11-20, no
/// owner) is overdue too; the other fixture articles are fine.
fn review_site() -> Site {
    let s = Site::fixture("basic");
    let yaml = s.read("site.yaml");
    s.write("site.yaml", &format!("{yaml}review:\n  interval_months: 12\n  soon_days: 30\n"));
    let article = |name: &str, title: &str, extra: &str, body: &str| {
        s.write(
            &format!("articles/review/{name}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: 2025-06-01\n{extra}pillars: [van-controle-naar-vertrouwen]\ncompetencies: [communicatie-en-verbinding]\n---\n\n{body}\n"),
        );
    };
    article("te-laat", "Te laat", "owner: \"Team A\"\nreviewed: 2025-10-01\n", "Zie [de knikkerpot](../team/knikkerpot.md).");
    article("binnenkort", "Binnenkort", "owner: \"Team B\"\nreviewed: 2025-12-20\n", "Tekst.");
    article("op-orde", "Op orde", "reviewed: 2026-06-01\n", "Zie [te laat](te-laat.md).");
    article("eigen-termijn", "Eigen termijn", "owner: \"Team A\"\nreviewed: 2026-05-01\nreview_interval_months: 6\n", "Tekst.");
    s
}

fn json(run: &crate::support::Run) -> Value {
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout(), run.stderr()))
}

/// (file:line, message) of every diagnostic of `check --format json`.
fn warnings(doc: &Value) -> Vec<(String, String)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|d| assert_eq!(d["severity"], "warning", "{d}"))
        .map(|d| (format!("{}:{}", d["file"].as_str().unwrap(), d["line"]), d["message"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn check_warns_for_overdue_and_soon_due_articles_and_strict_fails() {
    let s = review_site();
    let run = s.run(&["check", "--today", "2026-12-04"]);
    run.ok();
    let err = run.stderr();
    assert!(err.contains("\"Te laat\" is overdue for review: due 2026-10-01, 64 days (about 2 months) ago (owner: Team A)"), "{err}");
    assert!(err.contains("articles/review/te-laat.md:5:1"), "at the `reviewed:` line\n{err}");
    assert!(err.contains("\"Binnenkort\" is due for review on 2026-12-20, in 16 days (owner: Team B)"), "{err}");
    assert!(err.contains("\"Eigen termijn\" is overdue for review: due 2026-11-01, 33 days ago (owner: Team A)"), "{err}");
    assert!(err.contains("due 2026-11-20, 14 days ago (no owner)"), "the clock starts at `date` without `reviewed`\n{err}");
    assert!(err.contains("articles/hr/beleid/thuiswerken.md:3:1"), "{err}");
    assert!(!err.contains("Op orde"), "a fine article gives no warning\n{err}");
    assert!(run.stdout().contains("no errors, 4 warnings"), "{}", run.stdout());

    let strict = s.run(&["check", "--strict", "--today", "2026-12-04"]);
    assert_eq!(strict.code(), 1, "{}", strict.stderr());
    assert!(strict.stderr().contains("4 warnings and --strict"));

    let doc = json(&s.run(&["check", "--format", "json", "--today", "2026-12-04"]));
    assert_eq!((doc["ok"].as_bool(), doc["errors"].as_u64(), doc["warnings"].as_u64()), (Some(true), Some(0), Some(4)));
    let got = warnings(&doc);
    let files: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        [
            "articles/hr/beleid/thuiswerken.md:3",
            "articles/review/binnenkort.md:5",
            "articles/review/eigen-termijn.md:5",
            "articles/review/te-laat.md:5"
        ]
    );
    let strict = s.run(&["check", "--format", "json", "--strict", "--today", "2026-12-04"]);
    assert_eq!(strict.code(), 1);
    assert_eq!(json(&strict)["ok"], false);

    // Half a year earlier nothing is due, not even soon: --strict passes.
    s.run(&["check", "--strict", "--today", "2026-06-01"]).ok();
    // Without its own interval, "Eigen termijn" would be fine on 2026-12-04.
    let text = s.read("articles/review/eigen-termijn.md").replace("review_interval_months: 6\n", "");
    s.write("articles/review/eigen-termijn.md", &text);
    assert_eq!(warnings(&json(&s.run(&["check", "--format", "json", "--today", "2026-12-04"]))).len(), 3);
}

#[test]
fn build_warns_for_overdue_articles_only_and_never_fails_on_them() {
    let s = review_site();
    let run = s.build(&["--today", "2026-12-04", "--no-search"]);
    run.ok();
    let err = run.stderr();
    assert!(err.contains("\"Te laat\" is overdue for review"), "{err}");
    assert!(!err.contains("Binnenkort"), "due-soon is for check only\n{err}");
    assert!(s.exists("public/review/te-laat/index.html"));
}

#[test]
fn bad_review_settings_are_located_errors() {
    let s = review_site();
    s.write(
        "articles/review/fout.md",
        "---\ntitle: Fout\ndate: 2026-01-01\nowner: Team C\nreviewed: 2026-02-30\nreview_interval_months: -3\n---\nTekst.\n",
    );
    let run = s.run(&["check", "--today", "2026-12-04"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.contains("articles/review/fout.md:5:11") && err.contains("`reviewed` is not a valid date"), "{err}");
    assert!(err.contains("articles/review/fout.md:6:25") && err.contains("`review_interval_months` must be a whole number"), "{err}");
    std::fs::remove_file(s.root().join("articles/review/fout.md")).unwrap();

    let yaml = s.read("site.yaml").replace("  soon_days: 30\n", "  soon_dagen: 30\n");
    s.write("site.yaml", &yaml);
    let line = yaml.lines().position(|l| l.contains("soon_dagen")).unwrap() + 1;
    let run = s.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1);
    let d = &json(&run)["diagnostics"][0];
    assert_eq!((d["file"].as_str(), d["line"].as_u64()), (Some("site.yaml"), Some(line as u64)), "{d}");
    assert_eq!(d["message"], "unknown key `soon_dagen` in `review`");
    assert_eq!(d["hint"], "did you mean `soon_days`?");

    let bad_today = s.run(&["check", "--today", "4-12-2026"]);
    assert_eq!(bad_today.code(), 2, "a malformed --today is a usage error");
}

#[test]
fn the_report_in_text_and_json_tells_the_same() {
    let s = review_site();
    s.write(
        "articles/review/alleen.md",
        "---\ntitle: Alleen\ndate: 2026-11-01\ndraft: true\npillars: [gedeelde-verantwoordelijkheid]\n---\nTekst.\n",
    );
    let run = s.run(&["report", "--today", "2026-12-04"]);
    run.ok();
    let text = run.stdout();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "longer than 80 columns: {line:?}");
    }
    let doc = json(&s.run(&["report", "--format", "json", "--today", "2026-12-04"]));

    // Each section's count in the text is the JSON list's length, and its
    // titles are the JSON's, in the same order.
    let section = |heading: &str| -> Vec<&str> {
        let start = text.find(&format!("\n{heading} (")).unwrap_or_else(|| panic!("no {heading}\n{text}")) + 1;
        let rest = &text[start..];
        let end = rest.find("\n\n").unwrap_or(rest.len());
        rest[..end].lines().collect()
    };
    for (heading, key) in [
        ("OVERDUE FOR REVIEW", "overdue"),
        ("DUE WITHIN 30 DAYS", "due_soon"),
        ("ARTICLES WITHOUT AN OWNER", "without_owner"),
        ("DRAFTS", "drafts"),
        ("ARTICLES NO OTHER ARTICLE LINKS TO", "unlinked"),
        ("TERMS WITH FEWER THAN TWO ARTICLES", "thin_terms"),
    ] {
        let lines = section(heading);
        let list = doc[key].as_array().unwrap();
        assert_eq!(lines[0], format!("{heading} ({})", list.len()), "{key}");
        let shown: Vec<&str> = lines[1..].iter().map(|l| l.trim()).collect();
        let mut at = 0;
        for item in list {
            let title = item["title"].as_str().unwrap();
            let found = shown[at..].iter().position(|l| l.ends_with(title)).unwrap_or_else(|| panic!("{key}: no {title} in {shown:?}"));
            at += found + 1;
        }
    }
    let titles = |key: &str| doc[key].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(titles("overdue"), ["Te laat", "Eigen termijn", "Thuiswerken <script>alert(1)</script> & zo"], "longest overdue first");
    assert_eq!(titles("due_soon"), ["Binnenkort"]);
    assert_eq!(titles("drafts"), ["Alleen", "Nog niet klaar"]);
    assert!(titles("without_owner").contains(&"Op orde".to_string()));
    assert!(!titles("unlinked").contains(&"De knikkerpot".to_string()) && !titles("unlinked").contains(&"Te laat".to_string()));
    assert!(titles("unlinked").contains(&"Binnenkort".to_string()));
    let owners: Vec<&str> = doc["owners"].as_array().unwrap().iter().map(|g| g["owner"].as_str().unwrap()).collect();
    assert_eq!(owners, ["Team A", "Team B"]);
    let team_a: Vec<&str> = doc["owners"][0]["articles"].as_array().unwrap().iter().map(|e| e["due"].as_str().unwrap()).collect();
    assert_eq!(team_a, ["2026-10-01", "2026-11-01"]);

    // The matrix: the text's row for a pillar has the JSON's counts, `-` for none.
    let m = &doc["matrix"];
    for (r, row) in m["rows"]["terms"].as_array().unwrap().iter().enumerate() {
        let title = row["title"].as_str().unwrap();
        let line = text.lines().find(|l| l.starts_with(title)).unwrap_or_else(|| panic!("no row {title}"));
        let cells: Vec<&str> = line[title.len()..].split_whitespace().collect();
        let want: Vec<String> = m["cells"][r]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| match c["count"].as_u64().unwrap() {
                0 => "-".to_string(),
                n => n.to_string(),
            })
            .collect();
        assert_eq!(cells, want, "row {title}");
    }
    // Four review articles and knikkerpot are pillar "van controle naar vertrouwen" x "communicatie".
    assert_eq!(m["cells"][1][0]["count"], 6, "{}", m["cells"]);
    assert_eq!(m["cells"][1][0]["search_url"], "/zoeken/?pillars=Van+controle+naar+vertrouwen&competencies=Communicatie+en+verbinding");
}

#[test]
fn the_editorial_page_is_built_only_when_asked_and_stays_out_of_feeds_and_search() {
    let s = review_site();
    s.build(&["--today", "2026-12-04"]).ok();
    assert!(!s.exists("public/redactie/index.html"), "not without editorial_page: true");
    let yaml = s.read("site.yaml");
    s.write("site.yaml", &format!("{yaml}editorial_page: true\n"));
    s.build(&["--today", "2026-12-04"]).ok();
    let page = s.read("public/redactie/index.html");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!page.contains("data-pagefind-body"), "not indexed");
    assert!(page.contains("href=\"/zoeken/?pillars=Van+controle+naar+vertrouwen&amp;competencies=Communicatie+en+verbinding\""));
    assert!(page.contains("<tr data-due=\"2026-10-01\">"), "due dates for the script");
    assert!(page.contains("Thuiswerken &lt;script&gt;"), "titles escaped");
    for f in ["public/sitemap.xml", "public/atom.xml"] {
        assert!(!s.read(f).contains("redactie"), "{f} names the editorial page");
    }
    let meta = snapshot(&s.root().join("public/pagefind"));
    assert!(!meta.is_empty());
    assert!(meta.values().all(|bytes| !bytes.windows(8).any(|w| w == b"redactie")), "the search index names the editorial page");

    // An article at the editorial page's URL is a collision; English sites use `editorial/`.
    s.write("articles/redactie/x.md", "---\ntitle: X\ndate: 2026-01-01\n---\nTekst.\n");
    let run = s.build(&[]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("collides with the editorial page (`redactie/`)"), "{}", run.stderr());
    std::fs::remove_dir_all(s.root().join("articles/redactie")).unwrap();
    s.write("site.yaml", &format!("{yaml}editorial_page: true\n").replace("language: nl", "language: en"));
    s.build(&["--no-search"]).ok();
    assert!(s.read("public/editorial/index.html").contains("Editorial report"));
}

#[test]
fn builds_on_different_days_give_the_same_bytes() {
    let s = review_site();
    let yaml = s.read("site.yaml");
    s.write("site.yaml", &format!("{yaml}editorial_page: true\n"));
    let a = s.build(&["--today", "2026-01-01", "--output", "uit-a"]);
    a.ok();
    let b = s.build(&["--today", "2027-06-30", "--output", "uit-b"]);
    b.ok();
    assert_ne!(a.stderr(), b.stderr(), "the warnings do depend on the date");
    let (pa, pb) = (s.snapshot("uit-a"), s.snapshot("uit-b"));
    assert_eq!(pa.keys().collect::<Vec<_>>(), pb.keys().collect::<Vec<_>>());
    for (path, bytes) in &pa {
        assert!(pb[path] == *bytes, "{path} differs between builds on different days");
    }
    let overdue = s.read("uit-a/review/te-laat/index.html");
    assert!(
        overdue.contains("data-review-due=\"2026-10-01\"")
            && overdue.contains("class=\"review-notice notice\" role=\"note\" data-pagefind-ignore hidden")
    );
    assert!(overdue.contains("Eigenaar: Team A"));
}

/// Only the command line reads the clock (for `--today`'s default and
/// `new`'s date); no stage that makes pages does.
#[test]
fn nothing_that_makes_pages_reads_the_clock() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut readers = Vec::new();
    for e in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            for needle in ["Local::now", "Utc::now", "SystemTime::now", "Local::today", "Utc::today"] {
                if text.contains(needle) {
                    readers.push(e.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    readers.dedup();
    assert_eq!(readers, ["lifecycle.rs", "scaffold.rs"], "files reading the wall clock");
    let lifecycle = std::fs::read_to_string(src.join("lifecycle.rs")).unwrap();
    assert_eq!(lifecycle.matches("Local::now").count(), 1, "lifecycle reads it only in local_today");
    let uses: Vec<String> = walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| std::fs::read_to_string(e.path()).unwrap().contains("local_today"))
        .map(|e| e.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    let mut uses = uses;
    uses.sort();
    assert_eq!(uses, ["cli.rs", "lifecycle.rs"], "only the command line asks for the local date");
}

#[test]
fn new_writes_the_owner() {
    let s = review_site();
    s.run(&["new", "articles/review/nieuw.md", "--title", "Nieuw", "--owner", "Team \"HR\" Advies"]).ok();
    let text = s.read("articles/review/nieuw.md");
    assert!(text.contains("owner: \"Team \\\"HR\\\" Advies\"\n"), "{text}");
    let doc = json(&s.run(&["report", "--format", "json", "--today", "2026-12-04"]));
    let owners: Vec<&str> = doc["owners"].as_array().unwrap().iter().map(|g| g["owner"].as_str().unwrap()).collect();
    assert!(owners.contains(&"Team \"HR\" Advies"), "{owners:?}");
}
