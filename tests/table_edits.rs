//! What a data editor meets: each test edits a copy of the real table the way
//! a spreadsheet or a slip of the hand would, builds a copy of the crate with
//! it through Cargo (the real build path, offline, one shared target
//! directory), and checks what the build says.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime};

#[path = "support/crate_copy.rs"]
mod crate_copy;
#[path = "support/table_text.rs"]
mod table_text;

use table_text::{cell, column, letter, line, line_of, records, with_cells, with_row};

const TABLE: &str = include_str!("../data/zns_error_codes.csv");
const SHOWN: &str = "data/zns_error_codes.csv";

/// The crate copy is shared, so one build at a time.
static BUILD: Mutex<()> = Mutex::new(());

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("table-edits")
}

/// A copy of the crate with only what a build of the library and of
/// tests/table.rs needs: a manifest without the heavy dev-dependencies.
fn crate_copy() -> &'static Path {
    static COPY: OnceLock<PathBuf> = OnceLock::new();
    COPY.get_or_init(|| {
        let copy = work_dir().join("crate");
        crate_copy::copy_crate(
            root(),
            &copy,
            &["src", "codegen", "data", "tests"],
            &["build.rs", "Cargo.lock", "README.md"],
            &crate_copy::light_manifest(root()),
        );
        copy
    })
}

/// Writes the copy's table, dated later than every table written before it:
/// Cargo reruns the build script when the file is newer than its last run,
/// and two writes within one tick of a coarse file-system clock would look
/// alike.
fn write_table(copy: &Path, table: &[u8]) {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let path = copy.join(SHOWN);
    std::fs::write(&path, table).unwrap();
    let later =
        SystemTime::now() + Duration::from_secs(2 * WRITES.fetch_add(1, Ordering::SeqCst) + 2);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
}

struct Outcome {
    success: bool,
    stdout: String,
    stderr: String,
}

fn lock() -> MutexGuard<'static, ()> {
    BUILD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes `table` as the copy's data/zns_error_codes.csv and runs `cargo`
/// with `args` in the copy.
fn cargo_with_table(table: &[u8], args: &[&str]) -> Outcome {
    write_table(crate_copy(), table);
    cargo_in_copy(args, &[])
}

