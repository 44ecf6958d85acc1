//! Previewing a site while it is written: [`watch`] sees sources change;
//! [`Site`] serves the output folder on 127.0.0.1 with live reload, for
//! `policyc serve` (`policyc watch` uses the watcher alone).
//!
//! HTTP is hyper's (HTTP/1.1 only), on a one-thread tokio runtime: a slow
//! client costs a little memory, not a thread, and is cut off after
//! [`HEAD_TIMEOUT`] without its head, or [`REQUEST_TIMEOUT`] in all.
//! Requests waiting for or being given an answer count against
//! [`MAX_OPEN`]; pages listening for rebuilds hold a place of their own
//! ([`MAX_STREAMS`]), so open tabs never crowd out requests. Every
//! decision that matters for safety — which file a URL may reach
//! ([`files`]), which requests are refused ([`http`]) — is ours, in one
//! place whatever server is used.

mod files;
mod http;
mod look;
mod reload;
pub mod watch;

use files::Lookup;
use http::Body;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use reload::Reload;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::io::AsyncWriteExt as _;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The most connections waiting for or being given an answer at once;
/// more are answered 503 at once. Listening pages are not counted here.
const MAX_OPEN: usize = 256;
/// The most pages listening for rebuilds at once (browsers open one a
/// visible tab); more are answered 503.
const MAX_STREAMS: usize = 256;
/// How long a client may take to send its request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may take from its first byte to the end of its
/// answer (a client that reads nothing included); live-reload streams,
/// which stay open, are exempt.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The most a request's head may take: far above what browsers send.
const MAX_HEAD: usize = 16 * 1024;

/// A site being served: its address, and handles to change what it
/// serves and to reload the pages open in browsers.
#[derive(Debug)]
pub struct Site {
    address: SocketAddr,
    shared: Arc<Shared>,
}

/// What every connection reads.
#[derive(Debug)]
struct Shared {
    /// The folder served.
    root: Mutex<PathBuf>,
    reload: Reload,
    /// Places for connections waiting for or being given an answer.
    open: Arc<Semaphore>,
    /// Places for live-reload streams.
    streams: Arc<Semaphore>,
}

impl Site {
    /// Serves `root` on 127.0.0.1 at `port` (0: any free port) from a
    /// thread of its own, for as long as the process runs. Only this
    /// machine can connect; an error when the port cannot be had.
    pub fn start(port: u16, root: PathBuf) -> io::Result<Site> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        let address = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        // One thread serves every connection: a slow client costs a
        // little memory, never a thread.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let listener = {
            let _inside = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let shared = Arc::new(Shared {
            root: Mutex::new(root),
            reload: Reload::default(),
            open: Arc::new(Semaphore::new(MAX_OPEN)),
            streams: Arc::new(Semaphore::new(MAX_STREAMS)),
        });
        let accepting = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("policyc-serve".into())
            .spawn(move || runtime.block_on(accept(listener, accepting)))?;
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

/// Takes connections, each served by a task of its own while a place is
/// free; the rest are told to come back.
async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        match Arc::clone(&shared.open).try_acquire_owned() {
            Ok(place) => tokio::spawn(connection(stream, place, Arc::clone(&shared))),
            Err(_) => tokio::spawn(busy(stream)),
        };
    }
}

/// Answers 503 to a connection over the limit, without reading it.
async fn busy(mut stream: TcpStream) {
    let _ = tokio::time::timeout(HEAD_TIMEOUT, stream.write_all(&busy_response())).await;
}

