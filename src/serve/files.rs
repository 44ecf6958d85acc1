//! Which file a URL names under the served folder, and its content type.
//!
//! A URL's path is percent-decoded, then taken apart by `/`: a `..`
//! segment, in any spelling (`..`, `%2e%2e`, `%2E.`), is refused rather
//! than resolved, as are a backslash, a colon (a drive, on Windows) and a
//! NUL. What is left is joined to the folder, and the file found is served
//! only when its real path, links resolved, is still inside the folder's:
//! a link pointing out of the site is not followed.

use std::fs;
use std::path::{Path, PathBuf};

/// What a request's path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file to send.
    File(PathBuf),
    /// A folder named without its final `/`: the URL to send the browser
    /// to (the query kept), so that the page's relative links resolve.
    Redirect(String),
    /// Nothing, or nothing that may be served.
    NotFound,
    /// A path that is not a valid URL path.
    BadRequest,
}

/// The file `target` (a request's path and query) names under `root`.
pub fn find(root: &Path, target: &str) -> Lookup {
    let target = target.split('#').next().unwrap_or("");
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    if !path.starts_with('/') {
        return Lookup::BadRequest;
    }
    let Some(decoded) = percent_decode(path) else {
        return Lookup::BadRequest;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Lookup::BadRequest;
    };
    if decoded.contains(['\0', '\\']) {
        return Lookup::BadRequest;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Lookup::NotFound,
            _ if segment.contains(':') => return Lookup::NotFound,
            _ => segments.push(segment),
        }
    }
    let Ok(root) = fs::canonicalize(root) else {
        return Lookup::NotFound;
    };
    let Some(found) = inside(&root, &segments.iter().collect::<PathBuf>()) else {
        return Lookup::NotFound;
    };
    if found.is_dir() {
        if !decoded.ends_with('/') {
            let url = folder_url(&segments);
            return Lookup::Redirect(match query {
                Some(query) => format!("{url}?{query}"),
                None => url,
            });
        }
        return match inside(&root, &found.join("index.html")) {
            Some(index) if index.is_file() => Lookup::File(index),
            _ => Lookup::NotFound,
        };
    }
    if found.is_file() && !decoded.ends_with('/') {
        Lookup::File(found)
    } else {
        Lookup::NotFound
    }
}

/// `root` joined with `relative`, links resolved, when it exists and is
/// inside `root` (itself resolved).
fn inside(root: &Path, relative: &Path) -> Option<PathBuf> {
    let real = fs::canonicalize(root.join(relative)).ok()?;
    real.starts_with(root).then_some(real)
}

/// The URL of a folder, with its final `/`, from the decoded segments:
/// built afresh, so a path such as `//example.com` can never redirect
/// to another site.
fn folder_url(segments: &[&str]) -> String {
    let mut url = String::from("/");
    for segment in segments {
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
                url.push(char::from(byte));
            } else {
                url.push_str(&format!("%{byte:02X}"));
            }
        }
        url.push('/');
    }
    url
}

/// The bytes `%XX` escapes stand for; `None` when an escape is broken.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let mut bytes = text.bytes();
    let mut out = Vec::with_capacity(text.len());
    while let Some(byte) = bytes.next() {
        if byte == b'%' {
            let high = char::from(bytes.next()?).to_digit(16)?;
            let low = char::from(bytes.next()?).to_digit(16)?;
            out.push(u8::try_from(high * 16 + low).ok()?);
        } else {
            out.push(byte);
        }
    }
    Some(out)
}

/// The `Content-Type` of a file, by its extension; text is UTF-8, as
/// policyc writes it.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "jsonld" => "application/ld+json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xcprivacy" | "plist" => "application/x-plist; charset=utf-8",
        "md" | "markdown" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("acme")).unwrap();
        fs::create_dir_all(root.join("empty")).unwrap();
        fs::write(root.join("index.html"), "home").unwrap();
        fs::write(root.join("acme/index.html"), "acme").unwrap();
        fs::write(root.join("acme/a b.md"), "md").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        (dir, root)
    }

    #[test]
    fn files_folders_and_redirects() {
        let (_dir, root) = site();
        let real = fs::canonicalize(&root).unwrap();
        assert_eq!(find(&root, "/"), Lookup::File(real.join("index.html")));
        assert_eq!(find(&root, "/?x=1"), Lookup::File(real.join("index.html")));
        assert_eq!(find(&root, "/acme"), Lookup::Redirect("/acme/".into()));
        assert_eq!(
            find(&root, "/./acme?q"),
            Lookup::Redirect("/acme/?q".into())
        );
        assert_eq!(
            find(&root, "/acme/"),
            Lookup::File(real.join("acme/index.html"))
        );
        assert_eq!(
            find(&root, "/acme/a%20b.md"),
            Lookup::File(real.join("acme/a b.md"))
        );
        assert_eq!(find(&root, "/acme/index.html/"), Lookup::NotFound);
        assert_eq!(find(&root, "/empty/"), Lookup::NotFound);
        assert_eq!(find(&root, "/gone"), Lookup::NotFound);
    }

    #[test]
    fn nothing_outside_the_folder_is_reached() {
        let (dir, root) = site();
        for target in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2e/secret.txt",
            "/acme/../../secret.txt",
            "/..%2fsecret.txt",
            "/acme/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/C:/secret.txt",
        ] {
            assert_eq!(find(&root, target), Lookup::NotFound, "{target}");
        }
        let absolute = format!("/{}", dir.path().join("secret.txt").display());
        assert_eq!(find(&root, &absolute), Lookup::NotFound);
        for target in ["acme", "/%zz", "/%2", "/a%00b", "/a\\..\\b", "/%ff"] {
            assert_eq!(find(&root, target), Lookup::BadRequest, "{target}");
        }
        assert_eq!(find(&root, "//example.com"), Lookup::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_not_followed() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("out.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("acme"), root.join("in")).unwrap();
        assert_eq!(find(&root, "/out.txt"), Lookup::NotFound);
        assert_eq!(find(&root, "/up/secret.txt"), Lookup::NotFound);
        assert_eq!(find(&root, "/up/"), Lookup::NotFound);
        let real = fs::canonicalize(&root).unwrap();
        assert_eq!(
            find(&root, "/in/"),
            Lookup::File(real.join("acme/index.html"))
        );
    }

    #[test]
    fn content_types_are_utf_8_text_where_text() {
        let types =
            ["a.html", "a.css", "a.json", "a.MD", "a.bin"].map(|p| content_type(Path::new(p)));
        assert_eq!(
            content_type(Path::new("p/p.jsonld")),
            "application/ld+json; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("p/p-data-safety.csv")),
            "text/csv; charset=utf-8"
        );
        assert_eq!(
            types,
            [
                "text/html; charset=utf-8",
                "text/css; charset=utf-8",
                "application/json; charset=utf-8",
                "text/markdown; charset=utf-8",
                "application/octet-stream"
            ]
        );
    }
}
