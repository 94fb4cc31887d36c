//! Reads data/zns_error_codes.csv in four stages — bytes to text
//! ([`super::super::text`]), the header ([`super::super::header`]), each row's cells
//! ([`super::super::rows`]), the rules across rows ([`super::super::across`]) — and gives
//! the checked rows, or every problem of the file.
//!
//! Whatever a spreadsheet program leaves behind either becomes exactly the
//! table the editor meant, or a list of every problem, each with its line,
//! row, column and fix.

use super::super::columns::{self, COLUMNS, Label};
use super::super::messages::{self, Phrase};
use super::super::names::constant_name;
use super::super::problem::{Place, Problem};
use super::super::rows::{self, Draft, Value};
use super::super::{across, header, text};

/// One code of the table, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Where the row is in the file and in a spreadsheet.
    pub place: Place,
    pub code: i32,
    pub variant: String,
    /// Every column's value, in the order of [`COLUMNS`].
    pub values: Vec<Value>,
}

impl Row {
    /// The text of the column named `column`; `None` for an empty cell or a
    /// column that does not hold text.
    pub fn text(&self, column: &str) -> Option<&str> {
        match columns::index(column).map(|i| &self.values[i]) {
            Some(Value::Text(text)) => text.as_deref(),
            _ => None,
        }
    }

    /// The value of the label column named `column`.
    pub fn label(&self, column: &str) -> Option<&'static Label> {
        match columns::index(column).map(|i| &self.values[i]) {
            Some(Value::Label(label)) => Some(label),
            _ => None,
        }
    }

    /// The page's description of the code.
    pub fn description(&self) -> &str {
        self.text(columns::DESCRIPTION).unwrap_or_default()
    }

    /// The name of the row's constant in `codes`.
    pub fn constant(&self) -> String {
        constant_name(&self.variant)
    }

    fn from_draft(draft: Draft) -> Option<Row> {
        Some(Row {
            place: draft.place,
            code: draft.code()?,
            variant: draft.variant()?.to_owned(),
            values: draft.values.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }
}

/// Everything a reading of the table found: each row as far as it could be
/// read, and every problem.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub drafts: Vec<Draft>,
    pub problems: Vec<Problem>,
}

/// Reads and checks the whole table.
pub fn read(bytes: &[u8]) -> Result<Vec<Row>, Vec<Problem>> {
    let reading = read_all(bytes);
    if !reading.problems.is_empty() {
        return Err(reading.problems);
    }
    Ok(reading
        .drafts
        .into_iter()
        .filter_map(Row::from_draft)
        .collect())
}

/// Reads the table as far as it can, for tools that go on with the rows they
/// could read (page-diff on a table with a problem).
pub fn read_all(bytes: &[u8]) -> Reading {
    let mut reading = Reading::default();
    let decoded = match text::decode(bytes) {
        Ok(decoded) => decoded,
        Err(problem) => {
            reading.problems.push(*problem);
            return reading;
        }
    };
    let text = decoded.text;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut rows = RowCounter::default();

    let header = match records.next() {
        Some(Ok(record)) => {
            rows.place(&record);
            let cells: Vec<String> = record.iter().map(rows::clean_cell).collect();
            header::read(&cells)
        }
        Some(Err(error)) => Err(vec![csv_problem(&error)]),
        None => Err(vec![no_rows()]),
    };
    let header = match header {
        Ok(header) => header,
        Err(problems) => {
            reading.problems = problems;
            return reading;
        }
    };

    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                reading.problems.push(csv_problem(&error));
                continue;
            }
        };
        let place = rows.place(&record);
        let cells: Vec<String> = record.iter().map(rows::clean_cell).collect();
        if cells.iter().all(String::is_empty) {
            continue; // a spreadsheet's empty row: it holds nothing
        }
        if let Some(draft) = rows::check(place, &cells, &header, &mut reading.problems) {
            reading.drafts.push(draft);
        }
    }
    across::check(&reading.drafts, &header, &mut reading.problems);
    if reading.drafts.is_empty() && reading.problems.is_empty() {
        reading.problems.push(no_rows());
    }
    if let Some(problem) = garbled_file(&reading, decoded.garbled_bom) {
        // The other problems of a garbled file are its garbling's echoes:
        // fixing the encoding comes first.
        reading.problems = vec![problem];
    }
    reading
}

