//! Markdown → blocks. The prose is already CommonMark, so it is kept as
//! written: each run of blocks between two headings is copied from the
//! source, byte for byte, with four changes the compiler needs — raw HTML
//! (which the compiler shows as text) read as HTML (blocks through the HTML
//! reader, inline tags as emphasis, links and line breaks, or dropped),
//! reference links written inline (the definition may sit in another
//! section's prose), their definitions removed, and YAML front matter
//! read for the title and dates. Headings (ATX and setext) become sections;
//! the first, when it is the only level-1 heading before any other, is
//! the title. A paragraph that is only bold text, short and without a
//! full stop, is read as a heading too, as readers see it.

use super::Note;
use super::blocks::{Block, Clue, Document, Heading, Prose, Shape, split_number};
use super::html;
use crate::markup::link_destination;
use crate::source::SafeSlice;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// One change to the source of a run: `range` replaced by `with`.
#[derive(Debug)]
struct Edit {
    range: Range<usize>,
    with: String,
}

/// What the walk has gathered for the run of prose being read.
#[derive(Default)]
struct Run {
    range: Option<Range<usize>>,
    plain: String,
    blocks: usize,
    paragraphs: usize,
}

/// Reads Markdown.
pub fn read(text: &str) -> Document {
    let mut document = Document::default();
    let (front, body_start) = front_matter(text);
    if let Some(yaml) = front {
        read_front_matter(yaml, &mut document);
    }
    let body = text.slice_from(body_start);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(body, options).into_offset_iter();
    let mut definitions: Vec<Edit> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| Edit {
            range: def.span.clone(),
            with: String::new(),
        })
        .collect();
    definitions.sort_by_key(|d| d.range.start);
    let mut edits = Vec::new();
    let events: Vec<(Event<'_>, Range<usize>)> = parser.collect();
    Walk {
        body,
        events: &events,
        at: 0,
        run: Run::default(),
        edits: &mut edits,
        definitions: &definitions,
        next_definition: 0,
        document: &mut document,
        line_of: LineOf::new(text, body_start),
    }
    .all();
    document.take_title();
    document
}

/// The 1-based line of a byte of the body, counted in the whole text.
struct LineOf {
    /// Lines before the body (the front matter's).
    before: usize,
    /// Where each line of the body starts.
    starts: Vec<usize>,
}

impl LineOf {
    fn new(text: &str, offset: usize) -> LineOf {
        let before = text.slice_to(offset).matches('\n').count();
        let body = text.slice_from(offset);
        let mut starts = vec![0];
        starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
        LineOf { before, starts }
    }

    fn line(&self, byte: usize) -> usize {
        self.before + self.starts.partition_point(|&s| s <= byte)
    }
}

/// `---` … `---` at the very start: the YAML and where the body starts.
fn front_matter(text: &str) -> (Option<&str>, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, 0);
    };
    for close in ["\n---\n", "\n...\n"] {
        if let Some(end) = rest.find(close) {
            return (Some(rest.slice_to(end)), 4 + end + close.len());
        }
    }
    if let Some(yaml) = rest
        .strip_suffix("\n---")
        .or_else(|| rest.strip_suffix("\n---\n"))
    {
        return (Some(yaml), text.len());
    }
    (None, 0)
}

fn read_front_matter(yaml: &str, document: &mut Document) {
    let file = crate::source::SourceFile::new("front matter", yaml);
    match crate::yaml::from_yaml::<serde_json::Map<String, serde_json::Value>>(&file) {
        Ok(map) => {
            let mut keys = Vec::new();
            for (key, value) in map {
                let text = match value {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                keys.push(key.clone());
                document.front_matter.push((key, text));
            }
            document.notes.push(Note::info(format!(
                "front matter read (keys: {}); only the title and dates are used",
                keys.join(", ")
            )));
        }
        Err(_) => document.notes.push(Note::warning(
            "the front matter is not valid YAML: left out",
        )),
    }
}

/// The walk over the parser's events.
struct Walk<'e, 'a> {
    body: &'a str,
    events: &'e [(Event<'a>, Range<usize>)],
    at: usize,
    run: Run,
    /// The edits of the run being read (they are made as its blocks are).
    edits: &'e mut Vec<Edit>,
    /// Link reference definitions to remove, in order, and the first not
    /// yet passed.
    definitions: &'e [Edit],
    next_definition: usize,
    document: &'e mut Document,
    line_of: LineOf,
}

