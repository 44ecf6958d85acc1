//! Text made safe for the formats policyc writes, shared by the checks and
//! every renderer: resolved prose with its values kept apart from its
//! markup ([`text`]), values escaped so that they stay text, link
//! destinations that cannot be broken out of, and which link targets are
//! safe ([`url`]).

mod parsed;
pub mod text;
pub mod url;

pub use text::ProseText;

/// Text placed inside a line of CommonMark, escaped so that it reads as
/// exactly these characters.
pub fn escape_markdown(text: &str) -> String {
    escape_markdown_at(text, false)
}

/// Text with every character that CommonMark and the extensions policyc
/// enables (tables, strikethrough) could read as syntax escaped. `&` and
/// `#` are escaped only where they could start an entity or a heading, and
/// list and heading markers only at the start of a line (`line_start` says
/// whether the text begins one), to keep the Markdown output readable.
/// `<` is written `&lt;`: some Markdown processors (Python-Markdown) keep
/// `\<` as a backslash and a tag, none reads an entity as one.
pub fn escape_markdown_at(text: &str, line_start: bool) -> String {
    escape_with(text, line_start, "&lt;")
}

/// As [`escape_markdown_at`], with `<` written `\<`: for `.policy` prose a
/// person reads and edits (the importer's), which the compiler escapes
/// again on output.
pub fn escape_markdown_source_at(text: &str, line_start: bool) -> String {
    escape_with(text, line_start, "\\<")
}

fn escape_with(text: &str, line_start: bool, less_than: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    // Whether the next character starts a line (after any indentation),
    // and how many digits the line holds when it is digits only so far.
    let mut at_line_start = line_start;
    let mut line_digits = line_start.then_some(0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' {
            out.push_str(less_than);
            previous = Some(c);
            (at_line_start, line_digits) = (false, None);
            continue;
        }
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '>' | '~' | '|' => true,
            '&' => chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '#'),
            '#' => previous.is_none_or(char::is_whitespace),
            '-' | '+' | '=' => at_line_start,
            // `1.` or `1)` at the start of a line would begin a list.
            '.' | ')' => line_digits.is_some_and(|n| (1..=9).contains(&n)),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
        (at_line_start, line_digits) = match c {
            '\n' => (true, Some(0)),
            ' ' | '\t' if at_line_start => (true, line_digits),
            '0'..='9' => (false, line_digits.map(|n| n + 1)),
            _ => (false, None),
        };
    }
    out
}

/// A URL written as a CommonMark link destination (`<…>` form) that no
/// character in it can break out of, and whose `&` and `\` are taken
/// literally (CommonMark would decode `&#106;` inside a destination).
pub fn link_destination(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.chars() {
        match c {
            '&' => out.push_str("\\&"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// Text made safe to place in HTML content or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_destinations_cannot_be_broken_out_of() {
        let markdown = format!("[x]({})", link_destination("&#106;avascript:x?a=1&b=2"));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
        assert!(
            html.contains("href=\"&amp;#106;avascript:x?a=1&amp;b=2\""),
            "{html}"
        );
        assert_eq!(
            link_destination("https://x.example/a b><script>"),
            "<https://x.example/a%20b%3E%3Cscript%3E>"
        );
    }

    #[test]
    fn values_are_escaped_for_markdown() {
        assert_eq!(escape_markdown("a*b_[c]"), "a\\*b\\_\\[c\\]");
        assert_eq!(
            escape_markdown("Tracking & Cookies, C# &amp; #1"),
            "Tracking & Cookies, C# \\&amp; \\#1"
        );
    }
}
