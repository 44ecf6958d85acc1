//! `policyc serve` under load, over real loopback sockets: slow clients
//! (half a request head, then nothing, slowloris-style) and open
//! live-reload streams must not keep a normal request from being
//! answered. Every socket has timeouts and a watchdog ends the test
//! binary, so nothing here can hang CI.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MINIMAL: &str = include_str!("../examples/minimal.policy");
/// The slow clients held open, as the issue asks: more than the 64
/// connections the thread-a-connection server took.
const SLOW: usize = 70;
/// The live-reload streams held open besides them.
const STREAMS: usize = 70;
/// Generous timeouts for everything but the request under test.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `policyc serve --port 0`, killed when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
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
        let printed = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&printed);
        std::thread::spawn(move || {
            let mut buffer = [0_u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut server = Server {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        let start = Instant::now();
        let text = loop {
            let text = printed.lock().unwrap().clone();
            if text.contains("(Ctrl-C to stop)") {
                break text;
            }
            assert!(start.elapsed() < PATIENCE, "no URL printed:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        };
        let url = text.split("http://").nth(1).unwrap();
        server.address = url.split('/').next().unwrap().parse().unwrap();
        server
    }

    /// A connection with read and write timeouts.
    fn connect(&self, timeout: Duration) -> TcpStream {
        let stream = TcpStream::connect_timeout(&self.address, timeout).unwrap();
        stream.set_read_timeout(Some(timeout)).unwrap();
        stream.set_write_timeout(Some(timeout)).unwrap();
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Ends the whole test binary (and so every socket) if the test has not
/// finished in two minutes: a hang must fail, not stall CI.
fn watchdog() {
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(120));
        eprintln!("serve_limits: watchdog fired after 120 s");
        std::process::exit(101);
    });
}

/// Opens a live-reload stream and reads its first event (the version).
fn listen(server: &Server) -> BufReader<TcpStream> {
    let mut stream = server.connect(PATIENCE);
    let head = format!(
        "GET /__policyc/reload HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut events = BufReader::new(stream);
    let mut first = String::new();
    events.read_line(&mut first).unwrap();
    assert!(first.starts_with("HTTP/1.1 200"), "stream refused: {first}");
    loop {
        let mut line = String::new();
        assert_ne!(events.read_line(&mut line).unwrap(), 0, "the stream ended");
        if line.starts_with("data: ") {
            return events;
        }
    }
}

/// The defect: a thread a connection and at most 64 at once, listening
/// pages included, so 70 clients that send half a request head and stall
/// had a normal request answered 503 (or not at all) for ten seconds.
/// Now slow clients and live-reload streams do not keep a request from
/// being answered within a second, and a slow client is cut off once its
/// head is overdue.
#[test]
fn a_request_is_answered_within_a_second_while_slow_clients_and_streams_are_open() {
    watchdog();
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("policies")).unwrap();
    fs::write(dir.path().join("policies/minimal.policy"), MINIMAL).unwrap();
    let server = Server::start(dir.path());

    let slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| {
            let mut stream = server.connect(PATIENCE);
            stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.").unwrap();
            stream
        })
        .collect();
    let streams: Vec<BufReader<TcpStream>> = (0..STREAMS).map(|_| listen(&server)).collect();
    // Let the server take in every connection before the timed request.
    std::thread::sleep(Duration::from_millis(200));

    let started = Instant::now();
    let mut stream = server.connect(Duration::from_secs(1));
    let head = format!(
        "GET /minimal-privacy/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.address
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    let elapsed = started.elapsed();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("To answer you."), "{reply}");
    assert!(
        elapsed < Duration::from_secs(1),
        "answered after {elapsed:?}"
    );
    eprintln!("answered in {elapsed:?} with {SLOW} slow clients and {STREAMS} streams open");
    drop(streams);
    // The slow clients are cut off once their head is overdue (10 s), not
    // left to hold the server for ever.
    for mut stream in slow {
        let mut rest = Vec::new();
        let closed = stream.read_to_end(&mut rest);
        assert!(
            closed.is_ok(),
            "a slow client still open after {PATIENCE:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "closed after {:?}",
            started.elapsed()
        );
    }
}
