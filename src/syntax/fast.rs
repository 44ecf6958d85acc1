//! The fast reader of well-formed files. pest stays the grammar's
//! reference parser and the only path for a file with an error; this
//! hand-written reader handles files that read cleanly, a byte at a time,
//! and fills the same flat tree ([`Cst`]) pest's pairs would give.
//!
//! The contract: whenever [`read`] returns `Some(cst)`, `cst` equals
//! `Cst::from_pest(text, PolicyParser::parse(top, text)?)` — the same rules,
//! spans, comments in the same parents, and the white space pest's implicit
//! skipping leaves inside a rule (after a word whose optional text is
//! absent, say). Wherever it is unsure — anything pest's recovering parse
//! would skip as `recover` or `trailing`, any error — it returns `None` and
//! pest reads the file. `tests/fast_read.rs` holds it to that on every
//! policy of the repository and on thousands of mutants of them.
//!
//! Each grammar rule has a function of its name, its doc comment quoting the
//! rule, that returns where the match ends or `None` with the tree as it
//! found it. Between two parts of a non-atomic rule pest skips white space
//! and comments (`Reader::skip`), also before an optional part that then
//! does not match; the functions skip exactly where pest does.

use super::Rule;
use super::cst::{Cst, Entry};
use crate::source::SourceFile;

mod items;
mod values;
mod words;

/// How many sections may nest before the reader gives up (the delimiter
/// scan allows [`super::MAX_DEPTH`] levels of braces; this bounds the
/// recursion on any input, scanned or not).
const MAX_SECTIONS: usize = super::MAX_DEPTH;

/// Reads `text` as `top` — `Rule::recovering_file` or
/// `Rule::recovering_fragment`, what `syntax::parse_as` parses with — into
/// the tree pest would give, or `None` when the text is not well-formed or
/// the reader is unsure (then pest reads it). Linear in the text; never
/// panics.
pub(crate) fn read(text: &str, top: Rule) -> Option<Cst<'_>> {
    // Offsets are kept in 32 bits.
    u32::try_from(text.len()).ok()?;
    let mut reader = Reader {
        text: text.as_bytes(),
        entries: Vec::with_capacity(text.len() / 8 + 16),
        sections: 0,
    };
    match top {
        Rule::recovering_file => reader.recovering(top, Reader::policy)?,
        Rule::recovering_fragment => reader.recovering(top, Reader::clauses)?,
        _ => return None,
    };
    Some(Cst::new(text, reader.entries))
}

/// The state of one reading: the bytes and the entries so far.
struct Reader<'i> {
    text: &'i [u8],
    entries: Vec<Entry>,
    /// Sections open around the current position.
    sections: usize,
}

/// A character that may continue a name: `ident_char`.
fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A character that may begin a name: `ASCII_ALPHA | '_'`.
fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// An offset as the tree keeps it ([`read`] refused longer texts).
fn at32(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl<'i> Reader<'i> {
    /// The byte at `at`, if any.
    pub(super) fn byte(&self, at: usize) -> Option<u8> {
        self.text.get(at).copied()
    }

    /// Whether the byte at `at` is `b`.
    pub(super) fn is(&self, at: usize, b: u8) -> bool {
        self.byte(at) == Some(b)
    }

    /// The end of the run of identifier characters from `at`.
    pub(super) fn ident_end(&self, at: usize) -> usize {
        let rest = self.text.get(at..).unwrap_or_default();
        at + rest
            .iter()
            .position(|&b| !is_ident_char(b))
            .unwrap_or(rest.len())
    }

    /// The end of the run of ASCII digits from `at`.
    pub(super) fn digits_end(&self, at: usize) -> usize {
        let rest = self.text.get(at..).unwrap_or_default();
        at + rest
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(rest.len())
    }

    /// The bytes between two offsets.
    pub(super) fn bytes(&self, start: usize, end: usize) -> &'i [u8] {
        self.text.get(start..end).unwrap_or_default()
    }

    /// A rule without children, matched from `start` to `end`.
    pub(super) fn leaf(&mut self, rule: Rule, start: usize, end: usize) -> usize {
        let next = at32(self.entries.len() + 1);
        self.entries.push(Entry {
            rule,
            start: at32(start),
            end: at32(end),
            next,
        });
        end
    }

    /// A one-byte rule (punctuation) if the byte at `at` is `b`.
    pub(super) fn punct(&mut self, rule: Rule, at: usize, b: u8) -> Option<usize> {
        self.is(at, b).then(|| self.leaf(rule, at, at + 1))
    }

    /// A rule with children: its entry, then what `body` reads from `start`;
    /// on failure the tree is left as it was.
    pub(super) fn rule(
        &mut self,
        rule: Rule,
        start: usize,
        body: impl FnOnce(&mut Self, usize) -> Option<usize>,
    ) -> Option<usize> {
        let index = self.entries.len();
        self.leaf(rule, start, start);
        match body(self, start) {
            Some(end) => {
                let next = at32(self.entries.len());
                if let Some(entry) = self.entries.get_mut(index) {
                    entry.end = at32(end);
                    entry.next = next;
                }
                Some(end)
            }
            None => {
                self.entries.truncate(index);
                None
            }
        }
    }

    /// `body` tried at `at` as an optional part (`x?`): where it ends, or
    /// `at` with the tree as it was.
    pub(super) fn optional(
        &mut self,
        at: usize,
        body: impl FnOnce(&mut Self, usize) -> Option<usize>,
    ) -> usize {
        let mark = self.entries.len();
        body(self, at).unwrap_or_else(|| {
            self.entries.truncate(mark);
            at
        })
    }

    /// pest's implicit skip between the parts of a non-atomic rule:
    /// `WHITESPACE* ~ (COMMENT ~ WHITESPACE*)*`, each `COMMENT` an entry of
    /// the rule being read (none when `record` is false, in a lookahead).
    pub(super) fn skip_as(&mut self, mut at: usize, record: bool) -> usize {
        loop {
            let rest = self.text.get(at..).unwrap_or_default();
            at += rest
                .iter()
                .position(|&b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
                .unwrap_or(rest.len());
            let Some(end) = self.comment(at) else {
                return at;
            };
            if record {
                self.leaf(Rule::COMMENT, at, end);
            }
            at = end;
        }
    }

    /// [`Reader::skip_as`], recording comments.
    pub(super) fn skip(&mut self, at: usize) -> usize {
        self.skip_as(at, true)
    }

    /// `COMMENT = @{ '/'..'/' ~ (("/" ~ (!("\n" | "\r") ~ ANY)*) | ("*" ~ (!"*/" ~ ANY)* ~ "*/")) }`:
    /// where the comment at `at` ends.
    pub(super) fn comment(&self, at: usize) -> Option<usize> {
        if !self.is(at, b'/') {
            return None;
        }
        let body = at + 2;
        let rest = self.text.get(body..).unwrap_or_default();
        match self.byte(at + 1)? {
            b'/' => Some(body + memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len())),
            b'*' => memchr::memmem::find(rest, b"*/").map(|n| body + n + 2),
            _ => None,
        }
    }
}

