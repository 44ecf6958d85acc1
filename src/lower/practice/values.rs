//! The values of data-practice settings, checked: vocabulary words (data
//! categories, purposes, countries and the closed keyword sets) with "did
//! you mean", `other "…"` items, yes/no, ages and ISO 8601 durations.

use super::super::Lowerer;
use super::super::value::{Setting, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::keyword::Keyword;
use crate::model::practice::*;
use crate::model::*;
use crate::source::Span;
use crate::vocab;

/// The items of a value that may be one item or a list of them.
fn items(value: &Node<Value>) -> Vec<&Node<Value>> {
    match &value.node {
        Value::List(items) => items.iter().collect(),
        _ => vec![value],
    }
}

impl Lowerer<'_> {
    /// An unknown word of a vocabulary: located, with "did you mean" or
    /// where the list is.
    pub(super) fn unknown_word(
        &mut self,
        span: Span,
        noun: &str,
        word: &str,
        suggestion: Option<String>,
        listing: &str,
    ) {
        let help = match suggestion {
            Some(s) => format!("did you mean {s}?"),
            None => listing.to_string(),
        };
        self.report(
            Diagnostic::error(Code::UnknownWord, format!("unknown {noun} `{word}`"))
                .at(span)
                .label(format!("not {} {noun} policyc knows", article(noun)))
                .help(help),
        );
    }

    /// A value of the wrong shape for its key.
    fn wrong_shape(&mut self, span: Span, key: &str, what: &str, example: &str) {
        self.report(
            Diagnostic::error(Code::WrongValue, format!("`{key}` takes {what}"))
                .at(span)
                .label(format!("expected {what}"))
                .help(format!("write `{key} = {example}`")),
        );
    }

    /// A word of a closed vocabulary written as `word`.
    pub(super) fn vocabulary_word<K: Keyword>(
        &mut self,
        written: &Node<String>,
    ) -> Option<Node<K>> {
        let found = K::from_keyword(&written.node);
        if found.is_none() {
            let listing = format!("the {}s are {}", K::WHAT, K::listing());
            self.unknown_word(
                written.span,
                K::WHAT,
                &written.node,
                K::suggest(&written.node).map(|s| format!("`{s}`")),
                &listing,
            );
        }
        found.map(|k| Node::new(k, written.span))
    }

    /// One word of a closed vocabulary: `party = third`.
    pub(super) fn expect_word<K: Keyword>(&mut self, setting: Setting) -> Option<Node<K>> {
        match &setting.value.node {
            Value::Word(w) => self.vocabulary_word(&Node::new(w.clone(), setting.value.span)),
            _ => {
                let example = K::ALL.first().map_or("…", |(w, _)| w);
                self.wrong_shape(
                    setting.value.span,
                    &setting.key.node,
                    &format!("a {} such as `{example}`", K::WHAT),
                    example,
                );
                None
            }
        }
    }

    /// Words of a closed vocabulary: `announced = [email, website]` (one
    /// word alone is a list of one).
    pub(super) fn expect_words<K: Keyword>(&mut self, setting: Setting) -> Vec<Node<K>> {
        let mut out = Vec::new();
        for item in items(&setting.value) {
            match &item.node {
                Value::Word(w) => {
                    out.extend(self.vocabulary_word(&Node::new(w.clone(), item.span)))
                }
                _ => {
                    let example = K::ALL.first().map_or("…", |(w, _)| w);
                    self.wrong_shape(
                        item.span,
                        &setting.key.node,
                        &format!("{}s such as `[{example}]`", K::WHAT),
                        &format!("[{example}]"),
                    );
                }
            }
        }
        out
    }

    /// Words of a closed choice where `none` stands alone: `creation =
    /// [oauth]` or `creation = [none]`, never `[none, oauth]`, which says
    /// two opposite things.
    pub(super) fn expect_choices<K: Keyword + PartialEq>(
        &mut self,
        setting: Setting,
        none: K,
    ) -> Vec<Node<K>> {
        let key = setting.key.node.clone();
        let words = self.expect_words::<K>(setting);
        let alone = words.len() == 1;
        if let Some(written) = words.iter().find(|w| w.node == none && !alone) {
            self.report(
                Diagnostic::error(
                    Code::WrongValue,
                    format!("`{key}` lists `{}` beside other choices", none.keyword()),
                )
                .at(written.span)
                .label("`none` contradicts the other choices")
                .help(format!(
                    "write `{key} = [{}]` alone, or remove it",
                    none.keyword()
                )),
            );
            return Vec::new();
        }
        words
    }

    /// Data categories: `data = [email, name, other "company name"]`.
    pub(super) fn expect_categories(&mut self, setting: Setting) -> Vec<Node<Category>> {
        let mut out = Vec::new();
        for item in items(&setting.value) {
            let category = match &item.node {
                Value::Word(w) => match vocab::category(w) {
                    Some(info) => Some(Category::Known(info)),
                    None => {
                        let listing =
                            "see the data categories in docs/vocabulary.md, or write `other \"…\"`";
                        self.unknown_word(
                            item.span,
                            "data category",
                            w,
                            vocab::suggest_category(w),
                            listing,
                        );
                        None
                    }
                },
                Value::Tagged(tag, words) if tag == "other" => Some(Category::Other(words.clone())),
                _ => {
                    self.wrong_shape(
                        item.span,
                        &setting.key.node,
                        "data categories such as `[email, name]`",
                        "[email, name]",
                    );
                    None
                }
            };
            out.extend(category.map(|c| Node::new(c, item.span)));
        }
        out
    }

    /// Purposes: `purposes = [analytics, other "…"]`.
    pub(super) fn expect_purposes(&mut self, setting: Setting) -> Vec<Node<Purpose>> {
        let mut out = Vec::new();
        for item in items(&setting.value) {
            let purpose = match &item.node {
                Value::Word(w) => match vocab::purpose(w) {
                    Some(info) => Some(Purpose::Known(info)),
                    None => {
                        let listing =
                            "see the purposes in docs/vocabulary.md, or write `other \"…\"`";
                        self.unknown_word(
                            item.span,
                            "purpose",
                            w,
                            vocab::suggest_purpose(w),
                            listing,
                        );
                        None
                    }
                },
                Value::Tagged(tag, words) if tag == "other" => Some(Purpose::Other(words.clone())),
                _ => {
                    self.wrong_shape(
                        item.span,
                        &setting.key.node,
                        "purposes such as `[service-provision]`",
                        "[service-provision]",
                    );
                    None
                }
            };
            out.extend(purpose.map(|p| Node::new(p, item.span)));
        }
        out
    }

    /// `true` or `false`.
    pub(super) fn expect_bool(&mut self, setting: Setting) -> Option<Node<bool>> {
        match &setting.value.node {
            Value::Word(w) if w == "true" => Some(Node::new(true, setting.value.span)),
            Value::Word(w) if w == "false" => Some(Node::new(false, setting.value.span)),
            _ => {
                self.wrong_shape(
                    setting.value.span,
                    &setting.key.node,
                    "`true` or `false`",
                    "true",
                );
                None
            }
        }
    }

    /// An ISO 8601 duration: `P2Y`, `P30D`.
    pub(super) fn expect_duration(&mut self, setting: &Setting) -> Option<Node<Duration>> {
        let written = match &setting.value.node {
            Value::Word(w) | Value::Text(w) => w.as_str(),
            _ => "",
        };
        self.duration(written, setting.value.span)
    }

    /// `written` as a duration, or a located error: with the ISO form a
    /// near miss means (`P1.5Y` → `P18M`), and refused when it lasts no
    /// time — "kept for 0 days" reads to a lawyer as a contradiction, not
    /// a period, so the policy must say what it means.
    pub(super) fn duration(&mut self, written: &str, span: Span) -> Option<Node<Duration>> {
        let parsed = Duration::parse(written);
        if parsed.as_ref().is_some_and(Duration::is_zero) {
            self.report(
                Diagnostic::error(Code::InvalidDuration, format!("`{written}` lasts no time at all"))
                    .at(span)
                    .label("a duration of zero")
                    .help("give the real length, e.g. `PT24H` (24 hours); if nothing is kept, say so in a `text` instead"),
            );
            return None;
        }
        if parsed.is_none() {
            let help = match Duration::suggest(written) {
                Some(iso) => format!("write `{iso}` ({}): P, then whole numbers with units Y, M, W, D, then T and H, M, S", Duration::parse(&iso).map(|d| d.words()).unwrap_or_default()),
                None => "write e.g. `P2Y` (2 years), `P6M` (6 months), `P30D` (30 days) or `PT24H` (24 hours): units Y, M, W, D, then T and H, M, S".to_string(),
            };
            self.report(
                Diagnostic::error(
                    Code::InvalidDuration,
                    format!("`{written}` is not an ISO 8601 duration"),
                )
                .at(span)
                .label("expected P, then whole numbers with units")
                .help(help),
            );
        }
        parsed.map(|d| Node::new(d, span))
    }

    /// An age: a whole number from 1 to 25.
    pub(super) fn expect_age(&mut self, setting: Setting) -> Option<Node<u32>> {
        let age = match &setting.value.node {
            Value::Integer(n) => n.parse::<u32>().ok().filter(|n| (1..=25).contains(n)),
            _ => None,
        };
        if age.is_none() {
            self.wrong_shape(
                setting.value.span,
                &setting.key.node,
                "an age in years from 1 to 25",
                "13",
            );
        }
        age.map(|a| Node::new(a, setting.value.span))
    }

    /// Sources: `from = [person, device, third-party "Name"]`.
    pub(super) fn expect_sources(&mut self, setting: Setting) -> Vec<Node<Source>> {
        let mut out = Vec::new();
        for item in items(&setting.value) {
            let (word, name) = match &item.node {
                Value::Word(w) => (w.clone(), None),
                Value::Tagged(w, name) => (w.clone(), Some(name.clone())),
                _ => {
                    self.wrong_shape(
                        item.span,
                        &setting.key.node,
                        "sources such as `[person, device]`",
                        "[person, device]",
                    );
                    continue;
                }
            };
            let Some(kind) = self.vocabulary_word::<SourceKind>(&Node::new(word, item.span)) else {
                continue;
            };
            if name.is_some() && kind.node != SourceKind::ThirdParty {
                self.wrong_shape(
                    item.span,
                    &setting.key.node,
                    "a name only after `third-party`",
                    "third-party \"Name\"",
                );
                continue;
            }
            out.push(Node::new(
                Source {
                    kind: kind.node,
                    name,
                },
                item.span,
            ));
        }
        out
    }

    /// A legal basis: `basis = contract`, `basis = legitimate-interests "…"`.
    pub(super) fn expect_basis(&mut self, setting: Setting) -> Option<Node<LegalBasis>> {
        let span = setting.value.span;
        let (word, interest) = match &setting.value.node {
            Value::Word(w) => (w.clone(), None),
            Value::Tagged(w, interest) => (w.clone(), Some(interest.clone())),
            _ => {
                self.wrong_shape(span, "basis", "a legal basis such as `consent`", "consent");
                return None;
            }
        };
        let kind = self
            .vocabulary_word::<BasisKind>(&Node::new(word, span))?
            .node;
        match (kind, &interest) {
            (BasisKind::LegitimateInterests, None) => {
                self.report(
                    Diagnostic::error(Code::MissingSetting, "legitimate interests must be named")
                        .at(span)
                        .label("which interest?")
                        .help(
                            "write `basis = legitimate-interests \"keeping the service secure\"`",
                        ),
                );
                None
            }
            (BasisKind::LegitimateInterests, Some(_)) | (_, None) => {
                Some(Node::new(LegalBasis { kind, interest }, span))
            }
            (_, Some(_)) => {
                self.wrong_shape(
                    span,
                    "basis",
                    "a text only after `legitimate-interests`",
                    kind.keyword(),
                );
                None
            }
        }
    }

    /// Destinations: `to = [US, IN, EEA, outside-your-country]`.
    pub(super) fn expect_destinations(&mut self, setting: Setting) -> Vec<Node<Destination>> {
        let mut out = Vec::new();
        for item in items(&setting.value) {
            let destination = match &item.node {
                Value::Word(w) if w == "EEA" => Some(Destination::Eea),
                Value::Word(w) if w == "EU" => Some(Destination::Eu),
                Value::Word(w) if w == "outside-your-country" => {
                    Some(Destination::OutsideYourCountry)
                }
                Value::Word(w) => match vocab::country(w) {
                    Some(country) => Some(Destination::Country(country.code.to_string())),
                    None => {
                        let listing = "write an ISO 3166-1 alpha-2 code such as `US` or `IN`, `EEA`, `EU` or `outside-your-country`";
                        self.unknown_word(
                            item.span,
                            "country code",
                            w,
                            vocab::suggest_country(w).map(|c| format!("`{c}`")),
                            listing,
                        );
                        None
                    }
                },
                _ => {
                    self.wrong_shape(
                        item.span,
                        &setting.key.node,
                        "country codes such as `[US, IN]`",
                        "[US, IN]",
                    );
                    None
                }
            };
            out.extend(destination.map(|d| Node::new(d, item.span)));
        }
        out
    }

    /// Ways to exercise a right: `via = [email, "https://…"]`.
    pub(super) fn expect_via(&mut self, setting: Setting) -> Vec<Node<Via>> {
        let mut out = Vec::new();
        for item in items(&setting.value) {
            match &item.node {
                Value::Word(w) => {
                    let channel =
                        self.vocabulary_word::<ChannelKind>(&Node::new(w.clone(), item.span));
                    out.extend(channel.map(|c| Node::new(Via::Contact(c.node), item.span)));
                }
                Value::Text(url) => {
                    let url = self.typed_value::<WebUrl>(url, item.span);
                    out.extend(url.map(|u| Node::new(Via::Url(u.node), u.span)));
                }
                _ => self.wrong_shape(
                    item.span,
                    "via",
                    "contact channels or web addresses such as `[email, \"https://…\"]`",
                    "[email]",
                ),
            }
        }
        out
    }

    /// Security measures: `measures = [encryption-in-transit, other "…"]`.
    pub(super) fn expect_measures(&mut self, setting: Setting) -> Vec<Node<Measure>> {
        let mut out = Vec::new();
        for item in items(&setting.value) {
            match &item.node {
                Value::Word(w) => {
                    let measure =
                        self.vocabulary_word::<MeasureKind>(&Node::new(w.clone(), item.span));
                    out.extend(measure.map(|m| Node::new(Measure::Known(m.node), item.span)));
                }
                Value::Tagged(tag, words) if tag == "other" => {
                    out.push(Node::new(
                        Measure::Other {
                            other: words.clone(),
                        },
                        item.span,
                    ));
                }
                _ => self.wrong_shape(
                    item.span,
                    "measures",
                    "measures such as `[encryption-in-transit]`",
                    "[encryption-in-transit]",
                ),
            }
        }
        out
    }
}

/// "a" or "an" before a noun.
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
