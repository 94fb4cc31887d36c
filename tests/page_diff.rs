//! examples/page-diff.rs on copies of Zalo's page: the seed copy, edited
//! copies, an HTML page built from the table, and files that are not the page.

#[allow(dead_code)]
#[path = "../examples/page-diff.rs"]
mod page_diff;

use page_diff::{Cells, Form, compare, read_page, run, table_rows};

/// The official page "Cách xử lý mã lỗi", copied from a browser as text.
const PAGE: &str = include_str!("pages/official_page.txt");

fn write(name: &str, bytes: &[u8]) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("page-diff");
    std::fs::create_dir_all(&path).unwrap();
    let path = path.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn edited(from: &str, to: &str) -> String {
    assert_eq!(PAGE.matches(from).count(), 1, "{from:?} must occur once");
    PAGE.replacen(from, to, 1)
}

/// The codes that are new, removed and changed, in that order.
fn differences(page: &str) -> (Vec<i32>, Vec<i32>, Vec<i32>) {
    let page = read_page(page.as_bytes()).expect("reads as the page");
    let diff = compare(&page, &table_rows());
    (
        diff.new.iter().map(|r| r.code).collect(),
        diff.removed.iter().map(|r| r.code).collect(),
        diff.changed.iter().map(|(r, _)| r.code).collect(),
    )
}

#[test]
fn the_seed_copy_agrees_with_the_table() {
    let (output, status) = run(&write("seed.txt", PAGE.as_bytes()));
    assert_eq!(status, 0, "{output}");
    assert_eq!(
        output,
        "summary: 0 new, 0 removed, 0 changed, 55 unchanged (text copy of the page with 55 codes; the table has 55); the page and the table agree.\n"
    );
}

#[test]
fn an_added_code_is_new_with_the_pages_text() {
    let page = edited(
        "\n-152Get E2EE key failed",
        "\n-153Template paused by ZaloMẫu ZNS bị tạm dừng\n-152Get E2EE key failed",
    );
    assert_eq!(differences(&page), (vec![-153], vec![], vec![]));
    let (output, status) = run(&write("added.txt", page.as_bytes()));
    assert_eq!(status, 1);
    assert!(output.contains("new -153: the page lists it, the table does not.\n  page: Template paused by ZaloMẫu ZNS bị tạm dừng\n"), "{output}");
    assert!(
        output.contains("summary: 1 new, 0 removed, 0 changed, 55 unchanged"),
        "{output}"
    );
}

#[test]
fn a_removed_code_is_reported_with_what_to_do_instead() {
    let page = edited("-107Message ID invalidID thông báo không hợp lệ\n", "");
    assert_eq!(differences(&page), (vec![], vec![-107], vec![]));
    let (output, status) = run(&write("removed.txt", page.as_bytes()));
    assert_eq!(status, 1);
    assert!(
        output.contains(
            "removed -107 MessageIdInvalid: the table has it, the page no longer lists it."
        ),
        "{output}"
    );
    assert!(output.contains("Do not delete the row"), "{output}");
}

#[test]
fn a_reworded_remedy_marks_the_changed_words() {
    let page = edited("Kiểm tra lại số dư ZCA", "Kiểm tra lại số dư ví ZCA");
    assert_eq!(differences(&page), (vec![], vec![], vec![-137]));
    let (output, status) = run(&write("reworded.txt", page.as_bytes()));
    assert_eq!(status, 1);
    assert!(
        output.contains("changed -137 ZcaChargeFailure:\n"),
        "{output}"
    );
    assert!(output.contains("  text, page:  ZCA charge failureThanh toán ZCA thất bại (ví không đủ số dư,…)Kiểm tra lại số dư {+ví+} ZCA\n"), "{output}");
}

#[test]
fn a_changed_line_of_a_multi_line_remedy_is_found() {
    let page = edited(
        "2. Yêu cầu cấp mới access token",
        "2. Yêu cầu cấp lại access token",
    );
    assert_eq!(differences(&page), (vec![], vec![], vec![-124]));
    let (output, _) = run(&write("multi-line.txt", page.as_bytes()));
    assert!(
        output.contains("        2. Yêu cầu cấp [-mới-] access token\n"),
        "{output}"
    );
    assert!(
        output.contains("        2. Yêu cầu cấp {+lại+} access token\n"),
        "{output}"
    );
}

#[test]
fn white_space_and_page_chrome_do_not_count() {
    let page = format!(
        "Zalo for Developers\nĐăng nhập\n\n{}\n\nBài viết này có hữu ích không?\nCó\nKhông\n© 2026 Zalo\n",
        PAGE.replace("Gửi thành công", "Gửi   thành công ")
            .replace("\n- 84xxxx", "\n-  84xxxx")
    );
    assert_eq!(differences(&page), (vec![], vec![], vec![]));
    let (_, status) = run(&write("chrome.txt", page.as_bytes()));
    assert_eq!(status, 0);
}

