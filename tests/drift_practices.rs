//! Issue 18's remaining kinds: the drift lint (W0010–W0012) and `import`
//! for recipients, rights, international transfers and retention periods,
//! and the rules that keep a purpose from being read where a sentence does
//! not state one (a third party's purpose, a right's object, a sentence
//! about changes to the policy). Each test names the defect it covers;
//! none of these kinds was read before, so each failed before its fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::{Code, Diagnostic};
use policyc::import::{Format, import};
use policyc::source::SourceFile;

/// A valid privacy policy with `body` inside its collection section (which
/// declares email collected to provide the service, and says so).
fn privacy(body: &str) -> String {
    format!(
        "policy privacy \"P\" {{\n  id = \"p\"\n  org {{ name = \"Example Ltd\" }}\n  contact {{ email = \"a@example.com\" }}\n  section collection \"C\" {{\n    text \"We collect your email address to provide the service.\"\n    collect {{ data = [email] purposes = [service-provision] }}\n{body}\n  }}\n}}\n"
    )
}

fn drift(text: &str) -> Vec<Diagnostic> {
    policyc::compile(&SourceFile::new("t.policy", text))
        .diagnostics
        .into_iter()
        .filter(|d| policyc::check::is_drift(d.code))
        .collect()
}

fn spanned<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
    let span = d.span.expect("located");
    &text[span.start..span.end]
}

fn prose(words: &str) -> String {
    format!("    text \"{words}\"")
}

/// Defect: "we share your email address with our service providers" and
/// no `recipient` declared one; nothing noticed. W0010 on the words, the
/// help naming the fact.
#[test]
fn a_disclosure_without_its_recipient_is_reported() {
    let text = privacy(&prose(
        "We share your email address with our service providers.",
    ));
    let found = drift(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUndeclared);
    assert_eq!(spanned(&text, &found[0]), "service providers");
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`recipient processor`")
    );
    let fixed = privacy(&format!(
        "{}\n    recipient processor",
        prose("We share your email address with our service providers.")
    ));
    assert!(drift(&fixed).is_empty(), "{:#?}", drift(&fixed));
}

/// A false warning teaches people to ignore the lint: who discloses ("we
/// and our affiliates may disclose"), a recipient kind without a
/// disclosure ("third-party websites") and a denied disclosure are no
/// disclosure to declare.
#[test]
fn naming_a_recipient_kind_is_not_a_disclosure() {
    for words in [
        "We and our affiliates may disclose your email address when the law requires it.",
        "Our site links to third-party websites.",
        "We do not share your email address with advertisers.",
    ] {
        let found = drift(&privacy(&prose(words)));
        assert!(found.is_empty(), "{words}: {found:#?}");
    }
}

/// Defect: a `recipient advertiser` no sentence spoke of went unnoticed.
/// W0011 on the kind; "third parties" names any recipient kind loosely,
/// so it states a `recipient processor`.
#[test]
fn a_recipient_no_sentence_names_is_reported_on_the_fact() {
    let text = privacy("    recipient advertiser");
    let found = drift(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUnstated);
    assert_eq!(spanned(&text, &found[0]), "advertiser");
    let loose = privacy(&format!(
        "{}\n    recipient processor",
        prose("We share your email address with third parties that host the service.")
    ));
    assert!(drift(&loose).is_empty(), "{:#?}", drift(&loose));
}

/// Defect: rights were proposed by import but never linted: a stated
/// right no fact declared, and a declared right no sentence stated.
#[test]
fn rights_stated_and_declared_agree() {
    let text = privacy(&prose("You may ask us to delete your data at any time."));
    let found = drift(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUndeclared);
    assert!(
        found[0].message.contains("`erasure`"),
        "{}",
        found[0].message
    );
    let text = privacy("    right portability");
    let found = drift(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUnstated);
    assert_eq!(spanned(&text, &found[0]), "portability");
    let listed = privacy("    right portability\n    rights-list");
    assert!(drift(&listed).is_empty(), "{:#?}", drift(&listed));
}

/// Defect: "we transfer your personal data outside …" with no `transfer`,
/// and a `transfer` beside "we do not transfer your data outside your
/// country", went unnoticed; a denial under a condition ("unless") is no
/// contradiction.
#[test]
fn transfers_stated_denied_and_declared() {
    let text = privacy(&prose(
        "We transfer your personal data outside the United Kingdom.",
    ));
    let found = drift(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUndeclared);
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("transfer { to =")
    );
    let fact = "    transfer { to = [US] safeguard = standard-contractual-clauses }";
    let denied = privacy(&format!(
        "{}\n{fact}",
        prose("We do not transfer your data outside your country.")
    ));
    let found = drift(&denied);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftContradicted);
    assert!(spanned(&denied, &found[0]).starts_with("transfer"));
    let conditional = privacy(&format!(
        "{}\n{fact}",
        prose("We do not transfer your data outside your country unless safeguards protect it.")
    ));
    assert!(drift(&conditional).is_empty(), "{:#?}", drift(&conditional));
    let unstated = privacy(fact);
    let found = drift(&unstated);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUnstated);
}

