//! Front matter: any text as an article file, parsed and validated against
//! the test fixture's site.yaml. Must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use leidraad::content::{front_matter, SourceFile};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = SourceFile { rel: "team/x.md".into(), text: text.into() };
    if let Err(diags) = front_matter::parse(&source, common::config()) {
        for d in diags {
            let _ = d.render_plain();
        }
    }
});
