//! Text made safe for where the importer writes it. Two layers: CommonMark
//! (a `*`, `_`, `<`, `[`, a `#` or `1.` at the start of a line… read as
//! text, not markup — the escaping the compiler uses for values,
//! [`escape_markdown_at`]), and the `.policy` language (`${` written `$${`
//! in prose; quotes and backslashes escaped in strings; a prose block's
//! quotes chosen so the text cannot close it).

use crate::markup::escape_markdown_source_at as escape_markdown_at;

/// Plain text as CommonMark that renders exactly these characters: every
/// character CommonMark or its table and strikethrough extensions could
/// read as markup is escaped. `text` starts a line; line breaks in it
/// start lines too.
pub fn markdown(text: &str) -> String {
    escape_markdown_at(text, true)
}

/// Plain text placed inside a line of CommonMark (after a list marker, in
/// a table cell, inside emphasis).
pub fn markdown_inline(text: &str) -> String {
    escape_markdown_at(text, false)
}

/// CommonMark as the text of a prose block: `${` would open a reference,
/// so it is written `$${`.
pub fn prose(markdown: &str) -> String {
    markdown.replace("${", "$${")
}

/// The quotes that open and close a prose block holding `text`: three,
/// or one more than the longest run of quotes in the text (the block
/// closes at the first run of its own number of quotes, even inside a
/// longer run).
pub fn prose_quotes(text: &str) -> String {
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in text.chars() {
        run = if c == '"' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "\"".repeat((longest + 1).max(3))
}

/// A `"…"` string of the language holding `text` on one line: quotes and
/// backslashes escaped, line breaks and tabs made spaces, other control
/// characters dropped.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_read_as_text() {
        assert_eq!(markdown("# not a heading"), "\\# not a heading");
        assert_eq!(markdown("1. not a list"), "1\\. not a list");
        assert_eq!(
            markdown("a * b _c_ <d> [e] `f`"),
            "a \\* b \\_c\\_ \\<d\\> \\[e\\] \\`f\\`"
        );
        assert_eq!(markdown("- x\n+ y"), "\\- x\n\\+ y");
    }

    #[test]
    fn references_and_quotes_cannot_escape_the_block() {
        assert_eq!(prose("cost ${x} and $${y}"), "cost $${x} and $$${y}");
        assert_eq!(prose_quotes("no quotes"), "\"\"\"");
        assert_eq!(prose_quotes("say \"\"\" here"), "\"\"\"\"");
        assert_eq!(prose_quotes("\"\"\" and \"\"\"\""), "\"\"\"\"\"");
        assert_eq!(prose_quotes("a \"\"\"\"\"\" b"), "\"\"\"\"\"\"\"");
        assert_eq!(string("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c d\"");
    }
}
