//! Material or minor: **the one table** that decides, a row a path, what
//! an addition, a removal and a change of it are, and why. The principle,
//! a privacy lawyer's: a change is material when it extends what is done
//! with people's data (more data, purposes, recipients, places, time) or
//! takes away what protects them or lets them act (a right, a way to reach
//! the organisation, a safeguard, an age limit, a promise). Prose is never
//! material by itself: the facts it states are compared as facts.
//! `docs/diff.md` shows this table ([`markdown_table`]); a test keeps the
//! two the same.

use super::{Action, Change, Class, Value};
use crate::model::practice::{CookiePurpose, Party, Period, Safeguard, Stance};

/// How one action on one path is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decide {
    /// Always material.
    Material,
    /// Always minor.
    Minor,
    /// Cannot happen to this path (a set's members are added or removed,
    /// never changed); minor.
    Never,
    /// Material when the flag moves towards `true`: `false`, then absent,
    /// then `true` (so "not a sale" withdrawn is material).
    TowardsTrue,
    /// Material when the period is longer: a duration (by
    /// `Duration::approx_seconds`), then `until` an event, then
    /// `as-long-as-necessary`; two different events count as longer.
    Longer,
    /// Material when the number is lower.
    Lower,
    /// Material when the safeguard is weaker: adequacy, then binding
    /// corporate rules or standard contractual clauses, then consent, then
    /// none stated.
    Weaker,
    /// Material towards advertising (strictly necessary, preferences,
    /// analytics, advertising) or from first party to third.
    MoreIntrusive,
    /// Material when the signal was honoured and is no longer.
    StopsHonouring,
    /// Material when the legal basis is another one; minor when only the
    /// interest of legitimate interests is reworded.
    OtherBasis,
    /// Material unless the cookie is strictly necessary.
    UnlessNecessary,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The path of the changes it decides; `prefix.*` for any field under
    /// `prefix.` that has no row of its own.
    pub path: &'static str,
    /// What the path is, for people.
    pub what: &'static str,
    /// A value added.
    pub added: Decide,
    /// A value removed.
    pub removed: Decide,
    /// A value changed.
    pub changed: Decide,
    /// Why, with the law behind it.
    pub why: &'static str,
}

const fn row(
    path: &'static str,
    what: &'static str,
    [added, removed, changed]: [Decide; 3],
    why: &'static str,
) -> Rule {
    Rule {
        path,
        what,
        added,
        removed,
        changed,
        why,
    }
}

use Decide::*;

/// Minor whatever happens.
const MINOR: [Decide; 3] = [Minor, Minor, Minor];
/// New is material, gone is not: more data, purposes, recipients, places.
const MORE: [Decide; 3] = [Material, Minor, Never];
/// Gone is material, new is not: rights, channels, protections.
const LESS: [Decide; 3] = [Minor, Material, Never];
/// A flag moving towards `true`, however it moves.
const TRUE: [Decide; 3] = [TowardsTrue, TowardsTrue, TowardsTrue];