/// Runs `cargo` with `args` and the environment variables `envs` in the copy,
/// offline, in the shared target directory.
fn cargo_in_copy(args: &[&str], envs: &[(&str, &str)]) -> Outcome {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .args(["--offline", "--quiet"])
        .current_dir(crate_copy())
        .env("CARGO_TARGET_DIR", work_dir().join("target"))
        .env_remove("ZALO_ZNS_ERRORS_CSV")
        .env_remove("RUSTFLAGS")
        .envs(envs.iter().copied())
        .output()
        .expect("cargo runs");
    Outcome {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn build(table: &[u8]) -> Outcome {
    let _guard = lock();
    cargo_with_table(table, &["check", "--lib"])
}

/// Builds `table`, expects the build to fail, and returns Cargo's errors.
fn refused(table: impl AsRef<[u8]>) -> String {
    let outcome = build(table.as_ref());
    assert!(
        !outcome.success,
        "the build should fail:\n{}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("panicked"),
        "no panic:\n{}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("stack backtrace"),
        "no backtrace:\n{}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("problem(s) in the error table; nothing was generated"),
        "{}",
        outcome.stderr
    );
    outcome.stderr
}

/// Asserts that one error line starts with `start` and holds every part of `rest`.
fn assert_error(stderr: &str, start: &str, rest: &[&str]) {
    assert!(
        stderr
            .lines()
            .any(|l| l.contains(start) && rest.iter().all(|part| l.contains(part))),
        "no error line with {start:?} and {rest:?} in:\n{stderr}"
    );
}

/// The data row most tests edit, and its neighbour; any rows would do.
const N: usize = 2;

/// The start of a message about data row `n`, as the build words it:
/// `file:LINE: row R (code C)`. The table has no blank lines, so the
/// spreadsheet's row is the data row's number plus one (the header).
fn at(table: &str, n: usize) -> String {
    format!(
        "{SHOWN}:{}: row {} (code {})",
        line_of(table, n),
        n + 1,
        cell(table, n, "code")
    )
}

/// The start of a message about the cell of data row `n` in `column`.
fn at_cell(table: &str, n: usize, column: &str) -> String {
    format!(
        "{}, column {} `{column}`:",
        at(table, n),
        letter(table, column)
    )
}

/// The same for a row whose code cell could not be read.
fn at_unreadable_code(table: &str, n: usize, column: &str) -> String {
    format!(
        "{SHOWN}:{}: row {}, column {} `{column}`:",
        line_of(table, n),
        n + 1,
        letter(table, column)
    )
}

#[test]
fn a_table_not_saved_as_utf8_is_refused() {
    // "Số" in Windows-1258 is 'S', 0xF4, then a combining acute accent.
    let marked = with_cells(TABLE, N, &[("info_vi", "MARK điện thoại")]);
    let mut bytes = marked.as_bytes().to_vec();
    let at = marked.find("MARK").unwrap();
    bytes.splice(at..at + 4, [b'S', 0xF4, 0xEC]);
    let stderr = refused(bytes);
    assert_error(
        &stderr,
        &format!("{SHOWN}:{}: the file is not UTF-8", line_of(&marked, N)),
        &["CSV UTF-8"],
    );
}

#[test]
fn semicolon_and_tab_separated_files_are_refused() {
    let semicolons = TABLE.replace(',', ";");
    let stderr = refused(semicolons);
    assert_error(
        &stderr,
        &format!("{SHOWN}:1: row 1:"),
        &["separated by semicolons", "CSV UTF-8", "list separator"],
    );
    let tabs = TABLE.replace(',', "\t");
    assert_error(
        &refused(tabs),
        &format!("{SHOWN}:1: row 1:"),
        &["separated by tabs"],
    );
}

#[test]
fn a_missing_column_is_named() {
    let header = TABLE.lines().next().unwrap();
    let mut cells = records(TABLE).0;
    cells[column(TABLE, "retry")] = String::new();
    let without_retry = TABLE.replacen(header, line(&cells).trim_end(), 1);
    let stderr = refused(without_retry);
    assert_error(
        &stderr,
        &format!("{SHOWN}:1: row 1:"),
        &["lacks the column(s) `retry`", "code, variant, description"],
    );
    assert_error(
        &stderr,
        &format!("{SHOWN}:1: row 1, column {} ``:", letter(TABLE, "retry")),
        &["the header row has an empty cell."],
    );
}

#[test]
fn a_misspelt_column_gets_a_suggestion() {
    let stderr = refused(TABLE.replacen("remedy_vi", "remdy_vi", 1));
    assert_error(
        &stderr,
        &format!(
            "{SHOWN}:1: row 1, column {} `remdy_vi`:",
            letter(TABLE, "remedy_vi")
        ),
        &[
            "unknown column \"remdy_vi\"",
            "did you mean `remedy_vi`?",
            "info_en, remedy_en",
        ],
    );
}

#[test]
fn an_unknown_or_duplicated_column_is_refused() {
    let header = TABLE.lines().next().unwrap();
    let extra = TABLE.replacen(header, &format!("{header},notes"), 1);
    let letter_after = char::from(b'A' + header.split(',').count() as u8);
    assert_error(
        &refused(extra),
        &format!("{SHOWN}:1: row 1, column {letter_after} `notes`:"),
        &["unknown column \"notes\""],
    );
    let twice = TABLE.replacen(header, &header.replace("info_en", "info_vi"), 1);
    let (first, second) = (letter(TABLE, "info_vi"), letter(TABLE, "info_en"));
    assert_error(
        &refused(twice),
        &format!("{SHOWN}:1: row 1, column {second} `info_vi`:"),
        &[
            "`info_vi` appears twice",
            &format!("columns {first} and {second}"),
        ],
    );
}

#[test]
fn rows_with_too_few_or_too_many_cells_are_refused() {
    let width = records(TABLE).0.len();
    let row = format!("{SHOWN}:{}: row {}:", line_of(TABLE, N), N + 1);
    // A comma in a text cell that lost its quotes: the text spills over.
    let mut cells = records(TABLE).1[N - 1].cells.clone();
    let description = column(TABLE, "description");
    cells.insert(description + 1, "spilled".to_owned());
    assert_error(
        &refused(with_row(TABLE, N, &cells)),
        &row,
        &[
            &format!("has {} cells, but the header row has {width}", width + 1),
            "spreadsheet program",
        ],
    );
    cells.truncate(width - 1);
    assert_error(
        &refused(with_row(TABLE, N, &cells)),
        &row,
        &[
            &format!("has {} cells, but the header row has {width}", width - 1),
            "cell is missing",
        ],
    );
}

#[test]
fn bad_codes_are_refused() {
    let empty = with_cells(TABLE, N, &[("code", "")]);
    assert_error(
        &refused(&empty),
        &at_unreadable_code(&empty, N, "code"),
        &["the cell is empty.", "whole number"],
    );
    for (code, what) in [
        ("-1O7", "\"-1O7\" is not a whole number."),
        ("-9999999999", "-9999999999 is too large"),
        (
            "\u{2013}107",
            "starts with \"\u{2013}\" (U+2013) instead of the minus sign",
        ),
    ] {
        let table = with_cells(TABLE, N, &[("code", code)]);
        assert_error(
            &refused(&table),
            &at_unreadable_code(&table, N, "code"),
            &[what],
        );
    }
}

#[test]
fn a_duplicated_code_names_both_rows() {
    let code = cell(TABLE, N, "code");
    let table = with_cells(TABLE, N + 1, &[("code", &code)]);
    let first_line = line_of(TABLE, N);
    assert_error(
        &refused(&table),
        &format!(
            "{} the code {code} is already used on line {first_line} (row {}).",
            at_cell(&table, N + 1, "code"),
            N + 1
        ),
        &[&format!("rows {} and {}", N + 1, N + 2)],
    );
}

/// A data row whose variant is its description's words (two or more),
/// capitalised: the name the build suggests for it.
fn row_named_after_its_description() -> usize {
    (1..=records(TABLE).1.len())
        .find(|&n| {
            let description = cell(TABLE, n, "description");
            let words: String = description
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let lower = w.to_ascii_lowercase();
                    lower[..1].to_ascii_uppercase() + &lower[1..]
                })
                .collect();
            description.contains(' ') && words == cell(TABLE, n, "variant")
        })
        .expect("a row named after its description")
}