/// How the fast reader's tree compares with pest's on one text: for the
/// tests that hold [`read`] to its contract.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agreement {
    /// The reader read the text, to pest's very tree.
    Same,
    /// The reader declined; what pest's recovering parse made of the text.
    Declined(PestRead),
    /// The reader read the text and pest did not, or read it otherwise: a
    /// breach of the contract, described.
    Differs(String),
}

/// What pest's recovering parse made of a text.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PestRead {
    /// It read the whole text, skipping nothing.
    Clean,
    /// It read the text, skipping input (`recover` or `trailing` matched).
    Skipped,
    /// It failed.
    Failed,
}

/// Reads `text` with both readers — as a policy file, or as a clause file
/// when `fragment` — and compares their trees (tests only: pest runs every
/// time).
#[doc(hidden)]
pub fn agreement(text: &str, fragment: bool) -> Agreement {
    use pest::Parser as _;
    let top = if fragment {
        Rule::recovering_fragment
    } else {
        Rule::recovering_file
    };
    let pest = super::PolicyParser::parse(top, text)
        .ok()
        .map(|pairs| Cst::from_pest(text, pairs));
    let pest_read = match &pest {
        None => PestRead::Failed,
        Some(tree) if tree.entries().iter().any(|e| skipped(e.rule)) => PestRead::Skipped,
        Some(_) => PestRead::Clean,
    };
    match (read(text, top), pest) {
        (None, _) => Agreement::Declined(pest_read),
        (Some(ours), Some(theirs)) if ours == theirs => Agreement::Same,
        (Some(_), None) => Agreement::Differs("pest failed".to_owned()),
        (Some(ours), Some(theirs)) => Agreement::Differs(first_difference(&ours, &theirs)),
    }
}

/// The rules that only match where pest's recovering parse skipped input.
fn skipped(rule: Rule) -> bool {
    matches!(rule, Rule::recover | Rule::trailing | Rule::recovered)
}

/// The first entry where two trees part, in words.
fn first_difference(ours: &Cst<'_>, theirs: &Cst<'_>) -> String {
    let (a, b) = (ours.entries(), theirs.entries());
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    format!(
        "entry {at} of {} (pest {}): ours {:?}, pest's {:?}",
        a.len(),
        b.len(),
        a.get(at),
        b.get(at)
    )
}

/// The fast reader alone, without the delimiter scan: the number of
/// entries read, or `None` where it declines (for tests of hostile input).
#[doc(hidden)]
pub fn entries_read(text: &str, fragment: bool) -> Option<usize> {
    let top = if fragment {
        Rule::recovering_fragment
    } else {
        Rule::recovering_file
    };
    read(text, top).map(|cst| cst.entries().len())
}

/// Whether the delimiter scan passes `file`, as it must before either
/// reader runs (for the tests: a file it refuses never reaches a reader).
#[doc(hidden)]
pub fn delimiters_pass(file: &SourceFile) -> bool {
    super::scan::scan_delimiters(file).is_ok()
}

/// The delimiter scan and the fast reader, as `syntax::parse` would run
/// them on a policy file: the number of entries read, or `None` where pest
/// would read the file (for the parse bench).
#[doc(hidden)]
pub fn scan_and_read(file: &SourceFile) -> Option<usize> {
    super::scan::scan_delimiters(file).ok()?;
    read(&file.text, Rule::recovering_file).map(|cst| cst.entries().len())
}
