//! YAML, written and read: the front matter of Markdown output and the
//! project file `policyc.yaml`. serde_yaml is no longer maintained
//! upstream, so it is used here and nowhere else: replacing it touches this
//! file only.
//!
//! Reading turns every problem into a [`Diagnostic`] at its place in the
//! file — a syntax error, an unknown key (with "did you mean"), a value of
//! the wrong type — so a YAML file reports like a `.policy` file.

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::keyword::list;
use crate::source::{SafeSlice, SourceFile, Span};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The value as a YAML document body (no `---` lines).
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// Reads `file` as a `T`. An empty file is an empty mapping. The first
/// problem found is returned, located in `file`. A text over
/// [`MAX_YAML_BYTES`] or nested deeper than [`MAX_YAML_DEPTH`] is refused
/// before serde_yaml sees it.
///
/// The text is read twice: first as any YAML, so that an error there is a
/// syntax error, then as `T`, so that an error there is about a key or a
/// value.
pub fn from_yaml<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    bounded(file)?;
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(&file.text) {
        return Err(syntax_error(file, &e));
    }
    serde_yaml::from_str::<T>(&file.text).map_err(|e| shape_error(file, &e))
}

/// The largest YAML text read: 1 MiB. A project file or a page's front
/// matter is a few hundred bytes; the cap keeps a mistaken file from
/// costing time in a parser that is no longer maintained.
pub const MAX_YAML_BYTES: usize = 1 << 20;

/// The deepest nesting of flow collections (`[`, `{`) read. libyaml's
/// scanner takes time quadratic in this nesting (`[` repeated 32,000 times
/// took seconds), and serde_yaml refuses more than 128 levels anyway, only
/// after the scanner has paid; no real file comes near 64.
pub const MAX_YAML_DEPTH: usize = 64;

/// Refuses, as a syntax error at its place, a text over the size cap or a
/// flow collection opened deeper than the nesting cap: a linear pre-scan
/// that skips quoted scalars and comments.
fn bounded(file: &SourceFile) -> Result<(), Diagnostic> {
    let text = &file.text;
    if text.len() > MAX_YAML_BYTES {
        return Err(Diagnostic::error(
            Code::Syntax,
            format!(
                "this YAML is {} bytes, over the cap of {MAX_YAML_BYTES} bytes (1 MiB)",
                text.len()
            ),
        )
        .at(file.span(0, 0))
        .help(
            "a project file or front matter is a few lines; check that this is the file you meant",
        ));
    }
    match too_deep(text) {
        None => Ok(()),
        Some(at) => Err(Diagnostic::error(
            Code::Syntax,
            format!("YAML nested more than {MAX_YAML_DEPTH} deep"),
        )
        .at(file.span(at, at + 1))
        .label(format!("level {} opens here", MAX_YAML_DEPTH + 1))
        .help("close the `[` and `{` collections sooner, or write the value in fewer levels")),
    }
}

/// The offset of the `[` or `{` that opens a flow collection deeper than
/// [`MAX_YAML_DEPTH`], if one does. Quoted scalars and comments are
/// skipped; a quote or `#` counts only where a token may start (a plain
/// `it's` is no quote).
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let token_start = previous.is_whitespace() || "[{,:-?".contains(previous);
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if token_start => quote = Some(c),
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(i);
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// A problem of the YAML itself: E0101, or E0204 for a key written twice.
fn syntax_error(file: &SourceFile, error: &serde_yaml::Error) -> Diagnostic {
    let message = without_places(&error.to_string());
    if let Some(key) = quoted(&message, "duplicate entry with key \"", '"') {
        return duplicate(file, &key);
    }
    Diagnostic::error(Code::Syntax, format!("invalid YAML: {message}"))
        .at(token_at(file, error))
        .label("here")
        .help("YAML nests by indentation with spaces; a key ends with `:`")
}

/// A problem of the document's shape: an unknown key (E0203), a key given
/// twice (E0204) or a value of the wrong type (E0205).
fn shape_error(file: &SourceFile, error: &serde_yaml::Error) -> Diagnostic {
    let message = without_places(&error.to_string());
    // serde_yaml puts the path to the value first: `site: unknown field …`.
    let (path, what) = match message.split_once(": ") {
        Some((path, what)) if !path.contains(' ') => (Some(path), what),
        _ => (None, message.as_str()),
    };
    if let Some(key) = quoted(what, "unknown field `", '`') {
        return unknown_key(file, error, path, &key, what);
    }
    if let Some(key) = quoted(what, "duplicate field `", '`') {
        return duplicate(file, &key);
    }
    let message = match path {
        Some(path) => format!("`{path}`: {what}"),
        None => what.to_string(),
    };
    Diagnostic::error(Code::WrongValue, message).at(token_at(file, error))
}

