//! Reading the tab-separated vocabulary tables: a header line, then one row
//! a line. A cell may list alternatives (`A | B`), and a mapping the
//! research marked as a judgement ends in ` ?`; `?` alone means the target
//! has no equivalent.

/// One row of a table.
pub(super) struct Row {
    cells: Vec<&'static str>,
}

impl Row {
    /// A cell, or "" past the end of the row.
    pub(super) fn get(&self, column: usize) -> &'static str {
        self.cells.get(column).copied().unwrap_or("")
    }

    /// The alternatives of a mapping cell, without judgement marks; none
    /// for `?` or an empty cell.
    pub(super) fn choices(&self, column: usize) -> Vec<&'static str> {
        self.get(column)
            .split(" | ")
            .map(|choice| choice.trim().trim_end_matches('?').trim_end())
            .filter(|choice| !choice.is_empty())
            .collect()
    }
}

/// The rows of a table, header and comment lines skipped.
pub(super) fn rows(text: &'static str) -> impl Iterator<Item = Row> {
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| Row {
            cells: line.split('\t').collect(),
        })
}
