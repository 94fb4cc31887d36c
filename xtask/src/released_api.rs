//! `cargo xtask released-api`: records the table's codes and names as the
//! released API, which tests/api_guard.rs holds the table to.

use std::path::Path;

use crate::Outcome;
use crate::codegen::messages::{Lang, Phrase};
use crate::codegen::table;
use crate::text;
use crate::workspace::{RELEASED_API, TABLE};

/// The released API file for these rows: one line a code, tab-separated.
pub fn contents(rows: &[table::Row]) -> String {
    let mut out = String::from(
        "# code\tvariant\tconstant — the released API, written by `cargo xtask released-api`; see tests/api_guard.rs\n",
    );
    for row in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\n",
            row.code,
            row.variant,
            row.constant()
        ));
    }
    out
}

pub fn run(root: &Path, lang: Lang) -> Outcome {
    let bytes = match crate::check::read_file(&root.join(TABLE), TABLE, lang) {
        Ok(bytes) => bytes,
        Err(message) => return Outcome::cannot_run(message),
    };
    let rows = match table::read(&bytes) {
        Ok(rows) => rows,
        // A table with problems is not a release: list them as check does.
        Err(_) => return crate::check::run(root, None, lang),
    };
    let path = root.join(RELEASED_API);
    if let Err(error) = std::fs::write(&path, contents(&rows)) {
        return Outcome::cannot_run(
            Phrase::new(text::CANNOT_WRITE)
                .with("file", RELEASED_API)
                .with("error", error)
                .render(lang),
        );
    }
    Outcome {
        stdout: Phrase::new(text::RELEASED_API_WRITTEN)
            .with("file", RELEASED_API)
            .with("rows", rows.len())
            .render(lang)
            + "\n",
        ..Outcome::default()
    }
}
