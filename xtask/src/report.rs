//! `page-diff --report FILE`: what changed on Zalo's page, as the Markdown
//! body of a pull request, in English and Vietnamese. An editor reads it to
//! know which cells are left to fill; the checks of the pull request then
//! say what is still missing.

use std::fmt::Write as _;

use crate::codegen::columns::{COLUMNS, Kind};
use crate::codegen::messages::Lang;
use crate::diff::{Diff, new_row_cells, word_diff};
use crate::fetch::OFFICIAL_PAGE;
use crate::page::{Cells, Page};

/// The section of EDITING.md on filling in cells, in each language.
pub const GUIDE_EN: &str = "EDITING.md#filling-in-the-cells";
pub const GUIDE_VI: &str = "EDITING.md#điền-các-ô";

/// The report for `diff`, between `page` (read or saved on `date`) and the
/// table; `applied` says whether the page was written into the table.
pub fn markdown(diff: &Diff, page: &Page, date: &str, applied: bool) -> String {
    let mut out = String::new();
    let counts = format!(
        "{} new, {} dropped, {} listed again, {} changed",
        diff.new.len(),
        diff.removed.len(),
        diff.relisted.len(),
        diff.changed.len()
    );
    let counts_vi = format!(
        "{} mã mới, {} mã bị bỏ, {} mã được liệt kê lại, {} mã thay đổi",
        diff.new.len(),
        diff.removed.len(),
        diff.relisted.len(),
        diff.changed.len()
    );
    if diff.agrees() {
        let _ = writeln!(
            out,
            "Zalo's page [\"Cách xử lý mã lỗi\"]({OFFICIAL_PAGE}) and data/zns_error_codes.csv agree ({} codes, read on {date}).\n\n\
             Trang [\"Cách xử lý mã lỗi\"]({OFFICIAL_PAGE}) của Zalo và data/zns_error_codes.csv khớp nhau ({} mã, đọc ngày {date}).",
            page.rows.len(),
            page.rows.len()
        );
        return out;
    }
    let (guide_en, guide_vi) = (guide_link(GUIDE_EN), guide_link(GUIDE_VI));
    let _ = writeln!(
        out,
        "Zalo's page [\"Cách xử lý mã lỗi\"]({OFFICIAL_PAGE}), read on {date}, differs from the table: {counts}.\n\n\
         Trang [\"Cách xử lý mã lỗi\"]({OFFICIAL_PAGE}) của Zalo, đọc ngày {date}, khác với bảng: {counts_vi}.\n"
    );
    if applied {
        let _ = writeln!(
            out,
            "**What to do.** The page's text is already in `data/zns_error_codes.csv`, and the page in \
             `data/zns_error_page.txt`. Fill in the cells named below, in a spreadsheet or on GitHub, as \
             [EDITING.md explains]({guide_en}); push to this branch; the checks of this pull request then \
             list what is left. The section CHANGELOG.md at the end gives the lines to add to CHANGELOG.md, and where.\n\n\
             **Việc cần làm.** Chữ của trang đã được ghi vào `data/zns_error_codes.csv`, và trang được lưu ở \
             `data/zns_error_page.txt`. Điền các ô được nêu dưới đây, trong chương trình bảng tính hoặc trên \
             GitHub, như [EDITING.md hướng dẫn]({guide_vi}); đẩy lên nhánh này; các bước kiểm tra của pull \
             request sẽ liệt kê những gì còn thiếu. Mục CHANGELOG.md ở cuối nêu các dòng cần thêm vào CHANGELOG.md, và thêm ở đâu.\n"
        );
    }
    if !diff.new.is_empty() {
        out.push_str("### New codes · Mã mới\n\n");
        for (row, _) in &diff.new {
            let cells = new_row_cells(row, &diff.acronyms);
            let value = |name: &str| {
                cells
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_default()
            };
            let variant = value(crate::codegen::columns::VARIANT);
            let _ = writeln!(out, "#### `{}` {variant}\n", row.code);
            if let Cells::Joined(text) = &row.cells {
                let _ = writeln!(
                    out,
                    "The page's text, run together (check the split into cells) · Chữ của trang, liền nhau (kiểm tra cách tách ô):\n\n```text\n{text}\n```\n"
                );
            }
            out.push_str("| column · cột | from the page · từ trang |\n|---|---|\n");
            for column in COLUMNS
                .iter()
                .filter(|c| matches!(c.kind, Kind::Page { .. }))
            {
                let _ = writeln!(out, "| `{}` | {} |", column.name, cell(value(column.name)));
            }
            let to_fill: Vec<String> = COLUMNS
                .iter()
                .filter(|column| match column.kind {
                    Kind::Label(_) => true,
                    Kind::English { of } => !value(of).is_empty(),
                    _ => false,
                })
                .map(|column| format!("`{}`", column.name))
                .collect();
            let _ = writeln!(
                out,
                "\nCells to fill · Ô cần điền: {}; and check the suggested `variant` `{variant}` · và kiểm tra tên `variant` gợi ý.\n",
                to_fill.join(", ")
            );
        }
    }
    if !diff.changed.is_empty() {
        out.push_str("### Changed · Thay đổi\n\n");
        for (row, _, cells) in &diff.changed {
            for changed in cells {
                let (old, new) = word_diff(&changed.table, &changed.page);
                let _ = writeln!(
                    out,
                    "#### `{}` {} — `{}`\n\n```text\ntable · bảng:\n{}\npage · trang:\n{}\n```\n",
                    row.code,
                    row.variant,
                    changed.column,
                    indent(&old),
                    indent(&new)
                );
            }
            let _ = writeln!(
                out,
                "Check that the English cells of `{}` still say what the page says · Kiểm tra các ô tiếng Anh của `{}` vẫn nói đúng như trang.\n",
                row.code, row.code
            );
        }
    }
    if !diff.removed.is_empty() {
        out.push_str("### No longer on the page · Không còn trên trang\n\n");
        for row in &diff.removed {
            let _ = writeln!(
                out,
                "- `{}` {}: the row stays, `dropped_on` = {date} · hàng được giữ, `dropped_on` = {date}.",
                row.code, row.variant
            );
        }
        out.push('\n');
    }
    if !diff.relisted.is_empty() {
        out.push_str("### Listed again · Được liệt kê lại\n\n");
        for row in &diff.relisted {
            let _ = writeln!(
                out,
                "- `{}` {}: `dropped_on` ({}) is emptied · ô `dropped_on` được xoá.",
                row.code, row.variant, row.dropped_on
            );
        }
        out.push('\n');
    }
    // Where the lines go, in both languages.
    let add = crate::text::changelog_add();
    let _ = writeln!(
        out,
        "### CHANGELOG.md\n\n{} · {}\n\n```markdown",
        capitalized(&add.render(Lang::En)),
        capitalized(&add.render(Lang::Vi))
    );
    for line in diff.changelog(date) {
        out.push_str(&line.render(Lang::En));
        out.push('\n');
    }
    out.push_str("```\n");
    out
}

/// A link to a section of the guide: on GitHub (where the workflow runs) to
/// the repository's copy, elsewhere relative to the repository.
fn guide_link(section: &str) -> String {
    match (
        std::env::var("GITHUB_SERVER_URL"),
        std::env::var("GITHUB_REPOSITORY"),
    ) {
        (Ok(server), Ok(repository)) if !server.is_empty() && !repository.is_empty() => {
            format!("{server}/{repository}/blob/HEAD/{section}")
        }
        _ => section.to_owned(),
    }
}

/// A cell's text inside a Markdown table: its lines apart, its pipes kept.
fn cell(text: &str) -> String {
    if text.is_empty() {
        return "—".to_owned();
    }
    text.replace('|', "\\|").replace('\n', "<br>")
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with its first letter in capitals.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
