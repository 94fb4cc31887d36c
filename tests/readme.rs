//! README.md states a rule for every value of every label, once; its retry
//! table says what `next_step` gives for each policy; it shows the code the
//! crate's documentation shows, as the documentation shows it. CHANGELOG.md
//! counts the English cells a commit rewrote as that commit's diff does.

#[path = "support/markdown.rs"]
mod markdown;

use std::collections::BTreeSet;

use std::time::{Duration, UNIX_EPOCH};

use zalo_zns_errors::{Attempts, Category, NextStep, Retry, Scope};

const README: &str = include_str!("../README.md");
const EDITING: &str = include_str!("../EDITING.md");
const LIB: &str = include_str!("../src/lib.rs");
const CHANGELOG: &str = include_str!("../CHANGELOG.md");

/// The first cells of the README table headed `| label |`.
fn values(label: &str) -> Vec<String> {
    markdown::first_column(README, label)
}

fn spellings<T: std::fmt::Display>(all: &[T]) -> Vec<String> {
    all.iter().map(ToString::to_string).collect()
}

#[test]
fn every_value_has_its_rule_in_the_readme() {
    assert_eq!(values("category"), spellings(Category::ALL));
    assert_eq!(values("retry"), spellings(Retry::ALL));
    assert_eq!(values("scope"), spellings(Scope::ALL));
}

#[test]
fn no_heading_repeats() {
    for (name, doc) in [("README.md", README), ("EDITING.md", EDITING)] {
        let mut seen = BTreeSet::new();
        for heading in markdown::headings(doc) {
            assert!(
                seen.insert(heading),
                "{name} has the heading {heading:?} twice: one section per subject"
            );
        }
    }
}

/// The steps `NextStep` has, as the README's retry table names them.
const STEPS: [&str; 5] = [
    "Done",
    "RetryAt",
    "RefreshToken",
    "OtherChannel",
    "FixFirst",
];

/// The name of a step, as the README spells it.
fn step_name(step: NextStep) -> &'static str {
    match step {
        NextStep::Done => "Done",
        NextStep::RetryAt(_) => "RetryAt",
        NextStep::RefreshToken => "RefreshToken",
        NextStep::OtherChannel { .. } => "OtherChannel",
        _ => "FixFirst",
    }
}

#[test]
fn the_retry_table_says_what_next_step_gives() {
    // 2026-12-02 10:00 in Vietnam: a daytime answer, a message's first.
    let now = UNIX_EPOCH + Duration::from_secs(1_796_180_400);
    for (line, cells) in markdown::table_rows(README) {
        let Some(retry) = cells
            .first()
            .and_then(|cell| cell.trim().trim_matches('`').parse::<Retry>().ok())
        else {
            continue;
        };
        let Some(says) = cells.get(2) else { continue };
        // The first step the cell names is the first answer's.
        let first_named = STEPS
            .iter()
            .filter_map(|step| says.find(&format!("`{step}`")).map(|at| (at, *step)))
            .min()
            .map(|(_, step)| step);
        let step = retry.next_step(&mut Attempts::new(), now);
        assert_eq!(
            first_named,
            Some(step_name(step)),
            "README.md:{line}: the row of `{retry}` says {says:?}, but next_step gives {step:?}"
        );
        // Whether the recipient is suppressed is said, and only for them.
        if let NextStep::OtherChannel { suppress_recipient } = step {
            assert_eq!(
                says.contains("stop sending ZNS"),
                suppress_recipient,
                "README.md:{line}: the row of `{retry}` and suppress_recipient: {suppress_recipient}"
            );
        }
    }
}

/// The code blocks of the crate's front page, as README.md would show them.
fn crate_doc_blocks() -> Vec<String> {
    let docs: String = LIB
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(|line| format!("{}\n", line.strip_prefix(' ').unwrap_or(line)))
        .collect();
    docs.split("```")
        .skip(1)
        .step_by(2)
        .map(|block| {
            block
                .split_once('\n')
                .map_or("", |(_, code)| code)
                .to_owned()
        })
        .collect()
}

#[test]
fn the_readme_shows_the_crate_docs_code_as_they_do() {
    let blocks = crate_doc_blocks();
    assert!(!blocks.is_empty());
    for block in blocks {
        assert!(
            README.contains(&block),
            "README.md does not show this block of src/lib.rs's documentation:\n{block}"
        );
    }
}

#[test]
fn the_first_code_block_is_a_look_up() {
    let first = README.split("```rust\n").nth(1).expect("a Rust block");
    assert!(first.contains("ErrorCode::from_code"), "{first}");
}

/// Each "The English of N cells in M codes (commit C)" of CHANGELOG.md, as
/// (N, M, C). Other sentences about the English (an editor's "The English
/// of -115 is reworded") state no count to check.
fn stated_rewrites() -> Vec<(usize, usize, String)> {
    let text = CHANGELOG.split_whitespace().collect::<Vec<_>>().join(" ");
    text.split("The English of ")
        .skip(1)
        .filter_map(|statement| {
            let words: Vec<&str> = statement.split(' ').take(7).collect();
            let [cells, "cells", "in", codes, "codes", "(commit", commit] = words[..] else {
                return None;
            };
            Some((
                cells.parse().ok()?,
                codes.parse().ok()?,
                commit.strip_suffix(')')?.to_owned(),
            ))
        })
        .collect()
}

/// The table at `commit` (`git show`), or None outside a Git checkout that
/// has it.
fn table_at(commit: &str) -> Option<String> {
    let output = std::process::Command::new("git")
        .args(["show", &format!("{commit}:data/zns_error_codes.csv")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).unwrap())
}

/// The English cells (`info_en`, `remedy_en`) that differ between two
/// tables, and the codes they are in.
fn english_changes(before: &str, after: &str) -> (usize, usize) {
    let rows = |table: &str| {
        let mut reader = csv::Reader::from_reader(table.trim_start_matches('\u{feff}').as_bytes());
        let header = reader.headers().unwrap().clone();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (info, remedy) = (at("info_en"), at("remedy_en"));
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_owned(), [r[info].to_owned(), r[remedy].to_owned()])
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (before, after) = (rows(before), rows(after));
    let mut cells = 0;
    let mut codes = 0;
    for (code, english) in &after {
        let Some(old) = before.get(code) else {
            continue;
        };
        let changed = english.iter().zip(old).filter(|(a, b)| a != b).count();
        cells += changed;
        codes += usize::from(changed > 0);
    }
    (cells, codes)
}

#[test]
fn the_changelog_counts_rewritten_english_as_the_commit_does() {
    let statements = stated_rewrites();
    assert!(statements.len() >= 2, "{statements:?}");
    for (cells, codes, commit) in statements {
        let (Some(before), Some(after)) = (table_at(&format!("{commit}~")), table_at(&commit))
        else {
            // A copy without the repository's history (a shallow clone).
            eprintln!("commit {commit} is not in this checkout: its count is not checked here");
            continue;
        };
        assert_eq!(
            english_changes(&before, &after),
            (cells, codes),
            "CHANGELOG.md says commit {commit} rewrote {cells} English cells in {codes} codes"
        );
    }
}
