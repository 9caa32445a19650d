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

/// The 1,000-article corpus of the repository's `bench/gen_corpus.py`,
/// generated on first use. A copy of the generator is kept beside the
/// corpus, so a changed generator makes it again; `bench/run` shares the
/// folder and gets the same bytes from the same generator and arguments.
fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench/corpora/leidraad-1000");
    let script = root.join("bench/gen_corpus.py");
    let generator = std::fs::read(&script).expect("bench/gen_corpus.py is readable");
    let stamp = dir.with_extension("generator.py");
    if dir.join("site.yaml").exists() && std::fs::read(&stamp).is_ok_and(|s| s == generator) {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let status = Command::new("python3")
        .arg(&script)
        .args(["--articles", "1000", "--flavor", "leidraad", "--seed", "42", "--out"])
        .arg(&dir)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "{} failed", script.display());
    std::fs::write(&stamp, generator).expect("generator stamp");
    dir
}

fn stages(c: &mut Criterion) {
    let root = corpus();
    let opts = Options { root: root.clone(), search: true, ..Options::default() };
    let (config, theme) = pipeline::load(&opts).unwrap_or_else(|_| panic!("the corpus loads"));
    let (found, _) = content::discover(&root).expect("the corpus reads");
    let mut group = c.benchmark_group("1000 articles");
    group.sample_size(10);

    group.bench_function("read sources", |b| b.iter(|| content::discover(&root).expect("reads")));
    group.bench_function("front matter", |b| b.iter(|| pipeline::parse_all(&found.sources, &config)));
    let (parsed, folder_indexes, _) = pipeline::parse_all(&found.sources, &config);
    let assemble = || {
        let mut cache = pipeline::assemble::Cache::default();
        let input = pipeline::assemble::Input {
            config: config.clone(),
            articles: parsed.clone(),
            folder_indexes: folder_indexes.clone(),
            assets: found.assets.clone(),
            drafts: false,
            labels: leidraad::markdown::Labels::from_strings(&theme.strings),
        };
        pipeline::assemble::assemble(input, &mut Vec::new(), &mut cache)
    };
    group.bench_function("markdown, links and taxonomy", |b| b.iter(assemble));
    let site = assemble();
    group.bench_function("taxonomy and related articles", |b| b.iter(|| taxonomy::build(&site.config, &site.articles)));
    let render_opts = RenderOptions { search: true, ..RenderOptions::default() };
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
    let articles: Vec<String> = site.articles.iter().map(|a| a.output_path()).collect();
    let input = search::Input { language: &site.config.language, settings: &site.config.search, pages: &articles };
    group.bench_function("search index (fresh)", |b| {
        b.iter(|| {
            let _ = std::fs::remove_dir_all(staging.dir().join(search::BUNDLE));
            search::write_bundle(&input, staging.dir()).expect("indexed")
        })
    });
    group.bench_function("search index (over the previous one)", |b| {
        b.iter(|| search::write_bundle(&input, staging.dir()).expect("indexed"))
    });
    group.finish();
    drop(staging);
    let _ = std::fs::remove_dir_all(&tmp);
}

criterion_group!(benches, stages);
criterion_main!(benches);
