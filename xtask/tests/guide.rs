//! EDITING.md, the editors' guide, against the tools: its example messages
//! are worded as the tools word them (whatever the numbers), and its
//! Vietnamese rules name every value of every label.

mod support;

#[path = "../../tests/support/markdown.rs"]
mod markdown;

use xtask::codegen::columns::{COLUMNS, Kind};
use xtask::codegen::messages::Lang;
use xtask::codegen::table;

fn guide() -> String {
    std::fs::read_to_string(support::repository().join("EDITING.md")).unwrap()
}

/// The guide's `text` code blocks: its example messages, English first.
fn examples() -> Vec<String> {
    guide()
        .split("```text\n")
        .skip(1)
        .map(|block| block.split("\n```").next().unwrap().to_owned())
        .collect()
}

/// A message with its line, row and code written as `#`.
fn without_numbers(message: &str) -> String {
    let mut out = String::new();
    let mut digits = false;
    for c in message.chars() {
        if c.is_ascii_digit() || (c == '-' && !digits && out.ends_with(' ')) {
            if !digits {
                out.push('#');
            }
            digits = true;
        } else {
            digits = false;
            out.push(c);
        }
    }
    out
}

#[test]
fn the_example_messages_are_worded_as_the_tools_word_them() {
    // The examples put "later" in a row's `retry` cell.
    let broken = support::real_table_with(2, &[("retry", "later")]);
    let problems = table::read_all(broken.as_bytes()).problems;
    assert_eq!(problems.len(), 1);
    let examples = examples();
    assert_eq!(examples.len(), 2, "an English and a Vietnamese example");
    for (example, lang) in examples.iter().zip([Lang::En, Lang::Vi]) {
        let said = problems[0].render("data/zns_error_codes.csv", lang);
        assert_eq!(without_numbers(example), without_numbers(&said), "{lang:?}");
    }
}

#[test]
fn the_vietnamese_rules_name_every_value() {
    let guide = guide();
    let vietnamese = &guide[guide.find("## Tiếng Việt").unwrap()..];
    for column in COLUMNS {
        let Kind::Label(vocabulary) = column.kind else {
            continue;
        };
        let values = markdown::first_column(vietnamese, column.name);
        assert_eq!(values, vocabulary.spellings(), "{}", column.name);
    }
}

#[test]
fn the_guide_names_the_tools_that_exist() {
    let guide = guide();
    for command in [
        "cargo xtask check",
        "cargo xtask page-diff",
        "--apply",
        "cargo test --workspace",
        "--lang vi",
    ] {
        assert!(guide.contains(command), "{command}");
    }
    assert!(!guide.contains("cargo run --example page-diff"));
}