/// The table: every path the diff reports, in the order it reports them.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    row("policy.title", "Title", MINOR, "The document's name; what it says is compared on its own."),
    row("policy.id", "Policy id", MINOR, "How the document is filed, not what is done with data."),
    row("policy.version", "Version label", MINOR, "As the id."),
    row("policy.effective", "Effective date", MINOR, "A date records a change, it is not one: a new effective date is what a notice of the material changes points to."),
    row("policy.updated", "Last updated", MINOR, "As the effective date."),
    row("policy.language", "Language", MINOR, "As the id."),
    row("policy.jurisdictions", "Jurisdictions addressed", MINOR, "Whom the document speaks to; each practice is compared on its own."),
    row("policy.profiles", "Compliance profiles claimed", MINOR, "What the compiler checks the document against, not what is done with data."),
    row("org.name", "Organisation's name", [Minor, Material, Material], "GDPR Art. 13(1)(a): who the controller is comes first. A new name may be a new controller (a merger, a sale of the business)."),
    row("org.registration", "Registration number", [Minor, Minor, Material], "Another registration number is another legal entity: another controller."),
    row("org.*", "Trading names, address, website", MINOR, "How the controller is described, not who it is."),
    row("contact.*", "Contact point: email, url, phone, address", [Minor, Material, Minor], "GDPR Art. 13(1)(a) and CCPA §1798.130(a)(1) require ways to reach the organisation: one removed is one way less to exercise a right. A new address is news, not a new practice."),
    row("officer", "Officer", LESS, "GDPR Art. 13(1)(b) names the data protection officer, India's DPDP Act the grievance officer: one no longer named cannot be reached."),
    row("officer.name", "Officer's name", MINOR, "Who holds the office, not whether there is one."),
    row("officer.title", "Officer's title", MINOR, "As the name."),
    row("officer.*", "Officer's email, url, phone, address", [Minor, Material, Minor], "As the contact point's."),
    row("collection.data", "Data collected", MORE, "New personal data is new processing: GDPR Art. 13(3) and 14(4) and the CCPA's notice at collection (§1798.100(a)(1); Cal. Code Regs. tit. 11 §7012) require telling people before it starts."),
    row("collection.purposes", "Purpose of collection", MORE, "Purpose limitation (GDPR Art. 5(1)(b), 13(3)); CCPA §1798.100(a)(1): no use for an additional purpose without notice."),
    row("collection.sources", "Source of data", MORE, "Data from a new source is data obtained anew (GDPR Art. 14(2)(f) names the source)."),
    row("collection.basis", "Legal basis", [Material, Minor, OtherBasis], "No basis is stronger than another, and none may be swapped silently (EDPB Guidelines 05/2020 ¶121–123): each carries other rights — withdrawal under consent (Art. 7(3)), portability under consent or contract (Art. 20), objection under public task or legitimate interests (Art. 21). So any other basis, or one more, is material."),
    row("collection.required", "Required to use the service", TRUE, "GDPR Art. 13(2)(e): whether people must provide it. Becoming required takes a choice away."),
    row("collection.linked", "Linked to the person", TRUE, "Data tied to a person's identity is more intrusive (the App Store label's \"linked to you\")."),
    row("collection.tracking", "Used to track across other companies' apps and sites", TRUE, "Tracking needs consent (ePrivacy Art. 5(3), App Tracking Transparency) and is a \"sharing\" under the CCPA (§1798.140(ah))."),
    row("collection.tracking-domains", "Domains that track", MORE, "A new domain is one more place the app sends data for tracking (Apple's NSPrivacyTrackingDomains)."),
    row("collection.ephemeral", "Processed only in memory", [Minor, Material, Material], "Google Play's Data safety form: data no longer processed ephemerally is data now kept, which people were told it was not."),
    row("recipient", "Recipient", MORE, "GDPR Art. 13(1)(e), CCPA §1798.110(c)(4): a new recipient is a new disclosure."),
    row("recipient.data", "Data a recipient receives", MORE, "A category disclosed to that recipient for the first time."),
    row("recipient.purposes", "Why a recipient receives data", MORE, "A disclosure for a new purpose."),
    row("recipient.sale", "Disclosure is a sale", TRUE, "CCPA §1798.120: a sale needs notice and an opt-out; \"not a sale\" withdrawn counts."),
    row("recipient.sharing", "Disclosure is a sharing", TRUE, "CCPA §1798.120 and §1798.140(ah), as a sale."),
    row("retention", "Retention rule", LESS, "GDPR Art. 13(2)(a) requires the period: a rule removed leaves its data with no limit stated, which reads as longer."),
    row("retention.period", "Retention period", [Minor, Material, Longer], "Storage limitation (GDPR Art. 5(1)(e)): longer is more processing. A fixed period becoming `until` an event or `as-long-as-necessary` is longer; two different events cannot be compared and count as longer; shorter is minor."),
    row("retention.data", "Data a retention rule covers", MORE, "Data kept for this period now may have had a shorter one."),
    row("retention.purposes", "Purposes data is kept for", MORE, "A new reason to keep data can only keep it longer."),
    row("retention.criteria", "Criteria that decide the period", MINOR, "Wording: read it."),
    row("transfer.to", "Destination of a transfer", MORE, "GDPR Art. 13(1)(f) and 44: data going to a new country."),
    row("transfer.safeguard", "Transfer safeguard", [Minor, Material, Weaker], "Adequacy (Art. 45) over binding corporate rules and standard contractual clauses (Art. 46–47) over consent (Art. 49) over none stated: a weaker one, or none, is material."),
    row("transfer.data", "Data sent abroad", MORE, "A category sent there for the first time."),
    row("children.minimum-age", "Minimum age", [Minor, Material, Lower], "A lower age brings younger children in (COPPA: under 13; GDPR Art. 8: under 16 unless a State sets 13 to 15); no age stated any more counts as lower."),
    row("children.parental-consent", "Collects from younger children with a parent's consent", TRUE, "New collection from children: COPPA (16 CFR 312.4(c)) requires notice to parents."),
    row("cookie", "Cookie or other tracker", [UnlessNecessary, Minor, Never], "A tracker that is not strictly necessary needs consent (ePrivacy Art. 5(3)): new processing. A strictly necessary one, or one removed, is not."),
    row("cookie.type", "Tracker's technology", MINOR, "How it stores, not what it does."),
    row("cookie.provider", "Tracker's provider", [Minor, Minor, Material], "Another company reads what it records: a new recipient."),
    row("cookie.party", "First or third party", [Minor, Minor, MoreIntrusive], "From first party to third: another company reads what it records."),
    row("cookie.purpose", "Tracker's purpose", [Minor, Minor, MoreIntrusive], "Towards advertising is new processing that needs consent."),
    row("cookie.duration", "Tracker's lifetime", [Minor, Minor, Longer], "Lives longer, tracks longer."),
    row("right", "Right", LESS, "GDPR Art. 13(2)(b)–(d), CCPA §1798.130: a right no longer stated."),
    row("right.via", "Way to exercise a right", LESS, "A way to exercise it taken away."),
    row("right.response-time", "Time to answer a request", [Minor, Material, Longer], "GDPR Art. 12(3): a month; CCPA §1798.130(a)(2): 45 days. Longer, or no time promised, delays people's requests."),
    row("security.in-transit", "How much data is encrypted in transit", [Minor, Material, Material], "Google Play's Data safety form asks whether all user data is encrypted in transit: a narrower scope, or none stated, withdraws that promise."),
    row("security.measures", "Security measure", LESS, "A protection no longer promised (GDPR Art. 32; the FTC holds organisations to their security statements)."),
    row("changes.announced", "How changes are announced", LESS, "Fewer ways people learn of changes, material ones included."),
    row("signals.do-not-track", "Do Not Track", [Minor, StopsHonouring, StopsHonouring], "A signal people send is no longer honoured."),
    row("signals.gpc", "Global Privacy Control", [Minor, StopsHonouring, StopsHonouring], "The CCPA regulations (§7025) require honouring it as an opt-out of sale and sharing."),
    row("sale.sells", "Sells personal information", TRUE, "CCPA §1798.120 and §1798.135: \"we do not sell\" reversed, or withdrawn."),
    row("sale.shares", "Shares it for cross-context behavioural advertising", TRUE, "As a sale."),
    row("accounts.creation", "Way to create an account", MINOR, "How an account is made; the data it takes is compared as `collect` facts."),
    row("accounts.creation-other", "Other way to create an account", MINOR, "Wording: read it."),
    row("accounts.outside", "Accounts made outside the app", MINOR, "How people log in; the data is compared as `collect` facts."),
    row("accounts.outside-other", "Other accounts made outside the app", MINOR, "Wording: read it."),
    row("accounts.deletion", "Page to ask for an account's deletion", [Minor, Material, Minor], "A way to delete an account taken away (Google Play requires one of apps that let people create accounts)."),
    row("sale.sensitive-beyond-permitted", "Uses sensitive personal information beyond 11 CCR § 7027(m)", TRUE, "CCPA §1798.121: the right to limit starts to apply."),
    row("automated-decision-making.used", "Decisions by automated means alone are made", TRUE, "GDPR Art. 22: a new automated decision needs notice before it is made."),
    row("automated-decision-making.logic", "The logic involved", [Material, Material, Material], "GDPR Art. 13(2)(f): meaningful information about the logic."),
    row("automated-decision-making.consequences", "Their consequences", [Material, Material, Material], "GDPR Art. 13(2)(f): the significance and envisaged consequences."),
    row("disclosure.third-parties", "Third parties receive personal data", TRUE, "GDPR Art. 13(1)(e), CCPA §1798.110(c)(4): \"no third party receives it\" reversed, or withdrawn."),
    row("disclosure.processors", "Processors receive it on the organisation's behalf", TRUE, "GDPR Art. 13(1)(e) and 28: \"no one receives it\" reversed, or withdrawn."),
    row("api", "Required-reason API the app uses", MINOR, "What Apple's privacy manifest declares of the app's code, not what is done with personal data; the data practices are compared on their own."),
    row("api.reasons", "Why the app uses it", MINOR, "As the API: Apple's approved reasons each limit the use, none sends data."),
    row("term", "Defined term", MINOR, "Wording the prose uses."),
    row("term.value", "What a term stands for", MINOR, "Wording the prose uses: read it."),
    row("definition", "Defined phrase", MINOR, "Wording: read it."),
    row("definition.meaning", "What a phrase means", MINOR, "Wording: read it; the facts it describes are compared as facts."),
    row("section", "Section: added, removed or moved", MINOR, "Structure; the facts a section states are compared as facts."),
    row("section.title", "Section title", MINOR, "Structure."),
    row("section.kind", "Section kind", MINOR, "Structure."),
    row("section.text", "Wording", [Never, Never, Minor], "Prose is not read for meaning: each change is listed for a person to read. A sentence that now states a new practice should state it as a fact too, which is then compared."),
];

