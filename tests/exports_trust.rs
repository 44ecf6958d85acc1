//! Every export says only what the policy says (issue 16): one test per
//! defect of the Apple privacy manifest and the site's `gpc.json`, each of
//! which failed before its fix, and the build's reports of what a format
//! being built needs (E0313) or leaves out (W0005).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use policyc::diagnostic::{Code, Diagnostic, Severity};
use policyc::driver::{Format, export_gaps, site_gaps};
use policyc::export::{apple, appstore, gpc};
use policyc::model::Policy;
use policyc::source::SourceFile;
use std::fs;

/// A valid policy whose collection section holds `COLLECT` and whose
/// sharing section holds `FACTS`.
const POLICY: &str = r#"policy privacy "P" {
  id = "ID"
  effective = 2024-01-01
  org { name = "O" }
  contact { email = "a@example.com" }
  section collection "C" {
    text "x"
    COLLECT
  }
  section use "U" { text "x" }
  section sharing "S" { text "x" FACTS }
  section contact "K" { contact-block }
}"#;

fn text(id: &str, collect: &str, facts: &str) -> String {
    POLICY
        .replace("ID", id)
        .replace("COLLECT", collect)
        .replace("FACTS", facts)
}

fn compile(id: &str, collect: &str, facts: &str) -> Policy {
    let compiled = policyc::compile(&SourceFile::new("p.policy", text(id, collect, facts)));
    compiled
        .policy
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics))
}

/// The value after `<key>KEY</key>` in each place it occurs.
fn values_of(xml: &str, key: &str) -> Vec<String> {
    let marker = format!("<key>{key}</key>");
    xml.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &xml[at + marker.len()..];
            rest.trim_start().lines().next().unwrap().trim().to_string()
        })
        .collect()
}

/// Only the errors: what refuses the build.
fn errors(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found.into_iter().filter(Diagnostic::is_error).collect()
}

fn codes(found: &[Diagnostic]) -> Vec<(Code, Severity)> {
    found.iter().map(|d| (d.code, d.severity)).collect()
}

/// Defect: `NSPrivacyCollectedDataTypeLinked` was written `false` when the
/// policy said nothing; Apple presumes collected data is linked unless it
/// is de-identified, so unsaid is `true`.
#[test]
fn unstated_linked_is_apples_presumption_not_false() {
    let policy = compile(
        "a",
        "collect { data = [email] purposes = [service-provision] tracking = false }",
        "",
    );
    let xml = apple::render(&policy);
    assert_eq!(
        values_of(&xml, "NSPrivacyCollectedDataTypeLinked"),
        ["<true/>"]
    );
    // Stated, it is the fact.
    let stated = compile(
        "a",
        "collect { data = [email] purposes = [service-provision] tracking = false linked = false }",
        "",
    );
    let xml = apple::render(&stated);
    assert_eq!(
        values_of(&xml, "NSPrivacyCollectedDataTypeLinked"),
        ["<false/>"]
    );
}

/// Defect: `NSPrivacyCollectedDataTypeTracking` was written `false` when
/// the policy said nothing. Now no `false` is written, and building the
/// manifest is refused at the `collect`, naming `tracking`.
#[test]
fn unstated_tracking_is_never_false_and_refuses_the_manifest() {
    let policy = compile(
        "a",
        "collect { data = [email] purposes = [service-provision] }",
        "",
    );
    let xml = apple::render(&policy);
    assert!(values_of(&xml, "NSPrivacyCollectedDataTypeTracking").is_empty());
    let found = errors(export_gaps(&policy, &[Format::Xcprivacy]));
    assert_eq!(codes(&found), [(Code::ExportNeedsFact, Severity::Error)]);
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("tracking = false")
    );
    assert!(found[0].span.is_some(), "located at the collect");
    // Never for formats not being built (the App Store label asks the same,
    // and Play's form asks its own questions of the same `collect`).
    let others: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|f| !matches!(f, Format::Xcprivacy | Format::Appstore | Format::Play))
        .collect();
    assert!(export_gaps(&policy, &others).is_empty());
}

