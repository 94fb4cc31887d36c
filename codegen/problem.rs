//! A problem found in the data, worded for the person who edits the CSV, and
//! placed where they see it: the file's line for a text editor or a pull
//! request, the spreadsheet's row and column for a spreadsheet program.

use super::messages::{self, Lang, Phrase};

/// A row of the table: where it starts in the file and in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The file's line where the row starts (the header is line 1).
    pub line: u64,
    /// The spreadsheet's row number (the header is row 1). It runs behind the
    /// line where a cell holds line breaks; `None` where the file could not
    /// be split into rows.
    pub row: Option<u64>,
}

/// A column of the file, as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnAt {
    /// The spreadsheet's letter: A, B, … Z, AA, …
    pub letter: String,
    /// The header's name of the column.
    pub name: String,
}

impl ColumnAt {
    /// The column at `index` (0 for A) with the header name `name`.
    pub fn new(index: usize, name: &str) -> ColumnAt {
        ColumnAt {
            letter: column_letter(index),
            name: name.to_owned(),
        }
    }
}

/// One thing wrong with the table: where it is, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row the problem is in; `None` for the file as a whole.
    pub place: Option<Place>,
    /// The row's code, when its cell could be read.
    pub code: Option<i32>,
    /// The column the problem is in.
    pub column: Option<ColumnAt>,
    /// What is wrong.
    pub what: Phrase,
    /// How to fix it.
    pub fix: Phrase,
}

impl Problem {
    /// A problem in the file as a whole.
    pub fn in_file(what: impl Into<Phrase>, fix: impl Into<Phrase>) -> Problem {
        Problem {
            place: None,
            code: None,
            column: None,
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// A problem in one row, outside any particular column.
    pub fn in_row(place: Place, what: impl Into<Phrase>, fix: impl Into<Phrase>) -> Problem {
        Problem {
            place: Some(place),
            ..Problem::in_file(what, fix)
        }
    }

    /// Names the column the problem is in.
    pub fn in_column(mut self, column: ColumnAt) -> Problem {
        self.column = Some(column);
        self
    }

    /// Names the row's code.
    pub fn with_code(mut self, code: Option<i32>) -> Problem {
        self.code = code;
        self
    }

    /// The message on one line, as Cargo and `cargo xtask check` show it:
    /// `file:LINE: row R (code C), column G `retry`: what. Fix: how.`
    pub fn render(&self, file: &str, lang: Lang) -> String {
        let mut out = String::from(file);
        let mut located = Vec::new();
        if let Some(place) = self.place {
            out.push_str(&format!(":{}", place.line));
            if let Some(row) = place.row {
                let mut row = Phrase::new(messages::AT_ROW).with("row", row).render(lang);
                if let Some(code) = self.code {
                    row.push_str(
                        &Phrase::new(messages::AT_CODE)
                            .with("code", code)
                            .render(lang),
                    );
                }
                located.push(row);
            }
        }
        if let Some(column) = &self.column {
            located.push(
                Phrase::new(messages::AT_COLUMN)
                    .with("letter", &column.letter)
                    .with("name", &column.name)
                    .render(lang),
            );
        }
        out.push_str(": ");
        if !located.is_empty() {
            out.push_str(&located.join(", "));
            out.push_str(": ");
        }
        out.push_str(&self.what.render(lang));
        out.push(' ');
        out.push_str(messages::FIX.get(lang));
        out.push(' ');
        out.push_str(&self.fix.render(lang));
        // Cargo reads one directive a line: a stray line break would cut the message.
        out.replace(['\r', '\n'], " ")
    }
}

/// The spreadsheet's name of a column: A, B, … Z, AA, …
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Quotes a cell's text for a message, as the editor sees it: an invisible
/// character is shown as `[U+200B]` where it is, a line break as `⏎`, and a
/// long text is cut with `…`.
pub fn quoted(text: &str) -> String {
    const MAX: usize = 60;
    let mut shown = String::from("\"");
    for c in text.chars().take(MAX) {
        match c {
            '\n' => shown.push('⏎'),
            c if is_invisible(c) => shown.push_str(&format!("[U+{:04X}]", c as u32)),
            c => shown.push(c),
        }
    }
    if text.chars().count() > MAX {
        shown.push('…');
    }
    shown.push('"');
    shown
}

/// Whether a character is invisible in a spreadsheet's cell: control and
/// format characters, and other characters Rust's debug escape would escape,
/// apart from the combining marks of decomposed Vietnamese.
pub fn is_invisible(c: char) -> bool {
    if c.is_control() {
        return true;
    }
    let escaped = c.escape_debug().count() > 1;
    let combining = ('\u{300}'..='\u{36f}').contains(&c);
    escaped && !combining
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> Problem {
        Problem::in_row(
            Place {
                line: 74,
                row: Some(56),
            },
            Phrase::new(messages::CELL_EMPTY),
            Phrase::new(messages::CODE_FIX),
        )
    }

    #[test]
    fn a_cell_is_placed_by_line_row_code_and_column() {
        let message = problem()
            .with_code(Some(-152))
            .in_column(ColumnAt::new(6, "retry"))
            .render("data/zns_error_codes.csv", Lang::En);
        assert_eq!(
            message,
            "data/zns_error_codes.csv:74: row 56 (code -152), column G `retry`: the cell is empty. \
             Fix: write the code as the page shows it: a whole number with its minus sign, without spaces, decimals or other text."
        );
        let vi = problem()
            .with_code(Some(-152))
            .in_column(ColumnAt::new(6, "retry"))
            .render("data/zns_error_codes.csv", Lang::Vi);
        assert!(
            vi.starts_with(
                "data/zns_error_codes.csv:74: hàng 56 (mã -152), cột G `retry`: ô này đang trống. Cách sửa: ghi mã"
            ),
            "{vi}"
        );
    }

    #[test]
    fn a_row_without_a_code_and_the_file_as_a_whole() {
        assert!(
            problem()
                .render("t.csv", Lang::En)
                .starts_with("t.csv:74: row 56: the cell is empty. Fix: ")
        );
        let file = Problem::in_file(messages::NOT_UTF8, messages::SAVE_AS_CSV_UTF8);
        assert!(
            file.render("t.csv", Lang::En)
                .starts_with("t.csv: the file is not UTF-8 text")
        );
    }

    #[test]
    fn spreadsheet_column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn quoted_text_shows_invisible_characters_where_they_are() {
        assert_eq!(quoted("ID\u{7} thông"), "\"ID[U+0007] thông\"");
        assert_eq!(quoted("a\u{200b}b\nc"), "\"a[U+200B]b⏎c\"");
        // Decomposed Vietnamese stays as it is.
        assert_eq!(quoted("Sô\u{301}"), "\"Sô\u{301}\"");
        assert_eq!(quoted(&"x".repeat(61)), format!("\"{}…\"", "x".repeat(60)));
        // Exactly as long as shown: whole, no mark of a cut.
        assert_eq!(quoted(&"ô".repeat(60)), format!("\"{}\"", "ô".repeat(60)));
    }
}
