//! README.md states a rule for every value of every label, and shows the same
//! sender loop as the crate's documentation, so neither drifts from the code.

#[path = "support/markdown.rs"]
mod markdown;

use std::collections::BTreeSet;

use zalo_zns_errors::{Category, ErrorCode, Retry, Scope};

const README: &str = include_str!("../README.md");
const SENDER_LOOP: &str = include_str!("../src/sender_loop.md");

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
fn every_value_the_data_uses_is_explained() {
    let used = |f: fn(ErrorCode) -> String| -> BTreeSet<String> {
        ErrorCode::ALL.iter().map(|&c| f(c)).collect()
    };
    for (label, used) in [
        ("category", used(|c| c.category().to_string())),
        ("retry", used(|c| c.retry().to_string())),
        ("scope", used(|c| c.scope().to_string())),
    ] {
        let explained: BTreeSet<String> = values(label).into_iter().collect();
        assert!(
            used.is_subset(&explained),
            "data/zns_error_codes.csv uses {label} values that README.md does not explain: {:?}",
            used.difference(&explained).collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_readme_shows_the_crate_docs_sender_loop() {
    assert!(
        README.contains(SENDER_LOOP),
        "README.md's sender loop differs from src/sender_loop.md"
    );
}