/// One problem for a file whose Vietnamese text is garbled throughout: at
/// least three garbled cells, and at least half of the cells with letters
/// beyond ASCII; or any garbled cell after a garbled byte-order mark. A few
/// garbled cells are reported one by one.
fn garbled_file(reading: &Reading, garbled_bom: bool) -> Option<Problem> {
    let garbled: Vec<&Problem> = reading
        .problems
        .iter()
        .filter(|p| p.what.text == messages::GARBLED_CELL)
        .collect();
    let beyond_ascii = reading
        .drafts
        .iter()
        .flat_map(|d| &d.cells)
        .filter(|cell| !cell.is_ascii())
        .count();
    let throughout = garbled.len() >= 3 && garbled.len() * 2 >= beyond_ascii;
    if !(throughout || garbled_bom && !garbled.is_empty()) {
        return None;
    }
    let first = garbled[0];
    let arg = |name: &str| {
        first.what.args.iter().find_map(|(n, value)| match value {
            super::super::messages::Arg::Plain(text) if *n == name => Some(text.clone()),
            _ => None,
        })
    };
    Some(Problem::in_file(
        Phrase::new(messages::GARBLED_FILE)
            .with_phrase("cells", messages::cells(garbled.len()))
            .with("row", first.place.and_then(|p| p.row).unwrap_or_default())
            .with("piece", arg("piece").unwrap_or_default())
            .with("meant", arg("meant").unwrap_or_default()),
        Phrase::new(messages::GARBLED_FILE_FIX)
            .with_phrase("get_back", messages::GET_THE_FILE_BACK.into())
            .with_phrase("open_as", messages::OPEN_AS_UTF8.into()),
    ))
}

/// Counts the rows a spreadsheet shows: a record is one row, however many
/// lines its cells take, and each blank line between records is a row too.
#[derive(Default)]
struct RowCounter {
    /// The last record's row, and the file line after its end.
    last: Option<(u64, u64)>,
}

impl RowCounter {
    fn place(&mut self, record: &csv::StringRecord) -> Place {
        let line = record.position().map_or(1, csv::Position::line);
        let row = match self.last {
            Some((row, next_line)) => row + 1 + line.saturating_sub(next_line),
            None => line,
        };
        let inner_breaks: u64 = record
            .iter()
            .map(|cell| cell.matches('\n').count() as u64)
            .sum();
        self.last = Some((row, line + inner_breaks + 1));
        Place {
            line,
            row: Some(row),
        }
    }
}

fn no_rows() -> Problem {
    Problem::in_file(
        messages::NO_ROWS,
        Phrase::new(messages::NO_ROWS_FIX)
            .with_phrase("get_back", messages::GET_THE_FILE_BACK.into())
            .with("header", header_line()),
    )
}

fn csv_problem(error: &csv::Error) -> Problem {
    let line = error.position().map_or(0, csv::Position::line);
    Problem::in_row(
        Place { line, row: None },
        Phrase::new(messages::CSV_UNREADABLE).with("error", error),
        messages::SAVE_AS_CSV_UTF8,
    )
}

