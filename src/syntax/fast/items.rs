//! The fast reader's rules of the file's structure: the file, the policy,
//! items and the blocks they open, down to settings (`assignment`).

use super::words::{Word, classify};
use super::{MAX_SECTIONS, Reader, is_ident_char, is_ident_start};
use crate::syntax::Rule;

impl Reader<'_> {
    /// `recovering_file = { SOI ~ PUSH("") ~ policy ~ (EOI | trailing ~ EOI) ~ recovered? }`
    /// and `recovering_fragment`, alike with `clauses`; without `trailing`
    /// or `recovered`, which only match where input was skipped.
    pub(super) fn recovering(
        &mut self,
        top: Rule,
        content: fn(&mut Self, usize) -> Option<usize>,
    ) -> Option<usize> {
        self.rule(top, 0, |r, at| {
            let at = r.skip(at);
            let at = content(r, at)?;
            let at = r.skip(at);
            (at == r.text.len()).then(|| r.leaf(Rule::EOI, at, at))
        })
    }

    /// `policy = { kw_policy ~ policy_kind ~ string ~ block_open ~ item* ~ block_close }`
    pub(super) fn policy(&mut self, at: usize) -> Option<usize> {
        let end = self.ident_end(at);
        if classify(self.bytes(at, end)) != Word::Policy {
            return None;
        }
        self.rule(Rule::policy, at, |r, at| {
            let at = r.leaf(Rule::kw_policy, at, end);
            let at = r.skip(at);
            let at = r.rule(Rule::policy_kind, at, Reader::identifier)?;
            let at = r.skip(at);
            let at = r.string(at)?;
            r.block_of_items(at)
        })
    }

    /// `block_open ~ item* ~ block_close`, the body of a policy or a section.
    pub(super) fn block_of_items(&mut self, at: usize) -> Option<usize> {
        let at = self.skip(at);
        let at = self.punct(Rule::block_open, at, b'{')?;
        let at = self.skip(at);
        let at = self.repeat(at, Reader::item);
        let at = self.skip(at);
        self.punct(Rule::block_close, at, b'}')
    }

    /// `clauses = { item* }`
    pub(super) fn clauses(&mut self, at: usize) -> Option<usize> {
        self.rule(Rule::clauses, at, |r, at| Some(r.repeat(at, Reader::item)))
    }

    /// `x*` in a non-atomic rule: `x`, then `skip ~ x` while that matches.
    pub(super) fn repeat(
        &mut self,
        mut at: usize,
        part: fn(&mut Self, usize) -> Option<usize>,
    ) -> usize {
        let mut mark = self.entries.len();
        let mut from = at;
        loop {
            match part(self, from) {
                Some(end) => at = end,
                None => {
                    // The skip before a part that failed is undone with it.
                    self.entries.truncate(mark);
                    return at;
                }
            }
            mark = self.entries.len();
            from = self.skip(at);
        }
    }

    /// `item = _{ text | section | fact | generated | org | contact | term | define | include | assignment | recover }`:
    /// each alternative but `assignment` begins with its keyword, so the
    /// word decides which one is tried before `assignment`. `recover` is
    /// never read: where nothing else matches, the item fails, and so does
    /// the file unless a `}` or the end follows (where `recover` fails too).
    pub(super) fn item(&mut self, at: usize) -> Option<usize> {
        if !is_ident_start(self.byte(at)?) {
            return None;
        }
        let end = self.ident_end(at);
        let read = match classify(self.bytes(at, end)) {
            Word::Text => self.text_item(at, end),
            Word::Section => self.section(at, end),
            Word::Fact => return self.fact(at, end),
            Word::Generated => return self.generated(at, end),
            Word::Org => self.org(at, end),
            Word::Contact => self.contact(at, end),
            Word::Term => self.term(at, end),
            Word::Define => self.define(at, end),
            Word::Include => self.include(at, end),
            Word::Plain | Word::Policy | Word::Officer => None,
        };
        read.or_else(|| self.assignment(at))
    }

    /// `text = { kw_text ~ (prose_block | string) }`
    pub(super) fn text_item(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::text, at, |r, at| {
            let at = r.leaf(Rule::kw_text, at, end);
            let at = r.skip(at);
            r.prose_or_string(at)
        })
    }

    /// `(prose_block | string)`
    pub(super) fn prose_or_string(&mut self, at: usize) -> Option<usize> {
        self.prose_block(at).or_else(|| self.string(at))
    }

    /// `section = { kw_section ~ section_kind? ~ string ~ block_open ~ item* ~ block_close }`
    pub(super) fn section(&mut self, at: usize, end: usize) -> Option<usize> {
        if self.sections >= MAX_SECTIONS {
            return None;
        }
        self.sections += 1;
        let read = self.rule(Rule::section, at, |r, at| {
            let at = r.leaf(Rule::kw_section, at, end);
            let at = r.skip(at);
            let at = r.optional(at, |r, at| {
                r.rule(Rule::section_kind, at, Reader::identifier)
            });
            let at = r.skip(at);
            let at = r.string(at)?;
            r.block_of_items(at)
        });
        self.sections -= 1;
        read
    }

    /// `fact = { fact_keyword ~ fact_kind? ~ string? ~ (block_open ~ assignment* ~ block_close)? }`:
    /// it always matches once its keyword has, its span running over the
    /// blanks and comments after its last part when the parts after it are
    /// absent.
    pub(super) fn fact(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::fact, at, |r, at| {
            let at = r.leaf(Rule::fact_keyword, at, end);
            let at = r.skip(at);
            let at = r.optional(at, Reader::fact_kind);
            let at = r.skip(at);
            let at = r.optional(at, Reader::string);
            let at = r.skip(at);
            Some(r.optional(at, Reader::settings))
        })
    }

    /// `fact_kind = { !(keyword | fact_keyword) ~ identifier ~ !equals }`.
    /// Non-atomic, so `keyword` (a silent non-atomic rule) skips between its
    /// word and `!ident_char`, and the kind's span runs over the blanks and
    /// comments before the `!equals` lookahead.
    pub(super) fn fact_kind(&mut self, at: usize) -> Option<usize> {
        if !is_ident_start(self.byte(at)?) {
            return None;
        }
        let end = self.ident_end(at);
        let word = classify(self.bytes(at, end));
        if word == Word::Fact {
            return None;
        }
        if word.is_keyword() {
            let after = self.skip_as(end, false);
            if !self.byte(after).is_some_and(is_ident_char) {
                return None;
            }
        }
        self.rule(Rule::fact_kind, at, |r, at| {
            let at = r.leaf(Rule::identifier, at, end);
            let at = r.skip(at);
            (!r.is(at, b'=')).then_some(at)
        })
    }

    /// `(block_open ~ assignment* ~ block_close)`: the settings of a fact or
    /// a generated block, and the bodies of `org` and `officer`.
    pub(super) fn settings(&mut self, at: usize) -> Option<usize> {
        let at = self.punct(Rule::block_open, at, b'{')?;
        let at = self.skip(at);
        let at = self.repeat(at, Reader::assignment);
        let at = self.skip(at);
        self.punct(Rule::block_close, at, b'}')
    }

    /// `generated = { generated_name ~ string? ~ (block_open ~ assignment* ~ block_close)? }`
    pub(super) fn generated(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::generated, at, |r, at| {
            let at = r.leaf(Rule::generated_name, at, end);
            let at = r.skip(at);
            let at = r.optional(at, Reader::string);
            let at = r.skip(at);
            Some(r.optional(at, Reader::settings))
        })
    }

    /// `org = { kw_org ~ block_open ~ assignment* ~ block_close }`
    pub(super) fn org(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::org, at, |r, at| {
            let at = r.leaf(Rule::kw_org, at, end);
            let at = r.skip(at);
            r.settings(at)
        })
    }

    /// `contact = { kw_contact ~ block_open ~ (officer | assignment)* ~ block_close }`
    pub(super) fn contact(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::contact, at, |r, at| {
            let at = r.leaf(Rule::kw_contact, at, end);
            let at = r.skip(at);
            let at = r.punct(Rule::block_open, at, b'{')?;
            let at = r.skip(at);
            let at = r.repeat(at, Reader::officer_or_assignment);
            let at = r.skip(at);
            r.punct(Rule::block_close, at, b'}')
        })
    }

    /// `(officer | assignment)`
    pub(super) fn officer_or_assignment(&mut self, at: usize) -> Option<usize> {
        let end = self.ident_end(at);
        if classify(self.bytes(at, end)) == Word::Officer {
            if let Some(read) = self.officer(at, end) {
                return Some(read);
            }
        }
        self.assignment(at)
    }

    /// `officer = { kw_officer ~ identifier ~ block_open ~ assignment* ~ block_close }`
    pub(super) fn officer(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::officer, at, |r, at| {
            let at = r.leaf(Rule::kw_officer, at, end);
            let at = r.skip(at);
            let at = r.identifier(at)?;
            let at = r.skip(at);
            r.settings(at)
        })
    }

    /// `term = { kw_term ~ identifier ~ equals ~ string }`
    pub(super) fn term(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::term, at, |r, at| {
            let at = r.leaf(Rule::kw_term, at, end);
            let at = r.skip(at);
            let at = r.identifier(at)?;
            let at = r.skip(at);
            let at = r.punct(Rule::equals, at, b'=')?;
            let at = r.skip(at);
            r.string(at)
        })
    }

    /// `define = { kw_define ~ string ~ equals ~ (prose_block | string) }`
    pub(super) fn define(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::define, at, |r, at| {
            let at = r.leaf(Rule::kw_define, at, end);
            let at = r.skip(at);
            let at = r.string(at)?;
            let at = r.skip(at);
            let at = r.punct(Rule::equals, at, b'=')?;
            let at = r.skip(at);
            r.prose_or_string(at)
        })
    }

    /// `include = { kw_include ~ string }`
    pub(super) fn include(&mut self, at: usize, end: usize) -> Option<usize> {
        self.rule(Rule::include, at, |r, at| {
            let at = r.leaf(Rule::kw_include, at, end);
            let at = r.skip(at);
            r.string(at)
        })
    }

    /// `identifier = @{ (ASCII_ALPHA | '_'..'_') ~ ident_char* }`
    pub(super) fn identifier(&mut self, at: usize) -> Option<usize> {
        is_ident_start(self.byte(at)?).then(|| {
            let end = self.ident_end(at);
            self.leaf(Rule::identifier, at, end)
        })
    }

    /// `assignment = { key ~ equals ~ value }`, with `key = @{ identifier }`
    pub(super) fn assignment(&mut self, at: usize) -> Option<usize> {
        if !is_ident_start(self.byte(at)?) {
            return None;
        }
        let end = self.ident_end(at);
        self.rule(Rule::assignment, at, |r, at| {
            let at = r.leaf(Rule::key, at, end);
            let at = r.skip(at);
            let at = r.punct(Rule::equals, at, b'=')?;
            let at = r.skip(at);
            r.value(at)
        })
    }
}
