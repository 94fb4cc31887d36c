//! `cargo xtask page-diff PAGE --apply`: the page's changes written into the
//! table, every other byte kept.

mod support;

use std::collections::HashMap;
use std::path::Path;

use support::{
    html_page, page_file, real_rows, real_table, real_table_with, row_number, row_with_remedy, run,
    text_page, workspace,
};
use xtask::page;
use xtask::table_row::TableRow;
use xtask::workspace::{PAGE_COPY, TABLE};

/// Each record's raw bytes by its code (the header and blank lines apart).
fn raw_rows(bytes: &[u8]) -> HashMap<String, Vec<u8>> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let (_, records) = support::table_text::records(&text);
    records
        .iter()
        .map(|r| (r.cells[0].trim().to_owned(), bytes[r.start..r.end].to_vec()))
        .collect()
}

/// The table's cells of the row of `code`, by column name.
fn cells_of(table: &[u8], code: i32) -> HashMap<String, String> {
    let mut reader = csv::Reader::from_reader(table);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| r.get(0).map(str::trim) == Some(&code.to_string()))
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.iter().map(|c| c.replace("\r\n", "\n")))
                .collect()
        })
        .unwrap_or_else(|| panic!("no row {code}"))
}

/// A page like the table with a reworded remedy, a new code after the
/// reworded one, and the second row gone.
struct Planted {
    rows: Vec<TableRow>,
    changed: i32,
    new: i32,
    removed: i32,
}

fn planted() -> Planted {
    let mut rows = real_rows();
    let at = row_with_remedy(&rows, false);
    rows[at].remedy = format!("{} (đã cập nhật)", rows[at].remedy);
    let changed = rows[at].code;
    let new = rows.iter().map(|r| r.code).min().unwrap() - 1;
    rows.insert(
        at + 1,
        TableRow {
            code: new,
            variant: String::new(),
            description: planted_description(new),
            info: "Mẫu ZNS bị tạm dừng".into(),
            remedy: "Liên hệ Zalo để mở lại mẫu".into(),
            dropped_on: String::new(),
        },
    );
    let removed_at = if at == 1 { 2 } else { 1 };
    let removed = rows.remove(removed_at).code;
    Planted {
        rows,
        changed,
        new,
        removed,
    }
}

/// A new code's description, and the variant the tool suggests for it: both
/// unlike any the table may hold.
fn planted_description(code: i32) -> String {
    format!("Planted code {}", code.unsigned_abs())
}

fn planted_variant(code: i32) -> String {
    format!("PlantedCode{}", code.unsigned_abs())
}

fn apply(root: &Path, page_name: &str, page_text: &str) -> xtask::Outcome {
    let page = page_file(root, page_name, page_text);
    run(
        root,
        &["page-diff", &page, "--apply", "--saved-on", "2027-01-15"],
    )
}

