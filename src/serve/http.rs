//! Just enough HTTP/1.1 for a preview on one's own machine: a request's
//! head read (no body: only GET and HEAD are served), and a response
//! written, every connection closed after one response. Keeping it this
//! small is why it is written here rather than taken from a crate.

use std::io::{self, Read, Write};

/// The most a request's head may take: far above what browsers send.
const MAX_HEAD: usize = 16 * 1024;

/// The parts of a request the server reads.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, `POST`…
    pub method: String,
    /// The path and query, as sent (`/acme/?x`).
    pub target: String,
    /// The `Host` header's value, when sent.
    pub host: Option<String>,
}

/// Why no request could be read.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The connection closed, or went quiet, before a whole head arrived.
    Closed,
    /// The head is longer than [`MAX_HEAD`].
    TooLarge,
    /// The head is not HTTP/1.x.
    Malformed,
}

/// Reads a request's head from `input`.
pub fn read_request(input: &mut impl Read) -> Result<Request, ReadError> {
    let mut head = Vec::new();
    let mut chunk = [0_u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            return Err(ReadError::TooLarge);
        }
        let read = input.read(&mut chunk).map_err(|_| ReadError::Closed)?;
        if read == 0 {
            return Err(ReadError::Closed);
        }
        head.extend_from_slice(chunk.get(..read).unwrap_or_default());
    }
    let text = std::str::from_utf8(&head).map_err(|_| ReadError::Malformed)?;
    parse(text).ok_or(ReadError::Malformed)
}

/// The request line and the `Host` header of a head.
fn parse(head: &str) -> Option<Request> {
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase());
    let visible = |s: &str| s.bytes().all(|b| b.is_ascii_graphic());
    if parts.next().is_some()
        || !token(method)
        || target.is_empty()
        || !visible(target)
        || !matches!(version, "HTTP/1.0" | "HTTP/1.1")
    {
        return None;
    }
    let host = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_string());
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

/// A whole response, sent with `Connection: close`.
#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    /// A response with a body of type `content_type`, never cached: a
    /// preview must show the latest build.
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
        }
    }

    /// A plain-text response, for errors.
    pub fn text(status: u16, text: &str) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into(),
        )
    }

    /// This response with one more header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Sends the response; without its body for a HEAD request (the
    /// headers, `Content-Length` included, are those of a GET).
    pub fn write_to(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = status_line(self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The head of a response whose body is a stream that ends when the
/// connection closes (Server-Sent Events).
pub fn stream_head(content_type: &str) -> String {
    format!(
        "{}Content-Type: {content_type}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        status_line(200)
    )
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Request, ReadError> {
        read_request(&mut text.as_bytes())
    }

    #[test]
    fn a_head_gives_its_method_target_and_host() {
        let request = read("GET /a%20b/?x HTTP/1.1\r\nHOST: 127.0.0.1:3000\r\nAccept: */*\r\n\r\n");
        assert_eq!(
            request,
            Ok(Request {
                method: "GET".into(),
                target: "/a%20b/?x".into(),
                host: Some("127.0.0.1:3000".into()),
            })
        );
    }

    #[test]
    fn broken_heads_are_refused() {
        assert_eq!(read("GET / HTTP/1.1\r\n"), Err(ReadError::Closed));
        assert_eq!(read("GET /a b HTTP/1.1\r\n\r\n"), Err(ReadError::Malformed));
        assert_eq!(read("get / HTTP/1.1\r\n\r\n"), Err(ReadError::Malformed));
        assert_eq!(read("GET / SPDY/3\r\n\r\n"), Err(ReadError::Malformed));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD * 2));
        assert_eq!(read(&long), Err(ReadError::TooLarge));
    }

    #[test]
    fn a_head_response_has_a_gets_length_and_no_body() {
        let response = Response::text(404, "not here");
        let mut sent = Vec::new();
        response.write_to(&mut sent, true).unwrap();
        let sent = String::from_utf8(sent).unwrap();
        assert!(sent.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(sent.contains("Content-Length: 9\r\n"));
        assert!(sent.ends_with("\r\n\r\n"));
    }
}
