//! Prose: the text of `text` blocks and one-line strings used as prose.
//! A `"""` block loses the indentation common to its lines (with a map back
//! to source offsets, so a bad `${…}` is underlined exactly), and `${…}`
//! references are split out of the text; `$${` is a literal `${`.

use super::{Lowerer, children};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::{SafeSlice, Span};
use crate::syntax::Rule;
use pest::iterators::Pair;

impl Lowerer {
    pub(super) fn lower_text(&mut self, pair: Pair<'_, Rule>) -> Prose {
        for item in children(pair) {
            match item.as_rule() {
                Rule::prose_block => return self.lower_prose_block(item),
                Rule::string => return self.lower_string_prose(item),
                _ => {}
            }
        }
        Prose {
            segments: Vec::new(),
        }
    }

    /// A `"""` block: indentation stripped, references split out.
    fn lower_prose_block(&mut self, pair: Pair<'_, Rule>) -> Prose {
        let Some(content) = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::prose_content)
        else {
            return Prose {
                segments: Vec::new(),
            };
        };
        let (text, map) = dedent(content.as_str(), content.as_span().start());
        self.split_references(&text, &|offset| map_offset(&map, offset))
    }

    /// A one-line string used as prose.
    pub(super) fn lower_string_prose(&mut self, pair: Pair<'_, Rule>) -> Prose {
        let whole = self.span(&pair);
        let raw_start = whole.start + 1;
        let raw = pair
            .as_str()
            .get(1..pair.as_str().len().saturating_sub(1))
            .unwrap_or("")
            .to_string();
        let text = self.lower_string(pair).node;
        // Offsets are exact when no escape changed the text; otherwise the
        // whole string is the best place to point at.
        let exact = raw == text;
        self.split_references(&text, &|offset| {
            if exact {
                raw_start + offset
            } else {
                whole.start
            }
        })
    }

    /// Splits text into literal runs and `${…}` references; `$${` is a
    /// literal `${`, and any other `$` is just a dollar sign.
    fn split_references(&mut self, text: &str, source_offset: &dyn Fn(usize) -> usize) -> Prose {
        let mut out = Segments::default();
        let mut unclosed_until = 0;
        let mut offset = 0;
        let mut rest = text;
        while let Some(dollar) = rest.find('$') {
            out.literal.push_str(rest.slice_to(dollar));
            let at = offset + dollar;
            let after = rest.slice_from(dollar);
            let consumed = if after.starts_with("$${") {
                out.literal.push_str("${");
                3
            } else if after.starts_with("${") {
                let close = closing_brace(after, at, &mut unclosed_until);
                self.reference(after, close, &|o| source_offset(at + o), &mut out)
            } else {
                out.literal.push('$');
                1
            };
            offset = at + consumed;
            rest = after.slice_from(consumed);
        }
        out.literal.push_str(rest);
        out.finish()
    }

    /// The `${…}` that `after` starts with, closed at `close` if at all:
    /// added to `out` as a reference or reported. Returns the bytes used.
    fn reference(
        &mut self,
        after: &str,
        close: Option<usize>,
        source_offset: &dyn Fn(usize) -> usize,
        out: &mut Segments,
    ) -> usize {
        let at = source_offset(0);
        let Some(close) = close else {
            self.report(
                Diagnostic::error(Code::UnclosedReference, "this reference is never closed")
                    .at(Span::new(self.file, at, at + 2))
                    .label("`${` opens a reference")
                    .help("close it with `}` on the same line, or write `$${` for a literal `${`"),
            );
            out.literal.push_str("${");
            return 2;
        };
        let name = after.slice_between(2, close).trim();
        let written = after.slice_to(close + 1);
        let span = Span::new(self.file, at, source_offset(close) + 1);
        if is_reference_name(name) {
            out.push_reference(Node::new(Reference::to(name), span));
        } else {
            self.report(
                Diagnostic::error(Code::WrongValue, format!("`{written}` is not a name that can be referenced"))
                    .at(span)
                    .label("not a reference name")
                    .help("references look like `${org.name}` or `${Service}`; write `$${` for a literal `${`"),
            );
            out.literal.push_str(written);
        }
        close + 1
    }
}

