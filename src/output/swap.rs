//! The last step of a build: the complete staging folder takes the place of
//! the output folder, and the old output comes back for use as the spare.
//!
//! On Linux this is one `renameat2(RENAME_EXCHANGE)`: both folders exist at
//! every moment, so `public/` is never missing, even if the process is
//! killed right then. Where that call is missing (other systems, file
//! systems that refuse it) the old output is first renamed away and the new
//! one renamed into place, each rename retried for a while when it fails
//! the way a file held open by another program makes it fail on Windows
//! (an Explorer window, IIS serving a page); if the second rename still
//! fails, the old output is put back. [`sweep_dead_builds`] removes what
//! killed builds left beside the output.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::MANIFEST;
use crate::Fatal;

/// How long a held file may block a rename before the build gives up.
const RETRY_FOR: Duration = Duration::from_secs(10);

/// Moves `staging` to `out`. Returns where the replaced output now is
/// (`staging`'s path after an exchange, else `old`), if there was one.
pub fn swap(staging: &Path, out: &Path, old: &Path) -> Result<Option<PathBuf>, Fatal> {
    let fatal = |source| Fatal::Io { path: out.to_path_buf(), source };
    if !out.exists() {
        return retry(|| std::fs::rename(staging, out)).map(|()| None).map_err(fatal);
    }
    if exchange(staging, out).is_ok() {
        return Ok(Some(staging.to_path_buf()));
    }
    let _ = std::fs::remove_dir_all(old);
    retry(|| std::fs::rename(out, old)).map_err(fatal)?;
    if let Err(source) = retry(|| std::fs::rename(staging, out)) {
        let _ = retry(|| std::fs::rename(old, out));
        return Err(fatal(source));
    }
    Ok(Some(old.to_path_buf()))
}

/// Swaps two existing folders atomically.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid, NUL-terminated paths; the call reads nothing else.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// No atomic exchange here: the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Runs `op` until it succeeds, fails for a reason waiting cannot fix, or
/// [`RETRY_FOR`] has passed.
fn retry(mut op: impl FnMut() -> std::io::Result<()>) -> std::io::Result<()> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(20);
    loop {
        match op() {
            Err(e) if transient(&e) && start.elapsed() < RETRY_FOR => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            other => return other,
        }
    }
}

/// Failures that a file held open by another program causes: access denied
/// and sharing violations on Windows, "busy" elsewhere.
fn transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    #[cfg(windows)]
    const SHARING: [i32; 3] = [5, 32, 33]; // ACCESS_DENIED, SHARING_VIOLATION, LOCK_VIOLATION
    #[cfg(not(windows))]
    const SHARING: [i32; 1] = [libc::EBUSY];
    matches!(e.kind(), PermissionDenied | ResourceBusy) || e.raw_os_error().is_some_and(|c| SHARING.contains(&c))
}

/// Removes what killed builds of this output left beside it: staging and
/// old-output folders (`.public.staging-PID`, `.public.old-PID`) of
/// processes that no longer run. Only folders holding leidraad's manifest
/// are touched; off Unix, where this cannot tell, nothing is.
pub fn sweep_dead_builds(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let pid = [".staging-", ".old-"].iter().find_map(|k| file.strip_prefix(&format!(".{name}{k}"))).and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if pid != std::process::id() && is_dir && !process_alive(pid) && path.join(MANIFEST).is_file() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Whether a process with this id runs (always yes where that cannot be
/// asked, so nothing of a running build is ever removed).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exchange_leaves_both_folders_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("new"), "").unwrap();
        std::fs::write(b.join("old"), "").unwrap();
        let moved = swap(&a, &b, &tmp.path().join("old")).unwrap().unwrap();
        assert!(b.join("new").exists());
        assert!(moved.join("old").exists());
        #[cfg(target_os = "linux")]
        assert_eq!(moved, a, "on Linux the old output is where staging was");
    }

    #[test]
    fn retries_stop_on_a_lasting_failure() {
        let mut n = 0;
        let e = retry(|| {
            n += 1;
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        });
        assert!(e.is_err());
        assert_eq!(n, 1, "a missing file is not retried");
        let mut n = 0;
        retry(|| {
            n += 1;
            if n < 3 {
                Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            } else {
                Ok(())
            }
        })
        .unwrap();
        assert_eq!(n, 3, "a held file is waited for");
    }
}
