//! Issue 20 item 2, a build does no work its output does not need: with
//! the default templates the pages are written straight from their views
//! (`render/html/native.rs`) instead of compiling and interpreting the
//! templates with tera. These tests hold that shortcut to the templates
//! it stands for, through the command line: the defaults dumped into a
//! theme folder (which tera renders) write the very bytes the shortcut
//! writes, and a theme that replaces one template is rendered by tera,
//! never by the shortcut.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use std::fs;
use std::path::Path;

#[path = "common/files.rs"]
mod files;
use files::files;

fn policyc(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("policyc").unwrap();
    command
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .current_dir(dir);
    command
}

/// The bundled policies and examples, copied into a scratch project's
/// `policies/`, with the default templates dumped beside them.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    fs::create_dir(&policies).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["policies", "examples"] {
        for entry in fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "policy") {
                fs::copy(&path, policies.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    policyc(dir.path())
        .args(["templates", "--dump", "theme"])
        .assert()
        .success();
    dir
}

/// The guarantee: a page written without tera is byte for byte the page
/// the default templates make. A build with the defaults dumped as a theme
/// (rendered by tera) and one without (the shortcut) write the same files,
/// every bundled policy's page and the site index among them.
#[test]
fn the_dumped_default_templates_write_the_same_site_as_the_defaults() {
    let dir = project();
    let site = |out: &str, theme: bool| {
        let mut command = policyc(dir.path());
        command.args(["build", "--format", "html,md", "--out", out]);
        if theme {
            command.args(["--templates", "theme"]);
        }
        command.assert().success();
        dir.path().join(out)
    };
    let (native, themed) = (site("native", false), site("themed", true));
    let written = files(&native);
    assert_eq!(written, files(&themed));
    let pages = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert!(pages >= 7, "{written:?}");
    for file in &written {
        let (a, b) = (
            fs::read(native.join(file)).unwrap(),
            fs::read(themed.join(file)).unwrap(),
        );
        assert!(a == b, "{} differs", file.display());
    }
}

/// The defect this shortcut could bring: a theme that replaces only
/// `components.html` or only `style.css` ignored because the pages were
/// written without tera. Each replaced template shows on the page.
#[test]
fn a_theme_replacing_one_template_is_rendered_by_tera() {
    let dir = project();
    let theme = dir.path().join("theme");
    let components = fs::read_to_string(theme.join("components.html")).unwrap();
    for (name, text) in [
        (
            "components.html",
            components.replace(
                "<section id=\"{{ b.id }}\"",
                "<section data-theme=\"mine\" id=\"{{ b.id }}\"",
            ),
        ),
        ("style.css", "body { color: rebeccapurple; }\n".to_string()),
    ] {
        let only = dir.path().join(format!("only-{name}"));
        fs::create_dir(&only).unwrap();
        fs::write(only.join(name), text).unwrap();
        let out = format!("out-{name}");
        policyc(dir.path())
            .args(["build", "policies/socnect.policy", "--format", "html"])
            .args(["--out", &out, "--templates"])
            .arg(&only)
            .assert()
            .success();
        let page =
            fs::read_to_string(dir.path().join(&out).join("socnect-privacy/index.html")).unwrap();
        let index = fs::read_to_string(dir.path().join(&out).join("index.html")).unwrap();
        if name == "style.css" {
            assert!(page.contains("rebeccapurple"), "{name}: the page");
            assert!(index.contains("rebeccapurple"), "{name}: the index");
            assert!(
                !page.contains("--accent"),
                "{name}: the default style sheet"
            );
        } else {
            assert!(page.contains("<section data-theme=\"mine\""), "{name}");
        }
    }
}
