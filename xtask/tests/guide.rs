//! EDITING.md, the editors' guide, against the tools: its example messages
//! are worded as the tools word them (whatever the numbers), and its
//! Vietnamese rules name every value of every label.

mod support;

#[path = "../../tests/support/markdown.rs"]
mod markdown;

use std::collections::BTreeSet;

use xtask::codegen::columns::{COLUMNS, Kind, RULES};
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

/// The anchor GitHub gives a heading: lower case, spaces as `-`, and only
/// letters, digits, `-` and `_` kept.
fn anchor(heading: &str) -> String {
    heading
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn every_link_into_the_guides_leads_to_a_heading() {
    let readme = std::fs::read_to_string(support::repository().join("README.md")).unwrap();
    let guide = guide();
    let anchors =
        |doc: &str| -> Vec<String> { markdown::headings(doc).into_iter().map(anchor).collect() };
    let (in_readme, in_guide) = (anchors(&readme), anchors(&guide));
    // The pull request's report, the guide's own links, and the README's.
    let mut links: Vec<String> = vec![
        xtask::report::GUIDE_EN.to_owned(),
        xtask::report::GUIDE_VI.to_owned(),
    ];
    for (doc, file) in [(&guide, "EDITING.md"), (&readme, "README.md")] {
        for piece in doc.split("](").skip(1) {
            let target = piece.split(')').next().unwrap();
            if let Some(section) = target.strip_prefix('#') {
                links.push(format!("{file}#{section}"));
            } else if target.starts_with("README.md#") || target.starts_with("EDITING.md#") {
                links.push(target.to_owned());
            }
        }
    }
    assert!(links.len() > 4, "{links:?}");
    for link in links {
        let (file, section) = link.split_once('#').unwrap();
        let headings = if file == "README.md" {
            &in_readme
        } else {
            &in_guide
        };
        assert!(
            headings.iter().any(|h| h == section),
            "{link} leads to no heading; {file} has {headings:?}"
        );
    }
}

/// The headings of CHANGELOG.md.
fn changelog_headings() -> Vec<String> {
    let changelog = std::fs::read_to_string(support::repository().join("CHANGELOG.md")).unwrap();
    markdown::headings(&changelog)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The spans in backticks of `text` that are Markdown headings (`## …`).
fn headings_named(text: &str) -> Vec<&str> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| span.starts_with("## ") || span.starts_with("### "))
        .collect()
}

#[test]
fn the_changelog_lines_go_under_headings_the_changelog_has() {
    let headings = changelog_headings();
    // Keep a Changelog: an `[Unreleased]` section above the releases.
    let first_section = headings.iter().find(|h| h.starts_with("## "));
    assert_eq!(
        first_section.map(String::as_str),
        Some("## [Unreleased]"),
        "{headings:?}"
    );
    // What page-diff prints before the lines, and the guide, in both
    // languages: they name the section as a heading the changelog has, or
    // has had in a release (a section of the kind to start).
    let said = [Lang::En, Lang::Vi].map(|lang| xtask::text::changelog_add().render(lang));
    let guide = guide();
    for text in said.iter().map(String::as_str).chain([guide.as_str()]) {
        let named = headings_named(text);
        assert!(named.contains(&"## [Unreleased]"), "{text}");
        for heading in named {
            assert!(
                headings.iter().any(|h| h == heading),
                "`{heading}` is no heading of CHANGELOG.md: {headings:?}"
            );
        }
        // `[Unreleased]` only ever as the heading it is.
        assert_eq!(
            text.matches("[Unreleased]").count(),
            text.matches("`## [Unreleased]`").count(),
            "{text}"
        );
    }
}

/// The titles of the guide's sections that `message` points to:
/// `EDITING.md, "Title"` or `EDITING.md, mục "Title"`.
fn guide_sections_named(message: &str) -> Vec<&str> {
    message
        .split("EDITING.md,")
        .skip(1)
        .filter_map(|rest| rest.split('"').nth(1))
        .collect()
}

/// The guide's section whose heading, backticks left out, is `title`: its
/// place in the guide and its text up to the next heading.
fn section<'a>(guide: &'a str, title: &str) -> Option<(usize, &'a str)> {
    let mut at = 0;
    for line in guide.split_inclusive('\n') {
        let heading = line.trim_start_matches('#');
        if line.starts_with('#') && heading.trim().replace('`', "") == title {
            let body = &guide[at + line.len()..];
            let end = body.find("\n#").map_or(body.len(), |end| end + 1);
            return Some((at, &body[..end]));
        }
        at += line.len();
    }
    None
}

/// The rules of a section's table of pairs: each row's four names in
/// backticks (column, value, column, value).
fn pairs(section: &str) -> BTreeSet<[String; 4]> {
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| {
            let names: Vec<String> = line
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            names.try_into().ok()
        })
        .collect()
}

#[test]
fn the_message_for_labels_that_disagree_points_to_the_pairs_in_each_language() {
    let rules: BTreeSet<[String; 4]> = RULES
        .iter()
        .map(|r| [r.if_column, r.is, r.then_column, r.must].map(str::to_owned))
        .collect();
    // A row the build refuses for a pair: a sent message that is retried.
    let row = support::all_rows()
        .iter()
        .position(|r| r.code != 0)
        .unwrap()
        + 1;
    let broken = support::real_table_with(
        row,
        &[
            ("category", "success"),
            ("retry", "backoff"),
            ("scope", "nothing"),
        ],
    );
    let problems = table::read_all(broken.as_bytes()).problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    let guide = guide();
    let vietnamese = guide.find("## Tiếng Việt").unwrap();
    for lang in [Lang::En, Lang::Vi] {
        let message = problems[0].render("data/zns_error_codes.csv", lang);
        let titles = guide_sections_named(&message);
        assert!(
            !titles.is_empty(),
            "{lang:?}: no section of EDITING.md in {message}"
        );
        let with_pairs = titles.iter().find_map(|title| {
            let (at, text) = section(&guide, title)
                .unwrap_or_else(|| panic!("{lang:?}: EDITING.md has no section {title:?}"));
            (pairs(text) == rules).then_some(at)
        });
        let at = with_pairs.unwrap_or_else(|| {
            panic!("{lang:?}: {titles:?} of EDITING.md do not list the pairs {rules:?}: {message}")
        });
        // In the part of the guide in the message's language.
        assert_eq!(at > vietnamese, lang == Lang::Vi, "{lang:?}: {titles:?}");
    }
}
