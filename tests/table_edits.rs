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

fn at(table: &str, code: &str) -> String {
    format!("{SHOWN}:{}:", line_of(table, code))
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
        &format!("{SHOWN}:1:"),
        &["lacks the column(s) `retry`", "code, variant, description"],
    );
    assert_error(
        &stderr,
        &format!("{SHOWN}:1:"),
        &["empty cell in spreadsheet column G"],
    );
}

#[test]
fn a_misspelt_column_gets_a_suggestion() {
    let stderr = refused(TABLE.replacen("remedy_vi", "remdy_vi", 1));
    assert_error(
        &stderr,
        &format!("{SHOWN}:1:"),
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
    assert_error(
        &refused(extra),
        &format!("{SHOWN}:1:"),
        &["unknown column \"notes\" in spreadsheet column J"],
    );
    let twice = TABLE.replacen(header, &header.replace("info_en", "info_vi"), 1);
    let stderr = refused(twice);
    assert_error(
        &stderr,
        &format!("{SHOWN}:1:"),
        &["`info_vi` appears twice", "columns D and H"],
    );
}

#[test]
fn rows_with_too_few_or_too_many_cells_are_refused() {
    let table = edited(
        "-107,MessageIdInvalid,Message ID invalid,",
        "-107,MessageIdInvalid,Message ID, invalid,",
    );
    assert_error(
        &refused(&table),
        &at(&table, "-107"),
        &["has 10 cells, but the header has 9", "double quotes"],
    );
    let table = edited(
        "-107,MessageIdInvalid,Message ID invalid,",
        "-107,MessageIdInvalid,",
    );
    assert_error(
        &refused(&table),
        &at(&table, "-107"),
        &["has 8 cells, but the header has 9", "cell is missing"],
    );
}

#[test]
fn bad_codes_are_refused() {
    let empty = edited("\n-107,", "\n,");
    assert_error(
        &refused(&empty),
        &format!(
            "{SHOWN}:{}: column `code`: the cell is empty.",
            line_of(TABLE, "-107")
        ),
        &["whole number"],
    );
    let text = edited("\n-107,", "\n-1O7,");
    assert_error(
        &refused(&text),
        &at(&text, "-1O7"),
        &["column `code`: \"-1O7\" is not a whole number."],
    );
    let wide = edited("\n-107,", "\n-9999999999,");
    assert_error(
        &refused(&wide),
        &at(&wide, "-9999999999"),
        &["column `code`: -9999999999 is too large"],
    );
}

#[test]
fn a_duplicated_code_names_both_lines() {
    let table = edited("\n-107,", "\n-108,");
    let first = line_of(TABLE, "-107");
    let second = line_of(TABLE, "-108");
    let stderr = refused(&table);
    assert_error(
        &stderr,
        &format!("{SHOWN}:{second}: column `code`: the code -108 is already used on line {first}."),
        &[&format!("lines {first} and {second}")],
    );
}

#[test]
fn an_empty_variant_gets_a_name_suggested() {
    let table = edited(",MessageIdInvalid,", ",,");
    assert_error(
        &refused(&table),
        &at(&table, "-107"),
        &[
            "column `variant`: the cell is empty.",
            "for example MessageIdInvalid",
        ],
    );
}

#[test]
fn a_variant_that_is_not_upper_camel_case_is_refused() {
    let table = edited(",MessageIdInvalid,", ",Message ID invalid,");
    assert_error(
        &refused(&table),
        &at(&table, "-107"),
        &[
            "the name \"Message ID invalid\" contains a space",
            "UpperCamelCase such as MessageIdInvalid",
        ],
    );
    let table = edited(",MessageIdInvalid,", ",MessageIDInvalid,");
    assert_error(
        &refused(&table),
        &at(&table, "-107"),
        &[
            "two capital letters in a row (\"ID\")",
            "acronyms written as words",
        ],
    );
}

#[test]
fn a_keyword_variant_is_refused() {
    let table = edited(",MessageIdInvalid,", ",Self,");
    assert_error(
        &refused(&table),
        &at(&table, "-107"),
        &["the name \"Self\" is the Rust keyword `self`."],
    );
}

#[test]
fn a_duplicated_variant_names_both_lines() {
    let table = edited(",MessageIdInvalid,", ",PhoneNumberInvalid,");
    let first = line_of(TABLE, "-107");
    let stderr = refused(&table);
    assert_error(
        &stderr,
        &format!(
            "{SHOWN}:{}: column `variant`: the name PhoneNumberInvalid is already used on line {first}.",
            line_of(TABLE, "-108")
        ),
        &["give each code its own name"],
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
        &at(&table, "-107"),
        &["column `description`: the cell is empty.", "Mô tả lỗi"],
    );
}

#[test]
fn a_control_character_is_refused() {
    let table = edited("ID thông báo", "ID\u{7} thông báo");
    assert_error(
        &refused(&table),
        &at(&table, "-107"),
        &[
            "column `info_vi`:",
            "U+0007, a control character, at character 3",
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
    let line = at(&table, "-108");
    assert_error(
        &stderr,
        &format!("{line} column `category`"),
        &[
            "\"requests\" is not one of the allowed values",
            "success, application, auth, request, template",
        ],
    );
    assert_error(
        &stderr,
        &format!("{line} column `retry`"),
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
        &["header line"],
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
