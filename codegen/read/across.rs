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
