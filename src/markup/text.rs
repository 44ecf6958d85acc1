//! Resolved prose with its values kept apart from its markup. The author's
//! CommonMark is parsed once with a private-use character standing for
//! each value; each value is then put where the parser placed its stand-in,
//! as text for that place — into the parser's events for pages, escaped for
//! the exact context (text, code, raw HTML, link destination or title,
//! autolink) for Markdown. A value is never parsed as Markdown.

use super::escape_markdown_at;
use super::parsed::Parsed;
use crate::model::{Resolved, Segment};
use crate::source::SafeSlice;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// The first private-use character that stands for a value (plane 15).
const FIRST_SLOT: u32 = 0xF0000;
/// The last one: the plane's last two code points are noncharacters.
const LAST_SLOT: u32 = 0xFFFFD;

/// The CommonMark extensions every output reads prose with.
pub const PROSE_OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// A resolved prose text: CommonMark in which each value is one stand-in
/// character, and the values it stands for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProseText {
    source: String,
    values: Vec<Resolved>,
    /// `source` parsed when first read, for every reader after.
    parsed: Parsed,
}

/// The first byte of every stand-in's UTF-8 (plane 15 is `F3 B0..BF …`):
/// text without it holds none, and is copied whole rather than a
/// character at a time.
const SLOT_LEAD: u8 = 0xF3;

/// `text` in runs that hold no stand-in, each but the last followed by the
/// character after it, which may be one.
fn runs(text: &str) -> impl Iterator<Item = (&str, Option<char>)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some((run, from)) =
            memchr::memchr(SLOT_LEAD, rest.as_bytes()).and_then(|at| rest.split_at_checked(at))
        else {
            return Some((std::mem::take(&mut rest), None));
        };
        let mut chars = from.chars();
        let c = chars.next();
        rest = chars.as_str();
        Some((run, c))
    })
}

/// How a reference that resolved to nothing reads in prose: as written,
/// `${name}` (an error says why elsewhere).
pub fn unresolved_text(name: &str) -> String {
    format!("${{{name}}}")
}

fn slot_index(c: char) -> Option<usize> {
    let code = u32::from(c);
    (FIRST_SLOT..=LAST_SLOT)
        .contains(&code)
        .then(|| (code - FIRST_SLOT) as usize)
}

impl ProseText {
    /// The prose of these segments. A reference that resolved to nothing
    /// stands as the text `${name}`; a stand-in character the author wrote
    /// becomes a value of itself, so it cannot be mistaken for one.
    pub fn of(segments: &[Segment]) -> Self {
        let mut text = ProseText::default();
        for segment in segments {
            match segment {
                Segment::Text(markdown) => {
                    for (run, c) in runs(markdown) {
                        text.source.push_str(run);
                        match c {
                            Some(c) if slot_index(c).is_some() => text.push_value(Resolved {
                                text: c.to_string(),
                                date: None,
                                link: None,
                            }),
                            Some(c) => text.source.push(c),
                            None => {}
                        }
                    }
                }
                Segment::Ref(r) => text.push_value(match &r.node.value {
                    Some(value) => value.clone(),
                    None => Resolved {
                        text: unresolved_text(&r.node.name),
                        date: None,
                        link: None,
                    },
                }),
            }
        }
        text
    }

    /// Appends a value: its stand-in, or past the last stand-in (over a
    /// million values in one block) the value escaped as Markdown text.
    fn push_value(&mut self, value: Resolved) {
        let slot = u32::try_from(self.values.len())
            .ok()
            .and_then(|i| FIRST_SLOT.checked_add(i))
            .filter(|code| *code <= LAST_SLOT)
            .and_then(char::from_u32);
        match slot {
            Some(c) => {
                self.source.push(c);
                self.values.push(value);
            }
            None => self
                .source
                .push_str(&escape_markdown_at(&value.text, false)),
        }
    }

    /// The CommonMark with a stand-in character for each value: for
    /// looking at the author's markup (list bullets, written links).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The value a character stands for, when it stands for one.
    pub fn value(&self, c: char) -> Option<&Resolved> {
        slot_index(c).and_then(|i| self.values.get(i))
    }

