//! `policyc diff`: every kind of change found in the compiled facts and
//! classified by `docs/diff.md`'s table, sections paired and moved, the
//! three output formats, `--fail-on`, the git form, and the errors. Each
//! case edits `fixtures/diff/base.policy` (which declares every kind of
//! fact) and compares it with the original, one way or the other.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

#[path = "common/git.rs"]
mod git;
use assert_cmd::Command;
use git::{git, git_available};
use policyc::diff::{Action, Change, Class, Kind, diff};
use policyc::model::Policy;
use policyc::report::{self, MessageFormat};
use policyc::source::SourceFile;
use std::fs;
use std::path::Path;

const BASE: &str = include_str!("fixtures/diff/base.policy");
const FIXTURES: &str = "tests/fixtures/diff";

fn compiled(text: &str) -> Policy {
    let file = SourceFile::new("t.policy", text);
    let compiled = policyc::compile(&file);
    compiled.policy.unwrap_or_else(|| {
        panic!(
            "{}",
            report::format(&file, &compiled.diagnostics, MessageFormat::Human, false)
        )
    })
}

/// The base policy with each `(from, to)` replaced; each `from` must occur
/// exactly once.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` once in base.policy"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// The changes from the base to the edited version (`Forward`), or back
/// (`Back`: what the edit adds, it removes).
#[derive(Clone, Copy)]
enum Way {
    Forward,
    Back,
}

fn changes(edits: &[(&str, &str)], way: Way) -> Vec<Change> {
    let (base, edited) = (compiled(BASE), compiled(&edited(edits)));
    match way {
        Way::Forward => diff(&base, &edited),
        Way::Back => diff(&edited, &base),
    }
}

/// Asserts the edit gives exactly one change, of this path, action and
/// class, and returns it.
fn one(edits: &[(&str, &str)], way: Way, path: &str, action: Action, class: Class) -> Change {
    let found = changes(edits, way);
    assert_eq!(found.len(), 1, "one change expected: {found:#?}");
    let change = found.into_iter().next().unwrap();
    assert_eq!(
        (change.path.as_str(), change.change, change.class),
        (path, action, class),
        "{change:#?}"
    );
    change
}

/// The value's notation, for short assertions.
fn shown(value: &Option<policyc::diff::Value>) -> Option<String> {
    value.as_ref().map(|v| v.notation())
}

/// One test a change: `name: edits, way => path action class`.
macro_rules! cases {
    ($($name:ident: [$(($from:expr, $to:expr)),+ $(,)?] $way:ident => $path:literal $action:ident $class:ident;)+) => {
        $(
            #[test]
            fn $name() {
                one(&[$(($from, $to)),+], Way::$way, $path, Action::$action, Class::$class);
            }
        )+
    };
}