#[test]
fn an_empty_variant_gets_a_name_suggested() {
    let n = row_named_after_its_description();
    let table = with_cells(TABLE, n, &[("variant", "")]);
    assert_error(
        &refused(&table),
        &at_cell(&table, n, "variant"),
        &[
            "the cell is empty.",
            &format!("for example {}", cell(TABLE, n, "variant")),
        ],
    );
}

#[test]
fn a_variant_that_is_not_upper_camel_case_is_refused() {
    let n = row_named_after_its_description();
    let name = cell(TABLE, n, "variant");
    let spaced = cell(TABLE, n, "description");
    let table = with_cells(TABLE, n, &[("variant", &spaced)]);
    assert_error(
        &refused(&table),
        &at_cell(&table, n, "variant"),
        &[
            "contains a space",
            &format!("use a name such as {name} made of English words"),
        ],
    );
    let table = with_cells(TABLE, n, &[("variant", &format!("{name}ID"))]);
    assert_error(
        &refused(&table),
        &at_cell(&table, n, "variant"),
        &[
            "has the capitals \"ID\" side by side",
            "short forms written like words",
        ],
    );
}

#[test]
fn a_keyword_variant_is_refused() {
    let table = with_cells(TABLE, N, &[("variant", "Self")]);
    assert_error(
        &refused(&table),
        &at_cell(&table, N, "variant"),
        &["the name \"Self\" is a word the Rust language reserves (`self`)."],
    );
}

