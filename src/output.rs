//! Stage 8, output: [`OutputPlan`] → files on disk, all or nothing.
//!
//! The plan is written (in parallel) into a staging folder beside the output
//! folder, with a manifest of every file; only when that is complete is the
//! old output renamed away and the staging folder renamed into place. A
//! failed build therefore never touches the previous site. Before anything is
//! written, [`check_safe`] refuses output folders that could hold the user's
//! own files (spec section 8).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Fatal;

/// The manifest every build writes: one output path per line.
pub const MANIFEST: &str = ".leidraad-manifest";

/// One output file's content.
#[derive(Debug, Clone)]
pub enum PlanFile {
    Bytes(Vec<u8>),
    /// Embedded in the binary (the default theme).
    Static(&'static [u8]),
    /// Copied from a file of the site (assets, static files).
    Copy(PathBuf),
}

impl PlanFile {
    /// The bytes, reading copied files.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            PlanFile::Bytes(b) => Ok(b.as_slice().into()),
            PlanFile::Static(b) => Ok((*b).into()),
            PlanFile::Copy(p) => std::fs::read(p).map(Into::into),
        }
    }
}

/// The whole site, in memory: output path (`a/b/index.html`) → content.
#[derive(Debug, Clone, Default)]
pub struct OutputPlan {
    pub files: BTreeMap<String, PlanFile>,
}

/// What a commit wrote.
#[derive(Debug, Clone, Copy)]
pub struct CommitStats {
    pub files: usize,
    pub bytes: u64,
}

/// Refuses an output folder that is unsafe to replace (spec section 8).
pub fn check_safe(root: &Path, out: &Path) -> Result<(), Fatal> {
    let unsafe_out = |reason: &str| Fatal::UnsafeOutput { path: out.to_path_buf(), reason: reason.to_string() };
    let root = absolute(root);
    let out_abs = absolute(out);
    if out_abs == root {
        return Err(unsafe_out("it is the site root"));
    }
    if root.starts_with(&out_abs) {
        return Err(unsafe_out("it contains the site root"));
    }
    for inner in ["articles", "themes", "templates", "static"] {
        if out_abs.starts_with(root.join(inner)) {
            return Err(unsafe_out(&format!("it lies inside `{inner}/`")));
        }
    }
    if !out_abs.exists() {
        return Ok(());
    }
    if !out_abs.is_dir() {
        return Err(unsafe_out("it is a file, not a folder"));
    }
    if out_abs.join("articles").exists() || out_abs.join("site.yaml").exists() {
        return Err(unsafe_out("it contains `articles/` or `site.yaml`, so it looks like a site, not an output folder"));
    }
    let present = list_files(&out_abs).map_err(|source| Fatal::Io { path: out_abs.clone(), source })?;
    if present.is_empty() {
        return Ok(());
    }
    let manifest = match std::fs::read_to_string(out_abs.join(MANIFEST)) {
        Ok(m) => m,
        Err(_) => {
            return Err(unsafe_out("it holds files that leidraad did not write (no build manifest); empty it or choose another --output"))
        }
    };
    let written: BTreeSet<&str> = manifest.lines().collect();
    if let Some(stray) = present.iter().find(|p| p.as_str() != MANIFEST && !written.contains(p.as_str())) {
        return Err(unsafe_out(&format!(
            "it holds `{stray}`, which an earlier build did not write; move it away or choose another --output"
        )));
    }
    Ok(())
}

/// Writes the plan into place atomically (see the module docs).
pub fn commit(plan: &OutputPlan, out: &Path) -> Result<CommitStats, Fatal> {
    let staging = Staging::create(out)?;
    staging.make_dirs(plan.files.keys().map(String::as_str))?;
    staging.write_plan(plan)?;
    staging.commit()
}

/// A build being written: a staging folder beside the output folder that
/// pages are written into as they are rendered, then swapped into place by
/// [`Staging::commit`]. Dropped without a commit, it removes itself, so a
/// failed build leaves the previous output as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    old: PathBuf,
    done: bool,
}