/// The row that decides `path`: its own, else its prefix's `prefix.*`.
pub fn rule(path: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.path == path).or_else(|| {
        let (prefix, _) = path.rsplit_once('.')?;
        RULES
            .iter()
            .find(|r| r.path.strip_suffix(".*") == Some(prefix))
    })
}

/// The class of a change, by its row; minor for a path with none.
pub fn class(change: &Change) -> Class {
    let Some(rule) = rule(&change.path) else {
        return Class::Minor;
    };
    let decide = match change.change {
        Action::Added => rule.added,
        Action::Removed => rule.removed,
        Action::Changed => rule.changed,
    };
    if decide.material(change.old.as_ref(), change.new.as_ref()) {
        Class::Material
    } else {
        Class::Minor
    }
}

impl Decide {
    /// Whether a change from `old` to `new` is material.
    pub fn material(self, old: Option<&Value>, new: Option<&Value>) -> bool {
        match self {
            Material => true,
            Minor | Never => false,
            TowardsTrue => truth(old) < truth(new),
            Longer => match (old, new) {
                (Some(Value::Period(Period::Until(a))), Some(Value::Period(Period::Until(b)))) => {
                    a != b
                }
                (Some(o), Some(n)) => length(n) > length(o),
                _ => false,
            },
            Lower => {
                matches!((old, new), (Some(Value::Number(o)), Some(Value::Number(n))) if n < o)
            }
            Weaker => match (old, new) {
                (Some(Value::Safeguard(o)), Some(Value::Safeguard(n))) => {
                    strength(*n) < strength(*o)
                }
                _ => false,
            },
            MoreIntrusive => intrusion(new) > intrusion(old),
            StopsHonouring => {
                let honoured =
                    |v: Option<&Value>| matches!(v, Some(Value::Stance(Stance::Honoured)));
                honoured(old) && !honoured(new)
            }
            OtherBasis => match (old, new) {
                (Some(Value::Basis(o)), Some(Value::Basis(n))) => o.kind != n.kind,
                _ => true,
            },
            UnlessNecessary => match new {
                Some(Value::Cookie(cookie)) => cookie
                    .purpose
                    .as_ref()
                    .is_none_or(|p| p.node != CookiePurpose::StrictlyNecessary),
                _ => true,
            },
        }
    }