cases! {
    title_changed: [("\"Privacy Policy\" {", "\"Privacy Notice\" {")] Forward => "policy.title" Changed Minor;
    effective_date_changed: [("effective = 2024-01-01", "effective = 2023-12-01")] Forward => "policy.effective" Changed Minor;
    updated_date_changed: [("updated   = 2024-01-01", "updated   = 2024-03-01")] Forward => "policy.updated" Changed Minor;
    version_removed: [("  version   = \"1.0\"\n", "")] Forward => "policy.version" Removed Minor;
    version_added: [("  version   = \"1.0\"\n", "")] Back => "policy.version" Added Minor;
    org_renamed: [("\"Acme Ltd\"", "\"Acme Holdings Ltd\"")] Forward => "org.name" Changed Material;
    org_registration_changed: [("\"01234567\"", "\"07654321\"")] Forward => "org.registration" Changed Material;
    org_address_changed: [("1 Main Street", "2 High Street")] Forward => "org.address" Changed Minor;
    org_website_removed: [("    website      = \"https://acme.example\"\n", "")] Forward => "org.website" Removed Minor;
    contact_phone_removed: [("    phone = \"+44 20 7946 0000\"\n", "")] Forward => "contact.phone" Removed Material;
    contact_phone_added: [("    phone = \"+44 20 7946 0000\"\n", "")] Back => "contact.phone" Added Minor;
    contact_email_changed: [("email = \"privacy@acme.example\"", "email = \"data@acme.example\"")] Forward => "contact.email" Changed Minor;
    officer_removed: [("    officer dpo {\n      name  = \"Jane Doe\"\n      email = \"dpo@acme.example\"\n    }\n", "")] Forward => "officer" Removed Material;
    officer_added: [("    officer dpo {\n      name  = \"Jane Doe\"\n      email = \"dpo@acme.example\"\n    }\n", "")] Back => "officer" Added Minor;
    officer_email_removed: [("      email = \"dpo@acme.example\"\n", "")] Forward => "officer.email" Removed Material;
    officer_renamed: [("\"Jane Doe\"", "\"John Roe\"")] Forward => "officer.name" Changed Minor;
    category_added: [("data     = [name, email]", "data     = [name, email, phone]")] Forward => "collection.data" Added Material;
    category_removed: [("data     = [name, email]", "data     = [name, email, phone]")] Back => "collection.data" Removed Minor;
    purpose_new_to_the_policy: [("purposes = [security]", "purposes = [security, analytics]")] Forward => "collection.purposes" Added Material;
    purpose_dropped: [("purposes = [security]", "purposes = [security, analytics]")] Back => "collection.purposes" Removed Minor;
    source_added: [("from     = device", "from     = [device, third-party \"LinkedIn\"]")] Forward => "collection.sources" Added Material;
    basis_changed: [("basis    = legitimate-interests \"keeping the service secure\"", "basis    = consent")] Forward => "collection.basis" Changed Material;
    basis_interest_reworded: [("\"keeping the service secure\"", "\"keeping our service secure\"")] Forward => "collection.basis" Changed Minor;
    data_becomes_linked: [("      linked   = false\n", "      linked   = true\n")] Forward => "collection.linked" Changed Material;
    data_no_longer_linked: [("      linked   = false\n", "      linked   = true\n")] Back => "collection.linked" Changed Minor;
    not_tracking_withdrawn: [("      tracking = false\n", "")] Forward => "collection.tracking" Removed Material;
    recipient_added: [("    recipient authority\n", "    recipient authority\n    recipient processor \"Mailgun\" { data = [email] }\n")] Forward => "recipient" Added Material;
    recipient_removed: [("    recipient authority\n", "    recipient authority\n    recipient processor \"Mailgun\" { data = [email] }\n")] Back => "recipient" Removed Minor;
    recipient_receives_more: [("      data     = [email]\n      purposes = [payment]", "      data     = [email, name]\n      purposes = [payment]")] Forward => "recipient.data" Added Material;
    recipient_for_a_new_purpose: [("purposes = [payment]", "purposes = [payment, fraud-prevention]")] Forward => "recipient.purposes" Added Material;
    not_a_sale_withdrawn: [("      sale     = false\n", "")] Forward => "recipient.sale" Removed Material;
    retention_longer: [("period = P90D", "period = P1Y")] Forward => "retention.period" Changed Material;
    retention_shorter: [("period = P90D", "period = P30D")] Forward => "retention.period" Changed Minor;
    retention_until_an_event: [("period = P90D", "period = until \"you close your account\"")] Forward => "retention.period" Changed Material;
    retention_as_long_as_necessary: [("period = P90D", "period = as-long-as-necessary")] Forward => "retention.period" Changed Material;
    retention_rule_removed: [("    retain { data = [name, email]  period = until \"you close your account\" }\n", "")] Forward => "retention" Removed Material;
    retention_rule_added: [("    retain { data = [name, email]  period = until \"you close your account\" }\n", "")] Back => "retention" Added Minor;
    retention_covers_more: [("data = [ip-address]  period = P90D", "data = [ip-address, email]  period = P90D")] Forward => "retention.data" Added Material;
    transfer_to_a_new_country: [("to        = [US]", "to        = [US, IN]")] Forward => "transfer.to" Added Material;
    transfer_destination_dropped: [("to        = [US]", "to        = [US, IN]")] Back => "transfer.to" Removed Minor;
    safeguard_weaker: [("safeguard = standard-contractual-clauses", "safeguard = consent")] Forward => "transfer.safeguard" Changed Material;
    safeguard_stronger: [("safeguard = standard-contractual-clauses", "safeguard = adequacy")] Forward => "transfer.safeguard" Changed Minor;
    safeguard_removed: [("      safeguard = standard-contractual-clauses\n", "")] Forward => "transfer.safeguard" Removed Material;
    transfer_sends_more: [("      data      = [email]\n", "      data      = [email, name]\n")] Forward => "transfer.data" Added Material;
    minimum_age_lower: [("minimum-age = 16", "minimum-age = 13")] Forward => "children.minimum-age" Changed Material;
    minimum_age_higher: [("minimum-age = 16", "minimum-age = 18")] Forward => "children.minimum-age" Changed Minor;
    parental_consent_given: [("parental-consent = false", "parental-consent = true")] Forward => "children.parental-consent" Changed Material;
    analytics_cookie_added: [("    cookie \"_ga\" {", "    cookie \"_gid\" { provider = \"Google\"  party = third  purpose = analytics  duration = P1D }\n    cookie \"_ga\" {")] Forward => "cookie" Added Material;
    necessary_cookie_added: [("    cookie \"_ga\" {", "    cookie \"csrf\" { party = first  purpose = strictly-necessary  duration = session }\n    cookie \"_ga\" {")] Forward => "cookie" Added Minor;
    cookie_removed: [("    cookie \"_ga\" {", "    cookie \"_gid\" { provider = \"Google\"  party = third  purpose = analytics  duration = P1D }\n    cookie \"_ga\" {")] Back => "cookie" Removed Minor;
    cookie_for_advertising: [("purpose  = analytics", "purpose  = advertising")] Forward => "cookie.purpose" Changed Material;
    cookie_for_preferences: [("purpose  = analytics", "purpose  = preferences")] Forward => "cookie.purpose" Changed Minor;
    cookie_lives_longer: [("duration = P1Y", "duration = P2Y")] Forward => "cookie.duration" Changed Material;
    cookie_becomes_third_party: [("party = first", "party = third")] Forward => "cookie.party" Changed Material;
    cookie_provider_changed: [("provider = \"Google\"", "provider = \"Plausible\"")] Forward => "cookie.provider" Changed Material;
    cookie_type_changed: [("      provider = \"Google\"\n", "      type     = pixel\n      provider = \"Google\"\n")] Forward => "cookie.type" Changed Minor;
    right_removed: [("    right complaint\n", "")] Forward => "right" Removed Material;
    right_added: [("    right complaint\n", "")] Back => "right" Added Minor;
    way_to_exercise_a_right_removed: [("via = [email, url]", "via = [email]")] Forward => "right.via" Removed Material;
    response_time_longer: [("response-time = P30D", "response-time = P45D")] Forward => "right.response-time" Changed Material;
    response_time_shorter: [("response-time = P30D", "response-time = P14D")] Forward => "right.response-time" Changed Minor;
    security_measure_removed: [("measures = [encryption-in-transit, access-control]", "measures = [encryption-in-transit]")] Forward => "security.measures" Removed Material;
    security_measure_added: [("measures = [encryption-in-transit, access-control]", "measures = [encryption-in-transit]")] Back => "security.measures" Added Minor;
    announcement_channel_removed: [("announced = [policy-page, email]", "announced = [policy-page]")] Forward => "changes.announced" Removed Material;
    gpc_no_longer_honoured: [("gpc = honoured", "gpc = not-honoured")] Forward => "signals.gpc" Changed Material;
    do_not_track_honoured: [("do-not-track = not-honoured", "do-not-track = honoured")] Forward => "signals.do-not-track" Changed Minor;
    starts_selling: [("sale { sells = false", "sale { sells = true")] Forward => "sale.sells" Changed Material;
    stops_selling: [("sale { sells = false", "sale { sells = true")] Back => "sale.sells" Changed Minor;
    term_changed: [("\"the Acme app\"", "\"the Acme app and website\"")] Forward => "term.value" Changed Minor;
    definition_added: [("  term Service", "  define \"Personal data\" = \"information about you\"\n  term Service")] Forward => "definition" Added Minor;
    sentence_reworded: [("to run the service and", "to provide the service and")] Forward => "section.text" Changed Minor;
    section_added: [("  section contact \"Contact\" {", "  section \"Complaints\" { text \"Tell us first.\" }\n  section contact \"Contact\" {")] Forward => "section" Added Minor;
    section_removed: [("  section contact \"Contact\" {", "  section \"Complaints\" { text \"Tell us first.\" }\n  section contact \"Contact\" {")] Back => "section" Removed Minor;
}

