//! The edge where diagnostics become text: for people (with the source line
//! underlined, in colour on a terminal), as JSON lines for tools, or as
//! GitHub Actions workflow commands that annotate a pull request.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SafeSlice, SourceFile};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use serde::Serialize;
use std::fmt::Write as _;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc-style text with the source line and a `help:` line.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions `::error file=…::` workflow commands.
    Github,
}

/// Every diagnostic of one file, formatted.
pub fn format(
    file: &SourceFile,
    diagnostics: &[Diagnostic],
    format: MessageFormat,
    color: bool,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        match format {
            MessageFormat::Human => out.push_str(&human(file, diagnostic, color)),
            MessageFormat::Json => {
                out.push_str(&json(file, diagnostic));
                out.push('\n');
            }
            MessageFormat::Github => {
                out.push_str(&github(file, diagnostic));
                out.push('\n');
            }
        }
    }
    out
}

/// Lines longer than this are shown as a window around the problem, so a
/// report stays proportionate to its input however long a line is.
const LONG_LINE: usize = 240;

fn human(file: &SourceFile, diagnostic: &Diagnostic, color: bool) -> String {
    if let Some(span) = diagnostic.span {
        if line_around(file, span.start).len() > LONG_LINE {
            return human_on_long_line(file, diagnostic);
        }
    }
    let files = SimpleFile::new(file.name.as_str(), file.text.as_str());
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    if let Some(span) = diagnostic.span {
        let label = cs::Label::primary((), span.start..span.end);
        labels.push(match &diagnostic.label {
            Some(text) => label.with_message(text),
            None => label,
        });
    }
    for related in &diagnostic.related {
        labels.push(
            cs::Label::secondary((), related.span.start..related.span.end)
                .with_message(&related.message),
        );
    }
    let mut notes = Vec::new();
    if diagnostic.span.is_none() {
        notes.push(format!("in {}", file.name));
    }
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    let rendered = cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes);
    let config = term::Config::default();
    let result = if color {
        let mut buffer = termcolor::Buffer::ansi();
        term::emit_to_write_style(&mut buffer, &config, &files, &rendered)
            .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
    } else {
        term::emit_into_string(&config, &files, &rendered)
    };
    // Rendering can only fail on a span outside the file; fall back to the
    // one-line form rather than lose the message.
    result.unwrap_or_else(|_| {
        let at = file.line_col(diagnostic.span.map_or(0, |s| s.start));
        format!(
            "{}: {}:{}:{}: {}\n",
            diagnostic.code.as_str(),
            file.name,
            at.line,
            at.column,
            diagnostic.message
        )
    })
}

/// The whole line holding byte `at`.
fn line_around(file: &SourceFile, at: usize) -> &str {
    let text = file.text.as_str();
    let start = text.slice_to(at).rfind('\n').map_or(0, |n| n + 1);
    let end = text
        .slice_from(at)
        .find('\n')
        .map_or(text.len(), |n| at + n);
    text.slice_between(start, end)
}

/// The rustc layout for a problem on a very long line: the same header,
/// location and help, with about 60 characters either side of the span.
fn human_on_long_line(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let span = diagnostic.span.unwrap_or_default();
    let at = file.line_col(span.start);
    let line = line_around(file, span.start);
    let column = at.column - 1;
    let first = column.saturating_sub(60);
    let before: String = line.chars().skip(first).take(column - first).collect();
    let marked_len = file.slice(span).chars().count().clamp(1, 60);
    let window: String = line
        .chars()
        .skip(first)
        .take(column - first + marked_len + 60)
        .collect();
    let prefix = if first > 0 { "…" } else { "" };
    let number = at.line.to_string();
    let gutter = " ".repeat(number.len());
    let kind = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!(
        "{kind}[{}]: {}\n",
        diagnostic.code.as_str(),
        diagnostic.message
    );
    let _ = writeln!(out, "{gutter} ┌─ {}:{}:{}", file.name, at.line, at.column);
    let _ = writeln!(out, "{gutter} │");
    let _ = writeln!(out, "{number} │ {prefix}{window}…");
    let pad = " ".repeat(prefix.chars().count() + before.chars().count());
    let _ = writeln!(
        out,
        "{gutter} │ {pad}{} {}",
        "^".repeat(marked_len),
        diagnostic.label.as_deref().unwrap_or("")
    );
    let _ = writeln!(out, "{gutter} │");
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = help: {help}");
    }
    out.push('\n');
    out
}

/// The JSON form of a diagnostic: stable keys for tools.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

fn json(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let (start, end) = diagnostic.span.map_or((0, 0), |s| (s.start, s.end));
    let (from, to) = (file.line_col(start), file.line_col(end));
    let value = JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity,
        message: &diagnostic.message,
        file: &file.name,
        line: from.line,
        column: from.column,
        end_line: to.line,
        end_column: to.column,
        label: diagnostic.label.as_deref(),
        help: diagnostic.help.as_deref(),
    };
    serde_json::to_string(&value).unwrap_or_default()
}

/// `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::MESSAGE`,
/// escaped as GitHub's workflow-command syntax requires.
fn github(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let (start, end) = diagnostic.span.map_or((0, 0), |s| (s.start, s.end));
    let (from, to) = (file.line_col(start), file.line_col(end));
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&file.name),
        from.line,
        from.column,
        to.line,
        to.column,
        escape_property(&format!(
            "{} {}",
            diagnostic.code.as_str(),
            diagnostic.code.summary()
        )),
        escape_data(&message),
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
