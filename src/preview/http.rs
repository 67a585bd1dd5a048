//! The preview's HTTP side, on tiny_http (blocking, no async runtime): the
//! gallery page, its stylesheet and script, every file the build made in
//! memory by its exact name, and the stream of build events. Nothing is
//! read from disk here, so no requested path can reach a file; a request
//! whose Host is not this machine's address is refused, so a web page
//! cannot reach the preview through a rebound domain name.
//!
//! The event stream is written by hand on the request's raw connection:
//! tiny_http sends a body in chunks it buffers, which would hold each
//! event back; an event is two lines of text.

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use super::state::Shared;
use crate::write::Tree as _;

/// Threads answering requests: the browser fetches a page's images a few
/// at a time; each event stream has a thread of its own.
const WORKERS: usize = 4;

/// How often an idle event stream sends a comment, so a closed page is
/// noticed and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

const STYLE: &str = include_str!("preview.css");
const SCRIPT: &str = include_str!("preview.js");

/// Starts answering requests on `listener` in background threads.
pub fn start(listener: TcpListener, port: u16, shared: &Arc<Shared>) -> Result<(), String> {
    let server = Server::from_listener(listener, None)
        .map_err(|e| format!("cannot start the web server: {e}"))?;
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, shared) = (Arc::clone(&server), Arc::clone(shared));
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                answer(request, port, &shared);
            }
        });
    }
    Ok(())
}

/// What a request gets.
#[derive(Debug, PartialEq)]
enum Reply {
    Page,
    Events,
    Static(&'static str, &'static str),
    /// A file of the build, by its key in `Output::files`.
    File(String),
    NotFound,
    Refused,
    NotAllowed,
}

/// Answers one request. A failed write means the page went away.
fn answer(request: Request, port: u16, shared: &Arc<Shared>) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_owned());
    let reply = route(request.method(), request.url(), host.as_deref(), port);
    let response = match reply {
        Reply::Events => {
            let shared = Arc::clone(shared);
            std::thread::spawn(move || stream_events(request, &shared));
            return;
        }
        Reply::Page => page(shared),
        Reply::Static(body, kind) => text(200, body.to_owned(), kind),
        Reply::File(key) => file(shared, &key, request.url()),
        Reply::NotFound => text(404, "Not found\n".to_owned(), "text/plain"),
        Reply::Refused => text(403, "Not this host\n".to_owned(), "text/plain"),
        Reply::NotAllowed => text(405, "Only GET\n".to_owned(), "text/plain"),
    };
    let _ = request.respond(response);
}

