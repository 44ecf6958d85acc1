//! `file:` URIs and paths, both ways: the protocol names documents by URI,
//! the driver reads paths. Percent-encoding per RFC 3986; other schemes
//! (an untitled buffer) have no path and are analysed on their own.

use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The path of a `file:` URI, percent-decoded; `None` for other schemes or
/// a decoding that is not UTF-8.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`).
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = decode(rest)?;
    // `file:///C:/x` on Windows: drop the slash before the drive.
    let bytes = decoded.as_bytes();
    let windows = bytes.len() > 2
        && bytes.first() == Some(&b'/')
        && bytes.get(2) == Some(&b':')
        && cfg!(windows);
    let path = if windows {
        decoded.get(1..).unwrap_or(&decoded).to_string()
    } else {
        decoded
    };
    Some(PathBuf::from(path))
}

/// The `file:` URI of an absolute path; `None` when it cannot be one.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

fn decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = tail.get(..2)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            bytes.push(value);
            rest = tail.get(2..).unwrap_or_default();
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_and_non_ascii_round_trip() {
        let path = Path::new("/tmp/my policies/café.policy");
        let uri = from_path(path);
        assert_eq!(
            uri.as_ref().map(|u| u.as_str()),
            Some("file:///tmp/my%20policies/caf%C3%A9.policy")
        );
        assert_eq!(uri.as_ref().and_then(to_path), Some(path.to_path_buf()));
    }

    #[test]
    fn other_schemes_have_no_path() {
        let uri = Uri::from_str("untitled:Untitled-1");
        assert_eq!(uri.ok().as_ref().and_then(to_path), None);
    }
}