/// Defect: `NSPrivacyTracking = true` with an empty
/// `NSPrivacyTrackingDomains` (Apple requires at least one domain). Now the
/// domains come from `tracking-domains`, and tracking without them is a
/// located error naming the setting.
#[test]
fn tracking_needs_tracking_domains() {
    let bare = compile(
        "a",
        "collect { data = [device-id] purposes = [targeted-advertising] tracking = true }",
        "",
    );
    let found = errors(export_gaps(&bare, &[Format::Xcprivacy]));
    assert_eq!(codes(&found), [(Code::ExportNeedsFact, Severity::Error)]);
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("tracking-domains")
    );
    let source = text(
        "a",
        "collect { data = [device-id] purposes = [targeted-advertising] tracking = true }",
        "",
    );
    let at = found[0].span.unwrap();
    assert_eq!(
        &source[at.start..at.end],
        "true",
        "located on the tracking value"
    );

    let with = compile(
        "a",
        r#"collect { data = [device-id] purposes = [targeted-advertising] tracking = true
             tracking-domains = ["Ads.Example.com", "t.example.net"] }"#,
        "",
    );
    assert!(errors(export_gaps(&with, &[Format::Xcprivacy])).is_empty());
    let xml = apple::render(&with);
    assert!(xml.contains(
        "<key>NSPrivacyTrackingDomains</key>\n\t<array>\n\t\t<string>ads.example.com</string>\n\t\t<string>t.example.net</string>\n\t</array>"
    ));
}

/// `tracking-domains` are domain names, validated when lowered: a web
/// address is refused with its host as the suggestion.
#[test]
fn tracking_domains_are_domain_names() {
    let source = text(
        "a",
        r#"collect { data = [device-id] purposes = [analytics] tracking = true
             tracking-domains = ["https://ads.example.com/p"] }"#,
        "",
    );
    let compiled = policyc::compile(&SourceFile::new("p.policy", source));
    let refused: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::InvalidValue)
        .collect();
    assert_eq!(refused.len(), 1, "{:?}", compiled.diagnostics);
    assert_eq!(
        refused[0].help.as_deref(),
        Some("did you mean `ads.example.com`?")
    );
}

/// Defect: a `collect` without purposes wrote
/// `NSPrivacyCollectedDataTypePurposes = []`. Now building the manifest is
/// refused at that `collect`, naming `purposes`.
#[test]
fn a_collect_without_purposes_refuses_the_manifest() {
    let policy = compile("a", "collect { data = [email] tracking = false }", "");
    let found = errors(export_gaps(&policy, &[Format::Xcprivacy]));
    assert_eq!(codes(&found), [(Code::ExportNeedsFact, Severity::Error)]);
    assert!(found[0].message.contains("purposes"));
}

/// Defect: where data comes from was ignored. Apple's "collect" is
/// transmitting data off the device, so data the policy says comes only
/// from third parties or public sources is not in the app's manifest;
/// data from the person or the device, or from no source said, is.
#[test]
fn data_only_from_others_is_not_the_apps_collection() {
    let policy = compile(
        "a",
        r#"collect { data = [photo] from = [third-party "Google", public]
                     purposes = [authentication] tracking = false }
           collect { data = [email] from = [person, public]
                     purposes = [service-provision] tracking = false }"#,
        "",
    );
    let xml = apple::render(&policy);
    assert!(!xml.contains("PhotosorVideos"), "{xml}");
    assert!(
        xml.contains("NSPrivacyCollectedDataTypeEmailAddress"),
        "{xml}"
    );
}

/// Defect: `gpc.json` said `{"gpc": true}` for a site whose other policy
/// said nothing about GPC. A silent policy now means no file, and a build
/// of `gpc` says which policy is silent.
#[test]
fn gpc_is_never_true_while_a_policy_is_silent() {
    let collect = "collect { data = [email] purposes = [service-provision] tracking = false }";
    let honours = compile("a", collect, "signals { gpc = honoured }");
    let silent = compile("b", collect, "");
    assert!(gpc::render(&[&honours]).unwrap().contains("\"gpc\": true"));
    assert_eq!(gpc::render(&[&honours, &silent]), None);
    let found = site_gaps(&[&honours, &silent], &[Format::Gpc]);
    assert!(found[0].is_empty());
    assert_eq!(
        codes(&found[1]),
        [(Code::ExportIncomplete, Severity::Warning)]
    );
    // With `html` the file is a bonus: nothing to report.
    assert!(
        site_gaps(&[&honours, &silent], &[Format::Html])
            .concat()
            .is_empty()
    );
}

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

