//! Which folders a build may replace and take over: [`check_safe`] refuses
//! an output folder that could hold the user's own files (spec section 8),
//! [`read_manifest`] trusts a manifest only for plain names inside its own
//! folder, and [`first_symlink`] finds the link that would let a write or a
//! delete leave the folder. [`resolve_existing`] sees through symbolic links
//! in a path whose end does not exist yet.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{absolute, list_files, rel_path, MANIFEST};
use crate::Fatal;

/// Refuses an output folder that is unsafe to replace (spec section 8).
pub fn check_safe(root: &Path, out: &Path) -> Result<(), Fatal> {
    let unsafe_out = |reason: &str| Fatal::UnsafeOutput { path: out.to_path_buf(), reason: reason.to_string() };
    // Both as written and with every symbolic link of the part that exists
    // resolved: `link/articles/out`, where `link` points at the site, is
    // inside `articles/` even though `out` does not exist yet.
    let (root_abs, out_abs) = (absolute(root), absolute(out));
    let pairs = [(root_abs.clone(), out_abs.clone()), (resolve_existing(&root_abs), resolve_existing(&out_abs))];
    for (root, out_abs) in &pairs {
        if out_abs == root {
            return Err(unsafe_out("it is the site root"));
        }
        if root.starts_with(out_abs) {
            return Err(unsafe_out("it contains the site root"));
        }
        for inner in ["articles", "themes", "templates", "static"] {
            if out_abs.starts_with(root.join(inner)) {
                return Err(unsafe_out(&format!("it lies inside `{inner}/`")));
            }
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
    if let Some(link) = first_symlink(&out_abs) {
        return Err(unsafe_out(&format!(
            "it holds the symbolic link `{link}`, which leidraad never writes; move it away or choose another --output"
        )));
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
    let written = match read_manifest(&manifest) {
        Ok(w) => w,
        Err(bad) => {
            return Err(unsafe_out(&format!(
                "its `{MANIFEST}` names `{}`, which is not a file inside the folder, so leidraad did not write it; delete the manifest or choose another --output",
                crate::diagnostics::visible(&bad)
            )))
        }
    };
    if let Some(stray) = present.iter().find(|p| p.as_str() != MANIFEST && !written.contains(p.as_str())) {
        return Err(unsafe_out(&format!(
            "it holds `{stray}`, which an earlier build did not write; move it away or choose another --output"
        )));
    }
    Ok(())
}

/// The files a manifest names, or the first line that is not a plain
/// relative path inside the folder (`..`, absolute, a drive, a backslash,
/// NUL, an empty segment): a manifest with such a line was not written by
/// leidraad, and the folder is not trusted.
pub fn read_manifest(text: &str) -> Result<BTreeSet<String>, String> {
    text.lines().map(|l| if is_plain_rel(l) { Ok(l.to_string()) } else { Err(l.to_string()) }).collect()
}

/// Whether `rel` is a `/`-separated path of ordinary names, which joined to
/// a folder stays inside it on every platform.
pub fn is_plain_rel(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(|c: char| c == '\\' || c.is_control())
        && rel.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != ".." && seg.len() <= 255)
        && Path::new(rel).components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// The first symbolic link under `dir` (relative path), if any; links are
/// not followed.
pub fn first_symlink(dir: &Path) -> Option<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path_is_symlink())
        .map(|e| rel_path(dir, e.path()))
}

/// `p` with its longest existing ancestor resolved through symbolic links
/// and the rest appended as written.
pub fn resolve_existing(p: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = p;
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |acc: PathBuf, c| acc.join(c));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return p.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_is_trusted_only_for_plain_names_inside_its_folder() {
        assert_eq!(read_manifest("a/index.html\npagefind/x.pf_index\n").unwrap().len(), 2);
        for bad in
            ["../victim", "/abs/victim", "a/../../b", "a//b", "./a", "a\\..\\b", "C:\\Windows\\x", "\\\\server\\share", "a\0b", "a\rb", ""]
        {
            assert!(!is_plain_rel(bad), "{bad:?}");
            assert_eq!(read_manifest(&format!("ok.html\n{bad}\n")).unwrap_err(), bad, "{bad:?}");
        }
    }

    #[test]
    fn a_path_through_a_link_is_seen_through_before_its_end_exists() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        std::fs::create_dir_all(real.join("articles")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&real, tmp.path().join("link")).unwrap();
            let resolved = resolve_existing(&tmp.path().join("link/articles/out/deeper"));
            assert_eq!(resolved, real.canonicalize().unwrap().join("articles/out/deeper"));
        }
    }
}
