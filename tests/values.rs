//! Issue 15, items 1 and 5: values stay values (each reference's value is
//! put into the parsed prose as text for where it lands, never parsed as
//! Markdown), the `.md` output leaves no `<` that a Markdown processor could
//! make a tag of, titles are one line, and one slugger names every heading
//! of the Markdown output so its table of contents links where GitHub and
//! pandoc (`-f gfm`) put the anchors. Each test failed before its fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::Code;
use policyc::model::Policy;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use std::process::Command;

/// A minimal valid privacy policy around `extra` (terms, settings) and
/// `body` (blocks after the required sections).
fn privacy(extra: &str, body: &str) -> String {
    format!(
        "policy privacy \"P\" {{\n  id = \"p\"\n  updated = 2024-01-01\n  org {{ name = \"Acme\" }}\n  contact {{ email = \"a@example.com\" }}\n{extra}\n  section collection \"C\" {{ text \"c\" }}\n  section use \"U\" {{ text \"u\" }}\n  section sharing \"S\" {{ text \"s\" }}\n  section contact \"K\" {{ contact-block }}\n{body}\n}}\n"
    )
}

/// A prose block holding `markdown`.
fn prose(markdown: &str) -> String {
    format!(
        "  text \"\"\"\n    {}\n    \"\"\"",
        markdown.replace('\n', "\n    ")
    )
}

fn compile_ok(text: &str) -> Policy {
    let compiled = policyc::compile(&SourceFile::new("t.policy", text));
    match compiled.policy {
        Some(policy) => policy,
        None => panic!("expected a valid policy: {:#?}", compiled.diagnostics),
    }
}

fn errors(text: &str) -> Vec<(Code, String)> {
    let file = SourceFile::new("t.policy", text);
    policyc::compile(&file)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let span = d.span.expect("located");
            (d.code, text[span.start..span.end].to_string())
        })
        .collect()
}

fn html(policy: &Policy) -> String {
    HtmlRenderer::new().unwrap().render(policy).unwrap()
}

fn md(policy: &Policy) -> String {
    markdown::render(policy, MarkdownOptions::default()).unwrap()
}

/// The Markdown as a CommonMark processor with raw HTML on renders it.
fn md_to_html(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut out = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// The Markdown with code spans and code blocks cut out: what remains is
/// where a `<` could open a tag.
fn outside_code(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            // A code span opens at a run of backticks and closes at the
            // next run of the same length.
            let mut span: Option<usize> = None;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '`' {
                    let mut run = 1;
                    while chars.next_if_eq(&'`').is_some() {
                        run += 1;
                    }
                    span = match span {
                        None => Some(run),
                        Some(open) if open == run => None,
                        open => open,
                    };
                } else if span.is_none() {
                    out.push(c);
                }
            }
            out.push('\n');
        }
    }
    out
}

const HOSTILE: &str = "<img src=x onerror=alert(1)>";
const SVG: &str = "<svg/onload=alert(1)>";

