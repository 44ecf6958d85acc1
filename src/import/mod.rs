//! `policyc import`: a policy published as plain text, Markdown or HTML
//! turned into a `.policy` file that compiles and renders the same words.
//!
//! A pure function of the text ([`import`]): no file is read or written
//! here. Each reader ([`text`], [`markdown`], [`html`]) produces the same
//! [`blocks::Document`] — headings and prose already in CommonMark — so
//! what follows is written once: [`facts`] lifts the title, dates, the
//! organisation and its addresses; [`outline`] nests sections and guesses
//! their kinds; [`write`] prints the policy in the canonical layout. The
//! result is compiled before it is returned ([`verify`]): a policy that
//! would not compile is never handed out. Everything guessed is reported
//! as a [`Note`], for a person to check.

mod blocks;
mod chrome;
mod dates;
mod entities;
mod escape;
mod facts;
mod html;
mod inline;
mod kinds;
mod list;
mod markdown;
mod outline;
mod read_facts;
mod text;
mod toc;
mod verify;
mod write;

use std::fmt;

/// The formats a policy can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, hard-wrapped or a paragraph a line.
    #[value(name = "txt")]
    Text,
    /// CommonMark, with or without YAML front matter.
    #[value(name = "md")]
    Markdown,
    /// An HTML page or fragment.
    #[value(name = "html")]
    Html,
}

impl Format {
    /// The format a file's extension names, if it names one.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format a text looks like, for standard input without `--from`:
    /// HTML when it opens with markup, Markdown when it has front matter,
    /// `#` headings, setext underlines or links, else plain text.
    pub fn sniff(text: &str) -> Format {
        let start = text
            .trim_start()
            .get(..512)
            .unwrap_or(text.trim_start())
            .to_ascii_lowercase();
        if start.starts_with("<!doctype html")
            || start.starts_with("<html")
            || start.starts_with("<body")
        {
            return Format::Html;
        }
        let markdown = text.starts_with("---\n")
            || text.lines().any(|l| {
                let t = l.trim_end();
                (t.starts_with('#') && t.trim_start_matches('#').starts_with(' '))
                    || (t.len() >= 3
                        && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-')))
            })
            || text.contains("](");
        if markdown {
            Format::Markdown
        } else if start.starts_with('<') {
            Format::Html
        } else {
            Format::Text
        }
    }

    /// Its name in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
        }
    }
}

/// How much a note asks of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// What was found or guessed, for the record.
    Note,
    /// Something to check or finish by hand.
    Warning,
}

/// One line of the report `policyc import` prints: what was guessed and
/// what to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// How much it asks.
    pub level: Level,
    /// What it says (may run over several lines).
    pub message: String,
}

impl Note {
    /// A note for the record.
    pub fn info(message: impl Into<String>) -> Note {
        Note {
            level: Level::Note,
            message: message.into(),
        }
    }

    /// A warning: something to check.
    pub fn warning(message: impl Into<String>) -> Note {
        Note {
            level: Level::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Note {
    /// `note: …` or `warning: …`, as the compiler prints its diagnostics.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.level {
            Level::Note => "note",
            Level::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)
    }
}

/// Why nothing could be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The input holds no words at all.
    Empty,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "there is no text to import"),
        }
    }
}

impl std::error::Error for ImportError {}

/// A policy imported: its `.policy` text and the report.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The `.policy` file, in the canonical layout; it compiles without
    /// errors.
    pub policy_text: String,
    /// What was guessed and what to check, in the order found.
    pub report: Vec<Note>,
}

/// Imports `text`, read as `format`, with the facts its lexicon reads.
/// `name` is the file's name (its stem gives the policy's `id`), or `-`
/// for standard input.
pub fn import(text: &str, format: Format, name: &str) -> Result<Imported, ImportError> {
    import_with(text, format, name, true)
}

/// Imports `text` as [`import`] does; with `facts` false, the prose only
/// (`--no-facts`).
pub fn import_with(
    text: &str,
    format: Format,
    name: &str,
    want_facts: bool,
) -> Result<Imported, ImportError> {
    let text = normalise(text);
    let mut document = match format {
        Format::Text => text::read(&text),
        Format::Markdown => markdown::read(&text),
        Format::Html => html::read(&text),
    };
    if document.word_count() == 0 {
        return Err(ImportError::Empty);
    }
    let mut report = vec![Note::info(format!(
        "read {} as {} ({} words)",
        if name == "-" { "standard input" } else { name },
        format.describe(),
        document.word_count()
    ))];
    report.append(&mut document.notes);
    let mut facts = facts::lift(&document, name, &mut report);
    let mut policy = outline::build(document, &mut facts, &mut report);
    if want_facts {
        read_facts::propose(&mut policy, facts.org_name.as_deref(), &mut report);
    }
    let mut checked = report.clone();
    let mut policy_text = verify::verified(&mut facts, &mut policy, &mut checked);
    if want_facts
        && checked.len() > report.len()
        && checked
            .iter()
            .any(|n| n.message.starts_with("internal error"))
    {
        // A fact read that does not compile: the prose alone, said so.
        read_facts::withdraw(&mut policy);
        report.push(Note::warning(
            "the facts read from the text did not compile together; imported the prose only",
        ));
        checked = report.clone();
        policy_text = verify::verified(&mut facts, &mut policy, &mut checked);
    }
    let report = checked;
    Ok(Imported {
        policy_text,
        report,
    })
}

/// ` (line N)` for the report, or nothing where lines are not known
/// (HTML).
fn at_line(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line})")
    }
}

/// One kind of line end, no byte-order mark, no control characters but
/// line breaks and tabs (a form feed is a blank line).
fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{c}', '\u{2028}', '\u{2029}'], "\n");
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}
