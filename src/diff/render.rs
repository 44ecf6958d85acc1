//! Changes as text: for people (marked as `git diff --word-diff` marks
//! them, in colour on a terminal), JSON lines and GitHub workflow commands
//! for tools, and a Markdown changelog entry. The facts come first,
//! material ones first, then the prose section by section.

use super::text::{CONTEXT, Marks, PLAIN};
use super::{Action, Change, Class, Kind, Value, counts};
use crate::markup::escape_markdown;
use crate::source::{Sources, Span};
use crate::terminal;
use serde::Serialize;

/// `[-…-]` in red and `{+…+}` in green; the words with control
/// characters escaped (the colours are the only escapes written).
const COLOURED: Marks = Marks {
    removed: ("\x1b[31m[-", "-]\x1b[0m"),
    added: ("\x1b[32m{+", "+}\x1b[0m"),
    escape: terminal::escape_string,
};

/// `[-…-]{+…+}` for people, the words with control characters escaped.
const HUMAN: Marks = Marks {
    escape: terminal::escape_string,
    ..PLAIN
};

/// A value for people: its `.policy` notation, control characters escaped.
fn shown(value: &Value) -> String {
    terminal::escape_string(&value.notation())
}

/// `~~removed~~ **added**`, the words escaped.
pub(super) const MARKDOWN: Marks = Marks {
    removed: ("~~", "~~"),
    added: ("**", "**"),
    escape: escape_markdown,
};

/// "3 material, 5 minor changes", or "no changes".
pub fn summary(changes: &[Change]) -> String {
    let (material, minor) = counts(changes);
    if changes.is_empty() {
        return "no changes".to_string();
    }
    // The noun agrees with the number next to it.
    let s = if minor == 1 { "" } else { "s" };
    format!("{material} material, {minor} minor change{s}")
}

/// The facts, material first, and the changes of each section in order.
pub(super) fn grouped(changes: &[Change]) -> (Vec<&Change>, Vec<&Change>) {
    let (mut facts, texts): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|c| c.kind == Kind::Fact);
    facts.sort_by_key(|c| c.class);
    (facts, texts)
}

