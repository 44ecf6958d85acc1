//! The default page and site index written straight from their views, the
//! bytes tera would write with the embedded templates (`templates/`).
//!
//! Why: compiling the bundled templates costs tera more than two million
//! instructions a process, and serialising a page's view into its context
//! and interpreting it half a million more — over half of what a one-policy
//! `build` spends rendering. A build with the defaults needs none of that,
//! so it lays the same views out here; a theme (`--templates DIR`) is
//! rendered by tera from its files as before, and the templates stay the
//! documented starting point (`policyc templates --dump`).
//!
//! Each function below follows one template or component line by line,
//! tera's whitespace control (`{%-`, `-%}`) applied by hand, every `{{ }}`
//! escaped as tera's [`tera::escape_html`] escapes (a test compares the
//! two; tera's writes a byte at a time through `io::Write`), and a test of this module
//! (and `tests/render_once.rs`, through the command line) renders every
//! bundled policy, example and fixture both ways and compares the bytes: a
//! template edited without this file fails them.

use super::super::templates::DEFAULT_TEMPLATES;
use super::{
    BlockTemplate, ChannelTemplate, ContactView, DateView, IndexView, PageView, PolicyView,
    TocTemplate,
};
use crate::keyword::Keyword;
use std::sync::OnceLock;

/// A page being written: literal template text, escaped values, numbers.
struct Out(String);

impl Out {
    /// A page sized for what it will hold, so it grows rarely.
    fn with_capacity(capacity: usize) -> Self {
        Out(String::with_capacity(capacity))
    }

    /// Template text, or HTML a value holds already (`| safe`).
    fn raw(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    /// A value, escaped as tera's autoescaping escapes it
    /// ([`tera::escape_html`]: `&`, `<`, `>`, `"` and `'`), the runs
    /// between those copied whole.
    fn text(&mut self, value: &str) -> &mut Self {
        let mut copied = 0;
        for (at, byte) in value.bytes().enumerate() {
            let entity = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            // Both ends are at ASCII bytes: character boundaries.
            self.0.push_str(value.get(copied..at).unwrap_or_default());
            self.0.push_str(entity);
            copied = at + 1;
        }
        self.0.push_str(value.get(copied..).unwrap_or_default());
        self
    }

    /// A number, as tera prints it.
    fn num(&mut self, value: usize) -> &mut Self {
        self.raw(&value.to_string())
    }

    /// The page written (only `&str`s were, whole: no check needed).
    fn finish(self) -> String {
        self.0
    }
}

/// A value tera's `{% if %}` finds true: present and not empty.
fn truthy(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// What `head.html` renders to (it has no variables): its text after the
/// leading comment, with `style.css` where it is included. Made from the
/// embedded templates, so the style sheet and meta tags live in one place.
fn head() -> &'static str {
    static HEAD: OnceLock<String> = OnceLock::new();
    HEAD.get_or_init(|| {
        let source = |name: &str| {
            DEFAULT_TEMPLATES
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, text)| *text)
        };
        let head = source("head.html");
        let after_comment = head.split_once("-#}").map_or(head, |(_, rest)| rest);
        after_comment
            .trim_start()
            .replace("{% include \"style.css\" %}", source("style.css"))
    })
}

/// `page.html`: one policy's page.
pub(super) fn page(view: &PageView) -> String {
    let mut out = Out::with_capacity(64 * 1024);
    let policy = &view.policy;
    out.raw("<!DOCTYPE html>\n<html lang=\"")
        .text(&policy.language)
        .raw("\">\n<head>\n")
        .raw(head())
        .raw("<title>")
        .text(&policy.title);
    if let Some(org) = truthy(&policy.org_name) {
        out.raw(" · ").text(org);
    }
    out.raw("</title>");
    if let Some(canonical) = truthy(&view.canonical) {
        out.raw("\n<link rel=\"canonical\" href=\"")
            .text(canonical)
            .raw("\">");
    }
    out.raw("\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n")
        .raw("<nav class=\"site-nav\" aria-label=\"Site\"><a href=\"")
        .text(view.site_index)
        .raw("\">All policies</a></nav>\n<div class=\"layout");
    if view.sidebar_toc {
        out.raw(" has-sidebar");
    }
    out.raw("\">");
    if view.sidebar_toc && !view.toc.is_empty() {
        out.raw("\n<nav class=\"toc sidebar\" aria-labelledby=\"toc-heading\">\n")
            .raw("<h2 id=\"toc-heading\">Contents</h2>\n");
        toc_list(&mut out, &view.toc);
        out.raw("\n</nav>");
    }
    out.raw(
        "\n<main id=\"main\">\n<article class=\"policy\">\n<header class=\"policy-header\">\n<h1>",
    )
    .text(&policy.title)
    .raw("</h1>");
    if policy.effective.is_some() || policy.updated.is_some() {
        out.raw("\n<p class=\"dates\">");
        if let Some(date) = &policy.effective {
            out.raw("<span>Effective ");
            time(&mut out, date);
            out.raw("</span>");
        }
        if let Some(date) = &policy.updated {
            out.raw("<span>Last updated ");
            time(&mut out, date);
            out.raw("</span>");
        }
        out.raw("</p>");
    }
    out.raw("\n</header>\n");
    for block in &view.blocks {
        self::block(&mut out, block);
    }
    out.raw("\n</article>\n</main>\n</div>\n</body>\n</html>\n");
    out.finish()
}