    /// How the table in `docs/diff.md` says it.
    pub fn words(self) -> &'static str {
        match self {
            Material => "material",
            Minor => "minor",
            Never => "—",
            TowardsTrue => "material towards `true`",
            Longer => "material if longer",
            Lower => "material if lower",
            Weaker => "material if weaker",
            MoreIntrusive => "material if more intrusive",
            StopsHonouring => "material if it was `honoured`",
            OtherBasis => "material if another basis",
            UnlessNecessary => "material unless strictly necessary",
        }
    }
}

/// `false`, absent, `true`, in that order.
fn truth(value: Option<&Value>) -> u8 {
    match value {
        Some(Value::Flag(false)) => 0,
        Some(Value::Flag(true)) => 2,
        _ => 1,
    }
}

/// A duration's seconds, then `until`, then `as-long-as-necessary`; a
/// session cookie lasts no time.
fn length(value: &Value) -> (u8, u64) {
    use crate::model::practice::Lifetime;
    match value {
        Value::Period(Period::Duration(d))
        | Value::Lifetime(Lifetime::Duration(d))
        | Value::Duration(d) => (0, d.approx_seconds()),
        Value::Period(Period::Until(_)) => (1, 0),
        Value::Period(Period::AsLongAsNecessary) => (2, 0),
        _ => (0, 0),
    }
}

