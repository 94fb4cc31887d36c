//! The tools as a user runs them: the real program (`cargo xtask` runs it),
//! its help, its exit status, its languages, and `check` and `released-api`.

mod support;

use std::process::Command;

use support::{real_table, run, workspace};
use xtask::codegen::messages::Lang;
use xtask::workspace::{RELEASED_API, TABLE};

/// Runs the built program in `dir` with `args`, its language from `lang`.
fn program(dir: &std::path::Path, args: &[&str], lang: &str) -> (String, String, i32) {
    program_in_locale(dir, args, &[("LANG", lang)])
}

/// Runs the built program in `dir` with `args`, with only the locale
/// variables of `locale` set.
fn program_in_locale(
    dir: &std::path::Path,
    args: &[&str],
    locale: &[(&str, &str)],
) -> (String, String, i32) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args).current_dir(dir);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    for (name, value) in locale {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_command_has_help_in_both_languages() {
    let root = workspace("help", &real_table());
    for (args, start) in [
        (&["--help"][..], "cargo xtask: the tools"),
        (&["check", "--help"][..], "cargo xtask check [CSV]"),
        (&["page-diff", "-h"][..], "cargo xtask page-diff PAGE"),
        (&["released-api", "--help"][..], "cargo xtask released-api"),
    ] {
        let (stdout, _, status) = program(&root, args, "en_US.UTF-8");
        assert_eq!(status, 0);
        assert!(stdout.starts_with(start), "{args:?}: {stdout}");
    }
    let (stdout, _, _) = program(&root, &["--help"], "vi_VN.UTF-8");
    assert!(stdout.starts_with("cargo xtask: các công cụ"), "{stdout}");
    let (stdout, _, _) = program(&root, &["check", "--help", "--lang", "en"], "vi_VN.UTF-8");
    assert!(
        stdout.contains("Checks the error table"),
        "--lang wins over LANG: {stdout}"
    );
}

#[test]
fn the_help_names_the_official_page_and_leaves_no_blank() {
    let root = workspace("help-page", &real_table());
    for lang in ["en", "vi"] {
        for args in [&["--help"][..], &["page-diff", "--help"][..]] {
            let mut args = args.to_vec();
            args.extend(["--lang", lang]);
            let (stdout, _, status) = program(&root, &args, "C");
            assert_eq!(status, 0);
            let left = xtask::codegen_tools::blanks(&stdout);
            assert!(left.is_empty(), "{args:?}: {left:?} left in {stdout}");
            if args[0] == "page-diff" {
                assert!(
                    stdout.contains(xtask::fetch::OFFICIAL_PAGE),
                    "{args:?}: {stdout}"
                );
            }
        }
    }
}

/// The words of a usage line that name what a command reads: its options
/// (`--apply`) and the placeholders of its arguments (`PAGE`, `FILE`).
fn inputs(usage: &str) -> Vec<&str> {
    usage
        .split(|c: char| c.is_whitespace() || "[]|".contains(c))
        .filter(|word| {
            word.starts_with("--")
                || (word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase() || c == '-'))
        })
        .collect()
}

#[test]
fn the_top_level_help_shows_what_each_command_reads() {
    use xtask::text::{HELP, HELP_CHECK, HELP_PAGE_DIFF, HELP_RELEASED_API};
    for lang in [Lang::En, Lang::Vi] {
        let top = HELP.get(lang);
        for (command, help) in [
            ("check", HELP_CHECK),
            ("page-diff", HELP_PAGE_DIFF),
            ("released-api", HELP_RELEASED_API),
        ] {
            // The command's own usage: its help up to the first blank line.
            let usage = help.get(lang).split("\n\n").next().unwrap();
            // The command's entry in the top-level help: its line and the
            // lines indented under it.
            let start = top
                .find(&format!("\n  {command}"))
                .unwrap_or_else(|| panic!("{lang:?}: no entry for {command}"));
            let entry: String = top[start + 1..]
                .lines()
                .enumerate()
                .take_while(|(i, line)| *i == 0 || line.starts_with("      "))
                .map(|(_, line)| line.to_owned() + "\n")
                .collect();
            for input in inputs(usage) {
                let shown = if input == "--lang" { top } else { &entry };
                assert!(
                    shown.contains(input),
                    "{lang:?}: `cargo xtask --help` does not show {input} of {command}:\n{entry}"
                );
                // And the command line takes it.
                if input.starts_with("--") && input != "--lang" {
                    let value = match input {
                        "--saved-on" => Some("2026-11-30"),
                        "--report" => Some("report.md"),
                        _ => None,
                    };
                    let mut args = vec![command.to_owned()];
                    if command == "page-diff" && input != "--live" {
                        args.push("page.html".to_owned());
                    }
                    args.push(input.to_owned());
                    args.extend(value.map(str::to_owned));
                    assert!(
                        xtask::cli::parse(&args).is_ok(),
                        "{command}'s help names {input}, which it refuses"
                    );
                }
            }
        }
    }
    assert_eq!(
        inputs("cargo xtask page-diff PAGE|URL|--live [--apply] [--saved-on YYYY-MM-DD]"),
        [
            "PAGE",
            "URL",
            "--live",
            "--apply",
            "--saved-on",
            "YYYY-MM-DD"
        ]
    );
}