/// E0203 at the key, with the closest known key or the list of them, as
/// serde's own message gives them: "unknown field `k`, expected one of
/// `a`, `b`".
fn unknown_key(
    file: &SourceFile,
    error: &serde_yaml::Error,
    path: Option<&str>,
    key: &str,
    what: &str,
) -> Diagnostic {
    let known: Vec<&str> = what.split('`').skip(3).step_by(2).collect();
    let help = match did_you_mean(key, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => "this mapping takes no keys".to_string(),
        None => format!(
            "the keys here are {}",
            list(known.iter().map(|k| format!("`{k}`")))
        ),
    };
    let (message, label) = match path {
        Some(path) => (
            format!("unknown key `{key}` in `{path}`"),
            format!("not a key of `{path}`"),
        ),
        None => (
            format!("unknown key `{key}`"),
            "not a known key".to_string(),
        ),
    };
    Diagnostic::error(Code::UnknownKey, message)
        .at(token_at(file, error))
        .label(label)
        .help(help)
}

/// E0204 at the last line that sets `key`: serde_yaml gives no place for a
/// repeated key, and the last one written is the repetition.
fn duplicate(file: &SourceFile, key: &str) -> Diagnostic {
    let diagnostic = Diagnostic::error(Code::Duplicate, format!("`{key}` is set twice"))
        .label("set again here")
        .help("keep one of them");
    match last_line_setting(&file.text, key) {
        Some(start) => diagnostic.at(file.span(start, start + key.len())),
        None => diagnostic,
    }
}

/// The byte offset of `key` on the last line that sets it (`key:`).
fn last_line_setting(text: &str, key: &str) -> Option<usize> {
    let mut found = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = line.slice_from(indent);
        let bare = rest.strip_prefix(key);
        let quoted = rest
            .strip_prefix('"')
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix('"'));
        if bare
            .or(quoted)
            .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            found = Some(start + indent + usize::from(quoted.is_some()));
        }
        start += line.len();
    }
    found
}

/// The text between `prefix` and the next `end`, when `text` starts with
/// `prefix`.
fn quoted(text: &str, prefix: &str, end: char) -> Option<String> {
    let rest = text.strip_prefix(prefix)?;
    let (inside, _) = rest.split_once(end)?;
    Some(inside.to_string())
}