/// A date as `<time datetime="ISO">text</time>`.
fn time(out: &mut Out, date: &DateView) {
    out.raw("<time datetime=\"")
        .text(&date.iso)
        .raw("\">")
        .text(&date.text)
        .raw("</time>");
}

/// `<hN>title</hN>` after a line break, when the block has a title.
fn title_heading(out: &mut Out, title: &Option<String>, level: usize) {
    if let Some(title) = truthy(title) {
        out.raw("\n<h")
            .num(level)
            .raw(">")
            .text(title)
            .raw("</h")
            .num(level)
            .raw(">");
    }
}

/// The `block(b)` component.
fn block(out: &mut Out, block: &BlockTemplate) {
    match block {
        BlockTemplate::Prose { html } => {
            out.raw(html);
        }
        BlockTemplate::Section {
            id,
            level,
            number,
            title,
            kind,
            blocks,
        } => {
            out.raw("<section id=\"").text(id).raw("\"");
            if let Some(kind) = kind {
                out.raw(" data-kind=\"").text(kind.keyword()).raw("\"");
            }
            out.raw(">\n<h").num(*level).raw(">");
            if let Some(number) = truthy(number) {
                out.raw("<span class=\"number\">")
                    .text(number)
                    .raw("</span> ");
            }
            out.text(title)
                .raw(" <a class=\"permalink\" href=\"#")
                .text(id)
                .raw("\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h")
                .num(*level)
                .raw(">\n");
            for child in blocks {
                self::block(out, child);
            }
            out.raw("\n</section>\n");
        }
        BlockTemplate::Toc {
            title,
            level,
            entries,
        } => {
            out.raw("<nav class=\"toc inline\" aria-label=\"")
                .text(truthy(title).unwrap_or("Contents"))
                .raw("\">");
            title_heading(out, title, *level);
            out.raw("\n");
            toc_list(out, entries);
            out.raw("\n</nav>\n");
        }
        BlockTemplate::Contact {
            title,
            level,
            contact,
        } => contact_block(out, title, *level, contact),
        BlockTemplate::LastUpdated { html } => {
            out.raw("<p class=\"last-updated\">")
                .raw(html)
                .raw("</p>\n");
        }
        BlockTemplate::Glossary {
            title,
            level,
            entries,
        } => {
            out.raw("<div class=\"glossary\">");
            title_heading(out, title, *level);
            out.raw("\n<dl>");
            for entry in entries {
                out.raw("\n<dt>")
                    .text(&entry.phrase)
                    .raw("</dt>\n<dd>")
                    .raw(&entry.html)
                    .raw("</dd>");
            }
            out.raw("\n</dl>\n</div>\n");
        }
        BlockTemplate::Facts { .. } => {
            facts(out, block);
            out.raw("\n");
        }
    }
}

/// The `contact` branch of `block(b)`.
fn contact_block(out: &mut Out, title: &Option<String>, level: usize, contact: &ContactView) {
    out.raw("<div class=\"contact-block\">");
    title_heading(out, title, level);
    out.raw("\n<address>");
    if let Some(org) = truthy(&contact.org_name) {
        out.raw("\n<strong class=\"org\">")
            .text(org)
            .raw("</strong>");
    }
    for line in &contact.lines {
        out.raw("\n<span class=\"line\">").text(line).raw("</span>");
    }
    out.raw("\n");
    channel_list(out, &contact.channels);
    for officer in &contact.officers {
        out.raw("\n<strong class=\"officer\">")
            .text(&officer.heading)
            .raw("</strong>\n");
        channel_list(out, &officer.channels);
    }
    out.raw("\n</address>\n</div>\n");
}