#[test]
fn identical_policies_have_no_changes() {
    assert_eq!(changes(&[], Way::Forward), Vec::new());
}

#[test]
fn a_change_says_its_values_item_section_and_place() {
    let change = one(
        &[("period = P90D", "period = P1Y")],
        Way::Forward,
        "retention.period",
        Action::Changed,
        Class::Material,
    );
    assert_eq!(shown(&change.old).as_deref(), Some("P90D"));
    assert_eq!(shown(&change.new).as_deref(), Some("P1Y"));
    assert_eq!(change.item.as_deref(), Some("logs"));
    assert_eq!(change.section.as_deref(), Some("How long we keep it"));
    assert_eq!(change.kind, Kind::Fact);
    let at = change.at.expect("the new side's place");
    assert_eq!(
        &edited(&[("period = P90D", "period = P1Y")])[at.start..at.end],
        "P1Y"
    );
}

#[test]
fn a_purpose_new_to_a_category_but_not_the_policy_is_said_for_the_category() {
    let change = one(
        &[(
            "purposes = [security]",
            "purposes = [security, account-management]",
        )],
        Way::Forward,
        "collection.purposes",
        Action::Added,
        Class::Material,
    );
    assert_eq!(change.item.as_deref(), Some("ip-address"));
    assert_eq!(shown(&change.new).as_deref(), Some("account-management"));
}