/// Defect: prose HTML that pulldown-cmark does not read as a tag
/// (`<svg/onload=…>`, a tag inside a value) reached the `.md` raw, where
/// pandoc, kramdown and Python-Markdown make it live.
#[test]
fn no_tag_of_prose_or_values_reaches_the_markdown() {
    let text = privacy(
        &format!("  term Evil = \"{HOSTILE} {SVG} <script>x</script>\""),
        &prose(&format!(
            "Hi {HOSTILE} and {SVG} and \\<b>x\\</b>.\n\n<div>\n${{Evil}}\n</div>\n\nValue: ${{Evil}}, `<code>` kept."
        )),
    );
    let policy = compile_ok(&text);
    let markdown = md(&policy);
    let prose_part = outside_code(&markdown).replace("](<", "](");
    assert!(!prose_part.contains('<'), "a `<` left raw:\n{markdown}");
    assert!(markdown.contains("`<code>`"), "code kept:\n{markdown}");
    let page = md_to_html(&markdown);
    assert!(
        page.contains("Hi &lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(!page.contains("<svg"), "{page}");
}

/// Defect: a value inside an HTML block showed its Markdown escapes on the
/// page (`A\&amp;B \[Ltd\]`), as raw HTML is shown as text there.
#[test]
fn a_value_inside_an_html_block_reads_as_written() {
    let text = privacy(
        "  term Company = \"A&B [Ltd] *x*\"",
        &prose("<div>\n${Company}\n</div>"),
    );
    let policy = compile_ok(&text);
    let page = html(&policy);
    assert!(page.contains("A&amp;B [Ltd] *x*"), "{page}");
    assert!(!page.contains("\\["), "{page}");
    let rendered = md_to_html(&md(&policy));
    assert!(rendered.contains("A&amp;B [Ltd] *x*"), "{rendered}");
    assert!(rendered.contains("&lt;div&gt;"), "{rendered}");
}

/// Defect: a value in a code span was escaped as Markdown text, so its
/// backslashes showed and its backtick ended the span.
#[test]
fn a_value_in_code_stays_code() {
    let text = privacy("  term Cmd = \"a`b *c*\"", &prose("Run `${Cmd}` now."));
    let policy = compile_ok(&text);
    assert!(html(&policy).contains("<code>a`b *c*</code>"));
    let rendered = md_to_html(&md(&policy));
    assert!(rendered.contains("<code>a`b *c*</code>"), "{rendered}");
}

/// Defect: a value in a link destination was escaped as text, so a space
/// in it broke the link (and its backslashes entered the URL).
#[test]
fn a_value_in_a_link_destination_is_a_destination() {
    let text = privacy(
        "  term Page = \"https://e.example/a b_(c)\"",
        &prose("See [the page](${Page})."),
    );
    let policy = compile_ok(&text);
    assert!(
        html(&policy).contains("href=\"https://e.example/a%20b_(c)\""),
        "{}",
        html(&policy)
    );
    let rendered = md_to_html(&md(&policy));
    assert!(
        rendered.contains("href=\"https://e.example/a%20b_(c)\""),
        "{rendered}"
    );
}

/// Defect: a term value holding a script link was refused although a value
/// in text renders as text, in every output.
#[test]
fn a_script_link_written_in_a_value_is_text_and_accepted() {
    let text = privacy(
        "  term Note = \"[click](javascript:alert(1)) <a href=javascript:x>y</a>\"",
        &prose("Note: ${Note}"),
    );
    let policy = compile_ok(&text);
    let page = html(&policy);
    assert!(!page.contains("href=\"javascript"), "{page}");
    assert!(page.contains("[click](javascript:alert(1))"), "{page}");
    let rendered = md_to_html(&md(&policy));
    assert!(!rendered.contains("href=\"javascript"), "{rendered}");
    // A value between angle brackets is text too, not an autolink.
    let text = privacy(
        "  term Url = \"javascript:alert(1)\"",
        &prose("Go <${Url}>."),
    );
    let policy = compile_ok(&text);
    assert!(!html(&policy).contains("href=\"javascript"));
    assert!(html(&policy).contains("Go &lt;javascript:alert(1)&gt;."));
    assert!(!md_to_html(&md(&policy)).contains("href=\"javascript"));
    // Where the value is the link's target, it still is refused.
    let text = privacy(
        "  term Url = \"javascript:alert(1)\"",
        &prose("[x](${Url})"),
    );
    assert_eq!(errors(&text).first().map(|e| e.0), Some(Code::UnsafeLink));
}

/// Defect: a title with a line break split the Markdown heading (the rest
/// became a paragraph); every title is now refused with an error at the
/// escape that wrote the character (a `toc-title` setting: at its value).
#[test]
fn titles_with_line_breaks_or_control_characters_are_refused() {
    let cases = [
        (privacy("", "").replacen("\"P\"", "\"P\\nQ\"", 1), "\\n"),
        (
            privacy("", "  section \"A\\u{7}B\" { text \"x\" }"),
            "\\u{7}",
        ),
        (privacy("", "  toc \"Con\\ntents\""), "\\n"),
        (
            privacy(
                "",
                "  section \"Fine\" { toc-title = \"a\\tb\" text \"x\" }",
            ),
            "\"a\\tb\"",
        ),
    ];
    for (text, span) in cases {
        let found = errors(&text);
        assert_eq!(
            found,
            vec![(Code::TitleControl, span.to_string())],
            "{text}"
        );
    }
}

/// The headings of tricky titles: duplicates (of each other, of the
/// policy's title, of a heading inside prose), punctuation, non-ASCII.
fn tricky() -> Policy {
    compile_ok(&privacy(
        "",
        &format!(
            "  toc \"Contents\"\n{}\n  section \"Data & Privacy!\" {{ text \"a\" }}\n  section \"Data & Privacy!\" {{ text \"b\" }}\n  section \"Über uns — café\" {{ text \"c\" }}\n  section \"C++ / C# (v2.0)\" {{ text \"d\" }}\n  section \"FAQ\" {{ text \"e\" }}\n  section \"P\" {{ text \"f\" }}\n  section \"Data - Privacy\" {{ text \"g\" }}\n  section \"snake_case `code`\" {{ text \"h\" }}",
            prose("## FAQ\n\nAsked often.")
        ),
    ))
}

/// Every `](#anchor)` link of the Markdown, with its label, in order.
fn toc_links(markdown: &str) -> Vec<(String, String)> {
    markdown
        .lines()
        .filter_map(|line| {
            let (label, rest) = line.split_once("](#")?;
            let label = label.split_once('[')?.1.to_string();
            Some((label, rest.strip_suffix(')')?.to_string()))
        })
        .collect()
}

/// Defect: the Markdown TOC's anchors ignored headings inside prose and
/// generated blocks' headings, so a link went to the wrong heading.
#[test]
fn toc_anchors_follow_githubs_rules_over_every_heading() {
    let markdown = md(&tricky());
    let links = toc_links(&markdown);
    let anchor = |label: &str| {
        links
            .iter()
            .filter(|(l, _)| l == label)
            .map(|(_, a)| a.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(anchor("FAQ"), vec!["faq-1"], "{markdown}");
    assert_eq!(anchor("P"), vec!["p-1"], "{markdown}");
    assert_eq!(
        anchor("Data & Privacy!"),
        vec!["data--privacy", "data--privacy-1"],
        "{markdown}"
    );
    assert_eq!(anchor("Über uns — café"), vec!["über-uns--café"]);
    assert_eq!(anchor("C++ / C# (v2.0)"), vec!["c--c-v20"]);
    assert_eq!(
        anchor("Data - Privacy"),
        vec!["data---privacy"],
        "{markdown}"
    );
    assert_eq!(anchor("snake\\_case \\`code\\`"), vec!["snake_case-code"]);
}

/// The `id` and text of every heading in `html`, in order.
fn headings(html: &str) -> Vec<(String, String)> {
    html.split("<h")
        .skip(1)
        .filter_map(|part| {
            let rest = part.strip_prefix(|c: char| c.is_ascii_digit())?;
            let id = rest.split_once("id=\"")?.1.split_once('"')?.0.to_string();
            let inner = rest.split_once('>')?.1.split_once("</h")?.0;
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            Some((id, text.replace("&amp;", "&")))
        })
        .collect()
}

/// The same, as pandoc's `-f gfm` reader names the headings: each TOC link
/// leads to the heading of its own section. Skipped when pandoc is absent
/// (`apt-get install -y pandoc`; `scripts/check-markdown.sh` installs it).
#[test]
fn toc_anchors_match_pandoc_gfm() {
    let markdown = md(&tricky());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.md");
    std::fs::write(&file, &markdown).unwrap();
    let Ok(output) = Command::new("pandoc")
        .args(["-f", "gfm", "-t", "html"])
        .arg(&file)
        .output()
    else {
        eprintln!("pandoc is not installed: skipped");
        return;
    };
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    let found = headings(&page);
    let expected = [
        "Data & Privacy!",
        "Data & Privacy!",
        "Über uns — café",
        "C++ / C# (v2.0)",
        "FAQ",
        "P",
        "Data - Privacy",
        "snake_case `code`",
    ];
    let links: Vec<String> = toc_links(&markdown)
        .into_iter()
        .map(|(_, anchor)| anchor)
        .collect();
    let tail = links.get(links.len() - expected.len()..).unwrap();
    // Each link leads to a heading with its title, after the one before
    // (a prose heading "FAQ" comes before the section "FAQ").
    let mut previous = None;
    for (anchor, title) in tail.iter().zip(expected) {
        let position = found.iter().position(|(id, _)| id == anchor);
        let heading = position.and_then(|p| found.get(p));
        assert_eq!(
            heading.map(|(_, text)| text.as_str()),
            Some(title),
            "#{anchor} in\n{page}"
        );
        assert!(position > previous, "#{anchor} leads back up:\n{page}");
        previous = position;
    }
}

/// The hostile fixture `scripts/check-markdown.sh` renders with pandoc and
/// markdown-it builds, and its `.md` keeps a `<` only in code, autolinks and
/// link destinations (the same check without the processors).
#[test]
fn the_hostile_fixture_leaves_no_tag_in_the_markdown() {
    let policy = compile_ok(include_str!("fixtures/markdown/hostile.policy"));
    let markdown = md(&policy);
    let prose_part = outside_code(&markdown)
        .replace("](<", "](")
        .replace("<https://hostile.example/safe>", "")
        .replace("<privacy@hostile.example>", "");
    assert!(!prose_part.contains('<'), "a `<` left raw:\n{markdown}");
    let page = md_to_html(&markdown);
    // The author's own image (`![an image](https://…)`) is the only `<img`.
    assert_eq!(page.matches("<img").count(), 1, "{page}");
    for live in [
        "<img src=x",
        "<svg",
        "<script",
        "<iframe",
        "<div",
        "<details",
        "href=\"javascript",
    ] {
        assert!(!page.contains(live), "{live} in\n{page}");
    }
}
