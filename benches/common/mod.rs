//! What more than one bench needs: the corpus of bundled policies made
//! many by giving each copy its own id.

/// `text` with the value of its first `id = "…"` line replaced by `new_id`.
pub fn with_id(text: &str, new_id: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let is_id = !done
            && line
                .trim_start()
                .strip_prefix("id")
                .is_some_and(|rest| rest.trim_start().starts_with('='));
        let quoted = line
            .split_once('"')
            .and_then(|(head, rest)| Some((head, rest.rsplit_once('"')?.1)));
        match (is_id, quoted) {
            (true, Some((head, tail))) => {
                out.push_str(head);
                out.push('"');
                out.push_str(new_id);
                out.push('"');
                out.push_str(tail);
                done = true;
            }
            _ => out.push_str(line),
        }
    }
    assert!(done, "no `id = \"…\"` line to patch");
    out
}
