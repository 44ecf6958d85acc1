//! The fast reader's rules of values: lists, words with their texts,
//! loose values, dates, numbers, strings and prose blocks.

use super::words::{UNIT_NAMES, classify};
use super::{Reader, is_ident_char, is_ident_start};
use crate::syntax::Rule;

impl Reader<'_> {
    /// `value = _{ string | list | loose | tagged | date | integer }`: the
    /// first byte rules out all but a few.
    pub(super) fn value(&mut self, at: usize) -> Option<usize> {
        match self.byte(at)? {
            b'"' => self.string(at),
            b'[' => self.list(at),
            b if b.is_ascii_digit() => self
                .loose(at)
                .or_else(|| self.date(at))
                .or_else(|| self.integer(at)),
            b if is_ident_start(b) => self.loose(at).or_else(|| self.tagged(at)),
            _ => None,
        }
    }

    /// `list = { list_open ~ (list_value ~ (comma ~ list_value)* ~ comma?)? ~ list_close }`
    pub(super) fn list(&mut self, at: usize) -> Option<usize> {
        self.rule(Rule::list, at, |r, at| {
            let at = r.punct(Rule::list_open, at, b'[')?;
            let at = r.skip(at);
            let at = r.optional(at, Reader::list_values);
            let at = r.skip(at);
            r.punct(Rule::list_close, at, b']')
        })
    }

    /// `list_value ~ (comma ~ list_value)* ~ comma?`
    pub(super) fn list_values(&mut self, at: usize) -> Option<usize> {
        let at = self.list_value(at)?;
        let at = self.skip(at);
        let at = self.repeat(at, Reader::comma_value);
        let at = self.skip(at);
        Some(self.optional(at, |r, at| r.punct(Rule::comma, at, b',')))
    }

    /// `(comma ~ list_value)`
    pub(super) fn comma_value(&mut self, at: usize) -> Option<usize> {
        let at = self.punct(Rule::comma, at, b',')?;
        let at = self.skip(at);
        self.list_value(at)
    }

    /// `list_value = _{ tagged | string | date }`
    pub(super) fn list_value(&mut self, at: usize) -> Option<usize> {
        match self.byte(at)? {
            b'"' => self.string(at),
            b if b.is_ascii_digit() => self.date(at),
            _ => self.tagged(at),
        }
    }

    /// `tagged = { word ~ string? }`, with `word = @{ !keyword ~ identifier }`:
    /// its span runs over the blanks and comments after a word without a
    /// text.
    pub(super) fn tagged(&mut self, at: usize) -> Option<usize> {
        if !is_ident_start(self.byte(at)?) {
            return None;
        }
        let end = self.ident_end(at);
        if classify(self.bytes(at, end)).is_keyword() {
            return None;
        }
        self.rule(Rule::tagged, at, |r, at| {
            let at = r.leaf(Rule::word, at, end);
            let at = r.skip(at);
            Some(r.optional(at, Reader::string))
        })
    }

    /// `loose = @{ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ (ASCII_ALPHA ~ ident_char* | (" " | "\t")+ ~ unit_name ~ !ident_char) | identifier ~ ("." ~ ident_char+)+ }`
    pub(super) fn loose(&mut self, at: usize) -> Option<usize> {
        let first = self.byte(at)?;
        let end = if first.is_ascii_digit() {
            let mut end = self.digits_end(at);
            if self.is(end, b'.') && self.byte(end + 1).is_some_and(|b| b.is_ascii_digit()) {
                end = self.digits_end(end + 1);
            }
            match self.byte(end)? {
                b if b.is_ascii_alphabetic() => self.ident_end(end),
                b' ' | b'\t' => {
                    let rest = self.text.get(end..).unwrap_or_default();
                    let unit = end
                        + rest
                            .iter()
                            .take_while(|&&b| b == b' ' || b == b'\t')
                            .count();
                    let unit_end = self.ident_end(unit);
                    if !UNIT_NAMES.contains(&self.bytes(unit, unit_end)) {
                        return None;
                    }
                    unit_end
                }
                _ => return None,
            }
        } else if is_ident_start(first) {
            let name = self.ident_end(at);
            let mut end = name;
            while self.is(end, b'.') && self.byte(end + 1).is_some_and(is_ident_char) {
                end = self.ident_end(end + 1);
            }
            if end == name {
                return None;
            }
            end
        } else {
            return None;
        };
        Some(self.leaf(Rule::loose, at, end))
    }

    /// `date = @{ ASCII_DIGIT{4} ~ "-" ~ ASCII_DIGIT{2} ~ "-" ~ ASCII_DIGIT{2} ~ !ident_char }`
    pub(super) fn date(&mut self, at: usize) -> Option<usize> {
        let shape = self.text.get(at..at + 10)?;
        let fits = shape.iter().enumerate().all(|(i, &b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        let end = at + 10;
        (fits && !self.byte(end).is_some_and(is_ident_char)).then(|| self.leaf(Rule::date, at, end))
    }

    /// `integer = @{ ASCII_DIGIT+ ~ !ident_char }`
    pub(super) fn integer(&mut self, at: usize) -> Option<usize> {
        let end = self.digits_end(at);
        (end > at && !self.byte(end).is_some_and(is_ident_char))
            .then(|| self.leaf(Rule::integer, at, end))
    }

    /// `string = ${ quote ~ string_content ~ quote }`
    pub(super) fn string(&mut self, at: usize) -> Option<usize> {
        if !self.is(at, b'"') {
            return None;
        }
        self.rule(Rule::string, at, |r, at| {
            let at = r.leaf(Rule::quote, at, at + 1);
            let end = r.string_content(at);
            let at = r.leaf(Rule::string_content, at, end);
            r.punct(Rule::quote, at, b'"')
        })
    }

    /// `string_content = @{ (!("\"" | "\\" | "\n" | "\r") ~ ANY)* ~ (escape ~ (!("\"" | "\\" | "\n" | "\r") ~ ANY)*)* }`:
    /// where it ends.
    pub(super) fn string_content(&self, mut at: usize) -> usize {
        loop {
            let rest = self.text.get(at..).unwrap_or_default();
            at += rest
                .iter()
                .position(|&b| matches!(b, b'"' | b'\\' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            match self.escape(at) {
                Some(end) => at = end,
                None => return at,
            }
        }
    }

    /// `escape = @{ "\\" ~ ("\"" | "\\" | "n" | "t" | "u{" ~ ASCII_HEX_DIGIT{1, 6} ~ "}") }`:
    /// where the escape at `at` ends.
    pub(super) fn escape(&self, at: usize) -> Option<usize> {
        if !self.is(at, b'\\') {
            return None;
        }
        match self.byte(at + 1)? {
            b'"' | b'\\' | b'n' | b't' => Some(at + 2),
            b'u' if self.is(at + 2, b'{') => {
                let digits = at + 3;
                let rest = self.text.get(digits..).unwrap_or_default();
                let n = rest
                    .iter()
                    .take(6)
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
                (n > 0 && self.is(digits + n, b'}')).then_some(digits + n + 1)
            }
            _ => None,
        }
    }

    /// `prose_block = ${ prose_open ~ prose_content ~ prose_close }`, with
    /// `prose_open = @{ PUSH("\"\"\"" ~ "\""*) }`,
    /// `prose_content = @{ prose_run ~ (!PEEK ~ "\"" ~ prose_run)* }` and
    /// `prose_close = @{ POP }`: the content ends at the first quote that
    /// begins a run of the opening quotes.
    pub(super) fn prose_block(&mut self, at: usize) -> Option<usize> {
        let rest = self.text.get(at..).unwrap_or_default();
        let quotes = rest.iter().take_while(|&&b| b == b'"').count();
        if quotes < 3 {
            return None;
        }
        let fence = self.bytes(at, at + quotes);
        let body = at + quotes;
        let mut close = body;
        loop {
            close += memchr::memchr(b'"', self.text.get(close..)?)?;
            if self.text.get(close..)?.starts_with(fence) {
                break;
            }
            close += 1;
        }
        self.rule(Rule::prose_block, at, |r, at| {
            r.leaf(Rule::prose_open, at, body);
            r.leaf(Rule::prose_content, body, close);
            Some(r.leaf(Rule::prose_close, close, close + quotes))
        })
    }
}
