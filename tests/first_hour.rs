//! Issue 19, the first hour of a new user: each test names the defect it
//! covers — the `init` starter teaches facts, `policyc rules` keeps its
//! layout for any id length, completions list every closed value set, the
//! page's inserted contact values are links, and the docs match the code.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use std::fs;

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

fn stdout(args: &[&str]) -> String {
    let output = policyc().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// Defect: the starter policy `init` wrote had no facts at all, so a
/// newcomer copying it learnt nothing of what policyc checks. It now
/// declares each kind of fact beside its sentence and still passes
/// `check --deny-warnings`.
#[test]
fn the_starter_declares_facts_and_checks_clean() {
    let scratch = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(scratch.path())
        .args(["init", "x"])
        .assert()
        .success();
    let project = scratch.path().join("x");
    policyc()
        .current_dir(&project)
        .args(["check", "--deny-warnings"])
        .assert()
        .success();
    let policy = fs::read_to_string(project.join("policies/privacy.policy")).unwrap();
    for fact in [
        "collect {",
        "recipient processor",
        "retain {",
        "right access",
        "changes {",
    ] {
        assert!(policy.contains(fact), "the starter lacks `{fact}`");
    }
    // Its JSON carries the facts, so the exports and the data table have
    // something to show.
    let json = stdout(&[
        "build",
        project.join("policies/privacy.policy").to_str().unwrap(),
        "--out",
        scratch.path().join("out").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(json.is_empty(), "{json}");
    let model = fs::read_to_string(scratch.path().join("out/privacy/privacy.json")).unwrap();
    let model: serde_json::Value = serde_json::from_str(&model).unwrap();
    let practices = &model["policy"]["practices"];
    for kind in ["collections", "recipients", "retention", "rights"] {
        let listed = practices[kind].as_array().map_or(0, Vec::len);
        assert!(listed > 0, "no {kind} in {practices}");
    }
}

/// Defect: the generated `policyc.yaml` listed `profiles`, `language` and
/// `site` under "Reserved for later versions" and `clauses/README.md` said
/// `include` was for a later version, though all of them work.
#[test]
fn the_starter_project_file_and_clause_readme_describe_today() {
    let scratch = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(scratch.path())
        .arg("init")
        .assert()
        .success();
    let yaml = fs::read_to_string(scratch.path().join("policyc.yaml")).unwrap();
    assert!(!yaml.to_lowercase().contains("later version"), "{yaml}");
    for key in ["# profiles:", "# language:", "# site:"] {
        assert!(yaml.contains(key), "{key} missing from {yaml}");
    }
    let readme = fs::read_to_string(scratch.path().join("clauses/README.md")).unwrap();
    assert!(!readme.contains("later version"), "{readme}");
    assert!(readme.contains("include \""), "{readme}");
}

/// Defect: `policyc rules` padded ids to 22 characters and citations to
/// 30, so a longer id (`GDPR-13-2-b-rectification`) or citation pushed
/// the rest of its line out of its column. Two lines a rule now: the
/// summary always starts at the same place.
#[test]
fn rules_keep_their_layout_for_any_id_length() {
    let listing = stdout(&["rules"]);
    let mut rules = 0;
    let lines: Vec<&str> = listing.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("  ") && !line.starts_with("   ") {
            rules += 1;
            let summary = lines.get(i + 1).copied().unwrap_or("");
            assert!(
                summary.starts_with("      ") && !summary.starts_with("       "),
                "the summary of `{line}` is not at its place: `{summary}`"
            );
        }
    }
    assert!(rules > 50, "{listing}");
    assert!(listing.contains("  GDPR-13-2-b-rectification  GDPR Art. 13(2)(b); Art. 14(2)(c)\n"));
}

/// Defect: `policyc build --format <TAB>` completed file names: the
/// formats, the profiles and the rule sets are parsed by our own functions,
/// which clap could not list. Every shell's script now lists them.
#[test]
fn completions_list_formats_profiles_and_message_formats() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&["completions", shell]);
        for value in [
            "xcprivacy", // --format
            "coverage",  // --format
            "uk-gdpr",   // --profile, rules PROFILE
            "github",    // --message-format
            "material",  // diff --fail-on
        ] {
            assert!(script.contains(value), "{shell}: `{value}` missing");
        }
    }
    // An unknown format still gets our message, with every format named.
    let output = policyc()
        .args(["build", "--format", "htm"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown format `htm`"), "{stderr}");
    assert_eq!(output.status.code(), Some(2));
}

/// A policy whose prose inserts every kind of linking value: as text, in
/// code, and inside links the author wrote.
const LINKING: &str = r#"policy terms "Terms" {
  id        = "links"
  effective = 2020-01-01
  updated   = 2020-01-01
  org {
    name    = "Example Ltd"
    website = "https://example.com"
  }
  contact {
    email = "privacy@example.com"
    phone = "+44 20 7946 0000"
    url   = "https://example.com/ask?x=1&y=2"
  }
  section contact "Contact" {
    text """
      Write to ${contact.email}, call ${contact.phone}, or see ${org.website}
      and ${contact.url}.

      In code: `${contact.email}`. [Our form](${contact.url}) and
      [${contact.email}](mailto:${contact.email}).
      """
  }
}
"#;

