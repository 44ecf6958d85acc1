//! Section anchors: the explicit id, or a slug of the title made unique
//! with `-2`, `-3`, … Explicit ids are taken first so that a generated
//! anchor never steals one, and the ids the page template itself uses are
//! never given to a section, so every id on a page is unique.

use crate::model::{Block, Node};
use std::collections::{HashMap, HashSet};

/// The ids the default page template gives its own elements. A section
/// never gets one of these as a generated anchor, and an explicit section
/// id that is one of them is an error (checked in `check::structure`).
pub const RESERVED_IDS: &[&str] = &["main", "toc-heading"];

/// Gives every section its anchor: the explicit id, or a slug of the title
/// made unique with `-2`, `-3`, … Explicit ids are taken first so that a
/// generated anchor never steals one.
pub(super) fn assign_ids(body: &mut [Node<Block>]) {
    fn explicit(blocks: &[Node<Block>], taken: &mut HashSet<String>) {
        for block in blocks {
            if let Block::Section(s) = &block.node {
                if let Some(id) = &s.explicit_id {
                    taken.insert(id.node.clone());
                }
                explicit(&s.body, taken);
            }
        }
    }
    fn generated(
        blocks: &mut [Node<Block>],
        taken: &mut HashSet<String>,
        next: &mut HashMap<String, usize>,
    ) {
        for block in blocks {
            if let Block::Section(s) = &mut block.node {
                s.id = match &s.explicit_id {
                    Some(id) => id.node.clone(),
                    None => {
                        let base = slug(&s.title.node);
                        // Each base remembers its next suffix, so many
                        // sections with one title stay linear.
                        let n = next.entry(base.clone()).or_insert(1);
                        let mut candidate = if *n == 1 {
                            base.clone()
                        } else {
                            format!("{base}-{n}")
                        };
                        while taken.contains(&candidate) {
                            *n += 1;
                            candidate = format!("{base}-{n}");
                        }
                        *n += 1;
                        taken.insert(candidate.clone());
                        candidate
                    }
                };
                generated(&mut s.body, taken, next);
            }
        }
    }
    let mut taken: HashSet<String> = RESERVED_IDS.iter().map(|id| (*id).to_string()).collect();
    explicit(body, &mut taken);
    generated(body, &mut taken, &mut HashMap::new());
}

/// An anchor made from a title: lowercase letters and digits joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut push = |c: char| {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    };
    for c in title.chars() {
        // ASCII lower-cased in place; only other letters need Unicode's
        // tables (a capital may lower-case to two characters).
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slug("Children’s Privacy"), "children-s-privacy");
        assert_eq!(slug("  Use of Data!  "), "use-of-data");
        assert_eq!(slug("…"), "section");
        assert_eq!(slug("ÉTAT Zoë İstanbul ΣΑΣ"), "état-zoë-i-stanbul-σασ");
    }
}
