//! A copy of Zalo's page "Cách xử lý mã lỗi", in either form a browser makes:
//! text (select all, copy, paste: each row's cells run together on one line,
//! multi-line remedies continue on the next lines, or cells apart with tabs)
//! or HTML ("Save page as…": the table's cells are known). And the copy kept
//! in data/, written as text with its cells apart.

use std::fmt::Write as _;

use crate::codegen::messages::Phrase;
use crate::html::{Document, Node};
use crate::text;

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

/// A row's text: run together in a text copy, apart in an HTML copy or a
/// text copy with tabs.
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

/// Reads a copy of the page, text or HTML; `Err` says why it is not one.
pub fn read(bytes: &[u8]) -> Result<Page, Phrase> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(text::PAGE_EMPTY.into());
    }
    if bytes.contains(&0) {
        return Err(text::PAGE_BINARY.into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Phrase::from(text::PAGE_NOT_UTF8))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text
        .trim_start()
        .get(..64)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") || text.contains("<table")
    {
        Ok(Page {
            form: Form::Html,
            rows: html_rows(text)?,
        })
    } else {
        Ok(Page {
            form: Form::Text,
            rows: text_rows(text)?,
        })
    }
}

/// Text with every white space character removed: what the comparison sees.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_header(line: &str) -> bool {
    let line = squeezed(line);
    line.starts_with("Mãlỗi") && line.contains("Môtảlỗi")
}

/// The code at the start of a row line, and the rest of the line. A row line
/// starts with an integer followed by a letter (the description, run together
/// with it) or a tab (a copy that kept the cells apart).
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
fn text_rows(text: &str) -> Result<Vec<PageRow>, Phrase> {
    let mut lines = text.lines();
    if !lines.by_ref().any(is_header) {
        return Err(text::PAGE_NO_HEADER.into());
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
            None if rows.is_empty() => continue,
            None if after_blank => break, // the page's chrome after the table
            None => {
                if let Some(last) = rows.last_mut() {
                    last.1.push('\n');
                    last.1.push_str(line);
                }
            }
        }
        after_blank = false;
    }
    if rows.is_empty() {
        return Err(text::PAGE_NO_ROWS.into());
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
fn html_rows(text: &str) -> Result<Vec<PageRow>, Phrase> {
    let document = Document::parse(text);
    let mut seen = 0;
    for table in document.elements("table") {
        seen += 1;
        let mut trs = table.descendants().filter(|node| node.name() == Some("tr"));
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
            return Err(text::PAGE_NO_ROWS.into());
        }
        return Ok(page_rows);
    }
    Err(match seen {
        0 => text::PAGE_NO_HTML_TABLE.into(),
        n => Phrase::new(text::PAGE_OTHER_TABLES).with("count", n),
    })
}

/// The text of each cell of a row, with `<br>` and list items as lines.
fn cells_of(tr: Node<'_>) -> Vec<String> {
    tr.children()
        .filter(|e| matches!(e.name(), Some("td" | "th")))
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

fn cell_text(element: Node<'_>, out: &mut String) {
    let mut number = 0;
    for child in element.children() {
        if let Some(text) = child.text() {
            out.push_str(&text.replace('\n', " "));
            continue;
        }
        let Some(name) = child.name() else { continue };
        match name {
            "br" => out.push('\n'),
            "li" => {
                out.push('\n');
                if element.name() == Some("ol") {
                    number += 1;
                    let _ = write!(out, "{number}. ");
                } else {
                    out.push_str("- ");
                }
                cell_text(child, out);
                out.push('\n');
            }
            "p" | "div" | "ul" | "ol" => {
                out.push('\n');
                cell_text(child, out);
                out.push('\n');
            }
            _ => cell_text(child, out),
        }
    }
}

/// The copy of the page the table follows, as data/ keeps it: notes with
/// the date it was saved, then the page's table as text, a row's cells apart
/// with tabs (or run together where the copy had them so), multi-line cells
/// continuing on the next lines. `read` reads it back to the same rows.
pub fn stored(page: &Page, saved_on: &str) -> String {
    let mut out = format!(
        "{}\nMã lỗi\tMô tả lỗi\tThông tin lỗi\tHướng dẫn xử lý\n",
        crate::codegen_tools::page_copy_notes(saved_on)
    );
    for row in &page.rows {
        match &row.cells {
            Cells::Joined(text) => {
                let _ = writeln!(out, "{}{}", row.code, text);
            }
            Cells::Split {
                description,
                info,
                remedy,
            } => {
                let _ = writeln!(out, "{}\t{description}\t{info}\t{remedy}", row.code);
            }
        }
    }
    out
}

pub use crate::codegen::page_copy::saved_on;
