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

use std::io::{self, Write};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

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
/// connection is noticed (its write fails) and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The site's version, and a way to wait for the next one.
#[derive(Debug)]
pub struct Reload {
    /// This server's start, in hexadecimal: versions of another
    /// `policyc serve` never match.
    instance: String,
    /// How many rebuilds have changed the site.
    rebuilds: Mutex<u64>,
    changed: Condvar,
}

impl Default for Reload {
    fn default() -> Self {
        let started = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Reload {
            instance: format!("{started:x}{:x}", std::process::id()),
            rebuilds: Mutex::new(0),
            changed: Condvar::new(),
        }
    }
}

impl Reload {
    /// The version of the site as served now.
    pub fn version(&self) -> String {
        self.version_of(self.count())
    }

    /// Tells every page listening that the site changed.
    pub fn bump(&self) {
        let mut count = self.rebuilds.lock().unwrap_or_else(PoisonError::into_inner);
        *count = count.saturating_add(1);
        self.changed.notify_all();
    }

    fn count(&self) -> u64 {
        *self.rebuilds.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn version_of(&self, count: u64) -> String {
        format!("{}-{count}", self.instance)
    }

    /// The count after `seen`, or `None` when `timeout` passes first.
    fn wait_after(&self, seen: u64, timeout: Duration) -> Option<u64> {
        let count = self.rebuilds.lock().unwrap_or_else(PoisonError::into_inner);
        let (count, _) = self
            .changed
            .wait_timeout_while(count, timeout, |count| *count == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (*count != seen).then_some(*count)
    }

    /// Writes the event stream's body: the version now, then each new
    /// version, with a comment while idle; returns when a write fails (the
    /// page went away).
    pub fn stream(&self, out: &mut impl Write) -> io::Result<()> {
        let mut seen = self.count();
        write!(out, "retry: 1000\ndata: {}\n\n", self.version_of(seen))?;
        out.flush()?;
        loop {
            match self.wait_after(seen, KEEP_ALIVE) {
                Some(count) => {
                    seen = count;
                    write!(out, "data: {}\n\n", self.version_of(seen))?;
                }
                None => out.write_all(b": still here\n\n")?,
            }
            out.flush()?;
        }
    }
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
    fn a_stream_starts_with_the_version_and_a_bump_is_awaited() {
        let reload = Reload::default();
        let before = reload.version();
        assert_eq!(reload.wait_after(0, Duration::from_millis(1)), None);
        reload.bump();
        assert_eq!(reload.wait_after(0, Duration::from_millis(1)), Some(1));
        assert_ne!(reload.version(), before);
        assert!(reload.version().ends_with("-1"));
    }
}
