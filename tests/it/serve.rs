//! `leidraad serve` over real HTTP, with real file edits on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{Site, BIN};

/// A running `leidraad serve --port 0`, killed on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with_tmp(site, &std::env::temp_dir())
    }

    /// A server whose temporary folder (`TMPDIR`) is `tmp`.
    fn start_with_tmp(site: &Site, tmp: &std::path::Path) -> Server {
        let child = Command::new(BIN)
            .args(["serve", "--port", "0"])
            .current_dir(site.root())
            .env("TMPDIR", tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Owned by the server from here on, so it is killed and waited for on drop.
        let mut server = Server { child, port: 0 };
        let stdout = server.child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.port == 0 {
            let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("serve printed its address");
            if let Some(rest) = line.strip_prefix("Serving at http://127.0.0.1:") {
                server.port = rest.trim_end_matches('/').parse().unwrap();
            }
        }
        server
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    /// Polls a page until `pred` holds on its body (or 5 s pass).
    fn wait_for(&self, path: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let (_, _, body) = self.get(path);
            if pred(&body) || Instant::now() > deadline {
                return body;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Subscribes to the live-reload stream; lines arrive on the channel.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET /__leidraad/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_line(rx: &mpsc::Receiver<String>, pred: impl Fn(&str) -> bool) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if pred(&line) {
            return Some(line);
        }
    }
    None
}

#[test]
fn serves_pages_with_the_right_status_and_types() {
    let site = Site::fixture("basic");
    let srv = Server::start(&site);
    let (status, head, body) = srv.get("/team/knikkerpot/");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("De knikkerpot") && body.contains("/__leidraad/live.js"), "live reload injected");
    assert!(!site.exists("public"), "serve never writes public/");
    let (status, head, _) = srv.get("/team/knikkerpot");
    assert_eq!(status, 301);
    assert!(head.contains("location: /team/knikkerpot/") || head.contains("Location: /team/knikkerpot/"), "{head}");
    let (status, head, _) = srv.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("text/css"));
    let (status, _, body) = srv.get("/redactie/");
    assert_eq!(status, 200, "serve always has the editorial page");
    assert!(body.contains("<meta name=\"robots\" content=\"noindex\">"));
    let (status, _, body) = srv.get("/bestaat-niet/");
    assert_eq!(status, 404);
    assert!(body.contains("Pagina niet gevonden"));
    for bad in ["/../site.yaml", "/%2e%2e/site.yaml", "/team/%2e%2e/%2e%2e/site.yaml", "/..%2fsite.yaml", "/articles/team/knikkerpot.md"] {
        let (status, _, body) = srv.get(bad);
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(!body.contains("title: \"Testkennisbank\"") && !body.contains("pillars: ["), "{bad} leaked a source file");
    }
}

#[test]
fn edits_additions_and_deletions_show_up_and_reload_pages() {
    let site = Site::fixture("basic");
    let srv = Server::start(&site);
    let events = srv.events();
    assert!(wait_line(&events, |l| l.starts_with("event: status")).is_some());

    let started = Instant::now();
    site.write("articles/team/knikkerpot.md", &site.read("articles/team/knikkerpot.md").replace("Vraag door.", "Vraag altijd door."));
    let body = srv.wait_for("/team/knikkerpot/", |b| b.contains("Vraag altijd door."));
    assert!(body.contains("Vraag altijd door."));
    assert!(started.elapsed() < Duration::from_secs(2), "the edit showed within 2 s");
    assert!(wait_line(&events, |l| l == "event: reload").is_some(), "a reload event went out");

    site.write(
        "articles/team/nieuw.md",
        "---\ntitle: \"Een nieuw stuk\"\ndate: 2026-06-01\npillars: [gedeelde-verantwoordelijkheid]\n---\n\nNieuw.\n",
    );
    let term = srv.wait_for("/pijlers/gedeelde-verantwoordelijkheid/", |b| b.contains("Een nieuw stuk"));
    assert!(term.contains("/team/nieuw/"), "the term page lists the new article");
    assert_eq!(srv.get("/team/nieuw/").0, 200);

    std::fs::remove_file(site.root().join("articles/team/nieuw.md")).unwrap();
    let term = srv.wait_for("/pijlers/gedeelde-verantwoordelijkheid/", |b| !b.contains("Een nieuw stuk"));
    assert!(!term.contains("Een nieuw stuk"));
    let deadline = Instant::now() + Duration::from_secs(5);
    while srv.get("/team/nieuw/").0 != 404 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(srv.get("/team/nieuw/").0, 404);
}

