//! The dev server's sink: the served site in memory. A rebuild writes into
//! a [`Pending`] change over the current [`Snapshot`], applied only when the
//! run succeeded, so a broken save changes nothing served. A page is
//! rendered again only when its fingerprint differs from the one the
//! snapshot holds it with.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::output::{PlanFile, Sink, BUNDLE};
use crate::Fatal;

/// What the server serves: output path → content.
pub type Files = HashMap<String, Arc<PlanFile>>;

/// The served files and the fingerprint each page was rendered with. The
/// files are shared with the HTTP server, which reads them while the next
/// rebuild runs.
#[derive(Default)]
pub struct Snapshot {
    files: Arc<Files>,
    fingerprints: HashMap<String, u64>,
    /// Each copied file's modification time and length when it was read.
    stamps: HashMap<String, Stamp>,
}

/// A file's modification time and length.
type Stamp = (std::time::SystemTime, u64);

impl Snapshot {
    pub fn files(&self) -> &Arc<Files> {
        &self.files
    }

    /// The fingerprint a page was rendered with.
    pub fn fingerprint(&self, path: &str) -> Option<u64> {
        self.fingerprints.get(path).copied()
    }

    /// A change over this snapshot, for one run.
    pub fn pending(&self) -> Pending<'_> {
        Pending { base: self, paths: HashSet::new(), written: Mutex::default(), copied: Vec::new() }
    }

    /// Applies a successful run's change: its pages and copied files, and
    /// drops every file the run no longer has (the search bundle stays; it
    /// is replaced by [`Snapshot::set_search_files`]).
    pub fn apply(&mut self, change: Change) {
        let files = Arc::make_mut(&mut self.files);
        for (path, fp, bytes) in change.written {
            self.fingerprints.insert(path.clone(), fp);
            files.insert(path, Arc::new(PlanFile::Bytes(bytes)));
        }
        for (path, file, stamp) in change.copied {
            self.fingerprints.remove(&path);
            match stamp {
                Some(st) => self.stamps.insert(path.clone(), st),
                None => self.stamps.remove(&path),
            };
            files.insert(path, file);
        }
        let (paths, bundle) = (&change.paths, format!("{BUNDLE}/"));
        if files.len() > paths.len() {
            files.retain(|k, _| paths.contains(k) || k.starts_with(&bundle));
        }
        self.fingerprints.retain(|k, _| paths.contains(k));
        self.stamps.retain(|k, _| paths.contains(k));
    }

    /// Replaces the search bundle.
    pub fn set_search_files(&mut self, bundle: BTreeMap<String, PlanFile>) {
        let prefix = format!("{BUNDLE}/");
        let files = Arc::make_mut(&mut self.files);
        files.retain(|k, _| !k.starts_with(&prefix));
        files.extend(bundle.into_iter().map(|(k, v)| (k, Arc::new(v))));
    }
}

/// What a run wrote, ready for [`Snapshot::apply`].
pub struct Change {
    paths: HashSet<String>,
    written: Vec<(String, u64, Vec<u8>)>,
    copied: Vec<Copied>,
}

/// A copied file as served: its bytes, and the stamp of the file they were
/// read from.
type Copied = (String, Arc<PlanFile>, Option<Stamp>);

/// The sink of one run: reads the snapshot, collects what the run writes.
pub struct Pending<'a> {
    base: &'a Snapshot,
    paths: HashSet<String>,
    written: Mutex<Vec<(String, u64, Vec<u8>)>>,
    copied: Vec<Copied>,
}

impl Pending<'_> {
    pub fn into_change(self) -> Change {
        Change { paths: self.paths, written: self.written.into_inner().unwrap_or_else(|e| e.into_inner()), copied: self.copied }
    }
}

impl Sink for Pending<'_> {
    fn holds(&self, path: &str, fingerprint: u64) -> bool {
        self.base.fingerprints.get(path) == Some(&fingerprint) && self.base.files.contains_key(path)
    }

    fn keeps_pages(&self) -> bool {
        true
    }

    fn prepare(&mut self, paths: &[&str]) -> Result<(), Fatal> {
        self.paths = paths.iter().map(|p| p.to_string()).collect();
        Ok(())
    }

    fn page(&self, path: String, fingerprint: u64, bytes: Vec<u8>) -> Result<(), Fatal> {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push((path, fingerprint, bytes));
        Ok(())
    }

    /// Files of the site are read now, not when they are requested, so the
    /// last good site stays served whole while the tree is broken; a file
    /// whose modification time and length are as when it was last read is
    /// not read again.
    fn copy(&mut self, files: &BTreeMap<String, PlanFile>) -> Result<(), Fatal> {
        let mut copied = Vec::with_capacity(files.len());
        for (rel, file) in files {
            let PlanFile::Copy(src) = file else {
                copied.push((rel.clone(), Arc::new(file.clone()), None));
                continue;
            };
            let io = |source| Fatal::Io { path: src.clone(), source };
            let meta = std::fs::metadata(src).map_err(io)?;
            let stamp = (meta.modified().map_err(io)?, meta.len());
            let kept = self.base.stamps.get(rel).filter(|s| **s == stamp).and_then(|_| self.base.files.get(rel));
            let served = match kept {
                Some(f) => f.clone(),
                None => Arc::new(PlanFile::Bytes(std::fs::read(src).map_err(io)?)),
            };
            copied.push((rel.clone(), served, Some(stamp)));
        }
        self.copied = copied;
        Ok(())
    }
}
