//! Issue 15, item 2: values stay values. Web addresses, email addresses,
//! telephone numbers and language tags are validated once, when a policy is
//! lowered, each refusal a located error with "did you mean" where the text
//! is a near miss; pages and exports build their links from the typed
//! values; no CSV cell policyc writes begins with a formula character. Each
//! test names the defect it covers; each failed before its fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::{Code, Diagnostic};
use policyc::model::Policy;
use policyc::render::html::HtmlRenderer;
use policyc::source::SourceFile;
use std::fs;

/// A minimal valid privacy policy with `contact` as its contact block's
/// fields and `extra` as settings (a line starting `language`) or as facts
/// of its collection section.
fn privacy(contact: &str, extra: &str) -> String {
    let (settings, facts) = if extra.trim_start().starts_with("language") {
        (extra, "")
    } else {
        ("", extra)
    };
    format!(
        "policy privacy \"P\" {{\n  id = \"p\"\n  updated = 2024-01-01\n{settings}\n  org {{ name = \"Acme\" }}\n  contact {{ {contact} }}\n  section collection \"C\" {{ text \"c\"\n{facts}\n  }}\n  section use \"U\" {{ text \"u\" }}\n  section sharing \"S\" {{ text \"s\" }}\n  section contact \"K\" {{ contact-block }}\n}}\n"
    )
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    policyc::compile(&SourceFile::new("t.policy", text)).diagnostics
}

fn compile_ok(text: &str) -> Policy {
    let compiled = policyc::compile(&SourceFile::new("t.policy", text));
    match compiled.policy {
        Some(policy) => policy,
        None => panic!("expected a valid policy: {:#?}", compiled.diagnostics),
    }
}

/// The one error `text` has: its code, the text it points at and its help.
fn one_error(text: &str) -> (Code, String, String) {
    let errors: Vec<Diagnostic> = diagnostics(text)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = &errors[0];
    let span = error.span.expect("located");
    (
        error.code,
        text[span.start..span.end].to_string(),
        error.help.clone().unwrap_or_default(),
    )
}

/// Defect: `url = "=HYPERLINK(…)"` in `contact` was accepted, became an
/// `href` on the page and, as the deletion URL, a formula in the Play CSV.
#[test]
fn a_formula_as_the_contact_url_is_refused_at_its_place() {
    let text = privacy(
        "email = \"a@example.com\" url = \"=HYPERLINK(1)\"",
        "  right erasure { via = [url] }",
    );
    let (code, at, _) = one_error(&text);
    assert_eq!(code, Code::InvalidValue);
    assert_eq!(at, "\"=HYPERLINK(1)\"");
}

/// Defect: a right's `via = ["=cmd|' /C calc'!A0"]` reached the Play CSV's
/// deletion URL cell as a formula.
#[test]
fn a_formula_as_a_rights_address_is_refused() {
    let text = privacy(
        "email = \"a@example.com\"",
        "  right erasure { via = [\"=cmd|' /C calc'!A0\"] }",
    );
    let (code, at, _) = one_error(&text);
    assert_eq!(code, Code::InvalidValue);
    assert_eq!(at, "\"=cmd|' /C calc'!A0\"");
}

/// Defect: only the script-scheme test guarded addresses; any other scheme
/// (`ftp:`, `file:`) became a link.
#[test]
fn only_http_and_https_addresses_are_linked() {
    for url in ["ftp://example.com/form", "file:///etc/passwd", "https://"] {
        let text = privacy(&format!("email = \"a@example.com\" url = \"{url}\""), "");
        assert_eq!(one_error(&text).0, Code::InvalidValue, "{url}");
    }
    let text = privacy(
        "email = \"a@example.com\" url = \"javascript:alert(1)\"",
        "",
    );
    assert_eq!(one_error(&text).0, Code::UnsafeLink);
}

