//! Reads data/zns_error_codes.csv and checks every rule a row must follow.
//!
//! Whatever a spreadsheet program leaves behind either becomes exactly the
//! table the editor meant, or a list of every problem, each with its line,
//! column and fix.

use std::collections::HashMap;

use serde::Deserialize;

use super::names::{constant_name, describe_char, suggest_variant, variant_name_problem};
use super::problem::{Problem, quoted};
use super::vocabulary::{Category, Retry};

/// The columns of the table, in the order the file keeps them.
pub const COLUMNS: [&str; 9] = [
    "code",
    "variant",
    "description",
    "info_vi",
    "remedy_vi",
    "category",
    "retry",
    "info_en",
    "remedy_en",
];

/// The most rows the generated lookup tables can index (a row number is a u16,
/// and one value marks an empty slot).
pub const MAX_ROWS: usize = u16::MAX as usize;

/// One code of the table, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line of the file where the row starts.
    pub line: u64,
    pub code: i32,
    pub variant: String,
    pub description: String,
    pub info_vi: Option<String>,
    pub remedy_vi: Option<String>,
    pub category: Category,
    pub retry: Retry,
    pub info_en: Option<String>,
    pub remedy_en: Option<String>,
}

impl Row {
    /// The name of the row's constant in `codes`.
    pub fn constant(&self) -> String {
        constant_name(&self.variant)
    }
}

/// The cells of a row as text, mapped from the header by serde.
#[derive(Deserialize)]
struct Cells {
    code: String,
    variant: String,
    description: String,
    info_vi: String,
    remedy_vi: String,
    category: String,
    retry: String,
    info_en: String,
    remedy_en: String,
}

const SAVE_AS_CSV_UTF8: &str = "save the file again as \"CSV UTF-8 (Comma delimited)\" \
    (Excel: File > Save As; LibreOffice: File > Save As > Text CSV, character set Unicode (UTF-8), \
    field delimiter \",\"; Google Sheets: File > Download > CSV).";

