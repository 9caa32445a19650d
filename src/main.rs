//! The `leidraad` binary: everything lives in the library; see `cli`.

// Rendering allocates and frees many small values from every thread at
// once; mimalloc does that several times faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (see mimalloc.h).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // A one-shot command frees and reuses memory all the time; handing it
    // back to the OS between uses only costs system time. The dev server
    // runs for hours, so it keeps mimalloc's default.
    if std::env::args().nth(1).is_none_or(|c| c != "serve") {
        // SAFETY: sets a plain integer option; valid at any time.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    }
    std::process::exit(leidraad::cli::main(std::env::args_os()));
}
