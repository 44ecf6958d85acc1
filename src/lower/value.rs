//! Values as written — texts with their escapes, dates, words, numbers,
//! lists — and the checks that turn one into what its key expects.

use super::{Lowerer, children};
use crate::diagnostic::{Code, Diagnostic};
use crate::keyword::Keyword;
use crate::model::value::article;
use crate::model::*;
use crate::source::{SafeSlice, Span};
use crate::syntax::Rule;
use crate::syntax::cst::Pair;

/// A value as written, before it is checked against what its key expects.
pub(super) enum Value {
    Text(String),
    Date(String),
    Word(String),
    Integer(String),
    /// A word qualified by a text: `third-party "Name"`.
    Tagged(String, String),
    List(Vec<Node<Value>>),
}

impl Value {
    fn describe(&self) -> &'static str {
        match self {
            Value::Text(_) => "a text in quotes",
            Value::Date(_) => "a date",
            Value::Word(_) => "a bare word",
            Value::Integer(_) => "a number",
            Value::Tagged(..) => "a word with a text",
            Value::List(_) => "a list",
        }
    }
}

/// `key = value`, lowered.
pub(super) struct Setting {
    pub key: Node<String>,
    pub value: Node<Value>,
}

/// What a key expects, as said in messages, with an example value.
#[derive(Clone, Copy)]
struct Expected {
    what: &'static str,
    example: &'static str,
}

const TEXT: Expected = Expected {
    what: "a text in quotes",
    example: "\"…\"",
};
const TEXT_LIST: Expected = Expected {
    what: "a list of texts in quotes",
    example: "[\"…\", \"…\"]",
};
const DATE: Expected = Expected {
    what: "a date such as 2024-01-31",
    example: "2024-01-31",
};
const NUMBER_RULE: Expected = Expected {
    what: "`none` or a label in quotes",
    example: "\"3.\"",
};