#[test]
fn a_duplicated_variant_names_both_rows() {
    let name = cell(TABLE, N, "variant");
    let table = with_cells(TABLE, N + 1, &[("variant", &name)]);
    assert_error(
        &refused(&table),
        &format!(
            "{} the name {name} is already used on line {} (row {}).",
            at_cell(&table, N + 1, "variant"),
            line_of(TABLE, N),
            N + 1
        ),
        &["give each code its own name"],
    );
    // Names that differ only in capital letters would make `from_name` ambiguous.
    let lowered = name[..1].to_owned() + &name[1..].to_ascii_lowercase();
    assert_ne!(lowered, name, "the row's name has more than one word");
    let table = with_cells(TABLE, N + 1, &[("variant", &lowered)]);
    assert_error(
        &refused(&table),
        &at_cell(&table, N + 1, "variant"),
        &[
            &format!("the name {lowered} is already used"),
            &format!("(as {name}; names are compared ignoring capital letters)"),
        ],
    );
}

#[test]
fn an_empty_description_is_refused() {
    let table = with_cells(TABLE, N, &[("description", "")]);
    assert_error(
        &refused(&table),
        &at_cell(&table, N, "description"),
        &["the cell is empty.", "Mô tả lỗi"],
    );
}

#[test]
fn a_dropped_on_cell_that_is_not_a_date_is_refused() {
    // As a spreadsheet in a Vietnamese locale writes 2026-12-02 back.
    let table = with_cells(TABLE, N, &[("dropped_on", "02/12/2026")]);
    assert_error(
        &refused(&table),
        &at_cell(&table, N, "dropped_on"),
        &[
            "\"02/12/2026\" is not a date written YYYY-MM-DD",
            "a spreadsheet may have turned it into its own date format",
            "leave the cell empty if Zalo's page lists the code",
        ],
    );
}

#[test]
fn english_without_vietnamese_and_the_reverse_are_refused() {
    let table = with_cells(TABLE, N, &[("remedy_vi", ""), ("remedy_en", "Check it")]);
    assert_error(
        &refused(&table),
        &at_cell(&table, N, "remedy_en"),
        &[
            "the cell has text, but `remedy_vi` is empty.",
            "fill in `remedy_vi` from the page",
        ],
    );
    let table = with_cells(TABLE, N, &[("info_vi", "Có nội dung"), ("info_en", "")]);
    assert_error(
        &refused(&table),
        &at_cell(&table, N, "info_en"),
        &[
            "the cell is empty, but `info_vi` has text.",
            "English translation",
        ],
    );
}

#[test]
fn a_control_character_is_refused() {
    let table = with_cells(
        TABLE,
        N,
        &[("info_vi", "ID\u{7} thông báo"), ("info_en", "ID")],
    );
    assert_error(
        &refused(&table),
        &at_cell(&table, N, "info_vi"),
        &[
            "the control character U+0007 at character 3, where it cannot be seen: \"ID[U+0007] thông báo\"",
            "type it again",
        ],
    );
}

#[test]
fn bad_label_values_list_the_allowed_ones() {
    let table = with_cells(
        TABLE,
        N,
        &[("category", "requests"), ("retry", "later"), ("scope", "")],
    );
    let stderr = refused(&table);
    assert_error(
        &stderr,
        &at_cell(&table, N, "category"),
        &[
            "\"requests\" is not one of the allowed values",
            "success, application, auth, request, template",
        ],
    );
    assert_error(
        &stderr,
        &at_cell(&table, N, "retry"),
        &[
            "\"later\" is not one of the allowed values",
            "not_needed, backoff, refresh_token, after_night_window, next_day, after_fix, never, other_channel",
        ],
    );
    assert_error(
        &stderr,
        &at_cell(&table, N, "scope"),
        &[
            "the cell is empty.",
            "nothing, message, recipient, template, sender",
        ],
    );
}

