//! `policyc lsp` as an editor runs it: a process spoken to in JSON-RPC
//! over stdio (issue 21). The acceptance's scripted exchange on a copy of
//! `policies/socnect.policy` — open, introduce `colect`, complete inside
//! `data = [`, hover a category, go to a term's definition, rename it,
//! format, apply a code action, shutdown and exit with 0 — then a broken
//! file, non-ASCII text before the cursor, an included clause file, and
//! `exit` without `shutdown`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

#[path = "lsp_support/client.rs"]
mod client;

use client::{Client, at, range, uri};
use serde_json::{Value, json};
use std::fs;
use std::path::Path;

/// The UTF-16 column of `needle` in `line`.
fn column(line: &str, needle: &str) -> u32 {
    let byte = line.find(needle).unwrap();
    line[..byte].encode_utf16().count() as u32
}

/// The zero-based line holding `needle`, and that line.
fn line_of<'t>(text: &'t str, needle: &str) -> (u32, &'t str) {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    (i as u32, line)
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn errors(diagnostics: &[Value]) -> Vec<&Value> {
    diagnostics.iter().filter(|d| d["severity"] == 1).collect()
}

/// Applies a list of `TextEdit`s to a text (positions in UTF-16), the
/// last first.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, character) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let rest = &text[start..];
        let mut units = 0u64;
        for (i, c) in rest.char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16() as u64;
        }
        text.len()
    };
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for edit in edits {
        let (s, e) = (
            offset(&edit["range"]["start"]),
            offset(&edit["range"]["end"]),
        );
        out.replace_range(s..e, edit["newText"].as_str().unwrap());
    }
    out
}

/// The acceptance of issue 21, step by step on a copy of socnect.
#[test]
fn the_scripted_editor_exchange_on_socnect() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("socnect.policy");
    let original = fs::read_to_string("policies/socnect.policy").unwrap();
    fs::write(&path, &original).unwrap();
    let doc = uri(&path);
    let mut client = Client::start(dir.path());

    client.open(&doc, &original);
    let first = client.diagnostics(&doc);
    assert!(errors(&first).is_empty(), "socnect checks clean: {first:?}");
    colect_and_its_code_action(&mut client, &doc, &original);
    completion_and_hover_in_data(&mut client, &doc, &original);
    definition_and_rename_of_a_term(&mut client, &doc, &original);
    format_a_messy_line(&mut client, &doc, &original);
    assert_eq!(client.shutdown_and_exit(), Some(0));
}

/// Introduce `colect`: an error on the word with "did you mean"; the code
/// action puts `collect` back and the error goes.
fn colect_and_its_code_action(client: &mut Client, doc: &str, original: &str) {
    let (line, text) = line_of(original, "  collect {");
    let start = column(text, "collect");
    client.edit(doc, 2, range(line, start, line, start + 7), "colect");
    let broken = client.diagnostics(doc);
    let error = errors(&broken)
        .into_iter()
        .next()
        .cloned()
        .expect("an error");
    assert_eq!(
        error["range"]["start"],
        json!({ "line": line, "character": start })
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `collect`"),
        "{error}"
    );
    assert_eq!(error["source"], "policyc");
    let actions = client.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": doc },
            "range": error["range"],
            "context": { "diagnostics": [error] },
        }),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("`collect`"))
        .cloned()
        .expect("a did-you-mean action");
    let edits = action["edit"]["changes"][doc].as_array().unwrap().clone();
    let broken_text = original.replacen("  collect {", "  colect {", 1);
    let fixed = apply(&broken_text, &edits);
    assert_eq!(fixed, original, "the action restores `collect`");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": doc, "version": 3 },
            "contentChanges": [{ "text": fixed }],
        }),
    );
    assert!(errors(&client.diagnostics(doc)).is_empty());
}

/// Completion inside `data = [` offers the categories; hovering one shows
/// its meaning and its DPV, Apple and Play equivalents.
fn completion_and_hover_in_data(client: &mut Client, doc: &str, original: &str) {
    let (line, text) = line_of(original, "data = [");
    let after = column(text, "[") + 1;
    let items = client.result("textDocument/completion", at(doc, line, after));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"email") && labels.contains(&"ip-address"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"section"), "no keywords inside a list");

    let (line, text) = line_of(original, "      email,");
    let hover = client.result(
        "textDocument/hover",
        at(doc, line, column(text, "email") + 1),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("data category"), "{shown}");
    for target in ["DPV", "Apple", "Play"] {
        assert!(shown.contains(target), "{target} in {shown}");
    }
}