#[test]
fn the_language_is_that_of_the_first_locale_variable_set_as_the_help_says() {
    let root = workspace("locale", &real_table());
    let english = "Checks the error table";
    let vietnamese = "Kiểm tra bảng mã lỗi";
    for (locale, expected) in [
        (&[("LANG", "vi_VN.UTF-8")][..], vietnamese),
        (
            &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "vi_VN.UTF-8")][..],
            vietnamese,
        ),
        (
            &[("LC_MESSAGES", "vi_VN.UTF-8"), ("LC_ALL", "C.UTF-8")][..],
            english,
        ),
        (&[("LC_ALL", ""), ("LANG", "vi_VN")][..], vietnamese),
        (&[][..], english),
    ] {
        let (stdout, _, status) = program_in_locale(&root, &["check", "--help"], locale);
        assert_eq!(status, 0);
        assert!(stdout.contains(expected), "{locale:?}: {stdout}");
    }
    // The help names the variables in the order they are read.
    for lang in [Lang::En, Lang::Vi] {
        let help = xtask::text::HELP.get(lang).replace('\n', " ");
        let at = |name: &str| {
            help.find(name)
                .unwrap_or_else(|| panic!("{lang:?}: the help does not name {name}"))
        };
        assert!(
            at("LC_ALL") < at("LC_MESSAGES") && at("LC_MESSAGES") < at("LANG"),
            "{help}"
        );
    }
}

#[test]
fn a_wrong_command_line_exits_with_2_and_says_what_to_run() {
    let root = workspace("wrong", &real_table());
    for (args, message) in [
        (&[][..], "a command is missing. Run `cargo xtask --help`"),
        (&["frob"][..], "unknown command frob."),
        (
            &["check", "--fast"][..],
            "`check` has no option --fast. Run `cargo xtask check --help`.",
        ),
        (
            &["check", "a.csv", "b.csv"][..],
            "`check` takes no argument b.csv.",
        ),
        (
            &["page-diff"][..],
            "`page-diff` needs the path of a copy of the page, its web address, or --live.",
        ),
        (
            &["page-diff", "p.txt", "--saved-on", "30/11/2026"][..],
            "--saved-on takes a date written like 2026-11-30, not 30/11/2026.",
        ),
        (
            &["page-diff", "p.txt", "--saved-on", "2026-02-30"][..],
            "not 2026-02-30.",
        ),
        (
            &["check", "--lang", "fr"][..],
            "--lang takes en or vi, not fr.",
        ),
        (
            &["page-diff", "p.txt", "--lang"][..],
            "--lang needs a value: en or vi.",
        ),
        (
            &["page-diff", "--live", "--report"][..],
            "--report needs a value",
        ),
        (
            &["released-api", "x"][..],
            "`released-api` takes no argument x.",
        ),
    ] {
        let (stdout, stderr, status) = program(&root, args, "en_US.UTF-8");
        assert_eq!(status, 2, "{args:?}");
        assert!(stdout.is_empty());
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let (_, stderr, _) = program(&root, &["frob", "--lang", "vi"], "en_US.UTF-8");
    assert!(stderr.contains("không có lệnh frob."), "{stderr}");
}

#[test]
fn check_passes_the_real_table_and_lists_every_problem_of_a_broken_one() {
    let root = workspace("check", &real_table());
    let (stdout, _, status) = program(&root, &["check"], "en_US.UTF-8");
    assert_eq!(status, 0, "{stdout}");
    assert!(
        stdout.starts_with(&format!("{TABLE}: no problem in ")),
        "{stdout}"
    );

    let broken = support::table_text::with_cells(
        &support::real_table_with(2, &[("category", "requests")]),
        3,
        &[("retry", "later")],
    );
    std::fs::write(root.join(TABLE), &broken).unwrap();
    let (stdout, _, status) = program(&root, &["check"], "en_US.UTF-8");
    assert_eq!(status, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines
            .iter()
            .any(|l| l
                .contains("column F `category`: \"requests\" is not one of the allowed values.")),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("column G `retry`: \"later\" is not one of the allowed values.")),
        "{stdout}"
    );
    assert_eq!(
        lines[2],
        format!(
            "{TABLE}: 2 problem(s). Fix each line above in the spreadsheet, save as CSV UTF-8, and run `cargo xtask check` again."
        )
    );
    // The same problems in Vietnamese, from the same sentences.
    let (vi, _, _) = program(&root, &["check"], "vi_VN.UTF-8");
    assert!(
        vi.contains(
            "cột F `category`: \"requests\" không phải là một trong các giá trị được phép."
        ),
        "{vi}"
    );
    assert!(vi.contains("hàng "), "{vi}");
    // A file given by path is named as given.
    let other = root.join("copy.csv");
    std::fs::write(&other, &broken).unwrap();
    let given = other.to_string_lossy().into_owned();
    let (stdout, _, _) = program(&root, &["check", &given], "en_US.UTF-8");
    assert!(stdout.lines().all(|l| l.starts_with(&given)), "{stdout}");
}