impl Staging {
    /// An empty staging folder for `out` (whose parent is created if needed).
    pub fn create(out: &Path) -> Result<Staging, Fatal> {
        let out = absolute(out);
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Staging { dir, out, old, done: false })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder it will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Creates the folders of these output paths, once each, before the
    /// files are written in parallel.
    pub fn make_dirs<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Result<(), Fatal> {
        let dirs: BTreeSet<&str> = paths.filter_map(|p| p.rsplit_once('/').map(|(d, _)| d)).collect();
        // Level by level (parents first), each level in parallel: folders in
        // different parents do not wait on each other's directory lock.
        let mut levels: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for d in dirs {
            let mut at = d.len();
            while at > 0 {
                let part = &d[..at];
                levels.entry(part.matches('/').count()).or_default().insert(part);
                at = part.rfind('/').unwrap_or(0);
            }
        }
        for level in levels.values() {
            level.par_iter().try_for_each(|d| {
                let d = self.dir.join(d);
                match std::fs::create_dir(&d) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(io(&d)(e)),
                    _ => Ok(()),
                }
            })?;
        }
        Ok(())
    }

    /// Writes one file (its folder must exist, see [`Staging::make_dirs`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Fatal> {
        let target = self.dir.join(rel);
        std::fs::write(&target, bytes).map_err(io(&target))
    }

    /// Writes every file of a plan, in parallel.
    pub fn write_plan(&self, plan: &OutputPlan) -> Result<(), Fatal> {
        plan.files.par_iter().try_for_each(|(rel, file)| match file {
            PlanFile::Copy(src) => std::fs::copy(src, self.dir.join(rel)).map(drop).map_err(io(src)),
            PlanFile::Bytes(b) => self.write(rel, b),
            PlanFile::Static(b) => self.write(rel, b),
        })
    }

    /// Hard-links every file of `sub` in the current output into the same
    /// place in staging (copies where links fail), so a writer that skips
    /// files that exist (Pagefind's content-hashed files) can reuse them.
    /// Returns how many files were seeded.
    pub fn seed(&self, sub: &str) -> usize {
        let from = self.out.join(sub);
        let Ok(files) = list_files(&from) else { return 0 };
        let mut n = 0;
        for rel in files {
            let (src, dst) = (from.join(&rel), self.dir.join(sub).join(&rel));
            if let Some(p) = dst.parent() {
                let _ = std::fs::create_dir_all(p);
            }
            if std::fs::hard_link(&src, &dst).is_ok() || std::fs::copy(&src, &dst).is_ok() {
                n += 1;
            }
        }
        n
    }

    /// Writes the manifest (every file in staging) and swaps staging into
    /// place of the output folder.
    pub fn commit(mut self) -> Result<CommitStats, Fatal> {
        let mut files = Vec::new();
        let mut bytes = 0;
        for entry in walkdir::WalkDir::new(&self.dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Fatal::Io { path: self.dir.clone(), source: e.into() })?;
            if entry.file_type().is_file() {
                bytes += entry.metadata().map_or(0, |m| m.len());
                files.push(rel_path(&self.dir, entry.path()));
            }
        }
        let mut manifest = String::new();
        for k in &files {
            manifest.push_str(k);
            manifest.push('\n');
        }
        let mpath = self.dir.join(MANIFEST);
        std::fs::write(&mpath, manifest).map_err(io(&mpath))?;
        swap(&self.dir, &self.out, &self.old)?;
        self.done = true;
        Ok(CommitStats { files: files.len(), bytes })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Fatal {
    let path = path.to_path_buf();
    move |source| Fatal::Io { path, source }
}

/// Moves `staging` to `out`, keeping the old output until the new is in place.
fn swap(staging: &Path, out: &Path, old: &Path) -> Result<(), Fatal> {
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(old);
        std::fs::rename(out, old).map_err(|source| Fatal::Io { path: out.to_path_buf(), source })?;
    }
    if let Err(source) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(old, out);
        }
        return Err(Fatal::Io { path: out.to_path_buf(), source });
    }
    if had_old {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Every file under a folder, relative and `/`-separated, sorted.
pub fn list_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| e.into_io_error().unwrap_or_else(|| std::io::Error::other("walk error")))?;
        if entry.file_type().is_dir() {
            continue;
        }
        out.push(rel_path(dir, entry.path()));
    }
    Ok(out)
}

/// `path` relative to `dir`, `/`-separated.
fn rel_path(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// An absolute, lexically normalised path (the folder may not exist yet).
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf()) };
    let p = p.canonicalize().unwrap_or(p);
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(files: &[(&str, &str)]) -> OutputPlan {
        OutputPlan { files: files.iter().map(|(k, v)| (k.to_string(), PlanFile::Bytes(v.as_bytes().to_vec()))).collect() }
    }

    #[test]
    fn commit_replaces_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        commit(&plan(&[("a/index.html", "1"), ("old.html", "x")]), &out).unwrap();
        check_safe(tmp.path().join("site").as_path(), &out).unwrap();
        commit(&plan(&[("a/index.html", "2")]), &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_unsafe_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("articles")).unwrap();
        assert!(check_safe(root, root).is_err());
        assert!(check_safe(root, &root.join("articles/out")).is_err());
        let foreign = root.join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_safe(root, &foreign).is_err());
        assert!(check_safe(root, &root.join("empty-or-missing")).is_ok());
    }
}