    /// `text` with every stand-in replaced by its value as written.
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for (run, c) in runs(text) {
            out.push_str(run);
            match c.map(|c| (c, self.value(c))) {
                Some((_, Some(value))) => out.push_str(&value.text),
                Some((c, None)) => out.push(c),
                None => {}
            }
        }
        out
    }

    /// Whether `text` holds a stand-in for one of the values: never when
    /// the prose has none (most prose), so that its text is not scanned.
    fn holds_value(&self, text: &str) -> bool {
        !self.values.is_empty() && runs(text).any(|(_, c)| c.and_then(|c| self.value(c)).is_some())
    }

    fn fill_cow<'s>(&self, text: CowStr<'s>) -> CowStr<'s> {
        if self.holds_value(&text) {
            CowStr::from(self.fill(&text))
        } else {
            text
        }
    }

    /// The prose parsed as CommonMark, raw HTML turned into text (a page
    /// shows it, never runs it), and each value put into the event that
    /// holds its stand-in: text in text, code in code, a link's target in
    /// its target. A value that makes a link (an email, phone or web
    /// address) is a link in text outside the author's links and images.
    /// With `time`, a date value in text becomes a `<time>` element (as
    /// inline HTML, the only markup added).
    pub fn events(&self, time: bool) -> Vec<Event<'_>> {
        let mut out = Vec::new();
        let mut in_link = 0usize;
        for (event, _) in self.parsed.events(&self.source) {
            match event {
                Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                    self.text_events(text, time, in_link == 0, &mut out);
                }
                Event::Code(code) => out.push(Event::Code(self.fill_cow(code))),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    in_link += 1;
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: self.fill_cow(dest_url),
                        title: self.fill_cow(title),
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    in_link += 1;
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: self.fill_cow(dest_url),
                        title: self.fill_cow(title),
                        id,
                    }));
                }
                Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                    in_link = in_link.saturating_sub(1);
                    out.push(Event::End(end));
                }
                other => out.push(other),
            }
        }
        out
    }

    /// What [`ProseText::events`] gives for prose with no value, without
    /// collecting it: the parser's events, raw HTML as text. `None` when
    /// the prose has values to put in.
    pub fn plain_events(&self) -> Option<impl Iterator<Item = Event<'_>>> {
        self.values.is_empty().then(|| {
            self.parsed
                .events(&self.source)
                .map(|(event, _)| match event {
                    Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
                    other => other,
                })
        })
    }

    /// A text event with its values put in: dates as `<time>` (with
    /// `time`), linking values as links (when `linkable`), the rest as text.
    fn text_events<'s>(
        &self,
        text: CowStr<'s>,
        time: bool,
        linkable: bool,
        out: &mut Vec<Event<'s>>,
    ) {
        let marked =
            |value: &Resolved| (time && value.date.is_some()) || (linkable && value.link.is_some());
        if self.values.is_empty()
            || !runs(&text).any(|(_, c)| c.and_then(|c| self.value(c)).is_some_and(marked))
        {
            out.push(Event::Text(self.fill_cow(text)));
            return;
        }
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut Vec<Event<'s>>| {
            if !run.is_empty() {
                out.push(Event::Text(CowStr::from(std::mem::take(run))));
            }
        };
        for c in text.chars() {
            match self.value(c) {
                Some(value) if time && value.date.is_some() => {
                    flush(&mut run, out);
                    let date = value.date.map(|d| d.to_string()).unwrap_or_default();
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<time datetime=\"{}\">{}</time>",
                        super::escape_html(&date),
                        super::escape_html(&value.text)
                    ))));
                }
                Some(Resolved {
                    text: words,
                    link: Some(link),
                    ..
                }) if linkable => {
                    flush(&mut run, out);
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(link.target.clone()),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }));
                    out.push(Event::Text(CowStr::from(words.clone())));
                    out.push(Event::End(TagEnd::Link));
                }
                Some(value) => run.push_str(&value.text),
                None => run.push(c),
            }
        }
        flush(&mut run, out);
    }

    /// The prose as CommonMark for the `.md` output: the author's markup
    /// kept, each value escaped for where it lands, and no `<` outside code
    /// and autolinks left to open a tag — the author's raw HTML becomes
    /// text, as the page shows it. Prose with no value and no `<` (most
    /// prose) is its source as written, read without parsing it
    /// ([`ProseText::is_written_markdown`]).
    pub fn to_markdown(&self) -> Cow<'_, str> {
        if self.is_written_markdown() {
            Cow::Borrowed(&self.source)
        } else {
            Cow::Owned(self.walked_markdown())
        }
    }

    /// Whether the `.md` form is the source itself: with no stand-in, the
    /// walk of [`ProseText::walked_markdown`] changes only a `<` (in text,
    /// raw HTML or an autolink, which all start with one) and copies every
    /// other character as it is.
    fn is_written_markdown(&self) -> bool {
        self.values.is_empty() && !self.source.contains('<')
    }

    /// The `.md` form, the source walked leaf by leaf as the parser placed
    /// it.
    fn walked_markdown(&self) -> String {
        let places = Places::of(self.parsed.events(&self.source));
        let source = self.source.as_str();
        let mut out = String::with_capacity(source.len() + 16);
        let mut leaves = places.leaves.iter().peekable();
        let mut i = 0usize;
        while let Some(c) = source.slice_from(i).chars().next() {
            while leaves.peek().is_some_and(|(range, _)| range.end <= i) {
                leaves.next();
            }
            let leaf = leaves.peek().filter(|(range, _)| range.start <= i);
            let mut next = i + c.len_utf8();
            match leaf {
                Some((range, Place::Code(code))) => {
                    if range.start == i && self.holds_value(code) {
                        out.push_str(&code_span(&self.fill(code).replace('\n', " ")));
                        next = next.max(range.end);
                    } else {
                        out.push(c);
                    }
                }
                Some((range, Place::Html)) => {
                    let raw = source.get(range.clone()).unwrap_or_default();
                    out.push_str(&escape_markdown_at(&self.fill(raw), at_block_start(&out)));
                    next = next.max(range.end);
                }
                Some((range, Place::Text)) => next = self.text_run(i, c, range.end, true, &mut out),
                Some((range, Place::LinkText)) => {
                    next = self.text_run(i, c, range.end, false, &mut out);
                }
                Some((_, Place::CodeBlock)) => match self.value(c) {
                    Some(value) => out.push_str(&one_line(&value.text)),
                    None => out.push(c),
                },
                Some((_, Place::Autolink)) => match self.value(c) {
                    Some(value) => out.push_str(&encode_url(&value.text)),
                    None => out.push(c),
                },
                None => match self.value(c) {
                    Some(value) if places.in_title(c) => out.push_str(&escape_title(&value.text)),
                    Some(value) => out.push_str(&escape_destination(&value.text)),
                    None => out.push(c),
                },
            }
            // A leaf skipped whole ends on a character boundary; were it
            // not to, the next character would be read whole all the same.
            while next < source.len() && !source.is_char_boundary(next) {
                next += 1;
            }
            i = next;
        }
        out
    }

    /// Text from byte `i` (the character `c`) to `end`: a run that holds
    /// neither a stand-in nor `<` copied whole, else the one character as
    /// [`ProseText::text_char`] writes it; where the next one starts.
    fn text_run(&self, i: usize, c: char, end: usize, linkable: bool, out: &mut String) -> usize {
        let rest = self.source.slice_between(i, end);
        let plain = memchr::memchr2(b'<', SLOT_LEAD, rest.as_bytes()).unwrap_or(rest.len());
        if plain == 0 {
            self.text_char(c, linkable, out);
            i + c.len_utf8()
        } else {
            out.push_str(rest.slice_to(plain));
            i + plain
        }
    }

    /// A character of text: a value escaped as text, or (when `linkable`,
    /// outside the author's links) a link when it makes one; `<` as `&lt;`
    /// (an escaped `\<` too, which some processors leave a tag).
    fn text_char(&self, c: char, linkable: bool, out: &mut String) {
        if let Some(value) = self.value(c) {
            let escaped = escape_markdown_at(&one_line(&value.text), at_block_start(out));
            match value.link.as_ref().filter(|l| linkable && !l.is_phone) {
                Some(link) => out.push_str(&markdown_link(&value.text, &link.target, &escaped)),
                None => out.push_str(&escaped),
            }
        } else if c == '<' {
            let backslashes = out.chars().rev().take_while(|b| *b == '\\').count();
            if backslashes % 2 == 1 {
                out.pop();
            }
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
}

/// A value that makes a link, in Markdown: an autolink (`<https://…>`,
/// `<name@example.com>`) when it shows the value exactly and holds only
/// characters every reader takes in one (nothing a table, an emphasis or
/// the autolink itself would read); else an inline link to the target,
/// its text the value `escaped` as text.
fn markdown_link(text: &str, target: &str, escaped: &str) -> String {
    let plain = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_/:@?=#%+~,;".contains(c))
    };
    let shows_itself = text == target || target.strip_prefix("mailto:") == Some(text);
    if shows_itself && plain(text) {
        format!("<{text}>")
    } else {
        format!("[{escaped}]({})", escape_destination(target))
    }
}

