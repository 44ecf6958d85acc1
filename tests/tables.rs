//! Issue 20 item 2, tables read at compile time: `build.rs` reads the rule
//! files into the crate's own types (`check::rules::RuleSet`) and writes
//! them as Rust, so these tests check that what the binary holds is what
//! the files say, and that a malformed file is named with its line.

use policyc::check::rules::{RuleSet, rule_files, rule_sets};

/// Each rule set built from the build script's literals is the set the
/// YAML says, field for field and in order (a field written in the wrong
/// place, an escape lost or a file left out by the script shows here).
#[test]
fn every_compiled_rule_set_is_its_file_as_read() {
    let built = rule_sets();
    assert_eq!(built.len(), rule_files().len());
    for ((name, text), set) in rule_files().iter().zip(built) {
        let read: RuleSet = serde_yaml::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_value(set).unwrap(),
            serde_json::to_value(&read).unwrap(),
            "{name}"
        );
        assert_eq!(*name, format!("rules/{}.yaml", set.profile));
    }
}

/// A malformed rule file fails the build naming the file and the line:
/// the build script reports serde_yaml's error for these types, which
/// carries the line (an unknown key, a bad date, an unknown severity).
#[test]
fn a_malformed_rule_file_is_refused_with_its_line() {
    let rule = "profile: x\ntitle: t\nsource: s\nrules:\n  - id: X-1\n    citation: c\n    summary: s\n    requires: [always]\n    help: h\n";
    assert!(serde_yaml::from_str::<RuleSet>(&format!("{rule}    severity: error\n")).is_ok());
    for (bad, line) in [
        ("    severity: fatal\n", "line 10"),
        ("    severity: error\n    colour: red\n", "line 11"),
        // A value its type refuses (`Date`): the line of its rule.
        (
            "    severity: error\n    in_force: \"2027-02-30\"\n",
            "line 5",
        ),
    ] {
        let error = serde_yaml::from_str::<RuleSet>(&format!("{rule}{bad}"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains(line), "{bad:?}: {error}");
    }
}
