//! The HTTP pieces the preview adds to hyper: the body type (a whole file,
//! or a live-reload event stream), responses that are never cached, and
//! which requests are refused (a method other than GET and HEAD, a `Host`
//! that is not this machine). Parsing requests and writing responses is
//! hyper's.

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::{OwnedSemaphorePermit, mpsc};

/// A response's body: a whole one, sent at once, or the chunks of an
/// event stream, sent as they come, for as long as the page listens.
#[derive(Debug)]
pub enum Body {
    /// The whole body; `None` once sent.
    Full(Option<Bytes>),
    /// Live-reload events, and the place among the streams this one holds
    /// (given back when the page goes away and the body is dropped).
    Events {
        /// The chunks, as [`Reload::stream`](super::reload::Reload::stream) writes them.
        events: mpsc::Receiver<Bytes>,
        /// Held, never read: dropping the body gives the place back.
        _place: OwnedSemaphorePermit,
    },
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            Body::Events { events, .. } => {
                events.poll_recv(cx).map(|e| e.map(|d| Ok(Frame::data(d))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(Some(data)) => SizeHint::with_exact(data.len() as u64),
            Body::Full(None) => SizeHint::with_exact(0),
            Body::Events { .. } => SizeHint::default(),
        }
    }
}

/// A whole response of type `content_type`, never cached: a preview must
/// show the latest build. For a HEAD request hyper sends the same head,
/// `Content-Length` included, and no body.
pub fn response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Body> {
    let length = HeaderValue::from(body.len());
    let mut response = Response::new(Body::Full(Some(Bytes::from(body))));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_LENGTH, length);
    no_store(headers);
    response
}

/// A plain-text response, for errors.
pub fn text(status: StatusCode, text: &str) -> Response<Body> {
    let body = format!("{text}\n").into_bytes();
    response(status, "text/plain; charset=utf-8", body)
}

/// The head of an event stream, its body `events`.
pub fn event_stream(events: Body) -> Response<Body> {
    let mut response = Response::new(events);
    let headers = response.headers_mut();
    let kind = HeaderValue::from_static("text/event-stream");
    headers.insert(header::CONTENT_TYPE, kind);
    no_store(headers);
    response
}

fn no_store(headers: &mut hyper::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let nosniff = HeaderValue::from_static("nosniff");
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, nosniff);
}

/// The refusal of a request this server does not answer: a method other
/// than GET and HEAD, or a `Host` that is not this machine (a page on
/// another site reaching the preview through DNS rebinding).
pub fn refusal<B>(request: &Request<B>) -> Option<Response<Body>> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut refused = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
        let allow = HeaderValue::from_static("GET, HEAD");
        refused.headers_mut().insert(header::ALLOW, allow);
        return Some(refused);
    }
    let host = request.headers().get(header::HOST).map(HeaderValue::to_str);
    let local = match host {
        None => true,
        Some(Ok(host)) => is_local(host),
        Some(Err(_)) => false,
    };
    let why = "policyc serve answers only to localhost and 127.0.0.1";
    (!local).then(|| text(StatusCode::FORBIDDEN, why))
}

/// Whether a `Host` header names this machine, with or without a port.
fn is_local(host: &str) -> bool {
    let name = match host.trim().strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim().to_ascii_lowercase();
    matches!(name.as_str(), "127.0.0.1" | "localhost" | "::1") || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_is_a_local_host() {
        for host in ["127.0.0.1:3000", "localhost", "[::1]:80", "a.localhost:1"] {
            assert!(is_local(host), "{host}");
        }
        for host in ["example.com", "127.0.0.2", "evil.com:3000", "[::2]"] {
            assert!(!is_local(host), "{host}");
        }
    }

    #[test]
    fn other_methods_and_hosts_are_refused() {
        let request = |method: &str, host: &str| {
            Request::builder()
                .method(method)
                .uri("/")
                .header("host", host)
                .body(())
                .unwrap()
        };
        let post = refusal(&request("POST", "localhost")).unwrap();
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(post.headers()[header::ALLOW], "GET, HEAD");
        let foreign = refusal(&request("GET", "example.com")).unwrap();
        assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
        assert!(refusal(&request("HEAD", "127.0.0.1:3000")).is_none());
    }
}
