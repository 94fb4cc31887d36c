//! `cargo xtask page-diff PAGE`: copies of Zalo's page against the table —
//! the copy data/ keeps, copies built from the table with planted changes, a
//! browser's real copy, and files that are not the page.

mod support;

use support::{
    html_page, page_file, real_rows, real_table, row_with_remedy, run, text_page, workspace,
};
use xtask::diff::compare;
use xtask::page::{self, Cells, Form};
use xtask::table_row::table_rows;
use xtask::workspace::PAGE_COPY;

/// The codes that are new, removed and changed between `page` and the table.
fn differences(page: &str) -> (Vec<i32>, Vec<i32>, Vec<i32>) {
    let page = page::read(page.as_bytes()).expect("reads as the page");
    let diff = compare(&page, &real_rows());
    (
        diff.new.iter().map(|(r, _)| r.code).collect(),
        diff.removed.iter().map(|r| r.code).collect(),
        diff.changed.iter().map(|(r, _, _)| r.code).collect(),
    )
}

#[test]
fn the_table_follows_the_page_copy_data_keeps() {
    let kept = std::fs::read(support::repository().join(PAGE_COPY)).unwrap();
    let page = page::read(&kept).expect("data/zns_error_page.txt is a copy of the page");
    // Every row, the codes marked dropped included: the copy must lack
    // exactly those.
    let rows = support::all_rows();
    let diff = compare(&page, &rows);
    assert!(
        diff.agrees(),
        "data/zns_error_codes.csv differs from data/zns_error_page.txt; run `cargo xtask page-diff data/zns_error_page.txt`:\n{}",
        diff.render(&page, rows.len(), xtask::codegen::messages::Lang::En)
    );
    assert!(page::saved_on(&String::from_utf8_lossy(&kept)).is_some_and(xtask::date::is_date));
}

#[test]
fn a_copy_built_from_the_table_agrees_in_both_forms() {
    let rows = real_rows();
    let root = workspace("agree", &real_table());
    for (name, text) in [
        ("page.txt", text_page(&rows)),
        ("page.html", html_page(&rows)),
    ] {
        let outcome = run(&root, &["page-diff", &page_file(&root, name, &text)]);
        assert_eq!(outcome.status, 0, "{}", outcome.stdout);
        let form = if name.ends_with("html") {
            "HTML"
        } else {
            "text"
        };
        // The codes the table marks dropped are named, and are no difference.
        let (summary, dropped) = outcome
            .stdout
            .trim_end()
            .split('\n')
            .partition::<Vec<_>, _>(|l| l.starts_with("summary: "));
        assert_eq!(
            summary,
            [format!(
                "summary: 0 new, 0 removed, 0 changed, {n} unchanged ({form} copy of the page with {n} codes; the table has {all}); the page and the table agree.",
                n = rows.len(),
                all = support::all_rows().len()
            )]
        );
        assert_eq!(
            dropped.len(),
            support::all_rows().len() - rows.len(),
            "{}",
            outcome.stdout
        );
        assert!(
            dropped.iter().all(|l| l.starts_with("dropped ")),
            "{}",
            outcome.stdout
        );
    }
}

#[test]
fn an_added_code_is_new_with_the_pages_text() {
    let rows = real_rows();
    let mut page = text_page(&rows);
    let last = rows.last().unwrap();
    let new_code = rows.iter().map(|r| r.code).min().unwrap() - 1;
    let line = format!("\n{}{}", last.code, last.joined().lines().next().unwrap());
    page = page.replacen(
        &line,
        &format!("\n{new_code}Template paused by ZaloMẫu ZNS bị tạm dừng{line}"),
        1,
    );
    assert_eq!(differences(&page), (vec![new_code], vec![], vec![]));
    let root = workspace("added", &real_table());
    let outcome = run(&root, &["page-diff", &page_file(&root, "page.txt", &page)]);
    assert_eq!(outcome.status, 1);
    assert!(
        outcome.stdout.contains(&format!(
            "new {new_code}: the page lists it, the table does not.\n  page: Template paused by ZaloMẫu ZNS bị tạm dừng\n"
        )),
        "{}",
        outcome.stdout
    );
    assert!(outcome.stdout.contains(&format!(
        "summary: 1 new, 0 removed, 0 changed, {} unchanged",
        rows.len()
    )));
}

#[test]
fn a_removed_code_is_reported_with_what_to_do_instead() {
    let mut rows = real_rows();
    let gone = rows.remove(1);
    let root = workspace("removed", &real_table());
    let outcome = run(
        &root,
        &[
            "page-diff",
            &page_file(&root, "page.txt", &text_page(&rows)),
        ],
    );
    assert_eq!(outcome.status, 1);
    assert!(
        outcome.stdout.contains(&format!(
            "removed {} {}: the table has it, the page no longer lists it.\n  Do not delete the row",
            gone.code, gone.variant
        )),
        "{}",
        outcome.stdout
    );
}