#[test]
fn a_change_an_addition_and_a_removal_are_applied_and_nothing_else_moves() {
    let before = real_table();
    let plan = planted();
    let root = workspace("apply-html", &before);
    let outcome = apply(&root, "page.html", &html_page(&plan.rows));
    assert_eq!(outcome.status, 1, "{}", outcome.stdout);
    let after = std::fs::read(root.join(TABLE)).unwrap();

    // The changed row has the page's remedy; its English cells are as they were.
    let changed = cells_of(&after, plan.changed);
    let was = cells_of(&before, plan.changed);
    assert!(changed["remedy_vi"].ends_with(" (đã cập nhật)"));
    assert_eq!(changed["remedy_en"], was["remedy_en"]);
    // The new row follows the changed one, with the page's cells and the
    // editor's cells empty.
    let new = cells_of(&after, plan.new);
    assert_eq!(new["variant"], planted_variant(plan.new));
    assert_eq!(
        (
            new["description"].as_str(),
            new["info_vi"].as_str(),
            new["remedy_vi"].as_str()
        ),
        (
            planted_description(plan.new).as_str(),
            "Mẫu ZNS bị tạm dừng",
            "Liên hệ Zalo để mở lại mẫu"
        )
    );
    for column in ["category", "retry", "scope", "info_en", "remedy_en"] {
        assert_eq!(new[column], "", "{column}");
    }
    let text = String::from_utf8(after.clone()).unwrap();
    let position = |code: i32| text.find(&format!("\n{code},")).unwrap();
    assert!(position(plan.changed) < position(plan.new));
    // The removed code stays, marked with the page copy's date and every
    // other cell as it was; every row that did not change is byte for byte.
    let (old, new_rows) = (raw_rows(&before), raw_rows(&after));
    let (dropped, was) = (
        cells_of(&after, plan.removed),
        cells_of(&before, plan.removed),
    );
    assert_eq!(dropped["dropped_on"], "2027-01-15");
    for (column, value) in &was {
        if column != "dropped_on" {
            assert_eq!(&dropped[column], value, "{column}");
        }
    }
    for (code, bytes) in &old {
        if *code != plan.changed.to_string() && *code != plan.removed.to_string() {
            assert_eq!(new_rows.get(code), Some(bytes), "row {code} moved");
        }
    }
    assert_eq!(new_rows.len(), old.len() + 1);

    // What it said: the change, the addition, the CHANGELOG lines.
    assert!(
        outcome
            .stdout
            .contains(&format!("applied: {} ", plan.changed)),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains("`remedy_vi` now as on the page."),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains(&format!(
            "added: {} {} on line ",
            plan.new,
            planted_variant(plan.new)
        )),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains(&format!("- Zalo's page no longer lists {} (", plan.removed))
    );
    assert!(
        outcome.stdout.contains(
            "- Compared with Zalo's page saved on 2027-01-15: 1 new, 1 removed, 1 changed."
        )
    );

    // The page copy is this page now, dated; the table follows it, the
    // removed code kept and marked.
    let kept = std::fs::read_to_string(root.join(PAGE_COPY)).unwrap();
    assert_eq!(page::saved_on(&kept), Some("2027-01-15"));
    let diff = run(
        &root,
        &["page-diff", root.join(PAGE_COPY).to_str().unwrap()],
    );
    assert!(
        diff.stdout.contains("summary: 0 new, 0 removed, 0 changed"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains(&format!(
            "dropped {} {}: not on the page since 2027-01-15",
            plan.removed, was["variant"]
        )),
        "{}",
        diff.stdout
    );

    // `check` lists exactly what the editor must fill in for the new row.
    let check = run(&root, &["check"]);
    assert_eq!(check.status, 1);
    let problems: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with(&format!("{TABLE}:"))
                && l[TABLE.len() + 1..].starts_with(|c: char| c.is_ascii_digit())
        })
        .collect();
    assert_eq!(problems.len(), 5, "{}", check.stdout);
    for column in ["category", "retry", "scope", "info_en", "remedy_en"] {
        assert!(
            problems
                .iter()
                .any(|p| p.contains(&format!("(code {}), column ", plan.new))
                    && p.contains(&format!("`{column}`:"))),
            "{column}: {}",
            check.stdout
        );
    }
}

#[test]
fn a_second_run_changes_nothing() {
    let plan = planted();
    let root = workspace("apply-twice", &real_table());
    let html = html_page(&plan.rows);
    apply(&root, "page.html", &html);
    let (table, kept) = (
        std::fs::read(root.join(TABLE)).unwrap(),
        std::fs::read(root.join(PAGE_COPY)).unwrap(),
    );
    let page = page_file(&root, "page.html", &html);
    let again = run(
        &root,
        &["page-diff", &page, "--apply", "--saved-on", "2027-02-01"],
    );
    assert_eq!(std::fs::read(root.join(TABLE)).unwrap(), table);
    assert_eq!(
        std::fs::read(root.join(PAGE_COPY)).unwrap(),
        kept,
        "the page copy keeps its date"
    );
    // The removed code is marked once, with the first copy's date, and
    // never deleted.
    assert!(
        again
            .stdout
            .contains("summary: 0 new, 0 removed, 0 changed"),
        "{}",
        again.stdout
    );
    assert_eq!(cells_of(&table, plan.removed)["dropped_on"], "2027-01-15");
}

#[test]
fn a_spreadsheets_crlf_and_byte_order_mark_stay() {
    let lf = String::from_utf8(real_table()).unwrap();
    let lf = lf.trim_start_matches('\u{feff}');
    let crlf = format!("\u{feff}{}", lf.replace("\r\n", "\n").replace('\n', "\r\n"));
    let plan = planted();
    let root = workspace("apply-crlf", crlf.as_bytes());
    apply(&root, "page.html", &html_page(&plan.rows));
    let after = std::fs::read(root.join(TABLE)).unwrap();
    assert!(
        after.starts_with(b"\xef\xbb\xbf"),
        "the byte-order mark stays"
    );
    let text = String::from_utf8(after.clone()).unwrap();
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line end is CRLF"
    );
    let before = raw_rows(crlf.as_bytes());
    let now = raw_rows(&after);
    for (code, bytes) in &before {
        if *code != plan.changed.to_string() && *code != plan.removed.to_string() {
            assert_eq!(now.get(code), Some(bytes), "row {code} moved");
        }
    }
    assert!(now[&plan.new.to_string()].ends_with(b"\r\n"));
    assert!(now[&plan.removed.to_string()].ends_with(b",2027-01-15\r\n"));
}