#[test]
fn labels_that_disagree_are_refused() {
    let table = with_cells(TABLE, N, &[("retry", "never"), ("scope", "sender")]);
    assert_error(
        &refused(&table),
        &at_cell(&table, N, "scope"),
        &["`retry` is never, which goes only with `scope` recipient, but `scope` is sender."],
    );
}

#[test]
fn a_table_without_rows_is_refused() {
    assert_error(
        &refused(""),
        &format!("{SHOWN}: the table has no rows"),
        &["header row", "Download raw file"],
    );
    let header = TABLE.lines().next().unwrap();
    assert_error(
        &refused(format!("{header}\n")),
        &format!("{SHOWN}: the table has no rows"),
        &[],
    );
}

#[test]
fn every_problem_is_reported_in_one_build() {
    // An empty category and a duplicated name on one row, a bad code and a bad
    // retry value on others: one build names all four.
    let name = cell(TABLE, N, "variant");
    let table = with_cells(TABLE, N + 1, &[("category", ""), ("variant", &name)]);
    let table = with_cells(&table, N + 2, &[("code", "-1O7")]);
    let table = with_cells(&table, N + 3, &[("retry", "tomorrow")]);
    let stderr = refused(&table);
    assert!(
        stderr.contains("4 problem(s) in the error table"),
        "{stderr}"
    );
    assert_error(
        &stderr,
        &at_cell(&table, N + 1, "category"),
        &["the cell is empty."],
    );
    assert_error(
        &stderr,
        &at_cell(&table, N + 1, "variant"),
        &["is already used"],
    );
    assert_error(
        &stderr,
        &at_unreadable_code(&table, N + 2, "code"),
        &["\"-1O7\""],
    );
    assert_error(&stderr, &at_cell(&table, N + 3, "retry"), &["\"tomorrow\""]);
}

#[test]
fn a_spreadsheet_saved_copy_generates_the_same_code() {
    // Excel's "CSV UTF-8": a byte order mark, CRLF everywhere (inside quoted
    // cells too), a pasted non-breaking space, and empty rows at the end.
    let width = records(TABLE).0.len();
    let padded = with_cells(
        TABLE,
        1,
        &[("variant", &format!("{}\u{a0}", cell(TABLE, 1, "variant")))],
    );
    let excel = format!(
        "\u{feff}{}{}\r\n\r\n",
        padded
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n")
            .replace('\n', "\r\n"),
        ",".repeat(width - 1)
    );
    let _guard = lock();
    let original = generated_code(TABLE.as_bytes());
    let from_excel = generated_code(excel.as_bytes());
    assert_eq!(original, from_excel);
    assert!(original.starts_with("// @generated by build.rs from data/zns_error_codes.csv."));
}

