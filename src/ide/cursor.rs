//! Where the cursor is, read from the text around it: the word under it,
//! the `${…}` reference around it, the list and the block it stands in.
//! The scans are bounded (a few kilobytes back), so a long file costs no
//! more than a short one.

use crate::source::SafeSlice;

/// How far back the scans for an enclosing list or block look.
const LOOK_BACK: usize = 16 * 1024;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// The byte range of the word (letters, digits, `_`, `-`, `.`) at or just
/// before `offset`.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let start = bytes
        .get(..offset)?
        .iter()
        .rposition(|b| !is_word_byte(*b))
        .map_or(0, |i| i + 1);
    let end = bytes
        .get(offset..)?
        .iter()
        .position(|b| !is_word_byte(*b))
        .map_or(bytes.len(), |i| offset + i);
    (start < end).then_some((start, end))
}

/// The start of the line `offset` is on.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.slice_to(offset).rfind('\n').map_or(0, |i| i + 1)
}

/// The name's byte range of the `${…}` reference around `offset`, on one
/// line; `$${` (a literal `${`) is none.
pub fn reference_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let line = line_start(text, offset);
    let before = text.slice_between(line, offset);
    let open = before.rfind("${")?;
    if before.slice_to(open).ends_with('$') || before.slice_from(open).contains('}') {
        return None;
    }
    let name_start = line + open + 2;
    let after = text.slice_from(name_start);
    let close = after.find(['}', '\n'])?;
    if !after.slice_from(close).starts_with('}') {
        return None;
    }
    trimmed(text, name_start, name_start + close)
}

/// Every `${NAME}` of a text: the name's byte range (spaces trimmed).
pub fn references_in(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.slice_from(from).find("${") {
        let open = from + at;
        from = open + 2;
        if text.slice_to(open).ends_with('$') {
            continue;
        }
        let rest = text.slice_from(from);
        let Some(close) = rest.find(['}', '\n']) else {
            break;
        };
        if rest.slice_from(close).starts_with('}') {
            found.extend(trimmed(text, from, from + close));
        }
    }
    found
}

fn trimmed(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let inside = text.slice_between(start, end);
    let lead = inside.len() - inside.trim_start().len();
    let trail = inside.len() - inside.trim_end().len();
    let (start, end) = (start + lead, end.saturating_sub(trail));
    (start < end).then_some((start, end))
}

/// The key of the list `offset` stands in: `data` in `data = [email, |`.
pub fn list_key(text: &str, offset: usize) -> Option<&str> {
    let floor = offset.saturating_sub(LOOK_BACK);
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = offset.min(bytes.len());
    while at > floor {
        at -= 1;
        match bytes.get(at) {
            Some(b']') => depth += 1,
            Some(b'[') if depth == 0 => return key_before(text, at),
            Some(b'[') => depth -= 1,
            Some(b'{' | b'}') => return None,
            _ => {}
        }
    }
    None
}

/// The key of `key = ` written just before `at`.
fn key_before(text: &str, at: usize) -> Option<&str> {
    let before = text.slice_to(at).trim_end().strip_suffix('=')?.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    let key = before.slice_from(start);
    (!key.is_empty()).then_some(key)
}

/// The head of the block `offset` stands in — the words before its `{`,
/// e.g. `recipient processor "Stripe"` — and where the `{` is; `None` at
/// the top of a clause file.
pub fn enclosing_block(text: &str, offset: usize) -> Option<(&str, usize)> {
    let floor = offset.saturating_sub(LOOK_BACK * 4);
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = offset.min(bytes.len());
    while at > floor {
        at -= 1;
        match bytes.get(at) {
            Some(b'}') => depth += 1,
            // `${` opens a reference, not a block.
            Some(b'{') if at > 0 && bytes.get(at - 1) == Some(&b'$') => {
                depth = depth.saturating_sub(1);
            }
            Some(b'{') if depth == 0 => {
                let line = line_start(text, at);
                return Some((text.slice_between(line, at).trim(), at));
            }
            Some(b'{') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The first word of a block's head: the keyword that opened it.
pub fn head_keyword(head: &str) -> &str {
    head.split_whitespace().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_references_are_found_around_the_cursor() {
        let text = "  data = [email, phone]\n  text \"see ${ retention.account }\"";
        let email = text.find("email").unwrap_or(0);
        assert_eq!(word_at(text, email + 2), Some((email, email + 5)));
        let name = text.find("retention").unwrap_or(0);
        assert_eq!(
            reference_at(text, name + 3),
            Some((name, name + "retention.account".len()))
        );
        assert_eq!(references_in(text), vec![(name, name + 17)]);
        assert_eq!(reference_at("$${x}", 3), None, "an escaped `$${{`");
    }

    #[test]
    fn the_list_and_block_around_the_cursor() {
        let text = "collect {\n  data = [email, \n  purposes = []\n}";
        let in_data = text.find("email, ").unwrap_or(0) + 7;
        assert_eq!(list_key(text, in_data), Some("data"));
        let in_purposes = text.find("[]").unwrap_or(0) + 1;
        assert_eq!(list_key(text, in_purposes), Some("purposes"));
        assert_eq!(list_key(text, 3), None);
        let block = enclosing_block(text, in_data).map(|(head, _)| head);
        assert_eq!(block, Some("collect"));
        let prose = "section \"A\" {\n text \"${org.name} \n";
        let end = prose.len();
        assert_eq!(
            enclosing_block(prose, end).map(|(h, _)| head_keyword(h)),
            Some("section")
        );
    }
}