/// The header line of a table with every column, in order, for tests and tools.
pub fn header_line() -> String {
    COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

/// Tables for the generator's tests, written by column name so that a new
/// column does not change them.
#[cfg(test)]
pub mod fixture {
    use super::super::super::columns::{self, COLUMNS, Kind};
    use super::header_line;

    /// The header line, then `rows`.
    pub fn table(rows: &str) -> Vec<u8> {
        format!("{}\n{rows}", header_line()).into_bytes()
    }

    /// A CSV row with the given cells by column name; every other cell valid
    /// (code -1, variant A).
    pub fn row(cells: &[(&str, &str)]) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let record: Vec<String> = COLUMNS
            .iter()
            .map(|c| {
                cells
                    .iter()
                    .find(|(name, _)| *name == c.name)
                    .map(|(_, v)| (*v).to_owned())
                    .unwrap_or_else(|| default_cell(c.name).to_owned())
            })
            .collect();
        writer.write_record(&record).unwrap();
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    }

    fn default_cell(column: &str) -> &'static str {
        match columns::index(column).map(|i| &columns::COLUMNS[i].kind) {
            Some(Kind::Code) => "-1",
            Some(Kind::Variant) => "A",
            Some(Kind::Page { required: true, .. }) => "Desc",
            Some(Kind::Label(vocabulary)) => vocabulary.labels[1].0,
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::across::MAX_ROWS;
    use super::super::super::messages::Lang;
    use super::fixture::{row, table};
    use super::*;

    /// The messages for a refused table, with each `column `name`` checked
    /// against the fixture's column order and written `column `name``, so the
    /// expectations do not change when a column is added.
    fn problems(bytes: &[u8]) -> Vec<String> {
        read(bytes)
            .expect_err("the table should be refused")
            .iter()
            .map(|p| {
                let mut message = p.render("t.csv", Lang::En);
                if let Some(column) = &p.column {
                    let index = columns::index(&column.name).expect("a known column");
                    assert_eq!(
                        column.letter,
                        super::super::super::problem::column_letter(index)
                    );
                    message =
                        message.replacen(&format!("column {} `", column.letter), "column `", 1);
                }
                message
            })
            .collect()
    }

    #[test]
    fn a_good_row_is_read_with_its_texts() {
        let rows = read(&table(&row(&[
            ("code", "-108"),
            ("variant", "PhoneNumberInvalid"),
            ("description", "Phone number invalid"),
            ("remedy_vi", "- a\n- b"),
            ("remedy_en", "- A\n- B"),
            ("category", "request"),
        ])))
        .unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(
            (row.place.line, row.code, row.variant.as_str()),
            (2, -108, "PhoneNumberInvalid")
        );
        assert_eq!(row.place.row, Some(2));
        assert_eq!(row.text("remedy_vi"), Some("- a\n- b"));
        assert_eq!(row.text("info_vi"), None);
        assert_eq!(row.label("category").map(|l| l.1), Some("Request"));
        assert_eq!(row.constant(), "PHONE_NUMBER_INVALID");
    }

    #[test]
    fn spreadsheet_artifacts_give_the_same_table() {
        let plain = format!(
            "{}{}",
            row(&[("remedy_vi", "l1\nl2"), ("remedy_en", "m1\nm2")]),
            row(&[("code", "-2"), ("variant", "B")])
        );
        let excel = format!(
            "\u{feff}{}\r\n\r\n{}\r\n\r\n",
            String::from_utf8(table(&plain))
                .unwrap()
                .replace('\n', "\r\n")
                .replacen("-1,A", "\u{a0}-1 , A", 1),
            ",".repeat(COLUMNS.len() - 1)
        );
        let plain = read(&table(&plain)).unwrap();
        let from_excel = read(excel.as_bytes()).unwrap();
        assert_eq!(
            plain.iter().map(|r| &r.values).collect::<Vec<_>>(),
            from_excel.iter().map(|r| &r.values).collect::<Vec<_>>()
        );
        let old_mac = excel.replace("\r\n", "\r");
        assert_eq!(
            read(old_mac.as_bytes())
                .unwrap()
                .iter()
                .map(|r| &r.values)
                .collect::<Vec<_>>(),
            from_excel.iter().map(|r| &r.values).collect::<Vec<_>>()
        );
    }

    #[test]
    fn rows_are_counted_as_a_spreadsheet_shows_them() {
        // A two-line cell, a blank line, a three-line cell.
        let body = format!(
            "{}\n{}{}",
            row(&[("info_vi", "a\nb"), ("info_en", "a\nb")]),
            row(&[
                ("code", "-2"),
                ("variant", "B"),
                ("info_vi", "x\ny\nz"),
                ("info_en", "x\ny\nz")
            ]),
            row(&[("code", "-3"), ("variant", "C"), ("category", "nope")])
        );
        let found = problems(&table(&body));
        assert_eq!(found.len(), 1, "{found:#?}");
        // Lines: header 1, first row 2-4, blank 5, second row 6-10, third row 11.
        // Rows: header 1, first row 2, blank 3, second row 4, third row 5.
        assert!(
            found[0].starts_with("t.csv:11: row 5 (code -3), column `category`: \"nope\""),
            "{found:#?}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let found = problems(&table(&format!(
            "{}{}",
            row(&[("code", "abc")]),
            row(&[("code", "-1"), ("variant", "bad name"), ("retry", "soon")])
        )));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with("t.csv:2: row 2, column `code`: \"abc\" is not a whole number.")
        );
        assert!(found[1].starts_with(
            "t.csv:3: row 3 (code -1), column `variant`: the name \"bad name\" contains a space (U+0020)"
        ));
        assert!(found[2].contains(
            "t.csv:3: row 3 (code -1), column `retry`: \"soon\" is not one of the allowed values. Fix: write one of: not_needed, backoff,"
        ));
    }

    #[test]
    fn a_row_with_a_problem_still_takes_part_in_the_checks_across_rows() {
        // The second row has an empty category and the first row's name and code.
        let found = problems(&table(&format!("{}{}", row(&[]), row(&[("category", "")]))));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with("t.csv:3: row 3 (code -1), column `category`: the cell is empty.")
        );
        assert!(found[1].starts_with(
            "t.csv:3: row 3 (code -1), column `code`: the code -1 is already used on line 2 (row 2). Fix: keep one row for code -1: delete or correct one of rows 2 and 3."
        ));
        assert!(found[2].starts_with(
            "t.csv:3: row 3 (code -1), column `variant`: the name A is already used on line 2 (row 2)."
        ));
    }

    #[test]
    fn messages_name_the_line_where_a_multi_line_row_starts() {
        let found = problems(&table(&format!(
            "{}{}",
            row(&[("info_vi", "x\ny\nz")]),
            row(&[("code", "-2"), ("variant", "B"), ("description", "")])
        )));
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with(
            "t.csv:2: row 2 (code -1), column `info_en`: the cell is empty, but `info_vi` has text."
        ));
        assert!(found[1].starts_with(
            "t.csv:5: row 3 (code -2), column `description`: the cell is empty. Fix: copy the text of the page's column \"Mô tả lỗi\""
        ));
    }

    #[test]
    fn english_with_other_lines_is_refused() {
        let found = problems(&table(&row(&[
            ("remedy_vi", "- a\n- b"),
            ("remedy_en", "- a, b"),
        ])));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains(
            "column `remedy_en`: the cell has 1 line(s), but `remedy_vi` has 2. Fix: write one line of English for each line of `remedy_vi`"
        ), "{found:#?}");
    }

    #[test]
    fn english_without_vietnamese_is_refused() {
        let found = problems(&table(&row(&[("remedy_en", "Check it")])));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains(
            "column `remedy_en`: the cell has text, but `remedy_vi` is empty. Fix: an English cell translates the Vietnamese one"
        ));
    }

    #[test]
    fn not_utf8_says_how_to_save() {
        let mut bytes = table(&row(&[]));
        bytes.extend_from_slice(b"-2,B,S\xf4,,,internal,backoff,,\n");
        let found = problems(&bytes);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("t.csv:3: the file is not UTF-8 text"));
        assert!(found[0].contains("CSV UTF-8"));
    }

    #[test]
    fn wrong_cell_counts_are_explained() {
        let found = problems(&table(&format!(
            "{}x\n-2,B\n-3\n",
            row(&[]).trim_end().to_owned() + ","
        )));
        assert!(
            found[0].starts_with(&format!(
                "t.csv:2: row 2: the row has {} cells, but the header row has {} cells.",
                COLUMNS.len() + 1,
                COLUMNS.len()
            )),
            "{found:#?}"
        );
        assert!(found[0].contains("cut in two at a comma"), "{found:#?}");
        assert!(
            found[1].starts_with(&format!(
                "t.csv:3: row 3: the row has 2 cells, but the header row has {} cells.",
                COLUMNS.len()
            )),
            "{found:#?}"
        );
        assert!(found[1].contains("a cell is missing"));
        assert!(
            found[2].starts_with("t.csv:4: row 4: the row has 1 cell, but"),
            "{found:#?}"
        );
    }

    #[test]
    fn a_pasted_dash_is_not_a_minus_sign() {
        for dash in ['\u{2212}', '\u{2013}', '\u{2014}'] {
            let found = problems(&table(&row(&[("code", &format!("{dash}108"))])));
            assert_eq!(found.len(), 1, "{found:#?}");
            assert!(
                found[0].contains(&format!(
                    "starts with \"{dash}\" (U+{:04X}) instead of the minus sign \"-\"",
                    dash as u32
                )),
                "{found:?}"
            );
        }
    }

    #[test]
    fn codes_must_fit_and_be_unique() {
        let found = problems(&table(&format!(
            "{}{}{}{}",
            row(&[("code", "3000000000")]),
            row(&[("code", ""), ("variant", "B")]),
            row(&[("code", "-1"), ("variant", "C")]),
            row(&[("code", "-1"), ("variant", "E")]),
        )));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("3000000000 is too large for a ZNS code"));
        assert!(found[1].starts_with("t.csv:3: row 3, column `code`: the cell is empty."));
        assert!(found[2].starts_with("t.csv:5: row 5 (code -1), column `code`: the code -1 is already used on line 4 (row 4)."));
    }

    #[test]
    fn variant_problems_suggest_a_name() {
        let found = problems(&table(&format!(
            "{}{}{}{}{}{}",
            row(&[("variant", ""), ("description", "Phone number invalid")]),
            row(&[("code", "-2"), ("variant", "Self")]),
            row(&[("code", "-3"), ("variant", "PhoneNumber")]),
            row(&[("code", "-4"), ("variant", "Phonenumber")]),
            row(&[("code", "-5"), ("variant", "Dup")]),
            row(&[("code", "-6"), ("variant", ""), ("description", "ố")]),
        )));
        let has = |start: &str, part: &str| {
            assert!(
                found
                    .iter()
                    .any(|m| m.starts_with(start) && m.contains(part)),
                "{start} … {part} in {found:#?}"
            );
        };
        has(
            "t.csv:2: row 2 (code -1), column `variant`: the cell is empty.",
            "for example PhoneNumberInvalid",
        );
        has(
            "t.csv:3: row 3 (code -2), column `variant`: the name \"Self\" is a word the Rust language reserves (`self`).",
            "such as SelfCode",
        );
        has(
            "t.csv:5: row 5 (code -4), column `variant`: the name Phonenumber is already used on line 4 (row 4) (as PhoneNumber; names are compared ignoring capital letters).",
            "give each code its own name",
        );
        has(
            "t.csv:7: row 7 (code -6), column `variant`: the cell is empty.",
            "made of the English words of its description",
        );
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_kept() {
        let found = problems(&table(&row(&[("info_vi", "a\u{7}b"), ("info_en", "x")])));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with(
            "t.csv:2: row 2 (code -1), column `info_vi`: the cell holds the control character U+0007 at character 2, where it cannot be seen: \"a[U+0007]b\"."
        ), "{found:#?}");
        let lone_cr = problems(&table(&row(&[("info_vi", "a\rb"), ("info_en", "x")])));
        assert!(
            lone_cr[0].contains("a carriage return (U+000D)"),
            "{lone_cr:?}"
        );
    }

    #[test]
    fn an_empty_file_or_a_header_alone_has_no_rows() {
        assert!(problems(b"")[0].starts_with("t.csv: the table has no rows"));
        assert!(problems(header_line().as_bytes())[0].starts_with("t.csv: the table has no rows"));
    }

    #[test]
    fn label_columns_list_the_allowed_values() {
        let found = problems(&table(&row(&[("category", "money"), ("retry", "")])));
        assert_eq!(found.len(), 2);
        assert!(found[0].contains("column `category`: \"money\" is not one of the allowed values. Fix: write one of: success, application, auth,"));
        assert!(found[1].contains(
            "column `retry`: the cell is empty. Fix: write one of: not_needed, backoff, refresh_token, after_night_window, next_day, after_fix, never"
        ));
    }

    #[test]
    fn labels_that_go_together_are_checked() {
        let found = problems(&table(&format!(
            "{}{}",
            row(&[
                ("category", "success"),
                ("retry", "backoff"),
                ("scope", "nothing")
            ]),
            row(&[
                ("code", "-2"),
                ("variant", "B"),
                ("retry", "never"),
                ("scope", "sender")
            ]),
        )));
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with(
            "t.csv:2: row 2 (code -1), column `retry`: `category` is success, which goes only with `retry` not_needed, but `retry` is backoff. Fix: change one of the two cells"
        ), "{found:#?}");
        assert!(found[1].starts_with(
            "t.csv:3: row 3 (code -2), column `scope`: `retry` is never, which goes only with `scope` recipient, but `scope` is sender."
        ), "{found:#?}");
    }

    #[test]
    fn a_few_garbled_cells_are_named_one_by_one() {
        let found = problems(&table(&format!(
            "{}{}",
            row(&[("info_vi", "á»¨ng dá»¥ng gá»\u{81}i"), ("info_en", "App")]),
            row(&[
                ("code", "-2"),
                ("variant", "B"),
                ("info_vi", "Ứng dụng"),
                ("info_en", "App")
            ]),
        )));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with(
            "t.csv:2: row 2 (code -1), column `info_vi`: the text is garbled: \"á»¨\" is how \"Ứ\" looks when UTF-8 text is read with the wrong encoding; the cell should read \"Ứng dụng gềi\". Fix: do not retype it"
        ), "{found:#?}");
    }

    #[test]
    fn a_garbled_file_gets_one_message() {
        let body: String = (1..=4)
            .map(|i| {
                row(&[
                    ("code", &format!("-{i}")),
                    ("variant", &format!("N{i}")),
                    ("info_vi", "KhĂ´ng thá»ƒ táº¡o"),
                    ("info_en", "Cannot"),
                ])
            })
            .collect();
        let found = problems(&table(&body));
        assert_eq!(
            found,
            [
                "t.csv: the Vietnamese letters of the file are garbled in 4 cells (row 2 shows \"Ă´\" where it should read \"ô\"): \
                 the file was opened with the wrong encoding and saved again. Excel does this when a UTF-8 file is opened with a double click. \
                 Fix: do not retype the cells: get the file back as it was: in the project's page on GitHub, open data/zns_error_codes.csv and use \
                 \"Download raw file\", or ask a developer to restore it; then open it as UTF-8: in Excel, Data > From Text/CSV, File origin \
                 \"65001: Unicode (UTF-8)\", Delimiter \"Comma\"; in LibreOffice, File > Open, Character set \"Unicode (UTF-8)\", Separator \"Comma\"; \
                 make your change again and save as CSV UTF-8."
            ]
        );
    }

    /// Rows numbered from -1, each with its Vietnamese cell.
    fn rows_saying(info_vi: &[&str]) -> String {
        info_vi
            .iter()
            .enumerate()
            .map(|(i, text)| {
                row(&[
                    ("code", &format!("-{}", i + 1)),
                    ("variant", &format!("N{}", i + 1)),
                    ("info_vi", text),
                    ("info_en", "Cannot"),
                ])
            })
            .collect()
    }

    #[test]
    fn a_file_garbled_in_half_of_its_vietnamese_cells_gets_one_message() {
        let garbled = "KhĂ´ng thá»ƒ táº¡o";
        let good = "Không thể tạo";
        let half = rows_saying(&[garbled, good, garbled, good, garbled, good]);
        let found = problems(&table(&half));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with(
                "t.csv: the Vietnamese letters of the file are garbled in 3 cells (row 2 shows"
            ),
            "{found:#?}"
        );
        // Fewer than half: each cell on its own.
        let fewer = rows_saying(&[garbled, good, garbled, good, garbled, good, good]);
        let found = problems(&table(&fewer));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found.iter().all(|p| p.contains("the text is garbled")),
            "{found:#?}"
        );
    }

    #[test]
    fn one_garbled_cell_after_a_garbled_byte_order_mark_is_a_garbled_file() {
        let mut bytes = "ï»¿".as_bytes().to_vec();
        bytes.extend(table(&rows_saying(&[
            "KhĂ´ng thá»ƒ táº¡o",
            "Không thể tạo",
        ])));
        let found = problems(&bytes);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with(
                "t.csv: the Vietnamese letters of the file are garbled in 1 cell (row 2 shows"
            ),
            "{found:#?}"
        );
    }

    #[test]
    fn more_rows_than_the_index_holds_are_refused() {
        let mut body = String::new();
        for i in 0..=MAX_ROWS {
            body.push_str(&row(&[
                ("code", &format!("{}", -(i as i64) - 1)),
                ("variant", &format!("N{i}")),
            ]));
        }
        let found = problems(&table(&body));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0],
            format!(
                "t.csv: the table has {} rows, more than the {MAX_ROWS} the crate can hold. Fix: remove the rows that are not ZNS codes.",
                MAX_ROWS + 1
            )
        );
    }
}