/// Decides what a request gets from its method, path and Host.
fn route(method: &Method, url: &str, host: Option<&str>, port: u16) -> Reply {
    let local = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !host.is_some_and(|h| local.iter().any(|l| l == h)) {
        return Reply::Refused;
    }
    if !matches!(method, Method::Get | Method::Head) {
        return Reply::NotAllowed;
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    match path {
        "/" => Reply::Page,
        "/events" => Reply::Events,
        "/preview.css" => Reply::Static(STYLE, "text/css"),
        "/preview.js" => Reply::Static(SCRIPT, "text/javascript"),
        _ => match path.strip_prefix('/') {
            Some(key) if key.starts_with("cards/") || key.starts_with("kit/") => {
                Reply::File(key.to_owned())
            }
            _ => Reply::NotFound,
        },
    }
}

type Answer = Response<std::io::Cursor<Vec<u8>>>;

/// A response with a body and its type; never sniffed by the browser.
fn text(status: u16, body: String, kind: &str) -> Answer {
    bytes(status, body.into_bytes(), kind, "no-cache")
}

fn bytes(status: u16, body: Vec<u8>, kind: &str, cache: &str) -> Answer {
    let kind = if kind.starts_with("text/") {
        format!("{kind}; charset=utf-8")
    } else {
        kind.to_owned()
    };
    let headers = [
        ("Content-Type", kind.as_str()),
        ("Cache-Control", cache),
        ("X-Content-Type-Options", "nosniff"),
    ];
    let mut response = Response::from_data(body).with_status_code(status);
    for (name, value) in headers {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

/// The gallery of the current snapshot.
fn page(shared: &Shared) -> Answer {
    match super::page::render(&shared.now()) {
        Ok(html) => text(200, html, "text/html"),
        Err(e) => text(
            500,
            format!("handbill could not write the page (a bug): {e}\n"),
            "text/plain",
        ),
    }
}

/// A file of the last build, by its exact key. Asked for with its digest
/// (`?v=`, as the gallery asks for cards) and still that file, it may be
/// kept by the browser for good.
fn file(shared: &Shared, key: &str, url: &str) -> Answer {
    let now = shared.now();
    let read = now.output.as_ref().map(|o| o.read(key));
    let Some(body) = read.and_then(|r| r.ok().flatten()) else {
        return text(404, "Not found\n".to_owned(), "text/plain");
    };
    let asked = url.split_once("?v=").map(|(_, v)| v);
    let digest = crate::digest::sha256_hex(&body);
    let cache = match asked {
        Some(v) if !v.is_empty() && digest.starts_with(v) => "max-age=31536000, immutable",
        _ => "no-cache",
    };
    bytes(200, body.into_owned(), content_type(key), cache)
}

/// The type of a file the build makes, by its extension.
fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match ext {
        "html" => "text/html",
        "css" => "text/css",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "vcf" => "text/vcard",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// One server-sent event: its name and its data, a line each.
fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.lines() {
        out.push_str(&format!("data: {line}\n"));
    }
    if data.is_empty() {
        out.push_str("data:\n");
    }
    out.push('\n');
    out
}

/// Streams the generation of each new snapshot to one page, starting with
/// the current one (a page that loaded just before a build hears of it).
fn stream_events(request: Request, shared: &Shared) {
    let builds = shared.listen();
    let current = shared.now().generation;
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 1000\n\n";
    let mut send = |text: &str| out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if send(head).is_err() || send(&event("build", &current.to_string())).is_err() {
        return;
    }
    loop {
        let text = match builds.recv_timeout(KEEP_ALIVE) {
            Ok(generation) => event("build", &generation.to_string()),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": still here\n\n".to_owned(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if send(&text).is_err() {
            return;
        }
    }
}

/// The address the preview listens on, or why it cannot: a busy port is
/// the person's to change.
pub fn bind(port: u16) -> Result<TcpListener, String> {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    TcpListener::bind(address).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {port} on 127.0.0.1 is already in use (another preview, or another server); choose another with --port N"
        ),
        _ => format!("cannot listen on {address}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: Option<&str> = Some("127.0.0.1:4000");

    #[test]
    fn only_known_paths_are_served() {
        let get = |url| route(&Method::Get, url, HOST, 4000);
        assert_eq!(get("/"), Reply::Page);
        assert_eq!(get("/?language=el"), Reply::Page);
        assert_eq!(get("/events"), Reply::Events);
        assert_eq!(
            get("/cards/en/x/a.png?v=12"),
            Reply::File("cards/en/x/a.png".into())
        );
        assert_eq!(
            get("/kit/el/index.html"),
            Reply::File("kit/el/index.html".into())
        );
        // Looked up by exact key in memory: never a path on disk.
        assert_eq!(
            get("/cards/../../etc/passwd"),
            Reply::File("cards/../../etc/passwd".into())
        );
        for url in ["/etc/passwd", "/../Cargo.toml", "/manifest.json", "//x", ""] {
            assert_eq!(get(url), Reply::NotFound, "{url}");
        }
    }

    #[test]
    fn requests_for_another_host_or_with_another_method_are_refused() {
        assert_eq!(
            route(&Method::Get, "/", Some("localhost:4000"), 4000),
            Reply::Page
        );
        for host in [Some("evil.example:4000"), Some("127.0.0.1:4001"), None] {
            assert_eq!(route(&Method::Get, "/", host, 4000), Reply::Refused);
        }
        assert_eq!(route(&Method::Post, "/", HOST, 4000), Reply::NotAllowed);
    }

    #[test]
    fn events_are_named_with_one_data_line_each() {
        assert_eq!(event("build", "7"), "event: build\ndata: 7\n\n");
        assert_eq!(event("note", "a\nb"), "event: note\ndata: a\ndata: b\n\n");
        assert_eq!(event("ping", ""), "event: ping\ndata:\n\n");
    }

    #[test]
    fn files_have_their_types() {
        assert_eq!(content_type("cards/en/x/a.png"), "image/png");
        assert_eq!(content_type("kit/en/index.html"), "text/html");
        assert_eq!(content_type("kit/en/contacts.vcf"), "text/vcard");
        assert_eq!(content_type("kit/en/README"), "application/octet-stream");
    }

    #[test]
    fn a_busy_port_names_the_option_to_change() {
        let taken = TcpListener::bind("127.0.0.1:0").expect("binds");
        let port = taken.local_addr().expect("address").port();
        let e = bind(port).expect_err("busy");
        assert!(
            e.contains(&format!("port {port}")) && e.contains("--port"),
            "{e}"
        );
        let free = bind(0).expect("a free port");
        assert!(free.local_addr().expect("address").ip().is_loopback());
    }
}
