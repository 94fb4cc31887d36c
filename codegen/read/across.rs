//! Stage 4 of reading the table: the rules that span rows. Codes and names
//! are unique, and the table fits the generated index.
//!
//! They run on every row whose code or name could be read, even when another
//! cell of the row has a problem, so one build lists every problem of the file.

use std::collections::HashMap;

use super::super::columns;
use super::super::header::Header;
use super::super::messages::{self, Phrase};
use super::super::problem::{Place, Problem};
use super::super::rows::Draft;

/// The most rows the generated lookup tables can index (a row number is a u16,
/// and one value marks an empty slot).
pub const MAX_ROWS: usize = u16::MAX as usize;

/// Checks the rules across `drafts`, pushing every problem found.
pub fn check(drafts: &[Draft], header: &Header, problems: &mut Vec<Problem>) {
    let code_column = columns::index(columns::CODE).map(|i| header.column_at(i));
    let variant_column = columns::index(columns::VARIANT).map(|i| header.column_at(i));
    let mut codes: HashMap<i32, Place> = HashMap::new();
    let mut names: HashMap<String, (Place, &str)> = HashMap::new();
    for draft in drafts {
        let place = draft.place;
        if let Some(code) = draft.code() {
            match codes.get(&code) {
                Some(&first) => {
                    let mut problem = Problem::in_row(
                        place,
                        Phrase::new(messages::CODE_DUPLICATE)
                            .with("code", code)
                            .with("first", first.line)
                            .with("first_row", row_of(first)),
                        Phrase::new(messages::CODE_DUPLICATE_FIX)
                            .with("code", code)
                            .with("first_row", row_of(first))
                            .with("row", row_of(place)),
                    )
                    .with_code(Some(code));
                    if let Some(column) = &code_column {
                        problem = problem.in_column(column.clone());
                    }
                    problems.push(problem);
                }
                None => {
                    codes.insert(code, place);
                }
            }
        }
        if let Some(name) = draft.variant() {
            let key = name.to_ascii_lowercase();
            match names.get(&key) {
                Some(&(first, first_name)) => {
                    let what = Phrase::new(messages::VARIANT_DUPLICATE)
                        .with("name", name)
                        .with("first", first.line)
                        .with("first_row", row_of(first));
                    let what = if first_name == name {
                        what.with("same", "")
                    } else {
                        what.with_phrase(
                            "same",
                            Phrase::new(messages::SAME_IGNORING_CASE).with("other", first_name),
                        )
                    };
                    let mut problem = Problem::in_row(place, what, messages::VARIANT_DUPLICATE_FIX)
                        .with_code(draft.code());
                    if let Some(column) = &variant_column {
                        problem = problem.in_column(column.clone());
                    }
                    problems.push(problem);
                }
                None => {
                    names.insert(key, (place, name));
                }
            }
        }
    }
    if drafts.len() > MAX_ROWS {
        problems.push(Problem::in_file(
            Phrase::new(messages::TOO_MANY_ROWS)
                .with("count", drafts.len())
                .with("max", MAX_ROWS),
            messages::TOO_MANY_ROWS_FIX,
        ));
    }
}

fn row_of(place: Place) -> u64 {
    place.row.unwrap_or(place.line)
}

#[cfg(test)]
mod tests {
    use super::super::super::columns::{CODE, COLUMNS, VARIANT, index};
    use super::super::super::header;
    use super::super::super::messages::Lang;
    use super::super::super::rows::Value;
    use super::*;

    fn header() -> Header {
        let names: Vec<String> = COLUMNS.iter().map(|c| c.name.to_owned()).collect();
        header::read(&names).unwrap()
    }

    /// A row at `line` (spreadsheet row `row`) with this code and name, and
    /// no other cell read.
    fn draft(line: u64, row: Option<u64>, code: Option<i32>, name: Option<&str>) -> Draft {
        let mut values = vec![None; COLUMNS.len()];
        values[index(CODE).unwrap()] = code.map(Value::Code);
        values[index(VARIANT).unwrap()] = name.map(|n| Value::Variant(n.to_owned()));
        Draft {
            place: Place { line, row },
            cells: vec![String::new(); COLUMNS.len()],
            values,
        }
    }

    fn messages(drafts: &[Draft]) -> Vec<String> {
        let mut problems = Vec::new();
        check(drafts, &header(), &mut problems);
        problems
            .iter()
            .map(|p| p.render("t.csv", Lang::En))
            .collect()
    }

    /// `count` rows whose code and name could not be read: only their
    /// number is checked.
    fn unread(count: usize) -> Vec<Draft> {
        let one = draft(2, Some(2), None, None);
        vec![one; count]
    }

    #[test]
    fn the_index_holds_exactly_max_rows() {
        assert_eq!(MAX_ROWS, 65_535);
        assert_eq!(messages(&unread(MAX_ROWS)), Vec::<String>::new());
        assert_eq!(messages(&unread(0)), Vec::<String>::new());
        assert_eq!(
            messages(&unread(MAX_ROWS + 1)),
            [format!(
                "t.csv: the table has {} rows, more than the {MAX_ROWS} the crate can hold. Fix: remove the rows that are not ZNS codes.",
                MAX_ROWS + 1
            )]
        );
    }

    #[test]
    fn a_second_code_names_the_first_by_line_and_row() {
        let found = messages(&[
            draft(3, Some(2), Some(-7), Some("A")),
            draft(9, Some(6), Some(-8), Some("B")),
            draft(12, Some(8), Some(-7), Some("C")),
            // Where rows are not known, the line stands for the row.
            draft(14, None, Some(-8), Some("D")),
        ]);
        let code = COLUMNS.iter().position(|c| c.name == CODE).unwrap();
        let letter = super::super::super::problem::ColumnAt::new(code, CODE).letter;
        assert_eq!(
            found,
            [
                format!(
                    "t.csv:12: row 8 (code -7), column {letter} `code`: the code -7 is already used on line 3 (row 2). \
                     Fix: keep one row for code -7: delete or correct one of rows 2 and 8."
                ),
                format!(
                    "t.csv:14: column {letter} `code`: the code -8 is already used on line 9 (row 6). \
                     Fix: keep one row for code -8: delete or correct one of rows 6 and 14."
                ),
            ]
        );
    }

    #[test]
    fn a_second_name_says_whether_it_differs_only_in_case() {
        let found = messages(&[
            draft(2, Some(2), Some(-1), Some("PhoneInvalid")),
            draft(3, Some(3), Some(-2), Some("PhoneInvalid")),
            draft(4, Some(4), Some(-3), Some("PHONEINVALID")),
            draft(5, Some(5), None, Some("Other")),
            draft(6, Some(6), None, None),
        ]);
        let variant = COLUMNS.iter().position(|c| c.name == VARIANT).unwrap();
        let letter = super::super::super::problem::ColumnAt::new(variant, VARIANT).letter;
        assert_eq!(
            found,
            [
                format!(
                    "t.csv:3: row 3 (code -2), column {letter} `variant`: the name PhoneInvalid is already used on line 2 (row 2). \
                     Fix: give each code its own name."
                ),
                format!(
                    "t.csv:4: row 4 (code -3), column {letter} `variant`: the name PHONEINVALID is already used on line 2 (row 2) \
                     (as PhoneInvalid; names are compared ignoring capital letters). Fix: give each code its own name."
                ),
            ]
        );
    }
}