#[test]
fn a_text_copy_is_applied_around_the_unchanged_cells() {
    let mut rows = real_rows();
    let at = row_with_remedy(&rows, true);
    let code = rows[at].code;
    rows[at].remedy = format!("{}\n- một dòng mới", rows[at].remedy);
    let root = workspace("apply-text", &real_table());
    let outcome = apply(&root, "page.txt", &text_page(&rows));
    assert_eq!(outcome.status, 1, "{}", outcome.stdout);
    let after = std::fs::read(root.join(TABLE)).unwrap();
    assert!(cells_of(&after, code)["remedy_vi"].ends_with("\n- một dòng mới"));
    assert_eq!(
        cells_of(&after, code)["info_vi"],
        cells_of(&real_table(), code)["info_vi"]
    );
}

#[test]
fn a_text_copy_with_two_changed_cells_is_not_guessed() {
    let mut rows = real_rows();
    let at = rows
        .iter()
        .position(|r| !r.info.is_empty() && !r.remedy.is_empty())
        .unwrap();
    rows[at].info.push_str(" mới");
    rows[at].remedy.push_str(" mới");
    let root = workspace("apply-two", &real_table());
    let kept = std::fs::read(root.join(PAGE_COPY)).unwrap();
    let outcome = apply(&root, "page.txt", &text_page(&rows));
    assert!(
        outcome
            .stdout
            .contains(&format!("not applied: {} ", rows[at].code))
            && outcome.stdout.contains("Save the page as HTML"),
        "{}",
        outcome.stdout
    );
    assert_eq!(std::fs::read(root.join(TABLE)).unwrap(), real_table());
    assert_eq!(
        std::fs::read(root.join(PAGE_COPY)).unwrap(),
        kept,
        "a page not fully applied is not kept"
    );
}

#[test]
fn a_new_code_from_a_text_copy_is_split_into_its_cells() {
    let mut rows = real_rows();
    let new = rows.iter().map(|r| r.code).min().unwrap() - 1;
    rows.push(TableRow {
        code: new,
        variant: String::new(),
        description: planted_description(new),
        info: "Mẫu ZNS bị tạm dừng bởi OA".into(),
        remedy: "Kiểm tra lại mẫu:\n- trạng thái\n- chất lượng".into(),
        dropped_on: String::new(),
    });
    let root = workspace("apply-new-text", &real_table());
    let outcome = apply(&root, "page.txt", &text_page(&rows));
    let after = std::fs::read(root.join(TABLE)).unwrap();
    let cells = cells_of(&after, new);
    assert_eq!(
        (
            cells["description"].as_str(),
            cells["info_vi"].as_str(),
            cells["remedy_vi"].as_str()
        ),
        (
            planted_description(new).as_str(),
            "Mẫu ZNS bị tạm dừng bởi OA",
            "Kiểm tra lại mẫu:\n- trạng thái\n- chất lượng"
        )
    );
    assert!(
        outcome
            .stdout
            .contains("check that description, info_vi and remedy_vi begin where the page's do")
    );
}

#[test]
fn a_code_the_page_lists_again_loses_its_mark() {
    // Zalo drops a code, then lists it again.
    let mut rows = real_rows();
    let gone = rows.remove(3);
    let root = workspace("apply-relisted", &real_table());
    apply(&root, "dropped.txt", &text_page(&rows));
    let marked = std::fs::read(root.join(TABLE)).unwrap();
    assert_eq!(cells_of(&marked, gone.code)["dropped_on"], "2027-01-15");
    assert_eq!(run(&root, &["check"]).status, 0, "a marked table is clean");

    let page = page_file(&root, "back.txt", &text_page(&real_rows()));
    let diff = run(&root, &["page-diff", &page]);
    assert_eq!(diff.status, 1);
    assert!(
        diff.stdout.contains(&format!(
            "listed again {} {}: the table marks it dropped on 2027-01-15",
            gone.code, gone.variant
        )),
        "{}",
        diff.stdout
    );
    let again = run(
        &root,
        &["page-diff", &page, "--apply", "--saved-on", "2027-03-01"],
    );
    assert!(
        again.stdout.contains(&format!(
            "- Zalo's page lists {} ({}) again.",
            gone.code, gone.variant
        )),
        "{}",
        again.stdout
    );
    // Back to the table as it was, byte for byte.
    assert_eq!(std::fs::read(root.join(TABLE)).unwrap(), real_table());
    assert_eq!(run(&root, &["check"]).status, 0);
}

