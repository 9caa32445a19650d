//! `leidraad serve` (spec section 7): build in memory, serve over HTTP with
//! live reload, watch the site, rebuild what a change touches.
//!
//! Threads: the HTTP server runs on tokio; one builder thread owns the
//! [`Pipeline`] (the same one `build` runs, with its cache) and the
//! [`Snapshot`] it renders into, and applies debounced change sets one at a
//! time;
//! the search index is rebuilt on another thread after the pages are
//! served, so it never holds up a reload. The server only ever reads an
//! immutable snapshot of the last good build ([`State`]).

pub mod addresses;
pub mod classify;
pub mod http;
pub mod snapshot;

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::diagnostics::{self, Diagnostic};
use crate::pipeline::{ChangeSet, Failure, Options, Outcome, Pipeline};
use crate::Fatal;
use snapshot::{Files, Snapshot};

/// The options of `leidraad serve`.
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// What the live-reload stream carries.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// `status` (build ok or failed, with errors) or `reload`.
    pub kind: &'static str,
    pub data: serde_json::Value,
}

/// The build status every served page reflects.
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub errors: Vec<Diagnostic>,
    /// Counts rebuilds, so a page that reconnects can tell it missed one.
    pub build: u64,
}

impl Status {
    pub fn event(&self) -> Event {
        Event { kind: "status", data: serde_json::json!({ "ok": self.errors.is_empty(), "errors": self.errors, "build": self.build }) }
    }
}

/// Shared between the builder and the HTTP handlers.
pub struct State {
    pub files: RwLock<Arc<Files>>,
    pub status: RwLock<Status>,
    pub events: broadcast::Sender<Event>,
}

enum Msg {
    Changes(Vec<PathBuf>),
    Search(u64, std::collections::BTreeMap<String, crate::output::PlanFile>),
}

/// The folders of a site watched recursively (the root itself is watched
/// for site.yaml and for these folders coming and going).
const WATCHED: [&str; 4] = ["articles", "themes", "templates", "static"];

/// How long the watcher waits for a burst of file events to end. Editors
/// that save through a temporary file and a rename do so within a
/// millisecond or two; every millisecond here is added to each rebuild.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Runs the dev server until interrupted.
pub fn run(opts: ServeOptions) -> Result<(), Fatal> {
    if !opts.root.is_dir() {
        return Err(Fatal::MissingRoot(opts.root));
    }
    let root = crate::output::absolute(&opts.root);
    let scratch_lock = claim_scratch_dir();
    sweep_scratch_dirs();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|source| Fatal::Io { path: root.clone(), source })?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((opts.bind.as_str(), opts.port)))
        .map_err(|source| Fatal::Usage(format!("cannot listen on {}:{}: {source}", opts.bind, opts.port)))?;
    let addr = listener.local_addr().map_err(|source| Fatal::Io { path: root.clone(), source })?;
    let base_url = addresses::base_url(addr);
    let urls = addresses::reachable(addr);

    let (events, _) = broadcast::channel(64);
    let state = Arc::new(State { files: RwLock::new(Arc::new(Files::new())), status: RwLock::new(Status::default()), events });
    // The editorial page is always served; review warnings are left to
    // `check` (the page marks overdue articles itself).
    let build_opts = Options {
        root: root.clone(),
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        search: true,
        editorial: true,
        ..Options::default()
    };

    let (tx, rx) = mpsc::channel::<Msg>();
    let watch_tx = tx.clone();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, move |res: notify_debouncer_full::DebounceEventResult| {
        if let Ok(events) = res {
            // Reading files (the build itself) raises access events; only
            // content changes count.
            use notify::event::{EventKind, ModifyKind};
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = watch_tx.send(Msg::Changes(paths));
            }
        }
    })
    .map_err(|e| Fatal::Usage(format!("cannot watch files: {e}")))?;
    debouncer.watch(&root, RecursiveMode::NonRecursive).map_err(|e| Fatal::Usage(format!("cannot watch {}: {e}", root.display())))?;
    for dir in WATCHED {
        let p = root.join(dir);
        if p.is_dir() {
            let _ = debouncer.watch(&p, RecursiveMode::Recursive);
        }
    }

    // Rebuilds run on their own thread pool. Pagefind uses rayon's global
    // pool, from a thread of lower priority (see `spawn_search`), so a
    // rebuild never queues behind search indexing.
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("leidraad-build-{i}"))
        .build()
        .map_err(|e| Fatal::Usage(format!("cannot start the build threads: {e}")))?;
    let started = Instant::now();
    let path_only = !base_url.starts_with("http");
    let mut site = Builder { pipeline: Pipeline::new(build_opts), snapshot: Snapshot::default(), last: None, path_only };
    let first = pool.install(|| site.rebuild(&ChangeSet::everything()));
    publish(&state, &site, first, "initial build", started);
    let search = SearchJob::default();
    search.request(&site, &tx);
    println!("Serving at {}", urls[0]);
    for other in &urls[1..] {
        println!("Also at {other}");
    }
    if !addr.ip().is_loopback() {
        println!("Reachable from other machines on your network (firewall permitting); press Ctrl-C to stop");
    }
    if opts.open {
        if let Err(e) = opener::open_browser(&urls[0]) {
            eprintln!("warning: could not open a browser ({e}); open {} yourself", urls[0]);
        }
    }

    let builder_state = state.clone();
    let builder = std::thread::spawn(move || pool.install(|| builder_loop(builder_state, site, search, root, (rx, tx), debouncer)));
    // Ctrl-C or a TERM signal ends the server cleanly: the search index's
    // scratch folder is removed on the way out.
    let result = runtime.block_on(async {
        tokio::select! {
            r = http::serve(listener, state) => r,
            _ = stopped() => Ok(()),
        }
    });
    // Unlocked first: Windows does not delete a file that is open.
    drop(scratch_lock);
    let _ = std::fs::remove_dir_all(scratch_dir());
    drop(builder);
    result.map_err(|source| Fatal::Io { path: PathBuf::from(&urls[0]), source })
}

