//! README.md states a rule for every value of every label, once; its retry
//! table says what `next_step` gives for each policy; it shows the code the
//! crate's documentation shows, as the documentation shows it.

#[path = "support/markdown.rs"]
mod markdown;

use std::collections::BTreeSet;

use std::time::{Duration, UNIX_EPOCH};

use zalo_zns_errors::{Attempts, Category, NextStep, Retry, Scope};

const README: &str = include_str!("../README.md");
const EDITING: &str = include_str!("../EDITING.md");
const LIB: &str = include_str!("../src/lib.rs");

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
