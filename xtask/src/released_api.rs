//! `cargo xtask released-api`: records, at a release, the library's version
//! and the table's codes, names and labels as the released API, which
//! tests/api_guard.rs holds the table to.

use std::path::Path;

use crate::Outcome;
use crate::codegen::columns;
use crate::codegen::messages::{Lang, Phrase};
use crate::codegen::table;
use crate::text;
use crate::workspace::{RELEASED_API, TABLE};

/// The library's manifest, as this tool was built with it (Cargo rebuilds the
/// tool when it changes).
const LIBRARY_MANIFEST: &str = include_str!("../../Cargo.toml");

/// The library's version: the `version` of the `[package]` in its Cargo.toml.
pub fn library_version() -> &'static str {
    let mut in_package = false;
    for line in LIBRARY_MANIFEST.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            let value = line.strip_prefix("version").map(str::trim_start);
            if let Some(version) = value.and_then(|v| v.strip_prefix('=')) {
                return version.trim().trim_matches('"');
            }
        }
    }
    panic!("the library's Cargo.toml has no [package] version")
}

/// The released API file for these rows: a header, the version, then one
/// line a code with its labels, tab-separated.
pub fn contents(rows: &[table::Row]) -> String {
    let mut out = format!(
        "# code\tvariant\tconstant\tcategory\tretry\tscope — the API and labels of the version below, written by `cargo xtask released-api` at its release; see tests/api_guard.rs\nversion\t{}\n",
        library_version()
    );
    let label = |row: &table::Row, column| row.label(column).map_or("", |label| label.0);
    for row in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            row.code,
            row.variant,
            row.constant(),
            label(row, columns::CATEGORY),
            label(row, columns::RETRY),
            label(row, columns::SCOPE),
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
