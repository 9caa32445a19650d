//! leidraad: a static site generator for HR leadership knowledge bases.
//!
//! The build is a pipeline of stages, one module each (see `pipeline`):
//! `config` → `content` → `markdown` → `taxonomy` → `render` → `search` →
//! `output`. `serve` reruns the same stages on change. Content problems are
//! [`diagnostics::Diagnostic`] values with file and line; problems that stop
//! everything (I/O, an unsafe output folder) are [`Fatal`].

pub mod brand;
pub mod build;
pub mod cli;
pub mod colour;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod folders;
pub mod lifecycle;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod taxonomy;
pub mod theme;

use std::path::PathBuf;

/// A problem that stops a command before or outside content checks: exit 2.
#[derive(Debug, thiserror::Error)]
pub enum Fatal {
    #[error("cannot access `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the site root `{0}` does not exist or is not a folder")]
    MissingRoot(PathBuf),
    #[error("refusing to write to `{path}`: {reason}")]
    UnsafeOutput { path: PathBuf, reason: String },
    #[error("{0}")]
    Usage(String),
}
