//! Stage 2, syntax tree → typed model. One `lower_*` function per grammar
//! rule; values and their checks are in [`value`], entity blocks in
//! [`entity`], prose (indentation and `${…}` splitting) in [`prose`], and
//! the settings of policies and sections in [`settings`]. Problems local to
//! one declaration (an unknown key, a date that does not exist, a misspelt
//! kind) are reported here; anchors, numbers and reference values are the
//! resolution pass's, and problems that need the whole policy the checks'.

mod define;
mod entity;
mod include;
mod practice;
mod prose;
mod settings;
mod value;

use crate::Includes;
use crate::diagnostic::{Code, Diagnostic};
use crate::keyword::Keyword;
use crate::model::*;
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::Rule;
use crate::syntax::cst::Pair;
use std::collections::HashMap;

pub use include::MAX_INCLUDE_DEPTH;

/// The setting keys a block takes, by the keyword that opens it (`policy`,
/// `section`, `toc`, `org`, `contact`, `officer` or a fact's): the tables
/// lowering reads, for an editor's completion; empty for other words.
pub fn setting_keys(block: &str) -> Vec<&'static str> {
    fn words<K: Keyword>() -> Vec<&'static str> {
        K::ALL.iter().map(|(word, _)| *word).collect()
    }
    match block {
        "policy" => words::<settings::MetaKey>(),
        "section" => words::<settings::SectionKey>(),
        "toc" => words::<settings::TocKey>(),
        "org" => Organisation::keys().collect(),
        "contact" => Contact::keys().collect(),
        "officer" => Officer::keys().collect(),
        fact => practice::setting_keys(fact),
    }
}

/// What lowering one policy gives.
pub struct Lowered {
    /// The policy, even when there are errors, so that later stages can
    /// report further problems in the same run and tools can use what was
    /// read.
    pub policy: Policy,
    /// Every problem met on the way, syntax errors of clause files included.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a clause file had syntax errors (so parts were skipped).
    pub syntax_errors: bool,
    /// The clause files read, in the order first included.
    pub included: Vec<SourceFile>,
    /// For each clause file, the `include` that read it.
    pub included_from: Vec<(FileId, Span)>,
}

/// Lowers the tree of `file`'s policy, reading the clause files it includes
/// through `includes`.
pub fn lower(
    policy: Pair<'_>,
    file: &SourceFile,
    includes: &dyn Includes,
    default_language: &LanguageTag,
) -> Lowered {
    let mut lowerer = Lowerer {
        file: file.id,
        diagnostics: Vec::new(),
        includes,
        including: vec![file.name.clone()],
        syntax_errors: false,
        included: Vec::new(),
        included_from: Vec::new(),
        invalid: Vec::new(),
        accepted: None,
        accepted_name: String::new(),
        last_origins: Vec::new(),
        prose_origins: HashMap::new(),
    };
    let mut policy = lowerer.lower_policy(policy, default_language);
    policy.invalid = std::mem::take(&mut lowerer.invalid);
    policy.prose_origins = std::mem::take(&mut lowerer.prose_origins);
    Lowered {
        policy,
        diagnostics: lowerer.diagnostics,
        syntax_errors: lowerer.syntax_errors,
        included: lowerer.included,
        included_from: lowerer.included_from,
    }
}

/// The state of one lowering: the file the spans belong to, the problems
/// found so far, and the clause files being read.
struct Lowerer<'a> {
    file: FileId,
    diagnostics: Vec<Diagnostic>,
    includes: &'a dyn Includes,
    /// The names of the files being read, the policy first: an `include`
    /// of one of them would loop.
    including: Vec<String>,
    syntax_errors: bool,
    included: Vec<SourceFile>,
    included_from: Vec<(FileId, Span)>,
    /// The settings written but not read, for `Policy::invalid`.
    invalid: Vec<Node<String>>,
    /// Where the setting last accepted by its place (`check_key_in`) is
    /// written: an error located inside it is about its value, which is
    /// then written but invalid.
    accepted: Option<Span>,
    /// That setting's name as a reference would name it, in a buffer
    /// reused from setting to setting (a name is only kept on an error).
    accepted_name: String,
    /// The origins of the last prose split, for `prose_origins`.
    last_origins: Vec<(usize, usize)>,
    /// Where each `text` block's literal text is in the source.
    prose_origins: HashMap<Span, ProseOrigins>,
}

/// The children that carry meaning: comments (kept in the tree for the
/// formatter) and skipped input (reported by the parser) are not lowered.
fn children<'a>(pair: Pair<'a>) -> impl Iterator<Item = Pair<'a>> {
    pair.into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::COMMENT | Rule::recover))
}

