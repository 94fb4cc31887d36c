//! README.md states a rule for every value of every label, once; it shows the
//! same sender loop as the crate's documentation; and no table in README.md
//! or EDITING.md that names codes disagrees with the data.

#[path = "support/markdown.rs"]
mod markdown;

use std::collections::BTreeSet;

use zalo_zns_errors::{Category, ErrorCode, Retry, Scope};

const README: &str = include_str!("../README.md");
const EDITING: &str = include_str!("../EDITING.md");
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

#[test]
fn tables_that_name_codes_agree_with_the_data() {
    let order: Vec<i32> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
    type Label = fn(ErrorCode) -> String;
    let labels: [(&[String], Label); 3] = [
        (&spellings(Category::ALL), |c| c.category().to_string()),
        (&spellings(Retry::ALL), |c| c.retry().to_string()),
        (&spellings(Scope::ALL), |c| c.scope().to_string()),
    ];
    for (name, doc) in [("README.md", README), ("EDITING.md", EDITING)] {
        for (line, cells) in markdown::table_rows(doc) {
            let row = cells.join(" | ");
            let codes = markdown::codes_named(&row, &order);
            for code in codes {
                let Some(code) = ErrorCode::from_code(code) else {
                    panic!("{name}:{line} names {code}, which the table does not have");
                };
                // Each kind of label the row names must include the code's.
                for (spellings, label) in &labels {
                    let named: Vec<&String> = spellings
                        .iter()
                        .filter(|s| row.contains(&format!("`{s}`")))
                        .collect();
                    let value = label(code);
                    assert!(
                        named.is_empty() || named.contains(&&value),
                        "{name}:{line} puts {} with {named:?}, but the data says `{value}`",
                        code.code()
                    );
                }
            }
        }
    }
}

#[test]
fn the_readme_shows_the_crate_docs_sender_loop() {
    assert!(
        README.contains(SENDER_LOOP),
        "README.md's sender loop differs from src/sender_loop.md"
    );
}