/// From `${Service}` to `term Service`, then a rename of the term at its
/// declaration and every use.
fn definition_and_rename_of_a_term(client: &mut Client, doc: &str, original: &str) {
    let (use_line, text) = line_of(original, "${Service}");
    let use_column = column(text, "${Service}") + 3;
    let found = client.result("textDocument/definition", at(doc, use_line, use_column));
    let (decl_line, decl_text) = line_of(original, "term Service");
    assert_eq!(found["uri"], doc);
    assert_eq!(
        found["range"]["start"],
        json!({ "line": decl_line, "character": column(decl_text, "Service") })
    );

    let mut params = at(doc, use_line, use_column);
    params["newName"] = json!("Platform");
    let rename = client.result("textDocument/rename", params);
    let edits = rename["changes"][doc].as_array().unwrap().clone();
    let uses = original.matches("${Service}").count();
    assert_eq!(edits.len(), uses + 1, "{edits:?}");
    let renamed = apply(original, &edits);
    assert!(renamed.contains("term Platform = ") && !renamed.contains("${Service}"));
    assert_eq!(renamed.matches("${Platform}").count(), uses);
}

/// A messy line comes back in the canonical layout, the rest untouched.
fn format_a_messy_line(client: &mut Client, doc: &str, original: &str) {
    let messy = original.replacen("  term Service = ", "  term   Service    =   ", 1);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": doc, "version": 4 },
            "contentChanges": [{ "text": messy }],
        }),
    );
    let formatted = client.result(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": doc }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = apply(&messy, formatted.as_array().unwrap());
    assert_eq!(formatted, original, "socnect is in the canonical layout");
}

/// A file that does not parse gets its syntax errors, and every request
/// on it still answers (no panic, no hang).
#[test]
fn a_broken_file_gets_diagnostics_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.policy");
    let doc = uri(&path);
    let mut client = Client::start(dir.path());
    client.open(
        &doc,
        "policy privacy \"X\" {\n  section \"A\" {\n    text \"unfinished\n",
    );
    let diagnostics = client.diagnostics(&doc);
    assert!(!errors(&diagnostics).is_empty(), "{diagnostics:?}");
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        let response = client.request(method, at(&doc, 2, 10));
        assert!(response.get("error").is_none(), "{method}: {response}");
    }
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let response = client.request(method, json!({ "textDocument": { "uri": doc } }));
        assert!(response.get("error").is_none(), "{method}: {response}");
    }
    assert_eq!(client.shutdown_and_exit(), Some(0));
}

const MINIMAL: &str = "policy privacy \"Privacy Policy\" {
  id = \"minimal\"
  org { name = \"Tiny Co\" }
  contact { email = \"hi@tiny.example\" }
  term Cafe = \"naïve ☕ ${org.name}\"
  section collection \"What we collect\" { text \"“Quoted” 😀 ${nothng} and ${Cafe}.\" }
  section use \"Why\" { text \"To answer you.\" }
  section sharing \"Who sees it\" { text \"No one else.\" }
  section contact \"Contact\" { text \"Write to ${contact.email}.\" }
}
";

/// Positions after non-ASCII text (curly quotes, an emoji of two UTF-16
/// units, accented letters) are UTF-16 columns, both ways.
#[test]
fn positions_after_non_ascii_text_are_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minimal.policy");
    let doc = uri(&path);
    let mut client = Client::start(dir.path());
    client.open(&doc, MINIMAL);
    let diagnostics = client.diagnostics(&doc);
    assert_eq!(codes(&diagnostics), ["E0304"], "{diagnostics:?}");
    let (line, text) = line_of(MINIMAL, "${nothng}");
    let start = column(text, "${nothng}");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": line, "character": start }),
        "the reference, counted in UTF-16 after “…” and 😀"
    );

    // Hover `${Cafe}` after the emoji: its resolved value.
    let hover = client.result(
        "textDocument/hover",
        at(&doc, line, column(text, "Cafe}") + 2),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("naïve ☕ Tiny Co"), "{shown}");

    // Completion after `${` on the same line offers the names.
    let items = client.result(
        "textDocument/completion",
        at(&doc, line, column(text, "Cafe}")),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"org.name") && labels.contains(&"Cafe"),
        "{labels:?}"
    );
    assert_eq!(client.shutdown_and_exit(), Some(0));
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A clause file's problems are published on the clause file, with the
/// `include` that read it as related information; definition on the
/// `include` opens the clause file.
#[test]
fn an_included_clause_files_problems_are_shown_in_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policyc.yaml", "policies: policies\n");
    let policy = MINIMAL.replace(
        "  section use",
        "  include \"../clauses/data.clause\"\n  section use",
    );
    write(dir.path(), "policies/minimal.policy", &policy);
    let clause = "collect {\n  data = [emial]\n  purposes = [service-provision]\n}\n";
    write(dir.path(), "clauses/data.clause", clause);
    let clause_uri = uri(&dir.path().join("clauses/data.clause"));
    let policy_uri = uri(&dir.path().join("policies/minimal.policy"));
    let mut client = Client::start(dir.path());

    // Opening the clause file alone finds the policy that includes it.
    client.open(&clause_uri, clause);
    let diagnostics = client.diagnostics(&clause_uri);
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "E0213")
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    assert_eq!(
        unknown["range"]["start"],
        json!({ "line": 1, "character": 10 })
    );
    let related = unknown["relatedInformation"].as_array().unwrap();
    assert!(
        related
            .iter()
            .any(|r| r["location"]["uri"] == policy_uri && r["message"] == "included from here"),
        "{related:?}"
    );

    // An unsaved fix in the clause file clears it.
    client.edit(&clause_uri, 2, range(1, 10, 1, 15), "email");
    let after = client.diagnostics(&clause_uri);
    assert!(!codes(&after).contains(&"E0213".to_string()), "{after:?}");

    // Definition on the `include` line opens the clause file.
    client.open(&policy_uri, &policy);
    let (line, text) = line_of(&policy, "include");
    let found = client.result(
        "textDocument/definition",
        at(&policy_uri, line, column(text, "clauses")),
    );
    assert_eq!(found["uri"], clause_uri);
    assert_eq!(client.shutdown_and_exit(), Some(0));
}

