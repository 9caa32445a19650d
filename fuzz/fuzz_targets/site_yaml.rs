//! site.yaml: any text parsed and resolved, every diagnostic rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(diags) = leidraad::config::parse(text, &Default::default()) {
        for d in diags {
            let _ = d.render_plain();
        }
    }
});
