//! The dev server's HTTP side (axum): files from the in-memory snapshot,
//! the live-reload event stream (Server-Sent Events) and its script.
//!
//! Only the built site is ever served: paths are looked up in the snapshot,
//! never on disk, and paths with `..`, backslashes or NUL bytes (also
//! percent-encoded) are refused with 400.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State as AxState;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

use super::State;

/// The path of the event stream and of the script.
pub const EVENTS: &str = "/__leidraad/events";
pub const SCRIPT: &str = "/__leidraad/live.js";
const LIVE_JS: &str = include_str!("live.js");

pub async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) -> std::io::Result<()> {
    let app = Router::new()
        .route(EVENTS, get(events))
        .route(
            SCRIPT,
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], LIVE_JS) }),
        )
        .fallback(get(file))
        .with_state(state);
    axum::serve(listener, app).await
}

async fn events(AxState(state): AxState<Arc<State>>) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // Subscribed first: a build that finishes in between is then seen twice
    // (harmless, the page compares build numbers), never missed.
    let rx = state.events.subscribe();
    let current = state.status.read().unwrap_or_else(|e| e.into_inner()).event();
    let first = stream::iter(vec![current]);
    let rest = BroadcastStream::new(rx).filter_map(|e| async move { e.ok() });
    let s = first.chain(rest).map(|e| Ok(SseEvent::default().event(e.kind).data(e.data.to_string())));
    Sse::new(s).keep_alive(KeepAlive::default())
}

/// Where a request path leads in the snapshot.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Resolves a raw request path against the set of served paths.
pub fn lookup(raw_path: &str, exists: &dyn Fn(&str) -> bool) -> Lookup {
    let decoded = match percent_encoding::percent_decode_str(raw_path).decode_utf8() {
        Ok(d) => d.into_owned(),
        Err(_) => return Lookup::BadRequest,
    };
    if decoded.contains('\0') || decoded.contains('\\') || decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Lookup::BadRequest;
    }
    let rel = decoded.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) { Lookup::File(index) } else { Lookup::NotFound };
    }
    if exists(rel) {
        return Lookup::File(rel.to_string());
    }
    if exists(&format!("{rel}/index.html")) {
        // From the normalised path: `//host` would be another site.
        return Lookup::Redirect(format!("/{}/", crate::markdown::encode_path(rel)));
    }
    Lookup::NotFound
}

async fn file(AxState(state): AxState<Arc<State>>, uri: Uri) -> Response {
    let files = state.files.read().unwrap_or_else(|e| e.into_inner()).clone();
    let found = lookup(uri.path(), &|p| files.contains_key(p));
    let (status, path) = match found {
        Lookup::File(p) => (StatusCode::OK, p),
        Lookup::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
        }
        Lookup::BadRequest => return (StatusCode::BAD_REQUEST, "bad request path").into_response(),
        Lookup::NotFound => (StatusCode::NOT_FOUND, "404.html".to_string()),
    };
    let bytes: Vec<u8> = match files.get(&path).map(|f| f.read()) {
        Some(Ok(b)) => b.into_owned(),
        Some(Err(_)) | None if status == StatusCode::NOT_FOUND => {
            b"<!DOCTYPE html><html><head><title>404</title></head><body><h1>404</h1></body></html>".to_vec()
        }
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    let mime = if path.ends_with(".html") {
        "text/html; charset=utf-8".to_string()
    } else {
        mime_guess::from_path(&path).first_or_octet_stream().to_string()
    };
    let body = if mime.starts_with("text/html") {
        let status_now = state.status.read().unwrap_or_else(|e| e.into_inner()).clone();
        Body::from(inject(&bytes, &status_now.errors))
    } else {
        Body::from(bytes)
    };
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream")));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Adds the live-reload script (and the error overlay, when the last build
/// failed) before `</body>`.
pub fn inject(html: &[u8], errors: &[crate::diagnostics::Diagnostic]) -> Vec<u8> {
    let mut snippet = String::new();
    if !errors.is_empty() {
        snippet.push_str("<div id=\"leidraad-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#fff;font:14px/1.5 monospace;padding:1rem\"><strong>leidraad: the last save could not be built; the page shows the last good version.</strong>");
        for e in errors {
            snippet.push_str("<pre style=\"white-space:pre-wrap\">");
            snippet.push_str(&crate::theme::escape_html(&e.one_line()));
            snippet.push_str("</pre>");
        }
        snippet.push_str("</div>");
    }
    snippet.push_str(&format!("<script src=\"{SCRIPT}\"></script>"));
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{snippet}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{snippet}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exists(p: &str) -> bool {
        ["index.html", "a/index.html", "a/b.svg", "404.html"].contains(&p)
    }

    #[test]
    fn paths_resolve_to_files_folders_and_redirects() {
        assert_eq!(lookup("/", &exists), Lookup::File("index.html".into()));
        assert_eq!(lookup("/a/", &exists), Lookup::File("a/index.html".into()));
        assert_eq!(lookup("/a", &exists), Lookup::Redirect("/a/".into()));
        assert_eq!(lookup("//a", &exists), Lookup::Redirect("/a/".into()), "no redirect to another host");
        assert_eq!(lookup("/a/b.svg", &exists), Lookup::File("a/b.svg".into()));
        assert_eq!(lookup("/nope/", &exists), Lookup::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        for p in ["/../etc/passwd", "/a/%2e%2e/%2e%2e/etc/passwd", "/a/..%2f..%2fsecret", "/%2E%2E/x", "/a%5c..%5cx", "/a/%00"] {
            assert_eq!(lookup(p, &exists), Lookup::BadRequest, "{p}");
        }
    }

    #[test]
    fn injection_goes_before_the_body_end_and_escapes_errors() {
        let d = crate::diagnostics::Diagnostic::at_line("articles/a.md", 2, 1, "bad <b>");
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", &[d])).unwrap();
        assert!(out.contains("bad &lt;b&gt;"));
        assert!(out.ends_with("<script src=\"/__leidraad/live.js\"></script></body></html>"));
    }
}
