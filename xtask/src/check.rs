//! `cargo xtask check [CSV]`: the build's rules and messages, without a build.

use std::path::Path;

use crate::Outcome;
use crate::codegen::messages::{self, Lang, Phrase};
use crate::codegen::problem::Problem;
use crate::codegen::table;
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
    let reading = table::read_all(&bytes);
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
