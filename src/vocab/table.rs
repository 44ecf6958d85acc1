//! Reading the tab-separated vocabulary tables: a header line, then one row
//! a line. A cell may list alternatives (`A | B`), and a mapping the
//! research marked as a judgement ends in ` ?`; `?` alone means the target
//! has no equivalent. The build script includes this file by path (with
//! `read.rs`) to write the tables as statics; the crate compiles it for its
//! tests. A row is split in one pass over its bytes into a fixed array, and
//! a cell without `|` is one choice.

/// The most columns a table has (`play.tsv`); cells past it are not read.
const MAX_COLUMNS: usize = 8;

/// One row of a table.
pub(super) struct Row {
    cells: [&'static str; MAX_COLUMNS],
}

impl Row {
    /// The row of one line: its cells, split at tabs.
    fn of(line: &'static str) -> Self {
        let mut cells = [""; MAX_COLUMNS];
        let mut rest = line;
        for cell in &mut cells {
            match rest.split_once('\t') {
                Some((this, after)) => {
                    *cell = this;
                    rest = after;
                }
                None => {
                    *cell = rest;
                    break;
                }
            }
        }
        Row { cells }
    }

    /// A cell, or "" past the end of the row.
    pub(super) fn get(&self, column: usize) -> &'static str {
        self.cells.get(column).copied().unwrap_or("")
    }

    /// The alternatives of a mapping cell, without judgement marks; none
    /// for `?` or an empty cell.
    pub(super) fn choices(&self, column: usize) -> Vec<&'static str> {
        let cell = self.get(column);
        let choice = |written: &'static str| {
            let choice = written.trim().trim_end_matches('?').trim_end();
            (!choice.is_empty()).then_some(choice)
        };
        if cell.contains('|') {
            cell.split(" | ").filter_map(choice).collect()
        } else {
            choice(cell).into_iter().collect()
        }
    }
}

/// The rows of a table, header and comment lines skipped.
pub(super) fn rows(text: &'static str) -> impl Iterator<Item = Row> {
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(Row::of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_choices_are_read_as_written() {
        let row = Row::of("a\tA b\tx | y ? | ?\t?\t\tz ?");
        assert_eq!(row.get(0), "a");
        assert_eq!(row.get(1), "A b");
        assert_eq!(row.choices(2), vec!["x", "y"]);
        assert!(row.choices(3).is_empty(), "`?` alone is no equivalent");
        assert!(row.choices(4).is_empty());
        assert_eq!(row.choices(5), vec!["z"]);
        assert_eq!(row.get(6), "", "past the end of the row");
        assert_eq!(row.get(MAX_COLUMNS + 1), "");
        let long = Row::of("0\t1\t2\t3\t4\t5\t6\t7\t8\t9");
        assert_eq!(
            long.get(MAX_COLUMNS - 1),
            "7",
            "a cell as split, past it none"
        );
    }
}