/// Builds `table` and returns the generated Rust file.
fn generated_code(table: &[u8]) -> String {
    let outcome = cargo_with_table(table, &["check", "--lib", "--message-format=json"]);
    assert!(outcome.success, "{}", outcome.stderr);
    let stdout = outcome.stdout;
    let out_dir = stdout
        .lines()
        .filter(|l| {
            l.contains("\"reason\":\"build-script-executed\"") && l.contains("zalo-zns-errors")
        })
        .filter_map(|l| l.split("\"out_dir\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .next_back()
        .expect("the build script ran");
    std::fs::read_to_string(Path::new(out_dir).join("zns_error_codes.rs")).unwrap()
}

#[test]
fn hostile_text_comes_back_byte_for_byte() {
    // Text a page or a spreadsheet can hold that could break generated code or
    // its docs: quotes, backslashes, comment ends, attributes, braces,
    // Markdown, HTML, a doctest fence, emoji, zero-width and text-direction
    // characters, other line separators.
    let hostile = [
        "\"quoted\" 'single' \\ backslash \\n not a newline",
        "*/ /* // #[cfg(any())] #![deny(warnings)] } { fn main() {}",
        "```rust\npanic!(\"doctest\");\n```\n    indented code",
        "<script>alert(1)</script> <thoigian> &amp; [link](https://zalo.me) # heading | pipe",
        "emoji 🇻🇳👍🏽 zero\u{200b}width joiner\u{200d} bom\u{feff} rtl\u{202e}override\u{2066}isolate\u{2069}",
        "line\u{2028}separator paragraph\u{2029}separator soft\u{ad}hyphen",
    ];
    let (header, rows) = records(TABLE);
    let mut table = line(&header);
    for (i, text) in hostile.iter().enumerate() {
        // A row of the real table, with every text cell hostile.
        let mut cells = rows[N - 1].cells.clone();
        cells[column(TABLE, "code")] = format!("-{}", 900 + i);
        cells[column(TABLE, "variant")] = format!("Hostile{i}");
        // Some rows marked dropped: the copy's tests/table.rs reads the date
        // back through `dropped_on`.
        cells[column(TABLE, "dropped_on")] = if i % 2 == 0 {
            format!("2027-01-{:02}", i + 1)
        } else {
            String::new()
        };
        for name in [
            "description",
            "info_vi",
            "remedy_vi",
            "info_en",
            "remedy_en",
        ] {
            cells[column(TABLE, name)] = (*text).to_owned();
        }
        table.push_str(&line(&cells));
    }
    let _guard = lock();
    // tests/table.rs reads the copy's table on its own and checks every
    // accessor against it; RUSTDOCFLAGS makes rustdoc's lints errors.
    let tests = cargo_with_table(
        table.as_bytes(),
        &[
            "test",
            "--test",
            "table",
            "every_row_comes_back_through_the_api",
        ],
    );
    assert!(tests.success, "{}", tests.stderr);
    assert!(
        !tests.stderr.contains("warning"),
        "the generated code builds without warnings:\n{}",
        tests.stderr
    );
    let docs = cargo_in_copy(&["doc", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]);
    assert!(docs.success, "{}", docs.stderr);
}

#[test]
fn the_api_guard_passes_additions_and_stops_renames() {
    let mut cells = records(TABLE).1[N - 1].cells.clone();
    cells[column(TABLE, "code")] = "-9001".to_owned();
    cells[column(TABLE, "variant")] = "BrandNewCode".to_owned();
    let added = format!("{TABLE}{}", line(&cells));
    let _guard = lock();
    let outcome = cargo_with_table(added.as_bytes(), &["test", "--test", "api_guard"]);
    assert!(
        outcome.success,
        "adding a code must pass:\n{}",
        outcome.stderr
    );

    let (code, name) = (cell(TABLE, N, "code"), cell(TABLE, N, "variant"));
    let constant = zalo_zns_errors::ErrorCode::from_name(&name)
        .unwrap()
        .constant_name();
    let renamed = with_cells(TABLE, N, &[("variant", "RenamedForTheTest")]);
    let outcome = cargo_with_table(renamed.as_bytes(), &["test", "--test", "api_guard"]);
    assert!(!outcome.success, "renaming a released variant must fail");
    assert!(
        outcome
            .stdout
            .contains("removes or renames codes of the released API")
            && outcome.stdout.contains(&format!(
                "- {code} {name} {constant}: the variant is gone (code {code} is now RenamedForTheTest RENAMED_FOR_THE_TEST)"
            )),
        "{}",
        outcome.stdout
    );
}

/// Text as Excel garbles it: UTF-8 bytes read as a Windows code page.
fn garble(text: &str, page: &'static encoding_rs::Encoding) -> String {
    page.decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

#[test]
fn a_table_garbled_by_the_wrong_encoding_is_refused_as_such() {
    // Opened in Excel with a double click (Windows-1252, or 1258 under
    // Vietnamese settings), then saved as "CSV UTF-8".
    for page in [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1258] {
        let garbled = format!("\u{feff}{}", garble(TABLE, page));
        let stderr = refused(&garbled);
        assert_error(
            &stderr,
            &format!("{SHOWN}: the Vietnamese letters of the file are garbled in"),
            &[
                "opened with the wrong encoding",
                "do not retype",
                "65001: Unicode (UTF-8)",
            ],
        );
        assert!(
            stderr.contains(": 1 problem(s) in the error table"),
            "{}: {stderr}",
            page.name()
        );
        assert!(!stderr.contains("control character"), "{stderr}");
    }
}

#[test]
fn a_garbled_cell_pasted_into_a_good_table_is_refused() {
    let n = (1..=records(TABLE).1.len())
        .find(|&n| {
            cell(TABLE, n, "info_vi")
                .chars()
                .any(|c| ('\u{1ea0}'..='\u{1ef9}').contains(&c))
        })
        .expect("a row with Vietnamese text");
    let text = cell(TABLE, n, "info_vi");
    let table = with_cells(
        TABLE,
        n,
        &[("info_vi", &garble(&text, encoding_rs::WINDOWS_1258))],
    );
    let shown: String = text.chars().take(20).collect();
    assert_error(
        &refused(&table),
        &at_cell(&table, n, "info_vi"),
        &[
            "the text is garbled:",
            &format!("the cell should read \"{shown}"),
            "do not retype it",
        ],
    );
}

#[test]
fn a_table_file_that_cannot_be_read_says_so() {
    let _guard = lock();
    write_table(crate_copy(), TABLE.as_bytes());
    let missing = work_dir().join("no-such-table.csv");
    let outcome = cargo_in_copy(
        &["check", "--lib"],
        &[("ZALO_ZNS_ERRORS_CSV", missing.to_str().unwrap())],
    );
    assert!(!outcome.success);
    assert_error(
        &outcome.stderr,
        &format!("{}: the error table cannot be read (", missing.display()),
        &[
            "Fix: check that the file is at this place",
            "Download raw file",
        ],
    );
}

#[test]
fn the_table_path_can_be_overridden() {
    // The build reads the file the variable names, and names it in messages.
    let _guard = lock();
    write_table(crate_copy(), TABLE.as_bytes());
    let other = work_dir().join("other-table.csv");
    std::fs::write(&other, with_cells(TABLE, N, &[("retry", "soon")])).unwrap();
    let outcome = cargo_in_copy(
        &["check", "--lib"],
        &[("ZALO_ZNS_ERRORS_CSV", other.to_str().unwrap())],
    );
    assert!(!outcome.success);
    assert_error(
        &outcome.stderr,
        &format!("{}:{}: row {}", other.display(), line_of(TABLE, N), N + 1),
        &["\"soon\" is not one of the allowed values"],
    );
}

#[test]
fn a_table_with_spread_codes_gets_the_sorted_index_and_every_lookup_holds() {
    // One far-off code makes the dense array too large: the generator
    // switches to the sorted index, which the real table does not use.
    let mut cells = records(TABLE).1[N - 1].cells.clone();
    cells[column(TABLE, "code")] = "-1000000".to_owned();
    cells[column(TABLE, "variant")] = "FarOffCode".to_owned();
    let spread = format!("{TABLE}{}", line(&cells));
    let _guard = lock();
    let code = generated_code(spread.as_bytes());
    assert!(
        code.contains("static CODE_INDEX: super::lookup::Sorted<ROWS>"),
        "the sorted index is chosen"
    );
    // tests/table.rs reads the copy's table and checks every code, the codes
    // on both sides of each, every name and every accessor.
    let tests = cargo_in_copy(&["test", "--test", "table"], &[]);
    assert!(tests.success, "{}\n{}", tests.stdout, tests.stderr);
    assert!(
        tests.stdout.contains("test result: ok. ") && !tests.stdout.contains("ok. 0 passed"),
        "{}",
        tests.stdout
    );
}