/// Where a run of the source landed in the parse.
enum Place<'s> {
    /// Inline or table text.
    Text,
    /// The text of a link or an image the author wrote: no link inside.
    LinkText,
    /// The text of a code block.
    CodeBlock,
    /// A code span, with its content.
    Code(CowStr<'s>),
    /// Raw HTML, block or inline.
    Html,
    /// An autolink, `<…>` included.
    Autolink,
}

/// The source's leaves in order, and the characters of its links' titles
/// (a set, so that a block of many links stays linear).
struct Places<'s> {
    leaves: Vec<(Range<usize>, Place<'s>)>,
    titles: HashSet<char>,
}

impl<'s> Places<'s> {
    fn of(events: impl Iterator<Item = (Event<'s>, Range<usize>)>) -> Self {
        let mut places = Places {
            leaves: Vec::new(),
            titles: HashSet::new(),
        };
        let mut in_code_block = false;
        let mut autolink_depth = 0usize;
        let mut link_depth = 0usize;
        for (event, range) in events {
            let place = match event {
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code_block = true;
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code_block = false;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                }) => {
                    autolink_depth += 1;
                    Place::Autolink
                }
                Event::End(TagEnd::Link) if autolink_depth > 0 => {
                    autolink_depth -= 1;
                    continue;
                }
                Event::Start(Tag::Link { title, .. } | Tag::Image { title, .. }) => {
                    places
                        .titles
                        .extend(title.chars().filter(|c| slot_index(*c).is_some()));
                    link_depth += 1;
                    continue;
                }
                Event::End(TagEnd::Link | TagEnd::Image) if autolink_depth == 0 => {
                    link_depth = link_depth.saturating_sub(1);
                    continue;
                }
                _ if autolink_depth > 0 => continue,
                Event::Text(_) if in_code_block => Place::CodeBlock,
                Event::Text(_) if link_depth > 0 => Place::LinkText,
                Event::Text(_) => Place::Text,
                Event::Code(code) => Place::Code(code),
                Event::Html(_) | Event::InlineHtml(_) => Place::Html,
                _ => continue,
            };
            places.leaves.push((range, place));
        }
        places.leaves.sort_by_key(|(range, _)| range.start);
        places
    }

    /// Whether a stand-in outside every leaf is in a link's title (else it
    /// is in a destination, of a link or a reference definition).
    fn in_title(&self, c: char) -> bool {
        self.titles.contains(&c)
    }
}

