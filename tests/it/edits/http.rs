//! Talking to serve over HTTP: a keep-alive GET client for the pages, and
//! the server-sent event stream `/__leidraad/events`, whose `status` events
//! give serve's build number and errors; waiting for a newer build, then
//! for `QUIET`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::binary::{problems, Problem};
use super::QUIET;

/// A keep-alive HTTP/1.1 client for GET.
pub(super) struct Http {
    pub(super) port: u16,
    pub(super) conn: Option<BufReader<TcpStream>>,
}

impl Http {
    pub(super) fn get(&mut self, path: &str) -> (u16, Vec<u8>) {
        for attempt in 0..3 {
            if self.conn.is_none() {
                match TcpStream::connect(("127.0.0.1", self.port)) {
                    Ok(s) => {
                        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                        s.set_nodelay(true).unwrap();
                        self.conn = Some(BufReader::new(s));
                    }
                    Err(e) if attempt == 2 => panic!("GET {path}: cannot connect: {e}"),
                    Err(_) => continue,
                }
            }
            match self.try_get(path) {
                Ok(r) => return r,
                Err(e) => {
                    self.conn = None;
                    if attempt == 2 {
                        panic!("GET {path}: {e}");
                    }
                }
            }
        }
        unreachable!()
    }

    fn try_get(&mut self, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
        let conn = self.conn.as_mut().unwrap();
        // One write: a request in pieces waits for delayed ACKs (40 ms each).
        conn.get_mut().write_all(format!("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", encode_path(path)).as_bytes())?;
        let (status, length, chunked, close) = read_head(conn)?;
        let body = if chunked {
            read_chunked(conn)?
        } else if let Some(n) = length {
            let mut b = vec![0; n];
            conn.read_exact(&mut b)?;
            b
        } else {
            let mut b = Vec::new();
            conn.read_to_end(&mut b)?;
            self.conn = None;
            return Ok((status, b));
        };
        if close {
            self.conn = None;
        }
        Ok((status, body))
    }
}

fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Status, content length, chunked, connection close.
fn read_head(conn: &mut impl BufRead) -> std::io::Result<(u16, Option<usize>, bool, bool)> {
    let mut line = String::new();
    if conn.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
    }
    let status = line.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (mut length, mut chunked, mut close) = (None, false, false);
    loop {
        line.clear();
        if conn.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        let (k, v) = line.split_once(':').unwrap_or((&line, ""));
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
        match k.as_str() {
            "content-length" => length = v.parse().ok(),
            "transfer-encoding" => chunked = v.contains("chunked"),
            "connection" => close = v.contains("close"),
            _ => {}
        }
    }
    Ok((status, length, chunked, close))
}

fn read_chunk(conn: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = String::new();
    if conn.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
    }
    let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("bad chunk size {line:?}")))?;
    let mut b = vec![0; n + 2];
    conn.read_exact(&mut b)?;
    b.truncate(n);
    Ok(if n == 0 { None } else { Some(b) })
}

fn read_chunked(conn: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(b) = read_chunk(conn)? {
        out.extend(b);
    }
    Ok(out)
}

/// serve's build status, from its last `status` event.
#[derive(Clone, Debug, Default)]
pub(super) struct Status {
    pub(super) ok: bool,
    pub(super) build: u64,
    pub(super) errors: Vec<Problem>,
}

/// The server-sent event stream `/__leidraad/events`.
pub(super) struct Events {
    rx: mpsc::Receiver<(String, String)>,
    pub(super) status: Status,
    pub(super) closed: bool,
}

impl Events {
    pub(super) fn connect(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to the event stream");
        write!(s, "GET /__leidraad/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut conn = BufReader::new(s);
            let Ok((_, _, chunked, _)) = read_head(&mut conn) else { return };
            let (mut pending, mut kind, mut data) = (Vec::new(), String::new(), String::new());
            loop {
                let bytes = if chunked {
                    match read_chunk(&mut conn) {
                        Ok(Some(b)) => b,
                        _ => return,
                    }
                } else {
                    let mut line = Vec::new();
                    match conn.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => line,
                    }
                };
                pending.extend(bytes);
                while let Some(i) = pending.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = pending.drain(..=i).collect();
                    let line = String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_string();
                    if line.is_empty() {
                        let event = (std::mem::take(&mut kind), std::mem::take(&mut data));
                        if (!event.0.is_empty() || !event.1.is_empty()) && tx.send(event).is_err() {
                            return;
                        }
                    } else if let Some(k) = line.strip_prefix("event:") {
                        kind = k.trim().to_string();
                    } else if let Some(d) = line.strip_prefix("data:") {
                        if !data.is_empty() {
                            data.push('\n');
                        }
                        data.push_str(d.strip_prefix(' ').unwrap_or(d));
                    }
                }
            }
        });
        let mut events = Events { rx, status: Status::default(), closed: false };
        // The stream starts with the current status.
        assert!(events.wait_newer(0, Duration::from_secs(30)), "the event stream sent no status");
        events
    }

    fn handle(&mut self, kind: &str, data: &str) {
        if kind == "status" {
            let v: serde_json::Value = serde_json::from_str(data).unwrap_or_else(|e| panic!("status event is not JSON ({e}): {data}"));
            self.status = Status {
                ok: v["ok"].as_bool().unwrap_or(false),
                build: v["build"].as_u64().unwrap_or(0),
                errors: problems(v["errors"].as_array(), false),
            };
        }
    }

    /// One event within `timeout`, handled; false on timeout or a closed stream.
    pub(super) fn next(&mut self, timeout: Duration) -> bool {
        match self.rx.recv_timeout(timeout) {
            Ok((k, d)) => {
                self.handle(&k, &d);
                true
            }
            Err(mpsc::RecvTimeoutError::Timeout) => false,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                self.closed = true;
                false
            }
        }
    }

    /// Waits for a status of a build later than `after`.
    pub(super) fn wait_newer(&mut self, after: u64, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while self.status.build <= after {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || !self.next(left) {
                return self.status.build > after;
            }
        }
        true
    }

    /// Takes events until none came for `QUIET` (at most `cap` in all).
    pub(super) fn settle(&mut self, cap: Duration) {
        let deadline = Instant::now() + cap;
        while Instant::now() < deadline && self.next(QUIET) {}
    }
}