/// Defect: nothing at build time said an export was incomplete. Now
/// `build` reports it for the formats being built only, refuses on E0313,
/// and `--deny-warnings` refuses W0005; `check` reports neither.
#[test]
fn build_reports_what_only_the_formats_built_need() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("p.policy");
    fs::write(&source, text("a", "collect { data = [email] }", "")).unwrap();
    let out = dir.path().join("out");
    let run = |args: &[&str]| {
        policyc()
            .arg("build")
            .arg(&source)
            .arg("--out")
            .arg(&out)
            .args(args)
            .output()
            .unwrap()
    };
    let refused = run(&["--format", "xcprivacy"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("error[E0313]"), "{stderr}");
    assert!(stderr.contains("p.policy:"), "located: {stderr}");
    assert!(!out.join("a").exists(), "nothing written");

    let html = run(&["--format", "html,json"]);
    assert!(html.status.success());
    assert!(!String::from_utf8_lossy(&html.stderr).contains("E0313"));

    let warned = run(&["--format", "gpc"]);
    assert!(warned.status.success());
    assert!(String::from_utf8_lossy(&warned.stderr).contains("warning[W0005]"));
    let denied = run(&["--format", "gpc", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));

    let check = policyc().arg("check").arg(&source).output().unwrap();
    assert!(check.status.success());
    assert!(!String::from_utf8_lossy(&check.stderr).contains("E0313"));
}

/// Defect: the manifest had no `NSPrivacyAccessedAPITypes`, which almost
/// every app needs. Now `api KIND { reasons = [...] }` facts are listed
/// with Apple's category and reason codes, merged per category; a policy
/// with none gets a warning when the manifest is built, not an empty list.
#[test]
fn required_reason_apis_are_listed_with_apples_codes() {
    let collect = "collect { data = [email] purposes = [service-provision] tracking = false }";
    let apis = r#"api user-defaults { reasons = ["CA92.1"] }
                  api file-timestamp { reasons = ["C617.1"] }
                  api user-defaults { reasons = ["1C8F.1"] }"#;
    let policy = compile("a", collect, apis);
    let xml = apple::render(&policy);
    assert!(
        xml.contains(concat!(
            "\t<key>NSPrivacyAccessedAPITypes</key>\n\t<array>\n",
            "\t\t<dict>\n\t\t\t<key>NSPrivacyAccessedAPIType</key>\n",
            "\t\t\t<string>NSPrivacyAccessedAPICategoryFileTimestamp</string>\n",
            "\t\t\t<key>NSPrivacyAccessedAPITypeReasons</key>\n",
            "\t\t\t<array>\n\t\t\t\t<string>C617.1</string>\n\t\t\t</array>\n\t\t</dict>\n",
            "\t\t<dict>\n\t\t\t<key>NSPrivacyAccessedAPIType</key>\n",
            "\t\t\t<string>NSPrivacyAccessedAPICategoryUserDefaults</string>\n",
            "\t\t\t<key>NSPrivacyAccessedAPITypeReasons</key>\n",
            "\t\t\t<array>\n\t\t\t\t<string>1C8F.1</string>\n\t\t\t\t<string>CA92.1</string>\n",
        )),
        "{xml}"
    );
    assert!(export_gaps(&policy, &[Format::Xcprivacy]).is_empty());

    let none = compile("b", collect, "");
    assert!(!apple::render(&none).contains("NSPrivacyAccessedAPITypes"));
    let found = export_gaps(&none, &[Format::Xcprivacy]);
    assert_eq!(codes(&found), [(Code::ExportIncomplete, Severity::Warning)]);
}

/// `api` categories and reasons are Apple's (vocab/apple-apis.tsv), with
/// "did you mean" for a near miss, each on its own span.
#[test]
fn required_reason_apis_and_reasons_are_checked() {
    let collect = "collect { data = [email] purposes = [service-provision] tracking = false }";
    let source = text(
        "a",
        collect,
        r#"api user-default { reasons = ["CA92.1"] }
           api disk-space { reasons = ["e174.1", "ZZZZ.9"] }"#,
    );
    let compiled = policyc::compile(&SourceFile::new("p.policy", source.clone()));
    let unknown: Vec<(&str, Option<&str>)> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownWord)
        .map(|d| {
            let at = d.span.unwrap();
            (&source[at.start..at.end], d.help.as_deref())
        })
        .collect();
    assert_eq!(unknown.len(), 3, "{:?}", compiled.diagnostics);
    assert_eq!(
        unknown[0],
        ("user-default", Some("did you mean `user-defaults`?"))
    );
    assert_eq!(
        unknown[1],
        ("\"e174.1\"", Some("did you mean `\"E174.1\"`?"))
    );
    assert_eq!(unknown[2].0, "\"ZZZZ.9\"");
    assert!(unknown[2].1.unwrap().contains("`85F4.1`, `E174.1`"));
}