#[test]
fn a_basis_changed_is_said_for_each_category() {
    let found = changes(
        &[("basis    = contract", "basis    = consent")],
        Way::Forward,
    );
    let items: Vec<_> = found.iter().map(|c| c.item.as_deref()).collect();
    assert_eq!(items, [Some("name"), Some("email")]);
    assert!(
        found
            .iter()
            .all(|c| c.class == Class::Material && c.path == "collection.basis")
    );
}

#[test]
fn a_retention_is_paired_by_its_data_when_its_id_is_new() {
    let edits = [(
        "retain { data = [name, email]  period = until \"you close your account\" }",
        "retain { id = \"account\"  data = [email, name]  period = P2Y }",
    )];
    let change = one(
        &edits,
        Way::Forward,
        "retention.period",
        Action::Changed,
        Class::Minor,
    );
    assert_eq!(change.item.as_deref(), Some("account"));
}

#[test]
fn children_no_longer_declared_is_material() {
    let edits = [
        (
            "    text \"The service is not for children under ${children.minimum-age}.\"\n",
            "",
        ),
        (
            "    children { minimum-age = 16  parental-consent = false }\n",
            "",
        ),
    ];
    let facts: Vec<_> = changes(&edits, Way::Forward)
        .into_iter()
        .filter(|c| c.kind == Kind::Fact)
        .map(|c| (c.path, c.change, c.class))
        .collect();
    assert_eq!(
        facts,
        [
            (
                "children.minimum-age".to_string(),
                Action::Removed,
                Class::Material
            ),
            (
                "children.parental-consent".to_string(),
                Action::Removed,
                Class::Material
            ),
        ]
    );
}

#[test]
fn a_moved_section_is_one_change_and_its_neighbours_stay() {
    let text = fs::read_to_string(Path::new(FIXTURES).join("changelog.policy")).unwrap();
    let found = diff(&compiled(BASE), &compiled(&text));
    let moved: Vec<_> = found.iter().filter(|c| c.kind == Kind::Moved).collect();
    assert_eq!(moved.len(), 1, "{moved:#?}");
    assert_eq!(moved[0].section.as_deref(), Some("Cookies"));
    assert_eq!(
        (shown(&moved[0].old), shown(&moved[0].new)),
        (Some("6".to_string()), Some("5".to_string()))
    );
    assert_eq!(moved[0].class, Class::Minor);
}

