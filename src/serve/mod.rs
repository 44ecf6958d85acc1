//! Previewing a site while it is written: [`poll`] sees sources change;
//! [`Site`] serves the output folder on 127.0.0.1 with live reload, for
//! `policyc serve` (`policyc watch` uses the poller alone).
//!
//! The server is a few hundred lines over `std::net`, a thread a
//! connection: it answers GET and HEAD with the files of one folder, and
//! holds one open response per listening page. That is all a preview
//! needs, it keeps the binary free of an HTTP stack, and every decision
//! that matters for safety — which file a URL may reach ([`files`]) — is
//! ours to read in one place whatever server is used.

mod files;
mod http;
pub mod poll;
mod reload;

use files::Lookup;
use http::{ReadError, Request, Response};
use reload::Reload;
use std::io::{self, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The most connections served at once (listening pages included); more
/// are answered 503 at once rather than given a thread each.
const MAX_OPEN: usize = 64;
/// How long a client may take to send its request's head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write may block on a client that reads nothing.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A site being served: its address, and handles to change what it
/// serves and to reload the pages open in browsers.
#[derive(Debug)]
pub struct Site {
    address: SocketAddr,
    shared: Arc<Shared>,
}

/// What every connection's thread reads.
#[derive(Debug)]
struct Shared {
    /// The folder served.
    root: Mutex<PathBuf>,
    reload: Reload,
    /// Connections being served now.
    open: AtomicUsize,
}

impl Site {
    /// Serves `root` on 127.0.0.1 at `port` (0: any free port) from a
    /// thread of its own, for as long as the process runs. Only this
    /// machine can connect; an error when the port cannot be had.
    pub fn start(port: u16, root: PathBuf) -> io::Result<Site> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            root: Mutex::new(root),
            reload: Reload::default(),
            open: AtomicUsize::new(0),
        });
        let accepting = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("policyc-serve".into())
            .spawn(move || accept(&listener, &accepting))?;
        Ok(Site { address, shared })
    }

    /// The site's address, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Serves `root` from now on (the project file named another output
    /// folder).
    pub fn set_root(&self, root: PathBuf) {
        *self
            .shared
            .root
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = root;
    }

    /// Reloads every page open on the site: call after a rebuild changed
    /// it.
    pub fn reload(&self) {
        self.shared.reload.bump();
    }
}

/// Takes connections, each on a thread of its own while fewer than
/// [`MAX_OPEN`] are open.
fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors, say: wait rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if shared.open.fetch_add(1, Ordering::SeqCst) >= MAX_OPEN {
            shared.open.fetch_sub(1, Ordering::SeqCst);
            let busy = Response::text(503, "too many connections; try again");
            let _ = busy.write_to(&mut stream, false);
            continue;
        }
        let serving = Arc::clone(shared);
        let spawned = std::thread::Builder::new().spawn(move || {
            let _ = serve(stream, &serving);
            serving.open.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            shared.open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Answers one request on `stream`, then closes it.
fn serve(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let request = match http::read_request(&mut stream) {
        Ok(request) => request,
        Err(ReadError::Closed) => return Ok(()),
        Err(ReadError::TooLarge) => {
            return Response::text(431, "request head too large").write_to(&mut stream, false);
        }
        Err(ReadError::Malformed) => {
            return Response::text(400, "not an HTTP/1.1 request").write_to(&mut stream, false);
        }
    };
    let head_only = request.method == "HEAD";
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    if let Some(refused) = allowed(&request) {
        return refused.write_to(&mut stream, head_only);
    }
    if path == reload::ENDPOINT {
        stream.write_all(http::stream_head("text/event-stream").as_bytes())?;
        if head_only {
            return Ok(());
        }
        return shared.reload.stream(&mut stream);
    }
    answer(&request, path, shared).write_to(&mut stream, head_only)
}

/// The refusal of a request this server does not answer: a method other
/// than GET and HEAD, or a `Host` that is not this machine (a page on
/// another site reaching the preview through DNS rebinding).
fn allowed(request: &Request) -> Option<Response> {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let refused = Response::text(405, "only GET and HEAD are served");
        return Some(refused.header("Allow", "GET, HEAD"));
    }
    let local = request.host.as_deref().is_none_or(|host| {
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host.rsplit_once(':').map_or(host, |(name, _)| name),
        };
        let name = name.to_ascii_lowercase();
        matches!(name.as_str(), "127.0.0.1" | "localhost" | "::1") || name.ends_with(".localhost")
    });
    (!local).then(|| Response::text(403, "policyc serve answers only to localhost and 127.0.0.1"))
}

/// The response to a GET or HEAD of `path`: the reload script, a file of
/// the site (pages with the reload tag), a redirect, or an error.
fn answer(request: &Request, path: &str, shared: &Shared) -> Response {
    if path == reload::SCRIPT_PATH {
        let script = reload::SCRIPT.as_bytes().to_vec();
        return Response::new(200, "text/javascript; charset=utf-8", script);
    }
    // The version before the file: a rebuild in between reloads the page
    // once more, rather than leaving it stale.
    let version = shared.reload.version();
    let root = shared
        .root
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    match files::find(&root, &request.target) {
        Lookup::File(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let kind = files::content_type(&file);
                let body = if kind.starts_with("text/html") {
                    reload::inject(&bytes, &version)
                } else {
                    bytes
                };
                Response::new(200, kind, body)
            }
            Err(_) => not_found(&version),
        },
        Lookup::Redirect(to) => {
            Response::text(301, &format!("moved to {to}")).header("Location", to)
        }
        Lookup::NotFound => not_found(&version),
        Lookup::BadRequest => Response::text(400, "not a valid path"),
    }
}

/// The page for an address where nothing is built; it reloads too, so it
/// turns into the page once the page is built.
fn not_found(version: &str) -> Response {
    let page = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
                <title>Not found</title></head>\n<body>\n<h1>Not found</h1>\n\
                <p>Nothing is built at this address. <a href=\"/\">The site's index</a></p>\n\
                </body>\n</html>\n";
    let body = reload::inject(page.as_bytes(), version);
    Response::new(404, "text/html; charset=utf-8", body)
}