/// The editorial page follows body edits that change which articles link
/// to which (its "no other article links here" list), and stays right
/// through edits that do not.
#[test]
fn the_editorial_page_follows_links_between_articles() {
    let site = Site::fixture("basic");
    let srv = Server::start(&site);
    let unlinked = |body: &str| body.split("id=\"niet-gelinkt\"").nth(1).unwrap_or("").to_string();
    assert!(!unlinked(&srv.get("/redactie/").2).contains("De knikkerpot"));
    let page = "articles/team/vertrouwen-geven.md";
    site.write(page, &site.read(page).replace("Zie ook [het gesprek](knikkerpot.md#het-gesprek).", "Zie ook het gesprek."));
    let body = srv.wait_for("/redactie/", |b| unlinked(b).contains("De knikkerpot"));
    assert!(unlinked(&body).contains("/team/knikkerpot/"), "no article links to the knikkerpot any more");
    site.write(page, &site.read(page).replace("Zie ook het gesprek.", "Zie ook het gesprek, en [de pot](knikkerpot.md)."));
    let body = srv.wait_for("/redactie/", |b| !unlinked(b).contains("De knikkerpot"));
    assert!(!unlinked(&body).contains("De knikkerpot"), "linked again");
    site.write(page, &site.read(page).replace("en [de pot]", "ook [de pot]"));
    srv.wait_for("/team/vertrouwen-geven/", |b| b.contains("ook <a"));
    assert!(!unlinked(&srv.get("/redactie/").2).contains("De knikkerpot"), "a text edit keeps the list");
}

#[test]
fn a_broken_save_keeps_the_last_good_page_and_reports_the_error() {
    let site = Site::fixture("basic");
    let srv = Server::start(&site);
    let events = srv.events();
    let good = site.read("articles/team/knikkerpot.md");
    site.write(
        "articles/team/knikkerpot.md",
        &good.replace("pillars: [", "pillars: [onbekend, ").replace("Vraag door.", "Kapotte versie."),
    );
    let line = wait_line(&events, |l| l.contains("\"ok\":false")).expect("the error reached the event stream");
    assert!(line.contains("articles/team/knikkerpot.md") && line.contains("\"line\":5") && line.contains("onbekend"), "{line}");
    let body = srv.wait_for("/team/knikkerpot/", |b| b.contains("leidraad-error"));
    assert!(body.contains("leidraad-error") && body.contains("articles/team/knikkerpot.md:5"), "overlay in the page");
    assert!(body.contains("Vraag door.") && !body.contains("Kapotte versie."), "the last good page is still served");

    site.write("articles/team/knikkerpot.md", &good);
    assert!(wait_line(&events, |l| l.contains("\"ok\":true")).is_some(), "the fix clears the error");
    let body = srv.wait_for("/team/knikkerpot/", |b| !b.contains("leidraad-error"));
    assert!(!body.contains("leidraad-error"));
}