impl Walk<'_, '_> {
    fn all(&mut self) {
        let events = self.events;
        while let Some((event, range)) = events.get(self.at) {
            let range = range.clone();
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    self.flush();
                    let start = self.at;
                    let end = self.skip_to_end();
                    let plain = self.plain(start, end);
                    self.heading(&plain, *level as usize, range.start);
                }
                Event::Start(Tag::HtmlBlock) => {
                    self.flush();
                    self.skip_to_end();
                    self.html_block(range);
                }
                Event::Start(Tag::Paragraph) if self.bold_heading(&range) => {}
                Event::Start(_) => {
                    let start = self.at;
                    let end = self.skip_to_end();
                    self.content(start, end, range);
                }
                _ => {
                    let start = self.at;
                    self.content(start, start, range);
                }
            }
            self.at += 1;
        }
        self.flush();
    }

    /// Moves `at` to the end of the element that starts there; returns it.
    fn skip_to_end(&mut self) -> usize {
        let mut depth = 0usize;
        while let Some((event, _)) = self.events.get(self.at) {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 {
                break;
            }
            self.at += 1;
        }
        self.at
    }

    fn heading(&mut self, plain: &str, level: usize, start: usize) {
        let text = plain.trim();
        if text.is_empty() {
            return;
        }
        let (number, title) = match split_number(text) {
            Some((number, rest, _)) => (Some(number), rest),
            None => (None, text.to_string()),
        };
        self.document.blocks.push(Block::Heading(Heading {
            level,
            title,
            number,
            clue: Clue::Markup,
            line: self.line_of.line(start),
        }));
    }

    /// A paragraph that is only bold text, short and not a sentence, is a
    /// heading one level below the last real one.
    fn bold_heading(&mut self, range: &Range<usize>) -> bool {
        let inner: Vec<&Event<'_>> = self
            .events
            .iter()
            .skip(self.at + 1)
            .map(|(e, _)| e)
            .take_while(|e| !matches!(e, Event::End(TagEnd::Paragraph)))
            .collect();
        let [
            Event::Start(Tag::Strong),
            middle @ ..,
            Event::End(TagEnd::Strong),
        ] = inner.as_slice()
        else {
            return false;
        };
        let mut text = String::new();
        for event in middle {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak => text.push(' '),
                _ => return false,
            }
        }
        let words = text.split_whitespace().count();
        if words == 0 || words > 12 || text.trim_end().ends_with(['.', ',', ';', ':']) {
            return false;
        }
        let level = self
            .document
            .headings()
            .map(|h| h.level)
            .last()
            .map_or(2, |l| l + 1)
            .min(6);
        self.flush();
        self.skip_to_end();
        self.heading(&text, level, range.start);
        true
    }

    /// The plain text of the events from `start` to `end`.
    fn plain(&self, start: usize, end: usize) -> String {
        let mut text = String::new();
        for (event, _) in self.events.get(start..=end).unwrap_or_default() {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak => text.push(' '),
                Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::TableRow
                    | TagEnd::TableHead
                    | TagEnd::CodeBlock,
                ) => text.push('\n'),
                Event::End(TagEnd::TableCell) => text.push(' '),
                _ => {}
            }
        }
        text
    }

    /// A content block from event `start` to `end`, at `range` of the body.
    fn content(&mut self, start: usize, end: usize, range: Range<usize>) {
        self.inline_html(start, end);
        self.reference_links(start, end);
        let plain = self.plain(start, end);
        let run = &mut self.run;
        run.range = Some(match &run.range {
            Some(r) => r.start..range.end.max(r.end),
            None => range,
        });
        if !run.plain.is_empty() && !plain.is_empty() {
            run.plain.push('\n');
        }
        run.plain.push_str(plain.trim_end());
        run.blocks += 1;
        if matches!(
            self.events.get(start),
            Some((Event::Start(Tag::Paragraph), _))
        ) {
            run.paragraphs += 1;
        }
    }

    /// The run of content so far, as one prose block.
    fn flush(&mut self) {
        let run = std::mem::take(&mut self.run);
        let Some(range) = run.range else { return };
        let mut edits = std::mem::take(self.edits);
        while let Some(definition) = self
            .definitions
            .get(self.next_definition)
            .filter(|d| d.range.start < range.end)
        {
            if definition.range.start >= range.start {
                edits.push(Edit {
                    range: definition.range.clone(),
                    with: String::new(),
                });
            }
            self.next_definition += 1;
        }
        let markdown = apply(self.body, range.clone(), &edits);
        if markdown.trim().is_empty() {
            return;
        }
        self.document.blocks.push(Block::Prose(Prose {
            markdown: markdown.trim_end().to_string(),
            plain: run.plain,
            shape: if run.blocks == 1 && run.paragraphs == 1 {
                Shape::Paragraph
            } else {
                Shape::Other
            },
            line: self.line_of.line(range.start),
        }));
    }

    /// An HTML block, read by the HTML reader.
    fn html_block(&mut self, range: Range<usize>) {
        let source = self.body.slice_between(range.start, range.end);
        let line = self.line_of.line(range.start);
        let blocks = html::fragment(source);
        if !blocks.is_empty() {
            self.document
                .notes
                .push(Note::info(format!("raw HTML at line {line} read as HTML")));
        }
        for mut block in blocks {
            match &mut block {
                Block::Heading(h) => h.line = line,
                Block::Prose(p) => p.line = line,
            }
            self.document.blocks.push(block);
        }
    }

    /// Inline HTML tags as CommonMark: `<br>` a line break (a space in a
    /// table), `<b>`/`<strong>` and `<i>`/`<em>` emphasis, `<a href>` a
    /// link; every other tag and comment dropped, its text kept.
    fn inline_html(&mut self, start: usize, end: usize) {
        let mut links: Vec<Option<String>> = Vec::new();
        let mut in_table = false;
        for (event, range) in self.events.get(start..=end).unwrap_or_default() {
            match event {
                Event::Start(Tag::Table(_)) => in_table = true,
                Event::End(TagEnd::Table) => in_table = false,
                Event::InlineHtml(tag) => {
                    let mut with = inline_tag(tag, in_table, &mut links);
                    // A `<br>` at the end of a line needs only the backslash.
                    if with == "\\\n" && self.body.slice_from(range.end).starts_with('\n') {
                        with.pop();
                    }
                    self.edits.push(Edit {
                        range: range.clone(),
                        with,
                    });
                }
                _ => {}
            }
        }
    }

    /// Reference links (`[text][id]`, `[text][]`, `[text]`) written inline;
    /// links and images that could run script (`javascript:` …) kept as
    /// their text, which the compiler would otherwise refuse.
    fn reference_links(&mut self, start: usize, end: usize) {
        let events = self.events.get(start..=end).unwrap_or_default();
        for (i, (event, range)) in events.iter().enumerate() {
            let (Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            })) = event
            else {
                continue;
            };
            if crate::markup::url::is_unsafe_url(dest_url) {
                let text = self.inner_source(events, i);
                self.replace(range, text);
                continue;
            }
            if !matches!(
                link_type,
                LinkType::Reference
                    | LinkType::ReferenceUnknown
                    | LinkType::Collapsed
                    | LinkType::CollapsedUnknown
                    | LinkType::Shortcut
                    | LinkType::ShortcutUnknown
            ) {
                continue;
            }
            let text = self.inner_source(events, i);
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" \"{}\"", title.replace('"', "\\\""))
            };
            let with = format!("[{text}]({}{title})", link_destination(dest_url));
            self.replace(range, with);
        }
    }

    /// The source between a link's brackets (the link starts at event `i`).
    fn inner_source(&self, events: &[(Event<'_>, Range<usize>)], i: usize) -> String {
        let inner: Vec<&Range<usize>> = events
            .iter()
            .skip(i + 1)
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Link | TagEnd::Image)))
            .map(|(_, r)| r)
            .collect();
        match (inner.first(), inner.last()) {
            (Some(a), Some(b)) => self.body.slice_between(a.start, b.end).to_string(),
            _ => String::new(),
        }
    }

    /// An edit replacing `range`, and every edit inside it.
    fn replace(&mut self, range: &Range<usize>, with: String) {
        self.edits
            .retain(|e| e.range.start < range.start || e.range.end > range.end);
        self.edits.push(Edit {
            range: range.clone(),
            with,
        });
    }
}

