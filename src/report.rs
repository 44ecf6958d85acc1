//! The edge where diagnostics become text: for people (with the source line
//! underlined, in colour on a terminal), as JSON lines for tools, or as
//! GitHub Actions workflow commands that annotate a pull request, or as
//! a GitLab Code Quality report (Code Climate JSON), which GitLab shows on
//! the changed lines of a merge request.
//!
//! A diagnostic and each of its related labels are shown in the file their
//! span points into, which may be another file of the build than the one
//! being reported.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, SafeSlice, SourceFile, Sources, Span};
use crate::terminal::{self, OffsetMap};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;
use std::borrow::Cow;
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
    /// A GitLab Code Quality report: one JSON array of Code Climate issues.
    Gitlab,
}

/// What a report reads: the text every span points into, and the file the
/// diagnostics are about, which names those without a span (an unreadable
/// file, say). A [`SourceFile`] is both, for a file compiled on its own;
/// [`InBuild`] is one file among the others of a build.
pub trait ReportSources: Sources {
    /// The file the diagnostics are about; also shown for a span into a
    /// file that is not found.
    fn primary(&self) -> &SourceFile;
}

impl ReportSources for SourceFile {
    fn primary(&self) -> &SourceFile {
        self
    }
}

/// One file of a build, reported with every file of the build at hand for
/// spans that point elsewhere.
#[derive(Debug, Clone, Copy)]
pub struct InBuild<'a, S: Sources + ?Sized> {
    /// Every file of the build.
    pub build: &'a S,
    /// The file whose diagnostics are reported.
    pub file: &'a SourceFile,
}

impl<S: Sources + ?Sized> Sources for InBuild<'_, S> {
    fn file(&self, id: FileId) -> Option<&SourceFile> {
        if id == self.file.id {
            Some(self.file)
        } else {
            self.build.file(id)
        }
    }
}

impl<S: Sources + ?Sized> ReportSources for InBuild<'_, S> {
    fn primary(&self) -> &SourceFile {
        self.file
    }
}

/// Every diagnostic of one file, formatted. `sources` is the file itself,
/// or an [`InBuild`] when spans may point into other files of a build.
pub fn format(
    sources: &impl ReportSources,
    diagnostics: &[Diagnostic],
    format: MessageFormat,
    color: bool,
) -> String {
    let mut out = String::new();
    let mut fingerprints = Vec::new();
    for diagnostic in diagnostics {
        match format {
            MessageFormat::Human => out.push_str(&human(sources, diagnostic, color)),
            MessageFormat::Json => {
                out.push_str(&json(sources, diagnostic));
                out.push('\n');
            }
            MessageFormat::Github => {
                out.push_str(&github(sources, diagnostic));
                out.push('\n');
            }
            MessageFormat::Gitlab => {
                out.push_str(&code_quality(sources, diagnostic, &mut fingerprints));
                out.push('\n');
            }
        }
    }
    out
}

/// The Code Quality issues [`format`] printed with [`MessageFormat::Gitlab`],
/// one a line, as the single JSON array GitLab reads (`[]` for none): the
/// diagnostics of every file of a build make one report.
pub fn code_quality_report(issues: &str) -> String {
    let items: Vec<&str> = issues.lines().filter(|l| !l.is_empty()).collect();
    if items.is_empty() {
        return "[]\n".to_string();
    }
    format!("[\n{}\n]\n", items.join(",\n"))
}

/// The file a span points into: the primary file when there is no span or
/// its file is not known.
fn file_of(sources: &impl ReportSources, span: Option<Span>) -> &SourceFile {
    span.and_then(|s| sources.file(s.file))
        .unwrap_or_else(|| sources.primary())
}

/// The files one diagnostic shows, numbered for codespan as they are met:
/// names and texts with control characters escaped (never written raw to a
/// terminal), and where each span lands in the escaped text.
#[derive(Default)]
struct Shown<'a> {
    files: SimpleFiles<Cow<'a, str>, Cow<'a, str>>,
    ids: Vec<(FileId, usize, OffsetMap)>,
}

