//! `leidraad serve --bind`: every address it prints answers, and the pages
//! it serves through an address of this machine on the network link only
//! by path, so a colleague's browser stays on that address.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Site, BIN};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `serve --bind <bind> --port 0` and returns the URLs it printed.
fn start(site: &Site, bind: &str) -> (Server, Vec<String>) {
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", bind, "--port", "0"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut urls = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while urls.is_empty() {
        let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("serve printed its addresses");
        if let Some(u) = line.strip_prefix("Serving at ") {
            urls.push(u.to_string());
        }
    }
    // The other addresses are printed right after the first.
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(1)) {
        if let Some(u) = line.strip_prefix("Also at ") {
            urls.push(u.to_string());
        }
    }
    (server, urls)
}

/// GET `path` from `http://host:port`, with that Host header, as a browser
/// on another machine would send it.
fn get(base: &str, path: &str) -> (u16, String) {
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(authority).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0), body.to_string())
}

/// The `href`s of a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_string).collect()
}

#[test]
fn bound_to_all_addresses_it_prints_each_and_its_pages_work_through_them() {
    let site = Site::fixture("basic");
    let (_server, urls) = start(&site, "0.0.0.0");
    assert!(urls[0].starts_with("http://127.0.0.1:"), "loopback first: {urls:?}");
    let port = urls[0].rsplit(':').next().unwrap().trim_end_matches('/').to_string();
    // Every IPv4 address of this machine's interfaces is printed.
    let mut expected: Vec<String> = if_addrs::get_if_addrs()
        .unwrap()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| ip.is_ipv4() && !ip.is_loopback())
        .map(|ip| format!("http://{ip}:{port}/"))
        .collect();
    expected.sort();
    let mut others = urls[1..].to_vec();
    others.sort();
    assert_eq!(others, expected);

    for base in &urls {
        let (status, page) = get(base, "/team/knikkerpot/");
        assert_eq!(status, 200, "{base}");
        assert!(page.contains("De knikkerpot"), "{base}");
        assert!(!page.contains("127.0.0.1"), "a page served through {base} names the loopback address");
        let internal: Vec<String> = hrefs(&page).into_iter().filter(|h| h.starts_with('/')).collect();
        assert!(internal.len() > 5, "{internal:?}");
        for h in internal.iter().filter(|h| !h.contains('#')).take(12) {
            assert_eq!(get(base, h).0, 200, "{h} through {base}");
        }
    }
    if urls.len() == 1 {
        eprintln!("note: this machine has no non-loopback IPv4 address; only the loopback one was requested");
    }
}

#[test]
fn bound_to_loopback_it_keeps_absolute_links_to_that_address() {
    let site = Site::fixture("basic");
    let (_server, urls) = start(&site, "127.0.0.1");
    assert_eq!(urls.len(), 1, "{urls:?}");
    let (status, page) = get(&urls[0], "/team/knikkerpot/");
    assert_eq!(status, 200);
    assert!(page.contains(&format!("href=\"{}", urls[0])), "absolute links to {}", urls[0]);
}
