//! The pull request's annotations: the problem matcher registered by
//! .github/workflows/ci.yml turns each problem that `cargo xtask check` and
//! the library's build print into an annotation on its line of the table.
//! Both run for real here, on the same broken table: the tool works while
//! the library does not build, and they say the same.

mod support;

#[allow(dead_code, reason = "the test uses one of the crate copy's helpers")]
#[path = "../../tests/support/crate_copy.rs"]
mod crate_copy;

use std::path::Path;
use std::process::Command;

use regex::Regex;
use support::{repository, workspace};
use xtask::codegen::messages::Lang;
use xtask::codegen::table;
use xtask::workspace::TABLE;

/// The matcher's patterns: its owner, its regular expression, and the
/// groups of the file, the line (if any) and the message.
fn matchers() -> Vec<(String, Regex, usize, Option<usize>, usize)> {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repository().join(".github/zns-table-matcher.json")).unwrap(),
    )
    .unwrap();
    json["problemMatcher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|matcher| {
            let pattern = &matcher["pattern"][0];
            let group = |name: &str| pattern[name].as_u64().map(|g| g as usize);
            (
                matcher["owner"].as_str().unwrap().to_owned(),
                Regex::new(pattern["regexp"].as_str().unwrap()).unwrap(),
                group("file").unwrap(),
                group("line"),
                group("message").unwrap(),
            )
        })
        .collect()
}

/// The annotations the matchers make of `output`: file, line, message.
fn annotations(output: &str) -> Vec<(String, Option<u64>, String)> {
    let matchers = matchers();
    output
        .lines()
        .filter_map(|line| {
            // GitHub applies the matchers in order; the first that matches wins.
            matchers
                .iter()
                .find_map(|(_, regex, file, number, message)| {
                    let found = regex.captures(line)?;
                    Some((
                        found[*file].to_owned(),
                        number.map(|n| found[n].parse().unwrap()),
                        found[*message].to_owned(),
                    ))
                })
        })
        .collect()
}

/// The table with problems in three rows and an empty category on a fourth.
fn broken_table() -> String {
    let table = support::real_table_with(2, &[("category", "requests")]);
    let table = support::table_text::with_cells(&table, 3, &[("retry", "later")]);
    support::table_text::with_cells(&table, 4, &[("category", "")])
}

/// What each problem of `table` should become: file, line, message.
fn expected(table: &str) -> Vec<(String, Option<u64>, String)> {
    table::read_all(table.as_bytes())
        .problems
        .iter()
        .map(|problem| {
            let rendered = problem.render(TABLE, Lang::En);
            let prefix = match problem.line() {
                Some(line) => format!("{TABLE}:{line}: "),
                None => format!("{TABLE}: "),
            };
            (
                TABLE.to_owned(),
                problem.line(),
                rendered[prefix.len()..].to_owned(),
            )
        })
        .collect()
}

#[test]
fn check_output_becomes_one_annotation_per_problem_on_its_line() {
    let table = broken_table();
    let root = workspace("matcher", table.as_bytes());
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("check")
        .current_dir(&root)
        .env("LANG", "C")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let found = annotations(&stdout);
    let wanted = expected(&table);
    assert_eq!(wanted.len(), 3, "{stdout}");
    assert_eq!(found, wanted, "{stdout}");
    assert!(
        found
            .iter()
            .all(|(_, line, message)| line.is_some() && message.contains(" Fix: "))
    );
}

#[test]
fn a_problem_of_the_whole_file_is_annotated_on_the_file() {
    let root = workspace("matcher-file", b"");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("check")
        .current_dir(&root)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let found = annotations(&stdout);
    assert_eq!(
        found.len(),
        1,
        "the summary line is not a problem: {stdout}"
    );
    assert_eq!((found[0].0.as_str(), found[0].1), (TABLE, None));
    assert!(found[0].2.starts_with("the table has no rows"), "{stdout}");
}

#[test]
fn the_librarys_build_fails_on_the_same_table_with_the_same_annotations() {
    // A copy of the library with the broken table, built by Cargo.
    let table = broken_table();
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("matcher-library");
    crate_copy::copy_crate(
        &repository(),
        &copy,
        &["src", "codegen", "data"],
        &["build.rs", "Cargo.lock", "README.md"],
        &crate_copy::light_manifest(&repository()),
    );
    std::fs::write(copy.join(TABLE), &table).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["check", "--lib", "--offline", "--quiet"])
        .current_dir(&copy)
        // The target folder of tests/table_edits.rs, which builds the same
        // light copy of the crate: the copy's dependencies (the generator's
        // parser and printer, optimised) are compiled once for both. The
        // copies' paths differ, so their own units do not meet.
        .env(
            "CARGO_TARGET_DIR",
            copy.with_file_name("table-edits").join("target"),
        )
        .env_remove("ZALO_ZNS_ERRORS_CSV")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(!output.status.success(), "the library does not build");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let found = annotations(&stderr);
    assert_eq!(found, expected(&table), "{stderr}");
}
