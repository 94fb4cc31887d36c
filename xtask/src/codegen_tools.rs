//! The parts of the generator that only the maintainers' tools and the tests
//! use: they live here, out of the build's folder and out of the package, so
//! the build compiles only what it runs. tests/codegen.rs includes this file
//! beside codegen/mod.rs, as `codegen_tools`.

use crate::codegen::columns::{COLUMNS, Column};
use crate::codegen::header::Header;
use crate::codegen::messages::{Lang, is_blank_name};
use crate::codegen::page_copy::OFFICIAL_PAGE;
use crate::codegen::problem::Problem;
use crate::codegen::rows::clean_cell;

impl Lang {
    /// The language asked for by `--lang`'s value or by a locale such as
    /// `LANG=vi_VN.UTF-8`: Vietnamese for `vi…`, English otherwise.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("vi") {
            Lang::Vi
        } else {
            Lang::En
        }
    }
}

impl Problem {
    /// The file's line, when the problem is in a row.
    pub fn line(&self) -> Option<u64> {
        self.place.map(|p| p.line)
    }
}

/// The column named `name`.
pub fn column(name: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.name == name)
}

/// The names of the blanks of a sentence, in order of appearance.
pub fn blanks(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_blank_name(&after[..close]) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

/// The notes a kept copy of the page starts with, dated;
/// [`saved_on`](crate::codegen::page_copy::saved_on) reads the date back.
pub fn page_copy_notes(saved_on: &str) -> String {
    format!(
        "# Zalo's page \"Cách xử lý mã lỗi\" ({OFFICIAL_PAGE}),\n\
         # saved on {saved_on}. data/zns_error_codes.csv follows this copy; the tests hold it to it.\n\
         # `cargo xtask page-diff PAGE --apply` replaces this file. Do not edit it by hand.\n"
    )
}

/// Where each column is in the table's file, when its header can be read:
/// the build reads it the same way, then goes on to the rows.
pub fn header_of(bytes: &[u8]) -> Option<Header> {
    let decoded = crate::codegen::text::decode(bytes).ok()?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let record = reader.records().next()?.ok()?;
    let cells: Vec<String> = record.iter().map(clean_cell).collect();
    crate::codegen::header::read(&cells).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::messages::Text;

    #[test]
    fn a_locale_picks_the_language() {
        assert_eq!(Lang::from_locale("vi_VN.UTF-8"), Lang::Vi);
        assert_eq!(Lang::from_locale("vi"), Lang::Vi);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn blanks_are_named_in_order_and_other_braces_are_not() {
        let text = Text {
            en: "{b} {a} {B} {} {x",
            vi: "",
        };
        assert_eq!(within_seconds(move || blanks(text.en)), ["b", "a"]);
    }

    #[test]
    fn a_column_is_found_by_name() {
        assert_eq!(column("code").map(|c| c.name), Some("code"));
        assert!(column("Code").is_none());
    }

    #[test]
    fn every_column_is_found_by_its_own_name_and_no_other() {
        for expected in COLUMNS {
            let found = column(expected.name).expect("a column");
            assert!(std::ptr::eq(found, expected), "{}", expected.name);
            assert_eq!(found.array, expected.array);
        }
        assert!(column("").is_none());
        assert!(column("codes").is_none());
    }

    #[test]
    fn the_english_locales_and_others_pick_english() {
        for locale in ["VI_VN", "vi-VN", "Vi"] {
            assert_eq!(Lang::from_locale(locale), Lang::Vi, "{locale}");
        }
        for locale in ["C.UTF-8", "POSIX", "fr_FR", "en", "xvi", " vi"] {
            assert_eq!(Lang::from_locale(locale), Lang::En, "{locale}");
        }
    }

    /// Runs `f` on another thread and fails if it takes more than ten
    /// seconds: a loop that no longer moves on fails the test instead of
    /// hanging it.
    fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || send.send(f()));
        receive
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("finished within ten seconds")
    }

    #[test]
    fn blanks_are_found_anywhere_in_a_sentence() {
        assert_eq!(
            within_seconds(|| blanks("x {b} y {long_name}{a}.")),
            ["b", "long_name", "a"]
        );
        assert_eq!(within_seconds(|| blanks("{x{y}}")), ["y"]);
        assert_eq!(within_seconds(|| blanks("a {B} {1}")), Vec::<&str>::new());
        assert_eq!(within_seconds(|| blanks("")), Vec::<&str>::new());
        assert_eq!(within_seconds(|| blanks("{")), Vec::<&str>::new());
        // Every blank of every sentence of the build's catalogue.
        for (name, text) in crate::codegen::messages::ALL {
            for sentence in [text.en, text.vi] {
                for blank in within_seconds(move || blanks(sentence)) {
                    assert!(sentence.contains(&format!("{{{blank}}}")), "{name}");
                }
            }
        }
        assert_eq!(
            within_seconds(|| blanks(crate::codegen::messages::CODE_DUPLICATE_FIX.en)),
            ["code", "first_row", "row"]
        );
    }

    #[test]
    fn a_problem_in_a_row_has_its_line() {
        use crate::codegen::messages::NO_ROWS;
        use crate::codegen::problem::Place;
        let place = Place {
            line: 7,
            row: Some(5),
        };
        assert_eq!(Problem::in_row(place, NO_ROWS, NO_ROWS).line(), Some(7));
        assert_eq!(Problem::in_file(NO_ROWS, NO_ROWS).line(), None);
    }

    #[test]
    fn the_notes_of_a_page_copy_give_back_their_date() {
        let notes = page_copy_notes("2026-03-04");
        assert_eq!(
            crate::codegen::page_copy::saved_on(&notes),
            Some("2026-03-04")
        );
        assert!(notes.starts_with("# Zalo's page \"Cách xử lý mã lỗi\" ("));
        assert!(notes.contains(OFFICIAL_PAGE));
        assert!(notes.ends_with("Do not edit it by hand.\n"));
        assert_eq!(notes.lines().count(), 3);
        assert!(notes.lines().all(|line| line.starts_with("# ")));
    }

    #[test]
    fn the_header_of_a_file_says_where_each_column_is() {
        use crate::codegen::table::header_line;
        let header = header_of(format!("{}\n-1,A\n", header_line()).as_bytes()).expect("a header");
        assert_eq!(header.width, COLUMNS.len());
        for index in 0..COLUMNS.len() {
            assert_eq!(header.position(index), index);
        }
        // Columns in another order, in capitals, with spaces and a byte-order mark.
        let others: Vec<&str> = COLUMNS[1..].iter().map(|c| c.name).collect();
        let text = format!("\u{feff}{} , CODE\r\n", others.join(","));
        let header = header_of(text.as_bytes()).expect("a header");
        assert_eq!(header.width, COLUMNS.len());
        assert_eq!(header.position(0), COLUMNS.len() - 1);
        assert_eq!(header.position(1), 0);
        assert_eq!(header.position(2), 1);
        // Not a header, not text, or nothing at all.
        assert_eq!(header_of(b"code;variant;description\n"), None);
        assert_eq!(header_of(b"\xff\xfe\x00"), None);
        assert_eq!(header_of(b""), None);
    }
}
