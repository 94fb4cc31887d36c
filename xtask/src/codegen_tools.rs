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
        assert_eq!(blanks(text.en), ["b", "a"]);
    }

    #[test]
    fn a_column_is_found_by_name() {
        assert_eq!(column("code").map(|c| c.name), Some("code"));
        assert!(column("Code").is_none());
    }
}