impl Lowerer<'_> {
    /// Reports a problem. An error inside the setting last accepted is
    /// about its value: the setting is noted as written but invalid, so
    /// that no check reports it missing as well.
    fn report(&mut self, diagnostic: Diagnostic) {
        if let (Some(setting), Some(at)) = (self.accepted, diagnostic.span) {
            let inside =
                at.file == setting.file && setting.start <= at.start && at.end <= setting.end;
            let name = &self.accepted_name;
            let known = self
                .invalid
                .iter()
                .any(|n| n.node == *name && n.span == setting);
            if inside && diagnostic.is_error() && !known {
                self.invalid.push(Node::new(name.clone(), setting));
            }
        }
        self.diagnostics.push(diagnostic);
    }

    /// Whether the setting `name` of the declaration at `within` was
    /// written but could not be read.
    fn written_but_invalid(&self, name: &str, within: Span) -> bool {
        self.invalid.iter().any(|n| {
            n.node == name
                && n.span.file == within.file
                && within.start <= n.span.start
                && n.span.end <= within.end
        })
    }

    fn span(&self, pair: &Pair<'_>) -> Span {
        pair.span(self.file)
    }

    fn lower_policy(&mut self, pair: Pair<'_>, default_language: &LanguageTag) -> Policy {
        let span = self.span(&pair);
        let mut policy = Policy {
            kind: Node::new(PolicyKind::Privacy, span),
            title: Node::new(String::new(), span),
            meta: Metadata {
                id: None,
                version: None,
                effective: None,
                updated: None,
                language: Node::new(default_language.clone(), span),
                jurisdictions: Vec::new(),
                profiles: Vec::new(),
                numbering: None,
                allow: Vec::new(),
            },
            org: None,
            contact: None,
            terms: Vec::new(),
            term_index: HashMap::new(),
            definitions: Vec::new(),
            practices: Practices::default(),
            body: Vec::new(),
            unknown_section_kinds: false,
            invalid: Vec::new(),
            prose_origins: HashMap::new(),
        };
        let mut seen_keys = Vec::new();
        for item in children(pair) {
            self.lower_policy_item(item, &mut policy, &mut seen_keys);
        }
        policy
    }

    /// One item at the top level of a policy (or of a clause file included
    /// there).
    fn lower_policy_item(
        &mut self,
        item: Pair<'_>,
        policy: &mut Policy,
        seen_keys: &mut Vec<Node<String>>,
    ) {
        match item.as_rule() {
            Rule::policy_kind => policy.kind = self.lower_policy_kind(item),
            Rule::string => policy.title = self.lower_title(item, "policy"),
            Rule::assignment => {
                let setting = self.lower_assignment(item);
                self.apply_policy_setting(&mut policy.meta, setting, seen_keys);
            }
            Rule::org => {
                let lowered = self.lower_org(item);
                self.set_once(&mut policy.org, lowered, "`org`");
            }
            Rule::contact => {
                let lowered = self.lower_contact(item);
                self.set_once(&mut policy.contact, lowered, "`contact`");
            }
            Rule::term => {
                let term = self.lower_term(item);
                self.add_term(policy, term);
            }
            Rule::define => {
                let definition = self.lower_define(item);
                self.add_definition(policy, definition);
            }
            Rule::fact => self.lower_fact(item, policy),
            Rule::include => self.with_include(&item, &mut |this, inner| {
                this.lower_policy_item(inner, policy, seen_keys);
            }),
            _ => {
                if let Some(block) = self.lower_block(item, policy) {
                    policy.body.push(block);
                }
            }
        }
    }

    /// A policy's or section's title, which may not be empty.
    fn lower_title(&mut self, pair: Pair<'_>, what: &str) -> Node<String> {
        let title = self.lower_heading(pair, what);
        if title.node.trim().is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyTitle, format!("this {what} has an empty title"))
                    .at(title.span)
                    .label("an empty heading helps no reader")
                    .help(format!("give the {what} a title, e.g. `\"Your rights\"`")),
            );
        }
        title
    }

    /// Text that becomes a heading (or a line of a table of contents): a
    /// line break would split the heading, a control character shows as
    /// nothing or garbage, so both are refused where the title is written.
    fn lower_heading(&mut self, pair: Pair<'_>, what: &str) -> Node<String> {
        let raw = pair.as_str();
        let title = self.lower_string(pair);
        match control_in(raw) {
            Some((at, len)) if title.span.end - title.span.start == raw.len() => {
                self.check_heading(
                    &Node::new(title.node.clone(), title.span.sub(at, len)),
                    what,
                );
            }
            _ => self.check_heading(&title, what),
        }
        title
    }

    /// Refuses a title holding a control character, at `title`'s span.
    pub(super) fn check_heading(&mut self, title: &Node<String>, what: &str) {
        let Some(bad) = title.node.chars().find(|c| c.is_control()) else {
            return;
        };
        let name = match bad {
            '\n' | '\r' => "a line break".to_string(),
            '\t' => "a tab".to_string(),
            c => format!("the control character U+{:04X}", u32::from(c)),
        };
        self.report(
            Diagnostic::error(
                Code::TitleControl,
                format!("this {what} title holds {name}"),
            )
            .at(title.span)
            .label("a title is one line of text: this would split or garble its heading")
            .help("write the title on one line, without control characters; put longer words in the text"),
        );
    }

    fn add_term(&mut self, policy: &mut Policy, term: Node<Term>) {
        let name = &term.node.name;
        if let Some(first) = policy
            .term_index
            .get(&name.node)
            .and_then(|&i| policy.terms.get(i))
        {
            let first_span = first.span;
            self.report(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("the term `{}` is defined twice", name.node),
                )
                .at(name.span)
                .label("defined again here")
                .related(first_span, "first defined here")
                .help("keep one definition"),
            );
        } else {
            policy
                .term_index
                .insert(name.node.clone(), policy.terms.len());
            policy.terms.push(term);
        }
    }

    fn set_once<T>(&mut self, slot: &mut Option<Node<T>>, value: Node<T>, what: &str) {
        if let Some(first) = slot {
            let first_span = first.span;
            self.report(
                Diagnostic::error(Code::Duplicate, format!("{what} is declared twice"))
                    .at(value.span.sub(0, what.len().saturating_sub(2)))
                    .label("declared again here")
                    .related(first_span, "first declared here")
                    .help("merge the two declarations into one"),
            );
        } else {
            *slot = Some(value);
        }
    }

    fn lower_policy_kind(&mut self, pair: Pair<'_>) -> Node<PolicyKind> {
        let span = self.span(&pair);
        let kind = self.lower_keyword(&pair, Code::UnknownPolicyKind, "not a kind of policy");
        Node::new(kind.unwrap_or(PolicyKind::Privacy), span)
    }

    /// A keyword of a closed vocabulary, or an error with "did you mean".
    fn lower_keyword<K: Keyword>(&mut self, pair: &Pair<'_>, code: Code, label: &str) -> Option<K> {
        let word = pair.as_str();
        let found = K::from_keyword(word);
        if found.is_none() {
            self.report(
                Diagnostic::error(code, format!("unknown {} `{word}`", K::WHAT))
                    .at(self.span(pair))
                    .label(label)
                    .help(K::help_for(word)),
            );
        }
        found
    }

    /// Items that may stand in a section body (and in the policy body).
    fn lower_block(&mut self, pair: Pair<'_>, policy: &mut Policy) -> Option<Node<Block>> {
        let span = self.span(&pair);
        let block = match pair.as_rule() {
            Rule::text => Block::Prose(self.lower_text(pair)),
            Rule::section => Block::Section(Box::new(self.lower_section(pair, policy))),
            Rule::generated => self.lower_generated(pair)?,
            Rule::org | Rule::contact | Rule::term => {
                self.misplaced(&pair, span);
                return None;
            }
            _ => return None,
        };
        Some(Node::new(block, span))
    }

    fn misplaced(&mut self, pair: &Pair<'_>, span: Span) {
        let what = pair
            .as_str()
            .split(|c: char| c.is_whitespace() || c == '{')
            .next()
            .unwrap_or("");
        self.report(
            Diagnostic::error(
                Code::Misplaced,
                format!("`{what}` cannot stand inside a section"),
            )
            .at(span.sub(0, what.len()))
            .label("declared inside a section")
            .help(format!(
                "move `{what}` to the top level of the policy, next to the metadata"
            )),
        );
    }

    fn lower_section(&mut self, pair: Pair<'_>, policy: &mut Policy) -> Section {
        let span = self.span(&pair);
        let mut section = Section {
            kind: None,
            title: Node::new(String::new(), span),
            toc_title: None,
            explicit_id: None,
            id: String::new(),
            number: None,
            number_rule: NumberRule::Auto,
            numbering: None,
            allow: Vec::new(),
            body: Vec::new(),
        };
        let mut seen_keys = Vec::new();
        for item in children(pair) {
            self.lower_section_item(item, &mut section, policy, &mut seen_keys);
        }
        section
    }

    /// One item of a section (or of a clause file included there).
    fn lower_section_item(
        &mut self,
        item: Pair<'_>,
        section: &mut Section,
        policy: &mut Policy,
        seen_keys: &mut Vec<Node<String>>,
    ) {
        match item.as_rule() {
            Rule::section_kind => {
                let span = self.span(&item);
                let kind =
                    self.lower_keyword(&item, Code::UnknownSectionKind, "not a section kind");
                policy.unknown_section_kinds |= kind.is_none();
                section.kind = kind.map(|k| Node::new(k, span));
            }
            Rule::string => section.title = self.lower_title(item, "section"),
            Rule::assignment => {
                let setting = self.lower_assignment(item);
                self.apply_section_setting(section, setting, seen_keys);
            }
            Rule::define => {
                let definition = self.lower_define(item);
                self.add_definition(policy, definition);
            }
            Rule::fact => self.lower_fact(item, policy),
            Rule::include => self.with_include(&item, &mut |this, inner| {
                this.lower_section_item(inner, section, policy, seen_keys);
            }),
            _ => {
                if let Some(block) = self.lower_block(item, policy) {
                    section.body.push(block);
                }
            }
        }
    }

    fn lower_generated(&mut self, pair: Pair<'_>) -> Option<Block> {
        let mut name = "";
        let mut title: Option<Pair<'_>> = None;
        let mut settings = Vec::new();
        for item in children(pair) {
            match item.as_rule() {
                Rule::generated_name => name = item.as_str(),
                Rule::string => title = Some(item),
                Rule::assignment => settings.push(self.lower_assignment(item)),
                _ => {}
            }
        }
        match name {
            "toc" => {
                let depth = self.toc_settings(settings);
                let title = title.map(|t| self.lower_heading(t, "table of contents"));
                Some(Block::Toc(Toc { title, depth }))
            }
            "glossary" => {
                self.no_settings(settings, name);
                Some(Block::Glossary(Glossary {
                    title: title.map(|t| self.lower_heading(t, "glossary")),
                }))
            }
            "contact-block" => {
                self.no_settings(settings, name);
                Some(Block::ContactBlock(ContactBlock {
                    title: title.map(|t| self.lower_heading(t, "contact block")),
                }))
            }
            "data-table" | "cookie-table" | "rights-list" | "privacy-label" => {
                self.no_settings(settings, name);
                let block = FactBlock {
                    title: title.map(|t| self.lower_heading(t, name)),
                };
                Some(match name {
                    "data-table" => Block::DataTable(block),
                    "cookie-table" => Block::CookieTable(block),
                    "rights-list" => Block::RightsList(block),
                    _ => Block::PrivacyLabel(block),
                })
            }
            _ => {
                self.no_settings(settings, name);
                let text = match title {
                    Some(t) => self.lower_string_prose(t),
                    None => Prose {
                        segments: vec![
                            Segment::Text("Last updated: ".to_string()),
                            Segment::Ref(Node::new(
                                Reference::to("policy.updated"),
                                Span::new(self.file, 0, 0),
                            )),
                        ],
                    },
                };
                Some(Block::LastUpdated(LastUpdated { text }))
            }
        }
    }

    fn lower_term(&mut self, pair: Pair<'_>) -> Node<Term> {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut value = Node::new(String::new(), span);
        let mut parts = Prose {
            segments: Vec::new(),
        };
        for item in children(pair) {
            match item.as_rule() {
                Rule::identifier => name = Node::new(item.as_str().to_string(), self.span(&item)),
                Rule::string => (value, parts) = self.lower_string_with_references(item),
                _ => {}
            }
        }
        Node::new(Term { name, value, parts }, span)
    }
}

/// Where a string as written holds its first control character: the escape
/// (`\\n`, `\\t`, `\\u{7}`) or the character itself, as (offset, length).
fn control_in(raw: &str) -> Option<(usize, usize)> {
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_control() {
            return Some((at, c.len_utf8()));
        }
        if c != '\\' {
            continue;
        }
        let Some((_, escaped)) = chars.next() else {
            break;
        };
        match escaped {
            'n' | 'r' | 't' => return Some((at, 2)),
            'u' => {
                let rest = raw.get(at..).unwrap_or_default();
                let len = rest.find('}').map_or(2, |end| end + 1);
                let code = rest.get(3..len.saturating_sub(1)).unwrap_or_default();
                if u32::from_str_radix(code, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .is_some_and(char::is_control)
                {
                    return Some((at, len));
                }
            }
            _ => {}
        }
    }
    None
}
