//! The site on disk: the files as last written, brought in line with the
//! model the way editors save (in place, or through a hidden temporary file
//! and a rename), renames done as renames and emptied folders removed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::text::Rng;

/// The site's files as last written, and how to write them the way editors
/// do: in place, or through a hidden temporary file and a rename.
pub(super) struct Disk {
    pub(super) root: PathBuf,
    pub(super) files: BTreeMap<String, Vec<u8>>,
    pub(super) rng: Rng,
}

impl Disk {
    pub(super) fn rename(&mut self, from: &str, to: &str) {
        let target = self.root.join(to);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::rename(self.root.join(from), &target).unwrap_or_else(|e| panic!("rename {from} → {to}: {e}"));
        if let Some(bytes) = self.files.remove(from) {
            self.files.insert(to.to_string(), bytes);
        }
        self.prune(from);
    }

    /// Writes what changed, deletes what is gone; returns the paths touched.
    pub(super) fn sync(&mut self, want: &BTreeMap<String, Vec<u8>>, editor_style: bool) -> Vec<String> {
        let mut touched = Vec::new();
        for (rel, bytes) in want {
            if self.files.get(rel) == Some(bytes) {
                continue;
            }
            let path = self.root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            if editor_style && self.rng.chance(40) {
                let tmp = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
                std::fs::write(&tmp, bytes).unwrap();
                std::fs::rename(&tmp, &path).unwrap();
            } else {
                std::fs::write(&path, bytes).unwrap();
            }
            self.files.insert(rel.clone(), bytes.clone());
            touched.push(rel.clone());
        }
        let gone: Vec<String> = self.files.keys().filter(|k| !want.contains_key(*k)).cloned().collect();
        for rel in gone {
            std::fs::remove_file(self.root.join(&rel)).unwrap_or_else(|e| panic!("delete {rel}: {e}"));
            self.files.remove(&rel);
            self.prune(&rel);
            touched.push(rel);
        }
        touched
    }

    /// Removes the folders a removed file leaves empty (not `articles/`).
    fn prune(&self, rel: &str) {
        let mut dir = self.root.join(rel);
        while dir.pop() && dir != self.root && dir != self.root.join("articles") {
            if std::fs::remove_dir(&dir).is_err() {
                break;
            }
        }
    }
}
