//! EDITING.md, the editors' guide, against the tools: every command it (and
//! the tools' own sentences) gives is one the tools accept and can run; the
//! copies of the page it saves are the ones its commands read; its example
//! messages are worded as the tools word them (whatever the numbers); its
//! rules name every value and every pair of labels the check holds to; and
//! where it puts the CHANGELOG lines is a section CHANGELOG.md has.

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

/// The guide with its fenced code blocks taken out, and the lines of those
/// blocks.
fn prose_and_code(doc: &str) -> (String, Vec<&str>) {
    let (mut prose, mut code) = (String::new(), Vec::new());
    let mut in_code = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if in_code {
            code.push(line.trim());
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    (prose, code)
}

/// Every `cargo xtask …` command `doc` gives: the lines of its code blocks
/// and its spans in backticks (a span broken over lines made one line);
/// `cargo xtask` alone names the tools, and is no command.
fn xtask_commands(doc: &str) -> Vec<String> {
    let (prose, code) = prose_and_code(doc);
    let spans = prose
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|span| span.split_whitespace().collect::<Vec<_>>().join(" "));
    code.into_iter()
        .map(str::to_owned)
        .chain(spans)
        .filter(|command| command.starts_with("cargo xtask "))
        .collect()
}

/// The commands the tools name, and how: the command's words after
/// `cargo xtask`, with the guide's placeholders filled. `…` in the middle
/// stands for a copy of the page, at the end for "and so on"; a sentence's
/// blanks get a value they take.
fn arguments(command: &str) -> Vec<Vec<String>> {
    let words: Vec<&str> = command["cargo xtask".len()..].split_whitespace().collect();
    let last = words.len().saturating_sub(1);
    let filled: Vec<String> = words
        .iter()
        .enumerate()
        .filter(|&(i, word)| !(*word == "…" && i == last))
        .map(|(_, word)| {
            match *word {
                "…" | "PAGE" => "zns-error-page.html",
                "CSV" => "data/zns_error_codes.csv",
                "URL" => xtask::fetch::OFFICIAL_PAGE,
                "FILE" => "report.md",
                "YYYY-MM-DD" | "{saved_on}" => "2026-11-30",
                "data/{file}" => "data/zns_error_page.txt",
                other => other,
            }
            .to_owned()
        })
        .collect();
    // `COMMAND` and `{command}`: each command.
    match filled
        .iter()
        .position(|w| w == "COMMAND" || w == "{command}")
    {
        Some(at) => ["check", "page-diff", "released-api"]
            .iter()
            .map(|name| {
                let mut args = filled.clone();
                args[at] = name.to_string();
                args
            })
            .collect(),
        None => vec![filled],
    }
}

#[test]
fn the_commands_are_read_with_their_placeholders_filled() {
    let doc = "Run `cargo xtask check`, then\n`cargo xtask page-diff … --apply\n--lang vi`.\n\n\
               ```sh\ncargo xtask page-diff zns-error-page.html\n```\n`cargo test`";
    assert_eq!(
        xtask_commands(doc),
        [
            "cargo xtask page-diff zns-error-page.html",
            "cargo xtask check",
            "cargo xtask page-diff … --apply --lang vi"
        ]
    );
    assert_eq!(
        arguments("cargo xtask page-diff … --apply"),
        [["page-diff", "zns-error-page.html", "--apply"]]
    );
    assert_eq!(arguments("cargo xtask COMMAND …").len(), 3);
    assert_eq!(arguments("cargo xtask COMMAND …")[2], ["released-api"]);
}

/// Runs `args` as the program would in a copy of the repository holding
/// the real table and page copy, with `zns-error-page.html` and
/// `zns-error-page.txt` saved from the table's rows; `None` when the command
/// reads the web (it is only parsed then).
fn run_harmlessly(args: &[String]) -> Option<xtask::Outcome> {
    if args
        .iter()
        .any(|a| a == "--live" || a.starts_with("https://"))
    {
        return None;
    }
    let root = support::workspace("guide-command", &support::real_table());
    let rows = support::real_rows();
    support::page_file(&root, "zns-error-page.html", &support::html_page(&rows));
    support::page_file(&root, "zns-error-page.txt", &support::text_page(&rows));
    // The tools read a path from where they run, as an editor's terminal
    // does: from the repository's folder.
    let args: Vec<String> = args
        .iter()
        .map(|arg| match root.join(arg) {
            path if path.is_file() || arg == "report.md" => path.to_string_lossy().into_owned(),
            _ => arg.clone(),
        })
        .collect();
    Some(xtask::run(&args, "en_US.UTF-8", &root))
}