/// The bytes of the 503 sent to a connection over the limit, written by
/// hand: hyper is not given the connection at all.
fn busy_response() -> Vec<u8> {
    let body = "too many connections; try again\n";
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nCache-Control: no-store\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// One connection: its place among the open ones, given back when it
/// ends or becomes a live-reload stream.
#[derive(Debug)]
struct Connection {
    place: Mutex<Option<OwnedSemaphorePermit>>,
    streaming: AtomicBool,
}

impl Connection {
    /// The connection now carries a live-reload stream: it no longer
    /// counts against the requests, nor against [`REQUEST_TIMEOUT`].
    fn became_stream(&self) {
        self.streaming.store(true, Ordering::SeqCst);
        drop(
            self.place
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
    }
}

/// Serves one connection (one request: every answer closes it), within
/// [`HEAD_TIMEOUT`] for the head and [`REQUEST_TIMEOUT`] for the whole,
/// unless it became a live-reload stream.
async fn connection(stream: TcpStream, place: OwnedSemaphorePermit, shared: Arc<Shared>) {
    let this = Arc::new(Connection {
        place: Mutex::new(Some(place)),
        streaming: AtomicBool::new(false),
    });
    let handling = Arc::clone(&this);
    let service = service_fn(move |request| {
        let response = handle(&request, &shared, &handling);
        async move { Ok::<_, std::convert::Infallible>(response) }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .keep_alive(false)
        .title_case_headers(true)
        .max_buf_size(MAX_HEAD);
    let serving = builder.serve_connection(TokioIo::new(stream), service);
    let mut serving = std::pin::pin!(serving);
    let timed = tokio::time::timeout(REQUEST_TIMEOUT, serving.as_mut()).await;
    if timed.is_err() && this.streaming.load(Ordering::SeqCst) {
        let _ = serving.await;
    }
}

/// The response to one request: a refusal, the live-reload stream, or
/// what [`answer`] finds.
fn handle(request: &Request<Incoming>, shared: &Shared, connection: &Connection) -> Response<Body> {
    if let Some(refused) = http::refusal(request) {
        return refused;
    }
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path != reload::ENDPOINT {
        return answer(target, path, shared);
    }
    let Ok(place) = Arc::clone(&shared.streams).try_acquire_owned() else {
        let busy = "too many pages listening; close some tabs";
        return http::text(StatusCode::SERVICE_UNAVAILABLE, busy);
    };
    connection.became_stream();
    if request.method() == Method::HEAD {
        return http::event_stream(Body::Full(None));
    }
    http::event_stream(Body::Events {
        events: shared.reload.stream(),
        _place: place,
    })
}

/// The response to a GET or HEAD of `target` (its `path` without the
/// query): the reload script, a file of the site (pages with the reload
/// tag), a redirect, or an error.
fn answer(target: &str, path: &str, shared: &Shared) -> Response<Body> {
    if path == reload::SCRIPT_PATH {
        let script = reload::SCRIPT.as_bytes().to_vec();
        return http::response(StatusCode::OK, "text/javascript; charset=utf-8", script);
    }
    // The version before the file: a rebuild in between reloads the page
    // once more, rather than leaving it stale.
    let version = shared.reload.version();
    let root = shared
        .root
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    // Read on the server's one thread: a preview's files are small and on
    // this machine.
    match files::find(&root, target) {
        Lookup::File(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let kind = files::content_type(&file);
                let body = if kind.starts_with("text/html") {
                    reload::inject(&bytes, &version)
                } else {
                    bytes
                };
                http::response(StatusCode::OK, kind, body)
            }
            Err(_) => not_found(&version),
        },
        Lookup::Redirect(to) => match HeaderValue::try_from(to.as_str()) {
            Ok(location) => {
                let mut moved =
                    http::text(StatusCode::MOVED_PERMANENTLY, &format!("moved to {to}"));
                moved.headers_mut().insert(header::LOCATION, location);
                moved
            }
            Err(_) => http::text(StatusCode::BAD_REQUEST, "not a valid path"),
        },
        Lookup::NotFound => not_found(&version),
        Lookup::BadRequest => http::text(StatusCode::BAD_REQUEST, "not a valid path"),
    }
}

/// The page for an address where nothing is built; it reloads too, so it
/// turns into the page once the page is built.
fn not_found(version: &str) -> Response<Body> {
    let page = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
                <title>Not found</title></head>\n<body>\n<h1>Not found</h1>\n\
                <p>Nothing is built at this address. <a href=\"/\">The site's index</a></p>\n\
                </body>\n</html>\n";
    let body = reload::inject(page.as_bytes(), version);
    http::response(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_answer_says_its_length() {
        let sent = String::from_utf8(busy_response()).unwrap();
        let (head, body) = sent.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503 "));
        assert!(head.contains(&format!("\r\nContent-Length: {}\r\n", body.len())));
    }
}
