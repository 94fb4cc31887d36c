//! Stage 3 of reading the table: each row's cells, checked by the kind of
//! their column.

use super::super::columns::{COLUMNS, Column, Kind, Label, RULES, Vocabulary};
use super::super::garbled::find as find_garbled;
use super::super::header::Header;
use super::super::messages::{self, Phrase};
use super::super::names::{describe_char, suggest_variant, variant_name_problem};
use super::super::problem::{Place, Problem, quoted};

/// A checked cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Code(i32),
    Variant(String),
    /// Free text; `None` for an empty cell.
    Text(Option<String>),
    Label(&'static Label),
}

/// A row as far as it could be read: each cell's value, or `None` where the
/// cell has a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub place: Place,
    /// The cells' text, trimmed, in the order of [`COLUMNS`].
    pub cells: Vec<String>,
    /// The checked values, in the order of [`COLUMNS`].
    pub values: Vec<Option<Value>>,
}

impl Draft {
    /// The code, when its cell could be read.
    pub fn code(&self) -> Option<i32> {
        self.values.iter().find_map(|v| match v {
            Some(Value::Code(code)) => Some(*code),
            _ => None,
        })
    }

    /// The variant name, when its cell holds a valid one.
    pub fn variant(&self) -> Option<&str> {
        self.values.iter().find_map(|v| match v {
            Some(Value::Variant(name)) => Some(name.as_str()),
            _ => None,
        })
    }
}

/// Trims white space (the non-breaking space of a web page included).
/// Anything else in the cell is kept as it is.
pub fn clean_cell(cell: &str) -> String {
    cell.trim_matches(char::is_whitespace).to_owned()
}

/// Checks the cells of one row (as the file has them, trimmed), pushing every
/// problem found.
pub fn check(
    place: Place,
    file_cells: &[String],
    header: &Header,
    problems: &mut Vec<Problem>,
) -> Option<Draft> {
    if file_cells.len() != header.width {
        problems.push(wrong_cell_count(place, file_cells.len(), header.width));
        return None;
    }
    let cells: Vec<String> = (0..COLUMNS.len())
        .map(|c| file_cells[header.position(c)].clone())
        .collect();
    let mut row_problems = Vec::new();
    let mut values = Vec::with_capacity(COLUMNS.len());
    for (index, column) in COLUMNS.iter().enumerate() {
        let text = &cells[index];
        let mut complain = |what: Phrase, fix: Phrase| {
            row_problems.push(Problem::in_row(place, what, fix).in_column(header.column_at(index)));
        };
        let value = if let Some(garbled) = find_garbled(text) {
            complain(
                Phrase::new(messages::GARBLED_CELL)
                    .with("piece", quoted(&garbled.piece))
                    .with("meant", quoted(&garbled.meant))
                    .with("repaired", quoted(&garbled.repaired)),
                Phrase::new(messages::GARBLED_CELL_FIX)
                    .with_phrase("open_as", messages::OPEN_AS_UTF8.into()),
            );
            None
        } else if let Some((position, c)) = text
            .chars()
            .enumerate()
            .find(|&(_, c)| c.is_control() && c != '\n')
        {
            complain(
                Phrase::new(messages::CONTROL_CHARACTER)
                    .with_phrase("character", describe_char(c))
                    .with("position", position + 1)
                    .with("text", quoted(text)),
                messages::CONTROL_CHARACTER_FIX.into(),
            );
            None
        } else {
            check_cell(column, text, &cells, &mut complain)
        };
        values.push(value);
    }
    check_rules(&values, &mut |index, what, fix| {
        row_problems.push(Problem::in_row(place, what, fix).in_column(header.column_at(index)));
    });
    let draft = Draft {
        place,
        cells,
        values,
    };
    let code = draft.code();
    problems.extend(row_problems.into_iter().map(|p| p.with_code(code)));
    Some(draft)
}

/// Checks the labels that go together ([`RULES`]), on the cells that could
/// be read; a complaint names the column whose value the rule asks for.
fn check_rules(values: &[Option<Value>], complain: &mut impl FnMut(usize, Phrase, Phrase)) {
    let label = |name: &str| match super::super::columns::index(name).map(|i| (i, &values[i])) {
        Some((index, Some(Value::Label(label)))) => Some((index, label.0)),
        _ => None,
    };
    for rule in RULES {
        let (Some((_, is)), Some((index, actual))) =
            (label(rule.if_column), label(rule.then_column))
        else {
            continue;
        };
        if is == rule.is && actual != rule.must {
            complain(
                index,
                Phrase::new(messages::LABELS_DISAGREE)
                    .with("if_column", rule.if_column)
                    .with("is", rule.is)
                    .with("then_column", rule.then_column)
                    .with("must", rule.must)
                    .with("actual", actual),
                messages::LABELS_DISAGREE_FIX.into(),
            );
        }
    }
}

