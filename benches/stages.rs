//! Micro-benchmarks of the pipeline's stages on a 1,000-article corpus,
//! the repository's own (generated into `target/bench/corpora/` on
//! first use), so a regression shows in the stage that caused it:
//!
//!     cargo bench --bench stages
//!
//! Whole-command comparisons with Hugo and Pagefind are in `bench/run`.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};

// The same allocator as the binary, so the figures match what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use leidraad::content;
use leidraad::pipeline::{self, Options};
use leidraad::render::{self, RenderOptions, Renderer};
use leidraad::{output, search, taxonomy};

/// The 1,000-article corpus, generated if missing: by the repository's own
/// `bench/gen_corpus.py` when it is there, else by [`write_corpus`].
fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench/corpora/leidraad-1000");
    if !dir.join("site.yaml").exists() {
        let generator = root.join("bench/gen_corpus.py");
        let made = generator.is_file()
            && Command::new("python3")
                .arg(&generator)
                .args(["--articles", "1000", "--flavor", "leidraad", "--seed", "42", "--out"])
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
        if !made {
            write_corpus(&dir, 1000);
        }
    }
    dir
}

/// A deterministic site of `n` Dutch articles in ten folders, with three
/// taxonomies, headings, a list, a table and links between articles.
fn write_corpus(dir: &Path, n: usize) {
    const WORDS: [&str; 24] = [
        "vertrouwen",
        "leidinggevende",
        "medewerker",
        "gesprek",
        "feedback",
        "team",
        "ontwikkeling",
        "veiligheid",
        "afspraken",
        "samenwerking",
        "coaching",
        "verantwoordelijkheid",
        "doelen",
        "luisteren",
        "groei",
        "partnerschap",
        "werkdruk",
        "inzetbaarheid",
        "waardering",
        "keuzes",
        "ruimte",
        "begeleiding",
        "talent",
        "verbinding",
    ];
    let tax = |name: &str, path: &str, terms: usize| {
        let mut t = format!("  - name: {name}\n    title: {name}\n    path: {path}\n    terms:\n");
        for k in 0..terms {
            t.push_str(&format!("      - {{ slug: {path}-{k}, title: \"{} {k}\" }}\n", WORDS[k % WORDS.len()]));
        }
        t
    };
    let site = format!(
        "title: Bench\nlanguage: nl\ntaxonomies:\n{}{}{}",
        tax("pillars", "pijlers", 3).replace("    terms:", "    display: colour\n    terms:"),
        tax("competencies", "competenties", 7),
        tax("roles", "rollen", 3).replace("    terms:", "    display: audience\n    terms:")
    );
    std::fs::create_dir_all(dir.join("articles")).expect("corpus folder");
    std::fs::write(dir.join("site.yaml"), site).expect("site.yaml");
    let mut seed: u64 = 42;
    let mut next = move |m: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % m
    };
    for i in 0..n {
        let folder = format!("map-{}", i % 10);
        let mut sentence = |k: usize| -> String {
            let words: Vec<&str> = (0..k).map(|_| WORDS[next(WORDS.len())]).collect();
            let mut s = words.join(" ");
            s[..1].make_ascii_uppercase();
            s + "."
        };
        let mut body = String::new();
        for h in 0..4 {
            body.push_str(&format!("## Kop {h} over {}\n\n", WORDS[(i + h) % WORDS.len()]));
            for _ in 0..3 {
                let para: Vec<String> = (0..5).map(|_| sentence(12)).collect();
                body.push_str(&para.join(" "));
                body.push_str("\n\n");
            }
        }
        body.push_str("- een punt\n- nog een punt\n\n| Rol | Taak |\n|---|---|\n| HR | advies |\n\n");
        let other = (i * 7 + 3) % n;
        body.push_str(&format!(
            "Zie ook [dit artikel](../map-{}/artikel-{other}.md#kop-1-over-{}).\n",
            other % 10,
            WORDS[(other + 1) % WORDS.len()]
        ));
        let fm = format!(
            "---\ntitle: \"Artikel {i} over {}\"\ndate: 2026-{:02}-{:02}\nauthor: Auteur {}\npillars: [pijlers-{}]\ncompetencies: [competenties-{}, competenties-{}]\nroles: [rollen-{}]\n---\n\n",
            WORDS[i % WORDS.len()],
            1 + i % 12,
            1 + i % 28,
            i % 9,
            i % 3,
            i % 7,
            (i / 7) % 7,
            i % 3
        );
        let path = dir.join("articles").join(&folder);
        std::fs::create_dir_all(&path).expect("folder");
        std::fs::write(path.join(format!("artikel-{i}.md")), fm + &body).expect("article");
    }
}

fn stages(c: &mut Criterion) {
    let root = corpus();
    let opts = Options { root: root.clone(), base_url: None, drafts: false, search: true };
    let (config, theme) = pipeline::load(&opts).unwrap_or_else(|_| panic!("the corpus loads"));
    let (found, _) = content::discover(&root).expect("the corpus reads");
    let mut group = c.benchmark_group("1000 articles");
    group.sample_size(10);

    group.bench_function("read sources", |b| b.iter(|| content::discover(&root).expect("reads")));
    group.bench_function("front matter", |b| b.iter(|| pipeline::parse_all(&found.sources, &config)));
    let (parsed, _) = pipeline::parse_all(&found.sources, &config);
    let assemble = || {
        let mut cache = pipeline::assemble::Cache::default();
        pipeline::assemble::assemble(config.clone(), parsed.clone(), found.assets.clone(), false, &mut Vec::new(), &mut cache)
    };
    group.bench_function("markdown, links and taxonomy", |b| b.iter(assemble));
    let site = assemble();
    group.bench_function("taxonomy and related articles", |b| b.iter(|| taxonomy::build(&site.config, &site.articles)));
    let render_opts = RenderOptions { search: true, drafts: false };
    let no_cards = render::CardCache::default();
    group.bench_function("cards", |b| b.iter(|| Renderer::new(&site, &theme, render_opts, &no_cards).1.len()));
    let (renderer, _) = Renderer::new(&site, &theme, render_opts, &no_cards);
    let pages = renderer.pages();
    group.bench_function("render every page", |b| {
        b.iter(|| renderer.render_each(&pages, None, |_, _, _| Ok::<(), std::convert::Infallible>(())))
    });
    group.bench_function("fingerprint every page", |b| {
        b.iter(|| pages.iter().map(|&p| renderer.prepare(p).fingerprint).fold(0, u64::wrapping_add))
    });

    // The search index reads written pages, so write them once.
    let tmp = std::env::temp_dir().join(format!("leidraad-bench-{}", std::process::id()));
    let staging = output::Staging::create(&tmp.join("public")).expect("staging");
    let paths: Vec<String> = pages.iter().map(|&p| renderer.output_path(p)).collect();
    staging.make_dirs(paths.iter().map(String::as_str)).expect("folders");
    renderer.render_each(&pages, None, |path, _, bytes| staging.write(&path, &bytes)).expect("pages written");
    group.bench_function("search index (fresh)", |b| {
        b.iter(|| {
            let _ = std::fs::remove_dir_all(staging.dir().join(search::BUNDLE));
            search::write_bundle(&site.config.language, staging.dir()).expect("indexed")
        })
    });
    group.bench_function("search index (over the previous one)", |b| {
        b.iter(|| search::write_bundle(&site.config.language, staging.dir()).expect("indexed"))
    });
    group.finish();
    drop(staging);
    let _ = std::fs::remove_dir_all(&tmp);
}

criterion_group!(benches, stages);
criterion_main!(benches);