/// Defect: a misspelt scheme or a bare host gave no "did you mean".
#[test]
fn a_near_miss_of_an_address_suggests_the_one_meant() {
    for (written, meant) in [
        ("htps://example.com/form", "https://example.com/form"),
        ("www.example.com", "https://www.example.com"),
        ("https:/example.com", "https://example.com"),
    ] {
        let text = privacy(
            &format!("email = \"a@example.com\" url = \"{written}\""),
            "",
        );
        let (_, at, help) = one_error(&text);
        assert_eq!(at, format!("\"{written}\""));
        assert!(help.contains(&format!("did you mean `{meant}`")), "{help}");
    }
}

/// Defect: `email = "not-an-email"` was accepted and became a mail link.
#[test]
fn not_an_email_is_refused_and_never_a_mail_link() {
    let text = privacy("email = \"not-an-email\"", "");
    let (code, at, _) = one_error(&text);
    assert_eq!(
        (code, at.as_str()),
        (Code::InvalidValue, "\"not-an-email\"")
    );
    let text = privacy("email = \"privacy at example.com\"", "");
    assert!(
        one_error(&text)
            .2
            .contains("did you mean `privacy@example.com`")
    );
}

/// Defect: `mailto:` links were built by pasting the raw text, so `?` or
/// `#` in an address changed the link's meaning.
#[test]
fn mail_links_are_built_from_the_address() {
    let policy = compile_ok(&privacy("email = \"a?cc=b@example.com\"", ""));
    let page = HtmlRenderer::new().unwrap().render(&policy).unwrap();
    assert!(page.contains("mailto:a%3Fcc=b@example.com"), "{page}");
}

/// Defect: a telephone number with letters (`1-800-FLOWERS`) was accepted
/// and dialled as its digits alone.
#[test]
fn a_phone_number_is_digits_as_people_write_them() {
    let text = privacy("email = \"a@example.com\" phone = \"1-800-FLOWERS\"", "");
    assert_eq!(one_error(&text).0, Code::InvalidValue);
    let policy = compile_ok(&privacy(
        "email = \"a@example.com\" phone = \"+1 (800) 555-0100\"",
        "",
    ));
    let page = HtmlRenderer::new().unwrap().render(&policy).unwrap();
    assert!(page.contains("href=\"tel:+18005550100\""), "{page}");
}

/// Defect: `+44 (0)20 7946 0000`, as UK numbers are written, was dialled
/// as `tel:+4402079460000`; the trunk prefix in parentheses is not dialled
/// from abroad.
#[test]
fn a_trunk_prefix_in_parentheses_is_not_dialled() {
    let policy = compile_ok(&privacy(
        "email = \"a@example.com\" phone = \"+44 (0)20 7946 0000\"",
        "",
    ));
    let page = HtmlRenderer::new().unwrap().render(&policy).unwrap();
    assert!(page.contains("href=\"tel:+442079460000\""), "{page}");
}

/// Defect: `language = "en\"><script>"` was accepted and written into the
/// page's `lang` attribute.
#[test]
fn a_language_that_is_no_tag_is_refused() {
    let text = privacy(
        "email = \"a@example.com\"",
        "  language = \"en\\\"><script>\"",
    );
    let (code, at, _) = one_error(&text);
    assert_eq!(
        (code, at.as_str()),
        (Code::InvalidValue, "\"en\\\"><script>\"")
    );
    for (written, meant) in [("en_US", "en-US"), ("english", "en")] {
        let text = privacy(
            "email = \"a@example.com\"",
            &format!("  language = \"{written}\""),
        );
        assert!(
            one_error(&text)
                .2
                .contains(&format!("did you mean `{meant}`")),
            "{written}"
        );
    }
}

/// Language tags are compared without case and kept in the recommended
/// case, so `lang` on the page is the canonical tag.
#[test]
fn a_language_tag_is_kept_in_its_recommended_case() {
    let policy = compile_ok(&privacy(
        "email = \"a@example.com\"",
        "  language = \"EN-gb\"",
    ));
    let page = HtmlRenderer::new().unwrap().render(&policy).unwrap();
    assert!(page.contains("lang=\"en-GB\""), "{page}");
}