/// The rules fastlane's `upload_app_privacy_details_to_app_store` applies
/// when it reads `app_privacy_details.json`: an array of usages with
/// `category`, `purposes` and `data_protections` (nothing else); a usage
/// without a category only for `DATA_NOT_COLLECTED`; every id one of App
/// Store Connect's (vocab/apple.tsv); linked and not linked never both.
fn assert_fastlane_reads(json: &str, name: &str) {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let usages = value
        .as_array()
        .unwrap_or_else(|| panic!("{name}: an array"));
    let ids = |usage: &serde_json::Value, key: &str| -> Vec<String> {
        usage
            .get(key)
            .map(|v| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|id| id.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    for usage in usages {
        let object = usage.as_object().unwrap();
        for key in object.keys() {
            assert!(
                ["category", "purposes", "data_protections"].contains(&key.as_str()),
                "{name}: key {key}"
            );
        }
        let protections = ids(usage, "data_protections");
        assert!(!protections.is_empty(), "{name}: protections");
        for id in ids(usage, "purposes").iter().chain(&protections) {
            assert!(policyc::vocab::is_app_store_id(id), "{name}: {id}");
        }
        match usage.get("category").and_then(|c| c.as_str()) {
            Some(category) => {
                assert!(
                    policyc::vocab::is_app_store_id(category),
                    "{name}: {category}"
                );
                assert!(!ids(usage, "purposes").is_empty(), "{name}: purposes");
                let both = ["DATA_LINKED_TO_YOU", "DATA_NOT_LINKED_TO_YOU"]
                    .iter()
                    .all(|p| protections.iter().any(|id| id == p));
                assert!(!both, "{name}: linked and not linked");
            }
            None => assert_eq!(protections, ["DATA_NOT_COLLECTED"], "{name}"),
        }
    }
}

/// `--format appstore` writes the App Store label fastlane uploads, from
/// the same facts as the manifest; snapshots read, and every one in the
/// shape fastlane reads.
#[test]
fn app_store_labels_render_as_snapshotted() {
    insta::glob!("..", "{examples,tests/exports}/*.policy", |path| {
        let file = policyc::driver::read_source(path).unwrap();
        let policy = policyc::compile(&file).policy.unwrap();
        let json = appstore::render(&policy).unwrap();
        assert_fastlane_reads(&json, &path.display().to_string());
        insta::assert_snapshot!("appstore", json);
    });
}

/// The label says what the manifest says: linked by Apple's presumption,
/// tracking only as stated, and "not collected" only when every `collect`
/// is of data from others.
#[test]
fn app_store_label_follows_the_facts() {
    let policy = compile(
        "a",
        r#"collect { data = [email] purposes = [service-provision] tracking = false }
           collect { data = [device-id] purposes = [targeted-advertising] linked = false
                     tracking = true tracking-domains = ["ads.example.com"] }"#,
        "",
    );
    let json = appstore::render(&policy).unwrap();
    assert_fastlane_reads(&json, "a");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value,
        serde_json::json!([
            {"category": "DEVICE_ID", "purposes": ["THIRD_PARTY_ADVERTISING"],
             "data_protections": ["DATA_NOT_LINKED_TO_YOU", "DATA_USED_TO_TRACK_YOU"]},
            {"category": "EMAIL_ADDRESS", "purposes": ["APP_FUNCTIONALITY"],
             "data_protections": ["DATA_LINKED_TO_YOU"]}
        ])
    );
    let others = compile(
        "b",
        r#"collect { data = [email] from = public purposes = [research] tracking = false }"#,
        "",
    );
    assert_eq!(
        appstore::render(&others).unwrap(),
        "[\n  {\n    \"data_protections\": [\n      \"DATA_NOT_COLLECTED\"\n    ]\n  }\n]\n"
    );
    let none = compile("c", "", "");
    let found = errors(export_gaps(&none, &[Format::Appstore, Format::Xcprivacy]));
    assert_eq!(
        codes(&found),
        [(Code::ExportNeedsFact, Severity::Error)],
        "said once"
    );
}

/// The new facts are compared by `policyc diff` like every other: a
/// tracking domain added, an `api` added and a reason changed are each a
/// change with its path in docs/diff.md's table.
#[test]
fn diff_sees_tracking_domains_and_required_reason_apis() {
    let collect = |domains: &str| {
        format!(
            r#"collect {{ data = [device-id] purposes = [analytics] tracking = true
                 tracking-domains = [{domains}] }}"#
        )
    };
    let old = compile(
        "a",
        &collect(r#""a.example.com""#),
        r#"api user-defaults { reasons = ["CA92.1"] }"#,
    );
    let new = compile(
        "a",
        &collect(r#""a.example.com", "b.example.com""#),
        r#"api user-defaults { reasons = ["1C8F.1"] }
           api disk-space { reasons = ["E174.1"] }"#,
    );
    let paths: Vec<String> = policyc::diff::diff(&old, &new)
        .into_iter()
        .map(|c| c.path)
        .collect();
    for path in ["collection.tracking-domains", "api.reasons", "api"] {
        assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
    }
}
