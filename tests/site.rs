//! The HTML site without a browser: page structure (every section in the
//! table of contents, unique and stable ids, dates in `<time>`), the index
//! page, user templates, and docs/templates.md naming every variable. The
//! browser checks (vnu, axe, links from file://) are in scripts/check-site.sh.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use policyc::model::Policy;
use policyc::render::html::{HtmlRenderer, index_variables, page_variables};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

const REAL: [&str; 3] = ["connecwrk", "connact", "socnect"];

fn policy(name: &str) -> Policy {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("policies/{name}.policy"));
    let file = policyc::driver::read_source(&path).unwrap();
    policyc::compile(&file).policy.unwrap()
}

fn page(name: &str) -> String {
    HtmlRenderer::new().unwrap().render(&policy(name)).unwrap()
}

/// Every value of `attribute="…"` in the page, in order.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn table_of_contents_lists_every_section() {
    for name in REAL {
        let policy = policy(name);
        let html = page(name);
        let links: HashSet<&str> = attribute_values(&html, "href").into_iter().collect();
        for (_, section) in policy.sections() {
            assert!(
                links.contains(format!("#{}", section.id).as_str()),
                "{name}: no link to `{}`",
                section.id
            );
        }
        let toc_links = html.matches("<li><a href=\"#").count();
        assert!(
            toc_links >= policy.sections().len(),
            "{name}: {toc_links} links for {} sections",
            policy.sections().len()
        );
    }
}

#[test]
fn ids_are_unique_and_every_fragment_link_resolves() {
    for name in REAL {
        let html = page(name);
        let ids = attribute_values(&html, "id");
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{name}: duplicate ids");
        for href in attribute_values(&html, "href")
            .iter()
            .filter_map(|h| h.strip_prefix('#'))
        {
            assert!(unique.contains(href), "{name}: `#{href}` points nowhere");
        }
    }
}

#[test]
fn ids_are_stable_across_builds() {
    for name in REAL {
        assert_eq!(page(name), page(name), "{name} renders differently twice");
    }
    let ids = attribute_values(&page("socnect"), "id").join(" ");
    assert!(ids.contains("information-collection-and-use"), "{ids}");
    assert!(ids.contains("children-s-privacy"), "{ids}");
}

#[test]
fn dates_are_in_time_elements() {
    let html = page("socnect");
    assert!(
        html.contains("<time datetime=\"2021-09-01\">September 1, 2021</time>"),
        "effective date"
    );
    let html = page("connact");
    assert!(html.contains("last updated on <time datetime=\"2023-11-01\">November 1, 2023</time>"));
    assert_eq!(
        html.matches("2023-11-01").count(),
        1,
        "connact's date is shown once, where its author put it"
    );
}

#[test]
fn page_basics_for_readers_and_assistive_technology() {
    let html = page("socnect");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<a class=\"skip-link\" href=\"#main\">"));
    assert!(html.contains("<main id=\"main\">"));
    assert!(html.contains("prefers-color-scheme: dark"));
    assert!(html.contains("@media print"));
    assert!(!html.contains("<script"), "no JavaScript");
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"//"),
        "no external requests"
    );
    assert_eq!(html.matches("<h1>").count(), 1);
}

#[test]
fn the_index_lists_every_policy_with_relative_links() {
    let policies: Vec<Policy> = REAL.iter().map(|n| policy(n)).collect();
    let refs: Vec<&Policy> = policies.iter().collect();
    let index = HtmlRenderer::new().unwrap().render_index(&refs).unwrap();
    for p in &policies {
        assert!(
            index.contains(&format!("href=\"{}/index.html\"", p.id())),
            "{} missing",
            p.id()
        );
    }
    assert!(index.contains("<time datetime=\"2023-11-01\">"));
}

#[test]
fn a_build_writes_the_site_and_pages_link_back_to_the_index() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("policyc")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("index.html").is_file());
    for id in ["connecwrk-privacy", "connact-privacy", "socnect-privacy"] {
        let page = fs::read_to_string(dir.path().join(id).join("index.html")).unwrap();
        assert!(page.contains("href=\"../index.html\""), "{id} links back");
        assert!(dir.path().join(id).join(format!("{id}.md")).is_file());
        assert!(dir.path().join(id).join(format!("{id}.json")).is_file());
    }
}

#[test]
fn user_templates_replace_defaults_and_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("style.css"),
        "body { color: rebeccapurple; }",
    )
    .unwrap();
    let renderer = HtmlRenderer::with_templates(dir.path()).unwrap();
    let html = renderer.render(&policy("socnect")).unwrap();
    assert!(
        html.contains("rebeccapurple"),
        "the user's stylesheet is used"
    );
    assert!(
        html.contains("<nav class=\"toc sidebar\""),
        "the other templates stay the defaults"
    );

    fs::write(
        dir.path().join("page.html"),
        "<!DOCTYPE html>\n<title>{{ policy.title }</title>\n",
    )
    .unwrap();
    let error = HtmlRenderer::with_templates(dir.path()).err().unwrap();
    let path = dir.path().join("page.html");
    assert!(error.contains(&format!("{}:2:", path.display())), "{error}");
}

#[test]
fn templates_dump_writes_the_defaults_and_keeps_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let dump = || {
        Command::cargo_bin("policyc")
            .unwrap()
            .args(["templates", "--dump"])
            .arg(&out)
            .assert()
    };
    dump().success();
    for (name, text) in policyc::render::html::DEFAULT_TEMPLATES {
        assert_eq!(fs::read_to_string(out.join(name)).unwrap(), *text);
    }
    dump().code(2);
    Command::cargo_bin("policyc")
        .unwrap()
        .args(["templates", "--force", "--dump"])
        .arg(&out)
        .assert()
        .success();
}

/// Every key a template can receive, as dotted-free names.
fn keys(value: &serde_json::Value, out: &mut HashSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn docs_templates_md_names_every_variable() {
    let doc = include_str!("../docs/templates.md");
    let acme = {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme.policy");
        policyc::compile(&policyc::driver::read_source(&path).unwrap())
            .policy
            .unwrap()
    };
    let mut names = HashSet::new();
    keys(&page_variables(&acme), &mut names);
    keys(&page_variables(&policy("connact")), &mut names);
    keys(&index_variables(&[&acme]), &mut names);
    for name in names {
        assert!(
            doc.contains(&format!("`{name}`")),
            "docs/templates.md does not mention `{name}`"
        );
    }
}