/// The `facts(b)` component.
fn facts(out: &mut Out, block: &BlockTemplate) {
    let BlockTemplate::Facts {
        title,
        level,
        inner_level,
        kind,
        columns,
        rows,
        rights,
        groups,
        nothing_collected,
    } = block
    else {
        return;
    };
    out.raw("<div class=\"facts ").text(kind).raw("\">");
    title_heading(out, title, *level);
    if !columns.is_empty() {
        fact_table(out, title, kind, columns, rows);
    } else if *kind == "rights-list" {
        out.raw("\n<ul>");
        for right in rights {
            out.raw("\n<li><strong>").text(right.label).raw("</strong>");
            if !right.via.is_empty() {
                out.raw(": ");
                for (i, way) in right.via.iter().enumerate() {
                    link_or_text(out, way);
                    if i + 1 < right.via.len() {
                        out.raw(", ");
                    }
                }
            }
            if let Some(time) = truthy(&right.response_time) {
                out.raw("; answered within ").text(time);
            }
            out.raw("</li>");
        }
        out.raw("\n</ul>");
    } else if *kind == "privacy-label" {
        out.raw("\n<div class=\"label-card\">");
        if let Some(text) = nothing_collected.filter(|t| !t.is_empty()) {
            out.raw("\n<p class=\"label-group-heading\">")
                .text(text)
                .raw("</p>");
        }
        for group in groups {
            out.raw("\n<div class=\"label-group\">\n<h")
                .num(*inner_level)
                .raw(" class=\"label-group-heading\">")
                .text(group.heading)
                .raw("</h")
                .num(*inner_level)
                .raw(">\n<ul>");
            for item in &group.items {
                out.raw("\n<li>").text(item).raw("</li>");
            }
            out.raw("\n</ul>\n</div>");
        }
        out.raw("\n</div>");
    }
    out.raw("\n</div>");
}

