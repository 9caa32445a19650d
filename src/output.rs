//! Stage 8, output: [`OutputPlan`] → files on disk, all or nothing.
//!
//! The plan is written (in parallel) into a staging folder beside the output
//! folder, with a manifest of every file; only when that is complete is the
//! old output renamed away and the staging folder renamed into place. A
//! failed build therefore never touches the previous site. The old output is
//! kept as the next build's staging folder (see [`Staging`]). Before anything is
//! written, [`check_safe`] refuses output folders that could hold the user's
//! own files (spec section 8).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::Fatal;

mod guard;
mod swap;

pub use guard::{check_safe, first_symlink, is_plain_rel, read_manifest, resolve_existing};

/// The manifest every build writes: one output path per line.
pub const MANIFEST: &str = ".leidraad-manifest";

/// The folder of the search bundle in the output (written by `search`).
pub const BUNDLE: &str = "pagefind";

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

/// Where a run of the pipeline puts its output: a staging folder (build),
/// the dev server's in-memory snapshot, or nowhere (check). Pages arrive
/// from many threads at once.
pub trait Sink: Sync {
    /// Whether the sink already holds the page at `path` as made with this
    /// fingerprint, so it need not be rendered again.
    fn holds(&self, _path: &str, _fingerprint: u64) -> bool {
        false
    }

    /// Whether the sink keeps earlier pages (so [`Sink::holds`] can say
    /// yes, and pages need their fingerprints).
    fn keeps_pages(&self) -> bool {
        false
    }

    /// Called once before any page, with every output path of the run
    /// (pages, then copied files).
    fn prepare(&mut self, _paths: &[&str]) -> Result<(), Fatal> {
        Ok(())
    }

    /// One rendered page.
    fn page(&self, path: String, fingerprint: u64, bytes: Vec<u8>) -> Result<(), Fatal>;

    /// The files copied as they are (theme static files, article assets).
    fn copy(&mut self, files: &BTreeMap<String, PlanFile>) -> Result<(), Fatal>;
}

/// A sink that keeps nothing: `check` renders every page for its errors.
pub struct Discard;

impl Sink for Discard {
    fn page(&self, _: String, _: u64, _: Vec<u8>) -> Result<(), Fatal> {
        Ok(())
    }

    fn copy(&mut self, _: &BTreeMap<String, PlanFile>) -> Result<(), Fatal> {
        Ok(())
    }
}

/// What a commit wrote.
#[derive(Debug, Clone, Copy)]
pub struct CommitStats {
    pub files: usize,
    pub bytes: u64,
}

/// Writes the plan into place atomically (see the module docs).
pub fn commit(plan: &OutputPlan, out: &Path) -> Result<CommitStats, Fatal> {
    let mut staging = Staging::create(out)?;
    staging.retain(plan.files.keys().map(String::as_str), None);
    staging.make_dirs(plan.files.keys().map(String::as_str))?;
    staging.write_files(&plan.files)?;
    staging.commit()
}

/// A build being written: a staging folder beside the output folder that
/// pages are written into as they are rendered, then swapped into place by
/// [`Staging::commit`]. Dropped without a commit, it removes itself, so a
/// failed build leaves the previous output as it was.
///
/// The output a commit replaces is not deleted but kept beside it as the
/// *spare* (`.public.leidraad-spare`), and the next build writes into the
/// spare instead of a new, empty folder: a page whose bytes are already
/// there is not written again, and no file or folder is created or deleted
/// for pages that still exist. On a site of thousands of pages that is most
/// of the cost of writing it (creating and deleting inodes, which on ext4
/// without a journal slows down further for minutes after many deletions).
/// The price is disk space: the spare is one more copy of the site, and
/// can be deleted at any time.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    old: PathBuf,
    spare: PathBuf,
    done: bool,
    /// The files the folder held when it was taken over from the spare (its
    /// manifest); `None` when it started empty.
    reused: Option<BTreeSet<String>>,
    /// Files of a reused folder that `retain` keeps without their being
    /// written (the search bundle, which Pagefind updates in place).
    kept_dir: Option<String>,
    /// Folders that lost files in `retain`: removed at commit if empty.
    emptied: Mutex<Vec<PathBuf>>,
    /// Every file written, with its size: the manifest of a folder that
    /// started empty.
    written: Mutex<Vec<(String, u64)>>,
}