#[test]
fn check_cannot_run_on_a_missing_file() {
    let root = workspace("missing", &real_table());
    let outcome = run(&root, &["check", "no/such.csv"]);
    assert_eq!(outcome.status, 2);
    assert!(
        outcome
            .stderr
            .starts_with("no/such.csv: the error table cannot be read ("),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("Download raw file"));
}

#[test]
fn released_api_records_every_code_and_refuses_a_broken_table() {
    let root = workspace("released", &real_table());
    let outcome = run(&root, &["released-api"]);
    assert_eq!(outcome.status, 0, "{outcome:?}");
    let written = std::fs::read_to_string(root.join(RELEASED_API)).unwrap();
    let rows = xtask::codegen::table::read(&real_table()).unwrap();
    assert_eq!(written, xtask::released_api::contents(&rows));
    // A line a code: its number, variant and constant name first (then,
    // when the file records them, its labels).
    for row in &rows {
        let names = format!("{}\t{}\t{}", row.code, row.variant, row.constant());
        assert!(
            written
                .lines()
                .any(|line| line == names || line.starts_with(&format!("{names}\t"))),
            "{names}: {written}"
        );
    }
    // The repository's file is what the command writes for its table.
    let repository = std::fs::read_to_string(support::repository().join(RELEASED_API)).unwrap();
    assert!(
        repository.starts_with("# code\tvariant\tconstant"),
        "{repository}"
    );

    std::fs::write(
        root.join(TABLE),
        support::real_table_with(2, &[("category", "")]),
    )
    .unwrap();
    std::fs::remove_file(root.join(RELEASED_API)).unwrap();
    let outcome = run(&root, &["released-api"]);
    assert_eq!(outcome.status, 1);
    assert!(outcome.stdout.contains("the cell is empty."));
    assert!(
        !root.join(RELEASED_API).exists(),
        "a broken table is not recorded"
    );
}

#[test]
fn every_sentence_of_the_tools_has_both_languages_and_the_same_blanks() {
    for catalogue in [xtask::text::ALL, xtask::codegen::messages::ALL] {
        for (name, text) in catalogue {
            assert!(!text.get(Lang::En).trim().is_empty(), "{name}");
            assert!(!text.get(Lang::Vi).trim().is_empty(), "{name}");
            let mut en = xtask::codegen_tools::blanks(text.en);
            let mut vi = xtask::codegen_tools::blanks(text.vi);
            en.sort_unstable();
            vi.sort_unstable();
            assert_eq!(en, vi, "{name}");
        }
    }
}
