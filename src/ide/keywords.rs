//! The short doc of each keyword that begins an item, shown on hover and
//! beside completions. One row a keyword of [`crate::syntax::ITEM_KEYWORDS`]
//! (and `policy`); a test keeps the two lists the same.

/// Keyword → what it declares, in one line (see docs/language.md).
const DOCS: &[(&str, &str)] = &[
    (
        "policy",
        "`policy KIND \"Title\" { … }`: the policy — its kind (`privacy`, `cookies`, `terms`), title and body.",
    ),
    (
        "section",
        "`section [KIND] \"Title\" { … }`: a section of the document, nesting to any depth; its kind says what it covers.",
    ),
    (
        "text",
        "`text \"…\"` or `text \"\"\" … \"\"\"`: a block of CommonMark prose; `${name}` inserts a term or fact.",
    ),
    (
        "term",
        "`term Name = \"value\"`: a defined term, written in prose as `${Name}`.",
    ),
    (
        "org",
        "`org { … }`: the organisation behind the policy (name, address, website…).",
    ),
    (
        "contact",
        "`contact { … }`: how people reach the organisation, with its named officers.",
    ),
    (
        "officer",
        "`officer ROLE { … }`: a named officer, such as a DPO, inside `contact`.",
    ),
    (
        "toc",
        "`toc [\"Title\"] { depth = N }`: a table of contents, placed here.",
    ),
    (
        "contact-block",
        "`contact-block [\"Title\"]`: the contact card, built from `org` and `contact`.",
    ),
    (
        "last-updated",
        "`last-updated`: the \"last updated\" line, from the policy's dates.",
    ),
    (
        "glossary",
        "`glossary [\"Title\"]`: the list of phrases declared with `define`.",
    ),
    (
        "data-table",
        "`data-table [\"Title\"]`: a table of the data collected, built from the facts.",
    ),
    (
        "cookie-table",
        "`cookie-table [\"Title\"]`: a table of the cookies the policy declares.",
    ),
    (
        "rights-list",
        "`rights-list [\"Title\"]`: the list of people's rights and how to exercise them.",
    ),
    (
        "privacy-label",
        "`privacy-label [\"Title\"]`: the privacy label card: data linked to you, used to track you.",
    ),
    (
        "define",
        "`define \"Phrase\" = \"meaning\"`: a defined phrase, listed by `glossary`.",
    ),
    (
        "include",
        "`include \"path\"`: the items of a clause file, as if written here (path relative to this file).",
    ),
    (
        "collect",
        "`collect { data = […], purposes = […] }`: data the service collects, why, from where and on what basis.",
    ),
    (
        "api",
        "`api KIND { reasons = […] }`: an Apple required-reason API the app uses, with its approved reasons.",
    ),
    (
        "recipient",
        "`recipient KIND [\"Name\"] { … }`: who data is shared with or disclosed to.",
    ),
    (
        "retain",
        "`retain { id = \"…\" period = P2Y }`: how long data is kept; prose refers to it as `${retention.ID}`.",
    ),
    (
        "transfer",
        "`transfer { to = [US], safeguards = […] }`: data sent to other countries, and the safeguards.",
    ),
    (
        "children",
        "`children { minimum-age = 13 }`: the policy towards children's data.",
    ),
    (
        "cookie",
        "`cookie \"name\" { … }`: a cookie or similar technology, its class and lifetime.",
    ),
    (
        "right",
        "`right KIND { via = […] }`: a right people have (access, erasure…) and how to exercise it.",
    ),
    (
        "security",
        "`security { … }`: the security measures that protect the data.",
    ),
    (
        "changes",
        "`changes { … }`: how people are told when the policy changes.",
    ),
    (
        "signals",
        "`signals { … }`: how browser privacy signals (GPC, Do Not Track) are honoured.",
    ),
    (
        "sale",
        "`sale { … }`: whether personal data is sold or shared for advertising.",
    ),
    (
        "automated-decision-making",
        "`automated-decision-making { used = … }`: whether decisions with legal or similar effects are made by automated means alone, with their logic and consequences.",
    ),
    (
        "disclosure",
        "`disclosure { third-parties = false processors = … }`: that no third party (and, with `processors = false`, no processor either) receives personal data: the recipients \"if any\" a notice must name.",
    ),
    (
        "accounts",
        "`accounts { creation = […] deletion = \"…\" }`: how people create an account, accounts made outside the app, and where people ask for an account to be deleted.",
    ),
];

/// The short doc of a keyword, if it begins an item.
pub fn keyword_doc(word: &str) -> Option<&'static str> {
    DOCS.iter().find(|(w, _)| *w == word).map(|(_, doc)| *doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_keyword_has_a_doc() {
        for keyword in crate::syntax::ITEM_KEYWORDS {
            assert!(keyword_doc(keyword).is_some(), "`{keyword}` has no doc");
        }
        assert_eq!(DOCS.len(), crate::syntax::ITEM_KEYWORDS.len() + 1);
    }
}