/// The table branch of `facts(b)`: a data or cookie table in its
/// scrolling region.
fn fact_table(
    out: &mut Out,
    title: &Option<String>,
    kind: &str,
    columns: &[&str],
    rows: &[Vec<String>],
) {
    let label = match truthy(title) {
        Some(title) => title,
        None if kind == "cookie-table" => "Cookies",
        None => "Data we collect",
    };
    out.raw("\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
        .text(label)
        .raw("\">\n<table>\n<thead><tr>");
    for column in columns {
        out.raw("<th scope=\"col\">").text(column).raw("</th>");
    }
    out.raw("</tr></thead>\n<tbody>");
    for row in rows {
        out.raw("\n<tr>");
        for (i, cell) in row.iter().enumerate() {
            let (open, close) = if i == 0 {
                ("<th scope=\"row\">", "</th>")
            } else {
                ("<td>", "</td>")
            };
            out.raw(open).text(cell).raw(close);
        }
        out.raw("</tr>");
    }
    out.raw("\n</tbody>\n</table>\n</div>");
}

/// `<a href="HREF">TEXT</a>` when the channel has a target, else its text.
fn link_or_text(out: &mut Out, channel: &ChannelTemplate) {
    match truthy(&channel.href) {
        Some(href) => {
            out.raw("<a href=\"")
                .text(href)
                .raw("\">")
                .text(&channel.text)
                .raw("</a>");
        }
        None => {
            out.text(&channel.text);
        }
    }
}

/// The `toc_list(entries)` component.
fn toc_list(out: &mut Out, entries: &[TocTemplate]) {
    out.raw("<ul>");
    for entry in entries {
        out.raw("\n<li><a href=\"#").text(&entry.id).raw("\">");
        if let Some(number) = truthy(&entry.number) {
            out.raw("<span class=\"number\">")
                .text(number)
                .raw("</span> ");
        }
        out.text(&entry.title).raw("</a>");
        if !entry.children.is_empty() {
            toc_list(out, &entry.children);
        }
        out.raw("</li>");
    }
    out.raw("\n</ul>");
}

/// The `channel_list(channels)` component.
fn channel_list(out: &mut Out, channels: &[ChannelTemplate]) {
    if channels.is_empty() {
        return;
    }
    out.raw("\n<dl>");
    for channel in channels {
        out.raw("\n<dt>").text(channel.label).raw("</dt><dd>");
        link_or_text(out, channel);
        out.raw("</dd>");
    }
    out.raw("\n</dl>");
}

/// `site-index.html`: the site's index page.
pub(super) fn index(view: &IndexView) -> String {
    let mut out = Out::with_capacity(16 * 1024);
    let language = view
        .policies
        .first()
        .map_or("en", |p| p.policy.language.as_str());
    out.raw("<!DOCTYPE html>\n<html lang=\"")
        .text(language)
        .raw("\">\n<head>\n")
        .raw(head())
        .raw("<title>")
        .text(&view.title)
        .raw("</title>\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n")
        .raw("<div class=\"layout\">\n<main id=\"main\">\n<article class=\"policy\">\n")
        .raw("<header class=\"policy-header\">\n<h1>")
        .text(&view.title)
        .raw("</h1>\n</header>\n<ul class=\"policy-list\">");
    for entry in &view.policies {
        out.raw("\n<li>\n<a class=\"policy-link\" href=\"")
            .text(&entry.href)
            .raw("\">")
            .text(&entry.policy.title)
            .raw("</a>\n");
        index_meta(&mut out, &entry.policy);
        out.raw("\n</li>");
    }
    out.raw("\n</ul>\n</article>\n</main>\n</div>\n</body>\n</html>\n");
    out.finish()
}

/// An index entry's kind, organisation and dates.
fn index_meta(out: &mut Out, policy: &PolicyView) {
    out.raw("<span class=\"policy-meta\">")
        .text(&capitalize(policy.kind.keyword()))
        .raw(" policy");
    if let Some(org) = truthy(&policy.org_name) {
        out.raw(" · ").text(org);
    }
    out.raw("</span>");
    if policy.effective.is_none() && policy.updated.is_none() {
        return;
    }
    out.raw("\n<span class=\"policy-meta\">");
    if let Some(date) = &policy.effective {
        out.raw("Effective ");
        time(out, date);
    }
    if policy.effective.is_some() && policy.updated.is_some() {
        out.raw(" · ");
    }
    if let Some(date) = &policy.updated {
        out.raw("Last updated ");
        time(out, date);
    }
    out.raw("</span>");
}

/// tera's `capitalize` filter: the first character in upper case, the rest
/// in lower case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{HtmlRenderer, SiteInfo, index_view, page_view};
    use super::Out;
    use crate::model::Policy;
    use crate::source::SourceFile;
    use std::path::{Path, PathBuf};

    /// Every `.policy` file of the repository but `target/`, compiled: the
    /// valid policies and what could be read of the others.
    fn corpus() -> Vec<(PathBuf, Policy)> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() && !path.ends_with("target") && !path.ends_with(".git") {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "policy") {
                    found.push(path);
                }
            }
        }
        let mut paths = Vec::new();
        walk(Path::new(env!("CARGO_MANIFEST_DIR")), &mut paths);
        paths.sort();
        paths
            .into_iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).ok()?;
                let compiled = crate::compile(&SourceFile::new("t.policy", &text));
                Some((path, compiled.policy.or(compiled.partial)?))
            })
            .collect()
    }

    /// The page and index as tera renders them with the embedded templates.
    fn by_tera(renderer: &HtmlRenderer, template: &str, view: &impl serde::Serialize) -> String {
        match renderer.render_view(template, view) {
            Ok(text) => text,
            Err(e) => panic!("{template}: {e}"),
        }
    }

    #[test]
    fn every_page_and_index_is_what_the_default_templates_write() {
        let renderer = HtmlRenderer::new().unwrap();
        let corpus = corpus();
        assert!(corpus.len() > 50, "{} policies", corpus.len());
        let sites = [
            SiteInfo::default(),
            SiteInfo {
                title: Some("Legal <&> \"'".into()),
                base_url: Some("https://example.com/a?b=1&c='2'/".into()),
            },
        ];
        for site in &sites {
            for (path, policy) in &corpus {
                let view = page_view(&crate::view::Document::of(policy), site);
                let native = super::page(&view);
                let tera = by_tera(&renderer, "page.html", &view);
                if native != tera {
                    let at = native
                        .bytes()
                        .zip(tera.bytes())
                        .position(|(a, b)| a != b)
                        .unwrap_or(native.len().min(tera.len()));
                    let from = at.saturating_sub(200);
                    panic!(
                        "{}: differs at byte {at}\nnative: {:?}\ntera:   {:?}",
                        path.display(),
                        native.get(from..(at + 200).min(native.len())),
                        tera.get(from..(at + 200).min(tera.len())),
                    );
                }
            }
            let all: Vec<&Policy> = corpus.iter().map(|(_, p)| p).collect();
            for policies in [&all[..], &all[..1], &[]] {
                let view = index_view(policies, site);
                assert_eq!(
                    super::index(&view),
                    by_tera(&renderer, "site-index.html", &view)
                );
            }
        }
    }

    #[test]
    fn capitalize_is_teras() {
        assert_eq!(super::capitalize("privacy"), "Privacy");
        assert_eq!(super::capitalize("tERMS"), "Terms");
        assert_eq!(super::capitalize(""), "");
    }

    proptest::proptest! {
        /// The defect this guards against: a value escaped otherwise than
        /// by tera's autoescaping, which a theme's page gets.
        #[test]
        fn values_are_escaped_as_tera_escapes_them(value in "[a&<>\"'/é\u{F0000}]{0,24}") {
            let mut tera = Vec::new();
            proptest::prop_assert!(tera::escape_html(&value, &mut tera).is_ok());
            let mut out = Out::with_capacity(0);
            out.text(&value);
            proptest::prop_assert_eq!(out.finish().into_bytes(), tera);
        }
    }
}
