//! `leidraad serve`: not built yet (issue 5).

use std::path::PathBuf;

use crate::Fatal;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

pub fn run(_opts: ServeOptions) -> Result<(), Fatal> {
    Err(Fatal::Usage("serve is not implemented yet".into()))
}