/// Defect: "we keep your data for 90 days" with no `retain`, and a
/// `retain` no sentence spoke of, went unnoticed. A sentence with no
/// period ("we retain your data") states none; `${retention.ID}` in the
/// prose states the fact.
#[test]
fn retention_periods_stated_and_declared() {
    let text = privacy(&prose("We keep your data for 90 days."));
    let found = drift(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUndeclared);
    assert!(found[0].help.as_deref().unwrap().contains("period = P90D"));
    assert!(drift(&privacy(&prose("We retain your data securely."))).is_empty());
    let fact = "    retain { id = \"mail\" data = [email] period = P1Y }";
    let found = drift(&privacy(fact));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::DriftUnstated);
    let referred = privacy(&format!("{}\n{fact}", prose("Emails: ${retention.mail}.")));
    assert!(drift(&referred).is_empty(), "{:#?}", drift(&referred));
}

/// Defect (purpose precision): a purpose was read where the sentence
/// states none of the organisation's: a third party's purpose, the object
/// of a right ("object to our use of it for marketing"), how changes to
/// the policy are announced ("we will notify you of changes … by email").
#[test]
fn purposes_that_are_not_ours_are_not_read() {
    for words in [
        "Advertisers may use cookies to show you targeted advertising.",
        "You may object to our use of your email address for marketing.",
        "We will notify you of any changes to this policy by email.",
    ] {
        let text = privacy(&format!(
            "{}\n    right objection",
            prose(&format!("{words} You may object to it."))
        ));
        let found = drift(&text);
        assert!(found.is_empty(), "{words}: {found:#?}");
    }
}

/// Import proposes the new kinds beside their sentences, quoting them; the
/// result compiles without errors and without drift.
#[test]
fn import_proposes_recipients_transfers_and_retention() {
    let text = "Privacy Policy\n\nContact: privacy@example.com\n\nWe collect your email address to provide the service.\n\nWe share your email address with our service providers.\n\nWe transfer your personal data outside the United Kingdom.\n\nWe keep your email address for as long as necessary.\n";
    let imported = import(text, Format::Text, "p.txt").unwrap();
    let policy = &imported.policy_text;
    for fact in [
        "recipient processor",
        "transfer { to = [outside-your-country] }",
        "retain { period = as-long-as-necessary }",
    ] {
        assert!(policy.contains(fact), "{fact} missing:\n{policy}");
    }
    assert!(policy.contains("// read from: \"We share your email address"));
    let compiled = policyc::compile(&SourceFile::new("p.policy", policy));
    let wrong: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == policyc::diagnostic::Severity::Error || policyc::check::is_drift(d.code)
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}\n{policy}");
}

/// Reads `text` with every rule of the new kinds: the mask of what is the
/// organisation's own, the recipients disclosed to, the transfer and
/// retention statements, and each sentence's retention period.
fn read_all(text: &str) -> usize {
    let reading = policyc::lexicon::read(policyc::lexicon::english(), text);
    let mask = reading.ours_mask();
    assert_eq!(mask.len(), reading.mentions.len());
    let disclosed = reading.disclosed_to(text).len();
    let stated = reading.practice("transfer").count() + reading.practice("retention").count();
    let periods = reading
        .practice("retention")
        .filter_map(|m| text.get(m.sentence.clone()))
        .filter_map(policyc::lexicon::period_in)
        .count();
    disclosed + stated + periods
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// No text makes the new rules panic.
    #[test]
    fn the_new_rules_never_panic_on_any_text(text in "(?s).{0,400}") {
        let _ = read_all(&text);
        let _ = policyc::lexicon::period_in(&text);
    }

    /// Nor do the new kinds' words in any order.
    #[test]
    fn the_new_rules_never_panic_on_lexicon_words(words in proptest::collection::vec(
        proptest::sample::select(vec!["we", "and", "our", "affiliates", "share", "shared", "disclose", "with", "service", "providers", "third", "parties", "not", "transfer", "your", "data", "outside", "keep", "retain", "for", "90", "two", "days", "years", "until", "as", "long", "necessary", "object", "to", "marketing", "changes", "this", "policy", ".", ";", "\n", "unless"]), 0..200)) {
        let text = words.join(" ");
        let _ = read_all(&text);
    }
}

/// Linear time: one long sentence of recipients and disclosures (each
/// recipient looks ahead to the next disclosure or recipient only), and a
/// long text of retention sentences, read 64 times longer take far less
/// than 64² times as long.
#[test]
fn the_new_rules_are_linear_in_the_text() {
    use std::time::{Duration, Instant};
    for unit in [
        "we share your data with service providers, affiliates and advertisers and disclose it to authorities, ",
        "We keep your email address for 90 days. We transfer your personal data outside the EEA. ",
    ] {
        let time = |n: usize| {
            let text = unit.repeat(n);
            let start = Instant::now();
            assert!(read_all(&text) > 0);
            start.elapsed()
        };
        let small = time(100).max(Duration::from_micros(50));
        let large = time(100 * 64);
        assert!(large < small * 64 * 16, "{small:?} then {large:?}");
    }
}

