//! Live reload: each page served (never a file written) gets a script tag
//! before `</body>`; the script listens on [`ENDPOINT`] with Server-Sent
//! Events and reloads the page when the site's version is no longer the
//! one the page was served at. Server-Sent Events need nothing but a
//! response that stays open, and browsers reconnect them by themselves.
//!
//! The version is this server's start plus a count of rebuilds, so a page
//! served before a rebuild, or by an earlier `policyc serve`, reloads as
//! soon as it connects. The script lives at [`SCRIPT_PATH`], not inline,
//! so a page whose own Content-Security-Policy allows scripts only from
//! its site still runs it; it listens only while its tab is visible, as
//! browsers allow six connections to a host and each listening tab holds
//! one.

use bytes::Bytes;
use std::time::{Duration, SystemTime};
use tokio::sync::{mpsc, watch};

/// Where pages listen for rebuilds.
pub const ENDPOINT: &str = "/__policyc/reload";
/// Where the script that listens is served.
pub const SCRIPT_PATH: &str = "/__policyc/reload.js";

/// The script: listens while the tab is visible, reloads on a new version.
pub const SCRIPT: &str = r#"// Served by `policyc serve` only, never written with the site: reloads
// this page when the site is rebuilt.
(() => {
  const script = document.currentScript;
  const version = script ? script.dataset.version : "";
  let source = null;
  const listen = () => {
    if (source || document.hidden) return;
    source = new EventSource("/__policyc/reload");
    source.onmessage = (event) => {
      if (event.data !== version) location.reload();
    };
  };
  const stop = () => {
    if (source) source.close();
    source = null;
  };
  document.addEventListener("visibilitychange", () => (document.hidden ? stop() : listen()));
  listen();
})();
"#;

/// How often an idle stream is sent a comment, so that a closed tab's
/// connection is noticed (its write fails) and its stream ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The site's version, and a way to wait for the next one.
#[derive(Debug)]
pub struct Reload {
    /// This server's start, in hexadecimal: versions of another
    /// `policyc serve` never match.
    instance: String,
    /// How many rebuilds have changed the site; every stream holds a
    /// receiver.
    rebuilds: watch::Sender<u64>,
}

impl Default for Reload {
    fn default() -> Self {
        let started = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Reload {
            instance: format!("{started:x}{:x}", std::process::id()),
            rebuilds: watch::Sender::new(0),
        }
    }
}

impl Reload {
    /// The version of the site as served now.
    pub fn version(&self) -> String {
        version_of(&self.instance, *self.rebuilds.borrow())
    }

    /// Tells every page listening that the site changed. Called from any
    /// thread; it never blocks.
    pub fn bump(&self) {
        self.rebuilds
            .send_modify(|count| *count = count.saturating_add(1));
    }

    /// The event stream's body, written by a task of its own on the
    /// server's runtime: the version now, then each new version, with a
    /// comment while idle. The task ends when the receiver is dropped (the
    /// page went away). Call on the server's runtime.
    pub fn stream(&self) -> mpsc::Receiver<Bytes> {
        let (events, body) = mpsc::channel(4);
        let mut rebuilds = self.rebuilds.subscribe();
        let instance = self.instance.clone();
        tokio::spawn(async move {
            let seen = *rebuilds.borrow_and_update();
            let first = format!("retry: 1000\ndata: {}\n\n", version_of(&instance, seen));
            if events.send(Bytes::from(first)).await.is_err() {
                return;
            }
            loop {
                let event = match tokio::time::timeout(KEEP_ALIVE, rebuilds.changed()).await {
                    Ok(Ok(())) => {
                        let seen = *rebuilds.borrow_and_update();
                        format!("data: {}\n\n", version_of(&instance, seen))
                    }
                    // The server is gone.
                    Ok(Err(_)) => return,
                    Err(_) => ": still here\n\n".to_string(),
                };
                if events.send(Bytes::from(event)).await.is_err() {
                    return;
                }
            }
        });
        body
    }
}

/// The version string of a count of rebuilds.
fn version_of(instance: &str, count: u64) -> String {
    format!("{instance}-{count}")
}

/// `html` with the script tag before its last `</body>` (at the end when
/// there is none), carrying the version it was served at.
pub fn inject(html: &[u8], version: &str) -> Vec<u8> {
    let tag = format!(r#"<script src="{SCRIPT_PATH}" data-version="{version}"></script>"#);
    let at = html
        .windows(b"</body".len())
        .rposition(|w| w.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    let (before, after) = html.split_at_checked(at).unwrap_or((html, b""));
    [before, tag.as_bytes(), b"\n", after].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_goes_before_the_last_body_end_or_at_the_end() {
        let page = b"<p>a</p></BODY>\n</html>\n";
        let served = String::from_utf8(inject(page, "v-1")).unwrap();
        assert_eq!(
            served,
            "<p>a</p><script src=\"/__policyc/reload.js\" data-version=\"v-1\"></script>\n\
             </BODY>\n</html>\n"
        );
        let bare = String::from_utf8(inject(b"<p>", "v")).unwrap();
        assert!(bare.starts_with("<p><script") && bare.ends_with("</script>\n"));
    }

    #[test]
    fn a_stream_starts_with_the_version_and_sends_each_bump() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let reload = Reload::default();
            let before = reload.version();
            let mut events = reload.stream();
            let first = events.recv().await.unwrap();
            assert_eq!(first, format!("retry: 1000\ndata: {before}\n\n"));
            reload.bump();
            assert_ne!(reload.version(), before);
            assert!(reload.version().ends_with("-1"));
            let next = events.recv().await.unwrap();
            assert_eq!(next, format!("data: {}\n\n", reload.version()));
        });
    }
}