impl<'a> Shown<'a> {
    /// The codespan id of `file` and the range of `span` in what is shown.
    fn place(&mut self, file: &'a SourceFile, span: Span) -> (usize, std::ops::Range<usize>) {
        let found = self.ids.iter().position(|(of, _, _)| *of == file.id);
        let index = match found {
            Some(index) => index,
            None => {
                let (text, map) = terminal::escape_mapped(&file.text);
                let id = self.files.add(terminal::escape(&file.name), text);
                self.ids.push((file.id, id, map));
                self.ids.len() - 1
            }
        };
        match self.ids.get(index) {
            Some((_, id, map)) => (*id, map.map(span.start)..map.map(span.end)),
            None => (0, span.start..span.end),
        }
    }
}

/// Lines longer than this are shown as a window around the problem, so a
/// report stays proportionate to its input however long a line is.
const LONG_LINE: usize = 240;

fn human(sources: &impl ReportSources, diagnostic: &Diagnostic, color: bool) -> String {
    let file = file_of(sources, diagnostic.span);
    if let Some(span) = diagnostic.span {
        if line_around(file, span.start).len() > LONG_LINE {
            return human_on_long_line(file, diagnostic);
        }
    }
    let mut shown = Shown::default();
    let mut labels = Vec::new();
    if let Some(span) = diagnostic.span {
        let (id, range) = shown.place(file, span);
        let label = cs::Label::primary(id, range);
        labels.push(match &diagnostic.label {
            Some(text) => label.with_message(terminal::escape(text)),
            None => label,
        });
    }
    for related in &diagnostic.related {
        let (id, range) = shown.place(file_of(sources, Some(related.span)), related.span);
        labels
            .push(cs::Label::secondary(id, range).with_message(terminal::escape(&related.message)));
    }
    let mut notes = Vec::new();
    if diagnostic.span.is_none() {
        notes.push(format!("in {}", terminal::escape(&file.name)));
    }
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {}", terminal::escape(help)));
    }
    let rendered = cs::Diagnostic::new(severity_of(diagnostic))
        .with_code(diagnostic.code.as_str())
        .with_message(terminal::escape(&diagnostic.message))
        .with_labels(labels)
        .with_notes(notes);
    emit(&shown.files, &rendered, color).unwrap_or_else(|_| {
        // Rendering can only fail on a span outside its file; fall back to
        // the one-line form rather than lose the message.
        let at = file.line_col(diagnostic.span.map_or(0, |s| s.start));
        format!(
            "{}: {}:{}:{}: {}\n",
            diagnostic.code.as_str(),
            terminal::escape(&file.name),
            at.line,
            at.column,
            terminal::escape(&diagnostic.message)
        )
    })
}

fn severity_of(diagnostic: &Diagnostic) -> cs::Severity {
    match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    }
}

/// codespan's rendering, with ANSI colours or without.
fn emit(
    files: &SimpleFiles<Cow<'_, str>, Cow<'_, str>>,
    rendered: &cs::Diagnostic<usize>,
    color: bool,
) -> Result<String, codespan_reporting::files::Error> {
    let config = term::Config::default();
    if color {
        let mut buffer = termcolor::Buffer::ansi();
        term::emit_to_write_style(&mut buffer, &config, files, rendered)
            .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
    } else {
        term::emit_into_string(&config, files, rendered)
    }
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
    let before = terminal::escape_string(&before);
    let marked = terminal::escape(file.slice(span)).chars().count();
    let marked_len = marked.clamp(1, 60);
    let window: String = line
        .chars()
        .skip(first)
        .take(column - first + file.slice(span).chars().count().clamp(1, 60) + 60)
        .collect();
    let window = terminal::escape(&window);
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
        terminal::escape(&diagnostic.message)
    );
    let _ = writeln!(
        out,
        "{gutter} ┌─ {}:{}:{}",
        terminal::escape(&file.name),
        at.line,
        at.column
    );
    let _ = writeln!(out, "{gutter} │");
    let _ = writeln!(out, "{number} │ {prefix}{window}…");
    let pad = " ".repeat(prefix.chars().count() + before.chars().count());
    let _ = writeln!(
        out,
        "{gutter} │ {pad}{} {}",
        "^".repeat(marked_len),
        terminal::escape(diagnostic.label.as_deref().unwrap_or(""))
    );
    let _ = writeln!(out, "{gutter} │");
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = help: {}", terminal::escape(help));
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
    #[serde(flatten)]
    place: JsonPlace<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// The other places the diagnostic names, each with its own file.
    related: Vec<JsonRelated<'a>>,
    /// The ids of the compliance rules it reports (E0312).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rules: Vec<&'a str>,
    /// Their citations, in the same order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citations: Vec<&'a str>,
}