#[test]
fn every_command_the_guide_and_the_tools_give_is_one_the_tools_accept() {
    let repository = support::repository();
    let config = std::fs::read_to_string(repository.join(".cargo/config.toml")).unwrap();
    let mut sources: Vec<(String, String)> = vec![
        ("EDITING.md".to_owned(), guide()),
        (".cargo/config.toml".to_owned(), config),
    ];
    for (name, text) in xtask::text::ALL.iter().chain(xtask::codegen::messages::ALL) {
        for lang in [Lang::En, Lang::Vi] {
            sources.push((format!("{name} ({lang:?})"), text.get(lang).to_owned()));
        }
    }
    let mut checked = 0;
    for (source, text) in &sources {
        for command in xtask_commands(text) {
            for args in arguments(&command) {
                let parsed = xtask::cli::parse(&args);
                assert!(
                    parsed.is_ok(),
                    "{source} gives `{command}`, which the tools refuse: {}",
                    parsed.unwrap_err().0.render(Lang::En)
                );
                if let Some(outcome) = run_harmlessly(&args) {
                    assert!(
                        outcome.status < 2,
                        "{source} gives `{command}`, which cannot run: {}",
                        outcome.stderr
                    );
                }
                checked += 1;
            }
        }
    }
    // The guide's own: check, page-diff with and without --apply, --live.
    assert!(checked > 20, "{checked} commands");
    let guide = xtask_commands(&guide());
    for expected in [
        "cargo xtask check",
        "cargo xtask check --lang vi",
        "cargo xtask page-diff --live",
        "cargo xtask page-diff zns-error-page.html --apply",
    ] {
        assert!(guide.iter().any(|c| c == expected), "{expected}: {guide:?}");
    }
}

#[test]
fn a_command_with_an_option_the_tools_lack_is_refused() {
    for command in [
        "cargo xtask page-diff zns-error-page.html --write",
        "cargo xtask check --lang=fr",
        "cargo xtask page-diff … --saved-on today",
        "cargo xtask diff zns-error-page.html",
    ] {
        for args in arguments(command) {
            assert!(xtask::cli::parse(&args).is_err(), "{command}");
        }
    }
}

/// The page files (`….html`, `….txt`) that `text` names in backticks,
/// besides the copy the repository keeps.
fn page_files(text: &str) -> BTreeSet<String> {
    let (prose, _) = prose_and_code(text);
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| {
            !span.contains(char::is_whitespace)
                && !span.contains('/')
                && (span.ends_with(".html") || span.ends_with(".txt"))
                && *span != xtask::codegen::page_copy::file_name()
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_copy_of_the_page_the_guide_saves_is_one_its_commands_read() {
    let guide = guide();
    let vietnamese = guide.find("## Tiếng Việt").unwrap();
    for part in [&guide[..vietnamese], &guide[vietnamese..]] {
        // What the editor is told to save: the step "Save the page".
        let round = &part[part.find("1. **").unwrap()..];
        let save_step = &round[..round.find("\n2. **").unwrap()];
        let saved = page_files(save_step);
        let read: BTreeSet<String> = xtask_commands(part)
            .iter()
            .filter(|c| c.starts_with("cargo xtask page-diff "))
            .filter_map(|c| c.split_whitespace().nth(3).map(str::to_owned))
            .filter(|page| !page.starts_with('-') && !page.contains('/') && page != "…")
            .collect();
        assert_eq!(saved.len(), 2, "an HTML and a text copy: {save_step}");
        assert_eq!(
            saved, read,
            "the guide saves {saved:?}, and its commands read {read:?}"
        );
    }
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

/// Zalo's pages the guides link to, as `<https://zalo.cloud/…>`.
fn zalo_pages(doc: &str) -> Vec<&str> {
    doc.split("<https://zalo.cloud/")
        .skip(1)
        .map(|piece| {
            let end = piece.find('>').unwrap_or(piece.len());
            &piece[..end]
        })
        .collect()
}

#[test]
fn the_guides_name_the_page_the_tools_read() {
    let readme = std::fs::read_to_string(support::repository().join("README.md")).unwrap();
    let guide = guide();
    let official = xtask::fetch::OFFICIAL_PAGE
        .strip_prefix("https://zalo.cloud/")
        .expect("the official page is on zalo.cloud");
    for (file, doc) in [("README.md", &readme), ("EDITING.md", &guide)] {
        let pages = zalo_pages(doc);
        assert!(!pages.is_empty(), "{file} links to Zalo's page");
        for page in pages {
            assert_eq!(
                page, official,
                "{file} links to another address than the tools read"
            );
        }
    }
}