#[test]
fn a_section_moved_under_another_keeps_its_text_and_says_it_moved() {
    let edits = [
        (
            "  section security \"Security\" {\n    text \"We encrypt your data in transit and limit who can see it.\"\n    security { measures = [encryption-in-transit, access-control] }\n  }\n",
            "",
        ),
        (
            "    right complaint\n  }\n",
            "    right complaint\n    section security \"Security\" {\n      text \"We encrypt your data in transit and limit who can see it.\"\n      security { measures = [encryption-in-transit, access-control] }\n    }\n  }\n",
        ),
    ];
    let found = changes(&edits, Way::Forward);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].kind, found[0].section.as_deref()),
        (Kind::Moved, Some("Security"))
    );
    assert_eq!(shown(&found[0].new).as_deref(), Some("7.1"));
}

#[test]
fn a_section_retitled_without_an_id_is_paired_by_its_text() {
    let found = changes(
        &[("\"How we use it\"", "\"How we use your data\"")],
        Way::Forward,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].path.as_str(), found[0].change),
        ("section.title", Action::Changed)
    );
    assert_eq!(
        shown(&found[0].new).as_deref(),
        Some("How we use your data")
    );
}

#[test]
fn a_reworded_sentence_is_a_word_diff_with_context() {
    let change = one(
        &[("to run the service and", "to provide the service and")],
        Way::Forward,
        "section.text",
        Action::Changed,
        Class::Minor,
    );
    assert_eq!(change.section.as_deref(), Some("How we use it"));
    let json = serde_json::to_value(&change).unwrap();
    assert_eq!(
        json["diff"],
        "We use your data to [-run-]{+provide+} the service and to keep it …"
    );
}

#[test]
fn a_sharing_both_for_the_recipient_and_the_policy_is_two_material_changes() {
    let edits = [
        ("      sharing  = false\n", "      sharing  = true\n"),
        ("shares = false", "shares = true"),
    ];
    let found: Vec<_> = changes(&edits, Way::Forward)
        .into_iter()
        .map(|c| (c.path, c.change, c.class))
        .collect();
    assert_eq!(
        found,
        [
            (
                "recipient.sharing".to_string(),
                Action::Changed,
                Class::Material
            ),
            ("sale.shares".to_string(), Action::Changed, Class::Material),
        ]
    );
}

#[test]
fn reflowed_prose_is_no_change() {
    let edits = [(
        "text \"We use your data to run the service and to keep it secure.\"",
        "text \"\"\"\n      We use your data to run the service\n      and to keep it secure.\n      \"\"\"",
    )];
    assert_eq!(changes(&edits, Way::Forward), Vec::new());
}

#[test]
fn every_path_the_diff_reports_has_a_row_in_the_table() {
    let text = fs::read_to_string(Path::new(FIXTURES).join("changelog.policy")).unwrap();
    let found = diff(&compiled(BASE), &compiled(&text));
    for change in &found {
        assert!(
            policyc::diff::classify::rule(&change.path).is_some(),
            "{}",
            change.path
        );
    }
}

#[test]
fn docs_diff_md_shows_the_classification_table() {
    let doc = fs::read_to_string("docs/diff.md").unwrap();
    let table = policyc::diff::classify::markdown_table();
    assert!(
        doc.contains(&table),
        "docs/diff.md is out of date; its table should read:\n{table}"
    );
}

// The command.

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}.policy")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = policyc().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_new_category_is_material_and_fails_with_fail_on_material() {
    let (code, out, err) = run(&[
        "diff",
        "--fail-on",
        "material",
        &fixture("base"),
        &fixture("new-category"),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("material  collection.data: added {+phone+}  (in What we collect)"),
        "{out}"
    );
    assert!(out.ends_with("\n1 material, 0 minor changes\n"), "{out}");
    assert!(
        err.contains("material changes found and `--fail-on material` given"),
        "{err}"
    );
    let (code, _, _) = run(&["diff", &fixture("base"), &fixture("new-category")]);
    assert_eq!(code, 0, "without --fail-on, changes are no failure");
}