/// One inline HTML tag as CommonMark.
fn inline_tag(tag: &str, in_table: bool, links: &mut Vec<Option<String>>) -> String {
    let lower = tag.trim().to_ascii_lowercase();
    let name: String = lower
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
        .collect();
    match name.as_str() {
        "br" | "br/" if in_table => " ".to_string(),
        "br" | "br/" => "\\\n".to_string(),
        "b" | "/b" | "strong" | "/strong" => "**".to_string(),
        "i" | "/i" | "em" | "/em" => "*".to_string(),
        "a" => {
            let href = html::attribute(tag, "href").filter(|h| html::keeps_link(h));
            let open = if href.is_some() { "[" } else { "" };
            links.push(href);
            open.to_string()
        }
        "/a" => match links.pop().flatten() {
            Some(href) => format!("]({})", link_destination(&href)),
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// The source of `range` with the edits inside it applied.
fn apply(body: &str, range: Range<usize>, edits: &[Edit]) -> String {
    let mut inside: Vec<&Edit> = edits
        .iter()
        .filter(|e| e.range.start >= range.start && e.range.end <= range.end)
        .collect();
    inside.sort_by_key(|e| e.range.start);
    let mut out = String::new();
    let mut at = range.start;
    for edit in inside {
        if edit.range.start < at {
            continue;
        }
        out.push_str(body.slice_between(at, edit.range.start));
        out.push_str(&edit.with);
        at = edit.range.end;
    }
    out.push_str(body.slice_between(at, range.end));
    out
}