/// Resolves on Ctrl-C, and on unix on SIGTERM too.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// This process's scratch folder, where the pages are written for Pagefind.
fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!("{SCRATCH_PREFIX}{}", std::process::id()))
}

const SCRATCH_PREFIX: &str = "leidraad-serve-";

/// The file in a scratch folder that its server keeps locked while it runs.
const SCRATCH_LOCK: &str = "lock";

/// Creates this process's scratch folder and locks it for as long as the
/// returned file is open (the OS drops the lock when the process ends, also
/// when it is killed). `None` if that fails: search then reports its own
/// error when it writes there.
fn claim_scratch_dir() -> Option<std::fs::File> {
    let dir = scratch_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(SCRATCH_LOCK)).ok()?;
    file.try_lock().ok()?;
    Some(file)
}

/// Removes the scratch folders of dev servers that ended without removing
/// their own (killed, or a crash): those whose lock nobody holds. A folder
/// without a lock file (being created, or left by an older leidraad) is
/// left alone. File locks work the same on Linux, macOS and Windows, and a
/// reused process id cannot fool them.
fn sweep_scratch_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(SCRATCH_PREFIX).and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && is_abandoned(&e.path()) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether a scratch folder's server has ended: its lock can be taken.
fn is_abandoned(dir: &std::path::Path) -> bool {
    let Ok(file) = std::fs::OpenOptions::new().write(true).open(dir.join(SCRATCH_LOCK)) else { return false };
    let free = file.try_lock().is_ok();
    drop(file);
    free
}

/// The served site: the pipeline with its cache, the snapshot it renders
/// into, and the outcome of the last good run.
struct Builder {
    pipeline: Pipeline,
    snapshot: Snapshot,
    last: Option<Published>,
    /// Pages are built with path-only links (bound beyond loopback); the
    /// build's warning that feeds then use paths is serve's doing, not the
    /// author's, and is not repeated on every save.
    path_only: bool,
}

