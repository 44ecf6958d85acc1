//! docs/vocabulary.md: every word of the data-practice vocabularies with
//! what it maps to, generated from the same tables the compiler reads
//! (`policyc vocabulary > docs/vocabulary.md`; a test keeps it current).

use super::{apis, categories, purposes};
use crate::keyword::Keyword;
use crate::model::practice::*;
use std::fmt::Write as _;

/// The vocabulary reference, as Markdown.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Vocabulary of data practices\n\n\
         The words data-practice facts take (`docs/language.md`, \"Data practices\"), and what\n\
         each becomes in the exports (`docs/exports.md`). Generated from `vocab/*.tsv` and the\n\
         keyword tables of `src/model/practice/words.rs` by `policyc vocabulary`; a test keeps\n\
         it current. A dash means the target has no equivalent: see `docs/exports.md` for\n\
         what is written instead.\n\n\
         ## Data categories\n\n\
         Write `other \"…\"` for a category not listed here.\n\n\
         | word | meaning | DPV | Apple privacy manifest | Google Play Data safety |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for c in categories() {
        let dpv = join(c.dpv.iter().map(|iri| curie(iri)));
        let apple = join(c.apple.iter().map(|k| format!("`{k}`")));
        let play = c
            .play
            .as_ref()
            .map_or_else(|| "–".to_string(), |p| format!("`{}` ({})", p.id, p.label));
        let _ = writeln!(
            out,
            "| `{}` | {} | {dpv} | {apple} | {play} |",
            c.name, c.label
        );
    }
    out.push_str(
        "\n## Purposes\n\n\
         Write `other \"…\"` for a purpose not listed here.\n\n\
         | word | meaning | DPV | Apple privacy manifest | Google Play Data safety |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for p in purposes() {
        let dpv = join(p.dpv.iter().map(|iri| curie(iri)));
        let apple = join(p.apple.iter().map(|k| format!("`{k}`")));
        let play = join(p.play.iter().map(|k| format!("`{k}`")));
        let _ = writeln!(
            out,
            "| `{}` | {} | {dpv} | {apple} | {play} |",
            p.name, p.label
        );
    }
    out.push_str(
        "\n## Required-reason APIs\n\n\
         `api KIND { reasons = [\"CODE\", …] }` declares an API Apple requires a reason for;\n\
         the codes are Apple's (\"Describing use of required reason API\"), in brief here.\n\n\
         | `api` | Apple privacy manifest | reason | meaning |\n\
         | --- | --- | --- | --- |\n",
    );
    for api in apis() {
        for (code, meaning) in api.reasons {
            let _ = writeln!(
                out,
                "| `{}` | `{}` | `{code}` | {meaning} |",
                api.name, api.apple
            );
        }
    }
    out.push_str("\n## Closed vocabularies\n\n");
    words::<SourceKind>("Sources (`from`)", &mut out);
    words::<BasisKind>("Legal bases (`basis`)", &mut out);
    words::<RecipientKind>("Recipient kinds (`recipient KIND`)", &mut out);
    words::<Safeguard>("Transfer safeguards (`safeguard`)", &mut out);
    words::<TrackerType>("Cookie types (`type`)", &mut out);
    words::<Party>("Cookie parties (`party`)", &mut out);
    words::<CookiePurpose>("Cookie purposes (`purpose`)", &mut out);
    words::<RightKind>("Rights (`right KIND`)", &mut out);
    words::<ChannelKind>("Contact channels (`via`)", &mut out);
    words::<MeasureKind>("Security measures (`measures`)", &mut out);
    words::<Announcement>("Announcement channels (`announced`)", &mut out);
    words::<Stance>("Signal stances (`do-not-track`, `gpc`)", &mut out);
    out.push_str(
        "Countries (`to`) are ISO 3166-1 alpha-2 codes in capitals (`US`, `IN`, `GB`), or `EEA`,\n\
         `EU` and `outside-your-country`; the list is `vocab/countries.tsv`.\n",
    );
    out
}

fn words<K: Keyword>(heading: &str, out: &mut String) {
    let _ = writeln!(out, "{heading}: {}.\n", K::listing());
}

/// `https://w3id.org/dpv/pd#Name` → `pd:Name`.
fn curie(iri: &str) -> String {
    const PREFIXES: [(&str, &str); 2] = [
        ("https://w3id.org/dpv/pd#", "pd:"),
        ("https://w3id.org/dpv#", "dpv:"),
    ];
    for (namespace, prefix) in PREFIXES {
        if let Some(local) = iri.strip_prefix(namespace) {
            return format!("`{prefix}{local}`");
        }
    }
    format!("`{iri}`")
}

fn join(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        "–".to_string()
    } else {
        items.join(", ")
    }
}
