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
            &light_manifest(),
        );
        copy
    })
}

/// The manifest with the dev-dependencies cut down to the two tests/table.rs
/// uses, and no benches.
fn light_manifest() -> String {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let mut out = String::new();
    let mut section = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.to_owned();
        }
        let keep = match section.as_str() {
            "[dev-dependencies]" => {
                line.starts_with('[') || line.starts_with("csv ") || line.starts_with("serde ")
            }
            "[[bench]]" => false,
            _ => true,
        };
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
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

/// The table with `from` replaced by `to`, which must occur exactly once.
fn edited(from: &str, to: &str) -> String {
    assert_eq!(TABLE.matches(from).count(), 1, "{from:?} must occur once");
    TABLE.replacen(from, to, 1)
}

/// The line of the table where the row of `code` starts.
fn line_of(table: &str, code: &str) -> usize {
    let start = table.find(&format!("\n{code},")).expect("row exists");
    table[..start].matches('\n').count() + 2
}

/// The spreadsheet row of `code`: the header is row 1, and the table has no
/// blank lines, so it is the record's number plus one.
fn row_of(table: &str, code: &str) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(table.as_bytes());
    let position = reader
        .records()
        .position(|r| r.unwrap().get(0) == Some(code))
        .expect("row exists");
    position + 1
}

/// The spreadsheet letter of the column `name` in the table's header.
fn letter_of(table: &str, name: &str) -> char {
    let header = table.lines().next().unwrap();
    let index = header
        .split(',')
        .position(|c| c == name)
        .expect("column exists");
    char::from(b'A' + index as u8)
}

/// The start of a message about the row of `code`, as the build words it:
/// `file:LINE: row R (code C)`, and `, column X `name`:` for a cell.
fn at(table: &str, code: &str) -> String {
    format!(
        "{SHOWN}:{}: row {} (code {code})",
        line_of(table, code),
        row_of(table, code)
    )
}

fn at_cell(table: &str, code: &str, column: &str) -> String {
    format!(
        "{}, column {} `{column}`:",
        at(table, code),
        letter_of(table, column)
    )
}

/// The same for a row whose code cell could not be read.
fn at_unreadable_code(table: &str, code_text: &str, column: &str) -> String {
    format!(
        "{SHOWN}:{}: row {}, column {} `{column}`:",
        line_of(table, code_text),
        row_of(table, code_text),
        letter_of(table, column)
    )
}

/// The start of the message for a file that is not UTF-8.
fn at_line(line: usize) -> String {
    format!("{SHOWN}:{line}: the file is not UTF-8")
}

#[test]
fn a_table_not_saved_as_utf8_is_refused() {
    // "Số" in Windows-1258 is 'S', 0xF4, then a combining acute accent.
    let mut bytes = TABLE.as_bytes().to_vec();
    let at = TABLE.find("Số điện thoại").unwrap();
    bytes.splice(at..at + "Số".len(), [b'S', 0xF4, 0xEC]);
    let stderr = refused(bytes);
    assert_error(
        &stderr,
        &at_line(line_of(TABLE, "-108")),
        &["not UTF-8", "CSV UTF-8"],
    );
}

#[test]
fn semicolon_and_tab_separated_files_are_refused() {
    let semicolons = TABLE.replace(',', ";");
    let stderr = refused(semicolons);
    assert_error(
        &stderr,
        &format!("{SHOWN}:1:"),
        &["separated by semicolons", "CSV UTF-8", "list separator"],
    );
    let tabs = TABLE.replace(',', "\t");
    assert_error(
        &refused(tabs),
        &format!("{SHOWN}:1:"),
        &["separated by tabs"],
    );
}

#[test]
fn a_missing_column_is_named() {
    let header = TABLE.lines().next().unwrap();
    let without_retry = TABLE.replacen(header, &header.replace(",retry,", ",,"), 1);
    let stderr = refused(without_retry);
    assert_error(
        &stderr,
        &format!("{SHOWN}:1: row 1:"),
        &["lacks the column(s) `retry`", "code, variant, description"],
    );
    assert_error(
        &stderr,
        &format!("{SHOWN}:1: row 1, column G ``:"),
        &["the header row has an empty cell."],
    );
}