impl Staging {
    /// A staging folder for `out` (whose parent is created if needed): the
    /// spare of an earlier build if there is one, else a new, empty folder.
    pub fn create(out: &Path) -> Result<Staging, Fatal> {
        let out = absolute(out);
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let spare = parent.join(format!(".{name}.leidraad-spare"));
        let _ = std::fs::remove_dir_all(&dir);
        swap::sweep_dead_builds(&parent, &name);
        // Only a folder with our manifest, naming nothing but plain files
        // inside it, and holding no symbolic link is taken: it is one of our
        // outputs, and removing or writing its files stays inside it.
        let trusted = std::fs::read_to_string(spare.join(MANIFEST)).ok().and_then(|m| read_manifest(&m).ok());
        let reused = match trusted {
            Some(files) if first_symlink(&spare).is_none() && std::fs::rename(&spare, &dir).is_ok() => Some(files),
            _ => {
                std::fs::create_dir_all(&dir).map_err(io(&dir))?;
                // Marks the folder as ours from the start, so that the next
                // build may remove it if this one is killed.
                let mark = dir.join(MANIFEST);
                std::fs::write(&mark, "").map_err(io(&mark))?;
                None
            }
        };
        Ok(Staging { dir, out, old, spare, done: false, reused, kept_dir: None, emptied: Mutex::default(), written: Mutex::default() })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder it will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Whether the folder is an earlier build's output being reused.
    pub fn is_reused(&self) -> bool {
        self.reused.is_some()
    }

    /// Prepares a reused folder for a build that writes exactly `files`:
    /// removes every file of the earlier build that is not among them
    /// (except under `keep_dir`), and any folder where a file goes now.
    /// Does nothing to a folder that started empty.
    pub fn retain<'a>(&mut self, files: impl Iterator<Item = &'a str>, keep_dir: Option<&str>) {
        let Some(old) = &self.reused else { return };
        self.kept_dir = keep_dir.map(|d| format!("{d}/"));
        let new: BTreeSet<&str> = files.collect();
        let kept = |f: &str| f == MANIFEST || new.contains(f) || self.kept_dir.as_deref().is_some_and(|d| f.starts_with(d));
        let mut emptied = Vec::new();
        for f in old.iter().filter(|f| !kept(f)) {
            let path = self.dir.join(f);
            let _ = std::fs::remove_file(&path);
            if let Some(p) = path.parent() {
                emptied.push(p.to_path_buf());
            }
        }
        // A file now where the earlier build had a folder.
        for f in &new {
            let prefix = format!("{f}/");
            if old.range(prefix.clone()..).next().is_some_and(|o| o.starts_with(&prefix)) {
                let _ = std::fs::remove_dir_all(self.dir.join(f));
            }
        }
        *self.emptied.get_mut().unwrap_or_else(|e| e.into_inner()) = emptied;
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
    /// In a reused folder, a file that already holds these bytes is left
    /// as it is.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Fatal> {
        let target = self.dir.join(rel);
        let written = match &self.reused {
            Some(old) if old.contains(rel) => write_if_changed(&target, bytes),
            _ => std::fs::write(&target, bytes),
        };
        written.map_err(io(&target))?;
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_string(), bytes.len() as u64));
        Ok(())
    }

    /// Writes these files (output path → content), in parallel.
    pub fn write_files(&self, files: &BTreeMap<String, PlanFile>) -> Result<(), Fatal> {
        files.par_iter().try_for_each(|(rel, file)| match file {
            PlanFile::Copy(src) => {
                let n = std::fs::copy(src, self.dir.join(rel)).map_err(io(src))?;
                self.written.lock().unwrap_or_else(|e| e.into_inner()).push((rel.clone(), n));
                Ok(())
            }
            PlanFile::Bytes(b) => self.write(rel, b),
            PlanFile::Static(b) => self.write(rel, b),
        })
    }

    /// Hard-links every file of `sub` in the current output into the same
    /// place in staging (copies where links fail), so a writer that skips
    /// files that exist (Pagefind's content-hashed files) can reuse them.
    /// A file already in staging is left alone: it may be a link to the
    /// very same file. Returns how many files were seeded, or the first
    /// file that could be neither linked nor copied (a copy cut short is
    /// removed); a missing `sub` seeds nothing.
    pub fn seed(&self, sub: &str) -> std::io::Result<usize> {
        let from = self.out.join(sub);
        let Ok(files) = list_files(&from) else { return Ok(0) };
        let mut n = 0;
        let mut made = BTreeSet::new();
        for rel in files {
            let (src, dst) = (from.join(&rel), self.dir.join(sub).join(&rel));
            if let Some(p) = dst.parent() {
                if made.insert(p.to_path_buf()) {
                    std::fs::create_dir_all(p)?;
                }
            }
            match std::fs::hard_link(&src, &dst) {
                Ok(()) => n += 1,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(_) => {
                    if let Err(e) = std::fs::copy(&src, &dst) {
                        let _ = std::fs::remove_file(&dst);
                        return Err(e);
                    }
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Writes the manifest and swaps staging into place of the output
    /// folder, which becomes the spare.
    pub fn commit(mut self) -> Result<CommitStats, Fatal> {
        let mut files: BTreeMap<String, u64> =
            std::mem::take(self.written.get_mut().unwrap_or_else(|e| e.into_inner())).into_iter().collect();
        // Files nobody wrote: the search bundle, and in a reused folder
        // anything the earlier build left that `retain` did not remove.
        let walk_from = if self.reused.is_some() { self.dir.clone() } else { self.dir.join(BUNDLE) };
        if walk_from.is_dir() {
            for entry in walkdir::WalkDir::new(&walk_from) {
                let entry = entry.map_err(|e| Fatal::Io { path: self.dir.clone(), source: e.into() })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = rel_path(&self.dir, entry.path());
                if files.contains_key(&rel) || rel == MANIFEST {
                    continue;
                }
                let bundled = rel.starts_with(&format!("{}/", BUNDLE));
                let kept = self.reused.is_none() || self.kept_dir.as_deref().is_some_and(|d| rel.starts_with(d));
                if bundled && kept {
                    files.insert(rel, entry.metadata().map_or(0, |m| m.len()));
                } else {
                    std::fs::remove_file(entry.path()).map_err(io(entry.path()))?;
                }
            }
        }
        for d in self.emptied.get_mut().unwrap_or_else(|e| e.into_inner()).iter() {
            // Fails, as it should, where the folder still holds something.
            let mut d = d.as_path();
            while d != self.dir && std::fs::remove_dir(d).is_ok() {
                let Some(p) = d.parent() else { break };
                d = p;
            }
        }
        let mut manifest = String::new();
        for k in files.keys() {
            manifest.push_str(k);
            manifest.push('\n');
        }
        let mpath = self.dir.join(MANIFEST);
        std::fs::write(&mpath, manifest).map_err(io(&mpath))?;
        let old = swap::swap(&self.dir, &self.out, &self.old)?;
        self.done = true;
        // The replaced output becomes the next build's staging folder.
        if let Some(old) = old {
            if std::fs::rename(&old, &self.spare).is_err() {
                let _ = std::fs::remove_dir_all(&old);
            }
        }
        Ok(CommitStats { files: files.len(), bytes: files.values().sum() })
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

/// Writes `bytes` to `path` unless the file already holds exactly them, so
/// an unchanged file is neither rewritten nor replaced.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes)
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
        let mut left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, [".public.leidraad-spare", "public"], "the replaced output is kept as the spare");
    }

    fn files_of(dir: &Path) -> Vec<(String, String)> {
        list_files(dir).unwrap().into_iter().map(|f| (f.clone(), std::fs::read_to_string(dir.join(&f)).unwrap())).collect()
    }

    #[test]
    fn a_reused_spare_ends_up_holding_exactly_the_new_plan() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        commit(&plan(&[("a/index.html", "1"), ("b/c/index.html", "x"), ("d.html", "d")]), &out).unwrap();
        commit(&plan(&[("a/index.html", "2"), ("e", "e")]), &out).unwrap();
        // The spare holds the first build; a file goes where it had a
        // folder (`b`) and a folder where it had a file (`d.html`).
        let third = plan(&[("a/index.html", "2"), ("b", "file now"), ("d.html/index.html", "folder now")]);
        commit(&third, &out).unwrap();
        let want: Vec<(String, String)> = [
            (".leidraad-manifest", "a/index.html\nb\nd.html/index.html\n"),
            ("a/index.html", "2"),
            ("b", "file now"),
            ("d.html/index.html", "folder now"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(files_of(&out), want);
        assert_eq!(files_of(&tmp.path().join(".public.leidraad-spare")).len(), 3, "the second build is the spare now");
    }

    #[test]
    fn a_spare_without_a_manifest_is_not_ours_and_stays_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let spare = tmp.path().join(".public.leidraad-spare");
        std::fs::create_dir_all(&spare).unwrap();
        std::fs::write(spare.join("mine.txt"), "mine").unwrap();
        let out = tmp.path().join("public");
        commit(&plan(&[("a.html", "1")]), &out).unwrap();
        commit(&plan(&[("a.html", "2")]), &out).unwrap();
        assert_eq!(files_of(&spare), [("mine.txt".to_string(), "mine".to_string())]);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "2");
    }

    #[test]
    fn seeding_never_overwrites_a_file_in_staging() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let rel = "pagefind/fragment/x.pf_fragment";
        commit(&plan(&[(rel, "data")]), &out).unwrap();
        commit(&plan(&[(rel, "data")]), &out).unwrap();
        // As after a seeded build: the output's file and the spare's are
        // one file (hard links).
        std::fs::remove_file(out.join(rel)).unwrap();
        std::fs::hard_link(tmp.path().join(".public.leidraad-spare").join(rel), out.join(rel)).unwrap();
        let mut staging = Staging::create(&out).unwrap();
        assert!(staging.is_reused());
        staging.retain(std::iter::empty(), Some("pagefind"));
        // Linking fails (the file exists); copying the file onto itself
        // would empty it, in the live output too.
        staging.seed("pagefind/fragment").unwrap();
        assert_eq!(std::fs::read_to_string(staging.dir().join(rel)).unwrap(), "data");
        assert_eq!(std::fs::read_to_string(out.join(rel)).unwrap(), "data");
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