/// Prose being split: the segments so far and the literal run after them.
#[derive(Default)]
struct Segments {
    segments: Vec<Segment>,
    literal: String,
}

impl Segments {
    fn push_reference(&mut self, reference: Node<Reference>) {
        if !self.literal.is_empty() {
            self.segments
                .push(Segment::Text(std::mem::take(&mut self.literal)));
        }
        self.segments.push(Segment::Ref(reference));
    }

    fn finish(mut self) -> Prose {
        if !self.literal.is_empty() {
            self.segments.push(Segment::Text(self.literal));
        }
        Prose {
            segments: self.segments,
        }
    }
}

/// Where the `${` that `after` starts with (at `at` in the text) is closed,
/// on its own line. Once a `${` is known to have no `}` before the end of
/// its line, later ones on that line need no search of their own:
/// `unclosed_until` remembers where that line ends.
fn closing_brace(after: &str, at: usize, unclosed_until: &mut usize) -> Option<usize> {
    if at < *unclosed_until {
        return None;
    }
    match after.find(['}', '\n']) {
        Some(c) if after.as_bytes().get(c) == Some(&b'}') => Some(c),
        Some(c) => {
            *unclosed_until = at + c;
            None
        }
        None => {
            *unclosed_until = usize::MAX;
            None
        }
    }
}

fn is_reference_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Strips the indentation common to all non-blank lines of a prose block,
/// the rest of the opening line when it is blank, and the closing line's
/// indentation. CRLF becomes LF. Returns the text and, for each output line,
/// (output offset, source offset) so references can point into the source.
fn dedent(raw: &str, source_start: usize) -> (String, Vec<(usize, usize)>) {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in raw.split('\n') {
        lines.push((at, line.strip_suffix('\r').unwrap_or(line)));
        at += line.len() + 1;
    }
    if lines.len() > 1 && lines.first().is_some_and(|(_, l)| l.trim().is_empty()) {
        lines.remove(0);
    }
    if lines.len() > 1 && lines.last().is_some_and(|(_, l)| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(_, l)| l.slice_to(l.len() - l.trim_start_matches([' ', '\t']).len()))
        .reduce(|a, b| {
            let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            a.slice_to(common)
        })
        .unwrap_or("");
    let mut text = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(lines.len());
    for (i, (start, line)) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let stripped = if line.trim().is_empty() {
            ""
        } else {
            line.strip_prefix(indent).unwrap_or(line)
        };
        map.push((
            text.len(),
            source_start + start + (line.len() - stripped.len()),
        ));
        text.push_str(stripped);
    }
    (text, map)
}

fn map_offset(map: &[(usize, usize)], offset: usize) -> usize {
    let line = map
        .partition_point(|&(out, _)| out <= offset)
        .saturating_sub(1);
    map.get(line)
        .map_or(offset, |&(out, src)| src + (offset - out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_strips_common_indentation_and_fence_lines() {
        let (text, _) = dedent("\n    a\n      b\n\n    c\n    ", 0);
        assert_eq!(text, "a\n  b\n\nc");
    }

    #[test]
    fn dedent_maps_offsets_back_to_the_source() {
        let raw = "\n    ab\n    cd\n  ";
        let (text, map) = dedent(raw, 100);
        let c = text.find('c').unwrap();
        assert_eq!(map_offset(&map, c), 100 + raw.find('c').unwrap());
    }

    #[test]
    fn dedent_accepts_crlf() {
        let (text, _) = dedent("\r\n  a\r\n  b\r\n  ", 0);
        assert_eq!(text, "a\nb");
    }
}