/// The lint's recall for the new kinds, as the acceptance measures it for
/// categories and purposes: removing each declared recipient kind, right,
/// transfer or retention period from a bundled policy makes W0010 point at
/// a sentence that states it (the rates are printed per kind; half is
/// asserted per kind, below what was measured).
#[test]
fn removing_a_declared_practice_points_at_a_sentence() {
    use policyc::check::{Checks, check};
    use policyc::keyword::Keyword;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rates: std::collections::BTreeMap<&str, (u32, u32, Vec<String>)> =
        std::collections::BTreeMap::new();
    for name in ["socnect", "connact", "connecwrk"] {
        let path = root.join(format!("policies/{name}.policy"));
        let text = std::fs::read_to_string(&path).unwrap();
        let policy = policyc::compile(&SourceFile::new(path.display().to_string(), text))
            .policy
            .unwrap();
        let mut cases: Vec<(&str, String, policyc::model::Policy)> = Vec::new();
        let p = &policy.practices;
        let mut kinds = Vec::new();
        for r in &p.recipients {
            if !kinds.contains(&r.node.kind.node) {
                kinds.push(r.node.kind.node);
            }
        }
        for kind in kinds {
            let mut changed = policy.clone();
            changed
                .practices
                .recipients
                .retain(|r| r.node.kind.node != kind);
            cases.push(("recipient", format!("`{}`", kind.keyword()), changed));
        }
        for right in &p.rights {
            let kind = right.node.kind.node;
            let mut changed = policy.clone();
            changed
                .practices
                .rights
                .retain(|r| r.node.kind.node != kind);
            cases.push(("right", format!("`{}`", kind.keyword()), changed));
        }
        if !p.transfers.is_empty() {
            let mut changed = policy.clone();
            changed.practices.transfers.clear();
            cases.push(("transfer", "transfer".to_string(), changed));
        }
        if !p.retention.is_empty() {
            let mut changed = policy.clone();
            changed.practices.retention.clear();
            cases.push(("retention", "how long data is kept".to_string(), changed));
        }
        for (kind, words, changed) in cases {
            let found = check(&changed, Checks::default());
            let points = found
                .iter()
                .any(|d| d.code == Code::DriftUndeclared && d.message.contains(&words));
            let rate = rates.entry(kind).or_default();
            rate.0 += 1;
            if points {
                rate.1 += 1;
            } else {
                rate.2.push(format!("{name}: {words}"));
            }
        }
    }
    for (kind, (cases, pointed, missed)) in &rates {
        println!("{kind}: pointed at a sentence in {pointed} of {cases} cases; missed: {missed:?}");
    }
    // Measured on 2026-12-06: recipients 9 of 14 (a policy that still
    // declares a processor reads "third parties" as stated), rights 11 of
    // 11, transfers 1 of 1, retention 1 of 2.
    for (kind, (cases, pointed, missed)) in &rates {
        assert!(
            pointed * 2 >= *cases,
            "{kind}: {pointed} of {cases}; missed: {missed:?}"
        );
    }
}

/// Defect: a text that names no data category but states purposes and a
/// retention period ("we keep your personal data for as long as necessary
/// to comply with our legal obligations") imported to a `retain` alone,
/// and the lint then asked for a `collect` of the purposes, which import
/// cannot write without data: the imported policy did not pass the lint.
/// A policy with no `collect` has not begun to type its data facts.
#[test]
fn an_import_without_data_passes_the_lint() {
    let text = "Privacy Policy\n\nContact: privacy@example.com\n\nWe keep your personal data for as long as necessary to comply with our legal obligations.\n";
    let imported = import(text, Format::Text, "p.txt").unwrap();
    assert!(
        imported
            .policy_text
            .contains("retain { period = as-long-as-necessary }")
    );
    let compiled = policyc::compile(&SourceFile::new("p.policy", &imported.policy_text));
    let drift: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| policyc::check::is_drift(d.code))
        .collect();
    assert!(drift.is_empty(), "{drift:#?}\n{}", imported.policy_text);
}

/// The acceptance for import: the bundled policies' originals and the
/// import fixtures, imported with every kind of fact, pass the drift lint.
#[test]
fn imported_references_and_fixtures_pass_the_lint() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["tests/fixtures/reference", "tests/fixtures/import"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("md") => Format::Markdown,
                Some("html") => Format::Html,
                _ => Format::Text,
            };
            let source = std::fs::read_to_string(&path).unwrap();
            let imported = import(&source, format, &name).unwrap();
            let compiled = policyc::compile(&SourceFile::new(&name, &imported.policy_text));
            let drift: Vec<_> = compiled
                .diagnostics
                .iter()
                .filter(|d| policyc::check::is_drift(d.code))
                .collect();
            assert!(drift.is_empty(), "{name}: {drift:#?}");
        }
    }
}
