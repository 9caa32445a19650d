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
    let out = absolute(out);
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(&parent).map_err(|source| Fatal::Io { path: parent.clone(), source })?;
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);

    let result = write_tree(plan, &staging).and_then(|stats| swap(&staging, &out, &old).map(|_| stats));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(plan: &OutputPlan, dir: &Path) -> Result<CommitStats, Fatal> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Fatal::Io { path, source }
    };
    let dirs: BTreeSet<PathBuf> = plan.files.keys().filter_map(|k| Path::new(k).parent().map(|p| dir.join(p))).collect();
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(io(d))?;
    }
    let bytes: u64 = plan
        .files
        .par_iter()
        .map(|(rel, file)| {
            let target = dir.join(rel);
            match file {
                PlanFile::Copy(src) => std::fs::copy(src, &target).map_err(io(src)),
                PlanFile::Bytes(b) => std::fs::write(&target, b).map(|_| b.len() as u64).map_err(io(&target)),
                PlanFile::Static(b) => std::fs::write(&target, b).map(|_| b.len() as u64).map_err(io(&target)),
            }
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    let mut manifest = String::new();
    for k in plan.files.keys() {
        manifest.push_str(k);
        manifest.push('\n');
    }
    let mpath = dir.join(MANIFEST);
    std::fs::write(&mpath, manifest).map_err(io(&mpath))?;
    Ok(CommitStats { files: plan.files.len(), bytes })
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
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
    }
    Ok(out)
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