/// Defect: the project file's `language` was not checked either.
#[test]
fn the_project_files_language_is_a_tag_too() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("policyc.yaml"), "language: en_US\n").unwrap();
    fs::create_dir_all(dir.path().join("policies")).unwrap();
    fs::write(
        dir.path().join("policies/p.policy"),
        privacy("email = \"a@example.com\"", ""),
    )
    .unwrap();
    let output = assert_cmd::Command::cargo_bin("policyc")
        .unwrap()
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("policyc.yaml:1:"), "{stderr}");
    assert!(stderr.contains("did you mean `en-US`"), "{stderr}");
}

/// Defect: no cell of the Play Data safety CSV was guarded against formula
/// injection; every free text that reaches it (the deletion address, from
/// a right's `via` or the contact's `url`) is now a checked `https:` address
/// and cannot begin a cell with `=`, `+`, `-` or `@`.
#[test]
fn no_csv_cell_begins_with_a_formula_character() {
    let good = "https://example.com/delete";
    let hostile = ["@SUM(1)", "+1+1", "-1+1", "=1+1", "\\tx", "\\n=1"];
    let mut cases = vec![(good, good)];
    for value in hostile {
        cases.push((value, good));
        cases.push((good, value));
    }
    for (contact_url, via_url) in cases {
        let text = privacy(
            &format!("email = \"a@example.com\" url = \"{contact_url}\""),
            &format!(
                "  collect {{ data = [email] purposes = [service-provision] }}\n  right erasure {{ via = [url, \"{via_url}\"] }}"
            ),
        );
        let compiled = policyc::compile(&SourceFile::new("t.policy", &text));
        let Some(policy) = compiled.policy else {
            let codes: Vec<Code> = compiled.diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, vec![Code::InvalidValue], "{text}");
            continue;
        };
        let csv = policyc::export::play::render(&policy).unwrap();
        for cell in csv.lines().flat_map(|l| l.split(',')) {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in\n{csv}"
            );
        }
        assert!(csv.contains("https://example.com/delete"), "{csv}");
    }
}

/// Defect (met while typing values): the importer took any word with an
/// `@` and letters around it as the contact email, so an address the
/// compiler refuses (`josé@exämple.com`, `a..b@acme.example`) made an
/// imported policy that does not compile. It now asks the typed value.
#[test]
fn the_importer_only_takes_addresses_the_compiler_accepts() {
    for address in ["josé@exämple.com", "a..b@acme.example", "-x@-acme.example"] {
        let text = format!(
            "Privacy Policy\n\nAcme Ltd collects your email address to run the service.\n\nContact\n\nWrite to {address} with any question.\n"
        );
        let imported = policyc::import::import(&text, policyc::import::Format::Text, "p.txt")
            .expect("imports");
        let compiled = policyc::compile(&SourceFile::new("p.policy", &imported.policy_text));
        assert!(
            !compiled.diagnostics.iter().any(Diagnostic::is_error),
            "{address}:\n{}\n{:#?}",
            imported.policy_text,
            compiled.diagnostics
        );
    }
}

/// Defect: the rights list dialled a contact's phone as the text with its
/// spaces removed (`tel:+1(800)555-0100`); it now uses the number's digits,
/// built once by the typed value.
#[test]
fn the_rights_list_dials_the_digits() {
    let policy = compile_ok(&privacy(
        "email = \"a@example.com\" phone = \"+1 (800) 555-0100\"",
        "  right access { via = [phone, email] }\n  rights-list",
    ));
    let page = HtmlRenderer::new().unwrap().render(&policy).unwrap();
    let links = page.matches("href=\"tel:+18005550100\"").count();
    assert_eq!(links, 2, "the contact block and the rights list:\n{page}");
    assert!(!page.contains("tel:+1("), "{page}");
}
