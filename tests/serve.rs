//! `policyc serve`, the real binary in a scratch project, asked over real
//! HTTP/1.1 (a `TcpStream`): pages served with the reload script that the
//! files on disk never hold, nothing outside the site reachable, and an
//! edit signalled to a listening page, then served.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MINIMAL: &str = include_str!("../examples/minimal.policy");
/// What a leak would show: the content of a file beside the site.
const CANARY: &str = "leak-canary-7f3a";

/// A running `policyc serve`, killed when dropped (a failed assertion
/// included), what it printed on stderr, and the address it serves.
struct Server {
    child: Child,
    stderr: Arc<Mutex<String>>,
    address: String,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policyc"))
            .args(["serve", "--port", "0"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0_u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                let text = String::from_utf8_lossy(&buffer[..n]);
                sink.lock().unwrap().push_str(&text);
            }
        });
        let mut server = Server {
            child,
            stderr,
            address: String::new(),
        };
        server.wait_for("the URL", |s| s.contains("(Ctrl-C to stop)"));
        let printed = server.stderr();
        let url = printed.split("http://").nth(1).unwrap();
        server.address = url.split('/').next().unwrap().to_string();
        assert!(server.address.starts_with("127.0.0.1:"), "{printed}");
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Polls stderr until `done` holds; fails, showing it, after 10 s.
    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.stderr()) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    /// Sends one request and reads the whole response (the server closes
    /// every connection after one).
    fn request(&self, method: &str, target: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        );
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        let found = self.headers.iter().find(|(n, _)| n == name);
        found.map_or("", |(_, v)| v.as_str())
    }
}

/// A project: the minimal policy in `policies/`, and a `Cargo.toml` beside
/// the site holding the canary.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("policies")).unwrap();
    fs::write(dir.path().join("policies/minimal.policy"), MINIMAL).unwrap();
    let secret = format!("[package]\nname = \"{CANARY}\"\n");
    fs::write(dir.path().join("Cargo.toml"), secret).unwrap();
    dir
}

#[test]
fn pages_are_served_with_the_reload_script_the_files_never_hold() {
    let dir = project();
    let server = Server::start(dir.path());
    let index = server.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), "text/html; charset=utf-8");
    assert!(index.body.contains(r#"<script src="/__policyc/reload.js""#));
    let on_disk = fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(!on_disk.contains("__policyc") && !on_disk.contains("<script"));

    let folder = server.get("/minimal-privacy");
    assert_eq!(
        (folder.status, folder.header("location")),
        (301, "/minimal-privacy/")
    );
    let page = server.get("/minimal-privacy/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("To answer you.") && page.body.contains("/__policyc/reload.js"));
    let on_disk = fs::read_to_string(dir.path().join("site/minimal-privacy/index.html")).unwrap();
    assert!(!on_disk.contains("__policyc"));

    let markdown = server.get("/minimal-privacy/minimal-privacy.md");
    assert_eq!(
        markdown.header("content-type"),
        "text/markdown; charset=utf-8"
    );
    assert!(!markdown.body.contains("__policyc"));
    let json = server.get("/minimal-privacy/minimal-privacy.json");
    assert_eq!(
        json.header("content-type"),
        "application/json; charset=utf-8"
    );
    let script = server.get("/__policyc/reload.js");
    assert_eq!(
        script.header("content-type"),
        "text/javascript; charset=utf-8"
    );
    assert!(script.body.contains("EventSource(\"/__policyc/reload\")"));

    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        index.header("content-length")
    );
    assert!(head.body.is_empty());
    let post = server.request("POST", "/");
    assert_eq!((post.status, post.header("allow")), (405, "GET, HEAD"));
    assert_eq!(server.get("/nothing-here").status, 404);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let dir = project();
    let server = Server::start(dir.path());
    let absolute = fs::canonicalize(dir.path().join("Cargo.toml")).unwrap();
    let absolute = format!("/{}", absolute.display()).replace("//", "/");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("Cargo.toml"),
        dir.path().join("site/out.toml"),
    )
    .unwrap();
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/Cargo.toml",
        "/.%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e%2fCargo.toml",
        "/minimal-privacy/../../Cargo.toml",
        "/minimal-privacy/%2e%2e/%2e%2e/Cargo.toml",
        "/..\\Cargo.toml",
        "/out.toml",
        absolute.as_str(),
    ] {
        let reply = server.get(target);
        assert!(
            [400, 404].contains(&reply.status),
            "{target}: {}",
            reply.status
        );
        assert!(!reply.body.contains(CANARY), "{target} leaked the file");
    }
}

/// The next version the reload stream announces; `None` when none comes
/// before the stream's read timeout.
fn next_version(events: &mut BufReader<TcpStream>) -> Option<String> {
    loop {
        let mut line = String::new();
        match events.read_line(&mut line) {
            Ok(0) => panic!("the stream ended"),
            Ok(_) => {}
            Err(_) => return None,
        }
        if let Some(version) = line.strip_prefix("data: ") {
            return Some(version.trim().to_string());
        }
    }
}

#[test]
fn a_rebuild_is_signalled_to_listening_pages_and_served_and_a_failed_one_is_not() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "GET /__policyc/reload HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut events = BufReader::new(stream);
    let served_at = next_version(&mut events).unwrap();
    let page = server.get("/minimal-privacy/");
    assert!(page.body.contains(&format!("data-version=\"{served_at}\"")));

    let source = dir.path().join("policies/minimal.policy");
    let edited = MINIMAL.replace("To answer you.", "Within a week.");
    fs::write(&source, &edited).unwrap();
    let rebuilt = next_version(&mut events).unwrap();
    assert_ne!(rebuilt, served_at);
    let page = server.get("/minimal-privacy/");
    assert!(page.body.contains("Within a week."), "{}", page.body);
    assert!(page.body.contains(&format!("data-version=\"{rebuilt}\"")));
    assert!(
        server
            .stderr()
            .contains("policies/minimal.policy changed; rebuilding")
    );

    fs::write(&source, edited.replace("section use", "section usage")).unwrap();
    server.wait_for("the refusal", |s| s.contains("nothing was written"));
    let quiet = Duration::from_millis(300);
    events.get_ref().set_read_timeout(Some(quiet)).unwrap();
    assert_eq!(
        next_version(&mut events),
        None,
        "no reload without a new site"
    );
    assert!(
        server
            .get("/minimal-privacy/")
            .body
            .contains("Within a week.")
    );
}
