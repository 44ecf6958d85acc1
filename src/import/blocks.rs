//! The document as the three readers see it: one flat run of headings and
//! prose blocks, the same type whichever format was read, so that lifting
//! facts, nesting sections and writing the `.policy` text are written once.

/// Why a reader took a line or element for a heading: shown in the report,
/// and used to nest plain-text headings (numbered ones by their depth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clue {
    /// A Markdown or HTML heading: its level is the author's.
    Markup,
    /// A plain-text line numbered `1.`, `1.2`, `A.`, `IV.`: as deep as its
    /// number has parts.
    Numbered(usize),
    /// A plain-text line in capitals.
    Capitals,
    /// A plain-text line in title case.
    TitleCase,
    /// A short plain-text line without a final full stop, followed by a
    /// paragraph: the weakest clue, listed in the report for checking.
    ShortLine,
}

/// A heading as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for the outermost sections; nesting follows levels (a level-3
    /// heading after a level-1 one nests inside it).
    pub level: usize,
    /// The heading's text, plain (no markup), without its printed number.
    pub title: String,
    /// The number printed before it (`1.`, `2.3`, `A.`), kept as printed.
    pub number: Option<String>,
    /// What made it a heading.
    pub clue: Clue,
    /// The line of the input it starts on (1-based), for the report.
    pub line: usize,
}

/// What a prose block is, for the decisions that depend on its shape (a
/// table of contents is a run of single lines; a date line is one line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A paragraph of running text.
    Paragraph,
    /// A short line standing on its own (an address line, a contents entry).
    Line,
    /// A list, a table, a quotation or code: kept as one block.
    Other,
}

/// One block of prose: CommonMark that renders as the original reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    /// The CommonMark text (escaped where the source was not Markdown).
    pub markdown: String,
    /// The words as a reader sees them, without markup: what facts are
    /// looked for in.
    pub plain: String,
    /// Its shape.
    pub shape: Shape,
    /// The line of the input it starts on (1-based), for the report.
    pub line: usize,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading, which opens a section.
    Heading(Heading),
    /// Prose.
    Prose(Prose),
}

/// Where the title came from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleSource {
    /// The first line of plain text.
    FirstLine,
    /// The first top-level heading (`#`, `<h1>`).
    Heading,
    /// The front matter's `title`.
    FrontMatter,
    /// The HTML `<title>` element.
    TitleElement,
}

/// The document a reader produces.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The title and where it came from, when the reader found one.
    pub title: Option<(String, TitleSource)>,
    /// The blocks after the title, in reading order.
    pub blocks: Vec<Block>,
    /// Front matter fields (`key`, value as text), for dates and a title.
    pub front_matter: Vec<(String, String)>,
    /// What the reader noticed that a person should know.
    pub notes: Vec<super::Note>,
}

impl Document {
    /// The headings, in order.
    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            Block::Prose(_) => None,
        })
    }

    /// Takes the first heading as the title when it is of level 1, no
    /// heading comes before it, and it is the only one of its level or
    /// names the document (several level-1 headings are otherwise the
    /// document's sections).
    pub fn take_title(&mut self) {
        let first = self
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(_)));
        let Some(Block::Heading(heading)) = first.and_then(|i| self.blocks.get(i)) else {
            return;
        };
        let ones = self.headings().filter(|h| h.level == 1).count();
        if heading.level != 1 || (ones != 1 && !names_document(&heading.title)) {
            return;
        }
        let title = match &heading.number {
            Some(n) => format!("{n} {}", heading.title),
            None => heading.title.clone(),
        };
        self.title = Some((title, TitleSource::Heading));
        if let Some(i) = first {
            self.blocks.remove(i);
        }
    }

    /// The words of the document's prose, counted as the fidelity metric
    /// counts them, for the report's first line.
    pub fn word_count(&self) -> usize {
        let title = self.title.as_ref().map_or(0, |(t, _)| words(t));
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => words(&h.title),
                Block::Prose(p) => words(&p.plain),
            })
            .sum::<usize>()
            + title
    }
}

fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Whether a line names the document: "Privacy Policy", "Cookie Notice",
/// "Terms and Conditions".
pub fn names_document(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["policy", "notice", "statement", "terms", "conditions"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Splits a heading's printed number from its text: `1.2 Scope` →
/// (`1.2`, `Scope`); `A. Terms` → (`A.`, `Terms`); `IV. Rights` →
/// (`IV.`, `Rights`). Also returns the depth of the number (`1.2` is 2).
/// The text after the number must start with a letter, so `2024 Report`
/// and `3.5 GB` are not numbered headings.
pub fn split_number(text: &str) -> Option<(String, String, usize)> {
    let text = text.trim();
    if let Some(found) = split_labelled(text) {
        return Some(found);
    }
    let (number, rest) = text.split_once(char::is_whitespace)?;
    let rest = rest.trim_start();
    if !rest.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    let depth = number_depth(number)?;
    Some((number.to_string(), rest.to_string(), depth))
}

/// Words that label a section's number: `Section 2:`, `Article 5 –`.
const LABELS: &[&str] = &[
    "section", "article", "part", "chapter", "clause", "schedule", "annex", "appendix", "§",
];

/// `Section 2: Scope` → (`Section 2:`, `Scope`, 1): a label, a number
/// (`2`, `2.1`, `IV`, `B`) with its dot or colon, and perhaps a dash.
fn split_labelled(text: &str) -> Option<(String, String, usize)> {
    let mut words = text.split_whitespace();
    let label = words.next()?;
    if !LABELS.contains(&label.to_lowercase().as_str()) {
        return None;
    }
    let number = words.next()?;
    let bare = number.trim_end_matches(['.', ':', ')']);
    let depth = number_depth(bare).or_else(|| number_depth(&format!("{bare}.")))?;
    let mut printed = format!("{label} {number}");
    let mut rest: Vec<&str> = words.collect();
    if let Some(dash) = rest
        .first()
        .filter(|w| matches!(**w, "-" | "–" | "—" | ":"))
    {
        printed.push(' ');
        printed.push_str(dash);
        rest.remove(0);
    }
    let rest = rest.join(" ");
    rest.chars().next().filter(|c| c.is_alphabetic())?;
    Some((printed, rest, depth))
}

/// The depth of a printed section number, or `None` when it is not one:
/// `1`, `1.`, `1.2`, `1.2.`, `1)` (digits, at most 3 of them a part);
/// `A.`, `b)` (one letter, with its dot or bracket); `IV.` (roman, with
/// its dot). Letters and roman numerals count as one part.
pub fn number_depth(number: &str) -> Option<usize> {
    let bare = number
        .strip_suffix('.')
        .or_else(|| number.strip_suffix(')'))
        .unwrap_or(number);
    if bare.is_empty() {
        return None;
    }
    let parts: Vec<&str> = bare.split('.').collect();
    if parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(parts.len());
    }
    let marked = bare.len() < number.len();
    let letter = bare.chars().count() == 1 && bare.chars().all(|c| c.is_ascii_alphabetic());
    let roman = bare.len() <= 6 && bare.chars().all(|c| "IVXLC".contains(c));
    (marked && (letter || roman)).then_some(1)
}

/// The document in short, a line a block, for readers' tests: `title …`,
/// `h2 [1.] Title`, `p markdown`.
#[cfg(test)]
pub fn sketch(document: &Document) -> Vec<String> {
    let mut out: Vec<String> = document
        .title
        .iter()
        .map(|(t, _)| format!("title {t}"))
        .collect();
    for block in &document.blocks {
        out.push(match block {
            Block::Heading(h) => {
                let number = h
                    .number
                    .as_deref()
                    .map(|n| format!("[{n}] "))
                    .unwrap_or_default();
                format!("h{} {number}{}", h.level, h.title)
            }
            Block::Prose(p) => format!("p {}", p.markdown),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_numbers_are_split_from_titles() {
        let split = split_number;
        assert_eq!(
            split("1.  Information Collection"),
            Some(("1.".into(), "Information Collection".into(), 1))
        );
        assert_eq!(split("2.3 Scope"), Some(("2.3".into(), "Scope".into(), 2)));
        assert_eq!(split("A. Terms"), Some(("A.".into(), "Terms".into(), 1)));
        assert_eq!(
            split("IV. Rights"),
            Some(("IV.".into(), "Rights".into(), 1))
        );
        assert_eq!(split("3  Sharing"), Some(("3".into(), "Sharing".into(), 1)));
        assert_eq!(split("2024 Report"), None);
        assert_eq!(split("A Terms"), None);
        assert_eq!(
            split("Section 2: Scope"),
            Some(("Section 2:".into(), "Scope".into(), 1))
        );
        assert_eq!(
            split("Article 5 – Rights"),
            Some(("Article 5 –".into(), "Rights".into(), 1))
        );
        assert_eq!(
            split("Part IV. Final provisions"),
            Some(("Part IV.".into(), "Final provisions".into(), 1))
        );
        assert_eq!(split("Section of the site"), None);
        assert_eq!(split("We collect"), None);
        assert_eq!(split("1."), None);
    }
}
