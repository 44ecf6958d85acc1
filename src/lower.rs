//! Stage 2, parse tree → typed model. One `lower_*` function per grammar
//! rule. Problems that are local to one declaration (an unknown key, a date
//! that does not exist, a misspelt kind) are reported here; problems that
//! need the whole policy are the validator's.

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::*;
use crate::source::{SafeSlice, Span};
use crate::syntax::Rule;
use pest::iterators::Pair;
use std::collections::{HashMap, HashSet};

/// The policy built from the tree, and every problem met on the way. The
/// policy is returned even when there are errors, so that the validator can
/// report further problems in the same run.
pub fn lower(policy: Pair<'_, Rule>) -> (Policy, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        diagnostics: Vec::new(),
    };
    let mut policy = lowerer.lower_policy(policy);
    assign_ids(&mut policy.body);
    let numbering = policy
        .meta
        .numbering
        .as_ref()
        .map_or(Numbering::None, |n| n.node);
    assign_numbers(&mut policy.body, numbering, None);
    (policy, lowerer.diagnostics)
}

struct Lowerer {
    diagnostics: Vec<Diagnostic>,
}

/// A value as written, before it is checked against what its key expects.
enum Value {
    Text(String),
    Date(String),
    Word(String),
    Integer(String),
    List(Vec<Node<Value>>),
}

impl Value {
    fn describe(&self) -> &'static str {
        match self {
            Value::Text(_) => "a text in quotes",
            Value::Date(_) => "a date",
            Value::Word(_) => "a bare word",
            Value::Integer(_) => "a number",
            Value::List(_) => "a list",
        }
    }
}

/// `key = value`, lowered.
struct Setting {
    key: Node<String>,
    value: Node<Value>,
}

/// The metadata keys of a policy.
const POLICY_KEYS: &[&str] = &[
    "id",
    "version",
    "effective",
    "updated",
    "language",
    "jurisdictions",
    "profiles",
    "numbering",
];
const SECTION_KEYS: &[&str] = &["id", "toc-title", "number", "numbering"];
const ORG_KEYS: &[&str] = &[
    "name",
    "trading-names",
    "registration",
    "address",
    "website",
];
const CONTACT_KEYS: &[&str] = &["email", "url", "phone", "address"];
const OFFICER_KEYS: &[&str] = &["name", "title", "email", "url", "phone", "address"];
const TOC_KEYS: &[&str] = &["depth"];

