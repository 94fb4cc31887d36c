//! Stage 2 of reading the table: the header row, which says where each
//! column is.

use std::collections::HashMap;

use super::super::columns::{self, COLUMNS};
use super::super::messages::{self, Phrase};
use super::super::problem::{ColumnAt, Place, Problem, quoted};

/// Where each column of the table is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// For each of [`COLUMNS`], the position of its cell in a row.
    positions: Vec<usize>,
    /// How many cells the header has.
    pub width: usize,
}

impl Header {
    /// The position in a row of the cell of `COLUMNS[column]`.
    pub fn position(&self, column: usize) -> usize {
        self.positions[column]
    }

    /// The spreadsheet's column of `COLUMNS[column]`.
    pub fn column_at(&self, column: usize) -> ColumnAt {
        ColumnAt::new(self.positions[column], COLUMNS[column].name)
    }
}

const HEADER: Place = Place {
    line: 1,
    row: Some(1),
};

/// Reads the header's cells (trimmed), or says everything wrong with them.
pub fn read(cells: &[String]) -> Result<Header, Vec<Problem>> {
    if let Some(problem) = wrong_separator(cells) {
        return Err(vec![problem]);
    }
    let expected =
        || Phrase::new(messages::HEADER_EXPECTED).with("expected", columns::names().join(", "));
    let mut problems = Vec::new();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (position, cell) in cells.iter().enumerate() {
        let at = ColumnAt::new(position, cell);
        match COLUMNS
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(cell))
        {
            Some(column) => {
                if let Some(&first) = seen.get(&column) {
                    problems.push(
                        Problem::in_row(
                            HEADER,
                            Phrase::new(messages::HEADER_TWICE)
                                .with("name", COLUMNS[column].name)
                                .with("first", ColumnAt::new(first, "").letter)
                                .with("second", &at.letter),
                            messages::HEADER_TWICE_FIX,
                        )
                        .in_column(at),
                    );
                } else {
                    seen.insert(column, position);
                }
            }
            None if cell.is_empty() => problems.push(
                Problem::in_row(HEADER, messages::HEADER_EMPTY_CELL, expected()).in_column(at),
            ),
            None => {
                let lower = cell.to_ascii_lowercase();
                let hint = COLUMNS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        !cells
                            .iter()
                            .any(|h| h.eq_ignore_ascii_case(COLUMNS[*i].name))
                    })
                    .map(|(_, c)| (edit_distance(&lower, c.name), c.name))
                    .min()
                    .filter(|&(distance, _)| distance <= 3)
                    .map(|(_, name)| Phrase::new(messages::DID_YOU_MEAN).with("name", name));
                let what = Phrase::new(messages::HEADER_UNKNOWN).with("cell", quoted(cell));
                let what = match hint {
                    Some(hint) => what.with_phrase("hint", hint),
                    None => what.with("hint", ""),
                };
                problems.push(Problem::in_row(HEADER, what, expected()).in_column(at));
            }
        }
    }
    let missing: Vec<String> = (0..COLUMNS.len())
        .filter(|c| !seen.contains_key(c))
        .map(|c| format!("`{}`", COLUMNS[c].name))
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::in_row(
            HEADER,
            Phrase::new(messages::HEADER_MISSING).with("names", missing.join(", ")),
            expected(),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Header {
        positions: (0..COLUMNS.len()).map(|c| seen[&c]).collect(),
        width: cells.len(),
    })
}