/// The value of one cell by its column's kind, or `None` after a complaint.
fn check_cell(
    column: &Column,
    text: &str,
    row: &[String],
    complain: &mut impl FnMut(Phrase, Phrase),
) -> Option<Value> {
    match column.kind {
        Kind::Code => check_code(text, complain).map(Value::Code),
        Kind::Variant => check_variant(text, row, complain).map(Value::Variant),
        Kind::Page { heading, required } => {
            if required && text.is_empty() {
                complain(
                    messages::CELL_EMPTY.into(),
                    Phrase::new(messages::PAGE_TEXT_EMPTY_FIX).with("heading", heading),
                );
                return None;
            }
            Some(Value::Text(non_empty(text)))
        }
        Kind::English { of } => {
            let vietnamese = super::super::columns::index(of).map_or("", |i| row[i].as_str());
            match (vietnamese.is_empty(), text.is_empty()) {
                (false, true) => {
                    complain(
                        Phrase::new(messages::ENGLISH_MISSING).with("of", of),
                        Phrase::new(messages::ENGLISH_MISSING_FIX).with("of", of),
                    );
                    None
                }
                (true, false) => {
                    complain(
                        Phrase::new(messages::ENGLISH_WITHOUT_VIETNAMESE).with("of", of),
                        Phrase::new(messages::ENGLISH_WITHOUT_VIETNAMESE_FIX).with("of", of),
                    );
                    None
                }
                // A translation keeps the lines of a list, so both show alike.
                (false, false) if vietnamese.lines().count() != text.lines().count() => {
                    complain(
                        Phrase::new(messages::ENGLISH_LINES)
                            .with("found", text.lines().count())
                            .with("of", of)
                            .with("wanted", vietnamese.lines().count()),
                        Phrase::new(messages::ENGLISH_LINES_FIX).with("of", of),
                    );
                    None
                }
                _ => Some(Value::Text(non_empty(text))),
            }
        }
        Kind::Label(vocabulary) => check_label(vocabulary, text, complain).map(Value::Label),
        Kind::Date => {
            if !text.is_empty() && !super::super::date::is_date(text) {
                complain(
                    Phrase::new(messages::NOT_A_DATE).with("value", quoted(text)),
                    messages::NOT_A_DATE_FIX.into(),
                );
                return None;
            }
            Some(Value::Text(non_empty(text)))
        }
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn wrong_cell_count(place: Place, found: usize, wanted: usize) -> Problem {
    let (what, fix) = if found > wanted {
        (messages::TOO_MANY_CELLS, messages::TOO_MANY_CELLS_FIX)
    } else {
        (messages::TOO_FEW_CELLS, messages::TOO_FEW_CELLS_FIX)
    };
    Problem::in_row(
        place,
        Phrase::new(what)
            .with_phrase("found", messages::cells(found))
            .with_phrase("wanted", messages::cells(wanted)),
        fix,
    )
}

fn check_code(text: &str, complain: &mut impl FnMut(Phrase, Phrase)) -> Option<i32> {
    if text.is_empty() {
        complain(messages::CELL_EMPTY.into(), messages::CODE_FIX.into());
        return None;
    }
    let complaint = match text.parse::<i128>() {
        Ok(wide) => match i32::try_from(wide) {
            Ok(code) => return Some(code),
            Err(_) => (
                Phrase::new(messages::CODE_TOO_LARGE)
                    .with("text", text)
                    .with("min", i32::MIN)
                    .with("max", i32::MAX),
                messages::CODE_TOO_LARGE_FIX.into(),
            ),
        },
        Err(_) if text.starts_with(['\u{2212}', '\u{2013}', '\u{2014}']) => (
            Phrase::new(messages::CODE_DASH)
                .with("text", quoted(text))
                .with_phrase(
                    "character",
                    describe_char(text.chars().next().unwrap_or('-')),
                ),
            messages::CODE_DASH_FIX.into(),
        ),
        Err(_) => (
            Phrase::new(messages::CODE_NOT_NUMBER).with("text", quoted(text)),
            messages::CODE_FIX.into(),
        ),
    };
    complain(complaint.0, complaint.1);
    None
}

fn check_variant(
    name: &str,
    row: &[String],
    complain: &mut impl FnMut(Phrase, Phrase),
) -> Option<String> {
    let description = super::super::columns::index(super::super::columns::DESCRIPTION)
        .map_or("", |i| row[i].as_str());
    if name.is_empty() {
        let fix = match suggest_variant(description) {
            Some(suggestion) => Phrase::new(messages::VARIANT_EMPTY_FIX).with("name", suggestion),
            None => messages::VARIANT_EMPTY_NO_SUGGESTION_FIX.into(),
        };
        complain(messages::CELL_EMPTY.into(), fix);
        return None;
    }
    if let Some(why) = variant_name_problem(name) {
        let fix = Phrase::new(messages::VARIANT_INVALID_FIX);
        let fix = match suggest_variant(name).or_else(|| suggest_variant(description)) {
            Some(s) => {
                fix.with_phrase("suggestion", Phrase::new(messages::SUCH_AS).with("name", s))
            }
            None => fix.with("suggestion", ""),
        };
        complain(
            Phrase::new(messages::VARIANT_INVALID)
                .with("name", quoted(name))
                .with_phrase("why", why),
            fix,
        );
        return None;
    }
    Some(name.to_owned())
}

fn check_label(
    vocabulary: &'static Vocabulary,
    text: &str,
    complain: &mut impl FnMut(Phrase, Phrase),
) -> Option<&'static Label> {
    let found = vocabulary.find(text);
    if found.is_none() {
        let what = if text.is_empty() {
            messages::CELL_EMPTY.into()
        } else {
            Phrase::new(messages::VALUE_NOT_ALLOWED).with("text", quoted(text))
        };
        complain(
            what,
            Phrase::new(messages::VALUE_FIX).with("allowed", vocabulary.spellings().join(", ")),
        );
    }
    found
}