/// `exit` without `shutdown` ends with status 1, as the protocol says.
#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let client = Client::start(dir.path());
    assert_eq!(client.exit(), Some(1));
}

/// Defect: editing one open clause file dropped the policy kept for
/// another open clause file, whose problems were then cleared (published
/// empty) while still there.
#[test]
fn editing_one_clause_file_keeps_the_problems_of_another() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policyc.yaml", "policies: policies\n");
    for (id, clause) in [("a", "one"), ("b", "two")] {
        let policy = MINIMAL
            .replace("\"minimal\"", &format!("\"{id}\""))
            .replace("${nothng} and ", "")
            .replace("Café", "Cafe")
            .replace(
                "  section use",
                &format!("  include \"../clauses/{clause}.clause\"\n  section use"),
            );
        write(dir.path(), &format!("policies/{id}.policy"), &policy);
        let text = "collect {\n  data = [emial]\n  purposes = [service-provision]\n}\n";
        write(dir.path(), &format!("clauses/{clause}.clause"), text);
    }
    let one = uri(&dir.path().join("clauses/one.clause"));
    let two = uri(&dir.path().join("clauses/two.clause"));
    let text = "collect {\n  data = [emial]\n  purposes = [service-provision]\n}\n";
    let mut client = Client::start(dir.path());
    client.open(&one, text);
    assert!(codes(&client.diagnostics(&one)).contains(&"E0213".to_string()));
    client.open(&two, text);
    assert!(codes(&client.diagnostics(&two)).contains(&"E0213".to_string()));

    client.edit(&one, 2, range(1, 10, 1, 15), "email");
    assert!(!codes(&client.latest_diagnostics(&one)).contains(&"E0213".to_string()));
    let still = client.latest_diagnostics(&two);
    assert!(
        codes(&still).contains(&"E0213".to_string()),
        "`two` keeps its problem: {still:?}"
    );
    assert_eq!(client.shutdown_and_exit(), Some(0));
}

/// The outline, folding ranges and semantic tokens of a policy.
#[test]
fn outline_folding_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minimal.policy");
    let doc = uri(&path);
    let text = MINIMAL.replace(
        "  section use \"Why\" { text \"To answer you.\" }",
        "  section use \"Why\" {\n    text \"To answer you.\"\n  }",
    );
    let mut client = Client::start(dir.path());
    client.open(&doc, &text);
    let document = json!({ "textDocument": { "uri": doc } });
    let symbols = client.result("textDocument/documentSymbol", document.clone());
    let policy = &symbols[0];
    assert_eq!(policy["name"], "policy privacy \"Privacy Policy\"");
    let names: Vec<&str> = policy["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"section use \"Why\""), "{names:?}");
    assert!(names.contains(&"term Cafe"), "{names:?}");

    let folds = client.result("textDocument/foldingRange", document.clone());
    let (why, _) = line_of(&text, "section use");
    let lines: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        lines.contains(&(u64::from(why), u64::from(why) + 2)),
        "{lines:?}"
    );

    let tokens = client.result("textDocument/semanticTokens/full", document);
    let data = tokens["data"].as_array().unwrap();
    assert!(!data.is_empty() && data.len() % 5 == 0);
    // The first token is `policy`, a keyword (type 0), at 0:0, 6 long.
    assert_eq!(
        data[..5],
        [json!(0), json!(0), json!(6), json!(0), json!(0)]
    );
    assert_eq!(client.shutdown_and_exit(), Some(0));
}

/// A `policyc.yaml` that cannot be used is reported on it (as `check`
/// reports it), and the policy is still analysed with the defaults.
#[test]
fn a_bad_project_file_is_reported_on_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policyc.yaml", "polices: policies\n");
    write(dir.path(), "policies/minimal.policy", MINIMAL);
    let project = uri(&dir.path().join("policyc.yaml"));
    let policy = uri(&dir.path().join("policies/minimal.policy"));
    let mut client = Client::start(dir.path());
    client.open(&policy, MINIMAL);
    let on_project = client.latest_diagnostics(&project);
    assert_eq!(codes(&on_project), ["E0203"], "{on_project:?}");
    assert!(
        on_project[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `policies`")
    );
    assert_eq!(codes(&client.latest_diagnostics(&policy)), ["E0304"]);
    assert_eq!(client.shutdown_and_exit(), Some(0));
}