/// A file and a range in it, lines and columns counted from 1.
#[derive(Serialize)]
struct JsonPlace<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    #[serde(flatten)]
    place: JsonPlace<'a>,
    message: &'a str,
}

/// Where a span is; the start of the primary file when there is none.
fn place_of(sources: &impl ReportSources, span: Option<Span>) -> JsonPlace<'_> {
    let file = file_of(sources, span);
    let (start, end) = span.map_or((0, 0), |s| (s.start, s.end));
    let (from, to) = (file.line_col(start), file.line_col(end));
    JsonPlace {
        file: &file.name,
        line: from.line,
        column: from.column,
        end_line: to.line,
        end_column: to.column,
    }
}

fn json(sources: &impl ReportSources, diagnostic: &Diagnostic) -> String {
    let related = diagnostic
        .related
        .iter()
        .map(|r| JsonRelated {
            place: place_of(sources, Some(r.span)),
            message: &r.message,
        })
        .collect();
    let value = JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity,
        message: &diagnostic.message,
        place: place_of(sources, diagnostic.span),
        label: diagnostic.label.as_deref(),
        help: diagnostic.help.as_deref(),
        related,
        rules: diagnostic.rules.iter().map(|r| r.id.as_str()).collect(),
        citations: diagnostic
            .rules
            .iter()
            .map(|r| r.citation.as_str())
            .collect(),
    };
    let json = serde_json::to_string(&value).unwrap_or_default();
    terminal::escape_json(&json).into_owned()
}

/// `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::MESSAGE`,
/// escaped as GitHub's workflow-command syntax requires.
fn github(sources: &impl ReportSources, diagnostic: &Diagnostic) -> String {
    let place = place_of(sources, diagnostic.span);
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
        terminal::github_property(place.file),
        place.line,
        place.column,
        place.end_line,
        place.end_column,
        terminal::github_property(&format!(
            "{} {}",
            diagnostic.code.as_str(),
            diagnostic.code.summary()
        )),
        terminal::github_data(&message),
    )
}

/// A Code Quality issue as GitLab reads it
/// (<https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>).
#[derive(Serialize)]
struct CodeQualityIssue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

#[derive(Serialize)]
struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: usize,
}

/// One diagnostic as a Code Quality issue: errors `major`, warnings
/// `minor`; the fingerprint, which GitLab compares between the base and
/// the head to tell new problems from old, is made of the code, file and
/// message (not the line, so an issue moved by an edit above it stays the
/// same) and how many identical ones came before it in `seen`.
fn code_quality(
    sources: &impl ReportSources,
    diagnostic: &Diagnostic,
    seen: &mut Vec<u128>,
) -> String {
    let place = place_of(sources, diagnostic.span);
    let key = fnv128(&[
        diagnostic.code.as_str(),
        place.file,
        diagnostic.message.as_str(),
    ]);
    let repeat = seen.iter().filter(|k| **k == key).count();
    seen.push(key);
    let repeat = repeat.to_string();
    let fingerprint = fnv128(&[
        diagnostic.code.as_str(),
        place.file,
        diagnostic.message.as_str(),
        &repeat,
    ]);
    let mut description = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        let _ = write!(description, " (help: {help})");
    }
    let issue = CodeQualityIssue {
        description,
        check_name: diagnostic.code.as_str(),
        fingerprint: format!("{fingerprint:032x}"),
        severity: match diagnostic.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
        },
        location: CodeQualityLocation {
            path: place.file,
            lines: CodeQualityLines { begin: place.line },
        },
    };
    let json = serde_json::to_string(&issue).unwrap_or_default();
    terminal::escape_json(&json).into_owned()
}

