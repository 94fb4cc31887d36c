//! What the tools' tests share: workspaces in temporary folders, and copies
//! of the page built from whatever the table holds, so that the tests hold
//! for any valid table.

#![allow(
    dead_code,
    reason = "each test file that includes this module uses some of its helpers"
)]

use std::path::{Path, PathBuf};

/// Web servers on 127.0.0.1.
pub mod server;
/// Edits of the table by row and column, whatever quoting the file uses.
#[path = "../../../tests/support/table_text.rs"]
pub mod table_text;
use std::sync::atomic::{AtomicUsize, Ordering};

use xtask::codegen::table;
use xtask::table_row::{self, TableRow};
use xtask::workspace::{PAGE_COPY, TABLE};

/// The repository this test runs in.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The real table's bytes.
pub fn real_table() -> Vec<u8> {
    std::fs::read(repository().join(TABLE)).unwrap()
}

/// The real table as text, with data row `n`'s cells changed by column name.
pub fn real_table_with(n: usize, changes: &[(&str, &str)]) -> String {
    table_text::with_cells(&String::from_utf8(real_table()).unwrap(), n, changes)
}

/// Every row of the real table, in the page's columns, the codes Zalo's
/// page no longer lists included.
pub fn all_rows() -> Vec<TableRow> {
    table_row::table_rows(&table::read_all(&real_table()))
}

/// The real table's rows that Zalo's page lists (no `dropped_on` date), in
/// the page's columns: what a copy of today's page has.
pub fn real_rows() -> Vec<TableRow> {
    all_rows()
        .into_iter()
        .filter(|row| row.dropped_on.is_empty())
        .collect()
}

/// The data row number (1 for the first row after the header) of `code` in
/// the real table.
pub fn row_number(code: i32) -> usize {
    all_rows()
        .iter()
        .position(|row| row.code == code)
        .expect("a code of the table")
        + 1
}

/// A new empty folder under the test target's temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{name}-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    dir
}

/// A workspace holding `table` as data/zns_error_codes.csv and the real
/// page copy.
pub fn workspace(name: &str, table: &[u8]) -> PathBuf {
    let root = temp_dir(name);
    std::fs::write(root.join(TABLE), table).unwrap();
    std::fs::copy(repository().join(PAGE_COPY), root.join(PAGE_COPY)).unwrap();
    std::fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
    root
}

/// Runs the tools' command line in `root`, in English.
pub fn run(root: &Path, args: &[&str]) -> xtask::Outcome {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    xtask::run(&args, "en_US.UTF-8", root)
}

/// Writes `text` as a page file in `root` and returns its path.
pub fn page_file(root: &Path, name: &str, text: &str) -> String {
    let path = root.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// The page as a browser's text copy shows it: the title, the header line,
/// then each row's code and cells run together, multi-line cells continuing.
pub fn text_page(rows: &[TableRow]) -> String {
    let mut page = String::from(
        "Cách xử lý mã lỗi\n\nChi tiết và hướng dẫn xử lý mã lỗi\n\nMã lỗiMô tả lỗiThông tin lỗiHướng dẫn xử lý\n",
    );
    for row in rows {
        page.push_str(&format!("{}{}\n", row.code, row.joined()));
    }
    page.push_str("\nBài viết này có hữu ích không?\n");
    page
}

/// The page as "Save page as…" keeps it: a `<table>` of the four columns,
/// remedies with `<br>` and list items.
pub fn html_page(rows: &[TableRow]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><title>Cách xử lý mã lỗi</title></head><body><nav>Tài liệu</nav>\
         <table><thead><tr><th>Mã lỗi</th><th>Mô tả lỗi</th><th>Thông tin lỗi</th><th>Hướng dẫn xử lý</th></tr></thead><tbody>\n",
    );
    for row in rows {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            row.code,
            escape(&row.description),
            escape(&row.info),
            remedy_html(&row.remedy)
        ));
    }
    html.push_str("</tbody></table><footer>© Zalo</footer></body></html>");
    html
}

pub fn escape(text: &str) -> String {
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

/// A data row of the table with a multi-line remedy, and one with a one-line
/// remedy: where planted changes go.
pub fn row_with_remedy(rows: &[TableRow], multi_line: bool) -> usize {
    rows.iter()
        .position(|r| !r.remedy.is_empty() && r.remedy.contains('\n') == multi_line)
        .expect("a row with such a remedy")
}