/// A header read as one cell that holds semicolons or tabs: the file was saved
/// with another list separator (Excel does so under Vietnamese or European
/// regional settings).
fn wrong_separator(cells: &[String]) -> Option<Problem> {
    let [cell] = cells else { return None };
    let separator = if cell.contains(';') {
        messages::SEMICOLONS
    } else if cell.contains('\t') {
        messages::TABS
    } else {
        return None;
    };
    Some(Problem::in_row(
        HEADER,
        Phrase::new(messages::WRONG_SEPARATOR).with_phrase("separator", separator.into()),
        Phrase::new(messages::WRONG_SEPARATOR_FIX)
            .with_phrase("save_as", messages::SAVE_AS_CSV_UTF8.into()),
    ))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::super::messages::Lang;
    use super::*;

    fn cells(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    fn problems(line: &str) -> Vec<String> {
        read(&cells(line))
            .unwrap_err()
            .iter()
            .map(|p| p.render("t.csv", Lang::En))
            .collect()
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_and_case() {
        let mut names = columns::names();
        names.reverse();
        let line = names.join(",").to_ascii_uppercase();
        let header = read(&cells(&line)).unwrap();
        assert_eq!(header.position(0), COLUMNS.len() - 1);
        assert_eq!(
            header.column_at(0).letter,
            super::super::super::problem::column_letter(COLUMNS.len() - 1)
        );
    }

    #[test]
    fn a_misspelt_a_repeated_and_a_missing_column_are_all_named() {
        let line = columns::names()
            .join(",")
            .replace("description", "descripton")
            + ",code";
        let found = problems(&line);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with(
            "t.csv:1: row 1, column C `descripton`: the header row names an unknown column \"descripton\" (did you mean `description`?). \
             Fix: the header row must name exactly these columns: code, variant, description,"
        ), "{found:#?}");
        let last = super::super::super::problem::column_letter(COLUMNS.len());
        assert!(found[1].starts_with(&format!(
            "t.csv:1: row 1, column {last} `code`: the column `code` appears twice in the header row, in spreadsheet columns A and {last}."
        )), "{found:#?}");
        assert!(
            found[2]
                .starts_with("t.csv:1: row 1: the header row lacks the column(s) `description`.")
        );
    }

    #[test]
    fn an_empty_header_cell_and_an_unrelated_name() {
        let line = columns::names().join(",") + ",,notes";
        let found = problems(&line);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].contains("the header row has an empty cell."),
            "{found:#?}"
        );
        assert!(
            found[1].contains("unknown column \"notes\". Fix:"),
            "{found:#?}"
        );
    }

    #[test]
    fn the_edit_distance_counts_insertions_deletions_and_substitutions() {
        for (a, b, distance) in [
            ("", "", 0),
            ("", "code", 4),
            ("code", "", 4),
            ("remedy_vi", "remedy_vi", 0),
            ("descripton", "description", 1),
            ("remedy_vn", "remedy_vi", 1),
            ("kitten", "sitting", 3),
            ("flaw", "lawn", 2),
            ("ô", "o", 1),
        ] {
            assert_eq!(edit_distance(a, b), distance, "{a:?} {b:?}");
            assert_eq!(edit_distance(b, a), distance, "{b:?} {a:?}");
        }
    }

    #[test]
    fn the_suggestion_is_the_nearest_missing_column_within_three_edits() {
        let names = columns::names();
        let line = names
            .iter()
            .map(|name| match *name {
                "info_en" => "tu_van",
                "remedy_en" => "remedy_em",
                other => other,
            })
            .collect::<Vec<_>>()
            .join(",");
        let found = problems(&line);
        // Both info_en and remedy_en are missing: each cell gets the nearer
        // one, or none when neither is within three edits.
        assert!(
            found[0].contains("unknown column \"tu_van\". Fix:"),
            "{found:#?}"
        );
        assert!(
            found[1].contains("unknown column \"remedy_em\" (did you mean `remedy_en`?)."),
            "{found:#?}"
        );
    }

    #[test]
    fn semicolons_and_tabs_are_recognised() {
        let semi = problems(&columns::names().join(";"));
        assert!(
            semi[0].contains("separated by semicolons (;), not by commas"),
            "{semi:?}"
        );
        let tabs = problems(&columns::names().join("\t"));
        assert!(tabs[0].contains("separated by tabs"), "{tabs:?}");
    }
}
