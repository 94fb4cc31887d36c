//! What changed on Zalo's error page? `cargo run --example page-diff -- PAGE`
//!
//! PAGE is a copy of the official page "Cách xử lý mã lỗi", in either form a
//! browser makes:
//! - text: select all, copy, paste into a file (each row's cells run together
//!   on one line, multi-line remedies continue on the next lines);
//! - HTML: "Save page as…" (the table's cells are then known).
//!
//! It compares the page with this crate's table (data/zns_error_codes.csv, as
//! built) and prints the codes that are new, removed or changed, ignoring white
//! space and the columns the page does not have. Exit status: 0 when the page
//! and the table agree, 1 when they differ, 2 when PAGE cannot be read as the
//! page.

// The name rules of the generator, for suggesting variant names.
#[allow(dead_code)]
#[path = "../codegen/mod.rs"]
mod codegen;

use codegen::names;

use std::fmt::Write as _;
use std::process::ExitCode;

use scraper::{ElementRef, Html, Node, Selector};
use zalo_zns_errors::ErrorCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!(
            "usage: cargo run --example page-diff -- PAGE   (a text or HTML copy of Zalo's error page)"
        );
        return ExitCode::from(2);
    };
    let (output, status) = run(path);
    print!("{output}");
    ExitCode::from(status)
}

/// Compares the page at `path` with the table; returns what to print and the
/// exit status.
pub fn run(path: &str) -> (String, u8) {
    let page = match std::fs::read(path) {
        Ok(bytes) => read_page(&bytes),
        Err(error) => Err(format!("cannot read {path}: {error}")),
    };
    match page {
        Ok(page) => {
            let diff = compare(&page, &table_rows());
            let status = if diff.agrees() { 0 } else { 1 };
            (diff.render(&page), status)
        }
        Err(reason) => (
            format!("page-diff: {path} is not a copy of Zalo's error page: {reason}\n"),
            2,
        ),
    }
}

/// Which form the copy of the page is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Text,
    Html,
}

/// A row of the page's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRow {
    pub code: i32,
    pub cells: Cells,
}

/// A row's text: run together in a text copy, split in an HTML copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cells {
    Joined(String),
    Split {
        description: String,
        info: String,
        remedy: String,
    },
}

/// The page's table.
#[derive(Debug)]
pub struct Page {
    pub form: Form,
    pub rows: Vec<PageRow>,
}

/// A row of this crate's table, in the page's columns.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub code: i32,
    pub variant: &'static str,
    pub description: &'static str,
    pub info: &'static str,
    pub remedy: &'static str,
}

/// The crate's table, in the page's columns.
pub fn table_rows() -> Vec<TableRow> {
    ErrorCode::ALL
        .iter()
        .map(|&code| TableRow {
            code: code.code(),
            variant: code.name(),
            description: code.description(),
            info: code.info_vi().unwrap_or(""),
            remedy: code.remedy_vi().unwrap_or(""),
        })
        .collect()
}

/// Reads a copy of the page, text or HTML; `Err` says why it is not one.
pub fn read_page(bytes: &[u8]) -> Result<Page, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("the file is empty".to_owned());
    }
    if bytes.contains(&0) {
        return Err("the file holds binary data, not text".to_owned());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "the file is not UTF-8 text (save or copy the page again from the browser)".to_owned()
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text
        .trim_start()
        .get(..64)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    let rows = if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || text.contains("<table")
    {
        (Form::Html, html_rows(text)?)
    } else {
        (Form::Text, text_rows(text)?)
    };
    Ok(Page {
        form: rows.0,
        rows: rows.1,
    })
}

/// Text with every white space character removed: what the comparison sees.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_header(line: &str) -> bool {
    let line = squeezed(line);
    line.starts_with("Mãlỗi") && line.contains("Môtảlỗi")
}

