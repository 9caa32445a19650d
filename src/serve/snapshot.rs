//! The dev server's sink: the served site in memory. A rebuild writes into
//! a copy of the current snapshot (cheap: files are shared), and the server
//! swaps it in only when the run succeeded, so a broken save changes
//! nothing served. A page is rendered again only when its fingerprint
//! differs from the one the snapshot holds it with.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::output::{PlanFile, Sink, BUNDLE};
use crate::Fatal;

/// What the server serves: output path → content. Cloning is cheap.
pub type Files = HashMap<String, Arc<PlanFile>>;

/// The served files and the fingerprint each page was rendered with.
#[derive(Default)]
pub struct Snapshot {
    files: Files,
    fingerprints: HashMap<String, u64>,
    /// Every output path of the run being written (pages and copied files).
    paths: HashSet<String>,
    written: Mutex<Vec<(String, u64, Vec<u8>)>>,
}

impl Clone for Snapshot {
    fn clone(&self) -> Self {
        Snapshot { files: self.files.clone(), fingerprints: self.fingerprints.clone(), ..Snapshot::default() }
    }
}

impl Snapshot {
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The fingerprint a page was rendered with.
    pub fn fingerprint(&self, path: &str) -> Option<u64> {
        self.fingerprints.get(path).copied()
    }

    /// Ends a successful run: takes the pages written and drops every file
    /// the run no longer has (the search bundle stays; it is replaced by
    /// [`Snapshot::set_search_files`]).
    pub fn finish(&mut self) {
        for (path, fp, bytes) in std::mem::take(self.written.get_mut().unwrap_or_else(|e| e.into_inner())) {
            self.fingerprints.insert(path.clone(), fp);
            self.files.insert(path, Arc::new(PlanFile::Bytes(bytes)));
        }
        let bundle = format!("{BUNDLE}/");
        let paths = &self.paths;
        self.files.retain(|k, _| paths.contains(k) || k.starts_with(&bundle));
        self.fingerprints.retain(|k, _| paths.contains(k));
    }

    /// Replaces the search bundle.
    pub fn set_search_files(&mut self, bundle: BTreeMap<String, PlanFile>) {
        let prefix = format!("{BUNDLE}/");
        self.files.retain(|k, _| !k.starts_with(&prefix));
        self.files.extend(bundle.into_iter().map(|(k, v)| (k, Arc::new(v))));
    }
}

impl Sink for Snapshot {
    fn holds(&self, path: &str, fingerprint: u64) -> bool {
        self.fingerprints.get(path) == Some(&fingerprint) && self.files.contains_key(path)
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

    fn copy(&mut self, files: &BTreeMap<String, PlanFile>) -> Result<(), Fatal> {
        for (path, file) in files {
            self.fingerprints.remove(path);
            self.files.insert(path.clone(), Arc::new(file.clone()));
        }
        Ok(())
    }
}