/// serde_yaml's message without its ` at line L column C` places: the
/// report shows the place with the source line.
fn without_places(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(rest.slice_to(at));
        let after = rest.slice_from(at + " at line ".len());
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(after);
        let tail = after.slice_from(line_len);
        match tail.strip_prefix(" column ") {
            Some(column) if line_len > 0 && digits(column) > 0 => {
                rest = column.slice_from(digits(column));
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The span of the word the error points at (a key or a plain value), or
/// of one character there; the start of the file when serde_yaml gives no
/// place.
fn token_at(file: &SourceFile, error: &serde_yaml::Error) -> Span {
    let Some(location) = error.location() else {
        return file.span(0, 0);
    };
    let start = offset_of(&file.text, location.line(), location.column());
    let rest = file.text.slice_from(start);
    let word = rest
        .find(|c: char| c.is_whitespace() || ":,[]{}#".contains(c))
        .unwrap_or(rest.len());
    let len = if word > 0 {
        word
    } else {
        rest.chars()
            .next()
            .filter(|c| *c != '\n')
            .map_or(0, char::len_utf8)
    };
    file.span(start, start + len)
}

/// The byte offset of a 1-based line and column (in characters), clamped
/// to the text. serde_yaml counts characters, not bytes.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for (number, content) in text.split_inclusive('\n').enumerate() {
        if number + 1 == line {
            let within = content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(content.trim_end_matches('\n').len(), |(i, _)| i);
            return start + within;
        }
        start += content.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Config {
        out: Option<String>,
        front_matter: Option<bool>,
        site: Option<Site>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Site {
        title: Option<String>,
        base_url: Option<String>,
    }

    /// The problem with `text`, as (code, line, column, message, help).
    fn problem(text: &str) -> (&'static str, usize, usize, String, Option<String>) {
        let file = SourceFile::new("policyc.yaml", text);
        match from_yaml::<Config>(&file) {
            Ok(config) => panic!("expected an error, read {config:?}"),
            Err(d) => {
                let at = file.line_col(d.span.map_or(0, |s| s.start));
                (d.code.as_str(), at.line, at.column, d.message, d.help)
            }
        }
    }

    #[test]
    fn an_empty_file_is_an_empty_mapping() {
        let file = SourceFile::new("policyc.yaml", "# nothing yet\n");
        let config = from_yaml::<Config>(&file).map_err(|d| d.message);
        assert_eq!(
            config,
            Ok(Config {
                out: None,
                front_matter: None,
                site: None
            })
        );
    }

    #[test]
    fn an_unknown_key_is_located_with_did_you_mean() {
        let (code, line, column, message, help) = problem("out: site\nfront-mater: true\n");
        assert_eq!((code, line, column), ("E0203", 2, 1));
        assert_eq!(message, "unknown key `front-mater`");
        assert_eq!(help.as_deref(), Some("did you mean `front-matter`?"));
        let (code, line, column, message, help) = problem("site:\n  title: T\n  base_url: x\n");
        assert_eq!((code, line, column), ("E0203", 3, 3));
        assert_eq!(message, "unknown key `base_url` in `site`");
        assert_eq!(help.as_deref(), Some("did you mean `base-url`?"));
        let (_, _, _, _, help) = problem("colour: red\n");
        assert_eq!(
            help.as_deref(),
            Some("the keys here are `out`, `front-matter` and `site`")
        );
    }

    #[test]
    fn syntax_errors_wrong_values_and_repeated_keys_are_located() {
        let (code, line, column, message, _) = problem("out: site\n  front-matter: true\n");
        assert_eq!((code, line, column), ("E0101", 2, 15));
        assert_eq!(
            message,
            "invalid YAML: mapping values are not allowed in this context"
        );
        let (code, line, column, message, _) = problem("out: a\nfront-matter: «yes»\n");
        assert_eq!((code, line, column), ("E0205", 2, 15));
        assert_eq!(
            message,
            "`front-matter`: invalid type: string \"«yes»\", expected a boolean"
        );
        let (code, line, column, message, _) = problem("out: a\nsite: {}\n\"out\": b\n");
        assert_eq!((code, line, column), ("E0204", 3, 2));
        assert_eq!(message, "`out` is set twice");
    }

    #[test]
    fn places_are_cut_from_messages_and_columns_count_characters() {
        assert_eq!(
            without_places("bad at line 2 column 5, while parsing at line 1 column 1"),
            "bad, while parsing"
        );
        assert_eq!(without_places("at line x"), "at line x");
        assert_eq!(offset_of("é: x\nab\n", 1, 2), 2);
        assert_eq!(offset_of("é: x\nab\n", 2, 2), 7);
        assert_eq!(offset_of("a", 9, 9), 1);
    }

    #[test]
    fn flow_nesting_over_the_cap_is_refused_at_its_bracket() {
        let text = format!("out: {}", "[".repeat(MAX_YAML_DEPTH + 5));
        let file = SourceFile::new("policyc.yaml", text);
        let error = from_yaml::<Config>(&file).unwrap_err();
        assert_eq!(error.code, Code::Syntax);
        assert!(error.message.contains("nested more than 64"), "{error:?}");
        let span = error.span.unwrap();
        assert_eq!(span.start, 5 + MAX_YAML_DEPTH);
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let deep = "[".repeat(MAX_YAML_DEPTH + 1);
        for text in [
            format!("out: \"{deep}\""),
            format!("out: '{deep}'"),
            format!("out: x # {deep}"),
            format!("out: it's {deep}'"),
        ] {
            assert_eq!(
                too_deep(&text),
                if text.contains("it's") {
                    Some(10 + MAX_YAML_DEPTH)
                } else {
                    None
                },
                "{text}"
            );
        }
    }

    #[test]
    fn a_text_over_the_size_cap_is_refused() {
        let file = SourceFile::new("policyc.yaml", "#".repeat(MAX_YAML_BYTES + 1));
        let error = from_yaml::<Config>(&file).unwrap_err();
        assert!(error.message.contains("1 MiB"), "{error:?}");
    }
}