#[test]
fn after_edits_the_served_site_equals_a_full_build() {
    let site = Site::fixture("basic");
    let srv = Server::start(&site);
    let edits = [
        ("articles/team/knikkerpot.md", "Vraag door.", "Vraag door, en luister."),
        ("articles/team/knikkerpot.md", "title: \"De knikkerpot\"", "title: \"De knikkerpot, herzien\""),
        (
            "articles/hr/beleid/thuiswerken.md",
            "pillars: [psychologische-veiligheid]",
            "pillars: [psychologische-veiligheid, van-controle-naar-vertrouwen]",
        ),
        ("articles/team/vertrouwen-geven.md", "date: 2026-03-14", "date: 2025-01-01"),
        // Body only: the first paragraph is knikkerpot's summary on cards.
        ("articles/team/knikkerpot.md", "Elke kleine daad telt", "Elke kleine, zichtbare daad telt"),
        // Body only: long enough to change the reading time on cards.
        ("articles/hr/beleid/thuiswerken.md", "Dit creëert ruimte.", &format!("Dit creëert ruimte. {}", "Lees verder. ".repeat(300))),
        // Body only, no card change: a later paragraph.
        ("articles/team/vertrouwen-geven.md", "Kleine daden vullen de pot.", "Kleine daden vullen de pot, elke dag."),
    ];
    for (file, from, to) in &edits {
        let text = site.read(file);
        assert!(text.contains(from), "{file} lacks {from}");
        site.write(file, &text.replace(from, to));
        std::thread::sleep(Duration::from_millis(400));
    }
    std::thread::sleep(Duration::from_millis(800));
    let out = site.root().join("fresh");
    site.build(&["--output", out.to_str().unwrap(), "--base-url", &format!("http://127.0.0.1:{}/", srv.port)]).ok();
    let fresh = crate::support::snapshot(&out);
    let mut differences = Vec::new();
    for (path, bytes) in &fresh {
        if path.starts_with('.') || path.starts_with("pagefind/") {
            continue; // the manifest; the search index is refreshed in the background
        }
        let (status, _, served) = srv.get(&format!("/{path}"));
        let served = served.replace("<script src=\"/__leidraad/live.js\"></script>", "");
        if status != 200 || served.as_bytes() != bytes.as_slice() {
            differences.push(path.clone());
        }
    }
    assert!(differences.is_empty(), "served differs from a fresh build: {differences:?}");
}

/// Serve writes the pages for the search index into a scratch folder in the
/// temporary folder. A server stopped with TERM (or Ctrl-C) removes its own;
/// one that was killed outright leaves it, and the next server removes it.
#[cfg(unix)]
#[test]
fn scratch_folders_do_not_outlive_their_server() {
    let tmp = tempfile::tempdir().unwrap();
    let scratch = |tmp: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(tmp).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    };
    // A process that has ended: its id is free.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let left = tmp.path().join(format!("leidraad-serve-{}/search-1/a", gone.id()));
    std::fs::create_dir_all(&left).unwrap();
    std::fs::write(left.join("index.html"), "<html></html>").unwrap();

    let site = Site::fixture("basic");
    let mut server = Server::start_with_tmp(&site, tmp.path());
    let pid = server.child.id();
    // The index is served once it is built, so the scratch folder was used.
    assert!(server.wait_for("/pagefind/pagefind-entry.json", |b| b.contains("languages")).contains("languages"));
    assert_eq!(scratch(tmp.path()), vec![format!("leidraad-serve-{pid}")], "the dead server's folder is gone, ours is there");

    // SAFETY: sends TERM to the child we started.
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "serve did not stop on TERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(scratch(tmp.path()).is_empty(), "left behind: {:?}", scratch(tmp.path()));
}

/// The search index follows the site: an added article is counted in it,
/// a deleted one no longer (the scratch folder keeps only current pages).
#[test]
fn the_served_search_index_follows_added_and_deleted_articles() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let pages = |body: &str| -> Option<u64> {
        let entry: serde_json::Value = serde_json::from_str(body).ok()?;
        entry["languages"]["nl"]["page_count"].as_u64()
    };
    let n = pages(&server.wait_for("/pagefind/pagefind-entry.json", |b| pages(b).is_some())).expect("an index");
    site.write(
        "articles/team/nieuw.md",
        "---\ntitle: \"Nieuw\"\ndate: 2026-03-01\npillars: [psychologische-veiligheid]\n---\n\nEen nieuw artikel.\n",
    );
    assert_eq!(pages(&server.wait_for("/pagefind/pagefind-entry.json", |b| pages(b) == Some(n + 1))), Some(n + 1));
    std::fs::remove_file(site.root().join("articles/team/nieuw.md")).unwrap();
    assert_eq!(pages(&server.wait_for("/pagefind/pagefind-entry.json", |b| pages(b) == Some(n))), Some(n));
}