impl Lowerer {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn lower_policy(&mut self, pair: Pair<'_, Rule>) -> Policy {
        let span = Span::from(pair.as_span());
        let mut kind = Node::new(PolicyKind::Privacy, span);
        let mut title = Node::new(String::new(), span);
        let mut meta = Metadata {
            id: None,
            version: None,
            effective: None,
            updated: None,
            language: Node::new("en".to_string(), span),
            jurisdictions: Vec::new(),
            profiles: Vec::new(),
            numbering: None,
        };
        let mut org: Option<Node<Organisation>> = None;
        let mut contact: Option<Node<Contact>> = None;
        let mut terms: Vec<Node<Term>> = Vec::new();
        let mut term_index: HashMap<String, usize> = HashMap::new();
        let mut body = Vec::new();
        let mut seen_keys = Vec::new();
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::policy_kind => kind = self.lower_policy_kind(item),
                Rule::string => title = self.lower_string(item),
                Rule::assignment => {
                    let setting = self.lower_assignment(item);
                    if self.check_key(&setting, POLICY_KEYS, "policy", &mut seen_keys) {
                        self.apply_policy_setting(&mut meta, setting);
                    }
                }
                Rule::org => {
                    let lowered = self.lower_org(item);
                    self.set_once(&mut org, lowered, "`org`");
                }
                Rule::contact => {
                    let lowered = self.lower_contact(item);
                    self.set_once(&mut contact, lowered, "`contact`");
                }
                Rule::term => {
                    let term = self.lower_term(item);
                    if let Some(first) = term_index
                        .get(&term.node.name.node)
                        .and_then(|&i| terms.get(i))
                    {
                        let first_span = first.span;
                        self.report(
                            Diagnostic::error(
                                Code::Duplicate,
                                format!("the term `{}` is defined twice", term.node.name.node),
                            )
                            .at(term.node.name.span)
                            .label("defined again here")
                            .related(first_span, "first defined here")
                            .help("keep one definition"),
                        );
                    } else {
                        term_index.insert(term.node.name.node.clone(), terms.len());
                        terms.push(term);
                    }
                }
                _ => {
                    if let Some(block) = self.lower_block(item) {
                        body.push(block);
                    }
                }
            }
        }
        Policy {
            kind,
            title,
            meta,
            org,
            contact,
            terms,
            term_index,
            body,
        }
    }

    fn set_once<T>(&mut self, slot: &mut Option<Node<T>>, value: Node<T>, what: &str) {
        if let Some(first) = slot {
            let first_span = first.span;
            self.report(
                Diagnostic::error(Code::Duplicate, format!("{what} is declared twice"))
                    .at(Span::new(
                        value.span.start,
                        value.span.start + what.len().saturating_sub(2),
                    ))
                    .label("declared again here")
                    .related(first_span, "first declared here")
                    .help("merge the two declarations into one"),
            );
        } else {
            *slot = Some(value);
        }
    }

    fn lower_policy_kind(&mut self, pair: Pair<'_, Rule>) -> Node<PolicyKind> {
        let span = Span::from(pair.as_span());
        let word = pair.as_str();
        match PolicyKind::ALL.iter().find(|(w, _)| *w == word) {
            Some((_, kind)) => Node::new(*kind, span),
            None => {
                let mut d = Diagnostic::error(
                    Code::UnknownPolicyKind,
                    format!("unknown policy kind `{word}`"),
                )
                .at(span)
                .label("not a kind of policy");
                d = match did_you_mean(word, PolicyKind::ALL.iter().map(|(w, _)| *w)) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help("the kinds are `privacy`, `cookies` and `terms`"),
                };
                self.report(d);
                Node::new(PolicyKind::Privacy, span)
            }
        }
    }

    /// Items that may stand in a section body (and in the policy body).
    fn lower_block(&mut self, pair: Pair<'_, Rule>) -> Option<Node<Block>> {
        let span = Span::from(pair.as_span());
        let block = match pair.as_rule() {
            Rule::text => Block::Prose(self.lower_text(pair)),
            Rule::section => Block::Section(self.lower_section(pair)),
            Rule::generated => self.lower_generated(pair)?,
            Rule::org | Rule::contact | Rule::term => {
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
                return None;
            }
            _ => return None,
        };
        Some(Node::new(block, span))
    }

    fn lower_section(&mut self, pair: Pair<'_, Rule>) -> Section {
        let span = Span::from(pair.as_span());
        let mut section = Section {
            kind: None,
            title: Node::new(String::new(), span),
            toc_title: None,
            explicit_id: None,
            id: String::new(),
            number: None,
            number_rule: NumberRule::Auto,
            numbering: None,
            body: Vec::new(),
        };
        let mut seen_keys = Vec::new();
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::section_kind => section.kind = self.lower_section_kind(item),
                Rule::string => section.title = self.lower_string(item),
                Rule::assignment => {
                    let setting = self.lower_assignment(item);
                    if self.check_key(&setting, SECTION_KEYS, "section", &mut seen_keys) {
                        self.apply_section_setting(&mut section, setting);
                    }
                }
                _ => {
                    if let Some(block) = self.lower_block(item) {
                        section.body.push(block);
                    }
                }
            }
        }
        section
    }

    fn lower_section_kind(&mut self, pair: Pair<'_, Rule>) -> Option<Node<SectionKind>> {
        let span = Span::from(pair.as_span());
        let word = pair.as_str();
        if let Some((_, kind)) = SectionKind::ALL.iter().find(|(w, _)| *w == word) {
            return Some(Node::new(*kind, span));
        }
        let mut d = Diagnostic::error(
            Code::UnknownSectionKind,
            format!("unknown section kind `{word}`"),
        )
        .at(span)
        .label("not a section kind");
        d = match did_you_mean(word, SectionKind::ALL.iter().map(|(w, _)| *w)) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!(
                "the section kinds are {}",
                SectionKind::ALL
                    .iter()
                    .map(|(w, _)| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        self.report(d);
        None
    }

    fn lower_generated(&mut self, pair: Pair<'_, Rule>) -> Option<Block> {
        let mut name = "";
        let mut title: Option<Pair<'_, Rule>> = None;
        let mut settings = Vec::new();
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::generated_name => name = item.as_str(),
                Rule::string => title = Some(item),
                Rule::assignment => settings.push(self.lower_assignment(item)),
                _ => {}
            }
        }
        let allowed: &[&str] = if name == "toc" { TOC_KEYS } else { &[] };
        let mut seen = Vec::new();
        let settings: Vec<Setting> = settings
            .into_iter()
            .filter(|s| self.check_key(s, allowed, &format!("`{name}`"), &mut seen))
            .collect();
        match name {
            "toc" => {
                let mut depth = None;
                for setting in settings {
                    depth = self.expect_count(setting);
                }
                let title = title.map(|t| self.lower_string(t));
                Some(Block::Toc(Toc { title, depth }))
            }
            "contact-block" => Some(Block::ContactBlock(ContactBlock {
                title: title.map(|t| self.lower_string(t)),
            })),
            _ => {
                let text = match title {
                    Some(t) => self.lower_string_prose(t),
                    None => Prose {
                        segments: vec![
                            Segment::Text("Last updated: ".to_string()),
                            Segment::Ref(Node::new(
                                Reference("policy.updated".to_string()),
                                Span::default(),
                            )),
                        ],
                    },
                };
                Some(Block::LastUpdated(LastUpdated { text }))
            }
        }
    }

    fn lower_org(&mut self, pair: Pair<'_, Rule>) -> Node<Organisation> {
        let span = Span::from(pair.as_span());
        let mut org = Organisation::default();
        let mut seen = Vec::new();
        for item in pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::assignment)
        {
            let setting = self.lower_assignment(item);
            if !self.check_key(&setting, ORG_KEYS, "`org`", &mut seen) {
                continue;
            }
            match setting.key.node.as_str() {
                "name" => org.name = self.expect_text(setting),
                "trading-names" => org.trading_names = self.expect_text_list(setting),
                "registration" => org.registration = self.expect_text(setting),
                "address" => org.address = self.expect_text(setting),
                _ => org.website = self.expect_text(setting),
            }
        }
        Node::new(org, span)
    }

    fn lower_contact(&mut self, pair: Pair<'_, Rule>) -> Node<Contact> {
        let span = Span::from(pair.as_span());
        let mut contact = Contact::default();
        let mut seen = Vec::new();
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::officer => {
                    let officer = self.lower_officer(item);
                    let role = &officer.node.role;
                    if let Some(first) = contact
                        .officers
                        .iter()
                        .find(|o| o.node.role.node == role.node)
                    {
                        let first_span = first.node.role.span;
                        self.report(
                            Diagnostic::error(
                                Code::Duplicate,
                                format!("the officer `{}` is declared twice", role.node),
                            )
                            .at(role.span)
                            .label("declared again here")
                            .related(first_span, "first declared here")
                            .help("give each officer role once"),
                        );
                    } else {
                        contact.officers.push(officer);
                    }
                }
                Rule::assignment => {
                    let setting = self.lower_assignment(item);
                    if self.check_key(&setting, CONTACT_KEYS, "`contact`", &mut seen) {
                        self.apply_channel(&mut contact.channels, setting);
                    }
                }
                _ => {}
            }
        }
        Node::new(contact, span)
    }

    fn lower_officer(&mut self, pair: Pair<'_, Rule>) -> Node<Officer> {
        let span = Span::from(pair.as_span());
        let mut officer = Officer {
            role: Node::new(String::new(), span),
            name: None,
            title: None,
            channels: Channels::default(),
        };
        let mut seen = Vec::new();
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::identifier => {
                    officer.role = Node::new(item.as_str().to_string(), Span::from(item.as_span()))
                }
                Rule::assignment => {
                    let setting = self.lower_assignment(item);
                    if !self.check_key(&setting, OFFICER_KEYS, "`officer`", &mut seen) {
                        continue;
                    }
                    match setting.key.node.as_str() {
                        "name" => officer.name = self.expect_text(setting),
                        "title" => officer.title = self.expect_text(setting),
                        _ => self.apply_channel(&mut officer.channels, setting),
                    }
                }
                _ => {}
            }
        }
        Node::new(officer, span)
    }

    fn apply_channel(&mut self, channels: &mut Channels, setting: Setting) {
        match setting.key.node.as_str() {
            "email" => channels.email = self.expect_text(setting),
            "url" => channels.url = self.expect_text(setting),
            "phone" => channels.phone = self.expect_text(setting),
            _ => channels.address = self.expect_text(setting),
        }
    }

    fn lower_term(&mut self, pair: Pair<'_, Rule>) -> Node<Term> {
        let span = Span::from(pair.as_span());
        let mut name = Node::new(String::new(), span);
        let mut value = Node::new(String::new(), span);
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::identifier => {
                    name = Node::new(item.as_str().to_string(), Span::from(item.as_span()))
                }
                Rule::string => value = self.lower_string(item),
                _ => {}
            }
        }
        Node::new(Term { name, value }, span)
    }

    fn lower_text(&mut self, pair: Pair<'_, Rule>) -> Prose {
        for item in pair.into_inner() {
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
    fn lower_string_prose(&mut self, pair: Pair<'_, Rule>) -> Prose {
        let whole = Span::from(pair.as_span());
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
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        let mut offset = 0;
        let mut unclosed_until = 0;
        while let Some(dollar) = rest.find('$') {
            literal.push_str(rest.slice_to(dollar));
            let after = rest.slice_from(dollar);
            if let Some(after_escape) = after.strip_prefix("$${") {
                literal.push_str("${");
                offset += dollar + 3;
                rest = after_escape;
            } else if let Some(after_opener) = after.strip_prefix("${") {
                let at = source_offset(offset + dollar);
                // Once a `${` is known to have no `}` before the end of its
                // line, later ones on that line need no search of their own.
                let close = if offset + dollar < unclosed_until {
                    None
                } else {
                    match after.find(['}', '\n']) {
                        Some(c) if after.as_bytes().get(c) == Some(&b'}') => Some(c),
                        Some(c) => {
                            unclosed_until = offset + dollar + c;
                            None
                        }
                        None => {
                            unclosed_until = usize::MAX;
                            None
                        }
                    }
                };
                let Some(close) = close else {
                    self.report(
                        Diagnostic::error(
                            Code::UnclosedReference,
                            "this reference is never closed",
                        )
                        .at(Span::new(at, at + 2))
                        .label("`${` opens a reference")
                        .help(
                            "close it with `}` on the same line, or write `$${` for a literal `${`",
                        ),
                    );
                    literal.push_str("${");
                    offset += dollar + 2;
                    rest = after_opener;
                    continue;
                };
                let name = after.slice_between(2, close).trim();
                let written = after.slice_to(close + 1);
                let span = Span::new(at, source_offset(offset + dollar + close) + 1);
                if is_reference_name(name) {
                    if !literal.is_empty() {
                        segments.push(Segment::Text(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Ref(Node::new(Reference(name.to_string()), span)));
                } else {
                    self.report(
                        Diagnostic::error(Code::WrongValue, format!("`{written}` is not a name that can be referenced"))
                            .at(span)
                            .label("not a reference name")
                            .help("references look like `${org.name}` or `${Service}`; write `$${` for a literal `${`"),
                    );
                    literal.push_str(written);
                }
                offset += dollar + close + 1;
                rest = after.slice_from(close + 1);
            } else {
                literal.push('$');
                offset += dollar + 1;
                rest = after.slice_from(1);
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Text(literal));
        }
        Prose { segments }
    }

    fn lower_string(&mut self, pair: Pair<'_, Rule>) -> Node<String> {
        let span = Span::from(pair.as_span());
        let content = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::string_content);
        let raw = content.as_ref().map_or("", |c| c.as_str());
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => self.report(
                            Diagnostic::error(Code::WrongValue, format!("`\\u{{{hex}}}` is not a Unicode character"))
                                .at(span)
                                .label("in this string")
                                .help("use the hexadecimal code of a Unicode scalar value, e.g. `\\u{2019}` for ’"),
                        ),
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        Node::new(out, span)
    }

    fn lower_assignment(&mut self, pair: Pair<'_, Rule>) -> Setting {
        let span = Span::from(pair.as_span());
        let mut key = Node::new(String::new(), span);
        let mut value = Node::new(Value::Word(String::new()), span);
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::key => key = Node::new(item.as_str().to_string(), Span::from(item.as_span())),
                Rule::equals => {}
                _ => value = self.lower_value(item),
            }
        }
        Setting { key, value }
    }

    fn lower_value(&mut self, pair: Pair<'_, Rule>) -> Node<Value> {
        let span = Span::from(pair.as_span());
        let value = match pair.as_rule() {
            Rule::date => Value::Date(pair.as_str().to_string()),
            Rule::word => Value::Word(pair.as_str().to_string()),
            Rule::integer => Value::Integer(pair.as_str().to_string()),
            Rule::list => Value::List(
                pair.into_inner()
                    .filter(|p| matches!(p.as_rule(), Rule::date | Rule::word | Rule::string))
                    .map(|p| self.lower_value(p))
                    .collect(),
            ),
            _ => Value::Text(self.lower_string(pair).node),
        };
        Node::new(value, span)
    }

    /// Whether `setting.key` is allowed here and not yet seen; reports
    /// otherwise.
    fn check_key(
        &mut self,
        setting: &Setting,
        allowed: &[&str],
        place: &str,
        seen: &mut Vec<Node<String>>,
    ) -> bool {
        let key = &setting.key;
        if !allowed.contains(&key.node.as_str()) {
            let mut d = Diagnostic::error(
                Code::UnknownKey,
                format!("unknown key `{}` in {place}", key.node),
            )
            .at(key.span)
            .label("not a setting here");
            d = match did_you_mean(&key.node, allowed.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None if allowed.is_empty() => d.help(format!("{place} takes no settings")),
                None => d.help(format!(
                    "the keys allowed here are {}",
                    allowed
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            self.report(d);
            return false;
        }
        if let Some(first) = seen.iter().find(|k| k.node == key.node) {
            let first_span = first.span;
            self.report(
                Diagnostic::error(Code::Duplicate, format!("`{}` is set twice", key.node))
                    .at(key.span)
                    .label("set again here")
                    .related(first_span, "first set here")
                    .help("keep one of the two"),
            );
            return false;
        }
        seen.push(key.clone());
        true
    }

    fn wrong_value(&mut self, setting: &Setting, expected: &str) {
        self.report(
            Diagnostic::error(
                Code::WrongValue,
                format!(
                    "`{}` takes {expected}, not {}",
                    setting.key.node,
                    setting.value.node.describe()
                ),
            )
            .at(setting.value.span)
            .label(format!("expected {expected}"))
            .help(format!(
                "write `{} = {}`",
                setting.key.node,
                example_of(expected)
            )),
        );
    }

    fn expect_text(&mut self, setting: Setting) -> Option<Node<String>> {
        match setting.value.node {
            Value::Text(text) => Some(Node::new(text, setting.value.span)),
            _ => {
                self.wrong_value(&setting, "a text in quotes");
                None
            }
        }
    }

    fn expect_text_list(&mut self, setting: Setting) -> Vec<Node<String>> {
        let Value::List(items) = &setting.value.node else {
            self.wrong_value(&setting, "a list of texts in quotes");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match &item.node {
                Value::Text(t) => out.push(Node::new(t.clone(), item.span)),
                other => self.report(
                    Diagnostic::error(
                        Code::WrongValue,
                        format!("this list holds texts, not {}", other.describe()),
                    )
                    .at(item.span)
                    .help("put each item in double quotes"),
                ),
            }
        }
        out
    }

    fn expect_date(&mut self, setting: Setting) -> Option<Node<Date>> {
        let Value::Date(text) = &setting.value.node else {
            self.wrong_value(&setting, "a date such as 2024-01-31");
            return None;
        };
        match Date::parse_iso(text) {
            Some(date) => Some(Node::new(date, setting.value.span)),
            None => {
                self.report(
                    Diagnostic::error(Code::InvalidDate, format!("`{text}` is not a real date"))
                        .at(setting.value.span)
                        .label("no such day in the calendar")
                        .help("dates are written YYYY-MM-DD with a month from 01 to 12 and a day that exists in it"),
                );
                None
            }
        }
    }

    fn expect_count(&mut self, setting: Setting) -> Option<Node<u32>> {
        let parsed = match &setting.value.node {
            Value::Integer(t) => t.parse::<u32>().ok().filter(|n| *n > 0),
            _ => None,
        };
        if parsed.is_none() {
            self.report(
                Diagnostic::error(
                    Code::WrongValue,
                    format!("`{}` must be a whole number from 1", setting.key.node),
                )
                .at(setting.value.span)
                .label("expected 1, 2, 3, …")
                .help(format!("write `{} = 2`", setting.key.node)),
            );
        }
        parsed.map(|n| Node::new(n, setting.value.span))
    }

    fn expect_id(&mut self, setting: Setting) -> Option<Node<String>> {
        let id = self.expect_text(setting)?;
        if is_valid_id(&id.node) {
            return Some(id);
        }
        self.report(
            Diagnostic::error(
                Code::InvalidId,
                format!("`{}` cannot be used as an id", id.node),
            )
            .at(id.span)
            .label("ids become URLs and anchors")
            .help("use ASCII letters, digits, `-` and `_`, starting with a letter or digit"),
        );
        None
    }

    fn expect_numbering(&mut self, setting: Setting) -> Option<Node<Numbering>> {
        let written = match &setting.value.node {
            Value::Text(t) | Value::Word(t) => t.clone(),
            _ => String::new(),
        };
        if let Some((_, style)) = Numbering::ALL.iter().find(|(w, _)| *w == written) {
            return Some(Node::new(*style, setting.value.span));
        }
        self.report(
            Diagnostic::error(Code::WrongValue, "unknown numbering style")
                .at(setting.value.span)
                .label("not a numbering style")
                .help("write `none`, `\"1.\"`, `\"1\"` or `\"1.1\"`"),
        );
        None
    }

    fn apply_policy_setting(&mut self, meta: &mut Metadata, setting: Setting) {
        match setting.key.node.as_str() {
            "id" => meta.id = self.expect_id(setting),
            "version" => meta.version = self.expect_text(setting),
            "effective" => meta.effective = self.expect_date(setting),
            "updated" => meta.updated = self.expect_date(setting),
            "language" => {
                if let Some(language) = self.expect_text(setting) {
                    meta.language = language;
                }
            }
            "jurisdictions" => meta.jurisdictions = self.expect_text_list(setting),
            "profiles" => meta.profiles = self.expect_profiles(setting),
            _ => meta.numbering = self.expect_numbering(setting),
        }
    }

    fn expect_profiles(&mut self, setting: Setting) -> Vec<Node<Profile>> {
        let Value::List(items) = &setting.value.node else {
            self.wrong_value(&setting, "a list of profiles such as [gdpr]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let word = match &item.node {
                Value::Word(w) | Value::Text(w) => w.as_str(),
                _ => "",
            };
            match Profile::ALL.iter().find(|(w, _)| *w == word) {
                Some((_, profile)) => out.push(Node::new(*profile, item.span)),
                None => {
                    let mut d = Diagnostic::error(
                        Code::WrongValue,
                        format!("unknown compliance profile `{word}`"),
                    )
                    .at(item.span)
                    .label("not a profile the compiler knows");
                    d = match did_you_mean(word, Profile::ALL.iter().map(|(w, _)| *w)) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None => d.help("the profiles are `gdpr`, `ccpa`, `coppa` and `dpdp`"),
                    };
                    self.report(d);
                }
            }
        }
        out
    }

    fn apply_section_setting(&mut self, section: &mut Section, setting: Setting) {
        match setting.key.node.as_str() {
            "id" => section.explicit_id = self.expect_id(setting),
            "toc-title" => section.toc_title = self.expect_text(setting),
            "number" => match &setting.value.node {
                Value::Word(w) if w == "none" => section.number_rule = NumberRule::Skip,
                Value::Text(label) => section.number_rule = NumberRule::Label(label.clone()),
                _ => self.wrong_value(&setting, "`none` or a label in quotes"),
            },
            _ => section.numbering = self.expect_numbering(setting),
        }
    }
}

fn example_of(expected: &str) -> &'static str {
    match expected {
        "a date such as 2024-01-31" => "2024-01-31",
        "a list of texts in quotes" => "[\"…\", \"…\"]",
        "a list of profiles such as [gdpr]" => "[gdpr]",
        "a whole number from 1" => "2",
        "`none` or a label in quotes" => "\"3.\"",
        _ => "\"…\"",
    }
}

fn is_reference_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn is_valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
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

/// Gives every section its anchor: the explicit id, or a slug of the title
/// made unique with `-2`, `-3`, … Explicit ids are taken first so that a
/// generated anchor never steals one.
fn assign_ids(body: &mut [Node<Block>]) {
    fn explicit(blocks: &[Node<Block>], taken: &mut HashSet<String>) {
        for block in blocks {
            if let Block::Section(s) = &block.node {
                if let Some(id) = &s.explicit_id {
                    taken.insert(id.node.clone());
                }
                explicit(&s.body, taken);
            }
        }
    }
    fn generated(
        blocks: &mut [Node<Block>],
        taken: &mut HashSet<String>,
        next: &mut HashMap<String, usize>,
    ) {
        for block in blocks {
            if let Block::Section(s) = &mut block.node {
                s.id = match &s.explicit_id {
                    Some(id) => id.node.clone(),
                    None => {
                        let base = slug(&s.title.node);
                        // Each base remembers its next suffix, so many
                        // sections with one title stay linear.
                        let n = next.entry(base.clone()).or_insert(1);
                        let mut candidate = if *n == 1 {
                            base.clone()
                        } else {
                            format!("{base}-{n}")
                        };
                        while taken.contains(&candidate) {
                            *n += 1;
                            candidate = format!("{base}-{n}");
                        }
                        *n += 1;
                        taken.insert(candidate.clone());
                        candidate
                    }
                };
                generated(&mut s.body, taken, next);
            }
        }
    }
    let mut taken = HashSet::new();
    explicit(body, &mut taken);
    generated(body, &mut taken, &mut HashMap::new());
}

/// An anchor made from a title: lowercase letters and digits joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Applies numbering styles: each container's style numbers its child
/// sections; the hierarchical style carries on to deeper levels.
fn assign_numbers(body: &mut [Node<Block>], style: Numbering, parent: Option<&str>) {
    let mut ordinal = 0;
    for block in body {
        let Block::Section(section) = &mut block.node else {
            continue;
        };
        section.number = match &section.number_rule {
            NumberRule::Skip => None,
            NumberRule::Label(label) => {
                ordinal += 1;
                Some(label.clone())
            }
            NumberRule::Auto => {
                ordinal += 1;
                match (style, parent) {
                    (Numbering::None, _) => None,
                    (Numbering::Dotted, _) | (Numbering::Hierarchical, None) => {
                        Some(format!("{ordinal}."))
                    }
                    (Numbering::Plain, _) => Some(ordinal.to_string()),
                    (Numbering::Hierarchical, Some(p)) => {
                        Some(format!("{}.{ordinal}", p.trim_end_matches('.')))
                    }
                }
            }
        };
        let inherited = if style == Numbering::Hierarchical && section.number.is_some() {
            Numbering::Hierarchical
        } else {
            Numbering::None
        };
        let child_style = section.numbering.as_ref().map_or(inherited, |n| n.node);
        let number = section.number.clone();
        assign_numbers(&mut section.body, child_style, number.as_deref());
    }
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

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slug("Children’s Privacy"), "children-s-privacy");
        assert_eq!(slug("  Use of Data!  "), "use-of-data");
        assert_eq!(slug("…"), "section");
    }
}