#[test]
fn a_reworded_remedy_marks_the_changed_words() {
    let mut rows = real_rows();
    let at = row_with_remedy(&rows, false);
    let (code, variant) = (rows[at].code, rows[at].variant.clone());
    rows[at].remedy = format!("{} thêm từ", rows[at].remedy);
    let page = text_page(&rows);
    assert_eq!(differences(&page), (vec![], vec![], vec![code]));
    let root = workspace("reworded", &real_table());
    let outcome = run(&root, &["page-diff", &page_file(&root, "page.txt", &page)]);
    assert_eq!(outcome.status, 1);
    assert!(
        outcome
            .stdout
            .contains(&format!("changed {code} {variant}:\n")),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains("{+thêm+} {+từ+}\n") || outcome.stdout.contains("{+thêm từ+}\n"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn a_changed_line_of_a_multi_line_remedy_is_found() {
    let mut rows = real_rows();
    let at = row_with_remedy(&rows, true);
    let second = rows[at].remedy.lines().nth(1).unwrap().to_owned();
    rows[at].remedy = rows[at]
        .remedy
        .replacen(&second, &format!("{second} mới"), 1);
    let root = workspace("multi-line", &real_table());
    let outcome = run(
        &root,
        &[
            "page-diff",
            &page_file(&root, "page.txt", &text_page(&rows)),
        ],
    );
    assert!(
        outcome
            .stdout
            .contains(&format!("\n        {second} {{+mới+}}\n")),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains(&format!("\n        {second}\n")),
        "{}",
        outcome.stdout
    );
}

#[test]
fn white_space_and_page_chrome_do_not_count() {
    let rows = real_rows();
    let page = format!(
        "Zalo for Developers\nĐăng nhập\n\n{}\n\nCó\nKhông\n© 2026 Zalo\n",
        text_page(&rows).replace(' ', "  ").replace("\n- ", "\n-  ")
    );
    assert_eq!(differences(&page), (vec![], vec![], vec![]));
}

#[test]
fn an_html_page_parses_back_to_the_tables_cells() {
    let rows = real_rows();
    let page = page::read(html_page(&rows).as_bytes()).unwrap();
    assert_eq!(page.form, Form::Html);
    assert_eq!(page.rows.len(), rows.len());
    for (row, known) in page.rows.iter().zip(&rows) {
        assert_eq!(row.code, known.code);
        assert_eq!(
            row.cells,
            Cells::Split {
                description: known.description.clone(),
                info: known.info.clone(),
                remedy: known.remedy.clone(),
            },
            "code {}",
            known.code
        );
    }
}

#[test]
fn a_new_code_in_an_html_page_comes_as_a_csv_row() {
    let rows = real_rows();
    let new_code = rows.iter().map(|r| r.code).min().unwrap() - 1;
    let extra = format!(
        "<tr><td>{new_code}</td><td>QR template not allowed</td><td>Mẫu QR không được phép</td><td>Kiểm tra lại:<ul><li>mẫu, \"QR\"</li></ul></td></tr>\n"
    );
    let html = html_page(&rows).replace("</tbody>", &format!("{extra}</tbody>"));
    let root = workspace("new-html", &real_table());
    let outcome = run(&root, &["page-diff", &page_file(&root, "page.html", &html)]);
    assert_eq!(outcome.status, 1);
    let empty_after_remedy = ",".repeat(xtask::codegen::columns::COLUMNS.len() - 5);
    assert!(
        outcome.stdout.contains(&format!(
            "\n  page: {new_code},QrTemplateNotAllowed,QR template not allowed,Mẫu QR không được phép,\"Kiểm tra lại:\n        - mẫu, \"\"QR\"\"\"{empty_after_remedy}\n"
        )),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("fill in category, retry, scope, info_en and remedy_en"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn a_changed_cell_of_an_html_page_names_its_column() {
    let mut rows = real_rows();
    let at = rows.iter().position(|r| !r.info.is_empty()).unwrap();
    rows[at].info.push_str(" đã đổi");
    let page = page::read(html_page(&rows).as_bytes()).unwrap();
    let diff = compare(&page, &real_rows());
    assert_eq!(diff.changed.len(), 1);
    let (row, _, cells) = &diff.changed[0];
    assert_eq!(
        (row.code, cells.len(), cells[0].column),
        (rows[at].code, 1, "info_vi")
    );
    assert!(cells[0].page.ends_with(" đã đổi"));
}

#[test]
fn a_browsers_text_copy_reads_as_its_cells() {
    // A real copy of the page, pasted from a browser, and its cells as an
    // HTML copy gives them (both saved on 2026-11-30).
    let joined = page::read(include_bytes!("pages/official_page.txt")).unwrap();
    let cells = page::read(include_bytes!("pages/official_page_cells.txt")).unwrap();
    assert_eq!(joined.form, Form::Text);
    assert_eq!(
        joined.rows.iter().map(|r| r.code).collect::<Vec<_>>(),
        cells.rows.iter().map(|r| r.code).collect::<Vec<_>>()
    );
    // Comparing one with the other finds nothing: the same page.
    let known: Vec<_> = cells
        .rows
        .iter()
        .map(|r| {
            let Cells::Split {
                description,
                info,
                remedy,
            } = &r.cells
            else {
                panic!("cells apart");
            };
            xtask::table_row::TableRow {
                code: r.code,
                variant: String::new(),
                description: description.clone(),
                info: info.clone(),
                remedy: remedy.clone(),
                dropped_on: String::new(),
            }
        })
        .collect();
    assert!(compare(&joined, &known).agrees());
}

#[test]
fn a_broken_table_is_reported_and_compared_as_far_as_it_reads() {
    let rows = real_rows();
    // An empty category: the build fails, the comparison goes on.
    let broken = support::real_table_with(2, &[("category", "")]);
    let root = workspace("broken", broken.as_bytes());
    let outcome = run(
        &root,
        &[
            "page-diff",
            &page_file(&root, "page.txt", &text_page(&rows)),
        ],
    );
    assert_eq!(outcome.status, 0, "{}", outcome.stdout);
    assert!(
        outcome
            .stdout
            .contains("column F `category`: the cell is empty."),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains(&format!(
            "the table has 1 problem(s), listed above; the comparison uses the {} rows whose code could be read.",
            support::all_rows().len()
        )),
        "{}",
        outcome.stdout
    );
    assert!(outcome.stdout.contains("the page and the table agree."));
}

#[test]
fn files_that_are_not_the_page_exit_with_2_and_a_reason() {
    let root = workspace("not-page", &real_table());
    let cases: [(&str, &[u8], &str); 6] = [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b" \n\n", "the file is empty"),
        ("binary.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary data"),
        ("latin1.txt", b"M\xe3 l\xf4i", "not UTF-8"),
        (
            "other.html",
            b"<html><body><table><tr><th>Name</th><th>Price</th></tr><tr><td>Pho</td><td>50000</td></tr></table></body></html>",
            "1 table(s) in this HTML file, none with the columns",
        ),
        ("other.txt", b"Danh sach\nMa\tTen\n1\tPho\n", "header line \"Mã lỗi"),
    ];
    for (name, bytes, reason) in cases {
        let path = root.join(name);
        std::fs::write(&path, bytes).unwrap();
        let outcome = run(&root, &["page-diff", path.to_str().unwrap()]);
        assert_eq!(outcome.status, 2, "{name}: {outcome:?}");
        assert!(
            outcome
                .stderr
                .contains("is not a copy of Zalo's error page: "),
            "{name}: {}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains(reason),
            "{name}: {}",
            outcome.stderr
        );
    }
    let outcome = run(&root, &["page-diff", "/nonexistent/page.txt"]);
    assert_eq!(outcome.status, 2);
    assert!(
        outcome.stderr.contains("cannot read /nonexistent/page.txt"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn the_report_speaks_vietnamese_when_asked() {
    let mut rows = real_rows();
    let gone = rows.remove(0);
    let root = workspace("vietnamese", &real_table());
    let page = page_file(&root, "page.txt", &text_page(&rows));
    let args: Vec<String> = ["page-diff", &page, "--lang", "vi"]
        .iter()
        .map(|a| a.to_string())
        .collect();
    let outcome = xtask::run(&args, "en_US.UTF-8", &root);
    assert!(
        outcome.stdout.contains(&format!(
            "bị bỏ {} {}: bảng có mã này, trang không còn liệt kê.",
            gone.code, gone.variant
        )),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains("tóm tắt: 0 mới, 1 bị bỏ"),
        "{}",
        outcome.stdout
    );
    // LANG alone does it too.
    let outcome = xtask::run(&args[..2], "vi_VN.UTF-8", &root);
    assert!(outcome.stdout.contains("tóm tắt: "), "{}", outcome.stdout);
}

#[test]
fn table_rows_are_read_from_the_file_as_it_is() {
    // The comparison reads the file on disk, not a compiled table.
    let rows = support::all_rows();
    let table = String::from_utf8(real_table()).unwrap();
    assert_eq!(
        table_rows(&xtask::codegen::table::read_all(table.as_bytes())),
        rows
    );
    let description = format!("{} edited", rows[1].description);
    let edited = support::real_table_with(2, &[("description", &description)]);
    let edited_rows = table_rows(&xtask::codegen::table::read_all(edited.as_bytes()));
    assert_eq!(edited_rows[1].description, description);
}
