//! `cargo xtask check [CSV]`: the build's rules and messages, without a build.

use std::path::Path;

use crate::Outcome;
use crate::codegen::columns::{self, COLUMNS};
use crate::codegen::messages::{self, Lang, Phrase};
use crate::codegen::page_copy;
use crate::codegen::problem::Problem;
use crate::codegen::table::{self, Reading};
use crate::codegen_tools::header_of;
use crate::page;
use crate::text;
use crate::workspace::TABLE;

/// Reads the table at `path` (shown as `shown`): its bytes, or the problem
/// the build reports for a file it cannot read.
pub fn read_file(path: &Path, shown: &str, lang: Lang) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| {
        Problem::in_file(
            Phrase::new(messages::FILE_UNREADABLE).with("error", error),
            Phrase::new(messages::FILE_UNREADABLE_FIX)
                .with_phrase("get_back", messages::GET_THE_FILE_BACK.into()),
        )
        .render(shown, lang)
    })
}

/// Checks the table (data/zns_error_codes.csv, or `csv` as given).
pub fn run(root: &Path, csv: Option<&str>, lang: Lang) -> Outcome {
    let (path, shown) = match csv {
        Some(csv) => (Path::new(csv).to_path_buf(), csv.to_owned()),
        None => (root.join(TABLE), TABLE.to_owned()),
    };
    let bytes = match read_file(&path, &shown, lang) {
        Ok(bytes) => bytes,
        Err(message) => return Outcome::cannot_run(message),
    };
    let mut reading = table::read_all(&bytes);
    let page_copy = path.with_file_name(page_copy::file_name());
    if let Ok(kept) = std::fs::read(&page_copy) {
        reading
            .problems
            .extend(marks_against_the_page(&reading, &bytes, &kept));
    }
    let mut stdout = String::new();
    for problem in &reading.problems {
        stdout.push_str(&problem.render(&shown, lang));
        stdout.push('\n');
    }
    let summary = if reading.problems.is_empty() {
        Phrase::new(text::CHECK_CLEAN).with("rows", reading.drafts.len())
    } else {
        Phrase::new(text::CHECK_SUMMARY).with("count", reading.problems.len())
    };
    stdout.push_str(&summary.with("file", &shown).render(lang));
    stdout.push('\n');
    Outcome {
        stdout,
        stderr: String::new(),
        status: u8::from(!reading.problems.is_empty()),
    }
}

/// The `dropped_on` marks that disagree with the copy of the page kept beside
/// the table (`kept`): a mark on a code the copy lists, and a code the copy
/// lacks that has no mark. `page-diff --apply` writes and clears the marks;
/// an editor who typed or deleted one is told so.
pub fn marks_against_the_page(reading: &Reading, bytes: &[u8], kept: &[u8]) -> Vec<Problem> {
    let Ok(page) = page::read(kept) else {
        return Vec::new();
    };
    // The copy's date: what `page-diff --apply` writes in a mark, so the
    // fix for a missing mark gives it (`--apply` alone would write today's).
    let dated = page_copy::saved_on(&String::from_utf8_lossy(kept)).map(str::to_owned);
    let saved_on = dated.clone().unwrap_or_else(|| "?".to_owned());
    let unmarked_fix = if dated.is_some() {
        text::UNMARKED_BUT_DROPPED_FIX
    } else {
        text::UNMARKED_BUT_DROPPED_FIX_UNDATED
    };
    let Some(at) = columns::index(columns::DROPPED_ON) else {
        return Vec::new();
    };
    let column = header_of(bytes).map(|header| header.column_at(at));
    let mut problems = Vec::new();
    for draft in &reading.drafts {
        let Some(code) = draft.code() else { continue };
        let mark = draft.cells.get(at).map_or("", String::as_str);
        let listed = page.rows.iter().any(|row| row.code == code);
        let (what, fix) = match (listed, mark.is_empty()) {
            (true, false) => (text::MARKED_BUT_LISTED, text::MARKED_BUT_LISTED_FIX),
            (false, true) => (text::UNMARKED_BUT_DROPPED, unmarked_fix),
            _ => continue,
        };
        let mut problem = Problem::in_row(
            draft.place,
            Phrase::new(what)
                .with("date", mark)
                .with("file", page_copy::file_name())
                .with("saved_on", &saved_on),
            Phrase::new(fix)
                .with("column", COLUMNS[at].name)
                .with("file", page_copy::file_name())
                .with("saved_on", &saved_on),
        )
        .with_code(Some(code));
        if let Some(column) = &column {
            problem = problem.in_column(column.clone());
        }
        problems.push(problem);
    }
    problems
}