/// The changes for people: "Facts", "Text" and the summary line; colour
/// only when asked. Every text from the policies has its control
/// characters escaped ([`terminal`]): only the colours are escapes.
pub fn human(changes: &[Change], color: bool) -> String {
    if changes.is_empty() {
        return "no changes\n".to_string();
    }
    let marks = if color { &COLOURED } else { &HUMAN };
    let (facts, texts) = grouped(changes);
    let mut out = String::new();
    if !facts.is_empty() {
        out.push_str("Facts\n");
        for change in facts {
            let class = match (change.class, color) {
                (Class::Material, true) => "\x1b[1mmaterial\x1b[0m",
                (Class::Material, false) => "material",
                (Class::Minor, _) => "minor   ",
            };
            let place = change
                .section
                .as_ref()
                .map(|s| format!("  (in {})", terminal::escape(s)))
                .unwrap_or_default();
            let what = subject(change, |item| format!(" [{}]", terminal::escape(item)));
            let value = values(change, marks, &shown);
            out.push_str(&format!(
                "  {class}  {}{what}: {value}{place}\n",
                terminal::escape(&change.path)
            ));
        }
    }
    if !texts.is_empty() {
        out.push_str(if out.is_empty() { "Text\n" } else { "\nText\n" });
        for (section, lines) in by_section(&texts, marks, &shown) {
            out.push_str(&format!(
                "  § {}\n",
                terminal::escape(section.unwrap_or("(before the first section)"))
            ));
            for line in lines {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out.push('\n');
    out.push_str(&summary(changes));
    out.push('\n');
    out
}

/// The item, as `shown` writes it; nothing when there is none, or when
/// it is the value itself (a right removed is its kind).
pub(super) fn subject(change: &Change, shown: impl Fn(&str) -> String) -> String {
    let value = change
        .new
        .as_ref()
        .or(change.old.as_ref())
        .map(Value::notation);
    match change.item.as_deref() {
        Some(item) if value.as_deref() != Some(item) => shown(item),
        _ => String::new(),
    }
}

/// The old and new values, marked: `added {+x+}`, `removed [-x-]`,
/// `[-x-] {+y+}`.
fn values(change: &Change, marks: &Marks, show: &dyn Fn(&Value) -> String) -> String {
    let removed = |v: &Option<Value>| {
        let text = v.as_ref().map(show).unwrap_or_default();
        format!("{}{text}{}", marks.removed.0, marks.removed.1)
    };
    let added = |v: &Option<Value>| {
        let text = v.as_ref().map(show).unwrap_or_default();
        format!("{}{text}{}", marks.added.0, marks.added.1)
    };
    match change.change {
        Action::Added => format!("added {}", added(&change.new)),
        Action::Removed => format!("removed {}", removed(&change.old)),
        Action::Changed => format!("{}{}", removed(&change.old), added(&change.new)),
    }
}

/// The prose and structure changes, a list of lines a section, sections
/// in the order met.
pub(super) fn by_section<'a>(
    texts: &[&'a Change],
    marks: &Marks,
    show: &dyn Fn(&Value) -> String,
) -> Vec<(Option<&'a str>, Vec<String>)> {
    let mut out: Vec<(Option<&'a str>, Vec<String>)> = Vec::new();
    for change in texts {
        let section = change.section.as_deref();
        let lines: Vec<String> = match (&change.words, change.kind, change.path.as_str()) {
            (Some(words), _, _) => words
                .hunks(CONTEXT)
                .iter()
                .map(|h| h.marked(marks))
                .collect(),
            (None, Kind::Moved, _) => vec![format!(
                "moved from {} to {}",
                change.old.as_ref().map(show).unwrap_or_default(),
                change.new.as_ref().map(show).unwrap_or_default()
            )],
            (None, _, "section") => vec![match change.change {
                Action::Added => "section added".to_string(),
                Action::Removed => "section removed".to_string(),
                Action::Changed => "section changed".to_string(),
            }],
            (None, _, path) => {
                let what = path.strip_prefix("section.").unwrap_or(path);
                vec![format!("{what}: {}", values(change, marks, show))]
            }
        };
        let lines = lines.into_iter().map(|l| match change.class {
            Class::Material => format!("material: {l}"),
            Class::Minor => l,
        });
        match out.last_mut() {
            Some((last, list)) if *last == section => list.extend(lines),
            _ => out.push((section, lines.collect())),
        }
    }
    out
}

/// One change as a JSON line: the change, and the file and line of the
/// new side when known.
#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    change: &'a Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

/// The file and line of a place in the new version.
fn place(new: &dyn Sources, at: Option<Span>) -> Option<(String, usize)> {
    let at = at?;
    let file = new.file(at.file)?;
    Some((file.name.clone(), file.line_col(at.start).line))
}

/// One JSON object a change, a line each; `new` finds the new version's
/// files for `file` and `line`.
pub fn json_lines(changes: &[Change], new: &dyn Sources) -> String {
    let mut out = String::new();
    for change in changes {
        let (file, line) = place(new, change.at).unzip();
        let json = serde_json::to_string(&Line { change, file, line }).unwrap_or_default();
        out.push_str(&terminal::escape_json(&json));
        out.push('\n');
    }
    out
}

/// A GitHub Actions workflow command a change: a warning for a material
/// one, a notice for a minor one, at its place in the new version.
pub fn github(changes: &[Change], new: &dyn Sources) -> String {
    let mut out = String::new();
    let (facts, texts) = grouped(changes);
    for change in facts.into_iter().chain(texts) {
        let (command, title) = match change.class {
            Class::Material => ("warning", "material change"),
            Class::Minor => ("notice", "minor change"),
        };
        let at = place(new, change.at)
            .map(|(file, line)| format!("file={},line={line},", terminal::github_property(&file)))
            .unwrap_or_default();
        let what = subject(change, |item| format!(" [{item}]"));
        let value = match &change.words {
            Some(words) => words
                .hunks(CONTEXT)
                .iter()
                .map(|h| h.marked(&PLAIN))
                .collect::<Vec<_>>()
                .join(" "),
            None => values(change, &PLAIN, &Value::notation),
        };
        let message = format!("{}{what}: {value}", change.path);
        out.push_str(&format!(
            "::{command} {at}title={title}::{}\n",
            terminal::github_data(&message)
        ));
    }
    out
}

/// A Markdown changelog entry under `heading`: the material changes, the
/// minor ones, then the wording, section by section.
/// Control characters from the policies are escaped ([`terminal`]): the
/// entry is printed on a terminal as often as pasted into a file.
pub fn markdown(changes: &[Change], heading: &str) -> String {
    terminal::escape_string(&super::changelog::changelog(changes, heading))
}

/// A code span that holds `text` whatever backticks it has, on one line.
pub(super) fn code(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}