/// Whether the output's last line so far holds only indentation and
/// container markers (`>`, list bullets, `1.`), so that what follows
/// starts a block.
fn at_block_start(out: &str) -> bool {
    // Only the end of the output is read, so that many values on one long
    // line stay linear: container markers never fill a line this long.
    const LONGEST: usize = 256;
    let mut reversed = String::new();
    for (n, c) in out.chars().rev().enumerate() {
        if c == '\n' {
            break;
        }
        if n >= LONGEST {
            return false;
        }
        reversed.push(c);
    }
    let line: String = reversed.chars().rev().collect();
    line.split_whitespace().all(|token| {
        matches!(token, ">" | "-" | "*" | "+")
            || token.chars().all(|c| c == '>')
            || token
                .strip_suffix(['.', ')'])
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A value inside a line: its line breaks become spaces (a break would
/// split a heading, a table row or a list item).
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A code span holding `content` exactly: a fence longer than any run of
/// backticks in it, padded when it starts or ends with one.
fn code_span(content: &str) -> String {
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = content.starts_with('`')
        || content.ends_with('`')
        || (content.starts_with(' ') && content.ends_with(' ') && !content.trim().is_empty());
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// A value inside an autolink: what would end it (or a quoted attribute a
/// processor writes it into) percent-encoded.
fn encode_url(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A value inside a link destination (bare or `<…>`): spaces and angle
/// brackets percent-encoded, what CommonMark reads there escaped.
fn escape_destination(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in encode_url(text).chars() {
        if matches!(c, '\\' | '(' | ')' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A value inside a link title: every ASCII punctuation character escaped,
/// `<` as `&lt;` (as everywhere outside code).
fn escape_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if c == '<' {
            out.push_str("&lt;");
            continue;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Reference};
    use crate::source::Span;

    fn text(parts: &[(&str, Option<&str>)]) -> ProseText {
        let segments: Vec<Segment> = parts
            .iter()
            .map(|(t, value)| match value {
                None => Segment::Text((*t).to_string()),
                Some(v) => Segment::Ref(Node::new(
                    Reference {
                        name: (*t).to_string(),
                        value: Some(Resolved {
                            text: (*v).to_string(),
                            date: None,
                            link: None,
                        }),
                    },
                    Span::default(),
                )),
            })
            .collect();
        ProseText::of(&segments)
    }

    /// The runs copied whole must split exactly where a stand-in may be:
    /// a character of planes 12–14 (the same first byte, not a stand-in)
    /// and one the author wrote in plane 15 are kept, a value put in.
    #[test]
    fn text_is_copied_in_runs_around_stand_ins() {
        let plane_12 = '\u{C0000}';
        let written_slot = '\u{F0005}';
        let t = text(&[
            (&format!("é{plane_12}a{written_slot}b "), None),
            ("n", Some("V")),
            (" ü", None),
        ]);
        assert_eq!(
            t.fill(t.source()),
            format!("é{plane_12}a{written_slot}b V ü")
        );
        assert_eq!(
            t.values.len(),
            2,
            "the written stand-in is a value of itself"
        );
        let pieces: Vec<(&str, Option<char>)> = runs("ab\u{F0000}c\u{C0001}").collect();
        assert_eq!(
            pieces,
            vec![("ab", Some('\u{F0000}')), ("c", Some('\u{C0001}'))]
        );
        let markdown = text(&[
            (&format!("é 5 < 6 \\< 7 {plane_12} "), None),
            ("n", Some("<V>")),
        ]);
        assert_eq!(
            markdown.to_markdown(),
            format!("é 5 &lt; 6 &lt; 7 {plane_12} &lt;V\\>")
        );
        assert_eq!(runs("").count(), 0);
        assert_eq!(runs("plain").collect::<Vec<_>>(), vec![("plain", None)]);
    }

    #[test]
    fn values_are_escaped_for_where_they_land() {
        let v = "a`b <i> (c) \"d\"";
        let t = text(&[
            ("x ", None),
            ("n", Some(v)),
            (" `", None),
            ("n", Some(v)),
            ("` [l](https://e.example/", None),
            ("n", Some(v)),
            (" \"", None),
            ("n", Some(v)),
            ("\")", None),
        ]);
        assert_eq!(
            t.to_markdown(),
            "x a\\`b &lt;i\\> (c) \"d\" ``a`b <i> (c) \"d\"`` [l](https://e.example/a`b%20%3Ci%3E%20\\(c\\)%20%22d%22 \"a\\`b &lt;i\\> \\(c\\) \\\"d\\\"\")"
        );
    }

    #[test]
    fn raw_html_and_angle_brackets_become_text() {
        let t = text(&[
            (
                "<b>x</b> 5 < 6 \\<svg/onload=y> `<c>` <https://e.example>\n\n<div>\n",
                None,
            ),
            ("n", Some("A&B")),
            ("\n</div>", None),
        ]);
        assert_eq!(
            t.to_markdown(),
            "&lt;b\\>x&lt;/b\\> 5 &lt; 6 &lt;svg/onload=y> `<c>` <https://e.example>\n\n&lt;div\\>\nA\\&B\n&lt;/div\\>"
        );
    }

    /// CommonMark syntax, text, a character sharing a stand-in's first
    /// byte, and sometimes `<`: what the fast paths must read as the walk
    /// and the parser do.
    const MARKDOWN: &str = r"[ \n*_`#>\\\-+.1\[\]()!&|~:a-cé\u{C0000}<]{0,80}";

    proptest::proptest! {
        /// The defect this guards against: the `.md` form of prose copied
        /// as written where the walk of its parse would have changed a
        /// character, or the reverse.
        #[test]
        fn markdown_is_the_walks(source in MARKDOWN, value in proptest::option::of("[a<*]{1,3}")) {
            let mut parts = vec![(source.as_str(), None)];
            if let Some(v) = value.as_deref() {
                parts.push(("n", Some(v)));
            }
            let t = text(&parts);
            proptest::prop_assert_eq!(t.to_markdown().into_owned(), t.walked_markdown());
        }

        /// The defect this guards against: prose with no value not read as
        /// the parser reads it (raw HTML aside, which is always text).
        #[test]
        fn valueless_events_are_the_parsers(source in MARKDOWN) {
            let t = text(&[(source.as_str(), None)]);
            let expected: Vec<Event<'_>> = pulldown_cmark::Parser::new_ext(&source, PROSE_OPTIONS)
                .map(|event| match event {
                    Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
                    other => other,
                })
                .collect();
            proptest::prop_assert_eq!(t.events(false), expected.clone());
            proptest::prop_assert_eq!(t.events(true), expected.clone());
            let plain: Option<Vec<Event<'_>>> = t.plain_events().map(Iterator::collect);
            proptest::prop_assert_eq!(plain, Some(expected));
        }
    }
}