/// FNV-1a, 128 bits, over the parts with a separator between them: a
/// fingerprint that is the same on every machine and release (std's
/// hasher promises neither), with no dependency for it.
fn fnv128(parts: &[&str]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        let separator: &[u8] = if i == 0 { b"" } else { b"\0" };
        for byte in separator.iter().chain(part.as_bytes()) {
            hash ^= u128::from(*byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::source::SourceMap;

    /// A build of two files: the diagnostic is in `main.policy`, its
    /// related label in `clauses.policy`, on line 2.
    fn two_files() -> (SourceMap, Diagnostic) {
        let mut map = SourceMap::new();
        let main = map.add(SourceFile::new("main.policy", "id = \"a\"\n"));
        let clauses = map.add(SourceFile::new("clauses.policy", "// x\nid = \"a\"\n"));
        let diagnostic = Diagnostic::error(Code::Duplicate, "`id` is set twice")
            .at(Span::new(main, 0, 2))
            .label("set again here")
            .related(Span::new(clauses, 5, 7), "first set here");
        (map, diagnostic)
    }

    #[test]
    fn a_related_label_in_another_file_names_that_file() {
        let (map, diagnostic) = two_files();
        let Some(main) = map.files().first() else {
            panic!("the map holds main.policy");
        };
        let sources = InBuild {
            build: &map,
            file: main,
        };
        let human = format(
            &sources,
            std::slice::from_ref(&diagnostic),
            MessageFormat::Human,
            false,
        );
        assert!(human.contains("┌─ main.policy:1:1"), "{human}");
        assert!(human.contains("clauses.policy:2:1"), "{human}");
        assert!(human.contains("first set here"), "{human}");
        let json = format(&sources, &[diagnostic], MessageFormat::Json, false);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(value["file"], "main.policy");
        let related = &value["related"][0];
        assert_eq!(related["file"], "clauses.policy");
        assert_eq!(
            (&related["line"], &related["column"]),
            (&2.into(), &1.into())
        );
        assert_eq!(
            (&related["end_line"], &related["end_column"]),
            (&2.into(), &3.into())
        );
        assert_eq!(related["message"], "first set here");
    }

    #[test]
    fn a_diagnostic_in_another_file_is_shown_there_and_one_without_a_span_in_the_primary() {
        let (map, diagnostic) = two_files();
        let Some(clauses) = map.files().get(1) else {
            panic!("the map holds clauses.policy");
        };
        // Reported with the second file's diagnostics, the span still
        // points into the first file.
        let sources = InBuild {
            build: &map,
            file: clauses,
        };
        let github = format(&sources, &[diagnostic], MessageFormat::Github, false);
        assert!(
            github.starts_with("::error file=main.policy,line=1,col=1,"),
            "{github}"
        );
        let unreadable = Diagnostic::error(Code::Unreadable, "cannot read `clauses.policy`");
        let json = format(&sources, &[unreadable], MessageFormat::Json, false);
        assert!(json.contains("\"file\":\"clauses.policy\""), "{json}");
        assert!(json.contains("\"related\":[]"), "{json}");
    }

    /// GitLab tells new problems from old by comparing the fingerprints of
    /// the base's report with the head's, which two releases of policyc may
    /// have written: the hash is fixed here so that it never changes by
    /// accident (std's hasher promises no stability, hence FNV-1a).
    #[test]
    fn code_quality_fingerprints_are_stable_and_reports_one_array() {
        assert_eq!(fnv128(&[]), 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d);
        assert_eq!(
            format!("{:032x}", fnv128(&["a"])),
            "d228cb696f1a8caf78912b704e4a8964"
        );
        assert_ne!(fnv128(&["ab", "c"]), fnv128(&["a", "bc"]));
        assert_eq!(code_quality_report(""), "[]\n");
        assert_eq!(code_quality_report("{}\n{}\n"), "[\n{},\n{}\n]\n");
    }
}