impl Builder {
    /// One pipeline run over a change set; what it wrote is applied to the
    /// snapshot only if the run succeeds.
    fn rebuild(&mut self, changes: &ChangeSet) -> Result<Outcome, Failure> {
        let mut pending = self.snapshot.pending();
        let outcome = self.pipeline.run(changes, &mut pending)?;
        let change = pending.into_change();
        self.snapshot.apply(change);
        self.last = Some(Published {
            article_pages: outcome.article_pages.clone(),
            language: outcome.language.clone(),
            settings: outcome.search.clone(),
        });
        Ok(outcome)
    }

    /// The search index generation of the served site: the article pages
    /// and the fingerprints they were rendered with.
    fn search_generation(&self) -> u64 {
        let pages = self.last.as_ref().map_or(&[][..], |o| &o.article_pages[..]);
        let settings = self.last.as_ref().map(|o| &o.settings);
        crate::render::values::hash_of(&(pages.iter().map(|p| (p, self.snapshot.fingerprint(p))).collect::<Vec<_>>(), settings))
    }
}

/// What the search stage needs of the last good run.
struct Published {
    article_pages: std::sync::Arc<[String]>,
    language: String,
    settings: crate::search::Settings,
}

/// Applies change sets one at a time, coalescing what arrived meanwhile.
fn builder_loop<W: notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    state: Arc<State>,
    mut site: Builder,
    search: SearchJob,
    root: PathBuf,
    (rx, tx): (mpsc::Receiver<Msg>, mpsc::Sender<Msg>),
    mut debouncer: notify_debouncer_full::Debouncer<W, C>,
) {
    // The folders watched recursively; one removed loses its watch, so it is
    // watched again when it comes back.
    let mut watched_dirs: Vec<PathBuf> = WATCHED.iter().map(|d| root.join(d)).filter(|p| p.is_dir()).collect();
    while let Ok(first) = rx.recv() {
        let mut paths = Vec::new();
        let mut msgs = vec![first];
        msgs.extend(rx.try_iter());
        for m in msgs {
            match m {
                Msg::Changes(p) => paths.extend(p),
                Msg::Search(generation, files) => {
                    if generation == site.search_generation() && !files.is_empty() {
                        site.snapshot.set_search_files(files);
                        *state.files.write().unwrap_or_else(|e| e.into_inner()) = site.snapshot.files().clone();
                    }
                    search.finished(&site, &tx);
                }
            }
        }
        // Folders created after start (templates/, static/) get watched too.
        watched_dirs.retain(|p| p.is_dir());
        for dir in WATCHED {
            let p = root.join(dir);
            if p.is_dir() && !watched_dirs.contains(&p) {
                let _ = debouncer.watch(&p, RecursiveMode::Recursive);
                watched_dirs.push(p);
            }
        }
        if paths.is_empty() {
            continue;
        }
        let changes = classify::classify(&root, site.pipeline.theme_name(), &paths, &|p| p.is_dir());
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        let result = site.rebuild(&changes);
        if publish(&state, &site, result, &changes.describe(), started) {
            search.request(&site, &tx);
        }
    }
}

/// Publishes a rebuild's outcome: the new snapshot (on success), the status,
/// a terminal line and the live-reload events. Returns whether it succeeded.
fn publish(state: &State, site: &Builder, result: Result<Outcome, Failure>, what: &str, started: Instant) -> bool {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = match result {
        Ok(outcome) => {
            *state.files.write().unwrap_or_else(|e| e.into_inner()) = site.snapshot.files().clone();
            let warnings: Vec<Diagnostic> =
                outcome.warnings.into_iter().filter(|d| !(site.path_only && d.message.starts_with("base_url has no host"))).collect();
            diagnostics::print_all(&warnings);
            println!("{what}: {} pages rendered, {} articles, in {ms:.0} ms", outcome.rendered, outcome.articles);
            Status::default()
        }
        Err(Failure::Content(diags)) => {
            diagnostics::print_all(&diags);
            println!("{what}: build failed ({} problems), still serving the last good site", diags.iter().filter(|d| d.is_error()).count());
            Status { errors: diags.into_iter().filter(Diagnostic::is_error).collect(), build: 0 }
        }
        Err(Failure::Fatal(f)) => {
            eprintln!("error: {f}");
            let d = Diagnostic::at_line(crate::config::FILE, 1, 1, f.to_string());
            Status { errors: vec![d], build: 0 }
        }
    };
    let mut status = status;
    status.build = state.status.read().unwrap_or_else(|e| e.into_inner()).build + 1;
    *state.status.write().unwrap_or_else(|e| e.into_inner()) = status.clone();
    let _ = state.events.send(status.event());
    // A failed build changes nothing served: open pages show the overlay
    // from the status event and stay where they are.
    let ok = status.errors.is_empty();
    if ok {
        let _ = state.events.send(Event { kind: "reload", data: serde_json::json!({ "changed": what, "ms": ms.round() }) });
    }
    ok
}