#[test]
fn a_reworded_sentence_is_minor_and_passes_fail_on_material() {
    let (code, out, _) = run(&[
        "diff",
        "--fail-on",
        "material",
        &fixture("base"),
        &fixture("reworded"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "Text\n  § How we use it\n      We use your data to [-run-]{+provide+} the service and to keep it …\n\n0 material, 1 minor change\n"
    );
    let (code, _, err) = run(&[
        "diff",
        "--fail-on",
        "any",
        &fixture("base"),
        &fixture("reworded"),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("`--fail-on any`"), "{err}");
}

#[test]
fn identical_inputs_print_no_changes_and_exit_0() {
    let (code, out, _) = run(&[
        "diff",
        "--fail-on",
        "any",
        &fixture("base"),
        &fixture("base"),
    ]);
    assert_eq!((code, out.as_str()), (0, "no changes\n"));
}

#[test]
fn json_lines_parse_one_change_each_with_the_new_place() {
    let (code, out, err) = run(&[
        "diff",
        "--message-format",
        "json",
        &fixture("base"),
        &fixture("changelog"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("4 material, 6 minor changes"), "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 10);
    for line in &lines {
        for key in ["kind", "class", "path", "change", "old", "new", "section"] {
            assert!(line.get(key).is_some(), "{key} in {line}");
        }
    }
    let category = lines
        .iter()
        .find(|l| l["path"] == "collection.data")
        .unwrap();
    assert_eq!(category["class"], "material");
    assert_eq!(category["new"], "phone");
    assert_eq!(category["file"], fixture("changelog"));
    assert_eq!(category["line"], 30);
    let moved = lines.iter().find(|l| l["kind"] == "moved").unwrap();
    assert_eq!((&moved["old"], &moved["new"]), (&"6".into(), &"5".into()));
}

#[test]
fn markdown_changelog_entry() {
    let (code, out, err) = run(&[
        "diff",
        "--format",
        "md",
        &fixture("base"),
        &fixture("changelog"),
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("markdown_changelog_entry", out);
}

#[test]
fn github_annotations_warn_of_material_changes() {
    let (_, out, _) = run(&[
        "diff",
        "--message-format",
        "github",
        &fixture("base"),
        &fixture("new-category"),
    ]);
    assert_eq!(
        out,
        format!(
            "::warning file={},line=30,title=material change::collection.data: added {{+phone+}}\n",
            fixture("new-category")
        )
    );
}

#[test]
fn a_version_that_does_not_compile_is_reported_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.policy");
    fs::write(&broken, BASE.replace("period = P90D", "period = 90 days")).unwrap();
    let out = policyc()
        .arg("diff")
        .arg(fixture("base"))
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error[E0"), "{err}");
    assert!(err.contains("has errors; nothing was compared"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unreadable_file_exits_2() {
    let (code, _, err) = run(&["diff", &fixture("base"), "no/such.policy"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[E0001]: cannot read `no/such.policy`"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["diff", "only-one.policy"][..],
        &[
            "diff",
            "--format",
            "md",
            "--message-format",
            "json",
            "a",
            "b",
        ],
        &["diff", "HEAD", "--", "a.policy", "b.policy"],
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
}

// The git form.

/// A repository whose `policies/privacy.policy` is base.policy at `HEAD~1`
/// and new-category.policy at `HEAD`, with a reworded working copy.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    fs::create_dir(root.join("policies")).unwrap();
    let file = root.join("policies/privacy.policy");
    fs::write(&file, BASE).unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    fs::write(&file, fs::read_to_string(fixture("new-category")).unwrap()).unwrap();
    git(root, &["commit", "-q", "-a", "-m", "second"]);
    let reworded = fs::read_to_string(fixture("new-category"))
        .unwrap()
        .replace("to run the service and", "to provide the service and");
    fs::write(&file, reworded).unwrap();
    dir
}

#[test]
fn two_revisions_of_a_file_are_compared() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let repo = repository();
    let out = policyc()
        .current_dir(repo.path().join("policies"))
        .args([
            "diff",
            "--fail-on",
            "material",
            "HEAD~1",
            "HEAD",
            "--",
            "privacy.policy",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("collection.data: added {+phone+}"),
        "{stdout}"
    );
    let json = policyc()
        .current_dir(repo.path())
        .args([
            "diff",
            "--message-format",
            "json",
            "HEAD~1",
            "HEAD",
            "--",
            "policies/privacy.policy",
        ])
        .output()
        .unwrap();
    let line: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(line["file"], "HEAD:policies/privacy.policy");
}

#[test]
fn one_revision_is_compared_with_the_working_tree() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let repo = repository();
    let out = policyc()
        .current_dir(repo.path())
        .args(["diff", "HEAD", "--", "policies/privacy.policy"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("[-run-]{+provide+}"), "{stdout}");
    assert!(stdout.ends_with("0 material, 1 minor change\n"), "{stdout}");
}

#[test]
fn git_problems_are_said_and_exit_2() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let repo = repository();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("p.policy"), BASE).unwrap();
    let cases: [(&Path, &[&str], &str); 4] = [
        (
            repo.path(),
            &["no-such-rev", "--", "policies/privacy.policy"],
            "unknown revision `no-such-rev`",
        ),
        (
            repo.path(),
            &["HEAD~1", "HEAD", "--", "policies/missing.policy"],
            "`policies/missing.policy` does not exist at `HEAD~1`",
        ),
        (
            repo.path(),
            &["HEAD", "--", "policies"],
            "`policies` is not a file at `HEAD`",
        ),
        (
            outside.path(),
            &["HEAD", "--", "p.policy"],
            "is not in a git repository",
        ),
    ];
    for (dir, args, message) in cases {
        let out = policyc()
            .current_dir(dir)
            .arg("diff")
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let out = policyc()
        .current_dir(repo.path())
        .env("PATH", "")
        .args(["diff", "HEAD", "--", "policies/privacy.policy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("the `git` command was not found")
    );
}

#[test]
fn clause_files_are_read_from_the_same_revision() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    fs::create_dir_all(root.join("policies/clauses")).unwrap();
    let policy = BASE.replace(
        "    recipient authority\n",
        "    include \"clauses/recipients.clause\"\n",
    );
    fs::write(root.join("policies/privacy.policy"), &policy).unwrap();
    fs::write(
        root.join("policies/clauses/recipients.clause"),
        "recipient authority\n",
    )
    .unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    fs::write(
        root.join("policies/clauses/recipients.clause"),
        "recipient authority\nrecipient processor \"Mailgun\" { data = [email] }\n",
    )
    .unwrap();
    git(root, &["commit", "-q", "-a", "-m", "second"]);
    let out = policyc()
        .current_dir(root)
        .args(["diff", "HEAD~1", "HEAD", "--", "policies/privacy.policy"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("recipient: added {+processor \"Mailgun\"+}"),
        "{stdout}"
    );
}

#[test]
fn a_section_with_an_id_is_paired_by_it_whatever_its_title_and_text() {
    let with_id = |title: &str, text: &str| {
        edited(&[(
            "  section cookies \"Cookies\" {\n    text \"We use a session cookie, and an analytics cookie.\"",
            &format!("  section cookies \"{title}\" {{\n    id = \"cookies\"\n    text \"{text}\""),
        )])
    };
    let old = compiled(&with_id(
        "Cookies",
        "We use a session cookie, and an analytics cookie.",
    ));
    let new = compiled(&with_id("Trackers", "Two small files remember you."));
    let found: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.path, c.section))
        .collect();
    let trackers = Some("Trackers".to_string());
    assert_eq!(
        found,
        [
            ("section.title".to_string(), trackers.clone()),
            ("section.text".to_string(), trackers)
        ]
    );
}