/// The code at the start of a row line, and the rest of the line. A row line
/// starts with an integer followed by a letter (the description, run together
/// with it) or a tab (a browser that kept the cells apart).
fn row_start(line: &str) -> Option<(i32, &str)> {
    let digits_end = line
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(line.len(), |(i, _)| i);
    let (number, rest) = line.split_at(digits_end);
    let next = rest.chars().next()?;
    if !(next.is_alphabetic() || next == '\t') {
        return None;
    }
    number.parse().ok().map(|code| (code, rest))
}

/// The rows of a text copy: the lines after the header, each row starting
/// with its code; lines that do not start a row continue the one before. The
/// table ends at a blank line that is not followed by a row.
fn text_rows(text: &str) -> Result<Vec<PageRow>, String> {
    let mut lines = text.lines();
    if !lines.by_ref().any(is_header) {
        return Err("no error table: the header line \"Mã lỗi  Mô tả lỗi  Thông tin lỗi  Hướng dẫn xử lý\" is missing".to_owned());
    }
    let mut rows: Vec<(i32, String)> = Vec::new();
    let mut after_blank = false;
    for line in lines {
        if line.trim().is_empty() {
            after_blank = true;
            continue;
        }
        match row_start(line.trim_start()) {
            Some((code, rest)) => rows.push((code, rest.to_owned())),
            None if after_blank || rows.is_empty() => {
                if rows.is_empty() {
                    continue;
                }
                break; // the page's chrome after the table
            }
            None => {
                let last = rows.last_mut().expect("checked above");
                last.1.push('\n');
                last.1.push_str(line);
            }
        }
        after_blank = false;
    }
    if rows.is_empty() {
        return Err("the error table has no rows".to_owned());
    }
    Ok(rows
        .into_iter()
        .map(|(code, text)| {
            let cells = if text.contains('\t') {
                let mut parts = text.trim_start_matches('\t').splitn(3, '\t').map(str::trim);
                Cells::Split {
                    description: parts.next().unwrap_or("").to_owned(),
                    info: parts.next().unwrap_or("").to_owned(),
                    remedy: parts.next().unwrap_or("").to_owned(),
                }
            } else {
                Cells::Joined(text)
            };
            PageRow { code, cells }
        })
        .collect())
}

/// The rows of an HTML copy: the `<table>` whose first row starts with
/// "Mã lỗi", one `<tr>` a code, cells in the page's order.
fn html_rows(text: &str) -> Result<Vec<PageRow>, String> {
    let document = Html::parse_document(text);
    let tables = Selector::parse("table").expect("a valid selector");
    let rows = Selector::parse("tr").expect("a valid selector");
    let mut seen = 0;
    for table in document.select(&tables) {
        seen += 1;
        let mut trs = table.select(&rows);
        let Some(header) = trs.next() else { continue };
        if !is_header(&cells_of(header).join(" ")) {
            continue;
        }
        let mut page_rows = Vec::new();
        for tr in trs {
            let cells = cells_of(tr);
            let Some(Ok(code)) = cells.first().map(|c| c.trim().parse::<i32>()) else {
                continue;
            };
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            page_rows.push(PageRow {
                code,
                cells: Cells::Split {
                    description: cell(1),
                    info: cell(2),
                    remedy: cell(3),
                },
            });
        }
        if page_rows.is_empty() {
            return Err("the error table has no rows".to_owned());
        }
        return Ok(page_rows);
    }
    Err(match seen {
        0 => "no <table> in this HTML file".to_owned(),
        n => format!(
            "{n} table(s) in this HTML file, none with the columns \"Mã lỗi\", \"Mô tả lỗi\""
        ),
    })
}

