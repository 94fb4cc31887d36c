//! Turns data/zns_error_codes.csv into Rust: see codegen/ for the steps.

// What only the maintainers' tools and the tests use is in
// xtask/src/codegen_tools.rs, outside the build's folder.
#[path = "codegen/mod.rs"]
mod codegen;

use std::path::{Path, PathBuf};

use codegen::Problem;
use codegen::messages::{self, Lang, Phrase};

/// Where the table is, relative to the crate.
const TABLE: &str = codegen::TABLE_PATH;
/// Another table for the build, for this repository's tests only (see
/// `table_override`).
const TABLE_OVERRIDE: &str = "ZALO_ZNS_ERRORS_CSV";

// Problems are reported with `cargo::error=` and a normal exit: Cargo then
// shows each message on its own and fails the build, with no backtrace and no
// dump of the script's output.
fn main() {
    for input in [
        "build.rs",
        "codegen",
        "src/code/vocabulary.rs",
        "src/code/name_hash.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let (path, shown) = match table_override() {
        Some(path) => {
            let shown = path.display().to_string();
            (path, shown)
        }
        None => (PathBuf::from(TABLE), TABLE.to_owned()),
    };
    println!("cargo::rerun-if-changed={}", path.display());

    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = Problem::in_file(
                Phrase::new(messages::FILE_UNREADABLE).with("error", error),
                Phrase::new(messages::FILE_UNREADABLE_FIX)
                    .with_phrase("get_back", messages::GET_THE_FILE_BACK.into()),
            );
            println!("cargo::error={}", problem.render(&shown, Lang::En));
            return;
        }
    };
    // The copy of the page beside the table dates it in the docs; a table
    // elsewhere (the override) may have none.
    let page_copy = path.with_file_name(codegen::page_copy::file_name());
    println!("cargo::rerun-if-changed={}", page_copy.display());
    let compared = std::fs::read_to_string(&page_copy)
        .ok()
        .and_then(|text| codegen::page_copy::saved_on(&text).map(codegen::page_copy::compared_note))
        .unwrap_or_default();
    match codegen::generate(&bytes) {
        Ok(generated) => {
            let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("Cargo sets OUT_DIR"));
            write(&out.join("zns_error_codes.rs"), &generated.code);
            write(
                &out.join("zns_error_codes.md"),
                &format!("{compared}{}", generated.markdown),
            );
        }
        Err(problems) => {
            for problem in &problems {
                println!("cargo::error={}", problem.render(&shown, Lang::En));
            }
            let summary = Phrase::new(messages::SUMMARY).with("count", problems.len());
            // Last, in both languages: the line an editor reads first.
            for lang in [Lang::En, Lang::Vi] {
                println!("cargo::error={shown}: {}", summary.render(lang));
            }
        }
    }
}

/// The table `ZALO_ZNS_ERRORS_CSV` names, in a build from a checkout of the
/// repository, where tests build copies of the crate with broken or missing
/// tables. Anywhere else the variable is ignored: the table decides the API
/// and what a sender does with each code, which only a release may change,
/// so nothing in a user's environment can swap it. A build script runs in
/// the package's folder. The published crate has no `tests/` (Cargo.toml's
/// `include` leaves it out), and Cargo marks a dependency it fetched (from a
/// registry or Git) with `.cargo-ok`, one it vendored with
/// `.cargo-checksum.json`.
fn table_override() -> Option<PathBuf> {
    let checkout = Path::new("tests").is_dir()
        && !Path::new(".cargo-ok").exists()
        && !Path::new(".cargo-checksum.json").exists();
    if !checkout {
        return None;
    }
    println!("cargo::rerun-if-env-changed={TABLE_OVERRIDE}");
    std::env::var_os(TABLE_OVERRIDE).map(PathBuf::from)
}

fn write(path: &Path, text: &str) {
    if let Err(error) = std::fs::write(path, text) {
        println!("cargo::error=cannot write {}: {error}", path.display());
    }
}