/// Builds `LINKING` as HTML and Markdown and returns both.
fn linking_outputs() -> (String, String) {
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("links.policy");
    fs::write(&file, LINKING).unwrap();
    let out = scratch.path().join("out");
    policyc()
        .args([
            "build",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--format", "html,md"])
        .assert()
        .success();
    let html = fs::read_to_string(out.join("links/index.html")).unwrap();
    let md = fs::read_to_string(out.join("links/links.md")).unwrap();
    (html, md)
}

/// Defect: `${contact.email}`, `${contact.phone}` and `${org.website}`
/// inserted into prose were plain text on the page. They are links now,
/// their targets built from the typed values (`mailto:`, `tel:` with the
/// digits, the address), except inside code and inside a link the author
/// wrote (no link in a link).
#[test]
fn inserted_contact_values_are_links_on_the_page() {
    let (html, _) = linking_outputs();
    for link in [
        r#"Write to <a href="mailto:privacy@example.com">privacy@example.com</a>"#,
        r#"call <a href="tel:+442079460000">+44 20 7946 0000</a>"#,
        r#"see <a href="https://example.com">https://example.com</a>"#,
        r#"and <a href="https://example.com/ask?x=1&amp;y=2">https://example.com/ask?x=1&amp;y=2</a>"#,
        "<code>privacy@example.com</code>",
        r#"<a href="https://example.com/ask?x=1&amp;y=2">Our form</a>"#,
        r#"<a href="mailto:privacy@example.com">privacy@example.com</a>."#,
    ] {
        assert!(html.contains(link), "`{link}` missing from\n{html}");
    }
    assert!(
        !html.contains("<a href=\"mailto:privacy@example.com\"><a"),
        "{html}"
    );
}

/// Defect: the same values were plain text in the `.md` output. They are
/// autolinks now (or an inline link where an autolink could not hold the
/// value), never inside code or a written link; a phone stays text, as in
/// the contact block.
#[test]
fn inserted_contact_values_are_autolinks_in_markdown() {
    let (_, md) = linking_outputs();
    for piece in [
        "Write to <privacy@example.com>, call +44 20 7946 0000, or see <https://example.com>",
        "and [https://example.com/ask?x=1\\&y=2](https://example.com/ask?x=1\\&y=2).",
        "In code: `privacy@example.com`.",
        "[Our form](https://example.com/ask?x=1\\&y=2)",
        "[privacy@example.com](mailto:privacy@example.com).",
    ] {
        assert!(md.contains(piece), "`{piece}` missing from\n{md}");
    }
}

/// Defects of the published page: a category with no recipient read "Not
/// stated" (as if withheld), and the contact block showed both "Website"
/// (the organisation's) and "Web" (the contact's page). An empty cell now
/// says "None named"; the contact's page is "Contact page".
#[test]
fn absent_facts_and_contact_labels_read_well_in_a_published_notice() {
    let scratch = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(scratch.path())
        .arg("init")
        .assert()
        .success();
    let policy = scratch.path().join("policies/privacy.policy");
    let text = fs::read_to_string(&policy).unwrap().replace(
        "    email = \"privacy@example.com\"\n",
        "    email = \"privacy@example.com\"\n    url   = \"https://example.com/ask\"\n",
    );
    fs::write(&policy, text).unwrap();
    policyc()
        .current_dir(scratch.path())
        .args(["build", "--format", "html,md"])
        .assert()
        .success();
    let html = fs::read_to_string(scratch.path().join("site/privacy/index.html")).unwrap();
    let md = fs::read_to_string(scratch.path().join("site/privacy/privacy.md")).unwrap();
    for page in [&html, &md] {
        assert!(!page.contains("Not stated"), "{page}");
        assert!(page.contains("None named"), "{page}");
        assert!(page.contains("Contact page"), "{page}");
        assert!(page.contains("Website"), "{page}");
    }
    assert!(!html.contains("<dt>Web</dt>"), "{html}");
    assert!(!md.contains("\nWeb: "), "{md}");
}

/// Defect: `policyc explain GDPR-13-2-d`'s right example filed the
/// complaint with the company (`via = email`), while its own text says to
/// give the supervisory authority's complaint page.
#[test]
fn the_complaint_rule_example_points_to_the_authority() {
    let explanation = stdout(&["explain", "GDPR-13-2-d"]);
    let right = explanation.split("## Right").nth(1).unwrap();
    assert!(
        right.contains("right complaint { via = [\"https://"),
        "{explanation}"
    );
    assert!(
        !right.contains("right complaint { via = email }"),
        "{right}"
    );
}

/// Defect: docs/compliance.md said only `non-discrimination` may lack a
/// `via`, while a `complaint` passes without one (it is lodged with an
/// authority, not the organisation) and a `restriction` fails under CCPA
/// (a request to the business, § 1798.130(a)(1)). The code is right; the
/// docs now say so, and this keeps the two together.
#[test]
fn which_rights_may_lack_via_matches_the_docs() {
    let example = fs::read_to_string("examples/privacy-gdpr-ccpa.policy").unwrap();
    let complaint_via = "    right complaint {\n      via = [\n        \"https://www.dataprotection.ie\",\n        \"https://www.edpb.europa.eu/about-edpb/about-edpb/members_en\",\n      ]\n    }\n";
    assert!(example.contains(complaint_via));
    let check = |text: String| {
        let scratch = tempfile::tempdir().unwrap();
        let file = scratch.path().join("p.policy");
        fs::write(&file, text).unwrap();
        policyc()
            .args(["check", file.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let without_complaint_via = example.replace(complaint_via, "    right complaint { }\n");
    let output = check(without_complaint_via);
    assert!(output.status.success(), "{output:?}");
    let restriction = "right restriction { via = [url, email, phone] }";
    assert!(example.contains(restriction));
    let output = check(example.replace(restriction, "right restriction { }"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        !output.status.success() && stderr.contains("E0312"),
        "{stderr}"
    );
    let docs = fs::read_to_string("docs/compliance.md").unwrap();
    assert!(
        docs.contains("every right but\n  `non-discrimination` and `complaint` has a `via`"),
        "docs/compliance.md no longer says which rights may lack `via`"
    );
}

/// Defect: `diff --format md`, the changelog entry meant for readers,
/// printed vocabulary ids and ISO durations (`approximate-location`,
/// `P14M → P26M`) under "Material"/"Minor" headings. It now says the
/// vocabulary's words and durations in words, grouped by what changed for
/// the person.
#[test]
fn the_markdown_changelog_speaks_the_readers_words() {
    let scratch = tempfile::tempdir().unwrap();
    let old = fs::read_to_string("examples/privacy-gdpr-ccpa.policy").unwrap();
    let kept =
        "      id     = \"analytics\"\n      data   = [app-interactions]\n      period = P14M\n";
    assert!(old.contains(kept));
    let new = old
        .replace(kept, &kept.replace("P14M", "P26M"))
        .replace(
            "data      = [ip-address, user-agent, device-id]",
            "data      = [ip-address, user-agent, device-id, approximate-location]",
        )
        .replace(
            "data   = [ip-address, user-agent, device-id]",
            "data   = [ip-address, user-agent, device-id, approximate-location]",
        );
    fs::write(scratch.path().join("old.policy"), &old).unwrap();
    fs::write(scratch.path().join("new.policy"), &new).unwrap();
    let output = policyc()
        .current_dir(scratch.path())
        .args(["diff", "--format", "md", "old.policy", "new.policy"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let md = String::from_utf8(output.stdout).unwrap();
    for id in [
        "approximate-location",
        "P14M",
        "P26M",
        "### Material changes",
    ] {
        assert!(!md.contains(id), "`{id}` in\n{md}");
    }
    for words in [
        "### The data collected",
        "added “Approximate location”",
        "### How long it is kept",
        "14 months → 26 months",
    ] {
        assert!(md.contains(words), "`{words}` missing from\n{md}");
    }
}

/// Defect: an imported policy showed its date twice: the "Last updated:
/// 2 April 2024" line stayed in the prose while the page's header showed
/// the lifted date too. A line in the header's words now becomes the
/// `last-updated` line, and the header leaves the date out: once.
#[test]
fn an_imported_last_updated_line_is_shown_once() {
    let scratch = tempfile::tempdir().unwrap();
    let original = "Privacy Notice\n\nLast updated: 2 April 2024\n\n\
        Example Ltd explains here what personal data it collects when you use its website.\n\n\
        1. What we collect\n\nWe collect your email address when you write to us.\n";
    fs::write(scratch.path().join("notice.txt"), original).unwrap();
    policyc()
        .current_dir(scratch.path())
        .args(["import", "notice.txt", "--out", "notice.policy", "--quiet"])
        .assert()
        .success();
    let policy = fs::read_to_string(scratch.path().join("notice.policy")).unwrap();
    assert!(
        policy.contains("updated = 2024-04-02") || policy.contains("updated   = 2024-04-02"),
        "{policy}"
    );
    assert!(!policy.contains("2 April 2024"), "{policy}");
    policyc()
        .current_dir(scratch.path())
        .args(["build", "notice.policy", "--out", "out", "--format", "html"])
        .assert()
        .success();
    let html = fs::read_to_string(scratch.path().join("out/notice/index.html")).unwrap();
    assert_eq!(html.matches("April 2, 2024").count(), 1, "{html}");
}