#[test]
fn a_misspelt_column_gets_a_suggestion() {
    let stderr = refused(TABLE.replacen("remedy_vi", "remdy_vi", 1));
    assert_error(
        &stderr,
        &format!("{SHOWN}:1: row 1, column E `remdy_vi`:"),
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
    let letter = char::from(b'A' + header.split(',').count() as u8);
    assert_error(
        &refused(extra),
        &format!("{SHOWN}:1: row 1, column {letter} `notes`:"),
        &["unknown column \"notes\""],
    );
    let twice = TABLE.replacen(header, &header.replace("info_en", "info_vi"), 1);
    let stderr = refused(twice);
    let (first, second) = (letter_of(TABLE, "info_vi"), letter_of(TABLE, "info_en"));
    assert_error(
        &stderr,
        &format!("{SHOWN}:1: row 1, column {second} `info_vi`:"),
        &[
            "`info_vi` appears twice",
            &format!("columns {first} and {second}"),
        ],
    );
}

#[test]
fn rows_with_too_few_or_too_many_cells_are_refused() {
    let table = edited(
        "-107,MessageIdInvalid,Message ID invalid,",
        "-107,MessageIdInvalid,Message ID, invalid,",
    );
    let width = TABLE.lines().next().unwrap().split(',').count();
    let row = format!(
        "{SHOWN}:{}: row {}:",
        line_of(&table, "-107"),
        row_of(&table, "-107")
    );
    assert_error(
        &refused(&table),
        &row,
        &[
            &format!("has {} cells, but the header row has {width}", width + 1),
            "spreadsheet program",
        ],
    );
    let table = edited(
        "-107,MessageIdInvalid,Message ID invalid,",
        "-107,MessageIdInvalid,",
    );
    assert_error(
        &refused(&table),
        &row,
        &[
            &format!("has {} cells, but the header row has {width}", width - 1),
            "cell is missing",
        ],
    );
}

#[test]
fn bad_codes_are_refused() {
    let empty = edited("\n-107,", "\n,");
    assert_error(
        &refused(&empty),
        &format!(
            "{SHOWN}:{}: row {}, column A `code`: the cell is empty.",
            line_of(TABLE, "-107"),
            row_of(TABLE, "-107")
        ),
        &["whole number"],
    );
    let text = edited("\n-107,", "\n-1O7,");
    assert_error(
        &refused(&text),
        &at_unreadable_code(&text, "-1O7", "code"),
        &["\"-1O7\" is not a whole number."],
    );
    let wide = edited("\n-107,", "\n-9999999999,");
    assert_error(
        &refused(&wide),
        &at_unreadable_code(&wide, "-9999999999", "code"),
        &["-9999999999 is too large"],
    );
    let dash = edited("\n-107,", "\n\u{2013}107,");
    assert_error(
        &refused(&dash),
        &at_unreadable_code(&dash, "\u{2013}107", "code"),
        &["starts with \"\u{2013}\" (U+2013) instead of the minus sign"],
    );
}

#[test]
fn a_duplicated_code_names_both_lines() {
    let table = edited("\n-107,", "\n-108,");
    let (first, first_row) = (line_of(TABLE, "-107"), row_of(TABLE, "-107"));
    let stderr = refused(&table);
    assert_error(
        &stderr,
        &format!(
            "{} the code -108 is already used on line {first} (row {first_row}).",
            at_cell(TABLE, "-108", "code")
        ),
        &[&format!("rows {first_row} and {}", row_of(TABLE, "-108"))],
    );
}

#[test]
fn an_empty_variant_gets_a_name_suggested() {
    let table = edited(",MessageIdInvalid,", ",,");
    assert_error(
        &refused(&table),
        &at_cell(&table, "-107", "variant"),
        &["the cell is empty.", "for example MessageIdInvalid"],
    );
}

#[test]
fn a_variant_that_is_not_upper_camel_case_is_refused() {
    let table = edited(",MessageIdInvalid,", ",Message ID invalid,");
    assert_error(
        &refused(&table),
        &at_cell(&table, "-107", "variant"),
        &[
            "the name \"Message ID invalid\" contains a space",
            "use a name such as MessageIdInvalid made of English words",
        ],
    );
    let table = edited(",MessageIdInvalid,", ",MessageIDInvalid,");
    assert_error(
        &refused(&table),
        &at_cell(&table, "-107", "variant"),
        &[
            "has the capitals \"ID\" side by side",
            "short forms written like words",
        ],
    );
}

#[test]
fn a_keyword_variant_is_refused() {
    let table = edited(",MessageIdInvalid,", ",Self,");
    assert_error(
        &refused(&table),
        &at_cell(&table, "-107", "variant"),
        &["the name \"Self\" is a word the Rust language reserves (`self`)."],
    );
}

#[test]
fn a_duplicated_variant_names_both_lines() {
    let table = edited(",MessageIdInvalid,", ",PhoneNumberInvalid,");
    let (first, first_row) = (line_of(TABLE, "-107"), row_of(TABLE, "-107"));
    let stderr = refused(&table);
    assert_error(
        &stderr,
        &format!(
            "{} the name PhoneNumberInvalid is already used on line {first} (row {first_row}).",
            at_cell(TABLE, "-108", "variant")
        ),
        &["give each code its own name"],
    );
    // Names that differ only in capital letters would make `from_name` ambiguous.
    let table = edited(",MessageIdInvalid,", ",PhonenumberInvalid,");
    assert_error(
        &refused(&table),
        &at_cell(TABLE, "-108", "variant"),
        &[
            "the name PhoneNumberInvalid is already used",
            "(as PhonenumberInvalid; names are compared ignoring capital letters)",
        ],
    );
}

#[test]
fn an_empty_description_is_refused() {
    let table = edited(
        ",MessageIdInvalid,Message ID invalid,",
        ",MessageIdInvalid,,",
    );
    assert_error(
        &refused(&table),
        &at_cell(&table, "-107", "description"),
        &["the cell is empty.", "Mô tả lỗi"],
    );
}

#[test]
fn a_control_character_is_refused() {
    let table = edited("ID thông báo", "ID\u{7} thông báo");
    assert_error(
        &refused(&table),
        &at_cell(&table, "-107", "info_vi"),
        &[
            "the control character U+0007 at character 3, where it cannot be seen: \"ID[U+0007] thông báo",
            "type it again",
        ],
    );
}

#[test]
fn bad_category_and_retry_values_list_the_allowed_ones() {
    let table = edited(
        ",request,after_fix,The phone number is invalid,",
        ",requests,later,The phone number is invalid,",
    );
    let stderr = refused(&table);
    assert_error(
        &stderr,
        &at_cell(&table, "-108", "category"),
        &[
            "\"requests\" is not one of the allowed values",
            "success, application, auth, request, template",
        ],
    );
    assert_error(
        &stderr,
        &at_cell(&table, "-108", "retry"),
        &[
            "\"later\" is not one of the allowed values",
            "not_needed, backoff, refresh_token, after_night_window, next_day, after_fix, never",
        ],
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
    let table = edited("\n-107,", "\n-1O7,")
        .replacen(",ButtonInvalid,", ",button,", 1)
        .replacen(",quota,next_day,", ",quota,tomorrow,", 1);
    let stderr = refused(&table);
    assert!(
        stderr.contains("3 problem(s) in the error table"),
        "{stderr}"
    );
    let located = stderr.lines().filter(|l| {
        l.split(&format!("{SHOWN}:"))
            .nth(1)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    });
    assert_eq!(located.count(), 3, "{stderr}");
}

#[test]
fn a_spreadsheet_saved_copy_generates_the_same_code() {
    // Excel's "CSV UTF-8": a byte order mark, CRLF everywhere (inside quoted
    // cells too), a pasted non-breaking space, and empty rows at the end.
    let excel = format!(
        "\u{feff}{},,,,,,,,\r\n\r\n",
        TABLE
            .replace('\n', "\r\n")
            .replacen("Success,", "Success\u{a0},", 1)
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
    let mut table = String::from(TABLE.lines().next().unwrap());
    table.push('\n');
    for (i, text) in hostile.iter().enumerate() {
        let cell = format!("\"{}\"", text.replace('"', "\"\""));
        table.push_str(&format!(
            "-{},Hostile{i},{cell},{cell},{cell},internal,backoff,{cell},{cell}\n",
            900 + i
        ));
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
    let added = format!("{TABLE}-9001,BrandNewCode,Brand new code,,,internal,backoff,,\n");
    let _guard = lock();
    let outcome = cargo_with_table(added.as_bytes(), &["test", "--test", "api_guard"]);
    assert!(
        outcome.success,
        "adding a code must pass:\n{}",
        outcome.stderr
    );

    let renamed = edited(",MessageIdInvalid,", ",MessageIdBad,");
    let outcome = cargo_with_table(renamed.as_bytes(), &["test", "--test", "api_guard"]);
    assert!(!outcome.success, "renaming a released variant must fail");
    assert!(
        outcome.stdout.contains("removes or renames codes of the released API")
            && outcome.stdout.contains("- -107 MessageIdInvalid MESSAGE_ID_INVALID: the variant is gone (code -107 is now MessageIdBad MESSAGE_ID_BAD)"),
        "{}",
        outcome.stdout
    );
}