/// An HTML page with the table's rows, as a browser saves it: a `<table>` of
/// the page's four columns, remedies with `<br>` and list items.
fn html_page(extra_row: &str) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><title>Cách xử lý mã lỗi</title></head><body><nav>Tài liệu</nav>\
         <table><thead><tr><th>Mã lỗi</th><th>Mô tả lỗi</th><th>Thông tin lỗi</th><th>Hướng dẫn xử lý</th></tr></thead><tbody>\n",
    );
    for row in table_rows() {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            row.code,
            escape(row.description),
            escape(row.info),
            remedy_html(row.remedy)
        ));
        if row.code == -152 {
            html.push_str(extra_row);
        }
    }
    html.push_str("</tbody></table><footer>© Zalo</footer></body></html>");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A remedy's lines: `- ` lines as `<ul>` items, `1. ` lines as `<ol>` items,
/// other lines separated by `<br>`.
fn remedy_html(remedy: &str) -> String {
    let mut html = String::new();
    let mut open: Option<&str> = None;
    for (i, line) in remedy.lines().enumerate() {
        let numbered = line
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let (list, item) = match (line.strip_prefix("- "), numbered) {
            (Some(item), _) => (Some("ul"), item),
            (None, Some((_, item))) => (Some("ol"), item),
            _ => (None, line),
        };
        if open != list {
            if let Some(tag) = open {
                html.push_str(&format!("</{tag}>"));
            }
            if let Some(tag) = list {
                html.push_str(&format!("<{tag}>"));
            }
            open = list;
        }
        match list {
            Some(_) => html.push_str(&format!("<li>{}</li>", escape(item))),
            None => {
                if i > 0 {
                    html.push_str("<br>");
                }
                html.push_str(&escape(item));
            }
        }
    }
    if let Some(tag) = open {
        html.push_str(&format!("</{tag}>"));
    }
    html
}

#[test]
fn an_html_page_parses_back_to_the_tables_cells() {
    let page = read_page(html_page("").as_bytes()).unwrap();
    assert_eq!(page.form, Form::Html);
    let table = table_rows();
    assert_eq!(page.rows.len(), table.len());
    for (row, known) in page.rows.iter().zip(&table) {
        assert_eq!(row.code, known.code);
        assert_eq!(
            row.cells,
            Cells::Split {
                description: known.description.into(),
                info: known.info.into(),
                remedy: known.remedy.into()
            },
            "code {}",
            known.code
        );
    }
    let (output, status) = run(&write("page.html", html_page("").as_bytes()));
    assert_eq!(status, 0, "{output}");
    assert!(output.contains(
        "(HTML copy of the page with 55 codes; the table has 55); the page and the table agree."
    ));
}

#[test]
fn a_new_code_in_an_html_page_comes_as_a_csv_row() {
    let extra = "<tr><td>-153</td><td>QR template not allowed</td><td>Mẫu QR không được phép</td><td>Kiểm tra lại:<ul><li>mẫu, \"QR\"</li></ul></td></tr>\n";
    let (output, status) = run(&write("new.html", html_page(extra).as_bytes()));
    assert_eq!(status, 1);
    assert!(
        output.contains("\n  -153,QrTemplateNotAllowed,QR template not allowed,Mẫu QR không được phép,\"Kiểm tra lại:\n- mẫu, \"\"QR\"\"\",,,,,\n"),
        "{output}"
    );
    assert!(
        output.contains("fill in category, retry, scope, info_en and remedy_en"),
        "{output}"
    );
}

#[test]
fn a_changed_cell_of_an_html_page_names_its_column() {
    let html = html_page("").replace(
        "<td>Mẫu ZNS chưa được phê duyệt</td>",
        "<td>Mẫu ZNS chưa được duyệt</td>",
    );
    let page = read_page(html.as_bytes()).unwrap();
    let diff = compare(&page, &table_rows());
    assert_eq!(diff.changed.len(), 1);
    let (row, columns) = &diff.changed[0];
    assert_eq!(
        (row.code, columns.len(), columns[0].column),
        (-131, 1, "info_vi")
    );
    assert_eq!(columns[0].page, "Mẫu ZNS chưa được duyệt");
}

#[test]
fn files_that_are_not_the_page_exit_with_2_and_a_reason() {
    let cases: [(&str, &[u8], &str); 6] = [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b" \n\n", "the file is empty"),
        ("binary.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary data"),
        ("latin1.txt", b"M\xe3 l\xf4i", "not UTF-8"),
        ("other.html", b"<html><body><table><tr><th>Name</th><th>Price</th></tr><tr><td>Pho</td><td>50000</td></tr></table></body></html>", "1 table(s) in this HTML file, none with the columns"),
        ("other.txt", b"Danh sach\nMa\tTen\n1\tPho\n", "header line \"Mã lỗi"),
    ];
    for (name, bytes, reason) in cases {
        let (output, status) = run(&write(name, bytes));
        assert_eq!(status, 2, "{name}: {output}");
        assert!(
            output.contains("is not a copy of Zalo's error page: "),
            "{name}: {output}"
        );
        assert!(output.contains(reason), "{name}: {output}");
    }
    let (output, status) = run("/nonexistent/page.txt");
    assert_eq!(status, 2);
    assert!(
        output.contains("cannot read /nonexistent/page.txt"),
        "{output}"
    );
}