/// At most one search indexing at a time: a request while one runs is
/// remembered and served when it finishes (indexing holds the whole index in
/// memory, so two at once would double the peak).
#[derive(Default)]
struct SearchJob {
    busy: std::cell::Cell<bool>,
    pending: std::cell::Cell<bool>,
}

impl SearchJob {
    fn request(&self, site: &Builder, tx: &mpsc::Sender<Msg>) {
        if self.busy.get() {
            self.pending.set(true);
        } else if site.last.is_some() {
            self.busy.set(true);
            spawn_search(site, tx.clone());
        }
    }

    fn finished(&self, site: &Builder, tx: &mpsc::Sender<Msg>) {
        self.busy.set(false);
        if self.pending.replace(false) {
            self.request(site, tx);
        }
    }
}

/// The search stage over the served pages, on another thread; the bundle
/// goes back to the builder, which swaps it in if the site has not changed
/// since. Pagefind reads pages from a folder (its fast, parallel path), so
/// they are written to the scratch folder first, and writes its bundle into
/// another one, both kept between runs.
fn spawn_search(site: &Builder, tx: mpsc::Sender<Msg>) {
    let Some(last) = &site.last else { return };
    let generation = site.search_generation();
    let language = last.language.clone();
    let settings = last.settings.clone();
    let files = site.snapshot.files();
    let pages: Vec<(String, Arc<crate::output::PlanFile>)> =
        last.article_pages.iter().filter_map(|p| files.get(p).map(|f| (p.clone(), f.clone()))).collect();
    std::thread::spawn(move || {
        lower_priority();
        // The folder is kept between runs (one at a time, see SearchJob):
        // after a save only the pages that changed are written again.
        let dir = scratch_dir().join("search");
        let write = || -> std::io::Result<()> {
            let current: std::collections::HashSet<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
            for stale in crate::output::list_files(&dir).unwrap_or_default().iter().filter(|p| !current.contains(p.as_str())) {
                std::fs::remove_file(dir.join(stale))?;
            }
            for (path, f) in &pages {
                let target = dir.join(path);
                let bytes = f.read()?;
                match crate::output::write_if_changed(&target, &bytes) {
                    // A new page in a folder that is not there yet.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        if let Some(p) = target.parent() {
                            std::fs::create_dir_all(p)?;
                        }
                        std::fs::write(&target, &bytes)?;
                    }
                    r => r?,
                }
            }
            Ok(())
        };
        // The bundle is kept too, so Pagefind compresses only what changed.
        let bundle_dir = scratch_dir().join("bundle");
        let index_dir = scratch_dir().join("search-copy");
        let names: Vec<String> = pages.iter().map(|(p, _)| p.clone()).collect();
        let input = crate::search::Input { language: &language, settings: &settings, pages: &names };
        let bundle = match write().map(|()| crate::search::bundle_files(&input, &dir, &index_dir, &bundle_dir)) {
            Ok(Ok(files)) => files,
            _ => {
                let _ = std::fs::remove_dir_all(&dir);
                let _ = std::fs::remove_dir_all(&index_dir);
                let _ = std::fs::remove_dir_all(&bundle_dir);
                Default::default()
            }
        };
        let _ = tx.send(Msg::Search(generation, bundle));
    });
}

/// Lowers the calling thread's CPU priority (nice 10), and so that of the
/// threads it starts (Pagefind's): indexing then yields the cores to a
/// rebuild, which an author is waiting for.
fn lower_priority() {
    // SAFETY: setpriority only reads its integer arguments; on Linux, who = 0
    // with PRIO_PROCESS means the calling thread.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