#[test]
fn check_holds_the_marks_to_the_kept_copy_of_the_page() {
    let rows = real_rows();
    let (listed, dropped) = (&rows[2], &rows[4]);
    // A mark an editor typed on a code the kept copy lists.
    let root = workspace(
        "check-marks",
        real_table_with(row_number(listed.code), &[("dropped_on", "2027-01-15")]).as_bytes(),
    );
    let check = run(&root, &["check"]);
    assert_eq!(check.status, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(&format!(
            "(code {}), column K `dropped_on`: the code is marked dropped on 2027-01-15, but the copy of Zalo's page beside the table (data/zns_error_page.txt, saved on",
            listed.code
        )),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("Fix: empty the `dropped_on` cell"));
    // A code the kept copy lacks, left unmarked (an editor deleted the mark).
    let mut kept_rows = support::all_rows();
    kept_rows.retain(|r| r.code != dropped.code && r.dropped_on.is_empty());
    let root = workspace("check-unmarked", &real_table());
    std::fs::write(
        root.join(PAGE_COPY),
        format!(
            "# saved on 2027-01-15. data/zns_error_codes.csv follows this copy.\n{}",
            text_page(&kept_rows)
        ),
    )
    .unwrap();
    let check = run(&root, &["check", "--lang", "vi"]);
    assert_eq!(check.status, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(&format!(
            "(mã {}), cột K `dropped_on`: bản sao trang của Zalo bên cạnh bảng (data/zns_error_page.txt, lưu ngày 2027-01-15) không liệt kê mã này",
            dropped.code
        )),
        "{}",
        check.stdout
    );
    // A cell that is not a date: the build's own rule.
    let root = workspace(
        "check-not-a-date",
        real_table_with(row_number(dropped.code), &[("dropped_on", "15/01/2027")]).as_bytes(),
    );
    let check = run(&root, &["check"]);
    assert!(
        check
            .stdout
            .contains("`dropped_on`: \"15/01/2027\" is not a date written YYYY-MM-DD"),
        "{}",
        check.stdout
    );
}

/// The command inside the first pair of backticks of `fix`, as arguments of
/// `cargo xtask`, each path of a file in `root` made absolute (the tools read
/// a page's path from where they run, as an editor's terminal does).
fn command_of(fix: &str, root: &Path) -> Vec<String> {
    let command = fix.split('`').nth(1).expect("a command in backticks");
    let args = command
        .strip_prefix("cargo xtask ")
        .unwrap_or_else(|| panic!("not a cargo xtask command: {command}"));
    args.split_whitespace()
        .map(|arg| match root.join(arg) {
            path if path.is_file() => path.to_string_lossy().into_owned(),
            _ => arg.to_owned(),
        })
        .collect()
}

#[test]
fn checks_fix_for_a_missing_mark_writes_the_date_of_the_copy_that_lacks_the_code() {
    let dropped = &real_rows()[4];
    let mut kept_rows = support::all_rows();
    kept_rows.retain(|r| r.code != dropped.code && r.dropped_on.is_empty());
    let kept = text_page(&kept_rows);
    // A date that is not today: `--apply` alone would write today's.
    let root = workspace("check-fix-dated", &real_table());
    std::fs::write(
        root.join(PAGE_COPY),
        format!("# saved on 2025-06-01. data/zns_error_codes.csv follows this copy.\n{kept}"),
    )
    .unwrap();
    let check = run(&root, &["check"]);
    assert_eq!(check.status, 1, "{}", check.stdout);
    let line = check
        .stdout
        .lines()
        .find(|l| l.contains(&format!("(code {})", dropped.code)))
        .unwrap_or_else(|| panic!("{}", check.stdout));
    let fix = line.split("Fix: ").nth(1).unwrap();
    assert!(fix.contains("--saved-on 2025-06-01"), "{fix}");
    // The fix, run as it says, marks the code with the copy's date and
    // leaves a clean table.
    let fixed = xtask::run(&command_of(fix, &root), "en_US.UTF-8", &root);
    assert!(fixed.status <= 1, "{fixed:?}");
    let table = std::fs::read(root.join(TABLE)).unwrap();
    assert_eq!(cells_of(&table, dropped.code)["dropped_on"], "2025-06-01");
    let check = run(&root, &["check"]);
    assert_eq!(check.status, 0, "{}", check.stdout);

    // A copy whose first lines give no date: the fix asks for it.
    let root = workspace("check-fix-undated", &real_table());
    std::fs::write(root.join(PAGE_COPY), &kept).unwrap();
    for lang in ["en", "vi"] {
        let check = run(&root, &["check", "--lang", lang]);
        assert_eq!(check.status, 1, "{}", check.stdout);
        assert!(
            check
                .stdout
                .contains("page-diff data/zns_error_page.txt --apply --saved-on YYYY-MM-DD`"),
            "{}",
            check.stdout
        );
    }
}
