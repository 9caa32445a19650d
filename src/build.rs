//! `leidraad build`: one pipeline run into a staging folder beside the
//! output, the search stage over the written pages, with `--portable` the
//! portable stage over both, then the swap. Only a
//! complete build replaces the output; on any error the staging folder is
//! removed and the output is left as it was.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::output::{self, PlanFile, Sink, Staging};
use crate::pipeline::{ChangeSet, Failure, Options, Pipeline, Timings};
use crate::portable;
use crate::search;
use crate::Fatal;

/// What a build written to disk did.
#[derive(Debug)]
pub struct Report {
    pub articles: usize,
    /// HTML and XML pages.
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub search: Option<search::Indexed>,
    /// What `--portable` did, if it was given.
    pub portable: Option<portable::Portable>,
    pub warnings: Vec<Diagnostic>,
}

/// The build's sink: pages go straight into the staging folder, and what
/// the search bundle is made from is noted as they go.
struct StagingSink {
    staging: Staging,
    stamp: Option<search::Fingerprint>,
}

impl Sink for StagingSink {
    fn prepare(&mut self, paths: &[&str]) -> Result<(), Fatal> {
        // The stamp stays until it is rewritten: it says what the bundle
        // kept with it was made from.
        let stamp = self.stamp.is_some().then_some(search::STAMP);
        self.staging.retain(paths.iter().copied().chain(stamp), self.stamp.is_some().then_some(output::BUNDLE));
        self.staging.make_dirs(paths.iter().copied())
    }

    fn page(&self, path: String, _: u64, bytes: Vec<u8>) -> Result<(), Fatal> {
        self.staging.write(&path, &bytes)?;
        if let Some(stamp) = &self.stamp {
            stamp.add(&path, &bytes);
        }
        Ok(())
    }

    fn copy(&mut self, files: &BTreeMap<String, PlanFile>) -> Result<(), Fatal> {
        self.staging.write_files(files)?;
        if let Some(stamp) = &self.stamp {
            for (rel, file) in files.iter().filter(|(rel, _)| rel.ends_with(".html")) {
                let bytes = file.read().map_err(|source| Fatal::Io { path: self.staging.dir().join(rel), source })?;
                stamp.add(rel, &bytes);
            }
        }
        Ok(())
    }
}

/// Builds the site into `out`; `portable` adds the [`portable`] stage.
pub fn build_into(opts: &Options, out: &Path, portable: bool) -> Result<Report, Failure> {
    output::check_safe(&opts.root, out)?;
    if !opts.root.is_dir() {
        return Err(Failure::Fatal(Fatal::MissingRoot(opts.root.clone())));
    }
    let staging = Staging::create(out)?;
    let mut sink = StagingSink { staging, stamp: opts.search.then(search::Fingerprint::default) };
    let mut pipeline = Pipeline::new(opts.clone());
    let outcome = pipeline.run(&ChangeSet::everything(), &mut sink)?;
    let mut timings = Timings::from_env();
    let StagingSink { staging, stamp } = sink;
    let search = match stamp {
        Some(stamp) => {
            let stamp = stamp.stamp(&outcome.language, &outcome.search);
            let input = search::Input { language: &outcome.language, settings: &outcome.search, pages: &outcome.article_pages };
            let indexed = search::update_bundle(&staging, &input, &stamp).map_err(|d| Failure::Content(vec![*d]))?;
            staging.write(search::STAMP, stamp.as_bytes())?;
            timings.lap("search index");
            Some(indexed)
        }
        None => None,
    };
    let portable = match pipeline.config() {
        Some(config) if portable => Some(portable::apply(&staging, &config.base_url)?),
        _ => {
            portable::clear(&staging)?;
            None
        }
    };
    drop(pipeline);
    timings.lap("portable");
    let stats = staging.commit()?;
    timings.lap("commit");
    timings.print();
    Ok(Report {
        articles: outcome.articles,
        pages: outcome.pages,
        files: stats.files,
        bytes: stats.bytes,
        search,
        portable,
        warnings: outcome.warnings,
    })
}