/// How much a safeguard protects.
fn strength(safeguard: Safeguard) -> u8 {
    match safeguard {
        Safeguard::Adequacy => 3,
        Safeguard::BindingCorporateRules | Safeguard::StandardContractualClauses => 2,
        Safeguard::Consent => 1,
        Safeguard::NoneStated => 0,
    }
}

/// How far a cookie's purpose or party reaches.
fn intrusion(value: Option<&Value>) -> u8 {
    match value {
        Some(
            Value::CookiePurpose(CookiePurpose::StrictlyNecessary) | Value::Party(Party::First),
        ) => 0,
        Some(Value::CookiePurpose(CookiePurpose::Preferences) | Value::Party(Party::Third)) => 1,
        Some(Value::CookiePurpose(CookiePurpose::Analytics)) => 2,
        Some(Value::CookiePurpose(CookiePurpose::Advertising)) => 3,
        _ => 0,
    }
}

/// The table as `docs/diff.md` shows it.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| path | what | added | removed | changed | why |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.path,
            r.what,
            r.added.words(),
            r.removed.words(),
            r.changed.words(),
            r.why
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::practice::Duration;

    fn period(p: Period) -> Option<Value> {
        Some(Value::Period(p))
    }

    fn iso(text: &str) -> Period {
        Period::Duration(Duration::parse(text).unwrap_or_else(|| panic!("{text}")))
    }

    #[test]
    fn periods_are_longer_by_length_then_by_vagueness() {
        let longer = |o: Period, n: Period| Longer.material(period(o).as_ref(), period(n).as_ref());
        assert!(longer(iso("P90D"), iso("P1Y")));
        assert!(!longer(iso("P1Y"), iso("P11M")));
        assert!(longer(iso("P10Y"), Period::Until("you leave".into())));
        assert!(longer(Period::Until("a".into()), Period::AsLongAsNecessary));
        assert!(longer(Period::Until("a".into()), Period::Until("b".into())));
        assert!(!longer(Period::AsLongAsNecessary, iso("P10Y")));
    }

    #[test]
    fn flags_move_from_false_through_absent_to_true() {
        let towards = |o: Option<bool>, n: Option<bool>| {
            TowardsTrue.material(o.map(Value::Flag).as_ref(), n.map(Value::Flag).as_ref())
        };
        assert!(towards(Some(false), Some(true)));
        assert!(towards(Some(false), None));
        assert!(towards(None, Some(true)));
        assert!(!towards(Some(true), None));
        assert!(!towards(None, Some(false)));
    }

    #[test]
    fn every_row_is_found_by_its_path_and_wildcards_only_fill_gaps() {
        for r in RULES.iter().filter(|r| !r.path.ends_with(".*")) {
            assert_eq!(rule(r.path).map(|found| found.path), Some(r.path));
        }
        assert_eq!(rule("org.website").map(|r| r.path), Some("org.*"));
        assert_eq!(rule("officer.email").map(|r| r.path), Some("officer.*"));
        assert_eq!(rule("officer.name").map(|r| r.path), Some("officer.name"));
        assert!(rule("nothing.here").is_none());
    }
}