impl Lowerer<'_> {
    pub(super) fn lower_assignment(&mut self, pair: Pair<'_>) -> Setting {
        let span = self.span(&pair);
        let mut key = Node::new(String::new(), span);
        let mut value = Node::new(Value::Word(String::new()), span);
        for item in children(pair) {
            match item.as_rule() {
                Rule::key => key = Node::new(item.as_str().to_string(), self.span(&item)),
                Rule::equals => {}
                _ => value = self.lower_value(item),
            }
        }
        Setting { key, value }
    }

    fn lower_value(&mut self, pair: Pair<'_>) -> Node<Value> {
        // A word's pair also holds the blanks its look-ahead for a text
        // skipped: the value's span is its word's, or word and text.
        let span = match pair.as_rule() {
            Rule::tagged => {
                let mut parts = children(pair);
                let first = parts.next();
                match (first, parts.last().or(first)) {
                    (Some(first), Some(last)) => Span::new(self.file, first.start(), last.end()),
                    _ => self.span(&pair),
                }
            }
            _ => self.span(&pair),
        };
        let value = match pair.as_rule() {
            Rule::date => Value::Date(pair.as_str().to_string()),
            Rule::word | Rule::loose => Value::Word(pair.as_str().to_string()),
            Rule::integer => Value::Integer(pair.as_str().to_string()),
            Rule::tagged => {
                let mut parts = children(pair);
                let word = parts
                    .next()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                match parts.next() {
                    Some(text) => Value::Tagged(word, self.lower_string(text).node),
                    None => Value::Word(word),
                }
            }
            Rule::list => Value::List(
                children(pair)
                    .filter(|p| matches!(p.as_rule(), Rule::date | Rule::string | Rule::tagged))
                    .map(|p| self.lower_value(p))
                    .collect(),
            ),
            _ => Value::Text(self.lower_string(pair).node),
        };
        Node::new(value, span)
    }

    /// A string's text with its escapes decoded: the runs between escapes
    /// copied whole, each escape read on its own.
    pub(super) fn lower_string(&mut self, pair: Pair<'_>) -> Node<String> {
        let span = self.span(&pair);
        let content = children(pair).find(|p| p.as_rule() == Rule::string_content);
        let raw = content.map_or("", |c| c.as_str());
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(at) = rest.find('\\') {
            out.push_str(rest.slice_to(at));
            let mut chars = rest.slice_from(at + 1).chars();
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
            rest = chars.as_str();
        }
        out.push_str(rest);
        Node::new(out, span)
    }

    fn wrong_value(&mut self, setting: &Setting, expected: Expected) {
        self.report(
            Diagnostic::error(
                Code::WrongValue,
                format!(
                    "`{}` takes {}, not {}",
                    setting.key.node,
                    expected.what,
                    setting.value.node.describe()
                ),
            )
            .at(setting.value.span)
            .label(format!("expected {}", expected.what))
            .help(format!(
                "write `{} = {}`",
                setting.key.node, expected.example
            )),
        );
    }

    pub(super) fn expect_text(&mut self, setting: Setting) -> Option<Node<String>> {
        match setting.value.node {
            Value::Text(text) => Some(Node::new(text, setting.value.span)),
            _ => {
                self.wrong_value(&setting, TEXT);
                None
            }
        }
    }

    /// A text that must be a typed value (web address, email address,
    /// telephone number, language tag): validated here, once.
    pub(super) fn expect_typed<T: TypedValue>(&mut self, setting: Setting) -> Option<Node<T>> {
        let span = setting.value.span;
        let text = self.expect_text(setting)?;
        self.typed_value(&text.node, span)
    }

    /// `text`, written at `span`, as a typed value; an error at `span` with
    /// "did you mean" when it is refused.
    pub(super) fn typed_value<T: TypedValue>(&mut self, text: &str, span: Span) -> Option<Node<T>> {
        let invalid = match T::parse(text) {
            Ok(value) => return Some(Node::new(value, span)),
            Err(invalid) => invalid,
        };
        let code = if T::runs_script(&invalid.error) {
            Code::UnsafeLink
        } else {
            Code::InvalidValue
        };
        let help = match &invalid.suggestion {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => T::EXAMPLE.to_string(),
        };
        self.report(
            Diagnostic::error(
                code,
                format!(
                    "`{text}` is not {} {}: {}",
                    article(T::WHAT),
                    T::WHAT,
                    invalid.error
                ),
            )
            .at(span)
            .label(format!("expected {} {}", article(T::WHAT), T::WHAT))
            .help(help),
        );
        None
    }

    /// A list of texts that must each be a typed value (the domains of
    /// `tracking-domains`), each refused on its own span.
    pub(super) fn expect_typed_list<T: TypedValue>(&mut self, setting: Setting) -> Vec<Node<T>> {
        self.expect_text_list(setting)
            .into_iter()
            .filter_map(|text| self.typed_value(&text.node, text.span))
            .collect()
    }

    pub(super) fn expect_text_list(&mut self, setting: Setting) -> Vec<Node<String>> {
        let Value::List(items) = &setting.value.node else {
            self.wrong_value(&setting, TEXT_LIST);
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

    pub(super) fn expect_date(&mut self, setting: Setting) -> Option<Node<Date>> {
        let Value::Date(text) = &setting.value.node else {
            self.wrong_value(&setting, DATE);
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

    pub(super) fn expect_count(&mut self, setting: Setting) -> Option<Node<u32>> {
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

    pub(super) fn expect_id(&mut self, setting: Setting) -> Option<Node<String>> {
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

    pub(super) fn expect_numbering(&mut self, setting: Setting) -> Option<Node<Numbering>> {
        // `numbering = 1` is read as the style `"1"`, as it looks.
        let written = match &setting.value.node {
            Value::Text(t) | Value::Word(t) | Value::Integer(t) => t.as_str(),
            _ => "",
        };
        if let Some(style) = Numbering::from_keyword(written) {
            return Some(Node::new(style, setting.value.span));
        }
        self.report(
            Diagnostic::error(Code::WrongValue, "unknown numbering style")
                .at(setting.value.span)
                .label("not a numbering style")
                .help(format!("write {}", Numbering::written_styles())),
        );
        None
    }

    pub(super) fn expect_number_rule(&mut self, setting: Setting) -> Option<NumberRule> {
        match &setting.value.node {
            Value::Word(w) if w == "none" => Some(NumberRule::Skip),
            Value::Text(label) => Some(NumberRule::Label(label.clone())),
            _ => {
                self.wrong_value(&setting, NUMBER_RULE);
                None
            }
        }
    }

    /// A list of keywords of one vocabulary, e.g. `profiles = [gdpr, ccpa]`;
    /// `noun` names an unknown one in messages ("compliance profile").
    pub(super) fn expect_keywords<K: Keyword>(
        &mut self,
        setting: Setting,
        noun: &str,
    ) -> Vec<Node<K>> {
        let Value::List(items) = &setting.value.node else {
            let example = K::ALL.first().map_or("…", |(w, _)| w);
            let what = format!("a list of {}s such as [{example}]", K::WHAT);
            self.report(
                Diagnostic::error(
                    Code::WrongValue,
                    format!(
                        "`{}` takes {what}, not {}",
                        setting.key.node,
                        setting.value.node.describe()
                    ),
                )
                .at(setting.value.span)
                .label(format!("expected {what}"))
                .help(format!("write `{} = [{example}]`", setting.key.node)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let word = match &item.node {
                Value::Word(w) | Value::Text(w) => w.as_str(),
                _ => "",
            };
            match K::from_keyword(word) {
                Some(value) => out.push(Node::new(value, item.span)),
                None => self.report(
                    Diagnostic::error(Code::WrongValue, format!("unknown {noun} `{word}`"))
                        .at(item.span)
                        .label(format!("not a {} the compiler knows", K::WHAT))
                        .help(K::help_for(word)),
                ),
            }
        }
        out
    }
}

fn is_valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
