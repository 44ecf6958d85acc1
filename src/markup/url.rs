//! Which link targets are safe on a policy page. Shared by the validator,
//! which refuses unsafe ones, and the renderers, which never link to them.

use crate::source::SafeSlice;

/// URL schemes that run code or smuggle documents; a policy page never
/// links to them.
const UNSAFE_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// Whether a link target would run script or embed a document.
pub fn is_unsafe_url(url: &str) -> bool {
    let normalised: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    UNSAFE_SCHEMES.iter().any(|s| normalised.starts_with(s))
}

/// Decodes the character references a browser decodes in an attribute
/// (`&#106;`, `&#x6A;`, `&colon;`, `&tab;`, `&newline;`), enough to see the
/// scheme a link really has.
pub fn decode_character_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.slice_to(amp));
        let after = rest.slice_from(amp + 1);
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = after.slice_to(e);
            match entity.strip_prefix('#') {
                Some(number) => {
                    let value = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    };
                    value.and_then(char::from_u32)
                }
                None => match entity {
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    _ => None,
                },
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = after.slice_from(e + 1);
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