/// Reads and checks the whole table.
pub fn read(bytes: &[u8]) -> Result<Vec<Row>, Vec<Problem>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let line = 1 + bytes[..error.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            return Err(vec![Problem::at_line(
                line,
                "the file is not UTF-8 text (it was probably saved in a Windows code page such as \
                 Windows-1258, which breaks Vietnamese letters).",
                SAVE_AS_CSV_UTF8,
            )]);
        }
    };
    // Excel's "CSV UTF-8" starts the file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Windows line ends become plain ones, inside quoted cells too, before the
    // CSV reader counts lines (it counts a CRLF file's lines wrong). A file
    // with carriage returns alone (old Mac Excel) gets line feeds instead.
    let text = if text.contains('\n') {
        text.replace("\r\n", "\n")
    } else {
        text.replace('\r', "\n")
    };

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();

    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(vec![csv_problem(&error)]),
        None => return Err(vec![no_rows()]),
    };
    let header: Vec<String> = header.iter().map(clean_cell).collect();
    if let Some(problem) = wrong_separator(&header) {
        return Err(vec![problem]);
    }
    let header = check_header(&header)?;

    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(csv_problem(&error));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let cells: Vec<String> = record.iter().map(clean_cell).collect();
        if cells.iter().all(String::is_empty) {
            continue; // a blank line, or a spreadsheet's empty row: it holds nothing
        }
        if cells.len() != header.len() {
            problems.push(wrong_cell_count(line, cells.len(), header.len()));
            continue;
        }
        let record = csv::StringRecord::from(cells);
        match record.deserialize::<Cells>(Some(&header)) {
            Ok(cells) => {
                if let Some(row) = check_row(line, cells, &mut problems) {
                    rows.push(row);
                }
            }
            Err(error) => problems.push(Problem::at_line(
                line,
                format!("the row could not be read ({error})."),
                "compare the row with the rows around it.",
            )),
        }
    }
    check_across_rows(&rows, &mut problems);
    if rows.is_empty() && problems.is_empty() {
        problems.push(no_rows());
    }
    if rows.len() > MAX_ROWS {
        problems.push(Problem::in_file(
            format!(
                "the table has {} rows, more than the {MAX_ROWS} the crate can hold.",
                rows.len()
            ),
            "remove rows that are not ZNS codes.",
        ));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Trims white space (the non-breaking space of a web page included).
/// Anything else in the cell is kept as it is.
fn clean_cell(cell: &str) -> String {
    cell.trim_matches(char::is_whitespace).to_owned()
}

fn no_rows() -> Problem {
    Problem::in_file(
        "the table has no rows: there must be a header line and then one line for each code.",
        format!(
            "restore the file from version control, or start it with the header line {}.",
            COLUMNS.join(",")
        ),
    )
}

fn csv_problem(error: &csv::Error) -> Problem {
    let line = error.position().map_or(0, csv::Position::line);
    Problem::at_line(
        line,
        format!("the line could not be read as CSV ({error})."),
        SAVE_AS_CSV_UTF8,
    )
}

/// A header read as one cell that holds semicolons or tabs: the file was saved
/// with another list separator (Excel does so under Vietnamese or European
/// regional settings).
fn wrong_separator(header: &[String]) -> Option<Problem> {
    if header.len() != 1 {
        return None;
    }
    let name = if header[0].contains(';') {
        "semicolons (;)"
    } else if header[0].contains('\t') {
        "tabs"
    } else {
        return None;
    };
    Some(Problem::at_line(
        1,
        format!("the cells of the file are separated by {name}, not by commas."),
        format!(
            "{SAVE_AS_CSV_UTF8} If Excel keeps writing semicolons, set the list separator to \",\" in \
             Windows' region settings, or save from LibreOffice or Google Sheets."
        ),
    ))
}

/// Checks the header and returns it as the column names serde maps by.
fn check_header(header: &[String]) -> Result<csv::StringRecord, Vec<Problem>> {
    let expected = COLUMNS.join(", ");
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut names = Vec::with_capacity(header.len());
    for (index, cell) in header.iter().enumerate() {
        let letter = column_letter(index);
        let known = COLUMNS
            .iter()
            .find(|c| c.eq_ignore_ascii_case(cell))
            .copied();
        match known {
            Some(name) => {
                if let Some(&first) = seen.get(name) {
                    problems.push(Problem::at_line(
                        1,
                        format!(
                            "the column `{name}` appears twice in the header, in spreadsheet columns {} and {letter}.",
                            column_letter(first)
                        ),
                        "delete one of the two columns, keeping the one with the right text.",
                    ));
                } else {
                    seen.insert(name, index);
                }
                names.push(name.to_owned());
            }
            None => {
                let what = if cell.is_empty() {
                    format!("the header has an empty cell in spreadsheet column {letter}.")
                } else {
                    let hint = COLUMNS
                        .iter()
                        .filter(|c| !header.iter().any(|h| h.eq_ignore_ascii_case(c)))
                        .min_by_key(|c| edit_distance(&cell.to_ascii_lowercase(), c))
                        .filter(|c| edit_distance(&cell.to_ascii_lowercase(), c) <= 3)
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    format!(
                        "the header names an unknown column {} in spreadsheet column {letter}{hint}.",
                        quoted(cell)
                    )
                };
                problems.push(Problem::at_line(
                    1,
                    what,
                    format!("the header must name exactly these columns: {expected}."),
                ));
                names.push(cell.clone());
            }
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !seen.contains_key(c))
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::at_line(
            1,
            format!(
                "the header lacks the column(s) {}.",
                missing
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("the header must name exactly these columns: {expected}."),
        ));
    }
    if problems.is_empty() {
        Ok(csv::StringRecord::from(names))
    } else {
        Err(problems)
    }
}

/// The spreadsheet's name of a column: A, B, … Z, AA, …
fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
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

fn wrong_cell_count(line: u64, found: usize, wanted: usize) -> Problem {
    let what = format!("the row has {found} cells, but the header has {wanted}.");
    let fix = if found > wanted {
        "a text cell holds a comma that is not inside double quotes; put the cell's text in \
         \"double quotes\" (a spreadsheet program does this by itself when it saves), or remove \
         the extra cells at the end of the row."
    } else {
        "a cell is missing: every row needs a cell for each column, even an empty one \
         (two commas in a row)."
    };
    Problem::at_line(line, what, fix)
}

/// Checks one row's cells, pushing every problem found; returns the row when
/// it has none.
fn check_row(line: u64, cells: Cells, problems: &mut Vec<Problem>) -> Option<Row> {
    let before = problems.len();
    let texts = [
        ("code", &cells.code),
        ("variant", &cells.variant),
        ("description", &cells.description),
        ("info_vi", &cells.info_vi),
        ("remedy_vi", &cells.remedy_vi),
        ("category", &cells.category),
        ("retry", &cells.retry),
        ("info_en", &cells.info_en),
        ("remedy_en", &cells.remedy_en),
    ];
    for (column, text) in texts {
        if let Some((position, c)) = text
            .chars()
            .enumerate()
            .find(|&(_, c)| c.is_control() && c != '\n')
        {
            problems.push(Problem::in_cell(
                line,
                column,
                format!(
                    "the cell holds {}, a control character, at character {} of {}.",
                    describe_char(c),
                    position + 1,
                    quoted(text)
                ),
                "retype the cell; control characters are invisible and not allowed (only line breaks are).",
            ));
        }
    }

    let code = check_code(line, &cells.code, problems);
    let variant = check_variant(line, &cells.variant, &cells.description, problems);
    if cells.description.is_empty() {
        problems.push(Problem::in_cell(
            line,
            "description",
            "the cell is empty.",
            "copy the English text of the page's column \"Mô tả lỗi\" for this code.",
        ));
    }
    let category = check_vocabulary(
        line,
        "category",
        &cells.category,
        Category::ALL,
        Category::as_str,
        problems,
    );
    let retry = check_vocabulary(
        line,
        "retry",
        &cells.retry,
        Retry::ALL,
        Retry::as_str,
        problems,
    );
    check_translation(
        line,
        ("info_vi", &cells.info_vi),
        ("info_en", &cells.info_en),
        problems,
    );
    check_translation(
        line,
        ("remedy_vi", &cells.remedy_vi),
        ("remedy_en", &cells.remedy_en),
        problems,
    );

    if problems.len() != before {
        return None;
    }
    Some(Row {
        line,
        code: code?,
        variant,
        description: cells.description,
        info_vi: non_empty(cells.info_vi),
        remedy_vi: non_empty(cells.remedy_vi),
        category: category?,
        retry: retry?,
        info_en: non_empty(cells.info_en),
        remedy_en: non_empty(cells.remedy_en),
    })
}

fn non_empty(text: String) -> Option<String> {
    if text.is_empty() { None } else { Some(text) }
}

fn check_code(line: u64, text: &str, problems: &mut Vec<Problem>) -> Option<i32> {
    if text.is_empty() {
        problems.push(Problem::in_cell(
            line,
            "code",
            "the cell is empty.",
            "write the code as the page shows it: a whole number, with its minus sign.",
        ));
        return None;
    }
    match text.parse::<i128>() {
        Ok(wide) => {
            match i32::try_from(wide) {
                Ok(code) => Some(code),
                Err(_) => {
                    problems.push(Problem::in_cell(
                    line,
                    "code",
                    format!("{text} is too large for a ZNS code (codes lie between {} and {}).", i32::MIN, i32::MAX),
                    "check the number against the page; a spreadsheet may have joined two cells.",
                ));
                    None
                }
            }
        }
        Err(_) if text.starts_with(['\u{2212}', '\u{2013}', '\u{2014}']) => {
            problems.push(Problem::in_cell(
                line,
                "code",
                format!(
                    "{} starts with {} instead of the minus sign \"-\" (a web page's dash, pasted).",
                    quoted(text),
                    describe_char(text.chars().next().unwrap_or('-'))
                ),
                "delete the first character and type \"-\" on the keyboard.",
            ));
            None
        }
        Err(_) => {
            problems.push(Problem::in_cell(
                line,
                "code",
                format!("{} is not a whole number.", quoted(text)),
                "write the code as the page shows it: a whole number with its minus sign, without spaces, decimals or other text.",
            ));
            None
        }
    }
}

fn check_variant(line: u64, name: &str, description: &str, problems: &mut Vec<Problem>) -> String {
    if name.is_empty() {
        let fix = match suggest_variant(description) {
            Some(suggestion) => format!(
                "give the code a Rust name in UpperCamelCase made from its description, for example {suggestion}."
            ),
            None => "give the code a Rust name in UpperCamelCase made from the words of its English description.".to_owned(),
        };
        problems.push(Problem::in_cell(line, "variant", "the cell is empty.", fix));
    } else if let Some(why) = variant_name_problem(name) {
        let suggestion = suggest_variant(name)
            .or_else(|| suggest_variant(description))
            .map(|s| format!(" such as {s}"))
            .unwrap_or_default();
        problems.push(Problem::in_cell(
            line,
            "variant",
            format!("the name {} {why}.", quoted(name)),
            format!(
                "use a name in UpperCamelCase{suggestion}: a capital letter first, then letters and digits, \
                 acronyms written as words (Oa, Rsa, Zca, Qr, E2ee)."
            ),
        ));
    }
    name.to_owned()
}

fn check_vocabulary<T: Copy>(
    line: u64,
    column: &str,
    text: &str,
    all: &[T],
    spelling: fn(T) -> &'static str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let found = all.iter().copied().find(|&v| spelling(v) == text);
    if found.is_none() {
        let allowed: Vec<&str> = all.iter().map(|&v| spelling(v)).collect();
        let what = if text.is_empty() {
            "the cell is empty.".to_owned()
        } else {
            format!("{} is not one of the allowed values.", quoted(text))
        };
        problems.push(Problem::in_cell(
            line,
            column,
            what,
            format!(
                "write one of: {} (README.md explains each).",
                allowed.join(", ")
            ),
        ));
    }
    found
}

fn check_translation(line: u64, vi: (&str, &str), en: (&str, &str), problems: &mut Vec<Problem>) {
    match (vi.1.is_empty(), en.1.is_empty()) {
        (false, true) => problems.push(Problem::in_cell(
            line,
            en.0,
            format!("the cell is empty, but `{}` has text.", vi.0),
            format!("write the English translation of `{}` here.", vi.0),
        )),
        (true, false) => problems.push(Problem::in_cell(
            line,
            en.0,
            format!("the cell has text, but `{}` is empty.", vi.0),
            format!("an English cell translates the Vietnamese one: fill in `{}` from the page, or empty this cell.", vi.0),
        )),
        _ => {}
    }
}

/// Rules that span rows: codes and names are unique.
fn check_across_rows(rows: &[Row], problems: &mut Vec<Problem>) {
    let mut codes: HashMap<i32, u64> = HashMap::new();
    let mut names: HashMap<String, (u64, &str)> = HashMap::new();
    for row in rows {
        if let Some(first) = codes.insert(row.code, row.line) {
            codes.insert(row.code, first);
            problems.push(Problem::in_cell(
                row.line,
                "code",
                format!("the code {} is already used on line {first}.", row.code),
                format!(
                    "keep one row for code {}: delete or correct one of lines {first} and {}.",
                    row.code, row.line
                ),
            ));
        }
        let key = row.variant.to_ascii_lowercase();
        if let Some(&(first, name)) = names.get(&key) {
            let same = if name == row.variant {
                String::new()
            } else {
                format!(" (as {name}; names are compared ignoring case)")
            };
            problems.push(Problem::in_cell(
                row.line,
                "variant",
                format!(
                    "the name {} is already used on line {first}{same}.",
                    row.variant
                ),
                "give each code its own name.",
            ));
        } else {
            names.insert(key, (row.line, &row.variant));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "code,variant,description,info_vi,remedy_vi,category,retry,info_en,remedy_en\n";

    fn table(rows: &str) -> Vec<u8> {
        format!("{HEADER}{rows}").into_bytes()
    }

    fn problems(bytes: &[u8]) -> Vec<String> {
        read(bytes)
            .expect_err("the table should be refused")
            .iter()
            .map(|p| p.render("t.csv"))
            .collect()
    }

    #[test]
    fn a_good_row_is_read_with_its_texts() {
        let rows = read(&table("-108,PhoneNumberInvalid,Phone number invalid,Số,\"- a\n- b\",request,after_fix,Number,\"- A\n- B\"\n")).unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(
            (row.line, row.code, row.variant.as_str()),
            (2, -108, "PhoneNumberInvalid")
        );
        assert_eq!(row.remedy_vi.as_deref(), Some("- a\n- b"));
        assert_eq!(
            (row.category, row.retry),
            (Category::Request, Retry::AfterFix)
        );
        assert_eq!(row.constant(), "PHONE_NUMBER_INVALID");
    }

    #[test]
    fn spreadsheet_artifacts_give_the_same_table() {
        let plain = read(&table(
            "-1,A,Desc,x,\"l1\nl2\",internal,backoff,y,\"m1\nm2\"\n-2,B,D,,,quota,next_day,,\n",
        ))
        .unwrap();
        let excel = "\u{feff}code,variant,description,info_vi,remedy_vi,category,retry,info_en,remedy_en\r\n\
                     \u{a0}-1 , A,Desc\u{a0},x,\"l1\r\nl2\",internal,backoff,y,\"m1\r\nm2\"\r\n-2,B,D,,,quota,next_day,,\r\n\r\n,,,,,,,,\r\n\r\n";
        assert_eq!(plain, read(excel.as_bytes()).unwrap());
        let old_mac = excel.replace("\r\n", "\r");
        assert_eq!(plain, read(old_mac.as_bytes()).unwrap());
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let bytes = "retry,code,variant,description,info_vi,remedy_vi,category,info_en,remedy_en\nnever,-5,Five,D,,,recipient,,\n";
        let rows = read(bytes.as_bytes()).unwrap();
        assert_eq!((rows[0].code, rows[0].retry), (-5, Retry::Never));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let found = problems(&table(
            "abc,PhoneNumberInvalid,D,,,request,after_fix,,\n-1,bad name,D,,,request,soon,,\n",
        ));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("t.csv:2: column `code`: \"abc\" is not a whole number."));
        assert!(
            found[1]
                .starts_with("t.csv:3: column `variant`: the name \"bad name\" contains a space")
        );
        assert!(found[2].contains("t.csv:3: column `retry`: \"soon\" is not one of the allowed values. Fix: write one of: not_needed, backoff,"));
    }

    #[test]
    fn messages_name_the_line_where_a_multi_line_row_starts() {
        let found = problems(&table(
            "-1,A,D,\"x\ny\nz\",,internal,backoff,,\n-2,B,,,,internal,backoff,,\n",
        ));
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with(
                "t.csv:2: column `info_en`: the cell is empty, but `info_vi` has text."
            )
        );
        assert!(found[1].starts_with("t.csv:5: column `description`: the cell is empty."));
    }

    #[test]
    fn not_utf8_says_how_to_save() {
        let mut bytes = table("-1,A,D,,,internal,backoff,,\n");
        bytes.extend_from_slice(b"-2,B,S\xf4,,,internal,backoff,,\n");
        let found = problems(&bytes);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("t.csv:3: the file is not UTF-8 text"));
        assert!(found[0].contains("CSV UTF-8"));
    }

    #[test]
    fn semicolons_and_tabs_are_recognised() {
        let semi = problems(HEADER.replace(',', ";").as_bytes());
        assert!(
            semi[0].contains("separated by semicolons (;), not by commas"),
            "{semi:?}"
        );
        let tabs = problems(HEADER.replace(',', "\t").as_bytes());
        assert!(tabs[0].contains("separated by tabs"), "{tabs:?}");
    }

    #[test]
    fn header_problems_list_the_expected_columns() {
        let found = problems(
            b"code,variant,descripton,info_vi,remedy_vi,category,retry,info_en,remedy_en,code\n",
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains(
            "unknown column \"descripton\" in spreadsheet column C (did you mean `description`?)"
        ));
        assert!(
            found[1].contains("`code` appears twice in the header, in spreadsheet columns A and J")
        );
        assert!(found[2].contains("lacks the column(s) `description`"));
        assert!(found[0].contains(
            "Fix: the header must name exactly these columns: code, variant, description, info_vi"
        ));
        assert!(found[1].contains("Fix: delete one of the two columns"));
    }

    #[test]
    fn wrong_cell_counts_are_explained() {
        let found = problems(&table(
            "-1,A,D,a, b,,internal,backoff,x,\n-2,B,D,,,internal,backoff,\n",
        ));
        assert!(found[0].starts_with("t.csv:2: the row has 10 cells, but the header has 9."));
        assert!(found[0].contains("double quotes"));
        assert!(found[1].starts_with("t.csv:3: the row has 8 cells, but the header has 9."));
    }

    #[test]
    fn a_pasted_dash_is_not_a_minus_sign() {
        let found = problems(&table("\u{2212}108,A,D,,,internal,backoff,,\n"));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains("starts with \"−\" (U+2212) instead of the minus sign \"-\""),
            "{found:?}"
        );
    }

    #[test]
    fn codes_must_fit_and_be_unique() {
        let found = problems(&table(
            "3000000000,A,D,,,internal,backoff,,\n,B,D,,,internal,backoff,,\n-1,C,D,,,internal,backoff,,\n-1,E,D,,,internal,backoff,,\n",
        ));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("3000000000 is too large for a ZNS code"));
        assert!(found[1].starts_with("t.csv:3: column `code`: the cell is empty."));
        assert!(
            found[2].starts_with("t.csv:5: column `code`: the code -1 is already used on line 4.")
        );
    }

    #[test]
    fn variant_problems_suggest_a_name() {
        let found = problems(&table(
            ",,Phone number invalid,,,request,after_fix,,\n-2,Self,D,,,internal,backoff,,\n-3,Dup,D,,,internal,backoff,,\n-4,DUP,D,,,internal,backoff,,\n-5,Dup,D,,,internal,backoff,,\n",
        ));
        assert!(
            found.iter().any(
                |m| m.starts_with("t.csv:2: column `variant`: the cell is empty.")
                    && m.contains("for example PhoneNumberInvalid")
            ),
            "{found:#?}"
        );
        assert!(found.iter().any(|m| m.starts_with(
            "t.csv:3: column `variant`: the name \"Self\" is the Rust keyword `self`."
        )));
        assert!(found.iter().any(|m| {
            m.starts_with("t.csv:5: column `variant`: the name \"DUP\" has two capital letters")
        }));
        assert!(found.iter().any(|m| {
            m.starts_with("t.csv:6: column `variant`: the name Dup is already used on line 4.")
        }));
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_kept() {
        let found = problems(&table("-1,A,D,\"a\u{7}b\",,internal,backoff,x,\n"));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("t.csv:2: column `info_vi`: the cell holds the invisible character U+0007, a control character, at character 2"));
        let lone_cr = problems(&table("-1,A,D,\"a\rb\",,internal,backoff,x,\n"));
        assert!(
            lone_cr[0].contains("a carriage return (U+000D)"),
            "{lone_cr:?}"
        );
    }

    #[test]
    fn an_empty_file_or_a_header_alone_has_no_rows() {
        assert!(problems(b"")[0].starts_with("t.csv: the table has no rows"));
        assert!(problems(HEADER.as_bytes())[0].starts_with("t.csv: the table has no rows"));
    }

    #[test]
    fn category_and_retry_list_the_allowed_values() {
        let found = problems(&table("-1,A,D,,,money,,,\n"));
        assert_eq!(found.len(), 2);
        assert!(found[0].contains("column `category`: \"money\" is not one of the allowed values. Fix: write one of: success, application, auth,"));
        assert!(found[1].contains("column `retry`: the cell is empty. Fix: write one of: not_needed, backoff, refresh_token, after_night_window, next_day, after_fix, never"));
    }

    #[test]
    fn spreadsheet_column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