/// The text of each cell of a row, with `<br>` and list items as lines.
fn cells_of(tr: ElementRef<'_>) -> Vec<String> {
    tr.child_elements()
        .filter(|e| matches!(e.value().name(), "td" | "th"))
        .map(|cell| {
            let mut text = String::new();
            cell_text(cell, &mut text);
            text.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

fn cell_text(element: ElementRef<'_>, out: &mut String) {
    let mut number = 0;
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(&text.replace('\n', " ")),
            Node::Element(inner) => {
                let Some(inner_ref) = ElementRef::wrap(child) else {
                    continue;
                };
                match inner.name() {
                    "br" => out.push('\n'),
                    "li" => {
                        out.push('\n');
                        if element.value().name() == "ol" {
                            number += 1;
                            let _ = write!(out, "{number}. ");
                        } else {
                            out.push_str("- ");
                        }
                        cell_text(inner_ref, out);
                        out.push('\n');
                    }
                    "p" | "div" | "ul" | "ol" => {
                        out.push('\n');
                        cell_text(inner_ref, out);
                        out.push('\n');
                    }
                    _ => cell_text(inner_ref, out),
                }
            }
            _ => {}
        }
    }
}

/// A cell whose text differs between the table and the page.
#[derive(Debug, Clone)]
pub struct ChangedCell {
    /// The table's column, or "text" for a text copy, whose cells run together.
    pub column: &'static str,
    pub table: String,
    pub page: String,
}

/// How the page and the table differ.
#[derive(Debug, Default)]
pub struct Diff {
    /// Codes on the page that the table lacks.
    pub new: Vec<PageRow>,
    /// Codes in the table that the page no longer lists.
    pub removed: Vec<TableRow>,
    /// Codes whose text changed, with each cell that differs.
    pub changed: Vec<(TableRow, Vec<ChangedCell>)>,
    /// Codes the page lists more than once.
    pub repeated: Vec<i32>,
    pub unchanged: usize,
}

impl Diff {
    pub fn agrees(&self) -> bool {
        self.new.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.repeated.is_empty()
    }

    pub fn render(&self, page: &Page) -> String {
        let mut out = String::new();
        for row in &self.new {
            let _ = writeln!(
                out,
                "new {}: the page lists it, the table does not.",
                row.code
            );
            match &row.cells {
                Cells::Joined(text) => {
                    let _ = writeln!(out, "  page: {}", indent(text));
                    let _ = writeln!(
                        out,
                        "  Add a row for it. The page's cells run together in a text copy: save the page as HTML \
                         (\"Save page as…\") and run page-diff on that for a ready-to-paste row."
                    );
                }
                Cells::Split {
                    description,
                    info,
                    remedy,
                } => {
                    let _ = writeln!(
                        out,
                        "  Add this row to data/zns_error_codes.csv where the page has it, check the variant name, \
                         and fill in category, retry, scope, info_en and remedy_en:"
                    );
                    let _ = writeln!(out, "  {}", csv_row(row.code, description, info, remedy));
                }
            }
        }
        for row in &self.removed {
            let _ = writeln!(
                out,
                "removed {} {}: the table has it, the page no longer lists it.\n  \
                 Do not delete the row: programs built with a released version may still receive the code, and \
                 deleting its variant breaks them. Keep it, and note in CHANGELOG.md that Zalo no longer lists it.",
                row.code, row.variant
            );
        }
        for (row, columns) in &self.changed {
            let _ = writeln!(out, "changed {} {}:", row.code, row.variant);
            for cell in columns {
                let (old, new) = word_diff(&cell.table, &cell.page);
                let _ = writeln!(out, "  {}, table: {}", cell.column, indent(&old));
                let _ = writeln!(out, "  {}, page:  {}", cell.column, indent(&new));
            }
        }
        for code in &self.repeated {
            let _ = writeln!(
                out,
                "repeated {code}: the page lists this code more than once; only its first row was compared."
            );
        }
        let form = match page.form {
            Form::Text => "text",
            Form::Html => "HTML",
        };
        let _ = writeln!(
            out,
            "summary: {} new, {} removed, {} changed, {} unchanged ({form} copy of the page with {} codes; the table has {}){}",
            self.new.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged,
            page.rows.len(),
            self.unchanged + self.changed.len() + self.removed.len(),
            if self.agrees() {
                "; the page and the table agree."
            } else {
                "."
            }
        );
        out
    }
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n        ")
}

/// A CSV row for a new code, with a suggested variant name, the page's cells
/// in their columns and every other cell empty.
fn csv_row(code: i32, description: &str, info: &str, remedy: &str) -> String {
    use codegen::columns::{self, COLUMNS};
    let variant = names::suggest_variant(description).unwrap_or_default();
    let code = code.to_string();
    let cells: Vec<&str> = COLUMNS
        .iter()
        .map(|column| match column.name {
            columns::CODE => code.as_str(),
            columns::VARIANT => variant.as_str(),
            columns::DESCRIPTION => description,
            columns::INFO_VI => info,
            columns::REMEDY_VI => remedy,
            _ => "",
        })
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(&cells);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_owned()
}

/// Compares the page with the table.
pub fn compare(page: &Page, table: &[TableRow]) -> Diff {
    let mut diff = Diff::default();
    let mut seen = std::collections::HashSet::new();
    for row in &page.rows {
        if !seen.insert(row.code) {
            diff.repeated.push(row.code);
            continue;
        }
        let Some(known) = table.iter().find(|t| t.code == row.code) else {
            diff.new.push(row.clone());
            continue;
        };
        let columns: Vec<ChangedCell> = match &row.cells {
            Cells::Joined(text) => {
                let old = format!("{}{}{}", known.description, known.info, known.remedy);
                if squeezed(&old) == squeezed(text) {
                    vec![]
                } else {
                    vec![ChangedCell {
                        column: "text",
                        table: old,
                        page: text.clone(),
                    }]
                }
            }
            Cells::Split {
                description,
                info,
                remedy,
            } => [
                ("description", known.description, description),
                ("info_vi", known.info, info),
                ("remedy_vi", known.remedy, remedy),
            ]
            .into_iter()
            .filter(|(_, old, new)| squeezed(old) != squeezed(new))
            .map(|(column, old, new)| ChangedCell {
                column,
                table: old.to_owned(),
                page: new.clone(),
            })
            .collect(),
        };
        if columns.is_empty() {
            diff.unchanged += 1;
        } else {
            diff.changed.push((known.clone(), columns));
        }
    }
    diff.removed = table
        .iter()
        .filter(|t| !seen.contains(&t.code))
        .cloned()
        .collect();
    diff
}

/// `old` and `new` with the words that differ marked, each keeping its own
/// line breaks: words only in `old` as `[-word-]`, words only in `new` as
/// `{+word+}` (by the longest common subsequence of words).
pub fn word_diff(old: &str, new: &str) -> (String, String) {
    let a = words(old);
    let b = words(new);
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i].0 == b[j].0 {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut in_a, mut in_b) = (vec![false; a.len()], vec![false; b.len()]);
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].0 == b[j].0 {
            (in_a[i], in_b[j]) = (true, true);
            (i, j) = (i + 1, j + 1);
        } else if lcs[i][j + 1] >= lcs[i + 1][j] {
            j += 1;
        } else {
            i += 1;
        }
    }
    let render = |words: &[(&str, &str)], common: &[bool], open: &str, close: &str| {
        let mut out = String::new();
        for (&(word, space), &kept) in words.iter().zip(common) {
            if kept {
                out.push_str(word);
            } else {
                let _ = write!(out, "{open}{word}{close}");
            }
            out.push_str(space);
        }
        out
    };
    (render(&a, &in_a, "[-", "-]"), render(&b, &in_b, "{+", "+}"))
}

/// Each word of `text` with the white space that follows it.
fn words(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        let space_end = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        out.push((word, &after[..space_end]));
        rest = &after[space_end..];
    }
    out
}
